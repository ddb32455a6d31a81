"""Excel coding sheets: export, fill in, import back; all or nothing, idempotent, injection-safe."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from qualcode.interop.sheets import (
    SheetCode, SheetProblems, SheetRow, build_sheet, read_sheet,
)
from qualcode.store import Store
from tests.conftest import store_checksum
from tests.test_cli import invoke
from tests.test_coding_commands import coded_project  # noqa: F401  (fixture)

EVIL = """---
case: evil
role: community
language: en
---
Interviewer: Tell me about the budget.

Mr. B: =HYPERLINK("http://evil.example","budget")

Interviewer: And the rest?

Mr. B: +1 for the budget allocations

Mr. B: -2 for the network

Mr. B: @SUM(A1:A2) budget
"""


def export(runner, project: Path, out: Path, *args: str):
    """An English sheet (`coding`, `reject`), whatever the project's language, unless asked."""
    if "--lang" not in args:
        args = (*args, "--lang", "en")
    result = invoke(runner, project, "export", "sheet", "--out", str(out), *args)
    assert result.exit_code == 0, result.output
    return result


def import_(runner, project: Path, sheet: Path, *args: str):
    return invoke(runner, project, "import", "sheet", str(sheet), *args)


def fill(path: Path, cells: dict[tuple[str, str], str | None]) -> None:
    """Set cells of the coding sheet by (segment id, code id), as a coder would, and save."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["coding"]
    header = [cell.value for cell in sheet[1]]
    rows = {sheet.cell(row=r, column=1).value: r for r in range(2, sheet.max_row + 1)}
    for (segment, code), value in cells.items():
        sheet.cell(row=rows[segment], column=header.index(code) + 1).value = value  # None empties
    workbook.save(path)


def decisions_of(runner, project: Path, coder: str) -> dict[tuple[str, str], str]:
    listed = invoke(runner, project, "code", "list", "--coder", coder, "--format", "json")
    assert listed.exit_code == 0, listed.output
    return {(r["segment_id"], r["code_id"]): r["status"] for r in json.loads(listed.stdout)}


def state(project: Path) -> tuple[int, list]:
    with Store(project / ".qualcode" / "project.db") as store:
        return len(store.decisions()), store.all_codings()


# ------------------------------------------------------------------------------ export
def test_export_layout(coded_project, runner, tmp_path):
    out = tmp_path / "coding.xlsx"
    said = export(runner, coded_project, out, "--coder", "A", "--codes", "budget-constraints,leadership-commitment")
    # the command to bring it back names the file as it was given, folder and all
    assert f"then `qualcode import sheet {out} --coder A`" in " ".join(said.output.split())
    workbook = openpyxl.load_workbook(out)
    assert workbook.sheetnames[0] == "coding" and workbook["qualcode"].sheet_state == "hidden"
    sheet = workbook["coding"]
    header = [cell.value for cell in sheet[1]]
    assert header == ["segment_id", "source", "speaker", "text", "suggestions",
                      "budget-constraints", "leadership-commitment"]
    ids = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert ids == ["mitra:2", "mitra:4", "pemkot:2", "pemkot:3", "pemkot:5", "warga:2", "warga:3", "warga:5"]
    pemkot2 = next(row for row in sheet.iter_rows(min_row=2, values_only=True) if row[0] == "pemkot:2")
    assert pemkot2[1:3] == ("pemkot", "Bu Ratna")
    # strongest first, ties by id ("terbatas" inside "anggaran terbatas" adds nothing of its own)
    assert pemkot2[4].startswith("budget-allocation 2, budget-constraints 2")
    assert pemkot2[5:] == (None, None)  # suggestions are shown, never pre-filled as decisions
    assert sheet.freeze_panes == "E2"
    assert sheet["D3"].alignment.wrap_text
    assert sheet.column_dimensions["D"].width >= 40
    [validation] = sheet.data_validations.dataValidation
    assert validation.formula1 == '"x,reject"' and str(validation.sqref) == "F2:G9"
    # every codable code by default
    export(runner, coded_project, out, "--coder", "A")
    header = [c.value for c in openpyxl.load_workbook(out)["coding"][1]]
    assert {"budget-constraints", "hardware", "sustainability"} <= set(header)


def test_a_sheet_for_double_coding_holds_the_sample_only_and_may_hide_the_suggestions(coded_project, runner, tmp_path):
    sample = invoke(runner, coded_project, "code", "sample", "--fraction", "0.3", "--seed", "2", "--name", "pilot")
    assert sample.exit_code == 0, sample.output
    with Store(coded_project / ".qualcode" / "project.db") as store:
        drawn = set(store.sample("pilot"))
    out = tmp_path / "citra.xlsx"
    export(runner, coded_project, out, "--coder", "citra", "--sample", "pilot", "--no-suggestions")
    sheet = openpyxl.load_workbook(out)["coding"]
    rows = [[cell.value for cell in line] for line in sheet.iter_rows(min_row=2)]
    assert {row[0] for row in rows} == drawn and drawn
    assert all(row[4] in (None, "") for row in rows)  # blind: no machine suggestion shown
    shown = tmp_path / "with.xlsx"
    export(runner, coded_project, shown, "--coder", "citra", "--sample", "pilot")
    assert any(row[4] for row in openpyxl.load_workbook(shown)["coding"].iter_rows(min_row=2, values_only=True))
    missing = invoke(runner, coded_project, "export", "sheet", "--out", str(tmp_path / "x.xlsx"), "--sample", "pilott")
    assert missing.exit_code == 1 and "no sample 'pilott'; samples: pilot" in missing.output


def test_a_row_deleted_from_a_sample_sheet_is_a_segment_the_coder_never_looked_at(coded_project, runner, tmp_path):
    """The rows kept in a sheet were looked at, ticked or not; a deleted row was not, and
    `agree --sample` says so rather than count it as coded with nothing unannounced."""
    invoke(runner, coded_project, "code", "sample", "--fraction", "1", "--seed", "2", "--name", "pilot")
    sheets = {}
    for coder in ("citra", "dewi"):
        sheets[coder] = tmp_path / f"{coder}.xlsx"
        export(runner, coded_project, sheets[coder], "--coder", coder, "--sample", "pilot", "--no-suggestions")
    workbook = openpyxl.load_workbook(sheets["dewi"])
    rows = workbook["coding"].max_row - 1
    deleted, ticked = (workbook["coding"].cell(row=r, column=1).value for r in (2, 3))
    for sheet in sheets.values():
        fill(sheet, {(ticked, "budget-constraints"): "x"})
    workbook = openpyxl.load_workbook(sheets["dewi"])
    workbook["coding"].delete_rows(2)
    workbook.save(sheets["dewi"])
    for coder, sheet in sheets.items():
        assert import_(runner, coded_project, sheet, "--coder", coder).exit_code == 0
    result = invoke(runner, coded_project, "agree", "citra", "dewi", "--sample", "pilot", "--format", "json")
    assert result.exit_code == 0, result.output
    said = " ".join(result.stderr.split())
    assert f"dewi has looked at {rows - 1} of the {rows} segments of sample 'pilot'" in said
    assert "citra has looked at" not in said  # every row of hers was kept, one ticked
    with Store(coded_project / ".qualcode" / "project.db") as store:
        assert deleted not in store.visited_segments("dewi") and deleted in store.visited_segments("citra")
    # a coder who kept every row and ticked none looked at them all, and is compared
    untouched = tmp_path / "eka.xlsx"
    export(runner, coded_project, untouched, "--coder", "eka", "--sample", "pilot", "--no-suggestions")
    imported = import_(runner, coded_project, untouched, "--coder", "eka")
    assert f"{rows} newly looked at, nothing coded" in imported.output and "no change" not in imported.output
    compared = invoke(runner, coded_project, "agree", "citra", "eka", "--sample", "pilot", "--format", "json")
    assert compared.exit_code == 0 and "eka has looked at" not in compared.output, compared.output


def test_an_indonesian_sheet_speaks_indonesian_and_imports_anywhere(coded_project, runner, tmp_path):
    """The project's language: sheets `pengodean`, `petunjuk`, `kode` (each code's label,
    definition, inclusion and exclusion), headers `sumber`, `penutur`, `teks`, and `tolak`
    for "not this code". It imports as an English sheet does."""
    out = tmp_path / "citra.xlsx"
    export(runner, coded_project, out, "--coder", "citra", "--codes", "budget-constraints,hardware", "--lang", "id")
    workbook = openpyxl.load_workbook(out)
    assert workbook.sheetnames[:3] == ["pengodean", "petunjuk", "kode"]
    sheet = workbook["pengodean"]
    assert [c.value for c in sheet[1]][:5] == ["segment_id", "sumber", "penutur", "teks", "saran mesin"]
    assert sheet.data_validations.dataValidation[0].formula1 == '"x,tolak"'
    codes = [[c.value for c in line] for line in workbook["kode"].iter_rows()]
    assert codes[0] == ["kode", "label", "definisi", "inklusi", "eksklusi"]
    assert codes[1][0] == "budget-constraints" and codes[1][1] == "Keterbatasan anggaran" and codes[1][2] and codes[1][3]
    assert any("tolak" in (c.value or "") for c in workbook["petunjuk"]["A"])
    rows = {sheet.cell(row=r, column=1).value: r for r in range(2, sheet.max_row + 1)}
    sheet.cell(row=rows["pemkot:2"], column=6).value = "x"
    sheet.cell(row=rows["mitra:4"], column=7).value = "Tolak"
    workbook.save(out)
    result = import_(runner, coded_project, out, "--coder", "citra")
    assert result.exit_code == 0, result.output
    assert decisions_of(runner, coded_project, "citra") == {
        ("pemkot:2", "budget-constraints"): "accepted", ("mitra:4", "hardware"): "rejected"}
    # exported again, the decisions come back filled in, in its words
    again = tmp_path / "again.xlsx"
    export(runner, coded_project, again, "--coder", "citra", "--codes", "budget-constraints,hardware", "--lang", "id")
    filled = openpyxl.load_workbook(again)["pengodean"]
    values = {filled.cell(row=r, column=1).value: (filled.cell(row=r, column=6).value, filled.cell(row=r, column=7).value)
              for r in range(2, filled.max_row + 1)}
    assert values["pemkot:2"][0] == "x" and values["mitra:4"][1] == "tolak"


def test_export_errors(coded_project, runner, tmp_path):
    for args, message in [(["--codes", "budget-constraints,nope"], "unknown code 'nope'"),
                          (["--coder", "auto"], "machine")]:
        result = invoke(runner, coded_project, "export", "sheet", "--out", str(tmp_path / "x.xlsx"), *args)
        assert result.exit_code == 1 and message in result.output, result.output
    assert not (tmp_path / "x.xlsx").exists()


# ------------------------------------------------------------------------------ round trip
def test_a_deleted_code_column_keeps_its_decisions_and_says_so(coded_project, runner, tmp_path):
    sheet = tmp_path / "coding.xlsx"
    export(runner, coded_project, sheet, "--coder", "A")
    fill(sheet, {("pemkot:2", "budget-constraints"): "x", ("warga:3", "budget-constraints"): "reject",
                 ("mitra:4", "private-sector"): "x"})
    assert import_(runner, coded_project, sheet, "--coder", "A").exit_code == 0
    again = tmp_path / "again.xlsx"
    export(runner, coded_project, again, "--coder", "A")
    workbook = openpyxl.load_workbook(again)
    coding = workbook["coding"]
    coding.delete_cols([c.value for c in coding[1]].index("budget-constraints") + 1)
    workbook.save(again)
    result = import_(runner, coded_project, again, "--coder", "A")
    assert result.exit_code == 0, result.output
    assert ("columns no longer in the sheet, their decisions kept (empty the cells instead to remove them): "
            "budget-constraints (2)") in " ".join(result.output.split())
    assert decisions_of(runner, coded_project, "A") == {
        ("pemkot:2", "budget-constraints"): "accepted", ("warga:3", "budget-constraints"): "rejected",
        ("mitra:4", "private-sector"): "accepted"}


def test_round_trip_prefill_and_removal(coded_project, runner, tmp_path):
    sheet = tmp_path / "coding.xlsx"
    export(runner, coded_project, sheet, "--coder", "A")
    fill(sheet, {("pemkot:2", "budget-constraints"): "x", ("pemkot:2", "budget-allocation"): "reject",
                 ("warga:3", "leadership-commitment"): " X ", ("mitra:4", "private-sector"): "Reject",
                 ("mitra:2", "sustainability"): ""})
    result = import_(runner, coded_project, sheet, "--coder", "A")
    assert result.exit_code == 0, result.output
    assert "2 accepted" in result.output and "2 rejected" in result.output
    assert decisions_of(runner, coded_project, "A") == {
        ("pemkot:2", "budget-constraints"): "accepted", ("pemkot:2", "budget-allocation"): "rejected",
        ("warga:3", "leadership-commitment"): "accepted", ("mitra:4", "private-sector"): "rejected"}
    assert decisions_of(runner, coded_project, "B") == {}  # other coders untouched

    # the rejection overrules the machine's suggestion among the codings that count
    counted = json.loads(invoke(runner, coded_project, "code", "list", "--format", "json").stdout)
    counted = {(r["segment_id"], r["code_id"]) for r in counted}
    assert ("pemkot:2", "budget-allocation") not in counted and ("warga:2", "budget-allocation") in counted

    # a re-export shows the coder's current state
    again = tmp_path / "again.xlsx"
    export(runner, coded_project, again, "--coder", "A")
    book = openpyxl.load_workbook(again)["coding"]
    header = [c.value for c in book[1]]
    shown = {(row[0], header[i]): value for row in book.iter_rows(min_row=2, values_only=True)
             for i, value in enumerate(row) if i >= 5 and value}
    assert shown == {("pemkot:2", "budget-constraints"): "x", ("pemkot:2", "budget-allocation"): "reject",
                     ("warga:3", "leadership-commitment"): "x", ("mitra:4", "private-sector"): "reject"}

    # emptying a pre-filled cell removes that decision; the rest stays
    fill(again, {("pemkot:2", "budget-allocation"): None, ("warga:3", "leadership-commitment"): "reject"})
    result = import_(runner, coded_project, again, "--coder", "A")
    assert result.exit_code == 0, result.output
    assert "1 removed" in result.output
    assert decisions_of(runner, coded_project, "A") == {
        ("pemkot:2", "budget-constraints"): "accepted", ("warga:3", "leadership-commitment"): "rejected",
        ("mitra:4", "private-sector"): "rejected"}


def test_an_empty_cell_never_wipes_a_decision_the_sheet_did_not_show(coded_project, runner, tmp_path):
    sheet = tmp_path / "coding.xlsx"
    export(runner, coded_project, sheet, "--coder", "A")
    # after the export, A decides something in the terminal
    added = invoke(runner, coded_project, "code", "add", "pemkot", "--segment", "3", "--code",
                   "sustainability", "--coder", "A")
    assert added.exit_code == 0, added.output
    fill(sheet, {("pemkot:2", "budget-constraints"): "x"})
    assert import_(runner, coded_project, sheet, "--coder", "A").exit_code == 0
    assert decisions_of(runner, coded_project, "A") == {
        ("pemkot:3", "sustainability"): "accepted", ("pemkot:2", "budget-constraints"): "accepted"}


def test_import_is_idempotent(coded_project, runner, tmp_path):
    sheet = tmp_path / "coding.xlsx"
    export(runner, coded_project, sheet, "--coder", "A")
    fill(sheet, {("pemkot:2", "budget-constraints"): "x", ("warga:5", "software"): "reject"})
    assert import_(runner, coded_project, sheet, "--coder", "A").exit_code == 0
    # a re-export, with one pre-filled cell emptied: imported twice, it removes once
    export(runner, coded_project, sheet, "--coder", "A")
    fill(sheet, {("warga:5", "software"): None, ("mitra:4", "hardware"): "x"})
    first = import_(runner, coded_project, sheet, "--coder", "A")
    assert first.exit_code == 0 and "1 removed" in first.output, first.output
    after_first = state(coded_project)
    second = import_(runner, coded_project, sheet, "--coder", "A")
    assert second.exit_code == 0 and "no change" in second.output, second.output
    assert state(coded_project) == after_first
    assert decisions_of(runner, coded_project, "A") == {
        ("pemkot:2", "budget-constraints"): "accepted", ("mitra:4", "hardware"): "accepted"}


# ------------------------------------------------------------------------------ formula injection
def test_transcript_text_is_neutralised(small_project, runner, tmp_path):
    (small_project / "transcripts" / "evil.txt").write_text(EVIL, encoding="utf-8")
    assert invoke(runner, small_project, "ingest").exit_code == 0
    assert invoke(runner, small_project, "code", "auto").exit_code == 0
    sheet = tmp_path / "coding.xlsx"
    export(runner, small_project, sheet, "--coder", "A")
    book = openpyxl.load_workbook(sheet)["coding"]
    texts = {row[0].value: row[3] for row in book.iter_rows(min_row=2)}
    expected = {"evil:2": "=HYPERLINK(", "evil:4": "+1 for", "evil:5": "-2 for", "evil:6": "@SUM("}
    for segment, start in expected.items():
        cell = texts[segment]  # the text as said, kept text by Excel's quote prefix
        assert cell.data_type == "s" and cell.quotePrefix and cell.value.startswith(start), (segment, cell.value)
    for line in book.iter_rows():
        for cell in line:
            assert cell.data_type != "f", cell.coordinate  # no formula anywhere
    # the sheet still imports, and text cells are not read back as decisions
    fill(sheet, {("evil:2", "budget-constraints"): "x"})
    assert import_(runner, small_project, sheet, "--coder", "A").exit_code == 0
    assert decisions_of(runner, small_project, "A") == {("evil:2", "budget-constraints"): "accepted"}


def test_the_codings_csv_a_spreadsheet_opens_holds_no_formula(small_project, runner):
    """`code list --format csv` is what the guide gives spreadsheet users: a turn that starts
    like a formula gets the apostrophe; JSON, for scripts, keeps the text as it is."""
    import csv
    import json

    (small_project / "transcripts" / "evil.txt").write_text(EVIL, encoding="utf-8")
    assert invoke(runner, small_project, "ingest").exit_code == 0
    assert invoke(runner, small_project, "code", "auto").exit_code == 0
    listed = invoke(runner, small_project, "code", "list", "--format", "csv")
    assert listed.exit_code == 0, listed.output
    rows = list(csv.DictReader(io.StringIO(listed.stdout)))
    texts = [row[key] for row in rows for key in row if isinstance(row[key], str)]
    assert any(text.startswith("'+1 for the budget") for text in texts), texts[:20]
    assert not [text for text in texts if text.startswith(("=", "+", "@"))]
    as_json = json.loads(invoke(runner, small_project, "code", "list", "--format", "json").stdout)
    assert any(str(value).startswith("+1 for the budget") for row in as_json for value in row.values())


def test_ids_and_names_that_look_like_formulas_round_trip(tmp_path):
    rows = [SheetRow("=x:1", "=x", "@boss", "-minus\x01", (("-neg", 1.0),), {"-neg": "accepted"}),
            SheetRow("\x01=y:2", "+y", "", "\x02=1+1", ())]
    data = build_sheet(rows, [SheetCode("-neg", "=label")], coder="=me")
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    cells = [c for sheet in ("coding", "qualcode") for line in workbook[sheet].iter_rows() for c in line
             if isinstance(c.value, str)]
    risky = [c for c in cells if c.value.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert risky and all(c.data_type == "s" and c.quotePrefix for c in risky)
    assert not [c for c in cells if c.data_type == "f"]
    assert "=1+1" in [c.value for c in risky]  # an illegal character cannot smuggle a formula past the check
    parsed = read_sheet(data, "s.xlsx", coder="=me", segments={"=x:1": True, "=y:2": True}, codes={"-neg"})
    assert [(c.segment_id, c.code_id, c.status) for c in parsed.cells] == [
        ("=x:1", "-neg", "accepted"), ("=y:2", "-neg", None)]
    assert parsed.prefilled == {("=x:1", "-neg"): "accepted"}


def test_export_is_byte_stable(coded_project, runner, tmp_path):
    export(runner, coded_project, tmp_path / "a.xlsx", "--coder", "A")
    export(runner, coded_project, tmp_path / "b.xlsx", "--coder", "A")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()


# ------------------------------------------------------------------------------ validation
def test_every_bad_row_is_reported_and_nothing_is_imported(coded_project, runner, tmp_path):
    sheet = tmp_path / "coding.xlsx"
    export(runner, coded_project, sheet, "--coder", "A", "--codes", "budget-constraints,hardware")
    workbook = openpyxl.load_workbook(sheet)
    book = workbook["coding"]
    book["F2"] = "x"                 # a good cell: must not be applied either
    book["A3"] = "mitra:99"          # row 3: unknown segment
    book["G4"] = "yes"               # row 4: bad value
    book["A5"] = "pemkot:1"          # row 5: an interviewer's turn
    book.append(["pemkot:2", "", "", "", "", "x"])  # row 10: duplicate of row 4
    book["H1"] = "budget-contraints"  # row 1: unknown code column, a typo
    book["H6"] = "x"
    book["J7"] = "x"                 # a value under an empty header
    workbook.save(sheet)
    before = store_checksum(coded_project)
    result = import_(runner, coded_project, sheet, "--coder", "A")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    where = f"{sheet}: sheet 'coding', row"
    for row, text in [(1, "unknown code 'budget-contraints' (did you mean budget-constraints"),
                      (3, "unknown segment id 'mitra:99'"),
                      (4, "bad value 'yes'"), (5, "pemkot:1 is not codable"),
                      (10, "pemkot:2 is also on row 4"), (7, "column J")]:
        assert any(f"{where} {row}" in line and text in line for line in lines), (row, text, lines)
    assert "nothing was imported" in lines[-1]
    assert store_checksum(coded_project) == before
    assert decisions_of(runner, coded_project, "A") == {}


def test_a_sheet_broken_throughout_lists_the_first_problems_and_counts_the_rest(coded_project, runner, tmp_path):
    from qualcode.cli.interop_cmds import LISTED_PROBLEMS

    sheet = tmp_path / "coding.xlsx"
    export(runner, coded_project, sheet, "--coder", "A", "--codes", "budget-constraints,hardware")
    workbook = openpyxl.load_workbook(sheet)
    for n in range(40):
        workbook["coding"].append([f"nowhere:{n}", "", "", "", "", "x"])
    workbook.save(sheet)
    result = import_(runner, coded_project, sheet, "--coder", "A")
    assert result.exit_code == 1, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert len(errors) == LISTED_PROBLEMS + 2  # the listed ones, the count of the rest, the summary
    assert errors[LISTED_PROBLEMS] == f"error: … and {40 - LISTED_PROBLEMS} more rows with problems"


def test_the_wrong_coder_is_refused(coded_project, runner, tmp_path):
    sheet = tmp_path / "coding.xlsx"
    export(runner, coded_project, sheet, "--coder", "A")
    fill(sheet, {("pemkot:2", "budget-constraints"): "x"})
    before = store_checksum(coded_project)
    result = import_(runner, coded_project, sheet, "--coder", "B")
    assert result.exit_code == 1 and "exported for coder 'A', not 'B'" in result.output, result.output
    assert store_checksum(coded_project) == before


def test_a_codebook_code_that_went_away_is_an_unknown_column(coded_project, runner, tmp_path):
    sheet = tmp_path / "coding.xlsx"
    export(runner, coded_project, sheet, "--coder", "A", "--codes", "budget-constraints")
    workbook = openpyxl.load_workbook(sheet)
    workbook["coding"]["F1"] = "budget-constraint"  # a typo in the header
    workbook.save(sheet)
    result = import_(runner, coded_project, sheet, "--coder", "A")
    assert result.exit_code == 1
    assert f"{sheet}: sheet 'coding', row 1: column F: unknown code 'budget-constraint'" in result.output


def test_a_coder_may_retype_headers_as_labels_and_add_a_column_of_notes(coded_project, runner, tmp_path):
    """What a second coder does in Excel: a header typed in capitals or as the code's label, and
    a 'Catatan' column of notes, which come back as their memos (once, however often imported)."""
    sheet = tmp_path / "coding.xlsx"
    export(runner, coded_project, sheet, "--coder", "A", "--codes", "budget-constraints,hardware")
    workbook = openpyxl.load_workbook(sheet)
    book = workbook["coding"]
    assert [book["F1"].value, book["G1"].value] == ["budget-constraints", "hardware"]
    book["F1"] = "BUDGET-CONSTRAINTS "
    book["G1"] = "perangkat keras dan infrastruktur"  # its Indonesian label, in lower case
    book["H1"] = "Catatan"
    rows = {book.cell(row=r, column=1).value: r for r in range(2, book.max_row + 1)}
    book.cell(row=rows["pemkot:2"], column=6).value = "x"
    book.cell(row=rows["mitra:4"], column=7).value = "X"
    book.cell(row=rows["pemkot:2"], column=8).value = "Anggaran habis untuk belanja rutin: hambatan jelas."
    workbook.save(sheet)
    for attempt in range(2):
        result = import_(runner, coded_project, sheet, "--coder", "A")
        assert result.exit_code == 0, result.output
    assert decisions_of(runner, coded_project, "A") == {
        ("pemkot:2", "budget-constraints"): "accepted", ("mitra:4", "hardware"): "accepted"}
    with Store(coded_project / ".qualcode" / "project.db") as store:
        notes = [m for m in store.memos("segment") if m.text.startswith("Anggaran habis")]
    assert [(m.target_id, m.author) for m in notes] == [("pemkot:2", "A")]
    listed = invoke(runner, coded_project, "memo", "list", "segment", "pemkot:2")
    assert listed.exit_code == 0 and "hambatan jelas." in listed.output  # (wrapped in the table)


def test_a_row_whose_text_is_no_longer_its_segments_is_refused(coded_project, runner, tmp_path):
    """A decision belongs to the words the coder read. Cut the transcripts again (or bring
    another project's sheet) and a segment id names other words: the row is refused, the
    store untouched. Spaces a spreadsheet rewrote, and headers retyped in capitals, are no
    change."""
    sheet = tmp_path / "coding.xlsx"
    export(runner, coded_project, sheet, "--coder", "A", "--codes", "budget-constraints")
    workbook = openpyxl.load_workbook(sheet)
    book = workbook["coding"]
    book["D1"] = "TEXT"
    rows = {book.cell(row=r, column=1).value: r for r in range(2, book.max_row + 1)}
    text = book.cell(row=rows["pemkot:2"], column=4)
    text.value = "  " + text.value.replace(" ", "\n", 1) + " "
    book.cell(row=rows["pemkot:2"], column=6).value = "x"
    workbook.save(sheet)
    config = coded_project / "qualcode.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('unit = "paragraph"', 'unit = "sentence"'),
                      encoding="utf-8")
    assert invoke(runner, coded_project, "ingest").exit_code == 0
    before = store_checksum(coded_project)
    result = import_(runner, coded_project, sheet, "--coder", "A")
    assert result.exit_code == 1, result.output
    assert "its text is not segment pemkot:2's in this project" in result.output
    assert store_checksum(coded_project) == before
    config.write_text(config.read_text(encoding="utf-8").replace('unit = "sentence"', 'unit = "paragraph"'),
                      encoding="utf-8")
    assert invoke(runner, coded_project, "ingest").exit_code == 0
    result = import_(runner, coded_project, sheet, "--coder", "A")
    assert result.exit_code == 0, result.output  # the same words again: imported
    assert decisions_of(runner, coded_project, "A") == {("pemkot:2", "budget-constraints"): "accepted"}


def test_a_sheet_that_only_brings_notes_says_what_it_did(coded_project, runner, tmp_path):
    sheet = tmp_path / "coding.xlsx"
    export(runner, coded_project, sheet, "--coder", "A", "--codes", "budget-constraints")
    workbook = openpyxl.load_workbook(sheet)
    book = workbook["coding"]
    book["G1"] = "notes"
    book["G2"] = "perlu dicek ulang"
    workbook.save(sheet)
    result = import_(runner, coded_project, sheet, "--coder", "A")
    assert result.exit_code == 0 and "no change" not in result.output, result.output


def test_bad_values_are_told_in_both_languages_words(coded_project, runner, tmp_path):
    sheet = tmp_path / "lembar.xlsx"
    export(runner, coded_project, sheet, "--coder", "A", "--codes", "budget-constraints", "--lang", "id")
    workbook = openpyxl.load_workbook(sheet)
    workbook["pengodean"]["F2"] = "ya"
    workbook.save(sheet)
    result = import_(runner, coded_project, sheet, "--coder", "A")
    assert result.exit_code == 1 and "bad value 'ya'; use x, reject (tolak) or leave it empty" in result.output


def rewrite_member(source: Path, target: Path, name: str, body: bytes) -> None:
    import zipfile

    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            new.writestr(item.filename, body if item.filename == name else old.read(item.filename))


LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
          + b"".join(b'<!ENTITY a%d "%s">' % (n, (b"&a;" if n == 1 else b"&a%d;" % (n - 1)) * 10)
                     for n in range(1, 10))
          + b']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&a9;</t></is></c></row>'
            b'</sheetData></worksheet>')


@pytest.mark.parametrize("kind", ["random", "truncated", "plain workbook", "text", "other zip", "missing",
                                  "damaged sheet", "entities"])
def test_not_a_coding_sheet_is_one_clear_line(coded_project, runner, tmp_path, kind):
    good = tmp_path / "good.xlsx"
    export(runner, coded_project, good, "--coder", "A")
    bad = tmp_path / "bad.xlsx"
    if kind == "random":
        bad.write_bytes(bytes(range(256)) * 10)
    elif kind == "truncated":
        bad.write_bytes(good.read_bytes()[: len(good.read_bytes()) // 2])
    elif kind == "plain workbook":
        workbook = openpyxl.Workbook()
        workbook.active.append(["segment_id", "budget-constraints"])
        workbook.active.append(["pemkot:2", "x"])
        workbook.save(bad)
    elif kind == "text":
        bad.write_text("segment_id,budget-constraints\npemkot:2,x\n", encoding="utf-8")
    elif kind == "other zip":
        import zipfile
        with zipfile.ZipFile(bad, "w") as archive:
            archive.writestr("project.qde", "<Project/>")
    elif kind == "damaged sheet":
        rewrite_member(good, bad, "xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row")
    elif kind == "entities":
        rewrite_member(good, bad, "xl/worksheets/sheet1.xml", LAUGHS)
    expected = {"random": "not an Excel workbook", "truncated": "not a readable .xlsx",
                "damaged sheet": "not a readable .xlsx", "entities": "declares entities, which are refused",
                "plain workbook": "not a qualcode coding sheet", "text": "not an Excel workbook",
                "other zip": "not an Excel workbook", "missing": "no such file"}[kind]
    before = store_checksum(coded_project)
    result = import_(runner, coded_project, bad, "--coder", "A")
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    assert str(bad) in lines[0] and expected in lines[0], lines[0]
    assert store_checksum(coded_project) == before


def test_read_sheet_raises_with_every_problem(tmp_path):
    data = build_sheet([SheetRow("s:1", "s", "", "t")], [SheetCode("c")], coder="A")
    with pytest.raises(SheetProblems) as caught:
        read_sheet(data, "f.xlsx", coder="A", segments={}, codes=set())
    assert caught.value.problems == [
        "f.xlsx: sheet 'coding', row 1: column F: unknown code 'c' (a code's id or label, see `qualcode codebook show`; a column of notes is headed 'notes' or 'catatan')",
        "f.xlsx: sheet 'coding', row 2: unknown segment id 's:1'"]


# ------------------------------------------------------------------------------ start-up
def test_help_does_not_import_openpyxl():
    check = ("import sys\nfrom typer.testing import CliRunner\nfrom qualcode.cli import app\n"
             "for args in (['--help'], ['export', 'sheet', '--help'], ['import', 'sheet', '--help']):\n"
             "    assert CliRunner().invoke(app, args).exit_code == 0\n"
             "print(','.join(m for m in ('openpyxl', 'pandas') if m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""
