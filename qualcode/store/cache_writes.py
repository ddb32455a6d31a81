"""The token cache's writes, held until its next flush writes them in one transaction.

A cold run makes tens of thousands of small writes (token streams, kept codings, learned
chunks, the list of pieces); one transaction each would cost more than the coding.
"""

from __future__ import annotations

import sqlite3


class PendingWrites:
    """Rows waiting for a flush, per table, each table with the statement that writes them.
    Tables in `keyed` hold the last value per key (written as (key, value) rows); the others,
    every row in order. `size` counts the bytes held, for the caller's flush threshold."""

    def __init__(self, statements: dict[str, str], keyed: frozenset[str] = frozenset()):
        self.statements = statements
        self.rows: dict[str, list | dict] = {table: {} if table in keyed else [] for table in statements}
        self.size = 0

    def add(self, table: str, row: tuple, size: int = 0) -> None:
        self.rows[table].append(row)
        self.size += size

    def keep(self, table: str, key: str, value) -> None:
        """A keyed table's value for `key` (a later one replaces it before the flush)."""
        self.rows[table][key] = value

    def count(self, table: str) -> int:
        return len(self.rows[table])

    def __bool__(self) -> bool:
        return any(self.rows.values())

    def write(self, conn: sqlite3.Connection) -> None:
        """Everything held, in one transaction; held until it commits (a failed write is
        rolled back, so the error that stopped it is the one shown)."""
        if not self:
            return
        conn.execute("BEGIN")
        try:
            for table, statement in self.statements.items():
                rows = self.rows[table]
                conn.executemany(statement, rows.items() if isinstance(rows, dict) else rows)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        for rows in self.rows.values():
            rows.clear()
        self.size = 0
