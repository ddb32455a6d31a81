"""Sentences of conclusions in Indonesian (`id`) and English (`en`), whose catalogues (the same
keys) are `wording_id` and `wording_en`; here, how figures and reasons are put into them."""

from __future__ import annotations

import numbers

import re

from qualcode.conclude import wording_en, wording_id
from qualcode.textrules import THOUSANDS_MARKS, collective, with_thousands
from qualcode.people import for_people

WORDING: dict[str, dict[str, str]] = {"id": wording_id.WORDS, "en": wording_en.WORDS}
# Outliers a check's line words one by one; the rest are counted (conclusions.json lists all)
OUTLIERS_WORDED = 5


def words(language: str) -> dict[str, str]:
    return for_people(WORDING[language], language)


def shown_verdicts(conclusion) -> list[str]:
    """Each check's verdict as a ledger shows it. For an assertion nobody's data touches, the
    checks are shown as not made (n/a), as its finding shows none: a "✓ negative evidence"
    of no segments would read as a pass."""
    made = conclusion.figures.get("discussed_segments", 1)
    return [check.verdict if made else "n/a" for check in conclusion.checks]


def strength_label(conclusion, language: str) -> str:
    """A conclusion's strength in words, "(provisional)" when it rests mostly on unreviewed
    machine suggestions (`Conclusion.provisional`)."""
    w = words(language)
    return w[conclusion.strength] + (f" ({w['provisional']})" if conclusion.provisional else "")


def reason_text(reason: str, figures: dict, language: str) -> str:
    """A check's one-line reason in the given language."""
    wording = words(language)
    values = {key: number(value, language) if isinstance(value, float) else value
              for key, value in figures.items()}
    values.update(
        n_roles=len(figures.get("roles", []) or []), n_types=len(figures.get("source_types", []) or []),
        n_lacking=len(figures.get("cases_lacking", []) or []),
        n_recurring=len(figures.get("roles_recurring", []) or []),
        outlier_list=names(figures.get("outliers", []) or [], language, shown=OUTLIERS_WORDED),
        lacking_list=names(figures.get("cases_lacking", []) or [], language),
        role_list=names([str(role) for role in figures.get("roles", []) or []], language),
        all_informants=collective(language, figures["informants"]) if isinstance(figures.get("informants"), int)
        else figures.get("informants"),
        top_text=names(figures.get("top_cases", [figures.get("top_case")]) or [], language),
        bottom_text=names(figures.get("bottom_cases", [figures.get("bottom_case")]) or [], language))
    if isinstance(figures.get("by"), str):  # an attribute's name in the sentence's language
        values["by"] = wording.get(f"by_{figures['by']}", figures["by"])
    for key in ("top", "bottom"):
        if isinstance(figures.get(f"{key}_share"), (int, float)):
            values[f"{key}_percent"] = percent(figures[f"{key}_share"], language)
    if isinstance(figures.get("top_informant_share"), (int, float)):
        values["top_informant_percent"] = percent(figures["top_informant_share"], language)
    if isinstance(figures.get("informant_share"), (int, float)):
        values["informant_percent"] = percent(figures["informant_share"], language)
    try:
        if "weights" in figures:
            values["weight_list"] = _weight_list(figures, language)
        if reason == "shown":
            values["contrary_text"] = wording["contrary_some" if figures["contrary_segments"]
                                              else "contrary_none"].format(**counted(values, language))
            values["lacking_text"] = wording["lacking_none" if not values["n_lacking"] else "lacking_one"
                                             if values["n_lacking"] == 1 else "lacking_some"].format(
                **counted(values, language))
        if reason == "explain_outliers":
            items = list(figures.get("outlier_figures", ()))
            values["outlier_text"] = "; ".join(
                wording[f"outlier_{item['direction']}"].format(**{
                    **item, "share": percent(item["share"], language),
                    "mean_share": percent(figures["mean_share"], language)})
                for item in items[:OUTLIERS_WORDED]) or values["outlier_list"]
            if len(items) > OUTLIERS_WORDED:  # a table of thousands of rows can have hundreds
                values["outlier_text"] += wording["outliers_more"].format(n=len(items) - OUTLIERS_WORDED)
        text = wording[_zero_case(reason, figures, values)].format(**counted(values, language))
    except (KeyError, ValueError, TypeError):
        return reason
    return singular_after_one(text) if language == "en" else text


def _zero_case(reason: str, figures: dict, values: dict) -> str:
    """The reason's own wording when there is nothing to count: "no source at all", not "one
    source type and one role" (a dimension nobody raised)."""
    if reason == "spread":  # informants without roles (a table's rows) have no roles to count
        found = "spread" if values["n_roles"] else "spread_no_roles"
        return found if "informants_total" in figures else f"{found}_uncounted"
    if reason == "single_view" and not values["n_types"]:
        return "no_source"
    if reason in ("weighted", "weighted_hearsay") and not figures.get("segments"):
        return "weighted_none"
    if reason == "recurs" and figures.get("replicated_by"):  # informants without roles, by site
        return "recurs_by"
    if reason in ("one_source_type", "single_view") and figures.get("grouped_by") and values["n_types"]:
        return f"{reason}_by"
    if reason == "recurs" and not values["n_recurring"] and not values["n_types"]:
        return "recurs_none"
    return reason


def number(value: float, language: str) -> str:
    """A figure as a reader writes it: at most two decimals, none when whole, thousands
    marked, and in Indonesian a decimal comma and a thousands point (85, 117,5, 0,67,
    91.254,5)."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.translate(_ID_MARKS) if language == "id" else text


_ID_MARKS = str.maketrans({",": ".", ".": ","})


def counted(values: dict, language: str) -> dict:
    """`values` with each whole number as a sentence writes it, thousands marked (18.720 in
    Indonesian, 18,720 in English): a survey's counts run to tens of thousands."""
    return {key: count(int(value), language)
            if isinstance(value, numbers.Integral) and not isinstance(value, bool) else value
            for key, value in values.items()}


def fixed(value: float, language: str) -> str:
    """A figure with two decimals, as a table aligns them (0,33 and 1,00 in Indonesian)."""
    text = f"{value:.2f}"
    return text.replace(".", ",") if language == "id" else text


def percent(share: float, language: str) -> str:
    return f"{share:.0%}"  # the same in both languages: 59%


MONTHS = {
    "id": ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
           "Oktober", "November", "Desember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
}


def long_date(iso: str, language: str) -> str:
    """"30 November 2026" (day, month, year in both languages) from "2026-11-30" or a timestamp
    that starts with one: how a reader writes a date (PUEBI in Indonesian); ISO stays in files."""
    year, month, day = iso[:10].split("-")
    return f"{int(day)} {MONTHS[language][int(month) - 1]} {year}"


def count(value: int, language: str) -> str:
    """A whole number with its thousands marked: 12.345 in Indonesian, 12,345 in English."""
    return with_thousands(value, THOUSANDS_MARKS.get(language, ","))


def alternatives(items, language: str) -> str:
    """"a", "a atau b", "a, b, atau c" (English "a, b or c"): any one of them."""
    items = [str(item) for item in items]
    if len(items) <= 2:
        return f" {WORDING[language]['or']} ".join(items)
    return f"{', '.join(items[:-1])}{WORDING[language]['serial_comma']} {WORDING[language]['or']} {items[-1]}"


def names(items, language: str, shown: int | None = 3) -> str:
    """"a", "a dan b", "a, b, dan c", "a, b, c, dan d", "a, b, c, dan 2 lainnya" (English: "a, b
    and c", "and 2 others"): never "and 1 other", which would take the room of its name. All
    of them when `shown` is None. Indonesian puts a comma before the last "dan" of three or
    more (PUEBI: "kertas, pena, dan tinta"); English leaves it out, as the reports do."""
    items = [str(item) for item in items if item is not None]
    wording = WORDING[language]
    if shown is not None and len(items) > shown + 1:
        return wording["names_more"].format(names=", ".join(items[:shown]), more=count(len(items) - shown, language))
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return f"{items[0]} {wording['and']} {items[1]}"
    return f"{', '.join(items[:-1])}{wording['serial_comma']} {wording['and']} {items[-1]}"


def _weight_list(figures: dict, language: str) -> str:
    """"wawancara ×1; dokumen dan observasi ×1,5": each source type behind the support, by
    its weight (all the weights when the figures do not say which types are behind it)."""
    wording = WORDING[language]
    weights = figures["weights"]
    present = figures.get("source_types") or sorted(weights)
    by_weight: dict[float, list[str]] = {}
    for source_type in present:
        by_weight.setdefault(float(weights.get(source_type, 1.0)), []).append(wording.get(source_type, source_type))
    return "; ".join(wording["weight_item"].format(types=names(types, language, shown=len(types)),
                                                   weight=number(weight, language))
                     for weight, types in sorted(by_weight.items()))


# "1 informants" -> "1 informant", "1 contrary segments" -> "1 contrary segment"; "1 of 10
# informants" is left alone, since there the noun counts the 10. Only the nouns our sentences
# count: a verb after a singular noun ("1 informant gives") is not a plural to cut.
# (Indonesian nouns do not inflect.)
_ONE_PLURAL = re.compile(r"\b1 ((?:[a-z-]+ )?)(informant|segment|role|source|type|case|code|coding|"
                         r"counterexample|coder|unit|document|quote|word|term|one|row|column|note|memo|"
                         r"decision|file|suggestion|sheet|user|variable|selection)s\b")


def singular_after_one(text: str) -> str:
    return _ONE_PLURAL.sub(lambda m: f"1 {m.group(1)}{m.group(2)}", text)
