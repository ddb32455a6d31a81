"""How a workbook reads and prints: row heights for wrapped text, the lines a cell shows, the
page a sheet prints on, and the fixed times that make a workbook's bytes stable.

Excel grows a row to fit wrapped text when it opens a file; LibreOffice keeps the default
height, so long quotes spilled over the rows below. The heights are worked out here from
the column widths instead, the way a reader counts lines. Both workbooks use these: the
displays' (qualcode.display.xlsx_book, XlsxWriter) and the coding sheet's
(qualcode.interop.sheets, openpyxl, which also reads it back).
"""

from __future__ import annotations

import io
import math
import zipfile
from datetime import datetime

from qualcode.textrules import FORMULA_PREFIXES

LINE_HEIGHT = 15.0   # points per line of 11-point text
LONG_TEXT = 300      # characters past which a cell's lines are estimated, not counted word by word
WRAP_SLACK = 1.1     # a wrapped line ends short of the width by about half a word
MAX_HEIGHT = 409.0   # Excel's highest row
A4 = 9               # Excel's paper size code
HEADER_COLOUR = "DDE3EA"
# An A4 landscape page holds about 95 characters of 11-point text; a sheet up to 1.7 times
# as wide is shrunk to one page wide (still readable), a wider one prints across pages.
PAGE_CHARACTERS, SHRINK_UP_TO = 95, 1.7
FIXED_TIME = datetime(2000, 1, 1)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def text_cell(cell) -> None:
    """Keep an openpyxl text cell text: a string, never a formula, and one that starts like a
    formula (`=HYPERLINK(…)`, `-Iya, Pak`, `+62 812…`) marked with Excel's quote prefix, so
    that editing it keeps it text too. The reader sees the text as written, with no apostrophe."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
        if cell.value.startswith(FORMULA_PREFIXES):
            cell.quotePrefix = True


def lines_in(value, width: float) -> int:
    """How many lines a wrapped cell of `width` characters shows `value` in: its words packed
    line by line, a word longer than a line broken."""
    if not isinstance(value, str) or not value:
        return 1
    fits = max(1, int(width) - 1)
    if len(value) <= fits and "\n" not in value:  # most cells: one line, said at once
        return 1
    if len(value) > LONG_TEXT:  # a quote: packing its words one by one costs more than it tells
        return sum(max(1, math.ceil(len(paragraph) * WRAP_SLACK / fits)) for paragraph in value.split("\n"))
    total = 0
    for paragraph in value.split("\n"):
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
    keeps the default and is left out."""
    heights = {}
    for offset, row in enumerate(rows):
        lines = max((lines_in(value, width) for value, width in zip(row, widths) if isinstance(value, str)),
                    default=1)
        if lines > 1:
            heights[offset] = height_of(lines)
    return heights


def fit_row_heights(sheet, rows: list[list], widths: list[float], first_row: int = 2) -> None:
    """Heights on an openpyxl sheet for the rows whose text wraps, `rows` from `first_row` on."""
    for offset, height in row_heights(rows, widths).items():
        sheet.row_dimensions[first_row + offset].height = height


def columns_within(widths: list[float], characters: float) -> int:
    """How many of the first columns fit in `characters` (one at least)."""
    used = 0.0
    for count, width in enumerate(widths, start=1):
        used += width
        if used > characters:
            return max(1, count - 1)
    return len(widths)


def fits_a_page(width: float) -> bool:
    """Whether a sheet `width` characters wide is shrunk to one page wide and stays readable."""
    return width <= PAGE_CHARACTERS * SHRINK_UP_TO


def with_fixed_times(data: bytes) -> bytes:
    """The same zip with every entry dated ZIP_TIME, so equal content gives equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            target.writestr(info, source.read(item.filename))
    return out.getvalue()
