"""Page layout of the DOCX report: A4 pages in the report's language, landscape sections for
wide tables, captions Word can list, and tables whose columns fit their page.

A student pastes this report into a thesis: it has to print on A4, proof in Indonesian,
and keep a ten-column matrix readable (a US Letter portrait page broke its headers in the
middle of words)."""

from __future__ import annotations

import copy
import re

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from qualcode.report.docx_fields import add_sequence_number, set_document_language

A4 = (Cm(21), Cm(29.7))
LANGUAGE_TAGS = {"id": "id-ID", "en": "en-US"}
SMALL_TEXT = Pt(8)       # the cells of a table too wide for the body text's size
WIDE_COLUMNS = 6         # from this many columns a table is set in SMALL_TEXT
CM_PER_LETTER = 0.19     # a letter of SMALL_TEXT, bold (headers are), with a margin
CELL_PADDING_CM = 0.3
LONG_CELL = 60           # letters: a longer cell wraps in any case
SAMPLED_ROWS = 200       # rows read to size the columns of a big table
_CAPTION = re.compile(r"^(\S+) ((?:\d+\.)?)(\d+)(\..*)$", re.DOTALL)  # "Tabel 4.3. …": chapter 4


def set_up_pages(document, language: str) -> None:
    """Every section A4, in its own orientation; the text proofed in `language`."""
    for section in document.sections:
        _orient(section, landscape=section.orientation == WD_ORIENT.LANDSCAPE)
    set_document_language(document, LANGUAGE_TAGS.get(language, language))


def _orient(section, landscape: bool) -> None:
    width, height = A4
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)


def start_section(document, landscape: bool) -> None:
    """A new page in a new section, landscape or portrait (the page numbers run on)."""
    _orient(document.add_section(WD_SECTION.NEW_PAGE), landscape)


def text_width(document):
    section = document.sections[-1]
    return section.page_width - section.left_margin - section.right_margin


def add_caption(document, text: str, style: str, keep_with_next: bool) -> None:
    """A caption whose number ("Tabel 3. …") is Word's SEQ field, so a list of tables or
    figures can be made from the captions; above a table it stays on the table's page."""
    paragraph = document.add_paragraph(style=style)
    found = _CAPTION.match(text)
    if found:
        label, chapter, number, rest = found.groups()
        paragraph.add_run(f"{label} {chapter}")
        # a chapter's first table (figure) starts the count again: pasted into a thesis after
        # other chapters' captions, Word's next field update would carry their count on
        add_sequence_number(paragraph, label, number, restart=bool(chapter) and number == "1")
        paragraph.add_run(rest)
    else:
        paragraph.add_run(text)
    paragraph.paragraph_format.keep_with_next = keep_with_next


def column_widths(document, header, rows) -> list:
    """A wide table's widths from what its columns hold: each at least its longest word
    (so no word breaks in the middle, "Keberlanjuta-n"), the room left shared out by how
    much text each column has beyond that, up to the text width of the page."""
    total = text_width(document)
    columns = len(header)
    longest_word, longest_line = [1] * columns, [1] * columns
    for row in (header, *rows[:SAMPLED_ROWS]):
        for position, value in enumerate(list(row)[:columns]):
            text = str(value)
            longest_word[position] = max(longest_word[position], *(len(w) for w in text.split() or [""]))
            longest_line[position] = max(longest_line[position], min(len(text), LONG_CELL))
    least = [Cm(CM_PER_LETTER * letters + CELL_PADDING_CM) for letters in longest_word]
    wanted = [max(low, Cm(CM_PER_LETTER * letters + CELL_PADDING_CM)) for low, letters in zip(least, longest_line)]
    if sum(least) >= total:  # words too long for the page whatever is done: in proportion
        return [int(total * low / sum(least)) for low in least]
    spare, extra = total - sum(least), sum(w - low for w, low in zip(wanted, least))
    if extra <= spare:
        return [int(w + (spare - extra) / columns) for w in wanted]
    return [int(low + spare * (w - low) / extra) for w, low in zip(wanted, least)]


def fix_widths(table, widths) -> None:
    """Column widths Word keeps (a fixed layout), on the grid and on the cells of the rows
    so far: a row added after takes the grid's widths (python-docx's add_row), so a table
    fixed before its rows are added needs no pass over them."""
    table.autofit = False  # w:tblLayout fixed
    for column, width in zip(table.columns, widths):
        column.width = width
    for row in table.rows:
        for tc, width in zip(row._tr.tc_lst, widths):
            tc.width = width


def small_run_properties():
    """An rPr of SMALL_TEXT, to copy into each run of a wide table."""
    properties = OxmlElement("w:rPr")
    for tag in ("w:sz", "w:szCs"):
        size = OxmlElement(tag)
        size.set(qn("w:val"), str(int(SMALL_TEXT.pt * 2)))  # half-points
        properties.append(size)
    return properties


def make_small(run_element, properties) -> None:
    run_element.insert(0, copy.deepcopy(properties))
