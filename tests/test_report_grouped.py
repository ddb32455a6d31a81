"""A report of many informants (a complaint table) counts them per group of a case attribute."""

from __future__ import annotations

import csv
import io
import re
import struct
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from docx import Document
from lxml import html

from qualcode.cli import app
from qualcode.conclude.wording import reason_text
from qualcode.report.grouping import REPORT_CASE_ROWS, groupable, site_attribute
from tests.conftest import store_checksum

DISTRICTS = ("Kota Lama", "Sukamaju", "Tanjung", "Pasar Baru")
CHANNELS = ("Aplikasi", "WhatsApp", "Website")
# what residents write; each row takes one, so the codes differ between rows
MESSAGES = (
    "Aplikasi pengaduan sering error waktu unggah foto, servernya down tiap pagi",
    "Anggaran perbaikan jalan katanya habis, padahal jalan rusak sudah setahun",
    "CCTV di simpang dekat pasar mati dua minggu, tolong petugas dicek",
    "Warga sudah ikut musrenbang tapi usulan kami tidak pernah dibahas",
    "Terima kasih, lampu jalan sudah diperbaiki cepat oleh dinas",
    "Wifi gratis di taman kota putus terus, sinyalnya hilang",
)


def _complaints(rows: int) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["No Tiket", "Tanggal", "Kanal", "Kecamatan", "Isi Aduan"])
    for n in range(rows):
        writer.writerow([f"T-{n:03d}", f"2024-03-{n % 28 + 1:02d}", CHANNELS[n % 3], DISTRICTS[(n // 3) % 4],
                         f"{MESSAGES[(n * 5) % len(MESSAGES)]}, dekat rumah nomor {n + 1}"])
    return out.getvalue()


@pytest.fixture(scope="module")
def complaints(tmp_path_factory) -> Path:
    """A project of 80 complaints (more than a report's page of informants), coded."""
    from typer.testing import CliRunner

    runner = CliRunner()
    assert 80 > REPORT_CASE_ROWS
    folder = tmp_path_factory.mktemp("grouped") / "aduan"
    assert runner.invoke(app, ["init", str(folder), "--name", "Aduan"]).exit_code == 0
    (folder / "transcripts" / "aduan.csv").write_text(_complaints(80), encoding="utf-8")
    for command in (["ingest"], ["code", "auto"]):
        result = runner.invoke(app, ["-C", str(folder), *command])
        assert result.exit_code == 0, result.output
    return folder


def _report(runner, project: Path, *args: str, group_by: str | None = None):
    config = project / "qualcode.toml"
    text = re.sub(r"(?m)^group_by = .*\n", "", config.read_text(encoding="utf-8"))
    if group_by is not None:
        text = text.replace('attribution = "position"\n', f'attribution = "position"\ngroup_by = {group_by}\n')
    config.write_text(text, encoding="utf-8")
    return runner.invoke(app, ["-C", str(project), "report", *args])


def _matrix_table(markdown: str) -> list[list[str]]:
    """The rows (header first) of the first table under the data display heading."""
    section = markdown.split("## Penyajian data", 1)[1].split("\n## ", 1)[0]
    lines = section.splitlines()
    first = next(n for n, line in enumerate(lines) if line.startswith("|"))
    block = [line for line in lines[first:first + next((k for k, line in enumerate(lines[first:])
                                                        if not line.startswith("|")), len(lines))]]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in block if not line.startswith("|---")]


def _expected(project: Path) -> dict[str, list[int]]:
    """Per district and for all: the informants with a count in each column of the per-case
    matrix the report leaves in matrices/, and how many informants the group has."""
    matrix = pd.read_csv(project / "reports" / "matrices" / "case_by_dimension.csv", dtype={"case": str})
    # each informant's district is beside them, as the table was read; no empty role column
    district = {f"aduan-t-{n:03d}": DISTRICTS[(n // 3) % 4] for n in range(80)}
    assert list(matrix.columns[:2]) == ["case", "kecamatan"]
    assert matrix.set_index("case")["kecamatan"].to_dict() == district
    matrix["group"] = matrix["kecamatan"]
    codes = [c for c in matrix.columns if c not in ("case", "kecamatan", "group")]
    expected = {}
    for group, rows in [*matrix.groupby("group"), ("Semua responden", matrix)]:
        expected[group] = [len(rows), *[int((rows[c] > 0).sum()) for c in codes]]
    return expected


def test_many_informants_are_counted_per_group_of_the_attribute_with_most_values(complaints, runner):
    result = _report(runner, complaints)
    assert result.exit_code == 0, result.output
    markdown = (complaints / "reports" / "report.md").read_text(encoding="utf-8")
    table = _matrix_table(markdown)
    assert table[0][:2] == ["Kecamatan", "Responden"]  # four districts against three channels
    assert [row[0] for row in table[1:]] == [*sorted(DISTRICTS), "Semua responden"]
    expected = _expected(complaints)
    # a cell: the informants, and their share of the group's
    assert {row[0]: [int(v.split(" ")[0]) for v in row[1:]] for row in table[1:]} == expected
    for row in table[1:]:
        assert all(v == "0" or v == f"{v.split()[0]} ({int(v.split()[0]) / int(row[1]):.0%})" for v in row[2:])
    assert expected["Semua responden"][0] == 80 and any(v > 0 for v in expected["Semua responden"][1:])
    assert "Tabel 5. Banyaknya responden yang membahas tiap kode kerangka" in markdown
    assert ("80 responden terlalu banyak untuk satu baris masing-masing, jadi mereka dikelompokkan menurut "
            "kecamatan (dipilih otomatis") in markdown
    # the tables with a row per informant are in matrices/, not in the report
    assert "Matriks berurut peran" not in markdown and "Log kelengkapan data" not in markdown
    assert "aduan-t-0" not in markdown.split("## Penyajian data", 1)[1].split("\n## ", 1)[0]
    with open(complaints / "reports" / "matrices" / "accounting_log.csv", encoding="utf-8") as log:
        assert sum(1 for _ in log) > 80


def test_the_grouped_tables_counts_are_written_beside_the_matrices(complaints, runner):
    """A supervisor checks the report's grouped table in matrices/: its counts per group are
    a CSV and a sheet of displays.xlsx, and the note under the table says where."""
    assert _report(runner, complaints).exit_code == 0
    matrices = complaints / "reports" / "matrices"
    markdown = (complaints / "reports" / "report.md").read_text(encoding="utf-8")
    assert "Hitungan tabel ini ada di matrices/summary_by_kecamatan.csv." in markdown
    page = (complaints / "reports" / "report.html").read_text(encoding="utf-8")
    # a cell's drill-down names the file of its segments, by code and group
    assert "semua segmen ada di matrices/summary_by_kecamatan_evidence.csv" in page
    assert "case_by_dimension_evidence.csv" not in page
    evidence = pd.read_csv(complaints / "reports" / "matrices" / "summary_by_kecamatan_evidence.csv")
    assert set(DISTRICTS) <= set(evidence["column"])
    counts = pd.read_csv(matrices / "summary_by_kecamatan.csv", index_col="code")
    codes = [c for c in pd.read_csv(matrices / "case_by_dimension.csv", nrows=0).columns if c not in ("case", "kecamatan")]
    for group, (size, *raised) in _expected(complaints).items():
        column = "total" if group == "Semua responden" else group
        cells = [re.fullmatch(r"\d+ seg / (\d+) of (\d+) inf", counts.loc[code, column]) for code in codes]
        assert [int(cell.group(1)) for cell in cells] == raised
        assert {int(cell.group(2)) for cell in cells} == {size}
    book = openpyxl.load_workbook(matrices / "displays.xlsx", read_only=True)
    assert "summary_by_kecamatan" in book.sheetnames and "summary_by_kecamatan data" in book.sheetnames


def test_displays_by_role_are_left_out_where_no_informant_has_a_role(complaints, runner):
    """A table's rows have no role: a summary or prevalence by role would be one column of
    "no role" repeating the total, and the bar chart one bar per code. The counts per
    district stand in for them."""
    assert _report(runner, complaints).exit_code == 0
    reports = complaints / "reports"
    written = {path.name for path in (reports / "matrices").iterdir()} | {path.name for path in (reports / "figures").iterdir()}
    assert not {name for name in written if "_by_role" in name}
    assert {"summary_by_kecamatan.csv", "summary_by_source_type.csv", "case_by_dimension_heatmap.png"} <= written
    assert not [name for name in written if name.endswith("_bars.png")]
    sheets = openpyxl.load_workbook(reports / "matrices" / "displays.xlsx", read_only=True).sheetnames
    assert not [name for name in sheets if "by_role" in name]
    # nor a checklist whose columns are roles: one "(tanpa nilai)" column
    assert not [name for name in sheets if name.startswith("checklist")] and "checklist_technology.csv" not in written
    # display list says so
    listed = " ".join(runner.invoke(app, ["-C", str(complaints), "display", "list"]).stdout.split())
    assert "summary_by_role summary_table · group_by=role left out: no informant has a role" in listed
    assert "checklist_technology checklist · dimension=technology left out: no informant has a role" in listed
    # the grouped table is opened by the name the report and the workbook give it
    cell = runner.invoke(app, ["-C", str(complaints), "display", "cell", "summary_by_kecamatan", "technology",
                               DISTRICTS[0]])
    assert cell.exit_code == 0 and "aduan-t-" in cell.stdout, cell.output
    markdown = (reports / "report.md").read_text(encoding="utf-8")
    assert "menurut peran informan" not in markdown
    figures = len(re.findall(r"(?m)^\*Gambar \d+\. ", markdown))
    assert figures == 2 and "Gambar 1 dan 2 (bagian Gambar) menyajikan data ini secara visual." in markdown


def test_a_tables_rows_are_respondents_responses(complaints, runner):
    """A complaint is its writer's own account: weighed as an interview answer, not as a
    document, and quoted as a respondent's (the rows have no role)."""
    assert _report(runner, complaints).exit_code == 0
    markdown = (complaints / "reports" / "report.md").read_text(encoding="utf-8")
    assert "Sumber menurut jenis: respons 80\n" in markdown and "dokumen ×" not in markdown
    assert "> — responden `aduan-t-" in markdown and "tanpa peran`" not in markdown
    assert "menjawab “" not in markdown and "kolom “" not in markdown  # one column of text: named once, in the method
    assert "(respons ×1)" in markdown
    # every row's words are coded: no interviewer's turns to leave out, as an interview has
    assert "80 segmen dari 80 sumber, semuanya dapat dikode." in markdown and "pewawancara" not in markdown
    # no informant has a role: the corpus line does not list "tanpa peran 80"
    assert "Informan menurut peran" not in markdown
    assert "Informan menurut peran" not in (complaints / "reports" / "report.html").read_text(encoding="utf-8")
    # no roles to count them in: not "(0 dari 0 peran)", nor "dari 0 peran"
    # (a minority of the 80 rows gives a representativeness warning, said with its share)
    assert "dari 0 peran" not in markdown
    assert re.search(r"\d+ dari 80 responden memberi bukti pendukung( \(\d+%\), kurang dari separuh)?;", markdown)
    # a row has one segment, so a share of 0% or 100%: no outliers to explain, said why
    assert "pencilan perlu dijelaskan" not in markdown
    assert "hampir setiap responden punya kurang dari 4 segmen terkode" in (
        complaints / "reports" / "conclusions.json").read_text(encoding="utf-8") or "kasus pencilan" not in markdown
    # counted, patterned and triangulated across sites, as the report groups them, not across
    # the roles the rows do not have
    assert re.search(r"oleh \d+ dari 80 responden \(\d dari 4 kelompok kecamatan\)", markdown)
    assert "lintas responden dan kelompok kecamatan" in markdown and "lintas responden dan peran" not in markdown
    assert re.search(r"triangulasi: (hanya satu jenis sumber, tetapi beberapa|satu jenis sumber dan satu) "
                     r"kelompok kecamatan", markdown) and "dan satu peran" not in markdown
    # replicated across sites, as the report groups them, not across roles they do not have
    assert re.search(r"replikasi: berulang di \d dari 4 kelompok kecamatan \(yang sedikitnya separuh", markdown)
    assert "berulang di 0 peran" not in markdown
    # the assertions' statements count the same groups (they said "0 dari 0 kelompok peran")
    assert re.search(r"dukungan itu berasal dari \d+ di antara 80 responden, \d dari 4 kelompok kecamatan, dan "
                     r"1 dari 1 jenis sumber", markdown)
    assert "kelompok peran" not in markdown


@pytest.mark.parametrize("drawing_imported", [True, False])
def test_the_heat_map_draws_the_groups(complaints, runner, monkeypatch, drawing_imported):
    """Not the first 50 of 80 informants: the groups' shares, whether the charts' worker
    builds its displays (matplotlib imported ahead, as `run` does) or is handed them."""
    from qualcode.workflow import display_files

    monkeypatch.setattr(display_files, "drawing_imported", lambda: drawing_imported)
    assert _report(runner, complaints).exit_code == 0
    markdown = (complaints / "reports" / "report.md").read_text(encoding="utf-8")
    assert ("Gambar 1. Peta panas persentase responden tiap kelompok kecamatan yang membahas tiap strategi."
            in markdown)
    png = (complaints / "reports" / "figures" / "case_by_dimension_heatmap.png").read_bytes()
    width, height = struct.unpack(">II", png[16:24])  # the IHDR chunk
    assert height < 1000, height  # five rows; the first 50 informants would be 2,400 pixels tall


def test_the_grouped_table_in_docx_and_html(complaints, runner):
    assert _report(runner, complaints).exit_code == 0
    document = Document(str(complaints / "reports" / "report.docx"))
    grouped = [t for t in document.tables if t.rows[0].cells[0].text == "Kecamatan"]
    assert len(grouped) == 1 and len(grouped[0].rows) == 1 + len(DISTRICTS) + 1
    assert max(len(t.rows) for t in document.tables) < 80  # no table with a row per informant
    page = html.fromstring((complaints / "reports" / "report.html").read_bytes())
    body = page.xpath('//section[@id="matrix"]//table')[0].xpath("./tbody/tr")
    assert [row.xpath("./th")[0].text_content() for row in body] == [*sorted(DISTRICTS), "Semua responden"]
    # a group's drill-down quotes several of its informants, not one informant three times
    for details in body[-1].xpath(".//details"):
        quoted = [code.text_content().rsplit(":", 1)[0] for code in details.xpath(".//blockquote//code")]
        count = int(details.xpath("./summary")[0].text_content().split(" ")[0])
        assert len(quoted) == min(count, 3) and len(set(quoted)) == len(quoted), quoted


def test_group_by_in_qualcode_toml_names_the_attribute(complaints, runner):
    result = _report(runner, complaints, "--lang", "en", group_by='"Kanal"')
    assert result.exit_code == 0, result.output
    markdown = (complaints / "reports" / "report.md").read_text(encoding="utf-8")
    table = _matrix_table(markdown.replace("## Data display", "## Penyajian data"))
    assert table[0][:2] == ["Kanal", "Respondents"]
    assert [row[0] for row in table[1:]] == [*sorted(CHANNELS), "All respondents"]
    assert "Respondents are grouped by kanal, as group_by in the [report] part of qualcode.toml says." in markdown


def test_group_by_case_keeps_a_row_per_informant(complaints, runner):
    result = _report(runner, complaints, group_by='"case"')
    assert result.exit_code == 0, result.output
    markdown = (complaints / "reports" / "report.md").read_text(encoding="utf-8")
    table = _matrix_table(markdown)
    assert table[0][:2] == ["Kasus", "Peran"] and len(table) == 1 + 80
    assert "Matriks berurut peran" in markdown


@pytest.mark.parametrize("value, said", [
    ('"kelurahan"', "[report] group_by names 'kelurahan', which no case has; the cases' attributes: "
                    "kanal, kecamatan"),
    ("3", "[report] group_by must name a case attribute"),
])
def test_a_group_by_that_cannot_group_is_one_line_and_writes_nothing(complaints, runner, value, said):
    reports = complaints / "reports"
    before = {p: p.stat().st_mtime_ns for p in reports.rglob("*")}
    checksum = store_checksum(complaints / ".qualcode" / "project.db")
    result = _report(runner, complaints, group_by=value)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and said in lines[0] and "qualcode.toml:" in lines[0], result.output
    line = int(lines[0].split("qualcode.toml:", 1)[1].split(":", 1)[0])
    assert "group_by" in (complaints / "qualcode.toml").read_text(encoding="utf-8").splitlines()[line - 1]
    assert {p: p.stat().st_mtime_ns for p in reports.rglob("*")} == before
    assert store_checksum(complaints / ".qualcode" / "project.db") == checksum
    assert _report(runner, complaints).exit_code == 0  # and with the setting taken out, it reports


@pytest.mark.parametrize("columns, chosen", [
    ({"role": ["government", "citizen"] * 30, "site": list("abcdef") * 10}, "role"),  # role first
    ({"role": [None] * 60, "kanal": list("abc") * 20, "kecamatan": list("abcdef") * 10}, "kecamatan"),
    ({"role": [None] * 60, "ticket": [str(n) for n in range(60)]}, None),  # a value each: no groups
    ({"role": [None] * 60, "status": ["done"] * 60}, None),                 # one value: no groups
    ({"role": [None] * 60, "ward": ["a", "b"] + [None] * 58, "kanal": list("ab") * 30}, "kanal"),
])
def test_the_attribute_chosen_for_many_informants(columns, chosen):
    cases = pd.DataFrame({"case_id": [f"c{n}" for n in range(60)], **columns})
    assert groupable(cases) == chosen


@pytest.mark.parametrize("roles, setting, site", [
    (["government", "citizen"] * 30, "", None),   # informants with roles: replicated across roles
    ([None] * 60, "", "kecamatan"),               # else across the attribute the report groups by
    ([None] * 60, "Kanal", "kanal"),              # [report] group_by names it
    ([None] * 60, "case", "kecamatan"),           # "case" keeps rows in the report, not in the check
])
def test_the_site_a_finding_is_replicated_across(roles, setting, site):
    cases = pd.DataFrame({"case_id": [f"c{n}" for n in range(60)], "role": roles,
                          "kanal": list("abc") * 20, "kecamatan": list("abcdef") * 10})
    assert site_attribute(cases, setting) == site


def test_a_check_words_five_outliers_and_counts_the_rest():
    figures = {"outliers": [f"c{n}" for n in range(8)], "mean_share": 0.1,
               "outlier_figures": [{"case": f"c{n}", "direction": "high", "segments": 1, "coded_segments": 1,
                                    "share": 1.0, "z": 3.1} for n in range(8)]}
    text = reason_text("explain_outliers", figures, "id")
    assert text.count("jauh di atas informan lain") == 5 and "c4 " in text and "c5 " not in text
    assert text.endswith("; dan 3 pencilan lainnya (semuanya di conclusions.json)")
    english = reason_text("explain_outliers", figures, "en")
    assert english.endswith("; and 3 more outliers (all of them in conclusions.json)")


@pytest.mark.parametrize("types, said", [
    ([("interview", False), ("interview", True)], "giliran pewawancara"),
    ([("response", False), ("response", True)], "judul pertanyaan serta balasan petugas pada tabel"),
    ([("interview", False), ("response", False)],
     "giliran pewawancara dan judul pertanyaan serta balasan petugas pada tabel"),
])
def test_the_method_says_what_was_left_uncoded(types, said):
    from qualcode.report.method_text import uncoded as _uncoded
    from qualcode.report.i18n import catalogue

    segments = pd.DataFrame(types, columns=["source_type", "codable"])
    assert _uncoded(segments, catalogue("id"), "id") == said


def test_conclude_show_names_a_few_respondents_and_counts_the_rest(complaints, runner):
    """A chain of evidence over dozens of respondents lists the first twelve, in row order,
    and how many more: not every id, a screen of them."""
    shown = runner.invoke(app, ["-C", str(complaints), "conclude", "show", "machine-technology", "--lang", "en"])
    assert shown.exit_code == 0, shown.output
    claim = " ".join(shown.output.split("chain of evidence")[1].split("✓ representativeness")[0].split())
    listed = re.findall(r"aduan-t-\d+(?=[,\s])", claim.split(" · ")[0])
    assert len(listed) == 12 and listed == sorted(listed)
    assert re.search(r"and \d+ others · ", claim)
