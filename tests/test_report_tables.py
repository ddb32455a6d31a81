"""The report's cross-cutting displays: the role-ordered matrix and the data accounting log in
every format, and the method naming the displays that were built."""

import re

import docx

from qualcode.report.markdown import pipe_cell
from tests.test_cli import invoke
from tests.test_report_formats import reported  # noqa: F401 - fixture


def test_role_ordered_matrix_and_accounting_log_in_every_format(reported, runner):  # noqa: F811
    assert invoke(runner, reported, "report", "--lang", "en").exit_code == 0
    reports = reported / "reports"
    markdown = (reports / "report.md").read_text(encoding="utf-8")
    # every table numbered in reading order: the findings' code tables, then the matrices
    numbers = [int(n) for n in re.findall(r"^Table (\d+)\. ", markdown, re.M)]
    assert numbers == list(range(1, len(numbers) + 1))
    role = re.search(r"^Table (\d+)\. Role-ordered matrix", markdown, re.M).group(1)
    log = re.search(r"^Table (\d+)\. Data accounting log", markdown, re.M).group(1)
    assert int(log) == int(role) + 1
    role_rows = markdown.split(f"Table {role}.")[1].split(f"Table {log}.")[0]
    # informants in role order, with their role, under the dimensions' labels
    assert "| Case | Role | Supportive political environment |" in role_rows
    assert role_rows.index("| pemkot | government |") < role_rows.index("| mitra | private sector |")
    accounting = markdown.split(f"Table {log}.")[1].split("\n## ")[0]
    assert "| Case | Source type | Sources | Supportive political environment |" in accounting
    assert "| pemkot | interview | 1 |" in accounting and ("✓" in accounting or "partial" in accounting)
    # the method names the displays by kind, in words (not by their ids)
    assert "Data display: " in markdown and "data accounting log" in markdown and "role-ordered matrix" in markdown

    html = (reports / "report.html").read_text(encoding="utf-8")
    assert f"Table {role}. Role-ordered matrix" in html and f"Table {log}. Data accounting log" in html
    captions = [p.text for p in docx.Document(reports / "report.docx").paragraphs
                if p.style.name == "Caption"]
    assert any(c.startswith(f"Table {role}. Role-ordered") for c in captions)
    assert any(c.startswith(f"Table {log}. Data accounting") for c in captions)
    assert [c.split(".")[0] for c in captions if c.startswith("Table ")] == [f"Table {n}" for n in numbers]
    # every table of the DOCX has its caption, the audit trail's too
    document = docx.Document(reports / "report.docx")
    assert len([c for c in captions if c.startswith("Table ")]) == len(document.tables)
    assert re.search(r"^Table \d+\. Audit trail", markdown, re.M)


def test_a_pipe_or_line_break_cannot_break_a_markdown_table():
    assert pipe_cell("a | b\nc") == "a \\| b c"


def test_codebook_appendix_has_include_exclude_and_examples(reported, runner):  # noqa: F811
    from qualcode.codebook import load_codebook

    codebook = load_codebook(reported / "codebooks" / "smart-city.yaml")
    code = next(c for c in codebook.codes if c.include and c.exclude and c.examples)
    reports = reported / "reports"
    for language in ("id", "en"):
        assert invoke(runner, reported, "report", "--lang", language).exit_code == 0
        include, exclude = code.include_in(language), code.exclude_in(language)
        # the shipped codebook gives its criteria in both languages: each report shows its own
        assert include != code.include_in({"id": "en", "en": "id"}[language])
        markdown = (reports / "report.md").read_text(encoding="utf-8")
        row = next(line for line in markdown.splitlines() if line.startswith(f"| `{code.id}` |"))
        assert include[:40] in row and exclude[:40] in row and code.examples[0][:30] in row
        document = docx.Document(reports / "report.docx")
        appendix = next(t for t in document.tables if t.rows[0].cells[0].text in ("Kode", "Code")
                        and len(t.columns) == 5)
        cells = next(r.cells for r in appendix.rows if r.cells[0].text == code.id)
        assert code.examples[0][:30] in cells[3].text
        # the codebook's own examples are marked as such, never taken for the project's data;
        # they are quotes in Indonesian, which an English report says
        example = {"id": "Contoh ilustratif: “", "en": "Illustrative example (in Indonesian): “"}[language] \
            + code.examples[0][:30]
        assert example in cells[3].text and f"*{example}" in row
        assert include[:40] in cells[4].text and exclude[:40] in cells[4].text
        # each criterion under its own name, as in the Markdown
        named = {"id": ("Kriteria inklusi: ", "Kriteria eksklusi: "), "en": ("Include when: ", "Exclude when: ")}
        assert cells[4].text.split("\n")[0].startswith(named[language][0])
        assert named[language][1] + exclude[:30] in cells[4].text
        assert f"**{named[language][0].strip()}** {include[:30]}" in row


def test_a_shortened_table_quote_keeps_its_attribution():
    from qualcode.report.sections import _table_cell

    long = "\u201c" + "Anggaran pemeliharaan dipotong setiap tahun sejak refocusing, " * 4 + "\u201d (inf05-akademisi)"
    short = "\u201cAnggaran kecil.\u201d (inf05-akademisi)"
    cell = _table_cell(long, 120)
    assert cell.endswith("\u2026\u201d (inf05-akademisi)") and len(cell) <= 121
    assert _table_cell(short, 120) == short
