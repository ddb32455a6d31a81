"""Deductive auto-coding: codebook terms matched on lemmas, scored per segment.

Every term goes through the same pipeline as the text, so `anggarannya`,
`penganggaran` and `dianggarkan` all meet the keyword `anggaran`, and
`budgets` meets `budget`. Terms of every language are matched in every source,
because informants code-switch ("political will", "command center" in
Indonesian speech; "APBD", "Perwal" in English).

A segment's score for a code is the sum, over the distinct terms that matched,
of each term's weight: strong keywords weigh 1.0, context terms 0.5. A code is
suggested when its score reaches the threshold (1.0 by default): one strong
term, or two context terms together. Any exclusion term of the code found in
the segment suppresses it. When a subcode is suggested, its parents are not:
the most specific code wins, and displays roll it up to the dimension anyway.

A multi-word term also matches its hyphenated spelling and a hyphenated compound
its spaced one (`gotong royong` / `gotong-royong`, `smart city` / `smart-city`),
since writers use both; either spelling counts as the same term.
A match a negator precedes ("tidak ada anggaran") is marked `negated` and still
counts: see `qualcode.condense.negation` for why.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Iterable, Protocol

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, DocBin

from qualcode.condense.negation import is_negated
from qualcode.condense.nlp import CODING_SKIPS, LEMMA_RULES_VERSION, lemma_key, pipeline
from qualcode.model import AUTO_CODER, Codebook, Coding, Match, Source

DEFAULT_THRESHOLD = 1.0  # the same as qualcode.project.DEFAULT_THRESHOLD (a test keeps them equal)


@dataclass(frozen=True)
class TermEntry:
    code_id: str
    term: str
    weight: float
    excludes: bool = False


class CodebookMatcher:
    """A PhraseMatcher over lemmas for every term of a codebook, in one language's pipeline."""

    def __init__(self, codebook: Codebook, nlp: Language):
        self.nlp = nlp
        self.ancestors = {code.id: set(codebook.ancestors(code.id)) for code in codebook.codes}
        self.matcher = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.entries: dict[str, list[TermEntry]] = defaultdict(list)
        wanted: list[tuple[str, TermEntry]] = []
        for code in codebook.codes:
            for keyword in code.keywords:
                wanted.append((keyword.term, TermEntry(code.id, keyword.term, keyword.weight)))
            for keyword in code.exclude_keywords:
                wanted.append((keyword.term, TermEntry(code.id, keyword.term, 0.0, excludes=True)))
        unique_terms = sorted({term for term, _ in wanted})
        docs = dict(zip(unique_terms, nlp.pipe(unique_terms)))
        for term, entry in wanted:
            key = lemma_key(docs[term])
            if not key.strip():
                continue
            if key not in self.entries:
                self.matcher.add(key, [docs[term]])
            self.entries[key].append(entry)
        self._add_spelling_variants(docs)

    def _add_spelling_variants(self, docs: dict[str, Doc]) -> None:
        """Let `gotong royong` also match `gotong-royong` (one token) and `smart-city` match
        `smart city`, under the term's own key. A variant that is a term of its own, or a
        hyphenated single word (`undang-undang` is not `undang undang`), adds nothing."""
        variants: dict[str, tuple[str, Doc]] = {}
        for term, doc in docs.items():
            key = lemma_key(doc)
            if key not in self.entries:
                continue
            if " " in term:
                variants.setdefault(term.replace(" ", "-"), (key, doc))
            if "-" in term and len(doc) > 1:
                variants.setdefault(term.replace("-", " "), (key, doc))
        texts = sorted(variants)
        for text, variant in zip(texts, self.nlp.pipe(texts)):
            key, _ = variants[text]
            if lemma_key(variant) in self.entries:
                continue
            self.matcher.add(key, [variant])

    def suggest(self, doc: Doc, segment_id: str, threshold: float) -> list[Coding]:
        weights: dict[str, dict[str, float]] = defaultdict(dict)  # code -> lemma key -> weight
        hits: dict[str, list[Match]] = defaultdict(list)
        excluded: set[str] = set()
        for match_id, start, end in self.matcher(doc):
            key = self.nlp.vocab.strings[match_id]
            span = doc[start:end]
            negated = None  # worked out once, when a code wants it
            for entry in self.entries[key]:
                if entry.excludes:
                    excluded.add(entry.code_id)
                    continue
                previous = weights[entry.code_id].get(key, 0.0)
                weights[entry.code_id][key] = max(previous, entry.weight)
                if negated is None:
                    negated = is_negated(doc, start, self.nlp.lang)
                hits[entry.code_id].append(
                    Match(key, span.text, span.start_char, span.end_char, entry.weight, negated))
        suggested = {code_id for code_id, by_term in weights.items()
                     if code_id not in excluded and sum(by_term.values()) >= threshold}
        # The most specific code wins: a parent is implied by its suggested subcode.
        implied = set().union(*(self.ancestors[c] for c in suggested)) if suggested else set()
        codings = []
        for code_id, by_term in weights.items():
            if code_id not in suggested or code_id in implied:
                continue
            score = round(sum(by_term.values()), 3)
            strongest: dict[tuple, Match] = {}
            for hit in hits[code_id]:  # one term listed as keyword and context: keep the stronger
                key = (hit.start, hit.end, hit.term)
                if key not in strongest or hit.weight > strongest[key].weight:
                    strongest[key] = hit
            matched = tuple(strongest[key] for key in sorted(strongest))
            codings.append(Coding(segment_id=segment_id, code_id=code_id, coder=AUTO_CODER,
                                  origin="auto", status="suggested", score=score, matched=matched))
        return sorted(codings, key=lambda c: c.code_id)


class DocCache(Protocol):
    """Where tokenised segments are kept between runs (the workflow hands one in)."""

    def get(self, key: str) -> bytes | None: ...

    def put(self, key: str, data: bytes) -> None: ...


def pipeline_version(nlp: Language) -> str:
    """What a cached token stream depends on: spaCy, the lookup tables, our lemma rules."""
    import spacy_lookups_data

    return "|".join((spacy.__version__, spacy_lookups_data.__version__, LEMMA_RULES_VERSION,
                     nlp.lang, nlp.meta.get("name", ""), nlp.meta.get("version", "")))


def _segments_key(version: str, segments: list) -> str:
    return hashlib.sha1("\x00".join([version, *(s.text for s in segments)]).encode("utf-8")).hexdigest()


def _source_docs(nlp: Language, segments: list, version: str, cache: DocCache | None) -> list[Doc]:
    """One source's codable segments as Docs: from the cache when its texts are unchanged."""
    key = _segments_key(version, segments)
    cached = cache.get(key) if cache else None
    if cached is not None:
        docs = list(DocBin().from_bytes(cached).get_docs(nlp.vocab))
        if len(docs) == len(segments):
            return docs
    skip = [name for name in CODING_SKIPS if name in nlp.pipe_names]
    docs = list(nlp.pipe((s.text for s in segments), batch_size=256, disable=skip))
    if cache is not None:
        bin_ = DocBin(attrs=["ORTH", "LEMMA", "SPACY"], store_user_data=False)
        for doc in docs:
            bin_.add(doc)
        cache.put(key, bin_.to_bytes())
    return docs


class _Recorder:
    """A cache stand-in for a worker process: serves what the parent looked up, keeps what is new."""

    def __init__(self, known: dict[str, bytes]):
        self.known, self.new = known, {}

    def get(self, key: str) -> bytes | None:
        return self.known.get(key)

    def put(self, key: str, data: bytes) -> None:
        self.new[key] = data


# Set in the parent before forking, so workers inherit built pipelines instead of rebuilding them.
_FORKED: dict = {}
# Below this many codable segments, starting processes costs more than it saves.
JOBS_MIN_SEGMENTS = 4000


def _code_sources(sources: list[Source], matchers: dict, threshold: float, cache: DocCache | None,
                  on_segment: Callable[[int], None] | None) -> list[Coding]:
    codings: list[Coding] = []
    for source in sources:
        segments = [s for s in source.segments if s.codable]
        if not segments:
            continue
        nlp, matcher, version = matchers[source.language]
        for segment, doc in zip(segments, _source_docs(nlp, segments, version, cache)):
            codings.extend(matcher.suggest(doc, segment.id, threshold))
        if on_segment:
            on_segment(len(segments))
    return codings


def _worker(chunk: list[tuple[Source, dict[str, bytes]]]) -> tuple[list[Coding], dict[str, bytes]]:
    recorder = _Recorder({k: v for _, known in chunk for k, v in known.items()})
    codings = _code_sources([s for s, _ in chunk], _FORKED["matchers"], _FORKED["threshold"],
                            recorder, None)
    return codings, recorder.new




def auto_code(
    sources: Iterable[Source],
    codebook: Codebook,
    threshold: float = DEFAULT_THRESHOLD,
    pipeline_for: Callable[[str], Language] = pipeline,
    on_segment: Callable[[int], None] | None = None,
    cache: DocCache | None = None,
    jobs: int = 1,
) -> list[Coding]:
    """Suggestions for every codable segment of `sources`, source by source, so memory
    holds one source's documents at a time. With `jobs` > 1 and enough segments, sources
    are coded in forked worker processes that share the parent's built pipelines."""
    sources = list(sources)
    matchers: dict[str, tuple[Language, CodebookMatcher, str]] = {}
    for language in sorted({s.language for s in sources}):
        nlp = pipeline_for(language)
        matchers[language] = (nlp, CodebookMatcher(codebook, nlp), pipeline_version(nlp))
    codable = sum(s.codable for source in sources for s in source.segments)
    if jobs <= 1 or codable < JOBS_MIN_SEGMENTS or not hasattr(__import__("os"), "fork"):
        return _code_sources(sources, matchers, threshold, cache, on_segment)
    import multiprocessing

    _FORKED.update(matchers=matchers, threshold=threshold)
    work = []
    for source in sources:
        key = _segments_key(matchers[source.language][2], [s for s in source.segments if s.codable])
        known = cache.get(key) if cache else None
        work.append((source, {key: known} if known is not None else {}))
    size = max(1, len(work) // (jobs * 4))
    chunks = [work[i:i + size] for i in range(0, len(work), size)]
    codings: list[Coding] = []
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        for (found, new), chunk in zip(pool.imap(_worker, chunks), chunks):
            codings.extend(found)
            for key, data in new.items():
                if cache is not None:
                    cache.put(key, data)
            if on_segment:
                on_segment(sum(s.codable for source, _ in chunk for s in source.segments))
    _FORKED.clear()
    return codings
