"""Reading a coding sheet back: validate every row, then hand over the decisions."""


from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path

from qualcode.errors import InputError
from qualcode.interop.sheet_words import FIXED_HEADERS, REJECT_ID, TEXT_HEADERS
from qualcode.interop.sheets import (ACCEPT, CODING_SHEET, FORMAT, FORMAT_VERSION,
                                     META_SHEET, NOTE_HEADERS, PREFILLED, REJECT, STATUS_OF_CELL,
                                     CellDecision, ParsedSheet, SheetProblems, _candidates, _text)
from qualcode.textrules import ESCAPE, did_you_mean
from qualcode.workbook import open_workbook, reading, sheet_rows


# ------------------------------------------------------------------------------ import
def _rows(worksheet) -> list[tuple]:
    return sheet_rows(worksheet)


def _meta(workbook, path: str | Path) -> tuple[dict, dict[tuple, str]]:
    """The hidden sheet: settings, and the decisions the sheet was pre-filled with."""
    not_ours = InputError(path, f"not a qualcode coding sheet (no '{META_SHEET}' sheet of ours); "
                                "make one with `qualcode export sheet`")
    if META_SHEET not in workbook.sheetnames:
        raise not_ours
    rows = _rows(workbook[META_SHEET])
    settings: dict = {}
    prefilled: dict[tuple, str] = {}
    in_table = False
    for row in rows:
        row = tuple(row) + (None,) * 4
        if in_table:
            if row[1] is None and row[2] is None:
                continue
            status = STATUS_OF_CELL.get(str(row[3] or "").strip().lower())
            if status:
                prefilled[(row[1], row[2])] = status  # as written; resolved by read_sheet
            continue
        if row[0] == PREFILLED:
            in_table = True
        elif isinstance(row[0], str):
            settings[row[0]] = row[1]
    if settings.get("format") != FORMAT:
        raise not_ours
    try:
        version = int(settings.get("version"))
    except (TypeError, ValueError):
        raise not_ours from None
    if version > FORMAT_VERSION:
        raise InputError(path, f"made by a newer qualcode (coding sheet format {version}); "
                               "upgrade qualcode to import it")
    settings["coder"] = _candidates(settings.get("coder")) or [""]  # as written, and unescaped
    return settings, prefilled


def _status(value) -> str | None | bool:
    """accepted | rejected | None (empty); False for anything else."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip().lower()
        if not text:
            return None
        return STATUS_OF_CELL.get(text, False)
    return False


def _header_code(title, known_codes: Collection[str], aliases: Mapping[str, str]) -> str | None:
    """The code a header names: its id as exported (our apostrophe allowed), or, typed again
    by a coder, its id or a label in any case (`aliases`: casefolded id or label -> id)."""
    found = next((c for c in _candidates(title) if c in known_codes), None)
    if found is None:
        found = next((aliases[c.casefold()] for c in _candidates(title) if c.casefold() in aliases), None)
    return found


def _same_text(shown, stored: str) -> bool:
    """Is a sheet's text cell the segment's text as exported (cleaned, cut to a cell)? Runs of
    spaces and line breaks are let go, as a spreadsheet may rewrite them, and the apostrophe
    older sheets put before text that looked like a formula."""
    if shown is None or not str(shown).strip():
        return True  # emptied, or the column removed: nothing to compare with
    words = " ".join(str(shown).split())
    exported = " ".join(_text(stored).split())
    return words == exported or (words.startswith(ESCAPE) and words[1:] == exported)


def read_sheet(data: bytes, path: str | Path, *, coder: str, segments: Mapping[str, bool],
               codes: Collection[str], aliases: Mapping[str, str] | None = None,
               texts: Mapping[str, str] | None = None) -> ParsedSheet:
    """The decisions in a coding sheet, every row validated against `segments` (id -> codable)
    and `codes` (known code ids); a header may also name a code by one of `aliases`
    (casefolded label or id -> id), and a column headed NOTE_HEADERS holds notes. With
    `texts` (id -> text), a row whose text is no longer its segment's is refused: its
    decisions were made on other words (a sheet of another store, or of another cut).

    Raises InputError (one line) for a file that is not a workbook or not one of ours, and
    SheetProblems listing every bad row (`path: sheet 'coding', row N: …`) otherwise."""
    from openpyxl.utils import get_column_letter

    workbook = open_workbook(data, path, "export a coding sheet with `qualcode export sheet`, and save it as .xlsx")
    with reading(workbook, path):
        settings, prefilled = _meta(workbook, path)
        name = str(settings.get("sheet") or CODING_SHEET)
        if name not in workbook.sheetnames:
            raise InputError(path, f"has no sheet {name!r} (renamed or deleted?); export a fresh "
                                   "one with `qualcode export sheet`")
        table = _rows(workbook[name])

    problems: list[str] = []

    def problem(row: int, message: str, sheet: str = name) -> None:
        problems.append(f"{path}: sheet '{sheet}', row {row}: {message}")

    exported_for = settings["coder"][-1]
    if coder not in settings["coder"]:
        problem(3, f"this sheet was exported for coder {exported_for!r}, not {coder!r}; "
                   f"import it with --coder {exported_for}", META_SHEET)
    header = list(table[0]) if table else []
    titles = [str(h).strip().casefold() if h is not None else None for h in header]
    if "segment_id" not in titles:
        raise InputError(path, f"sheet '{name}' has no segment_id column in its first row; "
                               "not a qualcode coding sheet?")
    id_column = titles.index("segment_id")
    text_column = next((i for i, h in enumerate(titles) if h in TEXT_HEADERS), None)
    known_codes = set(codes)
    aliases = {**(aliases or {}), **{code.casefold(): code for code in known_codes}}  # an id before a label
    code_columns: dict[int, str] = {}
    unnamed: list[int] = []
    notes_at: int | None = None
    seen_codes: dict[str, int] = {}
    for position, title in enumerate(header):
        letter = get_column_letter(position + 1)
        if title is None or not str(title).strip():
            unnamed.append(position)
            continue
        if str(title).strip().casefold() in FIXED_HEADERS:
            continue
        code = _header_code(title, known_codes, aliases)
        if code is None and str(title).strip().casefold() in NOTE_HEADERS and notes_at is None:
            notes_at = position
            continue
        if code is None:
            problem(1, f"column {letter}: unknown code {str(title).strip()!r}"
                       f"{did_you_mean(str(title).strip(), known_codes)} (a code's id or label, see "
                       "`qualcode codebook show`; a column of notes is headed 'notes' or 'catatan')")
        elif code in seen_codes:
            problem(1, f"column {letter}: code {code!r} is also column "
                       f"{get_column_letter(seen_codes[code] + 1)}")
        else:
            seen_codes[code] = position
            code_columns[position] = code

    cells: list[CellDecision] = []
    notes: dict[str, str] = {}
    first_row: dict[str, int] = {}
    read = 0
    for number, values in enumerate(table[1:], start=2):
        values = tuple(values) + (None,) * (len(header) - len(values))
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        for position in [*unnamed, *range(len(header), len(values))]:
            if values[position] is not None and str(values[position]).strip():
                problem(number, f"column {get_column_letter(position + 1)}: a value under a column "
                                "without a code in its header")
        raw_id = values[id_column]
        coded = {p: values[p] for p in code_columns if p < len(values)}
        if raw_id is None or not str(raw_id).strip():
            if any(_status(v) is not None for v in coded.values()):
                problem(number, "no segment id, but code cells are filled")
            continue
        segment = next((c for c in _candidates(raw_id) if c in segments), None)
        if segment is None:
            problem(number, f"unknown segment id {str(raw_id).strip()!r}")
            continue
        if not segments[segment]:
            problem(number, f"segment {segment} is not codable (an interviewer's turn?)")
            continue
        if segment in first_row:
            problem(number, f"segment {segment} is also on row {first_row[segment]}; keep one row")
            continue
        if texts is not None and text_column is not None and not _same_text(values[text_column], texts[segment]):
            problem(number, f"its text is not segment {segment}'s in this project (another project's sheet, "
                            "or the transcripts were cut again since); export a fresh sheet")
            continue
        first_row[segment] = number
        read += 1
        if notes_at is not None and values[notes_at] is not None and str(values[notes_at]).strip():
            notes[segment] = str(values[notes_at]).strip()
        for position, value in coded.items():
            status = _status(value)
            if status is False:
                problem(number, f"column {get_column_letter(position + 1)} ({code_columns[position]}): "
                                f"bad value {str(value)[:40]!r}; use {ACCEPT}, {REJECT} ({REJECT_ID}) or leave it empty")
                continue
            cells.append(CellDecision(number, segment, code_columns[position], status))
    if problems:
        raise SheetProblems(path, problems)
    shown = {}
    for (raw_segment, raw_code), status in prefilled.items():
        segment = next((c for c in _candidates(raw_segment) if c in segments), None)
        code = next((c for c in _candidates(raw_code) if c in known_codes), None)
        if segment and code:
            shown[(segment, code)] = status
    return ParsedSheet(coder=exported_for, cells=cells, prefilled=shown, rows=read, notes=notes,
                       segment_ids=tuple(first_row))


__all__ = ["read_sheet"]
