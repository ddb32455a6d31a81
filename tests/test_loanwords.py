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
    ("berkomitmen", "komitmen"), ("dimonitoring", "monitoring"), ("didigitalkan", "digital"),
    ("mendigitalkan", "digital"), ("dimaintenance", "maintenance"),
])
def test_an_english_verb_with_indonesian_affixes_meets_the_verb(lemma, word, verb):
    assert lemma(word) == verb


@pytest.mark.parametrize("word", ["dimas", "dian", "dilan", "dimana", "diam", "dikomen"])
def test_a_word_that_only_starts_like_a_prefix_is_no_loan_verb(lemma, word):
    assert lemma(word) == word


@pytest.mark.parametrize("word, noun", [
    ("didigitalisasi", "digitalisasi"), ("mendigitalisasikan", "digitalisasi"),
    ("pendigitalisasian", "digitalisasi"), ("digitalisasinya", "digitalisasi"),
    ("mengedukasi", "edukasi"), ("dikalibrasi", "kalibrasi"), ("diverifikasi", "verifikasi"),
    ("berkontribusi", "kontribusi"), ("diregulasi", "regulasi"), ("menyinkronisasikan", "sinkronisasi"),
    ("dikomputerisasi", "komputerisasi"), ("teregistrasi", "registrasi"), ("diadministrasikan", "administrasi"),
])
def test_a_borrowed_noun_the_table_lacks_is_found_under_its_affixes(lemma, word, noun):
    """spacy-lookups-data's table has no `digitalisasi`: before, its affixed forms kept their
    whole spelling and missed the codebook's keyword."""
    assert lemma(word) == noun


@pytest.mark.parametrize("noun", ["digitalisasi", "dinamisasi", "sekularisasi", "mekanisasi", "personalisasi"])
def test_a_borrowed_noun_that_begins_like_a_prefix_stays_whole(lemma, noun):
    """di-, se-, me- and per- begin these nouns: no `gitalisasi` or `kanisasi`."""
    assert lemma(noun) == noun


def test_a_codebook_keyword_meets_its_borrowed_noun_under_affixes():
    from qualcode.codebook import load_codebook
    from qualcode.condense.autocode import auto_code
    from qualcode.model import Segment, Source
    from tests.conftest import REPO

    codebook = load_codebook(REPO / "codebooks" / "smart-city.yaml")
    text = "Semua layanan perizinan sudah didigitalisasi tahun lalu."
    source = Source("s", "s.txt", "", text, "interview", "id", None, None, {},
                    (Segment("s:1", 1, 0, len(text), text),))
    assert "technology" in {coding.code_id for coding in auto_code([source], codebook, 1.0)}


@pytest.mark.parametrize("nonstandard, standard", [
    ("ijin", "izin"), ("perijinan", "perizinan"), ("antrian", "antrean"), ("mengantri", "mengantre"),
    ("resiko", "risiko"), ("tehnologi", "teknologi"), ("sistim", "sistem"), ("dikordinasikan", "dikoordinasikan"),
    ("efektifitas", "efektivitas"), ("kwota", "kuota"), ("ketrampilan", "keterampilan"),
    ("dirubah", "diubah"), ("diperbaharui", "diperbarui"), ("difahami", "dipahami"),
])
def test_a_nonstandard_spelling_meets_the_standard_one(lemma, nonstandard, standard):
    """Typed transcripts and complaints write `ijin` and `antrian`; a codebook lists `perizinan`
    and `antrean panjang`."""
    assert lemma(nonstandard) == lemma(standard)


def test_chat_abbreviations_meet_the_words_of_a_codebooks_phrases():
    """Complaints typed on a phone shorten the small words: `msh kurang`, `blm ada anggaran`,
    `gk bisa diakses` met no phrase of the codebook, and `gk` negated nothing."""
    from qualcode.codebook import load_codebook
    from qualcode.condense.autocode import auto_code
    from qualcode.model import Segment, Source
    from tests.conftest import REPO

    codebook = load_codebook(REPO / "codebooks" / "smart-city.yaml")

    def codes(text: str) -> set[str]:
        source = Source("s", "s.txt", "", text, "response", "id", None, None, {},
                        (Segment("s:1", 1, 0, len(text), text),))
        return {coding.code_id for coding in auto_code([source], codebook, 1.0)}

    assert "budget-constraints" in codes("Anggaran msh kurang utk pemeliharaan.")
    assert "budget-constraints" in codes("Blm ada anggaran utk server.")
    assert "inhibiting-factor" in codes("Aplikasinya gk bisa diakses dari kemarin.")
    assert "citizen-satisfaction" in codes("Pelayanan tdk memuaskan.")
    assert "supporting-factor" not in codes("Programnya gk berjalan lancar.")  # gk negates, as tidak does


@pytest.mark.parametrize("word, not_lemma", [("diperbaiki", "baik"), ("memperbaiki", "baik"), ("dibiayai", "biaya"),
                                             ("pembiayaan", "biaya")])
def test_a_repair_is_not_good_nor_financing_a_fee(lemma, word, not_lemma):
    """'Tolong diperbaiki' (please repair) counted as baik toward supporting factors, and a
    codebook's `pembiayaan` (financing) met every fee a complaint mentions (`biaya`)."""
    assert lemma(word) != not_lemma
    assert lemma(word) == lemma({"diperbaiki": "perbaikan", "memperbaiki": "perbaikan"}.get(word, "pembiayaan"))


def test_pleased_is_no_please():
    """A request ("Please add a status tracker") counted as citizen satisfaction (`pleased`)."""
    nlp = pipeline("en")
    assert nlp("pleased")[0].lemma_ == "pleased" and nlp("please")[0].lemma_ == "please"


@pytest.mark.parametrize("stretched, word", [("rusaaak", "rusak"), ("lamaaa", "lama"), ("mantappp", "mantap"),
                                             ("anggaraaan", "anggaran"), ("ribeeet", "ribet")])
def test_a_letter_held_for_emphasis_is_the_word(lemma, stretched, word):
    """"Jalannya rusaaak" is rusak: no Indonesian word holds a letter three times."""
    assert lemma(stretched) == lemma(word)
