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
from collections import defaultdict
from dataclasses import dataclass
from itertools import groupby
from typing import Callable, Iterable, Iterator

import numpy as np

from qualcode.condense.spacy_import import import_spacy

import_spacy()  # before any `from spacy...`: see spacy_import
from spacy.language import Language

from qualcode.condense.autocode import DocCache, pipeline_version
from qualcode.condense.bulk_coding import joined_batch
from qualcode.condense.nlp import pipeline
from qualcode.condense.phrase_scan import MIN_WORDS, CaseCounts, LemmaNumbers, Occurrences, PhraseScanner, among
from qualcode.model import Codebook, Segment, Source

EXAMPLES = 3
SNIPPET = 60  # characters of context either side of a phrase in an example
CHUNK_SEGMENTS, CHUNK_CHARS = 2_000, 500_000  # see `_chunks`


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


class _Tally:
    """One phrase's uses. A plain class: a large corpus makes hundreds of thousands."""

    __slots__ = ("cases", "segments", "surfaces", "languages", "first_in_case")

    def __init__(self):
        self.cases: set = set()
        self.segments: set = set()
        self.surfaces: dict[str, int] = {}  # each form as written -> its uses
        self.languages: set = set()
        self.first_in_case: dict = {}  # case -> (order, segment, start, end)


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


def _snippet(text: str, start: int, end: int) -> str:
    left, right = max(0, start - SNIPPET), min(len(text), end + SNIPPET)
    if left > 0 and " " in text[left:start]:
        left = text.index(" ", left) + 1  # do not cut a word in half
    if right < len(text) and " " in text[end:right]:
        right = text.rindex(" ", end, right)
    body = " ".join(text[left:right].split())
    return ("… " if left > 0 else "") + body + (" …" if right < len(text) else "")


def _record(tally: _Tally, segment, case: str, language: str, start: int, end: int) -> None:
    tally.cases.add(case)
    tally.segments.add(segment.id)
    surface = segment.text[start:end]
    tally.surfaces[surface] = tally.surfaces.get(surface, 0) + 1
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


def _surface(surfaces: dict[str, int]) -> str:
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
    scan = _Scan(codebook, pipeline_for, cache)

    # Pass 1: how many cases use each phrase, counted by hash (a collision only costs pass 2
    # time: pass 2 counts phrases themselves). A context term is counted here and left out there.
    case_hashes = CaseCounts()
    searched = 0
    for chunk in _chunks(work):
        cases, hashes = [], []
        for part in scan(chunk):
            searched += len(part.segments)
            cases.append(part.case_numbers[part.occurrences.segment])
            hashes.append(part.occurrences.hashes)
        if hashes:
            case_hashes.add(np.concatenate(cases), np.concatenate(hashes))
    recurring = case_hashes.at_least(min_cases)
    del case_hashes
    tallies: dict[tuple, _Tally] = defaultdict(_Tally)
    exact = len(scan.numbers.texts) < 2 ** 21 - 1  # a phrase's lemma numbers pack into `codes`
    keys: dict[tuple[int, int], tuple[str, ...]] = {}  # code -> phrase, each made once
    for chunk in _chunks(work):
        for part in scan(chunk):
            found = part.occurrences
            context_terms = scan.context_terms(part.language)
            chosen = np.flatnonzero(among(found.hashes, recurring))
            codes = found.codes(chosen) if exact else [None] * len(chosen)
            for k, code in zip(chosen.tolist(), codes):
                key = keys.get(code) if exact else None
                if key is None:
                    key = found.key(k, scan.numbers)
                    if exact:
                        keys[code] = key
                if key not in context_terms:  # a context term itself is known to the codebook
                    segment = int(found.segment[k])
                    _record(tallies[key], part.segments[segment], part.cases[segment], part.language,
                            int(found.start[k]), int(found.end[k]))
    kept = _fold_subsumed({k: t for k, t in tallies.items() if len(t.cases) >= min_cases})
    ranked = sorted(((round(len(t.cases) * math.log(searched / len(t.segments)), 3), k, t)
                     for k, t in kept.items()),
                    key=lambda r: (-r[0], -len(r[2].segments), " ".join(r[1])))
    return [PhraseSuggestion(rank, _surface(tally.surfaces), " ".join(lemmas), len(tally.cases),
                             len(tally.segments), score, tuple(sorted(tally.languages)),
                             _examples(tally))
            for rank, (score, lemmas, tally) in enumerate(ranked[:top], start=1)]


@dataclass
class _Part:
    """The codable segments of a chunk's sources in one language, with each one's case, and
    their candidate phrases."""

    language: str
    segments: list[Segment]
    cases: list[str]
    case_numbers: np.ndarray  # each segment's case, numbered within the chunk
    occurrences: Occurrences


class _Scan:
    """The candidate phrases of a chunk of sources: a scanner (and pipeline) per language,
    made when the language is first met, and their lemma numbers shared."""

    def __init__(self, codebook: Codebook, pipeline_for: Callable[[str], Language], cache: "_RunCache"):
        self.codebook, self.pipeline_for, self.cache = codebook, pipeline_for, cache
        self.numbers = LemmaNumbers()
        self.prepared: dict[str, tuple[Language, str, PhraseScanner]] = {}

    def context_terms(self, language: str) -> set[tuple[str, ...]]:
        return self.prepared[language][2].coverage.context_terms

    def __call__(self, chunk: list[tuple[str, Source]]) -> list[_Part]:
        by_language: dict[str, tuple[list, list, list]] = {}
        for case, source in chunk:
            segments = [s for s in source.segments if s.codable]
            if segments:
                found = by_language.setdefault(source.language, ([], [], []))
                found[0].append(segments)
                found[1].extend(segments)
                found[2].extend([case] * len(segments))
        numbered = {case: n for n, case in enumerate(dict.fromkeys(case for case, _ in chunk))}
        parts = []
        for language, (per_source, segments, cases) in by_language.items():
            if language not in self.prepared:
                nlp = self.pipeline_for(language)
                self.prepared[language] = (nlp, pipeline_version(nlp), PhraseScanner(self.codebook, nlp, self.numbers))
            nlp, version, scanner = self.prepared[language]
            batch = joined_batch(nlp, per_source, version, self.cache)
            parts.append(_Part(language, segments, cases, np.array([numbered[c] for c in cases], dtype=np.int64),
                               scanner.occurrences(batch)))
        return parts


def _chunks(work: list[tuple[str, Source]]) -> Iterator[list[tuple[str, Source]]]:
    """`work` (sorted by case) in runs of whole cases, of CHUNK_SEGMENTS codable segments or
    CHUNK_CHARS characters of them at least (but for the last): scanned together, the array
    work's cost per call is shared by many short sources."""
    chunk: list[tuple[str, Source]] = []
    segments = chars = 0
    for _, group in groupby(work, key=lambda w: w[0]):
        for case, source in group:
            chunk.append((case, source))
            codable = [s for s in source.segments if s.codable]
            segments += len(codable)
            chars += sum(len(s.text) for s in codable)
        if segments >= CHUNK_SEGMENTS or chars >= CHUNK_CHARS:
            yield chunk
            chunk, segments, chars = [], 0, 0
    if chunk:
        yield chunk


def _examples(tally: _Tally) -> tuple[Example, ...]:
    """The first occurrence in each of the first few cases, in source order."""
    firsts = sorted(tally.first_in_case.values(), key=lambda first: first[0])[:EXAMPLES]
    return tuple(Example(segment.source_id, segment.id, _snippet(segment.text, start, end))
                 for _, segment, start, end in firsts)
