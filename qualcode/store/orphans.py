"""Orphaned codings: people's decisions whose segment text changed or whose file is gone.

Ingest keeps them (`SourceOps._orphan`) and codes them again by itself when their text
comes back. These operations let a person see them, code one on the segment that now
holds its text (reattach), or let one go (drop).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

# The decisions log's action for a reattach: its undo deletes the coding and restores the orphan.
REATTACH = "reattach"


@dataclass(frozen=True)
class Orphan:
    id: int
    source_id: str
    segment_text: str
    code_id: str
    coder: str
    origin: str
    status: str
    memo: str | None
    orphaned_at: str


class OrphanOps:
    conn: sqlite3.Connection

    def orphans(self, source_id: str | None = None, ids: list[int] | None = None) -> list[Orphan]:
        """Orphans, oldest first: of one source, or those of `ids`, or all."""
        query = ("SELECT id, source_id, segment_text, code_id, coder, origin, status, memo, orphaned_at"
                 " FROM orphan_codings")
        clauses, params = [], []
        if source_id is not None:
            clauses.append("source_id = ?")
            params.append(source_id)
        if ids is not None:
            clauses.append(f"id IN ({','.join('?' * len(ids))})")
            params.extend(ids)
        if clauses:
            query += " WHERE " + " AND ".join(clauses)
        return [Orphan(**dict(row)) for row in self.conn.execute(query + " ORDER BY id", params)]

    def reattach_orphan(self, orphan_id: int, segment_id: str) -> bool:
        """Code `segment_id` as the orphan was coded (same code, coder, status and memo) and let
        the orphan go. The coding is the person's act now (origin manual); the old text's
        matched terms and score are not carried, their offsets were in that text. Logged, so
        an undo puts the orphan back. False, and nothing changed, when that coder already has
        a row for the code on the segment."""
        row = self.conn.execute("SELECT * FROM orphan_codings WHERE id = ?", (orphan_id,)).fetchone()
        if row is None:
            raise KeyError(orphan_id)
        taken = self.conn.execute(
            "SELECT 1 FROM codings WHERE segment_id = ? AND code_id = ? AND coder = ?",
            (segment_id, row["code_id"], row["coder"])).fetchone()
        if taken:
            return False
        after = {"segment_id": segment_id, "code_id": row["code_id"], "coder": row["coder"],
                 "origin": "manual", "status": row["status"], "score": 0.0, "matched": "[]",
                 "memo": row["memo"], "created_at": row["orphaned_at"]}
        self._write_row(after)
        self.conn.execute("DELETE FROM orphan_codings WHERE id = ?", (orphan_id,))
        self._log(row["coder"], segment_id, row["code_id"], REATTACH, {"orphan": dict(row)}, after)
        return True

    def restore_orphan(self, fields: dict) -> None:
        """Put back an orphan a reattach let go (its undo), under a new number: its old one may
        name another orphan by now."""
        self.conn.execute(
            "INSERT INTO orphan_codings (source_id, segment_text, code_id, coder, origin,"
            " status, score, matched, memo, orphaned_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            tuple(fields[k] for k in ("source_id", "segment_text", "code_id", "coder", "origin",
                                      "status", "score", "matched", "memo", "orphaned_at")))

    def drop_orphans(self, orphan_ids: list[int]) -> int:
        """Let orphans go for good; returns how many there were."""
        before = self.conn.total_changes
        self.conn.executemany("DELETE FROM orphan_codings WHERE id = ?", [(i,) for i in orphan_ids])
        return self.conn.total_changes - before
