"""Memos attached to the project, a source, a case, a code, a coding, a segment or a display."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from qualcode.model import AUTO_CODER
from qualcode.store.base import _now, in_chunks

MEMO_TARGETS = ("project", "source", "case", "code", "coding", "segment", "display")


@dataclass(frozen=True)
class MemoRecord:
    id: int
    target_kind: str
    target_id: str
    author: str
    text: str
    created_at: str
    about: str = ""  # what it is on, in words ("coding pemkot:2/budget-constraints"), when worked out


class MemoOps:
    conn: sqlite3.Connection

    def add_memo(self, target_kind: str, target_id: str, author: str, text: str) -> int:
        cursor = self.conn.execute(
            "INSERT INTO memos (target_kind, target_id, author, text, created_at) VALUES (?,?,?,?,?)",
            (target_kind, target_id, author, text, _now()))
        return int(cursor.lastrowid)

    def memos(self, target_kind: str | None = None, target_id: str | None = None) -> list[MemoRecord]:
        filters, args = [], []
        if target_kind:
            filters.append("target_kind = ?")
            args.append(target_kind)
        if target_id:
            filters.append("target_id = ?")
            args.append(target_id)
        where = " WHERE " + " AND ".join(filters) if filters else ""
        return [MemoRecord(**dict(row)) for row in self.conn.execute(
            f"SELECT * FROM memos{where} ORDER BY id", args)]

    def coding_names(self, coding_ids: list[int]) -> dict[int, str]:
        """coding id -> SEGMENT/CODE (with its coder when not the machine), for those still stored."""
        found: dict[int, str] = {}
        for chunk, marks in in_chunks(coding_ids):
            for row in self.conn.execute(
                    f"SELECT id, segment_id, code_id, coder FROM codings WHERE id IN ({marks})", chunk):
                found[row[0]] = f"{row[1]}/{row[2]}" + (f" ({row[3]})" if row[3] != AUTO_CODER else "")
        return found

    def memo(self, memo_id: int) -> MemoRecord | None:
        row = self.conn.execute("SELECT * FROM memos WHERE id = ?", (memo_id,)).fetchone()
        return MemoRecord(**dict(row)) if row else None
