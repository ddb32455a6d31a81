"""Fewer garbage-collector passes while a bulk stage runs.

Ingest and auto-coding make millions of short-lived objects (segments, tokens, rows) and
almost no reference cycles, so reference counting frees nearly all of them; Python's
cyclic collector still runs every 700 allocations and, now and then, walks every live
object, spaCy's vocabularies and the tokenizer's memo included. On a million words that
was about 5% of a cold run. While a stage runs, objects alive at its start are frozen out
of the collector's walks and its first generation is collected less often; both are put
back when the stage ends, whatever way it ends.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator

# Allocations between first-generation passes during a bulk stage (Python's default: 700).
BULK_THRESHOLD = 50_000


@contextmanager
def fewer_collections() -> Iterator[None]:
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(thresholds[0], BULK_THRESHOLD), *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()
