"""How the report shows its informants when they are too many for a row each.

An interview study has a few dozen informants, and the report's case matrix, role-ordered
matrix and accounting log give each a row. A survey or complaint table makes every row a
case: thousands of informants, which no reader pages through. Past REPORT_CASE_ROWS the
report counts informants per group of one case attribute instead, and says where the
tables with a row per informant are (reports/matrices/).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from qualcode.errors import ConfigError

# Rows of informants a report table holds (the heat map draws as many, HEATMAP_ROWS)
REPORT_CASE_ROWS = 50
# An attribute groups informants when it has this many values, from 2
MOST_GROUPS = 30
# ...and at least this share of the informants has a value for it
LEAST_COVERED = 0.5
# [report] group_by that keeps a row per informant however many there are
PER_CASE = "case"


@dataclass(frozen=True)
class Grouping:
    """The report's informants, counted per group of `attribute` (None: one group of all,
    when no attribute can group them); `chosen` is "setting" or "auto"."""
    attribute: str | None
    chosen: str
    cases: int


def report_grouping(cases: pd.DataFrame, setting: str = "", where: Path | None = None,
                    line: int | None = None) -> Grouping | None:
    """Whether, and by what, the report groups its informants: as [report] group_by says
    (an attribute, or "case" for never; a name no case has is refused, naming the setting's
    `where` and `line`), else past REPORT_CASE_ROWS informants by the attribute that
    `groupable` chooses. None: a row per informant."""
    total = int(cases["case_id"].nunique()) if "case_id" in cases else 0
    if setting.casefold() == PER_CASE:
        return None
    if setting:
        named = _named(cases, setting)
        if named is None:
            have = [c for c in cases.columns if c != "case_id" and len(_present(cases, c))]
            raise ConfigError(f"[report] group_by names {setting!r}, which no case has; the cases' "
                              f"attributes: {', '.join(have) or 'none'} (or \"case\")", where, line)
        return Grouping(named, "setting", total)
    if total <= REPORT_CASE_ROWS:
        return None
    return Grouping(groupable(cases), "auto", total)


def site_attribute(cases: pd.DataFrame, setting: str = "") -> str | None:
    """What a finding is replicated across when the informants have no roles (a survey's or
    complaint table's rows): the attribute the report groups them by ([report] group_by, else
    `groupable`'s). None when they have roles, or no attribute can group them."""
    if "role" in cases and len(_present(cases, "role")):
        return None
    named = _named(cases, setting) if setting.casefold() != PER_CASE else None
    return named or groupable(cases)


def _named(cases: pd.DataFrame, setting: str) -> str | None:
    """The attribute `setting` names (as written, else but for capitals) that some case has."""
    attributes = [c for c in cases.columns if c != "case_id" and len(_present(cases, c))]
    exact = [c for c in attributes if c == setting]
    same = [c for c in attributes if c.casefold() == setting.casefold()]
    return (exact or same or [None])[0]


def _present(cases: pd.DataFrame, column: str) -> pd.Series:
    """The column's values that say something, as text (no missing or blank ones)."""
    values = cases[column].astype(object)
    values = values[values.notna()].map(str)
    return values[values.str.strip() != ""]


def groupable(cases: pd.DataFrame) -> str | None:
    """The attribute to group many informants by: their role when they have from 2 to
    MOST_GROUPS roles, else the attribute with the most values in that range (the earlier
    column on a tie), counting only attributes that LEAST_COVERED of them have. None when
    no attribute fits (each informant a value of its own, say, or all the same one)."""
    fits = {}
    for column in cases.columns:
        if column == "case_id":
            continue
        present = _present(cases, column)
        if len(present) < LEAST_COVERED * len(cases):
            continue
        distinct = present.nunique()
        if 2 <= distinct <= MOST_GROUPS:
            fits[column] = distinct
    if "role" in fits:
        return "role"
    return max(fits, key=lambda c: fits[c], default=None)
