"""A table's rows: named by their row number as a spreadsheet shows them, they keep their
ids (and so their codings and memos) when rows above them are deleted, inserted or sorted,
found again by their cells; an answer, one segment, is coded without naming its segment."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from qualcode.cli import app
from qualcode.ingest.row_matching import row_ids
from qualcode.project import load_config
from qualcode.store import Store

HEADER = ["Timestamp", "Kecamatan", "Apa kendala layanan digital yang Anda alami?"]
ANSWERS = [
    "Wifi taman sering mati dan lambat sekali",
    "Aplikasi pengaduan error saat unggah foto",
    "Anggaran pelatihan pegawai kurang",
    "Sinyal di kelurahan lemah sekali",
    "Petugas kurang paham aplikasi baru",
    "Server down setiap pagi hari kerja",
    "Tidak ada sosialisasi ke warga soal aplikasi",
    "CCTV di simpang mati dua minggu",
]


def write_table(project: Path, answers: list[str]) -> None:
    """The answers as rows, each with its own date (a row's cells travel with it)."""
    with open(project / "transcripts" / "survei.csv", "w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows([HEADER] + [[f"2024-05-{len(answer):02d}", "Sukamaju", answer]
                                              for answer in answers])


def cli(runner, project: Path, *args: str):
    result = runner.invoke(app, ["-C", str(project), *args])
    assert result.exit_code == 0, result.output
    return result


def texts_by_id(project: Path) -> dict[str, str]:
    with Store(load_config(project).store_path) as store:
        return {source.id: source.text for source in store.sources()}


def people_codings(project: Path) -> tuple[set, int]:
    """(source id, code, its text) of the researcher's codings; how many orphans there are."""
    with Store(load_config(project).store_path) as store:
        texts = {source.id: source.text for source in store.sources()}
        kept = {(c.segment_id.split(":")[0], c.code_id, texts[c.segment_id.split(":")[0]])
                for c in store.all_codings() if c.coder != "auto"}
        orphans = store.conn.execute("SELECT COUNT(*) FROM orphan_codings").fetchone()[0]
    return kept, orphans


@pytest.fixture
def coded_survey(tmp_path, runner) -> Path:
    project = tmp_path / "survei"
    cli(runner, tmp_path, "init", str(project))
    write_table(project, ANSWERS)
    cli(runner, project, "ingest")
    for row, code in (("survei-row-3", "budget-planning"), ("survei-row-7", "hardware"),
                      ("survei-row-9", "hardware")):
        cli(runner, project, "code", "add", row, "--segment", "1", "--code", code)
    cli(runner, project, "memo", "add", "segment", "survei-row-7:1", "--text", "Sosialisasi: tanya lagi")
    return project


def test_deleting_a_row_keeps_every_other_rows_id_and_codings(coded_survey, runner):
    before, _ = people_codings(coded_survey)
    write_table(coded_survey, ANSWERS[:2] + ANSWERS[3:])  # sheet row 4 (survei-row-4) deleted

    result = cli(runner, coded_survey, "ingest")
    assert "0 added, 0 updated, 2 unchanged, 5 moved, 1 removed" in result.output
    assert ("transcripts/survei.csv: 5 rows moved (survei-row-5, survei-row-6, survei-row-7, survei-row-8, "
            "survei-row-9): their row numbers changed (rows inserted, deleted or sorted); each keeps its id, "
            "codings and memos") in result.output
    assert "1 row no longer there or now without an answer (survei-row-4)" in result.output
    after, orphans = people_codings(coded_survey)
    assert after == before and orphans == 0
    assert texts_by_id(coded_survey)["survei-row-7"] == ANSWERS[5]  # now in the sheet's row 6
    with Store(load_config(coded_survey).store_path) as store:
        memos = store.conn.execute("SELECT target_kind, target_id, text FROM memos").fetchall()
    assert [tuple(memo) for memo in memos] == [("segment", "survei-row-7:1", "Sosialisasi: tanya lagi")]
    assert "0 added, 0 updated, 7 unchanged" in cli(runner, coded_survey, "ingest").output


def test_sorting_the_rows_changes_nothing_but_their_places(coded_survey, runner):
    before, _ = people_codings(coded_survey)
    write_table(coded_survey, sorted(ANSWERS))
    result = cli(runner, coded_survey, "ingest")
    assert "0 added, 0 updated" in result.output and "removed" not in result.output
    assert people_codings(coded_survey) == (before, 0)
    assert sorted(texts_by_id(coded_survey).values()) == sorted(ANSWERS)


def test_a_row_edited_below_a_deleted_one_keeps_its_id(coded_survey, runner):
    """Row 9's answer edited and row 4 deleted at once: its cells are new, but it follows the
    rows that moved, so it keeps survei-row-9 and its coding stays on the unchanged text."""
    edited = ANSWERS[:2] + ANSWERS[3:7] + ["CCTV di simpang mati dua minggu, tolong segera"]
    write_table(coded_survey, edited)
    result = cli(runner, coded_survey, "ingest")
    assert "0 added, 1 updated, 2 unchanged, 4 moved, 1 removed" in result.output
    assert texts_by_id(coded_survey)["survei-row-9"] == edited[-1]
    kept, orphans = people_codings(coded_survey)
    # the one-segment row's text changed: its coding is an orphan of that same source, which
    # `code orphans` offers to reattach there
    assert ("survei-row-7", "hardware", ANSWERS[5]) in kept and orphans == 1
    listed = cli(runner, coded_survey, "code", "orphans")
    assert "survei-row-9" in listed.output


def test_an_inserted_row_is_new_and_the_rows_below_keep_their_ids(coded_survey, runner):
    before, _ = people_codings(coded_survey)
    write_table(coded_survey, ANSWERS[:4] + ["Jaringan fiber belum sampai ke desa"] + ANSWERS[4:])
    result = cli(runner, coded_survey, "ingest")
    assert "1 added, 0 updated, 4 unchanged, 4 moved" in result.output
    assert people_codings(coded_survey) == (before, 0)
    new = [ident for ident, text in texts_by_id(coded_survey).items() if text.startswith("Jaringan fiber")]
    assert new == ["survei-row-6-2"]  # its sheet row, told apart from the id the moved row keeps


STORED = {"t-row-2": "Wifi taman sering mati dan lambat sekali setiap sore",
          "t-row-3": "Anggaran pelatihan petugas kelurahan kurang sekali",
          "t-row-4": "Warga jarang dilibatkan dalam musrenbang kota",
          "t-row-5": "Server aplikasi pengaduan sering mati saat hujan deras",
          "t-row-6": "Website dinas tidak bisa dibuka dari ponsel"}


def ids_of(rows: list[tuple[int, str]], shas: str = "abcde", numbered: bool = True, table: str = "t.csv"):
    """row_ids of rows given as (row number, text): a stored row's text has its sha (a..e
    for t-row-2..6), an edited or new text a sha of its own."""
    known_ids = {f"t.csv::row {n}": f"t-row-{n}" for n in range(2, 7)}
    known_shas = {f"t.csv::row {n}": sha for n, sha in zip(range(2, 7), shas)}
    sha_of = {STORED[f"t-row-{n}"]: sha for n, sha in zip(range(2, 7), shas)}
    given = [(f"{table}::row {n}", sha_of.get(text, f"new:{text}"), text) for n, text in rows]
    return row_ids(table, given, known_ids, known_shas, numbered,
                   lambda ids: {i: STORED[i] for i in ids if i in STORED})


def test_row_ids_rules():
    a, b, c, d, e = STORED.values()
    assert ids_of([(2, a), (3, b), (4, c), (5, d), (6, e)]) == ["t-row-2", "t-row-3", "t-row-4", "t-row-5", "t-row-6"]
    # row 3 deleted, and row 4 (now 3) edited: its text is most like row 4's
    assert ids_of([(2, a), (3, c + ", tolong"), (4, d), (5, e)]) == ["t-row-2", "t-row-4", "t-row-5", "t-row-6"]
    # the first row deleted and the next edited
    assert ids_of([(2, b + " juga"), (3, c), (4, d), (5, e)]) == ["t-row-3", "t-row-4", "t-row-5", "t-row-6"]
    # a row inserted above an edited one is new; the edited one keeps its id
    assert ids_of([(2, a), (3, b), (4, "Lampu jalan pintar belum menyala"), (5, c + " sejak awal"), (6, d),
                   (7, e)]) == ["t-row-2", "t-row-3", None, "t-row-4", "t-row-5", "t-row-6"]
    # sorted and one edited: every row found again
    assert ids_of([(2, e), (3, d + "!"), (4, c), (5, b), (6, a)]) == [
        "t-row-6", "t-row-5", "t-row-4", "t-row-3", "t-row-2"]
    # an answer unlike the one that stood there is another respondent's: new
    assert ids_of([(2, a), (3, "Jalan rusak di depan sekolah belum diperbaiki"), (4, c), (5, d), (6, e)]) == [
        "t-row-2", None, "t-row-4", "t-row-5", "t-row-6"]
    # keyed rows: a row is its key, whatever its text
    assert ids_of([(2, a), (3, "Jalan rusak di depan sekolah"), (4, c)], numbered=False) == [
        "t-row-2", "t-row-3", "t-row-4"]
    # duplicates keep their order; a path's id taken by a moved row leaves the new row new
    assert ids_of([(2, "x"), (3, a), (4, a), (5, c), (6, c), (7, e)], shas="aaccd")[1:] == [
        "t-row-2", "t-row-3", "t-row-4", "t-row-5", "t-row-6"]
    # rows of another table are never taken
    assert ids_of([(2, a)], table="u.csv") == [None]


def test_two_respondents_who_wrote_the_same_words_keep_their_own_ids():
    """Every row's cells changed (a column added, say), two of them with the same answer:
    each is matched to the stored row that stood nearest, not to the other respondent's."""
    known_ids = {f"t.csv::row {n}": f"t-row-{n}" for n in range(2, 6)}
    known_shas = {f"t.csv::row {n}": f"old{n}" for n in range(2, 6)}
    texts = {"t-row-2": "Wifi mati", "t-row-3": "Anggaran kurang sekali", "t-row-4": "Wifi mati",
             "t-row-5": "Server down terus"}
    rows = [(f"t.csv::row {n}", f"new{n}", texts[f"t-row-{n}"]) for n in range(2, 6)]
    assert row_ids("t.csv", rows, known_ids, known_shas, True, lambda ids: {i: texts[i] for i in ids}) == [
        "t-row-2", "t-row-3", "t-row-4", "t-row-5"]


def test_rows_are_numbered_as_a_spreadsheet_shows_them(tmp_path, runner):
    """An answer with a line break takes two lines of the CSV file but one row of the sheet:
    the row after it is named by its sheet row; a message about a row points at its line."""
    project = tmp_path / "survei"
    cli(runner, tmp_path, "init", str(project))
    table = project / "transcripts" / "survei.csv"
    table.write_text('Bahasa,Jawaban\nid,"Wifi taman sering mati.\nTolong diperbaiki segera"\n'
                     "id,Aplikasi pengaduan error saat unggah foto\n", encoding="utf-8")
    cli(runner, project, "ingest")
    assert texts_by_id(project)["survei-row-3"] == "Aplikasi pengaduan error saat unggah foto"
    assert sorted(texts_by_id(project)) == ["survei-row-2", "survei-row-3"]

    table.write_text(table.read_text(encoding="utf-8").replace("id,Aplikasi", "jv,Aplikasi"), encoding="utf-8")
    refused = runner.invoke(app, ["-C", str(project), "ingest"])
    assert refused.exit_code == 1
    assert "transcripts/survei.csv:4: language 'jv' is not supported" in refused.output  # line 4, row 3


def test_an_answer_of_one_segment_is_coded_without_naming_it(coded_survey, runner):
    added = cli(runner, coded_survey, "code", "add", "survei-row-2", "--code", "hardware")
    assert "coded survei-row-2:1 with hardware" in added.output
    removed = cli(runner, coded_survey, "code", "remove", "survei-row-2", "--code", "hardware")
    assert "survei-row-2:1" in removed.output


def test_code_show_reads_an_answer_as_one_segment_without_a_speaker(coded_survey, runner):
    shown = cli(runner, coded_survey, "code", "show", "survei-row-3")
    lines = shown.output.splitlines()
    assert lines[0].endswith("· 1 segment")  # not "1 segments"
    assert lines[1] == "survei-row-3:1"  # no speaker to show: not "…"
    # a segment id, as listings print them, reads its source
    assert cli(runner, coded_survey, "code", "show", "survei-row-3:1").output == shown.output


def test_a_row_sent_twice_is_read_twice_and_said(tmp_path, runner):
    project = tmp_path / "survei"
    cli(runner, tmp_path, "init", str(project))
    write_table(project, ANSWERS[:3] + [ANSWERS[2]])
    result = cli(runner, project, "ingest")
    assert ("transcripts/survei.csv: 1 row repeats an earlier row cell for cell (survei-row-5 = survei-row-4); "
            "each is read as an answer of its own. If a form was sent twice, delete the copy") in result.output
    assert len(texts_by_id(project)) == 4


@pytest.mark.parametrize("change", ["delete above", "insert above"])
def test_an_answer_edited_beside_a_deleted_or_inserted_row_keeps_its_id(coded_survey, runner, change):
    """Row 7 (survei-row-7, coded, with a memo) edited in the same save as a row deleted or
    inserted right above it: it is found by its text, not by its place."""
    edited = ANSWERS[5] + ", tolong segera"
    if change == "delete above":
        answers = ANSWERS[:4] + [edited] + ANSWERS[6:]  # survei-row-6 deleted
    else:
        answers = ANSWERS[:5] + ["Lampu jalan pintar belum menyala"] + [edited] + ANSWERS[6:]
    write_table(coded_survey, answers)
    result = cli(runner, coded_survey, "ingest")
    assert texts_by_id(coded_survey)["survei-row-7"] == edited
    with Store(load_config(coded_survey).store_path) as store:
        memos = [tuple(m) for m in store.conn.execute("SELECT target_kind, target_id FROM memos")]
    # its segment's text changed, so the memo moved up to its source, as an edit's do: the
    # same respondent, not the new row, nor the project
    assert memos == [("source", "survei-row-7")]
    if change == "delete above":
        assert "1 row no longer there or now without an answer (survei-row-6)" in result.output
    else:
        assert "survei-row-6" in texts_by_id(coded_survey)  # the stored row 6 is still row 6
        new = [i for i, t in texts_by_id(coded_survey).items() if t.startswith("Lampu")]
        assert new and new[0] not in ("survei-row-7", "survei-row-6")


def test_rows_with_the_same_cells_that_trade_places_leave_every_path_whole(tmp_path, runner):
    """Two rows with the same cells, and a row inserted above them: each takes an id in
    order, and no source is left holding another's path (or a path marked as moving)."""
    project = tmp_path / "survei"
    cli(runner, tmp_path, "init", str(project))
    write_table(project, [ANSWERS[0], ANSWERS[0], ANSWERS[2]])
    cli(runner, project, "ingest")
    write_table(project, [ANSWERS[4], ANSWERS[0], ANSWERS[0], ANSWERS[2]])
    cli(runner, project, "ingest")
    with Store(load_config(project).store_path) as store:
        paths = dict(store.conn.execute("SELECT id, path FROM sources"))
    assert sorted(paths.values()) == [f"transcripts/survei.csv::row {n}" for n in (2, 3, 4, 5)]
    assert (paths["survei-row-2"], paths["survei-row-3"], paths["survei-row-4"]) == (
        "transcripts/survei.csv::row 3", "transcripts/survei.csv::row 4", "transcripts/survei.csv::row 5")
    assert "0 added, 0 updated, 4 unchanged" in cli(runner, project, "ingest").output


def test_a_source_left_without_its_place_stops_ingest_with_the_store_untouched(coded_survey, runner,
                                                                               monkeypatch):
    """A guard, for a fault of ingest's own: a source whose path another row took must be put
    again or removed before the transaction commits."""
    from qualcode.store.sources import MOVING_MARK, SourceOps
    from tests.conftest import store_checksum

    from dataclasses import replace

    before = store_checksum(coded_survey)
    with Store(load_config(coded_survey).store_path) as store, pytest.raises(InterruptedError):
        with store.transaction():
            source = store.sources()[0]
            store.put_source(replace(source, id="taker", segments=()))  # takes the first row's path
            assert store.sources_moving() == [source.id]
            assert MOVING_MARK in store.source_info(source.id)["path"]
            raise InterruptedError  # rolled back: the guard is tried below
    assert store_checksum(coded_survey) == before
    write_table(coded_survey, ANSWERS[:2] + ANSWERS[3:])
    monkeypatch.setattr(SourceOps, "sources_moving", lambda self: ["survei-row-5"])
    result = runner.invoke(app, ["-C", str(coded_survey), "ingest"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "ingest could not place survei-row-5 among the rows of its table; nothing was changed" in result.output
    assert store_checksum(coded_survey) == before


def test_a_large_tables_counts_are_read_with_thousands_separators(tmp_path, runner):
    """A complaint archive's figures in the terminal: 1,200 rows, not 1200."""
    project = tmp_path / "aduan"
    cli(runner, tmp_path, "init", str(project))
    write_table(project, [f"{ANSWERS[k % len(ANSWERS)]} nomor {k}" for k in range(1200)])
    ingested = cli(runner, project, "ingest")
    assert "1,200 added, 0 updated, 0 unchanged; 1,200 cases" in ingested.output
    coded = cli(runner, project, "code", "auto")
    assert "on 1,200 codable segments" in coded.output
    status = cli(runner, project, "status")
    assert "1,200 (response 1,200)" in status.output and "1,200 (1,200 codable)" in status.output
