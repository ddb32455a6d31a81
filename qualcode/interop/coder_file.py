"""Coder files (JSON Lines): one coder's decisions, to carry from one project to another.

Pure: lines are encoded, read and validated, and placed on a project's segments here;
the store writes what is placed. The format is documented in docs/formats.md ("Coder
files").

Placing a line (`place_lines`): a segment is identified by its source's sha256 and its
character offsets. When no segment of a source with that sha256 sits at those offsets
with that text (the source changed, or was segmented differently), the segment is found
by its text among the segments of the same source (same sha256, path, file name or id),
the one nearest the old offsets when the text repeats. Only when no such source is in
the project (renamed and changed) is the text looked for anywhere, and taken if exactly
one segment has it. A span is placed the same way by its own text. Whatever cannot be
placed, or names a code the codebook lacks, is quarantined with the reason.
"""

from __future__ import annotations

import codecs
import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta, timezone
from pathlib import PurePosixPath
from typing import Iterable

from qualcode.errors import InputError
from qualcode.model import AUTO_CODER, CODING_ORIGINS, Source
from qualcode.textrules import UNUSABLE, UNUSABLE_IN_NAME

FORMAT = "qualcode-coder-file"
VERSION = 1
# visited: looked at, coded nothing; memo: a note of the coder's on the segment (with a code:
# on their coding of it), its words in `memo`
DECISIONS = ("accepted", "rejected", "visited", "memo")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class CoderLine:
    coder: str
    source_sha256: str
    source_path: str
    source_id: str
    start: int | None            # the segment's offsets and text (None only for a span across segments)
    end: int | None
    text: str | None
    text_sha256: str | None
    code: str | None             # None only for "visited"
    decision: str
    origin: str
    at: str                      # when the decision was made, ISO 8601 UTC
    memo: str | None = None
    span: Span | None = None

    def to_json(self) -> str:
        """One line of canonical JSON (fields in a fixed order), the same for the same decision."""
        record = {"format": FORMAT, "version": VERSION, **asdict(self)}
        return json.dumps(record, ensure_ascii=False, separators=(",", ":"))

    @property
    def record_sha(self) -> str:
        return hashlib.sha256(self.to_json().encode("utf-8")).hexdigest()


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def normalise_time(value: str) -> str:
    """An ISO 8601 time as UTC to the second, the store's own format (naive times are UTC)."""
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


# ------------------------------------------------------------------------------ reading
_TEXT, _OPTIONAL_TEXT = "text", "text or null"
_INT, _OPTIONAL_INT = "a whole number", "a whole number or null"
_FIELDS = {
    "format": _TEXT, "version": _INT, "coder": _TEXT, "source_sha256": _TEXT, "source_path": _TEXT,
    "source_id": _TEXT, "start": _OPTIONAL_INT, "end": _OPTIONAL_INT, "text": _OPTIONAL_TEXT,
    "text_sha256": _OPTIONAL_TEXT, "code": _OPTIONAL_TEXT, "decision": _TEXT, "origin": _TEXT,
    "at": _TEXT, "memo": _OPTIONAL_TEXT, "span": "an object or null",
}
_OPTIONAL = {"memo", "span"}


def _fits(value, kind: str) -> bool:
    if value is None:
        return kind.endswith("null")
    if kind.startswith("a whole number"):
        return isinstance(value, int) and not isinstance(value, bool) and value >= 0
    if kind.startswith("text"):
        return isinstance(value, str)
    return isinstance(value, dict)


def _line(record, name: str, number: int) -> CoderLine:
    def bad(message: str) -> InputError:
        return InputError(name, message, line=number)

    if not isinstance(record, dict):
        raise bad("each line must be a JSON object (one decision)")
    if record.get("format") != FORMAT:
        raise bad(f'not a qualcode coder file line (needs "format": "{FORMAT}")')
    unknown = sorted(set(record) - set(_FIELDS))
    if unknown:
        raise bad(f"unknown field {unknown[0]!r}")
    missing = [key for key in _FIELDS if key not in record and key not in _OPTIONAL]
    if missing:
        raise bad(f"missing field {missing[0]!r}")
    for key, kind in _FIELDS.items():
        if key in record and not _fits(record[key], kind):
            raise bad(f"field {key!r} must be {kind}, got {json.dumps(record[key], ensure_ascii=False)[:40]}")
    if record["version"] > VERSION:
        raise bad(f"made by a newer qualcode (coder file version {record['version']}); upgrade qualcode")
    if record["decision"] not in DECISIONS:
        raise bad(f"decision {record['decision']!r} is not one of {', '.join(DECISIONS)}")
    if record["origin"] not in CODING_ORIGINS:
        raise bad(f"origin {record['origin']!r} is not one of {', '.join(CODING_ORIGINS)}")
    if not record["coder"].strip() or record["coder"] == AUTO_CODER:
        raise bad("coder must be a person's name (the machine's suggestions are re-made by `code auto`)")
    for key in ("coder", "code", "memo", "source_id"):
        found = (UNUSABLE_IN_NAME if key == "coder" else UNUSABLE).search(record.get(key) or "")
        if found:
            raise bad(f"field {key!r} holds the control character U+{ord(found.group()):04X}, which no "
                      "report can hold")
    for key in ("start", "end"):
        if record[key] is not None and record[key] > MAX_OFFSET:
            raise bad(f"field {key!r} is {record[key]}, beyond any transcript's length")
    if record["decision"] == "visited" and record["code"] is not None:
        raise bad("a 'visited' line has no code")
    if record["decision"] in ("accepted", "rejected") and record["code"] is None:
        raise bad("code is required, except on a 'visited' or 'memo' line")
    if record["decision"] == "memo" and not (record.get("memo") or "").strip():
        raise bad("a 'memo' line needs the memo's words in 'memo'")
    try:
        at = normalise_time(record["at"])
    except ValueError:
        raise bad(f"at {record['at']!r} is not an ISO 8601 time") from None
    # the newer decision wins a merge: one dated ahead would win every merge to come
    if datetime.fromisoformat(at) > datetime.now(timezone.utc) + timedelta(days=1):
        raise bad(f"at {record['at']!r} is in the future; a decision is dated when it was made")
    segment = [record[key] for key in ("start", "end", "text")]
    span = record.get("span")
    if None in segment and (span is None or any(v is not None for v in segment)):
        raise bad("start, end and text are required (all null only on a span across segments)")
    if segment[0] is not None and segment[0] > segment[1]:
        raise bad("start is after end")
    if segment[2] is not None and record["text_sha256"] not in (None, text_sha256(segment[2])):
        raise bad("text_sha256 does not match text")
    if span is not None:
        span = _span(span, bad)
        if record["decision"] in ("visited", "memo"):
            raise bad(f"a {record['decision']!r} line has no span")
    return CoderLine(record["coder"], record["source_sha256"], record["source_path"], record["source_id"],
                     segment[0], segment[1], segment[2],
                     text_sha256(segment[2]) if segment[2] is not None else None, record["code"],
                     record["decision"], record["origin"], at, record.get("memo"), span)


def _span(value: dict, bad) -> Span:
    if set(value) != {"start", "end", "text"}:
        raise bad("span needs exactly start, end and text")
    if not (_fits(value["start"], _INT) and _fits(value["end"], _INT) and isinstance(value["text"], str)):
        raise bad("span start and end must be whole numbers and its text text")
    if value["start"] > value["end"] or len(value["text"]) != value["end"] - value["start"]:
        raise bad("span text does not fit its start and end")
    return Span(value["start"], value["end"], value["text"])


# A character offset no transcript reaches (a 50 MB transcript is some 5e7 characters).
MAX_OFFSET = 10**12


class _Refused(ValueError):
    pass


def _no_constant(name: str):
    """NaN and Infinity: Python's json reads them, JSON has no such numbers."""
    raise _Refused(f"{name} is not a JSON number")


def _no_repeats(pairs: list[tuple[str, object]]) -> dict:
    """An object whose key repeats: which value was meant is unknowable (json keeps the last)."""
    found: dict = {}
    for key, value in pairs:
        if key in found:
            raise _Refused(f"field {key!r} appears twice in one line")
        found[key] = value
    return found


def read_coder_file(data: bytes, name: str) -> list[tuple[int, CoderLine]]:
    """(line number, line) for every decision; InputError naming the file and line otherwise."""
    # Windows PowerShell 5's `>` writes UTF-16 with a byte-order mark: text, read as such
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if b"\x00" in data[:4096] and not utf16:
        raise InputError(name, "is binary, not a coder file (JSON Lines text)")
    try:
        text = data.decode("utf-16" if utf16 else "utf-8-sig")
    except UnicodeDecodeError as exc:
        if utf16:
            raise InputError(name, f"invalid UTF-16 despite its byte-order mark (byte offset {exc.start}); "
                                   "a coder file is JSON Lines, best saved as UTF-8") from None
        number = data[:exc.start].count(b"\n") + 1
        raise InputError(name, f"not UTF-8 text (byte 0x{data[exc.start]:02x}); a coder file is "
                               "JSON Lines", line=number) from None
    lines = []
    for number, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw, parse_constant=_no_constant, object_pairs_hook=_no_repeats)
        except _Refused as exc:
            raise InputError(name, str(exc), line=number) from None
        except json.JSONDecodeError as exc:
            raise InputError(name, f"not JSON ({exc.msg}); a coder file has one JSON object per line",
                             line=number) from None
        except RecursionError:  # "[[[[…" nested past Python's limit
            raise InputError(name, "JSON nested too deeply for a decision", line=number) from None
        except ValueError as exc:  # a number of thousands of digits (Python's int limit)
            raise InputError(name, f"not a usable JSON line ({exc})", line=number) from None
        lines.append((number, _line(record, name, number)))
    if not lines:
        raise InputError(name, "has no decisions (an empty coder file)")
    return lines


# ------------------------------------------------------------------------------ placing
@dataclass(frozen=True)
class Placement:
    line: CoderLine
    segment_id: str | None       # None for a span across segments
    source_id: str
    span: tuple[int, int] | None  # where the span lies in the target source
    code: str | None = None      # the line's code as this project names it (renamed since, perhaps)


class _Project:
    """The target project's sources and segments, indexed for placing lines."""

    def __init__(self, sources: Iterable[Source]):
        self.sources = list(sources)
        self.by_text: dict[str, list] = {}
        for source in self.sources:
            for segment in source.segments:
                self.by_text.setdefault(segment.text, []).append((source, segment))

    def same_source(self, line: CoderLine) -> list[Source]:
        """Sources that are (a version of) the line's source, the exact one first."""
        name = PurePosixPath(line.source_path).name

        def rank(source: Source) -> int:
            if source.sha256 == line.source_sha256:
                return 0 if source.path == line.source_path else 1
            if source.path == line.source_path:
                return 2
            return 3 if PurePosixPath(source.path).name == name else 4 if source.id == line.source_id else 5
        return sorted((s for s in self.sources if rank(s) < 5), key=lambda s: (rank(s), s.id))

    def segment(self, line: CoderLine):
        """(source, segment) for the line's segment, or a reason it cannot be placed."""
        candidates = self.same_source(line)
        for source in candidates:
            if source.sha256 != line.source_sha256:
                break
            for segment in source.segments:
                if (segment.start, segment.end, segment.text) == (line.start, line.end, line.text):
                    return source, segment
        for source in candidates:
            hits = [s for s in source.segments if s.text == line.text]
            if hits:
                return source, min(hits, key=lambda s: (abs(s.start - line.start), s.start))
        if candidates:  # the source is here but changed: another source's words are not these
            return f"its segment text is no longer in {candidates[0].path} ({_excerpt(line.text)})"
        anywhere = self.by_text.get(line.text, [])
        if len(anywhere) == 1:
            return anywhere[0]
        if anywhere:
            return f"its source is not in this project and its text is in {len(anywhere)} segments"
        return f"its source is not in this project, nor its text ({_excerpt(line.text)})"

    def span(self, line: CoderLine, placed):
        """(source, (start, end)) for a span line, or a reason it cannot be placed."""
        span = line.span
        if placed is not None:
            source, segment = placed
            shifted = span.start - line.start + segment.start
            if source.text[shifted:shifted + len(span.text)] == span.text:
                return source, (shifted, shifted + len(span.text))
            candidates = [source]
        else:
            candidates = self.same_source(line)
            for source in candidates:
                if source.sha256 == line.source_sha256 and source.text[span.start:span.end] == span.text:
                    return source, (span.start, span.end)
        for source in candidates:
            found = _unique(source.text, span.text)
            if found is not None:
                return source, (found, found + len(span.text))
        hits = [(s, _unique(s.text, span.text)) for s in self.sources if span.text in s.text]
        if len(hits) == 1 and hits[0][1] is not None:
            return hits[0][0], (hits[0][1], hits[0][1] + len(span.text))
        return f"its span text {_excerpt(span.text)} is not in one place in this project"


def _unique(text: str, needle: str) -> int | None:
    first = text.find(needle)
    return first if first >= 0 and text.find(needle, first + 1) < 0 else None


def _excerpt(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[:limit] + "…")


def place_lines(lines: Iterable[CoderLine], sources: Iterable[Source], code_ids: set[str],
                renamed: dict[str, str] | None = None) -> tuple[list[Placement], list[tuple[CoderLine, str]]]:
    """Place each line on the project's segments: (placed, [(line, why not), …]); none lost.
    A code the codebook no longer has goes to the id `renamed` says it has now."""
    project = _Project(sources)
    placed: list[Placement] = []
    quarantined: list[tuple[CoderLine, str]] = []
    renamed = renamed or {}
    for line in lines:
        code = line.code
        if code is not None and code not in code_ids:
            code = renamed.get(code)
            if code not in code_ids:
                quarantined.append((line, f"code {line.code!r} is not in this project's codebook"))
                continue
        anchor = project.segment(line) if line.text is not None else None
        if isinstance(anchor, str):
            quarantined.append((line, anchor))
            continue
        if line.span is None:
            source, segment = anchor
            placed.append(Placement(line, segment.id, source.id, None, code))
            continue
        where = project.span(line, anchor)
        if isinstance(where, str):
            quarantined.append((line, where))
            continue
        source, (start, end) = where
        segment_id = next((s.id for s in source.segments if s.start <= start and end <= s.end), None)
        placed.append(Placement(line, segment_id, source.id, (start, end), code))
    return placed, quarantined
