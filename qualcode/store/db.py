"""The project store: one class assembled from its parts."""

from __future__ import annotations

from qualcode.model import AUTO_CODER
from qualcode.store.agreements import AgreementOps
from qualcode.store.assertions import AssertionOps
from qualcode.store.base import StoreBase
from qualcode.store.code_ids import CodeIdOps
from qualcode.store.bulk import BulkReadOps
from qualcode.store.coder_files import CoderFileOps
from qualcode.store.codings import CodingOps
from qualcode.store.interop import InteropOps
from qualcode.store.memos import MemoOps
from qualcode.store.orphans import Orphan, OrphanOps
from qualcode.store.cases import CaseOps
from qualcode.store.sources import IngestOutcome, SourceOps
from qualcode.store.table_reads import TableReadOps

__all__ = ["Store", "IngestOutcome", "Orphan"]


class Store(SourceOps, CaseOps, CodingOps, OrphanOps, MemoOps, InteropOps, AssertionOps, CoderFileOps,
            AgreementOps, BulkReadOps, CodeIdOps, TableReadOps, StoreBase):
    """A project's SQLite database. Use `transaction()` around every command's writes."""

    # -- status ----------------------------------------------------------------------
    def counts(self) -> dict:
        one = lambda sql: self.conn.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "sources": one("SELECT COUNT(*) FROM sources"),
            "cases": one("SELECT COUNT(*) FROM cases"),
            "segments": one("SELECT COUNT(*) FROM segments"),
            "codable_segments": one("SELECT COUNT(*) FROM segments WHERE codable"),
            "orphan_codings": one("SELECT COUNT(*) FROM orphan_codings"),
            # machine suggestions no person has decided on: what the report calls unreviewed
            "awaiting_review": one(f"SELECT COUNT(*) FROM codings WHERE coder = '{AUTO_CODER}'"
                                   " AND status = 'suggested' AND NOT EXISTS (SELECT 1 FROM codings AS person"
                                   " WHERE person.segment_id = codings.segment_id AND person.code_id ="
                                   f" codings.code_id AND person.coder != '{AUTO_CODER}')"),
            "quarantined_merge_lines": one("SELECT COUNT(*) FROM merge_quarantine"),
            "sources_by_type": dict(self.conn.execute(
                "SELECT source_type, COUNT(*) FROM sources GROUP BY source_type ORDER BY 1").fetchall()),
            "codings": [dict(row) for row in self.conn.execute(
                "SELECT coder, origin, status, COUNT(*) AS n FROM codings"
                " GROUP BY coder, origin, status ORDER BY coder, origin, status")],
            "coded_with": [row[0] for row in self.conn.execute(
                "SELECT DISTINCT codebook_version FROM codings WHERE origin = 'auto'"
                " AND codebook_version IS NOT NULL ORDER BY 1")],
        }
