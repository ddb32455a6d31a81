"""Conclusion drawing and verification on a project: machine drafts plus the researcher's assertions."""

from __future__ import annotations

import json
from pathlib import Path

from qualcode.fileio import write_atomic
from qualcode.project import ProjectConfig


def conclusion_context(inputs):
    from qualcode.conclude.checks import Context
    from qualcode.conclude.evidence import evidence_frame

    evidence = evidence_frame(inputs.codings, inputs.segments, inputs.cases, inputs.codebook)
    return Context(evidence, inputs.cases, inputs.codebook, int(inputs.segments["source_type"].nunique()))


def draw_conclusions(config: ProjectConfig, language: str | None = None, reviewed_only: bool = False,
                     inputs=None):
    """(conclusions, suggestion quotes) for the project."""
    from qualcode.conclude.assertions import draft_assertions, suggestion_basis
    from qualcode.workflow.pipeline import _analysis_inputs

    inputs = inputs or _analysis_inputs(config, reviewed_only)
    ctx = conclusion_context(inputs)
    language = language or config.language
    return draft_assertions(ctx, language), suggestion_basis(ctx)


def write_conclusions(config: ProjectConfig, conclusions, language: str) -> Path:
    from qualcode.conclude.assertions import conclusions_json

    payload = json.dumps(conclusions_json(conclusions, language), ensure_ascii=False, indent=2,
                         sort_keys=True, default=str)
    return write_atomic(config.reports_path / "conclusions.json", payload + "\n")
