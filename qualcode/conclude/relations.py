"""Tactic: noting relations between variables (Miles, Huberman & Saldaña, tactic 10).

Level: cases (informants), not segments. A case "has" a code when at least one of its
segments carries it, so a talkative informant counts once and a pair is a relation between
what people raise, the unit of the Sourcebook's variable-by-variable matrix. Codes are taken
as applied (a subcode is its own variable; its parent is not credited), and only codes some
case raises are paired.

For codes A and B over the N cases of the project, with the 2×2 table
  both = |A∧B|, only_a = |A∧¬B|, only_b = |¬A∧B|, neither = |¬A∧¬B|:
  lift = both · N / (|A| · |B|)          1 = as often as chance, > 1 together more often
  φ    = (both·neither − only_a·only_b) / √(|A|·|¬A|·|B|·|¬B|)     from −1 to 1
φ is undefined (None) when a code is in every case or in none: its column of the table has
a zero margin, and no association can be measured. Both measures are descriptive: with a
handful of informants they point at pairs to read, they do not test anything.

Evidence of a pair: the segments coded A or B in the cases that have both.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from qualcode.conclude.evidence import segment_order, segments_by


@dataclass(frozen=True)
class Relation:
    code_a: str
    code_b: str
    both: int
    only_a: int
    only_b: int
    neither: int
    lift: float | None
    phi: float | None
    case_ids: tuple[str, ...]   # the cases with both codes
    evidence: tuple[str, ...]   # segment ids coded A or B in those cases

    @property
    def cases_total(self) -> int:
        return self.both + self.only_a + self.only_b + self.neither


def presence_matrix(evidence: pd.DataFrame, case_ids: list[str],
                    column: str = "code_id") -> pd.DataFrame:
    """Cases × codes, 1 where the case raises the code; only codes some case raises."""
    linked = evidence[evidence["case_id"].isin(case_ids)]
    if linked.empty:
        return pd.DataFrame(index=pd.Index(case_ids, name="case_id"), dtype=int)
    table = pd.crosstab(linked["case_id"], linked[column]).clip(upper=1)
    return table.reindex(index=case_ids, fill_value=0).sort_index(axis=1)


def pair_tables(presence: pd.DataFrame) -> dict[str, np.ndarray]:
    """The 2×2 counts, lift and φ for every pair of codes at once (codes × codes arrays)."""
    x = presence.to_numpy(dtype=float)
    total = float(x.shape[0])
    both = x.T @ x
    raised = np.diag(both)
    only_a = raised[:, None] - both
    only_b = raised[None, :] - both
    neither = total - both - only_a - only_b
    with np.errstate(divide="ignore", invalid="ignore"):
        lift = both * total / np.outer(raised, raised)
        margins = np.outer(raised * (total - raised), raised * (total - raised))
        phi = (both * neither - only_a * only_b) / np.sqrt(margins)
    phi[margins == 0] = np.nan
    return {"both": both, "only_a": only_a, "only_b": only_b, "neither": neither,
            "lift": lift, "phi": phi}


def _number(value: float) -> float | None:
    return None if not np.isfinite(value) else round(float(value), 4)


def relations(evidence: pd.DataFrame, cases: pd.DataFrame) -> list[Relation]:
    """Every pair of codes some case raises, strongest positive φ first (undefined φ last)."""
    case_ids = sorted(cases["case_id"])
    presence = presence_matrix(evidence, case_ids)
    codes = list(presence.columns)
    if len(codes) < 2:
        return []
    tables = pair_tables(presence)
    linked = evidence[evidence["case_id"].isin(case_ids)]
    segments_of = {group: set(ids) for group, ids in segments_by(linked, ["case_id", "code_id"]).items()}
    cases_with = {code: set(presence.index[presence[code] > 0]) for code in codes}
    found = []
    rows, columns = np.triu_indices(len(codes), k=1)
    for i, j in zip(rows.tolist(), columns.tolist()):
        a, b = codes[i], codes[j]
        shared = sorted(cases_with[a] & cases_with[b])
        ids = set().union(*[segments_of.get((case, code), set()) for case in shared for code in (a, b)]) \
            if shared else set()
        found.append(Relation(
            a, b, int(tables["both"][i, j]), int(tables["only_a"][i, j]), int(tables["only_b"][i, j]),
            int(tables["neither"][i, j]), _number(tables["lift"][i, j]), _number(tables["phi"][i, j]),
            tuple(shared), segment_order(ids)))
    return sorted(found, key=lambda r: (r.phi is None, -(r.phi or 0.0), -r.both, r.code_a, r.code_b))


def relation_record(relation: Relation) -> dict:
    """A relation as plain data (for JSON)."""
    return {"codes": [relation.code_a, relation.code_b], "both": relation.both,
            "only_a": relation.only_a, "only_b": relation.only_b, "neither": relation.neither,
            "cases_total": relation.cases_total, "lift": relation.lift, "phi": relation.phi,
            "cases": list(relation.case_ids), "evidence": list(relation.evidence)}
