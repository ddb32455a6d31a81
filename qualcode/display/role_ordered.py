"""Role-ordered matrix and framework (summary) matrix: informants, grouped by role, × framework codes.

Both have one row per informant (case), ordered by role then case id, with the role as the
first column; the columns are the framework's dimensions (or dimensions and cross-cutting
codes, or a chosen list of codes, each collecting its subcodes). A cell holds the informant's
best-scored segments for that code as short quotes, `“text” (source, speaker)`.

RoleOrderedSpec: columns (dimensions | framework | [code ids]), role_by (the case attribute
that orders rows, default role), role_order (roles to put first, in that order), quotes
(1–3, default 2), quote_chars (default 160), include_empty (rows for informants with no
codings; default true), name, filter.

FrameworkSpec adds `summaries`: the researcher's summary per cell, {(case, code): text} or
{case: {code: text}}. Where one exists it comes first in the cell, above the quotes, and
the cell is marked "summary". Storing summaries (summaries/*.yaml) is the caller's job.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from qualcode.display.base import Display, cell_mapping, finish, framework_columns
from qualcode.display.coded import (
    NO_GROUP, case_groups, coded_frame, evidence_map, keep_rows, nearest_map, ordered,
)
from qualcode.display.notes import note
from qualcode.display.quotes import pick_quotes, quote_cells
from qualcode.display.spec import DisplaySpec, DisplaySpecError, apply_filter, coerce_spec, positive
from qualcode.model import Codebook

MAX_QUOTES = 3


@dataclass(frozen=True)
class RoleOrderedSpec(DisplaySpec):
    columns: str | tuple = "dimensions"
    role_by: str = "role"
    role_order: tuple = ()
    quotes: int = 2
    quote_chars: int = 160
    include_empty: bool = True

    def __post_init__(self) -> None:
        super().__post_init__()
        positive("role-ordered matrix", "quotes", self.quotes, MAX_QUOTES)
        positive("role-ordered matrix", "quote_chars", self.quote_chars)
        if not isinstance(self.columns, str):
            object.__setattr__(self, "columns", tuple(self.columns))
        object.__setattr__(self, "role_order", tuple(str(r) for r in self.role_order))


@dataclass(frozen=True)
class FrameworkSpec(RoleOrderedSpec):
    summaries: Mapping = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "summaries", cell_mapping(self.summaries, "summaries"))


NOTHING_SAID = "—"  # a role-ordered cell where the informant said nothing coded there


def role_ordered_matrix(codings: pd.DataFrame, segments: pd.DataFrame, cases: pd.DataFrame,
                        codebook: Codebook, spec: RoleOrderedSpec | dict | None = None,
                        **options) -> Display:
    """Roles, then the informants in each role × framework dimensions; cells are quotes."""
    spec = coerce_spec(RoleOrderedSpec, spec, options)
    table, coded, columns = _quote_table(codings, segments, cases, codebook, spec)
    # a cell with no quote is marked, not blank: a blank reads as a table gone wrong
    table[columns] = table[columns].mask(table[columns].eq(""), NOTHING_SAID)
    return finish(spec.name or "role_ordered", "role_ordered", table, coded,
                  evidence_map(coded, "case_id", list(table.index), "column_code", columns),
                  notes=[note("role_ordered_cells", attribute=spec.role_by, quotes=spec.quotes)])


def framework_matrix(codings: pd.DataFrame, segments: pd.DataFrame, cases: pd.DataFrame,
                     codebook: Codebook, spec: FrameworkSpec | dict | None = None,
                     **options) -> Display:
    """Cases × dimensions: the researcher's summary (where written) above the linked quotes."""
    spec = coerce_spec(FrameworkSpec, spec, options)
    table, coded, columns = _quote_table(codings, segments, cases, codebook, spec)
    marks, notes = {}, []
    summaries = pd.Series({key: str(text).strip() for key, text in spec.summaries.items()
                           if str(text).strip()}, dtype=object)
    if not summaries.empty:
        summaries.index = pd.MultiIndex.from_tuples(summaries.index, names=["case", "column"])
        wide = summaries.unstack("column")
        known = wide.reindex(index=table.index, columns=columns)
        cases_of, codes_of = summaries.index.get_level_values(0), summaries.index.get_level_values(1)
        shown = cases_of.isin(table.index) & codes_of.isin(columns)
        notes.extend(note("framework_unused_summary", case=case_id, code=column)
                     for case_id, column in summaries.index[~shown])
        quotes = table[columns]
        has_summary = known.notna()
        text = known.fillna("").astype(str)
        table[columns] = text.where(quotes.eq(""), text + "\n" + quotes).where(has_summary, quotes)
        marks = dict.fromkeys(((str(r), str(c)) for r, c in summaries.index[shown]), "summary")
    notes.insert(0, note("framework_cells", quotes=spec.quotes))
    return finish(spec.name or "framework_matrix", "framework", table, coded,
                  evidence_map(coded, "case_id", list(table.index), "column_code", columns),
                  notes=notes, marks=marks)


def _quote_table(codings, segments, cases, codebook, spec: RoleOrderedSpec):
    codings, segments, cases = apply_filter(spec.filter, codings, segments, cases)
    columns = framework_columns(codebook, spec.columns if isinstance(spec.columns, str)
                                else list(spec.columns), "role-ordered matrix")
    coded = coded_frame(codings, segments, nearest_map(codebook, columns), keep_unmapped=False,
                        attributes=())
    coded = keep_rows(coded, "case_id", cases["case_id"])
    if spec.role_by != "role" and spec.role_by not in cases.columns and len(cases):
        # an attribute asked for by name that no case has: every row would be "(none)"
        raise DisplaySpecError(f"cannot order by {spec.role_by!r}: no case attribute has that name "
                               f"(case attributes: {', '.join(map(str, cases.columns))})")
    roles = case_groups(cases, spec.role_by)
    quotes = pick_quotes(coded, segments, ["case_id", "column_code"], spec.quotes, spec.quote_chars,
                         distinct=None, by="source", spread="case_id")
    table = quote_cells(quotes, "case_id", "column_code")
    present = set(map(str, coded["case_id"].dropna().unique()))
    rows = [case for case in cases["case_id"] if spec.include_empty or str(case) in present]
    table = table.reindex(index=pd.Index(rows, dtype=object), columns=columns).astype(object).fillna("")
    order = {role: i for i, role in enumerate(ordered(roles.values, spec.role_order))}
    role_of = roles.reindex(table.index).fillna(NO_GROUP)
    table.insert(0, spec.role_by, role_of.values)
    table["_rank"] = role_of.map(order).values
    table.index.name = "case"
    table = (table.reset_index().sort_values(["_rank"], kind="stable")  # cases in their order within
             .drop(columns="_rank").set_index("case"))
    table.columns.name = None
    return table, coded, columns
