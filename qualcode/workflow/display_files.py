"""The display files of a report, written by forked workers while the report goes on.

`DisplayFiles` has the CSV tables written by one worker (`_csv_files`, as built), the XLSX
workbook by another (`_workbook_file`, worded in the report's language) and the charts by
one or two (`_chart_files`): the heat map, the prevalence bars and the co-occurrence
network, in reports/figures/. `write_displays` writes the same files here.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Callable, Iterable

from qualcode.people import RESPONDENTS, called
from qualcode.project import ProjectConfig
from qualcode.workflow.display_specs import declared_displays
from qualcode.workflow.displays import chart_of


# What the workbook's quote sheets read of the segments: the words, and for a survey's answers
# the question each answers (qualcode.model.answered_headings)
QUOTED_COLUMNS = ["segment_id", "text", "source_id", "source_type", "codable", "start"]


class DisplayFiles:
    """The files of write_displays, written by forked workers (see
    qualcode.display.background) while the caller goes on: `figures()` once the charts are
    written, `written()` once everything is — the same dict write_displays returns. Even a
    small project's charts take a second or more (importing matplotlib, drawing), which the
    report's own work can hide.

    Given `displays`, the charts and then the tables are written from them. Without, the
    caller goes on with `read(inputs)` once it has read the store, `charts(displays,
    codebook)` once it has built the displays, and `tables(displays, codebook)`:

    - in a process that has not imported matplotlib yet, the charts' worker starts at once,
      imports it while the caller reads the store and builds the displays, then is handed
      the few it draws;
    - where it is imported already (`run` imports ahead what a report needs), two workers
      start at `read`, each to build and draw its share of the charts (CHART_SHARES)
      beside the caller.

    Call `close()` when done (a `with` block does)."""

    def __init__(self, config: ProjectConfig, language: str, folder: Path | None = None, *,
                 displays: dict | None = None, background: bool = True, segments=None):
        from qualcode.display.background import Staged

        self._config, self._language, self._background = config, language, background
        self._base = Path(folder) if folder else config.reports_path
        self._charts: list | None = None  # a worker per share of the charts (`chart_shares`)
        self._fed = False
        self._places: dict[str, int] | None = None  # each chart's place among the displays'
        if displays is not None:
            self._places = chart_places((name, display.kind) for name, display in displays.items())
            codebook = _codebook(config)
            self._charts = [Staged(_chart_files, displays, codebook, language, self._base, share,
                                   background=background) for share in chart_shares()]
        elif not drawing_imported():
            self._charts = [Staged(_fed_chart_files, language, self._base, ALL_CHARTS, background=background,
                                   fed=True)]
            self._fed = True
        self._tables: list | None = None  # a worker for the CSVs, one for the workbook
        self._workbook = None  # the workbook's worker, started before the displays are built
        self._handed: list = []  # the displays handed to it so far, as built
        self._segments = None  # the store's (given, or once read): the workbook quotes them
        if segments is not None:
            self._segments = segments[[c for c in QUOTED_COLUMNS if c in segments.columns]]
        self._figures: dict[str, Path] | None = None
        self._tables_written: dict[str, Path] | None = None
        if displays is not None:
            self.tables(displays, codebook)

    def read(self, inputs, grouping=None) -> None:
        """The store as read (`analysis_inputs`): a charts' worker not started yet starts now
        (a report's `grouping` of many informants: its heat map draws the groups)."""
        from qualcode.display.background import Staged

        self._segments = inputs.segments[[c for c in QUOTED_COLUMNS if c in inputs.segments.columns]]
        if self._tables is None and self._workbook is None:
            self._workbook = self._workbook_worker(None, inputs.codebook)
        if self._charts is None:
            self._places = chart_places((entry.name, entry.kind) for entry in declared_displays(self._config))
            self._charts = [Staged(_chart_files, partial(_charted, self._config, inputs, share, grouping,
                                                         self._language),
                                   inputs.codebook, self._language, self._base, share,
                                   background=self._background) for share in chart_shares()]

    def charts(self, displays: dict, codebook) -> None:
        """The displays built: a worker waiting for them is handed the few that make charts,
        without their evidence (no chart draws it; a large project's is slow to hand over)."""
        if self._fed:
            self._places = chart_places((name, display.kind) for name, display in displays.items())
            charted = {name: replace(display, evidence={}) for name, display in displays.items()
                       if chart_of(name, display.kind) is not None}
            for staged in self._charts:
                staged.feed((charted, codebook, RESPONDENTS.get()))  # it was forked before that was known

    def built(self, display) -> None:
        """One display built, as the tables show it: the workbook's worker writes its sheets
        while the others are built (a survey's workbook, a million cells, takes as long as the
        rest of the report)."""
        if self._workbook is not None and self._tables is None:
            self._workbook.put(display)
            self._handed.append(display)

    def tables(self, displays: dict, codebook=None) -> None:
        """Have the tables (CSV per display, the XLSX workbook) written from `displays`; the
        workbook's code labels come from `codebook` (the project's, when not given). The
        workbook's worker is given those not handed to it as built."""
        from qualcode.display.background import Staged

        if self._tables is not None:
            return
        workbook, handed = self._workbook, self._handed
        built = list(displays.values())
        if workbook is not None and all(a is b for a, b in zip(handed, built)) and len(handed) <= len(built):
            for display in built[len(handed):]:
                workbook.put(display)
            workbook.end()
        else:  # not handed over as built, or not these: written from these, by a worker of its own
            if workbook is not None:
                workbook.close()
            workbook = self._workbook_worker(displays, codebook if codebook is not None else _codebook(self._config))
        # a worker each: the CSVs need not wait for the workbook
        self._tables = [Staged(_csv_files, displays, self._base, background=self._background), workbook]

    def _workbook_worker(self, displays: dict | None, codebook):
        """A worker writing the workbook of `displays`, or (None) of those it is handed."""
        from qualcode.display.background import Staged

        project = (self._config.name, self._config.description_in(self._language))
        return Staged(_workbook_file, *(() if displays is None else (list(displays.values()),)), codebook,
                      self._language, self._base, project, self._segments, background=self._background,
                      streamed=displays is None)

    @property
    def charts_in_background(self) -> bool:
        """Are the charts being drawn by workers (not yet here, on `figures()`)?"""
        return bool(self._charts) and all(staged.in_background for staged in self._charts)

    def figures(self) -> dict[str, Path]:
        if self._charts is None:
            raise ValueError("DisplayFiles.figures() before read(inputs)")
        if self._figures is None:
            drawn: list[tuple[str, Path]] = []
            for staged in self._charts:
                drawn.extend(staged.next())
                staged.close()
            # in the displays' order, whichever worker drew them (a stable sort: a chart's
            # own files stay in their order)
            places = self._places or {}
            self._figures = dict(sorted(drawn, key=lambda item: places.get(item[0].split(":")[0], len(places))))
        return self._figures

    def written(self) -> dict[str, Path]:
        if self._tables is None:
            raise ValueError("DisplayFiles.written() before tables(displays)")
        figures = self.figures()
        if self._tables_written is None:
            self._tables_written = {}
            for staged in self._tables:
                self._tables_written.update(staged.next())
                staged.close()
        return {**self._tables_written, **figures}  # tables first, as they were always written

    def close(self) -> None:
        for staged in self._charts or ():
            staged.close()
        for staged in self._tables or ([self._workbook] if self._workbook is not None else ()):
            staged.close()

    def __enter__(self) -> "DisplayFiles":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# What only drawing the charts imports (matplotlib, networkx).
DRAWING_MODULES = ("qualcode.display.charts", "qualcode.display.network")


ALL_CHARTS = frozenset({"heatmap", "bars", "network"})
# The charts each worker draws where the workers inherit matplotlib: the heat map takes
# about as long as the other two together, and drawing them side by side keeps the report
# from waiting on one worker drawing all three. A worker that must import matplotlib
# itself draws all three: a second import would cost more than it saves.
CHART_SHARES = (frozenset({"heatmap"}), frozenset({"bars", "network"}))


def chart_shares() -> tuple[frozenset[str], ...]:
    return CHART_SHARES if drawing_imported() else (ALL_CHARTS,)


def chart_places(displays) -> dict[str, int]:
    """Each chart's place among displays given as (name, kind) pairs: its first display's."""
    places: dict[str, int] = {}
    for name, kind in displays:
        chart = chart_of(name, kind)
        if chart is not None:
            places.setdefault(chart, len(places))
    return places


def _fed_chart_files(take: Callable[[], tuple], language: str, base: Path, share: frozenset[str]):
    """_chart_files once `take()` gives (displays, codebook), what drawing needs imported first."""
    from importlib import import_module

    for module in DRAWING_MODULES:
        import_module(module)  # while the caller reads the store and builds the displays
    displays, codebook, respondents = take()
    with called(respondents):
        yield from _chart_files(displays, codebook, language, base, share)


def drawing_imported() -> bool:
    """Has this process imported what drawing charts needs (matplotlib, networkx)?"""
    import sys

    return all(module in sys.modules for module in DRAWING_MODULES)


def _chart_files(displays: dict | Callable[[], dict], codebook, language: str, base: Path,
                 share: frozenset[str]):
    """Draw the charts of `displays` (built here when given as a function) that are in
    `share`; yield [(key, path)], in the displays' order."""
    from qualcode.display.charts import write_heatmap, write_prevalence_bars
    from qualcode.display.network import cooccurrence_graph, write_network
    from qualcode.report.i18n import CATALOGUES, catalogue

    if callable(displays):
        displays = displays()
    figures = base / "figures"
    # the charts' titles and axes in the report's words (English for a language it lacks)
    t = catalogue(language if language in CATALOGUES else "en",
                  codebook.framework.term_in(language) if codebook else None)
    written: list[tuple[str, Path]] = []
    for name, display in displays.items():
        chart = chart_of(name, display.kind)
        if chart not in share:
            continue
        if chart == "heatmap":
            # (a report that groups many informants draws its groups, titled as such)
            crossing = set(display.table.columns) & set(codebook.framework.cross_cutting)
            title = display.parameters.get("chart_title") or t["chart_heatmap_cross" if crossing else "chart_heatmap"]
            written.append(("heatmap", write_heatmap(display, figures, codebook, language=language,
                                                     title=title, words=t)))
        elif chart == "bars":
            written.append(("bars", write_prevalence_bars(display, figures, codebook, language=language,
                                                          title=t["chart_bars"], words=t)))
        elif chart == "network":
            graph = cooccurrence_graph(display, codebook, language=language)
            written.extend((f"network:{key}", path) for key, path in write_network(graph, figures).items())
    yield written


def _charted(config: ProjectConfig, inputs, share: frozenset[str], grouping, language: str) -> dict:
    """The displays that make the charts in `share`, built by the worker drawing them."""
    from qualcode.workflow import displays  # build_all looked up now (tests replace it)

    built = displays.build_all(config, inputs, charts=share)
    if grouping is None:
        return built
    from qualcode.report.case_matrix import with_grouped_heatmap

    return with_grouped_heatmap(built, inputs, grouping, language)


def _csv_files(displays: dict, base: Path):
    """Write a CSV (and its evidence) per display, as built; yield their paths."""
    from qualcode.display.export import write_csv

    written: dict[str, Path] = {}
    for name, display in displays.items():
        for key, path in write_csv(display, base / "matrices").items():
            written[f"{name}:{key}"] = path
    yield written


def _workbook_file(displays: Iterable, codebook, language: str, base: Path, project: tuple[str, str] = ("", ""),
                   segments=None):
    """Write the XLSX workbook of `displays` (each sheet written as it comes), worded in
    `language` and opening on a sheet that says what it holds; yield its path."""
    from qualcode import __version__
    from qualcode.conclude.wording import long_date
    from qualcode.display.xlsx_book import write_xlsx
    from qualcode.report.context import report_date

    matrices = base / "matrices"
    about = {"project": project[0], "description": project[1], "made_on": long_date(report_date(), language if language in ("id", "en") else "en"),
             "tool": f"qualcode {__version__}"}
    yield {"xlsx": write_xlsx(displays, matrices / "displays.xlsx",
                              language=language, codebook=codebook, about=about, segments=segments)}


def _codebook(config: ProjectConfig):
    from qualcode.codebook import load_codebook

    return load_codebook(config.codebook_path)
