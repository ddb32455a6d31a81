"""A transcript renamed keeps its source; one deleted leaves the analysis, nothing lost;
a cases.csv row no source belongs to is no informant."""

import json

import pytest

from qualcode.project import load_config
from qualcode.store import Store
from tests.test_cli import invoke
from tests.test_coding_commands import coded_project  # noqa: F401 - fixture


def _store(project):
    return Store(load_config(project).store_path)


def test_a_renamed_transcript_keeps_its_source_codings_and_memos(coded_project, runner):  # noqa: F811
    with _store(coded_project) as store:
        before = store.conn.execute("SELECT COUNT(*) FROM codings c JOIN segments s ON s.id = c.segment_id"
                                    " WHERE s.source_id = 'pemkot'").fetchone()[0]
    invoke(runner, coded_project, "memo", "add", "segment", "pemkot:2", "-t", "Anggaran!")
    transcripts = coded_project / "transcripts"
    (transcripts / "pemkot.txt").rename(transcripts / "pemkot-revisi.txt")
    result = invoke(runner, coded_project, "ingest")
    assert result.exit_code == 0, result.output
    assert "transcripts/pemkot-revisi.txt: the file transcripts/pemkot.txt renamed" in result.output
    with _store(coded_project) as store:
        sources = dict(store.conn.execute("SELECT id, path FROM sources").fetchall())
        after = store.conn.execute("SELECT COUNT(*) FROM codings c JOIN segments s ON s.id = c.segment_id"
                                   " WHERE s.source_id = 'pemkot'").fetchone()[0]
        memo = store.conn.execute("SELECT target_kind, target_id FROM memos").fetchone()
    assert len(sources) == 3 and sources["pemkot"] == "transcripts/pemkot-revisi.txt"
    assert after == before > 0 and tuple(memo) == ("segment", "pemkot:2")


def test_a_deleted_transcript_leaves_the_analysis_keeping_reviewed_codings(coded_project, runner):  # noqa: F811
    from qualcode.project import load_config as config_of
    from qualcode.workflow import list_memos

    accepted = invoke(runner, coded_project, "code", "add", "warga", "--segment", "2",
                      "--code", "complaint-channels")
    assert accepted.exit_code == 0, accepted.output
    invoke(runner, coded_project, "memo", "add", "source", "warga", "-t", "Warga kritis.")
    (coded_project / "transcripts" / "warga.txt").unlink()
    result = invoke(runner, coded_project, "ingest")
    assert result.exit_code == 0, result.output
    assert "transcripts/warga.txt: no longer among the transcripts; source warga is out of the analysis" \
        in result.output
    assert "1 removed; 2 cases" in result.output
    assert "machine suggestions to redo: 0" in result.output  # nothing left to redo them on
    with _store(coded_project) as store:
        assert store.conn.execute("SELECT COUNT(*) FROM sources WHERE id = 'warga'").fetchone()[0] == 0
        assert store.conn.execute("SELECT COUNT(*) FROM cases WHERE id = 'warga'").fetchone()[0] == 0
        orphans = store.conn.execute("SELECT code_id, coder FROM orphan_codings WHERE source_id = 'warga'"
                                     ).fetchall()
    assert ("complaint-channels", "researcher") in {tuple(o) for o in orphans}
    memo = list_memos(config_of(coded_project))[0]
    assert memo.target_kind == "project" and memo.text.startswith("[was on source warga, whose file "
                                                                   "transcripts/warga.txt is gone")
    status = json.loads(invoke(runner, coded_project, "status", "--format", "json").stdout)
    assert status["sources"] == 2


def test_ingesting_one_file_removes_nothing(coded_project, runner):  # noqa: F811
    (coded_project / "transcripts" / "warga.txt").unlink()
    result = invoke(runner, coded_project, "ingest", str(coded_project / "transcripts" / "pemkot.txt"))
    assert result.exit_code == 0 and "removed" not in result.output
    with _store(coded_project) as store:
        assert store.conn.execute("SELECT COUNT(*) FROM sources").fetchone()[0] == 3


def test_a_cases_row_with_no_source_is_no_informant(coded_project, runner):  # noqa: F811
    cases = coded_project / "transcripts" / "cases.csv"
    cases.write_text("case,role\npemkot,government\ninf6,academic\n", encoding="utf-8")
    result = invoke(runner, coded_project, "ingest")
    assert result.exit_code == 0, result.output
    assert "transcripts/cases.csv: inf6 matches no source; left out of the cases" in result.output
    # and the files the row may have been meant for: those whose case has no row
    assert "Sources with no row there: mitra, warga; give such a file `case:`" in " ".join(result.output.split())
    assert "; 3 cases" in result.output
    with _store(coded_project) as store:
        assert {c.id for c in store.cases()} == {"pemkot", "warga", "mitra"}


def test_a_deleted_transcript_put_back_gets_its_codings_back(coded_project, runner):  # noqa: F811
    invoke(runner, coded_project, "code", "add", "warga", "--segment", "2", "--code", "complaint-channels")
    path = coded_project / "transcripts" / "warga.txt"
    text = path.read_text(encoding="utf-8")
    path.unlink()
    invoke(runner, coded_project, "ingest")
    path.write_text(text, encoding="utf-8")
    result = invoke(runner, coded_project, "ingest")
    assert result.exit_code == 0, result.output
    assert "orphaned codings whose text came back, coded there again: 1" in result.output
    with _store(coded_project) as store:
        assert store.conn.execute("SELECT COUNT(*) FROM orphan_codings").fetchone()[0] == 0
        back = store.conn.execute("SELECT coder, status FROM codings WHERE segment_id = 'warga:2'"
                                  " AND code_id = 'complaint-channels' AND coder = 'researcher'").fetchall()
    assert [tuple(row) for row in back] == [("researcher", "accepted")]


def test_an_edit_undone_restores_the_orphans(coded_project, runner):  # noqa: F811
    invoke(runner, coded_project, "code", "add", "pemkot", "--segment", "3", "--code", "leadership-commitment")
    path = coded_project / "transcripts" / "pemkot.txt"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("sangat berkomitmen", "cukup berkomitmen"), encoding="utf-8")
    assert "kept as orphans): 1" in invoke(runner, coded_project, "ingest").output
    path.write_text(text, encoding="utf-8")
    invoke(runner, coded_project, "ingest")
    with _store(coded_project) as store:
        assert store.conn.execute("SELECT COUNT(*) FROM orphan_codings").fetchone()[0] == 0
        assert store.conn.execute("SELECT COUNT(*) FROM codings WHERE segment_id = 'pemkot:3' AND coder ="
                                  " 'researcher' AND code_id = 'leadership-commitment'").fetchone()[0] == 1


def test_ingesting_a_renamed_file_alone_keeps_its_source(coded_project, runner):  # noqa: F811
    transcripts = coded_project / "transcripts"
    (transcripts / "warga.txt").rename(transcripts / "warga-baru.txt")
    result = invoke(runner, coded_project, "ingest", str(transcripts / "warga-baru.txt"))
    assert result.exit_code == 0 and "the file transcripts/warga.txt renamed" in result.output, result.output
    with _store(coded_project) as store:
        assert dict(store.conn.execute("SELECT id, path FROM sources").fetchall())["warga"] == \
            "transcripts/warga-baru.txt"
        assert store.conn.execute("SELECT COUNT(*) FROM sources").fetchone()[0] == 3


def test_run_says_when_a_reviewed_coding_could_not_be_carried_over(coded_project, runner):  # noqa: F811
    """`run` ingests as `ingest` does, and says as much: a decision orphaned by an edit is
    never lost without a word."""
    added = invoke(runner, coded_project, "code", "add", "warga", "--segment", "2", "--code", "complaint-channels")
    assert added.exit_code == 0, added.output
    path = coded_project / "transcripts" / "warga.txt"
    text = path.read_text(encoding="utf-8")
    with _store(coded_project) as store:
        said = store.conn.execute("SELECT s.start, s.end FROM segments s WHERE s.id = 'warga:2'").fetchone()
        source = store.conn.execute("SELECT text FROM sources WHERE id = 'warga'").fetchone()[0]
    words = source[said[0]:said[1]]
    path.write_text(text.replace(words, words + " Sekian dari saya, terima kasih banyak."), encoding="utf-8")
    result = invoke(runner, coded_project, "run")
    assert result.exit_code == 0, result.output
    said_out = " ".join(result.output.split())
    assert "could not be carried over (kept as orphans): 1 (see `qualcode code orphans`)" in said_out
    assert "machine suggestions to redo" not in said_out  # run redid them already


def test_a_folder_that_cannot_be_read_is_said_and_its_sources_stay(coded_project, runner):  # noqa: F811
    """A subfolder of the transcripts that lost its permissions (a synced folder, another
    user's): a glob passes it by in silence, so its sources would seem deleted. It is said,
    and they stay as they were."""
    import os
    import shutil
    import subprocess
    import sys

    if os.geteuid() == 0:  # root reads anything: run the command without that capability
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("root, and no setpriv to drop the capability to read any file")
        drop = "-dac_override,-dac_read_search"
        prefix = [setpriv, f"--inh-caps={drop}", f"--bounding-set={drop}"]
    else:
        prefix = []
    folder = coded_project / "transcripts" / "sub"
    folder.mkdir()
    (folder / "rw.txt").write_text("---\ncase: rw\nrole: community\nsource_type: interview\nlanguage: id\n---\n"
                                   "Pewawancara: Apa kendalanya?\n\nWarga: Anggarannya terbatas sekali.\n",
                                   encoding="utf-8")
    assert invoke(runner, coded_project, "ingest").exit_code == 0
    before = {s.path for s in stored_sources(coded_project)}
    assert "transcripts/sub/rw.txt" in before
    folder.chmod(0)
    try:
        done = subprocess.run([*prefix, sys.executable, "-m", "qualcode", "-C", str(coded_project), "ingest"],
                              capture_output=True, text=True, timeout=300)
    finally:
        folder.chmod(0o755)
    assert done.returncode == 0, done.stderr
    said = " ".join((done.stdout + done.stderr).split())
    assert "transcripts/sub: a folder that cannot be read (no permission)" in said
    assert "no longer among the transcripts" not in said
    assert {s.path for s in stored_sources(coded_project)} == before


def stored_sources(project):
    with _store(project) as store:
        return store.sources()
