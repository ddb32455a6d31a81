"""CSV and XLSX writers for displays, safe against formula injection and byte-for-byte stable.

Any text cell (and row or column label) that begins with =, +, -, @, tab or carriage return
is prefixed with an apostrophe (OWASP "CSV injection"), so a spreadsheet shows it as text
instead of running it. Numbers are left as numbers: -3 stays -3. The same rule applies to CSV
and XLSX.

CSV: UTF-8 (optionally with a BOM, which Excel needs to read UTF-8), LF line ends (a CR inside
a cell is written as LF, so that it is quoted), the index as the first column; the same display
gives the same bytes.
XLSX: what goes in a workbook's cells is worked out here (sheet names, values, column widths,
a display worded for people); qualcode.display.xlsx_book writes the workbook. Given a language,
the workbook is worded for people (qualcode.display.worded): code labels for ids, headers,
marks and notes in that language. The CSV stays as built: ids and English tokens, data for
scripts.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from qualcode.display.base import EVIDENCE_COLUMNS, Display
from qualcode.display.notes import note_texts
from qualcode.display.worded import worded_rows
from qualcode.fileio import write_atomic
from qualcode.textrules import FORMULA_PREFIXES, cell_text, neutralise

MAX_WIDTH, MIN_WIDTH = 60, 8
SHEET_NAME_MAX = 31
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def safe_frame(table: pd.DataFrame) -> pd.DataFrame:
    """A copy of `table` with every text cell and every row and column label neutralised."""
    safe = table.astype(object).map(neutralise) if table.size else table.copy()
    safe.columns = _safe_labels(table.columns)
    safe.index = _safe_labels(table.index)
    return safe


def _safe_labels(labels: pd.Index) -> pd.Index:
    if isinstance(labels, pd.MultiIndex):
        return labels.set_levels([level.map(neutralise) for level in labels.levels])
    return labels.map(neutralise).rename(neutralise(labels.name))


# ------------------------------------------------------------------------------ CSV
def _csv_bytes(table: pd.DataFrame, index: bool, bom: bool) -> bytes:
    # Columns of numbers are written as they are: only a text can start a formula or hold a
    # CR (a survey's case matrix is half a million counts, each once mapped in Python).
    safe = table.copy(deep=False)
    for position, dtype in enumerate(table.dtypes):
        if not (pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype)):
            safe.isetitem(position, table.iloc[:, position].astype(object).map(_csv_text))
    safe.columns = _safe_labels(table.columns)
    safe.index = _safe_labels(table.index)
    text = safe.to_csv(index=index, lineterminator="\n")
    return ("\ufeff" if bom else "").encode("utf-8") + text.encode("utf-8")


def _csv_text(value):
    """A cell of a CSV: neutralised; a bare CR inside it, which would end the row for most
    readers (the csv module only quotes the line terminator's characters), written as LF."""
    value = neutralise(value)
    return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) and "\r" in value else value


def display_csv(display: Display, *, bom: bool = False) -> bytes:
    """The display's table as CSV bytes (index first, LF line ends), neutralised."""
    return _csv_bytes(display.table, True, bom)


def evidence_csv(display: Display, *, bom: bool = False) -> bytes:
    """row, column, n_segments, segment_ids: the drill-down of every non-empty cell."""
    rows = display.evidence_rows(encoded=True)
    fast = _plain_csv(rows, EVIDENCE_COLUMNS)
    if fast is None:
        rows = [tuple(v.decode("utf-8") if isinstance(v, bytes) else v for v in row) for row in rows]
        return _csv_bytes(pd.DataFrame(rows, columns=list(EVIDENCE_COLUMNS)), False, bom)
    return ("\ufeff" if bom else "").encode("utf-8") + fast


_NEEDS_QUOTES = (",", '"', "\n")  # what the csv module quotes, with lineterminator "\n"
_NEEDS_CARE = (*(p.encode() for p in FORMULA_PREFIXES), )
_BYTES_NEEDING_QUOTES = tuple(mark.encode() for mark in _NEEDS_QUOTES)


def _plain_csv(rows: list[tuple], header: tuple[str, ...]) -> bytes | None:
    """The bytes _csv_bytes(DataFrame(rows, columns=header), index=False) gives, for rows of
    text (str, or UTF-8 bytes) and integers, written without pandas: every text neutralised
    and its CRs made LF as _csv_bytes does, quoted as the csv module quotes a field (only
    where it needs it). A text or number is encoded once however many rows repeat it (a
    survey's case ids, the codes). (The evidence of a million codings is hundreds of MB of
    segment ids, which pandas' writer moves character by character.) None when a value is
    neither text nor an integer."""
    fields: dict = {}  # a text or integer -> its field's bytes
    lines: list[bytes] = []
    for row in [header, *rows]:
        out: list[bytes] = []
        for value in row:
            kind = type(value)
            if kind is bytes:
                if not (value.startswith(_NEEDS_CARE) or b"\r" in value
                        or any(mark in value for mark in _BYTES_NEEDING_QUOTES)):
                    out.append(value)
                    continue
                value, kind = value.decode("utf-8"), str  # the rare text that needs the full rule
            if kind is not str and (isinstance(value, (bool, np.bool_))
                                    or not isinstance(value, (int, np.integer))):
                return None  # (a bool or float would also find an equal integer's field)
            field = fields.get(value)
            if field is None:
                field = fields[value] = _csv_field(value)
            out.append(field)
        lines.append(b",".join(out))
    lines.append(b"")
    return b"\n".join(lines)


def _csv_field(value) -> bytes:
    """One text or integer as a field of a CSV row (see _plain_csv)."""
    if not isinstance(value, str):
        return str(int(value)).encode("utf-8")
    value = _csv_text(value)
    if any(mark in value for mark in _NEEDS_QUOTES):
        return ('"' + value.replace('"', '""') + '"').encode("utf-8")
    return value.encode("utf-8")


def write_csv(display: Display, folder: Path, *, evidence: bool = True, bom: bool = False) -> dict[str, Path]:
    """<name>.csv (and <name>_evidence.csv) in `folder`, written atomically."""
    folder = Path(folder)
    written = {display.name: write_atomic(folder / f"{display.name}.csv", display_csv(display, bom=bom))}
    if evidence:
        written[f"{display.name}_evidence"] = write_atomic(
            folder / f"{display.name}_evidence.csv", evidence_csv(display, bom=bom))
    return written


# ------------------------------------------------------------------------------ XLSX
class SheetNamer:
    """Valid, distinct (case-insensitively) Excel sheet names, at most 31 characters, given
    one at a time as a workbook's sheets are added. A name's suffix (" data") is kept whole:
    the name is shortened before it, and numbered there."""

    def __init__(self):
        self._taken: set[str] = set()

    def __call__(self, name: str, suffix: str = "") -> str:
        base = _SHEET_FORBIDDEN.sub("_", str(name)).strip("'") or "display"
        candidate, n = base[:SHEET_NAME_MAX - len(suffix)] + suffix, 1
        while candidate.lower() in self._taken:
            n += 1
            tail = f"~{n}{suffix}"
            candidate = base[:SHEET_NAME_MAX - len(tail)] + tail
        self._taken.add(candidate.lower())
        return candidate


def cell_value(value):
    """A value as a workbook cell holds it: None for missing, Python numbers, text as
    `cell_text` makes it."""
    kind = type(value)  # the common types first: a large workbook has a million cells
    if kind is int:
        return value
    if kind is str:
        return value if value.isprintable() else cell_text(value)  # printable: nothing to take out
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and np.isnan(value):
        return None
    if isinstance(value, (int, float, bool)):
        return value
    return cell_text(str(value))


def column_widths(header: list, rows: list[list]) -> list[float]:
    """Each column's width: its longest line (header included; empty cells left out), plus
    a margin, within MIN_WIDTH..MAX_WIDTH. Plain Python: a display's columns are many and
    short, where a pandas pass per column cost more than the lines themselves."""
    widths = []
    for position, title in enumerate(header):
        column = [row[position] for row in rows]
        texts = [value for value in column if type(value) is str]
        longest = max((len(value) if "\n" not in value else max(map(len, value.split("\n"))) for value in texts),
                      default=0)
        numbers = not texts
        # a survey's matrix has a million counts, of a few distinct values: each measured once
        counts = {value for value in column if type(value) is int}
        longest = max(longest, *(len(str(value)) for value in counts), 0)
        for value in column:
            if value is None or type(value) is str or type(value) is int:
                continue
            numbers = numbers and isinstance(value, (int, float))
            longest = max(longest, *map(len, str(value).split("\n")))
        # a column of numbers is as wide as its header's longest word (the header wraps), so
        # that a matrix headed by long code labels still fits a page
        heading = str(title or "")
        longest = max(longest, *map(len, heading.split() if numbers and rows else heading.split("\n")), 0)
        widths.append(float(min(MAX_WIDTH, max(MIN_WIDTH, longest + 2))))
    return widths


def sheet_rows(table: pd.DataFrame) -> tuple[list, list[list]]:
    """The header (the row labels' name, then the columns) and the rows (label, then cells)."""
    header = [table.index.name or "", *map(str, table.columns)]
    body = table.to_numpy(dtype=object, copy=True)  # numpy's mask, not pandas' where: a survey's tables are large
    missing = table.isna().to_numpy()
    if missing.any():
        body[missing] = None
    rows = [[label, *values] for label, values in zip(map(str, table.index), body.tolist())]
    return header, rows


def worded_table(display: Display, language: str | None, labels: dict) -> tuple[list, list[list], tuple[str, ...]]:
    """A display's header, rows and notes for people: in `language` with code `labels` (as
    built, notes in English, without a language)."""
    header, rows = sheet_rows(display.table)
    if language:
        header, rows = worded_rows(display, header, rows, language, labels)
    return header, rows, note_texts(display.notes, language or "en", labels)


def has_text_cells(display: Display) -> bool:
    """Whether the display's table shows its numbers as text, and it has them as numbers."""
    cells = display.cells
    return (len(cells) > 0 and {"row", "column"} <= set(cells.columns)
            and any(pd.api.types.is_numeric_dtype(cells[c]) for c in cells.columns)
            and bool(display.table.map(lambda v: isinstance(v, str)).to_numpy().any()))


def cell_rows(display: Display, w: dict, labels: dict) -> tuple[list, list[list]]:
    """The display's cells frame as sheet rows: a code's label, a group's word, numbers as numbers."""
    cells = display.cells
    header = [w.get(f"cells_{c}", c) for c in cells.columns]
    # one axis holds codes (their labels), the other groups (roles, source types, "case/type"):
    # a role id can also be a code's ("legislature"), so each axis is worded by what it holds
    codes_on = "column" if set(cells["column"]) <= set(labels) and labels else "row"

    def group(value):
        return "/".join(w.get(part, part) for part in str(value).split("/"))

    worded = {"row": (lambda v: labels.get(v, v)) if codes_on == "row" else group,
              "column": (lambda v: labels.get(v, v)) if codes_on == "column" else group,
              "mark": lambda v: w.get(v, v),
              "rating": lambda v: w.get(v, v), "computed_rating": lambda v: w.get(v, v)}
    # a yes/no column in words: a spreadsheet shows a bare TRUE/FALSE in its own language, or in English
    for column in cells.columns:
        if column not in worded and cells[column].dtype == bool:
            worded[column] = lambda v: w["cell_yes"] if v else w["cell_no"]
    columns = [cells[c].map(worded[c]) if c in worded else cells[c] for c in cells.columns]
    rows = [list(values) for values in zip(*(column.astype(object).where(column.notna(), None).tolist()
                                             for column in columns))]
    return header, rows
