"""Keep the token cache from growing for ever.

Every entry is keyed by what it was made from, so nothing in the cache is ever wrong; but
without pruning it only grows: an edited transcript leaves its old pieces' token streams
and codings behind, a new spaCy or lookup-table version leaves every chunk and term learned
under the old one, and each codebook a run meets leaves its base and start table. After a
run that listed all its pieces (see `qualcode.store.run_index`), `prune` deletes what that
run did not use:

- token streams and kept codings of pieces the run does not list, once they are more than
  a quarter of those it does (a few stale entries are not worth a DELETE on every run);
- chunks and terms learned under pipeline versions the run did not use;
- all but the `KEEP_BASES` codebook bases and start tables written last, so that going back
  to a recent codebook still re-matches only the codes it changes.

What is deleted costs at most the time to make it again. SQLite reuses the freed pages, so
the file stops growing rather than shrinks.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qualcode.store.run_index import RunIndex

KEEP_BASES = 32
# Stale pieces are deleted once they outnumber this share of the run's pieces (plus a few).
STALE_SHARE = 0.25
STALE_MIN = 32


def prune(conn: sqlite3.Connection, index: "RunIndex", tags: list[str], tables: dict[str, str],
          owner: str | None) -> dict[str, int]:
    """Delete what the run of `index` did not use, in one transaction, unless another run has
    started since (`owner` is no longer the cache's `run_owner`): its entries are not in
    this index. `tags`: the run's pipeline versions as the chunk and term tables key them.
    `tables` names the tables: batches, codings, rows, lemmas, pieces, chunks, terms, bases,
    starts. Returns how many rows went from each table (only those that lost some)."""
    deleted: dict[str, int] = {}
    # Pruning can wait for the next run: it never waits for another process's write.
    waits = conn.execute("PRAGMA busy_timeout").fetchone()[0]
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:
        return deleted
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(waits)}")
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'run_owner'").fetchone()
        if owner is None or row is None or row[0] != owner:
            conn.execute("ROLLBACK")
            return deleted
        listed = f"SELECT {{column}} FROM {tables['pieces']} WHERE run = ?"
        for column, names in (("token_key", ("batches",)), ("codings_key", ("codings", "rows", "lemmas"))):
            first = tables[names[0]]
            held = conn.execute(f"SELECT COUNT(*) FROM {first}").fetchone()[0]
            if held - index.pieces <= max(STALE_MIN, STALE_SHARE * index.pieces):
                continue
            for name in names:
                deleted[name] = conn.execute(
                    f"DELETE FROM {tables[name]} WHERE key NOT IN ({listed.format(column=column)})",
                    (index.run,)).rowcount
        tags = sorted(set(tags))
        for name in ("chunks", "terms"):
            if _other_versions(conn, tables[name], tags):
                marks = ",".join("?" * len(tags))
                deleted[name] = conn.execute(f"DELETE FROM {tables[name]} WHERE version NOT IN ({marks})",
                                             tags).rowcount
        for name in ("bases", "starts"):
            deleted[name] = conn.execute(
                f"DELETE FROM {tables[name]} WHERE rowid <= (SELECT rowid FROM {tables[name]}"
                " ORDER BY rowid DESC LIMIT 1 OFFSET ?)", (KEEP_BASES,)).rowcount
    except sqlite3.OperationalError:  # e.g. a full disk: the cache stays as it was
        conn.execute("ROLLBACK")
        return {}
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return {name: n for name, n in deleted.items() if n}


def _other_versions(conn: sqlite3.Connection, table: str, tags: list[str]) -> bool:
    """Does `table` (keyed by version first) hold a version not in `tags` (sorted)? A few
    seeks into its key, not a scan: below the first tag, between two, above the last."""
    if not tags:
        return False
    if conn.execute(f"SELECT 1 FROM {table} WHERE version < ? LIMIT 1", (tags[0],)).fetchone():
        return True
    if conn.execute(f"SELECT 1 FROM {table} WHERE version > ? LIMIT 1", (tags[-1],)).fetchone():
        return True
    return any(conn.execute(f"SELECT 1 FROM {table} WHERE version > ? AND version < ? LIMIT 1",
                            (low, high)).fetchone() for low, high in zip(tags, tags[1:]))
