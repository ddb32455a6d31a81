"""A tokenizer that makes TokenBatches from a memo of whitespace-delimited chunks.

`ChunkTokenizer` makes a TokenBatch with the same tokens and lemmas as running the spaCy
pipeline on each text, much faster. spaCy splits a text at whitespace and tokenises each
whitespace-delimited chunk on its own; only its special-case matcher can act across
chunks. So each distinct chunk is tokenised (and lemmatised) once and remembered, and a
text is the concatenation of its chunks' tokens, unless two tokens that meet at a chunk
boundary could be consecutive tokens of a special case's pattern (`boundary_pairs` and
`Forms.unsafe`, in `qualcode.condense.chunk_forms`, which also keeps the token texts and
their lemmas): then, and for texts with whitespace at either end, spaCy tokenises the
whole text. A chunk that spaCy's own checks say is one word, or a word and a mark
(`_learn_single`), is learned without running spaCy; the others go to spaCy. The memo
(`qualcode.condense.chunk_memo`) keeps every chunk's tokens in flat arrays, and a group's
chunks are found with array operations too (`qualcode.condense.chunk_keys`), so a group of
texts is put together from its chunk numbers. A test checks the two agree token for token
on real and adversarial texts.
"""

from __future__ import annotations

import re
from contextlib import nullcontext

import numpy as np

from qualcode.condense.chunk_forms import Forms, boundary_pairs
from qualcode.condense.chunk_keys import find_keys, keys_one_by_one
from qualcode.condense.chunk_memo import ChunkMemo
from qualcode.condense.tokens import PUNCT, SPACE, TokenBatch

NOT_SINGLE_SPACES = re.compile(r"[^\S ]|  ").search  # whitespace other than single spaces
# Chunks remembered per language before the memo is emptied (memory stays bounded; a
# million words of interviews hold ~30,000 distinct chunks, most of them in Indonesian).
MAX_CHUNKS = 30_000
# From this many lexemes on, spaCy runs in memory zones (see ChunkTokenizer._spacy_tokens).
ZONE_FROM_LEXEMES = 20_000


def plain_chunks(texts: list[str]) -> set[str]:
    """The whitespace-free memo keys of `texts`: their parts between whitespace (str.split
    splits at str.isspace, as spaCy does). The whitespace runs that are keys are left out."""
    return {chunk for text in texts for chunk in text.split()}


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
        self.boundary = boundary_pairs(tokenizer, {string: subs for string, subs in every.items()
                                                   if not is_hyphenated_word(string)})
        if any(a.isalnum() and b.isalnum() for a, b in self.boundary.pairs):
            raise AssertionError("a special case pattern joins two alphanumeric tokens")
        # The lemma of a one-token word, when qualcode_lemma is all that runs after the
        # tokenizer: then such words need no spaCy at all (see `_learn_single`).
        running = [name for name in nlp.pipe_names if name not in self.skip]
        self.lemma_of = (getattr(nlp.get_pipe("qualcode_lemma"), "lemma_of", None)
                         if self.memo_ok and running == ["qualcode_lemma"] else None)
        self._reset()

    def _reset(self) -> None:
        self.forms = Forms(self.boundary)
        self.memo = ChunkMemo()
        self.epoch = getattr(self, "epoch", -1) + 1  # counts resets: positions in `learned` restart

    def chunk_tokens(self, since: int) -> dict[str, str]:
        """Chunks learned from position `since` on: chunk -> its tokens (`encode_tokens`)."""
        memo, encoded = self.memo, self.forms.encoded
        return {chunk: encoded(ids) for chunk, ids in zip(memo.learned[since:], memo.ids_since(since))}

    @property
    def learned(self) -> list[str]:
        return self.memo.learned

    def _remember(self, chunk: str, ids: tuple[int, ...]) -> None:
        """Memo a chunk's tokens, and which of its ends might meet a special case's pattern."""
        self.memo.add(chunk, ids, self.forms.risk(ids[0], ids[-1]))

    def _form(self, token) -> int:
        found = self.forms.ids.get(token.text)
        if found is None:
            found = self.forms.add(token.text, token.lemma_,
                                   (PUNCT if token.is_punct else 0) | (SPACE if token.is_space else 0))
        return found

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
        # What find_prefix, find_suffix and find_infix look at, called without their wrappers.
        # Any match, even an empty one (which they would not count), sends a chunk to spaCy.
        prefix = tokenizer.prefix_search or (lambda string: None)
        suffix = tokenizer.suffix_search or (lambda string: None)
        infixes = tokenizer.infix_finditer or (lambda string: ())

        def whole(word: str) -> bool:
            return (word not in rules and word not in lazy and prefix(word) is None
                    and suffix(word) is None and next(iter(infixes(word)), None) is None)

        def one_mark(chunk: str) -> bool:  # find_suffix(chunk) == 1
            found = suffix(chunk)
            return found is not None and found.end() - found.start() == 1

        ids = self.forms.ids
        # the marks of `word,` chunks, learned first (by spaCy, as chunks of their own)
        marks = {chunk[-1] for chunk in chunks if len(chunk) > 1 and not chunk[-1].isalnum()
                 and chunk[-1] not in ids and chunk[:-1].isalnum()}
        if marks:
            self._learn(sorted(marks))
        rest, single, words = [], [], {}  # words: those without a form yet
        for chunk in chunks:
            if chunk.isalnum():
                if whole(chunk):
                    single.append((chunk, chunk, None))
                    if chunk not in ids:
                        words[chunk] = None
                    continue
            elif len(chunk) > 1 and chunk[:-1].isalnum():
                mark = ids.get(chunk[-1])
                if (mark is not None and chunk not in rules and chunk not in lazy
                        and not (token_match and token_match(chunk)) and prefix(chunk) is None
                        and one_mark(chunk) and whole(chunk[:-1])):
                    single.append((chunk, chunk[:-1], mark))
                    if chunk[:-1] not in ids:
                        words[chunk[:-1]] = None
                    continue
            rest.append(chunk)
        self.forms.add_words(list(words), list(map(self.lemma_of, words)))
        for chunk, word, mark in single:
            self._remember(chunk, (ids[word],) if mark is None else (ids[word], mark))
        return rest

    def _learn_joined(self, chunks: list[str]) -> list[str]:
        """Tokenise chunks joined by single spaces, in one call; return those whose tokens
        might differ from tokenising them alone (a boundary no special pattern may cross)."""
        [tokens] = self._spacy_tokens([" ".join(chunks)])
        orths = self.forms.orths
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
            if idx + len(orths[form]) > ends[k]:
                redo.add(k)  # a token across chunks
            found[k].append(form)
        for k, ids in enumerate(found):
            if not ids or sum(len(orths[i]) for i in ids) != len(chunks[k]):
                redo.add(k)
        meeting = [k for k in range(len(chunks) - 1) if found[k] and found[k + 1]]
        if meeting:
            unsafe = self.forms.unsafe(np.array([found[k][-1] for k in meeting], dtype=np.int64),
                                  np.array([found[k + 1][0] for k in meeting], dtype=np.int64))
            for k in np.array(meeting)[unsafe].tolist():
                redo.update((k, k + 1))
        for k, chunk in enumerate(chunks):
            if k not in redo:
                self._remember(chunk, tuple(found[k]))
        return [chunks[k] for k in sorted(redo)]

    # -------------------------------------------------------------------------- texts
    def _plans(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[bool]]:
        """The memo keys of the texts, as chunk numbers, one after the other; how many each
        text has; which keys a single space follows; and which texts spaCy must tokenise
        whole (those have no keys). Keys the memo lacks are learned first (a full memo is
        emptied before: memory stays bounded)."""
        self._bound_memo()
        # spaCy treats edge whitespace specially: such a text is tokenised whole
        whole = [not self.memo_ok or not text or text[0].isspace() or text[-1].isspace() for text in texts]
        chosen = [text for text, alone in zip(texts, whole) if not alone]
        found = find_keys(chosen) or keys_one_by_one(chosen)
        known = self.memo.numbers
        numbers = list(map(known.get, found.distinct))
        if None in numbers:
            self._learn(sorted(key for key, number in zip(found.distinct, numbers) if number is None))
            numbers = list(map(known.__getitem__, found.distinct))
        counts = np.zeros(len(texts), dtype=np.int64)  # keys per text
        counts[np.flatnonzero(~np.array(whole, dtype=bool))] = found.counts
        numbers_of = np.array(numbers, dtype=np.int64)[found.which] if numbers else np.zeros(0, dtype=np.int64)
        return numbers_of, counts, found.spaced, whole

    def learn(self, texts: list[str]) -> None:
        """Learn the chunks of `texts` the memo lacks, ahead of tokenising them (e.g. while
        another process ingests them). The whitespace-free ones: str.split finds them (at
        str.isspace, as spaCy splits) for a fraction of what `find_keys` and the plans cost,
        and the few whitespace runs that are keys too are learned when tokenising meets them."""
        if not self.memo_ok:
            return
        self._bound_memo()
        known = self.memo.numbers
        new = [chunk for chunk in plain_chunks(texts) if chunk not in known]
        if new:
            self._learn(sorted(new))

    def _bound_memo(self) -> None:
        """Empty a memo grown past MAX_CHUNKS before learning more: memory stays bounded."""
        if len(self.memo) > MAX_CHUNKS:
            self._reset()

    def tokenize(self, texts: list[str]) -> TokenBatch:
        numbers_of, counts, spaced, whole = self._plans(texts)
        key_ends = np.cumsum(counts)
        starts_text = np.zeros(len(numbers_of), dtype=bool)
        starts_text[(key_ends - counts)[counts > 0]] = True
        self._mark_unsafe(numbers_of, starts_text, key_ends, whole)
        ids, spaces, token_ends = self.memo.expand(numbers_of, spaced)
        return self._assemble(texts, whole, ids, spaces, token_ends, key_ends)

    def _mark_unsafe(self, numbers: np.ndarray, starts_text: np.ndarray, key_ends: np.ndarray,
                     whole: list[bool]) -> None:
        """Mark `whole` the texts where a special case might act across a key boundary."""
        risky = self.memo.risky_boundaries(numbers, starts_text)
        if not len(risky):
            return
        _, lasts = self.memo.edges(numbers[risky])
        firsts, _ = self.memo.edges(numbers[risky + 1])
        for k in np.searchsorted(key_ends, risky[self.forms.unsafe(lasts, firsts)], side="right").tolist():
            whole[k] = True

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
        forms = self.forms
        return TokenBatch(forms.orths, forms.lemmas, forms.flags, forms.lengths, ids, spaces, offsets,
                          crcs=forms.crcs)
