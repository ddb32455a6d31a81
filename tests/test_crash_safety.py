"""Crash safety: `qualcode run` killed with SIGKILL at several points leaves a sound store
holding the old or the new state of each stage, and running it again gives the same
matrices as a run nobody interrupted. Also: migrating an older store keeps a backup."""

from __future__ import annotations

import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import pytest

from qualcode import __version__
from qualcode.store import Store
from qualcode.store.schema import MIGRATIONS
from tests.conftest import REPO

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


def _corpus(folder: Path) -> Path:
    """The demo project plus a second copy of every transcript under a new name and case."""
    folder.mkdir()
    shutil.copy(REPO / "qualcode.toml", folder / "qualcode.toml")
    shutil.copytree(REPO / "transcripts", folder / "transcripts")
    (folder / "codebooks").mkdir()
    shutil.copy((REPO / "codebooks" / "smart-city.yaml").resolve(), folder / "codebooks" / "smart-city.yaml")
    for path in sorted((folder / "transcripts").glob("*.txt")):
        if path.name.lower().startswith("readme"):
            continue
        text = re.sub(r"(?m)^case: (.+)$", r"case: \1-kedua", path.read_text(encoding="utf-8"), count=1)
        path.with_name(f"{path.stem}-kedua.txt").write_text(text, encoding="utf-8")
    return folder


def _run(project: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO), "QUALCODE_BUSY_TIMEOUT": "30"}
    return subprocess.Popen([sys.executable, "-m", "qualcode", "--project", str(project), "run"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=project)


def _state(project: Path) -> dict | None:
    """What the store holds now, read as any other process would; None if not readable yet."""
    db = project / ".qualcode" / "project.db"
    if not db.exists():
        return None
    try:
        conn = sqlite3.connect(db, timeout=5)
        try:
            one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
            return {"sources": one("SELECT COUNT(*) FROM sources"),
                    "segments": one("SELECT COUNT(*) FROM segments"),
                    "cases": one("SELECT COUNT(*) FROM cases"),
                    "suggestions": one("SELECT COUNT(*) FROM codings WHERE origin = 'auto'"),
                    "codebooks": one("SELECT COUNT(*) FROM codebook_versions")}
        finally:
            conn.close()
    except sqlite3.Error:
        return None


def _kill_when(process: subprocess.Popen, ready: Callable[[], bool], delay: float = 0.0,
               limit: float = 120) -> bool:
    """SIGKILL the process once `ready()` holds (after `delay`); False if it ended first."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        if ready():
            time.sleep(delay)
            if process.poll() is not None:
                return False
            process.send_signal(signal.SIGKILL)
            process.wait()
            return True
        time.sleep(0.005)
    process.kill()
    raise AssertionError("the run never reached the point to kill it")


def _matrices(project: Path) -> dict[str, bytes]:
    folder = project / "reports" / "matrices"
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.csv"))} if folder.is_dir() else {}


def _check_sound(project: Path, done: dict) -> dict:
    """integrity ok, and every stage either absent or complete (as in the finished run)."""
    db = project / ".qualcode" / "project.db"
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    state = _state(project) or {key: 0 for key in done}
    ingest = (state["sources"], state["segments"], state["cases"])
    assert ingest in {(0, 0, 0), (done["sources"], done["segments"], done["cases"])}, state
    assert (state["suggestions"], state["codebooks"]) in {(0, 0), (done["suggestions"], 1)}, state
    return state


def test_sigkill_at_each_stage_then_rerun_gives_the_uninterrupted_result(tmp_path):
    from qualcode.project import load_config
    from qualcode.workflow import run

    baseline_project = _corpus(tmp_path / "baseline")
    project = _corpus(tmp_path / "killed")
    run(load_config(baseline_project))  # the uninterrupted run
    done = _state(baseline_project)
    expected = _matrices(baseline_project)
    assert done["sources"] == 28 and done["suggestions"] > 0 and expected
    # The token cache only saves time (it is keyed by text and pipeline version): share it,
    # so the killed runs spend their seconds on the stages rather than on tokenising again.
    (project / ".qualcode").mkdir()
    shutil.copy(baseline_project / ".qualcode" / "cache.db", project / ".qualcode" / "cache.db")

    # 1. during ingest: as soon as the store exists
    assert _kill_when(_run(project), lambda: (project / ".qualcode" / "project.db").exists())
    _check_sound(project, done)

    # 2. during coding: the sources are in, the suggestions are still being computed
    killed = _kill_when(_run(project), lambda: (_state(project) or {}).get("sources") == done["sources"],
                        delay=0.3)
    assert killed, "run finished before it could be killed while coding"
    state = _check_sound(project, done)
    assert state["sources"] == done["sources"]

    # 3. during report writing: the suggestions are in, the first files are being written
    killed = _kill_when(_run(project), lambda: (_state(project) or {}).get("suggestions")
                        == done["suggestions"] and bool(_matrices(project)))
    assert killed, "run finished before it could be killed while writing reports"
    _check_sound(project, done)
    for name, data in _matrices(project).items():  # written atomically: whole or absent
        assert data == expected[name], name

    # 4. a run nobody stops finishes the job, with the same result
    last = _run(project)
    assert last.wait(timeout=180) == 0, last.stderr.read().decode()
    assert _check_sound(project, done) == done
    assert _matrices(project) == expected
    report = project / "reports" / "report.md"
    assert report.read_bytes() == (baseline_project / "reports" / "report.md").read_bytes()
    assert not (project / ".qualcode" / "writer.json").exists()  # the last writer cleared its note


# ------------------------------------------------------------------------------ migrations
def _early_store(path: Path, version: int = 1) -> None:
    from qualcode.store.base import _statements

    raw = sqlite3.connect(path)
    for script in MIGRATIONS[:version]:
        for statement in _statements(script):
            raw.execute(statement)
    raw.execute(f"PRAGMA user_version = {version}")
    raw.execute("INSERT INTO cases VALUES ('c', '{\"role\": \"government\"}')")
    raw.execute("INSERT INTO sources VALUES ('s', 'transcripts/s.txt', 'h', 'Informan: APBD kecil.',"
                " 'interview', 'id', NULL, 'c', '{}', 'now')")
    raw.execute("INSERT INTO segments VALUES ('s:1', 's', 1, 10, 21, 'Informan', NULL, 1, 'x')")
    raw.execute("INSERT INTO codings (segment_id, code_id, coder, origin, status, score, matched,"
                " created_at, updated_at) VALUES ('s:1', 'budget-support', 'ani', 'manual',"
                " 'accepted', 1, '[]', 'now', 'now')")
    raw.commit()
    raw.close()


def test_opening_an_older_store_backs_it_up_then_migrates(tmp_path):
    path = tmp_path / ".qualcode" / "project.db"
    path.parent.mkdir()
    _early_store(path)
    with Store(path) as store:
        assert store.schema_version == len(MIGRATIONS)
        assert [(c.segment_id, c.code_id, c.coder) for c in store.codings()] == [
            ("s:1", "budget-support", "ani")]
        assert store.written_by == __version__
    backup = tmp_path / ".qualcode" / "backup-1.db"
    assert backup.is_file()
    old = sqlite3.connect(backup)
    assert old.execute("PRAGMA user_version").fetchone()[0] == 1
    assert old.execute("SELECT code_id FROM codings").fetchall() == [("budget-support",)]
    assert old.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    old.close()
    # opening again neither migrates nor backs up again
    mtime = backup.stat().st_mtime_ns
    with Store(path) as store:
        assert store.schema_version == len(MIGRATIONS)
    assert backup.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in path.parent.iterdir() if p.name.startswith("backup")) == ["backup-1.db"]


def test_a_fresh_store_needs_no_backup_and_records_who_wrote_it(tmp_path):
    path = tmp_path / ".qualcode" / "project.db"
    with Store(path) as store:
        assert store.schema_version == len(MIGRATIONS)
        assert store.written_by == __version__
    assert [p.name for p in path.parent.iterdir() if p.name.startswith("backup")] == []


def test_a_failed_migration_leaves_the_old_version_and_the_backup(tmp_path, monkeypatch):
    import qualcode.store.base as base

    path = tmp_path / ".qualcode" / "project.db"
    path.parent.mkdir()
    _early_store(path)
    before = sqlite3.connect(path)
    tables = before.execute("SELECT name FROM sqlite_master ORDER BY name").fetchall()
    before.close()
    broken = (*MIGRATIONS, "CREATE TABLE decisions (x);")  # the last step fails
    monkeypatch.setattr(base, "MIGRATIONS", broken)
    from qualcode.errors import StoreError

    with pytest.raises(StoreError, match="could not upgrade the store from schema 1.*backup-1.db"):
        Store(path)
    after = sqlite3.connect(path)
    assert after.execute("PRAGMA user_version").fetchone()[0] == 1
    assert after.execute("SELECT name FROM sqlite_master ORDER BY name").fetchall() == tables
    after.close()
    assert (path.parent / "backup-1.db").is_file()


def test_a_store_from_a_newer_qualcode_is_refused_with_who_wrote_it(tmp_path):
    from qualcode.errors import StoreError

    path = tmp_path / "project.db"
    Store(path).close()
    raw = sqlite3.connect(path)
    raw.execute("UPDATE meta SET value = '9.9.9' WHERE key = 'qualcode_version'")
    raw.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    raw.commit()
    raw.close()
    with pytest.raises(StoreError, match=r"newer qualcode \(9\.9\.9, schema"):
        Store(path)


def test_a_first_ingest_puts_a_whole_store_in_wal_mode_in_place(demo_project):
    """The first ingest builds its store with the journal in memory and no syncs; what it
    puts in place must still be a sound WAL store, which opening again does not change."""
    from qualcode.project import load_config
    from qualcode.workflow import ingest

    config = load_config(demo_project)
    ingest(config)
    path = config.store_path
    assert sorted(p.name for p in path.parent.iterdir() if p.name.startswith(".project.db")) == []
    written = path.read_bytes()
    assert written[18:20] == b"\x02\x02"  # the header's file format versions: 2 is WAL
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with Store(path) as store:
        assert store.counts()["segments"] > 0
    assert path.read_bytes() == written


def test_ctrl_c_before_a_transaction_had_entered_leaves_only_a_clean_rollback(tmp_path):
    """Ctrl-C between BEGIN and the `with` taking hold leaves the transaction's generator to
    be closed after the store: that cleanup must not raise (it printed a traceback)."""
    store = Store(tmp_path / "p.db")
    entering = store.transaction()
    entering.__enter__()  # BEGIN IMMEDIATE; the interrupt comes before `with` has its __exit__
    store.conn.execute("INSERT INTO cases (id, attributes) VALUES ('c1', '{}')")
    store.close()
    entering.gen.close()  # what garbage collection does to the abandoned generator
    with Store(tmp_path / "p.db") as again:
        assert again.conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 0


def test_coding_workers_leave_ctrl_c_to_the_parent(tmp_path, monkeypatch):
    """A worker that took Ctrl-C printed a traceback of its own beside the parent's one line."""
    from qualcode.condense import autocode, coding_workers
    from qualcode.model import Segment, Source
    from qualcode.codebook import load_codebook
    from tests.test_autocode import CODEBOOK

    noted = tmp_path / "handlers.txt"
    real = coding_workers.code_group

    def noting(*args, **kwargs):  # in a worker (a forked copy of this module) or the parent
        with open(noted, "a", encoding="utf-8") as f:
            f.write(f"{os.getpid()} {signal.getsignal(signal.SIGINT) == signal.SIG_IGN}\n")
        return real(*args, **kwargs)

    monkeypatch.setattr(coding_workers, "code_group", noting)
    monkeypatch.setattr(autocode, "JOBS_MIN_SEGMENTS", 1)
    sources = [Source(f"s{i}", f"s{i}.txt", "x", "", "interview", "id", None, "c", {},
                      tuple(Segment(f"s{i}", k, 0, 20, f"Anggarannya kecil {k}.") for k in range(300)))
               for i in range(4)]
    (tmp_path / "cb.yaml").write_text(CODEBOOK, encoding="utf-8")
    # as at a terminal (a shell's background job starts with SIGINT ignored already)
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        autocode.auto_code(sources, load_codebook(tmp_path / "cb.yaml"), jobs=2)
        parents = signal.getsignal(signal.SIGINT)
    finally:
        signal.signal(signal.SIGINT, before)
    in_workers = [line.split()[1] for line in noted.read_text(encoding="utf-8").splitlines()
                  if int(line.split()[0]) != os.getpid()]
    assert in_workers and set(in_workers) == {"True"}
    assert parents is signal.default_int_handler  # the parent's is its own
