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
Rows may be sorted, filtered or deleted; a deleted row changes nothing.

Every text cell is neutralised against formula injection (qualcode.display.export.neutralise):
text starting with =, +, -, @, tab or CR gets a leading apostrophe. Ids read back are matched
with and without that apostrophe.
"""

from __future__ import annotations

import io
import zipfile
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


class SheetProblems(InputError):
    """Rows of a coding sheet that cannot be imported; `problems` holds one line for each."""

    def __init__(self, path: str | Path, problems: list[str]):
        self.problems = list(problems)
        count = len(self.problems)
        super().__init__(path, f"{count} problem{'s' if count != 1 else ''} in the coding sheet; "
                               "nothing was imported")


# ------------------------------------------------------------------------------ helpers
def _text(value) -> str:
    """A text cell's value: no characters Excel refuses, within Excel's length (`text_cell`
    then keeps it text, after this clean-up, so that "\x01=…" cannot become a formula)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    text = ILLEGAL_CHARACTERS_RE.sub("", "" if value is None else str(value))
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
def _codes_sheet(sheet, codes: Sequence[SheetCode], header: tuple[str, ...], bold, top) -> None:
    """Each code column's code: label, definition, what it includes and excludes, so that a
    coder in Excel codes by the codebook, not by the code ids."""
    from openpyxl.utils import get_column_letter

    from qualcode.display.xlsx_layout import fit_row_heights, text_cell

    sheet.append(list(header))
    rows = [[code.id, code.label, code.definition, code.include, code.exclude] for code in codes]
    for row in rows:
        sheet.append([_text(value) for value in row])
    widths = [24.0, 30.0, 60.0, 45.0, 45.0]
    for position, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = width
    for line in sheet.iter_rows():
        for cell in line:
            cell.alignment = top
            text_cell(cell)
    for cell in sheet[1]:
        cell.font = bold
    fit_row_heights(sheet, rows, widths)
    sheet.freeze_panes = "B2"


def build_sheet(rows: Sequence[SheetRow], codes: Sequence[SheetCode], coder: str,
                project: str = "", language: str = "en") -> bytes:
    """The coding workbook as stable bytes (fixed document and zip entry times), its sheets,
    headers and how-to in `language`."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.writer.excel import ExcelWriter

    from qualcode.display.xlsx_layout import FIXED_TIME, HEADER_COLOUR, text_cell, with_fixed_times

    words = sheet_words(language)
    reject = words["reject"]
    cell_of_status = {"accepted": ACCEPT, "rejected": reject}
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = words["coding"]
    code_ids = [code.id for code in codes]
    header = [*words["fixed"], *code_ids]
    sheet.append([_text(title) for title in header])
    for row in rows:
        sheet.append([_text(row.segment_id), _text(row.source), _text(row.speaker), _text(row.text),
                      _text(_suggestions(row.suggestions)),
                      *(cell_of_status.get(row.decisions.get(code), None) for code in code_ids)])
    last_row, first_code = len(rows) + 1, len(words["fixed"]) + 1
    last_column = get_column_letter(len(header))

    bold, top = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    upright = Alignment(text_rotation=90, horizontal="center", vertical="bottom")
    header_fill = PatternFill("solid", fgColor=HEADER_COLOUR)
    for position, cell in enumerate(sheet[1], start=1):
        cell.font, cell.fill = bold, header_fill
        cell.alignment = upright if position >= first_code else top
        text_cell(cell)
    for position, code in enumerate(codes, start=first_code):
        note = "\n".join(part for part in (code.label, code.definition[:400]) if part)
        if note:
            comment = Comment(note, "qualcode")
            comment.width, comment.height = 320, 160
            sheet.cell(row=1, column=position).comment = comment
    centred = Alignment(horizontal="center", vertical="top")
    for line in sheet.iter_rows(min_row=2, max_row=last_row):
        for position, cell in enumerate(line, start=1):
            cell.alignment = centred if position >= first_code else top
            if position < first_code:
                text_cell(cell)

    columns = list(zip(*([r.segment_id, r.source, r.speaker] for r in rows))) or [(), (), ()]
    widths = [_width(["segment_id", *columns[0]], 10, 24), _width(["source", *columns[1]], 8, 20),
              _width(["speaker", *columns[2]], 8, 18), 70.0, 26.0]
    for position, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = width
    for position in range(first_code, len(header) + 1):
        sheet.column_dimensions[get_column_letter(position)].width = 8.0
    if code_ids:
        longest = max(len(code) for code in code_ids)
        sheet.row_dimensions[1].height = float(min(180, max(30, 7 * longest + 10)))
    sheet.freeze_panes = "E2"  # the header, and id/source/speaker/text while scrolling codes
    sheet.auto_filter.ref = f"A1:{last_column}{last_row}"

    if code_ids and rows:
        cells = f"{get_column_letter(first_code)}2:{last_column}{last_row}"
        choice = DataValidation(type="list", formula1=f'"{ACCEPT},{reject}"', allow_blank=True)
        choice.showErrorMessage = True
        choice.errorTitle = "qualcode"
        choice.error = words["choice_error"].format(accept=ACCEPT, reject=reject)
        choice.add(cells)
        sheet.add_data_validation(choice)
        sheet.conditional_formatting.add(cells, CellIsRule(
            operator="equal", formula=[f'"{ACCEPT}"'], fill=PatternFill("solid", fgColor="C6EFCE")))
        sheet.conditional_formatting.add(cells, CellIsRule(
            operator="equal", formula=[f'"{reject}"'], fill=PatternFill("solid", fgColor="FFC7CE")))

    howto = workbook.create_sheet(words["howto"])
    for line in words["howto_lines"]:
        howto.append([_text(line.format(coder=coder, accept=ACCEPT, reject=reject, coding=words["coding"],
                                        codes=words["codes"]))])
        text_cell(howto.cell(row=howto.max_row, column=1))
    howto.column_dimensions["A"].width = 95.0
    _codes_sheet(workbook.create_sheet(words["codes"]), codes, words["codes_header"], bold, top)

    meta = workbook.create_sheet(META_SHEET)
    meta.append(["format", FORMAT])
    meta.append(["version", FORMAT_VERSION])
    meta.append(["coder", _text(coder)])
    meta.append(["project", _text(project)])
    meta.append(["sheet", words["coding"]])
    meta.append(["note", "qualcode reads this sheet on import; do not edit it"])
    meta.append([PREFILLED, "segment_id", "code_id", "cell"])
    for row in rows:
        for code in code_ids:
            if row.decisions.get(code) in cell_of_status:
                meta.append(["", _text(row.segment_id), _text(code), cell_of_status[row.decisions[code]]])
    for line in meta.iter_rows():
        for cell in line:
            text_cell(cell)
    meta.sheet_state = "hidden"
    workbook.active = 0

    workbook.properties.creator = "qualcode"
    workbook.properties.created = workbook.properties.modified = FIXED_TIME
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    return with_fixed_times(raw.getvalue())


from qualcode.interop.sheets_read import read_sheet  # noqa: E402 - the import half

__all__ = ["ACCEPT", "REJECT", "CellDecision", "ParsedSheet", "SheetCode", "SheetProblems", "SheetRow",
           "build_sheet", "read_sheet"]
