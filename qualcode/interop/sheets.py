"""Excel coding sheets: one coder's decisions as a workbook, and back. Pure: rows in, bytes out;
bytes in, decisions out. No store, no printing.

The workbook has three sheets:
  coding    one row per codable segment: segment_id, source, speaker, text, suggestions (the
            machine's, as `code score`), then one column per code. The header is frozen (and so
            are the columns up to the text), text wraps, every code cell has a dropdown.
  how to    the cell convention below, for the coder.
  qualcode  (hidden) what the import needs: a format marker, the coder, and the decisions the
            sheet was pre-filled with, so that emptying a pre-filled cell can remove a decision
            without an empty cell ever wiping a decision the sheet did not show.

Cell convention, one cell per segment and code (case and surrounding spaces do not matter):
  x         coded: the coder applies this code to the segment (an accepted decision)
  reject    explicitly not this code (a rejected decision; it overrules a machine suggestion)
  (empty)   no decision of this coder. A machine suggestion on an empty cell stays unreviewed and
            still counts as a suggestion (DESIGN: "Which codings count"); write `reject` to say no.
            Emptying a cell that was pre-filled removes the coder's earlier decision there.
Rows may be sorted, filtered or deleted; a deleted row changes no decision, but is a
segment the coder did not look at when agreement is measured on a sample.

Every text cell is written as text, never a formula; text starting with =, +, -, @, tab or
CR also gets Excel's quote prefix, so that editing it keeps it text. Ids read back are matched
with and without a leading apostrophe, which a coder may have typed to the same end.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from qualcode.errors import InputError
from qualcode.interop.sheet_words import ACCEPT, REJECT_WORDS, SHEET_WORDS, sheet_words

FORMAT = "qualcode coding sheet"
FORMAT_VERSION = 1
CODING_SHEET = "coding"  # the name sheets of the first format had; `meta` names it since
META_SHEET = "qualcode"
PREFILLED = "prefilled"
FIXED_COLUMNS = tuple(SHEET_WORDS["en"]["fixed"])
# A column a coder adds for notes on the segments (its header, any case): imported as memos
NOTE_HEADERS = frozenset({"notes", "note", "catatan", "keterangan", "komentar", "comment", "comments", "memo"})
REJECT = SHEET_WORDS["en"]["reject"]
STATUS_OF_CELL = {ACCEPT: "accepted", **{word: "rejected" for word in REJECT_WORDS}}
MAX_CELL = 32_767  # Excel's limit on the characters of one cell



# ------------------------------------------------------------------------------ plain data
@dataclass(frozen=True)
class SheetCode:
    """A code column: its id (the header), and its label, definition and criteria (the header's
    note, and the codes sheet)."""

    id: str
    label: str = ""
    definition: str = ""
    include: str = ""
    exclude: str = ""


@dataclass(frozen=True)
class SheetRow:
    """One codable segment and the coder's decisions on it (code id -> accepted | rejected)."""

    segment_id: str
    source: str
    speaker: str
    text: str
    suggestions: tuple[tuple[str, float], ...] = ()
    decisions: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CellDecision:
    """A code cell read back: status accepted | rejected, or None for an empty cell."""

    row: int
    segment_id: str
    code_id: str
    status: str | None


@dataclass
class ParsedSheet:
    coder: str
    cells: list[CellDecision]
    prefilled: dict[tuple[str, str], str]  # (segment id, code id) -> status the sheet showed
    rows: int = 0                          # segment rows read
    notes: dict[str, str] = field(default_factory=dict)  # segment id -> the coder's note on it
    segment_ids: tuple[str, ...] = ()      # the rows' segments: the coder looked at each


class SheetProblems(InputError):
    """Rows of a coding sheet that cannot be imported; `problems` holds one line for each."""

    def __init__(self, path: str | Path, problems: list[str]):
        self.problems = list(problems)
        count = len(self.problems)
        super().__init__(path, f"{count} problem{'s' if count != 1 else ''} in the coding sheet; "
                               "nothing was imported")


# ------------------------------------------------------------------------------ helpers
def _text(value) -> str:
    """A text cell's value: no characters Excel refuses, within Excel's length (the quote
    prefix is then decided after this clean-up, so that "\x01=…" cannot become a formula)."""
    from qualcode.textrules import cell_text

    text = cell_text("" if value is None else str(value))
    if len(text) > MAX_CELL - 2:
        text = text[:MAX_CELL - 2] + "…"
    return text


def _candidates(value) -> list[str]:
    """What an id cell may stand for: its text, and its text without our neutralising apostrophe."""
    from qualcode.textrules import ESCAPE, FORMULA_PREFIXES

    if value is None:
        return []
    text = str(value).strip()
    found = [text]
    if text.startswith(ESCAPE) and text[1:].startswith(FORMULA_PREFIXES):
        found.append(text[1:])
    return found


def _suggestions(pairs: Sequence[tuple[str, float]]) -> str:
    return ", ".join(f"{code} {score:.3g}" for code, score in pairs)


def _width(values: Sequence[str], low: int, high: int) -> float:
    longest = max((len(line) for value in values for line in str(value).split("\n")), default=0)
    return float(min(high, max(low, longest + 2)))


# ------------------------------------------------------------------------------ export
def _codes_sheet(sheet, formats, codes: Sequence[SheetCode], header: tuple[str, ...]) -> None:
    """Each code column's code: label, definition, what it includes and excludes, so that a
    coder in Excel codes by the codebook, not by the code ids."""
    from qualcode.display.xlsx_layout import CellStyles, row_heights, write_cell

    bold = CellStyles(formats, bold=True, text_wrap=True, valign="top")
    top = CellStyles(formats, text_wrap=True, valign="top")
    for column, title in enumerate(header):
        write_cell(sheet, 0, column, _text(title), bold)
    rows = [[_text(value) for value in (code.id, code.label, code.definition, code.include, code.exclude)]
            for code in codes]
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            write_cell(sheet, number, column, value, top)
    widths = [24.0, 30.0, 60.0, 45.0, 45.0]
    for column, width in enumerate(widths):
        sheet.set_column(column, column, width)
    for offset, height in row_heights(rows, widths).items():
        sheet.set_row(offset + 1, height)
    sheet.freeze_panes(1, 1)


def build_sheet(rows: Sequence[SheetRow], codes: Sequence[SheetCode], coder: str,
                project: str = "", language: str = "en") -> bytes:
    """The coding workbook as stable bytes (fixed document and zip entry times), its sheets,
    headers and how-to in `language`. Written with XlsxWriter (as the displays' workbook is),
    a third of openpyxl's time for a complaint archive's tens of thousands of rows."""
    import xlsxwriter

    from qualcode.display.xlsx_layout import (
        BOOK_OPTIONS, FIXED_TIME, HEADER_COLOUR, CellStyles, FormatCache, write_cell, write_cells,
    )

    words = sheet_words(language)
    reject = words["reject"]
    cell_of_status = {"accepted": ACCEPT, "rejected": reject}
    raw = io.BytesIO()
    book = xlsxwriter.Workbook(raw, BOOK_OPTIONS)
    book.set_properties({"author": "qualcode", "created": FIXED_TIME})
    formats = FormatCache(book)
    sheet = book.add_worksheet(words["coding"])
    code_ids = [code.id for code in codes]
    header = [*words["fixed"], *code_ids]
    first_code, last_row = len(words["fixed"]), len(rows)  # 0-based: the first code column, the last row

    heading = CellStyles(formats, bold=True, bg_color=f"#{HEADER_COLOUR}", text_wrap=True, valign="top")
    upright = CellStyles(formats, bold=True, bg_color=f"#{HEADER_COLOUR}", rotation=90, align="center",
                         valign="bottom")
    for column, title in enumerate(header):
        write_cell(sheet, 0, column, _text(title), upright if column >= first_code else heading)
    for column, code in enumerate(codes, start=first_code):
        note = "\n".join(part for part in (code.label, code.definition[:400]) if part)
        if note:
            sheet.write_comment(0, column, _text(note), {"author": "qualcode", "width": 320, "height": 160})
    top = CellStyles(formats, text_wrap=True, valign="top")
    centred = formats(align="center", valign="top")
    for number, row in enumerate(rows, start=1):
        write_cells(sheet, number, 0, [_text(value) for value in (row.segment_id, row.source, row.speaker,
                                                                  row.text, _suggestions(row.suggestions))], top)
        for column, code in enumerate(code_ids, start=first_code):
            shown = cell_of_status.get(row.decisions.get(code))
            if shown is not None:
                sheet.write_string(number, column, shown, centred)

    columns = list(zip(*([r.segment_id, r.source, r.speaker] for r in rows))) or [(), (), ()]
    widths = [_width(["segment_id", *columns[0]], 10, 24), _width(["source", *columns[1]], 8, 20),
              _width(["speaker", *columns[2]], 8, 18), 70.0, 26.0]
    for column, width in enumerate(widths):
        sheet.set_column(column, column, width, top.text)
    if code_ids:  # a code cell typed in later is centred too: the columns' own format
        sheet.set_column(first_code, len(header) - 1, 8.0, centred)
        longest = max(len(code) for code in code_ids)
        sheet.set_row(0, float(min(180, max(30, 7 * longest + 10))))
    sheet.freeze_panes(1, 4)  # the header, and id/source/speaker/text while scrolling codes
    sheet.autofilter(0, 0, last_row, len(header) - 1)

    if code_ids and rows:
        sheet.data_validation(1, first_code, last_row, len(header) - 1, {
            "validate": "list", "source": [ACCEPT, reject], "ignore_blank": True, "show_error": True,
            "error_title": "qualcode", "error_message": words["choice_error"].format(accept=ACCEPT, reject=reject)})
        for word, colour in ((ACCEPT, "#C6EFCE"), (reject, "#FFC7CE")):
            sheet.conditional_format(1, first_code, last_row, len(header) - 1, {
                "type": "cell", "criteria": "equal to", "value": f'"{word}"', "format": formats(bg_color=colour)})

    howto = book.add_worksheet(words["howto"])
    plain = CellStyles(formats)
    for number, line in enumerate(words["howto_lines"]):
        write_cell(howto, number, 0, _text(line.format(coder=coder, accept=ACCEPT, reject=reject,
                                                       coding=words["coding"], codes=words["codes"])), plain)
    howto.set_column(0, 0, 95.0)
    _codes_sheet(book.add_worksheet(words["codes"]), formats, codes, words["codes_header"])

    meta = book.add_worksheet(META_SHEET)
    lines = [["format", FORMAT], ["version", FORMAT_VERSION], ["coder", _text(coder)], ["project", _text(project)],
             ["sheet", words["coding"]], ["note", "qualcode reads this sheet on import; do not edit it"],
             [PREFILLED, "segment_id", "code_id", "cell"]]
    lines.extend(["", _text(row.segment_id), _text(code), cell_of_status[row.decisions[code]]]
                 for row in rows for code in code_ids if row.decisions.get(code) in cell_of_status)
    for number, line in enumerate(lines):
        for column, value in enumerate(line):
            write_cell(meta, number, column, value, plain)
    meta.hide()
    sheet.activate()
    book.close()  # its zip entries are dated 1 January 1980: equal content, equal bytes
    return raw.getvalue()


from qualcode.interop.sheets_read import read_sheet  # noqa: E402 - the import half

__all__ = ["ACCEPT", "REJECT", "CellDecision", "ParsedSheet", "SheetCode", "SheetProblems", "SheetRow",
           "build_sheet", "read_sheet"]
