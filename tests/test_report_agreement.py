"""The report shows inter-coder agreement once it has been measured: a sentence in the method,
and the per-code table in the appendix, in every format and both languages."""

import json
import re

import docx

from qualcode.conclude.wording import MONTHS
from tests.test_cli import invoke
from tests.test_coding_commands import coded_project  # noqa: F401 - fixture


def measure(project, runner) -> dict:
    invoke(runner, project, "code", "sample", "--fraction", "1", "--seed", "1")
    for coder, code, segment in [("ani", "budget-constraints", "2"), ("budi", "budget-constraints", "2"),
                                 ("ani", "complaint-channels", "5")]:
        assert invoke(runner, project, "code", "add", "pemkot", "--segment", segment,
                      "--code", code, "--coder", coder).exit_code == 0
    result = invoke(runner, project, "agree", "ani", "budi", "--sample", "sample", "--format", "json")
    assert result.exit_code == 0, result.output
    return {row["code"]: row for row in json.loads(result.stdout)}


def test_report_without_agreement_says_it_was_not_measured(coded_project, runner):  # noqa: F811
    assert invoke(runner, coded_project, "report", "--lang", "en").exit_code == 0
    markdown = (coded_project / "reports" / "report.md").read_text(encoding="utf-8")
    assert "Inter-coder agreement has not been measured" in markdown
    assert "### Inter-coder agreement" not in markdown


def test_measured_agreement_is_in_the_method_and_the_appendix(coded_project, runner):  # noqa: F811
    table = measure(coded_project, runner)
    overall = table["ALL"]
    assert invoke(runner, coded_project, "report", "--lang", "en").exit_code == 0
    reports = coded_project / "reports"
    markdown = (reports / "report.md").read_text(encoding="utf-8")
    method = markdown.split("## ")[[i for i, part in enumerate(markdown.split("## "))
                                   if part.startswith("Method")][0]]
    assert (f"measured on {overall['n_units']:,} segment × code decisions coded independently by "
            "ani and budi") in method
    assert f"{overall['percent']:.0%} agreement" in method
    appendix = markdown[markdown.index("### Inter-coder agreement"):]
    assert "| Code | n | % | κ | BP κ | α | Band κ / α |" in appendix
    assert "| All codes | " in appendix
    assert "Budget constraints" in appendix or "budget-constraints" in appendix

    html = (reports / "report.html").read_text(encoding="utf-8")
    assert "<h3>Inter-coder agreement</h3>" in html
    document = docx.Document(reports / "report.docx")
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Inter-coder agreement" in headings
    agreement_table = next(t for t in document.tables if t.rows[0].cells[0].text == "Code"
                           and t.rows[0].cells[1].text == "n")
    assert agreement_table.rows[-1].cells[0].text == "All codes"

    assert invoke(runner, coded_project, "report", "--lang", "id").exit_code == 0
    indonesian = (reports / "report.md").read_text(encoding="utf-8")
    months = "|".join(MONTHS["id"])  # "diukur 30 November 2026", not ISO
    assert re.search(rf"; diukur \d{{1,2}} ({months}) \d{{4}}\.", indonesian), indonesian
    assert "### Kesepakatan antarpengode" in indonesian and "dikode secara independen oleh ani dan budi" in indonesian
    assert f"κ Cohen {overall['cohen_kappa']:.2f}".replace(".", ",") in indonesian  # decimal comma
    # bands are worded in the report's language too
    assert "substantial" not in indonesian and "unacceptable" not in indonesian
