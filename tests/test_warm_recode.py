"""Re-coding after a codebook edit writes only what changed, and never trusts a stale store.

When the store is as the last `code auto` left it (its stamp matches the token cache's and
its signature is unchanged), segments whose kept codings still hold are neither read nor
written again. These tests hold that path to exactly what a run without any cache stores,
and check each way the store can stop mirroring the cache: a decision, an ingest, a run
stopped halfway, a change while coding, worker processes.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from qualcode.errors import QualcodeError
from qualcode.project import load_config
from qualcode.store import streaming
from qualcode.store.token_cache import CODINGS, ROWS, TokenCache
from qualcode.workflow import code_auto, ingest

EDITS = {
    "a keyword added": ("keywords:\n      id: [", "keywords:\n      id: [warga, "),
    "a keyword removed": ("id: [dukungan anggaran, anggaran, penganggaran, ", "id: [dukungan anggaran, "),
    "a code moved under another parent": ("parent: technology", "parent: budget-support"),
    "a code moved to the top level": ("    parent: technology\n", ""),
}


def stored(project: Path, with_times: bool = False) -> list[tuple]:
    columns = "segment_id, code_id, coder, origin, status, score, matched, codebook_version"
    with sqlite3.connect(project / ".qualcode" / "project.db") as conn:
        return conn.execute(f"SELECT {columns}{', updated_at' if with_times else ''} FROM codings"
                            " ORDER BY 1, 2, 3").fetchall()


def edit_codebook(project: Path, edit: str) -> None:
    old, new = EDITS[edit]
    path = project / "codebooks" / "smart-city.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, edit
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def without_cache(project: Path, tmp_path: Path, name: str) -> list[tuple]:
    """What a run with no token cache at all stores for the project as it is now."""
    copy = tmp_path / name
    shutil.copytree(project, copy)
    (copy / ".qualcode" / "cache.db").unlink()
    code_auto(load_config(copy))
    return stored(copy)


@pytest.fixture
def coded(demo_project):
    config = load_config(demo_project)
    ingest(config)
    code_auto(config)
    return demo_project


@pytest.fixture
def covered_calls(monkeypatch):
    """How many times a run replaced only the segments it matched again."""
    calls = []
    original = streaming.SuggestionStage.cover

    def cover(self, segment_ids, kept):
        calls.append(len(segment_ids))
        return original(self, segment_ids, kept)

    monkeypatch.setattr(streaming.SuggestionStage, "cover", cover)
    return calls


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_a_trusted_rerun_stores_what_a_run_without_cache_stores(coded, tmp_path, edit, covered_calls):
    before = code_auto(load_config(coded))  # a rerun: nothing changed, nothing matched again
    assert covered_calls == [0] and before.withdrawn == 0
    edit_codebook(coded, edit)
    report = code_auto(load_config(coded))
    assert len(covered_calls) == 2 and 0 < covered_calls[1] < report.segments
    expected = without_cache(coded, tmp_path, "fresh")
    assert stored(coded) == expected
    assert report.suggestions == len(expected) and sum(report.by_code.values()) == len(expected)


def test_suggestions_an_edit_cannot_touch_are_not_rewritten(coded):
    times = {row[:3]: row[-1] for row in stored(coded, with_times=True)}
    edit_codebook(coded, "a keyword added")  # `warga` occurs in a few segments only
    code_auto(load_config(coded))
    after = stored(coded, with_times=True)
    untouched = [row for row in after if times.get(row[:3]) == row[-1]]
    assert len(untouched) > len(after) / 2
    assert {row[7] for row in after} == {after[0][7]}  # every suggestion names the new codebook


def kept_codings(project: Path, table: str) -> dict[str, bytes]:
    with sqlite3.connect(project / ".qualcode" / "cache.db") as conn:
        return dict(conn.execute(f"SELECT key, data FROM {table}"))


def test_an_edit_that_changes_no_suggestion_stages_none_and_keeps_every_row(coded, tmp_path, covered_calls):
    """`penganggaran` keeps the lemma `anggaran` among the codebook's terms, so removing the
    keyword `anggaran` makes segments be matched again but changes none of their rows."""
    before = stored(coded, with_times=True)
    heads, rows = kept_codings(coded, CODINGS), kept_codings(coded, ROWS)
    edit_codebook(coded, "a keyword removed")
    path = coded / "codebooks" / "smart-city.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("id: [dukungan anggaran, ", "id: [dukungan anggaran, penganggaran, ", 1),
                    encoding="utf-8")
    report = code_auto(load_config(coded))
    after = stored(coded, with_times=True)
    assert covered_calls == [0] and report.withdrawn == 0 and report.suggestions == len(after)
    # only the codebook version is new: every row's content and time are as they were
    assert [row[:7] + row[8:] for row in after] == [row[:7] + row[8:] for row in before]
    assert {row[7] for row in after} != {row[7] for row in before}
    assert stored(coded) == without_cache(coded, tmp_path, "fresh")
    # segments were matched again (their pieces' heads name the new codebook), rows kept
    rewritten = [key for key, head in kept_codings(coded, CODINGS).items() if heads.get(key) != head]
    assert 0 < len(rewritten) < len(heads) and kept_codings(coded, ROWS) == rows


def test_a_trusted_run_reads_rows_and_tokens_only_of_the_pieces_it_matches_again(coded, monkeypatch):
    read: dict[str, list[str]] = {"rows": [], "tokens": [], "heads": []}
    for method, what in (("get_rows_many", "rows"), ("get_many", "tokens"), ("get_codings_many", "heads")):
        original = getattr(TokenCache, method)

        def counted(self, keys, original=original, what=what):
            read[what].extend(keys)
            return original(self, keys)

        monkeypatch.setattr(TokenCache, method, counted)
    code_auto(load_config(coded))  # nothing changed: every piece settled by its head alone
    pieces = len(read["heads"])
    assert pieces > 10 and read["rows"] == [] and read["tokens"] == []
    path = coded / "codebooks" / "smart-city.yaml"  # `drainase` occurs in one transcript only
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("keywords:\n      id: [", "keywords:\n      id: [drainase, ", 1), encoding="utf-8")
    read.update(rows=[], tokens=[], heads=[])
    code_auto(load_config(coded))
    assert 0 < len(read["rows"]) == len(read["tokens"]) < pieces / 2


def test_a_persons_decision_between_runs_lives_in_its_own_row(coded, tmp_path, covered_calls):
    from qualcode.store import Store

    config = load_config(coded)
    with Store(config.store_path) as store, store.transaction():
        first = store.codings()[0]
        store.decide(first.segment_id, first.code_id, "ana", "accepted")
    edit_codebook(coded, "a keyword removed")
    code_auto(config)
    assert len(covered_calls) == 1  # the machine's rows are as the last run left them
    assert stored(coded) == without_cache(coded, tmp_path, "fresh")


def test_machine_rows_changed_between_runs_make_the_next_run_a_full_one(coded, tmp_path, covered_calls):
    with sqlite3.connect(coded / ".qualcode" / "project.db") as conn:  # another tool, say
        conn.execute("DELETE FROM codings WHERE id = (SELECT MIN(id) FROM codings WHERE coder = 'auto')")
    edit_codebook(coded, "a keyword removed")
    code_auto(load_config(coded))
    assert covered_calls == []  # not trusted: every suggestion staged
    assert stored(coded) == without_cache(coded, tmp_path, "fresh")


def test_segments_that_swap_being_codable_make_the_next_run_a_full_one(coded, tmp_path, covered_calls):
    # Say a re-ingest under other interviewer labels turned one suggested-on segment into an
    # interviewer's turn and one interviewer's turn into an informant's: as many codable
    # segments as before, and suggestions on a segment that is no longer codable.
    with sqlite3.connect(coded / ".qualcode" / "project.db") as conn:
        (gone,) = conn.execute("SELECT segment_id FROM codings WHERE coder = 'auto'"
                               " ORDER BY segment_id LIMIT 1").fetchone()
        (back,) = conn.execute("SELECT id FROM segments WHERE NOT codable ORDER BY id LIMIT 1").fetchone()
        conn.execute("UPDATE segments SET codable = 0 WHERE id = ?", (gone,))
        conn.execute("UPDATE segments SET codable = 1 WHERE id = ?", (back,))
    edit_codebook(coded, "a keyword removed")
    code_auto(load_config(coded))
    assert covered_calls == []  # not trusted: every suggestion staged
    after = stored(coded)
    assert gone not in {row[0] for row in after}
    assert after == without_cache(coded, tmp_path, "fresh")


def test_a_run_stopped_before_the_store_commit_leaves_the_next_one_a_full_write(
        coded, tmp_path, monkeypatch, covered_calls):
    config = load_config(coded)
    edit_codebook(coded, "a keyword added")
    before = stored(coded)

    def stopped(*args, **kwargs):
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(streaming.SuggestionStage, "apply", stopped)
        with pytest.raises(KeyboardInterrupt):
            code_auto(config)
    assert stored(coded) == before  # the store is untouched
    with TokenCache(coded / ".qualcode" / "cache.db") as cache:
        assert cache.run_stamp() is None  # kept codings were rewritten: they vouch for nothing
    covered_calls.clear()  # the stopped run was trusted; the next one must not be
    code_auto(config)
    assert covered_calls == []
    assert stored(coded) == without_cache(coded, tmp_path, "fresh")


def test_a_project_changed_while_coding_is_refused_untouched(coded, monkeypatch):
    from qualcode.store import Store

    config = load_config(coded)
    edit_codebook(coded, "a keyword added")
    before = stored(coded)
    original = streaming.SuggestionStage.cover

    def cover_then_change(self, segment_ids, kept):
        original(self, segment_ids, kept)
        with Store(config.store_path) as other, other.transaction():  # another run, meanwhile
            other.conn.execute("DELETE FROM codings WHERE id = (SELECT MIN(id) FROM codings)")
        before.clear()
        before.extend(stored(coded))

    monkeypatch.setattr(streaming.SuggestionStage, "cover", cover_then_change)
    with pytest.raises(QualcodeError, match="changed while"):
        code_auto(config)
    assert stored(coded) == before


@pytest.mark.parametrize("edit", ["changed", "removed"])
def test_an_ingest_during_a_full_run_is_refused_and_the_rerun_codes_the_new_text(
        coded, tmp_path, monkeypatch, edit):
    """A run with no kept codings (the token cache deleted) matched the old text; an `ingest`
    that changed or took away a source meanwhile must not get those suggestions, on text no
    longer there (nor a foreign-key traceback for a segment gone)."""
    config = load_config(coded)
    (coded / ".qualcode" / "cache.db").unlink()
    transcript = sorted((coded / "transcripts").glob("gov-*.txt"))[0]
    assert "anggaran" in transcript.read_text(encoding="utf-8")
    original = streaming.SuggestionStage.add_rows
    after_ingest = []

    def add_then_ingest(self, rows):
        original(self, rows)
        if not after_ingest:  # another process, meanwhile
            if edit == "changed":
                text = transcript.read_text(encoding="utf-8")
                transcript.write_text(text.replace("anggaran", "pepohonan"), encoding="utf-8")
            else:
                transcript.unlink()
            ingest(config)
            after_ingest.append(stored(coded))

    monkeypatch.setattr(streaming.SuggestionStage, "add_rows", add_then_ingest)
    with pytest.raises(QualcodeError, match="changed while"):
        code_auto(config)
    assert stored(coded) == after_ingest[0]  # nothing written over the ingest
    monkeypatch.setattr(streaming.SuggestionStage, "add_rows", original)
    code_auto(config)
    assert stored(coded) == without_cache(coded, tmp_path, "fresh")


def test_an_ingest_between_runs_makes_the_next_run_a_full_one(coded, tmp_path, covered_calls):
    config = load_config(coded)
    transcript = sorted((coded / "transcripts").glob("*.txt"))[0]
    transcript.write_text(transcript.read_text(encoding="utf-8") + "\n\nKami butuh warga terlibat.\n",
                          encoding="utf-8")
    ingest(config)
    code_auto(config)
    assert covered_calls == []
    assert stored(coded) == without_cache(coded, tmp_path, "fresh")


@pytest.mark.parametrize("share", [0.0, 2.0], ids=["workers-code-every-group", "parent-codes-the-first"])
def test_worker_processes_keep_codings_for_the_next_run(coded, monkeypatch, covered_calls, tmp_path, share):
    """Workers hand their kept codings and their pieces back with their rows: after a run in
    workers, an edit is re-coded from the kept codings, as after a run in one process."""
    from qualcode.condense import autocode, bulk_coding, coding_workers

    monkeypatch.setattr(autocode, "JOBS_MIN_SEGMENTS", 1)
    monkeypatch.setattr(coding_workers, "KNOWN_SHARE_TO_SKIP", share)
    monkeypatch.setattr(bulk_coding, "GROUP_SEGMENTS", 16)  # many groups, collected in order
    one_process = tmp_path / "one process"
    shutil.copytree(coded, one_process)
    (coded / ".qualcode" / "cache.db").unlink()  # nothing kept: this run codes in workers
    code_auto(load_config(coded), jobs=2)
    assert covered_calls == []
    with TokenCache(coded / ".qualcode" / "cache.db") as cache:
        assert cache.run_stamp() is not None
    for project in (one_process, coded):
        edit_codebook(project, "a keyword added")
        code_auto(load_config(project))
    # the same segments matched again as after a run in one process: only what the edit touches
    assert len(covered_calls) == 2 and covered_calls[0] == covered_calls[1] > 0
    assert stored(coded) == stored(one_process) == without_cache(coded, tmp_path, "fresh")


def kept_chunks(project: Path) -> set[tuple]:
    with sqlite3.connect(project / ".qualcode" / "cache.db") as conn:
        return set(conn.execute("SELECT version, text, tokens FROM chunk_tokens").fetchall())


@pytest.mark.parametrize("share", [0.0, 2.0], ids=["workers-code-every-group", "parent-codes-the-first"])
def test_a_run_in_workers_keeps_every_chunk_one_process_keeps(coded, monkeypatch, tmp_path, share):
    """The chunks learned before the workers start (the codebook's terms, and the first group
    when this process codes it) reach the cache after the workers have their groups, and
    the workers' own come back with their rows: the cache ends up knowing what a run in one
    process leaves it, so the next run tokenises nothing it has seen."""
    from qualcode.condense import autocode, bulk_coding, coding_workers

    monkeypatch.setattr(autocode, "JOBS_MIN_SEGMENTS", 1)
    monkeypatch.setattr(coding_workers, "KNOWN_SHARE_TO_SKIP", share)
    monkeypatch.setattr(bulk_coding, "GROUP_SEGMENTS", 16)  # more groups than are kept in flight
    one_process = tmp_path / "one process"
    shutil.copytree(coded, one_process)
    for project in (one_process, coded):
        (project / ".qualcode" / "cache.db").unlink()
    code_auto(load_config(one_process))
    code_auto(load_config(coded), jobs=2)
    assert len(kept_chunks(one_process)) > 100
    assert kept_chunks(coded) == kept_chunks(one_process)


def test_jobs_do_not_turn_a_warm_run_into_a_full_one(coded, monkeypatch, covered_calls, tmp_path):
    """A store as the last run left it is re-coded from its kept codings, in this process,
    with --jobs too (workers matched every segment again and left the cache unstamped)."""
    from qualcode.condense import autocode

    monkeypatch.setattr(autocode, "JOBS_MIN_SEGMENTS", 1)
    edit_codebook(coded, "a keyword added")
    report = code_auto(load_config(coded), jobs=2)
    assert covered_calls and sum(covered_calls) < report.segments  # only what the edit touches
    with TokenCache(coded / ".qualcode" / "cache.db") as cache:
        assert cache.run_stamp() is not None  # and the next run is warm again
    assert stored(coded) == without_cache(coded, tmp_path, "fresh")
    edit_codebook(coded, "a keyword removed")
    code_auto(load_config(coded), jobs=2)
    assert len(covered_calls) == 2
    assert stored(coded) == without_cache(coded, tmp_path, "fresh again")


def test_damaged_kept_codings_are_made_again():
    import numpy as np

    from qualcode.condense.coding_cache import CodingsEntry, decode_entry
    from qualcode.model import Segment

    segments = [Segment("s", k, 0, 1, "x").id for k in (1, 2)]  # their ids
    entry = CodingsEntry({"a": 1}, np.array([5, 7, 9], dtype=np.uint32), np.array([0, 2, 3]),
                         np.array([11, 12], dtype=np.uint64),
                         ['[["a", 1.0, "[]"]]', "[]"], segments, "0123456789abcdef")
    head, rows, lemmas = entry.encode()

    def decoded(head, rows=rows, lemmas=lemmas):
        found = decode_entry(head, lemmas, segments)
        if found is not None:
            found.attach_rows(rows)
        return found

    good = decoded(head)
    assert good.rows_of(0)[0].code_id == "a" and good.rows_of(1) == []
    assert good.counts == {"a": 1} and good.crcs.tolist() == [5, 7, 9] and good.fingerprints.tolist() == [11, 12]
    assert good.base == "0123456789abcdef"
    assert decode_entry(head, lemmas, segments[:1]) is None  # another piece's
    assert decode_entry(head[:-3], lemmas, segments) is None  # cut short
    assert decode_entry(head, lemmas[:-3], segments) is None  # lemmas cut short
    assert decode_entry(head, None, segments) is None  # lemmas missing
    assert decode_entry(b"\x03" + head[1:], lemmas, segments) is None  # another format
    assert decode_entry(head, b"\x03" + lemmas[1:], segments) is None
    assert decode_entry('[["old format"]]', lemmas, segments) is None  # the text of format 2
    other = CodingsEntry({}, np.array([5], dtype=np.uint32), np.array([0, 1]), np.array([1], dtype=np.uint64),
                         ["[]"], segments[:1], "0123456789abcdef").encode()[2]
    assert decode_entry(head, other, segments) is None  # another piece's lemmas
    bounds_at = 12 + 4 * 3
    unordered = lemmas[:bounds_at + 4] + (3).to_bytes(4, "little") + (2).to_bytes(4, "little") + lemmas[bounds_at + 12:]
    assert decode_entry(head, unordered, segments) is None
    for lost in (None, b"\xff\xfe", rows.replace(b"\x1e", b" ")):  # rows missing, not UTF-8, run together
        assert decoded(head, lost).rows_of(0) is None and decoded(head, lost).rows() is None
    broken = decoded(head, rows.replace(b'[["a", 1.0, "[]"]]', b'[["a"]]'))
    assert broken.rows_of(0) is None and broken.rows() is None


def test_kept_rows_read_back_as_they_were_written():
    """Each segment's rows are kept as fields split by control characters (JSON would escape
    the matched terms' JSON again); a code id holding such a character is kept as JSON."""
    import numpy as np

    from qualcode.condense.coding_cache import CodingsEntry, SuggestionRow, decode_entry, rows_text

    segments = ["s:1", "s:2", "s:3"]
    matched = '[{"term": "anggaran", "text": "Anggaran\\u001f \\"APBD\\"", "start": 0, "end": 8, "weight": 1.0}]'
    rows = [[SuggestionRow("s:1", "budget", 2.5, matched), SuggestionRow("s:1", "policy", 0.1 + 0.2, "[]")],
            [], [SuggestionRow("s:3", "odd\x1fcode", 1.0, matched), SuggestionRow("s:3", "[x", 1.0, "[]")]]
    kept = [rows_text(found) for found in rows]
    assert kept[1] == "" and kept[2].startswith("[") and "\x1d" in kept[0]
    entry = CodingsEntry({"budget": 1}, np.array([1], dtype=np.uint32), np.array([0, 1, 1, 1]),
                         np.array([1, 2, 3], dtype=np.uint64), kept, segments, "0123456789abcdef")
    head, data, lemmas = entry.encode()
    back = decode_entry(head, lemmas, segments)
    back.attach_rows(data)
    assert [back.rows_of(k) for k in range(3)] == rows and back.rows() == [r for found in rows for r in found]
    for damaged in (data.replace(b"\x1f2.5", b""), data.replace(b"2.5", b"x")):  # a field lost, a bad score
        back = decode_entry(head, lemmas, segments)
        back.attach_rows(damaged)
        assert back.rows_of(0) is None and back.rows() is None


def test_a_damaged_token_cache_is_started_again_not_blamed_on_the_store(coded, runner):
    from qualcode.cli import app

    expected = stored(coded)
    (coded / ".qualcode" / "cache.db").write_bytes(b"not a database at all" * 100)
    for suffix in ("-wal", "-shm"):
        (coded / ".qualcode" / f"cache.db{suffix}").unlink(missing_ok=True)
    result = runner.invoke(app, ["--project", str(coded), "code", "auto"])
    assert result.exit_code == 0, result.output
    assert "damaged" not in result.output
    assert stored(coded) == expected


def test_a_warm_run_never_imports_spacy(coded):
    """Everything a warm run needs is in the token cache; importing spaCy alone would cost
    about a second of every re-code. Nor does it import what costs a new process tens of
    milliseconds for no use: numpy.ma (np.unique imports it), importlib.metadata (spaCy's
    version is read from its about.py) or pydantic (typer 0.29 imports it for every command).
    (A new process: this one has them loaded already.)"""
    import subprocess
    import sys

    path = coded / "codebooks" / "smart-city.yaml"
    original = path.read_text(encoding="utf-8")
    edit_codebook(coded, "a keyword removed")  # terms and chunks all known: no pipeline needed
    code_auto(load_config(coded))  # the edited codebook met once: its start table is kept
    path.write_text(original, encoding="utf-8")
    code_auto(load_config(coded))
    edit_codebook(coded, "a keyword removed")
    check = ("import sys\nfrom typer.testing import CliRunner\nfrom qualcode.cli import app\n"
             f"result = CliRunner().invoke(app, ['--project', {str(coded)!r}, 'code', 'auto'])\n"
             "assert result.exit_code == 0, result.output\n"
             "print('withdrawn' in result.output, *(m for m in ('spacy', 'numpy.ma', 'importlib.metadata',"
             " 'pydantic') if m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True"]


def test_damaged_term_tokens_are_tokenised_again(coded):
    before = stored(coded)
    path = coded / ".qualcode" / "cache.db"
    damage = {'[["x"': "cut short", '[["x"], []]': "lengths differ", '{"a": 1}': "not a list"}
    with sqlite3.connect(path) as conn:
        terms = [row[0] for row in conn.execute("SELECT text FROM term_tokens ORDER BY text LIMIT 3")]
        for term, damaged in zip(terms, damage):
            conn.execute("UPDATE term_tokens SET tokens = ? WHERE text = ?", (damaged, term))
    code_auto(load_config(coded))
    assert stored(coded) == before
    with sqlite3.connect(path) as conn:
        mended = [conn.execute("SELECT tokens FROM term_tokens WHERE text = ?", (term,)).fetchone()[0] for term in terms]
    assert not set(mended) & set(damage)  # tokenised again and kept
