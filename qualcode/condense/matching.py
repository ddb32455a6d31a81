"""Codebook terms matched on TokenBatches: what spaCy's PhraseMatcher on LEMMA finds, and
the scoring of `CodebookMatcher.suggest`, without spaCy.

`TermIndex` (`qualcode.condense.term_index`) holds the codebook's terms as lemma
patterns. `TermMatcher.codings` finds, in each segment, every token run whose lemmas equal
a pattern's (overlapping runs included, as the PhraseMatcher does), marks negation as
`negation.is_negated` does, and scores codes exactly as `CodebookMatcher.suggest` does. Tests hold the two paths to
identical codings. `TermMatcher.segment_fingerprints` says, per segment, which part of
the codebook its codings depend on (for the cache of `qualcode.condense.coding_cache`).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from operator import itemgetter

import numpy as np

from qualcode.condense.coding_cache import SuggestionRow, fields_json
from qualcode.condense.negation import (
    ABSENCE_ENDS, ABSENT, CANCELLED_BY, CLAUSE_VERBS, DENIAL_REACH, IDIOMS, NEGATED_NOUN, NEGATORS,
    OPINION_VERBS, RAISED_BETWEEN, RAISED_REACH, RAISED_SUBJECTS, RAISING_ADVERBS, RAISING_NEGATORS,
    EMPHATIC, PUN_FORMS, PUN_NEGATOR_REACH, PUN_REACH, PUN_SCAN, QUANTITY_WORDS, SKIPPED, WINDOW,
    absent_after, denied, denied_from_afar, idiom_at_edges, idiom_edged, in_idiom, words_after)
from qualcode.condense.packed_forms import PackedForms
from qualcode.condense.term_index import UNLESS_NEGATED, TermIndex
from qualcode.condense.tokens import PUNCT, SPACE, TokenBatch, distinct, lemma_crcs


# Bump when matching or scoring changes: cached codings from older rules are then ignored.
# 5: a term inside a longer one of the same code scores nothing; idioms; "tidak ada" ending the clause
# 6: the verbs of -ntation nouns, NO_VERB; 7: a negation raised to a verb of opinion;
# 8: a negated emphatic pun ("tidak ada satu fraksi pun yang menolak")
MATCHING_VERSION = "8|" + repr((sorted(NEGATORS["id"]), sorted(NEGATORS["en"]), sorted(CANCELLED_BY),
                                sorted(SKIPPED), WINDOW, NEGATED_NOUN, sorted(ABSENT), DENIAL_REACH,
                                sorted(IDIOMS), sorted(ABSENCE_ENDS), sorted(OPINION_VERBS),
                                sorted(RAISED_SUBJECTS), sorted(RAISED_BETWEEN), sorted(RAISING_ADVERBS),
                                sorted(RAISING_NEGATORS), sorted(CLAUSE_VERBS), RAISED_REACH, EMPHATIC,
                                sorted(QUANTITY_WORDS), PUN_REACH, PUN_NEGATOR_REACH, PUN_SCAN,
                                sorted(PUN_FORMS)))


# Bits of a lemma CRC the fingerprint bitmap is indexed by (a 1 MiB table; with a few
# thousand pattern-starting lemmas, under 1% of other lemmas get past it to the lookup).
BITMAP_BITS = 20


def outermost(spans) -> set[tuple[int, int]]:
    """Of one code's matched spans (start, end), those inside no longer one: `belum` in
    `belum ada`, `cepat` in `lebih cepat` are part of that expression, not evidence of their
    own, so one expression never scores twice. Spans met twice count once."""
    kept: set[tuple[int, int]] = set()
    reach = -1
    for start, end in sorted(set(spans), key=lambda span: (span[0], -span[1])):
        if end > reach:  # an earlier span starts no later; ending no earlier, it is longer
            kept.add((start, end))
            reach = end
    return kept


class TermMatcher:
    """Suggestions for the segments of TokenBatches, in one language."""

    def __init__(self, index: TermIndex, language: str):
        self.index = index
        self.negators = NEGATORS.get(language) or NEGATORS["id"] | NEGATORS["en"]
        self.ancestors = index.ancestors
        # key -> ((code, weight, excludes, polar), ...): a key's entries as plain tuples
        self.entries = {key: tuple((e.code_id, e.weight, e.excludes, e.polar) for e in found)
                        for key, found in index.entries.items()}
        # terms that begin or end with half of an idiom (kurang, anggaran kurang): checked
        self.idiom_edged = frozenset(key for key in self.entries if idiom_edged(key))
        self.single: dict[str, tuple[str, ...]] = {}      # lemma -> keys of 1-token patterns
        self.longer: dict[str, tuple[int, ...]] = {}      # first lemma -> lengths of the others
        self.second: dict[str, frozenset[str]] = {}        # first lemma -> second lemmas
        for lemmas, keys in index.patterns.items():
            if len(lemmas) == 1:
                self.single[lemmas[0]] = tuple(keys)
            else:
                self.longer[lemmas[0]] = tuple(sorted({*self.longer.get(lemmas[0], ()), len(lemmas)}))
                self.second[lemmas[0]] = self.second.get(lemmas[0], frozenset()) | {lemmas[1]}
        self.starts = frozenset(self.single) | frozenset(self.longer)
        self.language = language
        self._digests: dict[str, int] = {}
        self._described: dict[str, str] = {}  # code -> its part of a digest
        self._starts_by_crc: tuple[np.ndarray, np.ndarray] | None = None
        self._bitmap: np.ndarray | None = None
        self._by_first: dict[str, list] = defaultdict(list)
        for lemmas, keys in index.patterns.items():
            self._by_first[lemmas[0]].append((lemmas, tuple(keys)))
        self._restricted: dict[frozenset[str], TermMatcher] = {}
        self.bases: dict[float, object] = {}  # threshold -> its code_changes.Base, worked out once

    def restricted(self, codes: frozenset[str]) -> "TermMatcher":
        """A matcher of these codes' terms only. A code's score, matches and exclusions
        depend on its own entries alone, so each code it suggests is suggested as this
        matcher would, unless a code left out implies it (see `code_changes`)."""
        found = self._restricted.get(codes)
        if found is None:
            found = self._restricted[codes] = TermMatcher(self.index.only(codes), self.language)
        return found

    def segment_fingerprints(self, crcs: np.ndarray, bounds: np.ndarray, threshold: float) -> np.ndarray:
        """Per segment, what its codings depend on besides its own tokens, from its distinct
        lemmas (`coding_cache.segment_crcs`: crcs[bounds[k]:bounds[k + 1]] are segment k's):
        the rules, the threshold, and for each lemma that starts a pattern, a digest of those
        patterns, their keys' entries and those codes' ancestors. Equal fingerprints, equal
        codings: a codebook edit leaves the fingerprint of every segment none of its changed
        terms can match untouched. A sum (mod 2**64) of 64-bit digests, as uint64: order-free
        and cheap. A CRC shared by two lemmas only adds digests, on both runs alike."""
        table, digests = self._start_table()
        sums = np.zeros(len(bounds) - 1, dtype=np.uint64)
        if len(table) and len(crcs):
            # Most lemmas start no pattern: a bitmap of the table's top CRC bits rules them
            # out in one gather, and only the few left are looked up in the table.
            maybe = np.flatnonzero(self._start_bitmap()[crcs >> np.uint32(32 - BITMAP_BITS)])
            near = crcs[maybe]
            at = np.minimum(np.searchsorted(table, near), len(table) - 1)
            hit = table[at] == near
            # Summed over the lemmas that start a pattern only: where they are, and how many
            # come before each segment's bounds.
            cumulated = np.concatenate((np.zeros(1, dtype=np.uint64), np.cumsum(digests[at[hit]], dtype=np.uint64)))
            before = np.searchsorted(maybe[hit], bounds)
            sums = cumulated[before[1:]] - cumulated[before[:-1]]  # uint64 arithmetic wraps mod 2**64
        return sums + np.uint64(self.rules_digest(threshold))

    def _start_table(self) -> tuple[np.ndarray, np.ndarray]:
        """The distinct lemma_crcs of the pattern-starting lemmas, sorted, and per CRC the sum
        of its lemmas' digests."""
        if self._starts_by_crc is None:
            starts = sorted(self.starts)
            sums: dict[int, int] = {}
            for crc, lemma in zip(lemma_crcs(starts).tolist(), starts):
                sums[crc] = (sums.get(crc, 0) + self._digest(lemma)) % 2**64
            table = np.array(sorted(sums), dtype=np.uint32)
            self._starts_by_crc = table, np.array([sums[c] for c in table.tolist()], dtype=np.uint64)
        return self._starts_by_crc

    def start_table_bytes(self) -> bytes:
        """The start table as bytes to keep: the CRCs (little-endian uint32), then the sums
        of digests (little-endian uint64)."""
        table, digests = self._start_table()
        return table.astype("<u4").tobytes() + digests.astype("<u8").tobytes()

    @property
    def has_start_table(self) -> bool:
        return self._starts_by_crc is not None

    def use_start_table(self, data: bytes | None) -> bool:
        """Take the start table from `start_table_bytes` of a matcher of the same base (its
        CRCs must be those of this matcher's starting lemmas; False: not taken)."""
        if self._starts_by_crc is not None:
            return True
        if not isinstance(data, bytes) or len(data) % 12:
            return False
        n = len(data) // 12
        table = np.frombuffer(data, dtype="<u4", count=n).astype(np.uint32)
        if not np.array_equal(table, distinct(lemma_crcs(sorted(self.starts)))):
            return False  # another matcher's, or damaged
        self._starts_by_crc = table, np.frombuffer(data, dtype="<u8", count=n, offset=4 * n).astype(np.uint64)
        return True

    def _start_bitmap(self) -> np.ndarray:
        """True at the top BITMAP_BITS bits of the CRC of every pattern-starting lemma."""
        if self._bitmap is None:
            self._bitmap = np.zeros(1 << BITMAP_BITS, dtype=bool)
            self._bitmap[lemma_crcs(sorted(self.starts)) >> np.uint32(32 - BITMAP_BITS)] = True
        return self._bitmap

    def rules_digest(self, threshold: float) -> int:
        """The part of every fingerprint that is the rules, the language and the threshold."""
        return int(hashlib.sha1("\x00".join([MATCHING_VERSION, self.language, repr(threshold)])
                                .encode("utf-8")).hexdigest()[:16], 16)

    def _digest(self, first: str) -> int:
        found = self._digests.get(first)
        if found is None:
            patterns = sorted(self._by_first[first])
            keys = sorted({key for _, found_keys in patterns for key in found_keys})
            codes = sorted({code for key in keys for code, *_ in self.entries.get(key, ())})
            described = self._described
            for code in codes:  # a code's ancestors are written once, whatever shares it
                if code not in described:
                    described[code] = repr((code, sorted(self.ancestors.get(code, ()))))
            found = self._digests[first] = int.from_bytes(hashlib.sha1("\x00".join((
                repr(patterns), repr([(key, self.entries.get(key)) for key in keys]),
                *(described[code] for code in codes),
            )).encode("utf-8")).digest()[:8], "big")
        return found

    def candidates(self, batch: TokenBatch) -> tuple[np.ndarray, np.ndarray]:
        """Token positions where a pattern may start, and the segment of each."""
        if not len(batch.ids) or not self.starts:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
        cached = getattr(batch, "_candidates", None)
        if cached is not None and cached[0] is self:
            return cached[1]
        lemmas, starts = batch.lemmas, self.starts.__contains__
        if batch.crcs is not None and len(lemmas) <= 4 * len(batch.ids):
            # The forms' lemma CRCs are known: the bitmap of pattern-starting CRCs rules most
            # forms out at once, and only the few left are looked up (a CRC may be shared).
            maybe = np.flatnonzero(self._start_bitmap()[batch.crcs[:len(lemmas)] >> np.uint32(32 - BITMAP_BITS)])
            starts_term = np.zeros(len(lemmas), dtype=bool)
            if len(maybe):
                if isinstance(lemmas, PackedForms):
                    lemmas = lemmas.for_reads(len(maybe))
                near = itemgetter(*maybe.tolist())(lemmas) if len(maybe) > 1 else (lemmas[int(maybe[0])],)
                starts_term[maybe] = np.fromiter(map(starts, near), dtype=bool, count=len(maybe))
        elif batch.dense:  # a table of its own: look every form up
            starts_term = np.fromiter(map(starts, lemmas), dtype=bool, count=len(lemmas))
        else:  # a slice of the tokenizer's whole table: look up the forms it uses
            used = distinct(batch.ids)
            starts_term = np.zeros(int(used[-1]) + 1, dtype=bool)
            starts_term[used] = np.fromiter(map(starts, [lemmas[i] for i in used.tolist()]),
                                            dtype=bool, count=len(used))
        positions = np.flatnonzero(starts_term[batch.ids])
        found = positions, np.searchsorted(batch.offsets, positions, side="right") - 1
        batch._candidates = (self, found)
        return found

    def matches(self, batch: TokenBatch) -> dict[int, list[tuple[str, int, int]]]:
        """segment number in the batch -> [(key, first token, end token)], in the order the
        PhraseMatcher reports them (by start, then end); token numbers count from the
        segment's start. Segments without a match are left out."""
        found: dict[int, list[tuple[str, int, int]]] = {}
        positions, segment_of = self.candidates(batch)
        if not len(positions):
            return found
        lemmas, single, longer, second = batch.lemmas, self.single, self.longer, self.second
        if isinstance(lemmas, PackedForms):
            lemmas = lemmas.for_reads(2 * len(positions))
        all_ids = batch.ids
        # What the form at each candidate starts, worked out once per distinct form: its
        # one-token keys, and whether longer patterns start with its lemma.
        forms = all_ids[positions]
        used = distinct(forms)
        which = np.searchsorted(used, forms)
        used_lemmas = [lemmas[form] for form in used.tolist()]
        singles = [single.get(lemma, ()) for lemma in used_lemmas]
        # A longer pattern needs one of its second lemmas next, in the same segment: looked up
        # once per distinct pair of forms. Candidates that start no pattern are left out.
        ends = batch.offsets[segment_of + 1]
        following = all_ids[np.minimum(positions + 1, len(all_ids) - 1)]
        may_be_longer = np.array([lemma in longer for lemma in used_lemmas], dtype=bool)[which] & (positions + 1 < ends)
        at_longer = np.flatnonzero(may_be_longer)
        if len(at_longer):
            pairs = (forms[at_longer] << 32) | following[at_longer]  # form ids are below 2**31
            each = distinct(pairs)
            seconds = np.array([lemmas[pair & 0xFFFFFFFF] in second[lemmas[pair >> 32]] for pair in each.tolist()],
                               dtype=bool)
            may_be_longer[at_longer] = seconds[np.searchsorted(each, pairs)]
        keep = np.array([bool(keys) for keys in singles], dtype=bool)[which] | may_be_longer
        offsets = batch.offsets.tolist()
        patterns = self.index.patterns
        for at, segment, k, longer_too in zip(positions[keep].tolist(), segment_of[keep].tolist(),
                                             which[keep].tolist(), may_be_longer[keep].tolist()):
            start = at - offsets[segment]
            hits = [(key, start, start + 1) for key in singles[k]]
            lemma = used_lemmas[k]
            if longer_too:
                end = offsets[segment + 1]
                lengths = longer[lemma]
                run = all_ids[at:min(at + lengths[-1], end)].tolist()  # the longest the patterns need
                for length in lengths:
                    if at + length > end:
                        break
                    keys = patterns.get(tuple([lemmas[i] for i in run[:length]]))
                    if keys:
                        hits.extend((key, start, start + length) for key in keys)
            if hits:
                found.setdefault(segment, []).extend(hits)
        return found

    @staticmethod
    def _idiomatic(orths, all_ids, first: int, last: int, head: int, tail: int) -> bool:
        """Does the match from token `head` to `tail` (of the segment's tokens first:last) begin
        or end with half of an idiom whose other half is outside it?"""
        def word(at: int) -> str | None:
            return orths[int(all_ids[at])].lower() if first <= at < last else None

        return idiom_at_edges(word(head - 1), word(head), word(tail), word(tail + 1))

    def _negated(self, orths: list[str], flags, ids: list[int], start: int, end: int) -> bool:
        """negation.is_negated on a segment's token ids."""
        if orths[ids[start]].lower().startswith(NEGATED_NOUN):
            return True
        if absent_after(words_after(ids, end, lambda form: flags[form] & PUNCT, lambda form: flags[form] & SPACE,
                                    lambda form: orths[form].lower()), self.language):
            return True
        counted = 0
        for i in range(start - 1, -1, -1):
            form = ids[i]
            if flags[form] & PUNCT:
                return False
            lower = orths[form].lower()
            if lower in self.negators:
                following = orths[ids[i + 1]].lower() if i + 1 < len(ids) else ""
                if following in CLAUSE_VERBS:
                    break  # "don't think the X": the verb's negation, said of a clause if any
                if following in CANCELLED_BY or in_idiom(orths[ids[i - 1]].lower() if i else None, lower,
                                                          following or None):
                    return False
                before = [None if flags[ids[k]] & PUNCT else orths[ids[k]].lower()
                          for k in range(i - 1, max(i - 1 - DENIAL_REACH, -1), -1)
                          if not flags[ids[k]] & SPACE]
                return not denied(before, lower, self.negators)
            if lower not in SKIPPED and not flags[form] & SPACE:
                counted += 1
                if counted == WINDOW:
                    break
        if self.language == "id" and not any(orths[ids[k]] in PUN_FORMS
                                             for k in range(max(start - PUN_SCAN, 0), start)):
            return False
        return denied_from_afar([None if flags[ids[k]] & PUNCT else orths[ids[k]].lower()
                                 for k in range(start - 1, max(start - 1 - RAISED_REACH, -1), -1)
                                 if not flags[ids[k]] & SPACE], self.language)

    def rows(self, batch: TokenBatch, segment_ids: list[str], threshold: float) -> list[SuggestionRow]:
        """Suggestions for every segment of `batch` (`segment_ids` in its order), scored as
        CodebookMatcher.suggest scores them (to code only some segments, `take` them), as
        the rows the store takes. A match's text is its tokens' forms and the spaces after
        them, as in the segment's text: the segments' texts themselves are not needed. A
        match is written from its fields (`fields_json`), without a Match made of it."""
        suggested_rows: list[SuggestionRow] = []
        matched = self.matches(batch)
        if not matched:
            return suggested_rows
        idx = batch.idx  # read at the matches only: a list of every token's would cost more
        orths, flags = batch.orths, batch.flags
        if isinstance(orths, PackedForms):  # a match reads its tokens and the words before it
            orths = orths.for_reads(8 * sum(map(len, matched.values())))
        offsets = batch.offsets.tolist()
        entries_of, ancestors, idiom_edged = self.entries, self.ancestors, self.idiom_edged
        all_ids, all_spaces = batch.ids, batch.spaces
        for segment in sorted(matched):
            weights: dict[str, dict[str, float]] = {}   # code -> key -> weight
            hits_of: dict[str, list] = {}               # code -> [(start, end, key, weight)]
            excluded: set[str] = set()
            first = offsets[segment]
            ids = spaces = None
            negated: dict[tuple[int, int], bool] = {}
            last = offsets[segment + 1]
            for key, start, end in matched[segment]:
                if key in idiom_edged and self._idiomatic(orths, all_ids, first, last, first + start,
                                                           first + end - 1):
                    continue  # kurang in "kurang lebih" is no shortage
                for code_id, weight, excludes, polar in entries_of[key]:
                    if excludes:
                        excluded.add(code_id)
                        continue
                    if polar:  # a factor said in the negative is not that factor, but its opposite
                        if ids is None:
                            ids = all_ids[first:offsets[segment + 1]].tolist()
                        if (start, end) not in negated:
                            negated[start, end] = self._negated(orths, flags, ids, start, end)
                        if negated[start, end] == (polar == UNLESS_NEGATED):
                            continue
                    by_term = weights.get(code_id)
                    if by_term is None:
                        weights[code_id] = {key: max(0.0, weight)}
                        hits_of[code_id] = [(start, end, key, weight)]
                    else:
                        by_term[key] = max(by_term.get(key, 0.0), weight)
                        hits_of[code_id].append((start, end, key, weight))
            for code_id, hits in hits_of.items():  # a term inside a longer one adds nothing
                if len(hits) > 1:
                    kept = outermost((start, end) for start, end, _, _ in hits)
                    if len(kept) < len({(start, end) for start, end, _, _ in hits}):
                        hits_of[code_id] = hits = [hit for hit in hits if hit[:2] in kept]
                        by_term = weights[code_id] = {}
                        for _, _, key, weight in hits:
                            by_term[key] = max(by_term.get(key, 0.0), max(0.0, weight))
            suggested = [code_id for code_id, by_term in weights.items()
                         if code_id not in excluded and sum(by_term.values()) >= threshold]
            if not suggested:
                continue
            implied = set().union(*(ancestors[c] for c in suggested))
            segment_id = segment_ids[segment]
            for code_id in sorted(suggested):
                if code_id in implied:
                    continue
                strongest: dict[tuple, tuple] = {}
                for hit in hits_of[code_id]:  # one term listed as keyword and context: the stronger
                    mark = hit[:3]
                    if mark not in strongest or hit[3] > strongest[mark][3]:
                        strongest[mark] = hit
                if ids is None:
                    ids = all_ids[first:offsets[segment + 1]].tolist()
                if spaces is None:
                    spaces = all_spaces[first:offsets[segment + 1]].tolist()
                found = []
                for start, end, key, weight in (strongest[mark] for mark in sorted(strongest)):
                    if (start, end) not in negated:
                        negated[start, end] = self._negated(orths, flags, ids, start, end)
                    start_char = int(idx[first + start])
                    end_char = int(idx[first + end - 1]) + len(orths[ids[end - 1]])
                    text = "".join([orths[ids[k]] + " " * spaces[k] for k in range(start, end - 1)]
                                   + [orths[ids[end - 1]]])
                    found.append((key, text, start_char, end_char, weight, negated[start, end]))
                suggested_rows.append(SuggestionRow(segment_id, code_id, round(sum(weights[code_id].values()), 3),
                                                    fields_json(found)))
        return suggested_rows
