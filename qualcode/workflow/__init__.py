"""Use cases: load from the store, call the pure stages, save. What the CLI calls.

Each name is imported from its module when first asked for (PEP 562), so a command pays
only for the use cases it runs: `code auto` does not import interop, reporting or sheets."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

# Imported now: the use case `agreement` shares its module's name, and loading a submodule
# binds it on this package, which would hide a lazily found function of that name.
from qualcode.workflow.agreement import agreement, disagreements, draw_sample

_MODULES = {
    "codebooks": ("lint_codebook_terms",),
    "coding": ("add_coding", "code_stats", "explain", "list_codings", "remove_coding"),
    "interop": ("export_qdc", "export_qdpx", "import_qdc", "import_qdpx"),
    "memos": ("add_memo", "list_memos", "show_memo"),
    "orphans": ("drop_orphans", "list_orphans", "reattach_orphans"),
    "overlap": ("ingest_and_code",),
    "ingesting": ("ingest",),
    "pipeline": ("code_auto", "init_project", "status"),
    "review": ("ReviewSession", "review_session"),
    "reporting": ("build_report",),
    "sheets": ("export_sheet", "import_sheet"),
    "whole_run": ("run",),
}
_MODULE_OF = {name: module for module, names in _MODULES.items() for name in names}

_EAGER = ("agreement", "disagreements", "draw_sample")

__all__ = [  # the names of _MODULES and _EAGER (a test keeps them so)
    "ReviewSession", "add_coding", "add_memo", "agreement", "build_report", "code_auto",
    "code_stats", "disagreements", "draw_sample", "drop_orphans", "explain", "export_qdc",
    "export_qdpx", "export_sheet", "import_qdc", "import_qdpx", "import_sheet", "ingest",
    "ingest_and_code", "init_project", "lint_codebook_terms", "list_codings", "list_memos",
    "list_orphans", "reattach_orphans", "remove_coding", "review_session", "run", "show_memo",
    "status",
]


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'qualcode.workflow' has no attribute {name!r}")
    value = getattr(import_module(f"qualcode.workflow.{module}"), name)
    globals()[name] = value  # asked for once
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])


if TYPE_CHECKING:
    from qualcode.workflow.codebooks import lint_codebook_terms
    from qualcode.workflow.coding import add_coding, code_stats, explain, list_codings, remove_coding
    from qualcode.workflow.interop import export_qdc, export_qdpx, import_qdc, import_qdpx
    from qualcode.workflow.memos import add_memo, list_memos, show_memo
    from qualcode.workflow.orphans import drop_orphans, list_orphans, reattach_orphans
    from qualcode.workflow.ingesting import ingest
    from qualcode.workflow.pipeline import code_auto, init_project, status
    from qualcode.workflow.reporting import build_report
    from qualcode.workflow.review import ReviewSession, review_session
    from qualcode.workflow.sheets import export_sheet, import_sheet
    from qualcode.workflow.whole_run import run
