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

from qualcode.conclude.evidence import segment_order
from qualcode.textrules import natural_key


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
    linked = evidence[evidence["case_id"].isin(case_ids)].dropna(subset=[column])
    if linked.empty:
        return pd.DataFrame(index=pd.Index(case_ids, name="case_id"), dtype=int)
    # set by position rather than pd.crosstab, whose counting took most of a second on a
    # survey of 20,000 rows
    cases = pd.Index(pd.unique(np.asarray(case_ids, dtype=object)))
    codes = pd.Index(sorted(pd.unique(linked[column])), name=column)
    table = np.zeros((len(cases), len(codes)), dtype=np.int64)
    table[cases.get_indexer(linked["case_id"]), codes.get_indexer(linked[column])] = 1
    found = pd.DataFrame(table, index=cases.rename("case_id"), columns=codes)
    return found if len(cases) == len(case_ids) else found.reindex(index=case_ids)


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
    case_ids = sorted(cases["case_id"], key=natural_key)
    presence = presence_matrix(evidence, case_ids)
    codes = list(presence.columns)
    if len(codes) < 2:
        return []
    tables = pair_tables(presence)
    has = presence.to_numpy() > 0
    evidence_of = _PairEvidence(evidence[evidence["case_id"].isin(case_ids)], presence.index, codes)
    found = []
    rows, columns = np.triu_indices(len(codes), k=1)
    for i, j in zip(rows.tolist(), columns.tolist()):
        shared = has[:, i] & has[:, j]
        found.append(Relation(
            codes[i], codes[j], int(tables["both"][i, j]), int(tables["only_a"][i, j]),
            int(tables["only_b"][i, j]), int(tables["neither"][i, j]), _number(tables["lift"][i, j]),
            _number(tables["phi"][i, j]), tuple(presence.index[shared].tolist()), evidence_of(i, j, shared)))
    return sorted(found, key=lambda r: (r.phi is None, -(r.phi or 0.0), -r.both, r.code_a, r.code_b))


class _PairEvidence:
    """The segments coded A or B in the cases that have both, for any pair of codes: each
    segment is given its place in reading order once, and a pair's evidence is then picked
    out with arrays. (A set and a sort per pair took seconds on a survey of 20,000 rows.)"""

    def __init__(self, linked: pd.DataFrame, case_index: pd.Index, codes: list[str]):
        self._order = np.asarray(segment_order(linked["segment_id"]), dtype=object)
        place = pd.Index(self._order).get_indexer(linked["segment_id"])
        case = case_index.get_indexer(linked["case_id"])
        code = pd.Index(codes).get_indexer(linked["code_id"])
        self._of_code = [(case[code == k], place[code == k]) for k in range(len(codes))]

    def __call__(self, a: int, b: int, shared: np.ndarray) -> tuple[str, ...]:
        if not shared.any():
            return ()
        picked = [place[shared[case]] for case, place in (self._of_code[a], self._of_code[b])]
        return tuple(self._order[np.unique(np.concatenate(picked))].tolist())


def relation_record(relation: Relation) -> dict:
    """A relation as plain data (for JSON)."""
    return {"codes": [relation.code_a, relation.code_b], "both": relation.both,
            "only_a": relation.only_a, "only_b": relation.only_b, "neither": relation.neither,
            "cases_total": relation.cases_total, "lift": relation.lift, "phi": relation.phi,
            "cases": list(relation.case_ids), "evidence": list(relation.evidence)}
