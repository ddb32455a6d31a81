"""YAML front matter between `---` lines at the top of a text source."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from qualcode.errors import InputError
from qualcode.model import SOURCE_TYPES
from qualcode.yamlerrors import describe

_OPEN = re.compile(r"\A---[ \t]*\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


class _FrontMatterLoader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text, so an impossible date is our error, with its line."""


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def split_front_matter(text: str, path: Path) -> tuple[dict, str, int]:
    """Return (metadata, body, number of lines the front matter took)."""
    opening = _OPEN.match(text)
    if not opening:
        return {}, text, 0
    closing = _CLOSE.search(text, opening.end())
    if not closing:
        raise InputError(path, "front matter opened with '---' but never closed", line=1)
    block = text[opening.end():closing.start()]
    try:
        node = yaml.compose(block, Loader=_FrontMatterLoader)
        data = yaml.load(block, Loader=_FrontMatterLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        line, reason = describe(exc)
        # +1: the block starts after the opening --- line
        raise InputError(path, f"front matter is not valid YAML: {reason}",
                         line=line + 1 if line else 1) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(path, "front matter must be a mapping of `key: value` lines", line=2)
    key_lines = {str(key.value).strip().lower(): key.start_mark.line + 2
                 for key, _ in (node.value if node is not None else [])}
    body_start = closing.end() + 1 if closing.end() < len(text) else closing.end()
    lines_used = text.count("\n", 0, body_start)
    return _validated(data, path, key_lines), text[body_start:], lines_used


def _validated(data: dict, path: Path, key_lines: dict[str, int]) -> dict:
    clean = {}
    for key, value in data.items():
        if not isinstance(key, str):
            raise InputError(path, f"front matter key {key!r} is not text", line=2)
        clean[key.strip().lower()] = value
    source_type = clean.get("source_type")
    if source_type is not None and source_type not in SOURCE_TYPES:
        raise InputError(
            path, f"unknown source_type {source_type!r}; use one of {', '.join(SOURCE_TYPES)}",
            line=key_lines.get("source_type"))
    if clean.get("date") is not None:
        clean["date"] = _as_date(clean["date"], path, key_lines.get("date"))
    if clean.get("case") is not None:
        clean["case"] = str(clean["case"]).strip()
    if clean.get("language") is not None:
        clean["language"] = str(clean["language"]).strip().lower()
    interviewer = clean.get("interviewer")
    if interviewer is not None:
        labels = interviewer if isinstance(interviewer, list) else [interviewer]
        if not all(isinstance(label, (str, int)) for label in labels):
            raise InputError(path, "interviewer must be a speaker label or a list of them",
                             line=key_lines.get("interviewer"))
        clean["interviewer"] = [str(label).strip() for label in labels if str(label).strip()]
    return clean


def _as_date(value, path: Path, line: int | None) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.datetime.fromisoformat(str(value).strip()).date().isoformat()
    except ValueError:
        raise InputError(path, f"date {value!r} is not a date (use YYYY-MM-DD)", line=line) from None
