"""Bytes to normalised text: encoding detection, binary rejection, NFC and LF line ends."""

from __future__ import annotations

import codecs
import os
import re
import stat
import unicodedata
from pathlib import Path

from qualcode.errors import InputError

# Control characters that never appear in real text (tab, LF, VT, FF and CR are fine: a
# vertical tab is Word's manual line break, which text taken out of Word can hold).
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
# Every byte but those of _CONTROL's characters. A text holding one of them came from bytes
# holding its byte: in UTF-8 and cp1252 it is that byte, and UTF-16 writes a 0x00 beside it.
_NOT_CONTROL = bytes(b for b in range(256) if not (b < 0x80 and _CONTROL.match(chr(b))))


_BREAKS = re.compile(rb"\r\n|\r|\n")
_TEXT_BREAKS = re.compile(r"\r\n|\r|\n")
# Signatures of common binary formats people rename by mistake.
_BINARY_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"PK\x03\x04", b"\x7fELF",
                 b"\xd0\xcf\x11\xe0", b"RIFF", b"ID3", b"OggS")


def _line_of(raw: bytes, offset: int) -> int:
    """1-based line of a byte offset, counting CRLF, CR and LF line ends alike."""
    return len(_BREAKS.findall(raw, 0, offset)) + 1


def _binary_kind(raw: bytes) -> str:
    """What a renamed binary file probably is, and what to do: an .xlsx or .docx is a zip
    whose first member names give it away; an .xls or .doc is an OLE file."""
    head = raw[:4096]
    if head.startswith(b"PK\x03\x04") and b"xl/" in head:
        return "an Excel workbook: give it the name ending .xlsx"
    if head.startswith(b"PK\x03\x04") and b"word/" in head:
        return "a Word document: give it the name ending .docx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "an old Excel .xls or Word .doc file: save it as .xlsx or .docx"
    return "an image, PDF, archive or program?"


def decode_bytes(raw: bytes, path: Path) -> tuple[str, list[str]]:
    """Decode a text file. Returns (text, warnings); raises InputError for what is not text."""
    warnings: list[str] = []
    if not raw:
        raise InputError(path, "file is empty")
    if raw.startswith(codecs.BOM_UTF8):
        text = _strict(raw[3:], "utf-8", path)
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _strict(raw, "utf-16", path)
    elif raw.startswith(_BINARY_MAGIC):
        raise InputError(path, f"binary data, not text ({_binary_kind(raw)})")
    elif b"\x00" in raw:
        if _looks_like_utf16(raw):
            raise InputError(path, "looks like UTF-16 without a byte-order mark; save it as UTF-8")
        raise InputError(path, "binary data, not text (NUL byte)", line=_line_of(raw, raw.index(0)))
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            try:
                text = raw.decode("cp1252")
            except UnicodeDecodeError as undecodable:
                raise InputError(
                    path, f"not UTF-8 or cp1252 text (byte 0x{raw[undecodable.start]:02x})",
                    line=_line_of(raw, undecodable.start)) from None
            warnings.append(
                f"{path}: not UTF-8 (byte 0x{raw[exc.start]:02x} on line "
                f"{_line_of(raw, exc.start)}); read as Windows-1252")
    # Deleting the other bytes is a quick look at the raw bytes (the regex runs through the
    # text a character at a time); only when a control byte is left is the text searched.
    bad = _CONTROL.search(text) if raw.translate(None, _NOT_CONTROL) else None
    if bad is not None:
        raise InputError(path, "binary data, not text (control characters)",
                         line=len(_TEXT_BREAKS.findall(text, 0, bad.start())) + 1)
    return normalise(text), warnings


def decode_yaml(raw: bytes, path: Path) -> str:
    """A YAML file's text (a codebook, a display list): UTF-8 only, as YAML itself is. Not
    guessed as Windows-1252, as a transcript is: a codebook read so would be written back as
    other letters (`codebook add`) without a word."""
    text, warnings = decode_bytes(raw, path)
    if warnings:  # decode_bytes warns of one thing only: not UTF-8, read as Windows-1252
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(path, f"not UTF-8 (byte 0x{raw[exc.start]:02x}); YAML files are UTF-8: "
                                   "save it as UTF-8", line=_line_of(raw, exc.start)) from None
    return text


def normalise(text: str) -> str:
    """NFC and LF line ends (a vertical tab, Word's manual line break, is one too): offsets
    everywhere index into this form."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
    return unicodedata.normalize("NFC", text)


def named_as(warnings, path: Path, display: str) -> list[str]:
    """`decode_bytes`'s warnings, which name the file as it was given, naming it `display` (as
    the project names it, like every other message of ingest)."""
    given = f"{path}: "
    return [display + ": " + w[len(given):] if w.startswith(given) else w for w in warnings]


def _strict(raw: bytes, encoding: str, path: Path) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        before = raw[:exc.start].decode(encoding, errors="replace")
        raise InputError(path, f"invalid {encoding.upper()} despite its byte-order mark "
                               f"(byte offset {exc.start})",
                         line=len(_TEXT_BREAKS.findall(before)) + 1) from None


def read_input(path: Path, what: str = "file", error: type[InputError] = InputError) -> bytes:
    """The bytes of a file the user named, or one clear error: missing, a folder, unreadable."""
    try:  # read first, ask why only when that fails: two fewer system calls per file
        with open(path, "rb") as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):  # /dev/zero would be read for ever
                raise error(path, f"not a regular file (a device?), not a {what}")
            return file.read()
    except OSError as exc:
        path = Path(path)
        if not path.exists():
            raise error(path, f"no such file (expected a {what})") from None
        if path.is_dir():
            raise error(path, f"is a folder, not a {what}") from None
        raise error(path, f"cannot read {what} ({exc.strerror or exc})") from None


def _looks_like_utf16(raw: bytes) -> bool:
    """NULs on one byte parity only, and readable text when decoded that way."""
    sample = raw[:4096] if len(raw) % 2 == 0 else raw[:4095]
    half = len(sample) // 2 or 1
    even, odd = sample[0::2].count(0) / half, sample[1::2].count(0) / half
    if max(even, odd) < 0.3 or min(even, odd) > 0.05:
        return False
    try:
        decoded = sample.decode("utf-16-le" if odd > even else "utf-16-be")
    except UnicodeDecodeError:
        return False
    readable = sum(ch.isprintable() or ch in "\t\r\n" for ch in decoded)
    return readable / max(len(decoded), 1) > 0.95
