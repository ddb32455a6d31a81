"""Several processes writing to one project: no lost write, no corruption, and a lock that
is held too long is one clear line naming who waited and who holds it."""

from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path

import pytest

from qualcode.cli import app
from qualcode.errors import StoreBusy
from qualcode.project import load_config
from qualcode.store import Store

TINY_CODEBOOK = """name: tiny
codes:
  - {id: budget, kind: dimension, label: {id: Anggaran, en: Budget}, keywords: {id: [APBD], en: [budget]}}
  - {id: people, kind: dimension, label: {id: Warga, en: People}, keywords: {id: [warga], en: [citizen]}}
  - {id: tech, kind: dimension, label: {id: Teknologi, en: Technology}, keywords: {id: [aplikasi], en: [app]}}
"""
CODES = ("budget", "people", "tech")
CODERS = ("ani", "budi", "citra")
WRITES_EACH = 120


@pytest.fixture
def shared_project(demo_project: Path) -> Path:
    """The demo corpus, ingested, with a three-code codebook (so each write is quick)."""
    from qualcode.workflow import ingest

    (demo_project / "codebooks" / "smart-city.yaml").write_text(TINY_CODEBOOK, encoding="utf-8")
    ingest(load_config(demo_project))
    return demo_project


def _targets(project: Path) -> list[tuple[str, int, str]]:
    with Store(project / ".qualcode" / "project.db") as store:
        segments = [s for source in store.sources() for s in source.segments if s.codable]
    pairs = [(s.source_id, s.ordinal, code) for s in segments for code in CODES]
    assert len(pairs) >= WRITES_EACH
    return pairs[:WRITES_EACH]


def _code_as(project: str, coder: str, targets: list, start, failures) -> None:
    """One coder: `qualcode code add` through the workflow, once per target."""
    from qualcode.workflow import add_coding

    config = load_config(Path(project))
    start.wait()
    try:
        # each coder walks the targets from a different point, so they collide on segments
        offset = CODERS.index(coder) * len(targets) // len(CODERS)
        for source_id, ordinal, code in targets[offset:] + targets[:offset]:
            add_coding(config, source_id, code, ordinal, coder=coder, memo=f"{coder} {ordinal}")
    except BaseException as exc:  # report, do not hang the parent
        failures.put(f"{coder}: {exc!r}")
        raise


def test_three_coders_writing_at_once_lose_nothing(shared_project: Path, monkeypatch):
    monkeypatch.setenv("QUALCODE_BUSY_TIMEOUT", "60")
    targets = _targets(shared_project)
    context = multiprocessing.get_context("fork")
    start, failures = context.Event(), context.Queue()
    workers = [context.Process(target=_code_as, args=(str(shared_project), coder, targets, start, failures))
               for coder in CODERS]
    for worker in workers:
        worker.start()
    start.set()
    for worker in workers:
        worker.join(timeout=120)
    assert failures.empty(), failures.get()
    assert [w.exitcode for w in workers] == [0, 0, 0]

    db = shared_project / ".qualcode" / "project.db"
    raw = sqlite3.connect(db)
    assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    by_coder = dict(raw.execute(
        "SELECT coder, COUNT(*) FROM codings WHERE status = 'accepted' GROUP BY coder").fetchall())
    decisions = dict(raw.execute("SELECT coder, COUNT(*) FROM decisions GROUP BY coder").fetchall())
    memos = raw.execute("SELECT COUNT(*) FROM codings WHERE memo IS NOT NULL").fetchone()[0]
    raw.close()
    assert by_coder == {coder: WRITES_EACH for coder in CODERS}
    assert decisions == {coder: WRITES_EACH for coder in CODERS}
    assert memos == WRITES_EACH * len(CODERS)
    with Store(db) as store:
        assert store.written_by is not None
    assert not (db.parent / "writer.json").exists()


def test_a_lock_held_too_long_is_one_line_naming_both_operations(shared_project, runner, monkeypatch):
    monkeypatch.setenv("QUALCODE_BUSY_TIMEOUT", "0.3")
    [(source_id, ordinal, code)] = _targets(shared_project)[:1]
    db = shared_project / ".qualcode" / "project.db"
    with Store(db) as holder, holder.transaction("qualcode run"):
        result = runner.invoke(app, ["--project", str(shared_project), "code", "add", source_id,
                                     "--code", code, "--segment", str(ordinal)])
    assert isinstance(result.exception, SystemExit) and result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output
    assert "`qualcode code add` waited 0.3s" in lines[0]
    assert "`qualcode run` (pid" in lines[0]
    assert "database is locked" not in lines[0]
    with Store(db) as store:
        assert store.codings() == []  # the waiting write was not half-made either


def test_the_wait_is_bounded_in_the_workflow_too(shared_project, monkeypatch):
    monkeypatch.setenv("QUALCODE_BUSY_TIMEOUT", "0.2")
    db = shared_project / ".qualcode" / "project.db"
    with Store(db) as holder, holder.transaction("qualcode ingest"):
        with Store(db) as waiter, pytest.raises(StoreBusy, match="`remove a coding` waited 0.2s"):
            with waiter.transaction("remove a coding"):
                pass


@pytest.mark.parametrize("error, said, unsaid", [
    ("database is locked", "waited too long for the project store", "database is locked"),
    ("attempt to write a readonly database",
     "cannot be written (it, its folder, or the -wal and -shm files beside it are read-only)", "attempt"),
])
def test_friendly_turns_a_bare_store_error_into_one_line(capsys, error, said, unsaid, tmp_path, monkeypatch):
    import typer

    monkeypatch.chdir(tmp_path)  # no project here: the message cannot look at its files

    from qualcode.cli.common import friendly

    @friendly
    def command():
        raise sqlite3.OperationalError(error)

    with pytest.raises(typer.Exit) as exit_info:
        command()
    assert exit_info.value.exit_code == 1
    printed = capsys.readouterr().err.strip().splitlines()
    assert len(printed) == 1
    assert said in printed[0] and unsaid not in printed[0]


def _open_store(path: str, start, failures) -> None:
    start.wait()
    try:
        with Store(Path(path)) as store:
            assert store.schema_version > 1
    except BaseException as exc:
        failures.put(repr(exc))
        raise


def test_processes_opening_an_old_store_at_once_migrate_it_once(tmp_path):
    from qualcode.store.schema import MIGRATIONS
    from tests.test_crash_safety import _early_store

    path = tmp_path / ".qualcode" / "project.db"
    path.parent.mkdir()
    _early_store(path)
    context = multiprocessing.get_context("fork")
    start, failures = context.Event(), context.Queue()
    workers = [context.Process(target=_open_store, args=(str(path), start, failures)) for _ in range(3)]
    for worker in workers:
        worker.start()
    start.set()
    for worker in workers:
        worker.join(timeout=60)
    assert failures.empty(), failures.get()
    assert [w.exitcode for w in workers] == [0, 0, 0]
    with Store(path) as store:
        assert store.schema_version == len(MIGRATIONS)
        assert len(store.codings()) == 1
    assert sorted(p.name for p in path.parent.glob("*backup*")) == ["backup-1.db"]
    old = sqlite3.connect(path.parent / "backup-1.db")
    assert old.execute("PRAGMA user_version").fetchone()[0] == 1
    old.close()
