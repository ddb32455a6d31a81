"""Use cases: load from the store, call the pure stages, save. What the CLI calls."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Callable

from qualcode.errors import InputError, QualcodeError
from qualcode.fileio import write_atomic
from qualcode.model import AUTO_CODER, Source
from qualcode.project import CONFIG_NAME, ProjectConfig, config_text
from qualcode.store import Store

# on_stage(name, total) -> advance(n): how the CLI shows progress without stages knowing.
StageHook = Callable[[str, int | None], Callable[[int], None]]


def _quiet(name: str, total: int | None) -> Callable[[int], None]:
    return lambda n: None


# ------------------------------------------------------------------------------ init
def init_project(folder: Path, name: str | None = None, language: str = "id",
                 demo: bool = False) -> list[Path]:
    """Scaffold a project from package data: config, the smart-city codebook, a transcripts/
    folder with a README on the conventions (or, with `demo`, the demonstration corpus),
    and reports/."""
    from qualcode.project import DEMO_DESCRIPTION, DEMO_NAME

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


# ------------------------------------------------------------------------------ ingest
@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    codings_kept: int = 0
    codings_orphaned: int = 0
    suggestions_dropped: int = 0
    cases: int = 0
    warnings: list[str] = field(default_factory=list)


def _ingest_files(config: ProjectConfig, paths: list[Path] | None) -> tuple[list[Path], list[Path]]:
    """The files to ingest, and what the transcripts globs match that cannot be read."""
    if not paths:
        files, unreadable = config.transcript_matches()
        if not files:
            raise QualcodeError(
                f"no transcripts match {', '.join(config.transcripts)} in {config.root}: put .txt, "
                f".md, .docx, .vtt or .srt files in transcripts/ (its README.md explains front "
                f"matter and speaker turns), or `qualcode init --demo DIR` to try the demo")
        return files, unreadable
    from qualcode.ingest import READERS

    files = []
    root = Path(os.path.abspath(config.root))
    for path in paths:
        path = Path(path)
        if not Path(os.path.abspath(path)).is_relative_to(root):
            # the store keeps paths relative to the project, never the machine's own paths
            raise InputError(path, f"is outside the project folder {config.root}; copy it into "
                                   "transcripts/ first")
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file()
                           and p.suffix.lower() in READERS
                           and not p.name.lower().startswith("readme"))
            if not found:
                raise InputError(path, f"a folder with no transcripts in it ({', '.join(READERS)})")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise InputError(path, "no such file")
    return files, []


def ingest(config: ProjectConfig, paths: list[Path] | None = None,
           on_stage: StageHook = _quiet, on_source: Callable[[Source], None] | None = None) -> IngestReport:
    """Read and store the files one at a time, all in one transaction: memory holds one file,
    and one bad file (or a case claimed with conflicting attributes) rolls every write back.
    A project's first ingest writes a new store beside the real one and puts it in place
    only when every file was good, so a bad file leaves no store behind at all.
    `on_source(source)` is called with each source once it is written (unchanged files are
    not written), e.g. to learn its words ahead of coding.
    (Reading files in worker processes was tried: shipping each parsed file back to the
    process that writes costs more than parsing it.)"""
    from qualcode.workflow.collection import fewer_collections

    files, unreadable = _ingest_files(config, paths)
    known = Store.peek_sources(config.store_path)
    advance = on_stage("ingest", len(files))
    with fewer_collections():
        if config.store_path.exists():
            with Store(config.store_path) as store, store.transaction():
                report, recut = _store_sources(store, files, config, known, advance, on_source)
        else:
            report, recut = _ingest_into_new_store(files, config, advance, on_source)
    for path in unreadable:
        report.warnings.append(f"{path.relative_to(config.root).as_posix()}: matched by the transcripts "
                               "globs but not a readable file (a folder, a broken link or a pipe); skipped")
    if (missing := config.missing_cases_file()) is not None:
        report.warnings.append(missing)
    if recut:
        report.warnings.append(
            f"{len(recut)} unchanged {'file was' if len(recut) == 1 else 'files were'} cut again "
            f"into {config.unit}s ([coding] unit in {CONFIG_NAME}); codings on segments whose text "
            f"changed are kept as orphans")
    return report


def _store_sources(store: Store, files: list[Path], config: ProjectConfig, known: dict,
                   advance: Callable[[int], None], on_source: Callable[[Source], None] | None = None
                   ) -> tuple[IngestReport, list[str]]:
    """Inside a transaction: every file read and written, then the cases."""
    from qualcode.ingest import read_sources
    from qualcode.ingest.cases import merge_cases, read_cases_csv
    from qualcode.store.streaming import ensure_case, segment_cuts

    report = IngestReport()
    recut, claims = [], []
    for source, claim in read_sources(files, config.root, config.language,
                                      known_ids={path: ident for path, (ident, _) in known.items()},
                                      unit=config.unit):
        advance(1)
        report.warnings.extend(source.warnings)
        if claim:
            claims.append(claim)
        if known.get(source.path, (None, None))[1] == source.sha256:
            if segment_cuts(store, source.id) == _cuts(source):
                report.unchanged.append(source.id)
                continue
            recut.append(source.id)  # same file, new cut: the coding unit changed
        if source.case_id:
            ensure_case(store, source.case_id)  # its attributes come once every claim is known
        outcome = store.put_source(source)
        if on_source:
            on_source(source)
        (report.added if outcome.action == "added" else report.updated).append(source.id)
        report.codings_kept += outcome.codings_kept
        report.codings_orphaned += outcome.codings_orphaned
        report.suggestions_dropped += outcome.suggestions_dropped
    cases = merge_cases(read_cases_csv(config.cases_path), claims)
    store.upsert_cases(cases)
    report.cases = len(cases)
    return report, recut


NEW_STORE_SUFFIX = ".new"


def _ingest_into_new_store(files: list[Path], config: ProjectConfig, advance: Callable[[int], None],
                           on_source: Callable[[Source], None] | None) -> tuple[IngestReport, list[str]]:
    """The first ingest: into `.project.db.<pid>.new`, linked into place once it is whole."""
    target = config.store_path
    folder_existed = target.parent.exists()
    _remove_abandoned_new_stores(target)
    building = target.with_name(f".{target.name}.{os.getpid()}{NEW_STORE_SUFFIX}")
    try:
        with Store(building, private=True) as store:
            with store.transaction():
                result = _store_sources(store, files, config, {}, advance, on_source)
            store.finish_private()
        try:
            os.link(building, target)  # never replaces a store another process made meanwhile
        except FileExistsError:
            raise QualcodeError(f"{target}: another qualcode command created the project store "
                                "while this ingest ran; run `qualcode ingest` again") from None
        except OSError:  # a file system without hard links
            if target.exists():
                raise QualcodeError(f"{target}: another qualcode command created the project store "
                                    "while this ingest ran; run `qualcode ingest` again") from None
            os.replace(building, target)
    finally:
        _remove_store_files(building)
        if not folder_existed and not target.exists() and target.parent.is_dir() \
                and not any(target.parent.iterdir()):
            target.parent.rmdir()
    return result


def _remove_store_files(path: Path) -> None:
    for name in (path.name, f"{path.name}-wal", f"{path.name}-shm", f"{path.name}-journal"):
        path.with_name(name).unlink(missing_ok=True)


def _remove_abandoned_new_stores(target: Path) -> None:
    """New stores left by a first ingest that was killed: their process is gone."""
    if not target.parent.is_dir():
        return
    for path in target.parent.glob(f".{target.name}.*{NEW_STORE_SUFFIX}"):
        pid = path.name[len(target.name) + 2:-len(NEW_STORE_SUFFIX)]
        if pid.isdigit() and not _alive(int(pid)):
            _remove_store_files(path)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process
    return True


def _cuts(source) -> tuple:
    """How a source is cut into segments: equal cuts mean re-ingesting changes nothing."""
    return tuple((s.start, s.end, s.speaker, s.timestamp, s.codable) for s in source.segments)


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
                if stamp:
                    cache.set_run_stamp(stamp)
                    cache.prune_to_run(stamp)
        finally:
            stage.close()
    report = CodeReport(codebook.version, codable, stored, withdrawn, by_code, used,
                        source_of_threshold)
    _note_auto_run(config, report)
    return report


def _note_auto_run(config: ProjectConfig, report: CodeReport) -> None:
    """Remember the threshold the stored suggestions were made with (shown by `status`)."""
    import json

    note = {"threshold": report.threshold, "threshold_from": report.threshold_from,
            "codebook_version": report.codebook_version, "suggestions": report.suggestions}
    write_atomic(config.store_path.parent / AUTO_RUN_NOTE, json.dumps(note, indent=2) + "\n")


def last_auto_run(config: ProjectConfig) -> dict | None:
    """What the last `code auto` ran with, or None before the first run."""
    import json

    try:
        return json.loads((config.store_path.parent / AUTO_RUN_NOTE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


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


# ------------------------------------------------------------------------------ status
def status(config: ProjectConfig) -> dict:
    from qualcode.codebook.loader import codebook_version

    with Store(config.store_path) as store:
        counts = store.counts()
        counts["store"] = {"schema_version": store.schema_version, "written_by": store.written_by}
    counts["codebook_path"] = config.codebook
    counts["codebook_version"] = codebook_version(config.codebook_path)
    counts["coding_unit"] = config.unit
    counts["threshold"] = config.threshold
    # the threshold the stored machine suggestions were made with, when they exist
    last = last_auto_run(config) if counts["coded_with"] else None
    counts["suggested_at_threshold"] = last.get("threshold") if last else None
    return counts
