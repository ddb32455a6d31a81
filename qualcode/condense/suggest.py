"""Inductive, in vivo suggestions: recurring participant phrases the codebook does not cover.

The deductive auto-coder only finds what the codebook already names. This stage looks the
other way: it counts the 2–5-word phrases people keep using, in the codable segments only
(interviewer turns are never codable), and keeps those that

- recur across cases: at least `min_cases` cases (a segment's case is its source's case, or
  the source itself when it has none, e.g. a document), so one talkative informant's pet
  phrase is not mistaken for a pattern;
- are phrases, not grammar: they neither start nor end with a stop word (spaCy's list for
  the language, plus the spoken Indonesian particles and forms of address it lacks), and
  never run across punctuation or numbers;
- are not covered by the codebook. The auto-coder's own lemma matcher marks, in each
  segment, the words of every strong keyword and exclusion term it finds (so `anggarannya`
  is the keyword `anggaran`); an occurrence that overlaps them is not counted, and neither
  is a phrase that is a context term itself. A phrase that merely contains a context term
  ("data warga" holds "data") still counts: a context term alone never codes a segment.

Ranking is TF-IDF-like: score = cases × ln(N / segments), where N is the number of codable
segments searched and `segments` how many of them hold the phrase. Case spread rewards a
shared way of speaking; the log factor demotes phrases so common they say nothing (a phrase
in every segment scores 0). A shorter phrase found in exactly the same cases and the same
number of segments as a longer phrase containing it is folded into the longer one: it
never occurs without it, so it adds nothing.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import groupby
from typing import Callable, Iterable, Iterator

from qualcode.condense.spacy_import import import_spacy

import_spacy()  # before any `from spacy...`: see spacy_import
from spacy.language import Language

from qualcode.condense.autocode import DocCache, pipeline_version
from qualcode.condense.bulk_coding import LanguageCoder, source_batches
from qualcode.condense.matching import TermMatcher
from qualcode.condense.nlp import pipeline
from qualcode.condense.tokens import TokenBatch
from qualcode.model import Codebook, Source

MIN_WORDS, MAX_WORDS = 2, 5
EXAMPLES = 3
SNIPPET = 60  # characters of context either side of a phrase in an example
# Spoken Indonesian that spaCy's (written-language) stop list lacks: particles, fillers and
# forms of address. "Pak" and "ibu" are already in spaCy's list; these are their siblings.
SPOKEN_ID_STOP_WORDS = frozenset("""
    ya yah iya sih deh lho loh tuh kah nggak ngga gak ga enggak ndak aja udah udh eh hehe haha
    hmm gitu gini kayak banget mas mbak bu bang dik nih toh wong monggo nggih
""".split())


@dataclass(frozen=True)
class Example:
    source_id: str
    segment_id: str
    text: str  # the phrase with a little context, whitespace collapsed


@dataclass(frozen=True)
class PhraseSuggestion:
    rank: int
    phrase: str        # the surface form seen most often
    lemma_key: str     # what it is compared in, e.g. "tenaga kontrak"
    cases: int
    segments: int
    score: float
    languages: tuple[str, ...]
    examples: tuple[Example, ...]


@dataclass
class _Tally:
    cases: set = field(default_factory=set)
    segments: set = field(default_factory=set)
    surfaces: Counter = field(default_factory=Counter)
    languages: set = field(default_factory=set)
    first_in_case: dict = field(default_factory=dict)  # case -> (order, segment, start, end)


class _RunCache:
    """Token streams of this run, so the second pass never tokenises again: DocBin bytes are
    small. New entries also go to the caller's cache, when there is one."""

    def __init__(self, outer: DocCache | None):
        self.outer = outer
        self.data: dict[str, bytes] = {}

    def get(self, key: str) -> bytes | None:
        if key not in self.data and self.outer is not None:
            found = self.outer.get(key)
            if found is not None:
                self.data[key] = found
        return self.data.get(key)

    def put(self, key: str, data: bytes) -> None:
        self.data[key] = data
        if self.outer is not None:
            self.outer.put(key, data)


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


def _snippet(text: str, start: int, end: int) -> str:
    left, right = max(0, start - SNIPPET), min(len(text), end + SNIPPET)
    if left > 0 and " " in text[left:start]:
        left = text.index(" ", left) + 1  # do not cut a word in half
    if right < len(text) and " " in text[end:right]:
        right = text.rindex(" ", end, right)
    body = " ".join(text[left:right].split())
    return ("… " if left > 0 else "") + body + (" …" if right < len(text) else "")


class PhraseScanner:
    """Finds the candidate phrases of segments in one language's pipeline, on their tokens as
    auto-coding has them (a TokenBatch per piece of a source): no spaCy Doc is made."""

    BREAK, INNER, EDGE = 0, 1, 2  # never in a phrase / only inside one / may start or end one

    def __init__(self, codebook: Codebook, nlp: Language):
        self.vocab = nlp.vocab
        self.coverage = Coverage(LanguageCoder(nlp.lang, codebook, lambda _: nlp, None, None).matcher)
        self.stops = stop_words(nlp)
        self.seen: dict[tuple[str, str], tuple[int, str, int]] = {}  # (form, lemma) -> kind, …

    def _word(self, text: str, lemma: str) -> tuple[int, str, int]:
        """What a word form is to a phrase, its lemma, and its length: worked out once."""
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
            found = self.seen[(text, lemma)] = (kind, lemma_text, len(text))
        return found

    def segment_phrases(self, batch: TokenBatch) -> list[list[tuple[tuple[str, ...], int, int]]]:
        """The candidate phrases (`phrases`) of each segment of `batch`, in its order."""
        covered = self.coverage.covered_spans(batch)
        orths, lemmas = list(batch.orths), list(batch.lemmas)  # every form is read: decode them at once
        offsets, ids, idx = batch.offsets.tolist(), batch.ids.tolist(), batch.idx.tolist()
        found = []
        for k in range(len(batch)):
            first, last = offsets[k], offsets[k + 1]
            words = [(orths[i], lemmas[i], at) for i, at in zip(ids[first:last], idx[first:last])]
            found.append(list(self.phrases(words, covered.get(k, ()))))
        return found

    def _runs(self, words: list[tuple[str, str, int]], covered: Iterable[tuple[int, int]]
              ) -> Iterator[list[tuple[int, str, int, int]]]:
        """Stretches of words between punctuation, numbers and codebook terms."""
        inside = [False] * len(words)
        for start, end in covered:
            inside[start:end] = [True] * (end - start)
        run: list = []
        for i, (text, lemma, at) in enumerate(words):
            kind, lemma_text, length = self._word(text, lemma)
            if kind == self.BREAK or inside[i]:
                if run:
                    yield run
                run = []
            else:
                run.append((kind, lemma_text, at, at + length))
        if run:
            yield run

    def phrases(self, words: list[tuple[str, str, int]], covered: Iterable[tuple[int, int]] = ()
                ) -> Iterator[tuple[tuple[str, ...], int, int]]:
        """Every candidate phrase of a segment (`words`: each token's form, lemma and offset;
        `covered`: the token spans of codebook terms): its lemmas and its character span."""
        context_terms = self.coverage.context_terms
        for run in self._runs(words, covered):
            lemmas = [word[1] for word in run]
            for i, (kind, _, start, _) in enumerate(run):
                if kind != self.EDGE:
                    continue
                for j in range(i + MIN_WORDS, min(len(run), i + MAX_WORDS) + 1):
                    if run[j - 1][0] != self.EDGE:
                        continue
                    key = tuple(lemmas[i:j])
                    if key not in context_terms:  # a context term itself is known to the codebook
                        yield key, start, run[j - 1][3]


def _record(tally: _Tally, segment, case: str, language: str, start: int, end: int) -> None:
    tally.cases.add(case)
    tally.segments.add(segment.id)
    tally.surfaces[segment.text[start:end]] += 1
    tally.languages.add(language)
    order = (segment.source_id, segment.ordinal, start)
    if case not in tally.first_in_case or order < tally.first_in_case[case][0]:
        tally.first_in_case[case] = (order, segment, start, end)


def _fold_subsumed(kept: dict[tuple, _Tally]) -> dict[tuple, _Tally]:
    """Drop a phrase contained in a longer kept phrase with the same cases and segment count."""
    support = {lemmas: (frozenset(t.cases), len(t.segments)) for lemmas, t in kept.items()}
    folded = set()
    for lemmas in kept:
        for size in range(MIN_WORDS, len(lemmas)):
            for i in range(len(lemmas) - size + 1):
                part = lemmas[i:i + size]
                if support.get(part) == support[lemmas]:
                    folded.add(part)
    return {lemmas: tally for lemmas, tally in kept.items() if lemmas not in folded}


def _surface(surfaces: Counter) -> str:
    """The form seen most often; ties go to the lowercase-first, then alphabetical one."""
    return min(surfaces, key=lambda s: (-surfaces[s], s != s.lower(), s))


def suggest_phrases(
    sources: Iterable[Source],
    codebook: Codebook,
    min_cases: int = 2,
    top: int | None = 20,
    language: str | None = None,
    pipeline_for: Callable[[str], Language] = pipeline,
    cache: DocCache | None = None,
) -> list[PhraseSuggestion]:
    """Recurring, uncovered phrases of the codable segments, best first (see the module doc).

    Two passes keep memory small on a large corpus: the first only counts, per phrase hash,
    how many cases use it; the second tallies in full the few phrases that recur enough."""
    min_cases = max(1, min_cases)
    cache = _RunCache(cache)
    work = sorted(((source.case_id or source.id, source) for source in sources
                   if language is None or source.language == language),
                  key=lambda item: (item[0], item[1].id))  # grouped by case for the first pass
    prepared: dict[str, tuple] = {}

    def segments_and_phrases(source: Source):
        """Each codable segment of `source` with its candidate phrases."""
        segments = [s for s in source.segments if s.codable]
        if not segments:
            return []
        if source.language not in prepared:
            nlp = pipeline_for(source.language)
            prepared[source.language] = (nlp, pipeline_version(nlp), PhraseScanner(codebook, nlp))
        nlp, version, scanner = prepared[source.language]
        found = [phrases for batch in source_batches(nlp, segments, version, cache)
                 for phrases in scanner.segment_phrases(batch)]
        return list(zip(segments, found))

    case_counts: Counter = Counter()  # phrase hash -> cases; a collision only costs pass 2 time
    searched = 0
    for _, group in groupby(work, key=lambda w: w[0]):
        in_case = set()
        for _, source in group:
            for segment, phrases in segments_and_phrases(source):
                in_case.update(hash(key) for key, _, _ in phrases)
                searched += 1
        case_counts.update(in_case)
    recurring = {h for h, n in case_counts.items() if n >= min_cases}
    del case_counts
    tallies: dict[tuple, _Tally] = defaultdict(_Tally)
    for case, source in work:
        for segment, phrases in segments_and_phrases(source):
            for key, start, end in phrases:
                if hash(key) in recurring:
                    _record(tallies[key], segment, case, source.language, start, end)
    kept = _fold_subsumed({k: t for k, t in tallies.items() if len(t.cases) >= min_cases})
    ranked = sorted(((round(len(t.cases) * math.log(searched / len(t.segments)), 3), k, t)
                     for k, t in kept.items()),
                    key=lambda r: (-r[0], -len(r[2].segments), " ".join(r[1])))
    return [PhraseSuggestion(rank, _surface(tally.surfaces), " ".join(lemmas), len(tally.cases),
                             len(tally.segments), score, tuple(sorted(tally.languages)),
                             _examples(tally))
            for rank, (score, lemmas, tally) in enumerate(ranked[:top], start=1)]


def _examples(tally: _Tally) -> tuple[Example, ...]:
    """The first occurrence in each of the first few cases, in source order."""
    firsts = sorted(tally.first_in_case.values(), key=lambda first: first[0])[:EXAMPLES]
    return tuple(Example(segment.source_id, segment.id, _snippet(segment.text, start, end))
                 for _, segment, start, end in firsts)
