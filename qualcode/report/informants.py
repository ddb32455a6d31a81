"""The report's table of informants: who each case id in the quotes and matrices is.

Quotes, matrices and checks name informants by their case id (`gov-bappeda-perencana`); a
reader of a thesis expects the study's table of informants beside them, as every
qualitative chapter has one: the id, the role, the position and organisation the front
matter or cases.csv gives, and how much each one said (codable segments and sources).
"""

from __future__ import annotations

import pandas as pd

from qualcode.report.grouping import REPORT_CASE_ROWS
from qualcode.report.i18n import term
from qualcode.report.view import TableView
from qualcode.textrules import natural_key

# Attributes shown when some case has them, as the front matter of the demo and the guide
# spells them (a cases.csv may say organization).
DESCRIBED_BY = (("position", "informant_position"), ("organisation", "informant_organisation"),
                ("organization", "informant_organisation"))


def informant_table(cases: pd.DataFrame, segments: pd.DataFrame, t: dict, caption: str,
                    attribution: str = "position") -> TableView | None:
    """A row per informant (case), in id order; None when there are none, or more than a
    report shows (a survey's thousands of rows: matrices/ lists them). Position and
    organisation only where the project's [report] attribution shows positions: a position
    one person holds names them, and a project that keeps it out of quotes keeps it out here."""
    if cases.empty or len(cases) > REPORT_CASE_ROWS:
        return None
    codable = segments[segments["codable"].astype(bool)] if "codable" in segments else segments
    said = codable.groupby("case_id").agg(segments=("segment_id", "nunique"), sources=("source_id", "nunique"))
    shown = []
    for column, key in DESCRIBED_BY if attribution == "position" else ():
        if column in cases and cases[column].notna().any() and key not in {k for _, k in shown}:
            shown.append((column, key))
    header = (t["informant"], t["informant_role"], *(t[key] for _, key in shown),
              t["informant_sources"], t["informant_segments"])
    rows = []
    for case in sorted(cases.to_dict("records"), key=lambda row: natural_key(str(row["case_id"]))):
        counts = said.loc[case["case_id"]] if case["case_id"] in said.index else None
        described = ["" if pd.isna(case.get(column)) else str(case[column]) for column, _ in shown]
        rows.append((str(case["case_id"]), term(t, case.get("role")), *described,
                     str(int(counts["sources"])) if counts is not None else "0",
                     str(int(counts["segments"])) if counts is not None else "0"))
    return TableView(caption, header, tuple(rows), t["informants_note"])
