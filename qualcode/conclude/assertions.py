"""Assertions: drafted by the machine per framework dimension, or written by the researcher;
every check runs on each, and a documented rule turns the checks into a strength label.

Strength rules (in order):
- insufficient evidence: fewer than 3 supporting segments, or a single informant;
- weak: the negative evidence fails (as many contrary segments as supporting ones, or more:
  the assertion is contested), or its if-then rule does (the "then" in fewer than half the
  cases with the "if");
- strong: triangulation, representativeness, weighting and replication all pass, and
  negative evidence does not outweigh the support;
- moderate: none of triangulation, representativeness and weighting fails;
- weak: otherwise.
A strength resting mostly on unreviewed machine suggestions is provisional (`Conclusion.provisional`).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace

import numpy as np
import pandas as pd

from qualcode.conclude.chain import Link, chain_of_evidence, link_record
from qualcode.conclude.checks import CheckResult, run_checks
from qualcode.conclude.sides import (AssertionSpec, Context, case_sites, coded_rows, evidence_sides, ordered_ids,
                                     own_codes)
from qualcode.conclude.evidence import codes_under, distinct
from qualcode.conclude.quoting import Quote, diverse_quotes
from qualcode.conclude.wording import counted, reason_text, singular_after_one, words
from qualcode.model import AUTO_CODER, RESEARCHER_NOTES

CONTRARY_QUOTES = 2
# Cues of recommendations (MHS evaluation coding, `REC:`), Indonesian and English. Not
# "harus" / "must": as often said of what people had to do ("warga harus datang ke rumah saya")
# as of what should be done.
# `perlu` advises before a verb or an adverb ("perlu dipisah", "perlu ada", "perlu segera");
# before a noun it states a requirement ("perlu persetujuan DPRD": procedure, not advice).
_PERLU_ADVISES = (r"perlu(?=\s+(?:ada|di\w+|me\w+|ber\w+|ter\w+|lebih|segera|terus|juga|"
                  r"kita|kami)\b)")
# An answer to "what would you recommend" is as often an imperative: "Invest in people before
# devices", "Libatkan warga sejak awal". A sentence that opens with a verb of advice, alone
# or after "so", "and", "tolong"… (a blank pipeline has no parts of speech to find others by).
_ADVICE_VERBS = (r"invest|put|make sure|involve|listen|ask|avoid|ensure|prioriti[sz]e|consult|engage|hire|protect|"
                 r"simplify|publish|include|talk to|learn from|bring|create|set up|give|"
                 # words as often nouns ("Budget cuts hit us", "Focus groups were…"): advice when
                 # a word an imperative takes follows ("Plan for the whole life cost")
                 r"(?:plan|fund|budget|focus|share|train|fix|build|start|keep|stop)(?=\s+(?:the|a|an|for|in|on|"
                 r"to|with|more|less|your|our|their|it|them|this|that|these|those|people|citizens|residents)\b)|"
                 r"tingkatkan|perbanyak|tambahkan|tambahin|libatkan|perbaiki|sediakan|berikan|adakan|perkuat|"
                 r"sederhanakan|permudah|dengarkan|percepat|fokuskan|pastikan|anggarkan|alokasikan|lanjutkan|"
                 r"pertahankan|sosialisasikan|jadikan|buatkan")
_IMPERATIVE = (r"(?:(?<=^)|(?<=[.!?:;]\s)|(?<=\n))(?:(?:so|and|just|first|also|then|please|jadi|ya|tolong|"
               r"pokoknya|intinya)\s*,?\s+)?(?:" + _ADVICE_VERBS + r")"
               # a noun that opens a statement is no advice: "Plan was to…", "Fund is cut"
               r"(?!\s+(?:was|were|is|are|has|had|have|did|does|itu|ini|sudah|udah)\b)")
RECOMMENDATION_CUES = re.compile(
    _IMPERATIVE + r"\b|\b(?:" + _PERLU_ADVISES + r"|sebaiknya|seharusnya|harusnya|hendaknya|diharapkan|semestinya|mestinya|"
    r"jangan(?:lah)?|saran(?:nya)?|harapan(?:nya)?|tolong|should|ought to|"
    # "saya usul(kan)", "usul saya": advice; a bare "usulan anggaran" is a budget proposal
    r"(?:saya|kami|kita)\s+(?:meng)?usul(?:kan)?|usul(?:an)?\s+(?:saya|kami)|"
    r"need(?:s)? to|recommend\w*|(?:I|we)(?:'d| would)?\s+suggest)\b", re.IGNORECASE)
RECOMMENDATION_WEIGHT = 10.0  # a cue's weight in choosing what of a segment a suggestion quotes


@dataclass(frozen=True)
class Conclusion:
    spec: AssertionSpec
    statement: str
    strength: str
    checks: tuple[CheckResult, ...]
    evidence: tuple[str, ...]
    quotes: tuple[Quote, ...]
    figures: dict
    chain: tuple[Link, ...] = ()  # the chain of evidence: one link per claim, each citing segments
    contrary_quotes: tuple[Quote, ...] = ()  # from the contrary segments: never one of `quotes`

    @property
    def provisional(self) -> bool:
        """Rests mostly on machine suggestions no person has reviewed: fewer than half of the
        supporting segments have a person's coding. Its strength is not yet a finding's."""
        segments = self.figures.get("segments", 0)
        return (self.strength != "insufficient" and bool(segments)
                and 2 * self.figures.get("reviewed_segments", segments) < segments)


def strength_of(checks: list[CheckResult], figures: dict) -> str:
    verdict = {c.name: c.verdict for c in checks}
    if figures["segments"] < 3 or figures["informants"] <= 1 and figures["source_types"] <= 1:
        return "insufficient"
    if verdict["representativeness"] == "fail":
        return "insufficient"
    if verdict["negative_evidence"] == "fail":  # contested: as much evidence against as for
        return "weak"
    if verdict.get("if_then") == "fail":  # the rule it claims holds in fewer than half its cases
        return "weak"
    if any(c.name == "representativeness" and c.reason == "few_of_many" for c in checks):
        return "weak"  # a few of many informants: at most weak, however well it is triangulated
    core = ("triangulation", "representativeness", "weighting", "replication")
    if all(verdict[name] == "pass" for name in core) and verdict["negative_evidence"] != "warn":
        return "strong"
    if all(verdict[name] != "fail" for name in ("triangulation", "representativeness", "weighting")):
        return "moderate"
    return "weak"


def _figures(support: pd.DataFrame, contrary: pd.DataFrame, ctx: Context) -> dict:
    """The counts an assertion's statement and strength rest on. Informants without roles (a
    survey's rows) are grouped by the site the report groups them by (`replicate_by`), as
    the triangulation and replication checks group them."""
    by = ctx.grouped_by
    if by == "role":
        roles, roles_total = support["role"].nunique(), ctx.cases["role"].dropna().nunique()
    else:
        sites = case_sites(ctx)
        roles, roles_total = support["case_id"].dropna().map(sites).nunique(), sites.nunique()
    segments, against = int(support["segment_id"].nunique()), int(contrary["segment_id"].nunique())
    return {
        "segments": segments,  # supporting segments
        # of those, the ones a person coded (accepted): the rest are unreviewed suggestions
        "reviewed_segments": int(support.loc[support["coder"] != AUTO_CODER, "segment_id"].nunique()),
        "contrary_segments": against,
        "contrary_codes_found": sorted(distinct(contrary["code_id"])),  # the codes that put them there
        "discussed_segments": segments + against,  # every segment on the assertion's codes
        "informants": int(support["case_id"].nunique()),
        "informants_total": int(ctx.cases["case_id"].nunique()),
        "roles": int(roles),
        "roles_total": int(roles_total),
        **({"grouped_by": by} if by != "role" else {}),
        "source_types": int(support["source_type"].nunique()),
        "source_types_total": ctx.source_types_total,
    }


def evaluate(spec: AssertionSpec, ctx: Context, language: str,
             quoted_against: set[str] | None = None, quoted_for: set[str] | None = None) -> Conclusion:
    """Run every check on an assertion and label its strength. `quoted_against` and
    `quoted_for`: segments already quoted against, or for, other assertions, quoted here on
    that side only when nothing else is left (the ids chosen here are added to them)."""
    support, contrary = evidence_sides(spec, ctx)
    checks = run_checks(spec, ctx)
    figures = _figures(support, contrary, ctx)
    statement = spec.statement
    if not statement:
        label = ctx.codebook.by_id()[spec.codes[0]].label_in(language)
        # "this strategy" of a framework's dimension, in the framework's own word; "this code" else
        framework = ctx.codebook.framework
        noun = (framework.term_in(language) if spec.codes[0] in framework.dimensions
                else words(language)["code_noun"])
        draft = ("draft_absent" if not figures["discussed_segments"]  # not "supported by 0 segments"
                 else "draft_with_contrary" if figures["contrary_segments"] else "draft")
        said = words(language)
        groups = said["draft_groups_by"].format(by=figures["grouped_by"]) if "grouped_by" in figures \
            else said["draft_groups_role"]
        shown = counted(figures, language)  # 18.720 segmen
        spread = said["draft_spread" if figures["roles_total"] else "draft_spread_ungrouped"].format(
            groups=groups, **shown)
        statement = said[draft].format(label=label, noun=noun, spread=spread, **shown)
        if language == "en":  # "supported by 1 segment"
            statement = singular_after_one(statement)
    quotes = diverse_quotes(support, last=frozenset(quoted_for or ()))
    if quoted_for is not None:
        quoted_for.update(q.segment_id for q in quotes)
    return Conclusion(spec, statement, strength_of(checks, figures), tuple(checks),
                      ordered_ids(support, ctx), quotes, figures,
                      chain_of_evidence(spec, ctx, language),
                      _contrary_quotes(spec, ctx, contrary, quoted_against))


def _contrary_quotes(spec: AssertionSpec, ctx: Context, contrary: pd.DataFrame,
                     quoted_against: set[str] | None) -> tuple[Quote, ...]:
    quotes = diverse_quotes(_contrary_quote_rows(spec, ctx, contrary), CONTRARY_QUOTES,
                            last=frozenset(quoted_against or ()))
    if quoted_against is not None:
        quoted_against.update(q.segment_id for q in quotes)
    return quotes


def _contrary_quote_rows(spec: AssertionSpec, ctx: Context, contrary: pd.DataFrame) -> pd.DataFrame:
    """The contrary segments' rows of the contrary codes and of the assertion's own codes: a
    contrary quote ranks by how much it says against the assertion and about it, so a long
    segment with an obstacle somewhere does not head every assertion it touches."""
    own = coded_rows(ctx, own_codes(spec, ctx.codebook))
    own = own[own["segment_id"].isin(distinct(contrary["segment_id"]))]
    if "spans" in own:  # the quote is cut around what speaks against, not the praise beside it
        own = own.assign(spans=own["spans"].map(_lighter))
    return pd.concat([contrary, own])


# How much an assertion's own matched words weigh, beside the contrary ones, where a contrary
# quote is shortened: enough to choose among sentences against it, never to outweigh them.
OWN_WORDS_AGAINST = 0.05


def _lighter(spans):
    return tuple((start, end, float(weight or 0) * OWN_WORDS_AGAINST) for start, end, weight in spans) \
        if isinstance(spans, (list, tuple)) else spans


def draft_assertions(ctx: Context, language: str) -> list[Conclusion]:
    """One machine assertion per framework dimension, in the framework's order."""
    # a long segment for (or against) several strategies heads only one's quotes, while the
    # others have words of their own to show
    quoted_against: set[str] = set()
    quoted_for: set[str] = set()
    return [evaluate(AssertionSpec(id=f"machine-{dimension}", codes=(dimension,)), ctx, language, quoted_against,
                     quoted_for) for dimension in ctx.codebook.framework.dimensions]


SUGGESTIONS_QUOTED = 5


def suggestion_basis(ctx: Context, sustainability_codes: tuple[str, ...] = ("sustainability",)) -> tuple[Quote, ...]:
    """Coded segments that carry a recommendation cue: what the report's suggestions rest on,
    one per informant. Those on sustainability first when the framework has such a code (the
    seed study closes with a suggestion on it); then, for informants with none there, their
    advice coded otherwise ("Saran saya, formasi ASN untuk tenaga TI harus ditambah" is
    brainware). Without such a code, those on any code (a framework of one's own). The
    informants' and the documents' words, not the researcher's own notes."""
    rows = coded_rows(ctx, set(ctx.codebook.by_id()))
    rows = rows[~rows["source_type"].isin(RESEARCHER_NOTES)]
    # the cue search once per distinct text (a segment's text recurs in each of its codings)
    text, texts = pd.factorize(rows["text"].to_numpy(dtype=object))
    cued = pd.Series(texts, dtype=object).str.contains(RECOMMENDATION_CUES).to_numpy(dtype=bool)
    rows = rows[np.append(cued, False)[text]]  # a missing text (code -1) takes the False at the end
    wanted = set().union(*[codes_under(ctx.codebook, c) for c in sustainability_codes
                           if c in ctx.codebook.by_id()] or [set()])
    chosen = list(diverse_quotes(rows[rows["code_id"].isin(wanted)] if wanted else rows, limit=SUGGESTIONS_QUOTED))
    if wanted and len(chosen) < SUGGESTIONS_QUOTED:
        cases, segments = {q.case_id for q in chosen if q.case_id}, {q.segment_id for q in chosen}
        others = rows[rows["case_id"].notna() & ~rows["case_id"].isin(cases) & ~rows["segment_id"].isin(segments)]
        chosen += diverse_quotes(others, limit=SUGGESTIONS_QUOTED - len(chosen))
    # shown around its recommendation, which outweighs the matched terms: a suggestion's basis
    # quoted from its sustainability words alone may not show the advice at all
    return tuple(replace(q, spans=q.spans + tuple((m.start(), m.end(), RECOMMENDATION_WEIGHT)
                                                  for m in RECOMMENDATION_CUES.finditer(q.text)))
                 for q in chosen)


def _quote_record(quote: Quote) -> dict:
    record = asdict(quote)
    del record["spans"]  # how the report shortens it, not part of the evidence
    return record


def check_line(check: CheckResult, language: str) -> str:
    return f"{words(language)[check.name]}: {reason_text(check.reason, check.figures, language)}"


def conclusions_json(conclusions: list[Conclusion], language: str) -> dict:
    """The documented export schema (reports/conclusions.json), version 1:
    {"schema": "qualcode.conclusions/1", "language", "assertions": [{id, author, statement,
    codes, contrary, rival, if, then, strength, verdict, verdict_memo, figures,
    evidence: [segment ids],
    chain: [{kind, stance, code, status, text, segments, cases}],
    quotes: [{segment_id, text, case_id, role, source_type}], contrary_quotes: [the same],
    checks: [{name, verdict, reason, text, figures, evidence}]}]}
    figures: segments (supporting), contrary_segments, discussed_segments (the two together),
    informants, informants_total, roles, roles_total, source_types, source_types_total."""
    items = []
    for c in conclusions:
        items.append({
            "id": c.spec.id, "author": c.spec.author, "statement": c.statement,
            "codes": list(c.spec.codes), "contrary": list(c.spec.contrary), "rival": c.spec.rival,
            "if": c.spec.if_code, "then": c.spec.then_code, "strength": c.strength,
            "verdict": c.spec.verdict, "verdict_memo": c.spec.verdict_memo,
            "figures": c.figures, "evidence": list(c.evidence),
            "chain": [link_record(link, language) for link in c.chain],
            "quotes": [_quote_record(q) for q in c.quotes],
            "contrary_quotes": [_quote_record(q) for q in c.contrary_quotes],
            "checks": [{"name": k.name, "verdict": k.verdict, "reason": k.reason,
                        "text": reason_text(k.reason, k.figures, language),
                        "figures": k.figures, "evidence": list(k.evidence)} for k in c.checks],
        })
    return {"schema": "qualcode.conclusions/1", "language": language, "assertions": items}
