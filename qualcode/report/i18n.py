"""Report wording in Indonesian (`id`) and English (`en`). Both catalogues have the same keys."""

from __future__ import annotations

from qualcode.model import DIMENSION_TERM
from qualcode.people import for_people
from qualcode.textrules import with_thousands
from qualcode.report.wording_en import WORDING as WORDING_EN
from qualcode.report.wording_id import WORDING as WORDING_ID

CATALOGUES: dict[str, dict[str, str]] = {"id": WORDING_ID, "en": WORDING_EN}
LANGUAGES = tuple(CATALOGUES)


def catalogue(language: str, dimension_term: str | None = None, across: str = "role",
              one_group: bool = False) -> dict[str, str]:
    """The wording in `language`, with the framework's word for a dimension (`{term}`,
    `{Term}`, and in English `{terms}`, `{Terms}`) in place; "dimensi" / "dimension" when the
    framework names none. `{across}`: what a pattern spans, roles, or the groups of the case
    attribute `across` (informants without roles, tactics.prevalence); `{and_across}` is " and "
    that, or nothing in a study of `one_group`. (`{all}`, the number
    of the dimensions said as "all n", keempat in Indonesian, is the caller's to fill, with
    `qualcode.textrules.collective`.)"""
    word = dimension_term or DIMENSION_TERM[language]
    words = plural_en(word) if language == "en" else word
    texts = CATALOGUES[language]
    # an attribute is a column's heading: braces in it would be read as placeholders later
    site = across.replace("{", "(").replace("}", ")")
    spans = texts["across_roles"] if across == "role" else texts["across_groups"].format(attribute=site)
    # a study of one group has its patterns across informants only: "and roles" names none
    and_across = "" if one_group else (" and " if language == "en" else " dan ") + spans
    filled = {"{term}": word, "{Term}": capital(word), "{terms}": words, "{Terms}": capital(words),
              "{across}": spans, "{and_across}": and_across}
    found = {}
    for key, text in texts.items():
        for placeholder, value in filled.items():
            text = text.replace(placeholder, value)
        found[key] = text
    return for_people(found, language)


def whole(n: int, t: dict) -> str:
    """A count in a table or note as the report's sentences write it: 2.970 in Indonesian,
    2,970 in English (a table that said 2970 beside a text that said 2.970 read as two)."""
    return with_thousands(n, t["thousands"])


def plural_en(word: str) -> str:
    """The English plural of a framework's term: the regular rules, which the usual words
    follow (strategy, pillar, dimension, process, approach). The last word of a phrase."""
    lower = word.lower()
    if lower.endswith("y") and lower[-2:-1] not in ("a", "e", "i", "o", "u", ""):
        return word[:-1] + "ies"
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


def capital(text: str) -> str:
    """The first letter up ("Kecamatan", "Keterwakilan"), the rest as written."""
    return text[:1].upper() + text[1:]


def term(catalogue_: dict[str, str], value: str | None) -> str:
    """A data value (role, source type) in the report language, or the value itself; a
    missing one (None, empty, or the NaN of a cases table's empty cell) as "no role"."""
    if value is None or value == "" or (isinstance(value, float) and value != value):
        return catalogue_["unknown_role"]
    return catalogue_.get(str(value), str(value))
