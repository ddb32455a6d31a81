"""Assertions a researcher writes; every verification check runs on them at each `conclude`."""

from __future__ import annotations

import json
import sqlite3

from qualcode.store.base import _now


class AssertionOps:
    conn: sqlite3.Connection

    def add_assertion(self, statement: str, codes: list[str], author: str, contrary: list[str] = (),
                      rival: str | None = None, if_code: str | None = None,
                      then_code: str | None = None) -> str:
        number = self.conn.execute("SELECT COUNT(*) FROM assertions").fetchone()[0] + 1
        while self.conn.execute("SELECT 1 FROM assertions WHERE id = ?", (f"a{number}",)).fetchone():
            number += 1
        assertion_id = f"a{number}"
        self.conn.execute(
            "INSERT INTO assertions (id, statement, codes, contrary, rival, if_code, then_code, author,"
            " created_at) VALUES (?,?,?,?,?,?,?,?,?)",
            (assertion_id, statement, json.dumps(list(codes)), json.dumps(list(contrary)), rival,
             if_code, then_code, author, _now()))
        return assertion_id

    def assertions(self) -> list[dict]:
        rows = []
        for row in self.conn.execute("SELECT * FROM assertions ORDER BY created_at, id"):
            item = dict(row)
            item["codes"], item["contrary"] = json.loads(item["codes"]), json.loads(item["contrary"])
            rows.append(item)
        return rows

    def set_verdict(self, assertion_id: str, verdict: str, memo: str | None) -> bool:
        cursor = self.conn.execute("UPDATE assertions SET verdict = ?, verdict_memo = ? WHERE id = ?",
                                   (verdict, memo, assertion_id))
        return cursor.rowcount == 1
