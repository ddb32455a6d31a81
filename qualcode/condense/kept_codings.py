"""Coding pieces against the codings the token cache kept for them.

After a codebook edit, most suggestions are what they were. For each piece with a kept
entry (`qualcode.condense.coding_cache.CodingsEntry`):

1. each segment's fingerprint is worked out from its kept lemma CRCs (for all the pieces
   at once: a few array operations), which the entry's head holds;
2. every fingerprint unchanged: the piece is settled, its rows read back (or, with a
   `Settled` tally, only counted: the caller's store holds its rows already, and they
   are never read);
3. otherwise only the segments whose fingerprint changed are matched again, on their
   piece's tokens (read from the cache only now), and in them only the codes the edit
   affects (`qualcode.condense.code_changes`): the other codes' rows stand;
4. no entry (a new piece, an older cache, damage): every segment is matched.

Every piece matched, wholly or partly, gets its head written again, and its rows when a
segment's rows changed. With a `Settled` tally, a segment matched again whose rows came
out as they were is counted with the kept ones: the store holds those rows already.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterator

import numpy as np

from qualcode.condense.code_changes import Base, base_of, merge_rows
from qualcode.condense.coding_cache import (
    CodingsEntry, SuggestionRow, count_codes, decode_entry, rows_text,
    segment_crcs,
)

if TYPE_CHECKING:
    from qualcode.condense.bulk_coding import LanguageCoder, Piece, SegmentReader


@dataclass
class Settled:
    """For a caller whose store holds the rows the kept codings have: the suggestions of
    segments whose kept codings still hold (counted, their rows never decoded), and the
    segments matched again (`covered`: their stored rows give way to the new ones)."""

    by_code: dict[str, int] = field(default_factory=dict)
    covered: list[str] = field(default_factory=list)

    def add(self, counts: dict[str, int]) -> None:
        for code_id, n in counts.items():
            self.by_code[code_id] = self.by_code.get(code_id, 0) + n

    @property
    def suggestions(self) -> int:
        return sum(self.by_code.values())


@dataclass
class Plan:
    """What to do with one piece: `todo`, the segments to match (None: all of them), for
    the `affected` codes (None: every code)."""

    piece: "Piece"
    todo: list[int] | None = None
    entry: CodingsEntry | None = None
    fingerprints: np.ndarray | None = None      # each segment's, under this codebook
    affected: frozenset[str] | None = None
    kept: dict[int, list[SuggestionRow]] = field(default_factory=dict)  # rows of the others
    before: dict[int, list[SuggestionRow]] = field(default_factory=dict)  # todo's kept rows
    counts: dict[str, int] = field(default_factory=dict)  # suggestions of the others, per code


def read_entries(pieces: list["Piece"], cache) -> tuple[list[str], list[CodingsEntry | None]]:
    """Each piece's key in the cache, and its entry's head and lemmas (None: no usable entry)."""
    keys = [piece.codings_key for piece in pieces]
    heads = _read_many(cache, "get_codings", keys)
    lemmas = _read_many(cache, "get_lemmas", keys) if heads else {}
    return keys, [decode_entry(heads.get(key), lemmas.get(key), piece.ids) for key, piece in zip(keys, pieces)]


def _read_many(cache, getter: str, keys: list[str]) -> dict:
    many = getattr(cache, f"{getter}_many", None)
    if many:
        return many(keys)
    one = getattr(cache, getter, None)
    return {key: one(key) for key in keys} if one else {}


def read_rows(keys: list[str], entries: list[CodingsEntry], cache) -> None:
    """Attach these entries' rows (kept apart from their heads)."""
    if not keys:
        return
    stored = _read_many(cache, "get_rows", keys)
    for key, entry in zip(keys, entries):
        entry.attach_rows(stored.get(key))


def code_kept(coder: "LanguageCoder", pieces: list["Piece"], threshold: float, cache,
              store_tokens: Callable[[str, bytes], None] | None,
              settled: Settled | None, read_segments: "SegmentReader | None" = None) -> list[SuggestionRow]:
    """Rows of one language's pieces (those settled in `settled` left out), matching only
    what the kept codings do not answer for. Pieces from a run index get their segments
    from `read_segments` only if they must be tokenised."""
    matcher = coder.matcher
    base = base_of(matcher, threshold)
    rows: list[SuggestionRow] = []
    plans: list[Plan] = []
    keys, entries = read_entries(pieces, cache)
    _keep_start_table(matcher, base, cache)  # every fingerprint, kept or new, is summed from it
    now = _fingerprints(matcher, [e for e in entries if e is not None], threshold)
    changed = [None if entry is None else _changed(next(now), entry) for entry in entries]
    affected = _affected(base, cache, {entry.base for entry, found in zip(entries, changed)
                                       if entry is not None and len(found[1])})
    # Rows are read where they are returned (no `settled`) or rewritten (a changed segment).
    wanted = [k for k, entry in enumerate(entries)
              if entry is not None and (settled is None or len(changed[k][1]))]
    read_rows([keys[k] for k in wanted], [entries[k] for k in wanted], cache)
    for piece, entry, found in zip(pieces, entries, changed):
        if entry is None:
            plans.append(Plan(piece))
            continue
        fingerprints, todo = found[0], found[1].tolist()
        if not todo:
            if settled is not None:
                settled.add(entry.counts)
                continue
            if (kept := entry.rows()) is not None:
                rows.extend(kept)
                continue
        # Here too when no segment changed but the rows will not decode (its base was not
        # looked up then: `get`), which matches the whole piece.
        plans.append(_plan(piece, entry, todo, fingerprints, settled, affected.get(entry.base)))
    if plans:
        if hasattr(cache, "put_base"):
            cache.put_base(base.id, base.to_json())
        rows.extend(_match(coder, plans, threshold, cache, store_tokens, settled, read_segments, base))
    return rows


def _keep_start_table(matcher, base: Base, cache) -> None:
    """The matcher's start table from the cache when it is kept for this base (hashing
    every pattern-starting lemma costs a warm run about a twentieth of a second), else
    worked out and kept."""
    get = getattr(cache, "get_start_table", None)
    if get is None or matcher.has_start_table or matcher.use_start_table(get(base.id)):
        return
    cache.put_start_table(base.id, matcher.start_table_bytes())


def _affected(base: Base, cache, old: set[str]) -> dict[str, frozenset[str] | None]:
    """Per base id, the codes to match again in a segment whose rows were made under it."""
    wanted = sorted(old - {base.id})
    kept = cache.get_bases(wanted) if wanted and hasattr(cache, "get_bases") else {}
    found = {base_id: base.affected_since(Base.from_json(base_id, kept.get(base_id))) for base_id in wanted}
    found[base.id] = frozenset()
    return found


def _changed(fingerprints: np.ndarray, entry: CodingsEntry) -> tuple[np.ndarray, np.ndarray]:
    """The segments' fingerprints now, and which of them differ from the kept ones."""
    return fingerprints, np.flatnonzero(fingerprints != entry.fingerprints)


def _fingerprints(matcher, entries: list[CodingsEntry], threshold: float) -> Iterator[np.ndarray]:
    """Each entry's segments' fingerprints under this codebook, worked out in one go."""
    if not entries:
        return iter(())
    sizes = [len(e.crcs) for e in entries]
    starts = np.cumsum([0] + sizes[:-1])
    bounds = np.concatenate([e.bounds[:-1] + start for e, start in zip(entries, starts)] + [[sum(sizes)]])
    every = matcher.segment_fingerprints(np.concatenate([e.crcs for e in entries]), bounds, threshold)
    cuts = np.cumsum([len(e.fingerprints) for e in entries])[:-1]
    return iter(np.split(every, cuts))


def _plan(piece: "Piece", entry: CodingsEntry, todo: list[int], fingerprints: np.ndarray,
          settled: Settled | None, affected: frozenset[str] | None) -> Plan:
    """Match `todo` again (for the `affected` codes, whose rows are merged with the
    others' kept ones); the others' rows (or, with `settled`, their counts) are kept.
    Rows that will not decode: the whole piece is matched again."""
    plan = Plan(piece, todo, entry, fingerprints, affected)
    if settled is None or affected is not None:
        for k in todo:
            found = entry.rows_of(k)
            if found is None:
                return Plan(piece)
            plan.before[k] = found
    if settled is None:  # the others' rows are returned
        for k in set(range(len(fingerprints))).difference(todo):
            found = entry.rows_of(k)
            if found is None:
                return Plan(piece)
            plan.kept[k] = found
        plan.counts = count_codes(plan.kept.values())
    else:  # the others are counted: the entry's counts less the matched segments' old ones
        plan.counts = dict(entry.counts)
        for k in todo:
            found = plan.before.get(k) if affected is not None else entry.rows_of(k)
            if found is None:
                return Plan(piece)
            for row in found:
                plan.counts[row.code_id] = plan.counts.get(row.code_id, 0) - 1
    return plan


def _match(coder: "LanguageCoder", plans: list[Plan], threshold: float, cache,
           store_tokens, settled: Settled | None, read_segments, base: Base) -> list[SuggestionRow]:
    from qualcode.condense.bulk_coding import read_tokens  # bulk_coding imports this module

    matcher = coder.matcher
    plan_of = {id(plan.piece): plan for plan in plans}
    rows: list[SuggestionRow] = []
    read_tokens([plan.piece for plan in plans], cache)
    for found, batch, new in coder.batches([plan.piece for plan in plans], read_segments):
        bounds, start = [], 0
        for piece in found:
            bounds.append((plan_of[id(piece)], start))
            start += len(piece.ids)
        if store_tokens is not None and new:
            for plan, first in bounds:
                store_tokens(plan.piece.key, batch.slice(first, first + len(plan.piece.ids)).to_bytes())
        by_codes: dict[frozenset[str] | None, list[int]] = {}  # the segments each matcher codes
        for plan, first in bounds:
            by_codes.setdefault(None if plan.todo is None else plan.affected, []).extend(
                first + k for k in (range(len(plan.piece.ids)) if plan.todo is None else plan.todo))
        ids = [i for plan, _ in bounds for i in plan.piece.ids]
        fresh: dict[str, list[SuggestionRow]] = {}
        for codes, chosen in by_codes.items():
            if codes is not None and not codes:
                continue  # no code affected: the kept rows stand
            sub = batch if len(chosen) == len(batch) else batch.take(chosen)
            used = matcher if codes is None else matcher.restricted(codes)
            for row in used.rows(sub, [ids[i] for i in chosen], threshold):
                fresh.setdefault(row.segment_id, []).append(row)
        lemmas = _NewLemmas(batch, matcher, threshold)
        for plan, first in bounds:
            rows.extend(_finish(plan, lemmas, first, fresh, cache, settled, base.id))
    return rows


class _NewLemmas:
    """The distinct lemma CRCs and fingerprints of a batch's segments, for the pieces with
    no entry yet: worked out once for the whole batch, when the first such piece asks."""

    def __init__(self, batch, matcher, threshold: float):
        self.batch, self.matcher, self.threshold = batch, matcher, threshold
        self.every: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    def of(self, first: int, count: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(crcs, bounds, fingerprints) of segments first..first + count of the batch."""
        if self.every is None:
            crcs, bounds = segment_crcs(self.batch, 0, len(self.batch))
            self.every = crcs, bounds, self.matcher.segment_fingerprints(crcs, bounds, self.threshold)
        crcs, bounds, fingerprints = self.every
        start, end = int(bounds[first]), int(bounds[first + count])
        return crcs[start:end], bounds[first:first + count + 1] - bounds[first], fingerprints[first:first + count]


def _finish(plan: Plan, lemmas: _NewLemmas, first: int, fresh: dict, cache,
            settled: Settled | None, base_id: str) -> list[SuggestionRow]:
    """The piece's rows to return, and its entry written again."""
    piece, entry = plan.piece, plan.entry
    ids = piece.ids
    if entry is None:
        crcs, bounds, fingerprints = lemmas.of(first, len(ids))
        per_segment = [fresh.get(segment_id, []) for segment_id in ids]
        kept_rows = [rows_text(found) for found in per_segment]
        counts = count_codes(per_segment)
        out = [row for found in per_segment for row in found]
        if settled is not None:
            settled.covered.extend(ids)
        written = CodingsEntry(_nonzero(counts), crcs, bounds, fingerprints, kept_rows, ids, base_id)
        cache.put_codings(piece.codings_key, *written.encode())
        return out
    kept_rows = list(entry.rows_texts)
    counts = dict(plan.counts)
    out = []
    if settled is not None:
        settled.add(plan.counts)
    rows_changed = False
    todo = set(plan.todo)
    for k in range(len(ids)):
        if k in plan.kept:
            out.extend(plan.kept[k])
        elif k in todo:
            found = fresh.get(ids[k], [])
            if plan.affected is not None:
                found = merge_rows(plan.before[k], found, plan.affected, lemmas.matcher.ancestors)
            count_codes([found], counts)
            before = plan.before.get(k)
            same = before is not None and _same_rows(before, found)
            if same and settled is not None:
                # The store holds these rows already (that is what `settled` vouches for):
                # counted with the kept ones, neither staged nor written again.
                settled.add(count_codes([found]))
                continue
            if not same:
                kept_rows[k] = rows_text(found)
                rows_changed = True
            out.extend(found)
            if settled is not None:
                settled.covered.append(ids[k])
    written = CodingsEntry(_nonzero(counts), entry.crcs, entry.bounds, plan.fingerprints, kept_rows, ids, base_id)
    # The lemmas are the piece's tokens', unchanged; the rows too when no segment's changed.
    cache.put_codings(piece.codings_key, written.encode_head(),
                      written.encode_rows() if rows_changed else None)
    return out


def _nonzero(counts: dict[str, int]) -> dict[str, int]:
    return {code_id: n for code_id, n in counts.items() if n}


def _same_rows(before: list[SuggestionRow], now: list[SuggestionRow]) -> bool:
    return len(before) == len(now) and sorted(before) == sorted(now)
