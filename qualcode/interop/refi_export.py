"""Our codebook (QDC) and project (QDPX) as REFI-QDA 1.0, validated against the official XSDs.

Output is deterministic: GUIDs are uuid5 of our ids, elements are sorted, and no time of
export appears unless a stamp is asked for, so an unchanged project re-exports to the
same bytes. Stored times (when a coding or memo was made) are kept; they do not change.

Which codings go out: every coder's accepted rows, and the machine's open suggestions
as the user `auto`. Rejections are not codings in REFI-QDA, so a rejected row is left
out, and so is a machine suggestion that a person rejected (it does not count here
either); the summary says how many.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field

from qualcode.interop import CODEBOOK_NS, PROJECT_NS, covered, refi_guid
from qualcode.interop.refi_codes import (
    CROSS_CUTTING_SET, DIMENSIONS_SET, describe_code, export_color, is_codable,
)
from qualcode.interop.refi_variables import _source_variables, _value_text, _variable_values, _variables
from qualcode.interop.refi_xml import element as _element, serialise as _serialise, validate
from qualcode.model import AUTO_CODER, Case, Code, Codebook, Source


# ------------------------------------------------------------------------------ codes
def _code_tree(parent: ET.Element, codebook: Codebook, language: str, coded: set[str],
               notes: dict[str, list[str]], extra: list[Code]) -> None:
    children: dict[str | None, list[Code]] = {}
    for code in (*codebook.codes, *extra):
        children.setdefault(code.parent, []).append(code)

    def add(holder: ET.Element, code: Code) -> None:
        node = _element(holder, "Code", guid=refi_guid("code", code.id), name=code.label_in(language),
                        isCodable="true" if code in extra or is_codable(code, codebook, coded) else "false",
                        color=export_color(code.color))
        _element(node, "Description", describe_code(code))
        for note in notes.get(code.id, []):
            _element(node, "NoteRef", targetGUID=note)
        for child in children.get(code.id, []):
            add(node, child)

    codes = _element(parent, "Codes")
    for code in children.get(None, []):
        add(codes, code)


def _framework_sets(parent: ET.Element, codebook: Codebook, member: str, reference: str) -> None:
    framework = codebook.framework
    groups = [(DIMENSIONS_SET, () if framework.implied else framework.dimensions),
              (CROSS_CUTTING_SET, framework.cross_cutting)]
    groups = [(name, ids) for name, ids in groups if ids]
    if not groups:
        return
    sets = _element(parent, "Sets")
    for name, ids in groups:
        node = _element(sets, "Set", guid=refi_guid("set", name), name=name)
        # what the framework calls a dimension, a line per language, so an import gets it back
        terms = "".join(f"\nDimension term ({language}): {word}" for language, word in framework.dimension_term)
        # and the names per language, where the codebook gives them so
        terms += "".join(f"\nFramework ({language}): {name}" for language, name in framework.names)
        terms += "".join(f"\nCodebook ({language}): {name}" for language, name in codebook.names)
        _element(node, "Description", f"Framework: {framework.name}\nCodebook: {codebook.name}{terms}")
        for code_id in ids:
            _element(node, member, **{reference: refi_guid("code", code_id)})


def codebook_qdc(codebook: Codebook, language: str, origin: str, check: bool = True) -> bytes:
    """The codebook as a REFI-QDA codebook (.qdc) document."""
    root = _element(None, "CodeBook", xmlns=CODEBOOK_NS, origin=origin)
    _code_tree(root, codebook, language, set(), {}, [])
    _framework_sets(root, codebook, "MemberCode", "guid")
    xml = _serialise(root)
    if check:
        validate(xml, "Codebook.xsd")
    return xml


# ------------------------------------------------------------------------------ project
@dataclass(frozen=True)
class ProjectSnapshot:
    """Everything a QDPX export needs, read from the store and the codebook."""

    name: str
    description: str
    origin: str
    language: str
    codebook: Codebook
    sources: list[Source]
    cases: list[Case]
    codings: list[dict]       # id, segment_id, code_id, coder, status, memo, created_at
    span_codings: list[dict]  # source_id, start, end, segment_id, code_id, coder, status, memo, created_at
    memos: list[dict]         # id, target_kind, target_id, author, text, created_at
    stamp: str | None = None  # an xsd:dateTime for Project/@modifiedDateTime, when asked


@dataclass
class QdpxExport:
    archive: bytes
    project_qde: bytes
    counts: dict = field(default_factory=dict)
    left_out: dict = field(default_factory=dict)


def exported_codings(codings: list[dict]) -> tuple[list[dict], dict]:
    """The rows that become REFI codings, and what was left out (see the module docstring)."""
    rejected = {(c["segment_id"], c["code_id"]) for c in codings
                if c["status"] == "rejected" and c["coder"] != AUTO_CODER}
    kept, left_out = [], {"rejected decisions": 0, "machine suggestions a person rejected": 0}
    for coding in codings:
        if coding["status"] == "rejected":
            left_out["rejected decisions"] += 1
        elif (coding["coder"] == AUTO_CODER and coding["status"] == "suggested"
              and (coding["segment_id"], coding["code_id"]) in rejected):
            left_out["machine suggestions a person rejected"] += 1
        else:
            kept.append(coding)
    return kept, {k: v for k, v in left_out.items() if v}


class _Notes:
    """Memos as <Note>s, and which object refers to each."""

    def __init__(self) -> None:
        self.notes: list[tuple[str, str, str, str | None, str | None]] = []  # guid, name, text, author, time
        self.refs: dict[tuple[str, str], list[str]] = {}  # (kind, id) -> note guids
        self.case_links: list[tuple[str, str]] = []       # (note guid, case id)
        self._guids: set[str] = set()

    def has(self, guid: str) -> bool:
        return guid in self._guids

    def add(self, guid: str, name: str, text: str, author: str | None, created: str | None,
            kind: str | None = None, target: str = "") -> str:
        self.notes.append((guid, name, text, author, created))
        self._guids.add(guid)
        if kind:
            self.refs.setdefault((kind, target), []).append(guid)
        return guid

    def of(self, kind: str, target: str) -> list[str]:
        return self.refs.get((kind, target), [])


def _memo_guid(memo: dict, kind: str, shown: str, notes: _Notes) -> str:
    """A memo's GUID from what it is, not from its number here: the store's numbers start at 1
    in every project and change on a round trip, and another tool merging by GUID would take
    one project's memo #1 for another's. The same memo exported again keeps its GUID."""
    digest = hashlib.sha256(memo["text"].encode("utf-8")).hexdigest()[:16]
    key = "|".join((kind, shown, memo["author"] or "", memo["created_at"] or "", digest))
    guid = refi_guid("memo", key)
    if notes.has(guid):  # the same words by the same person at the same second, twice
        guid = refi_guid("memo", f"{key}|{memo['id']}")
    return guid


def _collect_notes(snapshot: ProjectSnapshot, segments: dict, codes: set[str], cases: set[str]) -> _Notes:
    notes = _Notes()
    sources = {s.id for s in snapshot.sources}
    known = {"source": sources, "segment": set(segments), "code": codes, "case": cases}
    # a memo on a coding is linked from its <Coding> (a NoteRef), named by what it is on
    coded = {str(row["id"]): f"{row['segment_id']}/{row['code_id']}" for row in snapshot.codings if "id" in row}
    for memo in snapshot.memos:
        kind, target = memo["target_kind"], memo["target_id"]
        shown = coded.get(target, target) if kind == "coding" else target
        guid = _memo_guid(memo, kind, shown, notes)
        name = f"memo #{memo['id']} on {kind}" + (f" {shown}" if shown else "")
        linked = kind == "project" or target in known.get(kind, ()) or (kind == "coding" and target in coded)
        notes.add(guid, name, memo["text"], memo["author"], memo["created_at"],
                  kind if linked and kind != "case" else None, target)
        if linked and kind == "case":
            notes.case_links.append((guid, target))
    return notes


def _selections(snapshot: ProjectSnapshot, codings: list[dict], notes: _Notes, left_out: dict):
    """source id -> {(start, end): {"segment": id or None, "codings": [row, ...]}}.

    A span coding whose text is no longer where it was (its source was re-ingested with
    changes) is counted in `left_out` rather than exported at the wrong place."""
    segments = {seg.id: seg for src in snapshot.sources for seg in src.segments}
    spans_of: dict[tuple, list[dict]] = {}
    across: dict[tuple, list[tuple[int, int]]] = {}  # (source, code, coder) -> spans across segments
    selections: dict[str, dict[tuple[int, int], dict]] = {}

    def slot(source_id: str, start: int, end: int, segment_id: str | None) -> dict:
        spot = selections.setdefault(source_id, {}).setdefault((start, end), {"segment": None, "codings": []})
        spot["segment"] = spot["segment"] or segment_id
        return spot

    texts = {source.id: source.text for source in snapshot.sources}
    for span in snapshot.span_codings:
        if span["status"] == "rejected":
            continue
        if texts.get(span["source_id"], "")[span["start"]:span["end"]] != span["text"]:
            left_out["span codings whose text changed after import"] = (
                left_out.get("span codings whose text changed after import", 0) + 1)
            continue
        segment = segments.get(span["segment_id"] or "")
        if segment and segment.start <= span["start"] and span["end"] <= segment.end:
            spans_of.setdefault((segment.id, span["code_id"], span["coder"]), []).append(span)
        else:
            slot(span["source_id"], span["start"], span["end"], None)["codings"].append(span)
            across.setdefault((span["source_id"], span["code_id"], span["coder"]), []).append(
                (span["start"], span["end"]))
    for coding in codings:
        segment = segments.get(coding["segment_id"])
        if segment is None:
            continue
        spans = spans_of.get((coding["segment_id"], coding["code_id"], coding["coder"]))
        if not spans and any(segment in covered(span, [segment]) for span in
                             across.get((segment.source_id, coding["code_id"], coding["coder"]), ())):
            continue  # the selection across segments that made this coding stands for it
        for span in spans or [dict(coding, start=segment.start, end=segment.end)]:
            exact = (span["start"], span["end"]) == (segment.start, segment.end)
            slot(segment.source_id, span["start"], span["end"], segment.id if exact else None)["codings"].append(
                dict(span, status=coding["status"]))
    for segment_id in {target for kind, target in notes.refs if kind == "segment"}:
        segment = segments[segment_id]
        slot(segment.source_id, segment.start, segment.end, segment.id)
    for segment in segments.values():  # a group discussion's participant's turns: their case names them
        if segment.case_id:
            slot(segment.source_id, segment.start, segment.end, segment.id)
    return selections


def _coding_element(parent: ET.Element, source_id: str, start: int, end: int, row: dict,
                    notes: _Notes) -> None:
    key = f"{source_id}:{start}:{end}:{row['code_id']}:{row['coder']}"
    node = _element(parent, "Coding", guid=refi_guid("coding", key),
                    creatingUser=refi_guid("user", row["coder"]),
                    creationDateTime=_datetime(row.get("created_at")))
    _element(node, "CodeRef", targetGUID=refi_guid("code", row["code_id"]))
    if row.get("memo"):
        guid = notes.add(refi_guid("coding-memo", key), f"memo on coding {row['code_id']} by "
                         f"{row['coder']} ({source_id} {start}-{end})", row["memo"], row["coder"],
                         row.get("created_at"))
        _element(node, "NoteRef", targetGUID=guid)
    for guid in notes.of("coding", str(row.get("id", ""))):  # `memo add coding`'s memos on it
        _element(node, "NoteRef", targetGUID=guid)


def _datetime(value: str | None) -> str | None:
    if not value:
        return None
    try:
        dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return value


def _sources_element(root: ET.Element, snapshot: ProjectSnapshot, selections: dict, notes: _Notes,
                     types: dict[str, str]) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    if not snapshot.sources:
        return files
    sources = _element(root, "Sources")
    for source in snapshot.sources:
        guid = refi_guid("source", source.id)
        files[f"sources/{guid}.txt"] = source.text.encode("utf-8")
        node = _element(sources, "TextSource", guid=guid, name=source.id,
                        plainTextPath=f"internal://{guid}.txt")
        for (start, end), spot in sorted(selections.get(source.id, {}).items()):
            selection = _element(node, "PlainTextSelection",
                                 guid=refi_guid("selection", f"{source.id}:{start}:{end}"),
                                 name=spot["segment"], startPosition=str(start), endPosition=str(end))
            for row in sorted(spot["codings"], key=lambda r: (r["code_id"], r["coder"])):
                _coding_element(selection, source.id, start, end, row, notes)
            for note in notes.of("segment", spot["segment"] or ""):
                _element(selection, "NoteRef", targetGUID=note)
        for note in notes.of("source", source.id):
            _element(node, "NoteRef", targetGUID=note)
        _variable_values(node, _source_variables(source), types)
    return files


def project_qdpx(snapshot: ProjectSnapshot, check: bool = True) -> QdpxExport:
    """The project as a REFI-QDA project archive (.qdpx): project.qde and sources/<guid>.txt."""
    codebook = snapshot.codebook
    codings, left_out = exported_codings(snapshot.codings)
    used = {c["code_id"] for c in codings} | {s["code_id"] for s in snapshot.span_codings
                                              if s["status"] != "rejected"}
    known_codes = {c.id for c in codebook.codes}
    extra = [Code(id=code_id, label={snapshot.language: code_id}, kind="theme",
                  definition={"*": "Used in codings but not in the current codebook."})
             for code_id in sorted(used - known_codes)]
    segments = {seg.id: seg for src in snapshot.sources for seg in src.segments}
    notes = _collect_notes(snapshot, segments, known_codes | used, {c.id for c in snapshot.cases})
    selections = _selections(snapshot, codings, notes, left_out)
    types = _variables(snapshot)

    root = _element(None, "Project", xmlns=PROJECT_NS, name=snapshot.name, origin=snapshot.origin,
                    modifiedDateTime=snapshot.stamp)
    users_node = _element(root, "Users")
    book = _element(root, "CodeBook")
    _code_tree(book, codebook, snapshot.language, used, {k[1]: v for k, v in notes.refs.items()
                                                          if k[0] == "code"}, extra)
    if types:
        variables = _element(root, "Variables")
        for name, kind in types.items():
            _element(variables, "Variable", guid=refi_guid("variable", name), name=name,
                     typeOfVariable=kind)
    if snapshot.cases:
        cases = _element(root, "Cases")
        sources_of: dict[str, list[str]] = {}  # a case's sources, in the snapshot's order
        turns_of: dict[str, list[str]] = {}  # a group discussion's participant's turns, as selections
        for source in snapshot.sources:
            sources_of.setdefault(source.case_id, []).append(source.id)
            for segment in source.segments:
                if segment.case_id:
                    turns_of.setdefault(segment.case_id, []).append(
                        refi_guid("selection", f"{source.id}:{segment.start}:{segment.end}"))
        for case in snapshot.cases:
            node = _element(cases, "Case", guid=refi_guid("case", case.id), name=case.id)
            _variable_values(node, {k: v for k, v in case.attributes.items()
                                    if v is not None and _value_text(v) != ""}, types)
            for source_id in sources_of.get(case.id, ()):
                _element(node, "SourceRef", targetGUID=refi_guid("source", source_id))
            for guid in turns_of.get(case.id, ()):
                _element(node, "SelectionRef", targetGUID=guid)
    files = _sources_element(root, snapshot, selections, notes, types)
    if notes.notes:
        notes_node = _element(root, "Notes")
        for guid, name, text, author, created in notes.notes:
            note = _element(notes_node, "Note", guid=guid, name=name,
                            creatingUser=refi_guid("user", author) if author else None,
                            creationDateTime=_datetime(created))
            _element(note, "PlainTextContent", text)
    if notes.case_links:
        links = _element(root, "Links")
        for guid, case_id in notes.case_links:
            _element(links, "Link", guid=refi_guid("link", guid), name="memo",
                     direction="OneWay", originGUID=guid, targetGUID=refi_guid("case", case_id))
    _framework_sets(root, codebook, "MemberCode", "targetGUID")
    if snapshot.description:
        _element(root, "Description", snapshot.description)
    for note in notes.of("project", ""):
        _element(root, "NoteRef", targetGUID=note)

    people = sorted({c["coder"] for c in codings} | {s["coder"] for s in snapshot.span_codings}
                    | {n[3] for n in notes.notes if n[3]})
    for person in people:
        _element(users_node, "User", guid=refi_guid("user", person), name=person)
    if not people:
        root.remove(users_node)
    qde = _serialise(root)
    if check:
        validate(qde, "Project.xsd")
    coding_count = sum(len(s["codings"]) for spots in selections.values() for s in spots.values())
    counts = {"codes": len(codebook.codes) + len(extra), "users": len(people),
              "variables": len(types), "cases": len(snapshot.cases), "sources": len(snapshot.sources),
              "selections": sum(len(spots) for spots in selections.values()),
              "codings": coding_count, "notes": len(notes.notes)}
    if extra:
        counts["codes not in the codebook (exported as plain codes)"] = len(extra)
    return QdpxExport(_zip(qde, files), qde, counts, left_out)


def _zip(qde: bytes, files: dict[str, bytes]) -> bytes:
    """A deterministic ZIP: fixed member order and times."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in [("project.qde", qde), *sorted(files.items())]:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()
