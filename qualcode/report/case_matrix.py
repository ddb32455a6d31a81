"""The report's case matrix: a row per informant, or, when they are many, a row per group
of informants (qualcode.report.grouping)."""

from __future__ import annotations

import math
import re
from dataclasses import replace
from typing import Callable

import numpy as np
import pandas as pd

from qualcode.conclude.evidence import distinct
from qualcode.display.base import Display
from qualcode.display.coded import NO_GROUP
from qualcode.display.summary_table import TOTAL
from qualcode.report.grouping import REPORT_CASE_ROWS, Grouping
from qualcode.report.i18n import capital, term, whole
from qualcode.report.sections import CELL_QUOTES, Attributions, cell_quotes
from qualcode.report.view import MatrixView

# The declared display whose heat map the report shows (qualcode.workflow.displays.chart_of)
HEATMAP_DISPLAY = "case_by_dimension"
# A group's drill-down quotes one segment of each of its first informants: scanning a
# cell's evidence this far finds them without walking a group of thousands
QUOTE_SCAN = 200


def matrix_columns(table: pd.DataFrame, known: dict) -> list[str]:
    """The matrix's code columns (the case matrix also carries a role column)."""
    return [c for c in table.columns if c in known]


def per_case_view(matrix: Display, columns: list[str], label: Callable[[str], str], caption: str,
                  t: dict, segments: pd.DataFrame, cases: pd.DataFrame, attributions: Attributions,
                  rolled: pd.DataFrame) -> MatrixView:
    """A row per informant: segments per code, each cell's first quotes behind it."""
    table = matrix.table
    header = (t["case"], t["role"], *[label(c) for c in columns])
    roles = table["role"].tolist() if "role" in table else [None] * len(table)
    counts = table[columns].to_numpy()
    rows = tuple((str(case_id), term(t, role), *[whole(v, t) for v in values])
                 for case_id, role, values in zip(table.index, roles, counts.tolist()))
    row_ids = [str(i) for i in table.index]
    cells = [[matrix.evidence.get((row_id, column), ()) for column in columns] for row_id in row_ids]
    return MatrixView(
        caption=caption, header=header, rows=rows,
        # the display's own count, as the workbook's sheet of it says: the codings behind its cells
        note=t["matrix_note" if matrix.unreviewed else "matrix_note_reviewed"].format(
            unreviewed=whole(matrix.unreviewed, t), codings=whole(matrix.codings, t)) + uncased_note(rolled, columns, t),
        heat=heat(counts),
        more=t["cell_more"].replace("{file}", f"matrices/{matrix.name}_evidence.csv"),
        cell_quotes=cell_quotes(cells, columns, segments, cases, t, attributions, rolled))


def grouped_view(summary: Display, grouping: Grouping, columns: list[str], label: Callable[[str], str],
                 caption: str, t: dict, segments: pd.DataFrame, cases: pd.DataFrame,
                 attributions: Attributions, rolled: pd.DataFrame) -> MatrixView:
    """A row per group of informants (`summary`: the summary table by the grouping's
    attribute), then all of them: how many of the group raised each code, shaded by the
    group's share. A cell's every segment is in the summary's evidence file, by code and group."""
    shown, sizes, counts, shares = group_counts(summary, grouping, columns)
    # "14 (67%)": groups differ in size, so a reader compares the shares
    rows = tuple((_group_label(group, grouping.attribute, t), whole(size, t),
                  *[f"{whole(n, t)} ({share:.0%})" if n else "0" for n, share in zip(values, fractions)])
                 for group, size, values, fractions in zip(shown, sizes, counts.tolist(), shares.tolist()))
    case_of = _cases_of(summary, segments, columns, shown)
    quoted = [[_one_per_informant(summary.evidence.get((code, group), ()), case_of) for code in columns]
              for group in shown]
    return MatrixView(
        caption=caption, header=(capital(attribute_label(grouping.attribute, t)), t["informants"],
                                 *[label(c) for c in columns]),
        rows=rows, note=grouped_note(summary, grouping, t) + uncased_note(rolled, columns, t),
        heat=heat(shares),
        more=t["cell_more_grouped"].replace("{file}", f"matrices/{grouped_table_name(summary)}_evidence.csv"),
        cell_quotes=cell_quotes(quoted, columns, segments, cases, t, attributions, rolled))


def group_counts(summary: Display, grouping: Grouping, columns: list[str]):
    """(groups, then TOTAL; each one's informants; informants raising each code in it, as
    rows; those as shares of the group) from the summary table's cells."""
    cells = summary.cells
    groups = [g for g in summary.table.columns if g != TOTAL] if grouping.attribute else []
    informants = cells.groupby("column", observed=True)["informants_total"].max().to_dict() if len(cells) else {}
    groups = [g for g in groups if informants.get(g, 0) > 0]  # sources without a case: no informant
    raised = {(row, column): n for row, column, n in
              zip(cells["row"].astype(str).tolist(), cells["column"].astype(str).tolist(),
                  cells["informants"].tolist())}
    shown = [*groups, TOTAL]
    counts = np.array([[int(raised.get((code, group), 0)) for code in columns] for group in shown], dtype=int)
    sizes = [int(informants.get(group, 0)) for group in groups] + [grouping.cases]
    return shown, sizes, counts, counts / np.maximum(np.array(sizes, dtype=float), 1.0)[:, None]


def grouped_summary(inputs, grouping: Grouping | None) -> Display | None:
    """The summary table by the grouping's attribute (its cells: informants per code and
    group), which a grouped case matrix shows; None when the report does not group."""
    if grouping is None:
        return None
    from qualcode.display.summary_table import summary_table

    return summary_table(inputs.codings, inputs.segments, inputs.cases, inputs.codebook,
                         group_by=grouping.attribute or "role", depth="dimension")


def grouped_table_name(summary: Display) -> str:
    """The name (and file name, in matrices/) of the grouped table's counts: the summary
    table's, with what a file name cannot hold made "_" (an attribute is a column's heading)."""
    return re.sub(r"[^\w-]+", "_", summary.name)


def grouped_table(display: Display, summary: Display | None, grouping: Grouping | None,
                  cases: pd.DataFrame) -> Display:
    """A display as its tables are written for a report that groups its informants: with a
    column of each informant's group in a table with a row per informant, to filter them by."""
    if summary is None or grouping is None:
        return display
    return with_group_column(display, cases, grouping.attribute)


def with_grouped_counts(tables: dict, summary: Display | None, grouping: Grouping | None) -> dict:
    """The displays whose tables are written (CSV, displays.xlsx) for a report that groups
    its informants: `tables` (name -> display, each a `grouped_table`) with the grouped
    table's counts (the summary table by the grouping's attribute; a display of that name
    the project builds is kept), so that a supervisor can check the report's table."""
    if summary is None or grouping is None:
        return tables
    name = grouped_table_name(summary)
    return tables if name in tables else {**tables, name: replace(summary, name=name)}


def with_group_column(display: Display, cases: pd.DataFrame, attribute: str | None) -> Display:
    """A table with a row per informant (and their role), with each informant's `attribute`
    after the role. The role column goes when no informant has one (a table's rows)."""
    table = display.table
    if (attribute in (None, "role") or table.index.name != "case" or "role" not in table.columns
            or attribute in table.columns or attribute not in cases.columns):
        return display
    by_case = cases.drop_duplicates("case_id").set_index("case_id")
    values = by_case[attribute].reindex(table.index).astype(object)
    table = table.copy()
    table.insert(list(table.columns).index("role") + 1, attribute, values.where(values.notna(), None))
    roles = by_case["role"].dropna().astype(str).str.strip() if "role" in by_case.columns else pd.Series(dtype=str)
    if not (roles != "").any():
        table = table.drop(columns="role")
    return replace(display, table=table)


def with_grouped_heatmap(displays: dict, inputs, grouping: Grouping | None, language: str,
                         summary: Display | None = None) -> dict:
    """The displays whose charts a report draws: as built, but when it groups more
    informants than a heat map has rows, the heat map draws the groups (what the report's
    table shows) in place of the case matrix's first rows. `summary`: grouped_summary's,
    when made already."""
    from qualcode.display.base import HEATMAP_ROWS
    from qualcode.report.i18n import catalogue

    matrix = displays.get(HEATMAP_DISPLAY)
    if grouping is None or grouping.cases <= HEATMAP_ROWS or matrix is None:
        return displays
    codebook = inputs.codebook
    t = catalogue(language, codebook.framework.term_in(language))
    summary = summary if summary is not None else grouped_summary(inputs, grouping)
    columns = matrix_columns(matrix.table, codebook.by_id())
    return {**displays, HEATMAP_DISPLAY: grouped_heatmap(summary, grouping, columns, t, HEATMAP_DISPLAY)}


def grouped_heatmap(summary: Display, grouping: Grouping, columns: list[str], t: dict, name: str) -> Display:
    """What the report's heat map draws when its informants are grouped: each group's share
    (in per cent) raising each code, in place of the case matrix's first rows."""
    shown, _, _, shares = group_counts(summary, grouping, columns)
    table = pd.DataFrame((shares * 100).round().astype(int), columns=columns,
                         index=pd.Index([_group_label(g, grouping.attribute, t) for g in shown], dtype=object))
    attribute = attribute_label(grouping.attribute, t)
    return Display(name, table, kind="case_by_code",
                   parameters={"chart_title": t["chart_heatmap_grouped"].format(attribute=attribute),
                               "grouped_by": attribute})


def grouped_note(summary: Display, grouping: Grouping, t: dict) -> str:
    """What a grouped cell counts, why the informants are grouped, and where their own rows are."""
    attribute = attribute_label(grouping.attribute, t)
    if grouping.attribute is None:
        why = t["matrix_grouped_none"]
    elif grouping.chosen == "setting":
        why = t["matrix_grouped_setting"]
    else:
        why = t["matrix_grouped_auto_role" if grouping.attribute == "role" else "matrix_grouped_auto"]
    review = (t["matrix_review"].format(unreviewed=whole(summary.unreviewed, t), codings=whole(summary.codings, t))
              if summary.unreviewed else t["matrix_review_done"])
    files = t["matrix_grouped_files"].format(file=f"{grouped_table_name(summary)}.csv") \
        if grouping.cases > REPORT_CASE_ROWS else ""
    return f"{t['matrix_grouped_note']} {why.format(cases=whole(grouping.cases, t), attribute=attribute)}{files}{review}"


def uncased_note(rolled: pd.DataFrame, columns: list[str], t: dict) -> str:
    """The text's counts include segments of sources without a case; no row can (no
    informant to put them under): said, with their number."""
    uncased = len(distinct(rolled.loc[rolled["case_id"].isna() & rolled["column_code"].isin(columns),
                                      "segment_id"]))
    return t["matrix_uncased"].format(n=uncased) if uncased else ""


def heat(values) -> tuple[tuple[int, ...], ...]:
    """Each value's shade, 1-4 in proportion to the matrix's largest (0 for none): a fixed
    scale would shade every count past a few the same."""
    values = np.asarray(values)
    peak = values.max() if values.size else 0
    return tuple(tuple(0 if not v else max(1, math.ceil(4 * v / peak)) for v in row.tolist()) for row in values)



def _group_label(group: str, attribute: str | None, t: dict) -> str:
    if group == TOTAL:
        return t["group_all"]
    if group == NO_GROUP:
        return t["group_none"]
    return term(t, group) if attribute == "role" else str(group)


def attribute_label(attribute: str | None, t: dict) -> str:
    if attribute is None:
        return t["informants"]
    return t["role"] if attribute == "role" else attribute


def _cases_of(summary: Display, segments: pd.DataFrame, columns: list[str], groups: list[str]) -> dict:
    """segment id -> its case, for the segments a grouped cell's drill-down may quote."""
    wanted = {i for code in columns for group in groups
              for i in summary.evidence.get((code, group), ())[:QUOTE_SCAN]}
    found = segments[segments["segment_id"].isin(wanted)]
    return dict(zip(found["segment_id"].tolist(), found["case_id"].tolist()))


def _one_per_informant(ids, case_of: dict) -> tuple[str, ...]:
    """The first segment of each of a cell's first informants (CELL_QUOTES of them): a
    group's quotes from several of its people, not three from the first."""
    chosen, seen = [], set()
    for segment_id in ids[:QUOTE_SCAN]:
        case = case_of.get(segment_id)
        if case is None or case in seen:
            continue
        seen.add(case)
        chosen.append(segment_id)
        if len(chosen) == CELL_QUOTES:
            break
    return tuple(chosen)
