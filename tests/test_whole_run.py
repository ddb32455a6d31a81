"""`qualcode run` builds its report in a child forked as it starts (`ReportAhead`), which
imports what the report needs while this process codes. What a user sees must not change:
the same files, the same progress, the same one-line errors, no process left behind."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import subprocess
import sys

import pytest

from qualcode.display.background import can_fork
from qualcode.errors import QualcodeError
from qualcode.project import load_config
from qualcode.workflow import display_files, reporting, whole_run
from tests.conftest import NoProcesses, pids_calling, recording_hook

pytestmark = pytest.mark.skipif(not can_fork(), reason="the report is built ahead only with fork")


@pytest.fixture(autouse=True)
def ahead_on_any_machine(monkeypatch):
    """Build ahead whatever the CPUs of the machine running the tests."""
    monkeypatch.setattr(whole_run, "AHEAD_MIN_CPUS", 1)


def _pids_that_report(monkeypatch, tmp_path):
    """Make every build_report (here or in the child) note its process id in a file."""
    return pids_calling(monkeypatch, reporting, "build_report", tmp_path / "report-pids.txt")


def _report_files(folder) -> dict[str, bytes]:
    reports = folder / "reports"
    return {str(path.relative_to(reports)): path.read_bytes()
            for path in sorted(reports.rglob("*")) if path.is_file()}


def test_the_child_builds_the_report_this_process_would(demo_project, tmp_path, monkeypatch):
    other = tmp_path / "other"
    shutil.copytree(demo_project, other)
    pids = _pids_that_report(monkeypatch, tmp_path)
    seen_ahead: list = []
    ahead = whole_run.run(load_config(demo_project), on_stage=recording_hook(seen_ahead))
    assert len(pids()) == 1 and pids()[0] != os.getpid()
    assert not multiprocessing.active_children()

    monkeypatch.setattr(whole_run, "AHEAD_MIN_CPUS", 10_000)  # as on a machine of one CPU
    seen_here: list = []
    here = whole_run.run(load_config(other), on_stage=recording_hook(seen_here))
    assert pids()[1:] == [os.getpid()]
    # byte for byte the same report, matrices, figures and conclusions
    files = _report_files(demo_project)
    assert {"report.md", "report.html", "report.docx", "conclusions.json"} <= set(files)
    assert files == _report_files(other)
    # the child's progress reached this process's hook, stage by stage, as it would here
    assert seen_ahead == seen_here and ("report", 3) in seen_ahead
    assert here.report.assertions == ahead.report.assertions > 0
    assert {fmt: path.name for fmt, path in ahead.report.reports.items()} == {
        fmt: path.name for fmt, path in here.report.reports.items()}


def test_a_child_awaited_before_its_imports_are_done_builds_the_same_report(demo_project, tmp_path,
                                                                            monkeypatch):
    """A rerun codes little, so "go" can come while the child still imports: it then starts
    the charts' worker at once, to import matplotlib beside it. The report is the same."""
    other = tmp_path / "other"
    shutil.copytree(demo_project, other)
    preparing = reporting.prepare_report
    prepared: list = []

    def awaited_at_once(config, language=None, awaited=None):
        files = preparing(config, language, awaited=lambda: True)
        prepared.append(files is not None and files.charts_in_background)
        if os.getpid() != parent:  # the child's answer, for this process to read
            (tmp_path / "early.txt").write_text(str(prepared[-1]), encoding="utf-8")
        return files

    parent = os.getpid()
    monkeypatch.setattr(reporting, "prepare_report", awaited_at_once)
    # as in `qualcode run`'s child, which has not imported matplotlib (this test process may have)
    monkeypatch.setattr(display_files, "drawing_imported", lambda: False)
    whole_run.run(load_config(demo_project))
    assert (tmp_path / "early.txt").read_text(encoding="utf-8") == "True"
    assert not multiprocessing.active_children()
    monkeypatch.setattr(whole_run, "AHEAD_MIN_CPUS", 10_000)  # built here, as on one CPU
    whole_run.run(load_config(other))
    assert _report_files(demo_project) == _report_files(other)


PREPARED = """
import sys
from pathlib import Path
from qualcode.project import load_config
from qualcode.workflow.reporting import prepare_report
files = prepare_report(load_config(Path(sys.argv[1])), awaited=lambda: sys.argv[2] == "awaited")
drawing = [m for m in ("matplotlib", "networkx") if m in sys.modules]
worker = files is not None and files.charts_in_background
if files is not None:
    files.close()
print(",".join(drawing) or "-", worker, "pandas" in sys.modules and "docx" in sys.modules)
"""


@pytest.mark.parametrize("awaited", [False, True])
def test_what_is_prepared_ahead_and_where(demo_project, awaited):
    """Not awaited, the child imports all a report needs itself; awaited, matplotlib and
    networkx are left to the charts' worker it starts."""
    done = subprocess.run([sys.executable, "-c", PREPARED, str(demo_project), "awaited" if awaited else "no"],
                          capture_output=True, text=True, check=True)
    drawing, worker, rest = done.stdout.split()
    assert rest == "True"
    assert (drawing, worker) == (("-", "True") if awaited else ("matplotlib,networkx", "False"))


def test_a_child_that_fails_leaves_the_report_to_this_process(demo_project, tmp_path, monkeypatch):
    parent = os.getpid()
    pids = _pids_that_report(monkeypatch, tmp_path)
    noting = reporting.build_report

    def failing_in_the_child(*args, **kwargs):
        result = noting(*args, **kwargs)
        if os.getpid() != parent:
            raise RuntimeError("the child fails after writing the report")
        return result

    monkeypatch.setattr(reporting, "build_report", failing_in_the_child)
    summary = whole_run.run(load_config(demo_project))
    assert len(pids()) == 2 and pids()[0] != parent and pids()[1] == parent
    assert summary.report.markdown.read_text(encoding="utf-8").startswith("#")
    assert not multiprocessing.active_children()


def test_a_stage_the_child_began_shows_once_when_this_process_does_it_again(demo_project, monkeypatch):
    """The child relays its stages as it begins them; when it then fails, this process begins
    them again. The progress display keeps one row per stage, restarted, not two."""
    import io

    from rich.console import Console

    from qualcode.cli.common import stage_progress

    parent = os.getpid()
    noting = reporting.build_report

    def failing_in_the_child(*args, **kwargs):
        result = noting(*args, **kwargs)  # its stages reach this process's display first
        if os.getpid() != parent:
            raise RuntimeError("the child fails after building the report")
        return result

    monkeypatch.setattr(reporting, "build_report", failing_in_the_child)
    progress, hook = stage_progress(Console(file=io.StringIO(), force_terminal=True, width=100))
    begun: list[str] = []

    def counting_hook(name, total):
        begun.append(name)
        return hook(name, total)

    with progress:
        whole_run.run(load_config(demo_project), on_stage=counting_hook)
    assert begun.count("report") == 2  # begun by the child, then here
    rows = [task.description for task in progress.tasks]
    assert rows == ["ingest", "code", "display", "conclude", "report"]
    assert all(task.finished for task in progress.tasks)


def test_a_child_that_dies_leaves_the_report_to_this_process(demo_project, monkeypatch):
    monkeypatch.setattr(whole_run, "_report_in_child", lambda *args: os._exit(3))
    summary = whole_run.run(load_config(demo_project))
    assert summary.report.docx.exists() and summary.coding.suggestions > 0


def test_a_ctrl_c_as_the_child_finishes_prints_no_traceback(monkeypatch):
    """A Ctrl-C that lands while the report's child is finishing (before it ignores the next)
    ends the child quietly: multiprocessing would print its traceback under "interrupted"."""
    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(whole_run, "_build_report_in_child", interrupted)
    assert whole_run._report_in_child(None, None, None, None, False) is None


def test_a_report_error_is_the_one_this_process_would_meet(demo_project, monkeypatch):
    (demo_project / "displays.yaml").write_text("displays:\n  - name: broken\n    kind: no_such_kind\n",
                                                encoding="utf-8")
    with pytest.raises(QualcodeError) as ahead:
        whole_run.run(load_config(demo_project))
    assert "no_such_kind" in str(ahead.value) and "displays.yaml" in str(ahead.value)
    assert not multiprocessing.active_children()
    monkeypatch.setattr(whole_run, "AHEAD_MIN_CPUS", 10_000)
    with pytest.raises(QualcodeError) as here:
        whole_run.run(load_config(demo_project))
    assert str(here.value) == str(ahead.value)


def test_a_bad_file_while_coding_stops_the_child_and_writes_no_report(demo_project, runner, monkeypatch):
    from qualcode.cli import app

    (demo_project / "transcripts" / "binary.txt").write_bytes(b"\x00\x01 not text")
    monkeypatch.chdir(demo_project)
    result = runner.invoke(app, ["run"])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "binary.txt" in lines[0] and "Traceback" not in result.output
    assert not multiprocessing.active_children()
    assert not (demo_project / "reports" / "report.md").exists()
    assert not (demo_project / ".qualcode" / "project.db").exists()


def test_the_child_ends_by_itself_when_this_process_is_gone(demo_project):
    """Killed outright, this process closes no pipe by hand: the child must see the pipe end
    (it holds no copy of this end) and exit rather than wait for "go" for ever."""
    ahead = whole_run.ReportAhead(load_config(demo_project), None, False)
    child = ahead.child
    assert child is not None
    ahead.conn.close()  # what dying does to this end; the child is neither told nor stopped
    child.join(60)
    assert not child.is_alive()
    assert not (demo_project / "reports" / "report.md").exists()


def test_without_a_process_to_fork_the_report_is_built_here(demo_project, tmp_path, monkeypatch):
    pids = _pids_that_report(monkeypatch, tmp_path)
    monkeypatch.setattr(whole_run.multiprocessing, "get_context", lambda method: NoProcesses)
    summary = whole_run.run(load_config(demo_project))
    assert pids() == [os.getpid()] and summary.report.markdown.exists()


def test_the_modules_imported_ahead_hold_the_reports_heavy_libraries():
    """What the child imports ahead is what costs a report its time: pandas, matplotlib,
    python-docx, XlsxWriter, networkx, scipy and jinja2 (and not spaCy, which is coding's; nor
    openpyxl, which reads workbooks)."""
    code = ("import sys; from importlib import import_module\n"
            "from qualcode.workflow.reporting import report_modules\n"
            "for module in report_modules(): import_module(module)\n"
            "print(' '.join(sorted(m for m in ('pandas', 'matplotlib', 'docx', 'xlsxwriter', 'openpyxl',"
            " 'networkx', 'scipy.sparse', 'jinja2', 'spacy') if m in sys.modules)))")
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.split() == ["docx", "jinja2", "matplotlib", "networkx", "pandas", "scipy.sparse",
                                    "xlsxwriter"]
