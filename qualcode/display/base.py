"""The Display value every display function returns, and what they share besides the frame.

The frame machinery lives in `coded.py` (joining, grouping, counting, evidence) and quotes in
`quotes.py`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import pandas as pd

from qualcode.display.notes import Note, note, note_texts
from qualcode.display.spec import DisplaySpecError
from qualcode.model import Codebook

UNREVIEWED_STATUS = "suggested"
EVIDENCE_COLUMNS = ("row", "column", "n_segments", "segment_ids")
# A heat map of more rows neither fits a page legibly nor draws quickly (215 cases: 4 s,
# an image 6,000 pixels tall): it shows the rows of highest total, and says so.
HEATMAP_ROWS = 50


@dataclass(frozen=True)
class Display:
    """A table plus, for every non-empty cell, the segment ids that fill it.

    `evidence` maps (row label, column label), as they appear in `table` (case ids, code ids,
    role names…), to the segment ids behind the cell, in reading order. `codings` is how many
    codings reached a cell and `unreviewed` how many of those are still suggestions (status
    "suggested"); the first note says so. `notes` are Notes, worded in a language when shown
    (`note_texts`), or plain text. `marks` flags cells carrying more than the computed value
    ("overridden", "summary"); `cells` is a long frame (row, column, …) with the numbers
    behind text cells, for displays that have them.
    """

    name: str
    table: pd.DataFrame
    evidence: Mapping[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    notes: tuple[Note | str, ...] = ()
    kind: str = ""
    codings: int = 0
    unreviewed: int = 0
    marks: dict[tuple[str, str], str] = field(default_factory=dict)
    cells: pd.DataFrame = field(default_factory=pd.DataFrame)
    # the options a display's marks follow (the accounting log's complete_min_segments), so a
    # caption can state its rule; `column_values`: the attribute (role…) whose values head the
    # columns, so a sheet can word them
    parameters: dict[str, object] = field(default_factory=dict)

    def evidence_rows(self, encoded: bool = False) -> list[tuple]:
        """(row, column, n_segments, segment ids joined by spaces) for every non-empty cell, in
        key order; with `encoded`, the joined ids as UTF-8 bytes (for writing). An evidence
        mapping with a `joined()` method (CellEvidence, PairEvidence) makes these rows from
        its arrays, without a tuple of ids per cell."""
        joined = getattr(self.evidence, "joined", None)
        if callable(joined):
            return joined(encoded)
        return [(row, column, len(ids), " ".join(ids).encode("utf-8") if encoded else " ".join(ids))
                for (row, column), ids in sorted(self.evidence.items())]

    def evidence_frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.evidence_rows(), columns=list(EVIDENCE_COLUMNS))

    def note_texts(self, language: str = "en", labels: Mapping[str, str] | None = None) -> tuple[str, ...]:
        """The notes in `language`, code ids in them shown as `labels`."""
        return note_texts(self.notes, language, labels)

    def segment_ids(self, row: str, column: str) -> tuple[str, ...]:
        """The drill-down: the segment ids behind one cell (empty when nothing is there)."""
        return self.evidence.get((str(row), str(column)), ())


def review_counts(frame: pd.DataFrame) -> tuple[int, int]:
    """(codings, unreviewed) among the coding rows of `frame`."""
    total = len(frame)
    unreviewed = int((frame["status"].to_numpy(dtype=object) == UNREVIEWED_STATUS).sum()) \
        if "status" in frame else 0
    return total, unreviewed


def review_note(total: int, unreviewed: int) -> Note:
    if not total:
        return note("review_none")
    if not unreviewed:
        return note("review_all", total=total)
    return note("review_some", total=total, unreviewed=unreviewed)


def finish(name: str, kind: str, table: pd.DataFrame, used: pd.DataFrame,
           evidence: Mapping, notes: list[Note] | tuple = (), **extra) -> Display:
    """A Display whose review counts come from `used`: the coding rows that reached a cell."""
    total, unreviewed = review_counts(used)
    return Display(name=name, table=table, evidence=evidence, kind=kind, codings=total,
                   unreviewed=unreviewed, notes=(review_note(total, unreviewed), *notes), **extra)


def cell_mapping(value, what: str) -> dict[tuple[str, str], object]:
    """{(row, column): value} from tuple keys or a nested {row: {column: value}} mapping."""
    if not value:
        return {}
    if not isinstance(value, Mapping):
        raise DisplaySpecError(f"{what} must map (row, column) to a value, or row to column to value")
    out: dict[tuple[str, str], object] = {}
    for key, item in value.items():
        if isinstance(key, tuple) and len(key) == 2:
            out[(str(key[0]), str(key[1]))] = item
        elif isinstance(item, Mapping):
            out.update({(str(key), str(column)): v for column, v in item.items()})
        else:
            raise DisplaySpecError(f"{what}: {key!r} is neither a (row, column) pair nor a row "
                                   "mapping columns to values")
    return out


def framework_columns(codebook: Codebook, columns, what: str) -> list[str]:
    """"dimensions" (the framework's), "framework" (dimensions then cross-cutting codes),
    or an explicit list of code ids, checked against the codebook."""
    if columns == "dimensions":
        return list(codebook.framework.dimensions)
    if columns == "framework":
        return [*codebook.framework.dimensions, *codebook.framework.cross_cutting]
    if isinstance(columns, str) or not isinstance(columns, (list, tuple)):
        raise DisplaySpecError(f"{what}: columns must be dimensions, framework or a list of code ids")
    known = codebook.by_id()
    unknown = [c for c in columns if c not in known]
    if unknown:
        raise DisplaySpecError(f"{what}: unknown code {unknown[0]!r} in columns")
    return [str(c) for c in columns]


def heatmap_rows(numeric: pd.DataFrame) -> pd.DataFrame:
    """The rows of a display's numeric part that its heat map draws: all of them, or the
    HEATMAP_ROWS of highest total (the earlier row on a tie), in the display's order."""
    if len(numeric) <= HEATMAP_ROWS:
        return numeric
    totals = numeric.sum(axis=1).to_numpy()
    highest = sorted(range(len(totals)), key=lambda k: (-totals[k], k))[:HEATMAP_ROWS]
    return numeric.iloc[sorted(highest)]


def code_labels(codebook: Codebook, language: str) -> dict[str, str]:
    """code id -> its label in `language` (falling back as Code.label_in does)."""
    return {code.id: code.label_in(language) for code in codebook.codes}


def relabel(display: Display, codebook: Codebook, language: str) -> Display:
    """The same display with code ids in its row and column headers shown as labels in
    `language`. Evidence, marks and cells stay keyed by ids: drill down on the original."""
    labels = code_labels(codebook, language)
    table = display.table.rename(columns=lambda c: labels.get(c, c),
                                 index=lambda r: labels.get(r, r))
    return replace(display, table=table)
