"""An informant introducing themself is quoted only when nothing else is left."""

import pandas as pd
import pytest

from qualcode.conclude.quoting import diverse_quotes
from qualcode.conclude.introductions import looks_like_introduction


@pytest.mark.parametrize("segment_id, text", [
    ("bappeda:2", "Pagi, Mbak. Iya, saya perencana ahli muda, di Bidang Pemerintahan dan Pembangunan."),
    ("rw:2", "Eh, saya ini sudah periode kedua, jadi kalau dihitung ya hampir tujuh tahun jadi ketua RW."),
    ("kominfo:1", "Nama saya Dewi, saya bekerja di Diskominfo sejak 2015."),
    ("uni:3", "Well, I'm a lecturer in public policy and I've worked with the city on its masterplan."),
    ("telco:2", "I am the government account manager for the region."),
])
def test_early_self_descriptions_are_introductions(segment_id, text):
    assert looks_like_introduction(segment_id, text)


@pytest.mark.parametrize("segment_id, text", [
    ("bappeda:12", "Saya sebagai perencana melihat anggaran pemeliharaan selalu dipotong."),  # late
    ("dprd:2", "Raperda SPBE masih di pansus, saya salah satu anggotanya."),
    ("uni:2", "The masterplan was drafted in a hurry and the budget never followed."),
    ("x", "Nama saya tercantum di SK tim pelaksana."),  # no ordinal: not a turn of an interview
])
def test_other_answers_are_not(segment_id, text):
    assert not looks_like_introduction(segment_id, text)


def test_the_quick_look_for_self_words_never_changes_what_the_pattern_finds():
    """A text is searched only when it has a word every self-description needs: over texts
    in any capitals, with and without those words, the answer is the pattern's own."""
    from qualcode.conclude.introductions import _SELF_DESCRIPTION

    texts = ["NAMA SAYA Dewi.", "PERKENALKAN, saya Budi.", "Saya Sebagai Ketua RW.", "MY NAME IS Ana.",
             "Let Me Introduce myself.", "I'M THE HEAD of planning.", "I Am One Of The Deputy heads.",
             "I'VE WORKED here.", "I Have Served ten years.", "i'm fine", "sayang sekali", "Kami perencana.",
             "I’m the head (a curly apostrophe).", "I  am the head (two spaces).", "tolong jalan rusak"]
    for k, text in enumerate(texts):
        expected = _SELF_DESCRIPTION.search(text) is not None
        assert looks_like_introduction(f"s{k}:1", text) == expected, text


def _row(segment_id, text, case, role, score):
    return {"segment_id": segment_id, "text": text, "case_id": case, "role": role,
            "source_type": "interview", "score": score}


def test_a_higher_scored_introduction_gives_way_to_other_evidence():
    intro = "Iya, saya kepala bidang e-government di Diskominfo, mengurus aplikasi, server dan pelatihan."
    rows = pd.DataFrame([
        _row("gov-a:2", intro, "gov-a", "government", 5.0),
        _row("gov-a:9", "Servernya sering mati karena anggaran pemeliharaan dipotong tiap tahun, Mbak.",
             "gov-a", "government", 1.0),
        _row("com-b:4", "Aplikasinya susah dipakai warga yang sudah sepuh, jadi tetap datang ke kantor.",
             "com-b", "community", 1.0),
    ])
    assert sorted(q.segment_id for q in diverse_quotes(rows, limit=2)) == ["com-b:4", "gov-a:9"]


def test_an_introduction_is_quoted_when_nothing_else_is_left():
    rows = pd.DataFrame([_row("gov-a:1", "Nama saya Budi, saya bekerja di Bappeda sebagai perencana anggaran.",
                              "gov-a", "government", 2.0)])
    assert [q.segment_id for q in diverse_quotes(rows)] == ["gov-a:1"]


def test_a_segment_a_person_coded_is_quoted_before_the_machines_best_guess():
    # "Mutasi itu musuh kami" scores high for technology, but no one has looked at it; the
    # researcher accepted the other one: a supervisor reads reviewed evidence first
    rows = pd.DataFrame([
        {**_row("gov-a:16", "Operator yang sudah kami latih dimutasi ke kecamatan. Mutasi itu musuh kami.",
                "gov-a", "government", 4.0), "status": "suggested"},
        {**_row("com-b:4", "Sekarang surat pengantar bisa diajukan dari HP, pagi ngajukan, siang sudah beres.",
                "com-b", "community", 1.0), "status": "accepted"},
    ])
    assert [q.segment_id for q in diverse_quotes(rows, limit=1)] == ["com-b:4"]
    assert [q.segment_id for q in diverse_quotes(rows.assign(status="suggested"), limit=1)] == ["gov-a:16"]
