"""Which segments support an assertion, and which stand against it: the sides every
verification check (`qualcode.conclude.checks`) counts, and the context they are
counted in.

Support and contrary evidence split the segments on an assertion's codes (any of its codes
or their subcodes) in two, and a segment is on one side only:
- contrary: the segment also carries a contrary code — a negative subcode of the
  assertion's own codes (a dimension's own obstacles, e.g. budget constraints), a code the
  assertion names as `contrary`, or, when it names none, a code of the other polarity that
  is under no other framework dimension (a negative factor such as an inhibiting factor,
  which is coded with the dimension it hinders; against an assertion about obstacles, a
  positive one);
- support: every other segment on the assertion's codes (not its negative subcodes, unless
  the assertion names them: a claim that names a negative code and no positive one is about
  obstacles, and its contrary side is the positive codes).
A code the assertion names as its rule's `if` or `then`, or one its codes imply, is on
neither side by default: it is part of the claim.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from qualcode.conclude.evidence import ReadingOrder, codes_under, distinct, negative_codes, polarity_codes
from qualcode.model import Codebook

# The context's defaults, which the checks weigh with
# (a survey answer or complaint is a person's own account, as an interview answer is)
SOURCE_WEIGHTS = {"observation": 1.5, "document": 1.5, "fieldnote": 1.25, "interview": 1.0, "response": 1.0}
# Roles of those who hold office (the elite bias check: every informant one of them), as
# cases.csv may spell them: ours, and common words for them in English and Indonesian
ELITE_ROLES = frozenset({"government", "legislature", "official", "officials", "officer", "civil servant",
                         "civil-servant", "bureaucrat", "politician", "councillor", "councilor", "legislator",
                         "pemerintah", "pejabat", "birokrat", "asn", "pns", "legislatif", "dprd", "aparatur"})
HEARSAY_WEIGHT = 0.5  # reported speech counts half: the speaker did not see it themselves


@dataclass(frozen=True)
class AssertionSpec:
    """What an assertion claims, as checks need it."""

    id: str
    codes: tuple[str, ...]
    statement: str = ""
    contrary: tuple[str, ...] = ()
    rival: str | None = None
    if_code: str | None = None
    then_code: str | None = None
    author: str = "machine"
    verdict: str | None = None       # the researcher's own verdict, beside the machine's checks
    verdict_memo: str | None = None


@dataclass(frozen=True)
class Context:
    evidence: pd.DataFrame      # every counted coding, see evidence_frame
    cases: pd.DataFrame
    codebook: Codebook
    source_types_total: int
    weights: dict = field(default_factory=lambda: dict(SOURCE_WEIGHTS))
    elite_roles: frozenset = ELITE_ROLES
    source_attributes: dict = field(default_factory=dict)  # source id -> its own attributes
    hearsay_weight: float = HEARSAY_WEIGHT
    # the case attribute a finding is replicated across: role, or for informants without
    # roles (a survey's rows) a site such as their kecamatan
    replicate_by: str = "role"
    # what every assertion on this context shares (reading order, hearsay, case profiles…),
    # computed on first use: see `shared`
    memo: dict = field(default_factory=dict, init=False, compare=False, repr=False)

    @property
    def grouped_by(self) -> str:
        """The attribute informants are grouped by: `replicate_by` where the cases have it."""
        return self.replicate_by if self.replicate_by in self.cases else "role"


def shared(ctx: Context, key, compute):
    """compute(), once per context: the evidence frame does not change between checks."""
    if key not in ctx.memo:
        ctx.memo[key] = compute()
    return ctx.memo[key]


def case_sites(ctx: Context):
    """Each case's group under `ctx.grouped_by` (a survey's kecamatan), as text; the cases
    without one are left out."""
    def compute():
        values = ctx.cases.drop_duplicates("case_id").set_index("case_id")[ctx.grouped_by].astype(object)
        values = values[values.notna()].astype(str)
        return values[values.str.strip() != ""]

    return shared(ctx, ("case_sites", ctx.grouped_by), compute)


def own_codes(spec: AssertionSpec, codebook: Codebook) -> set[str]:
    """The assertion's codes and their descendants, whatever their polarity."""
    return set().union(*[codes_under(codebook, c) for c in spec.codes]) if spec.codes else set()


def _named(spec: AssertionSpec, codebook: Codebook) -> set[str]:
    """The codes the assertion names, and a pattern code's members (the researcher named
    those when accepting the pattern)."""
    index = codebook.by_id()
    found = {c for c in spec.codes if c in index}
    frontier = list(found)
    while frontier:
        for member in index[frontier.pop()].members:
            if member in index and member not in found:
                found.add(member)
                frontier.append(member)
    return found


def _about_obstacles(spec: AssertionSpec, codebook: Codebook) -> bool:
    """Does the assertion name a negative code and no positive one? ("budget constraints
    threaten sustainability" is about an obstacle, although sustainability has no polarity)"""
    index = codebook.by_id()
    polarities = {index[c].polarity for c in _named(spec, codebook)}
    return "negative" in polarities and "positive" not in polarities


def _named_negative(spec: AssertionSpec, codebook: Codebook) -> set[str]:
    """The negative codes the assertion names itself, with their descendants."""
    index = codebook.by_id()
    return set().union(*[codes_under(codebook, c) for c in _named(spec, codebook)
                         if index[c].polarity == "negative"] or [set()])


def codes_of(spec: AssertionSpec, codebook: Codebook) -> set[str]:
    """The codes whose segments support the assertion: its codes and their descendants,
    minus those marked negative (a dimension's own obstacles are contrary evidence),
    unless the assertion is itself about negative codes. A negative code the assertion
    names is its claim, never evidence against it."""
    wanted = own_codes(spec, codebook)
    if _about_obstacles(spec, codebook):
        return wanted
    return wanted - (negative_codes(codebook) - _named_negative(spec, codebook))


def contrary_codes_of(spec: AssertionSpec, codebook: Codebook) -> set[str]:
    """The codes that put a segment on the assertion's codes on the contrary side (see the
    module's docstring); never one of the codes that support it. Of the other polarity's
    codes, those under another framework dimension stay out: budget constraints on a
    segment that also speaks of the political environment hinder the budget, not politics."""
    support = codes_of(spec, codebook)
    in_rule: set[str] = set()
    if spec.contrary:
        named = set().union(*[codes_under(codebook, c) for c in spec.contrary])
    else:
        polarity = "positive" if _about_obstacles(spec, codebook) else "negative"
        dimensions = set(codebook.framework.dimensions)
        index = codebook.by_id()
        mine = {codebook.top_level(c) for c in spec.codes if c in index}
        named = {c for c in polarity_codes(codebook, polarity)
                 if codebook.top_level(c) not in dimensions - mine}
        # a code the researcher named as the rule's "if" or "then" is part of the claim, not
        # evidence against it ("if far from the clinic then out-of-pocket costs")
        in_rule = set().union(*[codes_under(codebook, c) for c in (spec.if_code, spec.then_code)
                                if c and c in index] or [set()])
        # nor is a code the claim's codes imply: a budget constraint is coded an inhibiting
        # factor too (`implies`), and would stand against a claim about it
        in_rule |= set().union(*[codes_under(codebook, implied) for c in support if c in index
                                 for implied in index[c].implies if implied in index] or [set()])
    return ((own_codes(spec, codebook) - support) | named) - support - in_rule


def coded_rows(ctx: Context, codes) -> pd.DataFrame:
    """ctx.evidence[ctx.evidence["code_id"].isin(codes)], the codes compared as integers (the
    evidence's code ids are factorized once per context, not hashed again per check)."""
    factorized = shared(ctx, "code_index", lambda: pd.factorize(ctx.evidence["code_id"].to_numpy(dtype=object)))
    index, labels = factorized
    wanted = np.flatnonzero(pd.Index(labels, dtype=object).isin(list(codes)))
    return ctx.evidence[np.isin(index, wanted)]


def evidence_sides(spec: AssertionSpec, ctx: Context) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(support, contrary): the rows of the support codes on the segments on the assertion
    that carry no contrary code, and the rows of the contrary codes on those that do."""
    own = frozenset(own_codes(spec, ctx.codebook))
    support_codes = frozenset(codes_of(spec, ctx.codebook))
    contrary_codes = frozenset(contrary_codes_of(spec, ctx.codebook))

    def split() -> tuple[pd.DataFrame, pd.DataFrame]:
        on_assertion = distinct(coded_rows(ctx, own | support_codes)["segment_id"])
        against = coded_rows(ctx, contrary_codes)
        against = against[against["segment_id"].isin(on_assertion)]
        support = coded_rows(ctx, support_codes)
        return support[~support["segment_id"].isin(distinct(against["segment_id"]))], against

    return shared(ctx, ("sides", own, support_codes, contrary_codes), split)


def support_rows(spec: AssertionSpec, ctx: Context) -> pd.DataFrame:
    return evidence_sides(spec, ctx)[0]


def contrary_rows(spec: AssertionSpec, ctx: Context) -> pd.DataFrame:
    return evidence_sides(spec, ctx)[1]


def ordered_ids(rows: pd.DataFrame, ctx: Context) -> tuple[str, ...]:
    """segment_order(rows["segment_id"]), with the context's reading order computed once
    (and the answer kept for the very same rows: several checks cite one support frame)."""
    kept = ctx.memo.get(("ids", id(rows)))
    if kept is not None and kept[0] is rows:
        return kept[1]
    order = shared(ctx, "reading_order", lambda: ReadingOrder(ctx.evidence["segment_id"]))
    ids = order(rows["segment_id"])
    ctx.memo[("ids", id(rows))] = (rows, ids)  # holding `rows` keeps its id from being reused
    return ids


def cases_with(ctx: Context, codes: set[str]) -> set[str]:
    """The cases with a segment on any of `codes`."""
    rows = coded_rows(ctx, codes)
    return distinct(rows["case_id"].dropna())
