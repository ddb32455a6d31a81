"""A tokenizer that makes TokenBatches from a memo of whitespace-delimited chunks.

`ChunkTokenizer` makes a TokenBatch with the same tokens and lemmas as running the spaCy
pipeline on each text, much faster. spaCy splits a text at whitespace and tokenises each
whitespace-delimited chunk on its own; only its special-case matcher can act across
chunks. So each distinct chunk is tokenised (and lemmatised) by spaCy once and
remembered, and a text is the concatenation of its chunks' tokens, unless two tokens that
meet at a chunk boundary could be consecutive tokens of a special case's pattern
(`special_pairs`): then, and for texts with whitespace at either end, spaCy tokenises the
whole text. A test checks the two agree token for token on real and adversarial texts.
"""

from __future__ import annotations

import re
from contextlib import nullcontext
from itertools import chain

import numpy as np

from qualcode.condense.tokens import PUNCT, SPACE, TokenBatch, encode_tokens, lemma_crc

ALNUM, HYPHENS, OTHER = 0, 1, 2  # what a form is at a chunk boundary
SPLIT_AT_WHITESPACE = re.compile(r"(\s+)").split  # \s is str.isspace, as spaCy splits
NOT_SINGLE_SPACES = re.compile(r"[^\S ]|  ").search  # whitespace other than single spaces
# Chunks remembered per language before the memo is emptied (memory stays bounded; a
# million words of interviews hold ~30,000 distinct chunks, most of them in Indonesian).
MAX_CHUNKS = 30_000
# From this many lexemes on, spaCy runs in memory zones (see ChunkTokenizer._spacy_tokens).
ZONE_FROM_LEXEMES = 20_000


def special_pairs(tokenizer, strings) -> set[tuple[str, str]]:
    """Consecutive tokens of the special matcher's patterns for `strings`: what spaCy's
    tokenizer splits each into when it ignores special cases."""
    from spacy.tokenizer import Tokenizer

    plain = Tokenizer(tokenizer.vocab, rules={}, prefix_search=tokenizer.prefix_search,
                      suffix_search=tokenizer.suffix_search, infix_finditer=tokenizer.infix_finditer,
                      token_match=tokenizer.token_match, url_match=tokenizer.url_match)
    pairs = set()
    for string in strings:
        pieces = [t.text for t in plain(string)]
        pairs.update(zip(pieces, pieces[1:]))
    return pairs


class ChunkTokenizer:
    """TokenBatches from a spaCy pipeline whose last component is `qualcode_lemma` (a form's
    lemma depends on the form alone). The chunk memo needs a LazySpecialsTokenizer (whose
    special cases it knows); with any other tokenizer, every text goes to spaCy whole."""

    def __init__(self, nlp, skip: tuple[str, ...] = ()):
        from qualcode.condense.lazy_tokenizer import LazySpecialsTokenizer, is_hyphenated_word

        tokenizer = nlp.tokenizer
        self.nlp = nlp
        self.skip = [name for name in skip if name in nlp.pipe_names]
        self.memo_ok = isinstance(tokenizer, LazySpecialsTokenizer)
        # A hyphenated word's pattern is alphanumeric tokens and tokens of hyphens only (a test
        # checks it), so any pair of it holds a HYPHENS form; the pairs of every other special
        # case are listed.
        every = {**tokenizer.rules, **tokenizer.lazy} if self.memo_ok else {}
        self.pairs = special_pairs(tokenizer, [s for s in every if not is_hyphenated_word(s)])
        if any(a.isalnum() and b.isalnum() for a, b in self.pairs):
            raise AssertionError("a special case pattern joins two alphanumeric tokens")
        self.pair_lefts = {a for a, _ in self.pairs}
        self.pair_rights = {b for _, b in self.pairs}
        self._reset()

    def _reset(self) -> None:
        self.ids: dict[str, int] = {}
        self.orths: list[str] = []
        self.lemmas: list[str] = []
        self.flags = bytearray()
        self.kinds = bytearray()
        self.lengths = np.zeros(4096, dtype=np.int64)
        self.crcs = np.zeros(4096, dtype=np.uint32)  # lemma_crcs of each form
        self.chunks: dict[str, tuple[int, ...]] = {}
        # Chunks that need no look at their boundaries: `_remember` says which.
        self.plain: set[str] = set()
        self.learned: list[str] = []  # chunks in the order they were learned
        self.epoch = getattr(self, "epoch", -1) + 1  # counts resets: positions in `learned` restart

    def chunk_tokens(self, since: int) -> dict[str, str]:
        """Chunks learned from position `since` on: chunk -> its tokens (`encode_tokens`)."""
        orths, lemmas, flags = self.orths, self.lemmas, self.flags
        return {chunk: encode_tokens([(orths[i], lemmas[i], flags[i]) for i in self.chunks[chunk]])
                for chunk in self.learned[since:]}

    def _remember(self, chunk: str, ids: tuple[int, ...]) -> None:
        """Memo a chunk's tokens. It is plain when its first token cannot follow, and its last
        cannot precede, another in a special-case pattern unless both are alphanumeric:
        then no boundary between two plain chunks is ever a pattern pair (see `_safe`)."""
        if chunk not in self.chunks:
            self.learned.append(chunk)
        self.chunks[chunk] = ids
        first, last = ids[0], ids[-1]
        kinds, orths = self.kinds, self.orths
        if (kinds[first] != HYPHENS and (kinds[first] == ALNUM or orths[first] not in self.pair_rights)
                and kinds[last] != HYPHENS and (kinds[last] == ALNUM or orths[last] not in self.pair_lefts)):
            self.plain.add(chunk)

    # -------------------------------------------------------------------------- forms
    def _form(self, token) -> int:
        orth = token.text
        found = self.ids.get(orth)
        if found is None:
            found = self.ids[orth] = len(self.orths)
            self.orths.append(orth)
            self.lemmas.append(token.lemma_)
            self.flags.append((PUNCT if token.is_punct else 0) | (SPACE if token.is_space else 0))
            self.kinds.append(ALNUM if orth.isalnum() else HYPHENS if set(orth) == {"-"} else OTHER)
            if found == len(self.lengths):
                self.lengths = np.concatenate((self.lengths, np.zeros_like(self.lengths)))
                self.crcs = np.concatenate((self.crcs, np.zeros_like(self.crcs)))
            self.lengths[found] = len(orth)
            self.crcs[found] = lemma_crc(self.lemmas[found])
        return found

    def _safe(self, left: int, right: int) -> bool:
        """Can no special-case pattern have these two forms as consecutive tokens?"""
        kinds = self.kinds
        if kinds[left] == ALNUM and kinds[right] == ALNUM:
            return True
        if kinds[left] == HYPHENS or kinds[right] == HYPHENS:
            return False
        return (self.orths[left], self.orths[right]) not in self.pairs

    def _spacy_tokens(self, texts: list[str]) -> list[list[tuple[int, int, bool]]]:
        """(form id, offset, followed by a space) for each token spaCy makes of each text.

        Once the vocabulary holds ZONE_FROM_LEXEMES lexemes, spaCy runs inside a memory zone,
        so the lexemes and strings it makes for these texts are freed after: the forms are
        kept here as Python strings, and spaCy's vocabulary stops growing with the corpus.
        What must outlive the zone is made first, outside it (the special cases the texts
        need), and qualcode_lemma forgets its per-form memo of the freed strings."""
        nlp = self.nlp
        if self.memo_ok:
            for text in texts:
                nlp.tokenizer.load_specials_for(text)
        # Until the vocabulary is large, its lexemes are kept: they serve every later call.
        zoned = len(nlp.vocab) >= ZONE_FROM_LEXEMES and hasattr(nlp, "memory_zone")
        with nlp.memory_zone() if zoned else nullcontext():
            docs = nlp.pipe(texts, disable=self.skip) if self.skip else nlp.pipe(texts)
            found = [[(self._form(t), t.idx, bool(t.whitespace_)) for t in doc] for doc in docs]
        if zoned and "qualcode_lemma" in nlp.pipe_names:
            nlp.get_pipe("qualcode_lemma").forget()
        return found

    # -------------------------------------------------------------------------- learning
    def _learn(self, pieces: list[str]) -> None:
        """Tokenise unknown chunks (whitespace-free) and whitespace runs on their own."""
        chunks = [p for p in pieces if not p[0].isspace()]
        alone = [p for p in pieces if p[0].isspace()]
        if chunks:
            alone.extend(self._learn_joined(chunks))
        for text, tokens in zip(alone, self._spacy_tokens(alone)):
            self._remember(text, tuple(form for form, _, _ in tokens))

    def _learn_joined(self, chunks: list[str]) -> list[str]:
        """Tokenise chunks joined by single spaces, in one call; return those whose tokens
        might differ from tokenising them alone (a boundary no special pattern may cross)."""
        [tokens] = self._spacy_tokens([" ".join(chunks)])
        found: list[list[int]] = [[] for _ in chunks]
        ends, at = [], 0
        for chunk in chunks:
            ends.append(at + len(chunk))  # offset just past the chunk
            at += len(chunk) + 1
        redo: set[int] = set()
        k = 0
        for form, idx, _ in tokens:
            while idx >= ends[k]:
                k += 1
            if idx + len(self.orths[form]) > ends[k]:
                redo.add(k)  # a token across chunks
            found[k].append(form)
        for k, ids in enumerate(found):
            if not ids or sum(len(self.orths[i]) for i in ids) != len(chunks[k]):
                redo.add(k)
        for k in range(len(chunks) - 1):
            if found[k] and found[k + 1] and not self._safe(found[k][-1], found[k + 1][0]):
                redo.update((k, k + 1))
        for k, chunk in enumerate(chunks):
            if k not in redo:
                self._remember(chunk, tuple(found[k]))
        return [chunks[k] for k in sorted(redo)]

    # -------------------------------------------------------------------------- texts
    def _keys(self, parts: list[str]) -> tuple[list[str], list[bool]]:
        """The memo keys of a text split at whitespace (chunks, and whitespace runs that make
        tokens of their own) and whether a single space follows each."""
        chunks, runs = parts[0::2], parts[1::2]
        odd = [j for j, run in enumerate(runs) if run != " "]
        keys: list[str] = []
        spaced: list[bool] = []
        done = 0
        for j in odd:  # run j lies between chunks j and j + 1
            keys.extend(chunks[done:j + 1])
            spaced.extend([True] * (j - done))
            run = runs[j]
            spaced.append(run[0] == " ")
            rest = run[1:] if run[0] == " " else run
            if rest:
                keys.append(rest)
                spaced.append(False)
            done = j + 1
        keys.extend(chunks[done:])
        spaced.extend([True] * (len(chunks) - done - 1))
        spaced.append(False)
        return keys, spaced

    def _fits(self, keys: list[str], found: list[tuple[int, ...]]) -> bool:
        """Can no special case act across a boundary of these pieces? Only the boundaries of
        pieces that are not plain need a look."""
        plain, last = self.plain, len(found) - 1
        for j in [j for j, key in enumerate(keys) if key not in plain]:
            if j > 0 and not self._safe(found[j - 1][-1], found[j][0]):
                return False
            if j < last and not self._safe(found[j][-1], found[j + 1][0]):
                return False
        return True

    def tokenize(self, texts: list[str]) -> TokenBatch:
        if len(self.chunks) > MAX_CHUNKS:
            self._reset()
        memo = self.chunks
        split: list[tuple[bool, list[str]] | None] = []
        unknown: dict[str, None] = {}
        for text in texts:
            if not self.memo_ok or not text or text[0].isspace() or text[-1].isspace():
                split.append(None)  # spaCy treats edge whitespace specially: tokenise whole
                continue
            if NOT_SINGLE_SPACES(text) is None:
                chunks = text.split(" ")
                unknown.update(dict.fromkeys(set(chunks).difference(memo)))
                split.append((True, chunks))
                continue
            parts = SPLIT_AT_WHITESPACE(text)
            for i, part in enumerate(parts):
                if i % 2 and part[0] == " ":
                    part = part[1:]
                if part and part not in memo:
                    unknown[part] = None
            split.append((False, parts))
        if unknown:
            self._learn(sorted(unknown))
        pieces: list[tuple[int, ...]] = []
        trailing: list[bool] = []
        ends = [0]  # pieces per text, cumulated
        for k, item in enumerate(split):
            if item is not None:
                simple, parts = item
                if simple:
                    keys, spaced = parts, [True] * (len(parts) - 1) + [False]
                else:
                    keys, spaced = self._keys(parts)
                found = [memo[key] for key in keys]
                if self._fits(keys, found):
                    pieces.extend(found)
                    trailing.extend(spaced)
                else:
                    item = None
            if item is None:  # spaCy on the whole text, one piece per token
                for form, _, spaced in self._spacy_tokens([texts[k]])[0]:
                    pieces.append((form,))
                    trailing.append(spaced)
            ends.append(len(pieces))
        return self._batch(pieces, trailing, ends)

    def _batch(self, pieces: list, trailing: list[bool], ends: list[int]) -> TokenBatch:
        counts = np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces))
        cumulated = np.concatenate(([0], np.cumsum(counts)))
        ids = np.fromiter(chain.from_iterable(pieces), dtype=np.int64, count=int(cumulated[-1]))
        spaces = np.zeros(len(ids), dtype=np.int64)
        spaces[cumulated[1:][np.array(trailing, dtype=bool)] - 1] = 1
        return TokenBatch(self.orths, self.lemmas, self.flags, self.lengths, ids, spaces,
                          cumulated[np.array(ends, dtype=np.int64)], crcs=self.crcs)
