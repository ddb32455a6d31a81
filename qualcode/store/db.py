"""SQLite store: WAL, foreign keys, one transaction per command's writes."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator

from qualcode.errors import StoreError
from qualcode.model import Case, Coding, Segment, Source
from qualcode.store.schema import MIGRATIONS

def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def text_fingerprint(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class IngestOutcome:
    source_id: str
    action: str  # added | updated
    codings_kept: int = 0
    codings_orphaned: int = 0
    suggestions_dropped: int = 0


class Store:
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

    def __enter__(self) -> "Store":
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
                for statement in script.split(";"):
                    if statement.strip():
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

    # -- sources and cases -----------------------------------------------------------
    @staticmethod
    def peek_sources(path: Path) -> dict[str, tuple[str, str]]:
        """known_sources() without creating a store that does not exist yet."""
        if not Path(path).is_file():
            return {}
        with Store(path) as store:
            return store.known_sources()

    def known_sources(self) -> dict[str, tuple[str, str]]:
        """path -> (source id, sha256)."""
        rows = self.conn.execute("SELECT path, id, sha256 FROM sources")
        return {row["path"]: (row["id"], row["sha256"]) for row in rows}

    def upsert_cases(self, cases: Iterable[Case]) -> None:
        self.conn.executemany(
            "INSERT INTO cases (id, attributes) VALUES (?, ?) "
            "ON CONFLICT(id) DO UPDATE SET attributes = excluded.attributes",
            [(case.id, json.dumps(case.attributes, sort_keys=True, ensure_ascii=False))
             for case in cases],
        )

    def put_source(self, source: Source) -> IngestOutcome:
        """Insert or re-segment a source, carrying codings over to segments whose text is unchanged."""
        exists = self.conn.execute("SELECT 1 FROM sources WHERE id = ?", (source.id,)).fetchone()
        carried = self._detach_codings(source.id) if exists else {}
        if exists:
            self.conn.execute("DELETE FROM segments WHERE source_id = ?", (source.id,))
        self.conn.execute(
            "INSERT INTO sources (id, path, sha256, text, source_type, language, date, case_id,"
            " attributes, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?)"
            " ON CONFLICT(id) DO UPDATE SET path=excluded.path, sha256=excluded.sha256,"
            " text=excluded.text, source_type=excluded.source_type, language=excluded.language,"
            " date=excluded.date, case_id=excluded.case_id, attributes=excluded.attributes,"
            " ingested_at=excluded.ingested_at",
            (source.id, source.path, source.sha256, source.text, source.source_type,
             source.language, source.date, source.case_id,
             json.dumps(source.attributes, sort_keys=True, ensure_ascii=False, default=str),
             _now()),
        )
        occurrence: dict[str, int] = defaultdict(int)
        segment_rows, moved = [], []
        for segment in source.segments:
            fingerprint = text_fingerprint(segment.text)
            key = (fingerprint, occurrence[fingerprint])
            occurrence[fingerprint] += 1
            segment_rows.append((segment.id, source.id, segment.ordinal, segment.start,
                                 segment.end, segment.speaker, segment.timestamp,
                                 int(segment.codable), fingerprint))
            for coding in carried.pop(key, []):
                moved.append({**coding, "segment_id": segment.id})
        self.conn.executemany(
            "INSERT INTO segments (id, source_id, ordinal, start, end, speaker, timestamp,"
            " codable, text_sha) VALUES (?,?,?,?,?,?,?,?,?)", segment_rows)
        for coding in moved:
            self._insert_coding_row(coding)
        kept = len(moved)
        orphaned = dropped = 0
        for codings in carried.values():
            for coding in codings:
                if coding["status"] == "suggested" and coding["origin"] == "auto":
                    dropped += 1  # the auto-coder re-suggests on the new text
                    continue
                self.conn.execute(
                    "INSERT INTO orphan_codings (source_id, segment_text, code_id, coder, origin,"
                    " status, score, matched, memo, orphaned_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    (source.id, coding["segment_text"], coding["code_id"], coding["coder"],
                     coding["origin"], coding["status"], coding["score"], coding["matched"],
                     coding["memo"], _now()))
                orphaned += 1
        return IngestOutcome(source.id, "updated" if exists else "added", kept, orphaned, dropped)

    def _detach_codings(self, source_id: str) -> dict[tuple[str, int], list[dict]]:
        """Codings of a source keyed by (segment text fingerprint, occurrence)."""
        text = self.conn.execute("SELECT text FROM sources WHERE id = ?", (source_id,)).fetchone()[0]
        rows = self.conn.execute(
            "SELECT s.id AS sid, s.text_sha, s.start, s.end, c.* FROM segments s"
            " LEFT JOIN codings c ON c.segment_id = s.id WHERE s.source_id = ?"
            " ORDER BY s.ordinal, c.id", (source_id,)).fetchall()
        occurrence: dict[str, int] = defaultdict(int)
        seen_segment: dict[str, tuple[str, int]] = {}
        carried: dict[tuple[str, int], list[dict]] = defaultdict(list)
        for row in rows:
            if row["sid"] not in seen_segment:
                seen_segment[row["sid"]] = (row["text_sha"], occurrence[row["text_sha"]])
                occurrence[row["text_sha"]] += 1
            if row["code_id"] is None:
                continue
            coding = {key: row[key] for key in row.keys() if key not in ("sid", "text_sha", "start", "end", "id")}
            coding["segment_text"] = text[row["start"]:row["end"]]
            carried[seen_segment[row["sid"]]].append(coding)
        return carried

    def _insert_coding_row(self, coding: dict) -> None:
        self.conn.execute(
            "INSERT INTO codings (segment_id, code_id, coder, origin, status, score, matched, memo,"
            " codebook_version, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (coding["segment_id"], coding["code_id"], coding["coder"], coding["origin"],
             coding["status"], coding["score"], coding["matched"], coding["memo"],
             coding["codebook_version"], coding["created_at"], coding["updated_at"]))

    def sources(self) -> list[Source]:
        """Every source with its segments, in id order."""
        segments: dict[str, list[Segment]] = defaultdict(list)
        texts = {row["id"]: row["text"] for row in self.conn.execute("SELECT id, text FROM sources")}
        for row in self.conn.execute("SELECT * FROM segments ORDER BY source_id, ordinal"):
            segments[row["source_id"]].append(Segment(
                source_id=row["source_id"], ordinal=row["ordinal"], start=row["start"],
                end=row["end"], text=texts[row["source_id"]][row["start"]:row["end"]],
                speaker=row["speaker"], timestamp=row["timestamp"], codable=bool(row["codable"])))
        return [
            Source(id=row["id"], path=row["path"], sha256=row["sha256"], text=row["text"],
                   source_type=row["source_type"], language=row["language"], date=row["date"],
                   case_id=row["case_id"], attributes=json.loads(row["attributes"]),
                   segments=tuple(segments[row["id"]]))
            for row in self.conn.execute("SELECT * FROM sources ORDER BY id")
        ]

    def cases(self) -> list[Case]:
        return [Case(row["id"], json.loads(row["attributes"]))
                for row in self.conn.execute("SELECT * FROM cases ORDER BY id")]

    # -- codings ---------------------------------------------------------------------
    def replace_suggestions(self, codings: Iterable[Coding], coder: str, codebook_version: str) -> tuple[int, int]:
        """Make the machine's suggestions exactly `codings`, never touching a human decision.

        Returns (suggestions now stored, suggestions withdrawn)."""
        codings = list(codings)
        proposed = {(c.segment_id, c.code_id) for c in codings}
        stale = [
            row["id"] for row in self.conn.execute(
                "SELECT id, segment_id, code_id FROM codings"
                " WHERE coder = ? AND origin = 'auto' AND status = 'suggested'", (coder,))
            if (row["segment_id"], row["code_id"]) not in proposed
        ]
        self.conn.executemany("DELETE FROM codings WHERE id = ?", [(i,) for i in stale])
        now = _now()
        # ON CONFLICT refreshes an open suggestion's score and reasons but leaves a decision alone.
        self.conn.executemany(
            "INSERT INTO codings (segment_id, code_id, coder, origin, status, score, matched,"
            " codebook_version, created_at, updated_at) VALUES (?,?,?,'auto','suggested',?,?,?,?,?)"
            " ON CONFLICT(segment_id, code_id, coder) DO UPDATE SET score = excluded.score,"
            " matched = excluded.matched, codebook_version = excluded.codebook_version,"
            " updated_at = excluded.updated_at WHERE codings.status = 'suggested'",
            [(c.segment_id, c.code_id, coder, c.score, json.dumps(list(c.matched), ensure_ascii=False),
              codebook_version, now, now) for c in codings])
        return len(codings), len(stale)

    def codings(self, reviewed_only: bool = False) -> list[Coding]:
        """Codings that count: every coding no person rejected, or only accepted ones."""
        where = "status = 'accepted'" if reviewed_only else "status != 'rejected'"
        return [
            Coding(segment_id=row["segment_id"], code_id=row["code_id"], coder=row["coder"],
                   origin=row["origin"], status=row["status"], score=row["score"],
                   matched=tuple(json.loads(row["matched"])), memo=row["memo"])
            for row in self.conn.execute(
                f"SELECT * FROM codings WHERE {where} ORDER BY segment_id, code_id, coder")
        ]

    def record_codebook(self, version: str, name: str, yaml_text: str) -> None:
        self.conn.execute(
            "INSERT OR IGNORE INTO codebook_versions (version, name, yaml, loaded_at)"
            " VALUES (?,?,?,?)", (version, name, yaml_text, _now()))

    # -- status ----------------------------------------------------------------------
    def counts(self) -> dict:
        one = lambda sql: self.conn.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "sources": one("SELECT COUNT(*) FROM sources"),
            "cases": one("SELECT COUNT(*) FROM cases"),
            "segments": one("SELECT COUNT(*) FROM segments"),
            "codable_segments": one("SELECT COUNT(*) FROM segments WHERE codable"),
            "orphan_codings": one("SELECT COUNT(*) FROM orphan_codings"),
            "sources_by_type": dict(self.conn.execute(
                "SELECT source_type, COUNT(*) FROM sources GROUP BY source_type ORDER BY 1").fetchall()),
            "codings": [dict(row) for row in self.conn.execute(
                "SELECT coder, origin, status, COUNT(*) AS n FROM codings"
                " GROUP BY coder, origin, status ORDER BY coder, origin, status")],
            "coded_with": [row[0] for row in self.conn.execute(
                "SELECT DISTINCT codebook_version FROM codings WHERE origin = 'auto'"
                " AND codebook_version IS NOT NULL ORDER BY 1")],
        }
