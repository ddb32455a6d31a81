"""Word features python-docx has no call for: fields (table of contents, page numbers) and
repeated table header rows. Each is a few lines of WordprocessingML."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn


def _field(paragraph, instruction: str, placeholder: str = "") -> None:
    """A complex field: Word computes it when the document is opened or printed."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
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
    _field(document.add_paragraph(), r'TOC \o "1-3" \h \z \u', placeholder)


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
