"""Stage inputs as DataFrames, built from the typed model."""

from __future__ import annotations

import pandas as pd

from qualcode.model import Case, Codebook, Coding, Source

SEGMENT_COLUMNS = ["segment_id", "source_id", "case_id", "source_type", "language", "speaker",
                   "timestamp", "codable", "start", "end", "text", "date"]
CODING_COLUMNS = ["segment_id", "code_id", "coder", "origin", "status", "score", "matched"]


def segments_frame(sources: list[Source]) -> pd.DataFrame:
    rows = [
        (seg.id, src.id, src.case_id, src.source_type, src.language, seg.speaker, seg.timestamp,
         seg.codable, seg.start, seg.end, seg.text, src.date)
        for src in sources for seg in src.segments
    ]
    return pd.DataFrame(rows, columns=SEGMENT_COLUMNS)


def codings_frame(codings: list[Coding]) -> pd.DataFrame:
    rows = [(c.segment_id, c.code_id, c.coder, c.origin, c.status, c.score, list(c.terms))
            for c in codings]
    return pd.DataFrame(rows, columns=CODING_COLUMNS)


def cases_frame(cases: list[Case]) -> pd.DataFrame:
    frame = pd.DataFrame([{"case_id": c.id, **c.attributes} for c in cases])
    if frame.empty:
        frame = pd.DataFrame(columns=["case_id", "role"])
    if "role" not in frame:
        frame["role"] = None
    return frame.sort_values("case_id").reset_index(drop=True)


def with_rollup(codings: pd.DataFrame, codebook: Codebook, depth: str) -> pd.DataFrame:
    """Add `column_code`: the code itself (depth 'code') or its top-level ancestor ('dimension')."""
    out = codings.copy()
    if depth == "code":
        out["column_code"] = out["code_id"]
    else:
        tops = {code.id: codebook.top_level(code.id) for code in codebook.codes}
        out["column_code"] = out["code_id"].map(tops).fillna(out["code_id"])
    return out


def column_order(codebook: Codebook, depth: str) -> list[str]:
    """Framework dimensions first, then cross-cutting codes; at code depth, each with its children."""
    tops = list(codebook.framework.dimensions) + list(codebook.framework.cross_cutting)
    tops += [c.id for c in codebook.codes if c.parent is None and c.id not in tops]
    if depth != "code":
        return tops
    ordered: list[str] = []

    def walk(code_id: str) -> None:
        ordered.append(code_id)
        for child in codebook.children(code_id):
            walk(child.id)

    for top in tops:
        walk(top)
    return ordered
