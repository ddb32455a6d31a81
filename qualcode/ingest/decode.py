"""Bytes to normalised text: encoding detection, binary rejection, NFC and LF line ends."""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

from qualcode.errors import InputError

# Control characters that never appear in real text (tab, LF, CR and FF are fine).
_CONTROL = {chr(c) for c in range(32) if chr(c) not in "\t\n\r\f"} | {"\x7f"}


def _line_of(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


def decode_bytes(raw: bytes, path: Path) -> tuple[str, list[str]]:
    """Decode a text file. Returns (text, warnings); raises InputError for what is not text."""
    warnings: list[str] = []
    if not raw:
        raise InputError(path, "file is empty")
    if raw.startswith(codecs.BOM_UTF8):
        text = _strict(raw[3:], "utf-8", path)
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _strict(raw, "utf-16", path)
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
            except UnicodeDecodeError:
                raise InputError(
                    path, f"not UTF-8 or cp1252 text (byte 0x{raw[exc.start]:02x})",
                    line=_line_of(raw, exc.start)) from None
            warnings.append(
                f"{path}: not UTF-8 (byte 0x{raw[exc.start]:02x} on line "
                f"{_line_of(raw, exc.start)}); read as Windows-1252")
    bad = next((i for i, ch in enumerate(text) if ch in _CONTROL), None)
    if bad is not None:
        raise InputError(path, "binary data, not text (control characters)",
                         line=text.count("\n", 0, bad) + 1)
    return normalise(text), warnings


def normalise(text: str) -> str:
    """NFC and LF line ends: offsets everywhere index into this form."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def _strict(raw: bytes, encoding: str, path: Path) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(path, f"invalid {encoding.upper()} (byte offset {exc.start})") from None


def _looks_like_utf16(raw: bytes) -> bool:
    sample = raw[:4096]
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2 or 1
    return max(even_nuls, odd_nuls) / half > 0.3
