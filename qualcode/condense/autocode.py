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

`CodebookMatcher` states these rules on spaCy Docs (and serves `code suggest`). Bulk
coding (`auto_code`, `iter_auto_code`) applies the same rules without spaCy objects
(`qualcode.condense.matching`) to cached or freshly made token arrays
(`qualcode.condense.bulk_coding`); tests hold the two to identical codings.
"""

from __future__ import annotations

import os
from collections import defaultdict
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Mapping

from qualcode.condense.bulk_coding import (
    DocCache, LanguageCoder, Piece, SegmentReader, Settled, code_group, coding_version, groups,
    list_pieces, piece_key, pipeline_version, read_tokens,
)
from qualcode.condense.coding_cache import SuggestionRow
from qualcode.condense.matching import outermost
from qualcode.condense.term_index import UNLESS_NEGATED, TermEntry, active_order, codebook_terms, verb_of
from qualcode.condense.negation import idiom_at_edges, idiom_edged, is_negated
from qualcode.errors import QualcodeError
from qualcode.model import AUTO_CODER, Codebook, Coding, Match, Source

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["CodebookMatcher", "DEFAULT_THRESHOLD", "DocCache", "JOBS_MIN_SEGMENTS", "Settled",
           "TermEntry", "auto_code", "index_holds", "iter_auto_code", "iter_indexed", "pipeline_version",
           "uses_workers"]

DEFAULT_THRESHOLD = 1.0  # the same as qualcode.project.DEFAULT_THRESHOLD (a test keeps them equal)


class CodebookMatcher:
    """A PhraseMatcher over lemmas for every term of a codebook, in one language's pipeline.

    Bulk coding runs `qualcode.condense.matching` instead, which gives the same codings
    without spaCy objects (a test holds them equal); `code suggest` uses this one."""

    def __init__(self, codebook: Codebook, nlp: "Language"):
        from spacy.matcher import PhraseMatcher

        from qualcode.condense.nlp import lemma_key

        self.nlp = nlp
        self.ancestors = {code.id: set(codebook.ancestors(code.id)) for code in codebook.codes}
        self.matcher = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.entries: dict[str, list[TermEntry]] = defaultdict(list)
        wanted = codebook_terms(codebook)
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

    def _add_spelling_variants(self, docs: dict[str, "Doc"]) -> None:
        """Let `gotong royong` also match `gotong-royong` (one token), `smart-city` match
        `smart city`, `participation` match `participated` and `anggaran dipangkas` match
        `memangkas anggaran`, under the term's own key. A
        variant that is a term of its own, or a hyphenated single word (`undang-undang` is
        not `undang undang`), adds nothing."""
        from qualcode.condense.nlp import lemma_key

        variants: dict[str, tuple[str, Doc]] = {}
        for term, doc in docs.items():
            key = lemma_key(doc)
            if key not in self.entries:
                continue
            if " " in term:
                variants.setdefault(term.replace(" ", "-"), (key, doc))
            if "-" in term and len(doc) > 1:
                variants.setdefault(term.replace("-", " "), (key, doc))
            if verb := verb_of(term):
                variants.setdefault(verb, (key, doc))
            if active := active_order(term, tuple(token.lemma_ for token in doc)):
                variants.setdefault(active, (key, doc))
        texts = sorted(variants)
        for text, variant in zip(texts, self.nlp.pipe(texts)):
            key, _ = variants[text]
            if lemma_key(variant) in self.entries:
                continue
            self.matcher.add(key, [variant])

    def suggest(self, doc: "Doc", segment_id: str, threshold: float) -> list[Coding]:
        weights: dict[str, dict[str, float]] = defaultdict(dict)  # code -> lemma key -> weight
        hits: dict[str, list[Match]] = defaultdict(list)
        excluded: set[str] = set()
        for match_id, start, end in self.matcher(doc):
            key = self.nlp.vocab.strings[match_id]
            if idiom_edged(key) and idiom_at_edges(doc[start - 1].lower_ if start else None, doc[start].lower_,
                                                   doc[end - 1].lower_, doc[end].lower_ if end < len(doc) else None):
                continue  # kurang in "kurang lebih" is no shortage
            span = doc[start:end]
            negated = None  # worked out once, when a code wants it
            for entry in self.entries[key]:
                if entry.excludes:
                    excluded.add(entry.code_id)
                    continue
                if negated is None:
                    negated = is_negated(doc, start, self.nlp.lang, end)
                if entry.polar and negated == (entry.polar == UNLESS_NEGATED):
                    continue  # a factor said in the negative is not that factor, but its opposite
                previous = weights[entry.code_id].get(key, 0.0)
                weights[entry.code_id][key] = max(previous, entry.weight)
                hits[entry.code_id].append(
                    Match(key, span.text, span.start_char, span.end_char, entry.weight, negated))
        for code_id, found in hits.items():  # a term inside a longer one adds nothing
            kept = outermost((hit.start, hit.end) for hit in found)
            if len(kept) < len({(hit.start, hit.end) for hit in found}):
                hits[code_id] = found = [hit for hit in found if (hit.start, hit.end) in kept]
                weights[code_id] = {}
                for hit in found:
                    weights[code_id][hit.term] = max(weights[code_id].get(hit.term, 0.0), hit.weight)
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


# ------------------------------------------------------------------------------ bulk coding
# Below this many codable segments, starting processes costs about what it saves. Measured
# on 2 CPUs (alternated pairs, 1 job over 2): `code auto` alone 0.95 x on ~1,200 segments,
# 0.97 x on ~1,900, 1.07 x on ~3,100 (8 pairs, 0.89-1.23), 1.15 x on ~4,900, 1.26 x on
# ~7,300; ingest and code together (`run`, which ingests in a second process) 1.01 x on
# ~1,900, 1.19 x on ~3,100, 1.33 x on ~4,900. The harness's own sweep of `code auto`, run
# again in a new process, gave 1.12 x on ~3,100 and ~7,300; inside a whole harness run
# (benchmarks/RESULTS.md) it has given 0.90-1.00 x on ~3,100-4,900 and 0.96 x on ~7,300.
# The machine's other load moves these figures more than the corpus size does.
JOBS_MIN_SEGMENTS = 4000


def auto_code(
    sources: Iterable[Source],
    codebook: Codebook,
    threshold: float = DEFAULT_THRESHOLD,
    pipeline_for: Callable[[str], "Language"] | None = None,
    on_segment: Callable[[int], None] | None = None,
    cache: DocCache | None = None,
    jobs: int = 1,
    trained: Mapping[str, str] | None = None,
) -> list[Coding]:
    """Suggestions for every codable segment of `sources` (see iter_auto_code)."""
    return [row.coding() for rows in iter_auto_code(sources, codebook, threshold, pipeline_for,
                                                    on_segment, cache, jobs, trained)
            for row in rows]


def iter_auto_code(
    sources: Iterable[Source],
    codebook: Codebook,
    threshold: float = DEFAULT_THRESHOLD,
    pipeline_for: Callable[[str], "Language"] | None = None,
    on_segment: Callable[[int], None] | None = None,
    cache: DocCache | None = None,
    jobs: int = 1,
    trained: Mapping[str, str] | None = None,
    expected_segments: int | None = None,
    settled: Settled | None = None,
) -> Iterator[list[SuggestionRow]]:
    """Suggestions group by group, in source order, holding one group's tokens at a time:
    rows ready for the store (`SuggestionRow.coding()` makes a Coding of one).

    `trained` maps a language to the spaCy package configured for it ([pipelines]); the
    pipelines are built (by `pipeline_for`, default `nlp.pipeline`) only when something
    must be tokenised. With `jobs` > 1 and at least JOBS_MIN_SEGMENTS codable segments
    (`expected_segments`, or counted when `sources` is a list), groups are coded in forked
    worker processes. With `settled` (the caller's store holds the rows the cache's kept
    codings have), pieces whose kept codings still hold are counted there, not yielded."""
    trained = dict(trained or {})
    pipeline_for = pipeline_for or _default_pipelines(trained)
    coders: dict[str, LanguageCoder] = {}

    def coder_for(language: str, cache) -> LanguageCoder:
        return LanguageCoder(language, codebook, pipeline_for, trained.get(language), cache)

    def prepared(group: list[Piece], read: bool) -> list[Piece]:
        for piece in group:
            coder = coders.get(piece.language)
            if coder is None:
                coder = coders[piece.language] = coder_for(piece.language, cache)
            piece.key = piece_key(coder.version, [s.text for s in piece.segments])
        if read:
            read_tokens(group, cache)
        return group

    if expected_segments is None and isinstance(sources, (list, tuple)):
        expected_segments = sum(s.codable for source in sources for s in source.segments)
    workers = uses_workers(jobs, expected_segments)
    # Kept codings settle most pieces of a warm run, whose tokens are then never read: such a
    # cache has them read only for the pieces matched. Workers have no cache: read them all.
    read_now = workers or getattr(cache, "get_codings", None) is None
    work = (prepared(group, read_now) for group in groups(sources))
    if workers:
        from qualcode.condense.coding_workers import code_in_workers

        yield from code_in_workers(work, coders, lambda language: coder_for(language, None), threshold,
                                   cache, on_segment, jobs, settled)
        return
    for group in work:
        list_pieces(group, coders, cache)  # for the next run (`iter_indexed`)
        yield code_group(group, coders, threshold, cache, cache.put if cache is not None else None,
                         settled)
        if on_segment:
            on_segment(sum(len(p.segments) for p in group))


# Segments of a run index coded together: memory holds one chunk's kept-codings heads and
# the tokens of the pieces in it that an edit touches.
INDEX_CHUNK_SEGMENTS = 16_384


def index_holds(versions: Mapping[str, str], trained: Mapping[str, str] | None = None) -> bool:
    """Were a run index's pieces keyed with the pipeline versions installed now?"""
    trained = dict(trained or {})
    return all(coding_version(language, trained.get(language)) == version
               for language, version in versions.items())


def iter_indexed(
    index: Iterable,
    codebook: Codebook,
    threshold: float,
    cache: DocCache,
    settled: Settled,
    read_segments: SegmentReader,
    trained: Mapping[str, str] | None = None,
    pipeline_for: Callable[[str], "Language"] | None = None,
    on_segment: Callable[[int], None] | None = None,
    expected_segments: int | None = None,
) -> Iterator[list[SuggestionRow]]:
    """iter_auto_code for a store as the last run left it, over that run's pieces (`index`:
    IndexedPiece-like records, in order) rather than the store's segments: each piece's kept
    codings are found by its key, and only the pieces an edit touches have their segments
    read (`read_segments`) when they must be tokenised. The caller checks `index_holds`
    first. An index that yields other than `expected_segments` segments (pieces deleted by
    another run meanwhile) raises QualcodeError: a partial list must not vouch for a store."""
    trained = dict(trained or {})
    pipeline_for = pipeline_for or _default_pipelines(trained)
    coders: dict[str, LanguageCoder] = {}
    chunk: list[Piece] = []
    size = 0

    def coded() -> list[SuggestionRow]:
        for piece in chunk:
            if piece.language not in coders:
                coders[piece.language] = LanguageCoder(piece.language, codebook, pipeline_for,
                                                       trained.get(piece.language), cache)
        rows = code_group(chunk, coders, threshold, cache, cache.put, settled, read_segments)
        if on_segment:
            on_segment(size)
        return rows

    seen = 0
    for record in index:
        chunk.append(Piece.from_index(record.language, record.source_id, record.ordinals,
                                      record.key, record.codings_key))
        size += len(record.ordinals)
        seen += len(record.ordinals)
        if size >= INDEX_CHUNK_SEGMENTS:
            yield coded()
            chunk, size = [], 0
    if chunk:
        yield coded()
    if expected_segments is not None and seen != expected_segments:
        raise QualcodeError("the token cache's list of pieces changed while `code auto` ran, or is damaged;"
                            " run it again (the next run lists them anew)")


def _default_pipelines(trained: dict[str, str]) -> Callable[[str], "Language"]:
    def pipeline_for(language: str) -> "Language":
        from qualcode.condense.nlp import pipeline  # spaCy: imported only when a pipeline is built

        return pipeline(language, trained.get(language))
    return pipeline_for


def uses_workers(jobs: int, expected_segments: int | None) -> bool:
    """Will iter_auto_code code in worker processes?"""
    return jobs > 1 and (expected_segments or 0) >= JOBS_MIN_SEGMENTS and hasattr(os, "fork")
