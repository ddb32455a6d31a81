"""The token cache keeps what the last run used, and not much more.

Without pruning it only grows: an edited transcript leaves its old pieces behind, a new
pipeline version every chunk learned under the old one, each codebook its base. After each
run, `qualcode.store.cache_pruning` deletes what that run did not use. These tests check
that it does, that it never changes what a run stores, and that it stands aside for
another run or a busy cache.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from qualcode.project import load_config
from qualcode.store import cache_pruning
from qualcode.store.token_cache import BASES, BATCHES, CHUNKS, CODINGS, LEMMAS, PIECES, PRUNED, ROWS, STARTS, \
    TERMS, TokenCache, _short
from qualcode.workflow import code_auto, ingest
from tests.test_warm_recode import EDITS, coded, edit_codebook, stored, without_cache  # noqa: F401 - fixture


def cache_rows(project: Path, sql: str, *args) -> list[tuple]:
    with sqlite3.connect(project / ".qualcode" / "cache.db") as conn:
        return conn.execute(sql, args).fetchall()


def keys(project: Path, table: str, column: str = "key") -> set[str]:
    return {row[0] for row in cache_rows(project, f"SELECT {column} FROM {table}")}


def listed(project: Path, column: str) -> set[str]:
    return keys(project, PIECES, column)


def prune_at_once(monkeypatch) -> None:
    """Prune as soon as one entry is stale (the shipped thresholds wait for many)."""
    monkeypatch.setattr(cache_pruning, "STALE_MIN", 0)
    monkeypatch.setattr(cache_pruning, "STALE_SHARE", 0.0)


@pytest.fixture
def prune_every_stale_entry(monkeypatch):
    prune_at_once(monkeypatch)


def edit_transcript(project: Path) -> None:
    path = project / "transcripts" / "com-ketua-rw.txt"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + " Warga juga menanyakan anggaran perawatan CCTV.\n", encoding="utf-8")


def test_an_edited_transcript_leaves_no_stale_pieces_once_they_pay(coded, tmp_path, monkeypatch):
    config = load_config(coded)
    edit_transcript(coded)
    ingest(config)
    code_auto(config)
    # one edited source: a few stale entries, not worth a DELETE on every run
    assert keys(coded, BATCHES) - listed(coded, "token_key")
    prune_at_once(monkeypatch)
    code_auto(config)
    assert keys(coded, BATCHES) == listed(coded, "token_key")
    assert keys(coded, CODINGS) == listed(coded, "codings_key")
    assert keys(coded, ROWS) <= keys(coded, CODINGS) and keys(coded, LEMMAS) <= keys(coded, CODINGS)
    assert stored(coded) == without_cache(coded, tmp_path, "fresh")
    code_auto(config)  # the pruned cache still serves a trusted rerun
    assert stored(coded) == without_cache(coded, tmp_path, "fresh-again")


def test_chunks_and_terms_of_other_pipeline_versions_go(coded, prune_every_stale_entry):
    with TokenCache(coded / ".qualcode" / "cache.db") as cache:
        tags = sorted({_short(v) for v in cache.run_index(cache.run_stamp()).versions.values()})
    assert len(tags) == 2  # the demo has Indonesian and English sources
    old = ["", "0" * 12, tags[0] + "0", "z" * 12]  # below, between and above the run's versions
    with sqlite3.connect(coded / ".qualcode" / "cache.db") as conn:
        for table in (CHUNKS, TERMS):
            conn.executemany(f"INSERT INTO {table} (version, text, tokens) VALUES (?, 'kota', '[]')",
                             [(tag,) for tag in old])
    code_auto(load_config(coded))
    for table in (CHUNKS, TERMS):
        assert keys(coded, table, "version") == set(tags), table


def test_only_the_latest_codebook_bases_are_kept(coded, tmp_path, monkeypatch):
    monkeypatch.setattr(cache_pruning, "KEEP_BASES", 2)
    config = load_config(coded)
    original = config.codebook_path.read_text(encoding="utf-8")
    for edit in sorted(EDITS)[:3]:
        edit_codebook(coded, edit)
        code_auto(config)
    assert len(keys(coded, BASES, "id")) == 2 and len(keys(coded, STARTS, "id")) == 2
    config.codebook_path.write_text(original, encoding="utf-8")  # back to a pruned base
    code_auto(config)
    assert stored(coded) == without_cache(coded, tmp_path, "fresh")


def stale_batch(project: Path) -> None:
    with sqlite3.connect(project / ".qualcode" / "cache.db") as conn:
        conn.execute(f"INSERT INTO {BATCHES} (key, data) VALUES ('stale', x'00')")


def test_nothing_is_pruned_once_another_run_has_started(coded, prune_every_stale_entry):
    stale_batch(coded)
    with TokenCache(coded / ".qualcode" / "cache.db") as cache:
        index = cache.run_index(cache.run_stamp())
        tags = [_short(v) for v in index.versions.values()]
        assert cache_pruning.prune(cache.conn, index, tags, PRUNED, owner="an-earlier-run") == {}
    assert "stale" in keys(coded, BATCHES)


class NotingWaits:
    """A connection that notes how long SQLite would wait for a lock when a transaction begins."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn, self.waits_at_begin = conn, None

    def execute(self, sql: str, *args):
        if sql.startswith("BEGIN"):
            self.waits_at_begin = self.conn.execute("PRAGMA busy_timeout").fetchone()[0]
        return self.conn.execute(sql, *args)


def test_a_busy_cache_is_not_waited_for(coded, prune_every_stale_entry):
    stale_batch(coded)
    other = sqlite3.connect(coded / ".qualcode" / "cache.db", isolation_level=None)
    with TokenCache(coded / ".qualcode" / "cache.db") as cache:
        index = cache.run_index(cache.run_stamp())
        owner = cache_rows(coded, "SELECT value FROM meta WHERE key = 'run_owner'")[0][0]
        tags = [_short(v) for v in index.versions.values()]
        conn = NotingWaits(cache.conn)
        other.execute("BEGIN IMMEDIATE")  # another process writing the cache
        try:
            assert cache_pruning.prune(conn, index, tags, PRUNED, owner) == {}
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert conn.waits_at_begin == 0
        assert cache.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 30_000  # as before
        assert cache_pruning.prune(cache.conn, index, tags, PRUNED, owner) == {"batches": 1}
    assert "stale" not in keys(coded, BATCHES)
