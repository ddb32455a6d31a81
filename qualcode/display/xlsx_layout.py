"""How a workbook reads and prints: row heights for wrapped text, the lines a cell shows, the
page a sheet prints on, and what keeps a cell's text text and a workbook's bytes stable.

Excel grows a row to fit wrapped text when it opens a file; LibreOffice keeps the default
height, so long quotes spilled over the rows below. The heights are worked out here from
the column widths instead, the way a reader counts lines. Both workbooks use these, and
both are written with XlsxWriter: the displays' (qualcode.display.xlsx_book) and the coding
sheet (qualcode.interop.sheets; openpyxl reads it back).
"""

from __future__ import annotations

import math
from functools import lru_cache
from datetime import datetime

from qualcode.textrules import FORMULA_PREFIXES

LINE_HEIGHT = 15.0   # points per line of 11-point text
LONG_TEXT = 300      # characters past which a cell's lines are estimated, not counted word by word
WRAP_SLACK = 1.05    # a wrapped line ends short of the width by about half a word
# A column's width counts the digit "0"; a line of prose in 11-point Calibri (or Carlito, in
# LibreOffice) holds about 1.27 times as many characters (75 in a column 60 wide, measured on
# the demo's quotes). 1.2 leaves a margin: a row too short hides text, one too tall only wastes paper
TEXT_PER_WIDTH = 1.2
MAX_HEIGHT = 409.0   # Excel's highest row
A4 = 9               # Excel's paper size code
HEADER_COLOUR = "DDE3EA"
# An A4 landscape page holds about 95 characters of 11-point text; a sheet up to 1.7 times
# as wide is shrunk to one page wide (still readable), a wider one to as few pages as that
# shrinking allows.
PAGE_CHARACTERS, SHRINK_UP_TO = 95, 1.7
FIXED_TIME = datetime(2000, 1, 1)
# An XlsxWriter workbook built in memory, its texts written as text: never a formula, a link
# or a number; NaN and infinity as Excel's errors
BOOK_OPTIONS = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                "strings_to_numbers": False, "nan_inf_to_errors": True}
# Text a spreadsheet would take for a formula gets Excel's quote prefix; a CR is written as
# LF (textrules.cell_text), and the text it led stays marked
QUOTED_STARTS = (*FORMULA_PREFIXES, "\n")


# Excel's built-in number formats, by id: "0%" (9) and "0.00" (2). A prevalence is a share of
# informants; other fractions (Jaccard, lift, density) read best to two decimals.
PERCENT_FORMAT, DECIMAL_FORMAT = 9, 2


class FormatCache:
    """An XlsxWriter workbook's cell formats, each made once (a format is a style the
    workbook keeps; making one per cell would keep thousands)."""

    def __init__(self, book):
        self._book, self._made = book, {}

    def __call__(self, **properties):
        key = tuple(sorted(properties.items()))
        if key not in self._made:
            self._made[key] = self._book.add_format(properties)
        return self._made[key]


@lru_cache(maxsize=1 << 16)  # a survey's workbook wraps the same texts (quotes, cells) many times over
def lines_in(value, width: float) -> int:
    """How many lines a wrapped cell of `width` characters shows `value` in: its words packed
    line by line, a word longer than a line broken."""
    if not isinstance(value, str) or not value:
        return 1
    fits = max(1, int(width * TEXT_PER_WIDTH) - 1)
    if len(value) <= fits and "\n" not in value:  # most cells: one line, said at once
        return 1
    if len(value) > LONG_TEXT:  # a quote: packing its words one by one costs more than it tells
        return sum(max(1, math.ceil(len(paragraph) * WRAP_SLACK / fits)) for paragraph in value.split("\n"))
    total = 0
    for paragraph in value.split("\n"):
        sizes = list(map(len, paragraph.split()))
        if not sizes or max(sizes) <= fits:  # no word broken (most texts): the same packing, on sizes
            lines, used = 1, -1
            for size in sizes:
                used += size + 1
                if used > fits:
                    lines, used = lines + 1, size
            total += lines
            continue
        lines, used = 1, 0
        for word in paragraph.split():
            if used and used + 1 + len(word) > fits:
                lines, used = lines + 1, 0
            if len(word) > fits:  # broken across lines
                lines += (len(word) - 1) // fits
                used = len(word) % fits or fits
            else:
                used += len(word) + (1 if used else 0)
        total += lines
    return total


def height_of(lines: int) -> float:
    """The height in points of a row showing `lines` lines (Excel caps a row's height)."""
    return min(MAX_HEIGHT, LINE_HEIGHT * lines)


def row_heights(rows: list[list], widths: list[float]) -> dict[int, float]:
    """The height of each row (by position in `rows`) whose text wraps; a row of one line
    keeps the default and is left out. Column by column, since only a text longer than its
    column's line, or of several lines, can wrap."""
    most: dict[int, int] = {}
    for column, width in enumerate(widths):
        fits = max(1, int(width * TEXT_PER_WIDTH) - 1)
        for offset, row in enumerate(rows):
            value = row[column] if column < len(row) else None
            if isinstance(value, str) and (len(value) > fits or "\n" in value):
                lines = lines_in(value, width)
                if lines > most.get(offset, 1):
                    most[offset] = lines
    return {offset: height_of(most[offset]) for offset in sorted(most)}


def columns_within(widths: list[float], characters: float) -> int:
    """How many of the first columns fit in `characters` (one at least)."""
    used = 0.0
    for count, width in enumerate(widths, start=1):
        used += width
        if used > characters:
            return max(1, count - 1)
    return len(widths)


def pages_wide(width: float) -> int:
    """How many pages wide a sheet `width` characters wide prints on: as few as keep its text
    readable, shrunk at most SHRINK_UP_TO times (a matrix of 30 codes: 3 pages, not 5)."""
    return max(1, math.ceil(width / (PAGE_CHARACTERS * SHRINK_UP_TO)))


class CellStyles:
    """The formats a row's cells take: text; text that starts like a formula, with Excel's
    quote prefix, so that editing it keeps it text; a fraction, to `fractions` (an Excel
    number format id)."""

    def __init__(self, formats: FormatCache, fractions: int = DECIMAL_FORMAT, **properties):
        self.text = formats(**properties)
        self.quoted = formats(quote_prefix=True, **properties)
        self.fraction = formats(num_format=fractions, **properties)


def write_cell(sheet, row: int, column: int, value, styles: CellStyles) -> None:
    """One cell of an XlsxWriter sheet, by the type of its value: a text as a string, never a
    formula; None or an empty text leaves it empty."""
    write_cells(sheet, row, column, (value,), styles)


def write_cells(sheet, row: int, first_column: int, values, styles: CellStyles) -> None:
    """Cells of one row from `first_column` on, each as `write_cell` writes it. One loop for a
    row: a survey's workbook has a million cells, and a call per cell told."""
    write_string, write_number = sheet.write_string, sheet.write_number
    text, quoted, fraction = styles.text, styles.quoted, styles.fraction
    for column, value in enumerate(values, first_column):
        if isinstance(value, str):
            if value:
                write_string(row, column, value, quoted if value.startswith(QUOTED_STARTS) else text)
        elif value is None:
            continue
        elif isinstance(value, bool):
            sheet.write_boolean(row, column, value, text)
        elif isinstance(value, float):
            write_number(row, column, value, fraction)
        else:
            write_number(row, column, value, text)
