"""YAML front matter between `---` lines at the top of a text source."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from qualcode.errors import InputError, InputErrors
from qualcode.ingest.language import SUPPORTED
from qualcode.model import SOURCE_TYPES
from qualcode.yamlerrors import check_parsed, describe

_OPEN = re.compile(r"\A---[ \t]*\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


class _FrontMatterLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """SafeLoader (libyaml's when installed) that reads every plain value as the text it is:
    YAML 1.1 would make case `010` the octal 8, `10:30` the sexagesimal 630, `0712` 458 and
    `yes` true, and dates are ours to check, with their line. Only an empty value (`~`,
    `null`) stays null."""


_NULL_TAG = "tag:yaml.org,2002:null"
_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag == _NULL_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class FrontMatter(dict):
    """The metadata, plus the file line each key is on (`lines`), for errors found later."""

    lines: dict[str, int]

    def __init__(self, data: dict, lines: dict[str, int] | None = None):
        super().__init__(data)
        self.lines = dict(lines or {})


def as_text_values(data: FrontMatter, path: Path) -> FrontMatter:
    """The attributes with every value as text (`role: 5` is "5", `true` "true", a date its ISO
    form), as a cases.csv gives them: displays sort and group on them, and a number among
    texts cannot be compared. A list or mapping is one error at its line: an attribute is one
    value."""
    found = {}
    for key, value in data.items():
        if isinstance(value, (list, tuple, dict, set)):
            raise InputError(path, f"front matter {key!r} must be one value (text), not "
                                   f"{'a list' if not isinstance(value, dict) else 'a mapping'}",
                             line=data.lines.get(key))
        if value is None or isinstance(value, str):
            found[key] = value
        elif isinstance(value, bool):
            found[key] = "true" if value else "false"
        elif hasattr(value, "isoformat"):
            found[key] = value.isoformat()
        else:
            found[key] = str(value)
    return FrontMatter(found, data.lines)


def split_front_matter(text: str, path: Path) -> tuple[dict, str, int]:
    """Return (metadata, body, number of lines the front matter took)."""
    opening = _OPEN.match(text)
    if not opening:
        return {}, text, 0
    closing = _CLOSE.search(text, opening.end())
    if not closing:
        raise InputError(path, "front matter opened with '---' but never closed", line=1)
    block = text[opening.end():closing.start()]
    body_start = closing.end() + 1 if closing.end() < len(text) else closing.end()
    lines_used = text.count("\n", 0, body_start)
    fast = _fast_front_matter(block)
    if fast is not None:
        data, key_lines = fast
        return FrontMatter(_validated(data, path, key_lines), key_lines), text[body_start:], lines_used
    try:
        # Parse once: compose keeps each key's line; construct from the same node.
        loader = _FrontMatterLoader(block)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        line, reason = describe(exc, block)
        # +1: the block starts after the opening --- line
        raise InputError(path, f"front matter is not valid YAML: {reason}",
                         line=line + 1 if line else 1) from None
    check_parsed(block, data, path, first_line=2)  # the block starts on the file's second line
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(path, "front matter must be a mapping of `key: value` lines", line=2)
    key_lines = _key_lines(node, path) if isinstance(node, yaml.MappingNode) else {}
    return FrontMatter(_validated(data, path, key_lines), key_lines), text[body_start:], lines_used


# A front-matter line the fast path reads: `key: value` from the first column (or a blank or
# comment line). Anything else (indented, a block scalar's lines, a tab) goes to PyYAML.
# A value may not open with a YAML indicator (a tag, an anchor, a flow or block collection).
_SIMPLE_LINE = re.compile(r"(?:([A-Za-z_][\w-]*) *:(?: *| +[^\s!&*|>%@`\[\]{}?,:].*)|#.*| *)")
_STR_TAG = "tag:yaml.org,2002:str"
# Line breaks PyYAML knows besides \n (NEL, LS, PS): the line scan would not see them.
_OTHER_BREAKS = re.compile("[\x85\u2028\u2029]")


def _fast_front_matter(block: str) -> tuple[dict, dict[str, int]] | None:
    """(data, each key's file line) for a block of plain `key: text` lines, parsed by yaml-rs;
    None whenever PyYAML could read it otherwise or find fault with it. PyYAML builds a
    Python object per parse event: on a thousand files that was about a tenth of a cold
    `qualcode run`. Every value must be text that PyYAML (YAML 1.1) reads as text too: where
    the two YAMLs differ (`yes`, `10:30`, `0812`) PyYAML decides, as do aliases and escapes."""
    if "\t" in block or "\r" in block or "\\" in block or "*" in block or _OTHER_BREAKS.search(block):
        return None
    key_lines: dict[str, int] = {}
    for number, line in enumerate(block.split("\n"), start=2):  # the block starts on line 2
        simple = _SIMPLE_LINE.fullmatch(line)
        if simple is None:
            return None
        if simple.group(1):
            name = simple.group(1).lower()
            if name in key_lines or not _read_as_text(simple.group(1)):
                return None  # PyYAML says what is wrong, at its line
            key_lines[name] = number
    try:
        import yaml_rs
        data = yaml_rs.loads(block, parse_datetime=False) if key_lines else None
    except Exception:  # noqa: BLE001 - not installed, or any refusal: PyYAML reads it
        return None
    if not isinstance(data, dict) or len(data) != len(key_lines):
        return None
    for key, value in data.items():
        if not isinstance(key, str) or key.lower() not in key_lines:
            return None
        if value is not None and not (isinstance(value, str) and _read_as_text(value)):
            return None
    return data, key_lines


def _read_as_text(plain: str) -> bool:
    """Whether PyYAML would read `plain`, unquoted, as a string (not a bool, number or null)."""
    resolvers = _FrontMatterLoader.yaml_implicit_resolvers
    for tag, pattern in resolvers.get(plain[:1] if plain else "", []) + resolvers.get(None, []):
        if pattern.match(plain):
            return tag == _STR_TAG
    return True


def _key_lines(node: yaml.MappingNode, path: Path) -> dict[str, int]:
    """Each key's line in the file; a key that is not text, or given twice, is an error there."""
    lines: dict[str, int] = {}
    for key, _ in node.value:
        line = key.start_mark.line + 2  # the block starts on the file's second line
        if not isinstance(key, yaml.ScalarNode) or key.tag != "tag:yaml.org,2002:str":
            shown = key.value if isinstance(key, yaml.ScalarNode) else "a list or mapping"
            raise InputError(path, f"front matter key {shown} is not text", line=line)
        name = key.value.strip().lower()
        if name in lines:
            raise InputError(path, f"front matter gives {name!r} twice (first on line {lines[name]})",
                             line=line)
        lines[name] = line
    return lines


def _validated(data: dict, path: Path, key_lines: dict[str, int]) -> dict:
    """The front matter checked and made plain. Every problem is named, each at its line, in
    one error (a file with a misspelt source_type and a bad date says both at once)."""
    clean = {str(key).strip().lower(): value for key, value in data.items()}
    problems: list[InputError] = []

    def problem(key: str, message: str) -> None:
        problems.append(InputError(path, message, line=key_lines.get(key)))

    source_type = clean.get("source_type")
    if isinstance(source_type, str):  # `Interview` is interview, as `language: ID` is id
        source_type = clean["source_type"] = source_type.strip().lower()
    if source_type is not None and source_type not in SOURCE_TYPES:
        problem("source_type", f"unknown source_type {source_type!r}; use one of {', '.join(SOURCE_TYPES)}")
    if clean.get("date") is not None:
        try:
            clean["date"] = _as_date(clean["date"], path, key_lines.get("date"))
        except InputError as exc:
            problems.append(exc)
    if clean.get("case") is not None:
        if not isinstance(clean["case"], (str, int)) or not str(clean["case"]).strip():
            problem("case", f"case must be a case id (text), not {clean['case']!r}")
        else:
            clean["case"] = str(clean["case"]).strip()
    if clean.get("language") is not None:
        clean["language"] = str(clean["language"]).strip().lower()
        if clean["language"] not in SUPPORTED:
            problem("language", f"language {clean['language']!r} is not supported; use {', '.join(SUPPORTED)}")
    if clean.get("speaker_cases") is not None:
        clean["speaker_cases"] = _speaker_cases(clean["speaker_cases"], problem)
    for key in ("interviewer", "speakers"):  # speaker labels the text's own turns may not show
        value = clean.get(key)
        if value is None:
            continue
        # a list, or one text of labels separated by commas ("Joko, Pak Kades")
        labels = value if isinstance(value, list) else str(value).split(",") if isinstance(value, str) else [value]
        if not all(isinstance(label, (str, int)) for label in labels):
            problem(key, f"{key} must be a speaker label or a list of them")
        else:
            clean[key] = [str(label).strip() for label in labels if str(label).strip()]
    if problems:
        problems.sort(key=lambda found: found.line or 0)  # as the file reads
        raise problems[0] if len(problems) == 1 else InputErrors(problems)
    return clean


_YES, _NO = frozenset({"true", "yes", "ya", "on"}), frozenset({"false", "no", "tidak", "off"})


def _speaker_cases(value, problem) -> bool | dict[str, str]:
    """`speaker_cases: true` (each participant a case), or a mapping of speaker labels to the
    case ids to give them (`group_cases`)."""
    if isinstance(value, bool):
        return value
    # front matter values are read as written: `true` is text here
    if isinstance(value, str) and value.strip().lower() in _YES | _NO:
        return value.strip().lower() in _YES
    if isinstance(value, dict) and value and all(
            isinstance(k, (str, int)) and isinstance(v, (str, int)) and str(v).strip() for k, v in value.items()):
        return {str(k).strip(): str(v).strip() for k, v in value.items()}
    problem("speaker_cases", "speaker_cases must be true, false, or speaker labels with the case id "
                             "of each (P1: kades-sukamaju)")
    return False


def _as_date(value, path: Path, line: int | None) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.datetime.fromisoformat(str(value).strip()).date().isoformat()
    except ValueError:
        pass
    from qualcode.ingest.table_sources import month_named_date

    named = month_named_date(str(value))  # "14 Mei 2024", as a transcript's header writes it
    if named is None:
        raise InputError(path, f"date {value!r} is not a date (use YYYY-MM-DD, or 14 Mei 2024)", line=line)
    return named
