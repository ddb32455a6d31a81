"""Displays from the CLI: declared displays, ad-hoc kinds, formats, drill-down, the run's files."""

import json

import openpyxl
import pytest

from tests.test_cli import invoke
from tests.test_coding_commands import coded_project  # noqa: F401 - fixture


def test_list_show_and_drill_down(coded_project, runner):  # noqa: F811
    listed = invoke(runner, coded_project, "display", "list")
    assert listed.exit_code == 0 and "case_by_dimension" in listed.stdout and "checklist" in listed.stdout
    shown = invoke(runner, coded_project, "display", "show", "case_by_dimension", "--format", "json")
    rows = {r["case"]: r for r in json.loads(shown.stdout)}
    assert set(rows) == {"pemkot", "warga", "mitra"}
    count = rows["pemkot"]["budget-support"]
    cell = invoke(runner, coded_project, "display", "cell", "case_by_dimension", "pemkot", "budget-support")
    assert cell.exit_code == 0 and cell.stdout.count("pemkot:") == count
    assert "Anggarannya terbatas" in cell.stdout
    missing = invoke(runner, coded_project, "display", "cell", "case_by_dimension", "nobody", "budget-support")
    assert missing.exit_code == 1 and "has no row 'nobody'; its rows: " in missing.output
    assert "pemkot" in missing.output
    wrong_column = invoke(runner, coded_project, "display", "cell", "case_by_dimension", "pemkot", "budget")
    assert wrong_column.exit_code == 1 and "has no column 'budget' (did you mean budget-support" in " ".join(
        wrong_column.output.split())
    listed_columns = " ".join(wrong_column.output.split()).split("its columns: ")[1]
    assert "role" not in listed_columns.split(", ") and "supporting-factor" in listed_columns  # every code, no role
    # a case id as its front matter wrote it, or not: the one row it is but for capitals
    upper = invoke(runner, coded_project, "display", "cell", "case_by_dimension", "PEMKOT", "budget-support")
    assert upper.exit_code == 0 and upper.stdout == cell.stdout


def test_a_cell_is_named_as_display_show_prints_it(coded_project, runner):  # noqa: F811
    """A supervisor types the row and column a table shows: a code's label for its id, and
    "(tanpa nilai)" for the column of segments in no group, as the report says it."""
    from qualcode.codebook import load_codebook
    from qualcode.display.base import code_labels
    from qualcode.project import load_config

    project = load_config(coded_project)
    label = code_labels(load_codebook(project.codebook_path), project.language)["budget-support"]
    by_id = invoke(runner, coded_project, "display", "cell", "case_by_dimension", "pemkot", "budget-support")
    by_label = invoke(runner, coded_project, "display", "cell", "case_by_dimension", "pemkot", label.upper())
    assert by_label.exit_code == 0 and by_label.stdout == by_id.stdout != ""

    # an ad-hoc display drilled into with the options it was shown with
    table = invoke(runner, coded_project, "display", "show", "summary_table", "--set", "group_by=source_type")
    assert "wawancara" in table.stdout and label in " ".join(table.stdout.split())
    cell = invoke(runner, coded_project, "display", "cell", "summary_table", label, "wawancara",
                  "--set", "group_by=source_type")
    assert cell.exit_code == 0 and cell.stdout.count(":") >= 3 and "Anggarannya terbatas" in cell.stdout


def test_a_cell_into_a_file_keeps_each_paragraph_on_one_line(small_project, runner):
    """Out of a terminal, quotes are neither wrapped (grep finds a sentence whole) nor styled."""
    long_answer = ("Anggaran untuk aplikasi ini terbatas sekali, karena APBD kota lebih banyak "
                   "terserap untuk belanja rutin pegawai dan pemeliharaan jalan setiap tahunnya.")
    with (small_project / "transcripts" / "pemkot.txt").open("a", encoding="utf-8") as transcript:
        transcript.write(f"\nBu Ratna: {long_answer}\n")
    assert invoke(runner, small_project, "ingest").exit_code == 0
    assert invoke(runner, small_project, "code", "auto").exit_code == 0
    cell = invoke(runner, small_project, "display", "cell", "case_by_dimension", "pemkot", "budget-support")
    lines = cell.stdout.splitlines()
    heads = [line for line in lines if line.startswith("pemkot:")]
    assert heads and all("[bold]" not in line and " · Bu Ratna · " in line for line in heads)
    assert len(long_answer) > 120 and long_answer in lines


def test_an_empty_cell_has_no_segments(coded_project, runner):  # noqa: F811
    rows = json.loads(invoke(runner, coded_project, "display", "show", "case_by_dimension",
                             "--format", "json").stdout)
    case, column = next((r["case"], k) for r in rows for k, v in r.items() if v == 0)
    empty = invoke(runner, coded_project, "display", "cell", "case_by_dimension", case, column)
    assert empty.exit_code == 0 and empty.stdout == ""
    assert f"no segments in this cell ({case}, {column})" in empty.stderr


def test_ad_hoc_kind_with_options_and_formats(coded_project, runner, tmp_path):  # noqa: F811
    md = invoke(runner, coded_project, "display", "show", "summary_table", "--set", "group_by=role",
                "--format", "md")
    assert md.exit_code == 0 and md.stdout.startswith("| ") and "seg" in md.stdout
    out = tmp_path / "one.xlsx"
    assert invoke(runner, coded_project, "display", "show", "cooccurrence", "--format", "xlsx",
                  "--out", str(out)).exit_code == 0
    assert openpyxl.load_workbook(out).sheetnames
    bad = invoke(runner, coded_project, "display", "show", "nonsense")
    assert bad.exit_code == 1 and "no display" in bad.output
    bad_option = invoke(runner, coded_project, "display", "show", "case_by_code", "--set", "depth=deep")
    assert bad_option.exit_code == 1 and "depth" in bad_option.output


def test_markdown_is_worded_for_people_and_csv_keeps_ids_for_scripts(coded_project, runner):  # noqa: F811
    """A table pasted into a thesis reads as the terminal's does: code labels and the
    project's language, not ids; csv keeps the ids."""
    md = invoke(runner, coded_project, "display", "show", "case_by_dimension", "--format", "md")
    csv = invoke(runner, coded_project, "display", "show", "case_by_dimension", "--format", "csv")
    assert md.exit_code == 0 and csv.exit_code == 0
    head = md.stdout.splitlines()[0]
    assert head.startswith("| Kasus | Peran | ") and "Dukungan anggaran" in head and "budget-support" not in head
    assert "budget-support" in csv.stdout.splitlines()[0]


def test_a_parent_beside_its_subcodes_in_a_cooccurrence_says_it_counts_only_its_own(coded_project,
                                                                                   runner):  # noqa: F811
    """At code depth a dimension's row and column hold its own codings, not its subcodes':
    headed "(kode itu sendiri)" as case_by_code heads it, so a 0 beside its subcode does not
    read as "never together"."""
    md = invoke(runner, coded_project, "display", "show", "cooccurrence", "--set", "depth=code",
                "--format", "md")
    assert md.exit_code == 0, md.output
    header, _, *rows = md.stdout.splitlines()
    assert "| Dukungan anggaran (kode itu sendiri) |" in header
    assert any(row.startswith("| Dukungan anggaran (kode itu sendiri) |") for row in rows)
    assert "| Keterbatasan anggaran |" in header  # a subcode: no such note
    dimension = invoke(runner, coded_project, "display", "show", "cooccurrence", "--format", "md")
    assert "kode itu sendiri" not in dimension.stdout  # at dimension depth it holds its subcodes


def test_a_display_named_with_hyphens_or_capitals_is_that_display(coded_project, runner):  # noqa: F811
    """`case-by-dimension` is case_by_dimension, as a hyphenated command would suggest; a
    misspelt name is refused with the names it is near."""
    shown = invoke(runner, coded_project, "display", "show", "case_by_dimension", "--format", "csv")
    for typed in ("case-by-dimension", "Case_By_Dimension"):
        same = invoke(runner, coded_project, "display", "show", typed, "--format", "csv")
        assert same.exit_code == 0 and same.stdout == shown.stdout
    kind = invoke(runner, coded_project, "display", "show", "summary-table", "--format", "csv")
    assert kind.exit_code == 0 and kind.stdout
    bad = invoke(runner, coded_project, "display", "show", "case_by_dimensoin")
    assert bad.exit_code == 1 and "(did you mean case_by_dimension" in bad.output


def test_project_displays_yaml_errors_name_the_file(coded_project, runner):  # noqa: F811
    (coded_project / "displays.yaml").write_text("displays:\n  - name: x\n    kind: pie\n", encoding="utf-8")
    result = invoke(runner, coded_project, "display", "list")
    assert result.exit_code == 1 and "displays.yaml" in result.output and "unknown kind" in result.output


def test_run_writes_displays_workbook_and_figures(coded_project, runner):  # noqa: F811
    (coded_project / "transcripts" / "formula.txt").write_text(
        "---\ncase: formula\nrole: community\nsource_type: interview\nlanguage: id\n---\n"
        "Pewawancara: Bagaimana?\n\nWarga: =HYPERLINK(\"http://x\") anggarannya terbatas sekali untuk kami semua.\n",
        encoding="utf-8")
    assert invoke(runner, coded_project, "run").exit_code == 0
    reports = coded_project / "reports"
    book = openpyxl.load_workbook(reports / "matrices" / "displays.xlsx")
    assert {"case_by_dimension", "role_ordered"} <= set(book.sheetnames)
    for png in ("case_by_dimension_heatmap.png", "prevalence_by_role_bars.png", "cooccurrence_network.png"):
        assert (reports / "figures" / png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    import csv

    for path in (reports / "matrices").glob("*.csv"):
        with open(path, encoding="utf-8") as handle:
            cells = [cell for row in csv.reader(handle) for cell in row]
        assert not [c for c in cells if c[:1] in ("=", "+", "@")], path  # formula injection
    quotes = (reports / "matrices" / "role_ordered.csv").read_text(encoding="utf-8")
    assert "=HYPERLINK" in quotes  # the text itself is kept, inside the quote
    html = (reports / "report.html").read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") == 3


def test_the_workbook_speaks_the_report_language_and_csv_stays_data(coded_project, runner, tmp_path):  # noqa: F811
    assert invoke(runner, coded_project, "run").exit_code == 0  # the project's language: id
    matrices = coded_project / "reports" / "matrices"
    csv_files = {path.name: path.read_bytes() for path in matrices.glob("*.csv")}

    def sheet(path=matrices / "displays.xlsx", name="case_by_dimension"):
        rows = list(openpyxl.load_workbook(path)[name].iter_rows(values_only=True))
        return rows[0], [row[0] for row in rows[rows.index((None,) * len(rows[0])) + 1:]]

    header, notes = sheet()
    assert header[:3] == ("Kasus", "Peran", "Lingkungan politik yang mendukung")
    assert "pengodean yang mendasari sajian ini" in notes[0] and notes[1].startswith("Sel: segmen berbeda")
    assert invoke(runner, coded_project, "report", "--lang", "en").exit_code == 0
    header, notes = sheet()
    assert header[:3] == ("Case", "Role", "Supportive political environment")
    assert "codings behind this display" in notes[0] and notes[1].startswith("Cells: distinct segments")
    # the CSV are data for scripts: the same bytes in either language, code ids in the header
    assert {path.name: path.read_bytes() for path in matrices.glob("*.csv")} == csv_files
    assert (matrices / "case_by_dimension.csv").read_text(encoding="utf-8").startswith(
        "case,role,political-environment,")
    # `display build` in the project's language, or in --lang; `display show` in the project's
    assert invoke(runner, coded_project, "display", "build").exit_code == 0
    assert sheet()[0][0] == "Kasus"
    assert invoke(runner, coded_project, "display", "build", "--lang", "en").exit_code == 0
    assert sheet()[0][0] == "Case"
    one = tmp_path / "one.xlsx"
    assert invoke(runner, coded_project, "display", "show", "checklist", "--set", "dimension=technology",
                  "--format", "xlsx", "--out", str(one)).exit_code == 0
    assert sheet(one, "checklist_technology")[0][0] == "Komponen"


def test_a_caption_file_is_dated_by_its_case_in_cases_csv(small_project, runner):
    """A .vtt has no front matter: the `date` column of cases.csv dates it in the time-ordered
    matrix (it was left out as undated)."""
    import json

    transcripts = small_project / "transcripts"
    (transcripts / "fgd-rw.vtt").write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Moderator>Bagaimana anggarannya?</v>\n\n"
        "00:00:05.000 --> 00:00:09.000\n<v Pak RW>Anggarannya terbatas sekali, APBD habis.</v>\n",
        encoding="utf-8")
    (transcripts / "cases.csv").write_text("case;role;date\nfgd-rw;community;2024-05-10\n", encoding="utf-8")
    for args in (("ingest",), ("code", "auto")):
        assert invoke(runner, small_project, *args).exit_code == 0
    shown = invoke(runner, small_project, "display", "show", "time_ordered", "--format", "json")
    assert shown.exit_code == 0, shown.output
    assert "2024-05" in json.dumps(json.loads(shown.stdout))


def test_display_show_speaks_the_projects_language_and_csv_keeps_ids(coded_project, runner):  # noqa: F811
    table = invoke(runner, coded_project, "display", "show", "summary_by_role")
    assert table.exit_code == 0, table.output
    assert "Dukungan anggaran" in table.output and "dari" in table.output  # labels, "1 dari 2 inf"
    assert "budget-support" not in table.output
    # `display matrix` too (it printed ids and English roles in an Indonesian project)
    matrix = invoke(runner, coded_project, "display", "matrix", "--mode", "presence")
    assert matrix.exit_code == 0, matrix.output
    assert "budget-support" not in matrix.stdout and "government" not in matrix.stdout
    assert "Dukungan" in matrix.stdout and "pemerintah" in matrix.stdout
    csv = invoke(runner, coded_project, "display", "show", "summary_by_role", "--format", "csv")
    assert "budget-support" in csv.stdout  # scripts read ids


def test_a_checklist_by_a_case_attribute_builds_in_every_command(coded_project, runner):  # noqa: F811
    """A checklist's `columns` names a case attribute, not codes: `display build`, `report` and
    `run` refused it ("columns names 'role', which the codebook does not have")."""
    (coded_project / "displays.yaml").write_text(
        "displays:\n  - name: budget_by_role\n    kind: checklist\n    dimension: budget-support\n"
        "    columns: role\n", encoding="utf-8")
    for command in (("display", "build"), ("report", "--format", "md")):
        result = invoke(runner, coded_project, *command)
        assert result.exit_code == 0, (command, result.output)
    assert (coded_project / "reports" / "matrices" / "budget_by_role.csv").is_file()
    (coded_project / "displays.yaml").write_text(
        "displays:\n  - name: roles\n    kind: role_ordered\n    columns: [budget-suport]\n", encoding="utf-8")
    bad = invoke(runner, coded_project, "display", "build")
    assert bad.exit_code == 1 and "columns names 'budget-suport'" in bad.output  # codes there are still checked


class _Cells(__import__("html.parser").parser.HTMLParser):
    """The table cells of a page, row by row, as a browser shows their text."""

    def __init__(self):
        super().__init__()
        self.rows, self.inside = [], False

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.rows[-1].append("")
            self.inside = True

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.inside = False

    def handle_data(self, data):
        if self.inside:
            self.rows[-1][-1] += data


def test_a_display_as_html_is_a_page_for_people(coded_project, runner, tmp_path):  # noqa: F811
    """A supervisor opens it in a browser: a whole page with labels, not ids, and the notes."""
    page = tmp_path / "matrix.html"
    shown = invoke(runner, coded_project, "display", "show", "case_by_dimension", "--format", "html",
                   "--out", str(page))
    assert shown.exit_code == 0, shown.output
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in text
    assert "<title>Matriks kasus × kode: " in text and '<html lang="id">' in text
    parsed = _Cells()
    parsed.feed(text)
    header, *rows = parsed.rows
    assert "Dukungan anggaran" in header and "budget-support" not in header
    counts = {r["case"]: r for r in json.loads(invoke(runner, coded_project, "display", "show",
                                                      "case_by_dimension", "--format", "json").stdout)}
    by_case = {row[0]: row for row in rows}
    assert set(by_case) == set(counts)
    column = header.index("Dukungan anggaran")
    assert all(int(by_case[case][column]) == counts[case]["budget-support"] for case in counts)
    assert "belum ditinjau" in text  # the unreviewed note, in the page and not only on stderr
    stdout = invoke(runner, coded_project, "display", "matrix", "--format", "html")
    assert stdout.exit_code == 0 and stdout.stdout.startswith("<!DOCTYPE html>")


def test_a_display_page_prints_whole_says_what_its_corpus_is_and_writes_indonesian_decimals(
        coded_project, runner, tmp_path):  # noqa: F811
    toml = coded_project / "qualcode.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace(
        "[project]\n", "[project]\ndescription = \"Korpus ilustratif, bukan wawancara nyata.\"\n", 1), encoding="utf-8")
    page = tmp_path / "co.html"
    assert invoke(runner, coded_project, "display", "show", "cooccurrence_codes", "--format", "html",
                  "--out", str(page)).exit_code == 0
    text = page.read_text(encoding="utf-8")
    assert "Korpus ilustratif, bukan wawancara nyata." in text
    assert "@media print" in text and "overflow: visible" in text  # paper does not scroll
    parsed = _Cells()
    parsed.feed(text)
    fractions = [cell for row in parsed.rows[1:] for cell in row[1:] if cell and not cell.isdigit()]
    assert fractions and all("," in cell and "." not in cell for cell in fractions)


def test_a_dimensions_own_column_in_case_by_code_says_it_leaves_its_subcodes_out(coded_project, runner, tmp_path):  # noqa: F811
    # coded on the dimension itself, it has a column of its own beside its subcodes'
    assert invoke(runner, coded_project, "code", "add", "pemkot:2", "--code", "technology").exit_code == 0
    page = tmp_path / "cbc.html"
    assert invoke(runner, coded_project, "display", "show", "case_by_code", "--format", "html",
                  "--out", str(page)).exit_code == 0
    parsed = _Cells()
    parsed.feed(page.read_text(encoding="utf-8"))
    own = [h for h in parsed.rows[0] if h.endswith(" (kode itu sendiri)")]
    assert own == ["Teknologi pendukung (kode itu sendiri)"]
    import openpyxl
    book = tmp_path / "cbc.xlsx"
    assert invoke(runner, coded_project, "display", "show", "case_by_code", "--out", str(book)).exit_code == 0
    sheet = openpyxl.load_workbook(book).worksheets[0]
    headings = [str(c.value) for row in sheet.iter_rows(max_row=6) for c in row if c.value]
    assert set(own) <= set(headings)


def test_a_display_page_escapes_what_the_data_says(coded_project, runner, tmp_path):  # noqa: F811
    (coded_project / "transcripts" / "tag.txt").write_text(
        "---\ncase: <script>x</script>\nrole: community\nsource_type: interview\nlanguage: id\n---\n"
        "Pewawancara: Bagaimana?\n\nWarga: anggarannya terbatas sekali untuk kami semua.\n", encoding="utf-8")
    assert invoke(runner, coded_project, "ingest").exit_code == 0
    assert invoke(runner, coded_project, "code", "auto").exit_code == 0
    page = tmp_path / "m.html"
    assert invoke(runner, coded_project, "display", "show", "case_by_dimension", "--format", "html",
                  "--out", str(page)).exit_code == 0
    text = page.read_text(encoding="utf-8")
    assert "<script>" not in text and "&lt;script&gt;x&lt;/script&gt;" in text


def test_out_without_format_writes_the_format_the_file_name_ends_in(coded_project, runner, tmp_path):  # noqa: F811
    printed = invoke(runner, coded_project, "display", "show", "case_by_dimension", "--format", "csv")
    as_csv = tmp_path / "matrix.csv"
    written = invoke(runner, coded_project, "display", "show", "case_by_dimension", "--out", str(as_csv))
    assert written.exit_code == 0 and as_csv.read_text(encoding="utf-8") == printed.stdout
    assert "┃" not in written.stdout  # the file, not a terminal table
    # its notes, for the person at the terminal, in the project's language as the table's are
    assert "Sel: segmen berbeda yang dikodekan" in written.output and "Cells:" not in written.output
    as_xlsx = tmp_path / "matrix.XLSX"
    assert invoke(runner, coded_project, "display", "show", "case_by_dimension", "--out", str(as_xlsx)).exit_code == 0
    assert openpyxl.load_workbook(as_xlsx).sheetnames
    unknown = tmp_path / "matrix.txt"
    refused = invoke(runner, coded_project, "display", "show", "case_by_dimension", "--out", str(unknown))
    assert refused.exit_code == 1 and not unknown.exists()
    assert "give --format csv, json, md, html or xlsx" in refused.output
    assert len(refused.output.strip().splitlines()) == 1 and "Traceback" not in refused.output


def test_the_column_of_no_value_is_said_what_it_holds(coded_project, runner):  # noqa: F811
    """A document has no informant: its segments fall in "(tanpa nilai)" with informants who
    have no role, and a supervisor reading the column is told so."""
    (coded_project / "transcripts" / "perwal.txt").write_text(
        "---\nsource_type: document\nlanguage: id\n---\nAnggaran program smart city dialokasikan dalam APBD "
        "setiap tahun sesuai kemampuan keuangan daerah.\n", encoding="utf-8")
    assert invoke(runner, coded_project, "ingest").exit_code == 0
    assert invoke(runner, coded_project, "code", "auto").exit_code == 0
    shown = invoke(runner, coded_project, "display", "show", "summary_by_role")
    assert shown.exit_code == 0, shown.output
    text = " ".join(shown.output.split())
    assert "(tanpa nilai)" in text and "(tanpa nilai): segmen dari sumber tanpa informan (dokumen" in text


def test_quotes_from_srt_and_vtt_give_their_time_in_one_form(small_project, runner):
    """A report quoted 00:00:41,000 (SubRip) beside 00:00:06.000 (WebVTT): one HH:MM:SS now."""
    from qualcode.display.quotes import recording_time

    assert [recording_time(t) for t in ("00:00:41,000", "00:00:06.000", "01:06.500", "1:02:03,004", "[12:30]")] \
        == ["00:00:41", "00:00:06", "00:01:06", "01:02:03", "[12:30]"]
    transcripts = small_project / "transcripts"
    for name in ("pemkot.txt", "warga.txt", "mitra.txt"):
        (transcripts / name).unlink()
    (transcripts / "rw.srt").write_text(
        "1\n00:00:41,000 --> 00:00:44,000\nAplikasi pelayanan online dan jaringan internet di kelurahan "
        "sangat membantu warga.\n", encoding="utf-8")
    (transcripts / "rt.vtt").write_text(
        "WEBVTT\n\n00:06.000 --> 00:09.000\nAplikasi pelayanan online dan server baru sangat membantu "
        "warga kami.\n", encoding="utf-8")
    for args in (("ingest",), ("code", "auto"), ("report", "--format", "md")):
        assert invoke(runner, small_project, *args).exit_code == 0, args
    report = next((small_project / "reports").glob("*.md")).read_text(encoding="utf-8")
    assert "`rw:1` @ 00:00:41" in report and "`rt:1` @ 00:00:06" in report
    assert ",000" not in report and ".000" not in report
