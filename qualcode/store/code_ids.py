"""Code ids as the store holds them: which are in use, and a code's id changed everywhere.

A code's id is written in many tables: codings (people's and the machine's), orphans, the
decisions log, span codings, quarantined merge lines, code memos, the researcher's
assertions and the agreement measured. Renaming a code in the codebook alone strands all
of them under an id the codebook no longer has; `rename_code` moves them in one go.
"""

from __future__ import annotations

import json
import sqlite3

from qualcode.model import AUTO_CODER
from qualcode.store.base import _now
from qualcode.store.memo_moves import codings_deleted

# (table, column) pairs that hold one code id per row
_ID_COLUMNS = (("codings", "code_id"), ("orphan_codings", "code_id"), ("decisions", "code_id"),
               ("span_codings", "code_id"), ("merge_quarantine", "code_id"))


class CodeIdOps:
    conn: sqlite3.Connection

    def people_codings_by_code(self) -> dict[str, int]:
        """code id -> how many codings people have on it (any status: a rejection is a decision)."""
        return dict(self.conn.execute(
            "SELECT code_id, COUNT(*) FROM codings WHERE coder != ? GROUP BY code_id ORDER BY code_id",
            (AUTO_CODER,)).fetchall())

    def delete_suggestions_of(self, code_id: str) -> int:
        """The machine's suggestions of a code deleted from the codebook; how many. A memo on
        one moves to its segment, saying so."""
        rows = self.conn.execute("SELECT id, code_id, segment_id FROM codings WHERE code_id = ? AND coder = ?",
                                 (code_id, AUTO_CODER)).fetchall()
        codings_deleted(self.conn, [tuple(row) for row in rows], "whose code was deleted from the codebook")
        return self.conn.execute("DELETE FROM codings WHERE code_id = ? AND coder = ?",
                                 (code_id, AUTO_CODER)).rowcount

    def codes_in_use(self, people_only: bool = False) -> set[str]:
        """Every code id a coding (a person's only, if asked), orphan, span coding or code memo
        names."""
        rows = self.conn.execute(
            "SELECT code_id FROM codings WHERE NOT ? OR coder != ?"
            " UNION SELECT code_id FROM orphan_codings UNION SELECT code_id FROM span_codings"
            " UNION SELECT target_id FROM memos WHERE target_kind = 'code'", (people_only, AUTO_CODER))
        return {row[0] for row in rows}

    def rename_code(self, old: str, new: str, merge: bool = False, union: bool = False) -> dict[str, int]:
        """Every row naming `old` names `new` instead; returns how many rows, by what they are.
        Refuses (ValueError) when people's work is on `new` already, unless `merge`: the
        codebook names only `new` (its id edited by hand, or a review left open over a rename
        coded on under the old one), so the two are one code, and where a coder has both on
        one segment, the later decision stands (`_settle_both`). With `union` (two codes made
        one, `codebook merge`) an acceptance of either stands over a rejection of the other:
        rejecting one code said "not this code", not "not the other". The machine's
        suggestions on `old` go where it has made some on `new` (a `code auto` after the id
        was edited by hand): they are of a codebook that is gone."""
        if not (merge or union) and new in self.codes_in_use(people_only=True):
            raise ValueError(f"the store already holds people's codings or memos on {new!r}")
        if self.conn.execute("SELECT 1 FROM codings WHERE code_id = ? LIMIT 1", (new,)).fetchone():
            self.conn.execute("DELETE FROM codings WHERE code_id = ? AND coder = ?", (old, AUTO_CODER))
        settled = self._settle_both(old, new, union) if merge or union else 0
        moved = {}
        for table, column in _ID_COLUMNS:
            moved[table] = self.conn.execute(
                f"UPDATE {table} SET {column} = ? WHERE {column} = ?", (new, old)).rowcount  # noqa: S608
        moved["memos"] = self.conn.execute(
            "UPDATE memos SET target_id = ? WHERE target_kind = 'code' AND target_id = ?", (new, old)).rowcount
        self._rename_in_decision_states(old, new)
        moved["assertions"] = self._rename_in_assertions(old, new)
        self._rename_in_agreements(old, new)
        self._remember_rename(old, new)
        moved["codings"] += settled  # brought over: moved, or merged into the row already there
        moved["merged"] = settled
        return moved

    def code_renames(self) -> dict[str, str]:
        """Old id -> the id the code has now, for every code renamed or merged into another."""
        return dict(self.conn.execute("SELECT old, new FROM code_renames").fetchall())

    def _remember_rename(self, old: str, new: str) -> None:
        """`old` is `new` from now on, and so is every id that was `old` (renamed twice); an id
        renamed back to itself is no rename."""
        self.conn.execute("UPDATE code_renames SET new = ? WHERE new = ?", (new, old))
        self.conn.execute("INSERT OR REPLACE INTO code_renames (old, new, renamed_at) VALUES (?, ?, ?)",
                          (old, new, _now()))
        self.conn.execute("DELETE FROM code_renames WHERE old = new OR old = ?", (new,))

    def _settle_both(self, old: str, new: str, union: bool = False) -> int:
        """A coder's two rows on one segment, under `old` and `new`, made one (the `new` row):
        the later decision's status and fields (with `union`, an acceptance's over a
        rejection's), both rows' notes, and the memos on either. A span coded under both keeps
        the `new` one. Returns how many pairs were settled."""
        pairs = self.conn.execute(
            # later: by time, and within one second by the decisions log's order
            "SELECT o.id AS old_id, n.id AS new_id, o.status AS old_status, n.status AS new_status,"
            " (o.updated_at, COALESCE((SELECT MAX(id) FROM decisions d WHERE d.segment_id = o.segment_id"
            " AND d.code_id = o.code_id AND d.coder = o.coder AND NOT d.undone), 0))"
            " > (n.updated_at, COALESCE((SELECT MAX(id) FROM decisions d WHERE d.segment_id = n.segment_id"
            " AND d.code_id = n.code_id AND d.coder = n.coder AND NOT d.undone), 0)) AS old_later,"
            " o.memo AS old_memo, n.memo AS new_memo FROM codings o JOIN codings n"
            " ON n.segment_id = o.segment_id AND n.coder = o.coder AND n.code_id = ?"
            " WHERE o.code_id = ?", (new, old)).fetchall()
        for pair in pairs:
            old_wins = pair["old_later"]
            if union and pair["old_status"] != pair["new_status"] and "accepted" in (pair["old_status"],
                                                                                        pair["new_status"]):
                old_wins = pair["old_status"] == "accepted"
            if old_wins:
                self.conn.execute(
                    "UPDATE codings SET (origin, status, score, matched, codebook_version, updated_at) ="
                    " (SELECT origin, status, score, matched, codebook_version, updated_at FROM codings"
                    " WHERE id = ?) WHERE id = ?", (pair["old_id"], pair["new_id"]))
            notes = [note for note in (pair["new_memo"], pair["old_memo"]) if note]
            if len(set(notes)) > 1:
                self.conn.execute("UPDATE codings SET memo = ? WHERE id = ?", ("\n".join(notes), pair["new_id"]))
            elif notes:
                self.conn.execute("UPDATE codings SET memo = ? WHERE id = ?", (notes[0], pair["new_id"]))
            self.conn.execute("UPDATE memos SET target_id = ? WHERE target_kind = 'coding' AND target_id = ?",
                              (str(pair["new_id"]), str(pair["old_id"])))
            self.conn.execute("DELETE FROM codings WHERE id = ?", (pair["old_id"],))
        self.conn.execute(
            "DELETE FROM span_codings WHERE code_id = ? AND EXISTS (SELECT 1 FROM span_codings n"
            " WHERE n.code_id = ? AND n.source_id = span_codings.source_id AND n.start = span_codings.start"
            " AND n.end = span_codings.end AND n.coder = span_codings.coder)", (old, new))
        return len(pairs)

    def _rename_in_decision_states(self, old: str, new: str) -> None:
        """The states the decisions log keeps for undo name the new id: undoing a decision
        made before the rename must restore the coding under the code's new id."""
        def renamed(state):
            if isinstance(state, dict):
                return {key: (new if key == "code_id" and value == old else renamed(value))
                        for key, value in state.items()}
            return state

        for row in self.conn.execute("SELECT id, before, after FROM decisions WHERE code_id = ?",
                                     (new,)).fetchall():
            states = [json.loads(row[column]) if row[column] else None for column in ("before", "after")]
            self.conn.execute("UPDATE decisions SET before = ?, after = ? WHERE id = ?",
                              (*(json.dumps(renamed(state), ensure_ascii=False) if state else None
                                 for state in states), row["id"]))

    def _rename_in_assertions(self, old: str, new: str) -> int:
        changed = 0
        swap = lambda ids: [new if code == old else code for code in ids]  # noqa: E731
        for row in self.conn.execute(
                "SELECT id, codes, contrary, rival, if_code, then_code FROM assertions").fetchall():
            codes, contrary = json.loads(row["codes"]), json.loads(row["contrary"])
            singles = [new if value == old else value for value in (row["rival"], row["if_code"], row["then_code"])]
            if old in codes or old in contrary or old in (row["rival"], row["if_code"], row["then_code"]):
                self.conn.execute(
                    "UPDATE assertions SET codes = ?, contrary = ?, rival = ?, if_code = ?, then_code = ?"
                    " WHERE id = ?", (json.dumps(swap(codes)), json.dumps(swap(contrary)), *singles, row["id"]))
                changed += 1
        return changed

    def _rename_in_agreements(self, old: str, new: str) -> None:
        """The agreement measured keeps its figures, and the codes it was asked for as asked;
        its rows name the code by its new id."""
        for row in self.conn.execute("SELECT id, per_code FROM agreement_results").fetchall():
            per_code = json.loads(row["per_code"])
            named = [dict(item, code=new) if item.get("code") == old else item for item in per_code]
            if named != per_code:
                self.conn.execute("UPDATE agreement_results SET per_code = ? WHERE id = ?",
                                  (json.dumps(named, ensure_ascii=False), row["id"]))
