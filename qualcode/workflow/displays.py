"""Declared displays (displays.yaml): build them, write CSV/XLSX and charts, drill into a cell."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Callable

import yaml

from qualcode.errors import InputError, QualcodeError
from qualcode.project import ProjectConfig
from qualcode.workflow.judgments import judgment_options
from qualcode.yamlerrors import describe

DISPLAYS_FILE = "displays.yaml"


@dataclass(frozen=True)
class DisplayEntry:
    name: str
    kind: str
    options: dict


def shipped_displays_text() -> str:
    return resources.files("qualcode").joinpath("data/displays.yaml").read_text(encoding="utf-8")


def declared_displays(config: ProjectConfig) -> list[DisplayEntry]:
    """The project's displays.yaml, or the shipped one when the project has none."""
    path = config.root / DISPLAYS_FILE
    text = path.read_text(encoding="utf-8") if path.is_file() else shipped_displays_text()
    where = path if path.is_file() else Path("qualcode/data/displays.yaml")
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        line, reason = describe(exc)
        raise InputError(where, f"YAML syntax error: {reason}", line=line) from None
    items = data.get("displays") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise InputError(where, "needs a `displays:` list")
    entries, seen = [], set()
    from qualcode.display.catalogue import KINDS

    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict) or "name" not in item or "kind" not in item:
            raise InputError(where, f"display #{number} needs a name and a kind")
        name, kind = str(item["name"]), str(item["kind"])
        if kind not in KINDS:
            raise InputError(where, f"display {name!r}: unknown kind {kind!r}; use {', '.join(sorted(KINDS))}")
        if name in seen:
            raise InputError(where, f"display {name!r} is declared twice")
        seen.add(name)
        entries.append(DisplayEntry(name, kind, {k: v for k, v in item.items() if k != "kind"}))
    return entries


def build_one(entry: DisplayEntry, inputs, extra: dict | None = None):
    from qualcode.display.catalogue import build
    from qualcode.display.time_ordered import NoDatesError

    try:
        return build(entry.kind, inputs.codings, inputs.segments, inputs.cases, inputs.codebook,
                     {**entry.options, **(extra or {})})
    except NoDatesError:
        return None


def build_all(config: ProjectConfig, inputs, charts: frozenset[str] | None = None) -> dict:
    """name -> Display for every declared display (a time-ordered one without dates is
    skipped); with `charts`, only those that make one of these charts (`chart_of`)."""
    from qualcode.display.coded import shared_lookups

    built = {}
    with shared_lookups():  # the displays join the same codings to the same segments
        for entry in declared_displays(config):
            if charts is not None and chart_of(entry.name, entry.kind) not in charts:
                continue
            display = build_one(entry, inputs, judgment_options(config, entry.name, entry.kind, entry.options))
            if display is not None:
                built[entry.name] = display
    return built


def chart_of(name: str, kind: str) -> str | None:
    """The chart a declared display makes, if any: the heat map, bars or network."""
    if kind == "case_by_code" and name == "case_by_dimension":
        return "heatmap"
    if kind == "prevalence":
        return "bars"
    if kind == "cooccurrence" and name == "cooccurrence":
        return "network"
    return None


def write_displays(config: ProjectConfig, displays: dict, language: str,
                   folder: Path | None = None) -> dict[str, Path]:
    """CSV (+ evidence) per display and one XLSX workbook in reports/matrices/; charts and the
    co-occurrence network (PNG, DOT, Mermaid) in reports/figures/."""
    files = DisplayFiles(config, language, folder, displays=displays, background=False)
    return files.written()


class DisplayFiles:
    """The files of write_displays, written by forked workers (see
    qualcode.display.background) while the caller goes on: `figures()` once the charts are
    written, `written()` once everything is — the same dict write_displays returns. Even a
    small project's charts take a second or more (importing matplotlib, drawing), which the
    report's own work can hide.

    Given `displays`, the charts and then the tables are written from them. Without, the
    caller goes on with `read(inputs)` once it has read the store, `charts(displays,
    codebook)` once it has built the displays, and `tables(displays)`:

    - in a process that has not imported matplotlib yet, the charts' worker starts at once,
      imports it while the caller reads the store and builds the displays, then is handed
      the few it draws;
    - where it is imported already (`run` imports ahead what a report needs), two workers
      start at `read`, each to build and draw its share of the charts (CHART_SHARES)
      beside the caller.

    Call `close()` when done (a `with` block does)."""

    def __init__(self, config: ProjectConfig, language: str, folder: Path | None = None, *,
                 displays: dict | None = None, background: bool = True):
        from qualcode.display.background import Staged

        self._config, self._language, self._background = config, language, background
        self._base = Path(folder) if folder else config.reports_path
        self._charts: list | None = None  # a worker per share of the charts (`chart_shares`)
        self._fed = False
        if displays is not None:
            codebook = _codebook(config)
            self._charts = [Staged(_chart_files, displays, codebook, language, self._base, share,
                                   background=background) for share in chart_shares()]
        elif not drawing_imported():
            self._charts = [Staged(_fed_chart_files, language, self._base, ALL_CHARTS, background=background,
                                   fed=True)]
            self._fed = True
        self._tables = None
        self._figures: dict[str, Path] | None = None
        self._tables_written: dict[str, Path] | None = None
        if displays is not None:
            self.tables(displays)

    def read(self, inputs) -> None:
        """The store as read (`analysis_inputs`): a charts' worker not started yet starts now."""
        from qualcode.display.background import Staged

        if self._charts is None:
            self._charts = [Staged(_chart_files, partial(build_all, self._config, inputs, charts=share),
                                   inputs.codebook, self._language, self._base, share,
                                   background=self._background) for share in chart_shares()]

    def charts(self, displays: dict, codebook) -> None:
        """The displays built: a worker waiting for them is handed the few that make charts,
        without their evidence (no chart draws it; a large project's is slow to hand over)."""
        if self._fed:
            charted = {name: replace(display, evidence={}) for name, display in displays.items()
                       if chart_of(name, display.kind) is not None}
            for staged in self._charts:
                staged.feed((charted, codebook))

    def tables(self, displays: dict) -> None:
        """Have the tables (CSV per display, the XLSX workbook) written from `displays`."""
        from qualcode.display.background import Staged

        if self._tables is None:
            self._tables = Staged(_table_files, displays, self._base, background=self._background)

    @property
    def charts_in_background(self) -> bool:
        """Are the charts being drawn by workers (not yet here, on `figures()`)?"""
        return bool(self._charts) and all(staged.in_background for staged in self._charts)

    def figures(self) -> dict[str, Path]:
        if self._charts is None:
            raise ValueError("DisplayFiles.figures() before read(inputs)")
        if self._figures is None:
            drawn = []
            for staged in self._charts:
                drawn.extend(staged.next())
                staged.close()
            self._figures = {key: path for _, key, path in sorted(drawn, key=lambda item: item[0])}
        return self._figures

    def written(self) -> dict[str, Path]:
        if self._tables is None:
            raise ValueError("DisplayFiles.written() before tables(displays)")
        figures = self.figures()
        if self._tables_written is None:
            self._tables_written = self._tables.next()
            self._tables.close()
        return {**self._tables_written, **figures}  # tables first, as they were always written

    def close(self) -> None:
        for staged in self._charts or ():
            staged.close()
        if self._tables is not None:
            self._tables.close()

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


def _fed_chart_files(take: Callable[[], tuple], language: str, base: Path, share: frozenset[str]):
    """_chart_files once `take()` gives (displays, codebook), what drawing needs imported first."""
    from importlib import import_module

    for module in DRAWING_MODULES:
        import_module(module)  # while the caller reads the store and builds the displays
    displays, codebook = take()
    yield from _chart_files(displays, codebook, language, base, share)


def drawing_imported() -> bool:
    """Has this process imported what drawing charts needs (matplotlib, networkx)?"""
    import sys

    return all(module in sys.modules for module in DRAWING_MODULES)


def _chart_files(displays: dict | Callable[[], dict], codebook, language: str, base: Path,
                 share: frozenset[str]):
    """Draw the charts of `displays` (built here when given as a function) that are in
    `share`; yield [(place, key, path)], place being the display's among those charted."""
    from qualcode.display.charts import write_heatmap, write_prevalence_bars
    from qualcode.display.network import cooccurrence_graph, write_network

    if callable(displays):
        displays = displays()
    figures = base / "figures"
    written: list[tuple[int, str, Path]] = []
    charted = [(name, display, chart_of(name, display.kind)) for name, display in displays.items()]
    for place, (name, display, chart) in enumerate(item for item in charted if item[2] is not None):
        if chart not in share:
            continue
        if chart == "heatmap":
            written.append((place, "heatmap", write_heatmap(display, figures, codebook, language=language)))
        elif chart == "bars":
            written.append((place, "bars", write_prevalence_bars(display, figures, codebook, language=language)))
        elif chart == "network":
            graph = cooccurrence_graph(display, codebook, language=language)
            written.extend((place, f"network:{key}", path) for key, path in write_network(graph, figures).items())
    yield written


def _table_files(displays: dict, base: Path):
    """Write a CSV (and its evidence) per display and the XLSX workbook, yield their paths."""
    from qualcode.display.export import write_csv, write_xlsx

    matrices = base / "matrices"
    written: dict[str, Path] = {}
    for name, display in displays.items():
        for key, path in write_csv(display, matrices).items():
            written[f"{name}:{key}"] = path
    written["xlsx"] = write_xlsx(list(displays.values()), matrices / "displays.xlsx")
    yield written


def _codebook(config: ProjectConfig):
    from qualcode.codebook import load_codebook

    return load_codebook(config.codebook_path)


def analysis_inputs(config: ProjectConfig, reviewed_only: bool = False, coder: str | None = None):
    """What displays, conclusions and reports read (pipeline.AnalysisInputs); `coder` counts
    only that coder's accepted codings. Read with the store's bulk queries: no Coding or
    Segment object per row (a test holds the frames equal to those typed reads make)."""
    from collections import Counter

    from qualcode.codebook import load_codebook
    from qualcode.display.frames import cases_frame, codings_frame_from_rows, segments_frame_from_rows
    from qualcode.store import Store
    from qualcode.workflow.pipeline import AnalysisInputs

    codebook = load_codebook(config.codebook_path)
    with _collector_paused():
        with Store(config.store_path) as store:
            segments = store.segment_tuples()
            if not segments and not store.has_sources():
                raise QualcodeError("no sources in the store: run `qualcode ingest` first")
            codings = store.counted_coding_tuples(reviewed_only=reviewed_only, coder=coder)
            cases = store.cases()
            memos = store.memos()
        status_counts = dict(Counter(status for _, _, _, _, status, *_ in codings))
        segments = segments_frame_from_rows(segments)
        return AnalysisInputs(codebook, segments, codings_frame_from_rows(codings, segments["segment_id"]),
                              cases_frame(cases), status_counts, memos)


@contextmanager
def _collector_paused():
    """Loading a large store makes millions of tuples and lists, none of them in a reference
    cycle; the cyclic garbage collector would walk all of them again and again meanwhile
    (seconds, at a million codings). It is paused while they are made."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _inputs(config: ProjectConfig, reviewed_only: bool, coder: str | None):
    """The analysis inputs; with `coder`, only that coder's accepted codings count (e.g. the
    consensus written by `agree resolve`)."""
    if coder and config.store_path.exists():
        from qualcode.store import Store

        with Store(config.store_path) as store:
            coders = store.coders()
        if coder not in coders:
            raise QualcodeError(f"no codings by {coder!r}; coders here: {', '.join(coders) or 'none'}")
    return analysis_inputs(config, reviewed_only, coder)


def show_display(config: ProjectConfig, name_or_kind: str, reviewed_only: bool = False,
                 options: dict | None = None, coder: str | None = None):
    """A declared display by name, or any kind built ad hoc with `options`; with `coder`, from
    that coder's accepted codings only."""
    from qualcode.display.catalogue import KINDS

    entries = {e.name: e for e in declared_displays(config)}
    if name_or_kind in entries:
        entry = entries[name_or_kind]
    elif name_or_kind in KINDS:
        entry = DisplayEntry(name_or_kind, name_or_kind, {})
    else:
        raise QualcodeError(f"no display {name_or_kind!r}; declared: {', '.join(entries)}; "
                            f"kinds: {', '.join(sorted(KINDS))}")
    inputs = _inputs(config, reviewed_only, coder)
    extra = judgment_options(config, entry.name, entry.kind, {**entry.options, **(options or {})})
    display = build_one(entry, inputs, {**extra, **(options or {})})
    if display is None:
        raise QualcodeError(f"{name_or_kind}: no source or segment carries a date or timestamp")
    return display


def display_cell(config: ProjectConfig, name: str, row: str, column: str,
                 reviewed_only: bool = False, coder: str | None = None) -> list[dict]:
    """The segments behind one cell: source, speaker, offsets and text."""
    return cell_segments(config, show_display(config, name, reviewed_only, coder=coder), name, row, column)


def cell_segments(config: ProjectConfig, display, name: str, row: str, column: str) -> list[dict]:
    from qualcode.store import Store

    ids = display.evidence.get((row, column))
    if ids is None:
        rows = ", ".join(map(str, list(display.table.index)[:8]))
        raise QualcodeError(f"{name} has no cell ({row}, {column}); rows include {rows}")
    with Store(config.store_path) as store:
        segments = [store.segment(i) for i in ids]
    return [{"segment_id": s.id, "source_id": s.source_id, "speaker": s.speaker, "start": s.start,
             "end": s.end, "text": s.text} for s in segments if s]


def build_and_write(config: ProjectConfig, language: str | None = None,
                    reviewed_only: bool = False, coder: str | None = None) -> dict[str, Path]:
    inputs = _inputs(config, reviewed_only, coder)
    return write_displays(config, build_all(config, inputs), language or config.language)
