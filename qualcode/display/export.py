"""CSV and XLSX writers for displays, safe against formula injection and byte-for-byte stable.

Any text cell (and row or column label) that begins with =, +, -, @, tab or carriage return
is prefixed with an apostrophe (OWASP "CSV injection"), so a spreadsheet shows it as text
instead of running it. Numbers are left as numbers: -3 stays -3. The same rule applies to CSV
and XLSX.

CSV: UTF-8 (optionally with a BOM, which Excel needs to read UTF-8), LF line ends (a CR inside
a cell is written as LF, so that it is quoted), the index as the first column; the same display
gives the same bytes.
XLSX (openpyxl): one sheet per display, a bold header row, frozen panes below the header and
right of the row labels, wrapped text, column widths from the content, the display's notes
below the table; workbook properties and zip entry times are fixed, so the bytes are stable too.
Given a language, the workbook is worded for people (qualcode.display.worded): code labels for
ids, headers, marks and notes in that language. The CSV stays as built: ids and English tokens,
data for scripts.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable
from datetime import datetime
from itertools import repeat
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from qualcode.display.base import EVIDENCE_COLUMNS, Display, code_labels
from qualcode.display.notes import note_texts
from qualcode.display.worded import worded_rows
from qualcode.display.wording import words as sheet_words
from qualcode.display.xlsx_evidence import QUOTED_KINDS, quote_rows
from qualcode.display.xlsx_layout import fill_about_sheet, fit_row_heights, note_across, set_up_printing, text_cell
from qualcode.fileio import write_atomic
from qualcode.model import Codebook
from qualcode.textrules import FORMULA_PREFIXES, neutralise

FIXED_TIME = datetime(2000, 1, 1)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
MAX_WIDTH, MIN_WIDTH = 60, 8
SHEET_NAME_MAX = 31
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
HEADER_FILL = PatternFill("solid", fgColor="DDE3EA")


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
    safe = safe_frame(table)
    # A bare CR inside a cell would end the row for most readers, and the csv module only
    # quotes the line terminator's characters: write it as LF, which is quoted.
    safe = safe.map(lambda v: v.replace("\r\n", "\n").replace("\r", "\n") if isinstance(v, str) else v) \
        if safe.size else safe
    text = safe.to_csv(index=index, lineterminator="\n")
    return ("\ufeff" if bom else "").encode("utf-8") + text.encode("utf-8")


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


def _plain_csv(rows: list[tuple], header: tuple[str, ...]) -> bytes | None:
    """The bytes _csv_bytes(DataFrame(rows, columns=header), index=False) gives, for rows of
    text (str, or UTF-8 bytes) and integers, written without pandas: every text neutralised
    and its CRs made LF as _csv_bytes does, a row passed through the csv module only when a
    value needs quotes. (The evidence of a million codings is hundreds of MB of segment ids,
    which pandas' writer moves character by character.) None when a value is neither text
    nor an integer."""
    quoted = io.StringIO()
    writer = csv.writer(quoted, lineterminator="\n")
    parts: list[bytes] = []
    for row in [header, *rows]:
        cells: list = []
        for value in row:
            if isinstance(value, bytes):
                if value.startswith(_NEEDS_CARE) or b"\r" in value or any(
                        mark.encode() in value for mark in _NEEDS_QUOTES):
                    value = value.decode("utf-8")  # the rare text that needs the full rule
                else:
                    cells.append(value)
                    continue
            if isinstance(value, str):
                value = neutralise(value)
                if "\r" in value:
                    value = value.replace("\r\n", "\n").replace("\r", "\n")
            elif isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_)):
                value = str(int(value))
            else:
                return None
            cells.append(value)
        if any(isinstance(v, str) and mark in v for v in cells for mark in _NEEDS_QUOTES):
            quoted.seek(0)
            quoted.truncate()
            writer.writerow([v.decode("utf-8") if isinstance(v, bytes) else v for v in cells])
            parts.append(quoted.getvalue().encode("utf-8"))
            continue
        for position, value in enumerate(cells):
            parts.append(value if isinstance(value, bytes) else value.encode("utf-8"))
            parts.append(b"," if position < len(cells) - 1 else b"\n")
    return b"".join(parts)


def write_csv(display: Display, folder: Path, *, evidence: bool = True, bom: bool = False) -> dict[str, Path]:
    """<name>.csv (and <name>_evidence.csv) in `folder`, written atomically."""
    folder = Path(folder)
    written = {display.name: write_atomic(folder / f"{display.name}.csv", display_csv(display, bom=bom))}
    if evidence:
        written[f"{display.name}_evidence"] = write_atomic(
            folder / f"{display.name}_evidence.csv", evidence_csv(display, bom=bom))
    return written


# ------------------------------------------------------------------------------ XLSX
def sheet_names(names: Iterable[str], suffixes: Iterable[str] | None = None) -> list[str]:
    """Valid, distinct (case-insensitively) Excel sheet names, at most 31 characters. A name's
    suffix (" data") is kept whole: the name is shortened before it, and numbered there."""
    chosen: list[str] = []
    taken: set[str] = set()
    for name, suffix in zip(names, suffixes if suffixes is not None else repeat("")):
        base = _SHEET_FORBIDDEN.sub("_", str(name)).strip("'") or "display"
        candidate, n = base[:SHEET_NAME_MAX - len(suffix)] + suffix, 1
        while candidate.lower() in taken:
            n += 1
            tail = f"~{n}{suffix}"
            candidate = base[:SHEET_NAME_MAX - len(tail)] + tail
        taken.add(candidate.lower())
        chosen.append(candidate)
    return chosen


def _cell_value(value):
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and np.isnan(value):
        return None
    if isinstance(value, (int, float, bool)):
        return value
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))  # `text_cell` guards what is left


def _widths(header: list, rows: list[list]) -> list[float]:
    """Each column's width: its longest line (header included; empty cells left out), plus
    a margin, within MIN_WIDTH..MAX_WIDTH. Plain Python: a display's columns are many and
    short, where a pandas pass per column cost more than the lines themselves."""
    widths = []
    for position, title in enumerate(header):
        longest = 0
        numbers = True
        for value in (row[position] for row in rows):
            if value is not None:
                numbers = numbers and isinstance(value, (int, float))
                longest = max(longest, *map(len, str(value).split("\n")))
        # a column of numbers is as wide as its header's longest word (the header wraps), so
        # that a matrix headed by long code labels still fits a page
        heading = str(title or "")
        longest = max(longest, *map(len, heading.split() if numbers and rows else heading.split("\n")), 0)
        widths.append(float(min(MAX_WIDTH, max(MIN_WIDTH, longest + 2))))
    return widths


def _sheet_rows(table: pd.DataFrame) -> tuple[list, list[list]]:
    """The header (the row labels' name, then the columns) and the rows (label, then cells)."""
    header = [table.index.name or "", *map(str, table.columns)]
    body = table.astype(object).where(table.notna(), None)
    rows = [[label, *values] for label, values in zip(map(str, table.index), body.to_numpy().tolist())]
    return header, rows


# Excel's built-in number formats, by id: "0%" (9) and "0.00" (2). A prevalence is a share of
# informants; other fractions (Jaccard, lift, density) read best to two decimals.
PERCENT_FORMAT, DECIMAL_FORMAT = 9, 2


def _fill_sheet(sheet, header: list, rows: list[list], notes: tuple[str, ...],
                fractions: int = DECIMAL_FORMAT) -> None:
    header = [_cell_value(h) for h in header]
    rows = [[_cell_value(v) for v in row] for row in rows]
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    for cell in sheet[1]:
        cell.font, cell.fill, cell.alignment = bold, HEADER_FILL, wrap
        text_cell(cell)
    # What `cell.alignment = wrap` and `cell.font = bold` do (openpyxl's StyleDescriptor: add
    # the style to the workbook's collection, keep its index on the cell), with the index
    # looked up once instead of hashing the style object for every cell of every row.
    wrap_id = sheet.parent._alignments.add(wrap)
    bold_id = sheet.parent._fonts.add(bold)
    for line in sheet.iter_rows(min_row=2, max_row=len(rows) + 1):
        for cell in line:
            style = _style_of(cell)
            style.alignmentId = wrap_id
            if isinstance(cell.value, str):
                text_cell(cell)
            elif isinstance(cell.value, float):
                style.numFmtId = fractions
        _style_of(line[0]).fontId = bold_id
    widths = _widths(header, rows)
    for position, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = width
    fit_row_heights(sheet, [header, *rows], widths, first_row=1)
    set_up_printing(sheet, len(header), sum(widths))
    sheet.freeze_panes = "B2"
    if rows:  # a supervisor sorts and filters in Excel: the header row's filter buttons
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
    if notes:
        italic = Font(italic=True)
        for offset, note in enumerate(notes):
            cell = sheet.cell(row=len(rows) + 3 + offset, column=1, value=_cell_value(note))
            cell.font = italic
            text_cell(cell)
            note_across(sheet, cell, len(header))


def worded_table(display: Display, language: str | None, labels: dict) -> tuple[list, list[list], tuple[str, ...]]:
    """A display's header, rows and notes for people: in `language` with code `labels` (as
    built, notes in English, without a language)."""
    header, rows = _sheet_rows(display.table)
    if language:
        header, rows = worded_rows(display, header, rows, language, labels)
    return header, rows, note_texts(display.notes, language or "en", labels)


def _text_cells(display: Display) -> bool:
    """Whether the display's table shows its numbers as text, and it has them as numbers."""
    cells = display.cells
    return (len(cells) > 0 and {"row", "column"} <= set(cells.columns)
            and any(pd.api.types.is_numeric_dtype(cells[c]) for c in cells.columns)
            and bool(display.table.map(lambda v: isinstance(v, str)).to_numpy().any()))


def _cell_rows(display: Display, w: dict, labels: dict) -> tuple[list, list[list]]:
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
    columns = [cells[c].map(worded[c]) if c in worded else cells[c] for c in cells.columns]
    rows = [list(values) for values in zip(*(column.astype(object).where(column.notna(), None).tolist()
                                             for column in columns))]
    return header, rows


def _style_of(cell) -> StyleArray:
    if not getattr(cell, "_style"):  # as openpyxl's StyleDescriptor does
        cell._style = StyleArray()
    return cell._style


def xlsx_bytes(displays: Iterable[Display], *, notes: bool = True, language: str | None = None,
               codebook: Codebook | None = None, about: dict | None = None,
               segments: pd.DataFrame | None = None) -> bytes:
    """A workbook with one sheet per display, as stable bytes. With `language`, worded for
    people in it (code labels from `codebook`); without, as built, notes in English. With
    `about` (project, made_on, tool), a first sheet says what the workbook is and holds; with
    `segments` (segment_id, text), a case matrix gets a sheet of its quotes."""
    displays = list(displays)
    labels = code_labels(codebook, language) if codebook is not None and language else {}
    w = sheet_words(language or "en")
    workbook = Workbook()
    workbook.remove(workbook.active)
    contents: list[tuple[str, str]] = []
    # a display whose cells are text ("5 seg / 1 of 1 inf", "strong — “…”") gets a sheet of its
    # numbers beside it, one row per cell, to sort, filter and sum
    # and a case matrix a sheet of the quotes behind its counts, when there are not too many
    quoted = {display.name: quote_rows(display, segments, labels) for display in displays
              if segments is not None and display.kind in QUOTED_KINDS}
    sheets = [entry for display in displays
              for entry in ((display, ""), *(((display, "data"),) if _text_cells(display) else ()),
                            *(((display, "quotes"),) if quoted.get(display.name) is not None else ()))]
    # the first sheet's name is taken first: a display called "About" gets another
    lead = [w["about_sheet"]] if about is not None else []
    titles = sheet_names([*lead, *(d.name for d, _ in sheets)],
                         [*("" for _ in lead), *(f" {w[f'{part}_sheet']}" if part else "" for _, part in sheets)])
    about_title, titles = titles[:len(lead)], titles[len(lead):]
    shown_as: dict[str, str] = {}
    for (display, part), title in zip(sheets, titles):
        if part == "data":
            header, rows = _cell_rows(display, w, labels)
            _fill_sheet(workbook.create_sheet(title=title), header, rows, ())
            contents.append((title, w["about_data"].format(name=shown_as[display.name])))
            continue
        if part == "quotes":
            header = [w["case"], w["code"], w["cells_quote_segment"], w["cells_quote"]]
            _fill_sheet(workbook.create_sheet(title=title), header, quoted[display.name], ())
            contents.append((title, w["about_quotes"].format(name=shown_as[display.name])))
            continue
        header, rows, worded_notes = worded_table(display, language, labels)
        shown = worded_notes if notes else ()
        _fill_sheet(workbook.create_sheet(title=title), header, rows, shown,
                    PERCENT_FORMAT if display.kind == "prevalence" else DECIMAL_FORMAT)
        shown_as[display.name] = title
        kind = w.get(f"display_kind_{display.kind}", display.kind)
        too_many = (w["about_quotes_csv"].format(file=f"{display.name}_evidence.csv"),) \
            if display.name in quoted and quoted[display.name] is None else ()
        contents.append((title, " ".join((kind[:1].upper() + kind[1:] + ".", *worded_notes, *too_many))))
    if not displays:
        workbook.create_sheet(title="empty")
    if about is not None:
        facts = [(w["about_project"], about["project"]),
                 *([(w["about_description"], about["description"])] if about.get("description") else []),
                 *([(w["about_codebook"], f"{codebook.name_in(language or 'en')} ({codebook.version})")]
                   if codebook is not None else []),
                 (w["about_made"], about["made_on"]), (w["about_tool"], about["tool"])]
        first = workbook.create_sheet(title=about_title[0], index=0)
        fill_about_sheet(first, w["about_title"].format(project=about["project"]), facts,
                         (w["about_sheet_header"], w["about_contents"]), contents)
        workbook.active = 0
    workbook.properties.creator = "qualcode"
    workbook.properties.created = workbook.properties.modified = FIXED_TIME
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    return _with_fixed_times(raw.getvalue())


def _with_fixed_times(data: bytes) -> bytes:
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


def write_xlsx(displays: Iterable[Display], path: Path, *, notes: bool = True, language: str | None = None,
               codebook: Codebook | None = None, about: dict | None = None,
               segments: pd.DataFrame | None = None) -> Path:
    """All the displays in one workbook at `path`, written atomically (see xlsx_bytes)."""
    return write_atomic(Path(path), xlsx_bytes(displays, notes=notes, language=language, codebook=codebook,
                                               about=about, segments=segments))
