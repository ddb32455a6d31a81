"""The report's sentences that sum the analysis up: the summary's opening, the conclusion's
claim of support (and where contrary evidence outweighs it), the patterns, and the note that
the figures rest on unreviewed machine suggestions."""

from __future__ import annotations

from qualcode.conclude.tactics import Prevalence
from qualcode.conclude.wording import count, names, singular_after_one, words
from qualcode.textrules import collective


STRENGTHS = ("strong", "moderate", "weak", "insufficient")


def support_sentence(dimensions: list[Prevalence], t: dict, language: str,
                      strengths: dict[str, str] | None = None, labels: dict[str, str] | None = None,
                      sides: dict[str, tuple[int, int]] | None = None,
                      provisional: bool | set[str] = False) -> str:
    """How many of the framework's dimensions the coded data raise (all of them, one of
    one, some, none): the report claims support only for those; and, from the assertions
    drawn on them (`strengths`, code id -> strength), how strong: the same for all (each
    with strong evidence) or which is which. A dimension whose contrary segments are as
    many as its supporting ones or more (`sides`, code id -> (supporting, contrary)) is not
    counted as supported but said apart: "the data support all four" must not stand over
    more evidence against one of them.
    `provisional`: every strength rests mostly on unreviewed suggestions; the sentence says so.
    Given as the codes whose strength is provisional, the sentence says so when all those it
    names are (an outweighed or insufficient dimension, said apart, has no say)."""
    outweighed = [(code, support, against) for code, (support, against) in (sides or {}).items()
                  if against and against >= support]
    sentence = _raised_sentence(dimensions, t, language, strengths, labels, provisional,
                                {code for code, _, _ in outweighed})
    if outweighed:
        sentence += (" " if sentence else "") + singular_after_one(t["conclusion_outweighed"].format(items=names(
            [t["sides_count"].format(label=(labels or {}).get(code, code), support=count(support, language),
                                     contrary=count(against, language))
             for code, support, against in outweighed], language, shown=len(outweighed))))
    return sentence


def _raised_sentence(dimensions: list[Prevalence], t: dict, language: str,
                     strengths: dict[str, str] | None, labels: dict[str, str] | None,
                     provisional: bool | set[str] = False, outweighed: set[str] = frozenset()) -> str:
    n, raised = len(dimensions), [p.code_id for p in dimensions if p.segments]
    if not raised:
        return t["conclusion_none"]
    # a dimension whose evidence is insufficient is raised, not supported: said apart; one
    # whose contrary evidence outweighs its support, too (support_sentence says it)
    short = [code for code in raised if (strengths or {}).get(code) == "insufficient" and code not in outweighed]
    supported = [code for code in raised if code not in short and code not in outweighed]
    if not supported:
        return t["conclusion_none_supported"].format(labels=_labels(short, labels, language)) if short else ""
    tail = t["conclusion_insufficient"].format(labels=_labels(short, labels, language)) if short else ""
    return _supported_sentence(n, supported, t, language, strengths, labels, provisional) + tail


def _labels(codes: list[str], labels: dict[str, str] | None, language: str) -> str:
    return names([(labels or {}).get(c, c) for c in codes], language, shown=len(codes))


def _supported_sentence(n: int, raised: list[str], t: dict, language: str, strengths: dict[str, str] | None,
                        labels: dict[str, str] | None, provisional: bool | set[str]) -> str:
    rated = {code: (strengths or {})[code] for code in raised if code in (strengths or {})}
    if not isinstance(provisional, bool):  # the provisional codes: the sentence's own decide
        provisional = bool(rated) and all(code in provisional for code in rated)
    strength = ""
    if rated and len(set(rated.values())) == 1:
        evidence = t[f"evidence_{next(iter(rated.values()))}"]
        strength = t["strength_one" if len(raised) == 1 else "strength_same"].format(evidence=evidence)
        if provisional:
            strength += f" ({words(language)['provisional']})"
    elif rated:
        breakdown = "; ".join(
            t["strength_for"].format(strength=words(language)[level],
                                     labels=names([(labels or {}).get(c, c) for c in rated if rated[c] == level],
                                                  language, shown=len(rated)))
            for level in STRENGTHS if level in rated.values())
        # said once, before the breakdown: after it, it would seem to be the last item's alone
        strength = t["strength_differ_provisional" if provisional else "strength_differ"].format(breakdown=breakdown)
    if n == 1:
        return t["conclusion_one"].format(strength=strength)
    if len(raised) == n:
        return t["conclusion_all"].format(all=collective(language, n), strength=strength)
    # which ones, by name: "2 of 4" alone leaves the reader to work it out from the tables
    return t["conclusion_some_one" if len(raised) == 1 else "conclusion_some"].format(  # "discuss it"
        raised=len(raised), n=n, strength=strength, labels=_labels(raised, labels, language))


def patterns_sentence(patterns: int, dimensions: int, t: dict, language: str) -> str:
    """How many dimensions form a pattern, in a sentence that opens with a word, not a numeral."""
    if not patterns:
        return t["patterns_none"]
    if patterns == dimensions == 1:
        return t["patterns_one"]
    if patterns == dimensions:
        everyone = collective(language, dimensions)
        return t["patterns_all"].format(All=everyone[:1].upper() + everyone[1:])
    return t["patterns_one_of" if patterns == 1 else "patterns_some"].format(patterns=patterns, dimensions=dimensions)


def summary_text(dimensions: list[Prevalence], label, t: dict, language: str, sources: int,
                  informants: int, framework: str, patterns: int) -> str:
    """The summary's opening: what was analysed, against which framework, and the most and
    least widely discussed dimensions by informants (every one of them, when several tie)."""
    common = dict(sources=count(sources, language), informants=count(informants, language), framework=framework,
                  informants_total=count(informants, language),
                  patterns_sentence=patterns_sentence(patterns, len(dimensions), t, language))
    reach = [p.informants for p in dimensions]
    if max(reach) == min(reach):
        everyone = collective(language, len(dimensions)) if len(dimensions) > 1 else ""
        return t["summary_even"].format(All=everyone[:1].upper() + everyone[1:], n=count(reach[0], language),
                                        **common)

    def widest(n: int) -> str:
        tied = [p for p in dimensions if p.informants == n]
        key = "summary_reach_one" if len(tied) == 1 else "summary_reach_many"
        return t[key].format(labels=names([label(p.code_id) for p in tied], language, shown=len(tied)),
                             n=count(n, language), informants_total=count(informants, language))

    if min(reach) == 0:  # "the least discussed: X (0 of 5 informants)" would call silence a degree
        silent = [label(p.code_id) for p in dimensions if not p.informants]
        return t["summary_text_silent"].format(top=widest(max(reach)), silent=names(silent, language, shown=len(silent)),
                                               **common)
    return t["summary_text"].format(top=widest(max(reach)), bottom=widest(min(reach)), **common)


def draft_note(reviewed_only: bool, suggested: int, total: int, t: dict, language: str,
               pairs: bool = False) -> str:
    """What the figures rest on, when unreviewed machine suggestions are among them
    (`pairs`: counted per segment–code pair, as where several coders decide)."""
    if reviewed_only or not suggested:
        return ""
    return t["draft_all"] if suggested == total else t["draft_some_pairs" if pairs else "draft_some"].format(
        suggested=count(suggested, language), codings=count(total, language))
