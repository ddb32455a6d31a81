"""Which files an ingest reads: the transcripts globs' matches, or the files and folders
given; what it cannot read among them; which stored sources left the transcripts or were
renamed."""

from __future__ import annotations

import os
from pathlib import Path

from qualcode.errors import InputError, QualcodeError
from qualcode.project import CONFIG_NAME, ProjectConfig
from qualcode.store import Store


def all_imported(known: dict[str, tuple[str, str]]) -> bool:
    """Whether every stored source came from an import (a REFI-QDA project), none from a file."""
    from qualcode.workflow.vanished import IMPORTED_MARK

    return bool(known) and all(IMPORTED_MARK in path for path in known)


def files_to_ingest(config: ProjectConfig, paths: list[Path] | None) -> tuple[list[Path], list[Path]]:
    """The files to ingest, and what the transcripts globs match that cannot be read."""
    if not paths:
        files, unreadable = config.transcript_matches()
        known = Store.peek_sources(config.store_path) if not files else {}
        if known and all_imported(known):
            raise QualcodeError(
                f"no transcripts match {', '.join(config.transcripts)}: this project's sources came "
                "from an import (REFI-QDA) and are in the store, with nothing to ingest; `qualcode "
                "run` codes and reports them as they are")
        if known:  # every file gone at once: likelier a wrong glob or folder than a corpus emptied
            raise QualcodeError(
                f"no transcripts match {', '.join(config.transcripts)} in {config.root}, and the store "
                f"holds {len(known)} sources ingested from files no longer there; put the files back, "
                f"or correct `transcripts` in {CONFIG_NAME}")
        if not files:
            raise QualcodeError(
                f"no transcripts match {', '.join(config.transcripts)} in {config.root}: put .txt, "
                f".md, .docx, .vtt or .srt files (or a .csv or .xlsx table of short texts) in transcripts/ (its README.md explains front "
                f"matter and speaker turns), or `qualcode init --demo DIR` to try the demo")
        return files, unreadable
    from qualcode.ingest import INGESTED_SUFFIXES

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
                           and p.suffix.lower() in INGESTED_SUFFIXES
                           and not p.name.lower().startswith("readme") and not config.is_cases_file(p))
            if not found:
                raise InputError(path, f"a folder with no transcripts in it ({', '.join(INGESTED_SUFFIXES)})")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise InputError(path, "no such file")
    return files, []


def unread_documents(config: ProjectConfig) -> list[str]:
    from qualcode.project import UNREAD_DOCUMENTS

    return [f"{path.relative_to(config.root).as_posix()}: a {path.suffix.lower()} file is not read; save it as "
            f"{UNREAD_DOCUMENTS[path.suffix.lower()]} to code it" for path in config.unread_documents()]


def left_the_transcripts(config: ProjectConfig, known: dict, files: list[Path], unreadable: list[Path],
                          whole: bool = True) -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
    """(gone, renamed): `vanished.gone_sources` less the renamed ones, `vanished.renamed_files`.
    Ingesting some files only (`whole` false), nothing is gone, but a file given that is
    another source's file renamed (its old file no longer there) is still that source."""
    from qualcode.ingest import display_path
    from qualcode.workflow.vanished import gone_sources, renamed_files

    present = {display_path(path, config.root): path for path in files}
    if whole:
        shown = {display_path(p, config.root) for p in unreadable}
        # a source in a folder that cannot be listed is not gone: its file is only out of reach
        gone = {path: found for path, found in gone_sources(known, set(present) | shown).items()
                if not any(path.startswith(folder + "/") for folder in shown)}
    else:
        gone = {path: found for path, found in gone_sources(known, set(present)).items()
                if not (config.root / path).exists()}
    if not gone:
        return {}, {}
    renamed = renamed_files({d: p for d, p in present.items() if d not in known}, gone)
    return (gone if whole else {}), renamed
