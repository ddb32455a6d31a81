"""Declared displays (displays.yaml): build them, write CSV/XLSX and charts, drill into a cell."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

from qualcode.errors import InputError, QualcodeError
from qualcode.project import ProjectConfig
from qualcode.workflow.display_specs import (GROUPED_NAME, GROUPED_NAMES, DisplayEntry, by_role,
                                              check_display_codes, declared_displays)
from qualcode.workflow.judgments import judgment_options

def build_one(entry: DisplayEntry, inputs, extra: dict | None = None):
    from qualcode.display.catalogue import build
    from qualcode.display.spec import DisplaySpecError
    from qualcode.display.time_ordered import NoDatesError

    try:
        return build(entry.kind, inputs.codings, inputs.segments, inputs.cases, inputs.codebook,
                     {**entry.options, **(extra or {})})
    except NoDatesError:
        return None
    except DisplaySpecError as exc:
        if entry.where is None:
            raise
        raise InputError(entry.where, f"display {entry.name!r}: {exc}", line=entry.line) from None


def build_all(config: ProjectConfig, inputs, charts: frozenset[str] | None = None,
              on_built: Callable[[str, object], None] | None = None) -> dict:
    """name -> Display for every declared display; with `charts`, only those that make one
    of these charts (`chart_of`). Skipped: a time-ordered display without dates, and one
    grouped by role, or a checklist by role, where no informant has a role (a table's rows): a
    single column of "no role" that repeats the total. `on_built(name, display)` is told of each as it is built."""
    from qualcode.display.coded import shared_lookups

    built = {}
    roles = _any_role(inputs.cases)
    with shared_lookups():  # the displays join the same codings to the same segments
        for entry in check_display_codes(config, inputs.codebook):
            if charts is not None and chart_of(entry.name, entry.kind) not in charts:
                continue
            if not roles and by_role(entry):
                continue
            display = build_one(entry, inputs, judgment_options(config, entry.name, entry.kind, entry.options))
            if display is not None:
                built[entry.name] = display
                if on_built is not None:
                    on_built(entry.name, display)
    return built


def _any_role(cases) -> bool:
    """Does any informant have a role?"""
    if "role" not in cases.columns:
        return False
    roles = cases["role"].dropna().astype(str).str.strip()
    return bool((roles != "").any())


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
                   folder: Path | None = None, segments=None) -> dict[str, Path]:
    """CSV (+ evidence) per display and one XLSX workbook in reports/matrices/ (quoting
    `segments`, the inputs' frame, beside its case matrices); charts and the co-occurrence
    network (PNG, DOT, Mermaid) in reports/figures/."""
    from qualcode.workflow.display_files import DisplayFiles

    files = DisplayFiles(config, language, folder, displays=displays, background=False, segments=segments)
    return files.written()


def worded_display(config: ProjectConfig, display) -> tuple[list, list[list], tuple[str, ...]]:
    """One display's header, rows and notes in the project's language, code labels for ids
    (what `display show` prints for people; its CSV and JSON keep the ids, for scripts)."""
    from qualcode.codebook import load_codebook
    from qualcode.display.base import code_labels
    from qualcode.display.export import worded_table

    labels = code_labels(load_codebook(config.codebook_path), config.language)
    return worded_table(display, config.language, labels)


def worded_notes(config: ProjectConfig, display) -> tuple[str, ...]:
    """A display's notes for people, whatever format its table takes: in the project's
    language, code labels for ids."""
    from qualcode.codebook import load_codebook
    from qualcode.display.base import code_labels

    return display.note_texts(config.language, code_labels(load_codebook(config.codebook_path), config.language))


def display_html(config: ProjectConfig, display) -> str:
    """One display as a page of its own, worded in the project's language (`display show`)."""
    from qualcode.codebook import load_codebook
    from qualcode.display.base import code_labels
    from qualcode.display.html_page import display_page

    labels = code_labels(load_codebook(config.codebook_path), config.language)
    return display_page(display, config.language, labels, config.name, config.description_in(config.language))


def display_workbook(config: ProjectConfig, display) -> bytes:
    """One display as an XLSX workbook, worded in the project's language (`display show`)."""
    from qualcode.codebook import load_codebook
    from qualcode.display.xlsx_book import xlsx_bytes

    return xlsx_bytes([display], language=config.language, codebook=load_codebook(config.codebook_path))


def analysis_inputs(config: ProjectConfig, reviewed_only: bool = False, coder: str | None = None):
    """What displays, conclusions and reports read (pipeline.AnalysisInputs); `coder` counts
    only that coder's accepted codings. Read with the store's bulk queries: no Coding or
    Segment object per row (a test holds the frames equal to those typed reads make)."""
    from collections import Counter

    from qualcode.codebook import load_codebook
    from qualcode.display.frames import (cases_frame, codings_frame_from_rows, dated_by_case,
                                         segments_frame_from_rows)
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
            titles = store.source_titles()
            table_rows = store.table_reads()
            # with --coder, only that coder's acceptances count: no other coder's can overrule
            rejected = {who: (n, 0 if coder else overruled)
                        for who, (n, overruled) in store.rejection_counts().items() if coder is None or who == coder}
        # codings on codes the codebook no longer has count in no display or finding, so
        # not in the report's totals either (`status` names them, and rename brings them back)
        known = {code.id for code in codebook.codes}
        if not {code_id for _, code_id, *_ in codings} <= known:
            codings = [row for row in codings if row[1] in known]
        status_counts = dict(Counter(status for _, _, _, _, status, *_ in codings))
        segments = dated_by_case(segments_frame_from_rows(segments), cases)
        return AnalysisInputs(codebook, segments, codings_frame_from_rows(codings, segments["segment_id"]),
                              cases_frame(cases), status_counts, memos, titles, table_rows, rejected)


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


def checked_inputs(config: ProjectConfig, reviewed_only: bool, coder: str | None):
    """The analysis inputs; with `coder`, only that coder's accepted codings count (e.g. the
    consensus written by `agree resolve`); with `reviewed_only`, only people's accepted
    codings. Either, with none to count, is refused: every figure would be a zero."""
    if (coder or reviewed_only) and config.store_path.exists():
        from qualcode.store import Store

        with Store(config.store_path) as store:
            coders = store.coders()
            accepted = store.accepted_by(coder) if coder in coders else store.accepted_by()
        if coder and coder not in coders:
            raise QualcodeError(f"no codings by {coder!r}; coders here: {', '.join(coders) or 'none'}")
        if coder and not accepted:  # the machine, say, or a coder who only rejected: nothing would count
            raise QualcodeError(f"{coder!r} has accepted no coding, so nothing would count; coders here: "
                                f"{', '.join(coders)}")
        if not accepted:
            raise QualcodeError("--reviewed-only: no coding has been accepted yet, so nothing would count; "
                                "review the suggestions (`qualcode code review`) or code by hand first")
    return analysis_inputs(config, reviewed_only, coder)


def show_display(config: ProjectConfig, name_or_kind: str, reviewed_only: bool = False,
                 options: dict | None = None, coder: str | None = None):
    """A declared display by name, or any kind built ad hoc with `options`; with `coder`, from
    that coder's accepted codings only."""
    from qualcode.display.catalogue import KINDS

    entries = {e.name: e for e in declared_displays(config)}
    known = [*entries, *sorted(set(KINDS) - set(entries))]
    name_or_kind = _display_named(name_or_kind, known)
    grouped = GROUPED_NAME.fullmatch(name_or_kind)
    if name_or_kind in entries:
        entry = entries[name_or_kind]
    elif name_or_kind in KINDS:
        entry = DisplayEntry(name_or_kind, name_or_kind, {})
    elif grouped:  # as the report names a table grouped by another attribute (summary_by_kecamatan)
        entry = DisplayEntry(name_or_kind, GROUPED_NAMES[grouped.group(1)], {"group_by": grouped.group(2)})
    else:
        from qualcode.textrules import did_you_mean

        raise QualcodeError(f"no display {name_or_kind!r}{did_you_mean(name_or_kind, known)}; "
                            f"declared: {', '.join(entries)}; kinds: {', '.join(sorted(KINDS))}")
    inputs = checked_inputs(config, reviewed_only, coder)
    extra = judgment_options(config, entry.name, entry.kind, {**entry.options, **(options or {})})
    display = build_one(entry, inputs, {**extra, **(options or {})})
    if display is None:
        raise QualcodeError(f"{name_or_kind}: no source or segment carries a date or timestamp")
    return display


def _display_named(typed: str, known: list[str]) -> str:
    """The display or kind `typed` names: as written, or the one it is but for capitals and
    hyphens for underscores (`case-by-code` is case_by_code); else as typed."""
    if typed in known:
        return typed
    same = [name for name in known if name.casefold().replace("-", "_") == typed.casefold().replace("-", "_")]
    return same[0] if len(same) == 1 else typed


def build_and_write(config: ProjectConfig, language: str | None = None,
                    reviewed_only: bool = False, coder: str | None = None) -> dict[str, Path]:
    inputs = checked_inputs(config, reviewed_only, coder)
    return write_displays(config, build_all(config, inputs), language or config.language, segments=inputs.segments)
