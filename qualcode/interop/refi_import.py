"""Read REFI-QDA projects (.qdpx) and codebooks (.qdc) leniently, as vendors really write them.

Parsing is safe (defusedxml: no entity expansion, no external entities, no network) and
lenient where vendors differ: any single `*.qde` at the archive root, `Sources/` or
`sources/`, GUIDs in either case with or without braces, `plainTextPath` with or without
`internal://`, relative, absolute or bare, `PlainTextContent` inline, a BOM or UTF-16 in
text files, empty `<Sets/>`, unnamed cases, odd colours. What cannot be used is listed
in `skipped` with the reason, never silently dropped.

The result is plain typed data with the producer's raw texts and positions; turning it
into our sources, segments and codings is refi_merge's job.
"""

from __future__ import annotations

import codecs
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath

from qualcode.errors import InputError
from qualcode.interop import normal_guid
from qualcode.interop.refi_xml import (
    attr as _attr, child, children, guid as _guid, integer as _int, local, parse_xml, refs as _refs,
    text_of as _text,
)
from qualcode.interop.safezip import SafeArchive, open_archive
from qualcode.textrules import UNUSABLE

# What makes a source's text binary data: UNUSABLE, less the page break and the vertical tab
# that text taken from a PDF or Word holds (a line break there), which ingest keeps too
NOT_TEXT = re.compile(UNUSABLE.pattern.replace("\x0b\x0c", ""))


@dataclass
class RefiCode:
    guid: str
    name: str
    parent: str | None
    codable: bool
    color: str | None
    description: str
    notes: list[str] = field(default_factory=list)


@dataclass
class RefiCoding:
    guid: str
    code: str | None
    user: str | None
    created: str | None
    notes: list[str] = field(default_factory=list)


@dataclass
class RefiSelection:
    guid: str
    start: int | None   # None: the whole source (a coding directly on the TextSource)
    end: int | None
    codings: list[RefiCoding]
    notes: list[str]
    user: str | None


@dataclass
class RefiSource:
    guid: str
    name: str
    raw: str            # the text as the producer wrote it (CRLF and all; BOM removed)
    file_bytes: bytes
    selections: list[RefiSelection]
    variables: dict     # variable guid -> value text
    notes: list[str]


@dataclass
class RefiCase:
    guid: str
    name: str | None
    variables: dict
    sources: list[str]
    selections: list[str] = field(default_factory=list)  # a group discussion's participant's turns


@dataclass
class RefiNote:
    guid: str
    name: str
    text: str
    user: str | None
    created: str | None


@dataclass
class RefiSet:
    name: str
    description: str
    codes: list[str]


@dataclass
class RefiProject:
    name: str
    origin: str | None
    creating_user: str | None
    description: str
    users: dict = field(default_factory=dict)      # guid -> name
    codes: list[RefiCode] = field(default_factory=list)
    variables: dict = field(default_factory=dict)  # guid -> (name, type)
    cases: list[RefiCase] = field(default_factory=list)
    sources: list[RefiSource] = field(default_factory=list)
    notes: list[RefiNote] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (origin guid, target guid)
    sets: list[RefiSet] = field(default_factory=list)
    project_notes: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


# ------------------------------------------------------------------------------ codebook
def parse_codes(book: ET.Element | None, skipped: list[str]) -> list[RefiCode]:
    """Codes of a <CodeBook>, parents before children, in document order."""
    codes: list[RefiCode] = []
    holder = child(book, "Codes") if book is not None else None

    if holder is None:
        return codes
    # depth first with a stack of its own: a file may nest codes thousands deep, past Python's
    # recursion limit
    stack = [(iter(children(holder, "Code")), None)]
    while stack:
        elements, parent = stack[-1]
        element = next(elements, None)
        if element is None:
            stack.pop()
            continue
        guid = _guid(element)
        name = (_attr(element, "name") or "").strip()
        if guid is None:
            skipped.append(f"code {name or '(unnamed)'}: no valid guid; it and its subcodes skipped")
            continue
        codable = (_attr(element, "isCodable") or "true").strip().lower() not in ("false", "0")
        codes.append(RefiCode(guid, name or f"code {guid[:8]}", parent, codable,
                              _attr(element, "color"), _text(child(element, "Description")).strip(),
                              _refs(element, "NoteRef")))
        stack.append((iter(children(element, "Code")), guid))
    return codes


def parse_sets(node: ET.Element | None) -> list[RefiSet]:
    """Sets of codes; empty <Sets/> is fine. MemberCode refers by `targetGUID` (projects) or `guid` (QDC)."""
    found = []
    for element in children(node, "Set") if node is not None else []:
        members = [normal_guid(_attr(m, "targetGUID") or _attr(m, "guid")) for m in children(element, "MemberCode")]
        found.append(RefiSet((_attr(element, "name") or "").strip(), _text(child(element, "Description")),
                             [m for m in members if m]))
    return found


def parse_qdc(data: bytes, path: Path) -> tuple[list[RefiCode], list[RefiSet], list[str]]:
    """A REFI-QDA codebook file: its codes, sets, and what was skipped."""
    root = parse_xml(data, path)
    if local(root.tag) == "Project":
        root = child(root, "CodeBook")
    if root is None or local(root.tag) != "CodeBook":
        raise InputError(path, "not a REFI-QDA codebook (no <CodeBook> element)")
    skipped: list[str] = []
    codes = parse_codes(root, skipped)
    if not codes:
        raise InputError(path, "the codebook has no codes")
    return codes, parse_sets(child(root, "Sets")), skipped


# ------------------------------------------------------------------------------ texts
def decode_text(raw: bytes) -> str:
    """A producer's text file: BOM honoured (UTF-8 or UTF-16), else UTF-8, UTF-16 or cp1252."""
    if raw.startswith(codecs.BOM_UTF8):
        return raw[3:].decode("utf-8", errors="replace")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16", errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if raw.count(b"\x00") > len(raw) // 4:
        even_zeros = raw[0::2].count(0) > raw[1::2].count(0)
        return raw.decode("utf-16-be" if even_zeros else "utf-16-le", errors="replace")
    return raw.decode("cp1252", errors="replace")


def resolve_path(archive: SafeArchive, reference: str) -> str | None:
    """The archive member a plainTextPath means, however the producer wrote it."""
    reference = reference.strip()
    lowered = reference.casefold()
    for prefix in ("internal://", "relative://", "file:///", "file://"):
        if lowered.startswith(prefix):
            reference = reference[len(prefix):]
            break
    posix = reference.replace("\\", "/").lstrip("/")
    if ".." in PurePosixPath(posix).parts:
        return None  # a source's text is in the sources folder, never reached by climbing out of it
    base = PureWindowsPath(reference).name if "\\" in reference else PurePosixPath(posix).name
    stripped = re.sub(r"[{}]", "", base)
    candidates = [f"sources/{posix}", posix, f"sources/{base}", f"sources/{stripped}", base]
    for candidate in candidates:
        if candidate and (found := archive.find(candidate)) and not found.casefold().endswith(".qde"):
            return found  # (the project's own XML is no source's text)
    return None


# ------------------------------------------------------------------------------ project
def _users(root: ET.Element) -> dict[str, str]:
    users = {}
    for user in children(child(root, "Users"), "User") if child(root, "Users") is not None else []:
        guid = _guid(user)
        if guid:
            users[guid] = (_attr(user, "name") or _attr(user, "id") or f"user-{guid[:8]}").strip()
    return users


def _values(node: ET.Element) -> dict[str, str]:
    values = {}
    for value in children(node, "VariableValue"):
        ref = child(value, "VariableRef")
        guid = _guid(ref, "targetGUID") if ref is not None else None
        payload = next((c for c in value if local(c.tag).endswith("Value")), None)
        if guid and payload is not None:
            text = _text(payload).strip()
            if local(payload.tag) == "BooleanValue":
                text = {"1": "true", "0": "false"}.get(text, text.lower())
            if text:
                values[guid] = text
    return values


def _codings(node: ET.Element, selection_user: str | None) -> list[RefiCoding]:
    found = []
    for coding in children(node, "Coding"):
        ref = child(coding, "CodeRef")
        found.append(RefiCoding(_guid(coding) or "", _guid(ref, "targetGUID") if ref is not None else None,
                                _guid(coding, "creatingUser") or selection_user,
                                _attr(coding, "creationDateTime"), _refs(coding, "NoteRef")))
    return found


def _text_of(node: ET.Element, archive: SafeArchive, what: str, skipped: list[str]) -> tuple[str, bytes] | None:
    """The plain text of a TextSource or Note: its file in the archive, or inline content."""
    inline = child(node, "PlainTextContent")
    reference = _attr(node, "plainTextPath")
    if reference:
        member = resolve_path(archive, reference)
        if member is not None:
            data = archive.read(member)
            return decode_text(data), data
        if inline is None:
            skipped.append(f"{what}: its text file {reference!r} is not in the archive")
            return None
    if inline is not None:
        text = _text(inline)
        return text, text.encode("utf-8")
    if _attr(node, "richTextPath"):
        skipped.append(f"{what}: only rich text (no plain text) is given; not supported")
    elif what.startswith("source"):
        skipped.append(f"{what}: no text (neither plainTextPath nor PlainTextContent)")
    return None


def _lost(node: ET.Element) -> str:
    """What a source left out takes with it, for the message that says so."""
    codings = len(node.findall(".//{*}Coding"))
    return f" ({codings} coding{'s' if codings != 1 else ''} with it)" if codings else ""


def _source(node: ET.Element, archive: SafeArchive, skipped: list[str], name: str | None = None,
            guid: str | None = None) -> RefiSource | None:
    """A TextSource, or the text Representation of another (`name` and `guid` its source's)."""
    guid = guid or _guid(node)
    name = (name if name is not None else _attr(node, "name") or "").strip()
    what = f"source {name or '(unnamed)'}"
    if guid is None:
        skipped.append(f"{what}: no valid guid")
        return None
    content = _text_of(node, archive, what, skipped)
    if content is None:
        if skipped and skipped[-1].startswith(what):
            skipped[-1] += _lost(node)
        return None
    raw, data = content
    unusable = NOT_TEXT.search(raw)
    if unusable is not None:  # as a binary transcript is refused: a source must be text
        skipped.append(f"{what}: its text holds U+{ord(unusable.group()):04X} (binary data, not text); "
                       f"left out{_lost(node)}")
        return None
    selections = []
    for element in children(node, "PlainTextSelection"):
        user = _guid(element, "creatingUser")
        selections.append(RefiSelection(
            _guid(element) or "", _int(_attr(element, "startPosition")),
            _int(_attr(element, "endPosition")), _codings(element, user), _refs(element, "NoteRef"), user))
        if selections[-1].start is None or selections[-1].end is None:
            skipped.append(f"{what}: a selection without readable start/end positions")
            selections.pop()
    whole = _codings(node, None)
    if whole:
        selections.append(RefiSelection("", None, None, whole, [], None))
    return RefiSource(guid, name or f"source-{guid[:8]}", raw, data, selections, _values(node),
                      _refs(node, "NoteRef"))


def _main_document(archive: SafeArchive) -> str:
    roots = [n for n in archive.names if "/" not in n and n.casefold().endswith(".qde")]
    if len(roots) == 1:
        return roots[0]
    if not roots:
        raise InputError(archive.path, "no .qde project file at the archive root; not a REFI-QDA project?")
    preferred = [n for n in roots if n.casefold() == "project.qde"]
    if len(preferred) == 1:
        return preferred[0]
    raise InputError(archive.path, f"several .qde files at the archive root ({', '.join(roots)}); "
                                   "which one is the project is unclear")


def parse_qdpx(path: Path) -> RefiProject:
    """Read a .qdpx archive into plain data; InputError naming the file when it is unusable."""
    with open_archive(path) as archive:
        member = _main_document(archive)
        root = parse_xml(archive.read(member), path, member)
        if local(root.tag) != "Project":
            raise InputError(f"{path}!{member}", f"root element is <{local(root.tag)}>, not <Project>")
        project = RefiProject(name=(_attr(root, "name") or Path(path).stem).strip(),
                              origin=_attr(root, "origin"), creating_user=_guid(root, "creatingUserGUID"),
                              description=_text(child(root, "Description")).strip())
        skipped = project.skipped
        project.users = _users(root)
        project.codes = parse_codes(child(root, "CodeBook"), skipped)
        variables = child(root, "Variables")
        for variable in children(variables, "Variable") if variables is not None else []:
            guid = _guid(variable)
            if guid:
                project.variables[guid] = ((_attr(variable, "name") or guid).strip(),
                                           _attr(variable, "typeOfVariable") or "Text")
        cases = child(root, "Cases")
        for case in children(cases, "Case") if cases is not None else []:
            guid = _guid(case)
            if guid is None:
                skipped.append(f"case {_attr(case, 'name') or '(unnamed)'}: no valid guid")
                continue
            name = (_attr(case, "name") or "").strip() or None
            project.cases.append(RefiCase(guid, name, _values(case), _refs(case, "SourceRef"),
                                          _refs(case, "SelectionRef")))
            if children(case, "CodeRef"):
                skipped.append(f"case {name or guid[:8]}: {len(children(case, 'CodeRef'))} CodeRef "
                               "element(s) (case-level coding) not supported")
        sources = child(root, "Sources")
        for node in list(sources) if sources is not None else []:
            kind = local(node.tag)
            name = (_attr(node, "name") or "").strip()
            representation = child(node, "Representation") if kind == "PDFSource" else None
            if representation is not None:  # ATLAS.ti's PDFs carry their text: that is the source
                areas = children(node, "PDFSelection")
                if areas:
                    lost = sum(len(area.findall(".//{*}Coding")) for area in areas)
                    skipped.append(f"PDFSource {name}: {len(areas)} area selection(s) of its pages, with "
                                   f"{lost} coding(s), not supported; its text and the selections in it "
                                   "came over")
                source = _source(representation, archive, skipped, name, _guid(node))
            elif kind != "TextSource":
                skipped.append(f"{kind} {name}: only text sources are supported{_lost(node)}".replace(" :", ":"))
                continue
            else:
                source = _source(node, archive, skipped)
            if source is not None:
                project.sources.append(source)
        notes = child(root, "Notes")
        for note in children(notes, "Note") if notes is not None else []:
            guid = _guid(note)
            name = (_attr(note, "name") or "").strip()
            content = _text_of(note, archive, f"note {name or '(unnamed)'}", skipped) if guid else None
            text = content[0] if content else _text(child(note, "Description"))
            if guid and text.strip():
                project.notes.append(RefiNote(guid, name, text.replace("\r\n", "\n").strip(),
                                              _guid(note, "creatingUser"), _attr(note, "creationDateTime")))
            elif guid is None:
                skipped.append(f"note {name or '(unnamed)'}: no valid guid")
        links = child(root, "Links")
        for link in children(links, "Link") if links is not None else []:
            origin, target = _guid(link, "originGUID"), _guid(link, "targetGUID")
            if origin and target:
                project.links.append((origin, target))
        project.sets = parse_sets(child(root, "Sets"))
        project.project_notes = _refs(root, "NoteRef")
        return project
