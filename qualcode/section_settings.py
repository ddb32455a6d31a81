"""The [coding] and [report] tables of qualcode.toml, checked: each setting's value, or one
line naming the setting (`fail(message, key, table)` makes the error with its line)."""

from __future__ import annotations

import math

from qualcode.textrules import UNUSABLE

CODING_UNITS = ("turn", "paragraph", "sentence")
_CODING_SETTINGS = ("unit", "threshold", "interviewers")
# [report] attribution: under a quote, the informant's position and role (the default), the
# role only (a position one person holds names them), or the case id only
ATTRIBUTIONS = ("position", "role", "case")


def coding_settings(section, fail) -> dict:
    """[coding] unit and threshold, checked; `fail(message, key, table)` makes the error."""
    if not isinstance(section, dict):
        raise fail("`coding` must be the [coding] table of settings", "coding", None)
    unknown = sorted(set(section) - set(_CODING_SETTINGS))
    if unknown:
        raise fail(f"unknown setting {unknown[0]!r} in [coding]; known: {', '.join(_CODING_SETTINGS)}",
                   unknown[0], "coding")
    settings = {}
    if "unit" in section:
        unit = section["unit"]
        if unit not in CODING_UNITS:
            raise fail(f"[coding] unit {unit!r} is not a coding unit; use {', '.join(CODING_UNITS)}",
                       "unit", "coding")
        settings["unit"] = unit
    if "threshold" in section:
        threshold = section["threshold"]
        # bool is an int to Python, but `threshold = true` is a mistake, not a number
        # not above 0, NaN, or infinite (which would withdraw every suggestion)
        if (isinstance(threshold, bool) or not isinstance(threshold, (int, float))
                or not 0 < threshold < math.inf):
            raise fail(f"[coding] threshold must be a number above 0, like 1.0, not {threshold!r}",
                       "threshold", "coding")
        settings["threshold"] = float(threshold)
    if "interviewers" in section:
        labels = section["interviewers"]
        if not isinstance(labels, list) or not all(isinstance(x, str) and x.strip() for x in labels):
            raise fail(f'[coding] interviewers must be a list of speaker labels, like ["Rina Peneliti"], '
                       f"not {labels!r}", "interviewers", "coding")
        settings["interviewers"] = frozenset(labels)
    return settings


def report_settings(section, fail) -> dict:
    """[report] attribution, group_by, chapter and title, checked."""
    if not isinstance(section, dict):
        raise fail("`report` must be the [report] table of settings", "report", None)
    known = ("attribution", "group_by", "chapter", "title")
    unknown = sorted(set(section) - set(known))
    if unknown:
        raise fail(f"unknown setting {unknown[0]!r} in [report]; known: {', '.join(known)}", unknown[0], "report")
    settings = {}
    if "attribution" in section:
        if section["attribution"] not in ATTRIBUTIONS:
            raise fail(f"[report] attribution must be one of {', '.join(ATTRIBUTIONS)}, not "
                       f"{section['attribution']!r}", "attribution", "report")
        settings["attribution"] = section["attribution"]
    if "group_by" in section:
        value = section["group_by"]
        if not isinstance(value, str) or not value.strip():
            raise fail("[report] group_by must name a case attribute (role, kecamatan …) or be "
                       f"\"case\", not {value!r}", "group_by", "report")
        settings["group_by"] = value.strip()
    if "chapter" in section:
        value = section["chapter"]
        if type(value) is not int or not 1 <= value <= 99:
            raise fail(f"[report] chapter must be a chapter number from 1 to 99, like 4, not {value!r}",
                       "chapter", "report")
        settings["chapter"] = value
    if "title" in section:
        settings["report_titles"] = _report_titles(section["title"], fail)
    return settings


def _report_titles(value, fail) -> tuple[tuple[str, str], ...]:
    """[report] title: one text, or a table of texts by language."""
    given = value.items() if isinstance(value, dict) else [("*", value)]
    titles = []
    for language, text in given:
        if not isinstance(text, str) or not text.strip() or not isinstance(language, str):
            raise fail('[report] title must be non-empty text, or a table of texts by language '
                       f'({{ id = "Hasil dan Pembahasan", en = "Findings" }}), not {value!r}', "title", "report")
        if UNUSABLE.search(text):
            raise fail("[report] title holds a control character, which no report can hold", "title", "report")
        titles.append((language, " ".join(text.split())))
    return tuple(titles)
