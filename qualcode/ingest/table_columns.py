"""What each column of a table of short texts is for, worked out from its name and cells.

- **text**: free text, the words that are coded. A column whose cells run to several words
  on average ("Isi aduan", "Why did you stop using the app?"), or a shorter one whose name
  says it holds answers, comments or complaints.
- **reply**: a text column of the other side's words (an officer's or admin's reply to a
  complaint: "Tanggapan petugas", "Balasan admin", "Reply"). Kept under its heading for
  context, never coded, as an interviewer's turns are not.
- **key**: names each row ("No tiket", "ID responden", "Response ID"): the row's source id
  and case. Without one (or when its values repeat), a row is named by its row number.
- **case**: several rows from one person or place ("Responden", "Case").
- **date** and **language** of the row.
- Every other column is an attribute of the row's case ("Kecamatan", "Usia", "Kanal"),
  as a cases.csv column is, except personal data ("Nama pelapor", "No. HP", "Email",
  "Alamat", "NIK", or a column of phone numbers or e-mail addresses whatever its heading):
  those are left out, never stored, unless [tables] lists them.

[tables."GLOB"] in qualcode.toml settles any of these parts by name (`table_settings`);
the others are still worked out.

Names are matched in Indonesian and English, whatever their capitals and punctuation.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

# How many words a column's filled cells must hold on average to count as free text
# whatever it is called: more than a category ("Kurang puas") or a place, fewer than a
# sentence of complaint.
FREE_TEXT_WORDS = 6
# A column named for answers or comments is text from this many words on average.
NAMED_TEXT_WORDS = 2

_KEY_WORDS = {"id", "no", "nomor", "nomer", "kode", "code", "number", "ticket", "tiket", "ref",
              "reference", "referensi"}
_KEY_NAMES = {"response id", "respondent id", "id responden", "nomor responden", "no responden",
              "record id", "submission id", "no urut", "nomor urut"}
_CASE_NAMES = {"case", "case id", "kasus", "responden", "respondent", "informan", "informant",
               "participant", "partisipan", "narasumber"}
_DATE_WORDS = {"date", "tanggal", "tgl", "timestamp", "waktu", "time", "submitted", "created",
               "dibuat", "dikirim", "diterima"}
_LANGUAGE_NAMES = {"language", "lang", "bahasa"}
_TEXT_WORDS = {
    "isi", "teks", "text", "aduan", "pengaduan", "keluhan", "laporan", "komentar", "comment",
    "comments", "jawaban", "answer", "answers", "pesan", "message", "saran", "masukan",
    "tanggapan", "response", "uraian", "deskripsi", "description", "pendapat", "opini",
    "opinion", "alasan", "reason", "ulasan", "review", "feedback", "cerita", "pengalaman",
    "experience", "catatan", "note", "notes", "kritik", "harapan", "usulan", "suggestion",
    "suggestions", "complaint", "complaints", "mengapa", "kenapa", "why", "jelaskan",
    "explain", "describe", "ceritakan",
}
# Long but never the words to code: who and where the row is from.
_NEVER_TEXT = {"alamat", "address", "lokasi", "location", "nama", "name", "email", "telepon",
               "phone", "hp", "url", "link", "instansi", "organisasi", "organisation",
               "organization", "judul", "title", "subject", "subjek"}
# A column whose filled cells repeat this much is a category ("Selesai ditindaklanjuti oleh
# OPD terkait"), however long its values: free answers hardly ever repeat.
CATEGORY_SHARE = 0.5
# ...unless its heading asks or names answers and it has more values than a list of choices
# has (a survey's answers to "Apa saran Anda?" repeat more than complaints do)
MOST_CHOICES = 30
# A column of the other side's words: a reply word, alone or with an official's.
_REPLY_WORDS = {"balasan", "reply", "replies", "tindak", "tindaklanjut", "tanggapan", "respon",
                "response", "jawaban", "answer"}
_OFFICIAL_WORDS = {"petugas", "admin", "operator", "opd", "dinas", "pemerintah", "pemkot", "pemda",
                   "officer", "staff", "council", "instansi", "pengelola", "government", "agency"}
_ALWAYS_REPLY = {"balasan", "reply", "replies"}
# Who a row's author is, to the letter: not stored unless asked for (research ethics).
_PERSONAL_WORDS = {"hp", "telepon", "telp", "telpon", "phone", "mobile", "whatsapp", "wa", "email", "mail",
                   "nik", "ktp", "alamat", "address", "kontak", "contact", "ponsel", "handphone", "hape",
                   "surel", "telephone"}
# ...or whatever its heading, a column whose cells are mostly phone numbers (08…, 628…,
# +62 8…, or any number written with a country code), e-mail addresses or NIKs (16 digits)
_CONTACT = re.compile(r"(?:0\d{8,11}|\+?628\d{7,11}|\+\d{8,15}|[1-9]\d{15}|[^@\s]+@[^@\s]+\.[^@\s]+)")
_NUMBER_MARKS = re.compile(r"[\s\-.()/]")
CONTACT_SHARE = 0.5
# ...unless its heading says it holds codes: a region's code (0320401200) looks like a number
_CODE_WORDS = {"kode", "code", "kodepos", "pos", "wilayah", "id"}
_PERSONAL_NAMES = {"nama", "name", "nama lengkap", "full name", "nama pelapor", "nama responden",
                   "respondent name", "your name", "nama anda", "reporter", "pelapor", "first name",
                   "last name", "surname"}
# What a respondent writes for no answer at all: a blank, as far as coding goes.
_NON_ANSWERS = {"", "tidak ada", "tdk ada", "tak ada", "gak ada", "ga ada", "nggak ada", "belum ada",
                "tidak", "tdk", "nihil", "kosong", "no", "none", "nothing", "nil", "na", "n a", "x"}
_LONGEST_NON_ANSWER = max(map(len, _NON_ANSWERS))
_WORD = re.compile(r"\w+")


def is_non_answer(cell: str) -> bool:
    """"-", ".", "tidak ada", "N/A", "Nothing": no answer, though the cell is filled."""
    words, length = [], -1
    for word in _WORD.finditer(cell.casefold()):  # a long answer is told after a few words
        words.append(word.group())
        length += len(words[-1]) + 1
        if length > _LONGEST_NON_ANSWER:
            return False
    return " ".join(words) in _NON_ANSWERS


def name_words(name: str) -> list[str]:
    """A column name as lowercase words: "No. Tiket" is ["no", "tiket"]."""
    return _WORD.findall(name.casefold())


@dataclass(frozen=True)
class Columns:
    """Column positions by role (see the module's docstring)."""

    texts: list[int]
    key: int | None = None
    replies: list[int] = field(default_factory=list)
    case: int | None = None
    date: int | None = None
    language: int | None = None
    attributes: list[int] = field(default_factory=list)
    left_out: list[int] = field(default_factory=list)  # personal data, or not among [tables] attributes
    notes: tuple[str, ...] = ()  # why a column that looked like a key is not one, etc.

    def describe(self, header: list[str]) -> str:
        """One line for the user: which column plays which part."""
        def names(positions: list[int]) -> str:
            return ", ".join(repr(header[p]) for p in positions)

        parts = [f"text from {names(self.texts)}"
                 + (f" (and, not coded, the replies in {names(self.replies)})" if self.replies else ""),
                 f"rows named by {header[self.key]!r}" if self.key is not None else
                 "rows named by their row number when first read (a row that moves is found by its "
                 "cells; a column of ids would name the rows for good)"]
        if self.case is not None:
            parts.append(f"case from {header[self.case]!r}")
        if self.date is not None:
            parts.append(f"date from {header[self.date]!r}")
        if self.language is not None:
            parts.append(f"language from {header[self.language]!r}")
        if self.attributes:
            parts.append(f"attributes {names(self.attributes)}")
        if self.left_out:
            parts.append(f"left out {names(self.left_out)}")
        return "; ".join(parts)


def plan_columns(header: list[str], rows: list[list[str]], given: dict | None = None) -> Columns:
    """Each column's role; `texts` empty when no column holds free text. `given` settles
    roles by position ({"text": [3], "key": 0, "attributes": [1, 2]}, from [tables])."""
    given = given or {}
    words = [name_words(name) for name in header]
    joined = [" ".join(w) for w in words]
    taken = {p for value in given.values() for p in (value if isinstance(value, list) else [value])}
    notes: list[str] = []

    def first(role: str, test) -> int | None:
        if role in given:
            return given[role]
        found = next((p for p in range(len(header)) if p not in taken and test(p)), None)
        if found is not None:
            taken.add(found)
        return found

    # never a column of contacts ("No. WhatsApp", "No. WA"): a row's id is quoted in every report
    key = first("key", lambda p: _is_key_name(words[p], joined[p]) and not _is_personal(words[p], joined[p])
                and not _holds_contacts(p, rows))
    if key is not None and not _names_rows(key, rows):
        notes.append(f"column {header[key]!r} has empty or repeated values, so rows are named by "
                     "their row number (an attribute of each row's case, as it is)")
        if "key" not in given:
            taken.discard(key)
        key = None
    case = first("case", lambda p: joined[p] in _CASE_NAMES and _short(p, rows))
    date = first("date", lambda p: bool(set(words[p]) & _DATE_WORDS) and _short(p, rows))
    language = first("language", lambda p: joined[p] in _LANGUAGE_NAMES and _short(p, rows))
    found = [p for p in range(len(header)) if p not in taken and _is_text(header[p], words[p], p, rows)]
    # an officer's replies are often templates, which repeat: named as replies, they are still text
    templated = [p for p in range(len(header)) if p not in taken and p not in found and _is_reply(words[p])
                 and _mean_words(p, rows) >= NAMED_TEXT_WORDS]
    replies = given.get("replies") or ([] if "text" in given else
                                       [p for p in sorted(found + templated) if _is_reply(words[p])])
    texts = given.get("text") or [p for p in found if p not in replies]
    taken.update(texts + replies)
    rest = [p for p in range(len(header)) if p not in taken]
    notes.extend(f"column {header[p]!r} reads as a question, but its answers are short ({_mean_words(p, rows):.1f} "
                 "words on average), so it is an attribute; name it in [tables] text to code it"
                 for p in rest if "text" not in given and header[p].rstrip().endswith("?")
                 and NAMED_TEXT_WORDS > _mean_words(p, rows) > 0 and _free(p, rows))
    if "attributes" in given:
        attributes, left_out = given["attributes"], rest
    else:
        left_out = [p for p in rest if _is_personal(words[p], joined[p])
                    or (not set(words[p]) & _CODE_WORDS and _holds_contacts(p, rows))]
        attributes = [p for p in rest if p not in left_out]
    return Columns(texts, key, replies, case, date, language, attributes, left_out, tuple(notes))


def _is_reply(words: list[str]) -> bool:
    said = set(words)
    return bool(said & _ALWAYS_REPLY) or bool(said & _REPLY_WORDS and said & _OFFICIAL_WORDS)


def _free(position: int, rows: list[list[str]]) -> bool:
    """Answers that hardly repeat (not a choice among a few: "Puas", "Kurang puas")."""
    filled = [row[position] for row in rows if not is_non_answer(row[position])]
    return len(set(filled)) >= CATEGORY_SHARE * len(filled)


def _is_personal(words: list[str], joined: str) -> bool:
    return joined in _PERSONAL_NAMES or bool(set(words) & _PERSONAL_WORDS)


def _holds_contacts(position: int, rows: list[list[str]]) -> bool:
    """Are most of the column's filled cells phone numbers, e-mail addresses or NIKs?"""
    filled = [row[position].strip() for row in rows if row[position].strip() not in ("", "-")]
    contacts = sum(1 for value in filled if _CONTACT.fullmatch(_NUMBER_MARKS.sub("", value) if "@" not in value
                                                               else value))
    return bool(filled) and contacts >= CONTACT_SHARE * len(filled)


def _is_key_name(words: list[str], joined: str) -> bool:
    if joined in _KEY_NAMES:
        return True
    # "No", "No. Tiket", "ID Laporan", "Kode Aduan", "Ticket number"; not "Nomor HP"
    if not words or len(words) > 3 or "hp" in words or "telepon" in words or "phone" in words:
        return False
    return words[0] in _KEY_WORDS or words[-1] in {"id", "no", "number", "nomor"}


def _names_rows(position: int, rows: list[list[str]]) -> bool:
    values = [row[position] for row in rows]
    return all(values) and len(set(values)) == len(values)


def _mean_words(position: int, rows: list[list[str]]) -> float:
    filled = [len(row[position].split()) for row in rows if not is_non_answer(row[position])]
    return statistics.fmean(filled) if filled else 0.0


def _short(position: int, rows: list[list[str]]) -> bool:
    return _mean_words(position, rows) < FREE_TEXT_WORDS


def _is_text(name: str, words: list[str], position: int, rows: list[list[str]]) -> bool:
    named = bool(set(words) & _TEXT_WORDS)
    if not named and set(words) & _NEVER_TEXT:
        return False
    # a question as heading ("Apa kendala Anda?") or a name that says "answers" or "comments"
    asked = named or name.rstrip().endswith("?")
    if repeats(position, rows) and not (asked and len(set(_filled(position, rows))) > MOST_CHOICES):
        return False
    mean = _mean_words(position, rows)
    if mean >= FREE_TEXT_WORDS:
        return True
    return asked and mean >= NAMED_TEXT_WORDS


def _filled(position: int, rows: list[list[str]]) -> list[str]:
    return [row[position] for row in rows if not is_non_answer(row[position])]


def repeats(position: int, rows: list[list[str]]) -> bool:
    """Whether a column's answers repeat as a category's do (from ten filled cells)."""
    filled = _filled(position, rows)
    return len(filled) >= 10 and len(set(filled)) < CATEGORY_SHARE * len(filled)


def refused_for_repeating(header: list[str], rows: list[list[str]]) -> list[str]:
    """Columns long enough to be free text that were read as categories, since their
    values repeat: what a table with no text column may have instead (said, not guessed)."""
    return [f"{header[p]!r} ({len(set(_filled(p, rows)))} different answers in {len(_filled(p, rows))})"
            for p in range(len(header)) if repeats(p, rows) and _mean_words(p, rows) >= FREE_TEXT_WORDS]
