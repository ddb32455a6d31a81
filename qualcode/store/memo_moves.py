"""Memos on a source's segments and codings, kept with them when the source is cut again.

A re-ingest deletes a source's segments and writes them anew, carrying each coding to the
new segment with the same text (`SourceOps.put_source`). Memos name their segment by id
(`source:ordinal`) and their coding by number, so a new turn at the top of a file would
leave a memo on whatever passage now has its old number. Here each memo follows its
segment (or coding) to its new id; a memo whose passage is gone (its text changed) moves
to the source, with a line saying where it was and on which words, and is never lost. A
source whose file is gone takes its memos' passages with it: they move to the project.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from qualcode.store.base import _now, in_chunks

EXCERPT_CHARS = 80


@dataclass
class MemoMoves:
    """The memos on one source's segments and codings, read before its segments go."""

    on_segments: dict[str, list[int]]        # old segment id -> memo ids
    on_codings: dict[int, list[int]]         # coding id -> memo ids

    @classmethod
    def read(cls, conn: sqlite3.Connection, segment_ids: list[str], coding_ids: list[int]) -> "MemoMoves":
        on_segments: dict[str, list[int]] = {}
        on_codings: dict[int, list[int]] = {}
        for row in _memos_of(conn, "segment", segment_ids):
            on_segments.setdefault(row[1], []).append(row[0])
        for row in _memos_of(conn, "coding", [str(i) for i in coding_ids]):
            on_codings.setdefault(int(row[1]), []).append(row[0])
        return cls(on_segments, on_codings)

    def follow_segments(self, conn: sqlite3.Connection, new_id_of: dict[str, str | None],
                        source_id: str, old_texts: dict[str, str]) -> None:
        """Each segment memo to its segment's new id (by memo id, so a chain of renumbered
        segments cannot move a memo twice); to the source when its segment is gone."""
        for old, memo_ids in self.on_segments.items():
            new = new_id_of.get(old)
            for memo_id in memo_ids:
                if new is not None:
                    conn.execute("UPDATE memos SET target_id = ? WHERE id = ?", (new, memo_id))
                else:
                    _rehome(conn, memo_id, ("source", source_id), f"segment {old}", CHANGED,
                            old_texts.get(old, ""))

    def coding_gone(self, conn: sqlite3.Connection, coding_id: int, home: tuple[str, str],
                    code_id: str, segment_text: str, why: str = "") -> None:
        """A coding that was not carried over: its memos move to `home` (kind, id)."""
        for memo_id in self.on_codings.get(coding_id, ()):
            _rehome(conn, memo_id, home, f"coding #{coding_id} ({code_id})", why or CHANGED, segment_text)

    def source_gone(self, conn: sqlite3.Connection, source_id: str, path: str,
                    old_texts: dict[str, str]) -> None:
        """Every memo on a removed source, its segments (its codings: `coding_gone`) to the project."""
        why = f"whose file {path} is gone from the transcripts"
        for memo_id, _ in _memos_of(conn, "source", [source_id]):
            _rehome(conn, memo_id, ("project", ""), f"source {source_id}", why, "")
        for old, memo_ids in self.on_segments.items():
            for memo_id in memo_ids:
                _rehome(conn, memo_id, ("project", ""), f"segment {old}", why, old_texts.get(old, ""))


CHANGED = "whose text changed when the source was ingested again"
WITHDRAWN = "a machine suggestion `code auto` withdrew (its terms no longer suggest it)"


# The codings (ids as text) that have memos: few or none in most projects.
ON_MEMO = "CAST(id AS TEXT) IN (SELECT target_id FROM memos WHERE target_kind = 'coding')"


def has_coding_memos(conn: sqlite3.Connection) -> bool:
    """Whether any memo is on a coding: a caller deleting many codings asks this first."""
    return conn.execute("SELECT 1 FROM memos WHERE target_kind = 'coding' LIMIT 1").fetchone() is not None


def codings_deleted(conn: sqlite3.Connection, deleted: list[tuple[int, str, str]], why: str) -> None:
    """Codings about to be deleted, as (id, code, segment id): their memos move to their
    segment, the first line saying which coding they were on and why it went."""
    for coding_id, code_id, segment_id in deleted:
        for memo_id, _ in _memos_of(conn, "coding", [str(coding_id)]):
            _rehome(conn, memo_id, ("segment", segment_id), f"coding #{coding_id} ({code_id})", why, "")


def memos_follow_decision(conn: sqlite3.Connection, segment_id: str, code_id: str, coder: str,
                          machine: str) -> int:
    """A person's memos on the machine's suggestion move to their own decision on it, made
    now: the suggestion's row is not the one listed, exported or merged as theirs. Returns
    how many moved."""
    ids = conn.execute("SELECT coder, id FROM codings WHERE segment_id = ? AND code_id = ? AND coder IN (?, ?)",
                       (segment_id, code_id, coder, machine)).fetchall()
    by_coder = {row[0]: str(row[1]) for row in ids}
    if coder not in by_coder or machine not in by_coder:
        return 0
    return conn.execute("UPDATE memos SET target_id = ? WHERE target_kind = 'coding' AND target_id = ?"
                        " AND author = ?", (by_coder[coder], by_coder[machine], coder)).rowcount


def note_of_removed(conn: sqlite3.Connection, segment_id: str, code_id: str, coder: str, note: str) -> None:
    """A removed coding's own note (`code add --memo`), kept as a memo on its segment, as the
    memos written on the coding are (`codings_deleted`)."""
    conn.execute("INSERT INTO memos (target_kind, target_id, author, text, created_at) VALUES (?,?,?,?,?)",
                 ("segment", segment_id, coder, f"[was the note of the {code_id} coding, which {coder} removed]\n"
                  + note, _now()))


def _memos_of(conn: sqlite3.Connection, kind: str, target_ids: list[str]) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for chunk, marks in in_chunks(target_ids):
        found.extend(conn.execute(f"SELECT id, target_id FROM memos WHERE target_kind = ? AND target_id IN"
                                  f" ({marks}) ORDER BY id", (kind, *chunk)).fetchall())
    return found


def _rehome(conn: sqlite3.Connection, memo_id: int, home: tuple[str, str], was: str, why: str,
            text: str) -> None:
    """Move a memo to `home`, its first line saying where it was, why it moved, and on which words."""
    excerpt = " ".join(text.split())
    if len(excerpt) > EXCERPT_CHARS:
        excerpt = excerpt[:EXCERPT_CHARS - 1].rstrip() + "…"
    note = f"[was on {was}, {why}" + (f": “{excerpt}”]\n" if excerpt else "]\n")
    conn.execute("UPDATE memos SET target_kind = ?, target_id = ?, text = ? || text WHERE id = ?",
                 (*home, note, memo_id))
