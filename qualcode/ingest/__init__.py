"""Ingest: one reader per format, a registry by extension, the turn/segment parser."""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

from qualcode.errors import InputError, InputErrors
from qualcode.ingest.cases import interviewers_by_case, merge_cases, read_cases_csv
from qualcode.ingest.decode import decode_bytes, named_as, normalise, read_input
from qualcode.ingest.docx_reader import docx_text
from qualcode.ingest.frontmatter import FrontMatter, as_text_values, split_front_matter
from qualcode.ingest.group_cases import (GROUP_ATTRIBUTE, POSITION_ATTRIBUTE, participant_cases,
                                         participant_positions)
from qualcode.ingest.language import SUPPORTED, detect_language
from qualcode.ingest.subtitles import parse_srt, parse_vtt
from qualcode.ingest.tables import TABLE_SUFFIXES
from qualcode.ingest.turns import Span
from qualcode.ingest.units import segment_source
from qualcode.model import Case, Source, unique_id
from qualcode.project import CONFIG_NAME, DEFAULT_UNIT

if TYPE_CHECKING:
    from qualcode.ingest.table_sources import TableRead

# Front-matter keys that describe the file; every other key describes the case.
SOURCE_FIELDS = {"case", "source_type", "date", "language", "interviewer", "speakers", "title", "author",
                 "note", "speaker_cases"}


@dataclass(frozen=True)
class Parsed:
    """What a format reader hands on: text, metadata, and segments if the format fixes them."""

    text: str
    metadata: dict
    spans: list[Span] | None
    warnings: list[str]


def _read_text(raw: bytes, path: Path) -> Parsed:
    text, warnings = decode_bytes(raw, path)
    metadata, body, _ = split_front_matter(text, path)
    return Parsed(body, metadata, None, warnings)


def _read_docx(raw: bytes, path: Path) -> Parsed:
    text = normalise(docx_text(raw, path))
    metadata, body, _ = split_front_matter(text, path)
    return Parsed(body, metadata, None, [])


def _subtitle_reader(parse: Callable) -> Callable[[bytes, Path], Parsed]:
    def read(raw: bytes, path: Path) -> Parsed:
        text, warnings = decode_bytes(raw, path)
        body, spans = parse(text, path)
        return Parsed(body, {"source_type": "interview"}, spans, warnings)
    return read


READERS: dict[str, Callable[[bytes, Path], Parsed]] = {
    ".txt": _read_text,
    ".md": _read_text,
    ".docx": _read_docx,
    ".vtt": _subtitle_reader(parse_vtt),
    ".srt": _subtitle_reader(parse_srt),
}
# Every file ingest reads: the readers' and the tables of short texts (a source per row).
INGESTED_SUFFIXES = (*READERS, *TABLE_SUFFIXES)


def slug(text: str) -> str:
    """An id from a name: accents dropped (`wawancara-é` gives `wawancara-e`, not the
    `wawancara` of `wawancara-ñ` too), other runs of non-alphanumerics a hyphen."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "source"


def source_ids(paths: list[Path], root: Path) -> dict[Path, str]:
    """Stable ids from file names; parent folders join in only to break a tie."""
    ids: dict[Path, str] = {}
    by_stem: dict[str, list[Path]] = {}
    for path in paths:
        by_stem.setdefault(slug(path.stem), []).append(path)
    for stem, group in by_stem.items():
        for path in group:
            if len(group) == 1:
                ids[path] = stem
            else:
                relative = Path(display_path(path, root))
                ids[path] = slug(str(relative.with_suffix("")))
    return ids


def _check_display(path: Path, display: str) -> None:
    try:
        display.encode("utf-8")
    except UnicodeEncodeError:  # bytes the file system holds that are no text: the store needs text
        raise InputError(path, "its file name is not valid UTF-8 text; rename the file") from None


def read_source(
    path: Path, source_id: str, display_path: str, default_language: str,
    unit: str = DEFAULT_UNIT, project_interviewers: frozenset[str] = frozenset(),
    case_interviewers: dict[str, frozenset[str]] | None = None
) -> tuple[Source, tuple[str | None, dict]]:
    """Read, decode, parse and segment one file into coding `unit`s: the source, and its case
    id with the case attributes its front matter claims (a FrontMatter: it knows their lines).
    Where its participants are cases (`group_cases`), that case is the group's, which the
    source itself does not belong to, and each codable segment names its speaker's case.
    `project_interviewers` are labels that are the interviewer in every file ([coding]
    interviewers); `case_interviewers`, by case id casefolded, those of one case's files
    (cases.csv's `interviewer` column: a caption file has no front matter to say it).
    Raises InputError naming the file."""
    _check_display(path, display_path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise InputError(path, f"unsupported file type {path.suffix!r}; use {', '.join(INGESTED_SUFFIXES)}")
    raw = read_input(path, f"{path.suffix.lower()} file")
    parsed = reader(raw, path)
    if not parsed.text.strip():
        raise InputError(path, "has no text (empty or whitespace only)")
    metadata = parsed.metadata
    language = metadata.get("language") or detect_language(parsed.text, default_language)
    if language not in SUPPORTED:
        raise InputError(path, f"language {language!r} is not supported; use {', '.join(SUPPORTED)}")
    interviewers = set(metadata.get("interviewer") or []) | set(
        (case_interviewers or {}).get(str(metadata.get("case") or source_id).casefold(), ()))
    speakers = set(metadata.get("speakers") or [])
    lone: list[str] = []
    source_type, segments = segment_source(source_id, parsed.text, parsed.spans, metadata.get("source_type"),
                                           language, interviewers, unit, speakers, lone, project_interviewers)
    warnings = named_as(parsed.warnings, path, display_path)
    if source_type == "interview":
        warnings.extend(
            f"{display_path}: {label!r} marks a turn only once, so its words are read as the turn "
            f"before's; if {label} speaks, declare it in front matter (speakers: [{label}])"
            for label in lone)
        voices = {segment.speaker for segment in segments if segment.speaker}
        if len(voices) >= 2 and all(segment.codable for segment in segments if segment.speaker):
            warnings.append(f"{display_path}: none of its {len(voices)} speakers is the interviewer, so "
                            "every turn is coded, questions too; name yours in its front matter "
                            "(interviewer: [Name]) or, for captions, in [coding] interviewers of "
                            f"{CONFIG_NAME}")
        if not any(segment.speaker for segment in segments) and path.suffix.lower() in (".vtt", ".srt"):
            warnings.append(f"{display_path}: no cue names its speaker (`Name: …` at a cue's start, or "
                            "<v Name>), so the recording is one turn, questions and answers alike, and all "
                            "of it is coded; export the captions with the speakers' names")
        elif not any(segment.speaker for segment in segments):
            warnings.append(f"{display_path}: an interview, but no line starts with a speaker label "
                            "(`Pewawancara: …`, `Bu Sari: …`), so every paragraph counts as the "
                            "informant's and the interviewer's questions are coded too")
    if source_type == "document" and not metadata.get("source_type") and metadata.get("case"):
        # an informant's transcript typed without speaker labels: read as a document, its
        # questions coded and its evidence weighted as a document's, unless said
        warnings.append(f"{display_path}: names case {metadata['case']!r} but no line starts with a speaker "
                        "label (`Pewawancara: …`), so it is read as a document, questions and all; label "
                        "the turns, or say `source_type: interview` (or `document`) in its front matter")
    case_id = metadata.get("case") or (source_id if source_type == "interview" else None)
    own_case = case_id
    if metadata.get("speaker_cases"):
        named = metadata["speaker_cases"] if isinstance(metadata["speaker_cases"], dict) else {}
        segments, participants, unheard = participant_cases(segments, case_id or source_id, named)
        if participants:
            own_case = None  # the group is no one informant: its participants are
        warnings.extend(f"{display_path}: speaker_cases names {label!r}, but no codable turn of this "
                        f"{source_type or 'document'} is theirs" for label in unheard)
        if not participants:
            warnings.append(f"{display_path}: speaker_cases, but no one here has a codable turn of their own; "
                            "it stays one source" + (f" of case {case_id}" if case_id else ""))
    attributes = as_text_values(FrontMatter({k: v for k, v in metadata.items() if k not in SOURCE_FIELDS},
                                            getattr(metadata, "lines", {})), path)
    described = as_text_values(FrontMatter({k: metadata[k] for k in ("title", "author", "note")
                                            if metadata.get(k) is not None}, getattr(metadata, "lines", {})), path)
    source_attributes = {**described, **({"interviewer": metadata["interviewer"]}
                                         if metadata.get("interviewer") is not None else {})}
    return Source(
        id=source_id, path=display_path, sha256=hashlib.sha256(raw).hexdigest(),
        text=parsed.text, source_type=source_type or "document", language=language,
        date=metadata.get("date"), case_id=own_case,
        # Without a case, the extra attributes belong to the source itself.
        attributes=source_attributes | ({} if own_case else attributes),
        segments=segments, warnings=tuple(warnings),
    ), (case_id, attributes if case_id else FrontMatter({}))


@dataclass(frozen=True)
class IngestPlan:
    sources: list[Source]
    cases: list[Case]
    warnings: list[str]


def plan_ingest(paths: list[Path], root: Path, cases_csv: Path, default_language: str,
                known_ids: dict[str, str] | None = None, unit: str = DEFAULT_UNIT) -> IngestPlan:
    """Read every file before anything is written, so one bad file leaves the store untouched.

    `known_ids` maps display paths already in the store to their ids, which never change.
    (`ingest` streams with `read_sources` instead, inside one transaction.)"""
    sources, claims, warnings = [], [], []

    def told(read) -> None:
        warnings.extend(read.warnings)

    rows = read_cases_csv(cases_csv, warnings)
    for source, found in read_sources(paths, root, default_language, known_ids, unit, on_table=told,
                                      case_interviewers=interviewers_by_case(rows)):
        sources.append(source)
        warnings.extend(source.warnings)
        claims.extend(found)
    return IngestPlan(sources, merge_cases(rows, claims), warnings)


def read_sources(paths: list[Path], root: Path, default_language: str,
                 known_ids: dict[str, str] | None = None, unit: str = DEFAULT_UNIT,
                 project_interviewers: frozenset[str] = frozenset(),
                 case_interviewers: dict[str, frozenset[str]] | None = None,
                 on_file: Callable[[], None] | None = None,
                 on_table: Callable[["TableRead"], None] | None = None,
                 tables: tuple = (), known_shas: dict[str, str] | None = None,
                 texts_of: Callable[[list[str]], dict[str, str]] | None = None,
                 reserved_ids: frozenset[str] = frozenset()) -> Iterator[tuple[Source, list[tuple]]]:
    """Each file read and segmented, one at a time, with the case claims it makes ((case id,
    display path, attributes, their lines, the group case it takes attributes from or None):
    its front matter's, and a group discussion's participants'): `merge_cases` takes them.
    A table (.csv, .xlsx) gives a source per row (`table_sources`); `on_table`
    is handed each table read (how its columns were read, and its warnings) once its rows
    are; `tables` are the [tables] settings of qualcode.toml; `known_shas` (each stored
    source's sha256, by path) and `texts_of(ids)` (stored sources' texts) let a table's row
    that moved keep its id; a new row takes none of `reserved_ids` (ids orphaned codings
    still name). `on_file` is called as each file is done. A bad file does not stop the
    reading: once every file is read, InputError names it (InputErrors, every one of them)."""
    known_ids = known_ids or {}
    files = [path for path in paths if path.suffix.lower() not in TABLE_SUFFIXES]
    ids = _new_ids(files, root, known_ids)
    taken = set(known_ids.values()) | set(ids.values()) | set(reserved_ids)
    bad: list[InputError] = []
    for path in paths:
        display = display_path(path, root)
        try:
            if path in ids:
                source, (case_id, attributes) = read_source(path, ids[path], display, default_language, unit,
                                                            project_interviewers, case_interviewers)
                claims = [(case_id, display, attributes, getattr(attributes, "lines", {}), None)] if case_id else []
                positions = participant_positions(source.segments)
                claims += [(participant, display, {GROUP_ATTRIBUTE: case_id}, {}, case_id,
                            {POSITION_ATTRIBUTE: positions[participant]} if participant in positions else {})
                           for participant in dict.fromkeys(s.case_id for s in source.segments if s.case_id)]
                yield source, claims
            else:
                for source, claim in _table_rows(path, display, default_language, unit, known_ids, taken,
                                                 on_table, tables, known_shas, texts_of):
                    yield source, [claim] if claim else []
        except InputError as exc:
            # read on, so one run names every bad file; the caller's transaction keeps none of it
            bad.extend(exc.errors if isinstance(exc, InputErrors) else [exc])
        if on_file:
            on_file()
    if bad:
        raise bad[0] if len(bad) == 1 else InputErrors(bad)


def _table_rows(path: Path, display: str, default_language: str, unit: str, known_ids: dict[str, str],
                taken: set[str], on_table, tables: tuple,
                known_shas: dict[str, str] | None, texts_of) -> Iterator[tuple[Source, tuple | None]]:
    from qualcode.ingest.table_sources import plan_table, row_sources
    from qualcode.table_settings import settings_for

    _check_display(path, display)
    read = plan_table(read_input(path, f"{path.suffix.lower()} table"), path, display,
                      settings_for(tables, display))
    yield from row_sources(read, path, default_language, unit, known_ids, taken, known_shas, texts_of)
    if on_table is not None:
        on_table(read)


def _new_ids(paths: list[Path], root: Path, known_ids: dict[str, str]) -> dict[Path, str]:
    """Each file's source id: the one it has (`known_ids`, by display path), else one from its
    name that no other source holds. Two files are never one source: `a b.txt` and `a-b.txt`,
    or names apart only in letters a slug drops, would otherwise overwrite each other."""
    ids = source_ids(paths, root)
    displays = {path: display_path(path, root) for path in paths}
    taken = set(known_ids.values())
    final = {path: known_ids[displays[path]] for path in paths if displays[path] in known_ids}
    for path in sorted((p for p in paths if p not in final), key=lambda p: displays[p]):
        candidate = ids[path] if ids[path] not in taken else slug(displays[path].rsplit(".", 1)[0])
        final[path] = unique_id(candidate, taken)
        taken.add(final[path])
    return final


def display_path(path: Path, root: Path) -> str:
    """The path as the project names it: relative to the root, symbolic links not followed
    (the same file must always get the same path, and so the same source id)."""
    absolute, base = os.path.abspath(path), os.path.abspath(root)
    # POSIX: plain string work, what pathlib does, at a sixth of the cost ("//" is a root of
    # its own there, left to pathlib)
    if os.sep == "/" and not os.altsep and not absolute.startswith("//") and not base.startswith("//"):
        if absolute == base:
            return "."
        inside = base if base.endswith("/") else base + "/"
        return absolute[len(inside):] if absolute.startswith(inside) else absolute
    try:  # Windows: pathlib compares without regard to case
        return Path(absolute).relative_to(Path(base)).as_posix()
    except ValueError:
        return Path(absolute).as_posix()
