"""The quotes behind a matrix's counts, as a sheet beside it: a supervisor in Excel can
filter a cell's row and column and read every segment the number counts, without the
terminal. (The CSV `<name>_evidence.csv` has the segment ids of every display; this sheet
has their words, for the case matrices, where a number stands for what people said.)"""

from __future__ import annotations

import pandas as pd

from qualcode.display.base import Display
from qualcode.display.quotes import asked

# The displays whose cells count segments of a case under a code: their quotes are read
QUOTED_KINDS = frozenset({"case_by_code"})
# More rows than this and the sheet is left out (the About sheet says where they are): a
# thesis's dozen or two interviews give one or two thousand; past this a workbook grows slow
# to write and to open (12,000 quotes of a 1 M-word corpus took seconds), and no one reads
# them in a spreadsheet
MAX_QUOTE_ROWS = 5_000
QUOTE_CHARACTERS = 1_000  # a cell shows this much of a long turn, then "…"


def quote_rows(display: Display, segments: pd.DataFrame, labels: dict[str, str]) -> list[list] | None:
    """(case, code label, segment id, text) for every segment behind every cell, in the cells'
    order, and the question a survey's answer answers where its table has several (`asked`);
    None when there are more than MAX_QUOTE_ROWS. No speaker: a transcript's label is often
    the informant's name, which a workbook shared with a supervisor should not carry."""
    evidence = display.evidence
    counted = getattr(evidence, "segment_count", None)
    total = counted() if callable(counted) else sum(len(ids) for ids in evidence.values())
    if total > MAX_QUOTE_ROWS:
        return None
    # in the matrix's own order (its rows, then its columns: the codebook's), not by id
    row_at = {label: at for at, label in enumerate(display.table.index)}
    column_at = {label: at for at, label in enumerate(display.table.columns)}
    cells = sorted(evidence.items(), key=lambda cell: (row_at.get(cell[0][0], len(row_at)), str(cell[0][0]),
                                                       column_at.get(cell[0][1], len(column_at)), str(cell[0][1])))
    wanted = {i for _, ids in cells for i in ids}
    found = segments[segments["segment_id"].isin(wanted)].drop_duplicates("segment_id").set_index("segment_id")
    texts = found["text"].to_dict()
    questions = asked(segments)
    rows = []
    for (row, column), ids in cells:
        for segment_id in ids:
            text = texts.get(segment_id, "")
            if len(text) > QUOTE_CHARACTERS:
                text = text[:QUOTE_CHARACTERS].rstrip() + " …"
            rows.append([row, labels.get(column, column), segment_id, text,
                         *([questions.get(segment_id)] if questions else [])])
    return rows

