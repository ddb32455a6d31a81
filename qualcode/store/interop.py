"""What REFI-QDA export reads and import writes: coding rows with their times, span codings,
memos with their times, and one bulk write of everything an import brings."""

from __future__ import annotations

import json
import sqlite3
from typing import Iterable

from qualcode.model import Case, Source
from qualcode.store.base import _now


class InteropOps:
    conn: sqlite3.Connection

    # -- reading, for export ----------------------------------------------------------
    def coding_rows(self) -> list[dict]:
        """Every coding row with when it was made (rejected ones included)."""
        return [dict(row) for row in self.conn.execute(
            "SELECT id, segment_id, code_id, coder, origin, status, memo, created_at FROM codings"
            " ORDER BY segment_id, code_id, coder")]

    def span_codings(self) -> list[dict]:
        return [dict(row) for row in self.conn.execute(
            "SELECT source_id, start, end, segment_id, text, code_id, coder, origin, status, memo,"
            " created_at FROM span_codings ORDER BY source_id, start, end, code_id, coder")]

    def memo_rows(self) -> list[dict]:
        return [dict(row) for row in self.conn.execute(
            "SELECT id, target_kind, target_id, author, text, created_at FROM memos ORDER BY id")]

    def source_paths(self) -> set[str]:
        return {row[0] for row in self.conn.execute("SELECT path FROM sources")}

    # -- writing, for import ------------------------------------------------------------
    def store_import(self, sources: Iterable[Source], cases: Iterable[Case], codings: Iterable[dict],
                     spans: Iterable[dict], memos: Iterable[dict]) -> dict[str, int]:
        """Write an import's rows; what is already there is left alone. Returns rows written.

        Call inside `transaction()`, so that a failure writes nothing."""
        now = _now()
        self.upsert_cases(cases)
        added = 0
        for source in sources:
            self.put_source(source)
            added += 1
        before = self.conn.total_changes
        self.conn.executemany(
            "INSERT INTO codings (segment_id, code_id, coder, origin, status, score, matched, memo,"
            " codebook_version, created_at, updated_at) VALUES (?,?,?,?,?,0,'[]',?,NULL,?,?)"
            " ON CONFLICT(segment_id, code_id, coder) DO NOTHING",
            [(c["segment_id"], c["code_id"], c["coder"], c["origin"], c["status"], c.get("memo"),
              c.get("created_at") or now, now) for c in codings])
        codings_written = self.conn.total_changes - before
        before = self.conn.total_changes
        self.conn.executemany(
            "INSERT INTO span_codings (source_id, start, end, segment_id, text, code_id, coder, origin,"
            " status, memo, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
            " ON CONFLICT(source_id, start, end, code_id, coder) DO NOTHING",
            [(s["source_id"], s["start"], s["end"], s.get("segment_id"), s["text"], s["code_id"],
              s["coder"], s["origin"], s["status"], s.get("memo"), s.get("created_at") or now)
             for s in spans])
        spans_written = self.conn.total_changes - before
        memo_rows = [(m["target_kind"], m["target_id"], m["author"], m["text"], m.get("created_at") or now)
                     for m in memos]
        self.conn.executemany(
            "INSERT INTO memos (target_kind, target_id, author, text, created_at) VALUES (?,?,?,?,?)",
            memo_rows)
        return {"sources": added, "codings": codings_written, "span codings": spans_written,
                "memos": len(memo_rows)}

    def memo_keys(self) -> set[tuple[str, str, str, str]]:
        return {(row[0], row[1], row[2], row[3]) for row in self.conn.execute(
            "SELECT target_kind, target_id, author, text FROM memos")}

    def case_attributes(self) -> dict[str, dict]:
        return {row[0]: json.loads(row[1]) for row in self.conn.execute("SELECT id, attributes FROM cases")}
