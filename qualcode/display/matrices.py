"""Case × code matrix (the partially ordered meta-matrix). Every cell keeps the segment ids behind it.

Spec (CaseCodeSpec): depth (dimension | code), mode (count | presence | quotes | density),
group_by (a case attribute, or None), quotes (1–3, for mode quotes), quote_chars, name, filter.

- count: distinct segments of the case coded with the column's code (subcodes rolled up at
  depth dimension); two coders on one segment count once.
- presence: 1 when count > 0, else 0.
- quotes: the best 1–3 segments by coding score, one per line, `“text” (source)`.
- density: words in the case's codable segments coded with the column's code, divided by all
  words in the case's codable segments (rounded to 4 places; 0.0 when the case has none).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from qualcode.display.base import Display, finish
from qualcode.display.coded import coded_frame, distinct_counts, evidence_map, keep_rows, rollup_map
from qualcode.display.frames import column_order
from qualcode.display.notes import note
from qualcode.display.quotes import pick_quotes, quote_cells
from qualcode.display.spec import DEPTHS, DisplaySpec, apply_filter, choice, coerce_spec, positive
from qualcode.model import Codebook

__all__ = ["CELL_MODES", "DEPTHS", "CaseCodeSpec", "Display", "case_by_code_matrix"]

CELL_MODES = ("count", "presence", "quotes", "density")
MAX_QUOTES = 3


@dataclass(frozen=True)
class CaseCodeSpec(DisplaySpec):
    depth: str = "dimension"
    mode: str = "count"
    group_by: str | None = "role"
    quotes: int = MAX_QUOTES
    quote_chars: int = 200

    def __post_init__(self) -> None:
        super().__post_init__()
        choice("case × code matrix", "depth", self.depth, DEPTHS)
        choice("case × code matrix", "mode", self.mode, CELL_MODES)
        positive("case × code matrix", "quotes", self.quotes, MAX_QUOTES)
        positive("case × code matrix", "quote_chars", self.quote_chars)


def case_by_code_matrix(codings: pd.DataFrame, segments: pd.DataFrame, cases: pd.DataFrame,
                        codebook: Codebook, spec: CaseCodeSpec | dict | None = None,
                        **options) -> Display:
    """Rows: every case (informant), grouped by an attribute; columns: codes at `depth`."""
    spec = coerce_spec(CaseCodeSpec, spec, options)
    codings, segments, cases = apply_filter(spec.filter, codings, segments, cases)
    columns = column_order(codebook, spec.depth)
    rows = list(cases["case_id"])
    coded = coded_frame(codings, segments, rollup_map(codebook, spec.depth),
                        attributes=("speaker",) if spec.mode == "quotes" else ())
    coded = keep_rows(keep_rows(coded, "case_id", rows), "column_code", columns)
    if spec.depth == "code":
        # a dimension's own column counts only codings on the dimension itself: where no one
        # coded it so, a column of zeros beside its subcodes reads as "never discussed"
        parents = {code.parent for code in codebook.codes if code.parent}
        used = set(coded["column_code"].tolist())
        columns = [c for c in columns if c not in parents or c in used]
    if spec.mode in ("count", "presence"):
        counts = distinct_counts(coded, "case_id", rows, "column_code", columns)
        table = pd.DataFrame(counts if spec.mode == "count" else (counts > 0).astype(int),
                             index=pd.Index(rows, dtype=object), columns=columns).astype(int)
    elif spec.mode == "density":
        table = _density(coded, segments, rows, columns)
    else:
        quotes = pick_quotes(coded, segments, ["case_id", "column_code"], spec.quotes,
                             spec.quote_chars, distinct=None, by="source", spread="case_id")
        table = (quote_cells(quotes, "case_id", "column_code")
                 .reindex(index=pd.Index(rows, dtype=object), columns=columns).fillna("").astype(object))
    table.index.name = "case"
    table.columns.name = None
    table = _grouped(table, cases, spec.group_by)
    name = spec.name or f"case_by_{spec.depth}" + ("" if spec.mode == "count" else f"_{spec.mode}")
    return finish(name, "case_by_code", table, coded,
                  evidence_map(coded, "case_id", rows, "column_code", columns),
                  notes=[note("case_code_count_codes" if spec.mode == "count" and spec.depth == "code"
                              else f"case_code_{spec.mode}")],
                  # a parent's own column beside its subcodes' says so in its heading: the same
                  # heading in case_by_dimension counts the subcodes too
                  parameters={"own_only": sorted(set(columns) & parents)} if spec.depth == "code" else {})


def _density(coded: pd.DataFrame, segments: pd.DataFrame, rows: list, columns: list[str]) -> pd.DataFrame:
    """Words of codable coded segments / words of all the case's codable segments."""
    codable = segments["codable"].astype(bool).to_numpy() if "codable" in segments else True
    words = segments["text"].astype(object).fillna("").astype(str).str.count(r"\S+").to_numpy() * codable
    coded_words = distinct_counts(coded, "case_id", rows, "column_code", columns, weights=words)
    total = (pd.Series(words).groupby(segments["case_id"].astype(object).to_numpy()).sum()
             .reindex(rows).fillna(0).to_numpy(dtype=float)[:, None])
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(total > 0, coded_words / np.where(total > 0, total, 1), 0.0)
    return pd.DataFrame(np.round(share, 4), index=pd.Index(rows, dtype=object), columns=columns)


def _grouped(table: pd.DataFrame, cases: pd.DataFrame, group_by: str | None) -> pd.DataFrame:
    if not group_by or group_by not in cases:
        return table
    groups = cases.set_index("case_id")[group_by].reindex(table.index).astype(object).fillna("")
    table = table.copy()
    table.insert(0, group_by, groups.values)
    # stable: within a group, the cases stay in their order (survei-row-2 before survei-row-10);
    # cases without a value last, as the role-ordered matrix and the accounting log put them
    table["_unset"] = groups.eq("").values
    return (table.reset_index().sort_values(["_unset", group_by], kind="stable")
            .drop(columns="_unset").set_index("case"))
