"""Bulk reads for analysis: the rows behind `sources()` and `codings()` as plain tuples.

Displays, conclusions and the report read every segment and every coding that counts; on a
store of a million codings, building a `Coding` (with its `Match` objects) and a `Segment`
per row costs more than the analysis itself. These queries return the same rows, in the
same order, as tuples the frame builders (qualcode.display.frames) turn into columns.
"""

from __future__ import annotations

import sqlite3

from qualcode.model import AUTO_CODER

# (segment_id, code_id, coder, origin, status, score, hits, first, matched): one per coding;
# `hits` is how many matches it has; `first`, when it has exactly one (most have), that
# match's [term, start, end, weight] as a JSON array; `matched` the JSON of the matches when
# it has more.
CODING_ROW = ("segment_id", "code_id", "coder", "origin", "status", "score", "hits", "first", "matched")
# (source_id, ordinal, start, end, speaker, timestamp, codable,
#  source text, source_type, language, date, case_id): one per segment
SEGMENT_ROW = ("source_id", "ordinal", "start", "end", "speaker", "timestamp", "codable",
               "source_text", "source_type", "language", "date", "case_id")


class BulkReadOps:
    conn: sqlite3.Connection

    def rejection_counts(self) -> dict[str, tuple[int, int]]:
        """coder -> (how many codings that coder rejected, how many of those another coder
        accepted): a rejection counts nowhere, but the other coder's acceptance does."""
        return {coder: (n, overruled) for coder, n, overruled in self.conn.execute(
            "SELECT r.coder, COUNT(*), SUM(EXISTS (SELECT 1 FROM codings AS a WHERE a.status = 'accepted'"
            " AND a.segment_id = r.segment_id AND a.code_id = r.code_id AND a.coder <> r.coder))"
            " FROM codings AS r WHERE r.status = 'rejected' GROUP BY r.coder ORDER BY r.coder")}

    def counted_coding_tuples(self, reviewed_only: bool = False, coder: str | None = None) -> list[tuple]:
        """The codings `codings()` returns (same filter, same order), as CODING_ROW tuples."""
        if coder:
            return self._coding_tuples("status = 'accepted' AND coder = ?", (coder,))
        if reviewed_only:
            return self._coding_tuples("status = 'accepted'", ())
        # COUNTING, with its NOT EXISTS done here: a million suggestions looked up one by one
        # in the index cost about 1.7 s; the few pairs people decided on, read once, 0.1 s.
        cursor = self.conn.cursor()
        cursor.row_factory = None
        decided = set(cursor.execute("SELECT segment_id, code_id FROM codings WHERE coder != ?",
                                     (AUTO_CODER,)).fetchall())
        rows = self._coding_tuples("status = 'accepted' OR (coder = ? AND status = 'suggested')", (AUTO_CODER,))
        if not decided:
            return rows
        return [row for row in rows if row[4] == "accepted" or (row[0], row[1]) not in decided]

    def _coding_tuples(self, where: str, args: tuple) -> list[tuple]:
        cursor = self.conn.cursor()
        cursor.row_factory = None  # plain tuples: no sqlite3.Row per coding
        return cursor.execute(
            "SELECT segment_id, code_id, coder, origin, status, score, hits,"
            # one json_extract of four paths: SQLite parses the JSON once, not once a field
            " CASE hits WHEN 1 THEN json_extract(matches, '$[0].term', '$[0].start', '$[0].end',"
            "                                    '$[0].weight') END,"
            " CASE WHEN hits > 1 THEN matches END"
            " FROM (SELECT *, json_array_length(matches) AS hits"
            "       FROM (SELECT *, COALESCE(NULLIF(matched, ''), '[]') AS matches FROM codings"
            f"             WHERE {where}))"
            " ORDER BY segment_id, code_id, coder", args).fetchall()

    def source_titles(self) -> dict[str, str]:
        """Each source's front-matter `title`, where it gives one: a document or an observation
        is attributed by it."""
        rows = self.conn.execute("SELECT id, json_extract(attributes, '$.title') FROM sources"
                                 " WHERE json_extract(attributes, '$.title') IS NOT NULL").fetchall()
        return {source_id: str(title).strip() for source_id, title in rows if str(title).strip()}

    def segments_mark(self) -> list[int]:
        """The segments as they stand, in two numbers (the newest row, how many are codable): an
        ingest that adds or re-cuts a source changes it, one that changes nothing does not."""
        newest, codable = self.conn.execute(
            "SELECT COALESCE(MAX(rowid), 0), COALESCE(SUM(codable != 0), 0) FROM segments").fetchone()
        return [int(newest), int(codable)]

    def has_sources(self) -> bool:
        return self.conn.execute("SELECT 1 FROM sources LIMIT 1").fetchone() is not None

    def segment_tuples(self) -> list[tuple]:
        """Every segment of every source, in `sources()` order (source id, then ordinal), as
        SEGMENT_ROW tuples; `source text` is the same str object for a source's segments."""
        cursor = self.conn.cursor()
        cursor.row_factory = None
        texts = dict(cursor.execute("SELECT id, text FROM sources").fetchall())
        sources = {row[0]: row[1:] for row in cursor.execute(
            "SELECT id, source_type, language, date, case_id FROM sources")}
        rows = cursor.execute(
            "SELECT source_id, ordinal, start, end, speaker, timestamp, codable, case_id FROM segments"
            " ORDER BY source_id, ordinal").fetchall()
        # a segment's case is its speaker's where a group discussion's participants are cases
        return [(*row[:7], texts[row[0]], *sources[row[0]][:3], row[7] or sources[row[0]][3])
                for row in rows if row[0] in sources]
