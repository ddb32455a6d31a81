"""Stage inputs as DataFrames, built from the typed model."""

from __future__ import annotations

import json

import pandas as pd

from qualcode.model import Case, Codebook, Coding, Source
from qualcode.textrules import natural_key

SEGMENT_COLUMNS = ["segment_id", "source_id", "case_id", "source_type", "language", "speaker",
                   "timestamp", "codable", "start", "end", "text", "date"]
# `matched`: the distinct matched terms; `spans`: where the matches are in the segment's text,
# ((start, end, weight), ...) in code points, what a quote is cut around (a person's own
# coding has none)
CODING_COLUMNS = ["segment_id", "code_id", "coder", "origin", "status", "score", "matched", "spans"]


def segments_frame(sources: list[Source]) -> pd.DataFrame:
    rows = [
        (seg.id, src.id, seg.case_id or src.case_id, src.source_type, src.language, seg.speaker, seg.timestamp,
         seg.codable, seg.start, seg.end, seg.text, src.date)
        for src in sources for seg in src.segments
    ]
    return pd.DataFrame(rows, columns=SEGMENT_COLUMNS)


def codings_frame(codings: list[Coding]) -> pd.DataFrame:
    rows = [(c.segment_id, c.code_id, c.coder, c.origin, c.status, c.score, list(c.terms),
             tuple((m.start, m.end, m.weight) for m in c.matched)) for c in codings]
    return pd.DataFrame(rows, columns=CODING_COLUMNS)


def _one_object(values, known: dict | None = None) -> list:
    """The values, each equal value as one shared object (the first seen, or the one in
    `known`). The store hands every row a fresh string; shared ones make the frame smaller,
    and every later lookup faster: a string's hash is kept on the object, and equal
    objects compare by identity first."""
    known = {} if known is None else known
    return [known.setdefault(value, value) for value in values]


def segments_frame_from_rows(rows: list[tuple]) -> pd.DataFrame:
    """segments_frame from the store's bulk segment rows (qualcode.store.bulk.SEGMENT_ROW):
    the same frame, without a Source and a Segment object per row."""
    if not rows:
        return pd.DataFrame([], columns=SEGMENT_COLUMNS)
    source_id, ordinal, start, end, speaker, timestamp, codable, text, source_type, language, date, \
        case_id = zip(*rows)
    return pd.DataFrame({
        "segment_id": [f"{s}:{o}" for s, o in zip(source_id, ordinal)],
        "source_id": _one_object(source_id), "case_id": case_id, "source_type": source_type,
        "language": language, "speaker": _one_object(speaker), "timestamp": _one_object(timestamp),
        "codable": [bool(c) for c in codable], "start": start, "end": end,
        "text": [body[a:b] for body, a, b in zip(text, start, end)], "date": date,
    }, columns=SEGMENT_COLUMNS)


def codings_frame_from_rows(rows: list[tuple], segment_ids: pd.Series | None = None) -> pd.DataFrame:
    """codings_frame from the store's bulk coding rows (qualcode.store.bulk.CODING_ROW):
    the same frame (`matched` holds the distinct matched terms, as Coding.terms does, and
    `spans` where they are),
    without a Coding and its Match objects per row. `segment_ids` (the segments frame's):
    each coding's segment id is then the very object the segments frame holds."""
    if not rows:
        return pd.DataFrame([], columns=CODING_COLUMNS)
    segment_id, code_id, coder, origin, status, score, hits, first, matched = zip(*rows)
    loads = json.loads
    terms, spans = [], []
    for n, one, many in zip(hits, first, matched):
        if n == 1:
            term, at, to, weight_ = loads(one)
            terms.append([term])
            spans.append(((at, to, weight_),))
        elif n:
            found = loads(many)
            terms.append(list(dict.fromkeys(m["term"] for m in found)))
            spans.append(tuple((m["start"], m["end"], m["weight"]) for m in found))
        else:
            terms.append([])
            spans.append(())
    known = {} if segment_ids is None else {i: i for i in segment_ids.tolist()}
    return pd.DataFrame({"segment_id": _one_object(segment_id, known), "code_id": _one_object(code_id),
                         "coder": _one_object(coder), "origin": _one_object(origin),
                         "status": _one_object(status), "score": score, "matched": terms, "spans": spans},
                        columns=CODING_COLUMNS)


def dated_by_case(segments: pd.DataFrame, cases: list[Case]) -> pd.DataFrame:
    """Segments whose source has no date of its own take their case's `date` attribute (a
    caption file has no front matter: its date comes from cases.csv)."""
    dates = {c.id: str(c.attributes["date"]) for c in cases if c.attributes.get("date") not in (None, "")}
    if not dates or "date" not in segments:
        return segments
    undated = segments["date"].isna() | (segments["date"] == "")
    if undated.any():
        segments = segments.copy()
        segments.loc[undated, "date"] = segments.loc[undated, "case_id"].map(dates)
    return segments


def cases_frame(cases: list[Case]) -> pd.DataFrame:
    frame = pd.DataFrame([{"case_id": c.id, **c.attributes} for c in cases])
    if frame.empty:
        frame = pd.DataFrame(columns=["case_id", "role"])
    if "role" not in frame:
        frame["role"] = None
    # a survey's rows in their order: survei-row-2 before survei-row-10
    return frame.sort_values("case_id", key=lambda ids: ids.map(lambda i: natural_key(str(i)))
                             ).reset_index(drop=True)


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
