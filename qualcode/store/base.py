"""The store's connection: WAL, foreign keys, migrations, one transaction per command's writes."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from qualcode.errors import StoreError
from qualcode.model import Match
from qualcode.store.schema import MIGRATIONS


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


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


def text_fingerprint(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class StoreBase:
    """A project's SQLite database. Use `transaction()` around every command's writes."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            self.conn.execute("PRAGMA journal_mode = WAL")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a qualcode store ({exc})") from None
        self.conn.execute("PRAGMA foreign_keys = ON")
        self.conn.row_factory = sqlite3.Row
        self._migrate()

    # -- lifecycle -------------------------------------------------------------------
    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "StoreBase":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        current = self.schema_version
        if current > len(MIGRATIONS):
            raise StoreError(
                f"{self.path}: made by a newer qualcode (schema {current}); upgrade qualcode"
            )
        for number, script in enumerate(MIGRATIONS[current:], start=current + 1):
            with self.transaction():
                for statement in _statements(script):
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {number}")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any exception (Ctrl-C included)."""
        if self.conn.in_transaction:
            yield
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")
