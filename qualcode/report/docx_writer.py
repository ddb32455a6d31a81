"""DOCX with python-docx: headings per framework dimension, quotes, component tables, the matrix."""

from __future__ import annotations

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from qualcode.report.context import Finding, ReportView

TABLE_STYLE = "Light Grid Accent 1"


def _style(document, name: str, fallback: str = "Normal") -> str:
    """A style the template has, so a missing one can never crash a run."""
    names = {style.name for style in document.styles}
    return name if name in names else fallback


def _table(document, header, rows) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = _style(document, TABLE_STYLE, "Table Grid")
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = str(text)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values):
            cell.text = str(text)


def _quotes(document, finding: Finding, heading: str | None) -> None:
    if not finding.quotes:
        return
    if heading:
        document.add_paragraph(heading, style=_style(document, "Heading 4", "Heading 3"))
    for quote in finding.quotes:
        document.add_paragraph(f"“{quote.text}”", style=_style(document, "Quote"))
        attribution = document.add_paragraph(f"— {quote.attribution} [{quote.segment_id}]")
        attribution.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for run in attribution.runs:
            run.font.size = Pt(9)


def build_docx(view: ReportView):
    t = view.text
    document = Document()
    document.core_properties.title = f"{view.title}: {view.project}"
    document.core_properties.language = view.language
    document.add_heading(view.title, level=0)
    document.add_paragraph(view.project, style=_style(document, "Subtitle"))
    document.add_paragraph(t["subtitle"])
    if view.description:
        document.add_paragraph(view.description)
    facts = [
        f"{t['generated_on']}: {view.generated_on}",
        f"{t['codebook']}: {view.codebook}",
        f"{t['sources_by_type']}: " + ", ".join(f"{k} {v}" for k, v in view.corpus_by_type),
        f"{t['informants_by_role']}: " + ", ".join(f"{k} {v}" for k, v in view.informants_by_role),
        view.tool,
    ]
    for fact in facts:
        document.add_paragraph(fact, style=_style(document, "List Bullet"))
    document.add_page_break()

    document.add_heading(t["summary"], level=1)
    document.add_paragraph(view.summary)
    document.add_heading(t["method"], level=1)
    for paragraph in view.method:
        document.add_paragraph(paragraph)

    document.add_heading(t["findings"], level=1)
    for number, finding in enumerate(view.findings, start=1):
        document.add_heading(f"{number}. {finding.heading}", level=2)
        if finding.definition:
            document.add_paragraph(finding.definition)
        document.add_paragraph(" ".join(finding.sentences))
        if finding.strength:
            document.add_paragraph().add_run(finding.strength).bold = True
            for symbol, line in finding.checks:
                document.add_paragraph(f"{symbol} {line}", style=_style(document, "List Bullet"))
        if finding.components:
            _table(document, (t["code"], t["segments"], t["informants"]),
                   [(row.label, row.segments, row.informants) for row in finding.components])
        _quotes(document, finding, t["quotes"])

    document.add_heading(t["cross_cutting"], level=1)
    for finding in view.cross_cutting:
        document.add_heading(finding.heading, level=2)
        document.add_paragraph(" ".join(finding.sentences))
        _quotes(document, finding, None)

    document.add_heading(t["matrix"], level=1)
    document.add_paragraph(view.matrix.caption, style=_style(document, "Caption"))
    _table(document, view.matrix.header, view.matrix.rows)
    document.add_paragraph(view.matrix.note)

    document.add_heading(t["conclusion"], level=1)
    document.add_paragraph(view.conclusion)
    if view.suggestions:
        document.add_heading(t["suggestions"], level=1)
        document.add_paragraph(t["suggestions_intro"])
        for quote in view.suggestions:
            document.add_paragraph(f"“{quote.text}”", style=_style(document, "Quote"))
            document.add_paragraph(f"— {quote.attribution} [{quote.segment_id}]")
    return document
