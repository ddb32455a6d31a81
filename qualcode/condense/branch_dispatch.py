"""An alternation cut down to the branches that can match a given end character.

spaCy's prefix and suffix patterns are alternations of ~80-100 branches. At each position
Python's `re` tries them all in turn, though most cannot match there: a prefix branch whose
first character can never be `a` cannot match `anggaran` at its start, and a suffix branch
whose last character can never be `n` cannot match it at its end. `BranchDispatch` reads,
per branch, the characters its match can begin (or end) with, and for each character it is
asked about compiles the alternation of the branches that can use it, in their order. For
a match that must begin at the string's start (`match`) or end at its end (a search whose
branches all end in `$`, on a string that does not end in a newline), the cut-down pattern
finds exactly what the whole one finds: the branches left out cannot match, and the rest
keep their order and their groups.

A branch whose end character this cannot tell (a category, a negated set, case folding) or
that can match the empty string is kept for every character.
"""

from __future__ import annotations

import re
from bisect import bisect_right

try:
    from re import _parser as parser  # Python 3.11+; the opcodes live beside the parser
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as parser

def parsed_or_none(pattern: re.Pattern):
    """`re`'s parse of a pattern; None when it cannot be read (callers keep plain `re`)."""
    try:
        return parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # noqa: BLE001 - unreadable: keep plain re
        return None


def consumed_ranges(items, flags: int = 0) -> list[tuple[int, int]] | None:
    """Code point ranges of every character a match of `items` can consume (lookarounds
    consume none); None when that is not a listed set (a category, a negated set, any
    character, case folding, a back-reference)."""
    if flags & re.IGNORECASE:
        return None
    ranges: list[tuple[int, int]] = []
    for op, value in items:
        if op == parser.LITERAL:
            ranges.append((value, value))
        elif op == parser.IN:
            for item, argument in value:
                if item == parser.LITERAL:
                    ranges.append((argument, argument))
                elif item == parser.RANGE:
                    ranges.append(argument)
                else:
                    return None
        elif op in (parser.ASSERT, parser.ASSERT_NOT, parser.AT):
            continue
        else:
            inner = _inner(op, value)
            if inner is None:
                return None
            for sub, sub_flags in inner:
                found = consumed_ranges(sub, flags | sub_flags)
                if found is None:
                    return None
                ranges.extend(found)
    return ranges


def _inner(op, value) -> list | None:
    """The sub-patterns (with the flags they add) of a group, alternation or repeat."""
    if op == parser.SUBPATTERN:
        return [(value[3], value[1])]
    if op == parser.BRANCH:
        return [(sub, 0) for sub in value[1]]
    if op in (parser.MAX_REPEAT, parser.MIN_REPEAT, getattr(parser, "POSSESSIVE_REPEAT", None)):
        return [(value[2], 0)]
    if op == getattr(parser, "ATOMIC_GROUP", None):
        return [(value, 0)]
    return None


_REPEATS = (parser.MAX_REPEAT, parser.MIN_REPEAT, getattr(parser, "POSSESSIVE_REPEAT", None))
_ZERO_WIDTH = (parser.AT, parser.ASSERT, parser.ASSERT_NOT)


def end_ranges(items, last: bool) -> tuple[list[tuple[int, int]] | None, bool]:
    """(ranges of the first, or last, character a match of `items` consumes, whether it can
    consume none); None for the ranges when they cannot be read."""
    found: list[tuple[int, int]] = []
    for op, value in (reversed(list(items)) if last else items):
        if op in _ZERO_WIDTH:
            continue
        if op in (parser.LITERAL, parser.IN):
            ranges = consumed_ranges([(op, value)])
            return (None if ranges is None else found + ranges), False
        inner = _inner(op, value)  # a group, an alternation or a repeat
        if inner is None:
            return None, False
        empty = op in _REPEATS and value[0] == 0  # a repeat that may match nothing
        for sub, sub_flags in inner:
            sub_ranges, sub_empty = end_ranges(sub, last) if not sub_flags & re.IGNORECASE else (None, False)
            if sub_ranges is None:
                return None, False
            found += sub_ranges
            empty = empty or sub_empty
        if not empty:
            return found, False
    return found, True


class _CharacterSet:
    """Membership in a union of code point ranges, by bisection."""

    def __init__(self, ranges: list[tuple[int, int]]):
        merged: list[list[int]] = []
        for lo, hi in sorted(ranges):
            if merged and lo <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], hi)
            else:
                merged.append([lo, hi])
        self.starts = [lo for lo, _ in merged]
        self.ends = [hi for _, hi in merged]

    def __contains__(self, character: str) -> bool:
        k = bisect_right(self.starts, ord(character)) - 1
        return k >= 0 and ord(character) <= self.ends[k]


class BranchDispatch:
    """For a character, the pattern's branches whose match can begin (`last=False`) or end
    (`last=True`) with it; the whole pattern when it is not an alternation this can read.
    `for_character` gives a compiled pattern, or None when no branch can match."""

    def __init__(self, pattern: re.Pattern, last: bool, parsed=None):
        self.pattern, self.last, self.parsed = pattern, last, parsed  # parsed: when the caller has it
        self.by_character: dict[str, re.Pattern | None] = {}
        # compiled once per set of branches: many characters (every letter of a script
        # no branch names) share one, so a text of many scripts compiles few patterns
        self.by_branches: dict[tuple[int, ...], re.Pattern] = {}
        self.branches: list | None = None  # read on first use: a pipeline builds cheaply
        self.read = False

    def _read(self) -> None:
        self.read = True
        if self.pattern.flags & (re.IGNORECASE | re.MULTILINE):
            return
        if self.parsed is None:
            self.parsed = parsed_or_none(self.pattern)
            if self.parsed is None:
                return
        items = list(self.parsed)
        # re's parser moves what every branch starts with out in front (`^` of `^a|^b`)
        if not items or items[-1][0] != parser.BRANCH or any(op != parser.AT for op, _ in items[:-1]):
            return
        self.leading = items[:-1]
        ends_of_string = ((parser.AT, parser.AT_END), (parser.AT, parser.AT_END_STRING))
        if self.last and any(not list(b) or list(b)[-1] not in ends_of_string for b in items[-1][1][1]):
            return  # a branch that need not end at the string's end
        branches = []
        for branch in items[-1][1][1]:
            ranges, empty = end_ranges(branch, self.last)
            branches.append((branch, None if ranges is None or empty else _CharacterSet(ranges)))
        self.branches = branches

    def for_character(self, character: str) -> re.Pattern | None:
        found = self.by_character.get(character, False)
        if found is not False:
            return found
        if not self.read:
            self._read()
        if self.branches is None:
            found = self.pattern
        else:
            chosen = tuple(k for k, (_, ends) in enumerate(self.branches) if ends is None or character in ends)
            found = self._compiled(chosen) if chosen else None
        self.by_character[character] = found
        return found

    def _compiled(self, chosen: tuple[int, ...]) -> re.Pattern:
        if len(chosen) == len(self.branches):
            return self.pattern
        found = self.by_branches.get(chosen)
        if found is None:
            try:
                from re import _compiler  # Python 3.11+
            except ImportError:  # pragma: no cover - Python 3.10
                import sre_compile as _compiler
            branches = [self.branches[k][0] for k in chosen]
            alternation = parser.SubPattern(self.parsed.state, [*self.leading, (parser.BRANCH, (None, branches))])
            found = self.by_branches[chosen] = _compiler.compile(alternation, self.pattern.flags)
        return found
