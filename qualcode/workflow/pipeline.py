"""Use cases: load from the store, call the pure stages, save. What the CLI calls."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from qualcode.errors import QualcodeError
from qualcode.fileio import write_atomic
from qualcode.model import AUTO_CODER
from qualcode.project import CONFIG_NAME, ProjectConfig
from qualcode.project_template import config_text
from qualcode.store import Store
from qualcode.workflow.stages import StageHook, _quiet


# ------------------------------------------------------------------------------ init
def init_project(folder: Path, name: str | None = None, language: str = "id",
                 demo: bool = False) -> list[Path]:
    """Scaffold a project from package data: config, the smart-city codebook, a transcripts/
    folder with a README on the conventions (or, with `demo`, the demonstration corpus),
    and reports/."""
    from qualcode.project_template import DEMO_DESCRIPTION, DEMO_NAME

    folder = Path(folder)
    config = folder / CONFIG_NAME
    if config.exists():
        raise QualcodeError(f"{config} already exists; not overwriting a project")
    data = resources.files("qualcode").joinpath("data")
    folder.mkdir(parents=True, exist_ok=True)
    text = (config_text(name or DEMO_NAME, language, description=DEMO_DESCRIPTION) if demo
            else config_text(name or folder.resolve().name, language))
    written = [write_atomic(config, text)]
    written.append(write_atomic(folder / "codebooks" / "smart-city.yaml",
                                data.joinpath("codebooks/smart-city.yaml").read_bytes()))
    written.append(write_atomic(folder / "displays.yaml", data.joinpath("displays.yaml").read_bytes()))
    transcripts = folder / "transcripts"
    if demo:
        for item in sorted(data.joinpath("demo/transcripts").iterdir(), key=lambda p: p.name):
            if item.is_file():
                written.append(write_atomic(transcripts / item.name, item.read_bytes()))
    else:
        written.append(write_atomic(transcripts / "README.md",
                                    data.joinpath("templates/transcripts-README.md").read_bytes()))
    (folder / "reports").mkdir(exist_ok=True)
    written.append(folder / "reports")
    return written


# ------------------------------------------------------------------------------ coding
@dataclass(frozen=True)
class CodeReport:
    codebook_version: str
    segments: int
    suggestions: int
    withdrawn: int
    by_code: dict[str, int]
    threshold: float = 1.0
    threshold_from: str = CONFIG_NAME  # where the threshold came from: the config or --threshold
    # people's codings on codes the codebook no longer has (an id edited by hand): code -> count
    stranded: dict = field(default_factory=dict)
    withdrawn_by_code: dict = field(default_factory=dict)  # code -> suggestions withdrawn


# What the last `code auto` ran with, for `status`: beside the store, rewritten by every run.
AUTO_RUN_NOTE = "auto-coding.json"


def code_auto(config: ProjectConfig, threshold: float | None = None,
              on_stage: StageHook = _quiet, jobs: int = 1) -> CodeReport:
    """Suggest codes on every codable segment. `threshold` overrides [coding] threshold
    for this run only."""
    from qualcode.codebook import load_codebook
    from qualcode.codebook.loader import codebook_text
    from qualcode.condense.autocode import Settled, index_holds, iter_auto_code, iter_indexed, uses_workers
    from qualcode.store.streaming import SuggestionStage, codable_segment_count, coding_sources, read_segments
    from qualcode.store.token_cache import TokenCache
    from qualcode.workflow.collection import fewer_collections

    if threshold is not None and not threshold > 0:
        raise QualcodeError(f"--threshold must be above 0, not {threshold:g}")
    used = threshold if threshold is not None else config.threshold
    source_of_threshold = "--threshold" if threshold is not None else CONFIG_NAME
    codebook = load_codebook(config.codebook_path)
    by_code: dict[str, int] = {}
    with fewer_collections(), Store(config.store_path) as store:
        codable = codable_segment_count(store)
        if not codable and not store.known_sources():
            raise QualcodeError("nothing to code: run `qualcode ingest` first")
        advance = on_stage("code", codable)
        # Sources are read one at a time and suggestions staged as they are made, so memory
        # does not grow with the corpus; the project's tables change in one transaction.
        stage = SuggestionStage(store)
        try:
            with TokenCache(config.cache_path) as cache:
                # When the store is as the last run left it, the segments whose kept codings
                # still hold are not written again. Until this run's store commit, the cache
                # vouches for nothing: a run stopped halfway leaves the next one a full write.
                trusted = cache.run_stamp()
                settled = Settled() if stage.trusts(trusted, AUTO_CODER) else None
                # Trusted, the pieces are those of the last run, which the cache lists: the
                # store's segments are read only where an edit makes them matched again.
                index = cache.run_index(trusted) if settled is not None else None
                if index is not None and not (index.segments == codable
                                              and index_holds(index.versions, config.pipelines)):
                    index = None
                # A run from the index stays in this process, whatever `jobs` says: workers
                # would match every segment again and keep no codings for the next run.
                workers = index is None and uses_workers(jobs, codable)
                if workers:
                    settled = None
                cache.start_run(index)
                stage.reading()
                if index is not None:
                    coded = iter_indexed(index, codebook, used, cache, settled,
                                         lambda wanted: read_segments(store, wanted),
                                         trained=config.pipelines, on_segment=advance,
                                         expected_segments=index.segments)
                else:
                    coded = iter_auto_code(coding_sources(store), codebook, used,
                                           on_segment=advance, cache=cache, jobs=jobs if workers else 1,
                                           trained=config.pipelines, expected_segments=codable,
                                           settled=settled)
                for rows in coded:
                    stage.add_rows(rows)
                    for row in rows:
                        by_code[row.code_id] = by_code.get(row.code_id, 0) + 1
                if settled is not None:
                    stage.cover(settled.covered, settled.suggestions)
                    for code_id, n in settled.by_code.items():
                        by_code[code_id] = by_code.get(code_id, 0) + n
                cache.flush()  # every kept coding on disk before the store vouches for them
                if settled is not None and not cache.still_owns_run():
                    # another `code auto` rewrote the kept codings this run trusted
                    raise QualcodeError("another `code auto` ran on this project meanwhile; run it again")
                cache.checkpoint_meanwhile()
                with store.transaction():
                    store.record_codebook(codebook.version, codebook.name, codebook_text(config.codebook_path))
                    stored, withdrawn = stage.apply(AUTO_CODER, codebook.version,
                                                    trusted if settled is not None else None)
                    stamp = stage.record_run(AUTO_CODER)  # worker processes keep codings too
                    withdrawn_by_code = stage.withdrawn_by_code
                if stamp:
                    cache.set_run_stamp(stamp)
                    cache.prune_to_run(stamp)
        finally:
            stage.close()
        known = codebook.by_id()
        stranded = {code: n for code, n in store.people_codings_by_code().items() if code not in known}
    report = CodeReport(codebook.version, codable, stored, withdrawn, by_code, used,
                        source_of_threshold, stranded, withdrawn_by_code)
    _note_auto_run(config, report)
    return report


def _note_auto_run(config: ProjectConfig, report: CodeReport) -> None:
    """Remember the threshold the stored suggestions were made with (shown by `status`)."""
    import json

    with Store(config.store_path) as store:
        segments = store.segments_mark()
    note = {"threshold": report.threshold, "threshold_from": report.threshold_from,
            "codebook_version": report.codebook_version, "suggestions": report.suggestions,
            "segments": segments}
    write_atomic(config.store_path.parent / AUTO_RUN_NOTE, json.dumps(note, indent=2) + "\n")


def last_auto_run(config: ProjectConfig) -> dict | None:
    """What the last `code auto` ran with, or None before the first run."""
    import json

    try:
        return json.loads((config.store_path.parent / AUTO_RUN_NOTE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def ingested_since_auto_coding(config: ProjectConfig, store: Store) -> bool:
    """Whether an ingest added or re-cut sources after the last `code auto`, whose segments
    therefore have no suggestions yet (False before the first run, or for a note an older
    qualcode wrote, which does not say)."""
    last = last_auto_run(config)
    return bool(last and last.get("segments") and last["segments"] != store.segments_mark())


# ------------------------------------------------------------------------------ analysis
@dataclass(frozen=True)
class AnalysisInputs:
    codebook: object
    segments: object
    codings: object
    cases: object
    status_counts: dict
    memos: list
    titles: dict = field(default_factory=dict)  # source id -> front-matter title
    # each table's path -> (data rows, rows left out with no answer)
    table_rows: dict = field(default_factory=dict)
    rejected: dict = field(default_factory=dict)  # coder -> codings rejected (the audit trail says so)


# ------------------------------------------------------------------------------ status
def _codebook_check(config: ProjectConfig, by_code: dict[str, int], must_read: bool
                    ) -> tuple[dict[str, int], str | None]:
    """People's codings under codes the codebook no longer has (an id edited by hand), and
    why the codebook cannot be read, if it cannot. It is read when people have coded, or
    when it is not the codebook the suggestions were made with (an edit, or a broken file)."""
    from qualcode.errors import InputError
    from qualcode.workflow.coding import _codebook

    if not by_code and not must_read:
        return {}, None
    try:
        known = _codebook(config).by_id()
    except InputError as exc:
        return {}, str(exc)
    return {code: n for code, n in by_code.items() if code not in known}, None


def status(config: ProjectConfig) -> dict:
    from qualcode.codebook.loader import codebook_version

    with Store(config.store_path) as store:
        counts = store.counts()
        counts["store"] = {"schema_version": store.schema_version, "written_by": store.written_by}
        by_code = store.people_codings_by_code()
        counts["awaiting_yours"] = store.awaiting(config.coder)
        counts["ingested_since_auto_coding"] = ingested_since_auto_coding(config, store)
    counts["codebook_path"] = config.codebook
    counts["codebook_version"] = codebook_version(config.codebook_path)
    counts["codes_not_in_codebook"], counts["codebook_error"] = _codebook_check(
        config, by_code, must_read=counts["codebook_version"] not in counts["coded_with"])
    counts["coding_unit"] = config.unit
    counts["threshold"] = config.threshold
    # the threshold the stored machine suggestions were made with, when they exist
    last = last_auto_run(config) if counts["coded_with"] else None
    counts["suggested_at_threshold"] = last.get("threshold") if last else None
    counts["next"] = _next_step(config, counts)
    return counts


def _next_step(config: ProjectConfig, counts: dict) -> str | None:
    """What the project needs next, as one hint: the first step of the flow not yet done."""
    if not counts["sources"]:
        return (f"put transcripts in {config.transcripts[0].split('/')[0]}/, then `qualcode ingest` "
                "(or `qualcode run` for the whole flow)")
    if counts["codebook_error"]:
        return f"mend the codebook, which cannot be read: {counts['codebook_error']}"
    if not counts["coded_with"]:
        if any(row["coder"] != AUTO_CODER and row["status"] == "accepted" for row in counts.get("codings", ())):
            # people's codings (imported, or a coder file's) and no machine run: a run would offer
            # again what they rejected elsewhere, which no exchange format carries
            return ("`qualcode report --reviewed-only` for the displays, conclusions and report of the codings "
                    "people made; `qualcode code auto` adds the machine's suggestions")
        return "`qualcode code auto` to suggest codes"
    if counts["codebook_version"] not in counts["coded_with"]:
        return "`qualcode code auto`: the codebook changed since the suggestions were made"
    if counts.get("ingested_since_auto_coding"):
        return "`qualcode code auto`: sources were ingested since the suggestions were made, and have none yet"
    if counts["awaiting_yours"]:
        others = counts["awaiting_yours"] - counts.get("awaiting_review", counts["awaiting_yours"])
        # more than "awaiting review" counts when other coders decided some (not you, yet)
        decided = f"; other coders have decided {others:,} of them" if others > 0 else ""
        return (f"`qualcode code review`: {counts['awaiting_yours']:,} machine suggestions wait for your "
                f"decision ({config.coder}{decided})")
    if counts["orphan_codings"]:
        return "`qualcode code orphans`: codings whose text changed wait to be placed"
    return "`qualcode report` (or `qualcode run`) for the displays, conclusions and report"
