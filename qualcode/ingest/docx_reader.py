"""Word documents as paragraphs, guarded against corrupt and hostile zips."""

from __future__ import annotations

import io
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
    """The body's paragraphs and tables in reading order, a table as one paragraph per row."""
    from docx.table import Table

    from qualcode.ingest.docx_tables import table_rows

    blocks: list[str] = []
    for item in document.iter_inner_content():
        blocks.extend(table_rows(item) if isinstance(item, Table) else [item.text])
    return blocks


def _reason(exc: Exception) -> str:
    """Why python-docx could not read it, in words where the error type says what it is."""
    name = type(exc).__name__
    if name == "XMLSyntaxError":
        return f"its XML is broken ({exc})"
    if name == "KeyError":
        return f"a part it names is missing ({exc})"
    if name == "AttributeError":
        return "its document part has no Word body (w:document/w:body)"
    return f"{name}: {exc}" if str(exc) else name
