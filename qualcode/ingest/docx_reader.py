"""Word documents as paragraphs, guarded against corrupt and hostile zips."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from qualcode.errors import InputError

# A real transcript unpacks to a few MB; refuse zip bombs before python-docx inflates them.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200


def docx_text(raw: bytes, path: Path) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        names = archive.namelist()
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise InputError(path, "not a readable .docx (not a zip archive, or truncated)") from None
    if "word/document.xml" not in names:
        raise InputError(path, "not a Word document (a zip without word/document.xml)")
    if unpacked > MAX_UNPACKED_BYTES or unpacked > MAX_RATIO * max(len(raw), 1) + 10_000_000:
        raise InputError(path, "refused: the .docx unpacks to an implausible size (zip bomb?)")
    from docx import Document  # imported here: only .docx ingest needs it

    try:
        document = Document(io.BytesIO(raw))
        # a document part in another namespace, or without a body, fails here, not on opening
        blocks = _blocks(document)
    except Exception as exc:  # python-docx raises many types for broken parts
        raise InputError(path, f"not a readable .docx: {_reason(exc)}") from None
    if _has_entities(document):  # in whatever encoding or part name the body came
        raise InputError(path, "refused: its text uses entities declared in the file (a DTD), which Word "
                               "never writes; the text after each would be lost (a hostile or damaged file?)")
    return "\n\n".join(text for text in blocks if text.strip())


def _has_entities(document) -> bool:
    """Whether the body holds entity references: python-docx parses without resolving them
    (no expansion, no XXE), and its text then stops at each, dropping the rest of the run."""
    from lxml import etree

    return next(document.element.iter(etree.Entity), None) is not None


def _blocks(document) -> list[str]:
    """The body's paragraphs and tables in reading order (`docx_xml.blocks`), a table as one
    paragraph per row, a heading written as Markdown writes one (`## Bagian B`), so that it
    ends a speaker's turn; a text box's paragraphs after the paragraph that holds it."""
    from collections import deque

    from docx.table import Table
    from docx.text.paragraph import Paragraph

    from qualcode.ingest.docx_tables import table_rows
    from qualcode.ingest.docx_xml import blocks as xml_blocks
    from qualcode.ingest.docx_xml import paragraph_text

    found: list[str] = []
    rules: list[int] = []  # where a line across the page stands (a `---` Word formatted away)
    pending = deque(xml_blocks(document.element.body))
    while pending:
        kind, element = pending.popleft()
        if kind == "tbl":
            found.extend(table_rows(Table(element, document._body)))
            continue
        text, boxes = paragraph_text(element)
        if _RULE.fullmatch(text.strip()) or not text.strip() and _bordered(element):
            rules.append(len(found))
        level = _heading_level(Paragraph(element, document._body), text) if text.strip() else None
        found.append(f"{'#' * level} {' '.join(text.split())}" if level else text)
        pending.extendleft(("p", box) for box in reversed(boxes))
    return _front_matter_fences(found, rules)


# Typed as `---` and Enter, a line becomes a border under an empty paragraph (Word's
# AutoFormat) or a dash (LibreOffice's AutoCorrect: `—`).
_RULE = re.compile(r"[-–—]{1,3}")


def _bordered(paragraph) -> bool:
    from qualcode.ingest.docx_xml import W

    properties = paragraph.find(f"{W}pPr")
    borders = properties.find(f"{W}pBdr") if properties is not None else None
    return borders is not None and borders.find(f"{W}bottom") is not None


def _front_matter_fences(blocks: list[str], rules: list[int]) -> list[str]:
    """Front matter whose `---` lines Word or LibreOffice turned into lines across the page:
    the first two rules, when the document opens with one and `key: value` lines stand
    between them, are `---` again, so the front matter is read and not coded as words."""
    text_at = [n for n, block in enumerate(blocks) if block.strip() or n in rules]
    if len(rules) < 2 or not text_at or text_at[0] != rules[0]:
        return blocks
    opening, closing = rules[0], rules[1]
    between = [blocks[n] for n in range(opening + 1, closing) if blocks[n].strip()]
    if not between or not all(_FIELD.match(line) for line in between):
        return blocks
    return [("---" if n in (opening, closing) else block) for n, block in enumerate(blocks)]


_FIELD = re.compile(r"\s*[\w-]+\s*:")


# Word's built-in heading styles ("Heading 2"; "Judul 2" where a template names its own).
_HEADING_STYLE = re.compile(r"(?:heading|judul)\s*(\d)$")
_TITLE_STYLES = {"title": 1, "subtitle": 2, "judul": 1, "subjudul": 2}


def _heading_level(paragraph, text: str) -> int | None:
    """1-6 for a heading paragraph (its `text` as read), else None: by its style or a style it
    is based on (a university's "Judul Bab" built on Heading 1), or an outline level set on it
    or them. A speaker's words set in a heading style (`Pewawancara: …` in bold Heading 3)
    stay words."""
    from qualcode.ingest.turns import speaker_named

    if speaker_named(text.strip()):
        return None
    level = _outline_level(paragraph._p.pPr)
    style, seen = paragraph.style, 0
    while level is None and style is not None and seen < 10:  # a loop of base styles ends too
        name = " ".join((style.name or "").lower().split())
        if heading := _HEADING_STYLE.match(name):
            level = min(max(int(heading[1]), 1), 6)
        elif name in _TITLE_STYLES:
            level = _TITLE_STYLES[name]
        else:
            level = _outline_level(style.element.pPr)
        style, seen = style.base_style, seen + 1
    return level


def _outline_level(properties) -> int | None:
    """1-6 from the outline level paragraph properties set (Word's 0-8; 9 is body text)."""
    from qualcode.ingest.docx_xml import W

    outline = properties.find(f"{W}outlineLvl") if properties is not None else None
    value = outline.get(f"{W}val", "") if outline is not None else ""
    return min(int(value) + 1, 6) if value.isdigit() and int(value) < 9 else None


def _reason(exc: Exception) -> str:
    """Why python-docx could not read it, in words where the error type says what it is."""
    name = type(exc).__name__
    if name == "XMLSyntaxError":
        if "amplification" in str(exc) or "entity reference loop" in str(exc):
            # libxml2's own guards against entity expansion: a billion-laughs document
            return "its XML expands entities past any sane size (a billion-laughs document?); refused"
        return f"its XML is broken ({exc})"
    if name == "KeyError":
        return f"a part it names is missing ({exc})"
    if name == "AttributeError":
        return "its document part has no Word body (w:document/w:body)"
    return f"{name}: {exc}" if str(exc) else name
