"""A tokenizer that makes TokenBatches from a memo of whitespace-delimited chunks.

`ChunkTokenizer` makes a TokenBatch with the same tokens and lemmas as running the spaCy
pipeline on each text, much faster. spaCy splits a text at whitespace and tokenises each
whitespace-delimited chunk on its own; only its special-case matcher can act across
chunks. So each distinct chunk is tokenised (and lemmatised) by spaCy once and
remembered, and a text is the concatenation of its chunks' tokens, unless two tokens that
meet at a chunk boundary could be consecutive tokens of a special case's pattern
(`special_pairs`): then, and for texts with whitespace at either end, spaCy tokenises the
whole text. The memo (`qualcode.condense.chunk_memo`) keeps every chunk's tokens in flat
arrays, so a group of texts is put together by array operations over its chunk numbers.
A test checks the two agree token for token on real and adversarial texts.
"""

from __future__ import annotations

import re
from contextlib import nullcontext

import numpy as np

from qualcode.condense.chunk_memo import RISKY_HEAD, RISKY_TAIL, ChunkMemo
from qualcode.condense.tokens import PUNCT, SPACE, TokenBatch, encode_tokens, lemma_crc

ALNUM, HYPHENS, OTHER = 0, 1, 2  # what a form is at a chunk boundary
# Whitespace runs other than a single space (\s is str.isspace, as spaCy splits): two or
# more whitespace characters, or one that is not a space. A match starts where its run does,
# and its leading \s lets the search skip to whitespace quickly.
FIND_OTHER_RUNS = re.compile(r"\s(?:\s+|(?<=[^\S ]))").finditer
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
        # The lemma of a one-token word, when qualcode_lemma is all that runs after the
        # tokenizer: then such words need no spaCy at all (see `_learn_single`).
        running = [name for name in nlp.pipe_names if name not in self.skip]
        self.lemma_of = (getattr(nlp.get_pipe("qualcode_lemma"), "lemma_of", None)
                         if self.memo_ok and running == ["qualcode_lemma"] else None)
        self._reset()

    def _reset(self) -> None:
        self.ids: dict[str, int] = {}
        self.orths: list[str] = []
        self.lemmas: list[str] = []
        self.flags = bytearray()
        self.kinds = bytearray()
        self.lengths = np.zeros(4096, dtype=np.int64)
        self.crcs = np.zeros(4096, dtype=np.uint32)  # lemma_crcs of each form
        self.memo = ChunkMemo()
        self.epoch = getattr(self, "epoch", -1) + 1  # counts resets: positions in `learned` restart

    def chunk_tokens(self, since: int) -> dict[str, str]:
        """Chunks learned from position `since` on: chunk -> its tokens (`encode_tokens`)."""
        orths, lemmas, flags, memo = self.orths, self.lemmas, self.flags, self.memo
        return {chunk: encode_tokens([(orths[i], lemmas[i], flags[i]) for i in ids])
                for chunk, ids in zip(memo.learned[since:], memo.ids_since(since))}

    @property
    def learned(self) -> list[str]:
        return self.memo.learned

    def _remember(self, chunk: str, ids: tuple[int, ...]) -> None:
        """Memo a chunk's tokens. Its head is risky when its first token could follow, and its
        tail when its last could precede, another in a special-case pattern without both
        being alphanumeric: no boundary between two ends that are not risky is ever a
        pattern pair (see `_safe`)."""
        first, last = ids[0], ids[-1]
        kinds, orths = self.kinds, self.orths
        risk = 0
        if kinds[first] == HYPHENS or (kinds[first] != ALNUM and orths[first] in self.pair_rights):
            risk |= RISKY_HEAD
        if kinds[last] == HYPHENS or (kinds[last] != ALNUM and orths[last] in self.pair_lefts):
            risk |= RISKY_TAIL
        self.memo.add(chunk, ids, risk)

    # -------------------------------------------------------------------------- forms
    def _form(self, token) -> int:
        orth = token.text
        found = self.ids.get(orth)
        if found is None:
            found = self._new_form(orth, token.lemma_,
                                   (PUNCT if token.is_punct else 0) | (SPACE if token.is_space else 0))
        return found

    def _new_form(self, orth: str, lemma: str, flags: int) -> int:
        found = self.ids[orth] = len(self.orths)
        self.orths.append(orth)
        self.lemmas.append(lemma)
        self.flags.append(flags)
        self.kinds.append(ALNUM if orth.isalnum() else HYPHENS if set(orth) == {"-"} else OTHER)
        if found == len(self.lengths):
            self.lengths = np.concatenate((self.lengths, np.zeros_like(self.lengths)))
            self.crcs = np.concatenate((self.crcs, np.zeros_like(self.crcs)))
        self.lengths[found] = len(orth)
        self.crcs[found] = lemma_crc(lemma)
        return found

    def _word(self, orth: str) -> int:
        """`_form` of an alphanumeric token that spaCy did not make."""
        found = self.ids.get(orth)
        if found is None:
            found = self._new_form(orth, self.lemma_of(orth), 0)
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
        # Until the vocabulary is large, its lexemes are kept: they serve every later call.
        zoned = len(nlp.vocab) >= ZONE_FROM_LEXEMES and hasattr(nlp, "memory_zone")
        loaded = nlp.tokenizer.loaded_for(texts) if self.memo_ok else nullcontext()
        with loaded, nlp.memory_zone() if zoned else nullcontext():
            docs = nlp.pipe(texts, disable=self.skip) if self.skip else nlp.pipe(texts)
            found = [[(self._form(t), t.idx, bool(t.whitespace_)) for t in doc] for doc in docs]
        if zoned and "qualcode_lemma" in nlp.pipe_names:
            nlp.get_pipe("qualcode_lemma").forget()
        return found

    # -------------------------------------------------------------------------- learning
    def _learn(self, pieces: list[str]) -> None:
        """Tokenise unknown chunks (whitespace-free) and whitespace runs on their own."""
        chunks = self._learn_single([p for p in pieces if not p[0].isspace()])
        alone = [p for p in pieces if p[0].isspace()]
        if chunks:
            alone.extend(self._learn_joined(chunks))
        for text, tokens in zip(alone, self._spacy_tokens(alone)):
            self._remember(text, tuple(form for form, _, _ in tokens))

    def _learn_single(self, chunks: list[str]) -> list[str]:
        """Remember, without running spaCy, the chunks its tokenizer provably makes one
        alphanumeric token of (`kota`), or that token and one mark it knows (`kota,`);
        return the others. About nine chunks in ten of a corpus are such; spaCy would make
        lexemes of them. The checks are those of spaCy's `Tokenizer._split_affixes`, made
        with its own methods: a word is left whole when it is no special case and its
        prefix, suffix and infix searches find nothing (then neither `token_match` nor
        `url_match` can split it); a word and a mark, when the chunk is no special case,
        `token_match` does not keep it whole, it has no prefix and its suffix is the mark.
        An alphanumeric token is neither punctuation nor space, and its lemma is
        `lemma_of` its text, as qualcode_lemma sets it; the mark's form is one met before."""
        if self.lemma_of is None:
            return chunks
        tokenizer = self.nlp.tokenizer
        rules, lazy, token_match = tokenizer.rules, tokenizer.lazy, tokenizer.token_match
        prefix, suffix, infix = tokenizer.find_prefix, tokenizer.find_suffix, tokenizer.find_infix

        def whole(word: str) -> bool:
            return (word not in rules and word not in lazy and not prefix(word)
                    and not suffix(word) and not infix(word))

        rest = []
        for chunk in chunks:
            if chunk.isalnum():
                if whole(chunk):
                    self._remember(chunk, (self._word(chunk),))
                    continue
            elif len(chunk) > 1 and chunk[:-1].isalnum():
                mark = self.ids.get(chunk[-1])
                if (mark is not None and chunk not in rules and chunk not in lazy
                        and not (token_match and token_match(chunk)) and not prefix(chunk)
                        and suffix(chunk) == 1 and whole(chunk[:-1])):
                    self._remember(chunk, (self._word(chunk[:-1]), mark))
                    continue
            rest.append(chunk)
        return rest

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
    @staticmethod
    def _keys(text: str) -> tuple[list[str], list[bool]]:
        """The memo keys of a text with whitespace other than single spaces (chunks, and
        whitespace runs that make tokens of their own) and whether a single space follows
        each. spaCy splits at single spaces; a longer run or another whitespace character
        leaves, after the space it splits at (if any), a token of its own."""
        keys: list[str] = []
        spaced: list[bool] = []
        done = 0
        for run in FIND_OTHER_RUNS(text):
            chunks = text[done:run.start()].split(" ")  # the chunks up to the run
            keys.extend(chunks)
            spaced.extend([True] * (len(chunks) - 1))
            whitespace = run.group()
            spaced.append(whitespace[0] == " ")
            rest = whitespace[1:] if whitespace[0] == " " else whitespace
            if rest:
                keys.append(rest)
                spaced.append(False)
            done = run.end()
        chunks = text[done:].split(" ")
        keys.extend(chunks)
        spaced.extend([True] * (len(chunks) - 1))
        spaced.append(False)
        return keys, spaced

    def _plans(self, texts: list[str]) -> list[tuple[list[int], list[bool] | None] | None]:
        """Each text's memo keys, as chunk numbers, and, unless a single space follows every
        key but the last, which keys a single space follows; None for a text spaCy must
        tokenise whole. Keys the memo lacks are learned first (a full memo is emptied
        before: memory stays bounded)."""
        if len(self.memo) > MAX_CHUNKS:
            self._reset()
        known = self.memo.numbers
        plans: list = []
        lacking: list[tuple[int, list[str]]] = []  # (text, keys) of texts with unknown keys
        unknown: dict[str, None] = {}
        for text in texts:
            if not self.memo_ok or not text or text[0].isspace() or text[-1].isspace():
                plans.append(None)  # spaCy treats edge whitespace specially: tokenise whole
                continue
            keys = text.split()
            spaced = None
            if " ".join(keys) != text:  # not single spaces only
                keys, spaced = self._keys(text)
            numbers = list(map(known.get, keys))
            if None in numbers:
                lacking.append((len(plans), keys))
                unknown.update((key, None) for key, number in zip(keys, numbers) if number is None)
            plans.append((numbers, spaced))
        if lacking:
            self._learn(sorted(unknown))
            for k, keys in lacking:
                plans[k] = (list(map(known.__getitem__, keys)), plans[k][1])
        return plans

    def learn(self, texts: list[str]) -> None:
        """Learn the chunks of `texts` the memo lacks, ahead of tokenising them (e.g. while
        another process ingests them)."""
        self._plans(texts)

    def tokenize(self, texts: list[str]) -> TokenBatch:
        plans = self._plans(texts)
        numbers: list[int] = []
        counts = np.zeros(len(texts), dtype=np.int64)  # keys per text
        spaced_runs: list[tuple[int, list[bool]]] = []  # (first key, spaced) of texts with runs
        for k, plan in enumerate(plans):
            if plan is not None:
                if plan[1] is not None:
                    spaced_runs.append((len(numbers), plan[1]))
                numbers.extend(plan[0])
                counts[k] = len(plan[0])
        numbers_of = np.fromiter(numbers, dtype=np.int64, count=len(numbers))
        key_ends = np.cumsum(counts)
        starts_text = np.zeros(len(numbers_of), dtype=bool)
        starts_text[(key_ends - counts)[counts > 0]] = True
        whole = [plan is None for plan in plans]
        self._mark_unsafe(numbers_of, starts_text, key_ends, whole)
        spaced = np.ones(len(numbers_of), dtype=bool)
        spaced[key_ends[counts > 0] - 1] = False
        for first, flags in spaced_runs:
            spaced[first:first + len(flags)] = flags
        ids, spaces, token_ends = self.memo.expand(numbers_of, spaced)
        return self._assemble(texts, whole, ids, spaces, token_ends, key_ends)

    def _mark_unsafe(self, numbers: np.ndarray, starts_text: np.ndarray, key_ends: np.ndarray,
                     whole: list[bool]) -> None:
        """Mark `whole` the texts where a special case might act across a key boundary."""
        risky = self.memo.risky_boundaries(numbers, starts_text)
        if not len(risky):
            return
        firsts, lasts = self.memo.edges(numbers)
        safe = self._safe
        for j, left, right in zip(risky.tolist(), lasts[risky].tolist(), firsts[risky + 1].tolist()):
            if not safe(left, right):
                whole[int(np.searchsorted(key_ends, j, side="right"))] = True

    def _assemble(self, texts, whole, ids, spaces, token_ends, key_ends) -> TokenBatch:
        """The batch: each text's tokens from the memo, or from spaCy for the `whole` ones."""
        ends = np.concatenate(([0], token_ends))[key_ends]  # memo tokens up to each text's end
        if not any(whole):
            return self._batch(ids, spaces, np.concatenate(([0], ends)))
        chosen = [k for k, alone in enumerate(whole) if alone]
        from_spacy = dict(zip(chosen, self._spacy_tokens([texts[k] for k in chosen])))
        id_parts, space_parts, sizes = [], [], []
        begin = 0  # the first memo token of text k
        for k, end in enumerate(ends.tolist()):
            tokens = from_spacy.get(k)
            if tokens is None:
                id_parts.append(ids[begin:end])
                space_parts.append(spaces[begin:end])
                sizes.append(end - begin)
            else:
                id_parts.append(np.array([form for form, _, _ in tokens], dtype=np.int64))
                space_parts.append(np.array([int(s) for _, _, s in tokens], dtype=np.int64))
                sizes.append(len(tokens))
            begin = end
        offsets = np.concatenate(([0], np.cumsum(sizes, dtype=np.int64)))
        return self._batch(np.concatenate(id_parts), np.concatenate(space_parts), offsets)

    def _batch(self, ids: np.ndarray, spaces: np.ndarray, offsets: np.ndarray) -> TokenBatch:
        return TokenBatch(self.orths, self.lemmas, self.flags, self.lengths, ids, spaces, offsets,
                          crcs=self.crcs)
