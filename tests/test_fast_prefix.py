"""FastPrefixSearch finds what spaCy's prefix search finds, for every language we build.

The Indonesian prefix pattern has one branch not anchored at the start (`<a([^>]+)>`), so
the fast path must fall back to a full search whenever that branch could match later in
the string; the tokenizer built with it must tokenise exactly as spacy.blank's does.
"""

import pytest
import spacy
from spacy import util

from qualcode.condense.lazy_tokenizer import FastPrefixSearch

STRINGS = [
    "kebijakan", "Rp5.000", "(APBD)", "“anggaran”", "$50", "US$5", "...", "—ya", "<a", "<a>",
    "<a href=x>", "x<a href=y>z", "ab<a>c", "<b/>teks", "<strong/>x", "«data»", "/opd", "—",
    "<a href='x'>lapor</a>", "teks<a x>", "<<a q>", "%", "+62", "+x", "", "a", "<", "<a",
    "IDR100", "USD", "SGD5", "#tagar", "¿qué", "'kata'", "…lanjut", "..lanjut", "“<a b>",
]


@pytest.mark.parametrize("language", ["id", "en"])
def test_fast_prefix_search_gives_spacys_matches(language):
    pattern = util.compile_prefix_regex(spacy.blank(language).Defaults.prefixes)
    fast = FastPrefixSearch(pattern)
    for string in STRINGS:
        want, got = pattern.search(string), fast(string)
        assert (want and want.span()) == (got and got.span()), string


def test_the_indonesian_pattern_keeps_a_full_search_for_its_unanchored_branch():
    pattern = util.compile_prefix_regex(spacy.blank("id").Defaults.prefixes)
    assert FastPrefixSearch(pattern).heads == ("<a",)
    assert FastPrefixSearch(pattern)("x<a href=y>z").span() == pattern.search("x<a href=y>z").span()


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_tokenizer_with_it_tokenises_as_spacy_blank(language):
    from qualcode.condense.nlp import pipeline

    ours, theirs = pipeline(language).tokenizer, spacy.blank(language).tokenizer
    text = " ".join(STRINGS) + " Kami <a href=x>lapor</a> ke (Dinas) “cepat”, Rp5.000/bulan."
    assert [t.text for t in ours(text)] == [t.text for t in theirs(text)]
