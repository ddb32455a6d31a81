"""A codebook's YAML read with the lines lint messages need: each mapping (a code, the
framework) remembers the line it starts on under LINE. yaml-rs parses a large codebook fast;
PyYAML (a SafeLoader that refuses duplicate keys) reads whatever yaml-rs cannot, and says
what is wrong with the file."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from qualcode.errors import CodebookError, InputError
from qualcode.ingest.decode import decode_yaml, read_input
from qualcode.yamlerrors import check_parsed, describe

LINE = "__line__"


_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeLoader):
    """SafeLoader that remembers the line each mapping starts on."""


def _mapping_with_line(loader: _LineLoader, node: yaml.MappingNode) -> dict:
    loader.flatten_mapping(node)
    seen: set = set()
    for key_node, _ in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else id(key_node)
        if key in seen:  # YAML would keep the last silently: half a code would vanish
            raise yaml.constructor.ConstructorError(
                None, None, f"{key!r} given twice in one mapping", key_node.start_mark)
        seen.add(key)
    mapping = loader.construct_mapping(node, deep=True)
    mapping[LINE] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:", re.M)
_LIST_ITEM = re.compile(r"^([ \t]*)-(?:[ \t]|$)", re.M)


def _item_lines(text: str) -> tuple[list[int], int | None] | None:
    """The line of each item of the block-style `codes:` list, and of `framework:`, found by
    scanning the text; None when the layout is not the plain block style this can read."""
    top = {m.group(1): m.start() for m in _TOP_KEY.finditer(text)}
    if "codes" not in top:
        return None
    start = top["codes"]
    end = min((at for at in top.values() if at > start), default=len(text))
    first = _LIST_ITEM.search(text, start, end)
    if first is None:
        return None
    # the first item sets the list's indentation; deeper dashes are keyword lists inside codes
    same_indent = re.compile(rf"^{re.escape(first.group(1))}-(?:[ \t]|$)", re.M)
    items = [m.start() for m in same_indent.finditer(text, first.start(), end)]
    # PyYAML dates a block mapping from its first key, the line after `framework:`
    block = re.compile(r"framework[ \t]*:[ \t]*(?:#[^\n]*)?\n(?:[ \t]*(?:#[^\n]*)?\n)*")
    framework = block.match(text, top["framework"]) if "framework" in top else None
    framework_at = framework.end() if framework else top.get("framework", 0)
    # line numbers by counting newlines between consecutive offsets: one pass, in C
    lines, line, previous = {}, 1, 0
    for at in sorted([*items, framework_at]):
        line += text.count("\n", previous, at)
        lines[at], previous = line, at
    return [lines[at] for at in items], lines[framework_at] if "framework" in top else None


def _only_text(value) -> bool:
    """Whether every scalar is a string (or empty): then YAML 1.1 and 1.2 read it alike."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif item is not None and not isinstance(item, str):
            return False
    return True


def _fast_load(text: str) -> dict | None:
    """The codebook parsed by yaml-rs, with the lines lint messages need, or None.

    PyYAML builds a Python object per parse event, so a 10,000-code codebook takes seconds;
    yaml-rs parses in Rust and lints it well under a second. It refuses duplicate keys and
    caps aliases as the PyYAML path does. Whenever it cannot help (not installed, a syntax
    error, a layout the line scan does not follow) the PyYAML path runs instead, so error
    messages always come from one place."""
    try:
        import yaml_rs
    except ImportError:
        return None
    try:
        data = yaml_rs.loads(text)
    except Exception:  # noqa: BLE001 - any refusal: let PyYAML say what is wrong, with its line
        return None
    located = _item_lines(text)
    if not isinstance(data, dict) or located is None or not isinstance(data.get("codes"), list):
        return None
    if not _only_text(data):
        return None  # YAML 1.2 reads `0812` as 812 where PyYAML keeps "0812": let PyYAML decide
    code_lines, framework_line = located
    if len(code_lines) != len(data["codes"]):
        return None
    for entry, line in zip(data["codes"], code_lines):
        if isinstance(entry, dict):
            entry[LINE] = line
    if isinstance(data.get("framework"), dict):
        data["framework"][LINE] = framework_line
    data[LINE] = 1
    return data


# How to begin a codebook, for one that has no codes yet.
START_ONE = "begin it with `qualcode codebook add ID --label LABEL`"


def parse_yaml(path: Path) -> tuple[dict, str]:
    raw = read_input(path, "codebook (YAML file)", CodebookError)
    try:
        text = decode_yaml(raw, path)
    except InputError as exc:
        start = f"; {START_ONE}" if exc.message == "file is empty" else ""
        raise CodebookError(exc.path, exc.message + start, line=exc.line) from None
    data = _fast_load(text)
    if data is None:
        try:
            data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
        except yaml.YAMLError as exc:
            line, reason = describe(exc, text)
            raise CodebookError(path, f"YAML syntax error: {reason}", line=line) from None
    check_parsed(text, data, path, CodebookError)
    if not isinstance(data, dict):
        raise CodebookError(path, "a codebook must be a mapping with `codes:`", line=1)
    return data, text


def top_key_line(text: str, key: str) -> int | None:
    """The line of a top-level key, for messages about its value (the mapping starts on 1)."""
    found = next((m for m in _TOP_KEY.finditer(text) if m.group(1) == key), None)
    return text.count("\n", 0, found.start()) + 1 if found else None
