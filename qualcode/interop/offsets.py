"""Text positions as REFI-QDA producers count them, converted to our code points.

We count Python code points in normalised text (NFC, LF line ends); see DESIGN.
Producers count positions in the text *they* wrote, in one of these schemes:
  - the standard: Unicode code points, a CRLF being two characters;
  - NVivo (Windows): UTF-16 code units, a CRLF being two;
  - ATLAS.ti: CRLF written in the file but counted as one character.
A scheme is picked from Project/@origin, then verified: most selections should start
and end on word boundaries. A scheme that fits clearly better wins, and we say so.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_right
from dataclasses import dataclass

from qualcode.ingest.decode import normalise


@dataclass(frozen=True)
class Scheme:
    key: str
    utf16: bool        # positions count UTF-16 code units (astral characters count two)
    crlf_as_one: bool  # a CRLF pair counts as one position
    label: str


CODE_POINTS = Scheme("codepoints", False, False, "Unicode code points (the REFI-QDA standard)")
UTF16 = Scheme("utf16", True, False, "UTF-16 code units, CRLF as two (NVivo)")
CRLF_AS_ONE = Scheme("crlf1", False, True, "code points with CRLF counted as one (ATLAS.ti)")
UTF16_CRLF_AS_ONE = Scheme("utf16-crlf1", True, True, "UTF-16 code units with CRLF counted as one")
SCHEMES = (CODE_POINTS, UTF16, CRLF_AS_ONE, UTF16_CRLF_AS_ONE)
SWITCH_MARGIN = 0.1  # how much better another scheme must fit to overrule the producer's


def scheme_for_origin(origin: str | None) -> Scheme:
    """What the producer named in Project/@origin is known to count."""
    name = (origin or "").casefold()
    if "nvivo" in name:
        return UTF16
    if "atlas" in name:
        return CRLF_AS_ONE
    return CODE_POINTS


_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")
_NON_ASCII_RUN = re.compile(r"[\x00-\x7f][^\x00-\x7f]*|[^\x00-\x7f]+")


def _nfc_map(text: str) -> tuple[str, array | None]:
    """NFC of `text`, and the index in it of every position 0..len(text) (None: identity).

    NFC never composes across an ASCII character, so chunks that start at one are
    normalised independently; a position inside a composed cluster maps to its end."""
    if unicodedata.is_normalized("NFC", text):
        return text, None
    out: list[str] = []
    mapping = array("q")
    base = 0
    for match in _NON_ASCII_RUN.finditer(text):
        chunk = match.group()
        if unicodedata.is_normalized("NFC", chunk):
            mapping.extend(range(base, base + len(chunk)))
            out.append(chunk)
            base += len(chunk)
            continue
        composed = unicodedata.normalize("NFC", chunk)
        for k in range(len(chunk)):
            mapping.append(base + min(len(unicodedata.normalize("NFC", chunk[:k])), len(composed)))
        out.append(composed)
        base += len(composed)
    mapping.append(base)
    return "".join(out), mapping


class PositionMap:
    """One raw text as the producer wrote it, and conversion of its positions to ours."""

    def __init__(self, raw: str):
        self.raw = raw
        lf_text = raw.replace("\r\n", "\n").replace("\r", "\n")
        self.text, self._nfc = _nfc_map(lf_text)
        if self.text != normalise(raw):  # never expected; stay exact rather than fast
            self.text = normalise(raw)
            self._nfc = array("q", (len(unicodedata.normalize("NFC", lf_text[:k]))
                                    for k in range(len(lf_text) + 1)))
        self._crlf = [m.start() for m in re.finditer("\r\n", raw)]   # raw index of each CR
        self._astral = [m.start() for m in _ASTRAL.finditer(raw)] if not raw.isascii() else []

    def _units_before(self, index: int, scheme: Scheme) -> int:
        """Positions in `scheme` before raw code point `index` (index at a CR-LF middle: the CR's)."""
        units = index
        if scheme.utf16:
            units += bisect_right(self._astral, index - 1)
        if scheme.crlf_as_one:
            units -= bisect_right(self._crlf, index - 2)
            if bisect_right(self._crlf, index - 1) > bisect_right(self._crlf, index - 2):
                units -= 1  # between CR and LF: the same position as before the CR
        return units

    def _raw_index(self, position: int, scheme: Scheme) -> int | None:
        """The raw code point index at a scheme position; None when out of range."""
        if position < 0:
            return None
        if not (scheme.utf16 and self._astral) and not (scheme.crlf_as_one and self._crlf):
            return position if position <= len(self.raw) else None
        low, high = 0, len(self.raw)
        if self._units_before(high, scheme) < position:
            return None
        while low < high:  # the first raw index whose units reach `position`
            middle = (low + high) // 2
            if self._units_before(middle, scheme) < position:
                low = middle + 1
            else:
                high = middle
        return low

    def _lf_index(self, raw_index: int) -> int:
        pairs_done = bisect_right(self._crlf, raw_index - 2)
        inside = bisect_right(self._crlf, raw_index - 1) - pairs_done  # between CR and LF
        return raw_index - pairs_done - inside

    def to_text(self, position: int, scheme: Scheme) -> int | None:
        """Our code point offset into `self.text` for a producer's position, or None."""
        raw_index = self._raw_index(position, scheme)
        if raw_index is None:
            return None
        lf_index = self._lf_index(raw_index)
        return self._nfc[lf_index] if self._nfc is not None else lf_index

    def span(self, start: int, end: int, scheme: Scheme) -> tuple[int, int] | None:
        a, b = self.to_text(start, scheme), self.to_text(end, scheme)
        if a is None or b is None or a > b:
            return None
        return a, b


def _boundary(text: str, position: int) -> bool:
    if position <= 0 or position >= len(text):
        return True
    return not (text[position - 1].isalnum() and text[position].isalnum())


def fits(text: str, span: tuple[int, int] | None) -> bool:
    """Does a converted selection start and end on word boundaries?"""
    return span is not None and _boundary(text, span[0]) and _boundary(text, span[1])


@dataclass(frozen=True)
class SchemeChoice:
    scheme: Scheme
    declared: Scheme
    scores: dict  # scheme key -> share of selections that fit, or None without selections
    selections: int

    @property
    def overruled(self) -> bool:
        return self.scheme != self.declared

    def describe(self) -> str:
        if not self.selections:
            return f"offsets: {self.declared.label} (no selections to verify)"
        score = self.scores[self.scheme.key]
        fit = f"{score:.0%} of {self.selections} selections on word boundaries"
        if self.overruled:
            return (f"offsets: the file's origin suggests {self.declared.label}, but "
                    f"{self.scheme.label} fits clearly better ({fit}, against "
                    f"{self.scores[self.declared.key]:.0%}); used {self.scheme.label}")
        return f"offsets: {self.scheme.label}; {fit}"


def choose_scheme(origin: str | None, texts: list[tuple[PositionMap, list[tuple[int, int]]]]) -> SchemeChoice:
    """The producer's scheme, unless another fits the selections' word boundaries clearly better."""
    declared = scheme_for_origin(origin)
    total = sum(len(spans) for _, spans in texts)
    if not total:
        return SchemeChoice(declared, declared, {s.key: None for s in SCHEMES}, 0)
    scores = {}
    for scheme in SCHEMES:
        good = sum(fits(positions.text, positions.span(start, end, scheme))
                   for positions, spans in texts for start, end in spans)
        scores[scheme.key] = good / total
    best = max(SCHEMES, key=lambda s: (scores[s.key], s == declared, s == CODE_POINTS))
    chosen = best if scores[best.key] > scores[declared.key] + SWITCH_MARGIN else declared
    return SchemeChoice(chosen, declared, scores, total)
