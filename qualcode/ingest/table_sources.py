"""Rows of a table of short texts as sources: one row, one source, one case.

A row's path is the table's path, `::` and its key (`transcripts/aduan.csv::T-0012`, or
`transcripts/survei.xlsx::row 7` where no column names the rows), so re-ingesting the
table finds each row's source again: an unchanged row is left alone, a changed one is cut
again with its codings carried over, a deleted one leaves the analysis.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterator

from qualcode.errors import InputError
from qualcode.ingest.decode import named_as
from qualcode.ingest.frontmatter import FrontMatter
from qualcode.ingest.language import SUPPORTED, detect_language
from qualcode.ingest.row_matching import ROW_MARK, row_ids
from qualcode.ingest.table_columns import Columns, is_non_answer, plan_columns, refused_for_repeating
from qualcode.ingest.tables import Table, read_table
from qualcode.ingest.units import segment_source
from qualcode.model import Source, unique_id
from qualcode.project import CONFIG_NAME

# A row is a person's own short written words: weighed and worded as such (qualcode.model)
SOURCE_TYPE = "response"
# The rows whose words decide a table's own language (the default of each row's guess).
_LANGUAGE_SAMPLE_ROWS = 200
# Dates a form or a spreadsheet writes. Where day and month are both numbers, a column is
# read in one order, day first unless its own dates show month first (`date_order`): a
# Google Form exported in Indonesia writes 01/03/2024 09:34:00 for 1 March, one in the US
# 3/1/2024 9:34:00. (Read cell by cell, a survey of March had its 1st-12th in January-December.)
_YEAR_FIRST = ("%Y-%m-%d", "%Y/%m/%d")
_DAY_FIRST = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d %m %Y")
_MONTH_FIRST = ("%m/%d/%Y", "%m-%d-%Y")
_DATE_FORMATS = {"day first": _YEAR_FIRST + _DAY_FIRST + _MONTH_FIRST,
                 "month first": _YEAR_FIRST + _MONTH_FIRST + _DAY_FIRST}
# The time after a date, however it is written (09:34:00, 9:34 AM, 13.47 as Indonesian
# writes it, T09:34:00): the date is what is kept
_TIME = re.compile(r"(?:[ T]|,\s*)(?:pukul\s+|jam\s+)?\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:\.\d+)?)?(?:\s*[ap]\.?m\.?)?$",
                   re.IGNORECASE)
_NUMBERED_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-]\d{4}(?:[ T]|$)")
_ZONE = re.compile(r"\s*(?:GMT|UTC|WIB|WITA|WIT)(?:[+-]\d{1,2}(?::?\d\d)?)?$", re.IGNORECASE)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTHS = {name: number for number, names in enumerate((
    ("januari", "january", "jan"), ("februari", "february", "feb", "pebruari"), ("maret", "march", "mar"),
    ("april", "apr"), ("mei", "may"), ("juni", "june", "jun"), ("juli", "july", "jul"),
    ("agustus", "august", "agu", "aug", "agt"), ("september", "sep", "sept"),
    ("oktober", "october", "okt", "oct"), ("november", "nov", "nopember"),
    ("desember", "december", "des", "dec")), start=1) for name in names}


def table_path(path: str) -> str | None:
    """The table a row source's path belongs to; None for a source that is a whole file."""
    return path.split(ROW_MARK, 1)[0] if ROW_MARK in path else None


@dataclass
class TableRead:
    """A table read and planned: `description` says which column plays which part, and
    `warnings` what the user should hear (it grows while the rows are read); `left_out`
    how many rows held no answer, once the rows are read."""

    table: Table
    columns: Columns
    display: str
    warnings: list[str]
    left_out: int = 0

    @property
    def description(self) -> str:
        return f"{self.display}: {len(self.table.rows):,} rows; {self.columns.describe(self.table.header)}"


def plan_table(raw: bytes, path: Path, display: str, settings=None) -> TableRead:
    """Read the table and work out its columns (those [tables] `settings` name, by name);
    InputError when no column holds free text, or the settings name a column not there."""
    planned: dict[int, tuple] = {}  # a workbook's sheets tried: id -> (given, columns)

    def has_text(candidate: Table) -> bool:
        """Does this sheet hold what is coded: the columns [tables] names, else a column of
        free text? A sheet of counts before the data sheet does not."""
        try:
            given = _positions(settings, candidate.header, path) if settings is not None else {}
        except InputError:
            return False
        planned[id(candidate)] = given, plan_columns(candidate.header, [cells for _, cells in candidate.rows], given)
        return bool(planned[id(candidate)][1].texts)

    table = read_table(raw, path, has_text)
    if id(table) in planned:
        given, columns = planned[id(table)]
    else:
        given = _positions(settings, table.header, path) if settings is not None else {}
        columns = plan_columns(table.header, [cells for _, cells in table.rows], given)
    if not columns.texts:
        repeated = refused_for_repeating(table.header, [cells for _, cells in table.rows])
        why = (f"; {', '.join(repeated)} {'repeats' if len(repeated) == 1 else 'repeat'} as a category's "
               "values do") if repeated else ""
        raise InputError(path, "no column of free text to code: a text column holds answers of "
                               f"several words that seldom repeat (columns: {', '.join(table.header)}"
                               f"{why}); name it in {CONFIG_NAME} [tables] if it is there, or add the "
                               "file to its exclude if it has none (see docs/guide.md)")
    if "key" in given and columns.key is None:
        raise InputError(path, f"column {settings.key!r}, the key {CONFIG_NAME} [tables] names, has "
                               "empty or repeated values; a key names each row once")
    warnings = [f"{display}: {note}" for note in columns.notes] + named_as(table.warnings, path, display)
    if table.other_sheets:
        warnings.append(f"{display}: only its sheet {table.sheet!r} is read; not "
                        f"{', '.join(map(repr, table.other_sheets))}")
    return TableRead(table, columns, display, warnings)


def _positions(settings, header: list[str], path: Path) -> dict:
    """The columns [tables] names, by role, as positions in the header."""
    folded = [name.casefold() for name in header]

    def position(role: str, name: str) -> int:
        wanted = " ".join(name.split()).casefold()
        if wanted not in folded:
            raise InputError(path, f"{CONFIG_NAME} [tables.\"{settings.glob}\"] {role}: no column "
                                   f"{name!r} here; its columns: {', '.join(header)}")
        return folded.index(wanted)

    return {role: [position(role, n) for n in value] if isinstance(value, tuple) else position(role, value)
            for role, value in settings.given().items()}


def row_sources(read: TableRead, path: Path, default_language: str, unit: str,
                known_ids: dict[str, str], taken: set[str], known_shas: dict[str, str] | None = None,
                texts_of=None) -> Iterator[tuple[Source, tuple | None]]:
    """Each row with text as (source, case claim); `taken` ids grow as rows get new ones.
    A row keeps the id it had, found as `row_matching` finds it (`known_shas`: each stored
    row's sha256, by path; `texts_of(ids)`: stored sources' texts)."""
    table, columns, header = read.table, read.columns, read.table.header
    stem = _slug(path.stem)
    language = _table_language(read, default_language)
    empty, undated = 0, []
    row_sha = _row_hasher(header, columns)
    rows = []  # (number, cells, text, replies_start, key, row path, sha256) of the rows with text
    order = "day first"
    if columns.date is not None:
        order, mixed = date_order([cells[columns.date] for _, cells in table.rows], header[columns.date])
        if mixed:
            read.warnings.append(f"{read.display}: {mixed}")
    for number, cells in table.rows:
        text, replies_start = _row_text(header, columns, cells)
        if not text:
            empty += 1
            continue
        key = cells[columns.key] if columns.key is not None else f"row {number}"
        rows.append((number, cells, text, replies_start, key, f"{read.display}{ROW_MARK}{key}", row_sha(cells)))
    ids = row_ids(read.display, [(row_path, sha, text) for _, _, text, _, _, row_path, sha in rows], known_ids,
                  known_shas or {}, numbered=columns.key is None, texts_of=texts_of)
    first_of: dict[str, str] = {}  # sha256 -> the first row with those cells
    repeated: list[tuple[str, str]] = []  # (row, the earlier row it repeats)
    for (number, cells, text, replies_start, key, row_path, sha), source_id in zip(rows, ids):
        if source_id is None:
            source_id = unique_id(f"{stem}-{_slug(key)}", taken)
        taken.add(source_id)
        if sha in first_of:
            repeated.append((source_id, first_of[sha]))
        first_of.setdefault(sha, source_id)
        row_language = _row_language(read, path, number, cells, text, language)
        _, segments = segment_source(source_id, text, None, SOURCE_TYPE, row_language, set(), unit)
        # the replies are the other side's words: kept for context, not coded
        segments = tuple(replace(s, codable=False) if s.start >= replies_start else s for s in segments)
        date = _date(cells[columns.date], order) if columns.date is not None and cells[columns.date] else None
        if date is not None and not _ISO_DATE.match(date):
            undated.append(date)
        case_id = (cells[columns.case] if columns.case is not None else "") or source_id
        attributes = FrontMatter({header[p].casefold(): cells[p] for p in columns.attributes if cells[p]})
        yield Source(
            id=source_id, path=row_path, sha256=sha,
            text=text, source_type=SOURCE_TYPE, language=row_language,
            date=date,
            case_id=case_id, attributes={}, segments=segments,
        ), (case_id, row_path, attributes, {})
    if repeated:
        shown = ", ".join(f"{again} = {first}" for again, first in repeated[:5]) + \
            (f" and {len(repeated) - 5} more" if len(repeated) > 5 else "")
        read.warnings.append(
            f"{read.display}: {len(repeated):,} {'row repeats' if len(repeated) == 1 else 'rows repeat'} an "
            f"earlier row cell for cell ({shown}); each is read as an answer of its own. If a form was sent "
            "twice, delete the copy")
    read.left_out = empty
    if empty:
        read.warnings.append(f"{read.display}: {empty:,} {'row has' if empty == 1 else 'rows have'} no "
                             "answer in the text columns (blank, or '-', 'tidak ada', 'N/A'); left out")
    if undated:
        read.warnings.append(
            f"{read.display}: {len(undated):,} {'date' if len(undated) == 1 else 'dates'} in "
            f"{header[columns.date]!r} not in a form read as a date (e.g. {undated[0]!r}); kept as "
            "written, and the time-ordered display leaves those rows out")


def _row_text(header: list[str], columns: Columns, cells: list[str]) -> tuple[str, int]:
    """The row's words: one text column's cell as it is; several (or replies beside them),
    each under its column's name as a heading, which is never coded. Also where the
    replies start in the text (its length when there are none)."""
    answers = [p for p in columns.texts if not is_non_answer(cells[p])]
    if len(columns.texts) == 1 and not any(cells[p] for p in columns.replies):
        text = cells[answers[0]] if answers else ""
        return text, len(text)
    coded = "\n\n".join(f"## {header[p]}\n\n{cells[p]}" for p in answers)
    if not coded:
        return "", 0
    replies = "\n\n".join(f"## {header[p]}\n\n{cells[p]}" for p in columns.replies if cells[p])
    return (f"{coded}\n\n{replies}", len(coded) + 2) if replies else (coded, len(coded))


def _table_language(read: TableRead, default: str) -> str:
    sample = " ".join(_row_text(read.table.header, read.columns, cells)[0]
                      for _, cells in read.table.rows[:_LANGUAGE_SAMPLE_ROWS])
    return detect_language(sample, default)


def _row_language(read: TableRead, path: Path, number: int, cells: list[str], text: str, default: str) -> str:
    if read.columns.language is None or not cells[read.columns.language]:
        return detect_language(text, default)
    given = cells[read.columns.language].strip().casefold()
    if given not in SUPPORTED:
        in_csv = read.table.where == "line"  # a CSV's error carries its line; a sheet's, its row
        raise InputError(path, f"{'' if in_csv else f'sheet {read.table.sheet!r}, row {number}: '}language "
                               f"{given!r} is not supported; use {', '.join(SUPPORTED)}",
                         line=read.table.place(number) if in_csv else None)
    return given


def date_order(values: list[str], column: str) -> tuple[str, str | None]:
    """How a date column writes day and month as numbers ("day first" or "month first"),
    from the dates that can be read only one way (13/03/2024, 3/13/2024); day first when
    none can. With a warning when its dates disagree (read the way most are), or when
    every such date could be read either way."""
    day_first, month_first, either = [], [], None
    for value in values:
        found = _NUMBERED_DATE.match(_ZONE.sub("", value.strip()))
        if found:
            first, second = int(found[1]), int(found[2])
            if first > 12 >= second:
                day_first.append(value)
            elif second > 12 >= first:
                month_first.append(value)
            elif either is None and first != second:
                either = value
    order = "month first" if len(month_first) > len(day_first) else "day first"
    if day_first and month_first:
        return order, (f"{column!r} has dates written day first ({day_first[0]!r}) and month first "
                       f"({month_first[0]!r}); each is read {order} where it can be, as most are written: "
                       "check that column")
    if either is not None and not day_first and not month_first:
        return order, (f"no date in {column!r} shows whether it is written day or month first "
                       f"({either!r}); read day first. If its dates are month first, give them as "
                       "YYYY-MM-DD")
    return order, None


def _date(value: str, order: str = "day first") -> str:
    """An ISO date where the cell holds a date in a common form (Google Forms' stamp
    "2024/05/01 9:00:00 AM GMT+7", "12 Mei 2024", "05/03/2024 13.47" read in the column's `order`,
    day first unless said); else the cell as it is."""
    plain = _TIME.sub("", _ZONE.sub("", value.strip()))
    if _ISO_DATE.match(plain):  # the common case, without trying each form in turn
        try:
            return datetime.date.fromisoformat(plain).isoformat()
        except ValueError:
            pass
    named = month_named_date(plain)
    if named:
        return named
    for form in _DATE_FORMATS[order]:
        try:
            return datetime.datetime.strptime(plain, form).date().isoformat()
        except ValueError:
            continue
    return value


def month_named_date(text: str) -> str | None:
    """An ISO date where the text is a day, a month's name and a year ("12 Mei 2024", "3 March
    2024", "Rabu, 22 Mei 2024", a time after it set aside); else None. A month's name leaves no
    doubt which number is the day."""
    words = _TIME.sub("", _ZONE.sub("", text.strip())).casefold().replace(",", " ").split()
    if len(words) == 4 and not words[0].isdigit():
        words = words[1:]  # the day's name before it
    if len(words) != 3 or words[1] not in _MONTHS:
        return None
    try:
        return datetime.date(int(words[2]), _MONTHS[words[1]], int(words[0])).isoformat()
    except ValueError:
        return None


def _row_hasher(header: list[str], columns: Columns):
    """The sha256 of a row from its cells: what the row's source is made of, its cells under
    their names and roles (a row whose cells stay the same, in a table that gained rows, is
    unchanged). It is that of json.dumps([header, cells, roles, SOURCE_TYPE]), as stored;
    the parts that are the table's are put into JSON once."""
    roles = [columns.texts, columns.replies, columns.key, columns.case, columns.date, columns.language,
             columns.attributes]
    head = f"[{json.dumps(header, ensure_ascii=False)}, "
    tail = f", {json.dumps(roles)}, {json.dumps(SOURCE_TYPE)}]"
    return lambda cells: hashlib.sha256(
        (head + json.dumps(cells, ensure_ascii=False) + tail).encode()).hexdigest()


def _slug(text: str) -> str:
    from qualcode.ingest import slug  # the package imports this module

    return slug(text)
