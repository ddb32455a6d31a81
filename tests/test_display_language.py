"""Displays in the report's language: notes worded from one catalogue (English as it always
read, Indonesian added); the XLSX workbook worded for people; the CSV left as data."""

import pickle

import pytest

from qualcode.display.catalogue import build
from qualcode.display.checklist import checklist_matrix
from qualcode.display.cooccurrence import cooccurrence_matrix
from qualcode.display.matrices import case_by_code_matrix
from qualcode.display.notes import NOTES, Note, note, note_text
from qualcode.display.time_ordered import time_ordered_matrix
from qualcode.display.wording import SHEET_WORDS
from tests.display_fixture import make_codebook, make_frames

# one display of every kind, with the options that give each of its notes
EVERY_NOTE = [
    ("case_by_code", {}), ("case_by_code", {"mode": "presence"}), ("case_by_code", {"mode": "quotes"}),
    ("case_by_code", {"mode": "density"}), ("role_ordered", {}),
    ("framework", {"summaries": {"gov-1": {"budget": "Cuts."}, "nobody": {"budget": "?"}}}),
    ("clustered", {"dimension": "tech"}), ("clustered", {"codes": ["budget", "tech"], "rows": "role"}),
    ("checklist", {"dimension": "budget", "overrides": {"budget-cuts": {"government": "absent",
                                                                        "ghost": "strong"}}}),
    ("summary_table", {}), ("prevalence", {}), ("cooccurrence", {}),
    ("cooccurrence", {"level": "case", "measure": "lift"}), ("accounting", {}), ("time_ordered", {}),
    ("time_ordered", {"mode": "quotes", "period": "week"}),
]


@pytest.fixture
def world(tmp_path):
    codings, segments, cases = make_frames()
    return codings, segments, cases, make_codebook(tmp_path)


def test_both_languages_have_every_note_and_word():
    assert set(NOTES["id"]) == set(NOTES["en"])
    assert set(SHEET_WORDS["id"]) == set(SHEET_WORDS["en"])


def test_every_note_a_display_makes_reads_in_indonesian(world):
    keys = set()
    for kind, options in EVERY_NOTE:
        display = build(kind, *world, {"kind": kind, **options})
        assert all(isinstance(item, Note) for item in display.notes), kind
        keys.update(item.key for item in display.notes)
        english, indonesian = display.note_texts("en"), display.note_texts("id")
        assert len(english) == len(indonesian) and english != indonesian, kind
        assert not any("{" in text or "}" in text for text in indonesian), indonesian
    elsewhere = {"review_none", "review_all", "time_recording", "time_undated", "time_dates_count",
                "checklist_caseless", "cooccurrence_measure"}
    assert set(NOTES["en"]) - keys <= elsewhere  # the rest are checked below


def test_indonesian_notes_read_naturally(world, tmp_path):
    display = case_by_code_matrix(*world)
    assert display.note_texts("id") == (
        "10 dari 15 pengodean di balik tampilan ini adalah usulan mesin yang belum ditinjau "
        "(status \"suggested\").",
        "Sel: segmen berbeda yang dikodekan (subkode digabung pada tingkat dimensi).")
    assert case_by_code_matrix(*world, filter={"status": "accepted"}).note_texts("id")[0] == (
        "Semua 5 pengodean di balik tampilan ini telah ditinjau.")
    assert note_text(note("review_none"), "id") == "Tidak ada pengodean di balik tampilan ini."
    # the accounting log's rule names its marks as its cells and the report do
    accounting = build("accounting", *world, {"kind": "accounting"})
    assert accounting.note_texts("id")[1] == (
        "\u2713 = sedikitnya 2 segmen berkode; sebagian = lebih sedikit; belum ada = tidak satu pun "
        "(Sumber = 0: tidak ada data jenis itu yang dikumpulkan).")
    checklist = checklist_matrix(*world, dimension="tech")
    assert checklist.note_texts("id")[1:] == (
        "Peringkat: tidak ada = tanpa segmen; kuat = sedikitnya 3 segmen dari sedikitnya 50% informan "
        "kolom ini (minimal satu orang); tipis = di antara keduanya.",
        "1 segmen berkode dari sumber tanpa informan tidak diberi peringkat.")
    assert cooccurrence_matrix(*world, level="case", measure="lift").note_texts("id")[1] == (
        "Unit: informan (N = 4); sel: lift.")


def test_a_note_names_codes_by_their_labels_and_counts_in_the_singular(world):
    codebook = world[3]
    labels = {code.id: code.label_in("id") for code in codebook.codes}
    clustered = build("clustered", *world, {"kind": "clustered", "codes": ["budget", "tech"]})
    assert clustered.note_texts("en")[1] == (
        "Columns: the codes of budget, tech; cells: up to 2 best-scored quotes.")
    assert clustered.note_texts("id", labels)[1] == (
        "Kolom: kode-kode Anggaran, Teknologi; sel: hingga 2 kutipan dengan skor tertinggi.")
    assert note_text(note("time_undated", n=1, time="timestamp"), "en") == (
        "1 coded segment without a timestamp is not shown.")
    assert note_text(note("time_undated", n=3, time="date"), "id") == (
        "3 segmen berkode tanpa tanggal tidak ditampilkan.")


def test_time_notes_word_the_period_and_the_recording(world):
    assert time_ordered_matrix(*world).note_texts("id")[1] == (
        "Periode: per bulan menurut tanggal sumber; sel: segmen berbeda.")
    assert note_text(note("time_recording", bin_minutes=10), "id") == (
        "Periode: potongan 10 menit rekaman (menurut stempel waktu segmen).")


def test_notes_are_plain_data():
    item = note("checklist_caseless", n=2)
    assert item == Note("checklist_caseless", (("n", 2),)) and pickle.loads(pickle.dumps(item)) == item
    assert note_text("a note of one's own", "id") == "a note of one's own"  # plain text stays
    with pytest.raises(KeyError):
        note("no-such-note")
