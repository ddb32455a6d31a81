"""Displays in the report's language: notes worded from one catalogue (English as it always
read, Indonesian added); the XLSX workbook worded for people; the CSV left as data."""

import io
import pickle

import openpyxl
import pytest

from qualcode.codebook import load_codebook
from qualcode.display.catalogue import build
from qualcode.display.checklist import checklist_matrix
from qualcode.display.cooccurrence import cooccurrence_matrix
from qualcode.display.export import display_csv
from qualcode.display.xlsx_book import xlsx_bytes
from qualcode.display.matrices import case_by_code_matrix
from qualcode.display.notes import NOTES, Note, note, note_text
from qualcode.display.time_ordered import time_ordered_matrix
from qualcode.display.worded import worded_rows
from qualcode.display.wording import SHEET_WORDS
from tests.display_fixture import CODEBOOK, make_codebook, make_frames

# one display of every kind, with the options that give each of its notes
EVERY_NOTE = [
    ("case_by_code", {}), ("case_by_code", {"depth": "code"}), ("case_by_code", {"mode": "presence"}),
    ("case_by_code", {"mode": "quotes"}),
    ("case_by_code", {"mode": "density"}), ("role_ordered", {}),
    ("framework", {"summaries": {"gov-1": {"budget": "Cuts."}, "nobody": {"budget": "?"}}}),
    ("clustered", {"dimension": "tech"}), ("clustered", {"codes": ["budget", "tech"], "rows": "role"}),
    ("checklist", {"dimension": "budget", "overrides": {"budget-cuts": {"government": "absent",
                                                                        "ghost": "strong"}}}),
    ("summary_table", {}), ("prevalence", {}), ("cooccurrence", {}),
    ("cooccurrence", {"level": "case", "measure": "lift"}), ("cooccurrence", {"measure": "jaccard"}),
    ("accounting", {}), ("time_ordered", {}),
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
    elsewhere = {"review_none", "review_all", "time_recording", "time_undated", "time_undated_date", "time_dates_count",
                "checklist_caseless"}
    assert set(NOTES["en"]) - keys <= elsewhere  # the rest are checked below


def test_indonesian_notes_read_naturally(world, tmp_path):
    display = case_by_code_matrix(*world)
    assert display.note_texts("id") == (
        "Sebanyak 10 dari 15 pengodean yang mendasari sajian ini adalah usulan mesin yang belum ditinjau.",
        "Sel: segmen berbeda yang dikodekan (subkode digabung pada tingkat dimensi).")
    # at code depth a dimension's column holds only codings on the dimension itself: said so
    assert case_by_code_matrix(*world, depth="code").note_texts("en")[1].startswith(
        "Cells: distinct segments coded with each code itself")
    assert case_by_code_matrix(*world, filter={"status": "accepted"}).note_texts("id")[0] == (
        "Seluruh 5 pengodean yang mendasari sajian ini telah ditinjau.")
    assert note_text(note("review_none"), "id") == "Tidak ada pengodean yang mendasari sajian ini."
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
    # the measure is explained where a supervisor reads it, blanks too
    assert cooccurrence_matrix(*world, level="case", measure="lift").note_texts("id")[1] == (
        "Unit: informan (N = 4); sel: lift, berapa kali lebih sering kedua kode muncul bersama daripada yang "
        "diharapkan secara kebetulan (1: sama seperti kebetulan); kosong pada diagonal dan bila salah satu kode "
        "tidak muncul.")
    assert cooccurrence_matrix(*world, measure="jaccard").note_texts("id")[1].startswith(
        "Unit: segmen (N = ")
    assert "sel: Jaccard, yaitu banyaknya segmen yang memuat kedua kode dibagi yang memuat salah satunya" in \
        cooccurrence_matrix(*world, measure="jaccard").note_texts("id")[1]


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
    # undated segments of dated fieldwork: which files, and how to date them
    assert note_text(note("time_undated_date", n=8, time="date", sources="mayor-staffer, ngo-worker"), "en") == (
        "8 coded segments without a date are not shown (mayor-staffer, ngo-worker): give their files a "
        "`date:` in their front matter, or their cases a date column in cases.csv.")


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


# ------------------------------------------------------------------------------ the workbook
def _sheets(data: bytes) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def _displays(world):
    return [case_by_code_matrix(*world),
            checklist_matrix(*world, dimension="budget", overrides={("budget-cuts", "government"): "absent"}),
            build("summary_table", *world, {"kind": "summary_table"}),
            build("accounting", *world, {"kind": "accounting"})]


def test_an_indonesian_workbook_shows_labels_words_and_marks(world):
    displays = _displays(world)
    sheets = _sheets(xlsx_bytes(displays, language="id", codebook=world[3]))
    matrix = sheets["case_by_dimension"]
    assert matrix[0] == ("Kasus", "Peran", "Anggaran", "Teknologi", "Hambatan")
    assert matrix[3] == ("gov-1", "pemerintah", 3, 2, 1)
    assert matrix[6][0] == "Sebanyak 10 dari 15 pengodean yang mendasari sajian ini adalah usulan mesin yang belum ditinjau."
    assert matrix[7][0] == "Sel: segmen berbeda yang dikodekan (subkode digabung pada tingkat dimensi)."
    checklist = sheets["checklist_budget"]
    assert checklist[0] == ("Komponen", "masyarakat", "pemerintah")
    assert checklist[1][0] == "Pemotongan" and checklist[1][1].startswith("tipis \u2014 \u201cTell me")
    assert checklist[1][2].startswith("tidak ada\u2020 (menurut aturan: kuat) \u2014 \u201cBudget was cut")
    assert checklist[2][1] == "tidak ada"
    summary = sheets["summary_by_role"]
    assert summary[0] == ("Kode", "masyarakat", "pemerintah", "(tanpa nilai)", "Total")
    # written out: "seg" and "inf" are no Indonesian words
    assert summary[1] == ("Anggaran", "2 segmen / 1 dari 2 informan", "4 segmen / 2 dari 2 informan",
                          "1 segmen", "7 segmen / 3 dari 4 informan")
    accounting = sheets["data_accounting"]
    # no row label: it would repeat the case and source type beside it ("com-1/wawancara")
    assert accounting[0] == ("Kasus", "Jenis sumber", "Sumber", "Anggaran", "Teknologi")
    assert accounting[1] == ("com-1", "wawancara", 1, "\u2713", "sebagian")
    assert accounting[2][-2:] == ("belum ada", "belum ada")
    assert accounting[5][:2] == ("(tanpa kasus)", "dokumen")
    assert accounting[8][0].startswith("\u2713 = sedikitnya 2 segmen berkode; sebagian = lebih sedikit")


def test_an_english_workbook_shows_english_labels_words_and_notes(world):
    displays = _displays(world)
    sheets = _sheets(xlsx_bytes(displays, language="en", codebook=world[3]))
    assert sheets["case_by_dimension"][0] == ("Case", "Role", "Budget", "Technology", "Barrier")
    assert [row[0] for row in sheets["case_by_dimension"][6:]] == list(displays[0].note_texts("en"))
    checklist = sheets["checklist_budget"]
    assert checklist[0] == ("Component", "community", "government") and checklist[1][0] == "Cuts"
    assert checklist[1][2].startswith("absent\u2020 (computed: strong) \u2014 \u201cBudget was cut")
    assert sheets["summary_by_role"][1][1] == "2 seg / 1 of 2 inf"
    accounting = sheets["data_accounting"]
    assert accounting[0][:3] == ("Case", "Source type", "Sources")
    assert accounting[5][:2] == ("(no case)", "document") and accounting[1][-1] == "partial"


def test_a_worded_workbook_is_stable_safe_and_leaves_the_csv_alone(world, tmp_path):
    displays = _displays(world)
    csv_before = [display_csv(display) for display in displays]
    worded = xlsx_bytes(displays, language="id", codebook=world[3])
    assert worded == xlsx_bytes(displays, language="id", codebook=world[3])
    assert worded != xlsx_bytes(displays)  # without a language: as built, the ids and English
    as_built = _sheets(xlsx_bytes(displays))["case_by_dimension"]
    assert as_built[0] == ("case", "role", "budget", "tech", "barrier")
    assert [display_csv(display) for display in displays] == csv_before
    # a label is text from the codebook: one that could start a formula is neutralised too
    hostile = CODEBOOK.replace("label: {id: Anggaran, en: Budget}", "label: {id: '=HYPERLINK(1)', en: x}")
    (tmp_path / "hostile.yaml").write_text(hostile, encoding="utf-8")
    codebook = load_codebook(tmp_path / "hostile.yaml")
    hostile_book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(displays[:1], language="id", codebook=codebook)))
    header = hostile_book["case_by_dimension"]["C1"]
    assert header.value == "=HYPERLINK(1)" and header.data_type == "s" and header.quotePrefix


def test_a_role_that_is_also_a_code_id_heads_its_column_as_a_role(world):
    """The demo's `legislature` is a role and a code: a summary by role shows the role."""
    codings, segments, cases, codebook = world
    cases = cases.assign(role=cases["role"].replace({"community": "legislature"}))
    display = build("summary_table", codings, segments, cases, codebook, {"kind": "summary_table"})
    labels = {"legislature": "Dukungan legislatif"}
    header, _ = worded_rows(display, ["code", *display.table.columns], [], "id", labels)
    assert header[:3] == ["Kode", "pemerintah", "legislatif"]


def test_a_summary_cells_counts_have_their_thousands_marked():
    """A survey's counts run to thousands: 18.720 in Indonesian, 18,720 in English."""
    from qualcode.display.worded import _counts
    from qualcode.display.wording import words

    cell = "18720 seg / 18720 of 20000 inf"
    assert _counts(cell, words("id")) == "18.720 segmen / 18.720 dari 20.000 informan"
    assert _counts(cell, words("en")) == "18,720 seg / 18,720 of 20,000 inf"
    assert _counts("999 seg", words("id")) == "999 segmen"
