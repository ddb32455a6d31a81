"""decode_bytes: bytes on disk to NFC text with LF line ends, or an InputError."""

from __future__ import annotations

import codecs
import struct
import unicodedata
import zlib
from pathlib import Path

import pytest

from qualcode.errors import InputError
from qualcode.ingest.decode import decode_bytes

PATH = Path("transkrip/wawancara-01.txt")


def _png() -> bytes:
    """A real, minimal 1x1 PNG: signature, IHDR, IDAT, IEND."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
            + chunk(b"IEND", b""))


# --- good text -------------------------------------------------------------------------

def test_plain_utf8_is_returned_unchanged_without_warnings():
    text, warnings = decode_bytes("Kafé di Bandung\n".encode("utf-8"), PATH)
    assert text == "Kafé di Bandung\n"
    assert warnings == []


def test_utf8_bom_is_dropped():
    text, warnings = decode_bytes(codecs.BOM_UTF8 + "Kafé\n".encode("utf-8"), PATH)
    assert text == "Kafé\n"
    assert not text.startswith("\ufeff")
    assert warnings == []


@pytest.mark.parametrize("bom, encoding", [
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
], ids=["le", "be"])
def test_utf16_with_bom_is_decoded(bom, encoding):
    raw = bom + "Kafé di Bandung\r\nbaris dua\r\n".encode(encoding)
    text, warnings = decode_bytes(raw, PATH)
    assert text == "Kafé di Bandung\nbaris dua\n"
    assert not text.startswith("\ufeff")
    assert warnings == []


def test_tab_and_form_feed_are_text():
    text, _ = decode_bytes(b"kolom\tsatu\fhalaman dua\n", PATH)
    assert text == "kolom\tsatu\fhalaman dua\n"


# --- cp1252 fallback -------------------------------------------------------------------

def test_cp1252_fallback_decodes_and_warns_with_file_and_line():
    raw = b"Baris pertama\nKaf\xe9 \x93kopi\x94 enak\n"
    text, warnings = decode_bytes(raw, PATH)
    assert text == "Baris pertama\nKafé \u201ckopi\u201d enak\n"
    assert len(warnings) == 1
    assert str(PATH) in warnings[0]
    assert "line 2" in warnings[0]
    assert "0xe9" in warnings[0]


def test_cp1252_warning_line_counts_cr_only_line_ends():
    # Old Mac files end lines with a bare CR; decode treats CR as a line end,
    # so the line in the warning must count them too.
    raw = b"satu\rdua\rKaf\xe9\r"
    text, warnings = decode_bytes(raw, PATH)
    assert text == "satu\ndua\nKafé\n"
    assert "line 3" in warnings[0]


# --- not text --------------------------------------------------------------------------

def test_bytes_neither_utf8_nor_cp1252_raise_with_file_and_line():
    raw = b"Baris pertama\nKaf\xe9 \x81\x8d\x8f\n"
    with pytest.raises(InputError) as caught:
        decode_bytes(raw, PATH)
    assert caught.value.path == str(PATH)
    assert caught.value.line == 2
    assert str(PATH) in str(caught.value)


def test_undecodable_byte_is_reported_where_it_is_not_where_utf8_first_failed():
    # Line 1 is fine cp1252 (0xe9 = é); the bytes no encoding can read are on line 3.
    raw = b"Kaf\xe9 enak\nbaris dua\nrusak \x81\x8d\x8f\n"
    with pytest.raises(InputError) as caught:
        decode_bytes(raw, PATH)
    assert caught.value.line == 3
    assert "0x81" in caught.value.message


def test_invalid_utf8_after_utf8_bom_raises_naming_file():
    with pytest.raises(InputError) as caught:
        decode_bytes(codecs.BOM_UTF8 + b"Kaf\xe9\n", PATH)
    assert caught.value.path == str(PATH)


def test_nul_byte_in_text_is_binary_with_line():
    raw = b"Baris satu berisi teks biasa\nBaris dua \x00 lalu teks lagi di sini\n"
    with pytest.raises(InputError) as caught:
        decode_bytes(raw, PATH)
    assert "binary" in caught.value.message
    assert caught.value.line == 2
    assert caught.value.path == str(PATH)


def test_other_control_character_is_binary():
    with pytest.raises(InputError) as caught:
        decode_bytes(b"satu\ndua \x07 bel\n", PATH)
    assert "binary" in caught.value.message
    assert caught.value.line == 2


def test_control_character_line_counts_cr_only_line_ends():
    with pytest.raises(InputError) as caught:
        decode_bytes(b"satu\rdua\rtiga \x07\r", PATH)
    assert caught.value.line == 3


@pytest.mark.parametrize("raw", [
    "satu\ndua \x08 backspace\n".encode("utf-8"),
    codecs.BOM_UTF8 + "Kafé\ndua \x1b[31m\n".encode("utf-8"),
    "Kafé\ndua \x7f\n".encode("cp1252"),
    codecs.BOM_UTF16_LE + "Kafé\ndua \x01\n".encode("utf-16-le"),
    codecs.BOM_UTF16_BE + "Kafé\ndua \x1f\n".encode("utf-16-be"),
], ids=["utf-8", "utf-8-bom", "cp1252", "utf-16-le", "utf-16-be"])
def test_a_control_character_is_found_in_every_encoding(raw):
    """The raw bytes are looked at first: a control character leaves its byte in each."""
    with pytest.raises(InputError) as caught:
        decode_bytes(raw, PATH)
    assert "control characters" in caught.value.message
    assert caught.value.line == 2


def test_a_vertical_tab_is_a_line_break():
    """Word's manual line break (Shift+Enter) comes out of Word as a vertical tab."""
    text, _ = decode_bytes("P: Apa kendalanya?\x0bMaksud saya, di lapangan.\r\nJ: Anggaran.\n".encode("utf-8"), PATH)
    assert text == "P: Apa kendalanya?\nMaksud saya, di lapangan.\nJ: Anggaran.\n"


def test_text_without_control_characters_passes_the_look_at_its_bytes():
    text, _ = decode_bytes("Kafé\tsatu\x0cdua — “tiga” ½ 日本\n".encode("utf-8"), PATH)
    assert text == "Kafé\tsatu\x0cdua — “tiga” ½ 日本\n"
    text, _ = decode_bytes(codecs.BOM_UTF16_LE + "Kafé satu\n".encode("utf-16-le"), PATH)
    assert text == "Kafé satu\n"


@pytest.mark.parametrize("raw", [
    b"\x89PNG\r\n\x1a\n" + b"IHDR and some more bytes",
    _png(),
], ids=["png-header", "real-png"])
def test_png_renamed_to_txt_is_rejected_as_binary(raw):
    with pytest.raises(InputError) as caught:
        decode_bytes(raw, Path("foto.txt"))
    assert caught.value.path == "foto.txt"
    assert "binary" in caught.value.message
    assert "UTF-16" not in caught.value.message


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_rejected_saying_so(encoding):
    raw = "Pewawancara: Selamat pagi.\nInforman: Pagi.\n".encode(encoding)
    with pytest.raises(InputError) as caught:
        decode_bytes(raw, PATH)
    assert caught.value.path == str(PATH)
    assert "UTF-16" in caught.value.message
    assert "byte-order mark" in caught.value.message


def test_empty_file_raises_naming_file():
    with pytest.raises(InputError) as caught:
        decode_bytes(b"", PATH)
    assert caught.value.path == str(PATH)
    assert "empty" in caught.value.message


# --- normalisation ---------------------------------------------------------------------

def test_mixed_line_endings_become_lf():
    text, _ = decode_bytes(b"satu\r\ndua\rtiga\nempat\r\n\r\nlima", PATH)
    assert text == "satu\ndua\ntiga\nempat\n\nlima"
    assert "\r" not in text


def test_decomposed_characters_are_composed_nfc():
    decomposed = "Cafe\u0301 Bandung"
    assert len(decomposed) == 13
    text, _ = decode_bytes(decomposed.encode("utf-8"), PATH)
    assert text == "Caf\u00e9 Bandung"
    assert len(text) == 12
    assert unicodedata.is_normalized("NFC", text)


def test_utf16_text_is_normalised_too():
    raw = codecs.BOM_UTF16_LE + "Cafe\u0301\r\nlagi".encode("utf-16-le")
    text, _ = decode_bytes(raw, PATH)
    assert text == "Caf\u00e9\nlagi"
