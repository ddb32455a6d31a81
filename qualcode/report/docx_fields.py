"""Word features python-docx has no call for: fields (table of contents, page numbers) and
repeated table header rows. Each is a few lines of WordprocessingML."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn


def _field(paragraph, instruction: str, placeholder: str = "", dirty: bool = True) -> None:
    """A complex field: Word computes it when the document is opened or printed."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    if dirty:
        begin.set(qn("w:dirty"), "true")  # ask Word to update the field on open
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = instruction
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    shown = OxmlElement("w:t")
    shown.text = placeholder
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, text, separate, shown, end):
        run._r.append(element)


def add_table_of_contents(document, placeholder: str) -> None:
    # headings 1-2: the findings' own subheadings (quotes, negative evidence) stay out of it
    _field(document.add_paragraph(), r'TOC \o "1-2" \h \z \u', placeholder)


def add_sequence_number(paragraph, label: str, number: str) -> None:
    """A caption's number as Word's SEQ field (`SEQ Tabel`), so that Word's own list of
    tables or figures finds it; its shown value is the number the report gave it."""
    _field(paragraph, f"SEQ {label} \\* ARABIC", number, dirty=False)


def add_page_number_footer(document) -> None:
    for section in document.sections:
        paragraph = section.footer.paragraphs[0] if section.footer.paragraphs else section.footer.add_paragraph()
        paragraph.alignment = 1  # centred
        _field(paragraph, "PAGE", "1")


def repeat_header_row(table) -> None:
    """Repeat the first row at the top of every page the table runs onto."""
    properties = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def keep_rows_whole(row_element) -> None:
    """A row never breaks across a page (w:cantSplit): set on a row that others are copied from."""
    properties = row_element.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))


def turn_cell_text(cell) -> None:
    """Text read bottom to top, for a narrow column's long header."""
    direction = OxmlElement("w:textDirection")
    direction.set(qn("w:val"), "btLr")
    cell._tc.get_or_add_tcPr().append(direction)


def set_row_height(row, twips: int) -> None:
    height = OxmlElement("w:trHeight")
    height.set(qn("w:val"), str(twips))
    height.set(qn("w:hRule"), "atLeast")
    row._tr.get_or_add_trPr().append(height)


def set_document_language(document, tag: str) -> None:
    """The language Word proofs the text in (docDefaults), e.g. id-ID: a reference document
    made in English would have Word mark every Indonesian word as misspelt."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    properties = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    language = properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        properties.append(language)
    language.set(qn("w:val"), tag)
