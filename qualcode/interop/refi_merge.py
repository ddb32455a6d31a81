"""A parsed REFI-QDA project turned into our sources, segments, cases, codes, codings and memos.

Pure: it takes what the store already holds and returns what to write, plus a report.
  - Texts are normalised (NFC, LF) and cut into segments by our turn parser, exactly
    as `qualcode ingest` would; a text the project already holds is reused as it is.
  - Positions are converted from the producer's counting scheme (see offsets).
  - A coding whose selection is one of our segments (ignoring surrounding blanks and
    the turn's speaker label) codes that segment. A selection inside one segment codes
    that segment too, and its exact span is kept as a span coding. A selection across
    segments or outside them is kept as a span coding of the source, and codes each codable
    segment it covers at least half of (a question and its answer: the answer; a whole
    document: every turn), as `interop.covered` finds them. None is dropped.
  - REFI users become coders; our machine user `auto` comes back as suggestions.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from pathlib import PurePath

from qualcode.ingest import slug
from qualcode.ingest.language import SUPPORTED, detect_language
from qualcode.ingest.units import segment_source
from qualcode.interop import covered, refi_guid
from qualcode.interop.offsets import PositionMap, choose_scheme
from qualcode.interop.refi_codes_plan import CodePlan, plan_codes
from qualcode.interop.refi_import import RefiProject, RefiSource
from qualcode.model import AUTO_CODER, SOURCE_TYPES, Case, Segment, Source, unique_id
from qualcode.project import DEFAULT_UNIT

_TEXT_SUFFIXES = {".txt", ".docx", ".doc", ".rtf", ".pdf", ".md", ".odt"}
_LABEL_PREFIX = re.compile(r"^[ \t]*(?:[\[(][^\])\n]*[\])][ \t]*)?[^\n:]{0,60}:[ \t]*$")
_UNLINKED = re.compile(r"^memo #\d+ on (coding|display) (.+)$")


@dataclass(frozen=True)
class ExistingProject:
    """What the store holds already, for matching and for not writing anything twice."""

    sources: tuple[Source, ...] = ()
    cases: dict = field(default_factory=dict)     # case id -> attributes
    paths: frozenset = frozenset()
    memos: frozenset = frozenset()                 # (kind, target, author, text)


@dataclass
class ImportPlan:
    sources: list[Source] = field(default_factory=list)      # new sources, with segments
    reused: list[str] = field(default_factory=list)          # ids of sources already held
    cases: list[Case] = field(default_factory=list)          # new or extended cases
    codes: CodePlan = field(default_factory=CodePlan)
    codings: list[dict] = field(default_factory=list)
    spans: list[dict] = field(default_factory=list)
    memos: list[dict] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _stem(name: str) -> str:
    """A file name without its document extension ("Interview 3.docx" -> "Interview 3")."""
    path = PurePath(name)
    return path.stem if path.suffix.lower() in _TEXT_SUFFIXES else name


def _metadata(values: dict[str, str], default_language: str, text: str) -> tuple[dict, dict]:
    """Source fields (type, language, date) and free attributes from variable values by name."""
    fields, attributes = {}, {}
    for name, value in values.items():
        key = name.strip().lower()
        if key == "source_type" and value in SOURCE_TYPES:
            fields["source_type"] = value
        elif key == "language" and value.lower() in SUPPORTED:
            fields["language"] = value.lower()
        elif key == "date" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            fields["date"] = value
        elif key == "interviewer":
            attributes["interviewer"] = [v.strip() for v in value.split(";") if v.strip()]
        else:
            attributes[name] = value
    if "language" not in fields:
        fields["language"] = detect_language(text, default_language)
    return fields, attributes


class _Planner:
    def __init__(self, project: RefiProject, existing: ExistingProject, plan: ImportPlan,
                 language: str, archive_name: str, unit: str):
        self.project, self.existing, self.plan = project, existing, plan
        self.language, self.archive_name, self.unit = language, archive_name, unit
        # attribute names in lower case, as cases.csv's headers are read: NVivo's "Role" is the
        # role the report groups informants by
        self.variables = {guid: name.strip().lower() for guid, (name, _) in project.variables.items()}
        self.users = {guid: (f"{name} (imported)" if name == AUTO_CODER and guid != refi_guid("user", AUTO_CODER)
                             else name) for guid, name in project.users.items()}
        self.source_ids: dict[str, str] = {}      # REFI source guid -> our id
        self.texts: dict[str, tuple[PositionMap, tuple[Segment, ...]]] = {}
        self.notes = {note.guid: note for note in project.notes}
        self.used_notes: set[str] = set()
        # a case's selections are its turns in a group discussion: selection guid -> case id,
        # and what they came to, segment id -> case id
        self.selection_case: dict[str, str] = {}
        self.segment_case: dict[str, str] = {}

    def named(self, values: dict[str, str]) -> dict[str, str]:
        return {self.variables.get(guid, guid): value for guid, value in values.items()}

    def coder(self, user: str | None) -> str:
        user = user or self.project.creating_user
        return self.users.get(user or "", "imported")

    # -------------------------------------------------------------------- cases and sources
    def case_names(self) -> dict[str, str]:
        """REFI case guid -> our case id; unnamed cases take their one source's name."""
        names, taken = {}, set()
        by_guid = {s.guid: s for s in self.project.sources}
        for case in self.project.cases:
            name = case.name
            if not name and len(case.sources) == 1 and case.sources[0] in by_guid:
                name = _stem(by_guid[case.sources[0]].name)
            names[case.guid] = unique_id(name or f"case-{case.guid[:8]}", taken)
            taken.add(names[case.guid])
        return names

    def sources(self, case_of: dict[str, str]) -> None:
        by_text = {s.text: s for s in self.existing.sources}
        taken = {s.id for s in self.existing.sources}
        paths = set(self.existing.paths)
        for refi in self.project.sources:
            positions = PositionMap(refi.raw)
            if not positions.text.strip():
                self.plan.skipped.append(f"source {refi.name}: its text is empty")
                continue
            held = by_text.get(positions.text)
            if held is not None:
                self.source_ids[refi.guid] = held.id
                self.texts[refi.guid] = (positions, held.segments)
                self.plan.reused.append(held.id)
                continue
            source = self.new_source(refi, positions, case_of.get(refi.guid), taken, paths)
            self.source_ids[refi.guid] = source.id
            self.texts[refi.guid] = (positions, source.segments)
            self.plan.sources.append(source)
            by_text[source.text] = source

    def new_source(self, refi: RefiSource, positions: PositionMap, case_id: str | None,
                   taken: set[str], paths: set[str]) -> Source:
        stem = _stem(refi.name)
        source_id = unique_id(slug(stem), taken)
        if source_id != slug(stem):
            self.plan.messages.append(f"source {refi.name}: imported as {source_id} "
                                      f"({slug(stem)} already holds a different text)")
        taken.add(source_id)
        path = unique_id(f"{self.archive_name}#{source_id}", paths)
        paths.add(path)
        fields, attributes = _metadata(self.named(refi.variables), self.language, positions.text)
        source_type, segments = segment_source(source_id, positions.text, None, fields.get("source_type"),
                                               fields["language"], set(attributes.get("interviewer") or []),
                                               self.unit)
        return Source(id=source_id, path=path, sha256=hashlib.sha256(refi.file_bytes).hexdigest(),
                      text=positions.text, source_type=source_type, language=fields["language"],
                      date=fields.get("date"), case_id=case_id, attributes=attributes, segments=segments)

    def cases(self) -> dict[str, str]:
        """Plan cases; returns REFI source guid -> our case id."""
        names = self.case_names()
        case_of: dict[str, str] = {}
        for case in self.project.cases:
            case_id = names[case.guid]
            attributes = self.named(case.variables)
            held = self.existing.cases.get(case_id)
            if held is not None:
                clashes = sorted(k for k in attributes if k in held and str(held[k]) != attributes[k])
                if clashes:
                    self.plan.skipped.append(f"case {case_id}: kept the project's values of "
                                             f"{', '.join(clashes)}")
                attributes = {**attributes, **held}
            if held is None or attributes != held:
                self.plan.cases.append(Case(case_id, attributes))
            self.selection_case.update(dict.fromkeys(case.selections, case_id))
            for source_guid in case.sources:
                if source_guid in case_of and case_of[source_guid] != case_id:
                    named = next((s.name for s in self.project.sources if s.guid == source_guid), "a source")
                    self.plan.skipped.append(f"source {named} in cases {case_of[source_guid]} and {case_id}: "
                                             f"kept {case_of[source_guid]}")
                case_of.setdefault(source_guid, case_id)
        return case_of

    # -------------------------------------------------------------------- codings
    def codings(self) -> None:
        texts = [(self.texts[s.guid][0], [(x.start, x.end) for x in s.selections if x.start is not None])
                 for s in self.project.sources if s.guid in self.texts]
        choice = choose_scheme(self.project.origin, texts)
        self.plan.messages.append(choice.describe())
        groups: dict[tuple, list[dict]] = {}
        reversed_ends: dict[str, int] = {}  # source name -> selections read the other way round
        for refi in self.project.sources:
            if refi.guid not in self.texts:
                continue
            positions, segments = self.texts[refi.guid]
            starts = [segment.start for segment in segments]
            source_id = self.source_ids[refi.guid]
            for selection in refi.selections:
                if selection.start is None:
                    span = (0, len(positions.text))
                elif selection.start == selection.end:  # a click, not a selection: no words to code
                    self.plan.skipped.append(f"source {refi.name}: an empty selection at {selection.start} "
                                             f"codes no words; its {len(selection.codings)} coding(s) not imported")
                    continue
                else:  # a producer that wrote the ends the wrong way round
                    span = positions.span(min(selection.start, selection.end), max(selection.start, selection.end),
                                          choice.scheme)
                    if selection.start > selection.end and span is not None:
                        reversed_ends[refi.name] = reversed_ends.get(refi.name, 0) + 1
                if span is None:
                    self.plan.skipped.append(
                        f"source {refi.name}: selection {selection.start}-{selection.end} lies outside "
                        f"its text ({len(positions.text)} characters) and was not imported")
                    continue
                segment, exact = _place(positions.text, span, segments, starts)
                if segment is not None and exact and selection.guid in self.selection_case:
                    self.segment_case[segment.id] = self.selection_case[selection.guid]
                self.selection_notes(selection.notes, source_id, span, segment)
                for coding in selection.codings:
                    code_id = self.plan.codes.code_map.get(coding.code or "")
                    if code_id is None:
                        self.plan.skipped.append(f"source {refi.name}: a coding refers to an unknown code "
                                                 f"({coding.code or 'no CodeRef'}); not imported")
                        continue
                    coder = self.coder(coding.user)
                    machine = coder == AUTO_CODER
                    row = {"source_id": source_id, "start": span[0], "end": span[1],
                           "text": positions.text[span[0]:span[1]], "code_id": code_id,
                           "coder": coder, "origin": "auto" if machine else "imported",
                           "status": "suggested" if machine else "accepted",
                           "memo": self.note_text(coding.notes), "created_at": coding.created,
                           "exact": exact}
                    key = (segment.id if segment else None, code_id, coder, source_id)
                    groups.setdefault(key, []).append(row)
                    if segment is None:  # across segments: it codes those it covers, the span kept
                        for part in covered(span, segments):
                            groups.setdefault((part.id, code_id, coder, source_id), []).append(row | {"exact": True})
        for name, count in sorted(reversed_ends.items()):
            self.plan.messages.append(
                f"source {name}: " + ("1 selection has its end before its start, as the producer wrote it; read "
                                      "the other way round" if count == 1 else
                                      f"{count} selections have their end before their start, as the producer "
                                      "wrote them; read the other way round"))
        self.rows(groups)

    def participants(self) -> None:
        """Each new source's turns take the cases whose selections they are (a group
        discussion's participants); a source already in the project keeps its own."""
        if not self.segment_case:
            return
        case_of = self.segment_case
        self.plan.sources = [
            replace(source, segments=tuple(replace(segment, case_id=case_of.get(segment.id, segment.case_id))
                                           for segment in source.segments))
            for source in self.plan.sources]

    def rows(self, groups: dict[tuple, list[dict]]) -> None:
        seen_spans: set[tuple] = set()
        for (segment_id, code_id, coder, source_id), rows in groups.items():
            if segment_id is not None:
                memo = next((r["memo"] for r in rows if r["memo"]), None)
                created = min((r["created_at"] for r in rows if r["created_at"]), default=None)
                self.plan.codings.append({"segment_id": segment_id, "code_id": code_id, "coder": coder,
                                          "origin": rows[0]["origin"], "status": rows[0]["status"],
                                          "memo": memo, "created_at": created})
                if all(r["exact"] for r in rows):
                    continue
            for row in rows:
                key = (source_id, row["start"], row["end"], code_id, coder)
                if key in seen_spans:
                    continue
                seen_spans.add(key)
                self.plan.spans.append({k: v for k, v in row.items() if k != "exact"}
                                       | {"segment_id": segment_id})

    # -------------------------------------------------------------------- notes
    def note_text(self, guids: list[str]) -> str | None:
        texts = [self.notes[g].text for g in guids if g in self.notes]
        self.used_notes.update(g for g in guids if g in self.notes)
        return "\n\n".join(texts) or None

    def memo(self, guid: str, kind: str, target: str, prefix: str = "") -> None:
        note = self.notes.get(guid)
        if note is None:
            self.plan.skipped.append(f"a reference to note {guid} that does not exist")
            return
        if guid in self.used_notes:
            self.plan.skipped.append(f"note {note.name or guid}: linked to several objects; kept on the first")
            return
        self.used_notes.add(guid)
        author = self.users.get(note.user or "", "imported")
        self.plan.memos.append({"target_kind": kind, "target_id": target, "author": author,
                                "text": prefix + note.text, "created_at": note.created, "note": guid})

    def selection_notes(self, guids: list[str], source_id: str, span: tuple[int, int],
                        segment: Segment | None) -> None:
        for guid in guids:
            if segment is not None:
                self.memo(guid, "segment", segment.id)
            else:
                self.memo(guid, "source", source_id, f"(on characters {span[0]}-{span[1]}) ")

    def other_notes(self) -> None:
        for guid in self.project.project_notes:
            self.memo(guid, "project", "")
        for refi in self.project.sources:
            for guid in refi.notes:
                if refi.guid in self.source_ids:
                    self.memo(guid, "source", self.source_ids[refi.guid])
        for code in self.project.codes:
            for guid in code.notes:
                self.memo(guid, "code", self.plan.codes.code_map[code.guid])
        cases = self.case_names()
        unsupported = 0
        for origin, target in self.project.links:
            if origin in self.notes and target in cases:
                self.memo(origin, "case", cases[target])
            else:
                unsupported += 1
        if unsupported:
            self.plan.skipped.append(f"{unsupported} link(s) other than notes on cases: not supported")
        for note in self.project.notes:
            if note.guid not in self.used_notes:
                match = _UNLINKED.match(note.name)
                self.memo(note.guid, *(match.groups() if match else ("project", "")))


def _place(text: str, span: tuple[int, int], segments: tuple[Segment, ...],
           starts: list[int]) -> tuple[Segment | None, bool]:
    """The segment a selection codes, and whether it is that whole segment."""
    start, end = span
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    at = bisect_right(starts, start) - 1  # segments are in text order
    for segment in segments[max(at, 0):at + 2]:
        if segment.start <= start and end <= segment.end and start < segment.end:
            return segment, (start, end) == (segment.start, segment.end)
        if end == segment.end and start < segment.start and _LABEL_PREFIX.match(text[start:segment.start]):
            return segment, True  # the whole turn, its speaker label included
    return None, False


def plan_import(project: RefiProject, existing: ExistingProject, codebook, language: str,
                archive_name: str, unit: str = DEFAULT_UNIT) -> ImportPlan:
    """Everything an import would write, and its report; nothing is written here."""
    plan = ImportPlan(skipped=list(project.skipped))
    plan.codes = plan_codes(project.codes, project.sets, codebook, language)
    plan.skipped.extend(plan.codes.skipped)
    planner = _Planner(project, existing, plan, language, archive_name, unit)
    case_of = planner.cases()
    planner.sources(case_of)
    planner.codings()
    planner.participants()
    planner.other_notes()
    # memos in the order of the file's <Notes>, so that a round trip keeps their numbers
    order = {note.guid: n for n, note in enumerate(project.notes)}
    plan.memos = [m for m in sorted(plan.memos, key=lambda m: order.get(m.pop("note"), -1))
                  if (m["target_kind"], m["target_id"], m["author"], m["text"]) not in existing.memos]
    return plan

