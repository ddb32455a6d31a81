"""One cell of a display: the segments behind it, its row and column named as the user typed
them (an id, or the label `display show` printed)."""

from __future__ import annotations

from qualcode.errors import QualcodeError
from qualcode.project import ProjectConfig
from qualcode.workflow.displays import show_display, worded_display


def display_cell(config: ProjectConfig, name: str, row: str, column: str, reviewed_only: bool = False,
                 coder: str | None = None, options: dict | None = None) -> list[dict]:
    """The segments behind one cell: source, speaker, offsets and text."""
    display = show_display(config, name, reviewed_only, options, coder=coder)
    return cell_segments(config, display, name, row, column)


def cell_key(config: ProjectConfig, display, name: str, row: str, column: str) -> tuple[str, str]:
    """The (row, column) of a display's cell as the user named it: by id, or by the label
    `display show` printed (a code's label, "pemerintah" for government); one clear error
    listing the rows or columns otherwise."""
    # the table's labels too: a row or column with no coding in it has no evidence entries;
    # not the case tables' role column, which holds no cells
    rows = list(dict.fromkeys([*map(str, display.table.index), *(key[0] for key in display.evidence)]))
    columns = list(dict.fromkeys([*(key[1] for key in display.evidence),
                                  *(str(c) for c in display.table.columns if c != "role")]))
    if row not in rows or column not in columns:  # as `display show` words it, perhaps
        shown_rows, shown_columns = _shown_labels(config, display)
        row, column = shown_rows.get(row.casefold(), row), shown_columns.get(column.casefold(), column)
    return _label_in(row, rows, name, "row"), _label_in(column, columns, name, "column")


def cell_segments(config: ProjectConfig, display, name: str, row: str, column: str) -> list[dict]:
    from qualcode.store import Store

    row, column = cell_key(config, display, name, row, column)
    ids = display.evidence.get((row, column), [])  # an empty cell: no segments
    with Store(config.store_path) as store:
        found = store.segments_by_id(ids)  # a survey's cell holds thousands: not a query each
    segments = [found[i] for i in ids if i in found]
    return [{"segment_id": s.id, "source_id": s.source_id, "speaker": s.speaker, "start": s.start,
             "end": s.end, "text": s.text} for s in segments]


def _shown_labels(config: ProjectConfig, display) -> tuple[dict[str, str], dict[str, str]]:
    """Rows' and columns' labels as `display show` prints them (casefolded: a code's label for
    its id, "(tanpa nilai)" for "(none)"), each to the label it stands for; a label two
    rows or columns share stands for neither."""
    header, rows, _ = worded_display(config, display)

    def unique(pairs) -> dict[str, str]:
        found: dict[str, str | None] = {}
        for shown, label in pairs:
            key = str(shown).casefold()
            found[key] = None if key in found and found[key] != str(label) else str(label)
        return {key: label for key, label in found.items() if label is not None}

    return (unique(zip((r[0] for r in rows), display.table.index)),
            unique(zip(header[1:], display.table.columns)))


LISTED = 30  # rows or columns an error lists: a framework's columns all, a survey's rows not


def _label_in(label: str, known: list, name: str, axis: str) -> str:
    """`label` as the display has it: as written, or the one label it is but for capitals (a
    case id from front matter keeps its capitals; source ids are lower case)."""
    if label in known:
        return label
    from qualcode.workflow.coding import did_you_mean

    same = [k for k in known if str(k).casefold() == label.casefold()]
    if len(same) == 1:
        return same[0]
    shown = ", ".join(map(str, known[:LISTED])) + (f", … ({len(known)} in all)" if len(known) > LISTED else "")
    raise QualcodeError(f"{name} has no {axis} {label!r}{did_you_mean(label, known)}; its {axis}s: {shown}")
