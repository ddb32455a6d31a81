"""A cache of tokenised documents (spaCy DocBin bytes), kept apart from the project store.

It lives in `.qualcode/cache.db`: deleting it loses nothing but time. Entries are keyed
by a hash of the texts and of the pipeline version, so a changed text or a new lemma
rule simply misses.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


class TokenCache:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("CREATE TABLE IF NOT EXISTS docs (key TEXT PRIMARY KEY, data BLOB NOT NULL)")
        self.pending: list[tuple[str, bytes]] = []

    def get(self, key: str) -> bytes | None:
        row = self.conn.execute("SELECT data FROM docs WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def put(self, key: str, data: bytes) -> None:
        self.pending.append((key, data))
        if len(self.pending) >= 200:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        self.conn.execute("BEGIN")
        self.conn.executemany("INSERT OR REPLACE INTO docs (key, data) VALUES (?, ?)", self.pending)
        self.conn.execute("COMMIT")
        self.pending.clear()

    def close(self) -> None:
        self.flush()
        self.conn.close()

    def __enter__(self) -> "TokenCache":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
