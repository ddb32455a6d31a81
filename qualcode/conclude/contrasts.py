"""Tactic: making contrasts and comparisons (Miles, Huberman & Saldaña, tactic 6).

Rule: for each framework dimension and cross-cutting code (subcodes rolled up, as in the
counting tactic), the share of cases (informants) in each group of a case attribute — role
by default, any column of the cases table — who raise it at least once: k of n. Two groups
are compared by the difference of their shares (a difference in proportions). At depth
"code", every code of the codebook is compared instead, each with its own subcodes.

A difference is *flagged* when it is greater than CONTRAST_THRESHOLD = 0.5. Why 0.5: in a
group of n ≥ 2 informants one informant moves the group's share by 1/n ≤ 0.5, so a gap
above 0.5 keeps its direction even if any single informant were read the other way. A
smaller gap can hang on one person, which qualitative samples of two to five informants per
group cannot rule out. For the same reason a group of fewer than MIN_GROUP_CASES = 2 cases
is *too thin*: one person is its whole share, so it is shown but never compared or flagged.

Cases with no value for the attribute belong to no group and are left out of every figure;
`unassigned` says how many. Every share carries the segment ids behind it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

import pandas as pd

from qualcode.conclude.wording import fixed, words
from qualcode.display.frames import column_order
from qualcode.errors import QualcodeError
from qualcode.model import Codebook
from qualcode.textrules import natural_key
from qualcode.conclude.evidence import ReadingOrder, segment_order

CONTRAST_THRESHOLD = 0.5
MIN_GROUP_CASES = 2


@dataclass(frozen=True)
class GroupShare:
    group: str
    cases_with: int            # k: cases in the group that raise the code
    cases_total: int           # n: cases in the group
    case_ids: tuple[str, ...]  # the k cases
    evidence: tuple[str, ...]  # segment ids behind k

    @property
    def share(self) -> float:
        return self.cases_with / self.cases_total if self.cases_total else 0.0

    @property
    def too_thin(self) -> bool:
        return self.cases_total < MIN_GROUP_CASES


@dataclass(frozen=True)
class Difference:
    higher: str                # the group with the larger share
    lower: str
    difference: float          # share(higher) - share(lower), rounded to 2 places
    flagged: bool              # greater than the threshold


@dataclass(frozen=True)
class Contrast:
    code_id: str
    by: str
    groups: tuple[GroupShare, ...]         # in group-name order
    differences: tuple[Difference, ...]    # every pair of groups that are not too thin, largest first
    unassigned: int                        # cases with no value for the attribute

    @property
    def largest(self) -> Difference | None:
        return self.differences[0] if self.differences else None

    @property
    def flagged(self) -> bool:
        return any(d.flagged for d in self.differences)

    @property
    def evidence(self) -> tuple[str, ...]:
        return segment_order(s for g in self.groups for s in g.evidence)


def case_groups(cases: pd.DataFrame, by: str) -> tuple[dict[str, list[str]], int]:
    """Group name -> case ids, and the number of cases without a value. Raises when the
    attribute is not a column of the cases table. `by` is matched whatever its capitals, as
    a table's column names are (a survey's `Kecamatan` is the attribute `kecamatan`)."""
    if by not in cases.columns:
        same = [c for c in cases.columns if str(c).casefold() == by.casefold()]
        by = same[0] if len(same) == 1 else by
    if by not in cases.columns or by == "case_id":
        attributes = sorted(c for c in cases.columns if c != "case_id")
        raise QualcodeError(f"no case attribute {by!r}; cases have: {', '.join(attributes) or 'none'}")
    values = cases[by].map(lambda v: None if pd.isna(v) or str(v).strip() == "" else str(v).strip())
    groups = {str(group): sorted(members, key=natural_key) for group, members
              in cases.loc[values.notna(), "case_id"].groupby(values[values.notna()])}
    return dict(sorted(groups.items())), int(values.isna().sum())


def _rolled_up(evidence: pd.DataFrame, codebook: Codebook, depth: str) -> tuple[pd.DataFrame, list[str]]:
    """The evidence with `column_code` (what each row counts for) and the codes to compare."""
    if depth == "dimension":
        return (evidence.assign(column_code=evidence["dimension"]),
                [*codebook.framework.dimensions, *codebook.framework.cross_cutting])
    if depth != "code":
        raise QualcodeError(f"depth must be dimension or code, not {depth!r}")
    # a row counts for its own code and for every ancestor of it
    lineage = {code.id: [code.id, *codebook.ancestors(code.id)] for code in codebook.codes}
    rolled = evidence.assign(column_code=evidence["code_id"].map(lambda c: lineage.get(c, [c])))
    return rolled.explode("column_code"), column_order(codebook, "code")


def contrasts(evidence: pd.DataFrame, cases: pd.DataFrame, codebook: Codebook, by: str = "role",
              threshold: float = CONTRAST_THRESHOLD, depth: str = "dimension") -> list[Contrast]:
    """One Contrast per framework dimension and cross-cutting code, in the framework's order
    (at depth "code": per code, in the codebook's order).

    `evidence` is the evidence frame (qualcode.conclude.evidence.evidence_frame): it needs
    segment_id, case_id, code_id and dimension (the code's top-level ancestor)."""
    groups, unassigned = case_groups(cases, by)
    rolled, codes = _rolled_up(evidence[evidence["case_id"].notna()], codebook, depth)
    # segments per (code, case), put in reading order per cell by places worked out once
    rolled = rolled.dropna(subset=["column_code"])
    segments_of: dict[tuple, list[str]] = defaultdict(list)
    for key in zip(rolled["column_code"].tolist(), rolled["case_id"].tolist(), rolled["segment_id"].tolist()):
        segments_of[key[:2]].append(key[2])
    in_reading_order = ReadingOrder(rolled["segment_id"])
    results = []
    for code_id in codes:
        shares = []
        for group, members in groups.items():
            raising = [case for case in members if (code_id, case) in segments_of]
            shares.append(GroupShare(
                group=group, cases_with=len(raising), cases_total=len(members),
                case_ids=tuple(raising),
                evidence=in_reading_order([s for case in raising for s in segments_of[(code_id, case)]])))
        results.append(Contrast(code_id, by, tuple(shares), _differences(shares, threshold), unassigned))
    return results


def _differences(shares: list[GroupShare], threshold: float) -> tuple[Difference, ...]:
    comparable = [s for s in shares if not s.too_thin]
    found = []
    for a, b in combinations(comparable, 2):
        higher, lower = (a, b) if a.share >= b.share else (b, a)
        gap = higher.share - lower.share
        # round before comparing, so 2/3 - 1/6 (= 0.5 in exact terms) is not flagged by float noise
        found.append(Difference(higher.group, lower.group, round(gap, 2), round(gap, 9) > threshold))
    return tuple(sorted(found, key=lambda d: (-d.difference, d.higher, d.lower)))


def contrast_record(contrast: Contrast) -> dict:
    """A contrast as plain data (for JSON): every share with its k of n and evidence."""
    return {
        "code": contrast.code_id, "by": contrast.by, "flagged": contrast.flagged,
        "unassigned": contrast.unassigned,
        "groups": [{"group": g.group, "cases_with": g.cases_with, "cases_total": g.cases_total,
                    "share": round(g.share, 2), "too_thin": g.too_thin, "cases": list(g.case_ids),
                    "evidence": list(g.evidence)} for g in contrast.groups],
        "differences": [{"higher": d.higher, "lower": d.lower, "difference": d.difference,
                         "flagged": d.flagged} for d in contrast.differences],
    }


def flagged_sentences(contrast: Contrast, label: str, language: str,
                      group_word=lambda group: group) -> list[str]:
    """One sentence per flagged difference, with the k of n behind both shares; `group_word`
    says a group in the language (pemerintah for government)."""
    shares = {g.group: g for g in contrast.groups}
    return [words(language)["contrast_sentence"].format(
        label=label, higher=group_word(d.higher), lower=group_word(d.lower),
        difference=fixed(d.difference, language),
        k_high=shares[d.higher].cases_with, n_high=shares[d.higher].cases_total,
        k_low=shares[d.lower].cases_with, n_low=shares[d.lower].cases_total)
        for d in contrast.differences if d.flagged]
