"""REFI-QDA use cases: export the codebook (QDC) or project (QDPX), import either.

An import parses and checks everything first, then writes in one store transaction
(the codebook YAML is replaced inside it, after being validated), so bad input leaves
the project as it was.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from qualcode import __version__
from qualcode.errors import CodebookError, InputError, QualcodeError
from qualcode.fileio import usual_mode, write_atomic
from qualcode.project import CONFIG_NAME, ProjectConfig
from qualcode.store import Store

ORIGIN = f"qualcode {__version__}"

# qualcode.toml's `codebook = "…"` line (of [project], its first table), its path the group
_CODEBOOK_LINE = re.compile(r'^codebook\s*=\s*"([^"\n]*)"[ \t]*(?:#.*)?$', re.MULTILINE)


@dataclass
class InteropSummary:
    """What an export wrote or an import brought in, for the CLI to report."""

    path: Path
    counts: dict = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _writable(out: Path) -> Path:
    out = Path(out)
    if out.is_dir():
        raise QualcodeError(f"{out} is a folder; give a file name, e.g. {out / 'project.qdpx'}")
    return out


# ------------------------------------------------------------------------------ export
def export_qdc(codebook_path: Path, out: Path, language: str, validate: bool = True) -> InteropSummary:
    """Write the codebook as a REFI-QDA codebook file."""
    from qualcode.codebook import load_codebook
    from qualcode.interop.refi_export import codebook_qdc

    out = _writable(out)
    codebook = load_codebook(codebook_path)
    xml = codebook_qdc(codebook, language, ORIGIN, check=validate)
    write_atomic(out, xml)
    summary = InteropSummary(out, {"codes": len(codebook.codes)})
    if not validate:
        summary.messages.append("not validated against the REFI-QDA schema (--no-validate)")
    return summary


def _snapshot(config: ProjectConfig, language: str, stamp: bool):
    from qualcode.codebook import load_codebook
    from qualcode.interop.refi_export import ProjectSnapshot

    codebook = load_codebook(config.codebook_path)
    sources, cases, codings, spans, memos = [], [], [], [], []
    if config.store_path.exists():
        with Store(config.store_path) as store:
            sources, cases = store.sources(), store.cases()
            codings, spans, memos = store.coding_rows(), store.span_codings(), store.memo_rows()
    now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds") if stamp else None
    return ProjectSnapshot(name=config.name, description=config.description, origin=ORIGIN,
                           language=language, codebook=codebook, sources=sources, cases=cases,
                           codings=codings, span_codings=spans, memos=memos, stamp=now)


def export_qdpx(config: ProjectConfig, out: Path, language: str | None = None, validate: bool = True,
                stamp: bool = False) -> InteropSummary:
    """Write the project as a REFI-QDA project archive."""
    from qualcode.interop.refi_export import project_qdpx

    out = _writable(out)
    export = project_qdpx(_snapshot(config, language or config.language, stamp), check=validate)
    write_atomic(out, export.archive)
    summary = InteropSummary(out, export.counts)
    if export.left_out:
        parts = " and ".join(f"{n} {what}" for what, n in export.left_out.items())
        summary.messages.append(f"left out: {parts} (REFI-QDA cannot say that a coding was rejected)")
    orphans = _orphans(config)
    if orphans:
        summary.messages.append(f"left out: {orphans} orphaned codings (their text changed on "
                                "re-ingest, so they belong to no segment)")
    if not validate:
        summary.messages.append("not validated against the REFI-QDA schema (--no-validate)")
    return summary


def _orphans(config: ProjectConfig) -> int:
    if not config.store_path.exists():
        return 0
    with Store(config.store_path) as store:
        return store.counts().get("orphan_codings", 0)


# ------------------------------------------------------------------------------ codebook YAML
def _merged_codebook(target: Path, plan, source: Path, messages: list[str]) -> Path | None:
    """A validated temporary codebook YAML with the plan's new codes; None when nothing is new.

    The caller moves it over `target` (os.replace) once everything else has been written."""
    from qualcode.codebook import load_codebook
    from qualcode.codebook.loader import codebook_text
    from qualcode.interop.refi_codes import append_codes, code_entry, new_codebook_yaml, redump_with_codes
    from qualcode.yamlerrors import safe_load

    entries = [code_entry(code) for code in plan.new_codes]
    if not entries:
        return None
    note = f"imported from {source.name} by qualcode"
    if target.exists():
        text = codebook_text(target)
        merged = append_codes(text, entries, note)
        if merged is None:
            merged = redump_with_codes(safe_load(text, target), entries)
            messages.append(f"{target}: rewritten in full to add codes (its comments were lost)")
    else:
        name = plan.codebook_names or plan.codebook_name or plan.framework_name or source.stem
        framework = plan.framework_names or plan.framework_name or name
        merged = new_codebook_yaml(name, framework, plan.dimensions,
                                   plan.cross_cutting, entries, note, plan.dimension_term)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(merged)
    # mkstemp makes the file private: the codebook keeps its permissions, a new one the usual
    os.chmod(temporary, target.stat().st_mode & 0o7777 if target.exists() else usual_mode())
    try:
        load_codebook(Path(temporary))
    except CodebookError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise InputError(source, f"its codes would make {target} invalid ({exc.message})") from None
    return Path(temporary)


def import_qdc(source: Path, target: Path, language: str) -> InteropSummary:
    """Merge a REFI-QDA codebook into a codebook YAML, or create one from it."""
    from qualcode.codebook import load_codebook
    from qualcode.interop.refi_codes_plan import plan_codes
    from qualcode.interop.refi_import import parse_qdc

    from qualcode.interop.safezip import MAX_MEMBER_BYTES, not_a_file

    source, target = Path(source), Path(target)
    if not source.is_file():
        raise InputError(source, not_a_file(source))
    if source.stat().st_size > MAX_MEMBER_BYTES:
        raise InputError(source, f"larger than {MAX_MEMBER_BYTES:,} bytes; not a codebook")
    raw = source.read_bytes()
    if raw[:4] == b"PK\x03\x04":
        raise InputError(source, "is a ZIP archive (a .qdpx project?); use `qualcode import qdpx`")
    codes, sets, skipped = parse_qdc(raw, source)
    existing = load_codebook(target) if target.exists() else None
    plan = plan_codes(codes, sets, existing, language)
    summary = InteropSummary(target, {"codes new": len(plan.new_codes), "codes matched": plan.matched},
                             skipped=skipped + plan.skipped)
    temporary = _merged_codebook(target, plan, source, summary.messages)
    if temporary is not None:
        os.replace(temporary, target)
    return summary


# ------------------------------------------------------------------------------ project
def import_qdpx(config: ProjectConfig, source: Path) -> InteropSummary:
    """Bring a REFI-QDA project into this one: sources, cases, codes, codings per coder, memos."""
    from qualcode.codebook import load_codebook
    from qualcode.interop.refi_import import parse_qdpx
    from qualcode.interop.refi_merge import ExistingProject, plan_import

    source = Path(source)
    project = parse_qdpx(source)
    codebook = load_codebook(config.codebook_path) if config.codebook_path.exists() else None
    existing = ExistingProject()
    coded = False
    if config.store_path.exists():
        with Store(config.store_path) as store:
            existing = ExistingProject(tuple(store.sources()), store.case_attributes(),
                                       frozenset(store.source_paths()), frozenset(store.memo_keys()))
            coded = store.has_codings()
    # Into a project as `init` made it, a project of another framework brings its own codebook:
    # merged into the shipped smart-city one, it would be judged by that framework's strategies
    own = None if coded else _own_framework(config, project, codebook, source)
    target = config.codebook_path if own is None else own[0]
    plan = plan_import(project, existing, None if own else codebook, config.language, source.name, config.unit)
    summary = InteropSummary(source, messages=list(plan.messages), skipped=list(plan.skipped))
    if project.description and project.description != config.description:
        summary.skipped.append("the project's description: qualcode.toml holds this project's own")
    if project.name and project.name.strip() != config.name:
        summary.skipped.append(f"the project's name {project.name.strip()!r}: qualcode.toml names this one "
                               f"{config.name!r} (its [project] name, which the report's title shows)")
    temporary = _merged_codebook(target, plan.codes, source, summary.messages)
    try:
        with Store(config.store_path) as store, store.transaction():
            written = store.store_import(plan.sources, plan.cases, plan.codings, plan.spans, plan.memos)
            if temporary is not None:
                os.replace(temporary, target)
            if own is not None:
                write_atomic(config.root / CONFIG_NAME, own[1])
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
    if own is not None:
        summary.messages.append(f"{target.relative_to(config.root).as_posix()}: the imported project's own "
                                f"framework, now the project's codebook (qualcode.toml names it)")
        summary.messages.extend(_displays_left(config, target))
    inside = sum(1 for span in plan.spans if span["segment_id"])
    summary.counts = {
        "sources added": written["sources"], "sources already in the project": len(plan.reused),
        "cases added or extended": len(plan.cases),
        "codes added to the codebook": len(plan.codes.new_codes), "codes matched": plan.codes.matched,
        "codings on segments": written["codings"],
        "codings already present": len(plan.codings) - written["codings"],
        "span codings inside a segment": inside,
        "span codings across segments (each codes the turns it covers half of or more, if any)":
            len(plan.spans) - inside,
        "span codings already present": len(plan.spans) - written["span codings"],
        "memos": written["memos"],
    }
    coders = sorted({c["coder"] for c in plan.codings + plan.spans})
    summary.messages.insert(0, f"coders: {', '.join(coders) if coders else 'none'}")
    if coders:
        # the format has no rejected coding: a machine run here would offer those again
        summary.messages.append("REFI-QDA holds no rejected codings: `qualcode code auto` here would suggest "
                                "again what its coders rejected; count only decided codings with "
                                "`qualcode report --reviewed-only`")
    if plan.reused:  # a co-author's file back: what it no longer holds is not taken away
        summary.messages.append("an import adds: codings and codes the file no longer holds (deleted or renamed "
                                "there) stay in this project; remove them with `qualcode code remove` or "
                                "`qualcode codebook merge`")
    if temporary is not None and own is None:
        summary.messages.append(f"{config.codebook_path}: {len(plan.codes.new_codes)} codes appended")
    return summary


def _own_framework(config: ProjectConfig, project, codebook, source: Path) -> tuple[Path, str] | None:
    """(a codebook file for the imported codes, qualcode.toml naming it) when this project's
    codebook is the shipped one untouched and most of the imported codes are not its codes;
    else None, and the imported codes join the project's codebook."""
    from importlib import resources

    from qualcode.ingest import slug
    from qualcode.interop.refi_codes_plan import plan_codes
    shipped = resources.files("qualcode").joinpath("data/codebooks/smart-city.yaml").read_bytes()
    if codebook is None or not config.codebook_path.is_file() or config.codebook_path.read_bytes() != shipped:
        return None
    trial = plan_codes(project.codes, project.sets, codebook, config.language)
    if not trial.new_codes or trial.matched * 2 >= trial.matched + len(trial.new_codes):
        return None  # mostly our own codes (a qualcode project's export): they are matched
    text = (config.root / CONFIG_NAME).read_text(encoding="utf-8")
    named = _CODEBOOK_LINE.search(text)
    if named is None:
        return None
    folder = config.codebook_path.parent
    stem = slug(source.stem)
    target = folder / f"{stem}.yaml"
    n = 2
    while target.exists():
        target, n = folder / f"{stem}-{n}.yaml", n + 1
    relative = target.relative_to(config.root).as_posix()
    return target, text[:named.start(1)] + relative + text[named.end(1):]


def _displays_left(config: ProjectConfig, codebook_path: Path) -> list[str]:
    """A word on displays.yaml when its displays name codes the new codebook lacks."""
    from qualcode.codebook import load_codebook
    from qualcode.project import load_config
    from qualcode.workflow.display_specs import check_display_codes

    try:
        check_display_codes(load_config(config.root), load_codebook(codebook_path))
    except InputError as exc:
        return [f"note: {exc}"]
    return []
