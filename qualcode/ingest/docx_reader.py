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
    except Exception as exc:  # python-docx raises many types for broken parts
        raise InputError(path, f"not a readable .docx ({type(exc).__name__})") from None
    return "\n\n".join(p.text for p in document.paragraphs if p.text.strip())
