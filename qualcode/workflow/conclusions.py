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
    """(conclusions, suggestion quotes): the machine's drafts per dimension, then the
    researcher's own assertions, every check run on each."""
    from qualcode.conclude.assertions import draft_assertions, evaluate, suggestion_basis
    from qualcode.conclude.checks import AssertionSpec
    from qualcode.store import Store
    from qualcode.workflow.pipeline import _analysis_inputs

    inputs = inputs or _analysis_inputs(config, reviewed_only)
    ctx = conclusion_context(inputs)
    language = language or config.language
    with Store(config.store_path) as store:
        written = store.assertions()
    mine = [evaluate(AssertionSpec(
        id=a["id"], codes=tuple(a["codes"]), statement=a["statement"], contrary=tuple(a["contrary"]),
        rival=a["rival"], if_code=a["if_code"], then_code=a["then_code"], author=a["author"],
        verdict=a["verdict"], verdict_memo=a["verdict_memo"]), ctx, language) for a in written]
    return draft_assertions(ctx, language) + mine, suggestion_basis(ctx)


VERDICTS = ("supported", "modified", "rejected")


def add_assertion(config: ProjectConfig, statement: str, codes: list[str], contrary: list[str] = (),
                  rival: str | None = None, if_code: str | None = None, then_code: str | None = None,
                  author: str | None = None) -> str:
    """Store a researcher's assertion; codes must exist, and if/then come as a pair."""
    from qualcode.codebook import load_codebook
    from qualcode.errors import QualcodeError
    from qualcode.store import Store

    if not statement.strip():
        raise QualcodeError("an assertion needs a statement")
    if not codes:
        raise QualcodeError("name at least one --code the assertion rests on")
    if (if_code is None) != (then_code is None):
        raise QualcodeError("--if and --then go together")
    known = load_codebook(config.codebook_path).by_id()
    from qualcode.workflow.coding import did_you_mean

    for code in [*codes, *contrary, *(c for c in (rival, if_code, then_code) if c)]:
        if code not in known:
            raise QualcodeError(f"unknown code {code!r}{did_you_mean(code, known)}; "
                                f"see `qualcode codebook show`")
    with Store(config.store_path) as store, store.transaction():
        return store.add_assertion(statement.strip(), codes, author or config.coder, contrary, rival,
                                   if_code, then_code)


def record_verdict(config: ProjectConfig, assertion_id: str, verdict: str, memo: str | None) -> None:
    from qualcode.errors import QualcodeError
    from qualcode.store import Store

    if verdict not in VERDICTS:
        raise QualcodeError(f"verdict must be one of {', '.join(VERDICTS)}")
    with Store(config.store_path) as store, store.transaction():
        if not store.set_verdict(assertion_id, verdict, memo):
            raise QualcodeError(f"no researcher assertion {assertion_id!r} (machine drafts have no verdict)")


def write_conclusions(config: ProjectConfig, conclusions, language: str,
                      folder: Path | None = None) -> Path:
    from qualcode.conclude.assertions import conclusions_json

    payload = json.dumps(conclusions_json(conclusions, language), ensure_ascii=False, indent=2,
                         sort_keys=True, default=str)
    return write_atomic((Path(folder) if folder else config.reports_path) / "conclusions.json",
                        payload + "\n")
