"""export qdc|qdpx|sheet|coder, import qdc|qdpx|sheet, merge: REFI-QDA exchange with NVivo,
ATLAS.ti, MAXQDA, QualCoder, qc; Excel coding sheets for coders who prefer a spreadsheet; and
coder files (one coder's decisions as JSON Lines) merged from one project into another."""

from __future__ import annotations

from pathlib import Path

import typer

from qualcode.cli.common import config, err, friendly

export_app = typer.Typer(help="Export the codebook or project for other QDA tools (REFI-QDA), "
                              "or a coder's Excel coding sheet.", no_args_is_help=True)
import_app = typer.Typer(help="Import a codebook or project from other QDA tools (REFI-QDA), "
                              "or a filled Excel coding sheet.", no_args_is_help=True)

NO_VALIDATE = typer.Option(False, "--no-validate",
                           help="Write without checking against the REFI-QDA XSDs (when they are missing).")


def register(app: typer.Typer) -> None:
    app.add_typer(export_app, name="export")
    app.add_typer(import_app, name="import")
    app.command("merge")(merge)


LISTED_PROBLEMS = 25


def _say(text: str) -> None:
    err.print(text, markup=False, highlight=False)


def _report(verb: str, summary) -> None:
    from qualcode.conclude.wording import singular_after_one

    counts = ", ".join(f"{value} {key}" for key, value in summary.counts.items() if value)
    _say(singular_after_one(f"{verb} {summary.path}: {counts or 'nothing'}"))  # "1 code column"
    for message in summary.messages:
        _say(f"  {message}")
    for reason in summary.skipped[:LISTED_PROBLEMS]:
        _say(f"  skipped: {reason}")
    if len(summary.skipped) > LISTED_PROBLEMS:  # 145 selections out of range made a screenful each
        _say(f"  … and {len(summary.skipped) - LISTED_PROBLEMS:,} more skipped ({len(summary.skipped):,} in all)")


def _project_language(default: str) -> str:
    """The project's language when there is a project, else `default`."""
    from qualcode.errors import ConfigError

    try:
        return config().language
    except ConfigError:
        return default


@export_app.command("qdc")
@friendly
def export_qdc(
    out: Path = typer.Option(..., "--out", "-o", readable=False, help="The .qdc file to write."),
    codebook: Path = typer.Option(None, readable=False, help="Codebook YAML (default: the project's)."),
    lang: str = typer.Option(None, "--lang", help="Language of code names: id or en (default: the project's)."),
    no_validate: bool = NO_VALIDATE,
) -> None:
    """The codebook as a REFI-QDA codebook (.qdc), codes nested by parent."""
    from qualcode.workflow import export_qdc as run

    path = codebook or config().codebook_path
    _report("wrote", run(path, out, lang or _project_language("en"), validate=not no_validate))


@export_app.command("qdpx")
@friendly
def export_qdpx(
    out: Path = typer.Option(..., "--out", "-o", readable=False, help="The .qdpx file to write."),
    lang: str = typer.Option(None, "--lang", help="Language of code names: id or en (default: the project's)."),
    stamp: bool = typer.Option(False, "--stamp", help="Record the export time (the file then differs "
                                                      "each time)."),
    no_validate: bool = NO_VALIDATE,
) -> None:
    """The project as a REFI-QDA project (.qdpx): sources, cases, codebook, codings per coder, memos."""
    from qualcode.workflow import export_qdpx as run

    _report("wrote", run(config(), out, lang, validate=not no_validate, stamp=stamp))


@import_app.command("qdc")
@friendly
def import_qdc(
    file: Path = typer.Argument(..., readable=False, help="A REFI-QDA codebook (.qdc)."),
    into: Path = typer.Option(None, "--into", readable=False, help="Codebook YAML to merge into or create "
                                                   "(default: the project's)."),
    lang: str = typer.Option(None, "--lang", help="Language of the code names (default: the project's)."),
) -> None:
    """Merge a REFI-QDA codebook into a codebook YAML (new codes are appended), or create one."""
    from qualcode.workflow import import_qdc as run

    target = into or config().codebook_path
    _report("updated" if target.exists() else "created", run(file, target, lang or _project_language("en")))


@import_app.command("qdpx")
@friendly
def import_qdpx(file: Path = typer.Argument(..., readable=False, help="A REFI-QDA project (.qdpx).")) -> None:
    """Bring in a REFI-QDA project: sources, cases with attributes, codes, codings per coder, memos."""
    from qualcode.workflow import import_qdpx as run

    _report("imported", run(config(), file))


@export_app.command("sheet")
@friendly
def export_sheet(
    out: Path = typer.Option(..., "--out", "-o", readable=False, help="The .xlsx file to write."),
    coder: str = typer.Option(None, help="The coder who fills it in (default: the project's coder)."),
    codes: str = typer.Option(None, "--codes", help="Only these code columns, comma-separated "
                                                    "(default: every codable code)."),
    sample: str = typer.Option(None, "--sample", help="Only the segments of this sample (`qualcode code "
                                                      "sample`), for double coding."),
    no_suggestions: bool = typer.Option(False, "--no-suggestions",
                                        help="Leave the machine's suggestions out, so that the coder codes blind."),
    lang: str = typer.Option(None, "--lang", help="The sheet's language, id or en (default: the project's)."),
) -> None:
    """An Excel coding sheet: one row per codable segment, one dropdown column per code.

    Cells: x = coded, reject = not this code, empty = no decision. Earlier decisions are pre-filled.
    """
    from qualcode.workflow import export_sheet as run

    wanted = [c for c in codes.split(",") if c.strip()] if codes is not None else None
    _report("wrote", run(config(), out, coder, wanted, sample=sample, suggestions=not no_suggestions,
                         language=lang))


@import_app.command("sheet")
@friendly
def import_sheet(
    file: Path = typer.Argument(..., readable=False, help="A coding sheet made by `qualcode export sheet` (.xlsx)."),
    coder: str = typer.Option(None, help="The coder the sheet was exported for "
                                         "(default: the project's coder)."),
) -> None:
    """Bring a coding sheet's decisions back, all or nothing; importing it twice changes nothing.

    x accepts, reject rejects, and emptying a pre-filled cell removes that decision.

    The bad rows are listed (file, sheet, row; the first 25, then how many more), and then
    nothing is imported.
    """
    from qualcode.interop.sheets import SheetProblems
    from qualcode.workflow import import_sheet as run

    try:
        summary = run(config(), file, coder)
    except SheetProblems as exc:
        for problem in exc.problems[:LISTED_PROBLEMS]:
            _say(f"error: {problem}")
        if len(exc.problems) > LISTED_PROBLEMS:  # a sheet broken throughout: the kind is clear by now
            _say(f"error: … and {len(exc.problems) - LISTED_PROBLEMS} more rows with problems")
        raise  # friendly prints the summary line and exits 1
    _report("imported", summary)


@export_app.command("coder")
@friendly
def export_coder(
    coder: str = typer.Argument(..., help="The coder whose decisions to write."),
    out: Path = typer.Option(..., "--out", "-o", readable=False, help="The coder file to write (.jsonl)."),
) -> None:
    """One coder's decisions as a coder file (JSON Lines), for `qualcode merge` in another project.

    Each line is one decision: the source (sha256, path), the segment (offsets, text), the code,
    accepted / rejected / visited, when, and any memo. Format: docs/formats.md, "Coder files".
    """
    from qualcode.workflow.coder_files import export_coder as run

    _report("wrote", run(config(), coder, out))


@friendly
def merge(
    files: list[Path] = typer.Argument(..., readable=False, help="Coder files made by `qualcode export coder`."),
) -> None:
    """Bring coders' decisions into this project from coder files; nothing is dropped.

    Segments are found by source sha256 and offsets, or by their text when a source changed.
    Where the project already holds the same coder's decision on a segment and code, the newer
    one wins, so merging twice, or in any order, ends the same. Lines that cannot be placed are
    listed and kept in the store's quarantine. A bad file stops the merge before anything is written.
    """
    from qualcode.workflow.coder_files import merge_coder_files

    summary = merge_coder_files(config(), files)
    counts = ", ".join(f"{value} {key}" for key, value in summary.counts.items() if value)
    _say(f"merged {summary.lines} lines from {len(summary.files)} "
         f"file{'s' if len(summary.files) != 1 else ''}: {counts or 'nothing'}")
    if summary.renamed:
        moved = sum(summary.renamed.values())
        _say(f"  {moved} line{'s' if moved != 1 else ''} on codes renamed since the file was written went to "
             f"their new ids: {', '.join(summary.renamed)}")
    for item in summary.quarantined:
        what = item.code or "a visit"
        _say(f"  quarantined {item.file}:{item.line}: {item.coder}, {what} on {item.source_path}: "
             f"{item.reason}")


__all__ = ["export_app", "import_app", "register"]
