"""Use cases: load from the store, call the pure stages, save. What the CLI calls."""

from qualcode.workflow.agreement import agreement, disagreements, draw_sample
from qualcode.workflow.coding import (
    ReviewSession, add_coding, code_stats, explain, list_codings, remove_coding, review_session,
)
from qualcode.workflow.interop import export_qdc, export_qdpx, import_qdc, import_qdpx
from qualcode.workflow.memos import add_memo, list_memos, show_memo
from qualcode.workflow.pipeline import (
    code_auto, ingest, init_project, run, status,
)
from qualcode.workflow.reporting import build_report
from qualcode.workflow.sheets import export_sheet, import_sheet

__all__ = [
    "ReviewSession", "add_coding", "agreement", "disagreements", "draw_sample", "add_memo", "build_report",
    "code_auto", "code_stats", "explain", "ingest", "init_project", "list_codings", "list_memos",
    "remove_coding", "review_session", "run", "show_memo", "status",
    "export_qdc", "export_qdpx", "import_qdc", "import_qdpx", "export_sheet", "import_sheet",
]
