"""Borrowed words with Indonesian affixes: the Dutch verbs of officialdom (dikoordinir) and
English verbs of office work (diupload) meet the word a codebook lists."""

import pytest

from qualcode.condense.nlp import pipeline


@pytest.fixture(scope="module")
def lemma():
    nlp = pipeline("id")
    return lambda word: nlp(word)[0].lemma_


@pytest.mark.parametrize("verb, noun", [
    ("dikoordinir", "koordinasi"), ("mengkoordinir", "koordinasi"), ("diorganisir", "organisasi"),
    ("mengakomodir", "akomodasi"), ("disosialisir", "sosialisasi"), ("diinventarisir", "inventarisasi"),
])
def test_the_dutch_verbs_of_officialdom_meet_their_nouns(lemma, verb, noun):
    """(di)koordinir is said as often as dikoordinasikan in a government office."""
    assert lemma(verb) == lemma(noun)


@pytest.mark.parametrize("word", ["akhir", "banjir", "parkir", "pikir", "hadir", "takdir"])
def test_a_word_ending_in_ir_without_an_asi_noun_stays_itself(lemma, word):
    assert lemma(word) == word


@pytest.mark.parametrize("word, verb", [
    ("diinput", "input"), ("menginput", "input"), ("nginput", "input"), ("diupload", "upload"),
    ("ngupload", "upload"), ("diuploadnya", "upload"), ("ngeshare", "share"), ("diupdate", "update"),
    ("mengupdate", "update"), ("terupload", "upload"), ("dimonitor", "monitor"),
])
def test_an_english_verb_with_indonesian_affixes_meets_the_verb(lemma, word, verb):
    assert lemma(word) == verb


@pytest.mark.parametrize("word", ["dimas", "dian", "dilan", "dimana", "diam", "dikomen"])
def test_a_word_that_only_starts_like_a_prefix_is_no_loan_verb(lemma, word):
    assert lemma(word) == word
