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


def decide(store, segment_id, code_id, status):
    store.conn.execute("UPDATE codings SET status = ? WHERE segment_id = ? AND code_id = ?",
                       (status, segment_id, code_id))


def test_resuggesting_never_touches_a_human_decision(store):
    with store.transaction():
        store.replace_suggestions([Coding("src:1", "budget", "auto", score=1.0),
                                   Coding("src:2", "budget", "auto", score=1.0)], "auto", "v1")
        decide(store, "src:1", "budget", "accepted")
        decide(store, "src:2", "budget", "rejected")
    with store.transaction():
        stored, withdrawn = store.replace_suggestions([], "auto", "v2")
    assert (stored, withdrawn) == (0, 0)
    statuses = {c.segment_id: c.status for c in store.codings(reviewed_only=False)}
    assert statuses == {"src:1": "accepted"}  # rejected ones don't count, but stay stored
    assert store.conn.execute("SELECT COUNT(*) FROM codings").fetchone()[0] == 2


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
    # "satu" moves down one place, "dua" is rewritten, "tiga" stays.
    with store.transaction():
        outcome = store.put_source(make_source(["baru", "satu", "dua diubah", "tiga"], sha="v2"))
    assert outcome.action == "updated"
    assert outcome.codings_kept == 2          # a on "satu" (now src:2), c on "tiga"
    assert outcome.codings_orphaned == 1      # the accepted b on rewritten "dua"
    codings = {(c.segment_id, c.code_id): c.status for c in store.codings()}
    assert codings == {("src:2", "a"): "accepted", ("src:4", "c"): "suggested"}
    orphan = store.conn.execute("SELECT segment_text, code_id, status FROM orphan_codings").fetchone()
    assert tuple(orphan) == ("dua", "b", "accepted")


def test_sources_round_trip_with_offsets(store):
    [source] = store.sources()
    assert [s.text for s in source.segments] == ["satu", "dua", "tiga"]
    assert all(source.text[s.start:s.end] == s.text for s in source.segments)
    assert store.cases() == [Case("case-a", {"role": "government"})]
