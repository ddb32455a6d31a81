"""Conclusion drawing and verification on a project: machine drafts plus the researcher's assertions."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from qualcode.fileio import write_atomic
from qualcode.project import ProjectConfig


def conclusion_context(inputs, source_attributes: dict | None = None, order=None, group_by: str = ""):
    """The checks' context; `order`, a ReadingOrder built over (at least) the codings' segment
    ids, spares the context sorting them again; `group_by`, [report] group_by (the site
    informants without roles are replicated across)."""
    from qualcode.conclude.sides import Context
    from qualcode.conclude.evidence import evidence_frame
    from qualcode.report.grouping import site_attribute

    evidence = evidence_frame(inputs.codings, inputs.segments, inputs.cases, inputs.codebook)
    ctx = Context(evidence, inputs.cases, inputs.codebook, int(inputs.segments["source_type"].nunique()),
                  source_attributes=source_attributes or {},
                  replicate_by=site_attribute(inputs.cases, group_by) or "role")
    if order is not None:
        ctx.memo["reading_order"] = order
    return ctx


def _source_attributes(store, segments) -> dict:
    """Source id -> the source's own attributes (e.g. `evidence: hearsay` on a document)."""
    from qualcode.conclude.evidence import distinct

    infos = (store.source_info(source_id) for source_id in sorted(distinct(segments["source_id"])))
    return {info["id"]: info["attributes"] for info in infos if info}


def draw_conclusions(config: ProjectConfig, language: str | None = None, reviewed_only: bool = False,
                     inputs=None, order=None):
    """(conclusions, suggestion quotes): the machine's drafts per dimension, then the
    researcher's own assertions, every check run on each."""
    from qualcode.conclude.assertions import draft_assertions, evaluate, suggestion_basis
    from qualcode.conclude.sides import AssertionSpec
    from qualcode.store import Store
    from qualcode.workflow.displays import analysis_inputs

    inputs = inputs or analysis_inputs(config, reviewed_only)
    language = language or config.language
    with Store(config.store_path) as store:
        written = store.assertions()
        ctx = conclusion_context(inputs, _source_attributes(store, inputs.segments), order, config.group_by)
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
    codebook = load_codebook(config.codebook_path)
    known = codebook.by_id()
    from qualcode.textrules import did_you_mean

    # a code may be named by its label, as `display show` prints it ("Saluran pengaduan")
    by_label = codebook.ids_by_label()

    def code_id(given: str) -> str:
        return given if given in known else by_label.get(given.strip().casefold(), given)

    codes, contrary = [code_id(c) for c in codes], [code_id(c) for c in contrary]
    rival, if_code, then_code = (code_id(c) if c else c for c in (rival, if_code, then_code))
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

    payload = indented_json(conclusions_json(conclusions, language))
    return write_atomic((Path(folder) if folder else config.reports_path) / "conclusions.json",
                        payload + "\n")


_LIST_MARK = "\x00qualcode-list-{}\x00"
_LIST_FOUND = re.compile(r'"\\u0000qualcode-list-(\d+)\\u0000"')
LONG_LIST = 64
_ESCAPED = re.compile(r'[\x00-\x1f\\"]')  # what json's encoder escapes, with ensure_ascii off


def indented_json(payload) -> str:
    """json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True, default=str), made
    fast for what conclusions carry: long lists of segment ids. json's indented encoder is
    pure Python, a step per item; here each long list of plain strings is set aside, the
    rest dumped by json, and the lists written back in json's own layout, each string
    encoded by json's C encoder."""
    lists: list[list[str]] = []

    def set_aside(value):
        if isinstance(value, dict):
            return {key: set_aside(item) for key, item in value.items()}
        if isinstance(value, (list, tuple)):
            if len(value) >= LONG_LIST and set(map(type, value)) == {str}:
                lists.append(value)
                return _LIST_MARK.format(len(lists) - 1)
            return [set_aside(item) for item in value]
        return value

    def plain():
        return json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True, default=str)

    text = json.dumps(set_aside(payload), ensure_ascii=False, indent=2, sort_keys=True, default=str)
    if sorted(int(i) for i in _LIST_FOUND.findall(text)) != list(range(len(lists))):
        return plain()  # a string of the data itself looks like a mark: take json's own way
    encode = json.encoder.encode_basestring

    def put_back(found: re.Match) -> str:
        indent = text[text.rfind("\n", 0, found.start()) + 1:found.start()]
        indent = indent[:len(indent) - len(indent.lstrip(" "))]  # the line's own indentation
        inner, items = "\n" + indent + "  ", lists[int(found.group(1))]
        if _ESCAPED.search("".join(items)) is None:  # then json writes each one as "item"
            body = '"' + ('",' + inner + '"').join(items) + '"'
        else:
            body = ("," + inner).join(map(encode, items))
        return "[" + inner + body + "\n" + indent + "]"

    return _LIST_FOUND.sub(put_back, text)


# ------------------------------------------------------------- tactics for generating meaning
@dataclass(frozen=True)
class GeneratedMeaning:
    """What `conclude tactics` shows: contrasts across a case attribute, and code relations."""

    by: str
    cases_total: int
    contrasts: list
    relations: list
    codebook: object
    # case attributes (not `by`) whose values make two groups or more: what to try instead
    grouping_attributes: tuple[str, ...] = ()


def generate_meaning(config: ProjectConfig, by: str = "role", reviewed_only: bool = False,
                     inputs=None, depth: str = "dimension") -> GeneratedMeaning:
    """Contrasts of every framework code across the groups of `by`, and relations between codes."""
    from qualcode.conclude.contrasts import contrasts
    from qualcode.conclude.relations import relations
    from qualcode.workflow.displays import analysis_inputs

    inputs = inputs or analysis_inputs(config, reviewed_only)
    ctx = conclusion_context(inputs)
    cases = ctx.cases
    grouping = tuple(sorted(str(c) for c in cases.columns if c != "case_id" and str(c).casefold() != by.casefold()
                            and cases[c].dropna().astype(str).str.strip().replace("", None).dropna().nunique() >= 2))
    return GeneratedMeaning(by, int(cases["case_id"].nunique()),
                            contrasts(ctx.evidence, cases, ctx.codebook, by, depth=depth),
                            relations(ctx.evidence, cases), ctx.codebook, grouping)


def find_patterns(config: ProjectConfig, reviewed_only: bool = False, inputs=None):
    """(candidate pattern codes, codebook): clusters of codes that informants raise together."""
    from qualcode.conclude.clustering import pattern_candidates
    from qualcode.workflow.displays import analysis_inputs

    inputs = inputs or analysis_inputs(config, reviewed_only)
    ctx = conclusion_context(inputs)
    return pattern_candidates(ctx.evidence, ctx.cases, ctx.codebook), ctx.codebook


def accept_pattern(config: ProjectConfig, number: int, code_id: str, label: str,
                   reviewed_only: bool = False):
    """Write candidate `number` into the project codebook as a `kind: theme` code with
    `members`; returns (the entry written, the codebook's warnings)."""
    from qualcode.codebook.writer import add_codes
    from qualcode.conclude.clustering import pattern_code_entry
    from qualcode.conclude.wording import WORDING
    from qualcode.errors import QualcodeError

    if not label.strip():
        raise QualcodeError("a pattern code needs a --label")
    candidates, codebook = find_patterns(config, reviewed_only)
    chosen = next((c for c in candidates if c.number == number), None)
    if chosen is None:
        raise QualcodeError(f"no candidate pattern {number}; "
                            + (f"choose 1 to {len(candidates)}" if candidates else "there are none")
                            + " (see `qualcode conclude patterns`)")
    if chosen.accepted_as:
        raise QualcodeError(f"candidate {number} is already in the codebook as {chosen.accepted_as!r}")
    if code_id in codebook.by_id():
        raise QualcodeError(f"the codebook already has a code {code_id!r}; choose another --id")
    definitions = {language: WORDING[language]["pattern_definition"] for language in ("id", "en")}
    entry = pattern_code_entry(chosen, code_id, label.strip(), codebook, definitions)
    warnings = add_codes(config.codebook_path, [entry])
    return entry, warnings
