"""A spaCy tokenizer that loads most of its special cases only when a text needs them.

spaCy's Indonesian tokenizer has ~16,000 special cases, nearly all hyphenated words
(`anak-anak`, `Anak-Anak`, `ANAK-ANAK`, …) that must stay one token; the English one has
~1,300, mostly contractions and abbreviations. Loading them takes ~7 s and ~0.8 s, longer
than coding a small project. A special case can only change how a text is tokenised when
the text contains it, so `LazySpecialsTokenizer` starts with the few it cannot find
cheaply and, before tokenising a text, adds the others that occur in it. The result is
the tokenisation of the full tokenizer:

- spaCy applies a special case either when a whitespace-delimited chunk (or what is left
  of it after prefixes and suffixes) *is* the special string, or through its special
  matcher, whose match is a run of tokens spelling the string, separated at most by single
  spaces (a lazy special has no whitespace of its own, so no whitespace token can be part of
  its match). Either way the string occurs in the text with its whitespace removed, which is
  what `specials_in` searches. A special case that is not in the text changes nothing,
  not even by blocking another one's overlapping match in the special matcher.
- Lazy specials are those without whitespace that hold an anchor character (a hyphen, an
  apostrophe or a full stop): the search looks only around anchors. The rest (emoticons
  without one, `XD`, English `im`, `Dr. med`) are loaded up front.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from typing import Iterator

from qualcode.condense.spacy_import import import_spacy

import_spacy()  # before any `from spacy...`: see spacy_import
from spacy import util
from spacy.tokenizer import Tokenizer
from spacy.util import registry

from qualcode.condense.affix_search import FastInfixFinditer, FastPrefixSearch, FastSuffixSearch

LAZY_TOKENIZER = "qualcode.lazy_specials_tokenizer.v1"
ANCHORS = "-'’."


def is_hyphenated_word(string: str) -> bool:
    """Letters and hyphens, at least one of each (`anak-anak`)."""
    return "-" in string and string.replace("-", "").isalpha()


def lazy_head(string: str) -> str | None:
    """The text before a lazy special's first anchor (none in it); None for a special case
    that is loaded up front (no anchor, or whitespace)."""
    anchor = _HAS_ANCHOR(string)
    if anchor is None or _HAS_WHITESPACE(string) is not None:
        return None
    return string[:anchor.start()]


_HAS_ANCHOR = re.compile("[" + re.escape(ANCHORS) + "]").search
_HAS_WHITESPACE = re.compile(r"\s").search


class LazySpecialsTokenizer(Tokenizer):
    """spaCy's Tokenizer, with the hyphenated-word special cases added on demand."""

    def __init__(self, vocab, rules=None, **settings):
        self.lazy, eager = {}, {}
        # Every lazy string split at its first anchor: the text before it (no anchor in it)
        # -> the lengths of the strings that start with that text there.
        lengths: dict[str, set[int]] = {}
        for string, subs in (rules or {}).items():
            head = lazy_head(string)
            if head is None:
                eager[string] = subs
            else:
                self.lazy[string] = subs
                lengths.setdefault(head, set()).add(len(string))
        super().__init__(vocab, rules=eager, **settings)
        self.lazy_loaded: set[str] = set()
        self.lengths_by_head = {head: tuple(sorted(found)) for head, found in lengths.items()}
        self.longest_head = max((len(h) for h in self.lengths_by_head), default=0)
        self.find_anchor = re.compile("[" + re.escape(ANCHORS) + "]").finditer
        self._searched: set[int] = set()  # id() of the texts `loaded_for` has searched

    def specials_in(self, text: str) -> list[str]:
        """The lazy special strings that occur in `text` with its whitespace removed."""
        squeezed = "".join(text.split())
        found = []
        lengths_by_head, lazy, loaded = self.lengths_by_head, self.lazy, self.lazy_loaded
        for anchor in self.find_anchor(squeezed):
            at = anchor.start()
            # the string's first anchor is this one: before it, no anchor
            begin = at
            while begin > 0 and at - begin < self.longest_head and squeezed[begin - 1] not in ANCHORS:
                begin -= 1
            for start in range(begin, at + 1):
                for length in lengths_by_head.get(squeezed[start:at], ()):
                    candidate = squeezed[start:start + length]
                    if candidate in lazy and candidate not in loaded:
                        found.append(candidate)
        return found

    def load_specials_for(self, text: str) -> None:
        for string in dict.fromkeys(self.specials_in(text)):
            self.lazy_loaded.add(string)
            self.add_special_case(string, self.lazy[string])

    @contextmanager
    def loaded_for(self, texts: list[str]) -> Iterator[None]:
        """Load the special cases `texts` need now (e.g. before a memory zone, which would
        free what is made inside it); tokenising these texts inside does not search them
        again. The caller holds `texts`, so their id()s stay theirs until the end."""
        for text in texts:
            self.load_specials_for(text)
        self._searched = {id(text) for text in texts}
        try:
            yield
        finally:
            self._searched = set()

    def __call__(self, text: str):
        if id(text) not in self._searched:
            self.load_specials_for(text)
        return super().__call__(text)

    def pipe(self, texts, batch_size=1000):
        for text in texts:
            yield self(text)

    def __reduce__(self):
        every = {**self.rules, **self.lazy}
        return (_rebuild, (self.vocab, every, self.prefix_search, self.suffix_search,
                           self.infix_finditer, self.token_match, self.url_match))


def _rebuild(vocab, rules, prefix_search, suffix_search, infix_finditer, token_match, url_match):
    return LazySpecialsTokenizer(vocab, rules, prefix_search=prefix_search, suffix_search=suffix_search,
                                 infix_finditer=infix_finditer, token_match=token_match,
                                 url_match=url_match)


@registry.tokenizers(LAZY_TOKENIZER)
def create_lazy_tokenizer():
    """The language's default tokenizer settings, special cases loaded lazily."""

    def factory(nlp) -> LazySpecialsTokenizer:
        defaults = nlp.Defaults
        return LazySpecialsTokenizer(
            nlp.vocab, rules=defaults.tokenizer_exceptions,
            prefix_search=FastPrefixSearch(util.compile_prefix_regex(defaults.prefixes)) if defaults.prefixes else None,
            suffix_search=FastSuffixSearch(util.compile_suffix_regex(defaults.suffixes)) if defaults.suffixes else None,
            infix_finditer=FastInfixFinditer(util.compile_infix_regex(defaults.infixes)) if defaults.infixes else None,
            token_match=defaults.token_match, url_match=defaults.url_match)

    return factory
