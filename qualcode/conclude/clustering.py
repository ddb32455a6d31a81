"""Tactic: clustering, and subsuming particulars into the general (MHS tactics 3 and 8).

Codes are clustered hierarchically by how they co-occur over cases (informants):
  distance(A, B) = 1 − Jaccard(A, B) = 1 − |cases with A and B| / |cases with A or B|.
The linkage is *complete* and the tree is cut at CLUSTER_CUT_DISTANCE = 0.5, so inside a
cluster every two member codes have Jaccard ≥ 0.5: each pair is raised together by at
least half of the informants who raise either of them. (Average or single linkage would let
a chain of neighbours pull in codes that rarely meet; complete linkage states the rule for
every pair.) Each cluster of two codes or more is a *candidate pattern code*.

Which codes take part: codes as applied (a subcode is its own code), raised by at least
MIN_CASES_PER_CODE = 2 cases (a code one informant raises cannot recur with anything) and
by fewer than all cases (a code everyone raises has Jaccard |B|/N with any code B: that
measures B's prevalence, not a relation; the counting tactic already reports it). Pattern
codes already in the codebook (codes with `members`) are left out.

Each candidate carries its member codes, its cohesion (the mean Jaccard over its pairs, and
the lowest), the cases that support it — those raising more than half of its members, so
both codes of a pair — and the segments coded with a member in those cases. A candidate
whose members are exactly the `members` of a codebook code is marked as accepted.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import pdist

from qualcode.conclude.relations import presence_matrix
from qualcode.model import Codebook
from qualcode.conclude.evidence import segment_order

CLUSTER_CUT_DISTANCE = 0.5
MIN_CASES_PER_CODE = 2
LINKAGE = "complete"


@dataclass(frozen=True)
class PatternCandidate:
    number: int                    # 1, 2, …: what `conclude patterns --accept N` takes
    members: tuple[str, ...]       # member code ids, sorted
    cohesion: float                # mean Jaccard over the member pairs
    lowest_jaccard: float          # the weakest pair (≥ 1 − CLUSTER_CUT_DISTANCE)
    case_ids: tuple[str, ...]      # cases raising more than half of the members
    cases_total: int
    evidence: tuple[str, ...]      # segments coded with a member in those cases
    accepted_as: str | None = None  # the codebook code with exactly these members


def clustered_codes(presence: pd.DataFrame, codebook: Codebook) -> list[str]:
    """The codes that take part in clustering (rule in the module docstring)."""
    raised = presence.sum(axis=0)
    patterns = {c.id for c in codebook.codes if c.members}
    return [code for code in presence.columns
            if MIN_CASES_PER_CODE <= raised[code] < len(presence) and code not in patterns]


def jaccard_matrix(presence: pd.DataFrame) -> pd.DataFrame:
    """Codes × codes Jaccard similarity over cases."""
    x = presence.to_numpy(dtype=float)
    both = x.T @ x
    raised = np.diag(both)
    with np.errstate(divide="ignore", invalid="ignore"):
        similarity = both / (raised[:, None] + raised[None, :] - both)
    return pd.DataFrame(np.nan_to_num(similarity), index=presence.columns, columns=presence.columns)


def pattern_candidates(evidence: pd.DataFrame, cases: pd.DataFrame, codebook: Codebook,
                       cut: float = CLUSTER_CUT_DISTANCE) -> list[PatternCandidate]:
    """Candidate pattern codes, most cohesive first, numbered from 1."""
    case_ids = sorted(cases["case_id"])
    presence = presence_matrix(evidence, case_ids)
    codes = clustered_codes(presence, codebook)
    if len(codes) < 2:
        return []
    presence = presence[codes]
    tree = linkage(pdist(presence.T.to_numpy(dtype=bool), "jaccard"), method=LINKAGE)
    labels = fcluster(tree, t=cut, criterion="distance")
    clusters = [tuple(sorted(code for code, label in zip(codes, labels) if label == cluster))
                for cluster in sorted(set(labels))]
    similarity = jaccard_matrix(presence)
    accepted = {frozenset(c.members): c.id for c in codebook.codes if c.members}
    linked = evidence[evidence["case_id"].isin(case_ids)]
    drafts = []
    for members in (c for c in clusters if len(c) >= 2):
        pairs = [similarity.loc[a, b] for a, b in combinations(members, 2)]
        raising = presence[list(members)].sum(axis=1)
        supporting = tuple(sorted(str(case) for case in raising.index[raising > len(members) / 2]))
        rows = linked[linked["case_id"].isin(supporting) & linked["code_id"].isin(members)]
        drafts.append((round(float(np.mean(pairs)), 2), round(float(min(pairs)), 2), members,
                       supporting, segment_order(rows["segment_id"])))
    drafts.sort(key=lambda d: (-d[0], -len(d[2]), d[2]))
    return [PatternCandidate(number, members, cohesion, lowest, supporting, len(case_ids), ids,
                             accepted.get(frozenset(members)))
            for number, (cohesion, lowest, members, supporting, ids) in enumerate(drafts, start=1)]


def pattern_code_entry(candidate: PatternCandidate, code_id: str, label: str, codebook: Codebook,
                       definitions: dict[str, str]) -> dict:
    """The codebook entry of an accepted candidate: a `kind: theme` code with `members`.
    `definitions` maps a language to its sentence with a `{members}` slot."""
    index = codebook.by_id()

    def named(language: str) -> str:
        return ", ".join(f"{index[m].label_in(language)} ({m})" if m in index else m
                         for m in candidate.members)

    return {"id": code_id, "kind": "theme", "label": {"id": label, "en": label},
            "definition": {lang: text.format(members=named(lang)) for lang, text in definitions.items()},
            "members": list(candidate.members)}


def candidate_record(candidate: PatternCandidate) -> dict:
    """A candidate as plain data (for JSON)."""
    return {"number": candidate.number, "members": list(candidate.members),
            "cohesion": candidate.cohesion, "lowest_jaccard": candidate.lowest_jaccard,
            "cases": list(candidate.case_ids), "cases_total": candidate.cases_total,
            "evidence": list(candidate.evidence), "accepted_as": candidate.accepted_as}
