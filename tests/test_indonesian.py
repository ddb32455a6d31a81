"""Indonesian lemma rules: clitics, possessives, reduplication and affixes meet their base."""

import pytest

from qualcode.condense.nlp import pipeline


@pytest.fixture(scope="module")
def lemma():
    nlp = pipeline("id")
    return lambda word: nlp(word)[0].lemma_


@pytest.mark.parametrize("inflected, base", [
    ("anggarannya", "anggaran"),
    ("Anggarannya", "anggaran"),
    ("penganggaran", "anggaran"),
    ("dianggarkan", "anggaran"),
    ("berpartisipasi", "partisipasi"),
    ("partisipasinya", "partisipasi"),
    ("mendukung", "dukung"),
    ("dukungannya", "dukung"),
    ("kebijakan-kebijakan", "kebijakan"),
    ("Kebijakan", "kebijakan"),
    ("pelatihannya", "pelatihan"),
    ("aplikasinya", "aplikasi"),
    ("diintegrasikan", "integrasi"),
    ("terintegrasi", "integrasi"),
    ("keberlanjutannya", "keberlanjutan"),
    ("menyusun", "susun"),
    ("memakai", "pakai"),
    ("anggaranlah", "anggaran"),
    ("anggaranpun", "anggaran"),
    ("rumahku", "rumah"),
    ("bukumu", "buku"),
    ("kemitraan", "mitra"),
])
def test_inflected_forms_share_the_lemma_of_their_base(lemma, inflected, base):
    assert lemma(inflected) == lemma(base)


def test_unknown_words_are_lowercased_not_mangled(lemma):
    assert lemma("SUWAS") == "suwas"
    assert lemma("Sumberasri") == "sumberasri"


def test_english_lemmas_are_case_insensitive():
    nlp = pipeline("en")
    assert [t.lemma_ for t in nlp("Budgets Regulations trained")] == ["budget", "regulation", "train"]
