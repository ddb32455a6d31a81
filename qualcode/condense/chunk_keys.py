"""The chunk memo's keys of a group of texts, found with array operations.

`ChunkTokenizer` looks each text up in its memo key by key: the whitespace-delimited chunks,
and the whitespace runs that make tokens of their own. Splitting a million words into
Python strings and looking each up in a dict of tens of thousands of chunks cost more than
learning the chunks did. Here the group's texts become one array of code points; the keys
are the runs between whitespace, found by comparing neighbours; identical keys are grouped
by a polynomial hash of their code points, and every key is then compared, code point by
code point, with the first of its group, so a hash collision can never merge two keys (it
makes `find_keys` give up, and the caller splits the texts one by one, as `split_keys`
does; so does a group too long for its arrays to be worth their memory). Only the distinct
keys become Python strings, to be looked up in the memo.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

# Whitespace runs other than a single space (\s is str.isspace, as spaCy splits): two or
# more whitespace characters, or one that is not a space. A match starts where its run does,
# and its leading \s lets the search skip to whitespace quickly.
FIND_OTHER_RUNS = re.compile(r"\s(?:\s+|(?<=[^\S ]))").finditer
# str.isspace of every code point up to the last whitespace character (U+3000)
WHITESPACE = np.array([chr(c).isspace() for c in range(0x3001)], dtype=bool)
SPACE = 0x20
_MULTIPLIER = 0x9E3779B97F4A7C15  # odd, so invertible modulo 2**64
_INVERSE = pow(_MULTIPLIER, -1, 1 << 64)
# A group longer than this is split text by text: its arrays (about 50 bytes a character)
# would cost more memory than its strings.
MAX_CHARACTERS = 1_000_000


@dataclass
class GroupKeys:
    """The keys of a group of texts: `distinct[which[i]]` is key i (keys in text order),
    `counts[k]` how many keys text k has, `spaced[i]` whether a single space follows key i."""

    distinct: list[str]
    which: np.ndarray
    counts: np.ndarray
    spaced: np.ndarray


def _powers_of(base: int, size: int) -> np.ndarray:
    """base**0 .. base**(size - 1) modulo 2**64 (uint64 products wrap)."""
    powers = np.ones(size, dtype=np.uint64)
    powers[1:] = np.cumprod(np.full(size - 1, base, dtype=np.uint64))
    return powers


_POWERS: dict[int, np.ndarray] = {}  # base -> its powers, as many as the longest group needed


def _powers(base: int, size: int) -> np.ndarray:
    """`_powers_of`, kept for the next groups of the run (a million words make about 50).
    At most MAX_CHARACTERS are kept: 8 MB for each base."""
    kept = _POWERS.get(base)
    if kept is None or len(kept) < size:
        grown = min(2 * len(kept), MAX_CHARACTERS) if kept is not None else 0
        kept = _POWERS[base] = _powers_of(base, max(size, grown))
    return kept[:size]


def find_keys(texts: list[str]) -> GroupKeys | None:
    """The keys of `texts` (each non-empty, with no whitespace at either end), or None when
    two different keys share a hash or the texts hold over MAX_CHARACTERS characters."""
    if not texts:
        return GroupKeys([], np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=bool))
    if sum(map(len, texts)) > MAX_CHARACTERS:
        return None
    joined = "".join(texts)
    points = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    size = len(points)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    text_starts = np.cumsum(lengths) - lengths
    space = np.zeros(size, dtype=bool)
    low = points < len(WHITESPACE)
    space[low] = WHITESPACE[points[low]]
    # runs of whitespace and of the rest, each within one text
    change = np.ones(size, dtype=bool)
    change[1:] = space[1:] != space[:-1]
    change[text_starts] = True
    run_starts = np.flatnonzero(change)
    run_ends = np.append(run_starts[1:], size)
    blank = space[run_starts]
    opens_with_space = blank & (points[run_starts] == SPACE)
    single = opens_with_space & (run_ends - run_starts == 1)
    # A single space only separates. Another run is a key of its own, less the space it
    # opens with (which follows the key before). Texts have no edge whitespace, so a
    # whitespace run always has a chunk before it in its own text.
    is_key = ~single
    starts = np.where(opens_with_space, run_starts + 1, run_starts)[is_key]
    ends = run_ends[is_key]
    spaced = (~blank & np.append(opens_with_space[1:], False))[is_key]
    counts = np.diff(np.searchsorted(starts, np.append(text_starts, size)))
    up, down = _powers(_MULTIPLIER, size), _powers(_INVERSE, size)
    prefix = np.zeros(size + 1, dtype=np.uint64)
    np.cumsum(points.astype(np.uint64) * up, out=prefix[1:])
    hashes = (prefix[ends] - prefix[starts]) * down[starts]
    first, which = _groups(hashes)
    if not _same_as_first(points, starts, ends, first[which]):
        return None
    distinct = [joined[start:end] for start, end in zip(starts[first].tolist(), ends[first].tolist())]
    return GroupKeys(distinct, which, counts, spaced)


def _groups(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(one position of each distinct value, each value's distinct number): np.unique's
    index and inverse, from a faster sort that need not keep the first position."""
    order = np.argsort(values)
    ordered = values[order]
    starts_group = np.ones(len(values), dtype=bool)
    starts_group[1:] = ordered[1:] != ordered[:-1]
    which = np.empty(len(values), dtype=np.int64)
    which[order] = np.cumsum(starts_group) - 1
    return order[starts_group], which


def _same_as_first(points: np.ndarray, starts: np.ndarray, ends: np.ndarray, first: np.ndarray) -> bool:
    """Is every key (starts[i]:ends[i]) the same code points as key first[i]?"""
    lengths = ends - starts
    if np.any(lengths != lengths[first]):
        return False
    others = np.flatnonzero(first != np.arange(len(first)))
    if not len(others):
        return True
    sizes = lengths[others]
    # the positions of the other keys' code points, one after the other, and of their firsts'
    at = np.arange(int(sizes.sum()), dtype=np.int64) + np.repeat(starts[others] - (np.cumsum(sizes) - sizes), sizes)
    at_first = at + np.repeat(starts[first[others]] - starts[others], sizes)
    return bool(np.array_equal(points[at], points[at_first]))


def keys_one_by_one(texts: list[str]) -> GroupKeys:
    """`find_keys`, text by text (`split_keys`), with no hashing."""
    index: dict[str, int] = {}
    which: list[int] = []
    counts: list[int] = []
    spaced: list[bool] = []
    for text in texts:
        keys = text.split()
        if " ".join(keys) == text:
            flags = [True] * (len(keys) - 1) + [False]
        else:
            keys, flags = split_keys(text)
        which.extend(index.setdefault(key, len(index)) for key in keys)
        counts.append(len(keys))
        spaced.extend(flags)
    return GroupKeys(list(index), np.array(which, dtype=np.int64), np.array(counts, dtype=np.int64),
                     np.array(spaced, dtype=bool))


def split_keys(text: str) -> tuple[list[str], list[bool]]:
    """The memo keys of a text with whitespace other than single spaces (chunks, and
    whitespace runs that make tokens of their own) and whether a single space follows
    each. spaCy splits at single spaces; a longer run or another whitespace character
    leaves, after the space it splits at (if any), a token of its own."""
    keys: list[str] = []
    spaced: list[bool] = []
    done = 0
    for run in FIND_OTHER_RUNS(text):
        chunks = text[done:run.start()].split(" ")  # the chunks up to the run
        keys.extend(chunks)
        spaced.extend([True] * (len(chunks) - 1))
        whitespace = run.group()
        spaced.append(whitespace[0] == " ")
        rest = whitespace[1:] if whitespace[0] == " " else whitespace
        if rest:
            keys.append(rest)
            spaced.append(False)
        done = run.end()
    chunks = text[done:].split(" ")
    keys.extend(chunks)
    spaced.extend([True] * (len(chunks) - 1))
    spaced.append(False)
    return keys, spaced
