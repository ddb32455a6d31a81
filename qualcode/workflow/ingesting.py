"""Ingest: the transcripts read, cut and stored in one transaction; renamed and vanished
files followed (`qualcode.workflow.vanished`)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from qualcode.errors import InputError, InputErrors, QualcodeError
from qualcode.model import Source
from qualcode.project import CONFIG_NAME, ProjectConfig
from qualcode.store import Store
from qualcode.textrules import natural_key
from qualcode.workflow.ingest_files import files_to_ingest, left_the_transcripts, unread_documents
from qualcode.workflow.repeated_sources import repeated_source_warnings
from qualcode.workflow.stages import StageHook, _quiet


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # sources whose files left the transcripts
    tables: list[str] = field(default_factory=list)  # how each table's columns were read
    codings_kept: int = 0
    codings_orphaned: int = 0
    suggestions_dropped: int = 0
    codings_restored: int = 0
    cases: int = 0
    warnings: list[str] = field(default_factory=list)
    imported: int = 0  # no transcript files: the store's sources came from an import (QDPX)
    # unchanged files whose guessed language is another now: source id -> that language
    relanguaged: dict[str, str] = field(default_factory=dict)
    read_anew: list[str] = field(default_factory=list)  # unchanged files read otherwise now
    moved: list[str] = field(default_factory=list)  # a table's rows, unchanged, now in other places
    # each table read: its path -> (data rows, rows left out with no answer), for the store
    table_rows: dict[str, tuple[int, int]] = field(default_factory=dict)

    def told(self, table) -> None:
        """A table's rows are read: how its columns were, and what the user should hear."""
        self.tables.append(table.description)
        self.warnings.extend(table.warnings)
        self.table_rows[table.display] = (len(table.table.rows), table.left_out)

    def summary(self) -> str:
        if self.imported:
            return (f"no transcript files: the {self.imported} imported sources are kept as they are; "
                    f"{self.cases:,} case{'' if self.cases == 1 else 's'}")
        moved = f", {len(self.moved):,} moved" if self.moved else ""
        removed = f", {len(self.removed):,} removed" if self.removed else ""
        return (f"{len(self.added):,} added, {len(self.updated):,} updated, {len(self.unchanged):,} unchanged"
                f"{moved}{removed}; {self.cases:,} case{'' if self.cases == 1 else 's'}")


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

    files, unreadable = files_to_ingest(config, paths)
    known = Store.peek_sources(config.store_path)
    gone, renamed = left_the_transcripts(config, known, files, unreadable, whole=not paths)
    advance = on_stage("ingest", len(files))
    try:
        with fewer_collections():
            if config.store_path.exists():
                with Store(config.store_path) as store, store.transaction():
                    report, recut = _store_sources(store, files, config, known, advance, on_source,
                                                   renamed, gone)
            else:
                report, recut = _ingest_into_new_store(files, config, advance, on_source)
    except InputError as exc:
        raise _nothing_ingested(exc) from None
    for path in unreadable:
        where = path.relative_to(config.root).as_posix()
        if path.is_dir() and not path.suffix:  # a folder the globs search, which cannot be listed
            report.warnings.append(f"{where}: a folder that cannot be read (no permission); its transcripts "
                                   "are not ingested, and those ingested before are kept as they were")
        else:
            report.warnings.append(f"{where}: matched by the transcripts globs but not a readable file "
                                   "(a folder, a broken link or a pipe); skipped")
    if (missing := config.missing_cases_file()) is not None:
        report.warnings.append(missing)
    if not paths:
        report.warnings.extend(unread_documents(config))
    report.warnings.extend(repeated_source_warnings(config))
    if recut:
        report.warnings.append(
            f"{len(recut)} unchanged {'file was' if len(recut) == 1 else 'files were'} cut again "
            f"({_named(recut)}) into {config.unit}s ([coding] unit or interviewers in {CONFIG_NAME}, or a "
            f"newer qualcode reads them differently); codings on segments whose text changed are "
            f"kept as orphans")
    if report.relanguaged:
        report.warnings.append(_relanguaged(report.relanguaged))
    if report.read_anew:
        report.warnings.append(
            f"{len(report.read_anew)} unchanged {'file was' if len(report.read_anew) == 1 else 'files were'} "
            f"read anew ({_named(report.read_anew)}): this qualcode reads their date, case or type "
            "otherwise than the one that first read them; their codings are kept")
    return report


def _nothing_ingested(error: InputError) -> InputError:
    """The error, saying on its last line that no file was ingested: the good files beside a
    bad one wait for it (one transaction), which a new user took for being skipped."""
    said = "; nothing was ingested until it is mended or moved out of the transcripts"
    errors = error.errors if isinstance(error, InputErrors) else [error]
    last = errors[-1]
    errors = [*errors[:-1], InputError(last.path, last.message + said.replace("it is", "these are")
                                       if len(errors) > 1 else last.message + said, last.line)]
    return errors[0] if len(errors) == 1 else InputErrors(errors)


def _named(items: list[str]) -> str:
    """The first five, and how many more."""
    return ", ".join(items[:5]) + (f" and {len(items) - 5} more" if len(items) > 5 else "")


def _relanguaged(languages: dict[str, str]) -> str:
    ids = sorted(languages)
    named = _named([f"{ident} ({languages[ident]})" for ident in ids])
    return (f"{len(ids)} unchanged {'file is' if len(ids) == 1 else 'files are'} read in another language "
            f"now: {named}. Their language is a guess, whose default is [project] language in "
            f"{CONFIG_NAME}; their codings are kept, and `qualcode code auto` suggests codes again")


def _store_sources(store: Store, files: list[Path], config: ProjectConfig, known: dict,
                   advance: Callable[[int], None], on_source: Callable[[Source], None] | None = None,
                   renamed: dict[str, tuple[str, str]] | None = None,
                   gone: dict[str, tuple[str, str]] | None = None) -> tuple[IngestReport, list[str]]:
    """Inside a transaction: every file read and written (a `renamed` file as the source it
    was), the `gone` sources taken out, then the cases."""
    from qualcode.ingest import read_sources
    from qualcode.ingest.cases import interviewers_by_case, merge_cases, read_cases_csv
    from qualcode.ingest.decode import named_as
    from qualcode.ingest.row_matching import ROW_MARK
    from qualcode.ingest.table_sources import table_path
    from qualcode.store.streaming import ensure_case, form_of, stored_forms

    report = IngestReport()
    recut, claims, read = [], [], set()
    moved: dict[str, list[str]] = {}  # table -> its rows that moved, told as one line
    renamed = renamed or {}
    known_ids = {path: ident for path, (ident, _) in known.items()}
    known_ids.update({path: ident for path, (_, ident) in renamed.items()})
    place_of_id = {ident: (path, sha) for path, (ident, sha) in known.items()}
    forms = stored_forms(store) if known else {}
    case_warnings: list[str] = []
    case_rows = read_cases_csv(config.cases_path, case_warnings)  # before the files: it may name a file's interviewer
    report.warnings.extend(named_as(case_warnings, config.cases_path, config.cases))
    for source, found in read_sources(files, config.root, config.language, known_ids=known_ids,
                                      unit=config.unit, project_interviewers=config.interviewers,
                                      case_interviewers=interviewers_by_case(case_rows),
                                      on_file=lambda: advance(1), on_table=report.told,
                                      tables=config.tables,
                                      known_shas={path: sha for path, (_, sha) in known.items()},
                                      texts_of=store.source_texts, reserved_ids=store.orphaned_source_ids()):
        report.warnings.extend(source.warnings)
        read.add(source.id)
        claims.extend(found)
        # unchanged: the same bytes, under the same id (a table's rows with the same cells
        # may trade places, and ids with them)
        if known.get(source.path, (None, None)) == (source.id, source.sha256):
            stored, form = forms.get(source.id), form_of(source)
            if stored == form:
                report.unchanged.append(source.id)
                continue
            if stored is None or stored.cuts != form.cuts:
                recut.append(source.id)  # same file, new cut: the coding unit changed
            elif stored.language != form.language:  # a guess whose default, the project's language, changed
                report.relanguaged[source.id] = source.language
            else:
                report.read_anew.append(source.id)  # its date, case or type, as a newer qualcode reads them
        for case_id in dict.fromkeys([source.case_id, *(s.case_id for s in source.segments)]):
            if case_id:
                ensure_case(store, case_id)  # its attributes come once every claim is known
        outcome = store.put_source(source)
        if on_source:
            on_source(source)
        if outcome.action == "added":
            report.added.append(source.id)
        elif (place := place_of_id.get(source.id)) and place[1] == source.sha256 and place[0] != source.path:
            report.moved.append(source.id)  # a table's row, its cells as they were, in another place
            moved.setdefault(table_path(source.path), []).append(source.id)
        else:
            report.updated.append(source.id)
        report.codings_kept += outcome.codings_kept
        report.codings_orphaned += outcome.codings_orphaned
        report.suggestions_dropped += outcome.suggestions_dropped
        report.codings_restored += outcome.codings_restored
    gone = dict(gone or {})
    gone.update(_rows_gone(known, files, read, config.root))
    for path, (old, ident) in sorted(renamed.items()):
        report.warnings.append(f"{path}: the file {old} renamed (the same bytes); source {ident} "
                               "keeps its id, codings and memos")
    for table, idents in sorted(moved.items()):
        report.warnings.append(
            f"{table}: {len(idents)} {'row' if len(idents) == 1 else 'rows'} moved "
            f"({_named(sorted(idents, key=natural_key))}): {'its' if len(idents) == 1 else 'their'} row "
            f"{'number' if len(idents) == 1 else 'numbers'} changed (rows inserted, deleted or sorted); "
            f"{'it keeps its' if len(idents) == 1 else 'each keeps its'} id, codings and memos")
    rows_gone: dict[str, list[str]] = {}  # table -> its rows' sources, told as one line
    for path, (ident, _) in sorted(gone.items()):
        orphaned, _ = store.remove_source(ident, path)  # its suggestions: nothing left to redo them on
        report.removed.append(ident)
        report.codings_orphaned += orphaned
        if (table := table_path(path)) is not None:
            rows_gone.setdefault(table, []).append(ident)
            continue
        report.warnings.append(
            f"{path}: no longer among the transcripts; source {ident} is out of the analysis"
            + _orphans_kept(orphaned))
    for table, idents in sorted(rows_gone.items()):
        report.warnings.append(
            f"{table}: {len(idents)} {'row' if len(idents) == 1 else 'rows'} no longer there or now without "
            "an answer (" + _named(idents) + "), out of the analysis; their reviewed or hand-made codings are kept as orphans")
    for path, (rows, left_out) in report.table_rows.items():
        store.put_table_read(path, rows, left_out)
    store.forget_tables_without_rows(ROW_MARK)
    # a group discussion's case is its participants': no source's, and no row of it is unmatched
    groups = {claim[4] for claim in claims if len(claim) > 4 and claim[4]}
    without_source = [case for case in store.keep_cases(merge_cases(case_rows, claims)) if case not in groups]
    if without_source:
        report.warnings.append(
            f"{config.cases}: {', '.join(without_source[:5])}"
            + (f" and {len(without_source) - 5} more" if len(without_source) > 5 else "")
            + f" {'matches' if len(without_source) == 1 else 'match'} no source; left out of the cases "
              "(and of every count of informants) until a source belongs to "
            + ("it" if len(without_source) == 1 else "them") + _rowless(store, case_rows))
    report.cases = store.case_count()
    if (roleless := store.roleless_informants()):
        report.warnings.append(
            f"{_named(roleless)} {'has' if len(roleless) == 1 else 'have'} no role, though other informants have one: "
            f"the report groups informants by role, and counts {'it' if len(roleless) == 1 else 'them'} "
            f"apart; give `role:` in the front matter or in {config.cases}")
    if (stranded := store.sources_moving()):  # each should have been put again or removed
        raise QualcodeError(f"ingest could not place {', '.join(stranded[:5])} among the rows of its table; "
                            "nothing was changed. Please report this, with the table if you can")
    return report, recut


def _rowless(store: Store, rows: dict[str, dict]) -> str:
    """The files whose case has no row in the cases file: most likely the ones a row was
    meant for (a file without front matter is its own case, named by its source id)."""
    from qualcode.ingest.row_matching import ROW_MARK

    rowless = store.cases_without_row(rows, ROW_MARK)
    if not rowless:
        return ""
    named = ", ".join(source if case == source else f"{source} (case {case})" for source, case in rowless[:5])
    more = f" and {len(rowless) - 5} more" if len(rowless) > 5 else ""
    return (f". Sources with no row there: {named}{more}; give such a file `case:` in its front matter "
            "to belong to a row, or name the row by its case")


def _orphans_kept(orphaned: int) -> str:
    return (f" ({orphaned} reviewed or hand-made {'coding' if orphaned == 1 else 'codings'} kept as "
            "orphans)" if orphaned else "")


def _rows_gone(known: dict, files: list[Path], read: set[str], root: Path) -> dict[str, tuple[str, str]]:
    """The stored rows of the tables just read that are no longer in them: whose ids no row
    read has (a row that moved keeps its id, not its path)."""
    from qualcode.ingest import display_path
    from qualcode.ingest.table_sources import table_path

    tables = {display_path(path, root) for path in files}
    return {path: (ident, sha) for path, (ident, sha) in known.items()
            if ident not in read and table_path(path) in tables}


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
