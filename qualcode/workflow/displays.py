"""Declared displays (displays.yaml): build them, write CSV/XLSX and charts, drill into a cell."""

from __future__ import annotations

import gc
import re
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Callable

from qualcode.errors import InputError, QualcodeError
from qualcode.project import ProjectConfig
from qualcode.workflow.judgments import judgment_options
from qualcode.yamlerrors import safe_load

DISPLAYS_FILE = "displays.yaml"


@dataclass(frozen=True)
class DisplayEntry:
    name: str
    kind: str
    options: dict
    where: Path | None = None  # the displays.yaml it is declared in, and its line there
    line: int | None = None


def shipped_displays_text() -> str:
    return resources.files("qualcode").joinpath("data/displays.yaml").read_text(encoding="utf-8")


def _displays_file(config: ProjectConfig) -> tuple[str, Path]:
    """(text, where it is from): the project's displays.yaml, or the shipped one."""
    from qualcode.ingest.decode import decode_yaml, read_input

    path = config.root / DISPLAYS_FILE
    if path.exists():  # a folder or an unreadable file is said so, not passed over for the shipped one
        return decode_yaml(read_input(path, "display list (YAML file)"), path), path
    return shipped_displays_text(), Path("qualcode/data/displays.yaml")


def declared_displays(config: ProjectConfig) -> list[DisplayEntry]:
    """The project's displays.yaml, or the shipped one when the project has none."""
    return _entries(*_displays_file(config))


def listed_displays(config: ProjectConfig) -> list[tuple[DisplayEntry, str | None]]:
    """`display list`: each declared display, and why it is left out, if it is (one of
    qualcode's own, as `init` wrote them, that does not fit the project's codebook)."""
    from qualcode.codebook import load_codebook

    text, where = _displays_file(config)
    entries = _entries(text, where)
    if text != shipped_displays_text():
        return [(entry, None) for entry in entries]
    codebook = load_codebook(config.codebook_path)
    return [(entry, _misfit(entry, codebook)) for entry in entries]


def _entries(text: str, where: Path) -> list[DisplayEntry]:
    data = safe_load(text, where, unique_keys=True) or {}
    items = data.get("displays") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise InputError(where, "needs a `displays:` list")
    entries, seen = [], set()
    from qualcode.display.catalogue import KINDS

    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict) or "name" not in item or "kind" not in item:
            raise InputError(where, f"display #{number} needs a name and a kind")
        name, kind = item["name"], str(item["kind"])
        line = _line_of_display(text, str(name))
        # the name becomes the file names of the display's CSVs and charts: a plain name only
        if not isinstance(name, str) or not _SAFE_NAME.match(name):
            raise InputError(where, f"display #{number}: name {name!r} must be a plain name (letters, "
                                    "digits, _ . -), since it names the display's files", line=line)
        if kind not in KINDS:
            raise InputError(where, f"display {name!r}: unknown kind {kind!r}; use {', '.join(sorted(KINDS))}",
                             line=line)
        if name in seen:
            raise InputError(where, f"display {name!r} is declared twice", line=line)
        seen.add(name)
        entries.append(DisplayEntry(name, kind, {k: v for k, v in item.items() if k != "kind"}, where, line))
    return entries


# A display's name names its files (name.csv, name_evidence.csv): no folders, nothing hidden
_SAFE_NAME = re.compile(r"^\w[\w.-]*$")


# Display options that name codes, and the kinds whose `dimension` must have subcodes (its rows)
CODE_OPTIONS = ("dimension", "codes", "columns")
COLUMN_WORDS = ("dimensions", "framework")
# a checklist's `columns` names a case attribute (role, district …), not codes
COLUMNS_NAME_AN_ATTRIBUTE = ("checklist",)
NEEDS_SUBCODES = ("checklist", "clustered", "summary_table")


def check_display_codes(config: ProjectConfig, codebook) -> list[DisplayEntry]:
    """The declared displays, once every code they name is found in the codebook (and a
    dimension whose subcodes are a display's rows has some): else one line naming
    displays.yaml and the display's line. `run` checks this before it writes anything;
    building the display would meet it only after the ingest and the coding, as a project
    that changed its codebook after `qualcode init` did. qualcode's own displays, as `init`
    wrote them and never edited, are made for the shipped codebook: those that do not fit
    the project's are left out, not an error the user did not write."""
    text, where = _displays_file(config)
    entries = _entries(text, where)
    untouched = text == shipped_displays_text()
    fitting = []
    for entry in entries:
        problem = _misfit(entry, codebook)
        if problem is None:
            fitting.append(entry)
        elif not untouched:
            fix = ("change the display or remove it" if where == config.root / DISPLAYS_FILE else
                   f"the project has no {DISPLAYS_FILE}, so qualcode's own are used: write one without it")
            raise InputError(where, f"display {entry.name!r}: {problem}; {fix}",
                             line=_line_of_display(text, entry.name))
    return fitting


def _misfit(entry: DisplayEntry, codebook) -> str | None:
    """Why a display does not fit the codebook (a code it names is not there, or a dimension
    whose subcodes make its rows has none), or None."""
    known = codebook.by_id()
    for option in CODE_OPTIONS:
        value = entry.options.get(option)
        named = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        for code in map(str, named):
            if option == "columns" and (code in COLUMN_WORDS or entry.kind in COLUMNS_NAME_AN_ATTRIBUTE):
                continue
            needs_subcodes = option == "dimension" and entry.kind in NEEDS_SUBCODES
            if code not in known:
                problem = f"{option} names {code!r}, which the codebook does not have"
            elif needs_subcodes and not codebook.children(code):
                problem = f"its dimension {code!r} has no subcodes in the codebook to make its rows"
            else:
                continue
            return problem + (_could_name(codebook, needs_subcodes) if option == "dimension" else "")
    return None


def _could_name(codebook, needs_subcodes: bool) -> str:
    """The codes a display's `dimension` could name instead: those with subcodes, or the
    top-level ones."""
    parents = {code.parent for code in codebook.codes}
    fits = [code.id for code in codebook.codes if (code.id in parents if needs_subcodes else not code.parent)]
    if not fits:
        return " (no code of the codebook has subcodes)"
    return f" (codes it could name: {', '.join(fits[:8])}{', …' if len(fits) > 8 else ''})"


def _line_of_display(text: str, name: str) -> int | None:
    found = re.search(rf"^[ \t-]*name:[ \t]*['\"]?{re.escape(name)}['\"]?[ \t]*(#.*)?$", text, re.MULTILINE)
    return text.count("\n", 0, found.start()) + 1 if found else None


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


# Kinds whose columns are the groups of `group_by` (role unless said otherwise)
GROUPED_KINDS = frozenset({"summary_table", "prevalence"})
# The names those kinds take by default (`summary_by_kecamatan`): each is its kind and group
GROUPED_NAMES = {"summary": "summary_table", "prevalence": "prevalence"}
GROUPED_NAME = re.compile(r"(summary|prevalence)_by_(\w+)")


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
            if not roles and _by_role(entry):
                continue
            display = build_one(entry, inputs, judgment_options(config, entry.name, entry.kind, entry.options))
            if display is not None:
                built[entry.name] = display
                if on_built is not None:
                    on_built(entry.name, display)
    return built


def _by_role(entry: DisplayEntry) -> bool:
    """Are the display's columns the informants' roles (a grouped table, or a checklist)?"""
    if entry.kind in GROUPED_KINDS:
        return entry.options.get("group_by", "role") == "role"
    return entry.kind == "checklist" and entry.options.get("columns", "role") == "role"


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
