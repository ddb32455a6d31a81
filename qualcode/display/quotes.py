"""Quotes for display cells: the best-scored segments, trimmed, with who said them.

Choosing is done on integer codes over the whole coding frame (sort once, keep the first
rows per cell); texts are only looked up for the few segments chosen.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice

import numpy as np
import pandas as pd

from qualcode.ingest.sentences import sentence_spans
from qualcode.model import answered_headings

QUOTE_OPEN, QUOTE_CLOSE = "\u201c", "\u201d"
ELLIPSIS = " \u2026"


def trim_text(text: pd.Series, max_chars: int, spans: pd.Series | None = None) -> pd.Series:
    """Whitespace collapsed; longer texts shortened by `excerpt`, around each row's matched
    `spans` where given. (str.split splits where the regex \\s+ matches; str methods take a
    fifth of the time of pandas' regex replace, which was most of a large project's
    framework matrix.)"""
    values = text.astype(object).fillna("")
    found = [()] * len(values) if spans is None else spans.tolist()
    return pd.Series([excerpt(str(value), max_chars, where or ()) for value, where in zip(values, found)],
                     index=text.index, dtype=str)


def trimmed(text: str, max_chars: int, strip: str = ",;:.") -> str:
    """One text, whitespace collapsed; past max_chars cut at a word boundary, `strip`
    characters dropped from the cut's end, and an ellipsis added."""
    flat = " ".join(text.split())
    if len(flat) <= max_chars:
        return flat
    return _cut_words(flat, max_chars, strip) + ELLIPSIS


def _cut_words(flat: str, max_chars: int, strip: str, whole_words: bool = False) -> str:
    """flat[:max_chars] without its last (perhaps partial) word and the space before it;
    with no space in it, all of it, or nothing when `whole_words`."""
    cut = flat[:max_chars]
    if len(flat) <= max_chars:
        return cut
    space = cut.rfind(" ")
    return (cut[:space] if space >= 0 else "" if whole_words else cut).rstrip(strip)


LEADING_ELLIPSIS = "\u2026 "
# Excerpts remembered: a large project's framework and role-ordered matrices quote tens of
# thousands of segments, the same ones (and the report again); with a smaller memory each
# display worked every excerpt out anew
QUOTED_SEGMENTS = 1 << 15
_LIST_MARKER_END = re.compile(r"(?:^|[\s:;(])\w\.$")  # "beranggotakan: a." goes on into "Sekretaris …"
_SPACE = re.compile(r"\s+")
_PARAGRAPH = re.compile(r"\n[^\S\n]*\n\s*")


@lru_cache(maxsize=4096)  # a segment is quoted in several displays and the report
def sentences(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) offsets of the sentences of `text`, paragraph by paragraph; a piece that
    ends in a list marker (`a.`) runs on into the next."""
    found: list[tuple[int, int]] = []
    start = 0
    for gap in [*_PARAGRAPH.finditer(text), None]:
        stop = gap.start() if gap else len(text)
        for piece in sentence_spans(text, start, stop):
            if found and _LIST_MARKER_END.search(text[found[-1][0]:found[-1][1]]):
                found[-1] = (found[-1][0], piece[1])
            else:
                found.append(piece)
        start = gap.end() if gap else stop
    return tuple(found)


@lru_cache(maxsize=4096)
def _flat_sentences(text: str) -> tuple[str, ...]:
    """Each sentence of `text`, its whitespace collapsed."""
    return tuple(" ".join(text[a:b].split()) for a, b in sentences(text))


def excerpt(text: str, max_chars: int, spans=(), strip: str = ",;:.") -> str:
    """`_excerpt`, remembered: one segment is quoted by several displays and the report."""
    return _excerpt(text, max_chars, tuple(tuple(span) for span in spans), strip)


@lru_cache(maxsize=QUOTED_SEGMENTS)
def _excerpt(text: str, max_chars: int, spans: tuple, strip: str) -> str:
    """The text, whitespace collapsed; longer than max_chars, what a quote shows of it.

    With `spans` (the matched terms, (start, end, weight) offsets into `text`): the run of
    whole sentences that fits and holds the most matched weight (of equals, the one that
    opens on a match, then the first), read on with the sentences after it while they fit;
    the next one is cut at a word boundary only when a third of the room or more is left.
    When the heaviest sentence alone is longer than the room, it is cut at word boundaries
    around its first heaviest match. An ellipsis marks text left out at either end (the
    limit counts the text, not the ellipses). Without spans (a person's coding), `trimmed`:
    the start, cut at a word boundary."""
    flat = " ".join(text.split())
    if len(flat) <= max_chars:
        return flat
    pieces = sentences(text) if spans else []
    if not pieces:
        return trimmed(text, max_chars, strip)
    weight = [0.0] * len(pieces)
    for at, _, w in dict.fromkeys(tuple(span) for span in spans):
        for i, (start, end) in enumerate(pieces):
            if start <= at < end:
                weight[i] += float(w or 0)
                break
    flats = _flat_sentences(text)
    heaviest = max(range(len(pieces)), key=lambda i: (weight[i], -i))
    if len(flats[heaviest]) > max_chars:
        return _inside_sentence(text, pieces, heaviest, spans, max_chars, strip)
    best = None
    for first in range(len(pieces)):
        last, used = first - 1, -1
        while last + 1 < len(pieces) and used + 1 + len(flats[last + 1]) <= max_chars:
            last, used = last + 1, used + 1 + len(flats[last + 1])
        if last < first:
            continue
        key = (sum(weight[first:last + 1]), weight[first] > 0, -first)
        if best is None or key > best[0]:
            best = (key, first, last, used)
    _, first, last, used = best
    body = " ".join(flats[first:last + 1])
    room = max_chars - used - 1
    cut_inside = False
    if last + 1 < len(pieces) and room >= max(40, max_chars // 3):
        more = _cut_words(flats[last + 1], room, strip, whole_words=True)
        if more:
            body, cut_inside = f"{body} {more}", True
    head = LEADING_ELLIPSIS if first > 0 else ""
    tail = ELLIPSIS if cut_inside or last < len(pieces) - 1 else ""
    return head + body + tail


def _inside_sentence(text: str, pieces, index: int, spans, max_chars: int, strip: str) -> str:
    """A sentence longer than max_chars: max_chars of it at word boundaries, from its start
    when its first heaviest match fits there, else from a little before that match."""
    start, end = pieces[index]
    inside = [(a, b, float(w or 0)) for a, b, w in spans if start <= a < end]
    if inside:
        heaviest = max(w for _, _, w in inside)
        at, to, _ = min(s for s in inside if s[2] == heaviest)
    else:
        at = to = start
    if to - start > max_chars:
        begin = max(start, at - max_chars // 4)
        space = _SPACE.search(text, begin, at)
        start = space.end() if space else at  # from a whole word
    flat = " ".join(text[start:end].split())
    body = flat if len(flat) <= max_chars else _cut_words(flat, max_chars, strip)
    head = LEADING_ELLIPSIS if start > 0 else ""
    tail = ELLIPSIS if len(flat) > max_chars or index < len(pieces) - 1 else ""
    return head + body + tail


def _text(values: pd.Series) -> pd.Series:
    values = values.astype(object)
    return values.where(values.notna() & (values.astype(str).str.strip() != ""), None)


def attribution(rows: pd.DataFrame, by: str = "case") -> pd.Series:
    """Who said it, and where, so a quote can be traced: the segment id (`com-ketua-rw:14`).
    by="case": led by the informant (case id) when the source is named otherwise, or followed
    by the source type when there is no case. by="source" (rows are already informants): the
    segment id, and the speaker where its source has several (see `_many_voices`)."""
    source = rows["source_id"].astype(object).astype(str)
    where = rows["segment_id"].astype(object).astype(str) if "segment_id" in rows else source
    if by == "source":
        speaker = _text(rows["speaker"]) if "speaker" in rows else pd.Series(None, index=rows.index)
        return where.where(speaker.isna(), where + ", " + speaker.astype(str))
    case = _text(rows["case_id"])
    named = where.where(case.isna() | (case == source), case.astype(str) + ", " + where)
    fallback = where + ", " + rows["source_type"].astype(object).astype(str)
    return named.where(case.notna(), fallback).astype(str)


def _many_voices(segments: pd.DataFrame, source_ids: pd.Series) -> set:
    """Of these sources, those whose codable text has more than one speaker (a focus group):
    only there does a quote need its speaker. In an interview the one codable voice is the
    informant the row already names, and a transcript's label for it ("I", "Narasumber", a
    name) tells a reader nothing more, or too much."""
    wanted = segments[segments["source_id"].isin(pd.unique(source_ids))]
    if "codable" in wanted:
        wanted = wanted[wanted["codable"]]
    voices = wanted.groupby("source_id", sort=False)["speaker"].nunique()
    return set(voices.index[voices > 1])


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


# A segment this many times the median length of those quoted from is an outlier (a complaint
# of 4,000 characters among short ones): it matches more terms, so it scores higher and would
# be quoted in every cell; it comes after the others. Only among enough segments to say so.
OUTLIER_LENGTH = 4.0
OUTLIER_CANDIDATES = 20


def far_longer(lengths: np.ndarray) -> np.ndarray:
    """Which of these lengths (of the segments a quote is chosen from) are outliers."""
    if len(lengths) < OUTLIER_CANDIDATES:
        return np.zeros(len(lengths), dtype=bool)
    return lengths > OUTLIER_LENGTH * np.median(lengths)


_NOT_WORDS = re.compile(r"[\W\d_]+")


def words_key(text: str) -> str:
    """A text's words, whatever their case, punctuation and numbers: two quotes with the same
    key say the same thing ("calo minta 400rb" and "Calo minta 500rb!", a template answered
    by many), and one of them is enough."""
    return _NOT_WORDS.sub(" ", str(text).casefold()).strip()


def pick_quotes(frame: pd.DataFrame, segments: pd.DataFrame, keys: list[str], limit: int,
                max_chars: int, distinct: str | None = "case_id", by: str = "case",
                spread: str | None = None) -> pd.DataFrame:
    """The best `limit` segments per cell (cell = the `keys` columns of `frame`, a coded
    frame over `segments`): those a person has coded first, then by coding score, ties to
    the earlier segment in reading order;
    one per informant when `distinct` is "case_id". With `spread` (the key that names a
    row) and no `distinct`, a row quotes a segment coded under several of its columns once,
    unless a cell has no other segment to show. Returns the
    keys (as text), segment_id and quote (`“text” (who)`, see `attribution`), best first
    within each cell."""
    empty = pd.DataFrame(columns=[*keys, "segment_id", "quote"], dtype=object)
    if frame.empty:
        return empty
    cell = _cell_codes(frame, keys)
    score = frame["score"].to_numpy(dtype=float)
    rank = frame["_rank"].to_numpy()
    intro = _introductions(frame, segments)
    # a person's coding before the machine's suggestions: the machine may misread
    unreviewed = (frame["status"].to_numpy(dtype=object) != "accepted" if "status" in frame
                  else np.zeros(len(frame), dtype=bool))
    # by cell, an informant introducing themself last (their job title is full of codebook
    # terms), and a far longer segment than the others, then the reviewed first, then best
    # score first, then reading order
    longer = far_longer(segments["text"].str.len().to_numpy()[frame["_seg"].to_numpy()])
    order = np.lexsort((rank, -score, unreviewed, longer, intro, cell))
    cell = cell[order]
    keep = _first_of_each(cell * (int(rank.max()) + 1) + rank[order])  # a segment once per cell
    order, cell = order[keep], cell[keep]
    if spread and not distinct:
        order = _spread_in_rows(frame, order, cell, spread, limit)
    if distinct:
        who = _who_codes(frame, distinct)[order]
        keep = _first_of_each(cell * (int(who.max()) + 2) + (who + 1))  # an informant once per cell
        order, cell = order[keep], cell[keep]
    if len(order):  # the same words once per cell (a survey's template answer, copied complaints)
        # each segment's words once, however many cells quote it
        quoted, at = np.unique(frame["_seg"].to_numpy()[order], return_inverse=True)
        said = pd.factorize(np.array([words_key(text) for text in segments["text"].to_numpy()[quoted]],
                                     dtype=object))[0][at]
        keep = _first_of_each(cell * (int(said.max()) + 1) + said)
        order, cell = order[keep], cell[keep]
    chosen = frame.iloc[order[_positions(cell) < limit]]
    if chosen.empty:
        return empty
    seg = chosen["_seg"].to_numpy()
    info = pd.DataFrame({
        "segment_id": chosen["segment_id"].astype(object).to_numpy(),
        "text": segments["text"].to_numpy()[seg],
        "case_id": segments["case_id"].to_numpy()[seg] if "case_id" in segments else None,
        "source_id": segments["source_id"].to_numpy()[seg],
        "source_type": segments["source_type"].to_numpy()[seg] if "source_type" in segments else "",
        "speaker": segments["speaker"].to_numpy()[seg] if "speaker" in segments else None,
    })
    if by == "source" and "speaker" in segments:
        info["speaker"] = info["speaker"].where(info["source_id"].isin(_many_voices(segments, info["source_id"])))
    spans = pd.Series(chosen["spans"].to_numpy(), dtype=object) if "spans" in chosen else None
    quote = QUOTE_OPEN + trim_text(info["text"], max_chars, spans) + QUOTE_CLOSE + " (" + attribution(info, by) + ")"
    out = pd.DataFrame({key: chosen[key].astype(object).map(str).to_numpy() for key in keys})
    out["segment_id"] = chosen["segment_id"].astype(object).to_numpy()
    out["quote"] = quote.to_numpy()
    return out


def _introductions(frame: pd.DataFrame, segments: pd.DataFrame) -> np.ndarray:
    """Per row of `frame`: is its segment an informant introducing themself? Decided once per
    segment, and only for the opening segments that can be one."""
    from qualcode.conclude.introductions import looks_like_introduction

    seg = frame["_seg"].to_numpy()
    flags = np.zeros(len(segments), dtype=bool)
    ids, texts = segments["segment_id"].to_numpy(), segments["text"].to_numpy()
    for at in np.unique(seg).tolist():
        flags[at] = looks_like_introduction(str(ids[at]), str(texts[at]))
    return flags[seg]


def _positions(cell: np.ndarray) -> np.ndarray:
    """Each item's place within its run of equal `cell` values (0 for the best)."""
    starts = np.r_[0, np.flatnonzero(np.diff(cell) != 0) + 1]
    return np.arange(len(cell)) - np.repeat(starts, np.diff(np.r_[starts, len(cell)]))


def _spread_in_rows(frame: pd.DataFrame, order: np.ndarray, cell: np.ndarray, row: str,
                    limit: int) -> np.ndarray:
    """`order` with each cell's `limit` quotes chosen so that one row repeats a segment only
    where a cell has nothing else to show: the same words twice in a row tell a reader
    nothing new. Cells with the fewest candidates choose first, each its best segments not
    yet quoted in the row; the chosen ones lead their cell, in their own order."""
    rows = _codes(frame[row])[order]
    segs = frame["_seg"].to_numpy()[order]
    starts = np.r_[0, np.flatnonzero(np.diff(cell) != 0) + 1]
    ends = np.r_[starts[1:], len(cell)]
    first = np.zeros(len(cell), dtype=bool)  # chosen for its cell
    cells_of_row: dict[int, list[int]] = {}
    for k, begin in enumerate(starts):
        cells_of_row.setdefault(int(rows[begin]), []).append(k)
    for cells in cells_of_row.values():
        used: set[int] = set()
        for k in sorted(cells, key=lambda k: (ends[k] - starts[k], k)):
            span = range(starts[k], ends[k])
            picked = list(islice((i for i in span if segs[i] not in used), limit))
            if len(picked) < limit:  # too few others: repeat the best already quoted
                picked += islice((i for i in span if segs[i] in used), limit - len(picked))
            first[picked] = True
            used.update(int(segs[i]) for i in picked)
    return order[np.lexsort((np.arange(len(cell)), ~first, cell))]


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
    # a dict of lists, not groupby's join: pandas cuts a Series out for every cell, which
    # took seconds for the tens of thousands of cells of a large project's matrices
    lines: dict[tuple, list[str]] = {}
    for key, quote in zip(zip(quotes[row].tolist(), quotes[column].tolist()), quotes["quote"].tolist()):
        lines.setdefault(key, []).append(quote)
    joined = pd.Series(["\n".join(found) for found in lines.values()],
                       index=pd.MultiIndex.from_tuples(list(lines), names=[row, column])).sort_index()
    return joined.unstack(column)


# A caption's cue time: SubRip's 00:00:41,000, WebVTT's 00:00:06.000 or 00:06.000
_CUE_TIME = re.compile(r"^(?:(\d{1,2}):)?(\d{2}):(\d{2})[.,]\d{1,3}$")


def recording_time(stamp: str) -> str:
    """A timestamp as a reader looks it up in the recording: a caption's cue time as
    HH:MM:SS whichever format gave it (one report quoted 00:00:41,000 beside 00:00:06.000);
    a transcript's own timestamp as written."""
    found = _CUE_TIME.match(stamp.strip())
    if found is None:
        return stamp.strip()
    hours, minutes, seconds = found.groups()
    return f"{int(hours or 0):02d}:{minutes}:{seconds}"


def timestamps(segments: pd.DataFrame) -> dict[str, str]:
    """Segment id -> its timestamp (`recording_time`), for the segments that have one."""
    if "timestamp" not in segments.columns:
        return {}
    stamped = segments[segments["timestamp"].notna()]
    return {segment_id: recording_time(str(stamp)) for segment_id, stamp in
            zip(stamped["segment_id"].tolist(), stamped["timestamp"].astype(object).tolist()) if str(stamp).strip()}


def asked(segments: pd.DataFrame) -> dict[str, str]:
    """Segment id -> the question a survey's answer answers (empty without several)."""
    if not {"source_type", "source_id", "codable", "start"} <= set(segments.columns):
        return {}
    rows = segments[segments["source_type"] == "response"].sort_values(["source_id", "start"])
    return answered_headings(zip(rows["source_id"].tolist(), rows["segment_id"].tolist(),
                                 rows["codable"].astype(bool).tolist(), rows["text"].tolist()))
