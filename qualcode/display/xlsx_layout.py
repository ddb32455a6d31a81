"""How the displays' workbook reads and prints: row heights for wrapped text, pages set up
for printing, and the first sheet, which says what the workbook is.

Excel grows a row to fit wrapped text when it opens a file; LibreOffice keeps the default
height, so long quotes spilled over the rows below. The heights are worked out here from
the column widths instead, the way a reader counts lines.
"""

from __future__ import annotations

import math

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from qualcode.textrules import FORMULA_PREFIXES

LINE_HEIGHT = 15.0   # points per line of 11-point text
LONG_TEXT = 300      # characters past which a cell's lines are estimated, not counted word by word
WRAP_SLACK = 1.1     # a wrapped line ends short of the width by about half a word
MAX_HEIGHT = 409.0   # Excel's highest row
A4 = 9               # Excel's paper size code


def text_cell(cell) -> None:
    """Keep a text cell text: a string, never a formula, and one that starts like a formula
    (`=HYPERLINK(…)`, `-Iya, Pak`, `+62 812…`) marked with Excel's quote prefix, so that
    editing it keeps it text too. The reader sees the text as written, with no apostrophe."""
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


def fit_row_heights(sheet, rows: list[list], widths: list[float], first_row: int = 2) -> None:
    """Heights for the rows whose text wraps (a row of one line keeps the default)."""
    for offset, row in enumerate(rows):
        lines = max((lines_in(value, width) for value, width in zip(row, widths) if isinstance(value, str)),
                    default=1)
        if lines > 1:
            sheet.row_dimensions[first_row + offset].height = min(MAX_HEIGHT, LINE_HEIGHT * lines)


def note_across(sheet, cell, columns: int) -> None:
    """A note under a table, wrapped across the table's width (at most a page's), so that it
    is read, and printed, whole rather than running off the sheet's edge."""
    last = max(1, min(columns, _columns_within(sheet, columns, PAGE_CHARACTERS)))
    if last > 1:
        sheet.merge_cells(start_row=cell.row, start_column=1, end_row=cell.row, end_column=last)
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    shown = sum(sheet.column_dimensions[get_column_letter(k)].width or 8.0 for k in range(1, last + 1))
    if lines_in(cell.value, shown) > 1:
        sheet.row_dimensions[cell.row].height = min(MAX_HEIGHT, LINE_HEIGHT * lines_in(cell.value, shown))


def _columns_within(sheet, columns: int, characters: float) -> int:
    """How many of the first columns fit in `characters` (one at least)."""
    used = 0.0
    for k in range(1, columns + 1):
        used += sheet.column_dimensions[get_column_letter(k)].width or 8.0
        if used > characters:
            return max(1, k - 1)
    return columns


# An A4 landscape page holds about 95 characters of 11-point text; a sheet up to 1.7 times
# as wide is shrunk to one page wide (still readable), a wider one prints across pages.
PAGE_CHARACTERS, SHRINK_UP_TO = 95, 1.7


def set_up_printing(sheet, columns: int, width: float = 0.0) -> None:
    """A4 landscape, the header row and the row labels on every page; one page wide when
    that leaves the text readable (`width`: the columns' widths in characters)."""
    sheet.page_setup.paperSize = A4
    sheet.page_setup.orientation = "landscape"
    if width <= PAGE_CHARACTERS * SHRINK_UP_TO:
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0  # 0: as many pages down as needed
    sheet.print_title_rows = "1:1"
    if columns > 1:
        sheet.print_title_cols = "A:A"


def fill_about_sheet(sheet, title: str, facts: list[tuple[str, str]], header: tuple[str, str],
                     contents: list[tuple[str, str]]) -> None:
    """The workbook's first sheet: what it is (`facts`: project, codebook, date …), then each
    sheet and what it holds."""
    sheet["A1"] = title
    sheet["A1"].font = Font(bold=True, size=14)
    wrap = Alignment(wrap_text=True, vertical="top")
    row = 3
    for label, value in facts:
        sheet.cell(row=row, column=1, value=label).font = Font(bold=True)
        sheet.cell(row=row, column=2, value=value).alignment = wrap
        if lines_in(value, 90) > 1:
            sheet.row_dimensions[row].height = LINE_HEIGHT * lines_in(value, 90)
        row += 1
    row += 1
    for column, text in enumerate(header, start=1):
        sheet.cell(row=row, column=column, value=text).font = Font(bold=True)
    for name, text in contents:
        row += 1
        sheet.cell(row=row, column=1, value=name).alignment = wrap
        sheet.cell(row=row, column=2, value=text).alignment = wrap
        sheet.row_dimensions[row].height = LINE_HEIGHT * max(lines_in(name, 28), lines_in(text, 90))
    for line in sheet.iter_rows():
        for cell in line:
            text_cell(cell)  # a project's name is text, never a formula
    sheet.column_dimensions["A"].width = 28.0
    sheet.column_dimensions["B"].width = 90.0
    set_up_printing(sheet, 1)
