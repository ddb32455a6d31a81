"""Checklist matrix: the components (subcodes) of one dimension × roles or cases.

Each cell holds a rating and the best-scored supporting quote. The rating rule, over the
informants of the column (a role's informants, or the one case):

  absent   no segment of the column's informants is coded with the component
           (or any of its subcodes);
  strong   at least `strong_segments` (default 3) distinct segments AND at least
           `strong_share` (default 0.5) of the column's informants, rounded up and never
           fewer than one, raise it;
  sketchy  anything in between: some evidence, but too few segments or too few informants.

Only informants' segments count (sources without a case, such as documents, are left out and
the notes say how many). A researcher can override any rating: pass `overrides`
({(component, column): rating} or {component: {column: rating}}); the cell then shows the
override marked with † (OVERRIDE_MARK), `marks` holds "overridden" for it, and `cells` keeps
both ratings. Storing overrides is the caller's job.

ChecklistSpec: dimension (required), columns ("role", "case" or another case attribute),
column_order, strong_segments, strong_share, quote_chars (default 200), overrides, name, filter.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from qualcode.display.base import Display, cell_mapping, finish
from qualcode.display.coded import (
    case_groups, coded_frame, component_map, evidence_map, grid_stats, ordered, with_group,
)
from qualcode.display.notes import note
from qualcode.display.quotes import pick_quotes
from qualcode.display.spec import DisplaySpec, DisplaySpecError, apply_filter, coerce_spec, positive
from qualcode.model import Codebook

KIND = "checklist matrix"
RATINGS = ("strong", "sketchy", "absent")
OVERRIDE_MARK = "\u2020"  # †
SEPARATOR = " \u2014 "    # —


@dataclass(frozen=True)
class ChecklistSpec(DisplaySpec):
    dimension: str = ""
    columns: str = "role"
    column_order: tuple = ()
    strong_segments: int = 3
    strong_share: float = 0.5
    quote_chars: int = 200
    overrides: Mapping = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__post_init__()
        if not self.dimension:
            raise DisplaySpecError(f"{KIND}: name the dimension whose components are the rows")
        positive(KIND, "strong_segments", self.strong_segments)
        positive(KIND, "quote_chars", self.quote_chars)
        if not isinstance(self.strong_share, (int, float)) or not 0 <= self.strong_share <= 1:
            raise DisplaySpecError(f"{KIND}: strong_share must be between 0 and 1")
        overrides = cell_mapping(self.overrides, "overrides")
        bad = {v for v in overrides.values() if v not in RATINGS}
        if bad:
            raise DisplaySpecError(f"{KIND}: override {sorted(map(str, bad))[0]!r} is not one of "
                                   f"{', '.join(RATINGS)}")
        object.__setattr__(self, "overrides", overrides)
        object.__setattr__(self, "column_order", tuple(str(c) for c in self.column_order))


def rate(segments: np.ndarray, informants: np.ndarray, informants_total: np.ndarray,
         strong_segments: int = 3, strong_share: float = 0.5) -> np.ndarray:
    """The documented rule, vectorised: 'absent', 'strong' or 'sketchy' per cell."""
    needed = np.maximum(1, np.ceil(strong_share * np.asarray(informants_total, dtype=float)))
    strong = (np.asarray(segments) >= strong_segments) & (np.asarray(informants) >= needed)
    return np.select([np.asarray(segments) == 0, strong], ["absent", "strong"], "sketchy").astype(object)


def checklist_matrix(codings: pd.DataFrame, segments: pd.DataFrame, cases: pd.DataFrame,
                     codebook: Codebook, spec: ChecklistSpec | dict | None = None,
                     **options) -> Display:
    """Components of one dimension × roles (or cases): rating + supporting quote per cell."""
    spec = coerce_spec(ChecklistSpec, spec, options)
    codings, segments, cases = apply_filter(spec.filter, codings, segments, cases)
    components = _components(codebook, spec.dimension)
    attribute = "case_id" if spec.columns == "case" else spec.columns
    if attribute not in cases.columns:
        raise DisplaySpecError(f"{KIND}: columns must be role, case or a case attribute, "
                               f"not {spec.columns!r}")
    coded = coded_frame(codings, segments, component_map(codebook, spec.dimension),
                        keep_unmapped=False, attributes=())
    informant = coded["case_id"].isin(list(cases["case_id"]))
    caseless = int(np.unique(coded.loc[~informant, "_seg"]).size)
    coded = with_group(coded[informant].reset_index(drop=True), cases, attribute)
    groups = case_groups(cases, attribute)
    columns = ordered(groups.values, spec.column_order)
    cells = _cells(coded, segments, components, columns, groups.value_counts(), spec)
    cells = _with_overrides(cells, spec.overrides)
    # an overridden cell shows both ratings, so a reader sees what the rule said
    computed = " (computed: " + cells["computed_rating"].astype(str) + ")"
    text = cells["rating"] + np.where(cells["overridden"], OVERRIDE_MARK + computed, "")
    text = text.where(cells["quote"].eq(""), text + SEPARATOR + cells["quote"])
    table = (cells.assign(text=text).pivot(index="row", columns="column", values="text")
             .reindex(index=components, columns=columns).astype(object))
    table.index.name = "component"
    table.columns.name = None
    notes = [note("checklist_rule", strong_segments=spec.strong_segments, strong_share=spec.strong_share)]
    marks = dict.fromkeys(zip(cells.loc[cells["overridden"], "row"],
                              cells.loc[cells["overridden"], "column"]), "overridden")
    if marks:
        notes.append(note("checklist_overridden", n=len(marks)))
    stray = sorted(set(spec.overrides) - set(zip(cells["row"], cells["column"])))
    notes.extend(note("checklist_unused_override", code=r, column=c) for r, c in stray)
    if caseless:
        notes.append(note("checklist_caseless", n=caseless))
    return finish(spec.name or f"checklist_{spec.dimension}", "checklist", table, coded,
                  evidence_map(coded, "column_code", components, "group", columns),
                  notes=notes, marks=marks, cells=cells.reset_index(drop=True),
                  parameters={"column_values": spec.columns})


def _components(codebook: Codebook, dimension: str) -> list[str]:
    if dimension not in codebook.by_id():
        raise DisplaySpecError(f"{KIND}: unknown dimension {dimension!r}")
    components = [c.id for c in codebook.children(dimension)]
    if not components:
        raise DisplaySpecError(f"{KIND}: {dimension!r} has no components (subcodes) to check")
    return components


def _cells(coded: pd.DataFrame, segments: pd.DataFrame, components: list[str], columns: list[str],
           informants_total: pd.Series, spec: ChecklistSpec) -> pd.DataFrame:
    stats = grid_stats(coded, "column_code", components, "group", columns)
    stats["informants_total"] = stats["column"].map(informants_total).fillna(0).astype(int)
    stats["computed_rating"] = rate(stats["segments"].to_numpy(), stats["informants"].to_numpy(),
                                    stats["informants_total"].to_numpy(),
                                    spec.strong_segments, spec.strong_share)
    by = "source" if spec.columns == "case" else "case"
    quotes = pick_quotes(coded, segments, ["column_code", "group"], 1, spec.quote_chars,
                         distinct=None, by=by)
    quotes = quotes.rename(columns={"column_code": "row", "group": "column",
                                    "segment_id": "quote_segment"})
    stats = stats.merge(quotes, on=["row", "column"], how="left")
    stats["quote"] = stats["quote"].astype(object).fillna("")
    stats["quote_segment"] = stats["quote_segment"].astype(object).fillna("")
    return stats


def _with_overrides(cells: pd.DataFrame, overrides: dict) -> pd.DataFrame:
    given = pd.DataFrame([(r, c, v) for (r, c), v in overrides.items()],
                         columns=["row", "column", "override"], dtype=object)
    cells = cells.merge(given, on=["row", "column"], how="left")
    cells["overridden"] = cells["override"].notna().to_numpy(dtype=bool)
    cells["rating"] = cells["override"].where(cells["overridden"], cells["computed_rating"]).astype(object)
    return cells.drop(columns="override")
