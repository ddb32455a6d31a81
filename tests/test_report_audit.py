"""The report's audit trail shows the review done: rejections too, though no count includes them."""

from __future__ import annotations

import docx

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
