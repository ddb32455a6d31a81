"""Token streams as flat arrays: what auto-coding reads and the token cache stores.

Auto-coding needs, per token, only its text, its lemma, whether it is punctuation or
space, and its character offset. `TokenBatch` holds exactly that for many segments at
once: an id per token into a table of forms, and the segments' boundaries. It is what the
matcher reads and what the token cache stores, so a warm run never builds spaCy at all.
`qualcode.condense.chunk_tokenizer` makes them.
"""

from __future__ import annotations

import json
import struct
import zlib
from dataclasses import dataclass
from operator import itemgetter

import numpy as np

from qualcode.condense.packed_forms import PackedForms

PUNCT, SPACE = 1, 2  # flag bits of a form
FORMAT = 4  # of TokenBatch.to_bytes; bump when it changes


@dataclass
class TokenBatch:
    """The tokens of several texts: `ids[offsets[k]:offsets[k + 1]]` are text k's tokens,
    ids index `orths` / `lemmas` / `flags`; `idx` is each token's offset in its text."""

    orths: list[str] | PackedForms  # packed: a decoded batch's, each form decoded when read
    lemmas: list[str] | PackedForms
    flags: bytearray | bytes
    lengths: np.ndarray | None  # len() of each form (None: worked out when first needed)
    ids: np.ndarray
    spaces: np.ndarray      # 1 where a single space follows the token (spaCy's `whitespace_`)
    offsets: np.ndarray
    dense: bool = False     # every form of the table is used (a decoded batch)
    crcs: np.ndarray | None = None  # lemma_crcs of each form (None: worked out when first needed)

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def form_lengths(self) -> np.ndarray:
        if self.lengths is None:
            if isinstance(self.orths, PackedForms):
                self.lengths = self.orths.char_lengths()
            else:
                self.lengths = np.fromiter(map(len, self.orths), dtype=np.int64, count=len(self.orths))
        return self.lengths

    def _used_lengths(self) -> np.ndarray:
        """len() of the forms this batch's tokens use (0 for the others)."""
        if isinstance(self.orths, PackedForms):
            return self.form_lengths()  # measured from the bytes, all at once
        used = distinct(self.ids).tolist()
        lengths = np.zeros(len(self.orths), dtype=np.int64)
        if used:  # itemgetter and map: the forms are gathered and measured in C
            forms = itemgetter(*used)(self.orths) if len(used) > 1 else (self.orths[used[0]],)
            lengths[used] = np.fromiter(map(len, forms), dtype=np.int64, count=len(used))
        return lengths

    def lemma_crcs(self) -> np.ndarray:
        """CRC-32 of each form's lemma (`lemma_crcs`): what a piece's lemma set is kept as."""
        if self.crcs is None:
            self.crcs = lemma_crcs(self.lemmas)
        return self.crcs

    @classmethod
    def concat(cls, batches: list["TokenBatch"]) -> "TokenBatch":
        """Decoded batches as one (their tables one after the other)."""
        if len(batches) == 1:
            return batches[0]
        sizes = np.cumsum([0] + [len(b.orths) for b in batches[:-1]])
        tokens = np.cumsum([0] + [len(b.ids) for b in batches[:-1]])
        orths: list[str] | PackedForms = []
        lemmas: list[str] | PackedForms = []
        if all(isinstance(b.orths, PackedForms) and isinstance(b.lemmas, PackedForms) for b in batches):
            orths = PackedForms.concat([b.orths for b in batches])
            lemmas = PackedForms.concat([b.lemmas for b in batches])
        else:
            for b in batches:  # extend: the lists are copied in C, not an item at a time
                orths.extend(b.orths)
                lemmas.extend(b.lemmas)
        crcs = None
        if all(b.crcs is not None and len(b.crcs) >= len(b.orths) for b in batches):
            crcs = np.concatenate([b.crcs[:len(b.orths)] for b in batches])
        return cls(orths, lemmas, b"".join(bytes(b.flags) for b in batches), None,
                   np.concatenate([b.ids + size for b, size in zip(batches, sizes)]),
                   np.concatenate([b.spaces for b in batches]),
                   np.concatenate([batches[0].offsets[:1]] + [b.offsets[1:] + n for b, n in zip(batches, tokens)]),
                   dense=all(b.dense for b in batches), crcs=crcs)

    @property
    def idx(self) -> np.ndarray:
        """Each token's character offset in its own text (spaCy's `Token.idx`)."""
        if self.lengths is None and len(self.ids) * 2 < len(self.orths):
            lengths = self._used_lengths()  # a few texts of a large table: measure what they use
        else:
            lengths = self.form_lengths()
        advance = lengths[self.ids] + self.spaces
        start = np.cumsum(advance) - advance
        base = np.append(start, 0)[self.offsets[:-1]]
        return start - np.repeat(base, np.diff(self.offsets))

    def slice(self, start: int, end: int) -> "TokenBatch":
        """Texts start..end of this batch (sharing its table of forms)."""
        first, last = int(self.offsets[start]), int(self.offsets[end])
        return TokenBatch(self.orths, self.lemmas, self.flags, self.lengths, self.ids[first:last],
                          self.spaces[first:last], self.offsets[start:end + 1] - first,
                          crcs=self.crcs)

    def take(self, texts: list[int]) -> "TokenBatch":
        """Texts `texts` of this batch, in that order (sharing its table of forms, measured
        first when this batch uses all of it: one pass in C, not a lookup per form used)."""
        if self.dense:
            self.form_lengths()
        chosen = np.asarray(texts, dtype=np.int64)
        starts, counts = self.offsets[chosen], self.offsets[chosen + 1] - self.offsets[chosen]
        offsets = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        at = np.repeat(starts - offsets[:-1], counts) + np.arange(offsets[-1], dtype=np.int64)
        return TokenBatch(self.orths, self.lemmas, self.flags, self.lengths, self.ids[at],
                          self.spaces[at], offsets, crcs=self.crcs)

    def to_bytes(self) -> bytes:
        """Self-contained bytes: the forms this batch uses (with their lemmas' CRCs, so a
        reader finds where patterns may start without hashing every lemma), and the arrays."""
        used = distinct(self.ids)
        local = np.searchsorted(used, self.ids)  # np.unique's inverse, without its overhead per call
        table = used.tolist()
        if len(table) > 1:
            orths, lemmas = (list(itemgetter(*table)(self.orths)), list(itemgetter(*table)(self.lemmas)))
        else:
            orths, lemmas = [self.orths[i] for i in table], [self.lemmas[i] for i in table]
        joined = "\x00".join(orths + lemmas)
        if joined.count("\x00") == max(2 * len(table) - 1, 0):  # no form holds a NUL of its own
            tables = b"Z" + joined.encode("utf-8")
        else:
            tables = b"J" + json.dumps([orths, lemmas], ensure_ascii=False).encode("utf-8")
        crcs = self.crcs[used] if self.crcs is not None else lemma_crcs(lemmas)
        wide = len(table) > 0xFFFF
        sizes = np.array([FORMAT, len(table), len(self.ids), len(self.offsets), len(tables), wide],
                         dtype=np.uint32)
        # Not compressed: zlib halved the bytes but cost a third of a second per million
        # words to write and about 7% of a warm re-code to read. from_bytes checks every size.
        return b"".join((
            sizes.tobytes(), tables, np.frombuffer(bytes(self.flags), dtype=np.uint8)[used].tobytes(),
            crcs.astype(np.uint32).tobytes(),
            local.astype(np.uint32 if wide else np.uint16).tobytes(),
            np.packbits(self.spaces.astype(np.uint8)).tobytes(),
            self.offsets.astype(np.uint32).tobytes()))

    @classmethod
    def from_bytes(cls, data: bytes) -> "TokenBatch | None":
        """The batch, or None when the bytes are of another format or damaged (every size,
        token id and text boundary is checked: nothing else guards them)."""
        try:
            raw = bytes(data)
            form, forms, tokens, bounds, tables_size, wide = np.frombuffer(
                raw, dtype=np.uint32, count=6).tolist()
            if form != FORMAT or bounds < 1:
                return None
            at = 24
            tables = raw[at:at + tables_size]
            if tables[:1] == b"J":
                orths, lemmas = json.loads(tables[1:])
                if not all(isinstance(text, str) for text in [*orths, *lemmas]):
                    return None
            else:
                packed = PackedForms.split(tables[1:], forms)
                if packed is None or len(packed) != 2:
                    return None
                orths, lemmas = packed
            at += tables_size
            flags = raw[at:at + forms]
            at += forms
            crcs = np.frombuffer(raw, dtype=np.uint32, count=forms, offset=at)
            at += 4 * forms
            width = 4 if wide else 2
            ids = np.frombuffer(raw, dtype=np.uint32 if wide else np.uint16, count=tokens,
                                offset=at).astype(np.int64)
            at += width * tokens
            packed = (tokens + 7) // 8
            spaces = np.unpackbits(np.frombuffer(raw, dtype=np.uint8, count=packed, offset=at))[:tokens]
            at += packed
            offsets = np.frombuffer(raw, dtype=np.uint32, count=bounds, offset=at).astype(np.int64)
            at += 4 * bounds
        except (ValueError, TypeError, UnicodeDecodeError):
            return None
        if (at != len(raw) or len(flags) != forms
                or not isinstance(orths, (list, PackedForms)) or not isinstance(lemmas, (list, PackedForms))
                or len(orths) != forms or len(lemmas) != forms
                or offsets[0] != 0 or offsets[-1] != tokens or bool(np.any(np.diff(offsets) < 0))
                or (tokens and int(ids.max()) >= forms)):
            return None
        return cls(orths, lemmas, flags, None, ids, spaces.astype(np.int64), offsets, dense=True, crcs=crcs)


def decode_joined(blobs: list[bytes], texts: list[int]) -> TokenBatch | None:
    """`TokenBatch.concat` of `from_bytes` of every blob (blob k holding `texts[k]` texts),
    worked out for all of them at once: a warm re-code decodes the streams of hundreds of
    pieces, and doing it a piece at a time cost more than matching them. None when any blob
    is damaged, of another format or of another number of texts, keeps its forms as JSON (a
    form with a NUL) or has more than 65,535 of them: the caller then decodes them one at a
    time."""
    layout = []  # per blob: (forms, tokens, where its flags start)
    for blob, count in zip(blobs, texts):
        if not isinstance(blob, bytes) or len(blob) < _STREAM_HEAD.size:
            return None
        form, forms, tokens, bounds, tables_size, wide = _STREAM_HEAD.unpack_from(blob)
        flags_at = _STREAM_HEAD.size + tables_size
        size = flags_at + 5 * forms + (4 if wide else 2) * tokens + (tokens + 7) // 8 + 4 * bounds
        if (form != FORMAT or wide or forms < 1 or bounds != count + 1 or size != len(blob)
                or blob[_STREAM_HEAD.size:_STREAM_HEAD.size + 1] != b"Z"):
            return None
        layout.append((forms, tokens, flags_at))
    if not layout:
        return None
    forms, tokens, flags_at = (np.array(column, dtype=np.int64) for column in zip(*layout))
    # Every table, NUL between them: one pass finds each form, and checks each blob's count.
    data = b"\x00".join([blob[_STREAM_HEAD.size + 1:at] for blob, at in zip(blobs, flags_at.tolist())])
    if not data.isascii():
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return None
    nuls = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 0)
    sizes = flags_at - _STREAM_HEAD.size - 1
    ends = np.cumsum(sizes + 1) - 1  # where each blob's tables end in `data`
    firsts = np.searchsorted(nuls, ends - sizes)
    if not np.array_equal(np.searchsorted(nuls, ends) - firsts, 2 * forms - 1):
        return None
    middles = nuls[firsts + forms - 1]  # the NUL between a blob's orths and lemmas
    starts = ends - sizes
    orths = b"\x00".join([data[a:b] for a, b in zip(starts.tolist(), middles.tolist())])
    lemmas = b"\x00".join([data[a + 1:b] for a, b in zip(middles.tolist(), ends.tolist())])
    # Where each form starts, in `data` (form g > 0 after NUL g - 1), then in `orths` and
    # `lemmas`: a blob's forms move by where its part lands there less where it was in `data`.
    before = np.cumsum(forms) - forms
    orth_forms = np.arange(int(forms.sum())) + np.repeat(before, forms)  # g of each orth
    orth_parts = middles - starts + 1
    lemma_parts = ends - middles
    orth_starts = nuls[orth_forms - 1] + 1
    orth_starts[0] = 0  # the first blob's first form (g = 0)
    orth_starts += np.repeat(np.cumsum(orth_parts) - orth_parts - starts, forms)
    lemma_starts = (nuls[orth_forms + np.repeat(forms - 1, forms)] + 1
                    + np.repeat(np.cumsum(lemma_parts) - lemma_parts - middles - 1, forms))
    at = flags_at.tolist()
    counts, token_counts = forms.tolist(), tokens.tolist()
    flags = b"".join([blob[a:a + n] for blob, a, n in zip(blobs, at, counts)])
    crcs = np.concatenate([np.frombuffer(blob, dtype=np.uint32, count=n, offset=a + n)
                           for blob, a, n in zip(blobs, at, counts)])
    ids_at = [a + 5 * n for a, n in zip(at, counts)]
    local = np.concatenate([np.frombuffer(blob, dtype=np.uint16, count=t, offset=a)
                            for blob, a, t in zip(blobs, ids_at, token_counts)])
    token_starts = np.cumsum(tokens) - tokens
    some = tokens > 0
    if len(local) and bool(np.any(np.maximum.reduceat(local, token_starts[some]) >= forms[some])):
        return None  # a token id past its blob's table
    spaces_at = [a + 2 * t for a, t in zip(ids_at, token_counts)]
    packed = ((tokens + 7) // 8).tolist()
    spaces = np.concatenate([np.unpackbits(np.frombuffer(blob, dtype=np.uint8, count=p, offset=a), count=t)
                             for blob, a, p, t in zip(blobs, spaces_at, packed, token_counts)]).astype(np.int64)
    bounds = np.concatenate([np.frombuffer(blob, dtype=np.uint32, count=count + 1, offset=a + p)
                             for blob, a, p, count in zip(blobs, spaces_at, packed, texts)]).astype(np.int64)
    per_blob = np.asarray(texts, dtype=np.int64)
    lasts = np.cumsum(per_blob + 1) - 1
    steps = np.diff(bounds)
    steps[lasts[:-1]] = 0  # from one blob's last bound to the next one's first
    if (bool(np.any(bounds[lasts - per_blob] != 0)) or not np.array_equal(bounds[lasts], tokens)
            or bool(np.any(steps < 0))):
        return None
    offsets = np.concatenate(([0], np.delete(bounds, lasts - per_blob) + np.repeat(token_starts, per_blob)))
    return TokenBatch(PackedForms(orths, np.concatenate((orth_starts, [len(orths) + 1]))),
                      PackedForms(lemmas, np.concatenate((lemma_starts, [len(lemmas) + 1]))), flags, None,
                      np.add(local, np.repeat(before, tokens), dtype=np.int64), spaces, offsets,
                      dense=True, crcs=crcs)


_STREAM_HEAD = struct.Struct("<6I")  # of `TokenBatch.to_bytes`: format, forms, tokens, bounds, tables size, wide


def distinct(values: np.ndarray) -> np.ndarray:
    """np.unique of a 1-d array, without importing numpy.ma as np.unique does (about 20 ms
    of a warm re-code, which calls it on its first touched piece)."""
    ordered = np.sort(values)
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))] if len(ordered) else ordered


def lemma_crc(lemma: str) -> int:
    """A lemma's CRC-32: stable across processes and runs (unlike `hash`). Two lemmas may
    share one; whoever compares them must only lose time by it, never correctness."""
    return zlib.crc32(lemma.encode("utf-8"))


def lemma_crcs(lemmas: list[str]) -> np.ndarray:
    return np.fromiter(map(lemma_crc, lemmas), dtype=np.uint32, count=len(lemmas))


def encode_tokens(tokens: list[tuple[str, str, int]]) -> str:
    """(orth, lemma, flags) per token as one string: compact, or JSON when a string holds
    one of the separators."""
    text = "\x1e".join(f"{orth}\x1f{lemma}\x1f{flags}" for orth, lemma, flags in tokens)
    if text.count("\x1f") == 2 * len(tokens) and text.count("\x1e") == len(tokens) - 1:
        return "C" + text
    return "J" + json.dumps(tokens, ensure_ascii=False)


def decode_tokens(text: str) -> list[tuple[str, str, int]]:
    if text[:1] == "J":
        return [(orth, lemma, int(flags)) for orth, lemma, flags in json.loads(text[1:])]
    return [(orth, lemma, int(flags)) for orth, lemma, flags in
            (token.split("\x1f") for token in text[1:].split("\x1e"))]
