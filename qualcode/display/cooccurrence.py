"""Code × code co-occurrence (variable-by-variable matrix) at segment or case level.

Units are segments (level "segment") or informants (level "case"). For codes a and b:
  count    n_ab: units coded with both (the diagonal holds n_a: units coded with a);
  jaccard  n_ab / (n_a + n_b - n_ab); 1.0 on the diagonal of a code that occurs;
  lift     n_ab · N / (n_a · n_b), where N is every unit that could carry a code: codable
           segments (plus any coded segment that is not codable) at segment level, every
           case at case level. Lift 1 means "as often as chance"; the diagonal is left blank.
Undefined values (a code that never occurs) are blank (NaN). Values are rounded to 4 places.

The counts come from one sparse one-hot matrix X (units × codes) and the product XᵀX.
Evidence (PairEvidence, computed when a cell is looked up, so building stays fast): at
segment level, the segments coded with both; at case level, the segments coded with either
code in the informants who have both. The diagonal holds the segments coded with the code.

CooccurrenceSpec: level (segment | case), depth (dimension | code), codes (a chosen list,
each collecting its subcodes), measure (count | jaccard | lift: what the table shows; `cells`
always has all three for every pair that co-occurs), name, filter.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from qualcode.display.base import Display, finish
from qualcode.display.coded import coded_frame, keep_rows, label_codes, nearest_map, rollup_map
from qualcode.display.frames import column_order
from qualcode.display.notes import note
from qualcode.display.spec import DEPTHS, DisplaySpec, DisplaySpecError, apply_filter, choice, coerce_spec
from qualcode.model import Codebook

LEVELS = ("segment", "case")
MEASURES = ("count", "jaccard", "lift")


@dataclass(frozen=True)
class CooccurrenceSpec(DisplaySpec):
    level: str = "segment"
    depth: str = "dimension"
    codes: tuple = ()
    measure: str = "count"

    def __post_init__(self) -> None:
        super().__post_init__()
        choice("co-occurrence", "level", self.level, LEVELS)
        choice("co-occurrence", "depth", self.depth, DEPTHS)
        choice("co-occurrence", "measure", self.measure, MEASURES)
        object.__setattr__(self, "codes", tuple(str(c) for c in self.codes))


def cooccurrence_matrix(codings: pd.DataFrame, segments: pd.DataFrame, cases: pd.DataFrame,
                        codebook: Codebook, spec: CooccurrenceSpec | dict | None = None,
                        **options) -> Display:
    """Code × code: counts, Jaccard and lift of co-occurrence in segments or informants."""
    spec = coerce_spec(CooccurrenceSpec, spec, options)
    codings, segments, cases = apply_filter(spec.filter, codings, segments, cases)
    codes, mapping = _codes(codebook, spec)
    coded = coded_frame(codings, segments, mapping, keep_unmapped=False, attributes=())
    coded = keep_rows(coded, "column_code", codes)
    if spec.level == "case":
        coded = keep_rows(coded, "case_id", cases["case_id"])
        units = label_codes(coded["case_id"], list(cases["case_id"]))
        universe = len(cases)
    else:
        units = coded["_seg"].to_numpy()
        could = segments["codable"].astype(bool).to_numpy().copy() if "codable" in segments \
            else np.ones(len(segments), dtype=bool)
        could[units] = True
        universe = int(could.sum())
    code_index = label_codes(coded["column_code"], codes)
    counts = cooccurrence_counts(units, code_index, codes)
    measures = pair_measures(counts, universe)
    table = measures[spec.measure].copy()
    table.index.name = "code"
    table.columns.name = None
    cells = _cells(measures, codes)
    evidence = PairEvidence(coded, units, code_index, codes, cells, spec.level)
    notes = [note(f"cooccurrence_{'counts' if spec.measure == 'count' else spec.measure}",
                  level=spec.level, universe=universe, measure=spec.measure)]
    # a parent beside its subcodes counts only its own codings: its heading says so, as
    # case_by_code's does (else a Jaccard of 0 with its subcodes reads "never together")
    own_only = sorted(set(codes) & {code.parent for code in codebook.codes if code.parent}) \
        if spec.depth == "code" and not spec.codes else []
    return finish(spec.name or f"cooccurrence_{spec.level}_{spec.depth}", "cooccurrence", table, coded,
                  evidence, notes=notes, cells=cells, parameters={"own_only": own_only} if own_only else {})


def cooccurrence_counts(units: np.ndarray, code_index: np.ndarray, codes: list[str]) -> pd.DataFrame:
    """XᵀX for the one-hot matrix X (units × codes, 1 where the unit carries the code):
    a codes × codes frame of counts. `units` and `code_index` are integer codes, one per coding."""
    units, code_index = np.asarray(units, dtype=np.int64), np.asarray(code_index, dtype=np.int64)
    shape = (int(units.max()) + 1 if len(units) else 0, len(codes))
    onehot = sparse.csr_matrix((np.ones(len(units), dtype=np.int64), (units, code_index)), shape=shape)
    onehot.data[:] = 1  # duplicates were summed on construction: a pair given twice counts once
    product = (onehot.T @ onehot).toarray().astype(np.int64)
    return pd.DataFrame(product, index=codes, columns=codes)


def pair_measures(counts: pd.DataFrame, universe: int) -> dict[str, pd.DataFrame]:
    """count, jaccard and lift frames from a co-occurrence count matrix."""
    both = counts.to_numpy(dtype=float)
    alone = np.diag(both)
    union = alone[:, None] + alone[None, :] - both
    expected = alone[:, None] * alone[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        jaccard = np.where(union > 0, both / union, np.nan)
        lift = np.where(expected > 0, both * universe / expected, np.nan)
    np.fill_diagonal(lift, np.nan)
    frame = lambda values: pd.DataFrame(np.round(values, 4), index=counts.index,  # noqa: E731
                                        columns=counts.columns)
    return {"count": counts.astype(int), "jaccard": frame(jaccard), "lift": frame(lift)}


def _codes(codebook: Codebook, spec: CooccurrenceSpec) -> tuple[list[str], dict[str, str]]:
    if spec.codes:
        unknown = [c for c in spec.codes if c not in codebook.by_id()]
        if unknown:
            raise DisplaySpecError(f"co-occurrence: unknown code {unknown[0]!r}")
        return list(spec.codes), nearest_map(codebook, spec.codes)
    return column_order(codebook, spec.depth), rollup_map(codebook, spec.depth)


def _cells(measures: dict[str, pd.DataFrame], codes: list[str]) -> pd.DataFrame:
    """One row per pair (row ≤ column in code order) that co-occurs at least once."""
    count = measures["count"].to_numpy()
    upper_rows, upper_cols = np.triu_indices(len(codes))
    keep = count[upper_rows, upper_cols] > 0
    r, c = upper_rows[keep], upper_cols[keep]
    names = np.asarray(codes, dtype=object)
    diagonal = np.diag(count)
    return pd.DataFrame({
        "row": names[r], "column": names[c], "count": count[r, c],
        "jaccard": measures["jaccard"].to_numpy()[r, c], "lift": measures["lift"].to_numpy()[r, c],
        "n_row": diagonal[r], "n_column": diagonal[c],
    })


class PairEvidence(Mapping):
    """The drill-down of a co-occurrence display, computed per cell on lookup. Keys are the
    pairs that co-occur, in both orders, and the diagonal."""

    def __init__(self, coded: pd.DataFrame, units: np.ndarray, code_index: np.ndarray,
                 codes: list[str], cells: pd.DataFrame, level: str):
        rank = coded["_rank"].to_numpy()
        order = np.argsort(code_index * (int(rank.max(initial=0)) + 1) + rank, kind="stable")
        self._code, self._unit, self._rank = code_index[order], np.asarray(units)[order], rank[order]
        width = int(rank.max()) + 1 if len(rank) else 0
        self._ids = np.empty(width, dtype=object)
        self._ids[rank] = coded["segment_id"].astype(object).to_numpy()
        self._bounds = np.searchsorted(self._code, np.arange(len(codes) + 1))
        self._position = {code: i for i, code in enumerate(codes)}
        self._level = level
        pairs = list(zip(cells["row"], cells["column"]))
        self._keys = sorted({*pairs, *((b, a) for a, b in pairs)})
        self._known = set(self._keys)
        self._distinct: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        self._present: dict[int, np.ndarray] = {}

    def _of(self, code: str) -> slice:
        i = self._position[code]
        return slice(self._bounds[i], self._bounds[i + 1])

    def __getitem__(self, key: tuple[str, str]) -> tuple[str, ...]:
        if key not in self._known:
            raise KeyError(key)
        return tuple(self._ids[self._ranks(*key)].tolist())

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def joined(self, encoded: bool = False) -> list[tuple]:
        """(row, column, n, ids joined by spaces) per key, in key order (Display.evidence_rows);
        with `encoded`, UTF-8 bytes. A pair and its mirror share one computation and one text."""
        table = _IdTable(self._ids)
        done: dict[tuple[str, str], tuple[int, object]] = {}
        out = []
        for a, b in self._keys:
            if (b, a) in done:
                n, text = done.pop((b, a))
            else:
                ranks = self._ranks(a, b)
                text = table.join(ranks)
                n, text = len(ranks), text if encoded else text.decode("utf-8")
                if a != b:
                    done[(a, b)] = (n, text)
            out.append((a, b, n, text))
        return out

    # -- the evidence of a pair, on sorted integer arrays ----------------------------------
    def _code_rows(self, code: str) -> tuple[np.ndarray, np.ndarray]:
        """(distinct ranks, their units) of one code, in reading order: a segment belongs to
        one unit, so distinct ranks keep every (rank, unit) pair."""
        i = self._position[code]
        if i not in self._distinct:
            span = self._of(code)
            rank, unit = self._rank[span], self._unit[span]  # sorted by rank within the code
            first = np.r_[True, rank[1:] != rank[:-1]] if len(rank) else np.zeros(0, dtype=bool)
            self._distinct[i] = (rank[first], unit[first])
        return self._distinct[i]

    def _units_of(self, code: str) -> np.ndarray:
        """A mask over units: True where the unit carries `code`."""
        i = self._position[code]
        if i not in self._present:
            units = self._code_rows(code)[1]
            mask = np.zeros(int(self._unit.max(initial=-1)) + 1, dtype=bool)
            mask[units] = True
            self._present[i] = mask
        return self._present[i]

    def _ranks(self, a: str, b: str) -> np.ndarray:
        """Sorted distinct ranks behind the cell (a, b): at segment level the segments coded
        with both; at case level the segments coded with either in the units that have both."""
        rank_a, unit_a = self._code_rows(a)
        rank_b, unit_b = self._code_rows(b)
        if self._level == "segment":
            return np.intersect1d(rank_a, rank_b, assume_unique=True)
        merged = np.concatenate((rank_a[self._units_of(b)[unit_a]], rank_b[self._units_of(a)[unit_b]]))
        merged.sort(kind="stable")  # two sorted runs: a merge
        return merged[np.r_[True, merged[1:] != merged[:-1]]] if len(merged) else merged


class _IdTable:
    """Segment ids by rank as rows of one byte array (UTF-8, a space after each id, zero
    padding), so the text of a cell of tens of thousands of ids is gathered and joined by
    numpy, not through a Python string per id (a case-level co-occurrence display of a
    million codings writes some fifty million ids). Ids that hold a zero byte, or a table
    that would be too wide, fall back to str.join."""

    MAX_BYTES = 256 * 2**20

    def __init__(self, ids: np.ndarray):
        self._ids, self._rows = ids, None
        encoded = [b"" if i is None else i.encode("utf-8") for i in ids.tolist()]
        width = max(map(len, encoded), default=0) + 1
        if len(encoded) * width <= self.MAX_BYTES and not any(b"\0" in e for e in encoded):
            padded = b"".join(e + b" " + bytes(width - 1 - len(e)) for e in encoded)
            self._rows = np.frombuffer(padded, dtype=np.uint8).reshape(len(encoded), width)

    def join(self, ranks: np.ndarray) -> bytes:
        """" ".join(ids[ranks]) as UTF-8 bytes."""
        if self._rows is None:
            return " ".join(self._ids[ranks].tolist()).encode("utf-8")
        if not len(ranks):
            return b""
        flat = self._rows[ranks].ravel()
        return flat[flat != 0][:-1].tobytes()
