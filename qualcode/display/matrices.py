"""Matrix displays. Every cell keeps the segment ids behind it."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from qualcode.display.frames import column_order, with_rollup
from qualcode.model import Codebook

CELL_MODES = ("count", "presence")
DEPTHS = ("dimension", "code")


@dataclass(frozen=True)
class Display:
    """A table plus, for every non-empty cell, the segment ids that fill it."""

    name: str
    table: pd.DataFrame
    evidence: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def evidence_frame(self) -> pd.DataFrame:
        rows = [(row, column, len(ids), " ".join(ids))
                for (row, column), ids in sorted(self.evidence.items())]
        return pd.DataFrame(rows, columns=["row", "column", "n_segments", "segment_ids"])


def case_by_code_matrix(
    codings: pd.DataFrame,
    segments: pd.DataFrame,
    cases: pd.DataFrame,
    codebook: Codebook,
    depth: str = "dimension",
    mode: str = "count",
    group_by: str | None = "role",
) -> Display:
    """Rows: every case (informant), grouped by an attribute; columns: codes at `depth`.

    `count` cells hold the number of distinct segments coded, `presence` 1/0."""
    if depth not in DEPTHS or mode not in CELL_MODES:
        raise ValueError(f"depth must be one of {DEPTHS}, mode one of {CELL_MODES}")
    columns = column_order(codebook, depth)
    coded = with_rollup(codings, codebook, depth).merge(
        segments[["segment_id", "case_id"]], on="segment_id", how="inner")
    coded = coded[coded["case_id"].notna()].drop_duplicates(["case_id", "column_code", "segment_id"])
    evidence = {
        (case_id, code): tuple(sorted(group["segment_id"]))
        for (case_id, code), group in coded.groupby(["case_id", "column_code"])
    }
    counts = coded.groupby(["case_id", "column_code"]).size().unstack(fill_value=0)
    counts = counts.reindex(index=cases["case_id"], columns=columns, fill_value=0).fillna(0).astype(int)
    if mode == "presence":
        counts = (counts > 0).astype(int)
    table = counts.copy()
    table.index.name = "case"
    table.columns.name = None
    if group_by and group_by in cases:
        groups = cases.set_index("case_id")[group_by].reindex(table.index).fillna("")
        table.insert(0, group_by, groups.values)
        table = table.reset_index().sort_values([group_by, "case"], kind="stable").set_index("case")
    return Display(name=f"case_by_{depth}", table=table, evidence=evidence)
