"""British and American spellings of one English word, made one lemma.

A codebook written in one spelling must meet transcripts in the other: `organisational`
and `organizational`, `prioritise` and `prioritize`, `programme` and `program`, `paediatric`
and `pediatric`. Both the codebook's terms and the texts pass through the same lemmatiser,
so folding each British form to the American one is enough, and folding a word that has no
other spelling (`advise` to `advize`) harms nothing: no other word is spelt so. The folds
are those of the regular patterns (-ise, -yse, -our, ae/oe in medical words) and a short
list of words of their own.
"""

from __future__ import annotations

import re

# -ise, -isation …: organise organize, organisation organization, organisational …
_ISE = re.compile(r"(?<=[a-z]{3})is(e|ed|es|ing|er|ers|ation|ations|ational|ationally)$")
_YSE = re.compile(r"(?<=[a-z]{3})ys(e|ed|es|ing|er|ers)$")  # analyse, paralyse, catalyse
# -our words (not hour, four, your, tour …): colour, behaviour, labour, favour, neighbour …
_OUR = re.compile(r"^(colo|behavio|labo|favo|neighbo|hono|harbo|rumo|humo|vapo|odo|savo|endeavo|armo|tumo|"
                  r"flavo|vigo|valo|rigo|savio|parlo|clamo|cando|ardo|splendo)u(r[a-z]*)$")
# Greek ae and oe of medicine: paediatric, anaemia, haemorrhage, oesophagus, oestrogen, foetus …
_MEDICAL = (("paed", "ped"), ("haem", "hem"), ("aemia", "emia"), ("anaes", "anes"), ("oesoph", "esoph"),
            ("oestr", "estr"), ("foet", "fet"), ("rrhoea", "rrhea"), ("oedema", "edema"))
_WORDS = {
    "programme": "program", "programmes": "program", "centre": "center", "centres": "center",
    "theatre": "theater", "metre": "meter", "litre": "liter", "fibre": "fiber", "calibre": "caliber",
    "licence": "license", "defence": "defense", "offence": "offense", "pretence": "pretense",
    "catalogue": "catalog", "analogue": "analog", "dialogue": "dialog", "judgement": "judgment",
    "ageing": "aging", "enrol": "enroll", "enrolment": "enrollment", "fulfil": "fulfill",
    "fulfilment": "fulfillment", "grey": "gray", "sceptic": "skeptic", "sceptical": "skeptical",
    "scepticism": "skepticism", "mould": "mold", "plough": "plow", "cosy": "cozy", "aluminium": "aluminum",
    "manoeuvre": "maneuver", "tyre": "tire", "practise": "practice", "practised": "practice", "practising": "practice",
}


# Words in -ise spelt so on both sides of the Atlantic: left as they are, so that `code
# explain` shows `advise`, not a fold no one writes (folding them would match all the same)
_ISE_EVERYWHERE = frozenset(
    "advise advertise revise devise supervise televise exercise expertise promise premise surprise compromise "
    "enterprise franchise merchandise despise disguise improvise concise precise paradise otherwise likewise "
    "clockwise comprise chastise surmise demise excise incise treatise noise poise praise cruise bruise arise "
    "apprise reprise mortise".split())


def american(word: str) -> str:
    """The American spelling of a lowercase English word (a lemma), or the word."""
    found = _WORDS.get(word)
    if found:
        return found
    if word in _ISE_EVERYWHERE:
        return word
    if "ae" in word or "oe" in word:
        for british, us in _MEDICAL:
            word = word.replace(british, us)
    if word.endswith(("ise", "ised", "ises", "ising", "iser", "isers")) or "isation" in word:
        word = _ISE.sub(lambda m: "iz" + m.group(1), word)
    elif word.endswith(("yse", "ysed", "yses", "ysing", "yser", "ysers")):
        word = _YSE.sub(lambda m: "yz" + m.group(1), word)
    elif "our" in word:
        word = _OUR.sub(r"\1\2", word)
    return word


_IZE = re.compile(r"(?<=[a-z]{3})iz(e|ed|es|ing|er|ers)$")


def british(word: str) -> str:
    """The British -ise spelling of an -ize word, for a lookup table that lists only one of
    them (spaCy's English table has `digitalised` but not `digitalized`)."""
    return _IZE.sub(lambda m: "is" + m.group(1), word)
