"""Conceptually clustered matrix: informants (or roles) × the codes of one dimension or cluster.

ClusteredSpec:
  dimension   a code id: the columns are its children, each collecting its own subcodes;
              segments coded on the dimension itself get a column of their own (the
              dimension's id), shown only when there are any.
  codes       instead of `dimension`, a chosen cluster: a list of code ids (each collecting
              its subcodes).
  rows        "case" (default: one row per informant) or a case attribute such as "role"
              (one row per group; quotes then come from different informants).
  quotes      1–3 quotes per cell (default 2); quote_chars (default 160).
  include_empty  rows for informants or groups with nothing in these columns (default true).
  name, filter.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from qualcode.display.base import Display, finish
from qualcode.display.coded import (
    case_groups, coded_frame, evidence_map, keep_rows, nearest_map, ordered, with_group,
)
from qualcode.display.notes import note
from qualcode.display.quotes import pick_quotes, quote_cells
from qualcode.display.spec import DisplaySpec, DisplaySpecError, apply_filter, coerce_spec, positive
from qualcode.model import Codebook

KIND = "conceptually clustered matrix"


@dataclass(frozen=True)
class ClusteredSpec(DisplaySpec):
    dimension: str | None = None
    codes: tuple = ()
    rows: str = "case"
    quotes: int = 2
    quote_chars: int = 160
    include_empty: bool = True

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "codes", tuple(str(c) for c in self.codes))
        if bool(self.dimension) == bool(self.codes):
            raise DisplaySpecError(f"{KIND}: give either a dimension or a list of codes")
        positive(KIND, "quotes", self.quotes, 3)
        positive(KIND, "quote_chars", self.quote_chars)


def cluster_columns(codebook: Codebook, spec: ClusteredSpec) -> list[str]:
    known = codebook.by_id()
    wanted = [spec.dimension] if spec.dimension else list(spec.codes)
    unknown = [c for c in wanted if c not in known]
    if unknown:
        raise DisplaySpecError(f"{KIND}: unknown code {unknown[0]!r}")
    if spec.codes:
        return list(spec.codes)
    children = [c.id for c in codebook.children(spec.dimension)]
    if not children:
        raise DisplaySpecError(f"{KIND}: {spec.dimension!r} has no subcodes to cluster; "
                               "name the codes instead")
    return children


def conceptually_clustered_matrix(codings: pd.DataFrame, segments: pd.DataFrame,
                                  cases: pd.DataFrame, codebook: Codebook,
                                  spec: ClusteredSpec | dict | None = None, **options) -> Display:
    """Informants (or roles) × the codes of one dimension; cells are quotes with attribution."""
    spec = coerce_spec(ClusteredSpec, spec, options)
    codings, segments, cases = apply_filter(spec.filter, codings, segments, cases)
    columns = cluster_columns(codebook, spec)
    targets = columns + ([spec.dimension] if spec.dimension else [])
    coded = coded_frame(codings, segments, nearest_map(codebook, targets), keep_unmapped=False,
                        attributes=())
    coded = keep_rows(coded, "case_id", cases["case_id"])
    if spec.dimension and (coded["column_code"] == spec.dimension).any():
        columns = [spec.dimension, *columns]
    if spec.rows == "case":
        coded = coded.assign(row=coded["case_id"])
        row_labels = list(cases["case_id"])
        quotes = pick_quotes(coded, segments, ["row", "column_code"], spec.quotes, spec.quote_chars,
                             distinct=None, by="source", spread="row")
    else:
        if spec.rows not in cases.columns:
            raise DisplaySpecError(f"{KIND}: rows must be case or a case attribute, not {spec.rows!r}")
        coded = with_group(coded, cases, spec.rows, column="row")
        row_labels = ordered(case_groups(cases, spec.rows).values)
        quotes = pick_quotes(coded, segments, ["row", "column_code"], spec.quotes, spec.quote_chars,
                             distinct="case_id", by="case")
    if not spec.include_empty:
        present = set(map(str, coded["row"].dropna().unique()))
        row_labels = [r for r in row_labels if r in present]
    table = (quote_cells(quotes, "row", "column_code")
             .reindex(index=pd.Index(row_labels, dtype=object), columns=columns).fillna("").astype(object))
    table.index.name = "case" if spec.rows == "case" else spec.rows
    table.columns.name = None
    cluster = (spec.dimension,) if spec.dimension else spec.codes
    return finish(spec.name or f"clustered_{spec.dimension or 'codes'}", "clustered", table, coded,
                  evidence_map(coded, "row", row_labels, "column_code", columns),
                  notes=[note("clustered_cells" if spec.rows == "case" else "clustered_group_cells",
                              codes=cluster, quotes=spec.quotes)])
