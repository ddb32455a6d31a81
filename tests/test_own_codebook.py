"""A project with its own codebook, not the shipped framework: one grown by hand from themes
(`codebook add` makes themes), with the displays.yaml `init` wrote for the shipped one."""

from __future__ import annotations

import docx
import pytest

from qualcode.cli import app
from qualcode.codebook import lint_codebook
from tests.test_cli import invoke

THEMES = """\
name: Open coding
codes:
  - id: flexibility
    kind: theme
    label: {en: Flexibility}
    definition: Choosing when to work.
  - id: shift-choice
    kind: subcode
    parent: flexibility
    label: {en: Choosing shifts}
    definition: Picking one's hours.
  - id: control
    kind: theme
    label: {en: Algorithmic control}
    definition: The app decides.
"""

INTERVIEW = """\
---
case: r01
role: rider
language: en
---
I: How did you start?
[00:00:05] R: I lost my job and the app was hiring. You log on when you want, you log off when you want.
I: And now?
[00:02:41] R: The app decides everything. If you reject two orders your rate drops.
"""


@pytest.fixture
def own_project(tmp_path, runner):
    folder = tmp_path / "riders"
    assert runner.invoke(app, ["init", str(folder), "--language", "en"]).exit_code == 0
    (folder / "codebooks" / "open.yaml").write_text(THEMES, encoding="utf-8")
    toml = folder / "qualcode.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("codebooks/smart-city.yaml", "codebooks/open.yaml"),
                    encoding="utf-8")
    (folder / "transcripts" / "r01.txt").write_text(INTERVIEW, encoding="utf-8")
    assert invoke(runner, folder, "ingest").exit_code == 0
    for segment, code in (("r01:2", "shift-choice"), ("r01:4", "control")):
        added = invoke(runner, folder, "code", "add", segment, "--code", code)
        assert added.exit_code == 0, added.output
    return folder


def test_a_codebook_of_themes_reports_its_top_level_themes(own_project, runner):
    # its themes are what the findings are about; the shipped displays that name the shipped
    # codebook's codes (checklist_technology) are left out, as init wrote them, not the user
    result = invoke(runner, own_project, "report", "--lang", "en")
    assert result.exit_code == 0, result.output
    text = (own_project / "reports" / "report.md").read_text(encoding="utf-8")
    assert "### 1. Flexibility" in text and "### 2. Algorithmic control" in text
    assert "technology" not in text.lower() and "smart city" not in text.lower()
    headings = [p.text for p in docx.Document(own_project / "reports" / "report.docx").paragraphs
                if p.style.name.startswith("Heading")]
    assert "1. Flexibility" in headings
    # the subcode counts with its theme in the displays by dimension
    shown = invoke(runner, own_project, "display", "show", "case_by_dimension", "--format", "csv")
    assert shown.exit_code == 0, shown.output
    header, row = shown.stdout.splitlines()[:2]
    assert "flexibility" in header and "control" in header
    assert row.split(",")[header.split(",").index("flexibility")] == "1"


def test_display_list_says_which_of_qualcodes_own_are_left_out(own_project, runner):
    listed = invoke(runner, own_project, "display", "list")
    assert listed.exit_code == 0, listed.output
    text = " ".join(listed.stdout.split())
    assert ("checklist_technology checklist · dimension=technology left out: dimension names 'technology', "
            "which the codebook does not have") in text
    assert text.count("left out:") == 1


def test_without_a_displays_yaml_qualcodes_own_that_do_not_fit_are_left_out(own_project, runner):
    (own_project / "displays.yaml").unlink()
    result = invoke(runner, own_project, "run")
    assert result.exit_code == 0, result.output
    built = {path.name for path in (own_project / "reports" / "matrices").iterdir()}
    assert "case_by_dimension.csv" in built and not any(name.startswith("checklist_technology") for name in built)


def test_a_display_the_user_wrote_for_a_code_not_there_is_an_error(own_project, runner):
    displays = own_project / "displays.yaml"
    displays.write_text(displays.read_text(encoding="utf-8") + "  - name: mine\n    kind: checklist\n"
                        "    dimension: budget\n", encoding="utf-8")
    result = invoke(runner, own_project, "report", "--lang", "en")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "displays.yaml:" in result.output and "display 'checklist_technology'" in result.output
    assert "which the codebook does not have" in result.output
    assert not (own_project / "reports" / "report.md").exists()


def test_a_codebook_of_factors_only_has_them_as_its_dimensions(tmp_path):
    path = tmp_path / "factors.yaml"
    path.write_text("name: Only factors\ncodes:\n  - id: helps\n    kind: factor\n    label: {en: Helps}\n"
                    "    definition: What helps.\n", encoding="utf-8")
    codebook, issues = lint_codebook(path)
    assert not [i for i in issues if i.severity == "error"]
    assert codebook.framework.dimensions == ("helps",) and codebook.framework.implied


def test_a_quote_gives_where_in_the_recording_it_was_said(own_project, runner):
    assert invoke(runner, own_project, "report", "--lang", "en").exit_code == 0
    reports = own_project / "reports"
    assert "`r01:2` @ 00:00:05" in (reports / "report.md").read_text(encoding="utf-8")
    assert "<code>r01:4</code> @ 00:02:41" in (reports / "report.html").read_text(encoding="utf-8")
    paragraphs = [p.text for p in docx.Document(reports / "report.docx").paragraphs]
    assert any(text.endswith("[r01:2 @ 00:00:05]") for text in paragraphs)


def test_codings_on_a_code_deleted_from_the_codebook_leave_the_reports_totals(own_project, runner):
    # the displays and findings leave them out; the method's totals and the audit trail did not
    path = own_project / "codebooks" / "open.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[:text.index("  - id: control")], encoding="utf-8")
    assert invoke(runner, own_project, "report", "--lang", "en").exit_code == 0
    report = (own_project / "reports" / "report.md").read_text(encoding="utf-8")
    assert "1 coding in all" in report and "2 codings" not in report
    status = invoke(runner, own_project, "status")
    assert "control" in status.output  # still said where they are, and kept in the store
