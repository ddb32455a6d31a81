"""YAML read from people's files: a PyYAML error as a line number and a short reason a person
can act on, and what PyYAML accepts but qualcode cannot use (`check_parsed`)."""

from __future__ import annotations

from pathlib import Path

import yaml

from qualcode.errors import InputError
from qualcode.textrules import UNUSABLE

# libyaml's parser when PyYAML has it: faster, and it refuses nesting deeper than 1,000 levels
# where PyYAML's own parser recurses until Python stops it.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Values a file may hold once its aliases (`*name`) are written out. Nine lines of aliases can
# stand for a billion values, which anything that walks or prints them (a label made text,
# a value written to the store) would spend hours and gigabytes on.
ALIASED_VALUES_LIMIT = 100_000


def describe(exc: yaml.YAMLError, text: str | None = None) -> tuple[int | None, str]:
    """(1-based line within the parsed text, reason).

    PyYAML notices an unclosed bracket or quote only where the text ends; then the
    construct that was left open (its context mark) is the line the user must fix.
    Otherwise the problem mark is where the text goes wrong. Given the `text`, a tab where the
    parser stopped is named as such."""
    problem = getattr(exc, "problem_mark", None)
    context = getattr(exc, "context_mark", None)
    ran_out = "end of stream" in str(getattr(exc, "problem", "")) or "<stream end>" in str(
        getattr(exc, "problem", ""))
    context_text = str(getattr(exc, "context", "") or "")
    left_open = ran_out or "flow" in context_text or "quoted" in context_text
    mark = context if context is not None and (problem is None or left_open) else problem
    # "while parsing a flow sequence: did not find expected ',' or ']'", not one run-on phrase
    reason = ": ".join(p for p in (getattr(exc, "context", None), getattr(exc, "problem", None)) if p)
    if "tab character" in reason:  # PyYAML's own words name the tab, not the cure
        reason += " (YAML indents with spaces only)"
    elif text is not None and _tab_at(text, problem):
        reason += " (a tab: YAML indents with spaces only)"
    elif "mapping values are not allowed" in reason:
        reason += _mapping_hint(text, problem)
    return (mark.line + 1 if mark is not None else None), (reason or "invalid YAML")


def _mapping_hint(text: str | None, mark) -> str:
    """The cure for "mapping values are not allowed": quotes where the line's value holds
    ': ' itself (`title: FGD 1: Kepala desa`), else the line's indentation (`     kind:` one
    space deeper than the keys above it continues their value)."""
    quotes = " (a value holding ': ' needs quotes: title: \"FGD 1: Kepala desa\")"
    if text is None or mark is None:
        return quotes
    lines = text.split("\n")
    line = lines[mark.line] if mark.line < len(lines) else ""
    _, colon, value = line.partition(": ")
    # a flow mapping or list (`label: {id: …, en: …}`) holds ': ' of its own, quotes or not
    flow = value.lstrip().startswith(("{", "["))
    if colon and not flow and (": " in value or value.rstrip().endswith(":")):
        return quotes
    return " (check this line's indentation against the lines above: a key indented deeper than its neighbours is read as part of their value)"


def _tab_at(text: str, mark) -> bool:
    """Is the character the parser stopped at a tab (which YAML never allows as indentation)?"""
    if mark is None:
        return False
    lines = text.split("\n")
    return mark.line < len(lines) and lines[mark.line][mark.column:mark.column + 1] == "\t"


def safe_load(text: str, path: Path, unique_keys: bool = False) -> object:
    """yaml.safe_load (libyaml's parser when PyYAML has it), with a syntax error, nesting too
    deep, or what `check_parsed` refuses, as one InputError naming the file and line. With
    `unique_keys` (a small settings file), a key given twice in one mapping is refused too:
    YAML would keep the last one without a word, and the first would be silently ignored."""
    try:
        data = yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 - a safe loader
        if unique_keys:
            _refuse_repeated_keys(yaml.compose(text, Loader=SAFE_LOADER), path)
    except yaml.YAMLError as exc:
        line, reason = describe(exc, text)
        raise InputError(path, f"YAML syntax error: {reason}", line=line) from None
    except RecursionError:  # PyYAML's own parser, without libyaml's cap on nesting
        raise InputError(path, "YAML nested too deeply") from None
    check_parsed(text, data, path)
    return data


def line_of(text: str, *steps: str | int, key: bool = False) -> int | None:
    """The line a value starts on, found by its keys (str) and list positions (int, from 0)
    from the top, e.g. line_of(text, "overrides", 2); None when there is no such value. With
    `key`, the line of the last key itself (a key that should not be there). For messages
    about a value that parsed but is wrong: the node tree is composed again, without
    constructing (an alias is not written out)."""
    try:
        node = yaml.compose(text, Loader=SAFE_LOADER)
    except (yaml.YAMLError, RecursionError):
        return None
    for at, step in enumerate(steps, start=1):
        if isinstance(node, yaml.MappingNode) and isinstance(step, str):
            node = next((name if key and at == len(steps) else value for name, value in node.value
                         if isinstance(name, yaml.ScalarNode) and name.value == step), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
        else:
            return None
    return node.start_mark.line + 1 if node is not None else None


def _refuse_repeated_keys(root, path: Path) -> None:
    stack, seen_nodes = [root], set()
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen_nodes:
            continue
        seen_nodes.add(id(node))
        if isinstance(node, yaml.MappingNode):
            keys: set = set()
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.value in keys:
                        raise InputError(path, f"{key.value!r} given twice in one mapping",
                                         line=key.start_mark.line + 1)
                    keys.add(key.value)
                stack.extend((key, value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def check_parsed(text: str, data: object, path: Path, error: type[InputError] = InputError,
                 first_line: int = 1) -> None:
    """Raise `error` at its line for what `data`, parsed from `text`, holds that qualcode
    cannot use: aliases that stand for over ALIASED_VALUES_LIMIT values once written out, or
    for themselves; a string with a character no report can hold (`UNUSABLE`), which only a
    YAML escape can make. `first_line`: the file's line of the text's first line."""
    if "*" in text and _written_out_size(data) > ALIASED_VALUES_LIMIT:
        token = _first_token(text, lambda token: isinstance(token, yaml.AliasToken))
        raise error(path, f"its aliases (`*name`) stand for over {ALIASED_VALUES_LIMIT:,} values, "
                          "or for themselves; write the values out",
                    line=(token.start_mark.line if token else 0) + first_line)
    if "\\" in text and any(UNUSABLE.search(string) for string in _strings(data)):
        token = _first_token(text, lambda token: isinstance(token, yaml.ScalarToken)
                             and UNUSABLE.search(token.value) is not None)
        found = UNUSABLE.search(token.value).group() if token else ""
        raise error(path, "an escape makes a character no report can hold"
                          + (f" (U+{ord(found):04X})" if found else "") + "; remove it",
                    line=(token.start_mark.line if token else 0) + first_line)


def _first_token(text: str, wanted) -> yaml.Token | None:
    """The text's first YAML token `wanted` says yes to."""
    return next((token for token in yaml.scan(text, Loader=yaml.SafeLoader) if wanted(token)), None)


def _strings(data: object):
    """Every string in `data`, keys included, each shared list or mapping looked into once."""
    seen: set[int] = set()
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
            continue
        children = _children(item)
        if children is not None and id(item) not in seen:
            seen.add(id(item))
            stack.extend(children)


def _written_out_size(data: object) -> float:
    """How many values `data` holds with each shared list or mapping counted every time it is
    met: infinite when one holds itself. Each is looked into once, so a billion values written
    as nine lines of aliases take nine steps, not a billion."""
    sizes: dict[int, float] = {}
    started: set[int] = set()
    stack: list[tuple[object, bool]] = [(data, False)]
    while stack:
        item, finished = stack.pop()
        children = _children(item)
        if children is None:
            continue
        key = id(item)
        if finished:
            sizes[key] = 1 + sum(sizes.get(id(child), 1) for child in children)
            if sizes[key] > ALIASED_VALUES_LIMIT:
                return sizes[key]
            continue
        if key in sizes:
            continue
        if key in started:  # met again before it was finished: it holds itself
            return float("inf")
        started.add(key)
        stack.append((item, True))
        stack.extend((child, False) for child in children if id(child) not in sizes)
    return sizes.get(id(data), 1)


def _children(item: object) -> list | None:
    if isinstance(item, dict):
        return [*item.keys(), *item.values()]
    if isinstance(item, (list, tuple, set)):
        return list(item)
    return None
