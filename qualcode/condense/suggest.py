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
from spacy.attrs import IDX, LEMMA, ORTH
from spacy.language import Language

from qualcode.condense.autocode import CodebookMatcher, DocCache, pipeline_version
from qualcode.condense.bulk_coding import source_docs
from qualcode.condense.nlp import pipeline
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

    def __init__(self, codebook: Codebook, nlp: Language):
        self.codebook_matcher = CodebookMatcher(codebook, nlp)
        entries = self.codebook_matcher.entries
        self.context_terms = {tuple(key.split()) for key, found in entries.items()
                              if any(0 < e.weight < 1 and not e.excludes for e in found)}

    def covered_tokens(self, doc) -> list[bool]:
        """Per token: is it part of a strong keyword or an exclusion term found in `doc`?"""
        covered = [False] * len(doc)
        strings = self.codebook_matcher.nlp.vocab.strings
        for match_id, start, end in self.codebook_matcher.matcher(doc):
            entries = self.codebook_matcher.entries[strings[match_id]]
            if any(e.weight >= 1 or e.excludes for e in entries):
                covered[start:end] = [True] * (end - start)
        return covered


def _snippet(text: str, start: int, end: int) -> str:
    left, right = max(0, start - SNIPPET), min(len(text), end + SNIPPET)
    if left > 0 and " " in text[left:start]:
        left = text.index(" ", left) + 1  # do not cut a word in half
    if right < len(text) and " " in text[end:right]:
        right = text.rindex(" ", end, right)
    body = " ".join(text[left:right].split())
    return ("… " if left > 0 else "") + body + (" …" if right < len(text) else "")


class PhraseScanner:
    """Finds the candidate phrases of segments in one language's pipeline."""

    BREAK, INNER, EDGE = 0, 1, 2  # never in a phrase / only inside one / may start or end one

    def __init__(self, codebook: Codebook, nlp: Language):
        self.vocab = nlp.vocab
        self.coverage = Coverage(codebook, nlp)
        self.stops = stop_words(nlp)
        self.seen: dict[tuple[int, int], tuple[int, str, int]] = {}  # (orth, lemma) -> kind, …

    def _word(self, orth: int, lemma: int) -> tuple[int, str, int]:
        """What a word form is to a phrase, its lemma, and its length: worked out once."""
        found = self.seen.get((orth, lemma))
        if found is None:
            lexeme, strings = self.vocab[orth], self.vocab.strings
            text, lemma_text = lexeme.orth_, strings[lemma].lower()
            if (lexeme.is_punct or lexeme.is_space or lexeme.like_num
                    or not any(c.isalpha() for c in text)):
                kind = self.BREAK  # punctuation, numbers and symbols end a phrase
            elif lexeme.lower_ in self.stops or lemma_text in self.stops or text.startswith("-"):
                kind = self.INNER  # a stop word or a detached clitic (-nya) never edges one
            else:
                kind = self.EDGE
            found = self.seen[(orth, lemma)] = (kind, lemma_text, len(text))
        return found

    def _runs(self, doc) -> Iterator[list[tuple[int, str, int, int]]]:
        """Stretches of words between punctuation, numbers and codebook terms."""
        covered = self.coverage.covered_tokens(doc)
        run: list = []
        for i, (orth, lemma, idx) in enumerate(doc.to_array([ORTH, LEMMA, IDX]).tolist()):
            kind, lemma_text, length = self._word(orth, lemma)
            if kind == self.BREAK or covered[i]:
                if run:
                    yield run
                run = []
            else:
                run.append((kind, lemma_text, idx, idx + length))
        if run:
            yield run

    def phrases(self, doc) -> Iterator[tuple[tuple[str, ...], int, int]]:
        """Every candidate phrase of a segment: its lemmas and its character span."""
        context_terms = self.coverage.context_terms
        for run in self._runs(doc):
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

    def segments_and_docs(source: Source):
        segments = [s for s in source.segments if s.codable]
        if not segments:
            return []
        if source.language not in prepared:
            nlp = pipeline_for(source.language)
            prepared[source.language] = (nlp, pipeline_version(nlp), PhraseScanner(codebook, nlp))
        nlp, version, scanner = prepared[source.language]
        docs = source_docs(nlp, segments, version, cache)
        return [(segment, doc, scanner) for segment, doc in zip(segments, docs)]

    case_counts: Counter = Counter()  # phrase hash -> cases; a collision only costs pass 2 time
    searched = 0
    for _, group in groupby(work, key=lambda w: w[0]):
        in_case = set()
        for _, source in group:
            for segment, doc, scanner in segments_and_docs(source):
                in_case.update(hash(key) for key, _, _ in scanner.phrases(doc))
                searched += 1
        case_counts.update(in_case)
    recurring = {h for h, n in case_counts.items() if n >= min_cases}
    del case_counts
    tallies: dict[tuple, _Tally] = defaultdict(_Tally)
    for case, source in work:
        for segment, doc, scanner in segments_and_docs(source):
            for key, start, end in scanner.phrases(doc):
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
