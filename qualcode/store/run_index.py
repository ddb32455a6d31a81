"""The token cache's list of the last `code auto` run's pieces, as records to read back.

A full run lists every piece it codes in `run_pieces2` (`TokenCache.index_piece`); the next
run, when it trusts the store, walks that list (`RunIndex`) instead of the store's segments.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator, NamedTuple

if TYPE_CHECKING:
    from qualcode.store.token_cache import TokenCache

PIECES = "run_pieces2"
INDEX_PAGE = 2000  # listed pieces read at a time


class IndexedPiece(NamedTuple):
    """A piece as the last run cut it: its segments are `source_id:ordinal` for `ordinals`.
    (A tuple: a warm run reads one per piece of the project.)"""

    language: str
    source_id: str
    ordinals: list[int]
    key: str            # of its token stream
    codings_key: str    # of its kept codings


@dataclass(frozen=True)
class RunIndex:
    """The pieces of the run with `stamp`, listed under its tag `run`: `versions` maps each
    language to the pipeline version its pieces were keyed with; `segments` and `pieces`,
    how many it holds."""

    cache: "TokenCache"  # whose connection reads the list
    stamp: str
    run: str
    versions: dict[str, str]
    segments: int
    pieces: int

    def __iter__(self) -> Iterator[IndexedPiece]:
        """The pieces in run order, read a page at a time (the cache may be written meanwhile)."""
        after = -1
        while True:
            page = self.cache.conn.execute(
                f"SELECT position, language, source_id, ordinals, token_key, codings_key FROM {PIECES}"
                " WHERE run = ? AND position > ? ORDER BY position LIMIT ?", (self.run, after, INDEX_PAGE)).fetchall()
            for position, language, source_id, ordinals, key, codings_key in page:
                try:
                    found = json.loads(ordinals)
                except ValueError:
                    found = None
                if not (isinstance(found, list) and all(type(o) is int for o in found)):
                    return  # damaged: the list ends short, which the reader must refuse
                yield IndexedPiece(language, source_id, found, key, codings_key)
            if len(page) < INDEX_PAGE:
                return
            after = page[-1][0]
