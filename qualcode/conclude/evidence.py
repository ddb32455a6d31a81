"""The evidence frame every tactic and check reads: one row per counted coding, with its context."""

from __future__ import annotations

import numpy as np
import pandas as pd

from qualcode.model import Codebook
from qualcode.textrules import natural_key

EVIDENCE_COLUMNS = ["segment_id", "code_id", "dimension", "coder", "status", "score", "source_id",
                    "source_type", "case_id", "role", "text"]


def evidence_frame(codings: pd.DataFrame, segments: pd.DataFrame, cases: pd.DataFrame,
                   codebook: Codebook) -> pd.DataFrame:
    """Codings joined to their segment, source and case; `dimension` is the top-level code;
    `spans`, where the codings have them (the matched words a quote is cut around)."""
    known = codebook.by_id()
    joined = codings.merge(
        segments[["segment_id", "source_id", "source_type", "case_id", "text"]],
        on="segment_id", how="inner")
    tops = {c: codebook.top_level(c) if c in known else c for c in distinct(joined["code_id"])}
    joined["dimension"] = joined["code_id"].map(tops).tolist()  # one top_level per code, not per row
    roles = cases.set_index("case_id")["role"] if len(cases) else pd.Series(dtype=object)
    joined["role"] = joined["case_id"].map(roles)
    return joined[EVIDENCE_COLUMNS + (["spans"] if "spans" in joined else [])].reset_index(drop=True)


def distinct(values) -> set:
    """set(values), without a Python step per row for a pandas column or array."""
    if isinstance(values, (pd.Series, pd.Index, np.ndarray)):
        return set(pd.unique(np.asarray(values, dtype=object)).tolist())
    return set(values)


def _reading_key(segment_ids):
    """A key for segment ids' places in reading order: their source's, then their ordinal's.
    A source's numbers read as numbers (survei-row-2 before survei-row-10): the sources are
    ranked in that order once, so each id's key is a pair of integers."""
    parts = {segment_id: _source_and_ordinal(segment_id) for segment_id in segment_ids}
    rank = _source_ranks(source for source, _ in parts.values())
    return lambda segment_id: (rank[parts[segment_id][0]], parts[segment_id][1])


def _source_ranks(sources) -> dict[str, int]:
    """Each source's place when sources are sorted with their numbers read as numbers."""
    return {source: at for at, source in enumerate(sorted(set(sources), key=natural_key))}


def _source_and_ordinal(segment_id: str) -> tuple[str, int]:
    source, _, ordinal = segment_id.rpartition(":")
    return (source, int(ordinal)) if ordinal.isdigit() else (segment_id, -1)


def segment_order(ids) -> tuple[str, ...]:
    """Distinct segment ids in reading order: by source, then ordinal (`x:2` before `x:10`)."""
    parts = [(segment_id, *_source_and_ordinal(segment_id)) for segment_id in distinct(ids)]
    rank = _source_ranks(source for _, source, _ in parts)
    return tuple(segment_id for _, _, segment_id in sorted(
        (rank[source], ordinal, segment_id) for segment_id, source, ordinal in parts))


class ReadingOrder:
    """segment_order for many subsets of one collection of segment ids (e.g. every check on
    one evidence frame): the ids are put in reading order once, and each subset is then
    ordered by looking its ids up, not by sorting strings again. Same result as
    segment_order; ids it was not built with fall back to segment_order."""

    def __init__(self, ids):
        self._ids = np.asarray(segment_order(ids), dtype=object)
        self._index = pd.Index(self._ids, dtype=object)

    def __call__(self, ids) -> tuple[str, ...]:
        values = pd.unique(np.asarray(ids if isinstance(ids, (pd.Series, pd.Index, np.ndarray))
                                      else list(ids), dtype=object))
        at = self._index.get_indexer(values)
        if (at < 0).any():
            return segment_order(values)
        at.sort()
        return tuple(self._ids[at].tolist())


def codes_under(codebook: Codebook, code_id: str) -> set[str]:
    """A code and all its descendants; for a pattern code (one with `members`, accepted from
    `conclude patterns`), also its members and theirs: its evidence is theirs."""
    index = codebook.by_id()
    found, frontier = {code_id}, [code_id]
    while frontier:
        current = frontier.pop()
        below = [child.id for child in codebook.children(current)]
        below += list(index[current].members) if current in index else []
        for code in below:
            if code not in found:
                found.add(code)
                frontier.append(code)
    return found


def polarity_codes(codebook: Codebook, polarity: str) -> set[str]:
    """Codes marked `polarity: <polarity>` (positive or negative), with their descendants."""
    return set().union(*[codes_under(codebook, c.id) for c in codebook.codes
                         if c.polarity == polarity] or [set()])


def opposite_codes(codebook: Codebook, code_id: str) -> set[str]:
    """The codes of the other polarity than `code_id`'s (none when it has none): a supporting
    factor's opposites are the inhibiting factor and the dimensions' own obstacles."""
    polarity = codebook.by_id()[code_id].polarity
    if polarity not in ("positive", "negative"):
        return set()
    return polarity_codes(codebook, "negative" if polarity == "positive" else "positive")


def negative_codes(codebook: Codebook) -> set[str]:
    """Codes marked `polarity: negative`, with their descendants."""
    return polarity_codes(codebook, "negative")


# First-hand vs hearsay (MHS tactic "weighting the evidence"): a segment is hearsay when a
# coding with the code `hearsay` (or one of its subcodes) is on it, or when its case or its
# source carries the attribute `evidence: hearsay`. Everything else counts as first-hand.
HEARSAY_CODE = "hearsay"
HEARSAY_ATTRIBUTE = "evidence"
HEARSAY_VALUE = "hearsay"


def _says_hearsay(value) -> bool:
    return isinstance(value, str) and value.strip().lower() == HEARSAY_VALUE


def hearsay_segments(evidence: pd.DataFrame, cases: pd.DataFrame, codebook: Codebook,
                     source_attributes: dict | None = None) -> set[str]:
    """Ids of the segments that count as hearsay under the rule above."""
    codes = codes_under(codebook, HEARSAY_CODE) if HEARSAY_CODE in codebook.by_id() else {HEARSAY_CODE}
    found = distinct(evidence.loc[evidence["code_id"].isin(codes), "segment_id"])
    if HEARSAY_ATTRIBUTE in cases:
        hearsay_cases = set(cases.loc[cases[HEARSAY_ATTRIBUTE].map(_says_hearsay), "case_id"])
        found |= distinct(evidence.loc[evidence["case_id"].isin(hearsay_cases), "segment_id"])
    hearsay_sources = {source for source, attributes in (source_attributes or {}).items()
                       if _says_hearsay((attributes or {}).get(HEARSAY_ATTRIBUTE))}
    found |= distinct(evidence.loc[evidence["source_id"].isin(hearsay_sources), "segment_id"])
    return found
