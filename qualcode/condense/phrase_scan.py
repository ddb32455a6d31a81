"""The candidate phrases of `code suggest`, found over token arrays a batch at a time.

A candidate phrase is a stretch of 2–5 words of one segment that starts and ends on a word
that is not a stop word, and holds no punctuation, number or codebook term (the strong
keywords and exclusion terms the auto-coder's own matcher finds: the codebook sees those
already). Each form of a batch's table is classed once; the windows of every token are then
found with a few array operations per window size, whatever the number of segments, so a
survey of 20,000 one-line answers costs what one long interview does.

Phrases are compared by their lemmas. Each lemma gets a number for the run (`LemmaNumbers`,
shared by the languages), and a phrase is hashed from its numbers for counting and packed
from them exactly (`Occurrences.codes`) where it is tallied.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from qualcode.condense.spacy_import import import_spacy

import_spacy()  # before any `from spacy...`: see spacy_import
from spacy.language import Language

from qualcode.condense.bulk_coding import LanguageCoder
from qualcode.condense.matching import TermMatcher
from qualcode.condense.tokens import TokenBatch, distinct
from qualcode.model import Codebook

MIN_WORDS, MAX_WORDS = 2, 5
# Spoken Indonesian that spaCy's (written-language) stop list lacks: particles, fillers and
# forms of address. "Pak" and "ibu" are already in spaCy's list; these are their siblings.
SPOKEN_ID_STOP_WORDS = frozenset("""
    ya yah iya sih deh lho loh tuh kah nggak ngga gak ga enggak ndak aja udah udh eh hehe haha
    hmm gitu gini kayak banget mas mbak bu bang dik nih toh wong monggo nggih
""".split())


def stop_words(nlp: Language) -> frozenset[str]:
    extra = SPOKEN_ID_STOP_WORDS if nlp.lang == "id" else frozenset()
    return frozenset(nlp.Defaults.stop_words) | extra


class Coverage:
    """What a codebook already sees in a segment, found by the auto-coder's own matcher."""

    def __init__(self, matcher: TermMatcher):
        self.matcher = matcher
        entries = matcher.entries  # key -> ((code, weight, excludes, polar), ...)
        self.context_terms = {tuple(key.split()) for key, found in entries.items()
                              if any(0 < weight < 1 and not excludes for _, weight, excludes, _ in found)}
        self._covering = {key for key, found in entries.items()
                          if any(weight >= 1 or excludes for _, weight, excludes, _ in found)}

    def covered_spans(self, batch: TokenBatch) -> dict[int, list[tuple[int, int]]]:
        """Per segment of `batch` (by number; those with none left out): the token spans of
        every strong keyword or exclusion term found in it."""
        return {segment: [(start, end) for key, start, end in found if key in self._covering]
                for segment, found in self.matcher.matches(batch).items()}


class PhraseScanner:
    """Finds the candidate phrases of segments in one language's pipeline, on their tokens as
    auto-coding keeps them (a TokenBatch of many segments): no spaCy Doc is made."""

    BREAK, INNER, EDGE = 0, 1, 2  # never in a phrase / only inside one / may start or end one

    def __init__(self, codebook: Codebook, nlp: Language, lemmas: "LemmaNumbers"):
        self.vocab = nlp.vocab
        self.coverage = Coverage(LanguageCoder(nlp.lang, codebook, lambda _: nlp, None, None).matcher)
        self.stops = stop_words(nlp)
        self.lemmas = lemmas
        self.seen: dict[tuple[str, str], tuple[int, int, int]] = {}  # (form, lemma) -> kind, lemma id, length

    def _word(self, text: str, lemma: str) -> tuple[int, int, int]:
        """What a word form is to a phrase, its lemma's number, and its length: worked out once."""
        found = self.seen.get((text, lemma))
        if found is None:
            lexeme, lemma_text = self.vocab[text], lemma.lower()
            if (lexeme.is_punct or lexeme.is_space or lexeme.like_num
                    or not any(c.isalpha() for c in text)):
                kind = self.BREAK  # punctuation, numbers and symbols end a phrase
            elif lexeme.lower_ in self.stops or lemma_text in self.stops or text.startswith("-"):
                kind = self.INNER  # a stop word or a detached clitic (-nya) never edges one
            else:
                kind = self.EDGE
            found = self.seen[(text, lemma)] = (kind, self.lemmas.number(lemma_text), len(text))
        return found

    def _words(self, batch: TokenBatch) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """`_word` of each token of `batch`: its kind, lemma number and length, as arrays."""
        seen, word = self.seen, self._word
        if batch.dense:  # a decoded batch's table holds just its forms: class them all
            pairs = zip(batch.orths, batch.lemmas)  # decoded at once (PackedForms' __iter__)
            rows = batch.ids
        else:  # a fresh batch shares its tokenizer's table: class only the forms it uses
            used = distinct(batch.ids)
            pairs = ((batch.orths[i], batch.lemmas[i]) for i in used.tolist())
            rows = np.searchsorted(used, batch.ids)
        words = np.array([seen.get(pair) or word(*pair) for pair in pairs], dtype=np.int64).reshape(-1, 3)
        return words[rows, 0], words[rows, 1], words[rows, 2]

    def occurrences(self, batch: TokenBatch) -> "Occurrences":
        """Every candidate phrase of every segment of `batch`: a stretch of 2–5 words that
        starts and ends on a word that may edge a phrase, lies within one segment, and holds
        no punctuation, number or codebook term (a strong keyword or exclusion term)."""
        kinds, lemmas, lengths = self._words(batch)
        count, offsets = len(batch.ids), batch.offsets
        inside = np.zeros(count + 1, dtype=np.int64)  # +1 where a codebook term starts, -1 after it
        for segment, spans in self.coverage.covered_spans(batch).items():
            for start, end in spans:
                inside[offsets[segment] + start] += 1
                inside[offsets[segment] + end] -= 1
        barred = (kinds == self.BREAK) | (np.cumsum(inside[:count]) > 0)
        barred_before = np.concatenate(([0], np.cumsum(barred)))  # barred tokens before token t
        segment_of = np.repeat(np.arange(len(batch), dtype=np.int64), np.diff(offsets))
        edge = kinds == self.EDGE
        numbers = (lemmas + 1).astype(np.uint64)
        hashes = numbers  # per token, the hash of the window of `size` words it starts
        firsts, sizes, kept = [], [], []
        for size in range(2, MAX_WORDS + 1):
            if count < size:
                break
            hashes = hashes[:count - size + 1] * _MIX + numbers[size - 1:]  # wraps at 2**64
            if size < MIN_WORDS:
                continue
            first = np.arange(count - size + 1)
            last = first + (size - 1)
            chosen = np.flatnonzero(edge[first] & edge[last] & (segment_of[first] == segment_of[last])
                                    & (barred_before[last + 1] == barred_before[first]))
            firsts.append(chosen)
            sizes.append(np.full(len(chosen), size, dtype=np.int64))
            kept.append(hashes[chosen])
        first = np.concatenate(firsts) if firsts else np.zeros(0, dtype=np.int64)
        size = np.concatenate(sizes) if sizes else np.zeros(0, dtype=np.int64)
        last = first + size - 1
        idx = batch.idx
        return Occurrences(len(batch), segment_of[first], first, size, idx[first], idx[last] + lengths[last],
                           np.concatenate(kept) if kept else np.zeros(0, dtype=np.uint64), lemmas)


_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd: a window's hash is its lemma numbers as digits of it


@dataclass
class Occurrences:
    """A batch's candidate phrases, one per entry: its segment (by number in the batch), its
    first token and word count (`lemmas` holds each token's lemma number), its character
    span in the segment's text, and the hash of its lemmas."""

    texts: int  # segments in the batch
    segment: np.ndarray
    first: np.ndarray
    size: np.ndarray
    start: np.ndarray
    end: np.ndarray
    hashes: np.ndarray
    lemmas: np.ndarray

    def key(self, k: int, lemmas: "LemmaNumbers") -> tuple[str, ...]:
        first = int(self.first[k])
        return tuple(lemmas.texts[n] for n in self.lemmas[first:first + int(self.size[k])].tolist())

    def codes(self, chosen: np.ndarray) -> list[tuple[int, int]]:
        """The `chosen` phrases' lemma numbers packed into two integers, exactly (while
        there are fewer than 2**21 - 1 lemmas): equal codes, equal phrases."""
        packed = [np.zeros(len(chosen), dtype=np.uint64), np.zeros(len(chosen), dtype=np.uint64)]
        first, size = self.first[chosen], self.size[chosen]
        for word in range(MAX_WORDS):
            present = word < size
            number = np.where(present, self.lemmas[np.where(present, first + word, 0)] + 1, 0)
            part = packed[word // 3]
            part <<= np.uint64(21)
            part |= number.astype(np.uint64)
        return list(zip(packed[0].tolist(), packed[1].tolist()))


class LemmaNumbers:
    """A number for each lemma met, in the order met."""

    def __init__(self):
        self.texts: list[str] = []
        self._numbers: dict[str, int] = {}

    def number(self, lemma: str) -> int:
        found = self._numbers.get(lemma)
        if found is None:
            found = self._numbers[lemma] = len(self.texts)
            self.texts.append(lemma)
        return found


class CaseCounts:
    """How many cases hold each phrase hash. Each (case, hash) pair counts once; the pairs of
    a chunk of whole cases are merged into (hash, count) arrays now and then, so memory
    follows the distinct phrases, not their uses."""

    MERGE_AT = 4_000_000  # hashes waiting before they are merged

    def __init__(self):
        self.hashes = np.zeros(0, dtype=np.uint64)
        self.counts = np.zeros(0, dtype=np.int64)
        self.waiting: list[np.ndarray] = []
        self.size = 0

    def add(self, cases: np.ndarray, hashes: np.ndarray) -> None:
        """The phrases of some whole cases (no case may come again): `cases[k]` holds `hashes[k]`."""
        if not len(hashes):
            return
        order = np.lexsort((hashes, cases))
        cases, hashes = cases[order], hashes[order]
        new = np.concatenate(([True], (cases[1:] != cases[:-1]) | (hashes[1:] != hashes[:-1])))
        found = hashes[new]
        self.waiting.append(found)
        self.size += len(found)
        if self.size >= self.MERGE_AT:
            self._merge()

    def _merge(self) -> None:
        if not self.size:
            self.waiting = []
            return
        hashes = np.concatenate([self.hashes, *self.waiting])
        counts = np.concatenate([self.counts, np.ones(self.size, dtype=np.int64)])
        order = np.argsort(hashes, kind="stable")
        hashes, counts = hashes[order], counts[order]
        starts = np.flatnonzero(np.concatenate(([True], hashes[1:] != hashes[:-1])))
        self.hashes = hashes[starts]
        self.counts = np.add.reduceat(counts, starts)
        self.waiting, self.size = [], 0

    def at_least(self, cases: int) -> np.ndarray:
        """The hashes held by `cases` cases or more, sorted."""
        self._merge()
        return self.hashes[self.counts >= cases]


def among(hashes: np.ndarray, sorted_hashes: np.ndarray) -> np.ndarray:
    """Whether each of `hashes` is one of `sorted_hashes`."""
    if not len(sorted_hashes):
        return np.zeros(len(hashes), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_hashes, hashes), len(sorted_hashes) - 1)
    return sorted_hashes[at] == hashes
