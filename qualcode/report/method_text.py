"""The method section's sentences that depend on the study's data: what was left uncoded,
the tables' rows without an answer, who spoke in focus groups, how source types are weighed,
which displays were built."""

from __future__ import annotations

import pandas as pd

from qualcode.conclude.wording import count, names
from qualcode.report.i18n import term


def table_rows_sentence(table_rows: dict[str, tuple[int, int]], t: dict, language: str) -> list[str]:
    """The rows of the study's tables that held no answer, which the analysis never saw (a
    survey's "tidak ada"): a reader weighing the counts needs them. None when every row had one."""
    rows = sum(r for r, _ in table_rows.values())
    left_out = sum(n for _, n in table_rows.values())
    if not left_out:
        return []
    return [t["method_table_rows"].format(rows=count(rows, language), left_out=count(left_out, language))]


def weights_sentence(segments: pd.DataFrame, t: dict, language: str) -> str:
    """How the study's own source types are weighed, those counted above one (documents ×1.5):
    "" for a study of interviews alone, which has none to name."""
    from qualcode.conclude.sides import SOURCE_WEIGHTS
    from qualcode.report.i18n import plural_en

    present = set(segments.loc[segments["codable"].astype(bool), "source_type"])
    by_weight: dict[float, list[str]] = {}
    for kind in sorted(present, key=lambda k: (-SOURCE_WEIGHTS.get(k, 1.0), k)):
        if SOURCE_WEIGHTS.get(kind, 1.0) != 1.0:
            word = term(t, kind)
            by_weight.setdefault(SOURCE_WEIGHTS[kind], []).append(plural_en(word) if language == "en" else word)
    if not by_weight:
        return ""
    weighted = [t["weighted_type"].format(type=names(kinds, language, shown=None),
                                          weight=f"{weight:g}".replace(".", "," if language == "id" else "."))
                for weight, kinds in by_weight.items()]
    return t["method_weights"].format(weighted=names(weighted, language, shown=None))


def uncoded(segments: pd.DataFrame, t: dict, language: str) -> str:
    """What the segments not coded are: interviewers' turns, a table's headings and replies."""
    kinds = set(segments.loc[~segments["codable"].astype(bool), "source_type"])
    said = [t["uncoded_turns"]] if kinds - {"response"} or not kinds else []
    said += [t["uncoded_tables"]] if "response" in kinds else []
    return names(said, language)


def group_sentence(cases, t: dict, language: str) -> list[str]:
    """How many informants spoke in focus groups (cases with a `group`, see
    qualcode.ingest.group_cases), and what that means for reading the counts."""
    from qualcode.ingest.group_cases import GROUP_ATTRIBUTE

    if GROUP_ATTRIBUTE not in cases or cases[GROUP_ATTRIBUTE].isna().all():
        return []
    grouped = cases[cases[GROUP_ATTRIBUTE].notna() & (cases[GROUP_ATTRIBUTE].astype(str) != "")]
    return [t["method_groups"].format(participants=count(len(grouped), language),
                                      groups=count(grouped[GROUP_ATTRIBUTE].nunique(), language))]


def display_kinds(displays: dict, t: dict) -> str:
    """The kinds of display built, in words and in their order ("matriks kasus × kode (2),
    matriks berurut peran"): a method section names methods, not the project's ids."""
    counted: dict[str, int] = {}
    for display in displays.values():
        counted[display.kind] = counted.get(display.kind, 0) + 1
    return ", ".join(t.get(f"display_kind_{kind}", kind) + (f" ({n})" if n > 1 else "")
                     for kind, n in counted.items())
