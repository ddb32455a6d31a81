"""Tables of a Word document as text: a transcript kept as a table, or a table of data.

Theses often keep a transcript as a table: speaker | words, perhaps after a time or a
number, perhaps under a heading row (`Waktu | Pembicara | Ucapan`). Such a table is written
as turns, one per row (`[10:02] Bu Ani: …`), so it is cut into turns like one typed out.
Any other table (`Dinas | Jumlah aplikasi`) gives one paragraph per row, its cells joined
by ` · `. A table is a transcript when a heading names its speaker column, or, without
headings, when nearly every row opens with a label and a speaker recurs or is named by
role or title. Tables nested in a cell are read too, a row per line.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from qualcode.ingest.turns import ROLE_LABELS, label_key, named_person, numbered_role

TIME = re.compile(r"[\[(]?\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:[.,]\d{1,3})?[\])]?")
LABEL = re.compile(r"[^\W\d_][\w.'’\-]*(?:[ \t][\w.'’\-]+){0,3}")
SPEAKER_HEADINGS = {"pembicara", "penutur", "speaker", "nama", "name", "siapa", "narasumber",
                    "informan", "peserta", "participant", "who"}
TIME_HEADINGS = {"waktu", "time", "jam", "timestamp", "pukul"}
NUMBER_HEADINGS = {"no", "no.", "nomor", "#", "number", "nr", "urutan"}
# Of the rows with text, the share that must open with a label for a table without headings
# to be read as turns.
LABELLED_SHARE = 0.8


@dataclass(frozen=True)
class Layout:
    speaker: int                 # the column of the speaker labels
    time: int | None = None      # the column of the times, if any
    skip: frozenset = frozenset()  # columns that are neither words nor speaker (a row number)
    heading: bool = False        # the first row names the columns


def table_rows(table) -> list[str]:
    """The table as paragraphs: turns for a transcript, cells joined for anything else."""
    from qualcode.ingest.docx_xml import unwrap_controls

    unwrap_controls(table._tbl)
    grid = [_row_texts(row) for row in table.rows]
    layout = _layout(grid)
    if layout is None:
        return [" · ".join(text for text in row if text) for row in grid if any(row)]
    found = []
    for row in grid[1:] if layout.heading else grid:
        time = row[layout.time] if layout.time is not None and layout.time < len(row) else ""
        label = row[layout.speaker].rstrip(":").strip() if layout.speaker < len(row) else ""
        words = [text for k, text in enumerate(row)
                 if text and k not in (layout.speaker, layout.time) and k not in layout.skip]
        if label and words and LABEL.fullmatch(label):
            stamp = f"[{time.strip('[]()').replace('.', ':')}] " if time and TIME.fullmatch(time) else ""
            found.append(f"{stamp}{label}: " + "\n\n".join(words))
        elif any(row):
            found.append(" · ".join(text for text in row if text))
    return found


def _layout(grid: list[list[str]]) -> Layout | None:
    """Where the speakers, times and numbers are, or None for a table of data."""
    if not grid or max(len(row) for row in grid) < 2:
        return None
    heading = [text.lower().rstrip(":").strip() for text in grid[0]]
    speaker = next((k for k, text in enumerate(heading) if text in SPEAKER_HEADINGS), None)
    # `Nama | Ibu Sri` over `Jabatan | Kepala Seksi` is a respondent's details, not a heading
    # row: below a real one, the speaker column holds speakers
    if speaker is not None and _speakers([row[speaker].rstrip(":").strip() for row in grid[1:]
                                          if speaker < len(row) and row[speaker]], headed=True):
        return Layout(speaker, next((k for k, text in enumerate(heading) if text in TIME_HEADINGS), None),
                      frozenset(k for k, text in enumerate(heading) if text in NUMBER_HEADINGS), heading=True)
    rows = [row for row in grid if any(row)]
    first = [row[0] for row in rows]
    time = skip = None
    if sum(bool(TIME.fullmatch(text)) for text in first) >= LABELLED_SHARE * len(rows):
        time = 0
    elif sum(text.isdigit() for text in first) >= LABELLED_SHARE * len(rows):
        skip = 0
    speaker = 0 if time is None and skip is None else 1
    labels = [row[speaker].rstrip(":").strip() for row in rows if speaker < len(row)]
    labelled = [label for label in labels if label and LABEL.fullmatch(label)]
    if len(labelled) < LABELLED_SHARE * len(rows):
        return None
    if not _speakers(labelled):
        return None
    return Layout(speaker, time, frozenset({skip}) if skip is not None else frozenset())


def _speakers(labels: list[str], headed: bool = False) -> bool:
    """Do these labels name people speaking: some recur or name a role or a person, and, with
    no heading row to say so, they are not every row its own (a table of things)?"""
    counts = Counter(label_key(label) for label in labels)
    recurs = any(n >= 2 for n in counts.values())
    known = (any(key in ROLE_LABELS or numbered_role(key) for key in counts)
             or any(named_person(label) for label in labels))
    return bool(labels) and (recurs or known) and (headed or len(counts) <= max(2, len(labels) // 2))


def _row_texts(row) -> list[str]:
    cells, seen = [], set()
    for cell in row.cells:  # a merged cell comes once per grid column it spans
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            cells.append(_cell_text(cell).strip())
    return cells


def _cell_text(cell) -> str:
    """A cell's paragraphs (as Word shows them: `docx_xml`), and any table inside it a row
    per line."""
    from docx.table import Table

    from qualcode.ingest.docx_xml import blocks, paragraph_text

    parts = []
    for kind, element in blocks(cell._tc):
        if kind == "tbl":
            parts.extend(" · ".join(text for text in _row_texts(row) if text)
                         for row in Table(element, cell._parent).rows)
        else:
            text, boxes = paragraph_text(element)
            parts.extend([text] + [paragraph_text(box)[0] for box in boxes])
    return "\n".join(part for part in parts if part.strip())
