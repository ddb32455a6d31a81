"""The forms a ChunkTokenizer knows, and the rule for a chunk boundary a special case may cross.

Each token text (form) is kept once, numbered, with its lemma and flags, and with the
per-form arrays that `ChunkTokenizer`'s array operations read: its length, its lemma's
CRC, what it is at a chunk boundary (alphanumeric, hyphens, other) and its number among
the special-case pattern pairs (`boundary_pairs`). `Forms.unsafe` says, for many
boundaries at once, whether a special case's pattern might have the two forms there as
consecutive tokens; `Forms.risk` says which ends of a chunk could ever be such a form.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from qualcode.condense.chunk_memo import RISKY_HEAD, RISKY_TAIL, grown
from qualcode.condense.tokens import encode_tokens, lemma_crc, lemma_crcs

ALNUM, HYPHENS, OTHER = 0, 1, 2  # what a form is at a chunk boundary


@dataclass(frozen=True)
class BoundaryPairs:
    """What `Forms.unsafe` looks a chunk boundary up in (`boundary_pairs`)."""

    pairs: frozenset[tuple[str, str]]  # consecutive tokens of the special matcher's patterns
    as_left: dict[str, str]   # a special case's last token -> its pattern's last, which it stands for
    as_right: dict[str, str]  # a special case's first token -> its pattern's first


def boundary_pairs(tokenizer, specials: dict[str, list]) -> BoundaryPairs:
    """Consecutive tokens of the special matcher's patterns for the strings of `specials`
    (string -> its tokens' attributes, as in a tokenizer's rules): what spaCy's tokenizer
    splits each into when it ignores special cases (`plain_pieces`). And which pattern token
    a special case's first or last token stands for at a chunk's edge.

    The matcher looks at a chunk's tokens before the special cases within it are merged:
    `:)E` meets the chunk before it with `:`. After `(`, a match of the pattern of `(:`
    across the space overlaps the `:)` inside, and spaCy keeps neither, so `( :)E` gives
    `(` `:` `)` `E` where `x :)E` gives `x` `:)` `E`. The memo holds the merged `:)`, so at
    a boundary `:)` counts as `:`. A token that stands for two pattern tokens, or is one
    itself as well, gets pairs of its own instead (a few, such as English `'s`)."""
    from spacy.attrs import ORTH

    pairs: set[tuple[str, str]] = set()
    lasts: dict[str, set[str]] = {}   # a special case's last token -> its patterns' last tokens
    firsts: dict[str, set[str]] = {}  # its first token -> its patterns' first tokens
    for string, pieces in plain_pieces(tokenizer, list(specials)).items():
        pairs.update(zip(pieces, pieces[1:]))
        orths = [attrs.get(ORTH, attrs.get("ORTH")) for attrs in specials[string]]
        if pieces and orths:
            firsts.setdefault(orths[0], set()).add(pieces[0])
            lasts.setdefault(orths[-1], set()).add(pieces[-1])
    as_left, own_lefts = _stand_ins(lasts, {a for a, _ in pairs})
    pairs |= {(token, b) for token, pieces in own_lefts.items() for a, b in list(pairs) if a in pieces}
    as_right, own_rights = _stand_ins(firsts, {b for _, b in pairs})
    pairs |= {(a, token) for token, pieces in own_rights.items() for a, b in list(pairs) if b in pieces}
    return BoundaryPairs(frozenset(pairs), as_left, as_right)


def _stand_ins(tokens: dict[str, set[str]], pattern_tokens: set[str]) -> tuple[dict, dict]:
    """(token -> the one pattern token it stands for, where it is not one itself; token ->
    the pattern tokens it stands for, where it needs pairs of its own)."""
    alone, own = {}, {}
    for token, pieces in tokens.items():
        pieces = (pieces & pattern_tokens) - {token}
        if len(pieces) == 1 and token not in pattern_tokens:
            alone[token] = next(iter(pieces))
        elif pieces:
            own[token] = pieces
    return alone, own


def plain_pieces(tokenizer, strings) -> dict[str, list[str]]:
    """Each string's tokens when spaCy's tokenizer ignores special cases."""
    from spacy.tokenizer import Tokenizer

    plain = Tokenizer(tokenizer.vocab, rules={}, prefix_search=tokenizer.prefix_search,
                      suffix_search=tokenizer.suffix_search, infix_finditer=tokenizer.infix_finditer,
                      token_match=tokenizer.token_match, url_match=tokenizer.url_match)
    found = {}
    strings = list(dict.fromkeys(strings))
    # Without special cases each whitespace-delimited chunk is tokenised on its own, so the
    # strings go through in one text, a space apart (those with edge whitespace alone), and
    # each string's tokens are those that start within it.
    alone = [string for string in strings if not string or string[0].isspace() or string[-1].isspace()]
    joined = [string for string in strings if string and not string[0].isspace() and not string[-1].isspace()]
    for string in alone:
        found[string] = [t.text for t in plain(string)]
    ends = np.cumsum([len(string) + 1 for string in joined]) - 1  # just past each string
    tokens = plain(" ".join(joined))
    owner = np.searchsorted(ends, [t.idx for t in tokens], side="right").tolist()
    for string in joined:
        found[string] = []
    for token, k in zip(tokens, owner):
        found[joined[k]].append(token.text)
    return found


class Forms:
    """Form texts, numbered as they come, with their lemmas, flags and per-form arrays."""

    def __init__(self, boundary: BoundaryPairs):
        # each form that is the left (right) token of a pair, numbered, and the pairs as
        # left number * rights + right number: `unsafe` looks many boundaries up at once
        pairs = boundary.pairs
        self.pair_lefts = {a: k for k, a in enumerate(sorted({a for a, _ in pairs}))}
        self.pair_rights = {b: k for k, b in enumerate(sorted({b for _, b in pairs}))}
        # a special case's edge token takes the number of the pattern token it stands for
        self.pair_lefts.update({token: self.pair_lefts[a] for token, a in boundary.as_left.items()})
        self.pair_rights.update({token: self.pair_rights[b] for token, b in boundary.as_right.items()})
        self.pair_codes = np.array(sorted(self.pair_lefts[a] * len(self.pair_rights) + self.pair_rights[b]
                                          for a, b in pairs), dtype=np.int64)
        self.ids: dict[str, int] = {}
        self.orths: list[str] = []
        self.lemmas: list[str] = []
        self.flags = bytearray()
        self.kinds = bytearray()
        self.lengths = np.zeros(4096, dtype=np.int64)
        self.crcs = np.zeros(4096, dtype=np.uint32)  # lemma_crcs of each form
        self.as_left = np.full(4096, -1, dtype=np.int64)  # its number in pair_lefts (-1: none)
        self.as_right = np.full(4096, -1, dtype=np.int64)
        self.parts: list[str | None] = []  # each form's part of `encoded` (as far as written)

    def add(self, orth: str, lemma: str, flags: int) -> int:
        found = self.ids[orth] = len(self.orths)
        self.orths.append(orth)
        self.lemmas.append(lemma)
        self.flags.append(flags)
        self.kinds.append(ALNUM if orth.isalnum() else HYPHENS if set(orth) == {"-"} else OTHER)
        self._grow(found + 1)
        self.lengths[found] = len(orth)
        self.crcs[found] = lemma_crc(lemma)
        self.as_left[found] = self.pair_lefts.get(orth, -1)
        self.as_right[found] = self.pair_rights.get(orth, -1)
        return found

    def add_words(self, words: list[str], lemmas: list[str]) -> None:
        """`add` for new alphanumeric forms, neither punctuation nor space, all at once."""
        first, end = len(self.orths), len(self.orths) + len(words)
        self.ids.update(zip(words, range(first, end)))
        self.orths.extend(words)
        self.lemmas.extend(lemmas)
        self.flags.extend(bytes(len(words)))
        self.kinds.extend(bytes([ALNUM]) * len(words))
        self._grow(end)
        self.lengths[first:end] = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
        self.crcs[first:end] = lemma_crcs(lemmas)
        self.as_left[first:end] = [self.pair_lefts.get(word, -1) for word in words]
        self.as_right[first:end] = [self.pair_rights.get(word, -1) for word in words]

    def _grow(self, size: int) -> None:
        """Room for `size` forms in the per-form arrays."""
        self.lengths, self.crcs = grown(self.lengths, size), grown(self.crcs, size)
        self.as_left, self.as_right = grown(self.as_left, size, -1), grown(self.as_right, size, -1)

    def risk(self, first: int, last: int) -> int:
        """Which ends of a chunk whose tokens run from form `first` to form `last` are risky:
        its head when `first` could follow, its tail when `last` could precede, another form
        in a special-case pattern without both being alphanumeric. No boundary between two
        ends that are not risky is ever a pattern pair (see `unsafe`)."""
        kinds, orths = self.kinds, self.orths
        risk = 0
        if kinds[first] == HYPHENS or (kinds[first] != ALNUM and orths[first] in self.pair_rights):
            risk |= RISKY_HEAD
        if kinds[last] == HYPHENS or (kinds[last] != ALNUM and orths[last] in self.pair_lefts):
            risk |= RISKY_TAIL
        return risk

    def unsafe(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        """For each pair of forms (left[i], right[i]): might a special-case pattern have them
        as consecutive tokens? Never two alphanumeric forms; always where one is hyphens;
        otherwise when the pair is one of the patterns'."""
        kinds = np.frombuffer(bytes(self.kinds), dtype=np.uint8)
        left_kind, right_kind = kinds[left], kinds[right]
        left_code, right_code = self.as_left[left], self.as_right[right]
        paired = ((left_code >= 0) & (right_code >= 0)
                  & np.isin(left_code * len(self.pair_rights) + right_code, self.pair_codes))
        return (~((left_kind == ALNUM) & (right_kind == ALNUM))
                & ((left_kind == HYPHENS) | (right_kind == HYPHENS) | paired))

    def encoded(self, ids: list[int]) -> str:
        """`encode_tokens` of these forms, joined from each form's part, written once per form
        (None when a separator is in it: then encode_tokens itself)."""
        parts, orths, lemmas, flags = self.parts, self.orths, self.lemmas, self.flags
        for i in range(len(parts), len(orths)):
            part = f"{orths[i]}\x1f{lemmas[i]}\x1f{flags[i]}"
            parts.append(part if part.count("\x1f") == 2 and "\x1e" not in part else None)
        chosen = [parts[i] for i in ids]
        if None in chosen:
            return encode_tokens([(orths[i], lemmas[i], flags[i]) for i in ids])
        return "C" + "\x1e".join(chosen)
