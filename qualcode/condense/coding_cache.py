"""Suggestions as rows ready to store, and a piece's rows kept between runs.

Bulk coding hands suggestions on as `SuggestionRow`s: segment, code, score and the matched
terms already as the store's JSON (`matches_json`, byte for byte `_matches_json` of the
store: a test compares them), so nothing is encoded twice. `SuggestionRow.coding()` makes
the model's Coding of one.

A segment's rows depend on its tokens, its id, and the part of the codebook that can match
in it. The cache keeps, per piece (`CodingsEntry`): each segment's distinct lemmas as
CRC-32s (`segment_crcs`), its fingerprint (`TermMatcher.segment_fingerprints`, worked out
from those CRCs) and its rows. After a codebook edit, a piece whose segments' fingerprints
are all unchanged is read back whole, its tokens untouched; in the others only the
segments whose fingerprint changed are matched again.
Stored as text (never pickle: a cache file must not be able to run code).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from json.encoder import encode_basestring
from typing import NamedTuple

import numpy as np

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


def segment_crcs(batch, start: int, end: int) -> tuple[np.ndarray, np.ndarray]:
    """Texts start..end of a TokenBatch as (crcs, bounds): the sorted distinct lemma_crcs of
    text k are crcs[bounds[k]:bounds[k + 1]]."""
    first, last = int(batch.offsets[start]), int(batch.offsets[end])
    counts = np.diff(batch.offsets[start:end + 1])
    text_of = np.repeat(np.arange(end - start, dtype=np.uint64), counts)
    pairs = np.unique((text_of << np.uint64(32)) | batch.lemma_crcs()[batch.ids[first:last]].astype(np.uint64))
    bounds = np.searchsorted(pairs >> np.uint64(32), np.arange(end - start + 1, dtype=np.uint64))
    return (pairs & np.uint64(0xFFFFFFFF)).astype(np.uint32), bounds.astype(np.uint32)


SEPARATOR = "\x1e"  # between segments' rows: JSON escapes every control character


class CodingsEntry:
    """A piece's kept codings. `counts`: its suggestions per code; `crcs` / `bounds`: each
    segment's distinct lemmas (`segment_crcs`); `fingerprints`: each segment's, when the
    rows were made (uint64); `rows_json[k]`: segment k's rows as JSON, decoded only when
    asked for (`rows_of`)."""

    __slots__ = ("counts", "crcs", "bounds", "fingerprints", "rows_json", "segment_ids")

    def __init__(self, counts: dict[str, int], crcs: np.ndarray, bounds: np.ndarray,
                 fingerprints: np.ndarray, rows_json: list[str], segment_ids: list[str]):
        self.counts, self.crcs, self.bounds = counts, crcs, bounds
        self.fingerprints, self.rows_json, self.segment_ids = fingerprints, rows_json, segment_ids

    def rows_of(self, k: int) -> list[SuggestionRow] | None:
        """Segment k's rows; None when the kept JSON is damaged."""
        try:
            return [SuggestionRow(self.segment_ids[k], str(code_id), float(score), str(matched))
                    for code_id, score, matched in json.loads(self.rows_json[k])]
        except (ValueError, TypeError):
            return None

    def rows(self) -> list[SuggestionRow] | None:
        found = []
        for k in range(len(self.rows_json)):
            rows = self.rows_of(k)
            if rows is None:
                return None
            found.extend(rows)
        return found

    def encode(self) -> str:
        return "\n".join((
            json.dumps(self.counts, ensure_ascii=False),
            _b64(self.crcs.astype("<u4")), _b64(self.bounds.astype("<u4")),
            _b64(self.fingerprints.astype("<u8")),
            SEPARATOR.join(self.rows_json)))


def _b64(array: np.ndarray) -> str:
    return base64.b64encode(array.tobytes()).decode("ascii")


def _array(text: str, dtype: str) -> np.ndarray:
    """The array `_b64` wrote (read-only: it shares the decoded bytes)."""
    return np.frombuffer(base64.b64decode(text), dtype=dtype)


def rows_json(rows: list[SuggestionRow]) -> str:
    if not rows:
        return "[]"  # most segments: no suggestion
    return json.dumps([[r.code_id, r.score, r.matched] for r in rows], ensure_ascii=False)


def count_codes(rows_per_segment, into: dict[str, int] | None = None) -> dict[str, int]:
    counts = {} if into is None else into
    for rows in rows_per_segment:
        for row in rows:
            counts[row.code_id] = counts.get(row.code_id, 0) + 1
    return counts


def decode_entry(text: str | None, segments: list[Segment]) -> CodingsEntry | None:
    """The entry, or None when the text is not what `CodingsEntry.encode` wrote for these
    segments (an older format, or damage). Rows stay JSON until asked for."""
    if text is None:
        return None
    try:
        counts, crcs, bounds, fingerprints, rows = text.split("\n", 4)
        counts = json.loads(counts)
        crcs, bounds = _array(crcs, "<u4"), _array(bounds, "<u4")
        fingerprints, rows_json = _array(fingerprints, "<u8"), rows.split(SEPARATOR)
    except (ValueError, TypeError, binascii.Error):
        return None
    n = len(segments)
    if (len(fingerprints) != n or len(rows_json) != n or len(bounds) != n + 1 or not isinstance(counts, dict)
            or not all(isinstance(v, int) for v in counts.values())
            or bounds[0] != 0 or bounds[-1] != len(crcs) or not (bounds[1:] >= bounds[:-1]).all()):
        return None
    return CodingsEntry(counts, crcs, bounds, fingerprints, rows_json, [s.id for s in segments])
