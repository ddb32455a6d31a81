"""Tables of short texts (survey answers, complaint archives) read from .csv or .xlsx.

One row is one source: its free-text columns are what is coded, and its other columns say
who or what the row is (see `table_columns`). This module only reads a file into a header
and rows of text, whatever the format; every error names the file and the line or row.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from qualcode.errors import InputError
from qualcode.ingest.cases import csv_delimiter, csv_rows
from qualcode.ingest.decode import decode_bytes, normalise

TABLE_SUFFIXES = (".csv", ".xlsx")


@dataclass(frozen=True)
class Table:
    """A table as text: `header` (unique names, "column N" for a blank one) and `rows`, each
    (its row number, as a spreadsheet shows the file, its cells, as many as the header).
    Blank rows are left out. `where` is "line" or "row", for messages; a CSV's `lines` give
    the line each row starts on, which differs from its row number after a cell that holds
    a line break."""

    header: list[str]
    rows: list[tuple[int, list[str]]]
    where: str
    other_sheets: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    sheet: str | None = None  # the sheet read, of a workbook
    lines: dict[int, int] | None = None  # a CSV's: row number -> the line it starts on

    def place(self, number: int) -> int:
        """Where a message should point for row `number`: its line in a CSV, else the row."""
        return self.lines.get(number, number) if self.lines else number


def read_table(raw: bytes, path: Path, wanted: Callable[[Table], bool] | None = None) -> Table:
    """The header and rows of a .csv or .xlsx file; InputError for what is not a usable table.
    Of a workbook's sheets, the first with a table that is `wanted` (a summary sheet of counts
    often comes before the data), else the first with a table."""
    if path.suffix.lower() == ".xlsx":
        table = _xlsx_table(raw, path, wanted)
    else:
        table = _csv_table(raw, path)
    if not table.rows:
        raise InputError(path, "a table with a header but no rows; nothing to read")
    return table


def _csv_table(raw: bytes, path: Path) -> Table:
    text, warnings = decode_bytes(raw, path)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, delimiter=csv_delimiter(text))
    # a spreadsheet shows a record a row, however many lines its cells take: number them so
    records = list(enumerate(csv_rows(reader, path), start=1))
    lines = {number: line for number, (line, _) in records}
    rows = [(number, values) for number, (_, values) in records if any(v.strip() for v in values)]
    if not rows:
        raise InputError(path, "has no header row", line=1)
    (header_row, header), body = _header_and_body(rows)
    width = len(header)
    for number, values in body:
        if len(values) > width and any(v.strip() for v in values[width:]):
            raise InputError(path, f"row has {len(values)} fields but the header has {width}",
                             line=lines[number])
    return Table(_names(header, path, lines[header_row], "line"),
                 [(number, _cells(values, width)) for number, values in body], "line", (), tuple(warnings),
                 lines=lines)


def _xlsx_table(raw: bytes, path: Path, wanted: Callable[[Table], bool] | None = None) -> Table:
    from qualcode.workbook import open_workbook, reading, sheet_rows

    workbook = open_workbook(raw, path, "save the table as .xlsx (Excel 2007 or later) or .csv",
                             values=True)
    with reading(workbook, path):
        sheets = [sheet for sheet in workbook.worksheets if getattr(sheet, "sheet_state", "visible") == "visible"]
        if not sheets:
            raise InputError(path, "has no visible sheet")
        first: Table | InputError | None = None
        first_rows = None  # the first sheet's, read as a table of one column if no sheet has two
        for sheet in sheets:  # an instructions sheet, or a summary of counts, often comes first
            rows = [(number, [_cell_text(value) for value in values])
                    for number, values in enumerate(sheet_rows(sheet), start=1)]
            rows = [(number, values) for number, values in rows if any(v.strip() for v in values)]
            first_rows = rows if first_rows is None else first_rows
            if not _is_table(rows):
                continue
            others = tuple(s.title for s in sheets if s is not sheet)
            try:
                table = _sheet_table(rows, sheet.title, others, path)
            except InputError as error:  # said if no other sheet is the one
                first = first or error
                continue
            if wanted is None or wanted(table):
                return table
            first = first or table
    if first is None:
        if not first_rows:
            raise InputError(path, f"its sheet {sheets[0].title!r} is empty")
        return _sheet_table(first_rows, sheets[0].title, tuple(s.title for s in sheets[1:]), path)
    if isinstance(first, InputError):
        raise first
    return first


def _sheet_table(rows: list[tuple[int, list[str]]], title: str, others: tuple[str, ...], path: Path) -> Table:
    """A sheet's rows (the blank ones left out) as a table under their heading row."""
    (header_row, header), body = _header_and_body(rows)
    while header and not header[-1].strip():  # a sheet's used range often runs past its last column
        header = header[:-1]
    width = len(header)
    for number, values in body:
        if any(v.strip() for v in values[width:]):
            raise InputError(path, f"sheet {title!r}, row {number}: a value beyond the last "
                                   "named column; give that column a heading")
    return Table(_names(header, path, header_row, "row"),
                 [(number, _cells(values, width)) for number, values in body], "row", others, (), title)


def _filled(values: list[str]) -> int:
    return sum(1 for v in values if v.strip())


def _is_table(rows: list[tuple[int, list[str]]]) -> bool:
    """Rows under a heading row of two columns or more (not a sheet of instructions)."""
    return any(_filled(values) >= 2 for _, values in rows)


def _header_and_body(rows: list[tuple[int, list[str]]]) -> tuple[tuple[int, list[str]], list]:
    """The heading row and the rows under it. Title lines above the headings ("REKAP
    PENGADUAN 2024", a date), one filled cell each, are passed over."""
    start = next((k for k, (_, values) in enumerate(rows) if _filled(values) >= 2), 0)
    return rows[start], rows[start + 1:]


def _names(header: list[str], path: Path, where: int, unit: str) -> list[str]:
    """The header's names, stripped; a blank one is "column N"; a repeated one is an error."""
    names: list[str] = []
    for position, raw in enumerate(header, start=1):
        name = " ".join(raw.split()) or f"column {position}"
        if name.casefold() in (n.casefold() for n in names):
            raise InputError(path, f"column {name!r} appears twice in the header", line=where)
        names.append(name)
    return names


def _cells(values: list[str], width: int) -> list[str]:
    """Exactly `width` cells: a short row (Excel leaves trailing empty cells out) padded."""
    return [normalise(v).strip() for v in values[:width]] + [""] * (width - len(values))


def _cell_text(value) -> str:
    """A spreadsheet cell as text: a whole number without ".0", a date in ISO form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return str(value)
