"""`qualcode run`: ingest, auto-code, then report, the report's process started first.

Building a report imports pandas, matplotlib, python-docx, openpyxl, networkx and scipy,
and compiles its templates. On a small project that takes longer than building it: on the
demonstration project, about one and a half of the report's three seconds. None of it
depends on the coding. So, with fork and more than one CPU, `run` forks a child before it
ingests; the child does all that (`qualcode.workflow.reporting.prepare_report`) while this
process ingests and codes, then waits. When the coding ends first (a rerun, where little is
coded again), the child has the charts' worker import matplotlib and networkx beside its own
imports, rather than after them. Once the coding is committed, this process tells it
to go; the child builds the report from the store and relays its progress.

The child touches nothing (store or files) before it is told to go, so a bad file or
Ctrl-C while coding leaves everything as it would without it. If the child cannot be
started, or ends without a report (it failed, met an error, or died), the report is built
here instead: the result is the same either way, and so is any error the user sees, only
the time differs (building a report writes whole files, so doing it again is safe).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from qualcode.display.background import (
    CHILD_GRACE_SECONDS, can_fork, fresh_streams_after_fork, interrupts_held, stop_child, take_interrupts,
)
from qualcode.project import ProjectConfig
from qualcode.store import Store
from qualcode.workflow.ingest_files import all_imported
from qualcode.workflow.ingesting import IngestReport
from qualcode.workflow.pipeline import CodeReport, code_auto
from qualcode.workflow.stages import StageHook, _quiet

if TYPE_CHECKING:
    from qualcode.workflow.reporting import ReportFiles

# The report is built ahead only with this many CPUs: on one, the child's imports would
# take their time from the coding.
AHEAD_MIN_CPUS = 2


@dataclass(frozen=True)
class RunSummary:
    ingest: IngestReport
    coding: CodeReport
    report: "ReportFiles"


def run(config: ProjectConfig, language: str | None = None, reviewed_only: bool = False,
        on_stage: StageHook = _quiet, jobs: int = 1) -> RunSummary:
    """Ingest, auto-code, display, conclude and report, each stage committed as it finishes.
    `jobs` as for `ingest_and_code`."""
    from qualcode.workflow.overlap import ingest_and_code

    check_inputs(config)
    report = ReportAhead(config, language, reviewed_only)
    try:
        if not config.transcript_files() and all_imported(Store.peek_sources(config.store_path)):
            # sources came from an import (e.g. QDPX), not from files
            with Store(config.store_path) as store:
                counts = store.counts()
            ingested = IngestReport(cases=counts["cases"], imported=counts["sources"])
            coded = code_auto(config, on_stage=on_stage, jobs=jobs)
        else:
            ingested, coded = ingest_and_code(config, jobs, on_stage=on_stage)
        return RunSummary(ingested, coded, report.build(on_stage))
    finally:
        report.close()


def check_inputs(config: ProjectConfig) -> None:
    """Read the files the coding and the report read besides the store (the codebook,
    displays.yaml and the codes it names, the analyst's summaries and ratings) before
    anything is written: an error in one is reported (with its file and line) with the
    store as it was, not after the ingest and the coding have committed."""
    from qualcode.codebook import load_codebook
    from qualcode.workflow.display_specs import check_display_codes
    from qualcode.workflow.judgments import judgment_options, load_summaries

    for entry in check_display_codes(config, load_codebook(config.codebook_path)):
        judgment_options(config, entry.name, entry.kind, entry.options)
    load_summaries(config)


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class ReportAhead:
    """A child that imports what a report needs now, and builds the report when `build` is
    called; without one (no fork, one CPU, or no process to be had), `build` builds it here."""

    def __init__(self, config: ProjectConfig, language: str | None, reviewed_only: bool):
        self.args = (config, language, reviewed_only)
        self.child = self.conn = None
        if not can_fork() or _cpus() < AHEAD_MIN_CPUS:
            return
        fresh_streams_after_fork()
        context = multiprocessing.get_context("fork")
        self.conn, theirs = context.Pipe()
        # Not a daemon: the report's own display workers are the child's children.
        child = context.Process(target=_report_in_child, args=(theirs, self.conn, *self.args), daemon=False)
        try:
            with interrupts_held():
                child.start()
        except OSError:
            self.conn.close()
            self.conn = None
        else:
            self.child = child
        finally:
            theirs.close()

    def build(self, on_stage: StageHook) -> "ReportFiles":
        if self.conn is not None:
            try:
                self.conn.send("go")
                advance: Callable[[int], None] = lambda n: None  # noqa: E731
                while True:
                    kind, value = self.conn.recv()
                    if kind == "stage":
                        advance = on_stage(*value)
                    elif kind == "advance":
                        advance(value)
                    elif kind == "done":
                        self.close(finished=True)
                        return value
            except (EOFError, OSError):
                self.close(finished=True)  # the child ended without a report: build it here
            finally:
                self.close()  # this process was interrupted (or failed) first: stop the child
        from qualcode.workflow.reporting import build_report

        return build_report(*self.args, on_stage=on_stage)

    def close(self, finished: bool = False) -> None:
        """Stop the child if it still runs (this process failed or was interrupted first).
        A `finished` child (it sent its report, or ended) is given time to exit first."""
        child, self.child = self.child, None
        if self.conn is not None:
            self.conn.close()
            self.conn = None
        if child is not None:
            if finished:
                child.join(CHILD_GRACE_SECONDS)
            stop_child(child)


def _report_in_child(conn, parents_end, config: ProjectConfig, language: str | None,
                     reviewed_only: bool) -> None:
    try:
        _build_report_in_child(conn, parents_end, config, language, reviewed_only)
    except KeyboardInterrupt:
        # a Ctrl-C that came just as the child was finishing, before it could ignore the next
        # one: without this, multiprocessing prints the child's traceback under the
        # parent's own "interrupted" line
        pass


def _build_report_in_child(conn, parents_end, config: ProjectConfig, language: str | None,
                           reviewed_only: bool) -> None:
    # The parent's end, inherited, is closed here: otherwise it would keep the pipe open
    # after the parent died, and this process would wait for "go" for ever.
    parents_end.close()
    files = None
    try:
        # Ctrl-C must reach the child as KeyboardInterrupt (so that a report under way stops
        # as it would in the parent), whatever the parent had done with SIGINT.
        take_interrupts()
        from qualcode.workflow.reporting import build_report, prepare_report

        files = prepare_report(config, language, awaited=conn.poll)  # "go" waiting: hurry
        if conn.recv() != "go":
            return

        def on_stage(name: str, total: int | None) -> Callable[[int], None]:
            conn.send(("stage", (name, total)))
            return lambda n: conn.send(("advance", n))

        conn.send(("done", build_report(config, language, reviewed_only, on_stage=on_stage,
                                        display_files=files)))
    except BaseException:  # noqa: BLE001 - any failure: the parent builds the report, and meets it
        pass
    finally:
        # done: a late Ctrl-C (or the parent's stop_child) must not interrupt the clean-up
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if files is not None:
            files.close()
        conn.close()
