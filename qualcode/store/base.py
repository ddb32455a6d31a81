"""The store's connection: WAL, foreign keys, migrations, one transaction per command's writes.

Concurrency: SQLite lets one process write at a time. A writer waits for the lock at
most `busy_timeout()` seconds (QUALCODE_BUSY_TIMEOUT, default 30); then it gives up
with a StoreBusy that names the operation that waited and, when it is known, the one
holding the lock (each writer leaves a note in `.qualcode/writer.json` while it writes).

Versions: PRAGMA user_version counts the migrations applied; the `meta` table (made on
the first write) records the qualcode version that last wrote the store. Before an older
store is migrated, a copy is written to `.qualcode/backup-<schema version>.db`.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from qualcode import __version__
from qualcode.errors import StoreBusy, StoreError, current_operation
from qualcode.model import Match
from qualcode.store.schema import MIGRATIONS

DEFAULT_BUSY_TIMEOUT = 30.0
WRITER_NOTE = "writer.json"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _attributes_json(attributes: dict) -> str:
    return json.dumps(attributes, sort_keys=True, ensure_ascii=False, default=str)


def _matches_json(matches) -> str:
    return json.dumps([m.as_dict() for m in matches], ensure_ascii=False)


def _matches(text: str) -> tuple[Match, ...]:
    return tuple(Match(**item) for item in json.loads(text or "[]"))


def _statements(script: str) -> Iterator[str]:
    """Complete SQL statements of a script; a `;` inside a comment or string does not split."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            yield buffer
            buffer = ""
    if buffer.strip() and not all(l.strip().startswith("--") or not l.strip()
                                  for l in buffer.splitlines()):
        raise ValueError(f"incomplete SQL statement in a migration: {buffer.strip()[:60]}")


BOUND_PARAMETERS = 500  # well under SQLite's limit on the parameters one statement binds


def in_chunks(items: list) -> Iterator[tuple[list, str]]:
    """`items` in slices one `IN (…)` can bind, each with its `?,?,…` placeholders."""
    for start in range(0, len(items), BOUND_PARAMETERS):
        part = items[start:start + BOUND_PARAMETERS]
        yield part, ",".join("?" * len(part))


def text_fingerprint(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def busy_timeout() -> float:
    """Seconds a writer waits for another process's write lock before giving up."""
    try:
        value = float(os.environ.get("QUALCODE_BUSY_TIMEOUT", DEFAULT_BUSY_TIMEOUT))
    except ValueError:
        return DEFAULT_BUSY_TIMEOUT
    return min(max(value, 0.0), 600.0)


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


class StoreBase:
    """A project's SQLite database. Use `transaction()` around every command's writes."""

    def __init__(self, path: Path, private: bool = False):
        """`private`: a new store that only this process knows of, thrown away unless it is
        written whole (the first ingest builds one): its journal is kept in memory and
        nothing is synced until `finish_private`. About a tenth of that ingest's time goes on
        the WAL's copy of every page and the checkpoint that copies it back."""
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.timeout = busy_timeout()
        self._stamped = False
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=self.timeout)
        except sqlite3.DatabaseError as exc:
            raise StoreError(self._unopenable(exc)) from None
        try:
            try:
                if private:
                    self.conn.execute("PRAGMA journal_mode = MEMORY")  # ROLLBACK still works
                    self.conn.execute("PRAGMA synchronous = OFF")
                else:
                    self._use_wal()
            except sqlite3.DatabaseError as exc:
                raise StoreError(self._unopenable(exc)) from None
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.conn.row_factory = sqlite3.Row
            self._migrate()
        except BaseException:
            self.conn.close()
            raise

    def _unopenable(self, exc: sqlite3.DatabaseError) -> str:
        """Why the store would not open: a folder or file that may not be written (SQLite writes
        beside a WAL store even to read it) is not a damaged store, and must not be called one."""
        unwritable = [p for p in (self.path.parent, self.path) if p.exists() and not os.access(p, os.W_OK)]
        if unwritable or "readonly" in str(exc):
            where = unwritable[0] if unwritable else self.path
            return (f"{where}: read-only, and qualcode writes beside its store even to read it; "
                    "make it writable, or copy the project to a place you may write")
        return f"{self.path}: not a qualcode store ({exc})"

    def _use_wal(self) -> None:
        """Switch to WAL. Two processes creating (or first opening) a store at once can get
        SQLITE_BUSY here without SQLite waiting at all, so wait by hand, as long as a write would."""
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                with self._waiting("open the project store"):
                    self.conn.execute("PRAGMA journal_mode = WAL")
                return
            except StoreBusy:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(0.02)

    # -- lifecycle -------------------------------------------------------------------
    def finish_private(self) -> None:
        """A private store, written whole, before it is put in place: in WAL mode like every
        store (recorded in the file, so opening it later changes no byte) and on disk."""
        self._use_wal()
        descriptor = os.open(self.path, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "StoreBase":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    @property
    def written_by(self) -> str | None:
        """The qualcode version that last wrote this store (None: older than the record)."""
        if not self.conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone():
            return None
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'qualcode_version'").fetchone()
        return row[0] if row else None

    # -- migrations ------------------------------------------------------------------
    def _migrate(self) -> None:
        current = self.schema_version
        if current > len(MIGRATIONS):
            writer = self.written_by
            raise StoreError(
                f"{self.path}: made by a newer qualcode ({writer or 'unknown version'}, schema "
                f"{current}; this is qualcode {__version__}, schema {len(MIGRATIONS)}); upgrade "
                "qualcode to open it")
        if current == len(MIGRATIONS):
            return
        backup = None
        # One transaction for every pending step: the store is at the old version or the
        # new one, never in between, even when the process is killed half-way.
        try:
            with self.transaction("migrate the project store"):
                # Another process may have migrated while this one waited for the lock.
                start = self.schema_version
                if 0 < start < len(MIGRATIONS):
                    backup = self._backup(start)
                for number, script in enumerate(MIGRATIONS[start:], start=start + 1):
                    for statement in _statements(script):
                        self.conn.execute(statement)
                    self.conn.execute(f"PRAGMA user_version = {number}")
        except sqlite3.DatabaseError as exc:
            kept = f"; a copy is in {backup.name}" if backup else ""
            raise StoreError(f"{self.path}: could not upgrade the store from schema {current} to "
                             f"{len(MIGRATIONS)} ({exc}); it was left as it was{kept}") from None

    def _backup(self, version: int) -> Path:
        """A consistent copy of the store before migrating it from `version`. Called with the
        write lock held, so nobody migrates meanwhile; a second connection reads the store as
        last committed (this one cannot back up while it holds the lock)."""
        target = self.path.parent / f"backup-{version}.db"
        if target.exists():
            return target  # an earlier attempt already kept this version's data
        partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            source, copy = sqlite3.connect(self.path), sqlite3.connect(partial)
            try:
                source.backup(copy)
            finally:
                copy.close()
                source.close()
            os.replace(partial, target)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        return target

    # -- transactions ----------------------------------------------------------------
    @contextmanager
    def transaction(self, operation: str | None = None) -> Iterator[None]:
        """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any exception (Ctrl-C included).

        Waits for another writer at most `self.timeout` seconds, then raises StoreBusy."""
        if self.conn.in_transaction:
            yield
            return
        with self._waiting(operation):
            self.conn.execute("BEGIN IMMEDIATE")
        note = self._leave_note(operation)
        try:
            yield
            self._stamp()
            self.conn.execute("COMMIT")
        except BaseException:
            try:
                self.conn.execute("ROLLBACK")
            except (sqlite3.ProgrammingError, sqlite3.OperationalError):
                # Closed already (Ctrl-C came before this `with` had entered, so only the
                # generator's cleanup is left, and closing rolled the transaction back), or
                # SQLite rolled back itself (a disk I/O error, a full disk): nothing is left
                # to undo, and the error that matters is the one being raised.
                pass
            self._remove_note(note)
            raise
        self._remove_note(note)

    @contextmanager
    def _waiting(self, operation: str | None) -> Iterator[None]:
        try:
            yield
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc):
                raise
            raise StoreBusy(self._busy_message(operation)) from None

    def _busy_message(self, operation: str | None) -> str:
        waiting = operation or current_operation()
        holder = self._holder()
        held = f"{holder} is still writing to it" if holder else "another process is writing to it"
        return (f"{self.path}: `{waiting}` waited {self.timeout:g}s for the project store, but "
                f"{held}; run it again when that has finished")

    def _stamp(self) -> None:
        """Record, inside the write transaction, which qualcode version wrote the store."""
        if self._stamped:
            return
        self.conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'qualcode_version'").fetchone()
        if row is None or row[0] != __version__:
            self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('qualcode_version', ?)",
                              (__version__,))
        self._stamped = True

    # -- who holds the write lock -------------------------------------------------------
    def _leave_note(self, operation: str | None) -> Path | None:
        note = self.path.parent / WRITER_NOTE
        try:
            note.write_text(json.dumps({"pid": os.getpid(), "operation": operation or current_operation(),
                                        "since": _now()}), encoding="utf-8")
        except OSError:
            return None
        return note

    @staticmethod
    def _remove_note(note: Path | None) -> None:
        if note is None:
            return
        try:
            if json.loads(note.read_text(encoding="utf-8")).get("pid") == os.getpid():
                note.unlink()
        except (OSError, ValueError):
            pass

    def _holder(self) -> str | None:
        """`qualcode run` (pid 123, since …) when the writer's note is there and it is alive."""
        try:
            note = json.loads((self.path.parent / WRITER_NOTE).read_text(encoding="utf-8"))
            pid = int(note["pid"])
            if pid != os.getpid():
                os.kill(pid, 0)
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return f"`{note.get('operation') or 'qualcode'}` (pid {pid}, since {note.get('since', '?')})"
