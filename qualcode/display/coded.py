"""The coding frame every display starts from, and the integer machinery that keeps it fast.

`coded_frame` joins codings to their segments by position (no string merge) and carries
the segment's attributes as categoricals; `distinct_counts` and `evidence_map` then work on
integer codes with numpy (unique / bincount / split), so a display over a million codings
never loops over cells or codings in Python.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager

import numpy as np
import pandas as pd

from qualcode.display.spec import DisplaySpecError
from qualcode.model import Codebook

NO_GROUP = "(none)"
SEGMENT_ATTRIBUTES = ("case_id", "source_id", "source_type", "language", "speaker", "timestamp", "date",
                      "question")  # question: only where a summary groups by it (summary_table)
CODING_COLUMNS = ("segment_id", "code_id", "coder", "origin", "status", "score", "spans")  # spans: for quotes


# ------------------------------------------------------------------------------ code mappings
def rollup_map(codebook: Codebook, depth: str) -> dict[str, str]:
    """code id -> the column it counts in: itself at depth 'code', its top-level ancestor else."""
    if depth == "code":
        return {code.id: code.id for code in codebook.codes}
    return {code.id: codebook.top_level(code.id) for code in codebook.codes}


def nearest_map(codebook: Codebook, targets) -> dict[str, str]:
    """code id -> the nearest of `targets` among the code itself and its ancestors; codes
    under none of them are left out."""
    wanted = set(targets)
    mapping = {}
    for code in codebook.codes:
        hit = next((c for c in (code.id, *codebook.ancestors(code.id)) if c in wanted), None)
        if hit:
            mapping[code.id] = hit
    return mapping


def component_map(codebook: Codebook, dimension: str) -> dict[str, str]:
    """code id -> the child of `dimension` it belongs to (itself or an ancestor)."""
    return nearest_map(codebook, [c.id for c in codebook.children(dimension)])


# ------------------------------------------------------------------------------ shared lookups
_shared: dict | None = None


@contextmanager
def shared_lookups():
    """Within this block, coded_frame derives what depends only on its codings and segments
    frames (each coding's segment position, the reading order, the categoricals) once per
    pair of frames, not once per display: a report builds a dozen displays from the same
    two frames, and each lookup hashes every segment id. The frames must not be changed in
    place inside the block (the display functions never do)."""
    global _shared
    outer = _shared
    if outer is None:
        _shared = {}
    try:
        yield
    finally:
        _shared = outer


def _once(name: str, frames: tuple, compute):
    """compute(), or what it gave for the very same `frames` inside shared_lookups()."""
    if _shared is None:
        return compute()
    key = (name, *map(id, frames))
    hit = _shared.get(key)
    if hit is not None and all(a is b for a, b in zip(hit[0], frames)):
        return hit[1]
    value = compute()
    _shared[key] = (frames, value)  # holding the frames keeps their ids from being reused
    return value


# ------------------------------------------------------------------------------ the frame
def reading_rank(segments: pd.DataFrame) -> np.ndarray:
    """Each segment's (positional row's) place in reading order: source id, then offset in the
    source, then the frame's own order (which lists a source's segments by ordinal)."""
    n = len(segments)
    if not n:
        return np.zeros(0, dtype=np.int64)
    source = pd.factorize(segments["source_id"].astype(object), sort=True)[0]
    start = pd.to_numeric(segments["start"], errors="coerce").fillna(0).to_numpy() \
        if "start" in segments else np.zeros(n)
    order = np.lexsort((np.arange(n), start, source))
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    return rank


def take_categorical(values: pd.Series, position: np.ndarray) -> pd.Categorical:
    table = pd.Categorical(values.astype(object))
    return pd.Categorical.from_codes(table.codes[position], categories=table.categories)


def coded_frame(codings: pd.DataFrame, segments: pd.DataFrame, mapping: dict[str, str] | None,
                keep_unmapped: bool = True, attributes: Sequence[str] = SEGMENT_ATTRIBUTES) -> pd.DataFrame:
    """One row per coding whose segment is in `segments`, with:
    `column_code` (the code mapped through `mapping`; codes it lacks stay themselves, or are
    dropped when `keep_unmapped` is False), the segment's attributes (case_id, source_id,
    source_type, language, speaker, timestamp, date: categoricals) and `codable`, `_seg`
    (the segment's row position in `segments`, for its text) and `_rank` (reading order).
    `attributes` limits which segment attributes are carried (case_id and source_id always are)."""
    frame, position, code = _once("joined", (codings, segments), lambda: _joined(codings, segments))
    frame = frame.copy(deep=False)  # columns are added below; the shared frame stays as it is
    if mapping is None:
        column = code
    else:
        targets = pd.Series([mapping.get(c, c if keep_unmapped else None) for c in code.categories],
                            dtype=object)
        target_codes, target_labels = pd.factorize(targets, sort=True)
        codes = np.where(code.codes >= 0, target_codes[code.codes], -1) if len(targets) else code.codes
        column = pd.Categorical.from_codes(codes, categories=target_labels)
    frame["column_code"] = column
    frame["score"] = pd.to_numeric(frame["score"], errors="coerce").fillna(0.0).astype(float) \
        if "score" in frame else 0.0
    for name in dict.fromkeys(("case_id", "source_id", *attributes)):
        frame[name] = (_once(f"column:{name}", (segments, codings),
                             lambda: take_categorical(segments[name], position)) if name in segments
                       else pd.Categorical.from_codes(np.full(len(frame), -1), categories=[]))
    codable = (segments["codable"].astype(bool).to_numpy() if "codable" in segments
               else np.ones(len(segments), dtype=bool))
    frame["codable"] = codable[position]
    frame["_seg"] = position
    frame["_rank"] = _once("rank", (segments,), lambda: reading_rank(segments))[position]
    if mapping is not None and not keep_unmapped:
        frame = frame[frame["column_code"].notna()].reset_index(drop=True)
    return frame


def _joined(codings: pd.DataFrame, segments: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray, pd.Categorical]:
    """The coding rows whose segment is in `segments`, each one's segment position, and the
    codes as a categorical."""
    ids = segments["segment_id"].astype(object)
    if not ids.is_unique:
        raise ValueError("segments frame has duplicate segment ids")
    position = pd.Index(ids).get_indexer(codings["segment_id"].astype(object))
    present = position >= 0
    columns = [c for c in CODING_COLUMNS if c in codings]
    frame = codings.loc[present, columns].reset_index(drop=True)
    return frame, position[present], pd.Categorical(frame["code_id"].astype(object))


def carried(*names: str) -> tuple[str, ...]:
    """Those of `names` that are segment attributes coded_frame can carry."""
    return tuple(n for n in names if n in SEGMENT_ATTRIBUTES)


def keep_rows(frame: pd.DataFrame, column: str, allowed) -> pd.DataFrame:
    """Rows whose `column` is one of `allowed` (fast on categoricals)."""
    return frame[frame[column].isin(list(allowed))].reset_index(drop=True)


# ------------------------------------------------------------------------------ groups
def label_codes(values: pd.Series, labels: Sequence) -> np.ndarray:
    """Each value's position in `labels`, -1 where it is not there (fast on categoricals)."""
    index = pd.Index([str(label) for label in labels], dtype=object)
    if isinstance(values.dtype, pd.CategoricalDtype):
        at = index.get_indexer(values.cat.categories.astype(object).map(str))
        codes = values.cat.codes.to_numpy()
        return np.where(codes >= 0, at[codes] if len(at) else -1, -1)
    text = values.astype(object)
    return index.get_indexer(text.where(text.isna(), text.astype(str)))


def group_labels(values: pd.Series) -> pd.Series:
    """Values as text labels (a categorical); missing or empty values become NO_GROUP."""
    table = pd.Categorical(values.astype(object)) if not isinstance(values.dtype, pd.CategoricalDtype) \
        else values.array
    names = pd.Series(table.categories.astype(object)).map(str).replace("", NO_GROUP)
    target, labels = pd.factorize(pd.concat([names, pd.Series([NO_GROUP])], ignore_index=True), sort=True)
    codes = np.where(table.codes >= 0, target[:-1][table.codes] if len(names) else target[-1], target[-1])
    return pd.Series(pd.Categorical.from_codes(codes, categories=labels), index=values.index)


def with_group(frame: pd.DataFrame, cases: pd.DataFrame, attribute: str,
               column: str = "group") -> pd.DataFrame:
    """Add `column`: the segment column or case attribute `attribute` of each row, as text."""
    out = frame.copy()
    if attribute in frame.columns:
        out[column] = group_labels(frame[attribute])
    elif attribute in cases.columns:
        out[column] = _case_attribute(frame["case_id"], cases, attribute)
    else:
        raise DisplaySpecError(f"cannot group by {attribute!r}: no segment column or case attribute "
                               f"has that name (case attributes: {', '.join(map(str, cases.columns))})")
    return out


def _case_attribute(case_ids: pd.Series, cases: pd.DataFrame, attribute: str) -> pd.Series:
    """The group label of each row's case, looked up once per distinct case."""
    lookup = cases.drop_duplicates("case_id").set_index("case_id")[attribute]
    table = (case_ids.array if isinstance(case_ids.dtype, pd.CategoricalDtype)
             else pd.Categorical(case_ids.astype(object)))
    keys = pd.Series([*table.categories.astype(object), None], dtype=object)  # last: no case
    per_key = group_labels(pd.Series(lookup.reindex(keys).to_numpy(), dtype=object)).array
    at = np.where(table.codes >= 0, table.codes, len(keys) - 1)
    return pd.Series(pd.Categorical.from_codes(per_key.codes[at], categories=per_key.categories),
                     index=case_ids.index)


def case_groups(cases: pd.DataFrame, attribute: str) -> pd.Series:
    """Each case's group label (case_id -> label), NO_GROUP for a missing value."""
    if attribute not in cases:
        return pd.Series(NO_GROUP, index=cases["case_id"], dtype=object)
    return pd.Series(group_labels(cases[attribute]).astype(object).values, index=cases["case_id"],
                     dtype=object)


def ordered(values, first: tuple | list = ()) -> list[str]:
    """Distinct labels: those in `first` in that order, the rest sorted, NO_GROUP last."""
    distinct = {str(v) for v in values}
    head = [v for v in first if v in distinct]
    tail = sorted(distinct - set(head) - {NO_GROUP})
    return head + tail + ([NO_GROUP] if NO_GROUP in distinct and NO_GROUP not in head else [])


# ------------------------------------------------------------------------------ counting
def sorted_unique(values: np.ndarray) -> np.ndarray:
    """np.unique for integer keys by sorting (faster here than numpy's hash-based unique)."""
    values = np.sort(np.asarray(values), kind="stable")
    if len(values) < 2:
        return values
    return values[np.r_[True, values[1:] != values[:-1]]]


def _unit_codes(values: pd.Series) -> np.ndarray:
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.codes.to_numpy().astype(np.int64)
    if pd.api.types.is_integer_dtype(values):
        return values.to_numpy().astype(np.int64)
    return pd.factorize(values.astype(object))[0].astype(np.int64)


def distinct_counts(frame: pd.DataFrame, row: str, rows: Sequence, column: str, columns: Sequence,
                    unit: str = "_seg", weights: np.ndarray | None = None) -> np.ndarray:
    """A len(rows) × len(columns) array: distinct `unit` values (segments by default, or
    e.g. case_id for informants) among the frame's rows that fall in each cell. With
    `weights` (indexed by unit code, e.g. words per segment position), their sum instead."""
    n_rows, n_cols = len(rows), len(columns)
    r, c = label_codes(frame[row], rows), label_codes(frame[column], columns)
    u = _unit_codes(frame[unit])
    ok = (r >= 0) & (c >= 0) & (u >= 0)
    if not ok.any():
        return np.zeros((n_rows, n_cols), dtype=float if weights is not None else np.int64)
    width = int(u[ok].max()) + 1
    pairs = sorted_unique((r[ok] * n_cols + c[ok]) * width + u[ok])
    cells = pairs // width
    if weights is not None:
        sums = np.bincount(cells, weights=np.asarray(weights, dtype=float)[pairs % width],
                           minlength=n_rows * n_cols)
        return sums.reshape(n_rows, n_cols)
    return np.bincount(cells, minlength=n_rows * n_cols).reshape(n_rows, n_cols)


def evidence_map(frame: pd.DataFrame, row: str, rows: Sequence, column: str,
                 columns: Sequence) -> CellEvidence:
    """{(row label, column label): distinct segment ids in reading order} for every non-empty
    cell of the given rows and columns. Sorted once with numpy; each cell's tuple is made
    when it is looked up (see CellEvidence)."""
    if frame.empty:
        return CellEvidence.empty()
    n_cols = len(columns)
    r, c = label_codes(frame[row], rows), label_codes(frame[column], columns)
    ok = (r >= 0) & (c >= 0)
    if not ok.any():
        return CellEvidence.empty()
    rank = frame["_rank"].to_numpy()[ok]
    width = int(rank.max()) + 1
    keys = sorted_unique((r[ok] * n_cols + c[ok]) * width + rank)
    id_of_rank = np.empty(width, dtype=object)
    id_of_rank[rank] = frame["segment_id"].astype(object).to_numpy()[ok]
    cells, ranks = keys // width, keys % width
    starts = np.flatnonzero(np.r_[True, np.diff(cells) != 0])
    row_names = np.asarray([str(x) for x in rows], dtype=object)[cells[starts] // n_cols]
    col_names = np.asarray([str(x) for x in columns], dtype=object)[cells[starts] % n_cols]
    return CellEvidence(list(zip(row_names.tolist(), col_names.tolist())),
                        np.r_[starts, len(keys)], id_of_rank[ranks])


class CellEvidence(Mapping):
    """Read-only {(row, column): segment ids} over one sorted array of ids: building it
    costs a sort, and a cell's tuple is only made when someone drills into it."""

    def __init__(self, keys: list[tuple[str, str]], bounds: np.ndarray, ids: np.ndarray):
        self._index = {key: i for i, key in enumerate(keys)}
        self._bounds, self._ids = bounds, ids

    @classmethod
    def empty(cls) -> CellEvidence:
        return cls([], np.zeros(1, dtype=np.int64), np.empty(0, dtype=object))

    def __getitem__(self, key: tuple[str, str]) -> tuple[str, ...]:
        i = self._index[key]
        return tuple(self._ids[self._bounds[i]:self._bounds[i + 1]].tolist())

    def joined(self, encoded: bool = False) -> list[tuple]:
        """(row, column, n, ids joined by spaces) per cell, in key order (Display.evidence_rows):
        one string of every id, each cell's text a slice of it. With `encoded`, UTF-8 bytes."""
        ids = self._ids.tolist()
        text = " ".join(ids)
        ends = np.cumsum(np.fromiter(map(len, ids), dtype=np.int64, count=len(ids)) + 1)
        offset = np.r_[0, ends]  # where each id starts in `text`; cells are runs of ids
        if encoded and text.isascii():
            text = text.encode("ascii")  # same offsets in bytes
        out = []
        for key in sorted(self._index):
            i = self._index[key]
            start, end = int(self._bounds[i]), int(self._bounds[i + 1])
            cell = text[offset[start]:offset[end] - 1]
            out.append((key[0], key[1], end - start,
                        cell.encode("utf-8") if encoded and isinstance(cell, str) else cell))
        return out

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)

    def segment_count(self) -> int:
        """Segment ids over all cells (a segment in two cells counted twice), without a tuple per cell."""
        return len(self._ids)

    def __contains__(self, key) -> bool:
        return key in self._index


def grid_stats(frame: pd.DataFrame, row: str, rows: Sequence, column: str,
               columns: Sequence) -> pd.DataFrame:
    """Long frame over every (row, column) pair: distinct segments and distinct informants."""
    segments = distinct_counts(frame, row, rows, column, columns)
    informants = distinct_counts(frame, row, rows, column, columns, unit="case_id")
    grid = pd.MultiIndex.from_product([list(map(str, rows)), list(map(str, columns))],
                                      names=["row", "column"]).to_frame(index=False).astype(object)
    grid["segments"] = segments.ravel().astype(int)
    grid["informants"] = informants.ravel().astype(int)
    return grid
