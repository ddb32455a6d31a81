"""The fast prefix, suffix and infix searches find what spaCy's searches find, for every
language we build.

The Indonesian prefix pattern has one branch not anchored at the start (`<a([^>]+)>`), so
the fast path must fall back to a full search whenever that branch could match later in
the string. Suffix and prefix lookups try only the branches that can end (or begin) with
the string's last (or first) character; infix lookups start at the first character an
infix can consume. The tokenizer built with them must tokenise exactly as spacy.blank's.
"""

import random
import re
from pathlib import Path

import pytest
import spacy
from spacy import util

from qualcode.condense.affix_search import FastInfixFinditer, FastPrefixSearch, FastSuffixSearch
from qualcode.condense.branch_dispatch import BranchDispatch

REPO = Path(__file__).resolve().parents[1]

STRINGS = [
    "kebijakan", "Rp5.000", "(APBD)", "“anggaran”", "$50", "US$5", "...", "—ya", "<a", "<a>",
    "<a href=x>", "x<a href=y>z", "ab<a>c", "<b/>teks", "<strong/>x", "«data»", "/opd", "—",
    "<a href='x'>lapor</a>", "teks<a x>", "<<a q>", "%", "+62", "+x", "", "a", "<", "<a",
    "IDR100", "USD", "SGD5", "#tagar", "¿qué", "'kata'", "…lanjut", "..lanjut", "“<a b>",
]


@pytest.mark.parametrize("language", ["id", "en"])
def test_fast_prefix_search_gives_spacys_matches(language):
    pattern = util.compile_prefix_regex(spacy.blank(language).Defaults.prefixes)
    fast = FastPrefixSearch(pattern, warm_up=0)
    for string in STRINGS:
        want, got = pattern.search(string), fast(string)
        assert (want and want.span()) == (got and got.span()), string


def test_the_indonesian_pattern_keeps_a_full_search_for_its_unanchored_branch():
    pattern = util.compile_prefix_regex(spacy.blank("id").Defaults.prefixes)
    assert FastPrefixSearch(pattern).heads == ("<a",)
    assert FastPrefixSearch(pattern)("x<a href=y>z").span() == pattern.search("x<a href=y>z").span()


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_tokenizer_with_it_tokenises_as_spacy_blank(language, monkeypatch):
    from qualcode.condense import affix_search
    from qualcode.condense.nlp import pipeline

    monkeypatch.setattr(affix_search, "WARM_UP", 0)  # the fast forms from the first lookup
    ours, theirs = pipeline.__wrapped__(language).tokenizer, spacy.blank(language).tokenizer
    assert ours.suffix_search.lookups_left == 0
    text = " ".join(STRINGS) + " Kami <a href=x>lapor</a> ke (Dinas) “cepat”, Rp5.000/bulan."
    assert [t.text for t in ours(text)] == [t.text for t in theirs(text)]


def _random_strings(count: int, seed: int) -> list[str]:
    """Short strings of letters, digits, punctuation, symbols, units and newlines: what
    spaCy's affix patterns are about, in every order."""
    rng = random.Random(seed)
    pieces = list("aAbZé09.,…-–—%'\"()[]:;!?/\\+*^=<>&@#$€£°\n’“”«»") + [
        "km", "nya", "'s", "n't", "...", "<a", "href", "US$", "Rp", "kg", "th", "am", "pm", "x."]
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(count)]


def _chunks() -> list[str]:
    """Every whitespace-delimited chunk of the demonstration transcripts."""
    found = set()
    for path in sorted((REPO / "transcripts").glob("*")):
        if path.is_file():
            found.update(path.read_text(encoding="utf-8", errors="replace").split())
    return sorted(found)


def _same(want, got) -> bool:
    return (want and (want.span(), want.groups())) == (got and (got.span(), got.groups()))


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_fast_search_gives_spacys_matches(language):
    defaults = spacy.blank(language).Defaults
    prefix = util.compile_prefix_regex(defaults.prefixes)
    suffix = util.compile_suffix_regex(defaults.suffixes)
    infix = util.compile_infix_regex(defaults.infixes)
    fast_prefix, fast_suffix, fast_infix = (FastPrefixSearch(prefix, warm_up=0), FastSuffixSearch(suffix, warm_up=0),
                                             FastInfixFinditer(infix, warm_up=0))
    strings = STRINGS + _chunks() + _random_strings(20_000, seed=len(language))
    assert len(strings) > 21_000
    for string in strings:
        assert _same(prefix.search(string), fast_prefix(string)), string
        assert _same(suffix.search(string), fast_suffix(string)), string
        assert [(m.span(), m.groups()) for m in infix.finditer(string)] == \
            [(m.span(), m.groups()) for m in fast_infix(string)], string
    # the shortcuts were taken, not bypassed
    assert fast_infix.first is not None and fast_infix("anggaran") == ()
    assert fast_suffix.lasts.branches is not None and fast_prefix.firsts.branches is not None
    assert fast_suffix.lasts.for_character("n") is not suffix


def test_a_dispatch_keeps_branch_order_and_groups():
    """At one position the first branch that matches wins, and the cut-down pattern must
    pick the same one, with the same group numbers."""
    pattern = re.compile(r"(a)b$|(\d)x$|(ab)$|[a-c]+$|z?$")
    dispatch = BranchDispatch(pattern, last=True)
    assert dispatch.for_character("b").pattern is None  # cut down, compiled from the parse
    for string in ["ab", "cab", "7x", "b", "q", "zz", "abab", ""]:
        chosen = dispatch.for_character(string[-1]) if string else pattern
        assert _same(pattern.search(string), chosen.search(string)), string
    # `z?$` can match the empty string: it is kept for every character, so none is refused
    assert dispatch.for_character("q") is not None
    # characters that choose the same branches share one compiled pattern
    assert dispatch.for_character("r") is dispatch.for_character("q")
    for character in "漢字かなー한국어":
        dispatch.for_character(character)
    assert len(dispatch.by_branches) <= 4


def test_patterns_it_cannot_read_are_searched_whole():
    for pattern in (re.compile(r"\w+$|x$"), re.compile(r"a$|b", re.I), re.compile(r"a|b"), re.compile(r"[^a]$|b$")):
        fast = FastSuffixSearch(pattern, warm_up=0)
        for string in ["xa", "ab", "B", "a\n", "zzz"]:
            assert _same(pattern.search(string), fast(string)), (pattern.pattern, string)
    assert BranchDispatch(re.compile(r"a$|b"), last=True).for_character("a") is not None
    assert FastInfixFinditer(re.compile(r"\w"), warm_up=0).first is None  # a category: no prefilter
    assert FastInfixFinditer(re.compile(r"(?=a)"), warm_up=0).first is None  # may match the empty string


def test_the_first_lookups_use_the_plain_pattern_and_later_ones_the_fast_forms():
    """Working out the fast forms costs about what a few thousand lookups save: a pipeline
    that makes fewer (its own build, a small project) never works them out."""
    defaults = spacy.blank("id").Defaults
    suffix = FastSuffixSearch(util.compile_suffix_regex(defaults.suffixes), warm_up=3)
    infix = FastInfixFinditer(util.compile_infix_regex(defaults.infixes), warm_up=3)
    for string in ["kota.", "anggaran"]:
        suffix(string), infix(string)
    assert not suffix.lasts.read and infix.first is None
    for string in ["APBD-P", "dana)"]:
        assert _same(suffix(string), suffix.pattern.search(string))
        assert [m.span() for m in infix(string)] == [m.span() for m in infix.pattern.finditer(string)]
    assert suffix.lasts.read and suffix.lasts.branches is not None
    assert infix.first is not None and infix("anggaran") == ()
