"""Verification checks (Miles, Huberman & Saldaña, tactics for testing or confirming findings).

Every check takes the assertion, the rows of evidence that support it, and the
analysis context, and returns pass / warn / fail (or n/a) with a reason key and
the figures behind it.

Which segments support an assertion and which stand against it is `qualcode.conclude.sides`.

The rules, in one line each:

- representativeness: fail with one informant; warn when one informant gives more
  than half the case-linked evidence, or when every informant behind it holds office (elite bias).
- triangulation: pass with at least 2 source types; warn with 1 source type but
  2+ roles; fail otherwise.
- weighting: support = Σ over segments of the source-type weight (observation and
  document 1.5, fieldnote 1.25, interview and response 1.0) times the first-hand weight (1.0, or 0.5
  for hearsay: a segment coded `hearsay`, or whose case or source has `evidence: hearsay`);
  pass at ≥ 6, warn at ≥ 3, fail below.
- negative evidence: the contrary segments, and the informants who give no support;
  warn when contrary segments outnumber half the supporting ones.
- outliers: per assertion, each informant's share of their coded segments that support
  it, among informants with 2+ coded segments (one segment makes a share of 0 or 1, no
  profile); an informant more than 2 standard deviations above or below the mean share is
  an outlier (warn), named with its figures; else the highest and lowest informants by
  supporting segments.
- if-then: over cases, support |A∧B|, counterexamples |A∧¬B|, consistency |A∧B|/|A|,
  coverage |A∧B|/|B|; pass at consistency ≥ 0.8, warn ≥ 0.5, fail below.
- spurious: the if-then relation (difference in P(B) between A and ¬A cases) stratified
  by role; warn when it holds overall (≥ 0.2) but vanishes (< 0.1) inside every stratum
  that can be compared.
- replication (informants without roles: the groups of `replicate_by` instead): the share of roles in which at least half the informants raise it; pass
  when it recurs in 2+ roles and 2+ source types, warn with one of the two, fail otherwise.
- rivals: evidence for the rival beside the evidence for the assertion; warn when the
  rival has at least as many informants.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from qualcode.conclude.evidence import codes_under, distinct, hearsay_segments
from qualcode.conclude.sides import (AssertionSpec, Context, case_sites, cases_with, coded_rows,
                                     contrary_codes_of, contrary_rows, ordered_ids, shared, support_rows)
from qualcode.textrules import natural_key

WEIGHT_PASS, WEIGHT_WARN = 6.0, 3.0
# Of many informants (a survey's respondents, a complaint table's writers), a claim a tenth of
# them or fewer support speaks for those few, not for the rest: it is weak evidence at best
MANY_INFORMANTS, FEW_OF_MANY = 20, 0.1
OUTLIER_Z = 2.0
# An informant's share is a profile from this many coded segments. From one it is 0% or
# 100%; from two or three (a survey respondent's answers) it moves in steps of a third or
# more, and a table of hundreds of rows had a dozen "outliers" per claim, each 0 of 2
OUTLIER_MIN_SEGMENTS = 4


@dataclass(frozen=True)
class CheckResult:
    name: str
    verdict: str                # pass | warn | fail | n/a
    reason: str                 # a key of qualcode.conclude.wording
    figures: dict = field(default_factory=dict)
    evidence: tuple[str, ...] = ()


# ---------------------------------------------------------------------------- the checks
def representativeness(spec: AssertionSpec, support: pd.DataFrame, ctx: Context) -> CheckResult:
    linked = support[support["case_id"].notna()].drop_duplicates(["segment_id", "case_id"])
    per_case = linked.groupby("case_id")["segment_id"].nunique()
    informants, roles = len(per_case), sorted(distinct(linked["role"].dropna()))
    top_share = float(per_case.max() / per_case.sum()) if len(per_case) else 0.0
    figures = {"informants": informants, "roles": roles, "sources": int(support["source_id"].nunique()),
               "top_informant_share": round(top_share, 2),
               "top_informant": str(per_case.idxmax()) if len(per_case) else None}
    if informants <= 1:
        return CheckResult("representativeness", "fail", "one_informant" if informants else "no_informant",
                           figures, ordered_ids(support, ctx))
    total = int(ctx.cases["case_id"].nunique())
    # the denominators, so that "4 informants" reads as 4 of how many (METHOD: always with them)
    figures.update(informants_total=total,
                   roles_total=len(distinct(ctx.cases["role"].dropna())) if "role" in ctx.cases else 0)
    if total >= MANY_INFORMANTS and informants < FEW_OF_MANY * total:  # a survey: 3 of 250 say it
        figures.update(informant_share=round(informants / total, 3))
        return CheckResult("representativeness", "warn", "few_of_many", figures, ordered_ids(support, ctx))
    if top_share > 0.5:
        return CheckResult("representativeness", "warn", "one_voice", figures, ordered_ids(support, ctx))
    # "all hold office" only of informants whose roles are known, every one of them
    roled = linked[linked["role"].notna()]["case_id"].nunique()
    if roles and roled == informants and {str(role).strip().casefold() for role in roles} <= ctx.elite_roles:
        return CheckResult("representativeness", "warn", "elite_bias", figures, ordered_ids(support, ctx))
    if 2 * informants < total:  # 3 of 10: said by some, not shown to be the sample's view
        figures.update(informant_share=round(informants / total, 3))
        return CheckResult("representativeness", "warn", "minority", figures, ordered_ids(support, ctx))
    return CheckResult("representativeness", "pass", "spread", figures, ordered_ids(support, ctx))


def triangulation(spec: AssertionSpec, support: pd.DataFrame, ctx: Context) -> CheckResult:
    """Source types that converge (pass); else several roles (warn). Informants without
    roles (a table's rows) are counted by site instead, the context's `replicate_by`:
    data triangulation across places, as across persons."""
    types = sorted(distinct(support["source_type"]))
    by = ctx.grouped_by
    if by == "role":
        roles = sorted(distinct(support["role"].dropna()))
    else:
        roles = sorted(distinct(support["case_id"].dropna().map(case_sites(ctx)).dropna()))
    figures = {"source_types": types, "source_types_total": ctx.source_types_total, "roles": roles}
    if by != "role":
        figures["grouped_by"] = by
    if len(types) >= 2:
        return CheckResult("triangulation", "pass", "converge", figures, ordered_ids(support, ctx))
    if len(roles) >= 2:
        return CheckResult("triangulation", "warn", "one_source_type", figures, ordered_ids(support, ctx))
    return CheckResult("triangulation", "fail", "single_view", figures, ordered_ids(support, ctx))


def weighting(spec: AssertionSpec, support: pd.DataFrame, ctx: Context) -> CheckResult:
    segments = support.drop_duplicates("segment_id")
    hearsay = segments["segment_id"].isin(shared(ctx, "hearsay", lambda: hearsay_segments(
        ctx.evidence, ctx.cases, ctx.codebook, ctx.source_attributes)))
    first_hand = hearsay.map({True: ctx.hearsay_weight, False: 1.0})
    score = float((segments["source_type"].map(ctx.weights).fillna(1.0) * first_hand).sum())
    figures = {"weighted_support": round(score, 2), "segments": len(segments), "weights": ctx.weights,
               "source_types": sorted(distinct(segments["source_type"])),
               "hearsay_segments": int(hearsay.sum()), "hearsay_weight": ctx.hearsay_weight}
    verdict = "pass" if score >= WEIGHT_PASS else "warn" if score >= WEIGHT_WARN else "fail"
    reason = "weighted_hearsay" if hearsay.any() else "weighted"
    return CheckResult("weighting", verdict, reason, figures, ordered_ids(support, ctx))


def negative_evidence(spec: AssertionSpec, support: pd.DataFrame, ctx: Context) -> CheckResult:
    contrary = contrary_rows(spec, ctx)
    lacking = sorted(distinct(ctx.cases["case_id"]) - distinct(support["case_id"].dropna()), key=natural_key)
    # of those, the informants with no contrary segment either: they never discussed it
    silent = sorted(set(lacking) - distinct(contrary["case_id"].dropna()), key=natural_key)
    figures = {"contrary_segments": int(contrary["segment_id"].nunique()),
               "support_segments": int(support["segment_id"].nunique()),
               "cases_lacking": lacking, "cases_silent": silent,
               "contrary_codes": sorted(contrary_codes_of(spec, ctx.codebook))}
    against, support_segments = figures["contrary_segments"], figures["support_segments"]
    # as much against as for: the assertion is contested, whatever else speaks for it
    verdict = ("fail" if against and against >= support_segments
               else "warn" if against > 0.5 * max(support_segments, 1) else "pass")
    reason = "none_found" if not against and not lacking else "shown"
    return CheckResult("negative_evidence", verdict, reason, figures, ordered_ids(contrary, ctx))


def outliers(spec: AssertionSpec, support: pd.DataFrame, ctx: Context) -> CheckResult:
    """Per assertion: each informant's share of their coded segments that support it."""
    coded = shared(ctx, "coded_per_case", lambda: ctx.evidence[ctx.evidence["case_id"].notna()]
                   .groupby("case_id")["segment_id"].nunique())
    coded_cases = [c for c in ctx.cases["case_id"] if coded.get(c, 0) > 0]
    cases = [c for c in coded_cases if coded[c] >= OUTLIER_MIN_SEGMENTS]  # informants with a code profile
    if len(cases) < 3:
        if len(coded_cases) >= 3:
            return CheckResult("outliers", "n/a", "single_segments",
                               {"cases": len(cases), "coded_cases": len(coded_cases)})
        return CheckResult("outliers", "n/a", "too_few_cases", {"cases": len(cases)})
    own = support[support["case_id"].notna()].drop_duplicates("segment_id").groupby("case_id").size()
    own = own.reindex(cases).fillna(0).astype(int)
    share = own / coded.reindex(cases)
    spread = share.std(ddof=0)
    z = (share - share.mean()) / spread if spread > 0 else share * 0
    far = [c for c in cases if abs(z[c]) > OUTLIER_Z]
    top, bottom = int(own.max()), int(own.min())
    # the highest and lowest by the measure the test uses: the share, not the count (an
    # informant who spoke much has more of everything)
    rounded = share.round(4)
    top_share, bottom_share = float(rounded.max()), float(rounded.min())
    figures = {"outliers": sorted(far, key=lambda c: (-z[c], natural_key(c))),
               "outlier_figures": [{"case": c, "direction": "high" if z[c] > 0 else "low",
                                    "segments": int(own[c]), "coded_segments": int(coded[c]),
                                    "share": round(float(share[c]), 2), "z": round(float(z[c]), 2)}
                                   for c in sorted(far, key=lambda c: (-z[c], natural_key(c)))],
               "mean_share": round(float(share.mean()), 2),
               "top_cases": sorted((c for c in cases if rounded[c] == top_share), key=natural_key),
               "top_share": round(top_share, 2),
               "bottom_cases": sorted((c for c in cases if rounded[c] == bottom_share), key=natural_key),
               "bottom_share": round(bottom_share, 2), "top_segments": top, "bottom_segments": bottom}
    figures["top_case"], figures["bottom_case"] = figures["top_cases"][0], figures["bottom_cases"][0]
    reason = ("explain_outliers" if far else "no_outliers_no_support" if not top
              else "no_outliers_even" if top_share == bottom_share
              else "no_outliers")  # a highest and a lowest case are named only when they differ
    return CheckResult("outliers", "warn" if far else "pass", reason, figures)


def if_then(spec: AssertionSpec, support: pd.DataFrame, ctx: Context) -> CheckResult:
    if not (spec.if_code and spec.then_code):
        return CheckResult("if_then", "n/a", "no_rule")
    a = cases_with(ctx, codes_under(ctx.codebook, spec.if_code))
    b = cases_with(ctx, codes_under(ctx.codebook, spec.then_code))
    both = a & b
    figures = {"support": len(both), "counterexamples": len(a - b),
               "consistency": round(len(both) / len(a), 2) if a else None,
               "coverage": round(len(both) / len(b), 2) if b else None,
               "counterexample_cases": sorted(a - b)}
    if not a:
        return CheckResult("if_then", "n/a", "no_antecedent", figures)
    if b >= set(ctx.cases["case_id"]):
        # every case has the "then": any "if" is followed by it, so the rule is not tested
        return CheckResult("if_then", "n/a", "consequent_everywhere", figures)
    consistency = len(both) / len(a)
    verdict = "pass" if consistency >= 0.8 else "warn" if consistency >= 0.5 else "fail"
    # no case has the "then" code: its coverage is undefined, not a figure to print
    return CheckResult("if_then", verdict, "rule" if b else "rule_no_consequent", figures)


def _difference(cases: pd.DataFrame, a: set[str], b: set[str]) -> float | None:
    """P(B | A) - P(B | not A) over the given cases; None when a side is empty."""
    ids = set(cases["case_id"])
    with_a, without_a = ids & a, ids - a
    if not with_a or not without_a:
        return None
    return len(with_a & b) / len(with_a) - len(without_a & b) / len(without_a)


def spurious(spec: AssertionSpec, support: pd.DataFrame, ctx: Context, by: str = "role") -> CheckResult:
    if not (spec.if_code and spec.then_code):
        return CheckResult("spurious", "n/a", "no_rule")
    a = cases_with(ctx, codes_under(ctx.codebook, spec.if_code))
    b = cases_with(ctx, codes_under(ctx.codebook, spec.then_code))
    overall = _difference(ctx.cases, a, b)
    strata = {}
    for value, group in ctx.cases.groupby(ctx.cases[by].fillna("—")):
        difference = _difference(group, a, b)
        if difference is not None:
            strata[str(value)] = round(difference, 2)
    figures = {"overall": None if overall is None else round(overall, 2), "by": by, "strata": strata}
    if overall is None or not strata:
        return CheckResult("spurious", "n/a", "cannot_stratify", figures)
    if overall < 0.2:  # no relation to test for spuriousness: it is not one that holds
        return CheckResult("spurious", "warn", "no_relation", figures)
    if all(abs(d) < 0.1 for d in strata.values()):
        return CheckResult("spurious", "warn", "vanishes", figures)
    return CheckResult("spurious", "pass", "holds", figures)


def replication(spec: AssertionSpec, support: pd.DataFrame, ctx: Context) -> CheckResult:
    """In how many groups of informants (roles, or the context's `replicate_by` sites) at
    least half raise it, and in how many source types."""
    raising = distinct(support["case_id"].dropna())
    by = ctx.grouped_by
    # informants with no role (or no site) are no group of their own: as representativeness
    # and the statement count them, so "3 roles" here cannot be "2 roles" there
    grouped = ctx.cases[ctx.cases[by].notna() & (ctx.cases[by].astype(object) != "")]
    by_role = grouped.groupby(grouped[by].astype(object))["case_id"].apply(set)
    recurring = sorted(role for role, members in by_role.items()
                       if members and len(members & raising) / len(members) >= 0.5)
    types = sorted(distinct(support["source_type"]))
    figures = {"roles_recurring": recurring, "roles_total": len(by_role), "source_types": types}
    if by != "role":
        figures["replicated_by"] = by
    hits = (len(recurring) >= 2) + (len(types) >= 2)
    return CheckResult("replication", ["fail", "warn", "pass"][hits], "recurs", figures)


def rivals(spec: AssertionSpec, support: pd.DataFrame, ctx: Context) -> CheckResult:
    if not spec.rival:  # every major conclusion needs a rival considered (METHOD 3.2 #12)
        return CheckResult("rivals", "warn", "no_rival")
    rival = coded_rows(ctx, codes_under(ctx.codebook, spec.rival))
    figures = {"rival": spec.rival,
               "for_informants": int(support["case_id"].nunique()),
               "for_segments": int(support["segment_id"].nunique()),
               "rival_informants": int(rival["case_id"].nunique()),
               "rival_segments": int(rival["segment_id"].nunique())}
    verdict = "warn" if figures["rival_informants"] >= figures["for_informants"] else "pass"
    return CheckResult("rivals", verdict, "side_by_side", figures, ordered_ids(rival, ctx))


CHECKS = (representativeness, triangulation, weighting, negative_evidence, outliers, if_then,
          spurious, replication, rivals)


def run_checks(spec: AssertionSpec, ctx: Context) -> list[CheckResult]:
    support = support_rows(spec, ctx)
    return [check(spec, support, ctx) for check in CHECKS]
