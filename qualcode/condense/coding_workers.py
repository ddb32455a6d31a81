"""Bulk coding in forked worker processes (`iter_auto_code` with jobs).

The parent reads the groups and writes what comes back (the store's rows, the token
cache's streams, kept codings and list of pieces, in order); the workers tokenise and match.
A worker never touches the parent's SQLite connections: it codes against a stand-in cache
(`_KeptHere`) and hands its writes back.
"""

from __future__ import annotations

from collections import defaultdict, deque
from typing import Callable, Iterator

from qualcode.condense.bulk_coding import DocCache, Piece, Settled, code_group, list_pieces
from qualcode.condense.chunk_tokenizer import plain_chunks
from qualcode.condense.coding_cache import SuggestionRow
from qualcode.display.background import fresh_streams_after_fork, interrupts_held, take_interrupts

# Groups handed to worker processes and not yet collected, per worker.
IN_FLIGHT_PER_JOB = 2
# The parent skips coding the first group when its memo already knows this share of the
# group's distinct chunks (learned ahead): coding it would teach the workers little.
KNOWN_SHARE_TO_SKIP = 0.9
# Set in the parent before forking, so workers inherit what the parent built.
_FORKED: dict = {}


def code_in_workers(work: Iterator[list[Piece]], coders: dict, new_coder: Callable, threshold: float,
                    cache: DocCache | None, on_segment, jobs: int, settled: Settled | None
                    ) -> Iterator[list[SuggestionRow]]:
    """Groups coded in forked processes, a bounded number in flight, results in order. The
    parent codes the first group itself, so the workers inherit its built pipelines and its
    memo of the commonest chunks instead of each learning them again; then it only reads
    and writes (store and cache). A memo learned ahead (`learn_ahead`) makes that group
    needless: the parent then builds the matchers and hands every group out."""
    import multiprocessing
    from itertools import chain

    first = next(work, None)
    if first is None:
        return
    for coder in coders.values():
        coder.holding = True  # given to the cache once the workers have their first groups
    if memo_knows(first, coders):
        for language in dict.fromkeys(piece.language for piece in first):
            coders[language].matcher  # noqa: B018 - built here, inherited by every worker
        work = chain([first], work)
    else:
        list_pieces(first, coders, cache)
        yield code_group(first, coders, threshold, cache, cache.put if cache is not None else None, settled)
        if on_segment:
            on_segment(sum(len(p.segments) for p in first))
    # What workers hand back for the cache: kept codings too, when it keeps them
    keep = None if cache is None else "codings" if getattr(cache, "get_codings", None) else "tokens"
    _FORKED.update(coders=coders, new_coder=new_coder, threshold=threshold, keep=keep)
    fresh_streams_after_fork()
    pending: deque = deque()
    try:
        with interrupts_held():  # each worker ignores Ctrl-C from its start (_ignore_interrupts)
            pool = multiprocessing.get_context("fork").Pool(jobs, initializer=_ignore_interrupts)
        with pool:
            for group in work:
                pending.append((group, pool.apply_async(_worker, (group,))))
                if len(pending) >= jobs * IN_FLIGHT_PER_JOB:
                    _give_learned(coders)
                    yield _collected(*pending.popleft(), coders, cache, on_segment)
            _give_learned(coders)
            while pending:
                yield _collected(*pending.popleft(), coders, cache, on_segment)
    finally:
        _FORKED.clear()


def memo_knows(group: list[Piece], coders: dict) -> bool:
    """Does the memo of each language's tokenizer (built now if it is not yet: the parent
    codes with it anyway) know KNOWN_SHARE_TO_SKIP of the group's distinct chunks?"""
    texts: dict[str, list[str]] = defaultdict(list)
    for piece in group:
        texts[piece.language].extend(segment.text for segment in piece.segments)
    chunks = {language: plain_chunks(found) for language, found in texts.items()}
    known = sum(len(found & coders[language].tokenizer.memo.numbers.keys())
                for language, found in chunks.items())
    every = sum(map(len, chunks.values()))
    return every > 0 and known >= KNOWN_SHARE_TO_SKIP * every


def _give_learned(coders: dict) -> None:
    """The chunks this process learned before forking (ahead of coding, and in the first
    group), given to the cache while the workers code: the workers inherited them, and
    encoding them for the cache need not keep the workers waiting."""
    for coder in coders.values():
        if coder.holding:
            coder.holding = False
            coder.keep_learned()


def _ignore_interrupts() -> None:
    """In a worker: Ctrl-C is the parent's to handle (it stops the pool); a worker that took
    it too would print a traceback of its own."""
    import signal

    take_interrupts(signal.SIG_IGN)


def _collected(group, result, coders, cache, on_segment) -> list[SuggestionRow]:
    codings, writes, learned = result.get()
    if cache is not None:
        list_pieces(group, coders, cache)
        for method, args in writes:
            getattr(cache, method)(*args)
        keep = getattr(cache, "put_chunk_tokens", None)
        for version, chunks in learned.items():
            if keep:
                keep(version, chunks)
    if on_segment:
        on_segment(sum(len(p.segments) for p in group))
    return codings


def _worker(group: list[Piece]) -> tuple[list[SuggestionRow], list[tuple[str, tuple]], dict[str, dict]]:
    """In a forked process: code a group; hand back what is new for the parent's cache (the
    parent's SQLite connections are never used here): its writes, in order, and the chunks
    learned."""
    coders = _FORKED["coders"]
    for coder in coders.values():
        if coder.cache is not None:
            coder.cache = None
            coder.skip_learned()  # the parent gives those to the cache
    for piece in group:  # a language the parent met after the fork
        if piece.language not in coders:
            coders[piece.language] = _FORKED["new_coder"](piece.language)
    kept = _KeptHere()
    cache = kept if _FORKED["keep"] == "codings" else None
    codings = code_group(group, coders, _FORKED["threshold"], cache, kept.put if _FORKED["keep"] else None)
    learned = {coder.version: coder.new_chunks() for coder in coders.values()}
    return codings, kept.writes, learned


class _KeptHere:
    """A worker's stand-in for the parent's token cache. It has nothing kept to give, so each
    piece is coded in full, as in a first run; what would be written (token streams, kept
    codings, the base and its start table) is noted, in order, for the parent to write."""

    def __init__(self):
        self.writes: list[tuple[str, tuple]] = []

    def get_many(self, keys: list[str]) -> dict:
        return {}

    get_codings_many = get_lemmas_many = get_rows_many = get_bases = get_many

    def get_codings(self, key: str) -> None:
        return None

    def get_start_table(self, base_id: str) -> None:
        return None

    def put(self, key: str, data: bytes) -> None:
        self.writes.append(("put", (key, data)))

    def put_codings(self, key: str, head: bytes, rows: bytes | None, lemmas: bytes | None = None) -> None:
        self.writes.append(("put_codings", (key, head, rows, lemmas)))

    def put_base(self, base_id: str, data: str) -> None:
        self.writes.append(("put_base", (base_id, data)))

    def put_start_table(self, base_id: str, data: bytes) -> None:
        self.writes.append(("put_start_table", (base_id, data)))
