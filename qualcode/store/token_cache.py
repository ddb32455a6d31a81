"""A cache of tokenised text, kept apart from the project store.

It lives in `.qualcode/cache.db`: deleting it loses nothing but time. Its tables:

- `token_batches`: the tokens of a piece of a source (`TokenBatch.to_bytes`), keyed by a
  hash of the texts and of the pipeline version, so a changed text or a new lemma rule
  simply misses;
- `term_tokens`: each codebook term's lemmas, per pipeline version, so a warm run after a
  codebook edit tokenises only the new terms;
- `chunk_tokens`: how each whitespace-delimited chunk met so far tokenises, per pipeline
  version, so a new term made of known words needs no pipeline either;
- `piece_codings6`, `piece_lemmas6` and `piece_rows6`: the codings of a piece, keyed by its
  tokens and segments, in three parts: the head (the fingerprints that say which part of
  the codebook they depend on, the base they were made under, and counts), the segments'
  lemma CRCs (which never change for a key, so are written once) and the rows, which a run
  reads only where it needs them (`qualcode.condense.coding_cache`);
- `codebook_bases`: each codebook a run made rows under, as a digest per code, so after an
  edit only the codes it changed are matched again (`qualcode.condense.code_changes`);
- `start_tables`: per base, the digests of the lemmas that start its patterns, which every
  segment's fingerprint is summed from (`TermMatcher.start_table_bytes`), so a run on a
  codebook met before does not hash them again;
- `run_pieces2`: the pieces of the last auto-coding run, in order (language, source,
  segment ordinals, token and codings keys), so a trusted rerun finds every piece's kept
  codings without reading the project's segments (`qualcode.store.run_index`);
- `meta`: `run_stamp`, the last auto-coding run whose rows the project store committed
  (the store keeps the same stamp; see `qualcode.store.streaming.SuggestionStage`), and
  `run_index`, the stamp of the run whose pieces `run_pieces2` lists, with its pipeline
  versions.

The table names carry the format: a new format gets new tables and the old ones are
dropped, never misread. After each run, what it did not use is pruned
(`qualcode.store.cache_pruning`), so the cache does not grow for ever.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
import uuid
from pathlib import Path

from qualcode.errors import StoreError
from qualcode.store.cache_pruning import prune
from qualcode.store.cache_writes import PendingWrites
from qualcode.store.run_index import PIECES, RunIndex

BATCHES = "token_batches"
CODINGS = "piece_codings6"
LEMMAS = "piece_lemmas6"
ROWS = "piece_rows6"
TERMS = "term_tokens"
CHUNKS = "chunk_tokens"
BASES = "codebook_bases"
STARTS = "start_tables"
# DocBin bytes of qualcode before the token-batch format; codings before piece fingerprints,
# kept as text, and kept whole
OLD_TABLES = ("docs", "piece_codings", "piece_codings2", "piece_codings3", "piece_codings4", "piece_rows4",
              "piece_codings5", "piece_lemmas5", "piece_rows5", "run_pieces")
FLUSH_ENTRIES = 200
FLUSH_BYTES = 16 * 1024 * 1024
CHECKPOINT_PAGES = 50_000  # WAL pages (4 KiB each) before SQLite copies them into the file
# The tables `prune` keeps to what the last run used.
PRUNED = {"batches": BATCHES, "codings": CODINGS, "rows": ROWS, "lemmas": LEMMAS, "pieces": PIECES,
          "chunks": CHUNKS, "terms": TERMS, "bases": BASES, "starts": STARTS}
# What a flush writes, in this order (keyed tables: the last value per id).
WRITES = {
    BATCHES: f"INSERT OR REPLACE INTO {BATCHES} (key, data) VALUES (?, ?)",
    CODINGS: f"INSERT OR REPLACE INTO {CODINGS} (key, data) VALUES (?, ?)",
    ROWS: f"INSERT OR REPLACE INTO {ROWS} (key, data) VALUES (?, ?)",
    LEMMAS: f"INSERT OR REPLACE INTO {LEMMAS} (key, data) VALUES (?, ?)",
    PIECES: f"INSERT INTO {PIECES} (run, language, source_id, ordinals, token_key, codings_key)"
            " VALUES (?, ?, ?, ?, ?, ?)",
    CHUNKS: f"INSERT OR REPLACE INTO {CHUNKS} (version, text, tokens) VALUES (?, ?, ?)",
    BASES: f"INSERT OR REPLACE INTO {BASES} (id, data) VALUES (?, ?)",
    STARTS: f"INSERT OR REPLACE INTO {STARTS} (id, data) VALUES (?, ?)",
}


def _parsed(text):
    try:
        return json.loads(text)
    except (ValueError, TypeError):
        return None


def _term_tokens_ok(found) -> bool:
    """Is this what `put_term_tokens` wrote: [lemmas, is-space flags] of one length? (A
    damaged row is left out: its term is tokenised again.)"""
    return (type(found) is list and len(found) == 2 and type(found[0]) is list
            and type(found[1]) is list and len(found[0]) == len(found[1]))


def _short(version: str) -> str:
    """A pipeline version as a short key (it is repeated on every row)."""
    return hashlib.sha1(version.encode("utf-8")).hexdigest()[:12]


class TokenCache:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.path.is_dir():
            raise StoreError(f"{self.path}: a folder where the token cache (a file of saved time) belongs: "
                             "move it away, and qualcode makes the cache again")
        if self.path.exists() and not os.access(self.path, os.W_OK):  # else its first write fails unnamed
            raise StoreError(f"{self.path}: read-only; it holds only the token cache (saved time): "
                             "delete it and qualcode makes a new one, or make it writable")
        try:
            self._open()
        except sqlite3.DatabaseError:
            # not a database (damaged, or another file under its name): it holds nothing but
            # saved time, so it is started again rather than reported as the project's store
            if getattr(self, "conn", None) is not None:
                self.conn.close()
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            self._open()
        self.pending = PendingWrites(WRITES, keyed=frozenset({BASES, STARTS}))
        self._terms: dict[str, dict] = {}
        self._index: dict | None = None  # this run's index, as it will be recorded
        self.listing = False  # is a run listing its pieces (`index_piece`)?
        self._owner: str | None = None  # this run's tag, kept in meta as `run_owner`
        self._checkpoint: threading.Thread | None = None  # `checkpoint_meanwhile`'s

    def _open(self) -> None:
        self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = NORMAL")  # a cache: losing the last write is fine
        # A cold run writes ~20 MB per million words. Checkpointing every 4 MB (SQLite's
        # default) syncs the file each time, a twentieth of the run; the WAL is copied at
        # the end instead (`checkpoint_meanwhile`, `close`), or every ~200 MB.
        self.conn.execute(f"PRAGMA wal_autocheckpoint = {CHECKPOINT_PAGES}")
        self.conn.execute(f"CREATE TABLE IF NOT EXISTS {BATCHES} (key TEXT PRIMARY KEY, data BLOB NOT NULL)")
        for table in (CODINGS, LEMMAS, ROWS):  # values of kilobytes: rowid tables, not WITHOUT ROWID
            self.conn.execute(f"CREATE TABLE IF NOT EXISTS {table} (key TEXT PRIMARY KEY, data BLOB NOT NULL)")
        for table in (TERMS, CHUNKS):
            self.conn.execute(f"CREATE TABLE IF NOT EXISTS {table} (version TEXT NOT NULL,"
                              " text TEXT NOT NULL, tokens TEXT NOT NULL, PRIMARY KEY (version, text))"
                              " WITHOUT ROWID")
        self.conn.execute(f"CREATE TABLE IF NOT EXISTS {PIECES} (position INTEGER PRIMARY KEY, run TEXT NOT NULL,"
                          " language TEXT NOT NULL, source_id TEXT NOT NULL, ordinals TEXT NOT NULL,"
                          " token_key TEXT NOT NULL, codings_key TEXT NOT NULL)")
        self.conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        self.conn.execute(f"CREATE TABLE IF NOT EXISTS {BASES} (id TEXT PRIMARY KEY, data TEXT NOT NULL)")
        self.conn.execute(f"CREATE TABLE IF NOT EXISTS {STARTS} (id TEXT PRIMARY KEY, data BLOB NOT NULL)")
        tables = {row[0] for row in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        for table in tables.intersection(OLD_TABLES):
            self.conn.execute(f"DROP TABLE {table}")

    # -- token batches ------------------------------------------------------------------
    def get(self, key: str) -> bytes | None:
        row = self.conn.execute(f"SELECT data FROM {BATCHES} WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def get_many(self, keys: list[str]) -> dict[str, bytes]:
        return self._many(BATCHES, keys)

    def _many(self, table: str, keys: list[str], column: str = "key") -> dict:
        found = {}
        for start in range(0, len(keys), 500):
            part = keys[start:start + 500]
            found.update(self.conn.execute(
                f"SELECT {column}, data FROM {table} WHERE {column} IN ({','.join('?' * len(part))})", part))
        return found

    def put(self, key: str, data: bytes) -> None:
        self.pending.add(BATCHES, (key, data), len(data))
        if self.pending.count(BATCHES) >= FLUSH_ENTRIES or self.pending.size >= FLUSH_BYTES:
            self.flush()

    def flush(self) -> None:
        self.pending.write(self.conn)

    # -- a piece's codings ----------------------------------------------------------------
    def get_codings(self, key: str) -> bytes | None:
        """A piece's head (see `qualcode.condense.coding_cache.CodingsEntry.encode`)."""
        row = self.conn.execute(f"SELECT data FROM {CODINGS} WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def get_codings_many(self, keys: list[str]) -> dict[str, bytes]:
        return self._many(CODINGS, keys)

    def get_rows_many(self, keys: list[str]) -> dict[str, bytes]:
        return self._many(ROWS, keys)

    def get_lemmas_many(self, keys: list[str]) -> dict[str, bytes]:
        return self._many(LEMMAS, keys)

    def put_codings(self, key: str, head: bytes, rows: bytes | None, lemmas: bytes | None = None) -> None:
        """A piece's head, and its rows and lemmas when they are new (None: kept as stored)."""
        self.pending.add(CODINGS, (key, head), len(head))
        if rows is not None:
            self.pending.add(ROWS, (key, rows), len(rows))
        if lemmas is not None:
            self.pending.add(LEMMAS, (key, lemmas), len(lemmas))
        if self.pending.count(CODINGS) >= FLUSH_ENTRIES or self.pending.size >= FLUSH_BYTES:
            self.flush()

    def get_bases(self, ids: list[str]) -> dict[str, str]:
        """The codebook bases kept under these ids (`code_changes.Base.to_json`)."""
        return self._many(BASES, ids, "id")

    def put_base(self, base_id: str, data: str) -> None:
        """Keep a base (written with the entries made under it). An id always names the same
        base, so writing it again mends a damaged row."""
        self.pending.keep(BASES, base_id, data)

    def get_start_table(self, base_id: str) -> bytes | None:
        """The start table kept for a base (`TermMatcher.start_table_bytes`)."""
        row = self.conn.execute(f"SELECT data FROM {STARTS} WHERE id = ?", (base_id,)).fetchone()
        return row[0] if row else None

    def put_start_table(self, base_id: str, data: bytes) -> None:
        self.pending.keep(STARTS, base_id, data)

    # -- codebook terms -------------------------------------------------------------------
    def term_tokens(self, version: str) -> dict[str, tuple[tuple[str, ...], tuple[bool, ...]]]:
        """text -> (lemmas, is-space flags) of every term tokenised with this pipeline version."""
        if version not in self._terms:
            rows = self.conn.execute(f"SELECT text, tokens FROM {TERMS} WHERE version = ?",
                                     (_short(version),)).fetchall()
            try:  # one parse for all the rows, not one per term
                parsed = json.loads("[" + ",".join(tokens for _, tokens in rows) + "]")
            except (ValueError, TypeError):
                parsed = [_parsed(tokens) for _, tokens in rows]
            self._terms[version] = {text: (tuple(found[0]), tuple(found[1])) for (text, _), found in zip(rows, parsed)
                                    if _term_tokens_ok(found)}
        return self._terms[version]

    def put_term_tokens(self, version: str, found: dict[str, tuple[tuple[str, ...], tuple[bool, ...]]]) -> None:
        self.conn.execute("BEGIN")
        self.conn.executemany(
            f"INSERT OR REPLACE INTO {TERMS} (version, text, tokens) VALUES (?, ?, ?)",
            [(_short(version), text, json.dumps([list(lemmas), list(spaces)], ensure_ascii=False))
             for text, (lemmas, spaces) in found.items()])
        self.conn.execute("COMMIT")
        self._terms.setdefault(version, {}).update(found)

    # -- chunks -------------------------------------------------------------------------
    def chunk_tokens(self, version: str, chunks: list[str]) -> dict[str, str]:
        """chunk -> its tokens (as the tokenizer encoded them) for chunks known with this version."""
        found = {}
        tag = _short(version)
        for start in range(0, len(chunks), 500):
            part = chunks[start:start + 500]
            found.update(self.conn.execute(
                f"SELECT text, tokens FROM {CHUNKS} WHERE version = ? AND text IN"
                f" ({','.join('?' * len(part))})", (tag, *part)))
        return found

    def put_chunk_tokens(self, version: str, found: dict[str, str]) -> None:
        """Keep how these chunks tokenise (written with the next flush: a commit per batch of
        learned chunks cost a cold run about a tenth of a second)."""
        if not found:
            return
        tag = _short(version)
        for text, tokens in found.items():
            self.pending.add(CHUNKS, (tag, text, tokens), len(text) + len(tokens))
        if self.pending.size >= FLUSH_BYTES:
            self.flush()

    # -- the pieces of the last run -------------------------------------------------------
    def run_index(self, stamp: str | None) -> RunIndex | None:
        """The pieces of the run that left `stamp`, when that run listed them all and they
        are all there (another run starting meanwhile deletes them)."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'run_index'").fetchone()
        try:
            found = json.loads(row[0]) if row else None
            if not (stamp and isinstance(found, dict) and found.get("stamp") == stamp):
                return None
            index = RunIndex(self, stamp, str(found["run"]), dict(found["versions"]), int(found["segments"]),
                             int(found["pieces"]))
        except (ValueError, TypeError, KeyError):
            return None
        listed = self.conn.execute(f"SELECT COUNT(*) FROM {PIECES} WHERE run = ?", (index.run,)).fetchone()[0]
        return index if listed == index.pieces else None

    def start_run(self, index: RunIndex | None = None) -> None:
        """A run begins: the last run's stamp no longer holds. With `index`, the run codes the
        pieces it lists, which stay listed; without, the run lists its pieces (`index_piece`)
        as it goes."""
        self.set_run_stamp(None)
        self._owner = uuid.uuid4().hex
        self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('run_owner', ?)", (self._owner,))
        if index is not None:
            self._index = {"run": index.run, "versions": index.versions, "segments": index.segments,
                           "pieces": index.pieces}
            self.listing = False
            return
        # Under a tag of its own: two runs at once never mix their lists.
        run = self._owner
        self.conn.execute("BEGIN")
        self.conn.execute("DELETE FROM meta WHERE key = 'run_index'")
        self.conn.execute(f"DELETE FROM {PIECES}")
        self.conn.execute("COMMIT")
        self._index = {"run": run, "versions": {}, "segments": 0, "pieces": 0}
        self.listing = True

    def index_piece(self, language: str, version: str, source_id: str, ordinals: list[int],
                    key: str, codings_key: str) -> None:
        """List the run's next piece (written with the next flush)."""
        if not self.listing:
            raise RuntimeError("index_piece outside a run that lists its pieces")
        known = self._index["versions"].setdefault(language, version)
        if known != version:
            raise RuntimeError(f"two pipeline versions for {language!r} in one run")
        self._index["segments"] += len(ordinals)
        self._index["pieces"] += 1
        self.pending.add(PIECES, (self._index["run"], language, source_id, json.dumps(ordinals), key, codings_key))

    def still_owns_run(self) -> bool:
        """Has no other run started on this cache since this one's `start_run`? (Another
        run rewrites kept codings and the list of pieces this run relies on.)"""
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'run_owner'").fetchone()
        return self._owner is not None and row is not None and row[0] == self._owner

    # -- the last run the project store agrees with ---------------------------------------
    def run_stamp(self) -> str | None:
        """The stamp of the last `code auto` whose suggestions the store committed, when every
        piece's kept codings are the rows that run left in the store."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'run_stamp'").fetchone()
        return row[0] if row else None

    def set_run_stamp(self, stamp: str | None) -> None:
        """Keep `stamp` (written, with every pending entry, before it counts), or forget it.
        The pieces this run listed since `start_run` are recorded as the stamped run's."""
        self.flush()
        if stamp is None:
            self.conn.execute("DELETE FROM meta WHERE key = 'run_stamp'")
            return
        self.conn.execute("BEGIN")
        if self._index is not None:
            self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('run_index', ?)",
                              (json.dumps({"stamp": stamp, **self._index}),))
        self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('run_stamp', ?)", (stamp,))
        self.conn.execute("COMMIT")
        self._index, self.listing = None, False

    def prune_to_run(self, stamp: str) -> dict[str, int]:
        """After `set_run_stamp(stamp)`: delete what that run did not use (see
        `qualcode.store.cache_pruning`). Returns how many rows went from which table."""
        index = self.run_index(stamp)
        if index is None:
            return {}
        return prune(self.conn, index, [_short(v) for v in index.versions.values()], PRUNED, self._owner)

    # -- lifecycle ------------------------------------------------------------------------
    def checkpoint_meanwhile(self) -> None:
        """Copy what this run wrote from the cache's WAL into its file on another thread,
        while the caller goes on (with the store's write). SQLite does it without holding
        the GIL, so on a second core the close, which would do it, is left little; a warm
        re-code spent a twentieth of its time there. `close` waits for it."""
        if self._checkpoint is not None:
            return

        def checkpoint() -> None:
            try:
                conn = sqlite3.connect(self.path, timeout=30)
                try:
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
                finally:
                    conn.close()
            except sqlite3.Error:
                pass  # the close checkpoints what is left

        self._checkpoint = threading.Thread(target=checkpoint, name="cache checkpoint", daemon=True)
        self._checkpoint.start()

    def close(self) -> None:
        try:
            self.flush()
        finally:
            if self._checkpoint is not None:
                self._checkpoint.join()
            self.conn.close()

    def __enter__(self) -> "TokenCache":
        return self

    def __exit__(self, exc_type, exc, traceback) -> None:
        if exc_type is None:
            self.close()
            return
        try:  # leaving on an error: keep what can be kept, but show that error, not this one
            self.close()
        except (sqlite3.Error, OSError):
            pass
