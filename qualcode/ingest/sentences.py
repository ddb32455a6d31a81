"""Cut a stretch of text into sentences with a small rule set (no language model at ingest).

A sentence ends at `.`, `!`, `?` or `…` (a run such as `?!` or `...` counts as one),
perhaps followed by closing quotes or brackets, when white space follows and the
next text opens a sentence: a capital letter or a digit, perhaps behind an
opening quote or bracket. That one condition keeps together what Indonesian and
English transcripts are full of: decimals and amounts (`3,5`, `Rp1.500.000`),
times (`10.30`), addresses (`contoh.id`) and an abbreviation inside a sentence
(`kamera, server, dll. untuk pusat data`).

Some periods do not end a sentence even then:
- after a title or address written before a name (`Bpk. Hadi`, `Dr. Sari`,
  `Jl. Merdeka`, `Mr. Smith`): TITLE_ABBREVIATIONS;
- after a label written before a number, when a number follows (`No. 17`,
  `Rp. 500`, `Pasal 5 ayat (2)`, `Santoso dkk. (2020)`): NUMBER_ABBREVIATIONS.
  Followed by a capital they may end one (`Dinkes, Dinsos, dkk. Semua …`);
- after a single capital initial (`A. Yani`, `H. Ahmad`).
`Pak.` and `Bu.` are not abbreviations: `Selamat pagi, Bu. Saya …` is two sentences.

Abbreviations that can close a sentence (`dll.`, `dsb.`, `dst.`, `etc.`) follow the
general rule: `…, dll. Kemudian …` is two sentences, `…, dll. untuk …` one.
A piece with fewer than two letters (a list marker such as `1.` or `a.`) joins the
sentence after it. A single line break does not end a sentence; paragraphs are cut
before this runs.
"""

from __future__ import annotations

import re

# Lowercase, without the final period. Indonesian first, then English.
TITLE_ABBREVIATIONS = frozenset({
    "bpk", "bp", "sdr", "sdri", "yth", "dr", "drs", "dra", "ir", "prof", "hj", "kh", "tn", "ny",
    "nn", "jl", "jln", "gg", "kel", "kec", "kab", "prov", "a.n", "u.p",
    "mr", "mrs", "ms", "mx", "st", "vs", "e.g", "i.e", "cf", "approx", "dept",
})
NUMBER_ABBREVIATIONS = frozenset({
    "no", "nmr", "nomor", "rp", "rt", "rw", "tgl", "hlm", "hal", "ps", "psl", "dkk", "s.d", "vol",
    "fig", "p", "pp", "al",  # al: et al.
})
_END = re.compile(r"[.!?…]+[\"'”’)\]]*")
_OPENING = "\"'“‘(["
_WORD_BEFORE = re.compile(r"(?<![\w.])([^\W\d_][\w.]*)$")


def _opens_sentence(text: str, position: int, end: int) -> bool:
    while position < end and text[position] in _OPENING:
        position += 1
    return position < end and (text[position].isupper() or text[position].isdigit())


def _is_abbreviation_period(text: str, start: int, period: int, following: int) -> bool:
    """Is the period at text[period] an abbreviation's, which ends no sentence here?"""
    word = _WORD_BEFORE.search(text, max(start, period - 30), period)
    if not word:
        return False
    token = word.group(1).lower()
    if token in TITLE_ABBREVIATIONS or (len(token) == 1 and word.group(1).isupper()):
        return True
    while following < len(text) and text[following] in _OPENING:
        following += 1
    return token in NUMBER_ABBREVIATIONS and following < len(text) and text[following].isdigit()


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentences of text[start:end], as trimmed (start, end) code-point offsets into `text`."""
    pieces: list[tuple[int, int]] = []
    sentence_start = start
    for match in _END.finditer(text, start, end):
        stop = match.end()
        if stop >= end or not text[stop].isspace():
            continue
        following = stop
        while following < end and text[following].isspace():
            following += 1
        if not _opens_sentence(text, following, end):
            continue
        if match.group().rstrip("\"'”’)]") == "." \
                and _is_abbreviation_period(text, sentence_start, match.start(), following):
            continue
        if not _two_letters(text, sentence_start, stop):
            continue  # a list marker such as "1." or "a." belongs to what follows
        pieces.append((sentence_start, stop))
        sentence_start = following
    pieces.append((sentence_start, end))
    return [trimmed for piece in pieces if (trimmed := _trim(text, *piece))[1] > trimmed[0]]


def _two_letters(text: str, start: int, stop: int) -> bool:
    """Does text[start:stop] hold two letters? Read only as far as the second: a long run
    of text with many periods that end no sentence was counted whole at each of them."""
    seen = False
    for position in range(start, stop):
        if text[position].isalpha():
            if seen:
                return True
            seen = True
    return False


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
