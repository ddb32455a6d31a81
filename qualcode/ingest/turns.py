"""Cut a transcript into speaker turns and their paragraphs.

A line starts a turn when it opens with a speaker label and a colon:
`Nama: …`, `P: …` / `I: …`, `Pewawancara: …`, `[00:01:02] Name: …`. To keep a
sentence such as "Jadi begini: …" from passing for a speaker, a label counts
only when it is a known role word or recurs at line starts in the same file.
A blank line ends a paragraph; unlabelled paragraphs that follow still belong
to the same speaker's turn (each span says which turn it is part of, and
`qualcode.ingest.units` joins or cuts them into the configured coding unit).
A heading (`## Bagian B: Anggaran`, as Markdown writes it and as a Word heading is
read) ends the turn: it is the researcher's title for what follows, no one's words.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
# What a group discussion writes after a name: the role in brackets, `P1 (Kades Sukamaju):`,
# `Bu Sri (ibu PKK):`, or after a slash or a comma, `Bu Sri/PKK:`, `Pak Anton, Bappeda:`. The
# speaker is known by the name before it (`label_key`); the label keeps it, for quotes.
_QUALIFIER = r"[ \t]*\([^()\n:]{1,60}\)|[ \t]*/[ \t]*[^\W\d_][\w.'’\- ]{0,40}?|,[ \t]+[^\W\d_][\w.'’\- ]{0,40}?"
_LABEL = (r"(?P<label>(?P<base>[^\W\d_][\w.'’\-]*(?:[ \t][\w.'’\-]+){0,5}?)"
          rf"(?P<qualifier>{_QUALIFIER})?)")
_TURN = re.compile(
    # a time first, in brackets or followed by a space: `[00:01:02] Bu Sari:`, `00:01:02 Bu Sari:`
    rf"^[ \t]*(?:[\[(](?P<ts>{_TIME})[\])][ \t]*|(?P<bare_ts>{_TIME})[ \t]+)?"
    # Markdown's bold, italic or both, `**Bu Sari:**` or `***Bu Sari***:`, as written in .md files;
    # its closing marks end the label, so the words may follow without a space
    r"(?P<em>\*{1,3}|_{1,3})?"
    rf"{_LABEL}[ \t]*"
    r"(?(em)(?:(?P=em):|:(?P=em))[ \t]*|:(?:[ \t]+|$))"
)
# A speaker and a time alone on a line, the words on the lines below, as transcription
# services export them: `Speaker 1  0:03` (Otter, Teams), `00:00:05 Speaker 1` (Word).
_HEADER = re.compile(rf"^[ \t]*(?:(?P<lead_ts>{_TIME})[ \t]+)?{_LABEL}"
                     rf"(?:[ \t]+[\[(]?(?P<ts>{_TIME})[\])]?)?[ \t]*$")


# A meeting tool's notice on a line of its own, as Teams writes it into a transcript .docx
# ("Rina Peneliti stopped transcription"): no one's words, and it ends the turn above it
_NOTICE = re.compile(r"^[ \t]*(?:[A-Z][\w.'’-]*,?[ \t]+){1,6}(?:(?:started|stopped)[ \t]+transcription"
                     r"|(?:memulai|menghentikan)[ \t]+transkripsi)[ \t]*$")


def _label_line(line: str) -> re.Match | None:
    """The speaker label opening a line, `Name: …` or a `Name  0:03` header, if any."""
    found = _TURN.match(line)
    if found is None:
        found = _HEADER.match(line)
        if not (found and (found["ts"] or found["lead_ts"])):
            return None
    return found if _qualifier_fits(found) and _length_fits(found["base"]) else None


# A label of more words than this is a name only when every word is capitalised, as an office
# and its place are ("Ibu Kasi Kesra Desa Karanganyar:"): "Pak Camat bilang begini ke kami:"
# is a sentence that quotes him
LABEL_WORDS = 4


def _length_fits(base: str) -> bool:
    words = base.split()
    return len(words) <= LABEL_WORDS or name_like(base)


def _qualifier_fits(found: re.Match) -> bool:
    """A role after a slash or a comma follows a person or a role (`Bu Sri/PKK:`, `Peserta 3,
    guru:`): after any other word it is a sentence's ("Ya, betul: …", "Hari/Tanggal: …")."""
    qualifier = (found["qualifier"] or "").lstrip()
    if not qualifier or qualifier.startswith("("):
        return True
    key = label_key(found["base"])
    return named_person(found["base"]) or key in ROLE_LABELS or numbered_role(key) is not None


def speaker_named(line: str) -> bool:
    """Does the line open with the label of a speaker known without the rest of the text:
    a role word, a numbered role or a person addressed by title (`Pewawancara: …`)?"""
    found = _label_line(line)
    if found is None:
        return False
    key = label_key(found["label"])
    return key in ROLE_LABELS or numbered_role(key) is not None or named_person(found["label"])


def _time_of(found: re.Match) -> str | None:
    times = found.groupdict()
    return times.get("ts") or times.get("bare_ts") or times.get("lead_ts")


# A Markdown heading line: one to six #s and a space (a hashtag has no space after its #).
_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+(?=\S)")
_LINE = re.compile(r"[^\n]+")
ROLE_LABELS = {
    "pewawancara", "interviewer", "peneliti", "researcher", "moderator", "penanya", "fasilitator",
    "facilitator", "informan", "narasumber", "responden", "participant", "respondent", "interviewee",
    "informant", "key informant", "informan kunci", "narasumber kunci", "peserta",
    "p", "i", "r", "n", "q", "a",
}
# A role numbered in a group discussion: `Informan 2`, `Peserta 3`, `Speaker 1`. A letter
# and a number is not one: `P1:`/`J1:` number questions and answers (Pertanyaan, Jawaban),
# `R1:` a document's recommendations.
_NUMBERED_ROLE = re.compile(r"(?P<role>[^\W\d_]{2,}) ?\d{1,3}")
NUMBERED_ROLES = {"peserta", "speaker", "pembicara", "penutur", "partisipan", "informan", "narasumber",
                  "responden", "participant", "respondent", "interviewee", "informant", "pewawancara",
                  "interviewer", "moderator", "peneliti", "fasilitator", "facilitator"}


def numbered_role(key: str) -> str | None:
    """The role of a numbered label (`informan 2` → informan), else None."""
    found = _NUMBERED_ROLE.fullmatch(key)
    return found["role"] if found and found["role"] in NUMBERED_ROLES else None


# Labels whose turns are the interviewer's, before front matter adds its own.
INTERVIEWER_LABELS = {"pewawancara", "interviewer", "peneliti", "researcher", "moderator",
                      "penanya", "fasilitator", "facilitator", "q"}
# One-letter conventions differ by language: Indonesian P = Pewawancara, I = Informan;
# English I = Interviewer, P/R = participant/respondent.
INTERVIEWER_LETTER = {"id": "p", "en": "i"}


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    speaker: str | None = None
    timestamp: str | None = None
    turn: int | None = None  # which speaker turn this paragraph belongs to; None outside turns
    heading: bool = False  # a section heading (its #s left out), or a meeting tool's notice: no one's words


QUALIFIED_AT = re.compile(r"[(/,]")


def label_key(label: str) -> str:
    """Who a label names, as compared: lower case, spaces made one, without the role a group
    discussion adds (`P1 (Kades)` is `p1`, as is a later `P1:`)."""
    base = QUALIFIED_AT.split(label, 1)[0]
    return " ".join(base.lower().split()).rstrip(".")


def accepted_labels(text: str, extra: set[str] = frozenset()) -> set[str]:
    """Labels that really mark speakers in this text.

    A label counts when it is a role word, declared, or recurs. When that leaves only
    the interviewer speaking, someone must be answering: a one-off label written like
    a name (every word capitalised, as in "Tamu:" or "Pak Hadi:") counts too."""
    return _accepted([m for line in text.split("\n") if (m := _label_line(line))], extra)


# Words of address before a name: "Pak Kades:", "Bu Ani:", "Dr. Sari:" name a person even once.
HONORIFICS = {"pak", "bu", "ibu", "bapak", "mas", "mbak", "kak", "bang", "dik", "om", "tante", "kang",
              "teh", "cak", "uda", "uni", "bli", "daeng", "ustaz", "ustadz", "haji", "hj", "sdr", "sdri",
              "saudara", "saudari", "mr", "mrs", "ms", "miss", "dr", "prof", "drs", "ir"}


# An office a person is addressed by, before a name or a place: "Kades Sukamaju:", "Camat
# Ngasem:", "Kabid Aptika:", as a group discussion's notes name those who spoke once.
OFFICE_TITLES = {"kades", "sekdes", "lurah", "camat", "sekcam", "kadus", "kabid", "kasi", "kasubag", "kasubbag",
                 "kadis", "kaban", "sekda", "bupati", "wabup", "walikota", "wawali", "ketua", "kepala",
                 "babinsa", "bhabinkamtibmas", "bidan", "dokter", "kapolsek", "danramil"}


def named_person(label: str) -> bool:
    """A label that names a person by title and name (Pak Kades, Bu Ani, Dr. Sari, Kades
    Sukamaju)."""
    words = label.split()
    return (len(words) >= 2 and words[0].lower().rstrip(".") in HONORIFICS | OFFICE_TITLES
            and words[1][:1].isupper())


def name_like(label: str) -> bool:
    return all(word[:1].isupper() for word in label.split())


# A participant numbered as a code, `P1`, `I2`, `R3`, is one when a role follows it:
# `P1 (Kades Sukamaju):`, `P2-Sekdes:` (alone, `P1:` may number a question)
_CODED_PARTICIPANT = re.compile(r"[^\W\d_]{1,2}\d{1,3}")
_CODED_WITH_ROLE = re.compile(r"[^\W\d_]{1,2}\d{1,3}-[^\W\d_][\w.'’\-]*")


def _coded_participant(found: re.Match) -> bool:
    base = found["base"].strip()
    in_brackets = (found["qualifier"] or "").lstrip().startswith("(")
    return bool((in_brackets and _CODED_PARTICIPANT.fullmatch(base)) or _CODED_WITH_ROLE.fullmatch(base))


def _accepted(matches: list[re.Match], extra: set[str]) -> set[str]:
    """`accepted_labels`, from the label matches of the text's lines. Where others speak, a
    one-off label of a person addressed by title ("Pak Kades:") counts too: in a group
    discussion someone may speak once."""
    counts = Counter(label_key(m["label"]) for m in matches)
    accepted = {label for label, n in counts.items()
                if n >= 2 or label in ROLE_LABELS or label in extra or numbered_role(label)}
    accepted |= {label_key(m["label"]) for m in matches if _coded_participant(m)}
    if accepted and accepted <= INTERVIEWER_LABELS | set(extra):
        accepted |= {label_key(m["label"]) for m in matches if name_like(m["base"])}
    elif accepted:
        accepted |= {label_key(m["label"]) for m in matches if named_person(m["base"])}
    return accepted


def _lone(matches: list[re.Match], accepted: set[str]) -> list[str]:
    """Labels written like a name ("Kades:") that appear once where others mark turns, and
    so are read as words of the turn before: a speaker who spoke once, or a note."""
    if not accepted:
        return []
    return list(dict.fromkeys(m["label"].strip() for m in matches
                              if label_key(m["label"]) not in accepted and name_like(m["base"])))


# The field names of a header block atop a transcript ("Hari/Tanggal: Rabu, 22 Mei 2024",
# "Tempat: Kantor Camat", "Date: 3 May"): a field is one when its label's first word is one.
HEADER_FIELDS = {
    "tanggal", "hari", "waktu", "jam", "pukul", "tempat", "lokasi", "durasi", "lama", "media", "topik",
    "tema", "judul", "kode", "jabatan", "instansi", "alamat", "usia", "umur", "pendidikan", "transkrip",
    "transkriptor", "pencatat", "perekam", "rekaman", "nomor", "no",
    "date", "day", "time", "place", "location", "venue", "duration", "length", "topic", "title", "code",
    "position", "organisation", "organization", "age", "gender", "transcriber", "transcribed", "recording",
    "file", "interview",
}
_FIELD = re.compile(r"^[ \t]*(?P<label>[^\W\d_][^:\n]{0,40}?)[ \t]*:(?:[ \t]|$)")
_FIELD_WORD = re.compile(r"[^\W\d_]+")
# A title line in a header block ("TRANSKRIP WAWANCARA"): no colon, and this short.
TITLE_WORDS = 10
# A block of this many fields or more, in this many lines at most, is a header whatever its
# other short lines' labels: the turns below may use them too.
HEADER_FIELDS_AT_LEAST = 2
HEADER_LINES_AT_MOST = 8


def _header_field(line: str) -> bool:
    found = _FIELD.match(line)
    first = _FIELD_WORD.match(found["label"]) if found else None
    return bool(first) and first.group().lower() in HEADER_FIELDS


def header_lines(lines: list[str], line_matches: list[re.Match | None]) -> range:
    """The lines of a header atop a transcript: its title ("TRANSKRIP WAWANCARA") and blocks of
    fields such as "Hari/Tanggal: …" and "Tempat: …", blank lines between them or not (Word
    writes each as a paragraph). A block of fields may also name who took part ("Informan:
    Bapak Camat (I9)", "Pewawancara: Rina"), in a short line whose label marks no later line
    (the turns then say "P:", "I:"). Some text must follow. Empty when there is none."""
    last = {label_key(m["label"]): k for k, m in enumerate(line_matches) if m}

    def kind(k: int, among_fields: bool) -> str:
        line, match = lines[k], line_matches[k]
        if _header_field(line):
            return "field"
        if match is not None:
            # among a header's fields, "Informan: Ibu Sari (I5)" names her even when the turns
            # below say "Informan:" too
            short = len(line[match.end():].split()) <= TITLE_WORDS
            return "who" if short and (among_fields or last[label_key(match["label"])] == k) else "words"
        return "title" if ":" not in line and len(line.split()) <= TITLE_WORDS else "words"

    header_end = None
    k = 0
    while k < len(lines):
        if not lines[k].strip() or _HEADING.match(lines[k]):
            k += 1
            continue
        block_end = next((j for j in range(k, len(lines)) if not lines[j].strip() or _HEADING.match(lines[j])),
                         len(lines))
        fields = sum(1 for j in range(k, block_end) if _header_field(lines[j]))
        among_fields = fields >= HEADER_FIELDS_AT_LEAST and block_end - k <= HEADER_LINES_AT_MOST
        kinds = {kind(j, among_fields) for j in range(k, block_end)}
        if "words" in kinds or ("who" in kinds and "field" not in kinds):
            break
        if "field" in kinds:
            header_end = block_end
        k = block_end
    if header_end is None or not any(line.strip() for line in lines[header_end:]):
        return range(0)
    return range(next(j for j, line in enumerate(lines) if line.strip() and not _HEADING.match(line)), header_end)


def paragraphs(text: str) -> list[Span]:
    """Blank-line separated blocks, trimmed, as spans; a heading line is a span of its own."""
    spans: list[Span] = []
    for block in re.finditer(r"[^\n]+(?:\n[ \t]*[^\s][^\n]*)*", text):
        start = block.start()
        for line in _LINE.finditer(text, block.start(), block.end()) if "#" in block.group() else ():
            if heading := _HEADING.match(line.group()):
                if text[start:line.start()].strip():
                    spans.append(Span(*_trimmed(text, start, line.start())))
                spans.append(Span(*_trimmed(text, line.start() + heading.end(), line.end()), heading=True))
                start = line.end()
        if text[start:block.end()].strip():
            spans.append(Span(*_trimmed(text, start, block.end())))
    return spans


def speaker_turns(text: str, extra_labels: set[str] = frozenset(), lone: list[str] | None = None) -> list[Span]:
    """Segments of a transcript with speakers; falls back to paragraphs where no label is found.
    `lone`, when given, receives the labels written like a name that mark a turn only once
    where others mark turns (read as words of the turn before), from the same reading."""
    lines = text.split("\n")
    line_matches = [_label_line(line) for line in lines]  # each line read once, for every use
    for k in header_lines(lines, line_matches):  # no one's turn: before the first, so not coded
        line_matches[k] = None
    found = [m for m in line_matches if m]
    labels = _accepted(found, {label_key(x) for x in extra_labels})
    if lone is not None:
        lone.extend(_lone(found, labels))
    spans: list[Span] = []
    speaker = timestamp = turn = None
    seg_start = seg_end = None
    offset = 0
    turns_seen = 0

    def close() -> None:
        nonlocal seg_start, seg_end
        if seg_start is not None and seg_end is not None and seg_end > seg_start:
            spans.append(Span(seg_start, seg_end, speaker, timestamp, turn))
        seg_start = seg_end = None

    for line, match in zip(lines, line_matches):
        line_end = offset + len(line)
        heading = _HEADING.match(line) or _NOTICE.match(line)
        if heading:
            close()
            speaker = timestamp = turn = None
            begin = offset + (heading.end() if heading.re is _HEADING else len(line) - len(line.lstrip()))
            spans.append(Span(begin, offset + len(line.rstrip()), heading=True))
            offset = line_end + 1
            continue
        if match and label_key(match["label"]) in labels:
            close()
            speaker, timestamp, turn = match["label"].strip(), _time_of(match), turns_seen
            turns_seen += 1
            content_start = offset + match.end()
        elif not line.strip():
            close()
            offset = line_end + 1
            continue
        else:
            content_start = offset
        if line[content_start - offset:].strip():
            if seg_start is None:
                seg_start = content_start + (len(line[content_start - offset:])
                                             - len(line[content_start - offset:].lstrip()))
            seg_end = offset + len(line.rstrip())
        offset = line_end + 1
    close()
    return spans


def is_interviewer(speaker: str | None, language: str, declared: set[str] = frozenset()) -> bool:
    """Is this the interviewer's turn? A label declared in front matter replaces the
    one-letter convention, which differs between languages."""
    if speaker is None:
        return False
    named = label_key(speaker)
    key = numbered_role(named) or named  # `Moderator 2` is an interviewer
    if declared:  # `Speaker 1` declared is that speaker, not every numbered one
        return named in {label_key(x) for x in declared} or key in INTERVIEWER_LABELS
    return key in INTERVIEWER_LABELS or key == INTERVIEWER_LETTER.get(language)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
