"""Quotes for display cells: the best-scored segments, trimmed, with who said them.

Choosing is done on integer codes over the whole coding frame (sort once, keep the first
rows per cell); texts are only looked up for the few segments chosen.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

QUOTE_OPEN, QUOTE_CLOSE = "\u201c", "\u201d"
ELLIPSIS = " \u2026"


def trim_text(text: pd.Series, max_chars: int) -> pd.Series:
    """Whitespace collapsed; longer texts cut at a word boundary with an ellipsis. (str.split
    splits where the regex \\s+ matches; str methods take a fifth of the time of pandas'
    regex replace, which was most of a large project's framework matrix.)"""
    return pd.Series([trimmed(str(value), max_chars) for value in text.astype(object).fillna("")],
                     index=text.index, dtype=str)


def trimmed(text: str, max_chars: int, strip: str = ",;:.") -> str:
    """One text, whitespace collapsed; past max_chars cut at a word boundary, `strip`
    characters dropped from the cut's end, and an ellipsis added."""
    flat = " ".join(text.split())
    if len(flat) <= max_chars:
        return flat
    cut = flat[:max_chars]
    space = cut.rfind(" ")  # the last (partial) word goes, and the space before it
    return (cut[:space] if space >= 0 else cut).rstrip(strip) + ELLIPSIS


def _text(values: pd.Series) -> pd.Series:
    values = values.astype(object)
    return values.where(values.notna() & (values.astype(str).str.strip() != ""), None)


def attribution(rows: pd.DataFrame, by: str = "case") -> pd.Series:
    """Who said it. by="case": the informant (case id), or the source and its type when there
    is no case. by="source" (rows are already informants): the source id, and the speaker."""
    source = rows["source_id"].astype(object).astype(str)
    if by == "source":
        speaker = _text(rows["speaker"]) if "speaker" in rows else pd.Series(None, index=rows.index)
        return source.where(speaker.isna(), source + ", " + speaker.astype(str))
    case = _text(rows["case_id"])
    fallback = source + ", " + rows["source_type"].astype(object).astype(str)
    return case.where(case.notna(), fallback).astype(str)


def _cell_codes(frame: pd.DataFrame, keys: list[str]) -> np.ndarray:
    cell = np.zeros(len(frame), dtype=np.int64)
    for key in keys:  # a handful of key columns, not cells
        codes, labels = pd.factorize(frame[key], sort=True)
        cell = cell * (len(labels) + 1) + (codes + 1)
    return cell


def _first_of_each(keys: np.ndarray) -> np.ndarray:
    """Positions of the first occurrence of each distinct key, in their original order."""
    by_key = np.argsort(keys, kind="stable")
    ordered = keys[by_key]
    return np.sort(by_key[np.r_[True, ordered[1:] != ordered[:-1]]]) if len(keys) else by_key


def pick_quotes(frame: pd.DataFrame, segments: pd.DataFrame, keys: list[str], limit: int,
                max_chars: int, distinct: str | None = "case_id", by: str = "case") -> pd.DataFrame:
    """The best `limit` segments per cell (cell = the `keys` columns of `frame`, a coded
    frame over `segments`), by coding score, ties to the earlier segment in reading order;
    one per informant when `distinct` is "case_id". Returns the keys (as text), segment_id
    and quote (`“text” (who)`, see `attribution`), best first within each cell."""
    empty = pd.DataFrame(columns=[*keys, "segment_id", "quote"], dtype=object)
    if frame.empty:
        return empty
    cell = _cell_codes(frame, keys)
    score = frame["score"].to_numpy(dtype=float)
    rank = frame["_rank"].to_numpy()
    order = np.lexsort((rank, -score, cell))  # by cell, best score first, then reading order
    cell = cell[order]
    keep = _first_of_each(cell * (int(rank.max()) + 1) + rank[order])  # a segment once per cell
    order, cell = order[keep], cell[keep]
    if distinct:
        who = _who_codes(frame, distinct)[order]
        keep = _first_of_each(cell * (int(who.max()) + 2) + (who + 1))  # an informant once per cell
        order, cell = order[keep], cell[keep]
    starts = np.r_[0, np.flatnonzero(np.diff(cell) != 0) + 1]
    position = np.arange(len(cell)) - np.repeat(starts, np.diff(np.r_[starts, len(cell)]))
    chosen = frame.iloc[order[position < limit]]
    if chosen.empty:
        return empty
    seg = chosen["_seg"].to_numpy()
    info = pd.DataFrame({
        "text": segments["text"].to_numpy()[seg],
        "case_id": segments["case_id"].to_numpy()[seg] if "case_id" in segments else None,
        "source_id": segments["source_id"].to_numpy()[seg],
        "source_type": segments["source_type"].to_numpy()[seg] if "source_type" in segments else "",
        "speaker": segments["speaker"].to_numpy()[seg] if "speaker" in segments else None,
    })
    quote = QUOTE_OPEN + trim_text(info["text"], max_chars) + QUOTE_CLOSE + " (" + attribution(info, by) + ")"
    out = pd.DataFrame({key: chosen[key].astype(object).map(str).to_numpy() for key in keys})
    out["segment_id"] = chosen["segment_id"].astype(object).to_numpy()
    out["quote"] = quote.to_numpy()
    return out


def _codes(values: pd.Series) -> np.ndarray:
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.codes.to_numpy().astype(np.int64)
    return pd.factorize(values.astype(object))[0].astype(np.int64)


def _who_codes(frame: pd.DataFrame, column: str) -> np.ndarray:
    """Informant codes; a segment without an informant counts under its source instead."""
    codes, sources = _codes(frame[column]), _codes(frame["source_id"])
    return np.where(codes >= 0, codes, int(codes.max(initial=-1)) + 1 + sources)


def quote_cells(quotes: pd.DataFrame, row: str, column: str) -> pd.DataFrame:
    """Quotes joined one per line per cell, pivoted to a row × column table of text."""
    if quotes.empty:
        return pd.DataFrame(dtype=object)
    joined = quotes.groupby([row, column], sort=True)["quote"].agg("\n".join)
    return joined.unstack(column)
