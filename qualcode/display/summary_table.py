"""Content-analytic summary table, and prevalence of codes by group (what the bar chart draws).

summary_table: rows are codes; columns are groups (role, site, source_type, …) then `total`.
A cell reads `5 seg / 3 of 4 inf`: 5 distinct segments, raised by 3 of the group's 4
informants. The informant denominator is
  - for a case attribute (role, site…): every case with that value, coded or not;
  - for a segment column (source_type, language, source_id): every case with at least one
    segment of that value in the data;
  - for `total`: every case.
Where a group has no informants (documents without a case), the cell is just `2 seg`.
Segments from sources without a case fall in the group "(none)" for case attributes.
`group_by: question` groups a survey's answers by the open question (table column) they
answer, in the form's order; the denominator is the respondents who answered it.

SummarySpec: group_by (default role), depth (dimension | code) or dimension (rows are its
components) or codes (a chosen list), group_order, numeric (also add `<group>:seg`,
`<group>:inf`, `<group>:inf_of` integer columns), total (default true), name, filter.

prevalence_by_group: rows are codes (framework dimensions by default), columns groups; a cell
is the share of the group's informants who raise the code (0–1, four places).
PrevalenceSpec: group_by, columns (dimensions | framework | [code ids]), group_order, name, filter.
"""

from __future__ import annotations

from collections import ChainMap
from dataclasses import dataclass

import numpy as np
import pandas as pd

from qualcode.display.base import Display, finish, framework_columns
from qualcode.display.coded import (
    carried,
    NO_GROUP, case_groups, coded_frame, component_map, evidence_map, grid_stats, group_labels,
    keep_rows, nearest_map, ordered, rollup_map, with_group,
)
from qualcode.display.frames import column_order
from qualcode.display.notes import note
from qualcode.display.spec import DEPTHS, DisplaySpec, DisplaySpecError, apply_filter, choice, coerce_spec
from qualcode.model import Codebook

TOTAL = "total"
QUESTION = "question"  # group_by: the survey question (a table's column of text) a segment answers


@dataclass(frozen=True)
class SummarySpec(DisplaySpec):
    group_by: str = "role"
    depth: str = "dimension"
    dimension: str | None = None
    codes: tuple = ()
    group_order: tuple = ()
    numeric: bool = False
    total: bool = True

    def __post_init__(self) -> None:
        super().__post_init__()
        choice("summary table", "depth", self.depth, DEPTHS)
        object.__setattr__(self, "codes", tuple(str(c) for c in self.codes))
        object.__setattr__(self, "group_order", tuple(str(g) for g in self.group_order))
        if self.dimension and self.codes:
            raise DisplaySpecError("summary table: give a dimension or codes, not both")


@dataclass(frozen=True)
class PrevalenceSpec(DisplaySpec):
    group_by: str = "role"
    columns: str | tuple = "dimensions"
    group_order: tuple = ()

    def __post_init__(self) -> None:
        super().__post_init__()
        if not isinstance(self.columns, str):
            object.__setattr__(self, "columns", tuple(self.columns))
        object.__setattr__(self, "group_order", tuple(str(g) for g in self.group_order))


def summary_table(codings: pd.DataFrame, segments: pd.DataFrame, cases: pd.DataFrame,
                  codebook: Codebook, spec: SummarySpec | dict | None = None, **options) -> Display:
    """Codes × groups: segment counts and informant counts with their denominators."""
    spec = coerce_spec(SummarySpec, spec, options)
    codings, segments, cases = apply_filter(spec.filter, codings, segments, cases)
    segments, order = _by_question(segments, spec.group_by, spec.group_order)
    rows, mapping = _rows(codebook, spec)
    coded = coded_frame(codings, segments, mapping, keep_unmapped=False,
                        attributes=carried(spec.group_by))
    coded = keep_rows(coded, "column_code", rows)
    coded = with_group(coded.assign(case_id=_known_cases(coded, cases)), cases, spec.group_by)
    groups, totals = _groups(segments, cases, spec.group_by, order)
    cells = _stats(coded, rows, groups, totals)
    if spec.total:
        everyone = coded.assign(group=_constant(len(coded), TOTAL))
        cells = pd.concat([cells, _stats(everyone, rows, [TOTAL],
                                         pd.Series({TOTAL: len(cases)}))], ignore_index=True)
        groups = [*groups, TOTAL]
    text = cells["segments"].astype(str) + " seg"
    with_inf = cells["informants_total"] > 0
    text = text.where(~with_inf, text + " / " + cells["informants"].astype(str) + " of "
                      + cells["informants_total"].astype(str) + " inf")
    table = (cells.assign(text=text).pivot(index="row", columns="column", values="text")
             .reindex(index=rows, columns=groups).astype(object))
    if spec.numeric:
        table = _with_numbers(table, cells, groups)
    table.index.name = "code"
    table.columns.name = None
    evidence = evidence_map(coded, "column_code", rows, "group", groups)
    if spec.total:
        evidence = ChainMap(evidence, evidence_map(everyone, "column_code", rows, "group", [TOTAL]))
    return finish(spec.name or f"summary_by_{spec.group_by}", "summary_table", table, coded, evidence,
                  notes=[note("summary_cells", attribute=spec.group_by),
                         *([note("no_group_column", attribute=spec.group_by)] if NO_GROUP in groups else [])],
                  cells=cells, parameters={"column_values": spec.group_by})


def prevalence_by_group(codings: pd.DataFrame, segments: pd.DataFrame, cases: pd.DataFrame,
                        codebook: Codebook, spec: PrevalenceSpec | dict | None = None,
                        **options) -> Display:
    """Share of each group's informants who raise each code (subcodes rolled up)."""
    spec = coerce_spec(PrevalenceSpec, spec, options)
    codings, segments, cases = apply_filter(spec.filter, codings, segments, cases)
    segments, order = _by_question(segments, spec.group_by, spec.group_order)
    rows = framework_columns(codebook, spec.columns if isinstance(spec.columns, str)
                             else list(spec.columns), "prevalence")
    coded = coded_frame(codings, segments, nearest_map(codebook, rows), keep_unmapped=False,
                        attributes=carried(spec.group_by))
    coded = with_group(keep_rows(coded, "case_id", cases["case_id"]), cases, spec.group_by)
    groups, totals = _groups(segments, cases, spec.group_by, order)
    groups = [g for g in groups if totals.get(g, 0) > 0]
    cells = _stats(coded, rows, groups, totals)
    cells["share"] = np.round(np.where(cells["informants_total"] > 0,
                                       cells["informants"] / cells["informants_total"].clip(lower=1),
                                       0.0), 4)
    table = (cells.pivot(index="row", columns="column", values="share")
             .reindex(index=rows, columns=groups).fillna(0.0))
    table.index.name = "code"
    table.columns.name = None
    return finish(spec.name or f"prevalence_by_{spec.group_by}", "prevalence", table, coded,
                  evidence_map(coded, "column_code", rows, "group", groups),
                  notes=[note("prevalence_cells", attribute=spec.group_by)], cells=cells,
                  parameters={"column_values": spec.group_by})


def _by_question(segments: pd.DataFrame, group_by: str, order: tuple) -> tuple[pd.DataFrame, tuple]:
    """For `group_by: question`, the codable segments with the question each answers (none for
    a segment of no table's), and the questions in the form's order unless `order` says
    otherwise; the segments and `order` as they are for any other grouping."""
    if group_by != QUESTION:
        return segments, order
    from qualcode.display.quotes import asked

    questions = asked(segments)
    if not questions:
        raise DisplaySpecError("cannot group by question: no table holds several columns of text (a "
                               "survey's open questions) in these data")
    codable = segments[segments["codable"].astype(bool)] if "codable" in segments else segments
    return (codable.assign(question=codable["segment_id"].map(questions)),
            tuple(order) + tuple(q for q in dict.fromkeys(questions.values()) if q not in order))


def _rows(codebook: Codebook, spec: SummarySpec) -> tuple[list[str], dict[str, str]]:
    known = codebook.by_id()
    if spec.dimension:
        if spec.dimension not in known:
            raise DisplaySpecError(f"summary table: unknown dimension {spec.dimension!r}")
        rows = [c.id for c in codebook.children(spec.dimension)]
        if not rows:
            raise DisplaySpecError(f"summary table: {spec.dimension!r} has no categories (subcodes)")
        return rows, component_map(codebook, spec.dimension)
    if spec.codes:
        unknown = [c for c in spec.codes if c not in known]
        if unknown:
            raise DisplaySpecError(f"summary table: unknown code {unknown[0]!r}")
        return list(spec.codes), nearest_map(codebook, spec.codes)
    return column_order(codebook, spec.depth), rollup_map(codebook, spec.depth)


def _known_cases(coded: pd.DataFrame, cases: pd.DataFrame) -> pd.Series:
    """Case ids, blanked where the case is not in the cases frame (it has no informant)."""
    return coded["case_id"].where(coded["case_id"].isin(list(cases["case_id"])))


def _constant(n: int, label: str) -> pd.Categorical:
    return pd.Categorical.from_codes(np.zeros(n, dtype=np.int64), categories=[label])


def _groups(segments: pd.DataFrame, cases: pd.DataFrame, group_by: str,
            first: tuple) -> tuple[list[str], pd.Series]:
    """Group labels in display order, and the informant denominator of each."""
    if group_by in cases.columns and group_by not in segments.columns:
        per_case = case_groups(cases, group_by)
        caseless = segments["case_id"].isna() | ~segments["case_id"].isin(set(cases["case_id"]))
        labels = set(per_case.values) | ({NO_GROUP} if caseless.any() else set())
        return ordered(labels, first), per_case.value_counts()
    if group_by not in segments.columns:
        raise DisplaySpecError(f"cannot group by {group_by!r}: no segment column or case attribute "
                               "has that name")
    labelled = segments.assign(group=group_labels(segments[group_by]))
    informants = labelled[labelled["case_id"].isin(set(cases["case_id"]))]
    totals = informants.groupby("group", observed=True)["case_id"].nunique()
    return ordered(labelled["group"].unique(), first), totals


def _stats(coded: pd.DataFrame, rows: list[str], groups: list[str], totals: pd.Series) -> pd.DataFrame:
    stats = grid_stats(coded, "column_code", rows, "group", groups)
    stats["informants_total"] = stats["column"].map(totals).fillna(0).astype(int)
    return stats


def _with_numbers(table: pd.DataFrame, cells: pd.DataFrame, groups: list[str]) -> pd.DataFrame:
    wide = cells.pivot(index="row", columns="column",
                       values=["segments", "informants", "informants_total"]).reindex(table.index)
    parts = [table]
    for suffix, measure in (("seg", "segments"), ("inf", "informants"), ("inf_of", "informants_total")):
        block = wide[measure].reindex(columns=groups).fillna(0).astype(int)
        block.columns = [f"{g}:{suffix}" for g in groups]
        parts.append(block)
    return pd.concat(parts, axis=1)
