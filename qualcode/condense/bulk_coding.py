"""Auto-coding many segments: pieces, groups, the token cache, spaCy only when needed.

Segments are coded a group at a time, so memory holds one group's tokens whatever the
corpus size, even for a single 50 MB transcript. Each source's codable segments are cut
into pieces (`PIECE_SEGMENTS` segments or `PIECE_CHARS` characters at most, so a small
source is one piece); a piece is the unit of the token cache, keyed by a hash of its texts
and of `pipeline_version`. Consecutive pieces form a group (`GROUP_SEGMENTS`): the pieces
the cache lacks are tokenised together, in one call; the cached ones are decoded and
matched together.

A language's spaCy pipeline is built only when something must be tokenised: a warm run
(every piece in the cache, and every codebook term either in the cache or made of chunks
it knows) never builds one. The cache also keeps each segment's suggestions with the
fingerprint of the codebook part that can match in it (`coding_cache`), so after a
codebook edit only the segments the edit can touch are matched again.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator, Protocol

from qualcode.condense.chunk_tokenizer import NOT_SINGLE_SPACES
from qualcode.condense.coding_cache import SuggestionRow, rows_key
from qualcode.condense.kept_codings import Settled, code_kept
from qualcode.condense.matching import TermMatcher
from qualcode.condense.term_index import TermIndex, TermTokens
from qualcode.condense.tokens import FORMAT, SPACE, TokenBatch, decode_joined, decode_tokens
from qualcode.ingest.language import segment_language
from qualcode.model import Segment, Source

PIECE_SEGMENTS = 256
PIECE_CHARS = 250_000
GROUP_SEGMENTS = 512


class DocCache(Protocol):
    """Where token streams are kept between runs (the workflow hands in a TokenCache). Only
    get/put are required; a cache may also offer `get_many`, the codebook terms' tokens
    (`term_tokens` / `put_term_tokens`), known chunks (`chunk_tokens` / `put_chunk_tokens`)
    and each piece's suggestions: its head (`get_codings` / `get_codings_many`), its lemmas
    (`get_lemmas` / `get_lemmas_many`) and its rows (`get_rows` / `get_rows_many`), written
    by `put_codings(key, head, rows, lemmas)` (lemmas None: those stored are kept), and the
    codebooks they were made under (`get_bases` / `put_base`, see `code_changes`)."""

    def get(self, key: str) -> bytes | None: ...

    def put(self, key: str, data: bytes) -> None: ...


@lru_cache(maxsize=None)
def coding_version(language: str, trained: str | None = None) -> str:
    """What a cached token stream depends on: spaCy, the lookup tables, our lemma and chunk
    memo rules, the cache format, the language and its pipeline. Worked out without building
    the pipeline."""
    from qualcode.condense.rule_versions import LEMMA_RULES_VERSION, TOKEN_RULES_VERSION

    pipeline = f"{trained}-{installed_version(trained)}" if trained else "blank"
    return "|".join((about_version("spacy") or installed_version("spacy"),
                     about_version("spacy_lookups_data") or installed_version("spacy-lookups-data"),
                     LEMMA_RULES_VERSION, f"chunks{TOKEN_RULES_VERSION}", f"tokens{FORMAT}",
                     language, pipeline))


_ABOUT = re.compile(r"""^__version__\s*=\s*["']([^"']+)["']""", re.MULTILINE)


def about_version(package: str) -> str | None:
    """The `__version__` a package keeps in its `about.py`, as spaCy and its lookup tables do,
    read without importing the package: importlib.metadata would cost every run about 50 ms
    (it imports the email parser to read METADATA). None when there is none to read."""
    from importlib.util import find_spec

    try:
        spec = find_spec(package)
    except (ImportError, ValueError):
        return None
    for folder in (spec.submodule_search_locations or []) if spec else []:
        try:
            found = _ABOUT.search((Path(folder) / "about.py").read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
        if found:
            return found.group(1)
    return None


def installed_version(distribution: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return "none"


def pipeline_version(nlp) -> str:
    """coding_version of a built pipeline."""
    from qualcode.condense.lazy_tokenizer import LazySpecialsTokenizer

    if isinstance(nlp.tokenizer, LazySpecialsTokenizer):
        return coding_version(nlp.lang)
    return coding_version(nlp.lang, f"{nlp.lang}_{nlp.meta.get('name', '')}")  # its package


def piece_key(version: str, texts: list[str]) -> str:
    return hashlib.sha1("\x00".join([version, *texts]).encode("utf-8")).hexdigest()


def pieces(segments: Iterable[Segment]) -> Iterator[list[Segment]]:
    """A source's codable segments cut into cache pieces (the same cut on every run)."""
    piece: list[Segment] = []
    chars = 0
    for segment in segments:
        if piece and (len(piece) >= PIECE_SEGMENTS or chars + len(segment.text) > PIECE_CHARS):
            yield piece
            piece, chars = [], 0
        piece.append(segment)
        chars += len(segment.text)
    if piece:
        yield piece


@dataclass
class Piece:
    """Consecutive codable segments of one source. A piece from a run index
    (`from_index`) knows its segments' ids, not yet their texts: `segments` is None until
    `fill_segments` reads them, when they must be tokenised."""

    language: str
    segments: list[Segment] | None
    key: str = ""
    cached: bytes | None = None  # its token stream, when the cache has it
    read: bool = False  # has `cached` been looked up? (kept codings may make it unneeded)
    source_id: str = ""
    ordinals: list[int] | None = None

    @cached_property
    def ids(self) -> list[str]:
        if self.segments is None:
            return [f"{self.source_id}:{ordinal}" for ordinal in self.ordinals]
        return [s.id for s in self.segments]

    @cached_property
    def codings_key(self) -> str:
        """Where its kept codings are (`coding_cache.rows_key`)."""
        return rows_key(self.key, self.ids)

    @classmethod
    def from_index(cls, language: str, source_id: str, ordinals: list[int], key: str,
                   codings_key: str) -> "Piece":
        piece = cls(language, None, key, source_id=source_id, ordinals=ordinals)
        piece.codings_key = codings_key
        return piece


SegmentReader = Callable[[list[tuple[str, list[int]]]], list[list[Segment]]]


def fill_segments(pieces: list[Piece], read: SegmentReader | None) -> None:
    """Read the segments of the pieces that lack them (pieces from a run index)."""
    lacking = [p for p in pieces if p.segments is None]
    if not lacking:
        return
    if read is None:
        raise RuntimeError("pieces from a run index need a segment reader")
    for piece, segments in zip(lacking, read([(p.source_id, p.ordinals) for p in lacking])):
        piece.segments = segments


def read_tokens(pieces: list[Piece], cache: DocCache | None) -> None:
    """Each piece's token stream from the cache (`cached`), for those not looked up yet."""
    unread = [p for p in pieces if not p.read]
    if cache is not None and unread:
        many = getattr(cache, "get_many", None)
        found = many([p.key for p in unread]) if many else {p.key: cache.get(p.key) for p in unread}
        for piece in unread:
            piece.cached = found.get(piece.key)
    for piece in unread:
        piece.read = True


def list_pieces(group: list[Piece], coders: dict, cache) -> None:
    """A cache in a run that lists its pieces gets them in order, for the next run."""
    if getattr(cache, "listing", False):
        for piece in group:
            cache.index_piece(piece.language, coders[piece.language].version, piece.segments[0].source_id,
                              [s.ordinal for s in piece.segments], piece.key, piece.codings_key)


def groups(sources: Iterable[Source]) -> Iterator[list[Piece]]:
    """Pieces of consecutive sources, about GROUP_SEGMENTS segments to a group. A source
    only needs `language` and `segments` (which may be an iterator, read once)."""
    group: list[Piece] = []
    size = 0
    for source in sources:
        # a run of segments in another language than the source's (an English answer in an
        # Indonesian interview) is coded in that language: its pipeline, its terms, its negators
        runs = itertools.groupby((s for s in source.segments if s.codable),
                                 key=lambda s, default=source.language: segment_language(s.text, default))
        for language, run in runs:
            for segments in pieces(run):
                group.append(Piece(language, segments))
                size += len(segments)
                if size >= GROUP_SEGMENTS:
                    yield group
                    group, size = [], 0
    if group:
        yield group


class LanguageCoder:
    """One language: its version, and, built on first need, its pipeline, tokenizer, matcher."""

    def __init__(self, language: str, codebook, build: Callable, trained: str | None, cache):
        self.language, self.codebook, self.build, self.cache = language, codebook, build, cache
        self.version = coding_version(language, trained)
        self._tokenizer = None
        self._matcher = None
        self._handed_out = (-1, 0)  # (tokenizer epoch, position) of chunks given to the cache
        # While True, learned chunks wait to be given to the cache (`coding_workers` gives
        # them once its workers have work: until then they would be waiting on it)
        self.holding = False
        known = getattr(cache, "term_tokens", None)
        # read now, so a worker process (which has no cache) inherits them
        self.known_terms: dict = dict(known(self.version)) if known else {}

    @property
    def tokenizer(self):
        if self._tokenizer is None:
            from qualcode.condense.nlp import chunk_tokenizer

            self._tokenizer = chunk_tokenizer(self.build(self.language))
        return self._tokenizer

    @property
    def matcher(self) -> TermMatcher:
        if self._matcher is None:
            self._matcher = TermMatcher(TermIndex(self.codebook, self.term_tokens), self.language)
        return self._matcher

    def term_tokens(self, texts: list[str]) -> list[TermTokens]:
        """Codebook terms as the pipeline tokenises them: from the cache's terms, else from
        its chunks, else from the pipeline (built only then)."""
        found = self.known_terms
        missing = [t for t in texts if t not in found]
        new = self._from_chunks(missing) if missing else {}
        missing = [t for t in missing if t not in new]
        if missing:
            batch = self.tokenizer.tokenize(missing)
            self.keep_learned()
            for k, text in enumerate(missing):
                ids = batch.ids[batch.offsets[k]:batch.offsets[k + 1]].tolist()
                new[text] = (tuple(batch.lemmas[i] for i in ids),
                             tuple(bool(batch.flags[i] & SPACE) for i in ids))
        found.update(new)
        if new and hasattr(self.cache, "put_term_tokens"):
            self.cache.put_term_tokens(self.version, new)
        return [TermTokens(*found[t]) for t in texts]

    def _from_chunks(self, texts: list[str]) -> dict[str, tuple]:
        """Terms made of chunks the cache knows, joined where two alphanumeric tokens meet
        (no special case can act there, see ChunkTokenizer): the pipeline's tokens."""
        known = getattr(self.cache, "chunk_tokens", None)
        simple = [t for t in texts if t and not NOT_SINGLE_SPACES(t) and t == t.strip()]
        if not known or not simple:
            return {}
        chunks = {chunk: decode_tokens(tokens) for chunk, tokens in
                  known(self.version, sorted({c for t in simple for c in t.split(" ")})).items()}
        found = {}
        for text in simple:
            parts = [chunks.get(c) for c in text.split(" ")]
            if all(parts) and all(a[-1][0].isalnum() and b[0][0].isalnum() for a, b in zip(parts, parts[1:])):
                tokens = [token for part in parts for token in part]
                found[text] = (tuple(lemma for _, lemma, _ in tokens),
                               tuple(bool(flags & SPACE) for _, _, flags in tokens))
        return found

    def new_chunks(self) -> dict[str, list]:
        """Chunks the tokenizer knows that this coder has not handed to a cache yet."""
        if self._tokenizer is None:
            return {}
        epoch, since = self._handed_out
        if epoch != self._tokenizer.epoch:
            since = 0
        self.skip_learned()
        return self._tokenizer.chunk_tokens(since)

    def skip_learned(self) -> None:
        """Count the chunks learned so far as given to a cache (in a worker process: the parent
        gives them), without encoding them."""
        if self._tokenizer is not None:
            self._handed_out = (self._tokenizer.epoch, len(self._tokenizer.learned))

    def keep_learned(self) -> None:
        keep = getattr(self.cache, "put_chunk_tokens", None)
        if keep and not self.holding:
            keep(self.version, self.new_chunks())

    def batches(self, group: list[Piece], read_segments: SegmentReader | None = None
                ) -> Iterator[tuple[list[Piece], TokenBatch, bool]]:
        """(pieces, their tokens, whether they are new): the cached pieces as one batch, the
        others tokenised together (their segments read first, when they come from a run
        index)."""
        kept = [piece for piece in group if piece.cached is not None]
        joined = decode_joined([p.cached for p in kept], [len(p.ids) for p in kept]) if kept else None
        if joined is not None:  # every kept stream decoded at once
            cached, fresh = kept, [piece for piece in group if piece.cached is None]
        else:  # one at a time, to tell the damaged ones from the others
            cached, decoded, fresh = [], [], []
            for piece in group:
                batch = TokenBatch.from_bytes(piece.cached) if piece.cached is not None else None
                if batch is not None and len(batch) == len(piece.ids):
                    cached.append(piece)
                    decoded.append(batch)
                else:
                    fresh.append(piece)
            joined = TokenBatch.concat(decoded) if decoded else None
        if cached:
            yield cached, joined, False
        if fresh:
            fill_segments(fresh, read_segments)
            batch = self.tokenizer.tokenize([s.text for p in fresh for s in p.segments])
            self.keep_learned()
            yield fresh, batch, True


def code_group(group: list[Piece], coders: dict[str, LanguageCoder], threshold: float,
               cache: DocCache | None, store_tokens: Callable[[str, bytes], None] | None,
               settled: Settled | None = None, read_segments: SegmentReader | None = None
               ) -> list[SuggestionRow]:
    """Suggestions for a group's segments, in segment order. New token streams go to
    `store_tokens`. A cache with `get_codings` / `put_codings` also keeps each piece's
    codings, so after a codebook edit only what the edit can touch is matched again
    (`qualcode.condense.kept_codings`); with `settled`, the segments whose kept codings
    still hold are counted there instead of returned: the caller's store has their rows.
    Pieces from a run index get their segments from `read_segments` when they must be
    tokenised."""
    rows: list[SuggestionRow] = []
    keeps_codings = getattr(cache, "get_codings", None) is not None
    for language in dict.fromkeys(p.language for p in group):
        coder = coders[language]
        mine = [p for p in group if p.language == language]
        if keeps_codings:
            rows.extend(code_kept(coder, mine, threshold, cache, store_tokens, settled, read_segments))
            continue
        for found, batch, new in coder.batches(mine):
            first = 0
            for piece in found:
                if store_tokens is not None and new:
                    store_tokens(piece.key, batch.slice(first, first + len(piece.segments)).to_bytes())
                first += len(piece.segments)
            rows.extend(coder.matcher.rows(batch, [i for piece in found for i in piece.ids], threshold))
    if len(group) > 1 and rows:
        order = {segment_id: n for n, segment_id in enumerate(i for p in group for i in p.ids)}
        rows.sort(key=lambda r: (order[r.segment_id], r.code_id))
    return rows


def joined_batch(nlp, sources: list[list[Segment]], version: str, cache: DocCache | None) -> TokenBatch:
    """The tokens of several sources' codable segments as one batch, in order (for `code
    suggest`): each source cut into the pieces auto-coding uses, with the same cache keys,
    so one run's tokens serve the other. A piece missing from the cache (or unreadable
    there) is tokenised and put in it."""
    from qualcode.condense.nlp import chunk_tokenizer

    texts = [[s.text for s in piece] for segments in sources for piece in pieces(segments)]
    keys = [piece_key(version, piece) for piece in texts]
    blobs = [cache.get(key) if cache is not None else None for key in keys]

    def tokenised(k: int) -> bytes:
        blobs[k] = chunk_tokenizer(nlp).tokenize(texts[k]).to_bytes()
        if cache is not None:
            cache.put(keys[k], blobs[k])
        return blobs[k]

    for k in [k for k, blob in enumerate(blobs) if blob is None]:
        tokenised(k)
    counts = [len(piece) for piece in texts]
    joined = decode_joined(blobs, counts)
    if joined is not None:
        return joined
    batches = []  # one blob at a time: some will not decode together (or at all)
    for k, count in enumerate(counts):
        batch = TokenBatch.from_bytes(blobs[k])
        if batch is None or len(batch) != count:
            batch = TokenBatch.from_bytes(tokenised(k))
        batches.append(batch)
    return TokenBatch.concat(batches)
