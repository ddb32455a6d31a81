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

FORMAT = "qualcode coding sheet"
FORMAT_VERSION = 1
CODING_SHEET = "coding"
HOWTO_SHEET = "how to"
META_SHEET = "qualcode"
PREFILLED = "prefilled"
FIXED_COLUMNS = ("segment_id", "source", "speaker", "text", "suggestions")
# A column a coder adds for notes on the segments (its header, any case): imported as memos
NOTE_HEADERS = frozenset({"notes", "note", "catatan", "keterangan", "komentar", "comment", "comments", "memo"})
ACCEPT, REJECT = "x", "reject"
STATUS_OF_CELL = {ACCEPT: "accepted", REJECT: "rejected"}
CELL_OF_STATUS = {status: cell for cell, status in STATUS_OF_CELL.items()}
MAX_CELL = 32_767  # Excel's limit on the characters of one cell

HOWTO = (
    "qualcode coding sheet",
    "",
    "Fill the code columns of the sheet 'coding', one cell per segment and code:",
    "  x       coded: you apply this code to the segment",
    "  reject  explicitly not this code (also overrules the machine's suggestion)",
    "  empty   no decision of yours; a machine suggestion stays an unreviewed suggestion",
    "",
    "Cells already filled are your earlier decisions. Emptying one removes that decision.",
    "Case and spaces do not matter. Rows may be sorted, filtered or deleted (a deleted row",
    "changes nothing); do not edit the segment_id column, the code names in the header, or",
    "the hidden sheet 'qualcode'.",
    "",
    "For notes on a segment, add a column headed 'notes' (or 'catatan'): each note becomes",
    "a memo on its segment, written by you.",
    "",
    "Bring the decisions back with:  qualcode import sheet FILE --coder {coder}",
    "Importing the same sheet twice changes nothing the second time.",
)


# ------------------------------------------------------------------------------ plain data
@dataclass(frozen=True)
class SheetCode:
    """A code column: its id (the header), and a label and definition for the header's note."""

    id: str
    label: str = ""
    definition: str = ""


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
def build_sheet(rows: Sequence[SheetRow], codes: Sequence[SheetCode], coder: str,
                project: str = "") -> bytes:
    """The coding workbook as stable bytes (fixed document and zip entry times)."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.writer.excel import ExcelWriter

    from qualcode.display.export import FIXED_TIME, HEADER_FILL, _with_fixed_times
    from qualcode.display.xlsx_layout import text_cell

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = CODING_SHEET
    code_ids = [code.id for code in codes]
    header = [*FIXED_COLUMNS, *code_ids]
    sheet.append([_text(title) for title in header])
    for row in rows:
        sheet.append([_text(row.segment_id), _text(row.source), _text(row.speaker), _text(row.text),
                      _text(_suggestions(row.suggestions)),
                      *(CELL_OF_STATUS.get(row.decisions.get(code), None) for code in code_ids)])
    last_row, first_code = len(rows) + 1, len(FIXED_COLUMNS) + 1
    last_column = get_column_letter(len(header))

    bold, top = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    upright = Alignment(text_rotation=90, horizontal="center", vertical="bottom")
    for position, cell in enumerate(sheet[1], start=1):
        cell.font, cell.fill = bold, HEADER_FILL
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
        choice = DataValidation(type="list", formula1=f'"{ACCEPT},{REJECT}"', allow_blank=True)
        choice.showErrorMessage = True
        choice.errorTitle = "qualcode"
        choice.error = f"Use {ACCEPT} (coded), {REJECT} (not this code), or leave the cell empty."
        choice.add(cells)
        sheet.add_data_validation(choice)
        sheet.conditional_formatting.add(cells, CellIsRule(
            operator="equal", formula=[f'"{ACCEPT}"'], fill=PatternFill("solid", fgColor="C6EFCE")))
        sheet.conditional_formatting.add(cells, CellIsRule(
            operator="equal", formula=[f'"{REJECT}"'], fill=PatternFill("solid", fgColor="FFC7CE")))

    howto = workbook.create_sheet(HOWTO_SHEET)
    for line in HOWTO:
        howto.append([_text(line.format(coder=coder))])
        text_cell(howto.cell(row=howto.max_row, column=1))
    howto.column_dimensions["A"].width = 95.0

    meta = workbook.create_sheet(META_SHEET)
    meta.append(["format", FORMAT])
    meta.append(["version", FORMAT_VERSION])
    meta.append(["coder", _text(coder)])
    meta.append(["project", _text(project)])
    meta.append(["sheet", CODING_SHEET])
    meta.append(["note", "qualcode reads this sheet on import; do not edit it"])
    meta.append([PREFILLED, "segment_id", "code_id", "cell"])
    for row in rows:
        for code in code_ids:
            if row.decisions.get(code) in CELL_OF_STATUS:
                meta.append(["", _text(row.segment_id), _text(code), CELL_OF_STATUS[row.decisions[code]]])
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
    return _with_fixed_times(raw.getvalue())


from qualcode.interop.sheets_read import read_sheet  # noqa: E402 - the import half

__all__ = ["ACCEPT", "REJECT", "CellDecision", "ParsedSheet", "SheetCode", "SheetProblems", "SheetRow",
           "build_sheet", "read_sheet"]
