"""Codings: the machine's suggestions and people's decisions. A person's decision always wins.

A suggestion is a row of coder `auto`. A person's decision on it is a row of that
person (accepted or rejected), so two coders can decide the same suggestion
blind. Every change a person makes is logged in `decisions` with the row before
and after, which is what undo restores.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Collection, Iterable

from qualcode.model import AUTO_CODER, Coding
from qualcode.store.base import _matches, _matches_json, _now
from qualcode.store.memo_moves import (WITHDRAWN, codings_deleted, has_coding_memos, memos_follow_decision,
                                       note_of_removed)
from qualcode.store.orphans import REATTACH
from qualcode.textrules import natural_key

# Codings that count by default: a person's accepted coding, or a machine suggestion
# on which no person has decided anything. (`BulkReadOps.counted_coding_tuples` applies
# the NOT EXISTS in Python; test_report_scale holds the two reads equal.)
COUNTING = f"""
    status = 'accepted' OR (
        coder = '{AUTO_CODER}' AND status = 'suggested' AND NOT EXISTS (
            SELECT 1 FROM codings AS person
            WHERE person.segment_id = codings.segment_id AND person.code_id = codings.code_id
              AND person.coder != '{AUTO_CODER}'))
"""


def _coding(row: sqlite3.Row) -> Coding:
    return Coding(segment_id=row["segment_id"], code_id=row["code_id"], coder=row["coder"],
                  origin=row["origin"], status=row["status"], score=row["score"],
                  matched=_matches(row["matched"]), memo=row["memo"])


def _narrowed(codes: Collection[str] | None, source: str | None,
              coders: Collection[str] | None = None) -> tuple[str, tuple]:
    """The conditions (to AND to a WHERE) that keep only `codes`, `source`'s segments and
    `coders`' rows. Said to SQLite, so that a large project's `code list --code X` reads X's
    codings, not all."""
    sql, args = "", ()
    for column, wanted in (("code_id", codes), ("coder", coders)):
        if wanted is not None:
            wanted = sorted(set(wanted))
            sql += f" AND {column} IN ({', '.join('?' * len(wanted))})" if wanted else " AND 0"
            args += tuple(wanted)
    if source is not None:
        sql += " AND segment_id IN (SELECT id FROM segments WHERE source_id = ?)"
        args += (source,)
    return sql, args


class CodingOps:
    conn: sqlite3.Connection

    # -- the machine's suggestions ----------------------------------------------------
    def replace_suggestions(self, codings: Iterable[Coding], coder: str,
                            codebook_version: str) -> tuple[int, int]:
        """Make the machine's open suggestions exactly `codings`.

        People's decisions live in their own rows, so they are never touched.
        Returns (suggestions now stored, suggestions withdrawn)."""
        codings = list(codings)
        proposed = {(c.segment_id, c.code_id) for c in codings}
        stale = [
            (row["id"], row["code_id"], row["segment_id"]) for row in self.conn.execute(
                "SELECT id, segment_id, code_id FROM codings"
                " WHERE coder = ? AND origin = 'auto' AND status = 'suggested'", (coder,))
            if (row["segment_id"], row["code_id"]) not in proposed
        ]
        if has_coding_memos(self.conn):
            codings_deleted(self.conn, stale, WITHDRAWN)
        self.conn.executemany("DELETE FROM codings WHERE id = ?", [(i,) for i, _, _ in stale])
        now = _now()
        self.conn.executemany(
            "INSERT INTO codings (segment_id, code_id, coder, origin, status, score, matched,"
            " codebook_version, created_at, updated_at) VALUES (?,?,?,'auto','suggested',?,?,?,?,?)"
            " ON CONFLICT(segment_id, code_id, coder) DO UPDATE SET score = excluded.score,"
            " matched = excluded.matched, codebook_version = excluded.codebook_version,"
            " updated_at = excluded.updated_at WHERE codings.status = 'suggested'",
            [(c.segment_id, c.code_id, coder, c.score, _matches_json(c.matched),
              codebook_version, now, now) for c in codings])
        return len(codings), len(stale)

    def record_codebook(self, version: str, name: str, yaml_text: str) -> None:
        self.conn.execute(
            "INSERT OR IGNORE INTO codebook_versions (version, name, yaml, loaded_at)"
            " VALUES (?,?,?,?)", (version, name, yaml_text, _now()))

    # -- reading ------------------------------------------------------------------------
    def codings(self, reviewed_only: bool = False, coder: str | None = None,
                codes: Collection[str] | None = None, source: str | None = None) -> list[Coding]:
        """Codings that count: by default accepted ones plus undecided suggestions;
        `reviewed_only` keeps people's accepted codings; `coder` keeps one coder's accepted ones.
        `codes`, `source`: only codings of these codes, or of this source's segments."""
        if coder:
            where, args = "status = 'accepted' AND coder = ?", (coder,)
        elif reviewed_only:
            where, args = "status = 'accepted'", ()
        else:
            where, args = COUNTING, ()
        narrower, more = _narrowed(codes, source)
        return [_coding(row) for row in self.conn.execute(
            f"SELECT * FROM codings WHERE ({where}){narrower} ORDER BY segment_id, code_id, coder",
            (*args, *more))]

    def coding_keys(self, counted: bool = True) -> list[tuple[str, str, str, str]]:
        """(segment id, code id, coder, status) of the codings that count (as `codings()`), or
        of every row: what counting needs, without reading each row's matches."""
        cursor = self.conn.cursor()
        cursor.row_factory = None  # plain tuples: no sqlite3.Row per coding
        return cursor.execute(
            f"SELECT segment_id, code_id, coder, status FROM codings WHERE {COUNTING if counted else '1'}"
            " ORDER BY segment_id, code_id, coder").fetchall()

    def all_codings(self, codes: Collection[str] | None = None, source: str | None = None,
                    coders: Collection[str] | None = None) -> list[Coding]:
        """Every row, rejected ones and every coder's included (`codes`, `source`: as `codings`;
        `coders`: only these coders' rows)."""
        narrower, more = _narrowed(codes, source, coders)
        return [_coding(row) for row in self.conn.execute(
            f"SELECT * FROM codings WHERE 1{narrower} ORDER BY segment_id, code_id, coder", more)]

    def coding_id(self, segment_id: str, code_id: str, coder: str) -> int | None:
        """The id of `coder`'s coding of a segment with a code; else another person's, else the
        machine's."""
        row = self.conn.execute(
            "SELECT id FROM codings WHERE segment_id = ? AND code_id = ?"
            " ORDER BY coder = ? DESC, coder = ? ASC, id LIMIT 1",
            (segment_id, code_id, coder, AUTO_CODER)).fetchone()
        return int(row[0]) if row else None

    def accepted_by(self, coder: str | None = None) -> int:
        """How many codings `coder` accepted (anyone, without `coder`)."""
        if coder is None:
            return self.conn.execute("SELECT COUNT(*) FROM codings WHERE status = 'accepted'").fetchone()[0]
        return self.conn.execute("SELECT COUNT(*) FROM codings WHERE coder = ? AND status = 'accepted'",
                                 (coder,)).fetchone()[0]

    def coding_exists(self, coding_id: int) -> bool:
        return self.conn.execute("SELECT 1 FROM codings WHERE id = ?", (coding_id,)).fetchone() is not None

    def codings_of_segment(self, segment_id: str) -> list[Coding]:
        return [_coding(row) for row in self.conn.execute(
            "SELECT * FROM codings WHERE segment_id = ? ORDER BY code_id, coder", (segment_id,))]

    def review_queue(self, coder: str, source_id: str | None = None,
                     code_id: str | None = None, sample: str | None = None,
                     every_segment: bool = False, again: bool = False) -> list[str]:
        """Segments this coder has still to review, in reading order.

        By default: segments with machine suggestions the coder has not decided.
        With a sample, or asked for every segment: each codable segment of the sample (or of
        the project) the coder has not visited yet, or has machine suggestions they have not
        decided (one `code remove` there is no visit). `again`: each of them, visited or not
        (a second pass, after the codebook grew)."""
        if sample or (every_segment and not code_id) or again:  # a pass over one code visits its suggestions
            return self._visiting_queue(coder, sample, source_id, again)
        filters, args = [], [AUTO_CODER, coder]
        if source_id:
            filters.append("s.source_id = ?")
            args.append(source_id)
        if code_id:
            filters.append("a.code_id = ?")
            args.append(code_id)
        extra = "".join(f" AND {f}" for f in filters)
        rows = self.conn.execute(
            "SELECT DISTINCT s.id, s.source_id, s.ordinal FROM codings a"
            " JOIN segments s ON s.id = a.segment_id"
            " WHERE a.coder = ? AND a.status = 'suggested' AND NOT EXISTS ("
            "   SELECT 1 FROM codings d WHERE d.segment_id = a.segment_id"
            "   AND d.code_id = a.code_id AND d.coder = ?)" + extra, args)
        return _in_reading_order(rows)

    def awaiting(self, coder: str) -> int:
        """Machine suggestions this coder has not decided (others' decisions do not count)."""
        return self.conn.execute(
            "SELECT COUNT(*) FROM codings a WHERE a.coder = ? AND a.status = 'suggested' AND NOT EXISTS ("
            "  SELECT 1 FROM codings d WHERE d.segment_id = a.segment_id AND d.code_id = a.code_id"
            "  AND d.coder = ?)", (AUTO_CODER, coder)).fetchone()[0]

    def _visiting_queue(self, coder: str, sample: str | None, source_id: str | None,
                        again: bool = False) -> list[str]:
        rows = self.conn.execute(
            "SELECT s.id, s.source_id, s.ordinal FROM segments s WHERE s.codable"
            " AND (? IS NULL OR s.id IN (SELECT segment_id FROM samples WHERE name = ?))"
            " AND (? IS NULL OR s.source_id = ?) AND (? OR NOT EXISTS ("
            "   SELECT 1 FROM decisions d WHERE d.segment_id = s.id AND d.coder = ? AND d.undone = 0)"
            " OR EXISTS (SELECT 1 FROM codings a WHERE a.segment_id = s.id AND a.coder = ?"
            "   AND a.status = 'suggested' AND NOT EXISTS (SELECT 1 FROM codings d"
            "     WHERE d.segment_id = a.segment_id AND d.code_id = a.code_id AND d.coder = ?)))",
            (sample, sample, source_id, source_id, again, coder, AUTO_CODER, coder))
        return _in_reading_order(rows)

    def save_sample(self, name: str, segment_ids: list[str]) -> None:
        self.conn.execute("DELETE FROM samples WHERE name = ?", (name,))
        self.conn.executemany("INSERT INTO samples (name, segment_id) VALUES (?, ?)",
                              [(name, i) for i in segment_ids])

    def has_codings(self) -> bool:
        return self.conn.execute("SELECT 1 FROM codings LIMIT 1").fetchone() is not None

    def sample_names(self) -> list[str]:
        return [row[0] for row in self.conn.execute("SELECT DISTINCT name FROM samples ORDER BY name")]

    def sample(self, name: str) -> list[str]:
        return [row[0] for row in self.conn.execute(
            "SELECT segment_id FROM samples WHERE name = ? ORDER BY segment_id", (name,))]

    def coding_coders(self) -> set[str]:
        """Everyone with a row in the codings table, the machine included."""
        return {row[0] for row in self.conn.execute("SELECT DISTINCT coder FROM codings")}

    def coders(self) -> list[str]:
        """Everyone with a coding, a span coding or a decision, the machine included, sorted."""
        return [row[0] for row in self.conn.execute(
            "SELECT coder FROM codings UNION SELECT coder FROM span_codings"
            " UNION SELECT coder FROM decisions ORDER BY 1")]

    def codable_segment_ids(self) -> list[str]:
        return [row[0] for row in self.conn.execute(
            "SELECT id FROM segments WHERE codable ORDER BY source_id, ordinal")]

    def visited_segments(self, coder: str) -> set[str]:
        """Segments a coder has looked at: any decision (a visit too) or any coding of theirs."""
        rows = self.conn.execute(
            "SELECT segment_id FROM decisions WHERE coder = ? AND undone = 0"
            " UNION SELECT segment_id FROM codings WHERE coder = ?", (coder, coder))
        return {row[0] for row in rows}

    def mark_visited(self, segment_id: str, coder: str, action: str = "none") -> None:
        """Record that a coder looked at a segment and coded nothing there."""
        self._log(coder, segment_id, "", action, None, None)

    # -- people's decisions ---------------------------------------------------------------
    def _row(self, segment_id: str, code_id: str, coder: str) -> dict | None:
        row = self.conn.execute(
            "SELECT segment_id, code_id, coder, origin, status, score, matched, memo,"
            " codebook_version, created_at FROM codings"
            " WHERE segment_id = ? AND code_id = ? AND coder = ?",
            (segment_id, code_id, coder)).fetchone()
        return dict(row) if row else None

    def _log(self, coder: str, segment_id: str, code_id: str, action: str,
             before: dict | None, after: dict | None) -> None:
        cursor = self.conn.execute(
            "INSERT INTO decisions (at, coder, segment_id, code_id, action, before, after, batch)"
            " VALUES (?,?,?,?,?,?,?,?)",
            (_now(), coder, segment_id, code_id, action,
             json.dumps(before, ensure_ascii=False) if before else None,
             json.dumps(after, ensure_ascii=False) if after else None, self._batch))
        if self._batch is None:
            self.conn.execute("UPDATE decisions SET batch = id WHERE id = ?", (cursor.lastrowid,))

    _batch: int | None = None

    def begin_batch(self) -> None:
        """Decisions logged until end_batch() are one step for undo (one key press)."""
        self._batch = (self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM decisions").fetchone()[0]
                       + 1)

    def end_batch(self) -> None:
        self._batch = None

    def _write_row(self, row: dict) -> None:
        now = _now()
        self.conn.execute(
            "INSERT INTO codings (segment_id, code_id, coder, origin, status, score, matched, memo,"
            " codebook_version, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
            " ON CONFLICT(segment_id, code_id, coder) DO UPDATE SET origin = excluded.origin,"
            " status = excluded.status, score = excluded.score, matched = excluded.matched,"
            " memo = excluded.memo, updated_at = excluded.updated_at",
            (row["segment_id"], row["code_id"], row["coder"], row["origin"], row["status"],
             row.get("score", 0.0), row.get("matched", "[]"), row.get("memo"),
             row.get("codebook_version"), row.get("created_at") or now, now))

    def _delete_row(self, segment_id: str, code_id: str, coder: str, why: str) -> None:
        """Delete one coding; memos on it move to its segment, saying why it went."""
        found = self.conn.execute("SELECT id FROM codings WHERE segment_id = ? AND code_id = ? AND coder = ?",
                                  (segment_id, code_id, coder)).fetchone()
        if found is None:
            return
        codings_deleted(self.conn, [(found["id"], code_id, segment_id)], why)
        self.conn.execute("DELETE FROM codings WHERE id = ?", (found["id"],))

    def decide(self, segment_id: str, code_id: str, coder: str, status: str,
               origin: str = "manual", memo: str | None = None, action: str | None = None) -> None:
        """Record a person's coding decision (accepted or rejected) and log it.

        Deciding on a machine suggestion copies its score and matched terms, so the
        reasons stay visible in that person's row."""
        before = self._row(segment_id, code_id, coder)
        suggestion = self._row(segment_id, code_id, AUTO_CODER) if coder != AUTO_CODER else None
        after = {
            "segment_id": segment_id, "code_id": code_id, "coder": coder,
            "origin": "auto" if suggestion and origin == "manual" else origin, "status": status,
            "score": (suggestion or before or {}).get("score", 0.0),
            "matched": (suggestion or before or {}).get("matched", "[]"),
            "memo": memo if memo is not None else (before or {}).get("memo"),
            "codebook_version": (suggestion or before or {}).get("codebook_version"),
            "created_at": (before or {}).get("created_at"),
        }
        self._write_row(after)
        if suggestion is not None and before is None:
            memos_follow_decision(self.conn, segment_id, code_id, coder, AUTO_CODER)
        self._log(coder, segment_id, code_id, action or status, before, after)

    def remove(self, segment_id: str, code_id: str, coder: str) -> bool:
        """Delete a person's coding; logged, so undo can bring it back."""
        before = self._row(segment_id, code_id, coder)
        if before is None:
            return False
        self._delete_row(segment_id, code_id, coder, f"which {coder} removed")
        if (before.get("memo") or "").strip():  # its note (`code add --memo`) stays, on the segment
            note_of_removed(self.conn, segment_id, code_id, coder, before["memo"])
        self._log(coder, segment_id, code_id, "remove", before, None)
        return True

    def undo_last(self, coder: str, keep_actions: tuple[str, ...] = ()) -> dict | None:
        """Restore the state before this coder's last step (every decision of one key press,
        newest first); returns the step's first decision. Steps made only of `keep_actions`
        (e.g. the agreements `agree resolve` carries over) are passed over."""
        marks = ",".join("?" * len(keep_actions))
        last = self.conn.execute(
            "SELECT batch FROM decisions WHERE coder = ? AND undone = 0"
            + (f" AND action NOT IN ({marks})" if keep_actions else "")
            + " ORDER BY id DESC LIMIT 1", (coder, *keep_actions)).fetchone()
        if last is None:
            return None
        rows = self.conn.execute(
            "SELECT * FROM decisions WHERE coder = ? AND undone = 0 AND batch = ? ORDER BY id DESC",
            (coder, last["batch"])).fetchall()
        for row in rows:
            self._undo_one(row, coder)
        return dict(rows[-1])

    def _undo_one(self, row, coder: str) -> None:
        before = json.loads(row["before"]) if row["before"] else None
        if row["action"] == "none" or not row["code_id"]:
            pass  # a visit changed no coding
        elif before is None or row["action"] == REATTACH:
            self._delete_row(row["segment_id"], row["code_id"], coder, f"which {coder}'s undo took back")
            if before is not None:  # a reattached orphan is an orphan again
                self.restore_orphan(before["orphan"])
        elif self.conn.execute("SELECT 1 FROM segments WHERE id = ?", (row["segment_id"],)).fetchone():
            self._write_row(before)
        # else the segment is gone (its file removed, or cut anew): there is nothing to put back
        # on, and its coding was kept as an orphan then; the step is passed over as undone
        self.conn.execute("UPDATE decisions SET undone = 1 WHERE id = ?", (row["id"],))

    def decisions(self, coder: str | None = None, after: int = 0) -> list[dict]:
        """The decisions log, oldest first: of one coder, and after the row `after`."""
        sql, args = "SELECT * FROM decisions WHERE id > ?", (after,)
        if coder:
            sql, args = sql + " AND coder = ?", (after, coder)
        return [dict(row) for row in self.conn.execute(sql + " ORDER BY id", args)]

    def last_decision(self) -> int:
        """The id of the newest row of the decisions log (0 when it is empty)."""
        return self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM decisions").fetchone()[0]


def _in_reading_order(rows) -> list[str]:
    """Segment ids by source, its numbers read as numbers (a table's row 2 before its row 10,
    as the reports read them), then by ordinal."""
    keys: dict[str, tuple] = {}
    return [row["id"] for row in sorted(rows, key=lambda row: (
        keys.get(row["source_id"]) or keys.setdefault(row["source_id"], natural_key(row["source_id"])), row["ordinal"]))]
