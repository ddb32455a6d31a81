"""The displays' workbook, written with XlsxWriter: one sheet per display, a bold header row,
frozen panes below the header and right of the row labels, wrapped text, column widths from
the content, the display's notes below the table, pages set up for printing, and a first sheet
that says what the workbook holds. Document and zip entry times are fixed, so the bytes are
stable.

XlsxWriter rather than openpyxl, which reads workbooks here: a complaint archive's workbook has
sheets of tens of thousands of rows (1.7 M cells for 20,000 complaints), and openpyxl took
39 s to build and write them, XlsxWriter a third of that. Every text is written as a string,
never a formula; one that starts like a formula gets Excel's quote prefix, so that editing it
keeps it text too.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import xlsxwriter

from qualcode.display.base import Display, code_labels
from qualcode.display.export import (
    SheetNamer, cell_rows, cell_value, column_widths, has_text_cells, worded_table,
)
from qualcode.display.wording import words as sheet_words
from qualcode.display.xlsx_evidence import QUOTED_KINDS, quote_rows
from qualcode.display.xlsx_layout import (
    A4, BOOK_OPTIONS, DECIMAL_FORMAT, FIXED_TIME, HEADER_COLOUR, PAGE_CHARACTERS, PERCENT_FORMAT, QUOTED_STARTS,
    CellStyles, FormatCache, columns_within, height_of, lines_in, pages_wide, row_heights, write_cell,
    write_cells,
)
from qualcode.fileio import write_atomic
from qualcode.model import Codebook

WRAP = {"text_wrap": True, "valign": "top"}
_NOT_QUOTED = object()  # a display that is not a case matrix: no sheet of quotes


def _fill_sheet(sheet, formats: FormatCache, header: list, rows: list[list], notes: tuple[str, ...],
                fractions: int = DECIMAL_FORMAT, frozen: int = 1) -> None:
    """A table on a sheet: the header row and the first `frozen` columns stay in view."""
    header = [cell_value(title) for title in header]
    rows = [[cell_value(value) for value in row] for row in rows]
    heading = CellStyles(formats, bold=True, bg_color=f"#{HEADER_COLOUR}", **WRAP)
    for column, title in enumerate(header):
        write_cell(sheet, 0, column, title, heading)
    label, body = CellStyles(formats, fractions, bold=True, **WRAP), CellStyles(formats, fractions, **WRAP)
    for number, row in enumerate(rows, start=1):
        write_cell(sheet, number, 0, row[0], label)
        write_cells(sheet, number, 1, row[1:], body)
    widths = column_widths(header, rows)
    for column, width in enumerate(widths):
        sheet.set_column(column, column, width)
    for offset, height in row_heights([header, *rows], widths).items():
        sheet.set_row(offset, height)
    _set_up_printing(sheet, len(header), sum(widths))
    sheet.freeze_panes(1, frozen)
    if rows:  # a supervisor sorts and filters in Excel: the header row's filter buttons
        sheet.autofilter(0, 0, len(rows), len(header) - 1)
    note_styles = CellStyles(formats, italic=True, **WRAP)
    for offset, note in enumerate(notes):
        _note_across(sheet, len(rows) + 2 + offset, cell_value(note), widths, note_styles)


def _note_across(sheet, row: int, note: str, widths: list[float], styles: CellStyles) -> None:
    """A note under a table, wrapped across the table's width (at most a page's), so that it
    is read, and printed, whole rather than running off the sheet's edge."""
    last = max(1, columns_within(widths, PAGE_CHARACTERS))
    style = styles.quoted if note.startswith(QUOTED_STARTS) else styles.text
    if last > 1:
        sheet.merge_range(row, 0, row, last - 1, "", style)
    sheet.write_string(row, 0, note, style)
    lines = lines_in(note, sum(widths[:last]))
    if lines > 1:
        sheet.set_row(row, height_of(lines))


def _set_up_printing(sheet, columns: int, width: float = 0.0) -> None:
    """A4 landscape, the header row and the row labels on every page; as few pages wide as
    leave the text readable (`width`: the columns' widths in characters)."""
    sheet.set_paper(A4)
    sheet.set_landscape()
    sheet.fit_to_pages(pages_wide(width), 0)  # 0: as many pages down as needed
    sheet.repeat_rows(0)
    if columns > 1:
        sheet.repeat_columns(0)
    sheet.set_footer("&L&A&R&P / &N")  # a loose page says its sheet, and where it falls


def _fill_about_sheet(sheet, formats: FormatCache, title: str, facts: list[tuple[str, str]],
                      header: tuple[str, str], contents: list[tuple[str, str]]) -> None:
    """The workbook's first sheet: what it is (`facts`: project, codebook, date …), then each
    sheet and what it holds. Its texts (a project's name) are text, never a formula."""
    write_cell(sheet, 0, 0, cell_value(title), CellStyles(formats, bold=True, font_size=14))
    bold, wrapped = CellStyles(formats, bold=True, valign="top"), CellStyles(formats, **WRAP)
    row = 2
    for label, value in facts:
        write_cell(sheet, row, 0, cell_value(label), bold)
        write_cell(sheet, row, 1, cell_value(value), wrapped)
        if lines_in(value, 90) > 1:
            sheet.set_row(row, height_of(lines_in(value, 90)))
        row += 1
    row += 1
    for column, text in enumerate(header):
        write_cell(sheet, row, column, cell_value(text), bold)
    link = formats(font_color="blue", underline=1, **WRAP)
    for name, text in contents:
        row += 1
        # each sheet's name opens it (a sheet name's own apostrophes are doubled in a reference)
        sheet.write_url(row, 0, "internal:'{}'!A1".format(name.replace("'", "''")), link, string=name)
        write_cell(sheet, row, 1, cell_value(text), wrapped)
        sheet.set_row(row, height_of(max(lines_in(name, 28), lines_in(text, 90))))
    sheet.set_column(0, 0, 28.0)
    sheet.set_column(1, 1, 90.0)
    _set_up_printing(sheet, 1)


def xlsx_bytes(displays: Iterable[Display], *, notes: bool = True, language: str | None = None,
               codebook: Codebook | None = None, about: dict | None = None,
               segments: pd.DataFrame | None = None) -> bytes:
    """A workbook with one sheet per display, as stable bytes. With `language`, worded for
    people in it (code labels from `codebook`); without, as built, notes in English. With
    `about` (project, made_on, tool), a first sheet says what the workbook is and holds; with
    `segments` (segment_id, text), a case matrix gets a sheet of its quotes. The displays are
    taken one at a time, each written as it comes (a report hands them over as it builds them)."""
    labels = code_labels(codebook, language) if codebook is not None and language else {}
    w = sheet_words(language or "en")
    raw = io.BytesIO()
    book = xlsxwriter.Workbook(raw, BOOK_OPTIONS)
    book.set_properties({"author": "qualcode", "created": FIXED_TIME})
    formats = FormatCache(book)
    name_sheet = SheetNamer()
    # sheets keep the order they are added in: the About sheet first (a display called
    # "About" gets another name), filled once the others say what they hold
    first = book.add_worksheet(name_sheet(w["about_sheet"])) if about is not None else None
    contents: list[tuple[str, str]] = []
    written = 0
    for display in displays:
        written += 1
        contents.extend(_display_sheets(book, formats, name_sheet, display, notes, language, labels, w, segments))
    if not written:
        book.add_worksheet("empty")
    if first is not None:
        facts = [(w["about_project"], about["project"]),
                 *([(w["about_description"], about["description"])] if about.get("description") else []),
                 *([(w["about_codebook"], f"{codebook.name_in(language or 'en')} ({codebook.version})")]
                   if codebook is not None else []),
                 (w["about_made"], about["made_on"]), (w["about_tool"], about["tool"])]
        _fill_about_sheet(first, formats, w["about_title"].format(project=about["project"]), facts,
                          (w["about_sheet_header"], w["about_contents"]), contents)
        first.activate()
    book.close()  # its zip entries are dated 1 January 1980: equal content, equal bytes
    return raw.getvalue()


def _display_sheets(book, formats: FormatCache, name_sheet: SheetNamer, display: Display, notes: bool,
                    language: str | None, labels: dict, w: dict, segments: pd.DataFrame | None
                    ) -> list[tuple[str, str]]:
    """A display's sheet; a sheet of its numbers beside it when its cells are text ("5 seg /
    1 of 1 inf", "strong — “…”"), one row per cell, to sort, filter and sum; and a case
    matrix's sheet of the quotes behind its counts, when there are not too many. Returns each
    sheet's name and what it holds, for the About sheet."""
    quoted = quote_rows(display, segments, labels) if segments is not None and display.kind in QUOTED_KINDS \
        else _NOT_QUOTED
    title = name_sheet(display.name)
    header, rows, worded_notes = worded_table(display, language, labels)
    frozen = 1
    if display.kind == "accounting":  # its row label repeats the case and source type beside it
        header, rows, frozen = header[1:], [row[1:] for row in rows], 2
    _fill_sheet(book.add_worksheet(title), formats, header, rows, worded_notes if notes else (),
                PERCENT_FORMAT if display.kind == "prevalence" else DECIMAL_FORMAT, frozen)
    kind = w.get(f"display_kind_{display.kind}", display.kind)
    too_many = (w["about_quotes_csv"].format(file=f"{display.name}_evidence.csv"),) if quoted is None else ()
    contents = [(title, " ".join((kind[:1].upper() + kind[1:] + ".", *worded_notes, *too_many)))]
    if has_text_cells(display):
        data_title = name_sheet(display.name, f" {w['data_sheet']}")
        header, rows = cell_rows(display, w, labels)
        _fill_sheet(book.add_worksheet(data_title), formats, header, rows, ())
        contents.append((data_title, w["about_data"].format(name=title)))
    if quoted is not None and quoted is not _NOT_QUOTED:
        quotes_title = name_sheet(display.name, f" {w['quotes_sheet']}")
        header = [w["case"], w["code"], w["cells_quote_segment"], w["cells_quote"]]
        if quoted and len(quoted[0]) > len(header):  # a survey's
            header.append(w["cells_question"])
        _fill_sheet(book.add_worksheet(quotes_title), formats, header, quoted, ())
        contents.append((quotes_title, w["about_quotes"].format(name=title)))
    return contents


def write_xlsx(displays: Iterable[Display], path: Path, *, notes: bool = True, language: str | None = None,
               codebook: Codebook | None = None, about: dict | None = None,
               segments: pd.DataFrame | None = None) -> Path:
    """All the displays in one workbook at `path`, written atomically (see xlsx_bytes)."""
    return write_atomic(Path(path), xlsx_bytes(displays, notes=notes, language=language, codebook=codebook,
                                               about=about, segments=segments))


def table_book(sheets: Iterable[tuple[str, list, list[list], tuple[str, ...]]]) -> bytes:
    """A workbook of plain tables, each sheet (name, header, rows, notes) laid out and printed
    as a display's sheet is: the report's evidence workbook."""
    raw = io.BytesIO()
    book = xlsxwriter.Workbook(raw, BOOK_OPTIONS)
    book.set_properties({"author": "qualcode", "created": FIXED_TIME})
    formats = FormatCache(book)
    name_sheet = SheetNamer()
    for name, header, rows, notes in sheets:
        _fill_sheet(book.add_worksheet(name_sheet(name)), formats, header, rows, notes)
    book.close()
    return raw.getvalue()
