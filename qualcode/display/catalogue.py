"""The display catalogue by kind: what a `displays.yaml` entry's `kind:` names.

Every builder has the signature `(codings, segments, cases, codebook, spec=None, **options)
-> Display`; `spec` is the entry itself (a mapping; `kind` is ignored) or the builder's spec
class. Modules are imported on first use, so importing this stays cheap (no pandas).
"""

from __future__ import annotations

from importlib import import_module

KINDS: dict[str, tuple[str, str, str]] = {
    # kind: (module, function, spec class)
    "case_by_code": ("qualcode.display.matrices", "case_by_code_matrix", "CaseCodeSpec"),
    "role_ordered": ("qualcode.display.role_ordered", "role_ordered_matrix", "RoleOrderedSpec"),
    "framework": ("qualcode.display.role_ordered", "framework_matrix", "FrameworkSpec"),
    "clustered": ("qualcode.display.clustered", "conceptually_clustered_matrix", "ClusteredSpec"),
    "checklist": ("qualcode.display.checklist", "checklist_matrix", "ChecklistSpec"),
    "summary_table": ("qualcode.display.summary_table", "summary_table", "SummarySpec"),
    "prevalence": ("qualcode.display.summary_table", "prevalence_by_group", "PrevalenceSpec"),
    "cooccurrence": ("qualcode.display.cooccurrence", "cooccurrence_matrix", "CooccurrenceSpec"),
    "accounting": ("qualcode.display.accounting", "accounting_log", "AccountingSpec"),
    "time_ordered": ("qualcode.display.time_ordered", "time_ordered_matrix", "TimeSpec"),
}


def builder(kind: str):
    """The display function for `kind`; DisplaySpecError naming the kinds for an unknown one."""
    if kind not in KINDS:
        from qualcode.display.spec import DisplaySpecError
        raise DisplaySpecError(f"unknown display kind {kind!r}; use one of {', '.join(sorted(KINDS))}")
    module, function, _ = KINDS[kind]
    return getattr(import_module(module), function)


def spec_class(kind: str) -> type:
    builder(kind)  # validates the kind
    module, _, spec = KINDS[kind]
    return getattr(import_module(module), spec)


def build(kind: str, codings, segments, cases, codebook, spec=None, **options):
    """Build one display of `kind` from the four frames and a spec (mapping or spec object)."""
    return builder(kind)(codings, segments, cases, codebook, spec, **options)
