"""WebVTT and SubRip captions: cues become speaker turns, timestamps are kept."""

from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path

from qualcode.errors import InputError
from qualcode.ingest.turns import ROLE_LABELS, Span, label_key, name_like, named_person

_VTT_TIME = r"(?:\d{1,2}:)?\d{2}:\d{2}\.\d{3}"
_SRT_TIME = r"\d{1,2}:\d{2}:\d{2},\d{3}"
_VTT_CUE = re.compile(rf"^({_VTT_TIME})[ \t]+-->[ \t]+({_VTT_TIME})(?:[ \t].*)?$")
_SRT_CUE = re.compile(rf"^({_SRT_TIME})[ \t]+-->[ \t]+({_SRT_TIME})[ \t]*$")
_VOICE = re.compile(r"<v(?:\.[\w.-]+)?[ \t]+([^>]+)>")
_TAG = re.compile(r"</?[^>]+>")
# What Teams and Zoom add to a name by the person's place in the meeting, not who they are:
# "Rina Peneliti (Guest)" is Rina Peneliti in every turn.
_MEETING_ROLE = re.compile(r"\s*\((?:guest|tamu|external|eksternal|host|tuan rumah|unverified)\)\s*$",
                           re.IGNORECASE)
# A display name as meetings show it, titles and place included: "Agus Wibowo, S.H., M.H.:",
# "Rina Peneliti (Host):"
_SPEAKER_PREFIX = re.compile(r"^([^\W\d_][\w.'’\- ]{0,40}?"
                             r"(?:,[ \t]*[\w.'’\- ]{1,20}?)*"  # titles after commas
                             r"(?:[ \t]*\([^()\n:]{1,30}\))?)"  # the place in the meeting
                             r":[ \t]+")
# Anything before a colon at a cue's start, as a name a meeting shows may be written
_ANY_PREFIX = re.compile(r"^([^:\n]{1,50}?):[ \t]+")
UNNAMED = object()  # a cue that opens with a name that was not read as one
# A cue's time line with its arrow damaged ("00:00:12,000 -> 00:00:15,000"): its words would
# otherwise be passed over
_TIMES_WITHOUT_ARROW = re.compile(r"^(?:\d{1,2}:)?\d{1,2}:\d{2}[.,]\d{1,3}[ \t]*[-=>—–][-=>—– \t]{0,4}"
                                  r"(?:\d{1,2}:)?\d{1,2}:\d{2}")


def _seconds(stamp: str) -> float:
    parts = stamp.replace(",", ".").split(":")
    seconds = float(parts[-1])
    minutes = int(parts[-2])
    hours = int(parts[-3]) if len(parts) == 3 else 0
    return hours * 3600 + minutes * 60 + seconds


def _possible(stamp: str) -> bool:
    """Are a cue time's minutes and seconds below 60 (99:99:99,999 is no time)?"""
    parts = stamp.replace(",", ".").split(":")
    return int(parts[-2]) < 60 and float(parts[-1]) < 60


def _cues(text: str, path: Path, cue_line: re.Pattern, kind: str) -> list[tuple[str, str | None, str]]:
    """(start time, speaker, text) for each cue, in file order."""
    lines = text.split("\n")
    cues: list[tuple[str, str | None, str]] = []
    i = 0
    # WebVTT's header, NOTE, STYLE and REGION blocks hold no one's words; a block ends at a
    # blank line. Any other line outside a cue would be words passed over without a trace.
    block = "header" if kind == "WebVTT" else None
    while i < len(lines):
        line = lines[i].strip()
        if "-->" not in line:
            if _TIMES_WITHOUT_ARROW.match(line):
                raise InputError(path, f"broken {kind} cue time {line!r} (its arrow must be -->)", line=i + 1)
            if not line:
                block = None
            elif block is None and kind == "WebVTT" and line.split()[0] in ("NOTE", "STYLE", "REGION"):
                block = "note"
            elif block is None and not line.isdigit() and not _cue_id_at(lines, i):  # a stray number holds no words
                raise InputError(path, f"words outside a cue: {line[:40]!r} (a blank line inside the cue "
                                       "above, or a cue whose time line is missing?)", line=i + 1)
            i += 1
            continue
        match = cue_line.match(line)
        if not match:
            raise InputError(path, f"broken {kind} cue time {line!r}{_time_hint(line, kind)}", line=i + 1)
        start, end = match.groups()
        impossible = next((stamp for stamp in (start, end) if not _possible(stamp)), None)
        if impossible:
            raise InputError(path, f"{kind} cue time {impossible} is no time: minutes and seconds run to 59",
                             line=i + 1)
        if _seconds(end) < _seconds(start):
            raise InputError(path, f"{kind} cue ends before it starts ({line})", line=i + 1)
        payload = []
        i += 1
        while i < len(lines) and lines[i].strip() and not _next_cue_at(lines, i):
            payload.append(lines[i].strip())
            i += 1
        body = " ".join(payload)
        voice = _VOICE.search(body)
        speaker = _MEETING_ROLE.sub("", voice.group(1)).strip() if voice else None
        body = html.unescape(_TAG.sub("", body)).strip()
        if body:
            cues.append((start, speaker, body))
    if not cues:
        raise InputError(path, f"no {kind} cues found")
    return _with_text_speakers(cues)


def _time_hint(line: str, kind: str) -> str:
    """How the time line should be written, where the mistake is a common one."""
    if kind == "SubRip" and re.search(r"\d{2}:\d{2}\.\d{3}", line):
        return " (SubRip writes 00:00:01,000, a comma before the milliseconds; with dots it is WebVTT: .vtt)"
    if kind == "WebVTT" and re.search(r"\d{2}:\d{2},\d{3}", line):
        return " (WebVTT writes 00:00:01.000, a dot before the milliseconds; with commas it is SubRip: .srt)"
    return " (hh:mm:ss,mmm --> hh:mm:ss,mmm)" if kind == "SubRip" else " (hh:mm:ss.mmm --> hh:mm:ss.mmm)"


def _cue_id_at(lines: list[str], i: int) -> bool:
    """Is line i a cue's number or identifier: its time line (or a damaged one) right below?"""
    return i + 1 < len(lines) and ("-->" in lines[i + 1] or bool(_TIMES_WITHOUT_ARROW.match(lines[i + 1].strip())))


def _next_cue_at(lines: list[str], i: int) -> bool:
    """Does a cue start at line i though no blank line came before it: its time line, or its
    number with its time line below?"""
    line = lines[i].strip()
    return "-->" in line or (line.isdigit() and _cue_id_at(lines, i))


def _with_text_speakers(cues: list[tuple[str, str | None, str]]) -> list[tuple[str, str | None, str]]:
    """`Name: text` inside a cue names the speaker, by the transcript rule: the label is a
    role word or recurs, so a one-off "Jadi begini: …" stays text."""
    prefixes = [(_SPEAKER_PREFIX.match(body) if speaker is None else None) for _, speaker, body in cues]
    # any name before a colon that opens three cues or more is a speaker's, however it is
    # written: a caller's number (+62 812…:), an emoji, a unit in brackets
    loose = [(_ANY_PREFIX.match(body) if speaker is None else None) for _, speaker, body in cues]
    often = {name for name, n in Counter(_written(m.group(1)) for m in loose if m).items() if n >= 3}
    prefixes = [m if m else (loose_m if loose_m and _written(loose_m.group(1)) in often else None)
                for m, loose_m in zip(prefixes, loose)]
    # recurrence counts a name as written: "Ya, betul:" and "Ya, jadi:" are no one name twice
    counts = Counter(_written(m.group(1)) for m in prefixes if m)
    recurring = {name for name, n in counts.items() if n >= 2 or label_key(name) in ROLE_LABELS}
    out = []
    for (start, speaker, body), prefix, loose_m in zip(cues, prefixes, loose):
        name = prefix.group(1) if prefix else None
        # a name said once at a cue's start is a speaker too, where only one other is named
        # (Otter names a turn's first cue only: an informant of one long answer), if written
        # as a name; or where more speak, if addressed by title ("Pak Kades:"). "Intinya:"
        # opening a cue of a named speaker's stays words.
        base = re.split(r"[(/,]", name, 1)[0] if name else ""
        if name and (_written(name) in recurring or (len(recurring) == 1 and name_like(base))
                     or (recurring and named_person(base))):
            speaker, body = _MEETING_ROLE.sub("", name).strip(), body[prefix.end():]
        elif speaker is None and loose_m is not None:
            speaker = UNNAMED  # someone's, whose name was not read: no one else's turn goes on
        out.append((start, speaker, body))
    if any(speaker not in (None, UNNAMED) for _, speaker, _ in out):
        # Otter and Meet name a speaker on a turn's first cue only: the unnamed cues after it
        # are the same voice going on, not no one's
        named = None
        for k, (start, speaker, body) in enumerate(out):
            named = None if speaker is UNNAMED else speaker or named
            out[k] = (start, named, body)
    return [(start, None if speaker is UNNAMED else speaker, body) for start, speaker, body in out]


def _written(name: str) -> str:
    return " ".join(name.casefold().split())


def _as_transcript(cues: list[tuple[str, str | None, str]]) -> tuple[str, list[Span]]:
    """Merge consecutive cues of one speaker into a turn; lay turns out as `Speaker: text`."""
    turns: list[list] = []
    for start, speaker, body in cues:
        if turns and turns[-1][1] == speaker:
            turns[-1][2] += " " + body
        else:
            turns.append([start, speaker, body])
    pieces, spans, offset = [], [], 0
    for start, speaker, body in turns:
        prefix = f"[{start}] {speaker}: " if speaker else f"[{start}] "
        spans.append(Span(offset + len(prefix), offset + len(prefix) + len(body), speaker, start))
        pieces.append(prefix + body)
        offset += len(prefix) + len(body) + 2
    return "\n\n".join(pieces), spans


def parse_vtt(text: str, path: Path) -> tuple[str, list[Span]]:
    if not text.lstrip("\ufeff").startswith("WEBVTT"):
        raise InputError(path, "not a WebVTT file (first line must be WEBVTT): add that line above the "
                               "first cue, or save it as .srt if its times have commas (SubRip)", line=1)
    return _as_transcript(_cues(text, path, _VTT_CUE, "WebVTT"))


def parse_srt(text: str, path: Path) -> tuple[str, list[Span]]:
    return _as_transcript(_cues(text, path, _SRT_CUE, "SubRip"))
