"""Time-ordered matrix (codes × periods) and event listing (levels × periods).

Time comes from the source's `date` (front matter) or, failing that, from segment
timestamps. A timestamp that is a calendar date counts as a date; a recording offset such as
"00:12:30" or "12:30" (minutes:seconds) places the segment in a `bin_minutes` slice of the
recording instead. With time "auto" (the default), dates win when any coded segment has one.
With nothing to order by, NoDatesError says so: an empty table would look like "nothing happened".

Periods (for dates): day (2024-03-11), week (2024-W11, ISO), month (2024-03), quarter
(2024-Q1), year (2024). The columns are the periods of the whole corpus (dated segments, coded
or not). Empty periods between the first and the last are shown too, so gaps in fieldwork are
visible, unless that would more than double the columns (and pass MIN_FILLED_PERIODS): a
corpus with documents from 2021 and interviews in 2024 shows its 4 months, not 34.

TimeSpec: time (auto | date | timestamp), period (default month), bin_minutes (default 10),
rows ("code", or a case attribute / segment column such as site or source_type for an event
listing), depth (dimension | code), codes (a chosen list, each collecting its subcodes),
mode (count | quotes), quotes (1–3, default 2), quote_chars (default 160), name, filter.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from qualcode.display.base import Display, finish
from qualcode.display.coded import (
    carried,
    case_groups, coded_frame, distinct_counts, evidence_map, keep_rows, nearest_map, ordered,
    rollup_map, with_group,
)
from qualcode.display.notes import Note, note
from qualcode.display.quotes import pick_quotes, quote_cells
from qualcode.display.frames import column_order
from qualcode.display.spec import (
    DEPTHS, DisplayError, DisplaySpec, DisplaySpecError, apply_filter, choice, coerce_spec, positive,
)
from qualcode.model import Codebook
from qualcode.textrules import natural_key

UNDATED_NAMED = 5  # the sources without a date a note names, then how many more

KIND = "time-ordered matrix"
TIMES = ("auto", "date", "timestamp")
PERIODS = ("day", "week", "month", "quarter", "year")
MODES = ("count", "quotes")
MIN_FILLED_PERIODS = 12
_OFFSET = r"^\s*(?:(\d{1,3}):)?(\d{1,2}):(\d{2})(?:[.,]\d+)?\s*$"


class NoDatesError(DisplayError):
    """A time-ordered display was asked for, but no coded segment has a date or timestamp."""


@dataclass(frozen=True)
class TimeSpec(DisplaySpec):
    time: str = "auto"
    period: str = "month"
    bin_minutes: int = 10
    rows: str = "code"
    depth: str = "dimension"
    codes: tuple = ()
    mode: str = "count"
    quotes: int = 2
    quote_chars: int = 160

    def __post_init__(self) -> None:
        super().__post_init__()
        choice(KIND, "time", self.time, TIMES)
        choice(KIND, "period", self.period, PERIODS)
        choice(KIND, "depth", self.depth, DEPTHS)
        choice(KIND, "mode", self.mode, MODES)
        positive(KIND, "bin_minutes", self.bin_minutes)
        positive(KIND, "quotes", self.quotes, 3)
        positive(KIND, "quote_chars", self.quote_chars)
        object.__setattr__(self, "codes", tuple(str(c) for c in self.codes))


def time_ordered_matrix(codings: pd.DataFrame, segments: pd.DataFrame, cases: pd.DataFrame,
                        codebook: Codebook, spec: TimeSpec | dict | None = None,
                        **options) -> Display:
    """Codes (or levels) × periods; cells count segments or quote them."""
    spec = coerce_spec(TimeSpec, spec, options)
    codings, segments, cases = apply_filter(spec.filter, codings, segments, cases)
    codes, mapping = _codes(codebook, spec)
    coded = coded_frame(codings, segments, mapping, keep_unmapped=False,
                        attributes=carried(spec.rows))
    coded = keep_rows(coded, "column_code", codes)
    coded, periods, used = _placed(coded, segments, spec)
    if spec.rows == "code":
        coded = coded.assign(row=coded["column_code"])
        rows = codes
    else:
        coded = with_group(coded, cases, spec.rows, column="row")
        rows = ordered(set(map(str, coded["row"].unique())) | (
            set(case_groups(cases, spec.rows).values) if spec.rows in cases.columns else set()))
    if spec.mode == "count":
        table = pd.DataFrame(distinct_counts(coded, "row", rows, "period", periods),
                             index=pd.Index(rows, dtype=object), columns=periods)
    else:
        quotes = pick_quotes(coded, segments, ["row", "period"], spec.quotes, spec.quote_chars)
        table = (quote_cells(quotes, "row", "period")
                 .reindex(index=pd.Index(rows, dtype=object), columns=periods).fillna("").astype(object))
    table.index.name = "code" if spec.rows == "code" else spec.rows
    table.columns.name = None
    notes = [_how(used, spec)]
    if used == "date" and len(coded):  # the counts follow the fieldwork's calendar: say how
        per_period = coded.groupby("period")["source_id"].nunique()
        notes.append(note("time_sources", listing=", ".join(
            f"{period}: {int(per_period.get(period, 0))}" for period in periods)))
    undated = int(coded.attrs.get("undated", 0))
    if undated:
        sources = coded.attrs.get("undated_sources", [])
        listing = ", ".join(sources[:UNDATED_NAMED]) + (f" (+{len(sources) - UNDATED_NAMED})"
                                                        if len(sources) > UNDATED_NAMED else "")
        notes.append(note("time_undated_date" if used == "date" else "time_undated", n=undated, time=used,
                          sources=listing))
    name = spec.name or ("time_ordered" if spec.rows == "code" else f"event_listing_{spec.rows}")
    return finish(name, "time_ordered", table, coded,
                  evidence_map(coded, "row", rows, "period", periods), notes=notes)


def _codes(codebook: Codebook, spec: TimeSpec) -> tuple[list[str], dict[str, str]]:
    if spec.codes:
        unknown = [c for c in spec.codes if c not in codebook.by_id()]
        if unknown:
            raise DisplaySpecError(f"{KIND}: unknown code {unknown[0]!r}")
        return list(spec.codes), nearest_map(codebook, spec.codes)
    return column_order(codebook, spec.depth), rollup_map(codebook, spec.depth)


def _placed(coded: pd.DataFrame, segments: pd.DataFrame,
            spec: TimeSpec) -> tuple[pd.DataFrame, list[str], str]:
    """Coded rows that have a time, with their `period`; the periods of the whole corpus
    (dated segments, coded or not, so fieldwork without codings still shows); which time."""
    # Work on the distinct (date, timestamp) pairs, then spread back to segments by code.
    pair_codes, pairs = _distinct_times(segments)
    dates, offsets = _dates(pairs), _offsets(pairs)
    if spec.time == "date" or (spec.time == "auto" and dates.notna().any()):
        if not dates.notna().any():
            raise NoDatesError(_no_time_message("date", len(segments)))
        used, (labels, periods) = "date", _date_periods(dates.dropna(), spec.period)
    elif spec.time in ("auto", "timestamp") and offsets.notna().any():
        used, (labels, periods) = "timestamp", _offset_periods(offsets.dropna(), spec.bin_minutes)
    else:
        raise NoDatesError(_no_time_message(spec.time, len(segments)))
    period_of_pair = np.full(len(pairs), -1, dtype=np.int64)
    period_of_pair[labels.index.to_numpy()] = pd.Index(periods, dtype=object).get_indexer(
        labels.to_numpy())
    per_segment = period_of_pair[pair_codes]
    codes = per_segment[coded["_seg"].to_numpy()]
    keep = codes >= 0
    placed = coded[keep].reset_index(drop=True)
    placed["period"] = pd.Categorical.from_codes(codes[keep], categories=periods)
    placed.attrs["undated"] = int(np.unique(coded["_seg"].to_numpy()[~keep]).size)
    placed.attrs["undated_sources"] = sorted(set(coded["source_id"].to_numpy()[~keep].tolist()), key=natural_key)
    return placed, periods, used


def _distinct_times(segments: pd.DataFrame) -> tuple[np.ndarray, pd.DataFrame]:
    """Each segment's index into the distinct (date, timestamp) pairs of the corpus, and those
    pairs as a frame (a segment with neither points at a pair of two Nones)."""
    none = pd.Series([None] * len(segments), dtype=object)
    date = segments["date"].astype(object).reset_index(drop=True) if "date" in segments else none
    stamp = segments["timestamp"].astype(object).reset_index(drop=True) if "timestamp" in segments else none
    date_codes, date_values = pd.factorize(date)    # -1: missing
    stamp_codes, stamp_values = pd.factorize(stamp)
    width = len(stamp_values) + 1
    codes, combos = pd.factorize((date_codes + 1) * width + (stamp_codes + 1))
    date_of = np.asarray([*date_values, None], dtype=object)    # position -1: none
    stamp_of = np.asarray([*stamp_values, None], dtype=object)
    return codes, pd.DataFrame({"date": date_of[combos // width - 1],
                                "timestamp": stamp_of[combos % width - 1]})


def _dates(frame: pd.DataFrame) -> pd.Series:
    """Calendar dates: the source date, else a timestamp that is an ISO date."""
    missing = pd.Series(None, index=frame.index, dtype=object)
    date = frame["date"].astype(object) if "date" in frame else missing
    from_source = pd.to_datetime(date, errors="coerce", format="ISO8601")
    stamp = frame["timestamp"].astype(object) if "timestamp" in frame else missing
    looks_like_date = stamp.notna() & stamp.astype(str).str.match(r"^\s*\d{4}-\d{2}-\d{2}")
    from_stamp = pd.to_datetime(stamp.where(looks_like_date), errors="coerce", format="ISO8601")
    return from_source.fillna(from_stamp)


def _offsets(frame: pd.DataFrame) -> pd.Series:
    """Seconds into the recording, from timestamps like 01:02:03, 12:30 or 00:12:30.500."""
    if "timestamp" not in frame:
        return pd.Series(np.nan, index=frame.index)
    parts = frame["timestamp"].astype(object).astype(str).str.extract(_OFFSET)
    parts = parts.apply(pd.to_numeric, errors="coerce")
    return parts[0].fillna(0) * 3600 + parts[1] * 60 + parts[2]


def _date_periods(dates: pd.Series, period: str) -> tuple[pd.Series, list[str]]:
    """Each date's period label, and the periods to show, in order."""
    freq = {"day": "D", "week": "W-SUN", "month": "M", "quarter": "Q", "year": "Y"}[period]
    as_periods = _to_periods(dates, freq)
    every = pd.period_range(as_periods.min(), as_periods.max(), freq=freq)
    observed = pd.PeriodIndex(as_periods.unique(), freq=freq).sort_values()
    if len(every) > max(MIN_FILLED_PERIODS, 2 * len(observed)):
        every = observed
    labels = _period_labels(pd.PeriodIndex(as_periods), period)
    return pd.Series(labels, index=dates.index, dtype=object), list(_period_labels(every, period))


def _to_periods(dates: pd.Series, freq: str) -> pd.Series:
    if dates.dt.tz is not None:
        dates = dates.dt.tz_localize(None)
    return dates.dt.to_period(freq)


def _period_labels(periods: pd.PeriodIndex, period: str) -> np.ndarray:
    if period == "week":
        iso = periods.start_time.isocalendar()
        return (iso["year"].astype(str) + "-W" + iso["week"].astype(str).str.zfill(2)).to_numpy()
    if period == "quarter":
        return (pd.Index(periods.year).astype(str) + "-Q" + pd.Index(periods.quarter).astype(str)).to_numpy()
    return np.asarray(periods.strftime({"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}[period]))


def _offset_periods(seconds: pd.Series, bin_minutes: int) -> tuple[pd.Series, list[str]]:
    """Each offset's slice of the recording, and every slice from the start to the last."""
    width = bin_minutes * 60
    bins = (seconds // width).astype(int)
    names = pd.Series([f"{b * bin_minutes}\u2013{(b + 1) * bin_minutes} min"
                       for b in range(int(bins.max()) + 1)], dtype=object)
    return pd.Series(names.to_numpy()[bins.to_numpy()], index=seconds.index, dtype=object), list(names)


def _no_time_message(time: str, segments: int) -> str:
    what = {"date": "a date", "timestamp": "a timestamp"}.get(time, "a date or a timestamp")
    return (f"nothing to order by time: none of the {segments} segments has {what}. "
            "Add `date: YYYY-MM-DD` to each source's front matter, or ingest timestamped "
            "transcripts (VTT/SRT, or turns labelled like [00:01:02] Name:).")


def _how(used: str, spec: TimeSpec) -> Note:
    if used == "date":
        return note(f"time_dates_{spec.mode}", period=spec.period)
    return note("time_recording", bin_minutes=spec.bin_minutes)
