"""The cases (informants, groups, a table's respondents) and their attributes."""

from __future__ import annotations

import json
from typing import Iterable

from qualcode.model import Case


class CaseOps:
    def upsert_cases(self, cases: Iterable[Case]) -> None:
        self.conn.executemany(
            "INSERT INTO cases (id, attributes) VALUES (?, ?) "
            "ON CONFLICT(id) DO UPDATE SET attributes = excluded.attributes",
            [(case.id, json.dumps(case.attributes, sort_keys=True, ensure_ascii=False))
             for case in cases],
        )

    def keep_cases(self, cases: Iterable[Case]) -> list[str]:
        """Write the cases some source belongs to; drop every case no source belongs to (a
        cases.csv row removed, or whose source is gone). Returns the ids of `cases` left out."""
        referenced = {row[0] for row in self.conn.execute(
            "SELECT DISTINCT case_id FROM sources WHERE case_id IS NOT NULL"
            " UNION SELECT DISTINCT case_id FROM segments WHERE case_id IS NOT NULL")}
        cases = list(cases)
        self.upsert_cases(case for case in cases if case.id in referenced)
        stale = [row[0] for row in self.conn.execute("SELECT id FROM cases") if row[0] not in referenced]
        self.conn.executemany("DELETE FROM cases WHERE id = ?", [(case_id,) for case_id in stale])
        return [case.id for case in cases if case.id not in referenced]

    def cases_without_row(self, rows: Iterable[str], row_mark: str) -> list[tuple[str, str]]:
        """(source id, case id) of the files (not a table's rows, their paths holding `row_mark`)
        whose case is none of `rows` (the cases file's ids), by source id."""
        known = {row.casefold() for row in rows}  # a row's id in other capitals is the case's
        return [(source_id, case_id) for source_id, case_id in self.conn.execute(
            "SELECT id, case_id FROM sources WHERE case_id IS NOT NULL AND instr(path, ?) = 0 ORDER BY id",
            (row_mark,)) if case_id.casefold() not in known]

    def case_count(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM cases").fetchone()[0]

    def roleless_informants(self) -> list[str]:
        """Cases no role is given for whose sources are not a table's answers (`response`), when
        other cases have one: an interviewee left out of every role's count. Sorted."""
        roled = "COALESCE(json_extract(c.attributes, '$.role'), '') != ''"
        if not self.conn.execute(f"SELECT 1 FROM cases c WHERE {roled} LIMIT 1").fetchone():
            return []  # a study with no roles at all: nothing is missing
        return [row[0] for row in self.conn.execute(
            f"SELECT c.id FROM cases c WHERE NOT ({roled}) AND EXISTS (SELECT 1 FROM sources s"
            " WHERE s.case_id = c.id AND s.source_type != 'response') ORDER BY c.id")]

    def cases(self) -> list[Case]:
        return [Case(row["id"], json.loads(row["attributes"]))
                for row in self.conn.execute("SELECT * FROM cases ORDER BY id")]
