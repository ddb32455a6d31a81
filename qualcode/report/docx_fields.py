"""Word features python-docx has no call for: fields (table of contents, page numbers) and
repeated table header rows. Each is a few lines of WordprocessingML."""

from __future__ import annotations

import copy

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph


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


TOC_LEVELS = 2  # headings 1-2: the findings' own subheadings (quotes, negative evidence) stay out


def add_table_of_contents(document, placeholder: str):
    """The table-of-contents field, its result `placeholder` for now; returns its paragraph
    (`fill_table_of_contents` puts the headings there once the document is written)."""
    paragraph = document.add_paragraph()
    _field(paragraph, rf'TOC \o "1-{TOC_LEVELS}" \h \z \u', placeholder)
    return paragraph


def fill_table_of_contents(paragraph, document) -> None:
    """The headings after `paragraph` as the field's shown result, one paragraph each in Word's
    own `toc 1`/`toc 2` styles, until Word updates the field (it is marked dirty, so Word
    offers to on opening) and adds the page numbers. A reader whose program never updates
    fields (LibreOffice, a PDF made from it, a preview) sees the contents instead of a
    request to update them."""
    body = paragraph._p.getparent()
    levels = {style.style_id: n for n in range(1, TOC_LEVELS + 1) for style in document.styles
              if style.name == f"Heading {n}"}
    after = False
    entries = []
    for element in body.iterchildren(qn("w:p")):
        if element is paragraph._p:
            after = True
            continue
        style = element.pPr.pStyle.val if after and element.pPr is not None and element.pPr.pStyle is not None else ""
        level = levels.get(style)
        if level:
            entries.append((level, "".join(t.text or "" for t in element.iter(qn("w:t")))))
    if not entries:
        return
    run = paragraph.runs[0]._r
    shown = run.find(qn("w:t"))
    end = run.findall(qn("w:fldChar"))[-1]
    run.remove(end)
    shown.text = entries[0][1]
    paragraph.style = _toc_style(document, entries[0][0])
    last = paragraph
    for level, text in entries[1:]:
        entry = copy.deepcopy(paragraph._p)
        for child in list(entry):
            if child.tag == qn("w:r"):
                entry.remove(child)
        last._p.addnext(entry)
        last = Paragraph(entry, paragraph._parent)
        last.style = _toc_style(document, level)
        last.add_run(text)
    closing = OxmlElement("w:r")
    closing.append(end)
    last._p.append(closing)


# Elements of w:settings that come after w:updateFields (ECMA-376 CT_Settings order).
_AFTER_UPDATE_FIELDS = ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr",
                        "attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
                        "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown",
                        "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags",
                        "decimalSymbol", "listSeparator")


def update_fields_on_open(document) -> None:
    """Ask Word to update every field when the document is opened (it asks the reader
    first): the contents get their page numbers without the reader knowing to right-click
    them. A field marked dirty alone is not always updated."""
    settings = document.settings.element
    if settings.find(qn("w:updateFields")) is not None:
        return
    element = OxmlElement("w:updateFields")
    element.set(qn("w:val"), "true")
    successor = next((child for child in settings
                      if child.tag in {qn(f"w:{name}") for name in _AFTER_UPDATE_FIELDS}), None)
    if successor is not None:
        successor.addprevious(element)
    else:
        settings.append(element)


def _toc_style(document, level: int):
    """Word's built-in `toc N` paragraph style, added (indented by level) where the
    document has none."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Cm, Pt

    name = f"toc {level}"
    if name not in {style.name for style in document.styles}:
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        style.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        style.paragraph_format.space_after = Pt(2)
        style.font.bold = level == 1
    return document.styles[name]


def add_sequence_number(paragraph, label: str, number: str, restart: bool = False) -> None:
    """A caption's number as Word's SEQ field (`SEQ Tabel`), so that Word's own list of
    tables or figures finds it; its shown value is the number the report gave it. With
    `restart`, the count starts again at 1 there (`\\r 1`)."""
    _field(paragraph, f"SEQ {label} \\* ARABIC" + (" \\r 1" if restart else ""), number, dirty=False)


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


def set_run_language(run, tag: str) -> None:
    """The language Word proofs one run in (w:lang), over the document's."""
    properties = run._r.get_or_add_rPr()
    language = properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        properties.append(language)
    language.set(qn("w:val"), tag)


def document_language(document) -> str:
    """The report language set_document_language gave the document ("id", "en"), or ""."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    found = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang")) if defaults is not None else None
    return (found.get(qn("w:val")) or "").split("-")[0] if found is not None else ""


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
