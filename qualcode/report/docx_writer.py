"""DOCX with python-docx, built on the shipped reference document (qualcode/report/reference.docx),
which defines every style used here: headings, Title, Subtitle, Quote, Caption, List Bullet, the
table styles and the Normal font. A style missing from a user's template falls back to Normal,
so a run never crashes on styling."""

from __future__ import annotations

import copy
import re
import dataclasses
import io
import weakref
import zipfile
from datetime import datetime, timezone
from importlib import resources

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from qualcode.report.docx_fields import (add_page_number_footer, add_table_of_contents, document_language,
                                         fill_table_of_contents, keep_rows_whole, repeat_header_row,
                                         set_row_height, set_run_language, turn_cell_text,
                                         update_fields_on_open)
from qualcode.report.docx_layout import (LANGUAGE_TAGS, SMALL_TEXT, WIDE_COLUMNS, add_caption, column_widths,
                                         fix_widths, make_small, set_up_pages, small_run_properties,
                                         start_section, text_width)
from qualcode.report.sections import criteria
from qualcode.report.view import Finding, Quote, ReportView
from qualcode.textrules import UNUSABLE

TABLE_STYLE = "Light Grid Accent 1"
_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?%?")  # a count, a share, a score: set flush right
TWIPS_PER_TURNED_LETTER = 90  # a header letter of small bold text, read bottom to top


# Each document's style names (by its part: a Document is not hashable), read once: a
# report asks for a style per quote and bullet.
_STYLE_NAMES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _style(document, name: str, fallback: str = "Normal") -> str:
    names = _STYLE_NAMES.get(document.part)
    if names is None:
        names = _STYLE_NAMES[document.part] = frozenset(style.name for style in document.styles)
    return name if name in names else fallback


# Each document's paragraph style ids, by style name. python-docx finds a style by its name,
# and compares it with the default style, for every paragraph it styles: about a millisecond
# each, a second or more for the report of a large project.
_STYLE_IDS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _paragraph(document, text: str = "", style: str | None = None, fallback: str = "Normal"):
    """document.add_paragraph(text, style) (`style` falling back as in `_style`), the
    style's id looked up once per document."""
    paragraph = document.add_paragraph(text)
    if style is not None:
        name = _style(document, style, fallback)
        ids = _STYLE_IDS.setdefault(document.part, {})
        if name not in ids:
            ids[name] = document.part.get_style_id(name, WD_STYLE_TYPE.PARAGRAPH)
        paragraph._p.style = ids[name]  # what the Paragraph.style setter does with that id
    return paragraph


# Documents that are a chapter of a thesis (`--chapter`): their headings one level down, under
# the chapter's own Heading 1, as a thesis template numbers them (4.1, 4.1.1).
_IN_CHAPTER: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _heading(document, text: str, level: int):
    """document.add_heading(text, level), through `_paragraph`; in a chapter, a level lower."""
    if level == 0:
        return _paragraph(document, text, "Title")
    return _paragraph(document, text, f"Heading {level + _IN_CHAPTER.get(document.part, 0)}")


# Room under a figure on its page, for its caption.
CAPTION_ROOM = Cm(2)


def _fitted(document, png: bytes) -> dict:
    """add_picture's size for a figure: 15 cm wide (at most the text's width), unless that
    makes it taller than the page leaves above a caption; then as tall as that."""
    from docx.image.image import Image

    section = document.sections[-1]
    width = min(Cm(15), section.page_width - section.left_margin - section.right_margin)
    room = section.page_height - section.top_margin - section.bottom_margin - CAPTION_ROOM
    image = Image.from_blob(png)
    if width * image.px_height / image.px_width <= room:
        return {"width": width}
    return {"height": room}


def _table(document, header, rows, widths_cm: list[float] | None = None, *, widths=None,
           turned_from: int | None = None, split_rows: bool = False, small_text: bool = False):
    """A table whose rows never break across pages (unless `split_rows`: rows of long text,
    which would leave half-empty pages) and whose header repeats on each. One of
    WIDE_COLUMNS or more columns (or `small_text`) is set in small text, its columns fitted to the page
    (`widths`, or the row labels wider and the rest equal); `turned_from`: the first column
    whose header reads bottom to top (narrow columns of long names)."""
    table = document.add_table(rows=1, cols=len(header))
    table.style = _style(document, TABLE_STYLE, "Table Grid")
    small = small_run_properties() if small_text or len(header) >= WIDE_COLUMNS else None
    for position, (cell, text) in enumerate(zip(table.rows[0].cells, header)):
        cell.text = str(text)
        for run in cell.paragraphs[0].runs:
            run.bold = True
            if small is not None:
                run.font.size = SMALL_TEXT
        if turned_from is not None and position >= turned_from:
            turn_cell_text(cell)
    if turned_from is not None:
        longest = max(len(str(text)) for text in header[turned_from:])
        set_row_height(table.rows[0], min(longest, 40) * TWIPS_PER_TURNED_LETTER)
    keep_rows_whole(table.rows[0]._tr)
    if widths_cm:
        widths = [Cm(width) for width in widths_cm]
    elif widths is None and small is not None:
        widths = column_widths(document, header, rows)
    if widths:
        fix_widths(table, widths)  # before the rows, which then take them from the grid
    _add_rows(table, rows, small, whole=not split_rows)
    repeat_header_row(table)
    return table


def _add_rows(table, rows, small=None, whole: bool = True) -> None:
    """The rows, each cell one run of text: what `add_row()` and `cell.text = ...` make, but
    with python-docx's element bookkeeping done once. The first row is made through the API;
    every further row is a copy of its empty form, so a matrix of a thousand informants does
    not pay python-docx's per-element cost a thousand times over. `small`: run properties
    each cell's run gets a copy of. A number is set flush right, as figures are read."""
    template = None
    for values in rows:
        if template is None:
            tr = table.add_row()._tr
            if whole:
                keep_rows_whole(tr)
            template = copy.deepcopy(tr)  # each cell: its width and one empty paragraph
        else:
            tr = copy.deepcopy(template)
            table._tbl.append(tr)  # add_tr() appends too: nothing follows the rows of a table
        for tc, value in zip(tr.tc_lst, values):
            paragraph = tc.p_lst[-1]
            if isinstance(value, (int, float)) or (isinstance(value, str) and _NUMBER.fullmatch(value)):
                paragraph.get_or_add_pPr().jc_val = WD_ALIGN_PARAGRAPH.RIGHT
            run, text = paragraph.add_r(), str(value)
            if small is not None:
                make_small(run, small)
            if "\t" in text or "\n" in text or "\r" in text:
                run.text = text  # tabs and line breaks become their own elements
            elif text:
                run.add_t(text)  # what run.text makes of plain text, without a step per character


def _table_caption(document, text: str) -> None:
    add_caption(document, text, _style(document, "Caption"), keep_with_next=True)


def _quote(document, quote: Quote, language: str = "") -> None:
    paragraph = _paragraph(document, f"“{quote.text}”", "Quote")
    # a quote and the line saying whose it is stay on one page; a long quote does not break
    paragraph.paragraph_format.keep_with_next = paragraph.paragraph_format.keep_together = True
    if quote.language and language and quote.language != language:
        # proofed in its own language: Word marked every word of an English quote in an
        # Indonesian report as misspelt
        for run in paragraph.runs:
            set_run_language(run, LANGUAGE_TAGS.get(quote.language, quote.language))
    when = f" @ {quote.time}" if quote.time else ""
    attribution = document.add_paragraph(f"— {quote.attribution} [{quote.segment_id}{when}]")
    attribution.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for run in attribution.runs:
        run.font.size = Pt(9)


def _subheading(document, text: str) -> None:
    _heading(document, text, 3)


def _finding(document, t: dict, heading: str, finding: Finding) -> None:
    _heading(document, heading, 2)
    if finding.definition:
        document.add_paragraph(finding.definition).runs[0].italic = True
    document.add_paragraph(" ".join(finding.sentences))
    if finding.strength:
        document.add_paragraph().add_run(finding.strength).bold = True
        for symbol, line in finding.checks:  # the mark is the item's marker: no bullet beside it
            check = _paragraph(document, f"{symbol}\t{line}")
            check.paragraph_format.left_indent, check.paragraph_format.first_line_indent = Cm(0.63), Cm(-0.63)
            check.paragraph_format.tab_stops.add_tab_stop(Cm(0.63))
            check.paragraph_format.space_after = Pt(2)
    if finding.components:
        if finding.components_caption:
            _table_caption(document, finding.components_caption)
        _table(document, (t["code"], t["segments"], t["informants"]),
               [(row.label, row.segments, row.informants) for row in finding.components], [9, 3, 3])
    if finding.quotes:
        _subheading(document, finding.quotes_heading or t["quotes"])
        for quote in finding.quotes:
            _quote(document, quote, document_language(document))
    if finding.negative:
        _subheading(document, t["negative_evidence"])
        document.add_paragraph(finding.negative)
        for quote in finding.negative_quotes:
            _quote(document, quote, document_language(document))
    if finding.summaries:
        _subheading(document, t["analyst_summaries"])
        for who, text in finding.summaries:
            paragraph = _paragraph(document, style="List Bullet")
            paragraph.add_run(f"{who}: ").italic = True
            paragraph.add_run(text)
    if finding.memos:
        _subheading(document, t["memos"])
        for memo in finding.memos:
            _paragraph(document, memo, "List Bullet")


def _title_page(document, view: ReportView):
    """The title page; returns the paragraph of its table of contents."""
    t = view.text
    _paragraph(document, view.title, "Title")
    _paragraph(document, view.project, "Subtitle")
    document.add_paragraph(t["subtitle"])
    if view.description:
        document.add_paragraph(view.description)
    roles = (f"{t['informants_by_role']}: " + ", ".join(f"{k} {v}" for k, v in view.informants_by_role)
             if view.informants_by_role else None)
    for fact in (f"{t['generated_on']}: {view.generated_on_text}", f"{t['codebook']}: {view.codebook}",
                 f"{t['sources_by_type']}: " + ", ".join(f"{k} {v}" for k, v in view.corpus_by_type),
                 roles, view.tool):
        if fact:
            _paragraph(document, fact, "List Bullet")
    _paragraph(document, t["contents"], "TOC Heading", "Heading 1")
    contents = add_table_of_contents(document, t["toc_placeholder"])
    document.add_page_break()
    return contents


def _usable(value):
    """The view with every character XML cannot hold taken out of its texts: inputs are
    refused with such characters now, but a store written before may still hold one (a
    YAML escape in a label or front matter), and python-docx would stop on it."""
    if isinstance(value, str):
        return UNUSABLE.sub("", value)
    if isinstance(value, tuple):
        return tuple(_usable(item) for item in value)
    if isinstance(value, list):
        return [_usable(item) for item in value]
    if isinstance(value, dict):
        return {key: _usable(item) for key, item in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: _usable(getattr(value, f.name))
                                             for f in dataclasses.fields(value) if f.init})
    return value


def build_docx(view: ReportView):
    view = _usable(view)
    t = view.text
    reference = resources.files("qualcode").joinpath("report/reference.docx").read_bytes()
    document = Document(io.BytesIO(reference))
    set_up_pages(document, view.language)
    properties = document.core_properties
    properties.title, properties.language = f"{view.title}: {view.project}", view.language
    properties.author = properties.last_modified_by = "qualcode"
    properties.created = properties.modified = datetime.fromisoformat(view.generated_on).replace(
        tzinfo=timezone.utc)
    add_page_number_footer(document)
    if view.chapter:  # pasted into a thesis: its title a chapter's heading, its sections under it
        _heading(document, view.title, 1)
        _IN_CHAPTER[document.part] = 1
        contents = None
    else:
        contents = _title_page(document, view)

    _heading(document, t["summary"], 1)
    document.add_paragraph(view.summary)
    _heading(document, t["method"], 1)
    for paragraph in view.method:
        document.add_paragraph(paragraph)

    _heading(document, t["findings"], 1)
    for number, finding in enumerate(view.findings, start=1):  # a thesis template numbers a chapter's own
        _finding(document, t, finding.heading if view.chapter else f"{number}. {finding.heading}", finding)

    if view.cross_cutting:  # a framework without cross-cutting codes has no such section
        _heading(document, t["cross_cutting"], 1)
    for finding in view.cross_cutting:
        _finding(document, t, finding.heading, finding)

    start_section(document, landscape=True)  # the matrices: one column per dimension
    _heading(document, t["matrix"], 1)
    _table_caption(document, view.matrix.caption)
    _table(document, view.matrix.header, view.matrix.rows)
    document.add_paragraph(" ".join(filter(None, (view.matrix.note, view.figures_note))))
    for table in view.tables:
        _table_caption(document, table.caption)
        _table(document, table.header, table.rows)
    start_section(document, landscape=False)
    if view.figures:  # their own section, as in the HTML
        _heading(document, t["figures"], 1)
    for figure in view.figures:
        picture = document.add_picture(io.BytesIO(figure.png), **_fitted(document, figure.png))
        picture._inline.docPr.set("descr", figure.caption)  # alt text, as the HTML's img has
        document.paragraphs[-1].paragraph_format.keep_with_next = True  # the caption below it
        add_caption(document, figure.caption, _style(document, "Caption"), keep_with_next=False)

    _heading(document, t["conclusion"], 1)
    document.add_paragraph(view.conclusion)
    if view.ledger:
        _ledger(document, t, view.ledger, view.captions.get("ledger", ""))
    if view.suggestions:
        _heading(document, t["suggestions"], 1)
        document.add_paragraph(t["suggestions_intro"])
        for quote in view.suggestions:
            _quote(document, quote, document_language(document))

    _heading(document, t["appendix"], 1)
    _heading(document, t["appendix_codebook"], 2)
    if view.captions.get("codebook"):
        _table_caption(document, view.captions["codebook"])
    _table(document, (t["code"], t["label"], t["kind"], t["definition"], f"{t['include']} / {t['exclude']}"),
           [(e.id, e.label, e.kind, "\n".join([e.definition, *(f"{e.examples_label}: “{x}”" for x in e.examples)]),
             criteria(e, t)) for e in view.codebook_entries],
           [3.2, 2.6, 1.6, 4.2, 4.3], split_rows=True, small_text=True)  # reference text: dense
    if view.informants:
        _heading(document, t["appendix_informants"], 2)
        _table_caption(document, view.informants.caption)
        _table(document, view.informants.header, view.informants.rows,
               [4.5, 2.5, *([4] * (len(view.informants.header) - 4)), 1.5, 1.5], small_text=True)
        document.add_paragraph(view.informants.note)
    if view.agreement:
        _heading(document, t["appendix_agreement"], 2)
        document.add_paragraph(view.agreement.sentence)
        if view.captions.get("agreement"):
            _table_caption(document, view.captions["agreement"])
        _table(document, view.agreement.header, view.agreement.rows, [5, 1.5, 1.5, 1.5, 1.5, 1.5, 4.5])
    _heading(document, t["appendix_audit"], 2)
    if view.captions.get("audit"):
        _table_caption(document, view.captions["audit"])
    _table(document, (t["audit_item"], t["audit_value"]), view.audit, [7, 10])
    if contents is not None:
        fill_table_of_contents(contents, document)
        update_fields_on_open(document)
    return document


def _ledger(document, t: dict, ledger, caption: str = "") -> None:
    """The assertions and their checks on a landscape page of their own: the statements in
    a wide column, each check a narrow one headed bottom to top, and what the marks mean."""
    start_section(document, landscape=True)
    _heading(document, t["ledger"], 2)
    if caption:
        _table_caption(document, caption)
    names = [name for _, name in ledger[0].checks]
    width = text_width(document)
    statement, strength, count = int(width * 0.34), int(width * 0.1), int(width * 0.06)
    check = (width - statement - strength - 2 * count) // len(names)
    _table(document, (t["assertion"], t["strength"], *names, t["ledger_segments"], t["ledger_informants"]),
           [(row.statement, row.strength, *[symbol for symbol, _ in row.checks], row.segments, row.informants)
            for row in ledger],
           widths=[statement, strength, *[check] * len(names), count, count], turned_from=2)
    document.add_paragraph(t["ledger_legend"])
    judged = [row for row in ledger if row.verdict]
    if judged:
        document.add_paragraph().add_run(f"{t['verdicts']}.").bold = True
        for row in judged:
            item = document.add_paragraph(f"{row.statement} — ", style=_style(document, "List Bullet", "Normal"))
            item.add_run(row.verdict).italic = True
            if row.verdict_memo:
                item.add_run(f": {row.verdict_memo}")
    start_section(document, landscape=False)


def docx_bytes(view: ReportView) -> bytes:
    """The report as .docx bytes that depend only on the view: the same data gives the same file.

    python-docx stamps every zip entry with the current time, so two runs a second apart would
    differ; each entry is rewritten with the report's own date instead (reproducible builds,
    and a committed report that only changes when its content does)."""
    raw = io.BytesIO()
    build_docx(view).save(raw)
    stamp = datetime.fromisoformat(view.generated_on).timetuple()[:3] + (0, 0, 0)
    stamp = max(stamp, (1980, 1, 1, 0, 0, 0))  # the earliest date a zip entry can hold
    stable = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(stable, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=stamp)
            fixed.compress_type, fixed.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            target.writestr(fixed, source.read(entry.filename))
    return stable.getvalue()
