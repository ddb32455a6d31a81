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

from qualcode.errors import InputError
from qualcode.ingest.cases import csv_delimiter, csv_rows
from qualcode.ingest.decode import decode_bytes, normalise

TABLE_SUFFIXES = (".csv", ".xlsx")


@dataclass(frozen=True)
class Table:
    """A table as text: `header` (unique names, "column N" for a blank one) and `rows`, each
    (its row number in the file: the CSV line or the sheet row, its cells, as many as the
    header). Blank rows are left out. `where` is "line" or "row", for messages."""

    header: list[str]
    rows: list[tuple[int, list[str]]]
    where: str
    other_sheets: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


def read_table(raw: bytes, path: Path) -> Table:
    """The header and rows of a .csv or .xlsx file; InputError for what is not a usable table."""
    if path.suffix.lower() == ".xlsx":
        table = _xlsx_table(raw, path)
    else:
        table = _csv_table(raw, path)
    if not table.rows:
        raise InputError(path, "a table with a header but no rows; nothing to read")
    return table


def _csv_table(raw: bytes, path: Path) -> Table:
    text, warnings = decode_bytes(raw, path)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, delimiter=csv_delimiter(text))
    rows = [(line, values) for line, values in csv_rows(reader, path) if any(v.strip() for v in values)]
    if not rows:
        raise InputError(path, "has no header row", line=1)
    (header_line, header), body = rows[0], rows[1:]
    width = len(header)
    for line, values in body:
        if len(values) > width and any(v.strip() for v in values[width:]):
            raise InputError(path, f"row has {len(values)} fields but the header has {width}", line=line)
    return Table(_names(header, path, header_line, "line"),
                 [(line, _cells(values, width)) for line, values in body], "line", (), tuple(warnings))


def _xlsx_table(raw: bytes, path: Path) -> Table:
    from qualcode.workbook import open_workbook, unreadable_workbook

    workbook = open_workbook(raw, path, "save the table as .xlsx (Excel 2007 or later) or .csv",
                             values=True)
    try:
        sheets = [sheet for sheet in workbook.worksheets if getattr(sheet, "sheet_state", "visible") == "visible"]
        if not sheets:
            raise InputError(path, "has no visible sheet")
        rows = [(number, [_cell_text(value) for value in values])
                for number, values in enumerate(sheets[0].iter_rows(values_only=True), start=1)]
        others = tuple(sheet.title for sheet in sheets[1:])
    except InputError:
        raise
    except Exception as exc:  # damaged sheet XML, entities refused by defusedxml, …
        raise unreadable_workbook(path, exc) from None
    finally:
        workbook.close()
    rows = [(number, values) for number, values in rows if any(v.strip() for v in values)]
    if not rows:
        raise InputError(path, f"its sheet {sheets[0].title!r} is empty")
    (header_row, header), body = rows[0], rows[1:]
    while header and not header[-1].strip():  # a sheet's used range often runs past its last column
        header = header[:-1]
    width = len(header)
    for number, values in body:
        if any(v.strip() for v in values[width:]):
            raise InputError(path, f"sheet {sheets[0].title!r}, row {number}: a value beyond the last "
                                   "named column; give that column a heading")
    return Table(_names(header, path, header_row, "row"),
                 [(number, _cells(values, width)) for number, values in body], "row", others)


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
