"""The chunk memo of `ChunkTokenizer`: each remembered chunk's tokens, in flat arrays.

A text is a run of chunk numbers; its tokens are the chunks' tokens laid end to end. With
the tokens of every chunk in one flat array, the tokens of a whole group of texts come
from a few array operations over their chunk numbers instead of a Python step per chunk:
at a million words that is the difference between ~1 s and ~0.1 s.
"""

from __future__ import annotations

from itertools import chain

import numpy as np

# Which ends of a chunk might be part of a special-case pattern across a chunk boundary.
RISKY_HEAD, RISKY_TAIL = 1, 2


def grown(array: np.ndarray, needed: int, fill: int = 0) -> np.ndarray:
    """`array` with room for `needed` items (at least doubled when it grows; new ones `fill`)."""
    if needed <= len(array):
        return array
    bigger = np.full(max(needed, 2 * len(array)), fill, dtype=array.dtype)
    bigger[:len(array)] = array
    return bigger


class ChunkMemo:
    """chunk -> number; per number, where its form ids lie in `forms` and how risky its ends are.

    Chunks are learned one at a time, tens of thousands of them: they gather in lists and
    join the arrays when the arrays are next read (`_settle`)."""

    def __init__(self):
        self.numbers: dict[str, int] = {}
        self.learned: list[str] = []  # chunks in the order they were learned (number order)
        self.forms = np.zeros(8192, dtype=np.int64)
        self.used = 0
        self.starts = np.zeros(4096, dtype=np.int64)
        self.counts = np.zeros(4096, dtype=np.int64)
        self.risk = np.zeros(4096, dtype=np.uint8)
        # (number, form ids, risk) learned since the arrays were last brought up to date
        self.pending: list[tuple[int, tuple[int, ...], int]] = []

    def __len__(self) -> int:
        return len(self.numbers)

    def add(self, chunk: str, ids: tuple[int, ...], risk: int) -> None:
        number = self.numbers.get(chunk)
        if number is None:
            number = self.numbers[chunk] = len(self.learned)
            self.learned.append(chunk)
        else:
            self._settle()  # learned again: `pending` never holds a number twice
        self.pending.append((number, ids, risk))

    def _settle(self) -> None:
        """Bring the arrays up to date with the chunks learned since they last were."""
        if not self.pending:
            return
        numbers = np.fromiter((n for n, _, _ in self.pending), dtype=np.int64, count=len(self.pending))
        counts = np.fromiter((len(ids) for _, ids, _ in self.pending), dtype=np.int64, count=len(self.pending))
        forms = np.fromiter(chain.from_iterable(ids for _, ids, _ in self.pending), dtype=np.int64,
                            count=int(counts.sum()))
        size = len(self.learned)
        self.starts, self.counts = grown(self.starts, size), grown(self.counts, size)
        self.risk = grown(self.risk, size)
        self.forms = grown(self.forms, self.used + len(forms))
        self.forms[self.used:self.used + len(forms)] = forms
        self.starts[numbers] = self.used + np.cumsum(counts) - counts
        self.counts[numbers] = counts
        self.risk[numbers] = [risk for _, _, risk in self.pending]
        self.used += len(forms)
        self.pending = []

    def ids(self, chunk: str) -> list[int]:
        self._settle()
        number = self.numbers[chunk]
        start = int(self.starts[number])
        return self.forms[start:start + int(self.counts[number])].tolist()

    def ids_since(self, since: int) -> list[list[int]]:
        """The form ids of the chunks numbered `since` on, in number order (all at once: a
        step per chunk cost a cold run about a tenth of a second)."""
        self._settle()
        starts, counts = self.starts[since:len(self.learned)], self.counts[since:len(self.learned)]
        if not len(starts):
            return []
        low = int(starts.min())
        flat = self.forms[low:int((starts + counts).max())].tolist()
        return [flat[start:start + count] for start, count in zip((starts - low).tolist(), counts.tolist())]

    def edges(self, numbers: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The first and the last form id of each chunk."""
        self._settle()
        starts = self.starts[numbers]
        return self.forms[starts], self.forms[starts + self.counts[numbers] - 1]

    def risky_boundaries(self, numbers: np.ndarray, starts_text: np.ndarray) -> np.ndarray:
        """Positions j whose boundary with chunk j + 1 (of the same text) needs a look: the
        tail of j or the head of j + 1 might be part of a special-case pattern."""
        self._settle()
        risk = self.risk[numbers]
        look = ((risk[:-1] & RISKY_TAIL) | (risk[1:] & RISKY_HEAD)).astype(bool)
        return np.nonzero(look & ~starts_text[1:])[0]

    def expand(self, numbers: np.ndarray, spaced: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(form ids, spaces, tokens up to the end of each chunk) of chunks laid end to end; a
        chunk followed by a single space (`spaced`) gives its last token a space."""
        self._settle()
        counts = self.counts[numbers]
        ends = np.cumsum(counts)
        total = int(ends[-1]) if len(ends) else 0
        # token t of chunk c sits at starts[c] + (t - first token of c)
        shift = np.repeat(self.starts[numbers] - (ends - counts), counts)
        ids = self.forms[np.arange(total, dtype=np.int64) + shift]
        spaces = np.zeros(total, dtype=np.int64)
        spaces[ends[spaced] - 1] = 1
        return ids, spaces, ends
