"""The analyst's summaries (summaries/CASE.yaml) and checklist rating overrides
(ratings/DISPLAY.yaml): written from the CLI, shown in the displays, diffable, validated."""

import json
import stat
import sys

import pytest
import yaml

from qualcode.cli import app
from tests.test_cli import invoke
from tests.test_coding_commands import coded_project  # noqa: F401 - fixture


def test_summary_is_written_to_a_case_file_and_leads_the_framework_cell(coded_project, runner):  # noqa: F811
    result = invoke(runner, coded_project, "display", "summarize", "pemkot", "budget-support",
                    "--text", "Anggaran kecil; komitmen wali kota menutupinya.")
    assert result.exit_code == 0, result.output
    data = yaml.safe_load((coded_project / "summaries" / "pemkot.yaml").read_text(encoding="utf-8"))
    entry = data["summaries"]["budget-support"]
    assert data["case"] == "pemkot"
    assert entry["text"] == "Anggaran kecil; komitmen wali kota menutupinya."
    assert entry["by"] == "researcher" and entry["at"].startswith("20")

    shown = invoke(runner, coded_project, "display", "show", "framework_matrix", "--format", "json")
    rows = {r["case"]: r for r in json.loads(shown.stdout)}
    cell = rows["pemkot"]["budget-support"]
    # the summary comes first, then the quotes that were there before
    assert cell.startswith("Anggaran kecil; komitmen wali kota menutupinya.\n“")
    assert "Anggarannya terbatas" in cell
    assert not rows["warga"]["budget-support"].startswith("Anggaran kecil")

    cleared = invoke(runner, coded_project, "display", "summarize", "pemkot", "budget-support", "--clear")
    assert cleared.exit_code == 0 and "removed" in cleared.output
    data = yaml.safe_load((coded_project / "summaries" / "pemkot.yaml").read_text(encoding="utf-8"))
    assert data["summaries"] == {}
    again = invoke(runner, coded_project, "display", "summarize", "pemkot", "budget-support", "--clear")
    assert again.exit_code == 0 and "no summary of budget-support for pemkot to remove" in again.output
    assert "removed" not in again.output


def test_summary_from_the_editor_keeps_text_and_drops_the_quote_comments(coded_project, runner, tmp_path):  # noqa: F811
    seen = tmp_path / "seen.txt"
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys, shutil\n"
        f"shutil.copy(sys.argv[1], {str(seen)!r})\n"
        "open(sys.argv[1], 'w', encoding='utf-8').write('Warga aktif melapor.\\n# a comment line\\n')\n",
        encoding="utf-8")
    editor.chmod(editor.stat().st_mode | stat.S_IEXEC)
    result = runner.invoke(app, ["-C", str(coded_project), "display", "summarize", "warga",
                            "stakeholder-participation"],
                           env={"EDITOR": f"{sys.executable} {editor}", "VISUAL": ""})
    assert result.exit_code == 0, result.output
    # the researcher saw the cell's quotes while writing
    assert "Warga berpartisipasi lewat aplikasi pengaduan" in seen.read_text(encoding="utf-8")
    data = yaml.safe_load((coded_project / "summaries" / "warga.yaml").read_text(encoding="utf-8"))
    assert data["summaries"]["stakeholder-participation"]["text"] == "Warga aktif melapor."


@pytest.mark.parametrize("saved, said", [(b"caf\xe9 ramai", "not UTF-8 (byte 0xe9)"),
                                         (b"my summary\x00 here", "control character U+0000")])
def test_an_editor_that_saves_what_no_report_can_hold_writes_nothing(coded_project, runner, tmp_path,
                                                                    saved, said):  # noqa: F811
    """Another encoding, or a NUL, from $EDITOR: one line, as --text is refused, and no summary
    file that would stop every later report."""
    editor = tmp_path / "editor.py"
    editor.write_text(f"import sys\nopen(sys.argv[1], 'wb').write({saved!r})\n", encoding="utf-8")
    editor.chmod(editor.stat().st_mode | stat.S_IEXEC)
    result = runner.invoke(app, ["-C", str(coded_project), "display", "summarize", "warga",
                                 "stakeholder-participation"],
                           env={"EDITOR": f"{sys.executable} {editor}", "VISUAL": ""})
    assert result.exit_code == 1 and said in result.output and "Traceback" not in result.output
    assert not (coded_project / "summaries" / "warga.yaml").exists()


def test_summary_of_a_cell_that_does_not_exist_is_refused(coded_project, runner):  # noqa: F811
    unknown_case = invoke(runner, coded_project, "display", "summarize", "nobody", "budget-support", "-m", "x")
    assert unknown_case.exit_code == 1 and "no case 'nobody'" in unknown_case.output
    unknown_column = invoke(runner, coded_project, "display", "summarize", "pemkot", "budget", "-m", "x")
    assert unknown_column.exit_code == 1 and "not a framework column" in unknown_column.output
    escaping = invoke(runner, coded_project, "display", "summarize", "../pemkot", "budget-support", "-m", "x")
    assert escaping.exit_code == 1
    assert not (coded_project / "summaries").exists()


def test_broken_summary_file_names_the_file_and_line(coded_project, runner):  # noqa: F811
    folder = coded_project / "summaries"
    folder.mkdir()
    (folder / "pemkot.yaml").write_text("case: pemkot\nsummaries:\n  budget-support: [unclosed\n",
                                        encoding="utf-8")
    result = invoke(runner, coded_project, "display", "show", "framework_matrix")
    assert result.exit_code == 1
    assert "pemkot.yaml:" in result.output and "Traceback" not in result.output


def test_rating_override_is_stored_shown_and_cleared(coded_project, runner):  # noqa: F811
    before = json.loads(invoke(runner, coded_project, "display", "show", "checklist_technology",
                               "--format", "json").stdout)
    hardware = next(r for r in before if r["component"] == "hardware")
    assert not hardware["community"].startswith("strong")

    result = invoke(runner, coded_project, "display", "rate", "checklist_technology", "hardware",
                    "community", "strong", "--note", "seen on the site visit")
    assert result.exit_code == 0, result.output
    assert "computed:" in result.output
    stored = yaml.safe_load((coded_project / "ratings" / "checklist_technology.yaml").read_text(encoding="utf-8"))
    assert stored["display"] == "checklist_technology"
    assert [(o["row"], o["column"], o["rating"], o["note"]) for o in stored["overrides"]] == [
        ("hardware", "community", "strong", "seen on the site visit")]

    after = json.loads(invoke(runner, coded_project, "display", "show", "checklist_technology",
                              "--format", "json").stdout)
    hardware = next(r for r in after if r["component"] == "hardware")
    assert hardware["community"].startswith("strong\u2020")  # † marks the researcher's rating

    cleared = invoke(runner, coded_project, "display", "rate", "checklist_technology", "hardware",
                     "community", "--clear")
    assert cleared.exit_code == 0 and "back to the computed rating" in cleared.output
    again = json.loads(invoke(runner, coded_project, "display", "show", "checklist_technology",
                              "--format", "json").stdout)
    assert next(r for r in again if r["component"] == "hardware") == next(
        r for r in before if r["component"] == "hardware")


def test_rating_is_refused_for_bad_cells_and_values(coded_project, runner):  # noqa: F811
    cases = [
        (["checklist_technology", "hardware", "nobody", "strong"], "has no column 'nobody'"),
        (["case_by_dimension", "pemkot", "technology", "strong"], "only checklist ratings"),
        (["checklist_technology", "hardware", "community", "great"], "not one of"),
        (["checklist_technology", "hardware", "community"], "give a rating"),
    ]
    for arguments, message in cases:
        result = invoke(runner, coded_project, "display", "rate", *arguments)
        assert result.exit_code == 1 and message in result.output, (arguments, result.output)
    assert not (coded_project / "ratings").exists()


def test_a_rating_names_its_cell_as_display_show_prints_it(coded_project, runner):  # noqa: F811
    """The checklist's table says "masyarakat" and "Perangkat keras dan infrastruktur"; `display rate`
    refused those words, though `display cell` took them."""
    shown = invoke(runner, coded_project, "display", "show", "checklist_technology")
    assert "masyarakat" in shown.output and "Perangkat keras" in shown.output
    result = invoke(runner, coded_project, "display", "rate", "checklist_technology",
                    "Perangkat keras dan infrastruktur", "masyarakat", "strong")
    assert result.exit_code == 0, result.output
    stored = yaml.safe_load((coded_project / "ratings" / "checklist_technology.yaml").read_text(encoding="utf-8"))
    assert [(o["row"], o["column"]) for o in stored["overrides"]] == [("hardware", "community")]


def test_run_builds_the_framework_matrix_with_summaries(coded_project, runner):  # noqa: F811
    invoke(runner, coded_project, "display", "summarize", "mitra", "technology", "-m", "Mitra membangun jaringan.")
    assert invoke(runner, coded_project, "run").exit_code == 0
    csv_text = (coded_project / "reports" / "matrices" / "framework_matrix.csv").read_text(encoding="utf-8")
    assert "Mitra membangun jaringan." in csv_text


def test_summaries_appear_in_the_report_under_their_dimension(coded_project, runner):  # noqa: F811
    import docx

    invoke(runner, coded_project, "display", "summarize", "warga", "stakeholder-participation",
           "-m", "Warga melapor <script>alert(1)</script> lewat aplikasi.")
    result = invoke(runner, coded_project, "report", "--lang", "en")
    assert result.exit_code == 0, result.output
    reports = coded_project / "reports"
    html = (reports / "report.html").read_text(encoding="utf-8")
    assert "Analyst summaries by informant" in html
    assert "<dd>Warga melapor &lt;script&gt;alert(1)&lt;/script&gt; lewat aplikasi.</dd>" in html
    markdown = (reports / "report.md").read_text(encoding="utf-8")
    at_summary = markdown.index("- *warga (community):* Warga melapor")
    heading_start = markdown.rfind("\n#", 0, at_summary)
    heading = markdown[heading_start:markdown.index("\n", heading_start + 1)]
    assert "participation" in heading.lower()  # under its own dimension's section
    paragraphs = [p.text for p in docx.Document(reports / "report.docx").paragraphs]
    at = paragraphs.index("Analyst summaries by informant")
    assert paragraphs[at + 1].startswith("warga (community): Warga melapor")


def test_a_summaries_file_whose_case_is_not_its_name_is_refused(coded_project, runner):  # noqa: F811
    invoke(runner, coded_project, "display", "summarize", "warga", "budget-support", "-m", "Warga: dana kecil.")
    folder = coded_project / "summaries"
    (folder / "pemkot.yaml").write_text((folder / "warga.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    shown = invoke(runner, coded_project, "display", "show", "framework_matrix")
    assert shown.exit_code == 1
    assert "pemkot.yaml:" in shown.output and "case 'warga' does not match the file's name" in shown.output
    written = invoke(runner, coded_project, "display", "summarize", "pemkot", "technology", "-m", "x")
    assert written.exit_code == 1 and "pemkot.yaml" in written.output
    assert "case: warga" in (folder / "pemkot.yaml").read_text(encoding="utf-8")  # left as it was


def test_a_rating_may_be_given_in_the_reports_indonesian_words(coded_project, runner):  # noqa: F811
    result = invoke(runner, coded_project, "display", "rate", "checklist_technology", "hardware", "community", "kuat")
    assert result.exit_code == 0, result.output
    stored = yaml.safe_load((coded_project / "ratings" / "checklist_technology.yaml").read_text(encoding="utf-8"))
    assert [o["rating"] for o in stored["overrides"]] == ["strong"]
    result = invoke(runner, coded_project, "display", "rate", "checklist_technology", "hardware", "community",
                    "tidak ada")
    assert result.exit_code == 0, result.output
    stored = yaml.safe_load((coded_project / "ratings" / "checklist_technology.yaml").read_text(encoding="utf-8"))
    assert [o["rating"] for o in stored["overrides"]] == ["absent"]


def test_a_mistyped_key_in_a_summaries_file_is_said_not_dropped(coded_project, runner):  # noqa: F811
    """`sumaries:` would be ignored by every display, and `display summarize` rewriting the
    file would drop what it holds: both say the file and line, and the file stays as written."""
    folder = coded_project / "summaries"
    folder.mkdir()
    path = folder / "pemkot.yaml"
    written = "case: pemkot\nsumaries:\n  technology: my notes on the servers\n"
    path.write_text(written, encoding="utf-8")
    for args in (("display", "build"), ("display", "summarize", "pemkot", "budget-support", "-m", "hi")):
        result = invoke(runner, coded_project, *args)
        assert result.exit_code == 1 and "Traceback" not in result.output
        said = " ".join(result.output.split())
        assert "summaries/pemkot.yaml:2: unknown key 'sumaries' (did you mean summaries?)" in said
        assert path.read_text(encoding="utf-8") == written
