"""Data accounting log: cases × source types × framework dimensions, marked ✓ / partial / missing.

One row per (informant, source type), keyed "case/source_type", for every informant and every
source type that an informant of the same role has in the data (or the `source_types` asked
for), so a type collected for some informants but not for others of their kind shows up as a
row of gaps. A survey's respondents (no role) are not crossed with the interviews, nor the
interviewees with the survey: neither was ever to be collected. Sources without an
informant (documents) get rows keyed "(no case)/source_type", one per type they come in.
The `sources` column counts the row's sources: 0 means the data was never collected, not
merely that a dimension was not raised.

The mark rule, per row and dimension (subcodes rolled up), over distinct coded segments:
  ✓        at least `complete_min_segments` (default 2) segments;
  partial  at least one segment, but fewer;
  missing  no segment (the `sources` column says whether there was any source to code).

AccountingSpec: columns (dimensions | framework | [code ids]), source_types,
complete_min_segments, include_caseless (default true), name, filter.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from qualcode.display.base import Display, finish, framework_columns
from qualcode.display.coded import (
    coded_frame, distinct_counts, evidence_map, keep_rows, nearest_map, take_categorical,
)
from qualcode.display.notes import note
from qualcode.display.spec import DisplaySpec, apply_filter, coerce_spec, positive
from qualcode.model import SOURCE_TYPES, Codebook
from qualcode.textrules import natural_key

COMPLETE, PARTIAL, MISSING = "\u2713", "partial", "missing"
NO_CASE = "(no case)"


@dataclass(frozen=True)
class AccountingSpec(DisplaySpec):
    columns: str | tuple = "dimensions"
    source_types: tuple = ()
    complete_min_segments: int = 2
    include_caseless: bool = True

    def __post_init__(self) -> None:
        super().__post_init__()
        positive("data accounting log", "complete_min_segments", self.complete_min_segments)
        if not isinstance(self.columns, str):
            object.__setattr__(self, "columns", tuple(self.columns))
        object.__setattr__(self, "source_types", tuple(str(t) for t in self.source_types))


def mark(segments: np.ndarray, complete_min_segments: int = 2) -> np.ndarray:
    """The documented rule, vectorised: ✓, partial or missing per cell."""
    segments = np.asarray(segments)
    return np.select([segments >= complete_min_segments, segments > 0], [COMPLETE, PARTIAL],
                     MISSING).astype(object)


def accounting_log(codings: pd.DataFrame, segments: pd.DataFrame, cases: pd.DataFrame,
                   codebook: Codebook, spec: AccountingSpec | dict | None = None,
                   **options) -> Display:
    """Where the data is thin: each informant's sources of each type × each dimension."""
    spec = coerce_spec(AccountingSpec, spec, options)
    codings, segments, cases = apply_filter(spec.filter, codings, segments, cases)
    columns = framework_columns(codebook, spec.columns if isinstance(spec.columns, str)
                                else list(spec.columns), "data accounting log")
    known = set(cases["case_id"])
    owner = segments["case_id"].where(segments["case_id"].isin(known), NO_CASE)
    located = segments.assign(owner=owner, row=owner + "/" + segments["source_type"].astype(str))
    types = list(spec.source_types) or _types_present(located[located["owner"] != NO_CASE])
    # a caseless row is for sources with words to code: a group discussion whose speakers are
    # its cases leaves only its moderator's turns without one
    codable = located["codable"].astype(bool) if "codable" in located else True
    caseless = [t for t in _types_present(located[(located["owner"] == NO_CASE) & codable])
                if not spec.source_types or t in spec.source_types]
    kinds = None if spec.source_types else _types_by_role(located[located["owner"] != NO_CASE], cases)
    rows = _row_frame(cases, types, caseless if spec.include_caseless else [], kinds)
    coded = coded_frame(codings, segments, nearest_map(codebook, columns), keep_unmapped=False,
                        attributes=())
    coded = coded.assign(row=take_categorical(located["row"], coded["_seg"].to_numpy()))
    row_keys = list(rows["row"])
    coded = keep_rows(coded, "row", row_keys)
    counts = pd.DataFrame(distinct_counts(coded, "row", row_keys, "column_code", columns),
                          index=pd.Index(row_keys, dtype=object), columns=columns)
    sources = located.groupby("row")["source_id"].nunique().reindex(rows["row"]).fillna(0).astype(int)
    marks = pd.DataFrame(mark(counts.to_numpy(), spec.complete_min_segments).reshape(counts.shape),
                         index=counts.index, columns=columns)
    table = pd.concat([rows.set_index("row")[["case", "source_type"]],
                       sources.rename("sources").to_frame(), marks], axis=1)
    table.index.name = "row"
    table.columns.name = None
    cells = pd.MultiIndex.from_product([row_keys, columns], names=["row", "column"]).to_frame(index=False)
    cells["segments"] = counts.to_numpy().ravel()
    cells["mark"] = mark(cells["segments"].to_numpy(), spec.complete_min_segments)
    cells["sources"] = cells["row"].map(sources).fillna(0).astype(int).to_numpy()
    notes = [note("accounting_rule", complete_min_segments=spec.complete_min_segments)]
    return finish(spec.name or "data_accounting", "accounting", table, coded,
                  evidence_map(coded, "row", row_keys, "column_code", columns), notes=notes, cells=cells,
                  parameters={"complete_min_segments": spec.complete_min_segments})


def _types_present(segments: pd.DataFrame) -> list[str]:
    present = set(segments["source_type"].dropna().astype(str).unique().tolist())
    return [t for t in SOURCE_TYPES if t in present] + sorted(present - set(SOURCE_TYPES))


def _role_of(cases: pd.DataFrame) -> dict[str, str]:
    roles = cases["role"] if "role" in cases else pd.Series("", index=cases.index)
    return dict(zip(cases["case_id"].astype(str), roles.astype(object).where(roles.notna(), "").astype(str)))


def _types_by_role(located: pd.DataFrame, cases: pd.DataFrame) -> dict[str, set[str]]:
    """The source types the informants of each role have ("" for no role)."""
    role_of = _role_of(cases)
    pairs = located[["owner", "source_type"]].drop_duplicates()
    found: dict[str, set[str]] = {}
    for owner, kind in zip(pairs["owner"].astype(str), pairs["source_type"].astype(str)):
        found.setdefault(role_of.get(owner, ""), set()).add(kind)
    return found


def _row_frame(cases: pd.DataFrame, types: list[str], caseless_types: list[str],
               kinds: dict[str, set[str]] | None = None) -> pd.DataFrame:
    """The rows: each case with `types`, or with those of them its role's informants have
    (`kinds`; every type for a role none of whose informants has a source yet)."""
    role_of = _role_of(cases)
    # by role, as the case matrices group their rows (a case without one last), then by id
    ordered = sorted(cases["case_id"].astype(str),
                     key=lambda case: (not role_of[case], role_of[case], natural_key(case)))
    pairs = [(case, kind) for case in ordered for kind in types
             if kinds is None or kind in (kinds.get(role_of[case]) or types)]
    grid = pd.DataFrame(pairs, columns=["case", "source_type"], dtype=object)
    extra = pd.DataFrame({"case": NO_CASE, "source_type": caseless_types}, dtype=object)
    grid = pd.concat([grid.astype(object), extra], ignore_index=True)
    grid["row"] = grid["case"] + "/" + grid["source_type"]
    return grid
