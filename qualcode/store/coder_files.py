"""Coder files: what `export coder` reads and what `merge` writes, with its quarantine.

A merged decision carries the time it was made. When the project already holds a decision
of the same coder on the same segment and code, the newer one wins; equal times are broken
by status, memo and origin (compared as text), so merging files in any order, or twice,
leaves the same rows. Every merged change is logged in `decisions` (action "merge"), so
undo and the audit trail see it like any other decision.
"""

from __future__ import annotations

import sqlite3
from typing import Iterable

from qualcode.model import AUTO_CODER
from qualcode.store.base import _now

_SEGMENT_TEXT = "substr(src.text, s.start + 1, s.end - s.start)"
_SOURCE_COLUMNS = "src.id AS source_id, src.path AS source_path, src.sha256 AS source_sha256"


def _merge_key(at: str | None, status: str, memo: str | None, origin: str) -> tuple[str, str, str, str]:
    return (at or "", status, memo or "", origin)


class CoderFileOps:
    conn: sqlite3.Connection

    # -- reading, for `export coder` ---------------------------------------------------------
    def coder_codings(self, coder: str) -> list[dict]:
        """The coder's coding rows with their segment's offsets and text and their source."""
        return [dict(row) for row in self.conn.execute(
            f"SELECT {_SOURCE_COLUMNS}, s.id AS segment_id, s.start, s.end, {_SEGMENT_TEXT} AS text,"
            " c.code_id, c.status, c.origin, c.memo, c.updated_at AS at FROM codings c"
            " JOIN segments s ON s.id = c.segment_id JOIN sources src ON src.id = s.source_id"
            " WHERE c.coder = ? ORDER BY src.path, s.start, s.end, c.code_id", (coder,))]

    def coder_visits(self, coder: str) -> list[dict]:
        """Segments the coder looked at and left without any coding of theirs."""
        return [dict(row) for row in self.conn.execute(
            f"SELECT {_SOURCE_COLUMNS}, s.start, s.end, {_SEGMENT_TEXT} AS text, MAX(d.at) AS at"
            " FROM decisions d JOIN segments s ON s.id = d.segment_id"
            " JOIN sources src ON src.id = s.source_id"
            " WHERE d.coder = ? AND d.undone = 0 AND NOT EXISTS ("
            "   SELECT 1 FROM codings c WHERE c.segment_id = d.segment_id AND c.coder = d.coder)"
            " GROUP BY s.id ORDER BY src.path, s.start, s.end", (coder,))]

    def coder_memos(self, coder: str) -> list[dict]:
        """The coder's memos on segments, and on their own codings (with the code), with the
        segment's offsets and text and its source; `memo` is the memo's words."""
        return [dict(row) for row in self.conn.execute(
            f"SELECT {_SOURCE_COLUMNS}, s.start, s.end, {_SEGMENT_TEXT} AS text, c.code_id,"
            " m.text AS memo, m.created_at AS at FROM memos m"
            " LEFT JOIN codings c ON m.target_kind = 'coding' AND c.id = CAST(m.target_id AS INTEGER)"
            " JOIN segments s ON s.id = CASE m.target_kind WHEN 'segment' THEN m.target_id ELSE c.segment_id END"
            " JOIN sources src ON src.id = s.source_id"
            " WHERE m.author = ? AND (m.target_kind = 'segment' OR (m.target_kind = 'coding' AND c.coder = ?))"
            " ORDER BY src.path, s.start, s.end, c.code_id, m.created_at, m.id", (coder, coder))]

    def coder_spans(self, coder: str) -> list[dict]:
        """The coder's span codings, with the segment they lie in (NULL columns when none)."""
        return [dict(row) for row in self.conn.execute(
            f"SELECT {_SOURCE_COLUMNS}, s.start, s.end, CASE WHEN s.id IS NULL THEN NULL"
            f" ELSE {_SEGMENT_TEXT} END AS text, sc.start AS span_start, sc.end AS span_end,"
            " sc.text AS span_text, sc.code_id, sc.status, sc.origin, sc.memo, sc.created_at AS at"
            " FROM span_codings sc JOIN sources src ON src.id = sc.source_id"
            " LEFT JOIN segments s ON s.id = sc.segment_id"
            " WHERE sc.coder = ? ORDER BY src.path, sc.start, sc.end, sc.code_id", (coder,))]

    # -- writing, for `merge` (call inside transaction(), between begin_batch/end_batch) -------
    def merge_coding(self, segment_id: str, code_id: str, coder: str, status: str, origin: str,
                     memo: str | None, at: str) -> str:
        """Bring in one decision; returns added | updated | unchanged | superseded."""
        current = self.conn.execute(
            "SELECT origin, status, memo, updated_at FROM codings"
            " WHERE segment_id = ? AND code_id = ? AND coder = ?", (segment_id, code_id, coder)).fetchone()
        incoming = _merge_key(at, status, memo, origin)
        if current is not None:
            held = _merge_key(current["updated_at"], current["status"], current["memo"], current["origin"])
            if incoming == held:
                return "unchanged"
            if incoming < held:
                return "superseded"
        before = self._row(segment_id, code_id, coder)
        suggestion = self._row(segment_id, code_id, AUTO_CODER) if coder != AUTO_CODER else None
        reasons = suggestion or before or {}
        after = {"segment_id": segment_id, "code_id": code_id, "coder": coder, "origin": origin,
                 "status": status, "score": reasons.get("score", 0.0),
                 "matched": reasons.get("matched", "[]"), "memo": memo,
                 "codebook_version": reasons.get("codebook_version"),
                 "created_at": (before or {}).get("created_at") or at}
        self.conn.execute(
            "INSERT INTO codings (segment_id, code_id, coder, origin, status, score, matched, memo,"
            " codebook_version, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
            " ON CONFLICT(segment_id, code_id, coder) DO UPDATE SET origin = excluded.origin,"
            " status = excluded.status, score = excluded.score, matched = excluded.matched,"
            " memo = excluded.memo, codebook_version = excluded.codebook_version,"
            " updated_at = excluded.updated_at",
            (segment_id, code_id, coder, origin, status, after["score"], after["matched"], memo,
             after["codebook_version"], after["created_at"], at))
        self._log(coder, segment_id, code_id, "merge", before, after)
        return "updated" if before else "added"

    def merge_memo(self, segment_id: str, code_id: str | None, coder: str, text: str, at: str) -> str:
        """Bring in one of the coder's memos, on the segment or on their coding of `code_id`
        (on the segment, saying which coding, when they have none of it here); added | unchanged."""
        target: tuple[str, str] = ("segment", segment_id)
        if code_id is not None:
            coding = self.conn.execute("SELECT id FROM codings WHERE segment_id = ? AND code_id = ? AND coder = ?",
                                       (segment_id, code_id, coder)).fetchone()
            if coding is not None:
                target = ("coding", str(coding["id"]))
            else:
                text = f"[on {coder}'s {code_id} coding, which this project does not hold]\n{text}"
        if self.conn.execute("SELECT 1 FROM memos WHERE target_kind = ? AND target_id = ? AND author = ?"
                             " AND text = ?", (*target, coder, text)).fetchone():
            return "unchanged"
        self.conn.execute("INSERT INTO memos (target_kind, target_id, author, text, created_at) VALUES (?,?,?,?,?)",
                          (*target, coder, text, at))
        return "added"

    def merge_visit(self, segment_id: str, coder: str) -> str:
        """Record that the coder looked at the segment, unless that is known; added | unchanged."""
        known = self.conn.execute(
            "SELECT 1 FROM decisions WHERE segment_id = ? AND coder = ? AND undone = 0"
            " UNION SELECT 1 FROM codings WHERE segment_id = ? AND coder = ?",
            (segment_id, coder, segment_id, coder)).fetchone()
        if known:
            return "unchanged"
        self.mark_visited(segment_id, coder)
        return "added"

    def merge_span(self, source_id: str, start: int, end: int, segment_id: str | None, text: str,
                   code_id: str, coder: str, status: str, origin: str, memo: str | None, at: str) -> str:
        """Bring in one span coding, the newer one winning as for codings."""
        current = self.conn.execute(
            "SELECT origin, status, memo, created_at FROM span_codings WHERE source_id = ?"
            " AND start = ? AND end = ? AND code_id = ? AND coder = ?",
            (source_id, start, end, code_id, coder)).fetchone()
        incoming = _merge_key(at, status, memo, origin)
        if current is not None:
            held = _merge_key(current["created_at"], current["status"], current["memo"], current["origin"])
            if incoming == held:
                return "unchanged"
            if incoming < held:
                return "superseded"
        self.conn.execute(
            "INSERT INTO span_codings (source_id, start, end, segment_id, text, code_id, coder, origin,"
            " status, memo, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
            " ON CONFLICT(source_id, start, end, code_id, coder) DO UPDATE SET"
            " segment_id = excluded.segment_id, text = excluded.text, origin = excluded.origin,"
            " status = excluded.status, memo = excluded.memo, created_at = excluded.created_at",
            (source_id, start, end, segment_id, text, code_id, coder, origin, status, memo, at))
        return "updated" if current else "added"

    def quarantine(self, rows: Iterable[dict]) -> int:
        """Keep lines a merge could not place; a line already kept is not added again."""
        before = self.conn.total_changes
        now = _now()
        self.conn.executemany(
            "INSERT OR IGNORE INTO merge_quarantine (record_sha, coder, code_id, decision, source_path,"
            " reason, record, file, line, quarantined_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            [(r["record_sha"], r["coder"], r["code_id"], r["decision"], r["source_path"], r["reason"],
              r["record"], r["file"], r["line"], now) for r in rows])
        return self.conn.total_changes - before

    def release_quarantine(self, record_shas: Iterable[str]) -> int:
        """Forget quarantined lines that a later merge placed."""
        before = self.conn.total_changes
        self.conn.executemany("DELETE FROM merge_quarantine WHERE record_sha = ?",
                              [(sha,) for sha in record_shas])
        return self.conn.total_changes - before

    def quarantined_by(self, coders: list[str]) -> dict[str, int]:
        """Coder -> how many of their merged lines wait in the quarantine."""
        marks = ",".join("?" * len(coders))
        return dict(self.conn.execute(f"SELECT coder, COUNT(*) FROM merge_quarantine WHERE coder IN ({marks})"
                                      " GROUP BY coder ORDER BY coder", coders).fetchall())

    def quarantined(self) -> list[dict]:
        return [dict(row) for row in self.conn.execute(
            "SELECT record_sha, coder, code_id, decision, source_path, reason, record, file, line,"
            " quarantined_at FROM merge_quarantine ORDER BY id")]
