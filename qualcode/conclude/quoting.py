"""Which segments an assertion quotes: the best-scored, diverse in role and source, those a
person coded before the machine's suggestions, an informant's introduction or a far longer
segment than the rest only when nothing else is left."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd

from qualcode.conclude.introductions import looks_like_introduction
from qualcode.display.quotes import far_longer, words_key

QUOTE_MIN_CHARS = 60
QUOTES = 3


@dataclass(frozen=True)
class Quote:
    segment_id: str
    text: str
    case_id: str | None
    role: str | None
    source_type: str
    # where the quoted codes' matched words are in `text`, ((start, end, weight), ...): what
    # a shortened quote keeps (qualcode.display.quotes.excerpt)
    spans: tuple = ()


class _Candidate(NamedTuple):
    segment_id: str
    text: str
    case_id: object
    role: object
    source_type: object


QUOTE_KEYS = ["segment_id", "text", "case_id", "role", "source_type"]


def diverse_quotes(rows: pd.DataFrame, limit: int = QUOTES, last: frozenset[str] = frozenset()) -> tuple[Quote, ...]:
    """The best-scored segments, diverse in role and source (those a person has coded before the
    machine's suggestions): informants of different roles first, then the best non-interview
    source (an observation or document), then the rest;
    an informant introducing themself, or a segment in `last`, only when nothing else is left.
    A segment's score is the sum over its codes, each code counted once, at its best score:
    a code two coders gave a segment (a double-coded sample) does not make it a better quote."""
    rows = rows[rows["text"].str.len() >= QUOTE_MIN_CHARS]  # short texts never quote: drop them first
    values = _scored_by_segment(rows)
    if values is None:
        best = _best_of_each_code(rows, pd.factorize(rows["segment_id"].to_numpy(dtype=object))[0])
        if best is not None:
            rows = rows.iloc[best]
        scored = rows.groupby(QUOTE_KEYS, dropna=False)["score"].sum().reset_index()
        scored = scored.sort_values(["score", "segment_id"], ascending=[False, True])
        values = [scored[key].to_numpy(dtype=object) for key in QUOTE_KEYS]
    values = _outliers_last(values)
    if "status" in rows.columns:  # a segment a person has coded (accepted) first: the machine
        decided = set(rows.loc[rows["status"] == "accepted", "segment_id"].tolist())  # may misread
        if decided:
            first = np.argsort([segment not in decided for segment in values[0].tolist()], kind="stable")
            values = [column[first] for column in values]
    voice = np.fromiter((isinstance(c, str) for c in values[2]), dtype=bool, count=len(values[2]))

    def candidates(mask: np.ndarray, introductions: bool = False):
        # rows are read one at a time, best first, only as far as the choosing goes; with
        # `introductions`, the informants introducing themselves follow all the others
        later = []
        for i in np.flatnonzero(mask):
            row = _Candidate(*(column[i] for column in values))
            if row.segment_id in last or looks_like_introduction(str(row.segment_id), str(row.text)):
                later.append(row)
            else:
                yield row
        if introductions:
            yield from later

    chosen: list = []
    said: set[str] = set()  # the chosen quotes' words (`words_key`)

    def take(candidates, room: int, fresh_role: bool) -> None:
        for row in candidates:
            if len(chosen) >= room:
                return
            if any(c.segment_id == row.segment_id for c in chosen):
                continue
            words = words_key(row.text)
            if words in said:
                continue  # the same words from two people (a survey's answer, a greeting): once
            if isinstance(row.case_id, str) and any(c.case_id == row.case_id for c in chosen):
                continue
            if fresh_role and any(c.role == row.role for c in chosen):
                continue
            chosen.append(row)
            said.add(words)

    others = list(itertools.islice(candidates(~voice), 1))
    take(candidates(voice), limit - 1 if others else limit, fresh_role=True)
    take(others, limit, fresh_role=False)
    take(candidates(voice, introductions=True), limit, fresh_role=False)
    spans = _spans_of(rows, [r.segment_id for r in chosen])
    return tuple(Quote(r.segment_id, r.text, r.case_id if isinstance(r.case_id, str) else None,
                       r.role if isinstance(r.role, str) else None, r.source_type,
                       spans.get(r.segment_id, ())) for r in chosen)


def _spans_of(rows: pd.DataFrame, segment_ids: list[str]) -> dict[str, tuple]:
    """The matched spans of the few chosen segments, over all their rows (codes), in order."""
    if "spans" not in rows or not segment_ids:
        return {}
    found: dict[str, dict] = {}
    chosen = rows[rows["segment_id"].isin(segment_ids)]
    for segment_id, spans in zip(chosen["segment_id"].tolist(), chosen["spans"].tolist()):
        found.setdefault(segment_id, {}).update(dict.fromkeys(tuple(s) for s in spans or ()))
    return {segment_id: tuple(sorted(spans)) for segment_id, spans in found.items()}


def _outliers_last(values: list[np.ndarray]) -> list[np.ndarray]:
    """The candidates (QUOTE_KEYS columns, best first) with the far longest after the rest (a
    complaint of 4,000 characters among short ones scores higher on its many terms)."""
    lengths = np.fromiter((len(str(text)) for text in values[1]), dtype=np.int64, count=len(values[1]))
    long = far_longer(lengths)
    if not long.any():
        return values
    order = np.argsort(long, kind="stable")
    return [column[order] for column in values]


def _scored_by_segment(rows: pd.DataFrame) -> list[np.ndarray] | None:
    """The QUOTE_KEYS columns of rows.groupby(QUOTE_KEYS, dropna=False)["score"].sum() (each
    segment's code once, at its best: `_best_of_each_code`), sorted by score (best first)
    then segment id, grouped on the segment id alone: when each
    segment's rows agree on its text, case, role and source type (as in an evidence frame,
    where they come from the segment), the groups are the same, and hashing every row's text
    is avoided. None when some segment's rows disagree (then group on every key)."""
    segment = rows["segment_id"].to_numpy(dtype=object)
    group, _ = pd.factorize(segment)
    if (group < 0).any():
        return None
    best = _best_of_each_code(rows, group)
    if best is not None:  # the same code on a segment more than once: each counted once
        rows, segment, group = rows.iloc[best], segment[best], group[best]
    first = np.empty(group.max(initial=-1) + 1, dtype=np.int64)
    first[group[::-1]] = np.arange(len(group) - 1, -1, -1)  # each group's first row
    values = [segment[first]]
    for key in QUOTE_KEYS[1:]:
        column = rows[key].to_numpy(dtype=object)
        head = column[first][group]
        if not ((column == head) | (pd.isna(column) & pd.isna(head))).all():
            return None
        values.append(column[first])
    # pandas' own grouped sum, on the same rows in the same order: the same floats
    score = pd.Series(rows["score"].to_numpy()).groupby(group).sum().to_numpy()
    if score.dtype.kind not in "fiu":
        return None
    order = np.lexsort((pd.factorize(values[0], sort=True)[0], -score))
    return [column[order] for column in values]


def _best_of_each_code(rows: pd.DataFrame, group: np.ndarray) -> np.ndarray | None:
    """Positions of the rows to score, in order: of the rows of one segment (`group`) and code,
    the best-scored (the first of equals); None when every segment has each code once. A
    missing segment id (-1 in `group`) is a segment too, as in a groupby with dropna=False."""
    if "code_id" not in rows.columns or len(rows) < 2:
        return None
    code, codes = pd.factorize(rows["code_id"].to_numpy(dtype=object))
    pair = group.astype(np.int64) * (len(codes) + 1) + code  # a missing code (-1) is a code too
    if not pd.Series(pair).duplicated().any():
        return None
    order = np.lexsort((-rows["score"].to_numpy(dtype=float), pair))  # stable: equals keep their order
    first = np.ones(len(order), dtype=bool)
    first[1:] = pair[order][1:] != pair[order][:-1]
    return np.sort(order[first])
