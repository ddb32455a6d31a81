"""Agreement units built from the segments and codings DataFrames, and the per-code table.

Frames are those of `qualcode.display.frames`: segments (segment_id, source_id, codable,
start, end, text, ...) and codings (segment_id, code_id, coder, status, ...).

Conventions shared by every unit:

- Only codable segments count; codings on other segments, or on segments missing from
  the segments frame, are ignored.
- A coding with status "rejected" means "not coded" for its coder; any other status
  (suggested, accepted) means coded.
- Only sources every compared coder has seen are compared. Unless a `seen` mapping
  (coder -> source ids) is given, a coder has seen a source when they have any coding,
  of any code and any status, on any segment of it (see `seen_sources`).
- Codes default to those some compared coder applied (not rejected) in the compared
  sources, sorted; pass `codes` to fix the list and order (a code nobody applied gets
  all-zero decisions: percent 1.0, kappa and alpha undefined).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from qualcode.condense.agreement import (NAN, alpha_from_coincidences, brennan_prediger,
                                         kappa_from_table, krippendorff_alpha, krippendorff_band,
                                         landis_koch_band, nvivo_kappa, nvivo_percent,
                                         percent_agreement)
from qualcode.errors import QualcodeError

UNITS = ("segment", "document", "character")
TABLE_COLUMNS = ["code", "n_units", "percent", "cohen_kappa", "bp_kappa", "alpha_nominal",
                 "band_kappa", "band_alpha"]
ALL = "ALL"
_SEGMENT_NEEDS = ("segment_id", "source_id", "codable", "start", "end", "text")
_CODING_NEEDS = ("segment_id", "code_id", "coder", "status")


@dataclass(frozen=True)
class _Units:
    coders: tuple[str, ...]
    codes: list[str]
    sources: list[str]          # compared sources, in segments-frame order
    segments: pd.DataFrame      # codable segments of the compared sources
    codings: pd.DataFrame       # coded (not rejected) decisions on those segments, selected codes
    all_segments: pd.DataFrame  # the whole segments frame, for source lengths


def _check_columns(frame: pd.DataFrame, needed: Iterable[str], name: str) -> None:
    missing = [column for column in needed if column not in frame.columns]
    if missing:
        raise ValueError(f"{name} frame lacks column(s): {', '.join(missing)}")


def seen_sources(codings: pd.DataFrame, segments: pd.DataFrame,
                 coders: Iterable[str] | None = None) -> dict[str, set[str]]:
    """Sources each coder has seen: those where the coder has any coding (any code, any status)."""
    _check_columns(codings, ("segment_id", "coder"), "codings")
    source_of = segments.drop_duplicates("segment_id").set_index("segment_id")["source_id"]
    located = codings.assign(source_id=codings["segment_id"].map(source_of)).dropna(subset=["source_id"])
    by_coder = located.groupby("coder")["source_id"].agg(set).to_dict()
    names = list(coders) if coders is not None else sorted(by_coder)
    return {coder: set(by_coder.get(coder, set())) for coder in names}


class AgreementInputError(QualcodeError, ValueError):
    """Agreement cannot be measured on these coders; still a ValueError, as it was before."""


def check_distinct(coders: tuple[str, ...] | list[str]) -> None:
    if len(set(coders)) != len(coders):
        raise AgreementInputError(f"agreement compares different coders; {', '.join(coders)} names one twice")


def _prepare(codings: pd.DataFrame, segments: pd.DataFrame, coders: Iterable[str],
             codes: Iterable[str] | None, seen: Mapping[str, Iterable[str]] | None) -> _Units:
    coders = tuple(coders)
    if len(coders) < 2:
        raise AgreementInputError(f"agreement needs at least two coders, got {len(coders)}")
    check_distinct(coders)
    _check_columns(codings, _CODING_NEEDS, "codings")
    _check_columns(segments, _SEGMENT_NEEDS, "segments")
    if segments["segment_id"].duplicated().any():
        raise ValueError("segments frame has duplicate segment ids")
    if seen is None:
        seen = seen_sources(codings, segments, coders)
    absent = [coder for coder in coders if coder not in seen]
    if absent:
        raise ValueError(f"`seen` has no entry for coder(s): {', '.join(absent)}")
    common = set.intersection(*(set(seen[coder]) for coder in coders))
    sources = [source for source in pd.unique(segments["source_id"]) if source in common]
    unit_segments = segments[segments["codable"].astype(bool) & segments["source_id"].isin(common)]
    active = codings[codings["coder"].isin(coders) & (codings["status"] != "rejected")
                     & codings["segment_id"].isin(unit_segments["segment_id"])]
    code_list = sorted(active["code_id"].unique()) if codes is None else list(dict.fromkeys(codes))
    active = active[active["code_id"].isin(code_list)]
    return _Units(coders, code_list, sources, unit_segments, active, segments)


def _decisions(units: _Units, unit_ids: pd.Index, unit_of_coding: pd.Series) -> np.ndarray:
    """Boolean (coders x units x codes) array: did the coder code the unit with the code?"""
    decided = np.zeros((len(units.coders), len(unit_ids), len(units.codes)), dtype=bool)
    decided[pd.Index(units.coders).get_indexer(units.codings["coder"]),
            unit_ids.get_indexer(unit_of_coding),
            pd.Index(units.codes).get_indexer(units.codings["code_id"])] = True
    return decided


def _segment_decisions(units: _Units) -> tuple[pd.Index, np.ndarray]:
    unit_ids = pd.Index(units.segments["segment_id"])
    return unit_ids, _decisions(units, unit_ids, units.codings["segment_id"])


def _document_decisions(units: _Units) -> tuple[pd.Index, np.ndarray]:
    source_of = units.segments.set_index("segment_id")["source_id"]
    unit_ids = pd.Index(units.sources)
    return unit_ids, _decisions(units, unit_ids, units.codings["segment_id"].map(source_of))


def _wide(unit_ids: pd.Index, decided: np.ndarray, units: _Units, level: str) -> pd.DataFrame:
    index = pd.MultiIndex.from_product([unit_ids, units.codes], names=[level, "code_id"])
    flat = decided.reshape(len(units.coders), -1).T.astype(int)
    return pd.DataFrame(flat, index=index, columns=list(units.coders))


def segment_units(codings: pd.DataFrame, segments: pd.DataFrame, coders: Iterable[str],
                  codes: Iterable[str] | None = None,
                  seen: Mapping[str, Iterable[str]] | None = None) -> pd.DataFrame:
    """Binary decisions per (codable segment x code): rows indexed (segment_id, code_id), one
    0/1 column per coder (1 = the coder applied the code to the segment and did not reject it)."""
    units = _prepare(codings, segments, coders, codes, seen)
    return _wide(*_segment_decisions(units), units, "segment_id")


def document_units(codings: pd.DataFrame, segments: pd.DataFrame, coders: Iterable[str],
                   codes: Iterable[str] | None = None,
                   seen: Mapping[str, Iterable[str]] | None = None) -> pd.DataFrame:
    """Code presence per (source x code): rows indexed (source_id, code_id), one 0/1 column per
    coder (1 = the coder applied the code to at least one codable segment of the source)."""
    units = _prepare(codings, segments, coders, codes, seen)
    return _wide(*_document_decisions(units), units, "source_id")


def _source_lengths(units: _Units, source_lengths: Mapping[str, int] | None) -> np.ndarray:
    if source_lengths is None:  # fall back to the end of the last segment of each source
        lengths = units.all_segments.groupby("source_id")["end"].max().reindex(units.sources)
    else:
        lengths = pd.Series(source_lengths, dtype=float).reindex(units.sources)
        if lengths.isna().any():
            raise ValueError("source_lengths lacks source(s): "
                             + ", ".join(map(str, lengths.index[lengths.isna()])))
    lengths = lengths.to_numpy(dtype=np.int64)
    ends = units.segments.groupby("source_id")["end"].max().reindex(units.sources).fillna(0).to_numpy()
    if (lengths < ends).any():
        raise ValueError("a source length is shorter than the end of one of its segments")
    return lengths


def _character_counts(units: _Units, source_lengths: Mapping[str, int] | None) -> tuple[np.ndarray, ...]:
    """(both, only_a, only_b, neither, lengths); the first four are (codes x sources) character counts.

    Sources are laid end to end on one axis; each coding covers its segment's [start, end)
    there, and coverage is counted once per character on the elementary intervals between
    all boundaries (so overlapping or duplicated codings never double count)."""
    lengths = _source_lengths(units, source_lengths)
    offsets = np.cumsum(lengths) - lengths
    segs = units.segments.set_index("segment_id")
    coded = units.codings
    offset = offsets[pd.Index(units.sources).get_indexer(coded["segment_id"].map(segs["source_id"]))]
    starts = offset + coded["segment_id"].map(segs["start"]).to_numpy(dtype=np.int64)
    ends = offset + coded["segment_id"].map(segs["end"]).to_numpy(dtype=np.int64)
    boundaries = np.unique(np.concatenate([offsets, [lengths.sum()], starts, ends]))
    piece = np.diff(boundaries)
    piece_source = np.searchsorted(offsets, boundaries[:-1], side="right") - 1
    n_codes, n_sources = len(units.codes), len(units.sources)
    steps = np.zeros((2, n_codes, boundaries.size), dtype=np.int32)
    coder = pd.Index(units.coders).get_indexer(coded["coder"])
    code = pd.Index(units.codes).get_indexer(coded["code_id"])
    np.add.at(steps, (coder, code, np.searchsorted(boundaries, starts)), 1)
    np.add.at(steps, (coder, code, np.searchsorted(boundaries, ends)), -1)
    covered_a, covered_b = np.cumsum(steps, axis=2, dtype=np.int32)[:, :, :-1] > 0

    def per_source(mask: np.ndarray) -> np.ndarray:
        cell = np.arange(n_codes)[:, None] * n_sources + piece_source[None, :]
        return np.bincount(cell.ravel(), weights=(mask * piece).ravel(),
                           minlength=n_codes * n_sources).reshape(n_codes, n_sources)

    both = per_source(covered_a & covered_b)
    only_a = per_source(covered_a & ~covered_b)
    only_b = per_source(~covered_a & covered_b)
    return both, only_a, only_b, lengths[None, :] - both - only_a - only_b, lengths


def character_units(codings: pd.DataFrame, segments: pd.DataFrame, coders: Iterable[str],
                    codes: Iterable[str] | None = None,
                    source_lengths: Mapping[str, int] | None = None,
                    seen: Mapping[str, Iterable[str]] | None = None) -> pd.DataFrame:
    """NVivo-style character counts per (source x code) for exactly two coders A, B.

    Each coding covers its segment's [start, end) characters; per source, characters coded
    by both / only A / only B / neither, over the source length from `source_lengths`
    (source_id -> characters; if omitted, the end of the source's last segment). Columns:
    source_id, code_id, both, only_a, only_b, neither, total, percent, kappa (NVivo formulas).
    """
    units = _prepare(codings, segments, coders, codes, seen)
    if len(units.coders) != 2:
        raise ValueError(f"character agreement compares exactly two coders, got {len(units.coders)}")
    both, only_a, only_b, neither, lengths = _character_counts(units, source_lengths)
    cells = [cell.T.ravel().astype(np.int64) for cell in (both, only_a, only_b, neither)]
    frame = pd.DataFrame({
        "source_id": np.repeat(units.sources, len(units.codes)),
        "code_id": np.tile(units.codes, len(units.sources)),
        "both": cells[0], "only_a": cells[1], "only_b": cells[2], "neither": cells[3],
        "total": np.repeat(lengths, len(units.codes)),
    })
    frame["percent"] = nvivo_percent(*cells)
    frame["kappa"] = nvivo_kappa(*cells)
    return frame


# Cohen's kappa is of two coders: with more, its band is said not to apply, not "undefined"
# (read as agreement that could not be measured, beside a bp_kappa and an alpha that were)
TWO_CODERS_ONLY = "n/a (2 coders)"


def _row(code: str, n_units: int, percent: float, kappa: float, alpha: float,
         coders: int = 2) -> dict[str, Any]:
    return {"code": code, "n_units": int(n_units), "percent": percent, "cohen_kappa": kappa,
            "bp_kappa": brennan_prediger(percent, 2), "alpha_nominal": alpha,
            "band_kappa": landis_koch_band(kappa) if coders == 2 else TWO_CODERS_ONLY,
            "band_alpha": krippendorff_band(alpha)}


def _binary_row(code: str, decided: np.ndarray) -> dict[str, Any]:
    """Statistics of a (coders x n) boolean decision array; kappa only for two coders."""
    data = decided.astype(float)
    kappa = NAN
    if decided.shape[0] == 2:
        kappa = kappa_from_table(np.bincount(2 * decided[0] + decided[1], minlength=4).reshape(2, 2))
    return _row(code, decided.shape[1], percent_agreement(data), kappa, krippendorff_alpha(data),
                decided.shape[0])


def _character_row(code: str, both: float, only_a: float, only_b: float, neither: float) -> dict[str, Any]:
    """Character-unit row: NVivo percent and kappa; alpha from the binary coincidence matrix
    o = [[2 neither, only_a + only_b], [only_a + only_b, 2 both]]."""
    off = only_a + only_b
    alpha = alpha_from_coincidences([0.0, 1.0], [[2 * neither, off], [off, 2 * both]])
    return _row(code, both + off + neither, nvivo_percent(both, only_a, only_b, neither),
                nvivo_kappa(both, only_a, only_b, neither), alpha)


def agreement_table(codings: pd.DataFrame, segments: pd.DataFrame, coders: Iterable[str],
                    unit: str = "segment", codes: Iterable[str] | None = None,
                    source_lengths: Mapping[str, int] | None = None,
                    seen: Mapping[str, Iterable[str]] | None = None) -> pd.DataFrame:
    """One row per code plus an "ALL" row pooling every (unit x code) decision.

    unit: "segment" (codable segment x code), "document" (code presence per source) or
    "character" (two coders; NVivo counts, `source_lengths` as in `character_units`).
    Columns: code, n_units, percent (observed agreement), cohen_kappa (NaN unless exactly
    two coders), bp_kappa (Brennan-Prediger, k = 2), alpha_nominal, band_kappa (Landis &
    Koch, of cohen_kappa), band_alpha (Krippendorff).
    """
    if unit not in UNITS:
        raise ValueError(f"unknown agreement unit {unit!r}; expected one of {', '.join(UNITS)}")
    units = _prepare(codings, segments, coders, codes, seen)
    if unit == "character":
        if len(units.coders) != 2:
            raise ValueError(f"character agreement compares exactly two coders, got {len(units.coders)}")
        cells = [cell.sum(axis=1) for cell in _character_counts(units, source_lengths)[:4]]
        rows = [_character_row(code, *(float(cell[j]) for cell in cells))
                for j, code in enumerate(units.codes)]
        rows.append(_character_row(ALL, *(float(cell.sum()) for cell in cells)))
    else:
        _, decided = _segment_decisions(units) if unit == "segment" else _document_decisions(units)
        rows = [_binary_row(code, decided[:, :, j]) for j, code in enumerate(units.codes)]
        rows.append(_binary_row(ALL, decided.reshape(len(units.coders), -1)))
    return pd.DataFrame(rows, columns=TABLE_COLUMNS)


def disagreements(codings: pd.DataFrame, segments: pd.DataFrame, coders: Iterable[str],
                  codes: Iterable[str] | None = None,
                  seen: Mapping[str, Iterable[str]] | None = None) -> pd.DataFrame:
    """Segment x code decisions on which the coders differ, in segment then code order.

    Columns: segment_id, code_id, text, coded_by and not_coded_by (tuples of coder names,
    in the order `coders` was given).
    """
    units = _prepare(codings, segments, coders, codes, seen)
    unit_ids, decided = _segment_decisions(units)
    votes = decided.sum(axis=0)
    seg, code = np.nonzero((votes > 0) & (votes < len(units.coders)))
    names = np.array(units.coders, dtype=object)
    picked = decided[:, seg, code].T
    return pd.DataFrame({
        "segment_id": unit_ids[seg].to_numpy(dtype=object),
        "code_id": np.array(units.codes, dtype=object)[code],
        "text": units.segments["text"].to_numpy(dtype=object)[seg],
        "coded_by": [tuple(names[row]) for row in picked],
        "not_coded_by": [tuple(names[~row]) for row in picked],
    }, columns=["segment_id", "code_id", "text", "coded_by", "not_coded_by"])


class SpanMatch(NamedTuple):
    """MAXQDA-style segment agreement for one code in one document."""

    agreed: int
    only_a: int
    only_b: int

    @property
    def percent(self) -> float:
        """agreed / (agreed + only_a + only_b); NaN when neither coder has a span."""
        total = self.agreed + self.only_a + self.only_b
        return self.agreed / total if total else NAN


def _spans(spans: Any, name: str) -> np.ndarray:
    array = np.asarray(list(spans), dtype=float).reshape(-1, 2)
    if (array[:, 1] < array[:, 0]).any():
        raise ValueError(f"{name} has a span whose end precedes its start")
    return array


def match_spans(spans_a: Iterable[tuple[int, int]], spans_b: Iterable[tuple[int, int]],
                min_overlap: float = 0.9) -> SpanMatch:
    """Pair two coders' [start, end) spans of one code in one document, one-to-one.

    Two spans agree when |a ∩ b| / |a ∪ b| >= min_overlap (intersection over union: symmetric,
    and stricter than overlap over the shorter span); two empty spans agree only when equal.
    Pairs are taken greedily by descending ratio; with min_overlap > 0.5 and each coder's
    spans disjoint the pairing is unique. Unpaired spans count as only_a / only_b.
    """
    if not 0 < min_overlap <= 1:
        raise ValueError(f"min_overlap must lie in (0, 1], got {min_overlap}")
    a, b = _spans(spans_a, "spans_a"), _spans(spans_b, "spans_b")
    if len(a) == 0 or len(b) == 0:
        return SpanMatch(0, len(a), len(b))
    inter = np.clip(np.minimum(a[:, None, 1], b[None, :, 1]) - np.maximum(a[:, None, 0], b[None, :, 0]),
                    0, None)
    union = (a[:, None, 1] - a[:, None, 0]) + (b[None, :, 1] - b[None, :, 0]) - inter
    identical = (a[:, None, 0] == b[None, :, 0]) & (a[:, None, 1] == b[None, :, 1])
    ratio = np.where(identical, 1.0, 0.0)
    np.divide(inter, union, out=ratio, where=union > 0)
    rows, cols = np.nonzero(ratio >= min_overlap)
    order = np.argsort(-ratio[rows, cols], kind="stable")
    used_a, used_b = set(), set()
    for i, j in zip(rows[order], cols[order]):  # greedy one-to-one pairing of candidate pairs
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
    agreed = len(used_a)
    return SpanMatch(agreed, len(a) - agreed, len(b) - agreed)
