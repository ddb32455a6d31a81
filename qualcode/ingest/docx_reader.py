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
    return "\n\n".join(text for text in blocks if text.strip())


def _blocks(document) -> list[str]:
    """The body's paragraphs and tables in reading order, a table as one paragraph per row."""
    from docx.table import Table

    blocks: list[str] = []
    for item in document.iter_inner_content():
        blocks.extend(_table_rows(item) if isinstance(item, Table) else [item.text])
    return blocks


# A transcript kept as a table (speaker | words, often after a time) is common in theses.
_TIME = re.compile(r"[\[(]?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?[\])]?")
_LABEL = re.compile(r"[^\W\d_][\w.'’\-]*(?:[ \t][\w.'’\-]+){0,3}")
# the second heading of a speaker | words table
_WORDS_HEADINGS = {"ucapan", "teks", "isi", "jawaban", "pernyataan", "transkrip", "percakapan",
                   "tuturan", "keterangan", "text", "utterance", "transcript", "speech", "content",
                   "response", "answer", "words"}


def _table_rows(table) -> list[str]:
    """Each row as a paragraph. A row whose first cell is a speaker label (after a time, if
    any) is written as a turn, `Label: words` (`[00:01] Label: words`), so a transcript kept
    in a table is cut into turns like one typed out; other rows are their cells in order."""
    rows = []
    for number, row in enumerate(table.rows):
        cells, seen = [], set()
        for cell in row.cells:  # a merged cell comes once per grid column it spans
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                cells.append(cell.text.strip())
        time = None
        if len(cells) >= 3 and _TIME.fullmatch(cells[0]):
            time, cells = cells[0].strip("[]()"), cells[1:]
        label = cells[0].rstrip(":").strip() if cells else ""
        words = [text for text in cells[1:] if text]
        if words and _LABEL.fullmatch(label):
            if number == 0 and time is None and words[0].lower().rstrip(":") in _WORDS_HEADINGS:
                continue  # the table's heading row
            rows.append(("[" + time + "] " if time else "") + f"{label}: " + "\n\n".join(words))
        elif any(cells):
            rows.append(" · ".join(text for text in ([time] if time else []) + cells if text))
    return rows


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
