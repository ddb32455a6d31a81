"""Tactic: building a logical chain of evidence (Miles, Huberman & Saldaña, tactic 12).

An assertion is a chain of links, each a claim about one code that cites its segments:
- `claim`: one link per code the assertion rests on (a machine draft: its dimension); it
  cites the segments that support that code — the code and its subcodes, without the
  subcodes marked `polarity: negative` and without the segments that carry a contrary code
  (those are counter-evidence), as the checks count it;
- `if` and `then` (an assertion with `--if A --then B`): `if` cites the segments coded A;
  `then` cites the segments coded B in the cases that also raise A — the cases where the
  rule is borne out;
- `contrary` (each `--contrary` code) and `rival` (the `--rival` code): the counter-claims,
  citing the segments coded with them.

A link that cites no segment is *unsupported*. An unsupported link *for* the assertion
(claim, if, then) breaks the chain; an unsupported counter-claim (contrary, rival) only
means nothing was found against it. Every link says how many cases it rests on.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from qualcode.conclude.sides import AssertionSpec, Context, coded_rows, codes_of, ordered_ids, support_rows
from qualcode.conclude.evidence import codes_under, distinct
from qualcode.conclude.wording import singular_after_one, words

STANCES = {"claim": "for", "if": "for", "then": "for", "contrary": "against", "rival": "against"}


@dataclass(frozen=True)
class Link:
    kind: str                   # claim | if | then | contrary | rival
    code_id: str
    segments: tuple[str, ...]   # the segment ids this link cites
    case_ids: tuple[str, ...]   # the cases those segments come from
    label: str = ""             # the code's label in the language the chain was built in

    @property
    def stance(self) -> str:
        return STANCES[self.kind]

    @property
    def supported(self) -> bool:
        return bool(self.segments)


def chain_of_evidence(spec: AssertionSpec, ctx: Context, language: str = "en") -> tuple[Link, ...]:
    """The assertion's links, in the order above."""
    known = ctx.codebook.by_id()

    def _link(kind: str, code_id: str, rows: pd.DataFrame) -> Link:
        label = known[code_id].label_in(language) if code_id in known else code_id
        return Link(kind, code_id, ordered_ids(rows, ctx),
                    tuple(sorted(distinct(rows["case_id"].dropna()))), label)

    def coded(code_id: str, keep_negative: bool = True) -> pd.DataFrame:
        wanted = codes_under(ctx.codebook, code_id) if code_id in known else {code_id}
        if not keep_negative:
            # the same sides as the checks: the assertion's contrary codes and its rule's
            # (an --if/--then code is never counter-evidence), for this one code
            claim = replace(spec, codes=(code_id,))
            if code_id in known:  # then `wanted` is the claim's support: the checks' own rows
                return support_rows(claim, ctx)
            wanted &= codes_of(claim, ctx.codebook)
        return coded_rows(ctx, wanted)

    links = [_link("claim", code, coded(code, keep_negative=False)) for code in spec.codes]
    if spec.if_code and spec.then_code:
        antecedent = coded(spec.if_code)
        consequent = coded(spec.then_code)
        borne_out = consequent[consequent["case_id"].isin(distinct(antecedent["case_id"].dropna()))]
        links += [_link("if", spec.if_code, antecedent), _link("then", spec.then_code, borne_out)]
    links += [_link("contrary", code, coded(code)) for code in spec.contrary]
    if spec.rival:
        links.append(_link("rival", spec.rival, coded(spec.rival)))
    return tuple(links)


def broken_links(chain: tuple[Link, ...]) -> tuple[Link, ...]:
    """The links for the assertion that cite nothing."""
    return tuple(link for link in chain if link.stance == "for" and not link.supported)


def link_line(link: Link, language: str) -> str:
    """`claim: Budget support: 12 segments from 5 informants`, in the given language."""
    wording = words(language)
    key = ("link_supported_no_case" if link.supported and not link.case_ids
           else "link_supported" if link.supported
           else "link_none_against" if link.stance == "against"
           # a "then" cites only segments from cases that meet the "if": others may exist
           else "link_then_unsupported" if link.kind == "then" else "link_unsupported")
    text = f"{wording['link_' + link.kind]}: " + wording[key].format(
        label=link.label or link.code_id, segments=len(link.segments), cases=len(link.case_ids))
    return singular_after_one(text) if language == "en" else text  # "1 segment from 1 informant"


def link_record(link: Link, language: str) -> dict:
    """A link as plain data (for conclusions.json)."""
    return {"kind": link.kind, "stance": link.stance, "code": link.code_id,
            "status": "supported" if link.supported else "unsupported",
            "text": link_line(link, language),
            "segments": list(link.segments), "cases": list(link.case_ids)}
