"""A code's id changed in the codebook's YAML text, and nowhere else in it; a code taken out
of it (`without_code`, for a merge or a deletion).

The id is a YAML scalar in a few places only: the code's `id`, its subcodes' `parent`, a
pattern code's `members`, the codes that `implies` it, and the framework's `dimensions` and
`cross_cutting` lists.
Those nodes are found by composing the document (PyYAML keeps each node's place in the text), and only their characters are
replaced, so comments, layout and any prose that happens to contain the word stay as they
were ("software" in a definition is not the code `software`).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from qualcode.errors import InputError
from qualcode.yamlerrors import SAFE_LOADER, describe


def _scalars(node: yaml.Node, *keys: str) -> list[yaml.ScalarNode]:
    """The scalar nodes under a path of mapping keys ('*' for every item of a sequence)."""
    if not keys:
        return [node] if isinstance(node, yaml.ScalarNode) else []
    head, rest = keys[0], keys[1:]
    if head == "*":
        return [found for item in node.value for found in _scalars(item, *rest)] \
            if isinstance(node, yaml.SequenceNode) else []
    if not isinstance(node, yaml.MappingNode):
        return []
    return [found for key, value in node.value
            if isinstance(key, yaml.ScalarNode) and key.value == head for found in _scalars(value, *rest)]


def id_places(text: str, path: Path) -> list[yaml.ScalarNode]:
    """Every node of the codebook's text that names a code by its id."""
    try:
        root = yaml.compose(text, Loader=SAFE_LOADER)
    except yaml.YAMLError as exc:
        line, reason = describe(exc, text)
        raise InputError(path, f"YAML syntax error: {reason}", line=line) from None
    if root is None:
        return []
    return (_scalars(root, "codes", "*", "id") + _scalars(root, "codes", "*", "parent")
            + _scalars(root, "codes", "*", "members", "*") + _scalars(root, "codes", "*", "implies", "*")
            + _scalars(root, "framework", "dimensions", "*")
            + _scalars(root, "framework", "cross_cutting", "*"))


def with_code_renamed(text: str, old: str, new: str, path: Path) -> str:
    """The codebook's text with every place that names `old` naming `new`."""
    places = sorted((node for node in id_places(text, path) if node.value == old),
                    key=lambda node: node.start_mark.index, reverse=True)
    for node in places:  # from the end, so the earlier indexes still hold
        text = text[:node.start_mark.index] + new + text[node.end_mark.index:]
    return text


def with_key_renamed(text: str, mapping: str, old: str, new: str, path: Path) -> str:
    """A YAML file's text with the key `old` of its top-level `mapping` (a summaries file's
    `summaries`, keyed by code) named `new`; the rest as it was."""
    try:
        root = yaml.compose(text, Loader=SAFE_LOADER)
    except yaml.YAMLError:
        return text  # a broken file is said by the command that reads it
    places = [key for outer_key, value in (root.value if isinstance(root, yaml.MappingNode) else [])
              if isinstance(outer_key, yaml.ScalarNode) and outer_key.value == mapping
              and isinstance(value, yaml.MappingNode)
              for key, _ in value.value if isinstance(key, yaml.ScalarNode) and key.value == old]
    for node in sorted(places, key=lambda node: node.start_mark.index, reverse=True):
        text = text[:node.start_mark.index] + new + text[node.end_mark.index:]
    return text


def without_code(text: str, code_id: str, path: Path) -> str:
    """The codebook's text without the code `code_id`'s item in its `codes:` list: the item's
    lines, up to the comments and blank lines before the next item (those belong to it)."""
    try:
        root = yaml.compose(text, Loader=SAFE_LOADER)
    except yaml.YAMLError as exc:
        line, reason = describe(exc, text)
        raise InputError(path, f"YAML syntax error: {reason}", line=line) from None
    codes = next((value for key, value in (root.value if isinstance(root, yaml.MappingNode) else [])
                  if isinstance(key, yaml.ScalarNode) and key.value == "codes"), None)
    items = codes.value if isinstance(codes, yaml.SequenceNode) else []
    item = next((node for node in items if any(found.value == code_id for found in _scalars(node, "id"))), None)
    if item is None:
        raise InputError(path, f"no code {code_id!r} in its `codes:` list")
    start = text.rfind("\n", 0, item.start_mark.index) + 1
    if text[start:item.start_mark.index].strip() != "-":
        raise InputError(path, f"code {code_id!r} is not an item of a block-style `codes:` list; "
                               "remove it by hand", line=item.start_mark.line + 1)
    lines = text[start:item.end_mark.index].split("\n")
    while len(lines) > 1 and (not lines[-1].strip() or lines[-1].strip().startswith("#")):
        lines.pop()  # what follows the item's last line is the next item's
    end = start + len("\n".join(lines))
    return text[:start] + text[end + 1 if text[end:end + 1] == "\n" else end:]
