"""PNG charts of displays, drawn with matplotlib's Agg canvas (no pyplot, no display needed).

- heatmap: a case × dimension count display (case_by_code_matrix, mode count);
  file `<display name>_heatmap.png`. Past HEATMAP_ROWS rows it draws those of highest
  total, and its title says how many of how many (in the words given, English by default).
- prevalence bars: a prevalence_by_group display (share of each role's informants raising
  each dimension), grouped bars; file `<display name>_bars.png`.
File names depend only on the display's name; PNGs carry no software version or date.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from qualcode.display import drawing_home

drawing_home.settle()  # before matplotlib reads where its settings live
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator, PercentFormatter  # noqa: E402

from qualcode.conclude.wording import number
from qualcode.display.base import Display, code_labels, heatmap_rows
from qualcode.display.spec import DisplayError
from qualcode.fileio import write_atomic
from qualcode.model import Codebook

PNG_METADATA = {"Software": None}
DPI = 150         # about 190 dpi where a report prints the figure 15 cm wide
MAX_WIDTH_IN = 7.5  # wider, and a 15 cm print would shrink its 8 pt labels to 4 pt
# What a chart says besides its labels, when the caller gives no words of a language
# (the report's catalogue has these keys: qualcode.report.i18n)
ENGLISH = {"chart_rows_shown": "{shown} of {total} rows: those of highest total (all in the table)",
           "chart_share": "share of informants", "chart_count": "count"}


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata=PNG_METADATA, bbox_inches="tight")
    return buffer.getvalue()


def _numbers_on(axis, values, language: str) -> None:
    """An axis's ticks as the report writes numbers (0,5 in Indonesian), whole ones only when
    the values are counts: a colour bar of segments has no 2.5."""
    whole = values.size == 0 or bool(np.all(np.mod(values[~np.isnan(values)], 1) == 0))
    if whole:
        axis.set_major_locator(MaxNLocator(integer=True))
    axis.set_major_formatter(FuncFormatter(lambda value, _: number(float(value), language)))


def _numeric_part(display: Display):
    numeric = display.table.select_dtypes(include="number")
    if numeric.empty and len(display.table.columns):
        raise DisplayError(f"{display.name} has no numeric cells to chart")
    return numeric


def heatmap_png(display: Display, codebook: Codebook | None = None, *, language: str = "en",
                title: str | None = None, words: Mapping[str, str] | None = None) -> bytes:
    """Rows × numeric columns of a display as a heatmap, values written in the cells."""
    words = {**ENGLISH, **(words or {})}
    every = _numeric_part(display)
    numeric = heatmap_rows(every)
    labels = code_labels(codebook, language) if codebook else {}
    values = numeric.to_numpy(dtype=float)
    rows, cols = values.shape
    figure = Figure(figsize=(min(MAX_WIDTH_IN, max(4.0, 0.75 * cols + 2.5)), max(2.5, 0.3 * rows + 1.5)),
                    dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot(1, 1, 1)
    image = axes.imshow(values if values.size else np.zeros((1, 1)), cmap="Blues", aspect="auto",
                        vmin=0, vmax=max(1.0, float(np.nanmax(values)) if values.size else 1.0))
    axes.set_xticks(range(cols), [labels.get(c, str(c)) for c in numeric.columns],
                    rotation=30, ha="right", fontsize=8)
    axes.set_yticks(range(rows), [str(r) for r in numeric.index], fontsize=8)
    if rows * cols <= 400:
        top = np.nanmax(values) if values.size else 0
        for (r, c), value in np.ndenumerate(values):
            axes.text(c, r, number(float(value), language), ha="center", va="center", fontsize=7,
                      color="white" if top and value > top / 2 else "black")
    _numbers_on(figure.colorbar(image, ax=axes, fraction=0.04).ax.yaxis, values, language)
    heading = title or display.name.replace("_", " ")
    if len(numeric) < len(every):
        heading += "\n" + words["chart_rows_shown"].format(shown=len(numeric), total=len(every))
    axes.set_title(heading)
    return _png(figure)


def prevalence_bars_png(display: Display, codebook: Codebook | None = None, *,
                        language: str = "en", title: str | None = None,
                        words: Mapping[str, str] | None = None) -> bytes:
    """Grouped bars: one group per row (code), one bar per column (role), heights = cell values."""
    words = {**ENGLISH, **(words or {})}
    numeric = _numeric_part(display)
    labels = code_labels(codebook, language) if codebook else {}
    values = numeric.to_numpy(dtype=float)
    rows, cols = values.shape
    figure = Figure(figsize=(min(MAX_WIDTH_IN, max(5.0, 1.0 * rows + 2.5)), 4.0), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot(1, 1, 1)
    width = 0.8 / max(1, cols)
    positions = np.arange(rows)
    totals = _group_totals(display)
    for c, column in enumerate(numeric.columns):
        # a role or source type, in the words given (the report's: pemerintah, not government),
        # with its informants: a share of 1.0 from one informant is not one from ten
        name = words.get(str(column), str(column))
        axes.bar(positions + (c - (cols - 1) / 2) * width, values[:, c], width,
                 label=f"{name} (n={totals[column]})" if column in totals else name)
    axes.set_xticks(positions, [labels.get(r, str(r)) for r in numeric.index], rotation=20,
                    ha="right", fontsize=8)
    is_share = values.size and np.nanmax(values) <= 1
    axes.set_ylim(0, 1.05 if is_share else None)
    if is_share:  # a share of informants, as the text gives it: 40%
        axes.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    else:
        _numbers_on(axes.yaxis, values, language)
    axes.set_ylabel(words["chart_share"] if is_share else words["chart_count"])
    if cols:
        axes.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    axes.set_title(title or display.name.replace("_", " "))
    return _png(figure)


def _group_totals(display: Display) -> dict:
    """Each column's informants (the denominator of its shares), where the display has them."""
    cells = getattr(display, "cells", None)
    if cells is None or not {"column", "informants_total"} <= set(cells.columns):
        return {}
    return {column: int(n) for column, n in
            cells.drop_duplicates("column").set_index("column")["informants_total"].items()}


def write_heatmap(display: Display, folder: Path, codebook: Codebook | None = None, *,
                  language: str = "en", title: str | None = None,
                  words: Mapping[str, str] | None = None) -> Path:
    return write_atomic(Path(folder) / f"{display.name}_heatmap.png",
                        heatmap_png(display, codebook, language=language, title=title, words=words))


def write_prevalence_bars(display: Display, folder: Path, codebook: Codebook | None = None, *,
                          language: str = "en", title: str | None = None,
                          words: Mapping[str, str] | None = None) -> Path:
    return write_atomic(Path(folder) / f"{display.name}_bars.png",
                        prevalence_bars_png(display, codebook, language=language, title=title, words=words))
