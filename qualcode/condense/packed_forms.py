"""A table of forms kept as the UTF-8 bytes a token stream stores, decoded one at a time.

A warm re-code reads the token streams of the pieces an edit touches, but looks at only a
few forms of each: those where a changed term may start, the tokens after them, and the
words before a match (negation). Splitting each stream's table into Python strings cost
more than all that matching. `PackedForms` keeps the bytes and where each form starts, and
decodes a form when it is asked for; it reads like a list of str.
"""

from __future__ import annotations

from typing import Iterator

import numpy as np


class PackedForms:
    """Forms as one UTF-8 buffer, NUL between them: form k is
    data[starts[k]:starts[k + 1] - 1] (starts has one more entry than there are forms)."""

    __slots__ = ("data", "starts", "_list")

    def __init__(self, data: bytes, starts: np.ndarray):
        self.data, self.starts = data, starts
        self._list: list[str] | None = None

    @classmethod
    def split(cls, data: bytes, count: int) -> list["PackedForms"] | None:
        """`data` (forms joined by NUL) cut into tables of `count` forms each, or None when
        it does not hold a whole number of them or is not UTF-8."""
        if not data.isascii():  # ASCII is UTF-8; anything else is checked once, here
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                return None
        if count < 1:
            return None
        nuls = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 0)
        if (len(nuls) + 1) % count:
            return None
        starts = np.concatenate(([0], nuls + 1, [len(data) + 1])).astype(np.int64)
        tables = []
        for first in range(0, len(starts) - 1, count):
            part = starts[first:first + count + 1]
            tables.append(cls(data[part[0]:part[-1] - 1], part - part[0]))
        return tables

    def __len__(self) -> int:
        return len(self.starts) - 1

    def __getitem__(self, k: int) -> str:
        if self._list is not None:
            return self._list[k]
        if k < 0:
            k += len(self)
        return self.data[self.starts[k]:self.starts[k + 1] - 1].decode("utf-8")

    def __iter__(self) -> Iterator[str]:
        return iter(self.as_list())

    def for_reads(self, reads: int) -> "PackedForms | list[str]":
        """Itself for a few reads, or every form decoded at once when `reads` is a fair share
        of them (decoding one at a time costs about five times as much per form)."""
        return self.as_list() if reads * 5 > len(self) else self

    def as_list(self) -> list[str]:
        """Every form decoded (once), for a reader that wants them all."""
        if self._list is None:
            self._list = self.data.decode("utf-8").split("\x00") if len(self) else []
        return self._list

    def char_lengths(self) -> np.ndarray:
        """len() of each form, from the bytes: a UTF-8 continuation byte adds no character."""
        sizes = np.diff(self.starts) - 1
        if self.data.isascii():
            return sizes
        raw = np.frombuffer(self.data, dtype=np.uint8)
        continuing = np.concatenate(([0], np.cumsum((raw & 0xC0) == 0x80)))
        ends = self.starts[1:] - 1
        return sizes - (continuing[ends] - continuing[self.starts[:-1]])

    @classmethod
    def concat(cls, tables: list["PackedForms"]) -> "PackedForms":
        """The tables one after the other."""
        sizes = np.cumsum([0] + [len(t.data) + 1 for t in tables[:-1]])
        starts = np.concatenate([tables[0].starts[:1]] + [t.starts[1:] + size for t, size in zip(tables, sizes)])
        return cls(b"\x00".join(t.data for t in tables), starts)
