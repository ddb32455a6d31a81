"""Assertions: drafted by the machine per framework dimension, or written by the researcher;
every check runs on each, and a documented rule turns the checks into a strength label.

Strength rules (in order):
- insufficient evidence: fewer than 3 supporting segments, or a single informant;
- strong: triangulation, representativeness, weighting and replication all pass, and
  negative evidence does not outweigh the support;
- moderate: none of triangulation, representativeness and weighting fails;
- weak: otherwise.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

import pandas as pd

from qualcode.conclude.chain import Link, chain_of_evidence, link_record
from qualcode.conclude.checks import AssertionSpec, CheckResult, Context, run_checks, support_rows
from qualcode.conclude.evidence import codes_under, segment_order
from qualcode.conclude.wording import reason_text, words

QUOTE_MIN_CHARS = 60
QUOTES = 3
# Cues of recommendations (MHS evaluation coding, `REC:`), Indonesian and English.
RECOMMENDATION_CUES = re.compile(
    r"\b(?:perlu|harus|sebaiknya|seharusnya|diharapkan|semestinya|saran(?:nya)?|should|ought to|"
    r"need(?:s)? to|must|recommend\w*)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Quote:
    segment_id: str
    text: str
    case_id: str | None
    role: str | None
    source_type: str


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


def strength_of(checks: list[CheckResult], figures: dict) -> str:
    verdict = {c.name: c.verdict for c in checks}
    if figures["segments"] < 3 or figures["informants"] <= 1 and figures["source_types"] <= 1:
        return "insufficient"
    if verdict["representativeness"] == "fail":
        return "insufficient"
    core = ("triangulation", "representativeness", "weighting", "replication")
    if all(verdict[name] == "pass" for name in core) and verdict["negative_evidence"] != "warn":
        return "strong"
    if all(verdict[name] != "fail" for name in ("triangulation", "representativeness", "weighting")):
        return "moderate"
    return "weak"


def diverse_quotes(rows: pd.DataFrame, limit: int = QUOTES) -> tuple[Quote, ...]:
    """The best-scored segments, diverse in role and source: informants of different roles
    first, then the best non-interview source (an observation or document), then the rest."""
    scored = (rows.groupby(["segment_id", "text", "case_id", "role", "source_type"], dropna=False)["score"]
              .sum().reset_index())
    scored = scored[scored["text"].str.len() >= QUOTE_MIN_CHARS]
    scored = scored.sort_values(["score", "segment_id"], ascending=[False, True])
    voices = [r for r in scored.itertuples() if isinstance(r.case_id, str)]
    others = [r for r in scored.itertuples() if not isinstance(r.case_id, str)]
    chosen: list = []

    def take(candidates, room: int, fresh_role: bool) -> None:
        for row in candidates:
            if len(chosen) >= room:
                return
            if any(c.segment_id == row.segment_id for c in chosen):
                continue
            if isinstance(row.case_id, str) and any(c.case_id == row.case_id for c in chosen):
                continue
            if fresh_role and any(c.role == row.role for c in chosen):
                continue
            chosen.append(row)

    take(voices, limit - 1 if others else limit, fresh_role=True)
    take(others[:1], limit, fresh_role=False)
    take(voices, limit, fresh_role=False)
    return tuple(Quote(r.segment_id, r.text, r.case_id if isinstance(r.case_id, str) else None,
                       r.role if isinstance(r.role, str) else None, r.source_type) for r in chosen)


def _figures(support: pd.DataFrame, ctx: Context) -> dict:
    roles_total = ctx.cases["role"].dropna().nunique()
    return {
        "segments": int(support["segment_id"].nunique()),
        "informants": int(support["case_id"].nunique()),
        "informants_total": int(ctx.cases["case_id"].nunique()),
        "roles": int(support["role"].nunique()),
        "roles_total": int(roles_total),
        "source_types": int(support["source_type"].nunique()),
        "source_types_total": ctx.source_types_total,
    }


def evaluate(spec: AssertionSpec, ctx: Context, language: str) -> Conclusion:
    """Run every check on an assertion and label its strength."""
    support = support_rows(spec, ctx)
    checks = run_checks(spec, ctx)
    figures = _figures(support, ctx)
    statement = spec.statement
    if not statement:
        label = ctx.codebook.by_id()[spec.codes[0]].label_in(language)
        statement = words(language)["draft"].format(label=label, **figures)
    return Conclusion(spec, statement, strength_of(checks, figures), tuple(checks),
                      segment_order(support["segment_id"]), diverse_quotes(support), figures,
                      chain_of_evidence(spec, ctx, language))


def draft_assertions(ctx: Context, language: str) -> list[Conclusion]:
    """One machine assertion per framework dimension, in the framework's order."""
    return [evaluate(AssertionSpec(id=f"machine-{dimension}", codes=(dimension,)), ctx, language)
            for dimension in ctx.codebook.framework.dimensions]


def suggestion_basis(ctx: Context, sustainability_codes: tuple[str, ...] = ("sustainability",)) -> tuple[Quote, ...]:
    """Segments on sustainability that also carry a recommendation cue: what the report's
    suggestions rest on (the seed study closes with one on sustainability)."""
    wanted = set().union(*[codes_under(ctx.codebook, c) for c in sustainability_codes
                           if c in ctx.codebook.by_id()] or [set()])
    rows = ctx.evidence[ctx.evidence["code_id"].isin(wanted)]
    rows = rows[rows["text"].str.contains(RECOMMENDATION_CUES)]
    return diverse_quotes(rows, limit=5)


def check_line(check: CheckResult, language: str) -> str:
    return f"{words(language)[check.name]}: {reason_text(check.reason, check.figures, language)}"


def conclusions_json(conclusions: list[Conclusion], language: str) -> dict:
    """The documented export schema (reports/conclusions.json), version 1:
    {"schema": "qualcode.conclusions/1", "language", "assertions": [{id, author, statement,
    codes, contrary, rival, if, then, strength, verdict, verdict_memo, figures,
    evidence: [segment ids],
    chain: [{kind, stance, code, status, text, segments, cases}],
    quotes: [{segment_id, text, case_id, role, source_type}],
    checks: [{name, verdict, reason, text, figures, evidence}]}]}"""
    items = []
    for c in conclusions:
        items.append({
            "id": c.spec.id, "author": c.spec.author, "statement": c.statement,
            "codes": list(c.spec.codes), "contrary": list(c.spec.contrary), "rival": c.spec.rival,
            "if": c.spec.if_code, "then": c.spec.then_code, "strength": c.strength,
            "verdict": c.spec.verdict, "verdict_memo": c.spec.verdict_memo,
            "figures": c.figures, "evidence": list(c.evidence),
            "chain": [link_record(link, language) for link in c.chain],
            "quotes": [asdict(q) for q in c.quotes],
            "checks": [{"name": k.name, "verdict": k.verdict, "reason": k.reason,
                        "text": reason_text(k.reason, k.figures, language),
                        "figures": k.figures, "evidence": list(k.evidence)} for k in c.checks],
        })
    return {"schema": "qualcode.conclusions/1", "language": language, "assertions": items}
