"""Bulk reads and writes whose memory does not grow with the project: used by `ingest` and
`code auto` on corpora of millions of words.

- `coding_sources` reads one source at a time, its codable segments lazily, so even a
  single 50 MB transcript is never held as tens of thousands of Segment objects.
- `SuggestionStage` collects the auto-coder's suggestions in a temporary table as they are
  made, then `apply` replaces the machine's open suggestions with them in one short
  transaction: exactly what `CodingOps.replace_suggestions` does with a list in memory.
  After a codebook edit most segments' suggestions are what they were; when the store is
  as the last run left it (`trusts`), only the segments matched again are staged
  (`cover`), and the others' rows are neither read nor written again.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import uuid
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Iterator, NamedTuple

from qualcode.errors import QualcodeError
from qualcode.model import Coding, Segment, Source
from qualcode.store.base import _attributes_json, _matches_json, _now, in_chunks
from qualcode.store.memo_moves import ON_MEMO, WITHDRAWN, codings_deleted, has_coding_memos

if TYPE_CHECKING:
    from qualcode.store.db import Store

STAGE = "temp.staged_suggestions"
COVERED = "temp.covered_segments"
RUN_KEY = "auto_coding_run"  # meta: the last auto-coding run's stamp and the store's signature then


@dataclass(frozen=True)
class CodingSource:
    """What auto-coding reads of a source: its id, language and codable segments (lazily)."""

    id: str
    language: str
    segments: Iterator[Segment]


def codable_segment_count(store: "Store") -> int:
    return store.conn.execute("SELECT COUNT(*) FROM segments WHERE codable").fetchone()[0]


def coding_sources(store: "Store") -> Iterator[CodingSource]:
    """Every source in id order, with an iterator over its codable segments in order.
    Consume each source's segments before asking for the next source."""
    sources = store.conn.execute("SELECT id, language, text FROM sources ORDER BY id")
    # One pass over the segments, in the same order, rather than a query per source; plain
    # tuples, not the store's sqlite3.Row (this reads every codable segment of the project).
    segments = store.conn.cursor()
    segments.row_factory = None
    segments.execute("SELECT source_id, ordinal, start, end, speaker, timestamp FROM segments"
                     " WHERE codable ORDER BY source_id, ordinal")
    pending = [next(segments, None)]
    for source_id, language, text in sources:
        yield CodingSource(source_id, language, _codable_segments(source_id, text, segments, pending))


def _codable_segments(source_id: str, text: str, rows, pending: list) -> Iterator[Segment]:
    row = pending[0]
    while row is not None and row[0] < source_id:
        pending[0] = row = next(rows, None)  # a source whose segments were not read
    while row is not None and row[0] == source_id:
        _, ordinal, start, end, speaker, timestamp = row
        yield Segment(source_id, ordinal, start, end, text[start:end], speaker, timestamp, True)
        pending[0] = row = next(rows, None)


def read_segments(store: "Store", wanted: list[tuple[str, list[int]]]) -> list[list[Segment]]:
    """The codable segments of these (source id, ordinals), each list in the order asked.
    For a trusted rerun, which knows its pieces from the token cache's run index; a segment
    that is gone means the project changed under the run."""
    sources = sorted({source_id for source_id, _ in wanted})
    texts: dict[str, str] = {}
    cuts: dict[tuple[str, int], tuple] = {}
    for part, marks in in_chunks(sources):
        cursor = store.conn.cursor()
        cursor.row_factory = None
        texts.update(cursor.execute(f"SELECT id, text FROM sources WHERE id IN ({marks})", part).fetchall())
        for source_id, ordinal, *cut in cursor.execute(
                "SELECT source_id, ordinal, start, end, speaker, timestamp FROM segments"
                f" WHERE codable AND source_id IN ({marks})", part):
            cuts[source_id, ordinal] = cut
    found = []
    for source_id, ordinals in wanted:
        segments = []
        for ordinal in ordinals:
            cut = cuts.get((source_id, ordinal))
            if cut is None or source_id not in texts:
                raise QualcodeError("the project changed while `code auto` ran; run it again")
            start, end, speaker, timestamp = cut
            segments.append(Segment(source_id, ordinal, start, end, texts[source_id][start:end],
                                    speaker, timestamp, True))
        found.append(segments)
    return found


class StoredForm(NamedTuple):
    """What a source's bytes are read into, besides its text (the sha256 stands for that):
    re-ingesting an unchanged file with other settings, or with a newer qualcode, can read
    it into another form, which is then stored anew."""

    language: str
    date: str | None
    case_id: str | None
    source_type: str
    attributes: str  # as stored: JSON
    cuts: tuple  # (start, end, speaker, timestamp, codable, case id) per segment


def form_of(source: Source) -> StoredForm:
    return StoredForm(source.language, source.date, source.case_id, source.source_type,
                      _attributes_json(source.attributes),
                      tuple((s.start, s.end, s.speaker, s.timestamp, s.codable, s.case_id) for s in source.segments))


def stored_forms(store: "Store") -> dict[str, StoredForm]:
    """Each stored source's form, by source id. One read for a whole ingest: a query per
    source took a tenth of the time of re-reading an unchanged 20,000-row table."""
    heads = {row[0]: row[1:] for row in store.conn.execute(
        "SELECT id, language, date, case_id, source_type, attributes FROM sources")}
    cuts: dict[str, list] = {source_id: [] for source_id in heads}
    for source_id, start, end, speaker, timestamp, codable, case_id in store.conn.execute(
            "SELECT source_id, start, end, speaker, timestamp, codable, case_id FROM segments"
            " ORDER BY source_id, ordinal"):
        cuts[source_id].append((start, end, speaker, timestamp, bool(codable), case_id))
    return {source_id: StoredForm(*head, tuple(cuts[source_id])) for source_id, head in heads.items()}


def ensure_case(store: "Store", case_id: str) -> None:
    """A case row for a source to name before its attributes are known (streamed ingest
    learns them all only at the end, then `upsert_cases` writes them). Deferring the
    foreign key instead would make SQLite scan every source, texts and all, per case."""
    store.conn.execute("INSERT OR IGNORE INTO cases (id, attributes) VALUES (?, '{}')", (case_id,))


def auto_coding_signature(store: "Store", coder: str, sources_and_cuts: tuple | None = None) -> str:
    """What a run's trust in kept codings rests on: the sources (text and language), how they
    are cut (`sources_and_cuts`, worked out when not given), and the machine's rows. Any
    ingest, re-cut, decision on or edit of those rows changes it. Aggregates, not a scan
    into Python: cheap on a million codings."""
    if sources_and_cuts is None:
        sources_and_cuts = sources_and_cuts_digest(store)
    codings = store.conn.execute("SELECT COUNT(*), TOTAL(id), MAX(updated_at), TOTAL(status = 'suggested')"
                                 " FROM codings WHERE coder = ?", (coder,)).fetchone()
    return hashlib.sha1(repr((*sources_and_cuts, tuple(codings))).encode("utf-8")).hexdigest()


def sources_and_cuts_digest(store: "Store") -> tuple:
    """The part of `auto_coding_signature` that is the sources and their segments."""
    conn = store.conn
    sources = hashlib.sha1()
    for source_id, sha, language in conn.execute("SELECT id, sha256, language FROM sources ORDER BY id"):
        sources.update(f"{source_id}\x00{sha}\x00{language}\x01".encode("utf-8"))
    # TOTAL(codable * rowid) moves when any segment turns codable or not (`apply` relies on
    # it: a trusted store has no suggestion on a segment that is not codable)
    segments = conn.execute("SELECT COUNT(*), TOTAL(codable), TOTAL(start), TOTAL(end),"
                            " TOTAL(ordinal * end), TOTAL(codable * rowid) FROM segments").fetchone()
    return sources.hexdigest(), tuple(segments)


class SuggestionStage:
    """The machine's new suggestions, staged outside the project's tables until `apply`."""

    def __init__(self, store: "Store"):
        self.conn = store.conn
        self.store = store
        for table in (STAGE, COVERED):
            self.conn.execute(f"DROP TABLE IF EXISTS {table}")
        self.conn.execute(f"CREATE TABLE {STAGE} (segment_id TEXT NOT NULL, code_id TEXT NOT NULL,"
                          " score REAL NOT NULL, matched TEXT NOT NULL, PRIMARY KEY (segment_id, code_id))")
        self.conn.execute(f"CREATE TABLE {COVERED} (segment_id TEXT PRIMARY KEY) WITHOUT ROWID")
        self.staged = 0
        self._trusted: tuple | None = None  # (stamp, coder, data_version) when `trusts` said yes
        self.partial = False  # only the covered segments' suggestions are replaced
        # (data_version, sources_and_cuts_digest) when last worked out: a run writes codings,
        # never sources or segments, so only another connection's commit can change it
        self._sources_and_cuts: tuple[int, tuple] | None = None
        self.kept = 0  # suggestions of the others, kept as they are
        self.withdrawn_by_code: dict[str, int] = {}  # after `apply` (SQLite 3.35 and later)
        self._read_from: tuple | None = None  # (data_version, digest) when the run began reading

    def reading(self) -> None:
        """Note the sources and their cuts as the run begins to read them: `apply` refuses to
        write suggestions made from text an `ingest` has changed or taken away meanwhile."""
        version = self._data_version()
        if self._sources_and_cuts is None or self._sources_and_cuts[0] != version:
            self._sources_and_cuts = (version, sources_and_cuts_digest(self.store))
        self._read_from = self._sources_and_cuts

    def _read_text_changed(self) -> bool:
        if self._read_from is None or self._data_version() == self._read_from[0]:
            return False  # no other connection has committed since: nothing can have changed
        return sources_and_cuts_digest(self.store) != self._read_from[1]

    def add(self, codings: Iterable[Coding]) -> None:
        self.add_rows([(c.segment_id, c.code_id, c.score, _matches_json(c.matched)) for c in codings])

    def add_rows(self, rows: list[tuple[str, str, float, str]]) -> None:
        """(segment id, code id, score, matched terms as the store's JSON) per suggestion."""
        self._write_staged(f"INSERT INTO {STAGE} (segment_id, code_id, score, matched) VALUES (?, ?, ?, ?)",
                           rows)
        self.staged += len(rows)

    def _write_staged(self, statement: str, rows) -> None:
        """`executemany` into a staging table as one transaction. Outside one, SQLite commits
        every row on its own: a cold run's 18,000 suggestions took twice as long to
        stage. Only the temporary tables are written, so the project's store is not locked."""
        if self.conn.in_transaction:
            self.conn.executemany(statement, rows)
            return
        self.conn.execute("BEGIN")
        try:
            self.conn.executemany(statement, rows)
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # -- segments whose suggestions the store already has ----------------------------------
    def trusts(self, stamp: str | None, coder: str) -> bool:
        """Is the store as the run that left `stamp` (the token cache's) left it?"""
        recorded = self._recorded_run()
        trusted = bool(stamp) and recorded == {"stamp": stamp, "signature": self._signature(coder)}
        self._trusted = (stamp, coder, self._data_version()) if trusted else None
        return trusted

    def _still_trusts(self, stamp: str | None, coder: str) -> bool:
        """`trusts` again, cheaply when no other connection has committed since it said yes
        (SQLite's data_version changes on every commit by another connection, this
        connection's own writes aside)."""
        if self._trusted is not None and self._trusted == (stamp, coder, self._data_version()):
            return True
        return self.trusts(stamp, coder)

    def _signature(self, coder: str) -> str:
        version = self._data_version()
        if self._sources_and_cuts is None or self._sources_and_cuts[0] != version:
            self._sources_and_cuts = (version, sources_and_cuts_digest(self.store))
        return auto_coding_signature(self.store, coder, self._sources_and_cuts[1])

    def _data_version(self) -> int:
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def cover(self, segment_ids: list[str], kept: int) -> None:
        """Replace only these segments' suggestions (`trusts` said the store holds every other
        segment's, as they should be); `kept`: how many suggestions the others have."""
        self._write_staged(f"INSERT OR IGNORE INTO {COVERED} (segment_id) VALUES (?)",
                           ((segment_id,) for segment_id in segment_ids))
        self.partial = True
        self.kept += kept

    def _recorded_run(self) -> dict | None:
        if not self.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone():
            return None
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (RUN_KEY,)).fetchone()
        try:
            return json.loads(row[0]) if row else None
        except ValueError:
            return None

    # -- the write ------------------------------------------------------------------------
    def apply(self, coder: str, codebook_version: str, trusted_stamp: str | None = None) -> tuple[int, int]:
        """Make the machine's open suggestions exactly the staged ones (inside the caller's
        transaction); after `cover`, only the covered segments'. People's decisions live in
        their own rows and are never touched. After `cover`, `trusted_stamp` is the stamp
        `trusts` accepted: a store changed since (another command ran meanwhile) is refused,
        untouched. Returns (suggestions now stored, suggestions withdrawn)."""
        if (self.partial and not self._still_trusts(trusted_stamp, coder)) or self._read_text_changed():
            raise QualcodeError("the project changed while `code auto` ran; run it again")
        open_rows = "coder = ? AND origin = 'auto' AND status = 'suggested'"
        not_staged = (f"NOT EXISTS (SELECT 1 FROM {STAGE} AS s"
                      "  WHERE s.segment_id = codings.segment_id AND s.code_id = codings.code_id)")
        # After `cover`, the covered segments' rows, found through the (segment, code, coder)
        # index rather than by a scan of every coding. No other segment can hold one to
        # withdraw: the store is as the last run left it (the signature says whether any
        # segment turned codable or not since), and every run leaves suggestions on codable
        # segments only.
        covered = f" AND segment_id IN (SELECT segment_id FROM {COVERED})" if self.partial else ""
        if has_coding_memos(self.conn):  # a withdrawn suggestion's memos move to its segment
            codings_deleted(self.conn, self.conn.execute(
                f"SELECT id, code_id, segment_id FROM codings WHERE {open_rows} AND {not_staged}"
                f"{covered} AND {ON_MEMO}", (coder,)).fetchall(), WITHDRAWN)
        deleting = f"DELETE FROM codings WHERE {open_rows} AND {not_staged}{covered}"
        if sqlite3.sqlite_version_info >= (3, 35):  # which codes lost suggestions, said by `code auto`
            gone = [row[0] for row in self.conn.execute(deleting + " RETURNING code_id", (coder,)).fetchall()]
            self.withdrawn_by_code = dict(sorted(Counter(gone).items()))
            withdrawn = len(gone)
        else:
            withdrawn = self.conn.execute(deleting, (coder,)).rowcount
        now = _now()
        self.conn.execute(
            "INSERT INTO codings (segment_id, code_id, coder, origin, status, score, matched,"
            " codebook_version, created_at, updated_at)"
            f" SELECT segment_id, code_id, ?, 'auto', 'suggested', score, matched, ?, ?, ? FROM {STAGE}"
            " WHERE true ON CONFLICT(segment_id, code_id, coder) DO UPDATE SET score = excluded.score,"
            " matched = excluded.matched, codebook_version = excluded.codebook_version,"
            " updated_at = excluded.updated_at WHERE codings.status = 'suggested'",
            (coder, codebook_version, now, now))
        if self.partial:  # the kept suggestions are this codebook's too
            self.conn.execute("UPDATE codings SET codebook_version = ? WHERE coder = ? AND origin = 'auto'"
                              " AND status = 'suggested' AND codebook_version IS NOT ?",
                              (codebook_version, coder, codebook_version))
        return self.staged + self.kept, withdrawn

    def record_run(self, coder: str) -> str:
        """A new stamp for this run, kept in the store with its signature (inside the caller's
        transaction, after `apply`); the token cache keeps it once the store has committed."""
        stamp = uuid.uuid4().hex
        self.conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (RUN_KEY, json.dumps(
            {"stamp": stamp, "signature": self._signature(coder)})))
        return stamp

    def close(self) -> None:
        for table in (STAGE, COVERED):
            try:
                self.conn.execute(f"DROP TABLE IF EXISTS {table}")
            except sqlite3.OperationalError:
                # a read still open (an error or Ctrl-C mid-run): temp tables go with the connection,
                # and the error that stopped the run is the one to show
                pass
