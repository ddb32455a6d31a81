"""Bulk reads and writes whose memory does not grow with the project: used by `ingest` and
`code auto` on corpora of millions of words.

- `coding_sources` reads one source at a time, its codable segments lazily, so even a
  single 50 MB transcript is never held as tens of thousands of Segment objects.
- `SuggestionStage` collects the auto-coder's suggestions in a temporary table as they are
  made, then `apply` replaces the machine's open suggestions with them in one short
  transaction: exactly what `CodingOps.replace_suggestions` does with a list in memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Iterator

from qualcode.model import Coding, Segment
from qualcode.store.base import _matches_json, _now

if TYPE_CHECKING:
    from qualcode.store.db import Store

STAGE = "temp.staged_suggestions"


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
    # One pass over the segments, in the same order, rather than a query per source.
    segments = store.conn.execute(
        "SELECT source_id, ordinal, start, end, speaker, timestamp FROM segments"
        " WHERE codable ORDER BY source_id, ordinal")
    pending = [next(segments, None)]
    for source_id, language, text in sources:
        yield CodingSource(source_id, language, _codable_segments(source_id, text, segments, pending))


def _codable_segments(source_id: str, text: str, rows, pending: list) -> Iterator[Segment]:
    while pending[0] is not None and pending[0][0] < source_id:
        pending[0] = next(rows, None)  # a source whose segments were not read
    while pending[0] is not None and pending[0][0] == source_id:
        _, ordinal, start, end, speaker, timestamp = pending[0]
        yield Segment(source_id, ordinal, start, end, text[start:end], speaker, timestamp, True)
        pending[0] = next(rows, None)


def segment_cuts(store: "Store", source_id: str) -> tuple:
    """How a stored source is cut: (start, end, speaker, timestamp, codable) per segment."""
    return tuple((start, end, speaker, timestamp, bool(codable)) for start, end, speaker, timestamp, codable
                 in store.conn.execute(
                     "SELECT start, end, speaker, timestamp, codable FROM segments"
                     " WHERE source_id = ? ORDER BY ordinal", (source_id,)))


def ensure_case(store: "Store", case_id: str) -> None:
    """A case row for a source to name before its attributes are known (streamed ingest
    learns them all only at the end, then `upsert_cases` writes them). Deferring the
    foreign key instead would make SQLite scan every source, texts and all, per case."""
    store.conn.execute("INSERT OR IGNORE INTO cases (id, attributes) VALUES (?, '{}')", (case_id,))


class SuggestionStage:
    """The machine's new suggestions, staged outside the project's tables until `apply`."""

    def __init__(self, store: "Store"):
        self.conn = store.conn
        self.conn.execute(f"DROP TABLE IF EXISTS {STAGE}")
        self.conn.execute(f"CREATE TABLE {STAGE} (segment_id TEXT NOT NULL, code_id TEXT NOT NULL,"
                          " score REAL NOT NULL, matched TEXT NOT NULL, PRIMARY KEY (segment_id, code_id))")
        self.staged = 0

    def add(self, codings: Iterable[Coding]) -> None:
        self.add_rows([(c.segment_id, c.code_id, c.score, _matches_json(c.matched)) for c in codings])

    def add_rows(self, rows: list[tuple[str, str, float, str]]) -> None:
        """(segment id, code id, score, matched terms as the store's JSON) per suggestion."""
        self.conn.executemany(f"INSERT INTO {STAGE} (segment_id, code_id, score, matched)"
                              " VALUES (?, ?, ?, ?)", rows)
        self.staged += len(rows)

    def apply(self, coder: str, codebook_version: str) -> tuple[int, int]:
        """Make the machine's open suggestions exactly the staged ones (inside the caller's
        transaction). People's decisions live in their own rows and are never touched.
        Returns (suggestions now stored, suggestions withdrawn)."""
        withdrawn = self.conn.execute(
            "DELETE FROM codings WHERE coder = ? AND origin = 'auto' AND status = 'suggested'"
            f" AND NOT EXISTS (SELECT 1 FROM {STAGE} AS s"
            "  WHERE s.segment_id = codings.segment_id AND s.code_id = codings.code_id)",
            (coder,)).rowcount
        now = _now()
        self.conn.execute(
            "INSERT INTO codings (segment_id, code_id, coder, origin, status, score, matched,"
            " codebook_version, created_at, updated_at)"
            f" SELECT segment_id, code_id, ?, 'auto', 'suggested', score, matched, ?, ?, ? FROM {STAGE}"
            " WHERE true ON CONFLICT(segment_id, code_id, coder) DO UPDATE SET score = excluded.score,"
            " matched = excluded.matched, codebook_version = excluded.codebook_version,"
            " updated_at = excluded.updated_at WHERE codings.status = 'suggested'",
            (coder, codebook_version, now, now))
        return self.staged, withdrawn

    def close(self) -> None:
        self.conn.execute(f"DROP TABLE IF EXISTS {STAGE}")
