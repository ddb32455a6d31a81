"""The report's audit trail shows the review done: rejections too, though no count includes them."""

from __future__ import annotations

import docx

from qualcode.store import Store
from tests.test_cli import invoke
from tests.test_coding_commands import coded_project, rows  # noqa: F401 - fixture


def test_the_audit_trail_counts_each_coders_rejections(coded_project, runner):  # noqa: F811
    [suggestion] = [c for c in rows(coded_project, coder="auto") if c.segment_id == "pemkot:2"][:1]
    rejected = invoke(runner, coded_project, "code", "remove", "pemkot", "--segment", "2",
                      "--code", suggestion.code_id, "--coder", "ani")
    assert rejected.exit_code == 0, rejected.output
    result = invoke(runner, coded_project, "report", "--format", "md,docx", "--lang", "id")
    assert result.exit_code == 0, result.output
    md = (coded_project / "reports" / "report.md").read_text(encoding="utf-8")
    assert "| ani · ditolak | 1 (tidak dihitung) |" in md
    audit = [tuple(c.text for c in row.cells) for row in
             docx.Document(coded_project / "reports" / "report.docx").tables[-1].rows]
    assert ("ani · ditolak", "1 (tidak dihitung)") in audit
    english = invoke(runner, coded_project, "report", "--format", "md", "--lang", "en")
    assert english.exit_code == 0
    assert "| ani · rejected | 1 (not counted) |" in (coded_project / "reports" / "report.md").read_text(encoding="utf-8")


def test_the_appendix_lists_the_informants(coded_project, runner):  # noqa: F811
    result = invoke(runner, coded_project, "report", "--format", "md,html,docx", "--lang", "id")
    assert result.exit_code == 0, result.output
    md = (coded_project / "reports" / "report.md").read_text(encoding="utf-8")
    section = md.split("### Informan\n")[1].split("###")[0]
    # the caption names the table's columns: no position is known here, so none is promised
    assert "Informan: peran dan banyaknya yang dikatakan masing-masing." in section
    rows = [line for line in section.splitlines() if line.startswith("| ") and "---" not in line]
    assert rows[0] == "| Informan | Peran | Sumber | Segmen |"
    with Store(coded_project / ".qualcode" / "project.db") as store:
        cases = store.cases()
    assert len(rows) - 1 == len(cases) > 0
    html = (coded_project / "reports" / "report.html").read_text(encoding="utf-8")
    assert "Informan: peran dan banyaknya" in html
    tables = docx.Document(coded_project / "reports" / "report.docx").tables
    assert any(t.rows[0].cells[0].text == "Informan" and len(t.rows) == len(cases) + 1 for t in tables)
    # with a position given, the table shows it and its caption says so
    first = cases[0]
    (coded_project / "transcripts" / "cases.csv").write_text(
        f"case,role,position\n{first.id},{first.attributes.get('role', '')},Kepala Bidang\n", encoding="utf-8")
    assert invoke(runner, coded_project, "ingest").exit_code == 0
    assert invoke(runner, coded_project, "report", "--format", "md", "--lang", "id").exit_code == 0
    md = (coded_project / "reports" / "report.md").read_text(encoding="utf-8")
    section = md.split("### Informan\n")[1].split("###")[0]
    assert "Informan: peran, jabatan, dan banyaknya yang dikatakan masing-masing." in section
    assert "| Informan | Peran | Jabatan | Sumber | Segmen |" in section and "Kepala Bidang" in section


def test_a_survey_of_thousands_lists_no_informants_in_the_report():
    import pandas as pd

    from qualcode.report.grouping import REPORT_CASE_ROWS
    from qualcode.report.i18n import catalogue
    from qualcode.report.informants import informant_table

    many = pd.DataFrame({"case_id": [f"r{n}" for n in range(REPORT_CASE_ROWS + 1)], "role": None})
    segments = pd.DataFrame({"segment_id": ["r1:1"], "case_id": ["r1"], "source_id": ["s"], "codable": [True]})
    assert informant_table(many, segments, catalogue("id"), "") is None
    few = informant_table(many.head(3), segments, catalogue("id"), "caption")
    assert [row[-1] for row in few.rows] == ["0", "1", "0"] and few.header[-2:] == ("Sumber", "Segmen")


def test_a_rejection_another_coder_accepted_is_said_to_count_through_them(coded_project, runner):  # noqa: F811
    """A methodologist read 'rejected: 1 (not counted)' as the pair not counted, while another
    coder's acceptance of it was counted: the audit says so."""
    [suggestion] = [c for c in rows(coded_project, coder="auto") if c.segment_id == "pemkot:2"][:1]
    pair = ("pemkot", "--segment", "2", "--code", suggestion.code_id)
    assert invoke(runner, coded_project, "code", "remove", *pair, "--coder", "ani").exit_code == 0
    assert invoke(runner, coded_project, "code", "add", *pair, "--coder", "budi").exit_code == 0
    english = invoke(runner, coded_project, "report", "--format", "md,docx", "--lang", "en")
    assert english.exit_code == 0, english.output
    md = (coded_project / "reports" / "report.md").read_text(encoding="utf-8")
    assert ("| ani · rejected | 1 (not counted; 1 of them another coder accepted, and that acceptance counts) |"
            in md)
    assert "| budi · accepted | 1 |" in md
    # only ani's acceptances count with --coder ani: budi's overrules nothing there
    assert invoke(runner, coded_project, "code", "add", "pemkot", "--segment", "3", "--code", "sustainability",
                  "--coder", "ani").exit_code == 0
    alone = invoke(runner, coded_project, "report", "--format", "md", "--lang", "en", "--coder", "ani")
    assert alone.exit_code == 0, alone.output
    assert "| ani · rejected | 1 (not counted) |" in (coded_project / "reports" / "report.md").read_text(encoding="utf-8")


def test_with_several_coders_the_draft_note_counts_pairs_as_the_method_does(coded_project, runner):  # noqa: F811
    """Two coders accepting one pair are one pair: the draft note's total is the method's."""
    [suggestion] = [c for c in rows(coded_project, coder="auto") if c.segment_id == "pemkot:2"][:1]
    pair = ("pemkot", "--segment", "2", "--code", suggestion.code_id)
    for coder in ("ani", "budi"):
        assert invoke(runner, coded_project, "code", "add", *pair, "--coder", coder).exit_code == 0
    result = invoke(runner, coded_project, "report", "--format", "md", "--lang", "en")
    assert result.exit_code == 0, result.output
    md = " ".join((coded_project / "reports" / "report.md").read_text(encoding="utf-8").split())
    counted = [c for c in rows(coded_project) if c.status != "rejected"]
    pairs = len({(c.segment_id, c.code_id) for c in counted})
    assert pairs < len(counted)  # the pair three coders hold is one pair
    assert (f"Counted per segment–code pair (several coders may code the same pair), 1 of {pairs} pairs"
            in md), md
    assert f"Of the {pairs} segment–code pairs counted here, {pairs - 1} are still unreviewed" in md
