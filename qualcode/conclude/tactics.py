"""Tactics for generating meaning. First tactic: noting patterns by counting.

Rule: a framework code's prevalence is reported with every denominator — segments,
informants out of all informants, roles out of all roles, source types out of all
source types — and with the segment ids behind it. A code counts as a *pattern*
when at least half of the informants raise it and it appears in two roles or
more (Miles, Huberman & Saldaña, tactic 1 and tactic 5), or in the one role a study of
one group has. Informants without roles (a
survey's or complaint table's rows) are counted in the groups of another attribute
instead, the site the report groups them by (`across`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from qualcode.conclude.evidence import ReadingOrder, distinct
from qualcode.display.frames import with_rollup
from qualcode.model import Assertion, Codebook

PATTERN_MIN_INFORMANT_SHARE = 0.5
PATTERN_MIN_ROLES = 2


@dataclass(frozen=True)
class Prevalence:
    code_id: str
    segments: int
    informants: int
    informants_total: int
    roles: tuple[str, ...]
    roles_total: int
    source_types: tuple[str, ...]
    source_types_total: int
    evidence: tuple[str, ...]
    across: str = "role"  # the case attribute whose groups `roles` counts

    @property
    def is_pattern(self) -> bool:
        share = self.informants / self.informants_total if self.informants_total else 0
        # a study of one group (riders only) cannot show two: its pattern is half of everyone
        needed = 1 if self.roles_total == 1 else PATTERN_MIN_ROLES
        return share >= PATTERN_MIN_INFORMANT_SHARE and len(self.roles) >= needed


def prevalence(codings: pd.DataFrame, segments: pd.DataFrame, cases: pd.DataFrame,
               codebook: Codebook, order: ReadingOrder | None = None, across: str = "role") -> list[Prevalence]:
    """Prevalence of each framework dimension and cross-cutting code, subcodes rolled up.
    `order`: a ReadingOrder already built over (at least) these segment ids, to reuse;
    `across`: the case attribute whose groups count as the roles do (role, or a site)."""
    coded = with_rollup(codings, codebook, "dimension").merge(
        segments[["segment_id", "case_id", "source_type"]], on="segment_id", how="inner")
    across = across if across in cases.columns else "role"
    groups = cases.set_index("case_id")[across] if across in cases.columns else pd.Series(dtype=object)
    groups = groups[groups.notna() & (groups.astype(str).str.strip() != "")]
    roles_of = groups.astype(str).to_dict()
    informants_total = int(cases["case_id"].nunique())
    roles_total = len(set(roles_of.values()))
    source_types_total = int(segments["source_type"].nunique())
    results = []
    order = order or ReadingOrder(coded["segment_id"])  # segment_order for every code, sorted once
    for code_id in (*codebook.framework.dimensions, *codebook.framework.cross_cutting):
        rows = coded[coded["column_code"] == code_id]
        case_ids = distinct(rows["case_id"].dropna())
        results.append(Prevalence(
            code_id=code_id,
            segments=int(rows["segment_id"].nunique()),
            informants=len(case_ids),
            informants_total=informants_total,
            roles=tuple(sorted({roles_of[c] for c in case_ids if c in roles_of})),
            roles_total=roles_total,
            source_types=tuple(sorted(distinct(rows["source_type"]))),
            source_types_total=source_types_total,
            evidence=order(rows["segment_id"]),
            across=across,
        ))
    return results


def prevalence_assertions(results: list[Prevalence], codebook: Codebook) -> list[Assertion]:
    """One assertion per code; the statement is plain English, the report words it per language."""
    index = codebook.by_id()
    assertions = []
    for item in results:
        label = index[item.code_id].label_in("en")
        groups = "roles" if item.across == "role" else f"{item.across} groups"
        statement = (
            f"{label}: {item.segments} segments; {item.informants} of {item.informants_total} "
            f"informants; {len(item.roles)} of {item.roles_total} {groups}; "
            f"{len(item.source_types)} of {item.source_types_total} source types"
            + (f"; a pattern across informants and {groups}." if item.is_pattern else "."))
        assertions.append(Assertion(
            statement=statement, code_ids=(item.code_id,), evidence=item.evidence,
            tactic="noting-patterns-counting",
            figures={"segments": item.segments, "informants": item.informants,
                     "informants_total": item.informants_total, "roles": list(item.roles),
                     "roles_total": item.roles_total, "across": item.across,
                     "source_types": list(item.source_types),
                     "source_types_total": item.source_types_total, "pattern": item.is_pattern}))
    return assertions
