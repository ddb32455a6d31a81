"""Sources, segments and cases; re-ingest carries codings over to unchanged segments."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from qualcode.model import Segment, Source
from qualcode.store.base import _attributes_json, _now, text_fingerprint
from qualcode.store.memo_moves import MemoMoves

# Ids in one `IN (…)` query: well under SQLite's 999 host parameters of older builds
IDS_PER_QUERY = 500
# Marks the path of a source whose path another took during an ingest, until it is put again
# or removed (before the ingest commits)
MOVING_MARK = "\x1fmoving:"


@dataclass(frozen=True)
class IngestOutcome:
    source_id: str
    action: str  # added | updated
    codings_kept: int = 0
    codings_orphaned: int = 0
    suggestions_dropped: int = 0
    codings_restored: int = 0  # orphans whose text came back


def carried_to(old: list[tuple[str, int]], new: list[tuple[tuple[str, int], str]]) -> dict[tuple[str, int], str]:
    """Old segment key (text fingerprint, occurrence) -> the new segment its codings and memos
    go to. When every text occurs as often as before, the nth occurrence is the nth again.
    When not (a turn that said the same as a later one was edited), the nth "Tidak cukup."
    is no longer the same passage: the old and new orders of texts are aligned, and only
    texts that line up are carried; the rest are orphans."""
    if Counter(fingerprint for fingerprint, _ in old) == Counter(key[0] for key, _ in new):
        return dict(new)
    from difflib import SequenceMatcher

    aligned = SequenceMatcher(None, [f for f, _ in old], [key[0] for key, _ in new], autojunk=False)
    found = {}
    for start_old, start_new, size in aligned.get_matching_blocks():
        for k in range(size):
            found[old[start_old + k]] = new[start_new + k][1]
    return found


class SourceOps:
    # -- sources -------------------------------------------------------------------
    @staticmethod
    def peek_sources(path: Path) -> dict[str, tuple[str, str]]:
        """known_sources() without creating a store that does not exist yet."""
        if not Path(path).is_file():
            return {}
        from qualcode.store.db import Store

        with Store(path) as store:
            return store.known_sources()

    @staticmethod
    def peek_only_responses(path: Path) -> bool:
        """Whether the store at `path` has sources and every one is a table's row (a survey's
        answer, a complaint): its people are respondents (qualcode.people). False when there
        is no store yet; read without creating one."""
        if not Path(path).is_file():
            return False
        from qualcode.store.db import Store

        with Store(path) as store:
            found = store.conn.execute(
                "SELECT EXISTS(SELECT 1 FROM sources), EXISTS(SELECT 1 FROM sources"
                " WHERE source_type != 'response')").fetchone()
        return bool(found[0]) and not found[1]

    def known_sources(self) -> dict[str, tuple[str, str]]:
        """path -> (source id, sha256)."""
        rows = self.conn.execute("SELECT path, id, sha256 FROM sources")
        return {row["path"]: (row["id"], row["sha256"]) for row in rows}

    def put_source(self, source: Source) -> IngestOutcome:
        """Insert or re-segment a source, carrying codings over to segments whose text is unchanged."""
        exists = self.conn.execute("SELECT 1 FROM sources WHERE id = ?", (source.id,)).fetchone()
        carried, old_keys, old_texts = self._detach_codings(source.id) if exists else ({}, {}, {})
        memos = MemoMoves.read(self.conn, list(old_keys), [c["id"] for cs in carried.values() for c in cs]) \
            if exists else None
        if exists:
            self.conn.execute("DELETE FROM segments WHERE source_id = ?", (source.id,))
        # Rows of a table that moved (a row deleted above them) take each other's paths: the
        # one holding this path yet is put or removed later in the same ingest.
        self.conn.execute("UPDATE sources SET path = path || ? || id WHERE path = ? AND id != ?",
                          (MOVING_MARK, source.path, source.id))
        self.conn.execute(
            "INSERT INTO sources (id, path, sha256, text, source_type, language, date, case_id,"
            " attributes, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?)"
            " ON CONFLICT(id) DO UPDATE SET path=excluded.path, sha256=excluded.sha256,"
            " text=excluded.text, source_type=excluded.source_type, language=excluded.language,"
            " date=excluded.date, case_id=excluded.case_id, attributes=excluded.attributes,"
            " ingested_at=excluded.ingested_at",
            (source.id, source.path, source.sha256, source.text, source.source_type,
             source.language, source.date, source.case_id,
             _attributes_json(source.attributes),
             _now()),
        )
        occurrence: dict[str, int] = defaultdict(int)
        segment_rows = []
        new_keys: list[tuple[tuple[str, int], str]] = []  # (fingerprint, occurrence) -> segment id, in order
        for segment in source.segments:
            fingerprint = text_fingerprint(segment.text)
            new_keys.append(((fingerprint, occurrence[fingerprint]), segment.id))
            occurrence[fingerprint] += 1
            segment_rows.append((segment.id, source.id, segment.ordinal, segment.start,
                                 segment.end, segment.speaker, segment.timestamp,
                                 int(segment.codable), fingerprint, segment.case_id))
        self.conn.executemany(
            "INSERT INTO segments (id, source_id, ordinal, start, end, speaker, timestamp,"
            " codable, text_sha, case_id) VALUES (?,?,?,?,?,?,?,?,?,?)", segment_rows)
        new_id_of = carried_to(list(old_keys.values()), new_keys) if exists else {}
        moved = [{**coding, "segment_id": new_id_of[key]} for key in list(carried) if key in new_id_of
                 for coding in carried.pop(key)]
        for coding in moved:
            self._insert_coding_row(coding)
        if memos is not None:
            memos.follow_segments(self.conn, {old: new_id_of.get(key) for old, key in old_keys.items()},
                                  source.id, old_texts)
        kept = len(moved)
        restored = self._restore_orphans(source)
        orphaned = dropped = 0
        for codings in carried.values():
            for coding in codings:
                memos.coding_gone(self.conn, coding["id"], ("source", source.id), coding["code_id"],
                                  coding["segment_text"])
                if self._orphan(source.id, coding):
                    orphaned += 1
                else:
                    dropped += 1  # the auto-coder re-suggests on the new text
        return IngestOutcome(source.id, "updated" if exists else "added", kept, orphaned, dropped, restored)

    def _restore_orphans(self, source: Source) -> int:
        """Orphans of this source whose text is a segment's text again (an edit undone, a file
        put back): coded there once more, as they were. Returns how many."""
        orphans = self.conn.execute("SELECT * FROM orphan_codings WHERE source_id = ? ORDER BY id",
                                    (source.id,)).fetchall()
        if not orphans:
            return 0
        # the codable segments of each text, in reading order: the same answer given twice takes
        # its two orphans back in turn (never the interviewer's turn that repeats the words)
        segments_of: dict[str, list[str]] = {}
        for segment in source.segments:
            if segment.codable:
                segments_of.setdefault(segment.text, []).append(segment.id)
        restored = 0
        for orphan in orphans:
            for segment_id in segments_of.get(orphan["segment_text"], ()):
                placed = self.conn.execute(
                    "INSERT OR IGNORE INTO codings (segment_id, code_id, coder, origin, status, score, matched,"
                    " memo, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    (segment_id, orphan["code_id"], orphan["coder"], orphan["origin"], orphan["status"],
                     orphan["score"], orphan["matched"], orphan["memo"], orphan["orphaned_at"], _now())).rowcount
                if placed:  # else that coder has the code there already: the next equal segment
                    self.conn.execute("DELETE FROM orphan_codings WHERE id = ?", (orphan["id"],))
                    restored += 1
                    break
        return restored

    def _orphan(self, source_id: str, coding: dict) -> bool:
        """Keep a coding whose segment is gone among the orphans; an auto-coder's unreviewed
        suggestion is not kept (False): it is suggested again wherever its terms still are."""
        if coding["status"] == "suggested" and coding["origin"] == "auto":
            return False
        self.conn.execute(
            "INSERT INTO orphan_codings (source_id, segment_text, code_id, coder, origin,"
            " status, score, matched, memo, orphaned_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (source_id, coding["segment_text"], coding["code_id"], coding["coder"],
             coding["origin"], coding["status"], coding["score"], coding["matched"],
             coding["memo"], _now()))
        return True

    def remove_source(self, source_id: str, path: str) -> tuple[int, int]:
        """Take a source whose file is gone out of the analysis: its reviewed and hand-made
        codings are kept as orphans, the memos on it, its segments and codings move to the
        project (each saying where it was). Returns (codings orphaned, suggestions dropped)."""
        carried, old_keys, old_texts = self._detach_codings(source_id)
        codings = [coding for found in carried.values() for coding in found]
        memos = MemoMoves.read(self.conn, list(old_keys), [c["id"] for c in codings])
        why = f"whose file {path} is gone from the transcripts"
        memos.source_gone(self.conn, source_id, path, old_texts)
        orphaned = 0
        for coding in codings:
            memos.coding_gone(self.conn, coding["id"], ("project", ""), coding["code_id"],
                              coding["segment_text"], why)
            orphaned += self._orphan(source_id, coding)
        self.conn.execute("DELETE FROM sources WHERE id = ?", (source_id,))
        return orphaned, len(codings) - orphaned

    def _detach_codings(self, source_id: str) -> tuple[dict[tuple[str, int], list[dict]],
                                                       dict[str, tuple[str, int]], dict[str, str]]:
        """Codings of a source keyed by (segment text fingerprint, occurrence), each with its
        id (kept when it is carried over, so memos on it stay on it); each segment's key; and
        each segment's text."""
        text = self.conn.execute("SELECT text FROM sources WHERE id = ?", (source_id,)).fetchone()[0]
        rows = self.conn.execute(
            "SELECT s.id AS sid, s.text_sha, s.start, s.end, c.* FROM segments s"
            " LEFT JOIN codings c ON c.segment_id = s.id WHERE s.source_id = ?"
            " ORDER BY s.ordinal, c.id", (source_id,)).fetchall()
        occurrence: dict[str, int] = defaultdict(int)
        seen_segment: dict[str, tuple[str, int]] = {}
        carried: dict[tuple[str, int], list[dict]] = defaultdict(list)
        texts: dict[str, str] = {}
        for row in rows:
            if row["sid"] not in seen_segment:
                seen_segment[row["sid"]] = (row["text_sha"], occurrence[row["text_sha"]])
                occurrence[row["text_sha"]] += 1
                texts[row["sid"]] = text[row["start"]:row["end"]]
            if row["code_id"] is None:
                continue
            coding = {key: row[key] for key in row.keys() if key not in ("sid", "text_sha", "start", "end")}
            coding["segment_text"] = text[row["start"]:row["end"]]
            carried[seen_segment[row["sid"]]].append(coding)
        return carried, seen_segment, texts

    def _insert_coding_row(self, coding: dict) -> None:
        self.conn.execute(
            "INSERT INTO codings (id, segment_id, code_id, coder, origin, status, score, matched, memo,"
            " codebook_version, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (coding["id"], coding["segment_id"], coding["code_id"], coding["coder"], coding["origin"],
             coding["status"], coding["score"], coding["matched"], coding["memo"],
             coding["codebook_version"], coding["created_at"], coding["updated_at"]))

    def sources(self) -> list[Source]:
        """Every source with its segments, in id order."""
        segments: dict[str, list[Segment]] = defaultdict(list)
        texts = {row["id"]: row["text"] for row in self.conn.execute("SELECT id, text FROM sources")}
        for row in self.conn.execute("SELECT * FROM segments ORDER BY source_id, ordinal"):
            segments[row["source_id"]].append(Segment(
                source_id=row["source_id"], ordinal=row["ordinal"], start=row["start"],
                end=row["end"], text=texts[row["source_id"]][row["start"]:row["end"]],
                speaker=row["speaker"], timestamp=row["timestamp"], codable=bool(row["codable"]),
                case_id=row["case_id"]))
        return [
            Source(id=row["id"], path=row["path"], sha256=row["sha256"], text=row["text"],
                   source_type=row["source_type"], language=row["language"], date=row["date"],
                   case_id=row["case_id"], attributes=json.loads(row["attributes"]),
                   segments=tuple(segments[row["id"]]))
            for row in self.conn.execute("SELECT * FROM sources ORDER BY id")
        ]

    def segment(self, segment_id: str) -> Segment | None:
        row = self.conn.execute(
            "SELECT s.*, substr(src.text, s.start + 1, s.end - s.start) AS body"
            " FROM segments s JOIN sources src ON src.id = s.source_id WHERE s.id = ?",
            (segment_id,)).fetchone()
        return _segment(row) if row else None

    def segments_by_id(self, segment_ids: Iterable[str]) -> dict[str, Segment]:
        """The segments of these ids that exist, read a few hundred at a time (one query per
        segment took seconds over a large project's codings)."""
        return {row["id"]: _segment(row) for row in self._rows_of(
            "SELECT s.*, substr(src.text, s.start + 1, s.end - s.start) AS body"
            " FROM segments s JOIN sources src ON src.id = s.source_id WHERE s.id IN ({})", segment_ids)}

    def _rows_of(self, query: str, ids: Iterable[str]):
        """The rows `query` (its `IN ({})` filled with placeholders) gives for these ids,
        IDS_PER_QUERY ids a query."""
        wanted = sorted(set(ids))
        for at in range(0, len(wanted), IDS_PER_QUERY):
            chunk = wanted[at:at + IDS_PER_QUERY]
            yield from self.conn.execute(query.format(", ".join("?" * len(chunk))), chunk)

    def source_texts(self, source_ids: Iterable[str]) -> dict[str, str]:
        """The texts of these sources that exist, a few hundred a query."""
        return dict(self._rows_of("SELECT id, text FROM sources WHERE id IN ({})", source_ids))

    def sources_moving(self) -> list[str]:
        """Sources whose path another took during this ingest and that were neither put again
        nor removed (none, unless ingest has a fault)."""
        return [row[0] for row in self.conn.execute(
            "SELECT id FROM sources WHERE instr(path, ?) > 0 ORDER BY id", (MOVING_MARK,))]

    def table_row_fingerprints(self, row_mark: str) -> dict[str, list[str]]:
        """Each table (.csv, .xlsx) read -> its rows' segment fingerprints: what
        `workflow.repeated_sources` compares (one export saved twice is read, and counted,
        twice)."""
        by_table: dict[str, list[str]] = defaultdict(list)
        for table, fingerprint in self.conn.execute(
                "SELECT substr(s.path, 1, instr(s.path, ?) - 1), g.text_sha FROM segments g"
                " JOIN sources s ON s.id = g.source_id WHERE instr(s.path, ?) > 0", (row_mark, row_mark)):
            by_table[table].append(fingerprint)
        return dict(by_table)

    def files_with_the_same_text(self, row_mark: str) -> list[list[str]]:
        """The paths of files that hold the same text, a list per text: an interview kept as
        .docx and .txt is read, and counted, twice. A table's rows (their paths hold
        `row_mark`) are left out: a repeated row is said when its table is read."""
        # compared by their segments' fingerprints and speakers, in order: the texts themselves
        # (one transcript can be 50 MB) are never read, let alone sorted
        rows = self.conn.execute(
            "SELECT group_concat(path, char(30)) FROM ("
            "  SELECT s.path AS path, (SELECT group_concat(said, char(30)) FROM ("
            "     SELECT text_sha || char(31) || ifnull(speaker, '') AS said FROM segments"
            "     WHERE source_id = s.id ORDER BY ordinal)) AS print"
            "  FROM sources s WHERE instr(s.path, ?) = 0 ORDER BY s.path)"
            " WHERE print IS NOT NULL GROUP BY print HAVING COUNT(*) > 1", (row_mark,))
        return sorted(row[0].split("\x1e") for row in rows)

    def orphaned_source_ids(self) -> frozenset[str]:
        """The ids of the sources orphaned codings were on, whether or not they still exist."""
        return frozenset(row[0] for row in self.conn.execute("SELECT DISTINCT source_id FROM orphan_codings"))

    def segment_places(self) -> dict[str, tuple[str, str | None]]:
        """Every segment id -> (its source id, its case id: its speaker's, else its source's),
        without any text."""
        return {segment_id: (source_id, case_id) for segment_id, source_id, case_id in self.conn.execute(
            "SELECT s.id, s.source_id, COALESCE(s.case_id, src.case_id) FROM segments s"
            " JOIN sources src ON src.id = s.source_id")}

    def neighbours(self, segment: Segment) -> tuple[Segment | None, Segment | None]:
        """The turns before and after, for context on a review screen."""
        rows = {row["ordinal"]: _segment(row) for row in self.conn.execute(
            "SELECT s.*, substr(src.text, s.start + 1, s.end - s.start) AS body"
            " FROM segments s JOIN sources src ON src.id = s.source_id"
            " WHERE s.source_id = ? AND s.ordinal IN (?, ?)",
            (segment.source_id, segment.ordinal - 1, segment.ordinal + 1))}
        return rows.get(segment.ordinal - 1), rows.get(segment.ordinal + 1)

    def source_info(self, source_id: str) -> dict | None:
        """A source's metadata and its case's attributes, without its text."""
        return self.source_infos([source_id]).get(source_id)

    def source_infos(self, source_ids: Iterable[str]) -> dict[str, dict]:
        """`source_info` of each of these sources that exists, a few hundred a query."""
        found = {}
        for row in self._rows_of(
                "SELECT src.id, src.path, src.source_type, src.language, src.date, src.case_id,"
                " src.attributes, c.attributes AS case_attributes FROM sources src"
                " LEFT JOIN cases c ON c.id = src.case_id WHERE src.id IN ({})", source_ids):
            info = dict(row)
            info["attributes"] = json.loads(info["attributes"])
            info["case_attributes"] = json.loads(info["case_attributes"] or "{}")
            found[info["id"]] = info
        return found

    def segments_of(self, source_id: str) -> list[Segment]:
        """A source's segments, in order, with their text."""
        rows = self.conn.execute(
            "SELECT s.*, substr(src.text, s.start + 1, s.end - s.start) AS body"
            " FROM segments s JOIN sources src ON src.id = s.source_id"
            " WHERE s.source_id = ? ORDER BY s.ordinal", (source_id,))
        return list(map(_segment, rows))

    def find_segments(self, source_id: str, needle: str) -> list[Segment]:
        """Segments of a source whose text contains `needle` (case-insensitive)."""
        wanted = needle.casefold()
        return [seg for seg in self.segments_of(source_id) if wanted in seg.text.casefold()]


def _segment(row) -> Segment:
    return Segment(source_id=row["source_id"], ordinal=row["ordinal"], start=row["start"],
                   end=row["end"], text=row["body"], speaker=row["speaker"],
                   timestamp=row["timestamp"], codable=bool(row["codable"]), case_id=row["case_id"])
