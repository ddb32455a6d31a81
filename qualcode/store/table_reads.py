"""How many rows each table had when it was last read, and how many held no answer."""

from __future__ import annotations


class TableReadOps:
    def put_table_read(self, path: str, rows: int, left_out: int) -> None:
        """The table at `path` (a display path) was read just now: `rows` data rows, of which
        `left_out` held no answer."""
        self.conn.execute("INSERT OR REPLACE INTO table_reads (path, rows, left_out) VALUES (?, ?, ?)",
                          (path, rows, left_out))

    def forget_tables_without_rows(self, row_mark: str) -> None:
        """Forget the tables none of whose rows is a source any longer (the file left the
        transcripts): what they held is out of the analysis, and so are their counts."""
        self.conn.execute(
            "DELETE FROM table_reads WHERE NOT EXISTS (SELECT 1 FROM sources WHERE"
            " substr(sources.path, 1, length(table_reads.path) + length(?)) = table_reads.path || ?)",
            (row_mark, row_mark))

    def table_reads(self) -> dict[str, tuple[int, int]]:
        """Each table's path -> (rows, rows left out without an answer)."""
        return {path: (rows, left_out) for path, rows, left_out in
                self.conn.execute("SELECT path, rows, left_out FROM table_reads ORDER BY path")}
