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
        data = yaml.safe_load(block)
    except yaml.YAMLError as exc:
        line, reason = describe(exc)
        # +1: the block starts after the opening --- line
        raise InputError(path, f"front matter is not valid YAML: {reason}",
                         line=line + 1 if line else 1) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(path, "front matter must be a mapping of `key: value` lines", line=2)
    body_start = closing.end() + 1 if closing.end() < len(text) else closing.end()
    lines_used = text.count("\n", 0, body_start)
    return _validated(data, path), text[body_start:], lines_used


def _validated(data: dict, path: Path) -> dict:
    clean = {}
    for key, value in data.items():
        if not isinstance(key, str):
            raise InputError(path, f"front matter key {key!r} is not text", line=2)
        clean[key.strip().lower()] = value
    source_type = clean.get("source_type")
    if source_type is not None and source_type not in SOURCE_TYPES:
        raise InputError(
            path, f"unknown source_type {source_type!r}; use one of {', '.join(SOURCE_TYPES)}",
            line=_line_of_key(clean, "source_type"))
    if "date" in clean and clean["date"] is not None:
        clean["date"] = _as_date(clean["date"], path, _line_of_key(clean, "date"))
    if "case" in clean and clean["case"] is not None:
        clean["case"] = str(clean["case"]).strip()
    if "language" in clean and clean["language"] is not None:
        clean["language"] = str(clean["language"]).strip().lower()
    return clean


def _line_of_key(data: dict, key: str) -> int:
    # Keys keep YAML's order, so the key's position approximates its line.
    return list(data).index(key) + 2


def _as_date(value, path: Path, line: int) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise InputError(path, f"date {value!r} is not a date (use YYYY-MM-DD)", line=line) from None
