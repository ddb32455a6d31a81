"""Suggestions as rows ready to store, and a piece's rows kept between runs.

Bulk coding hands suggestions on as `SuggestionRow`s: segment, code, score and the matched
terms already as the store's JSON (`matches_json`, byte for byte `_matches_json` of the
store: a test compares them), so nothing is encoded twice. `SuggestionRow.coding()` makes
the model's Coding of one.

A segment's rows depend on its tokens, its id, and the part of the codebook that can match
in it (`TermMatcher.fingerprints`). The cache keeps, per piece, each segment's fingerprint
and rows. After a codebook edit most segments contain none of the changed terms: their
fingerprint is what it was, and their rows are read back instead of matched again. Stored
as JSON (never pickle: a cache file must not be able to run code).
"""

from __future__ import annotations

import hashlib
import json
from json.encoder import encode_basestring
from typing import NamedTuple

from qualcode.model import AUTO_CODER, Coding, Match, Segment


class SuggestionRow(NamedTuple):
    segment_id: str
    code_id: str
    score: float
    matched: str  # JSON, as the store keeps it

    def coding(self) -> Coding:
        return Coding(self.segment_id, self.code_id, AUTO_CODER, "auto", "suggested", self.score,
                      tuple(Match(**found) for found in json.loads(self.matched)))


def matches_json(matches) -> str:
    """The store's JSON of matched terms (`json.dumps([m.as_dict() …], ensure_ascii=False)`)."""
    parts = []
    for m in matches:
        if type(m.weight) is not float or type(m.start) is not int or type(m.end) is not int:
            return json.dumps([found.as_dict() for found in matches], ensure_ascii=False)
        parts.append(f'{{"term": {encode_basestring(m.term)}, "text": {encode_basestring(m.text)}, '
                     f'"start": {m.start}, "end": {m.end}, "weight": {m.weight!r}'
                     + (', "negated": true}' if m.negated else "}"))
    return "[" + ", ".join(parts) + "]"


def rows_key(piece_key: str, segments: list[Segment]) -> str:
    """Where a piece's rows are kept: its tokens' key and its segments' ids."""
    return hashlib.sha1("\x00".join([piece_key, *(s.id for s in segments)]).encode("utf-8")).hexdigest()


def encode_rows(fingerprints: list[str], rows: list[list[SuggestionRow]]) -> str:
    """Per segment of a piece: its fingerprint and its rows."""
    return json.dumps([[fingerprint, [[r.code_id, r.score, r.matched] for r in found]]
                       for fingerprint, found in zip(fingerprints, rows)], ensure_ascii=False)


def decode_rows(text: str | None, segments: list[Segment]) -> list[tuple[str, list[SuggestionRow]]] | None:
    """(fingerprint, rows) per segment, or None when the text is not what `encode_rows`
    wrote for these segments."""
    if text is None:
        return None
    try:
        entry = json.loads(text)
        if len(entry) != len(segments):
            return None
        return [(fingerprint, [SuggestionRow(segment.id, code_id, score, matched)
                               for code_id, score, matched in found])
                for segment, (fingerprint, found) in zip(segments, entry)]
    except (ValueError, TypeError):
        return None
