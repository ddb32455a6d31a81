"""Add codes to a codebook YAML file without disturbing what a person wrote there.

Codebooks are hand-written and commented, and a YAML round trip through a parser would drop
every comment. So a new code is appended as text at the end of the `codes:` list, in the
list's own indentation, and the result is linted before it replaces the file: a change that
would break the codebook (a duplicate id, an unknown parent) is refused and the file is left
as it was.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import yaml

from qualcode.codebook.loader import Issue, lint_codebook
from qualcode.errors import CodebookError
from qualcode.fileio import write_atomic
from qualcode.ingest.decode import decode_yaml

_TOP_KEY = re.compile(r"^[A-Za-z_][\w-]*\s*:")
_ITEM = re.compile(r"^(\s*)-\s")


# `codes:` with nothing under it, or `codes: []`: a codebook to be grown by `codebook add`
_EMPTY_CODES = re.compile(r"^codes\s*:\s*(\[\s*\])?\s*(#.*)?$")


def _opened(lines: list[str]) -> list[str]:
    """The lines with a `codes:` list to add to: an empty one (`codes: []`, `codes:` with no
    items) or a missing one is opened as `codes:` at the end of the top level."""
    start = next((i for i, line in enumerate(lines) if _EMPTY_CODES.match(line)), None)
    if start is None:
        if any(re.match(r"^codes\s*:", line) for line in lines):
            return lines  # a list with items, or one in flow style (`_codes_block_end` says so)
        return [*lines, "codes:"]
    end = next((i for i in range(start + 1, len(lines)) if _TOP_KEY.match(lines[i])), len(lines))
    if any(_ITEM.match(line) for line in lines[start + 1:end]):
        return lines
    rest = [line for line in lines[start + 1:end] if line.strip()]  # comments under it stay, after it
    return [*lines[:start], *lines[end:], "codes:", *rest]


def _codes_block_end(lines: list[str], path: Path) -> tuple[int, str]:
    """Index of the line after the last line of the `codes:` list, and the list's indent."""
    start = next((i for i, line in enumerate(lines) if re.match(r"^codes\s*:\s*(#.*)?$", line)), None)
    if start is None:
        raise CodebookError(path, "no block-style `codes:` list to add to")
    end = len(lines)
    for i in range(start + 1, len(lines)):
        if _TOP_KEY.match(lines[i]):
            end = i
            break
    items = [m.group(1) for m in map(_ITEM.match, lines[start + 1:end]) if m]
    if not items:
        return end, "  "  # the first code
    indent = min(items, key=len)
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1  # insert before the blank lines that separate codes from the next key
    return end, indent


def code_block(entry: dict, indent: str) -> list[str]:
    """One code as YAML list-item lines, in the given indentation."""
    text = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=96,
                          default_flow_style=None)
    return [indent + line if line else line for line in text.splitlines()]


def with_code_added(text: str, entry: dict, path: Path) -> str:
    """The codebook text with `entry` appended to its codes list (pure; no file access)."""
    lines = _opened(text.splitlines())
    end, indent = _codes_block_end(lines, path)
    first = not any(_ITEM.match(line) for line in lines[:end])  # right under `codes:`, no blank line
    block = ([] if first else [""]) + code_block(entry, indent)
    return "\n".join(lines[:end] + block + lines[end:]) + "\n"


def _lint_text(text: str, path: Path) -> list[Issue]:
    with tempfile.TemporaryDirectory(prefix="qualcode-codebook-") as folder:
        candidate = Path(folder) / path.name
        candidate.write_text(text, encoding="utf-8")
        _, issues = lint_codebook(candidate)
    return [Issue(i.severity, str(path), i.line, i.message) for i in issues]


def add_codes(path: Path, entries: list[dict]) -> list[Issue]:
    """Append codes to the codebook at `path`; returns the warnings of the result.

    Raises CodebookError, leaving the file untouched, if the result would have an error.
    """
    path = Path(path)
    text = decode_yaml(path.read_bytes(), path)
    for entry in entries:
        text = with_code_added(text, entry, path)
    issues = _lint_text(text, path)
    errors = [i for i in issues if i.severity == "error"]
    if errors:
        raise CodebookError(path, f"not changed: {errors[0].message}")
    write_atomic(path, text)
    return issues


def renamed_text(path: Path, old: str, new: str) -> str:
    """The codebook at `path` with code `old` named `new` (`rename.with_code_renamed`), checked:
    raises CodebookError, the file untouched, if the result would have an error. Not written:
    the caller writes it with the store's changes."""
    from qualcode.codebook.rename import with_code_renamed

    path = Path(path)
    return checked(with_code_renamed(decode_yaml(path.read_bytes(), path), old, new, path), path)


def checked(text: str, path: Path) -> str:
    """A changed codebook text, once it lints without errors: else CodebookError, the file
    untouched (the caller writes it)."""
    errors = [i for i in _lint_text(text, path) if i.severity == "error"]
    if errors:
        raise CodebookError(path, f"not changed: {errors[0].message}")
    return text
