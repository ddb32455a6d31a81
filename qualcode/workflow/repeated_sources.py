"""Sources read twice: one interview kept as .docx and as .txt, one export saved as .csv and
as .xlsx, or this week's export beside last week's, which holds most of its rows again. Each
copy is read as sources of its own, so every count counts the repeated text again; ingest
says so, and the researcher keeps one.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from qualcode.project import ProjectConfig
from qualcode.store import Store

# Two tables overlap when the rows they share are this share of the smaller one's rows or
# more: a later export that adds a few rows to an earlier one, or drops a few.
OVERLAP_SHARE = 0.9
# ... and when at least this share of the shared rows are different texts: two survey
# questions both answered "Tidak tahu" by most respondents are two questions, not one
# export read twice.
OVERLAP_DISTINCT = 0.5


@dataclass(frozen=True)
class TableOverlap:
    """Two tables that share most rows of the smaller one."""

    first: str
    second: str
    shared: int          # rows of one matched by a row of the other (a row matches once)
    first_rows: int
    second_rows: int


def repeated_tables(fingerprints: dict[str, list[str]]) -> tuple[list[list[str]], list[TableOverlap]]:
    """(same, overlapping): the tables whose rows are the same texts, in any order, a list per
    set of rows; and the pairs of other tables that share most rows of the smaller one
    (OVERLAP_SHARE, OVERLAP_DISTINCT), largest share first. `fingerprints`: each table's
    rows' segment fingerprints (`Store.table_row_fingerprints`)."""
    groups: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for table, rows in fingerprints.items():
        groups[tuple(sorted(rows))].append(table)
    same = sorted(sorted(tables) for tables in groups.values() if len(tables) > 1)
    # one table of each set of the same rows stands for the others: a pair is said once
    standing = {sorted(tables)[0]: tables for tables in groups.values()}
    counts = {table: Counter(fingerprints[table]) for table in standing}
    # only fingerprints that two tables hold make pairs: no table is compared with every other
    holders: dict[str, list[str]] = defaultdict(list)
    for table, counted in counts.items():
        for fingerprint in counted:
            holders[fingerprint].append(table)
    shared: Counter = Counter()
    distinct: Counter = Counter()
    for fingerprint, tables in holders.items():
        for i, first in enumerate(tables):
            for second in tables[i + 1:]:
                pair = (first, second) if first < second else (second, first)
                shared[pair] += min(counts[first][fingerprint], counts[second][fingerprint])
                distinct[pair] += 1
    overlapping = []
    for (first, second), together in shared.items():
        smaller = min(len(fingerprints[first]), len(fingerprints[second]))
        if together >= OVERLAP_SHARE * smaller and distinct[first, second] >= OVERLAP_DISTINCT * together:
            overlapping.append(TableOverlap(first, second, together, len(fingerprints[first]),
                                            len(fingerprints[second])))
    overlapping.sort(key=lambda o: (-o.shared / min(o.first_rows, o.second_rows), o.first, o.second))
    return same, overlapping


def repeated_source_warnings(config: ProjectConfig) -> list[str]:
    """A warning per text two files hold, per set of tables holding the same rows, and per
    pair of tables sharing most of their rows."""
    from qualcode.ingest.row_matching import ROW_MARK

    if not config.store_path.exists():
        return []
    with Store(config.store_path) as store:
        files = store.files_with_the_same_text(ROW_MARK)
        same, overlapping = repeated_tables(store.table_row_fingerprints(ROW_MARK))
    return ([f"{', '.join(paths[:-1])} and {paths[-1]} hold the same text: each is read as a source of its "
             "own, and every count counts it again; keep one" for paths in files]
            + [f"{', '.join(paths[:-1])} and {paths[-1]} hold the same rows: each row is read from both, and "
               "every count counts it again; keep one" for paths in same]
            + [_overlap_warning(overlap) for overlap in overlapping])


def _overlap_warning(overlap: TableOverlap) -> str:
    return (f"{overlap.first} ({overlap.first_rows:,} rows) and {overlap.second} ({overlap.second_rows:,} rows) "
            f"share {overlap.shared:,} rows: a shared row is read from both, and every count counts it again; "
            "keep one of them (the later export, if one holds the other), or take the shared rows out of one")
