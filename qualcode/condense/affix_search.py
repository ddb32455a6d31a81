"""spaCy's prefix, suffix and infix searches: the same matches, sooner.

spaCy's tokenizer looks up the prefix, suffix and infixes of every chunk it has not seen
before, with three large alternations of branches. Python's `re` tries every branch at
every position of the string, so on the ~30,000 distinct chunks of a million words these
three searches are about a third of tokenising. What each pattern says about itself lets
most lookups start later, or be skipped:

- a prefix can only start at the string's start, and a suffix must end at its end, so only
  the branches that can begin with its first (or end with its last) character are tried
  (`FastPrefixSearch`, `FastSuffixSearch`, by `qualcode.condense.branch_dispatch`);
- an infix consumes at least one character of a set the pattern names, so where none of
  them occurs there is no infix, and none starts before the first (`FastInfixFinditer`).

Each keeps plain `re` where the pattern is not of the form it reads, and for its first
`WARM_UP` lookups, which do not repay reading the pattern. A search that starts
at `pos` still lets lookbehinds see the text before it, and `^` still means the string's
start, so a search from a position before any match finds what the full search finds.
Tests compare each with the plain search on real and random strings.
"""

from __future__ import annotations

import re

from qualcode.condense.branch_dispatch import BranchDispatch, consumed_ranges, parsed_or_none, parser

# Lookups answered by the plain pattern before the faster form is worked out. Reading a
# pattern and compiling its cut-down forms costs about what 3,000 lookups save; building a
# pipeline (its special cases) makes ~1,500, and a small project not many more.
WARM_UP = 2_000


def _character_class(ranges: list[tuple[int, int]]) -> str:
    return "[" + "".join(f"\\U{lo:08x}" if lo == hi else f"\\U{lo:08x}-\\U{hi:08x}"
                         for lo, hi in ranges) + "]"


class FastPrefixSearch:
    """`pattern.search` for spaCy's prefix pattern: the same matches, sooner.

    A prefix pattern is an alternation of branches anchored with `^`, so a search could
    stop at the string's start; but Python's `re` tries every position, and one unanchored
    branch (spaCy's Indonesian `<a([^>]+)>`, from its HTML prefix) makes that a real search.
    Indonesian prefix lookups then take ~17 µs, English ones ~1 µs. Here `match` (the start
    only) answers whenever no unanchored branch can begin after the start, which the
    branch's leading literal text tells; otherwise `search` does. A branch that starts
    with no literal text, or a pattern this cannot read, keeps plain `search`. The match
    tries only the branches that can begin with the string's first character
    (`BranchDispatch`)."""

    def __init__(self, pattern: re.Pattern, warm_up: int | None = None):
        self.pattern = pattern
        parsed = parsed_or_none(pattern)
        self.heads = _unanchored_heads(parsed)
        self.search, self.match = pattern.search, pattern.match
        self.firsts = BranchDispatch(pattern, last=False, parsed=parsed)
        self.lookups_left = WARM_UP if warm_up is None else warm_up

    def __call__(self, string: str):
        heads = self.heads
        if heads is None or not string:
            return self.search(string)
        for head in heads:
            if string.find(head, 1) != -1:
                return self.search(string)
        if self.lookups_left:
            self.lookups_left -= 1
            return self.match(string)
        pattern = self.firsts.for_character(string[0])
        return pattern.match(string) if pattern is not None else None

    def __reduce__(self):
        return (FastPrefixSearch, (self.pattern,))


def _unanchored_heads(parsed) -> tuple[str, ...] | None:
    """The leading literal text of each top-level branch not anchored with `^`; None when
    some such branch has none (or the pattern could not be read)."""
    if parsed is None:
        return None
    items = list(parsed)
    if items and items[0] == (parser.AT, parser.AT_BEGINNING):
        return ()
    if len(items) != 1 or items[0][0] != parser.BRANCH:
        return None
    heads = []
    for branch in items[0][1][1]:
        ops = list(branch)
        if ops and ops[0] == (parser.AT, parser.AT_BEGINNING):
            continue
        head = ""
        for op, value in ops:
            if op != parser.LITERAL:
                break
            head += chr(value)
        if not head:
            return None
        heads.append(head)
    return tuple(heads)


class FastSuffixSearch:
    """`pattern.search` for spaCy's suffix pattern, whose branches each end in `$`: a match
    ends at the string's end, so only the branches that can end with its last character
    are searched (`BranchDispatch`). A string ending in a newline, where `$` also matches
    before it, gets the whole pattern."""

    def __init__(self, pattern: re.Pattern, warm_up: int | None = None):
        self.pattern = pattern
        self.search = pattern.search
        self.lasts = BranchDispatch(pattern, last=True)
        self.lookups_left = WARM_UP if warm_up is None else warm_up

    def __call__(self, string: str):
        if not string or string[-1] == "\n":
            return self.search(string)
        if self.lookups_left:
            self.lookups_left -= 1
            return self.search(string)
        pattern = self.lasts.for_character(string[-1])
        return pattern.search(string) if pattern is not None else None

    def __reduce__(self):
        return (FastSuffixSearch, (self.pattern,))


class FastInfixFinditer:
    """`pattern.finditer` for spaCy's infix pattern: every match consumes at least one
    character, and every character it consumes is one the pattern lists, so the matches
    start at or after the first such character, and a string without one has none."""

    def __init__(self, pattern: re.Pattern, warm_up: int | None = None):
        self.pattern = pattern
        self.finditer = pattern.finditer
        self.first = None
        self.lookups_left = WARM_UP if warm_up is None else warm_up
        if not self.lookups_left:
            self._read()

    def _read(self) -> None:
        parsed = parsed_or_none(self.pattern)
        if parsed is not None and parsed.getwidth()[0] >= 1:
            ranges = consumed_ranges(list(parsed), self.pattern.flags)
            if ranges:
                self.first = re.compile(_character_class(ranges)).search

    def __call__(self, string: str):
        if self.lookups_left:
            self.lookups_left -= 1
            if not self.lookups_left:
                self._read()
            return self.finditer(string)
        first = self.first
        if first is None:
            return self.finditer(string)
        found = first(string)
        if found is None:
            return ()
        return self.finditer(string, found.start())

    def __reduce__(self):
        return (FastInfixFinditer, (self.pattern,))
