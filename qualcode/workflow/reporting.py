"""The findings report: displays, conclusions and the view-model, rendered to MD, HTML and DOCX."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from importlib import import_module
from pathlib import Path
from typing import Callable

from qualcode.errors import QualcodeError
from qualcode.fileio import write_atomic
from qualcode.project import ProjectConfig
from qualcode.workflow.stages import StageHook, _quiet

FORMATS = ("md", "html", "docx")
RENDERERS = {"md": "qualcode.report.markdown", "html": "qualcode.report.markdown",
             "docx": "qualcode.report.docx_writer"}
# What building a report imports (the renderers and every display kind's module aside):
# `qualcode run` imports them ahead, while it codes (qualcode.workflow.whole_run).
BUILD_MODULES = (
    "qualcode.codebook", "qualcode.store", "qualcode.conclude.evidence", "qualcode.conclude.tactics",
    "qualcode.workflow.agreement", "qualcode.workflow.judgments", "qualcode.workflow.conclusions",
    "qualcode.workflow.displays", "qualcode.workflow.display_files", "qualcode.display.frames",
    "qualcode.display.background", "qualcode.report.context", "qualcode.report.i18n",
    "qualcode.report.grouping", "qualcode.report.case_matrix",
    # the display workers': charts and network figures, CSV and XLSX
    "qualcode.display.charts", "qualcode.display.network", "qualcode.display.export",
    "qualcode.display.xlsx_book",
)


def report_modules() -> list[str]:
    """Every module a report may import, to import ahead of building one."""
    from qualcode.display.catalogue import KINDS

    kinds = [module for module, _, _ in KINDS.values()]
    return list(dict.fromkeys([*BUILD_MODULES, *kinds, *RENDERERS.values()]))


def prepare_report(config: ProjectConfig, language: str | None = None,
                   awaited: Callable[[], bool] = lambda: False):
    """What a report of this project costs before it reads the store, done ahead (`qualcode
    run` does it while it codes): its modules imported, its templates compiled. Should the
    report be `awaited` before that is done (a short coding), the charts' worker starts
    then, to import what only it needs (matplotlib, networkx) beside this process. Returns
    that worker's DisplayFiles, to hand `build_report` (`display_files`), or None."""
    from qualcode.workflow.display_files import DRAWING_MODULES, DisplayFiles

    files = None
    try:
        for module in report_modules():
            if module in DRAWING_MODULES:
                continue
            if files is None and awaited():
                files = DisplayFiles(config, language or config.language, config.reports_path)
            import_module(module)
        from qualcode.report.markdown import compile_templates

        compile_templates(project_templates(config))
        for module in DRAWING_MODULES if files is None else ():
            if awaited():
                break  # the report's own DisplayFiles has a worker import the rest
            import_module(module)
    except BaseException:
        if files is not None:
            files.close()
        raise
    return files


def project_templates(config: ProjectConfig) -> Path:
    """The project's own templates folder (used when it exists)."""
    return config.root / "templates"


@dataclass(frozen=True)
class ReportFiles:
    reports: dict[str, Path]                 # format -> file
    matrices: dict[str, Path]
    assertions: int
    extra: dict[str, Path] = field(default_factory=dict)  # conclusions.json, figures…

    @property
    def markdown(self) -> Path | None:
        return self.reports.get("md")

    @property
    def docx(self) -> Path | None:
        return self.reports.get("docx")


def build_report(config: ProjectConfig, language: str | None = None, reviewed_only: bool = False,
                 on_stage: StageHook = _quiet, formats: tuple[str, ...] = FORMATS,
                 out: Path | None = None, template_dir: Path | None = None,
                 display_files=None, coder: str | None = None, chapter: int | None = None) -> ReportFiles:
    """The report of the project. `display_files`: what `prepare_report` returned, for the
    project's reports folder in this language (closed here once used; closing it again, as
    a caller must should this fail sooner, is harmless). `coder`: only that coder's
    accepted codings count (e.g. consensus, from `agree resolve`)."""
    from qualcode.people import called
    from qualcode.report.i18n import LANGUAGES
    from qualcode.store import Store

    language = language or config.language
    chapter = chapter if chapter is not None else config.chapter
    if language not in LANGUAGES:
        raise QualcodeError(f"report language {language!r} is not available; use {', '.join(LANGUAGES)}")
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise QualcodeError(f"unknown report format {', '.join(unknown) or '(none)'}; use {', '.join(FORMATS)}")
    folder = Path(out) if out else config.reports_path
    templates = Path(template_dir) if template_dir else project_templates(config)
    if template_dir and not templates.is_dir():
        raise QualcodeError(f"{templates}: no such template folder")

    if {"md", "html"} & set(formats):  # a template that cannot compile: said before anything is written
        from qualcode.report.markdown import compile_templates

        compile_templates(templates)

    # a survey's people are respondents, in every text written here and by the workers
    # forked from here (qualcode.people); a charts' worker forked sooner is told with its displays
    with called(Store.peek_only_responses(config.store_path)):
        return _build(config, language, reviewed_only, on_stage, formats, folder, templates, display_files, coder,
                      chapter)


def _build(config: ProjectConfig, language: str, reviewed_only: bool, on_stage: StageHook,
           formats: tuple[str, ...], folder: Path, templates: Path, display_files, coder: str | None,
           chapter: int | None) -> ReportFiles:
    from qualcode.conclude.evidence import ReadingOrder
    from qualcode.conclude.tactics import prevalence
    from qualcode.display.matrices import case_by_code_matrix
    from qualcode.report.case_matrix import (
        grouped_summary, grouped_table, with_grouped_counts, with_grouped_heatmap,
    )
    from qualcode.report.context import build_report_view
    from qualcode.report.grouping import site_attribute
    from qualcode.workflow.agreement import latest_agreement
    from qualcode.workflow.conclusions import draw_conclusions, write_conclusions
    from qualcode.workflow.display_files import DisplayFiles
    from qualcode.workflow.displays import build_all, checked_inputs
    from qualcode.workflow.judgments import load_summaries

    # The display files are written meanwhile, by workers: the charts by one that, unless
    # this process has imported matplotlib already, starts now and imports it while this
    # process reads the store (see DisplayFiles); the tables (CSV, XLSX) by one given every
    # display.
    with display_files or DisplayFiles(config, language, folder) as files:
        inputs = checked_inputs(config, reviewed_only, coder)
        if inputs.codings.empty:  # a report of empty findings reads as a finding
            raise QualcodeError("no codings to report: none suggested by `qualcode code auto` and none made by "
                                "hand; run `qualcode code auto` (or `qualcode run`), and if it suggests none, "
                                "check that the codebook's terms are in the sources' language")
        grouping = _grouping(config, inputs.cases)  # a group_by no case has: said before anything is written
        reviewed_only = reviewed_only or coder is not None  # a coder's accepted codings: reviewed
        files.read(inputs, grouping)
        advance = on_stage("display", 2)
        grouped = grouped_summary(inputs, grouping)
        tables: dict = {}  # each display as its tables are written, handed to the workbook's worker as built

        def built(name: str, display) -> None:
            tables[name] = grouped_table(display, grouped, grouping, inputs.cases)
            files.built(tables[name])

        displays = build_all(config, inputs, on_built=built)
        matrix = displays.get("case_by_dimension") or case_by_code_matrix(
            inputs.codings, inputs.segments, inputs.cases, inputs.codebook)
        charted = with_grouped_heatmap(displays, inputs, grouping, language, grouped)
        files.charts(charted, inputs.codebook)
        advance(1)
        files.tables(with_grouped_counts(tables, grouped, grouping), inputs.codebook)
        advance(1)
        advance = on_stage("conclude", 1)
        order = ReadingOrder(inputs.codings["segment_id"])  # the counting and the checks cite segments in it
        # informants without roles (a table's rows): a pattern spans the groups the report shows
        across = site_attribute(inputs.cases, config.group_by) or "role"
        results = prevalence(inputs.codings, inputs.segments, inputs.cases, inputs.codebook, order, across)
        conclusions, suggestions = draw_conclusions(config, language, reviewed_only, inputs, order)
        extra = {"conclusions": write_conclusions(config, conclusions, language, folder),
                 "evidence": _write_evidence(conclusions, inputs.segments, language, folder)}
        advance(1)
        advance = on_stage("report", len(formats))
        view = build_report_view(
            project=config.name, language=language, codebook=inputs.codebook,
            segments=inputs.segments, codings=inputs.codings, cases=inputs.cases,
            prevalence=results, matrix=matrix, status_counts=inputs.status_counts,
            reviewed_only=reviewed_only, description=config.description_in(language),
            conclusions=conclusions, suggestions=suggestions, memos=inputs.memos,
            summaries=load_summaries(config), agreement=latest_agreement(config), displays=displays,
            titles=inputs.titles, coder=coder, chapter=chapter, attribution=config.attribution,
            title=config.report_title_in(language),
            grouping=grouping, grouped=grouped, table_rows=inputs.table_rows, rejected=inputs.rejected)
        # the renderers are imported while the worker may still be drawing the figures
        for module in {RENDERERS[f] for f in formats}:
            import_module(module)
        crossing = bool(set(matrix.table.columns) & set(inputs.codebook.framework.cross_cutting))
        view = replace(view, figures=_figures(files.figures(), view.text, charted, folder, chapter, crossing))
        # every format rendered before any is written: a template that fails (or Ctrl-C) leaves
        # the last report set as it was, never a new report.md beside an old report.html
        rendered = {}
        for fmt in formats:
            rendered[fmt] = _render(fmt, view, templates)
            advance(1)
        written = {fmt: write_atomic(folder / f"report.{fmt}", rendered[fmt]) for fmt in formats}
        matrices = files.written()
    return ReportFiles(written, matrices, len(conclusions), extra)


def _grouping(config: ProjectConfig, cases):
    """How the report groups its informants ([report] group_by, or many of them), if it does."""
    from qualcode.project import setting_line
    from qualcode.report.grouping import report_grouping

    line = setting_line(config, "report", "group_by") if config.group_by else None
    return report_grouping(cases, config.group_by, config.config_path, line)


FIGURES = (("heatmap", "figure_heatmap"), ("bars", "figure_bars"), ("network:png", "figure_network"))


def _write_evidence(conclusions, segments, language: str, folder: Path) -> Path:
    """reports/evidence.xlsx: each assertion's supporting and contrary segments, in words."""
    from qualcode.display.xlsx_book import table_book
    from qualcode.report.evidence_book import evidence_sheet

    return write_atomic(folder / "evidence.xlsx", table_book([evidence_sheet(conclusions, segments, language)]))


def _figures(written: dict[str, Path], t: dict[str, str], displays: dict, folder: Path,
             chapter: int | None = None, crossing: bool = False) -> tuple:
    """The figures drawn, captioned in the report's wording `t` (the view's), each with its
    path relative to the report's `folder`; `crossing`: the heat map has cross-cutting codes
    beside the dimensions (its caption says so, as the matrix's does)."""
    from qualcode.display.base import HEATMAP_ROWS
    from qualcode.report.context import numbered_as
    from qualcode.report.view import Figure

    present = [(key, caption) for key, caption in FIGURES if key in written]
    heatmap = displays.get("case_by_dimension")
    cases = len(heatmap.table) if heatmap is not None else 0
    grouped_by = heatmap.parameters.get("grouped_by") if heatmap is not None else None
    figures = []
    for k, (key, caption) in enumerate(present, start=1):
        n = numbered_as(k, chapter)
        if key == "heatmap" and grouped_by:  # the groups of many informants
            text = t["figure_heatmap_grouped"].format(n=n, attribute=grouped_by)
        elif key == "heatmap" and cases > HEATMAP_ROWS:  # the heat map drew only some rows
            text = t["figure_heatmap_some"].format(n=n, shown=HEATMAP_ROWS, cases=cases)
        elif key == "heatmap" and crossing:
            text = t["figure_heatmap_cross"].format(n=n)
        else:
            text = t[caption].format(n=n)
        try:
            path = Path(os.path.relpath(written[key], folder)).as_posix()
        except ValueError:  # another drive (Windows): no relative path to link
            path = ""
        figures.append(Figure(text, written[key].read_bytes(), path))
    return tuple(figures)


def _render(fmt: str, view, templates: Path) -> bytes | str:
    renderer = import_module(RENDERERS[fmt])
    if fmt == "md":
        return renderer.render_markdown(view, templates)
    if fmt == "html":
        return renderer.render_html(view, templates)
    return renderer.docx_bytes(view)
