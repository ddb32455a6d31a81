"""A trusted rerun works from the token cache's list of the last run's pieces.

After a full run the cache lists every piece it coded (`run_pieces2`), stamped with that
run. When the next run trusts the store (see test_warm_recode), it finds each piece's kept
codings through that list instead of reading every segment of the project, and reads a
segment only when it must be tokenised again. These tests hold that path to what a run
without any cache stores, and check that a list which no longer fits is never used.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from qualcode.condense import autocode
from qualcode.project import load_config
from qualcode.store import streaming
from qualcode.store.token_cache import CODINGS, PIECES, TokenCache
from qualcode.workflow import code_auto
from tests.conftest import second_arguments
from tests.test_warm_recode import coded, edit_codebook, stored, without_cache  # noqa: F401 - fixture


@pytest.fixture
def reads(monkeypatch):
    """What a run read of the store's segments: whole passes, and pieces read by id."""
    seen = {"passes": 0, "pieces": []}
    passes, by_id = streaming.coding_sources, streaming.read_segments

    def counted_pass(store):
        seen["passes"] += 1
        return passes(store)

    def counted_by_id(store, wanted):
        seen["pieces"].extend(wanted)
        return by_id(store, wanted)

    monkeypatch.setattr(streaming, "coding_sources", counted_pass)
    monkeypatch.setattr(streaming, "read_segments", counted_by_id)
    return seen


def cache_of(project) -> TokenCache:
    return TokenCache(project / ".qualcode" / "cache.db")


def codable_ids(project) -> list[str]:
    with sqlite3.connect(project / ".qualcode" / "project.db") as conn:
        return [row[0] for row in conn.execute(
            "SELECT source_id || ':' || ordinal FROM segments WHERE codable ORDER BY source_id, ordinal")]


def test_a_full_run_lists_every_codable_segment_once_in_order(coded):
    with cache_of(coded) as cache:
        index = cache.run_index(cache.run_stamp())
        assert index is not None
        listed = [f"{piece.source_id}:{ordinal}" for piece in index for ordinal in piece.ordinals]
        assert sorted(index.versions) == ["en", "id"]  # the demo has both
    assert listed == codable_ids(coded)
    assert index.segments == len(listed)


def test_a_trusted_rerun_reads_no_segments_when_every_token_is_cached(coded, tmp_path, reads):
    edit_codebook(coded, "a keyword added")
    report = code_auto(load_config(coded))
    assert reads == {"passes": 0, "pieces": []}
    assert stored(coded) == without_cache(coded, tmp_path, "fresh")
    assert report.suggestions == len(stored(coded))


def test_the_index_survives_a_trusted_run_and_serves_the_next(coded, tmp_path, reads):
    for edit in ("a keyword added", "a code moved under another parent"):
        edit_codebook(coded, edit)
        code_auto(load_config(coded))
    assert reads["passes"] == 0
    assert stored(coded) == without_cache(coded, tmp_path, "fresh")


def test_pieces_whose_tokens_are_gone_are_read_and_tokenised_again(coded, tmp_path, reads):
    with sqlite3.connect(coded / ".qualcode" / "cache.db") as conn:
        lost = conn.execute(f"SELECT token_key, codings_key, source_id FROM {PIECES} LIMIT 2").fetchall()
        for token_key, codings_key, _ in lost:  # tokens and kept codings both lost
            conn.execute("DELETE FROM token_batches WHERE key = ?", (token_key,))
            conn.execute(f"DELETE FROM {CODINGS} WHERE key = ?", (codings_key,))
    edit_codebook(coded, "a keyword removed")
    code_auto(load_config(coded))
    assert reads["passes"] == 0
    assert {source_id for source_id, _ in reads["pieces"]} == {source_id for _, _, source_id in lost}
    assert stored(coded) == without_cache(coded, tmp_path, "fresh")


def test_an_index_of_other_pipeline_versions_is_not_used(coded, tmp_path, reads, monkeypatch):
    monkeypatch.setattr(autocode, "coding_version", lambda language, trained=None: f"upgraded-{language}")
    edit_codebook(coded, "a keyword added")
    code_auto(load_config(coded))
    assert reads["passes"] == 1 and reads["pieces"] == []
    assert stored(coded) == without_cache(coded, tmp_path, "fresh")


@pytest.mark.parametrize("damage", ["segments", "stamp", "not json"])
def test_an_index_that_does_not_fit_the_store_is_not_used(coded, tmp_path, reads, damage):
    with sqlite3.connect(coded / ".qualcode" / "cache.db") as conn:
        value = json.loads(conn.execute("SELECT value FROM meta WHERE key = 'run_index'").fetchone()[0])
        if damage == "segments":
            value["segments"] += 1
        elif damage == "stamp":
            value["stamp"] = "another run"
        text = "{broken" if damage == "not json" else json.dumps(value)
        conn.execute("UPDATE meta SET value = ? WHERE key = 'run_index'", (text,))
    edit_codebook(coded, "a keyword added")
    code_auto(load_config(coded))
    assert reads["passes"] == 1
    assert stored(coded) == without_cache(coded, tmp_path, "fresh")
    with cache_of(coded) as cache:  # the full run listed its pieces again
        assert cache.run_index(cache.run_stamp()) is not None


def test_a_run_stopped_midway_leaves_no_index_to_trust(coded, tmp_path, reads, monkeypatch):
    edit_codebook(coded, "a keyword added")

    def stopped(*args, **kwargs):
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(streaming.SuggestionStage, "apply", stopped)
        with pytest.raises(KeyboardInterrupt):
            code_auto(load_config(coded))
    with cache_of(coded) as cache:
        assert cache.run_index(cache.run_stamp()) is None
    code_auto(load_config(coded))
    assert reads["passes"] == 1  # the next run is a full one, and lists its pieces again
    assert stored(coded) == without_cache(coded, tmp_path, "fresh")
    with cache_of(coded) as cache:
        assert cache.run_index(cache.run_stamp()) is not None


def test_a_piece_listed_outside_a_listing_run_is_refused(tmp_path):
    with TokenCache(tmp_path / "cache.db") as cache:
        with pytest.raises(RuntimeError, match="outside a run"):
            cache.index_piece("id", "v", "s", [1], "k", "c")


def test_a_trusted_run_works_out_the_store_signature_only_to_trust_it_and_to_record_itself(
        coded, monkeypatch):
    """The check before the write asks SQLite whether another connection has committed since
    (data_version) rather than scanning the store again; the test in test_warm_recode that
    changes the store meanwhile shows a change is still caught."""
    calls = second_arguments(monkeypatch, streaming, "auto_coding_signature")  # the coders
    digest = streaming.sources_and_cuts_digest
    digests = []
    monkeypatch.setattr(streaming, "sources_and_cuts_digest", lambda store: digests.append(1) or digest(store))
    edit_codebook(coded, "a keyword added")
    code_auto(load_config(coded))
    assert len(calls) == 2
    assert len(digests) == 1  # the sources and their cuts: unchanged from the trust to the record


def test_pieces_matched_again_keep_their_lemmas_as_stored(coded, monkeypatch):
    """A piece's lemma CRCs depend on its tokens alone: a run that matches it again after an
    edit rewrites its head and rows, never its lemmas."""
    written = {"heads": 0, "lemmas": 0}
    original = TokenCache.put_codings

    def counted(self, key, head, rows, lemmas=None):
        written["heads"] += 1
        written["lemmas"] += lemmas is not None
        return original(self, key, head, rows, lemmas)

    monkeypatch.setattr(TokenCache, "put_codings", counted)
    edit_codebook(coded, "a keyword added")
    code_auto(load_config(coded))
    assert written["heads"] > 0 and written["lemmas"] == 0


def test_two_runs_at_once_never_mix_their_lists_of_pieces(tmp_path):
    path = tmp_path / "cache.db"
    with TokenCache(path) as first, TokenCache(path) as second:
        first.start_run()
        first.index_piece("id", "v", "a", [1, 2], "ka1", "ca1")
        first.flush()
        second.start_run()  # starts while the first is listing: the first's list is gone
        second.index_piece("id", "v", "b", [1], "kb1", "cb1")
        first.index_piece("id", "v", "a", [3], "ka2", "ca2")
        assert second.still_owns_run() and not first.still_owns_run()
        first.set_run_stamp("first")
        assert first.run_index("first") is None  # one of its two pieces was deleted
        second.set_run_stamp("second")
        index = second.run_index("second")
        assert [(p.source_id, p.ordinals) for p in index] == [("b", [1])]
        assert index.segments == 1 and index.pieces == 1


def test_a_trusted_run_is_refused_when_another_run_starts_meanwhile(coded, tmp_path, monkeypatch):
    from qualcode.errors import QualcodeError

    edit_codebook(coded, "a keyword added")
    before = stored(coded)
    original = streaming.SuggestionStage.cover

    def cover_while_another_starts(self, segment_ids, kept):
        original(self, segment_ids, kept)
        with cache_of(coded) as other:
            other.start_run()

    with monkeypatch.context() as patch:
        patch.setattr(streaming.SuggestionStage, "cover", cover_while_another_starts)
        with pytest.raises(QualcodeError, match="another `code auto`"):
            code_auto(load_config(coded))
    assert stored(coded) == before  # untouched
    code_auto(load_config(coded))
    assert stored(coded) == without_cache(coded, tmp_path, "fresh")


def test_a_list_that_shrinks_while_it_is_read_is_refused(coded, tmp_path, monkeypatch):
    from qualcode.condense import bulk_coding
    from qualcode.errors import QualcodeError
    from qualcode.store import run_index

    monkeypatch.setattr(run_index, "INDEX_PAGE", 1)  # the list is read a piece at a time
    monkeypatch.setattr(autocode, "INDEX_CHUNK_SEGMENTS", 1)  # and coded as it is read
    original = bulk_coding.code_group
    calls = []

    def code_group_while_another_starts(*args, **kwargs):
        if not calls:
            with cache_of(coded) as other:
                other.start_run()  # deletes the list this run is reading
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(autocode, "code_group", code_group_while_another_starts)
    edit_codebook(coded, "a keyword added")
    before = stored(coded)
    with pytest.raises(QualcodeError, match="changed while"):
        code_auto(load_config(coded))
    assert stored(coded) == before
    monkeypatch.undo()
    code_auto(load_config(coded))
    assert stored(coded) == without_cache(coded, tmp_path, "fresh")


def test_a_damaged_list_of_pieces_is_one_clear_line_and_the_next_run_mends_it(coded, tmp_path, runner):
    from qualcode.cli import app

    with sqlite3.connect(coded / ".qualcode" / "cache.db") as conn:
        conn.execute(f"UPDATE {PIECES} SET ordinals = 'not json' WHERE position = (SELECT MAX(position) FROM {PIECES})")
    edit_codebook(coded, "a keyword added")
    before = stored(coded)
    result = runner.invoke(app, ["--project", str(coded), "code", "auto"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "damaged" in result.output and len(result.output.strip().splitlines()) == 1, result.output
    assert stored(coded) == before
    code_auto(load_config(coded))
    assert stored(coded) == without_cache(coded, tmp_path, "fresh")


def test_a_cache_write_that_fails_shows_its_own_error_once(tmp_path):
    """A failed write is rolled back, and leaving the cache on that error does not hide it
    behind a second one ('cannot start a transaction within a transaction')."""
    with pytest.raises(sqlite3.Error) as raised:
        with TokenCache(tmp_path / "cache.db") as cache:
            cache.start_run()
            cache.pending.add(PIECES, ("too", "few", "values"))
            cache.flush()
    assert "transaction" not in str(raised.value)
    with TokenCache(tmp_path / "cache.db") as cache:  # still a usable cache
        cache.put("k", b"v")
        cache.flush()
        assert cache.get("k") == b"v"


def test_the_cache_is_checkpointed_on_another_thread_while_the_store_writes(coded, monkeypatch):
    """`code auto` has what it wrote to the cache's WAL copied into the cache file while the
    store's transaction runs, so that closing the cache has little left to do."""
    path = coded / ".qualcode" / "cache.db"

    def bases() -> set[str]:
        conn = sqlite3.connect(path)
        try:
            return {row[0] for row in conn.execute("SELECT id FROM codebook_bases")}
        finally:
            conn.close()

    before = bases()
    started = TokenCache.checkpoint_meanwhile

    def checkpoint_and_wait(self):  # for the test: done before the store's write starts
        started(self)
        self._checkpoint.join()

    monkeypatch.setattr(TokenCache, "checkpoint_meanwhile", checkpoint_and_wait)
    seen = {}
    original = streaming.SuggestionStage.apply

    def apply(self, *args, **kwargs):
        seen["cache file"] = path.read_bytes()
        return original(self, *args, **kwargs)

    monkeypatch.setattr(streaming.SuggestionStage, "apply", apply)
    edit_codebook(coded, "a keyword added")
    code_auto(load_config(coded))
    new = bases() - before  # the edited codebook's base, written by this run
    assert new and all(base.encode("ascii") in seen["cache file"] for base in new)
    with TokenCache(path) as cache:
        assert cache.run_stamp() is not None
