"""The SQLite store: pragmas, migrations, transactions, carrying codings over on re-ingest."""

import sqlite3

import pytest

from qualcode.model import Case, Coding, Segment, Source
from qualcode.store import Store
from qualcode.store.schema import MIGRATIONS


def make_source(paragraphs, sha="v1"):
    text = "\n\n".join(paragraphs)
    segments, offset = [], 0
    for n, body in enumerate(paragraphs, start=1):
        segments.append(Segment("src", n, offset, offset + len(body), body))
        offset += len(body) + 2
    return Source("src", "transcripts/src.txt", sha, text, "interview", "id", None, "case-a",
                  {}, tuple(segments))


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / ".qualcode" / "project.db") as opened:
        with opened.transaction():
            opened.upsert_cases([Case("case-a", {"role": "government"})])
            opened.put_source(make_source(["satu", "dua", "tiga"]))
        yield opened


def test_pragmas_and_schema_version(store):
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.schema_version == len(MIGRATIONS)


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "p.db"
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    raw.close()
    from qualcode.errors import StoreError
    with pytest.raises(StoreError, match="newer qualcode"):
        Store(path)


def test_foreign_keys_are_enforced(store):
    with pytest.raises(sqlite3.IntegrityError):
        with store.transaction():
            store.replace_suggestions([Coding("missing:1", "budget", "auto")], "auto", "v")


def test_failed_transaction_leaves_nothing(store):
    before = store.counts()
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.replace_suggestions([Coding("src:1", "budget", "auto", score=1.0)], "auto", "v")
            raise RuntimeError("crash mid-command")
    assert store.counts() == before


def decide(store, segment_id, code_id, status, coder="researcher"):
    store.decide(segment_id, code_id, coder, status)


def test_resuggesting_never_touches_a_human_decision(store):
    with store.transaction():
        store.replace_suggestions([Coding("src:1", "budget", "auto", score=1.0),
                                   Coding("src:2", "budget", "auto", score=1.0)], "auto", "v1")
        decide(store, "src:1", "budget", "accepted")
        decide(store, "src:2", "budget", "rejected")
    with store.transaction():
        stored, withdrawn = store.replace_suggestions([], "auto", "v2")
    assert (stored, withdrawn) == (0, 2)  # the machine withdrew both suggestions...
    counted = {(c.segment_id, c.coder): c.status for c in store.codings()}
    assert counted == {("src:1", "researcher"): "accepted"}  # ...the person's decisions stay
    assert {(c.segment_id, c.status) for c in store.all_codings()} == {
        ("src:1", "accepted"), ("src:2", "rejected")}


def test_a_person_s_decision_wins_over_the_machine(store):
    with store.transaction():
        store.replace_suggestions([Coding("src:1", "budget", "auto", score=1.0),
                                   Coding("src:2", "budget", "auto", score=1.0),
                                   Coding("src:3", "budget", "auto", score=1.0)], "auto", "v1")
        decide(store, "src:1", "budget", "accepted")
        decide(store, "src:2", "budget", "rejected")
    counted = sorted((c.segment_id, c.coder) for c in store.codings())
    assert counted == [("src:1", "researcher"), ("src:3", "auto")]
    assert [c.segment_id for c in store.codings(reviewed_only=True)] == ["src:1"]
    assert store.review_queue("researcher") == ["src:3"]
    assert store.review_queue("second-coder") == ["src:1", "src:2", "src:3"]  # blind: own decisions only


def test_decisions_are_logged_and_undone_in_order(store):
    with store.transaction():
        store.replace_suggestions([Coding("src:1", "budget", "auto", score=1.5)], "auto", "v1")
        decide(store, "src:1", "budget", "accepted")
        store.decide("src:2", "regulation", "researcher", "accepted", memo="Perwal mentioned")
        store.remove("src:2", "regulation", "researcher")
    [accepted] = [c for c in store.all_codings() if c.coder == "researcher"]
    assert (accepted.coder, accepted.origin, accepted.score) == ("researcher", "auto", 1.5)
    assert [d["action"] for d in store.decisions("researcher")] == ["accepted", "accepted", "remove"]
    with store.transaction():
        assert store.undo_last("researcher")["action"] == "remove"
    restored = [c for c in store.all_codings() if c.code_id == "regulation"]
    assert restored[0].memo == "Perwal mentioned"
    with store.transaction():
        store.undo_last("researcher")
        store.undo_last("researcher")
    assert [c.coder for c in store.all_codings()] == ["auto"]
    assert store.undo_last("researcher") is None


def test_stale_suggestions_are_withdrawn(store):
    with store.transaction():
        store.replace_suggestions([Coding("src:1", "budget", "auto", score=1.0)], "auto", "v1")
    with store.transaction():
        assert store.replace_suggestions([Coding("src:2", "budget", "auto", score=1.0)],
                                         "auto", "v2") == (1, 1)
    assert [c.segment_id for c in store.codings()] == ["src:2"]


def test_reingest_carries_codings_over_and_keeps_orphans(store):
    with store.transaction():
        store.replace_suggestions([Coding("src:1", "a", "auto", score=1.0),
                                   Coding("src:2", "b", "auto", score=1.0),
                                   Coding("src:3", "c", "auto", score=1.0)], "auto", "v1")
        decide(store, "src:1", "a", "accepted")
        decide(store, "src:2", "b", "accepted")
    # the machine withdraws b (say, after a codebook edit); the person's decision on it stays
    with store.transaction():
        store.replace_suggestions([Coding("src:1", "a", "auto", score=1.0),
                                   Coding("src:3", "c", "auto", score=1.0)], "auto", "v2")
    # "satu" moves down one place, "dua" is rewritten, "tiga" stays.
    with store.transaction():
        outcome = store.put_source(make_source(["baru", "satu", "dua diubah", "tiga"], sha="v2"))
    assert outcome.action == "updated"
    assert outcome.codings_kept == 3          # a twice on "satu" (now src:2), c on "tiga"
    assert outcome.codings_orphaned == 1      # the accepted b on rewritten "dua"
    codings = {(c.segment_id, c.code_id, c.coder): c.status for c in store.all_codings()}
    assert codings == {("src:2", "a", "auto"): "suggested", ("src:2", "a", "researcher"): "accepted",
                       ("src:4", "c", "auto"): "suggested"}
    orphan = store.conn.execute("SELECT segment_text, code_id, status FROM orphan_codings").fetchone()
    assert tuple(orphan) == ("dua", "b", "accepted")


def test_sources_round_trip_with_offsets(store):
    [source] = store.sources()
    assert [s.text for s in source.segments] == ["satu", "dua", "tiga"]
    assert all(source.text[s.start:s.end] == s.text for s in source.segments)
    assert store.cases() == [Case("case-a", {"role": "government"})]


def test_migrating_a_version_1_store_keeps_its_data(tmp_path):
    from qualcode.store.base import _statements

    path = tmp_path / "old.db"
    raw = sqlite3.connect(path)
    for statement in _statements(MIGRATIONS[0]):
        raw.execute(statement)
    raw.execute("PRAGMA user_version = 1")
    raw.execute("INSERT INTO cases VALUES ('c', '{}')")
    raw.execute("INSERT INTO sources VALUES ('s', 's.txt', 'h', 'abc', 'interview', 'id', NULL, 'c',"
                " '{}', 'now')")
    raw.execute("INSERT INTO segments VALUES ('s:1', 's', 1, 0, 3, NULL, NULL, 1, 'x')")
    raw.execute("INSERT INTO codings (segment_id, code_id, coder, origin, status, score, matched,"
                " created_at, updated_at) VALUES ('s:1', 'a', 'auto', 'auto', 'suggested', 1,"
                " '[\"old reason\"]', 'now', 'now')")
    raw.commit()
    raw.close()
    with Store(path) as store:
        assert store.schema_version == len(MIGRATIONS)
        [coding] = store.codings()
        assert (coding.segment_id, coding.matched) == ("s:1", ())
        assert store.decisions() == []


def test_statements_ignore_semicolons_in_comments():
    from qualcode.store.base import _statements

    script = "-- a; b\nCREATE TABLE t (x TEXT DEFAULT ';');\nINSERT INTO t VALUES ('1');\n"
    assert len(list(_statements(script))) == 2


def test_staging_suggestions_leaves_the_store_to_other_writers(store):
    """Each batch is staged in one transaction of its own, on the temporary tables only:
    another process can write the project store meanwhile, and a batch that fails stages
    none of its rows."""
    from qualcode.store.streaming import SuggestionStage

    stage = SuggestionStage(store)
    try:
        stage.add_rows([("src:1", "budget", 1.0, "[]")])
        other = sqlite3.connect(store.path, timeout=0)  # would raise at once if locked
        try:
            other.execute("INSERT INTO memos (target_kind, target_id, author, text, created_at)"
                          " VALUES ('project', '', 'ani', 'meanwhile', '2026-01-01')")
            other.commit()
        finally:
            other.close()
        with pytest.raises(sqlite3.IntegrityError):  # the second row repeats the first's key
            stage.add_rows([("src:2", "budget", 1.0, "[]"), ("src:2", "budget", 2.0, "[]")])
        assert not store.conn.in_transaction
        with store.transaction():
            assert stage.apply("auto", "v1") == (1, 0)
    finally:
        stage.close()
    assert [(c.segment_id, c.code_id) for c in store.codings()] == [("src:1", "budget")]
    assert store.conn.execute("SELECT text FROM memos").fetchall()[0][0] == "meanwhile"


def test_a_read_only_folder_is_named_as_such_not_as_a_damaged_store(tmp_path, monkeypatch):
    """SQLite writes beside a WAL store even to read it; on a read-only folder the store is
    healthy, and "not a qualcode store" could get it deleted. (Tests run as root, whom
    permissions do not stop: the refusal is played.)"""
    import os

    from qualcode.errors import StoreError
    from qualcode.store import base
    from qualcode.store.token_cache import TokenCache

    folder = tmp_path / ".qualcode"
    Store(folder / "project.db").close()
    TokenCache(folder / "cache.db").close()

    def refused(*args, **kwargs):
        raise sqlite3.OperationalError("unable to open database file")

    real_access = os.access
    monkeypatch.setattr(base.sqlite3, "connect", refused)
    monkeypatch.setattr(os, "access", lambda path, mode: False if str(path) == str(folder) else real_access(path, mode))
    with pytest.raises(StoreError, match=r"\.qualcode: read-only, and qualcode writes beside its store") as caught:
        Store(folder / "project.db")
    assert "not a qualcode store" not in str(caught.value)
    monkeypatch.undo()
    monkeypatch.setattr(os, "access", lambda path, mode: False if str(path).endswith("cache.db") else real_access(path, mode))
    with pytest.raises(StoreError, match=r"cache\.db: read-only; it holds only the token cache"):
        TokenCache(folder / "cache.db")
    # a file that is no database at all is still called so
    monkeypatch.undo()
    (tmp_path / "junk.db").write_bytes(b"this is no database" * 100)
    with pytest.raises(StoreError, match="not a qualcode store"):
        Store(tmp_path / "junk.db")


def test_a_read_only_file_beside_the_store_is_named(small_project, monkeypatch):
    """A user who could only read the store leaves SQLite's -wal and -shm behind read-only, and
    every later write fails: the message names the file at fault, not the store."""
    import os

    from qualcode.cli import common

    Store(small_project / ".qualcode" / "project.db").close()
    shm = small_project / ".qualcode" / "project.db-shm"
    shm.write_bytes(b"")
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: False if str(path) == str(shm) else real_access(path, mode))
    monkeypatch.setitem(common.state, "project", str(small_project))
    assert common._read_only_store().startswith(f"{shm} cannot be written (read-only)")
    monkeypatch.setattr(os, "access", real_access)
    assert "the -wal and -shm files beside it" in common._read_only_store()


def test_codings_narrowed_by_code_and_source_keep_the_person_s_decision_winning(store):
    other = Source("other", "transcripts/other.txt", "v1", "empat", "interview", "id", None, "case-a",
                   {}, (Segment("other", 1, 0, 5, "empat"),))
    with store.transaction():
        store.put_source(other)
        store.replace_suggestions([Coding("src:1", "budget", "auto", score=1.0),
                                   Coding("src:2", "budget", "auto", score=1.0),
                                   Coding("src:2", "media", "auto", score=1.0),
                                   Coding("other:1", "budget", "auto", score=1.0)], "auto", "v1")
        decide(store, "src:2", "budget", "rejected")
    everything = store.codings()
    for codes, source in [(["budget"], None), (None, "src"), (["budget"], "src"), (["media", "budget"], "other"),
                          ([], None)]:
        expected = [c for c in everything if (codes is None or c.code_id in codes)
                    and (source is None or c.segment_id.startswith(f"{source}:"))]
        assert store.codings(codes=codes, source=source) == expected
    assert [(c.segment_id, c.status) for c in store.all_codings(codes=["budget"], source="src")] == [
        ("src:1", "suggested"), ("src:2", "suggested"), ("src:2", "rejected")]


def test_segments_and_sources_are_read_in_batches_past_the_query_limit(tmp_path):
    from qualcode.store.sources import IDS_PER_QUERY

    paragraphs = [f"bagian {n}" for n in range(IDS_PER_QUERY + 20)]
    with Store(tmp_path / "project.db") as store:
        with store.transaction():
            store.upsert_cases([Case("case-a", {"role": "government"})])
            store.put_source(make_source(paragraphs))
        wanted = [f"src:{n}" for n in range(1, len(paragraphs) + 1)]
        found = store.segments_by_id([*wanted, "src:9999", "nowhere:1"])
        assert sorted(found) == sorted(wanted)
        assert all(found[f"src:{n}"].text == body for n, body in enumerate(paragraphs, start=1))
        assert found["src:3"] == store.segment("src:3")
        infos = store.source_infos(["src", "nowhere"])
        assert list(infos) == ["src"] and infos["src"]["case_attributes"] == {"role": "government"}
        assert store.source_info("src") == infos["src"] and store.source_info("nowhere") is None


def test_coding_keys_and_segment_places_read_what_counting_needs(store):
    with store.transaction():
        store.replace_suggestions([Coding("src:1", "budget", "auto", score=1.0),
                                   Coding("src:2", "budget", "auto", score=1.0)], "auto", "v1")
        decide(store, "src:2", "budget", "rejected")
    assert store.coding_keys() == [(c.segment_id, c.code_id, c.coder, c.status) for c in store.codings()]
    assert store.coding_keys(counted=False) == [
        (c.segment_id, c.code_id, c.coder, c.status) for c in store.all_codings()]
    assert store.segment_places() == {f"src:{n}": ("src", "case-a") for n in (1, 2, 3)}


def test_codings_of_some_coders_and_who_has_codings(store):
    with store.transaction():
        store.replace_suggestions([Coding("src:1", "budget", "auto", score=1.0)], "auto", "v1")
        decide(store, "src:1", "budget", "accepted", coder="ana")
        decide(store, "src:2", "media", "accepted", coder="budi")
    assert store.coding_coders() == {"auto", "ana", "budi"}
    assert [(c.segment_id, c.coder) for c in store.all_codings(coders=["ana", "budi"])] == [
        ("src:1", "ana"), ("src:2", "budi")]
    assert store.all_codings(coders=[]) == []


def test_a_write_error_is_one_line_and_leaves_the_store_and_no_writer_note(small_project, runner, monkeypatch):
    """A full disk: SQLite rolls the transaction back itself, so our ROLLBACK finds none. The
    user sees one line saying so, not two tracebacks, and no stale writer note is left."""
    from qualcode.store.sources import SourceOps
    from tests.conftest import store_checksum
    from tests.test_cli import invoke

    assert invoke(runner, small_project, "ingest").exit_code == 0
    before = store_checksum(small_project)
    (small_project / "transcripts" / "baru.txt").write_text("Anggaran kami terbatas.\n", encoding="utf-8")
    real_put = SourceOps.put_source

    def disk_full(self, source):
        real_put(self, source)
        self.conn.execute("ROLLBACK")  # as SQLite does on SQLITE_IOERR / SQLITE_FULL
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(SourceOps, "put_source", disk_full)
    result = invoke(runner, small_project, "ingest")
    assert result.exit_code == 1 and "Traceback" not in result.output
    [line] = [line for line in result.output.splitlines() if line.strip()]
    assert line.startswith("error: could not write the project's files in .qualcode/ (disk I/O error): is the disk full?")
    assert store_checksum(small_project) == before
    assert not (small_project / ".qualcode" / "writer.json").exists()
