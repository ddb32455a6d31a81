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
Stored as plain arrays and JSON (never pickle: a cache file must not be able to run code).
"""

from __future__ import annotations

import hashlib
import json
import struct
from json.encoder import encode_basestring
from typing import NamedTuple

import numpy as np

from qualcode.condense.tokens import distinct
from qualcode.model import AUTO_CODER, Coding, Match


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
    return fields_json([(m.term, m.text, m.start, m.end, m.weight, m.negated) for m in matches])


def fields_json(matches: list[tuple]) -> str:
    """matches_json of matches given as the fields of a Match, (term, text, start, end,
    weight, negated): the matcher's rows are written without a Match made of each."""
    parts = []
    for term, text, start, end, weight, negated in matches:
        if type(weight) is not float or type(start) is not int or type(end) is not int:
            return json.dumps([Match(*found).as_dict() for found in matches], ensure_ascii=False)
        parts.append(f'{{"term": {encode_basestring(term)}, "text": {encode_basestring(text)}, '
                     f'"start": {start}, "end": {end}, "weight": {weight!r}'
                     + (', "negated": true}' if negated else "}"))
    return "[" + ", ".join(parts) + "]"


def rows_key(piece_key: str, segment_ids: list[str]) -> str:
    """Where a piece's rows are kept: its tokens' key and its segments' ids."""
    return hashlib.sha1("\x00".join([piece_key, *segment_ids]).encode("utf-8")).hexdigest()


def segment_crcs(batch, start: int, end: int) -> tuple[np.ndarray, np.ndarray]:
    """Texts start..end of a TokenBatch as (crcs, bounds): the sorted distinct lemma_crcs of
    text k are crcs[bounds[k]:bounds[k + 1]]."""
    first, last = int(batch.offsets[start]), int(batch.offsets[end])
    counts = np.diff(batch.offsets[start:end + 1])
    text_of = np.repeat(np.arange(end - start, dtype=np.uint64), counts)
    # by sorting: numpy's hash-based unique took ten times as long on a group's tokens
    pairs = distinct((text_of << np.uint64(32)) | batch.lemma_crcs()[batch.ids[first:last]].astype(np.uint64))
    bounds = np.searchsorted(pairs >> np.uint64(32), np.arange(end - start + 1, dtype=np.uint64))
    return (pairs & np.uint64(0xFFFFFFFF)).astype(np.uint32), bounds.astype(np.uint32)


# A segment's rows: fields split by UNIT, rows by ROW (`rows_text`); segments by SEPARATOR.
# The matched terms are JSON, which escapes every control character; a code id holding one
# (never a codebook's) makes the segment's rows JSON instead, marked by a leading "[".
SEPARATOR, ROW, UNIT = "\x1e", "\x1d", "\x1f"
ENTRY_FORMAT = 7  # of CodingsEntry.encode; bump when it changes
_HEADER = np.dtype("<u4")


class CodingsEntry:
    """A piece's kept codings. `counts`: its suggestions per code; `crcs` / `bounds`: each
    segment's distinct lemmas (`segment_crcs`); `fingerprints`: each segment's, when the
    rows were made (uint64); `rows_texts[k]`: segment k's rows as kept (`rows_text`); `base`:
    the id of the `code_changes.Base` they were made under.

    Kept in three parts (`encode`): the head and the lemmas, which every run reads, and the
    rows, which a run reads only for the pieces whose rows it must return or rewrite
    (`attach_rows`); they stay one string until a segment's rows are asked for. The lemmas
    depend on the piece's tokens alone, so a run that matches a piece again rewrites its
    head and rows but not its lemmas."""

    __slots__ = ("counts", "crcs", "bounds", "fingerprints", "_rows", "_joined", "segment_ids", "base")

    def __init__(self, counts: dict[str, int], crcs: np.ndarray, bounds: np.ndarray,
                 fingerprints: np.ndarray, rows_texts: list[str] | None, segment_ids: list[str], base: str):
        self.counts, self.crcs, self.bounds = counts, crcs, bounds
        self.fingerprints, self.segment_ids, self.base = fingerprints, segment_ids, base
        self._rows, self._joined = rows_texts, None

    def attach_rows(self, data: bytes | None) -> None:
        """The rows part `encode` wrote (None: missing, so the rows count as damaged)."""
        try:
            self._joined = data.decode("utf-8") if isinstance(data, bytes) else None
        except UnicodeDecodeError:
            self._joined = None

    @property
    def rows_texts(self) -> list[str] | None:
        """Each segment's rows as kept (`rows_text`); None when they are missing or damaged."""
        if self._rows is None and self._joined is not None:
            rows = self._joined.split(SEPARATOR)
            self._rows = rows if len(rows) == len(self.segment_ids) else None
            self._joined = None
        return self._rows

    def rows_of(self, k: int) -> list[SuggestionRow] | None:
        """Segment k's rows; None when the kept rows are missing or damaged."""
        every = self.rows_texts
        if every is None:
            return None
        kept, segment_id = every[k], self.segment_ids[k]
        try:
            if kept.startswith("["):
                return [SuggestionRow(segment_id, str(code_id), float(score), str(matched))
                        for code_id, score, matched in json.loads(kept)]
            rows = []
            for row in kept.split(ROW) if kept else ():
                code_id, score, matched = row.split(UNIT)
                rows.append(SuggestionRow(segment_id, code_id, float(score), matched))
            return rows
        except (ValueError, TypeError):
            return None

    def rows(self) -> list[SuggestionRow] | None:
        if self.rows_texts is None:
            return None
        found = []
        for k in range(len(self.segment_ids)):
            rows = self.rows_of(k)
            if rows is None:
                return None
            found.extend(rows)
        return found

    def encode(self) -> tuple[bytes, bytes, bytes]:
        """(head, rows, lemmas). The head: a header (format, segments, bytes of counts), the
        base (8 bytes), the fingerprints as little-endian uint64, and the counts as JSON. The
        rows: each segment's (`rows_text`), joined by SEPARATOR. The lemmas: a header (format,
        segments, CRCs), then CRCs and bounds as little-endian uint32."""
        return self.encode_head(), self.encode_rows(), self.encode_lemmas()

    def encode_rows(self) -> bytes:
        return SEPARATOR.join(self.rows_texts).encode("utf-8")

    def encode_head(self) -> bytes:
        counts = json.dumps(self.counts, ensure_ascii=False).encode("utf-8")
        return b"".join((np.array([ENTRY_FORMAT, len(self.fingerprints), len(counts)], dtype=_HEADER).tobytes(),
                         bytes.fromhex(self.base), self.fingerprints.astype("<u8").tobytes(), counts))

    def encode_lemmas(self) -> bytes:
        return b"".join((np.array([ENTRY_FORMAT, len(self.fingerprints), len(self.crcs)], dtype=_HEADER).tobytes(),
                         self.crcs.astype("<u4").tobytes(), self.bounds.astype("<u4").tobytes()))


def rows_text(rows: list[SuggestionRow]) -> str:
    """A segment's rows as kept: code id, score and matched terms (JSON), split by UNIT, rows
    by ROW; JSON instead should a code id hold a control character. Joining them costs half
    what JSON did, reading them back a third (the matched terms are not escaped again)."""
    if not rows:
        return ""  # most segments: no suggestion
    if rows[0].code_id.startswith("[") or not all(r.code_id.isprintable() for r in rows):
        return json.dumps([[r.code_id, r.score, r.matched] for r in rows], ensure_ascii=False)
    return ROW.join([f"{r.code_id}{UNIT}{r.score!r}{UNIT}{r.matched}" for r in rows])


def count_codes(rows_per_segment, into: dict[str, int] | None = None) -> dict[str, int]:
    counts = {} if into is None else into
    for rows in rows_per_segment:
        for row in rows:
            counts[row.code_id] = counts.get(row.code_id, 0) + 1
    return counts


def decode_entry(head: bytes | None, lemmas: bytes | None, segment_ids: list[str]) -> CodingsEntry | None:
    """The entry from its head and lemmas, or None when the bytes are not what
    `CodingsEntry.encode` wrote for the segments of these ids (another format, or damage).
    Its rows come by `attach_rows`. Every run decodes every piece's entry, so the sizes are
    read with `struct`, and arrays made only of what is kept."""
    if not isinstance(head, bytes) or not isinstance(lemmas, bytes) or len(head) < 20 or len(lemmas) < 12:
        return None
    form, n, counts_size = _THREE.unpack_from(head)
    lemma_form, lemma_n, n_crcs = _THREE.unpack_from(lemmas)
    counts_at = 20 + 8 * n
    bounds_at = 12 + 4 * n_crcs
    if (form != ENTRY_FORMAT or lemma_form != ENTRY_FORMAT or n != len(segment_ids) or lemma_n != n
            or counts_at + counts_size != len(head) or bounds_at + 4 * (n + 1) != len(lemmas)):
        return None
    try:
        counts = json.loads(head[counts_at:])
    except (ValueError, TypeError):
        return None
    edges = list(struct.unpack_from(f"<{n + 1}I", lemmas, bounds_at))
    if (not isinstance(counts, dict) or not all(type(v) is int for v in counts.values())
            or edges[0] != 0 or edges[-1] != n_crcs or edges != sorted(edges)):
        return None
    return CodingsEntry(counts, np.frombuffer(lemmas, dtype="<u4", count=n_crcs, offset=12),
                        np.frombuffer(lemmas, dtype="<u4", count=n + 1, offset=bounds_at),
                        np.frombuffer(head, dtype="<u8", count=n, offset=20), None, segment_ids, head[12:20].hex())


_THREE = struct.Struct("<3I")  # the header of a head and of lemmas: format, segments, a size
