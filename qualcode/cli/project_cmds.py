"""init, status, ingest."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from qualcode.cli.common import config, err, friendly, one_of, out, stage_progress


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.command("status")(status)
    app.command("ingest")(ingest)


@friendly
def init(
    folder: Path = typer.Argument(..., readable=False, help="Folder for the new project (created if missing)."),
    name: str = typer.Option(None, help="Project name (default: the folder's name)."),
    language: str = typer.Option("id", help="Default language of sources and report: id or en."),
    demo: bool = typer.Option(False, "--demo", help="Also copy the illustrative demonstration corpus."),
) -> None:
    """Scaffold a project: qualcode.toml, the smart-city codebook, transcripts/ and reports/."""
    from qualcode.workflow import init_project

    written = init_project(folder, name, language, demo)
    import shlex

    err.print(f"created {escape(str(folder))}: {len(written)} files and folders")
    where = escape(shlex.quote(str(folder)))  # a name with a space still pastes as one argument
    if demo:
        err.print(f"next: cd {where} && qualcode run")
    else:
        err.print(f"next: put transcripts in {escape(str(folder / 'transcripts'))} (see its README.md), "
                  f"then `cd {where} && qualcode run`")
        # a study on another topic would get a smart-city report without a word of warning
        err.print("the codebook is the shipped smart-city framework (codebooks/smart-city.yaml): "
                  "for another topic, edit it or write your own and name it under [project] codebook "
                  "in qualcode.toml (docs/codebook-format.md)", markup=False, highlight=False)


@friendly
def status(fmt: str = typer.Option("table", "--format", help="table or json")) -> None:
    """Sources, cases, segments, codings by status and coder, and the codebook version."""
    from qualcode.workflow import status as project_status

    one_of(fmt, ("table", "json"))
    counts = project_status(config())
    if fmt == "json":
        out.print_json(json.dumps(counts))
        return
    summary = Table(title="Project", show_header=False)
    by_type = ", ".join(f"{k} {v:,}" for k, v in counts["sources_by_type"].items())
    summary.add_row("sources", f"{counts['sources']:,}" + (f" ({by_type})" if by_type else ""))
    summary.add_row("cases", f"{counts['cases']:,}")
    summary.add_row("segments", f"{counts['segments']:,} ({counts['codable_segments']:,} codable)")
    made_at = counts.get("suggested_at_threshold")
    summary.add_row("coding", f"unit {counts['coding_unit']} · threshold {counts['threshold']:g}" + (
        f" [yellow](suggestions made at {made_at:g})[/]" if made_at not in (None, counts["threshold"]) else ""))
    summary.add_row("codebook", f"{counts['codebook_path']} @ {counts['codebook_version'] or 'unreadable'}")
    if counts["codebook_error"]:
        summary.add_row("", f"[red]cannot be read: {escape(counts['codebook_error'])}[/]")
    elif counts["coded_with"] and counts["codebook_version"] not in counts["coded_with"]:
        summary.add_row("", "[yellow]codebook changed since auto-coding: run `qualcode code auto`[/]")
    if counts["codings"]:
        summary.add_row("awaiting review", f"{counts['awaiting_review']:,} machine suggestions no person has "
                        "decided on (the report counts them, as unreviewed)")
    stranded = counts["codes_not_in_codebook"]
    if stranded:
        named = ", ".join(f"{code} ({n})" for code, n in stranded.items())
        summary.add_row("not in codebook", escape(
            f"{(n := sum(stranded.values())):,} {'coding' if n == 1 else 'codings'} by people on codes the "
            f"codebook no longer has: {named}; "
            "if you renamed one in the YAML, `qualcode codebook rename OLD NEW` brings them along"))
    if counts["orphan_codings"]:
        summary.add_row("orphaned codings", f"{counts['orphan_codings']:,} (their text changed or went "
                        "away; see `qualcode code orphans`)")
    if counts["quarantined_merge_lines"]:
        held = counts["quarantined_merge_lines"]
        summary.add_row("quarantined", f"{held} merged decision{'s' if held != 1 else ''} that could "
                        "not be placed (kept in the store; the merge that met them listed each)")
    out.print(summary)
    machine = sum(row["n"] for row in counts["codings"] if row["origin"] == "auto" and row["status"] == "suggested")
    # the machine's suggestions stay as it made them; a person's decision is a row of its own
    decided = (f"the machine's {machine:,} suggestions stay as it made them; a person's decision on one "
               f"is a row of its own (origin auto): {counts['awaiting_review']:,} of them await review"
               if counts["awaiting_review"] != machine else None)
    codings = Table(title="Codings")
    for column in ("coder", "origin", "status", "n"):
        codings.add_column(column, justify="right" if column == "n" else "left")
    for row in counts["codings"]:
        codings.add_row(row["coder"], row["origin"], row["status"], f"{row['n']:,}")
    if counts["codings"]:
        out.print(codings)
        if decided:
            out.print(f"[dim]{decided}[/dim]")
    if counts["next"]:
        err.print(f"next: {escape(counts['next'])}")


@friendly
def ingest(paths: list[Path] = typer.Argument(None, readable=False,
                                               help="Files or folders (default: the configured globs).")) -> None:
    """Read transcripts into the store: decode, normalise, split into speaker turns and segments."""
    from qualcode.workflow import ingest as ingest_sources

    progress, hook = stage_progress(err)
    with progress:
        report = ingest_sources(config(), paths or None, on_stage=hook)
    print_ingest_notes(report, summary=True)


def print_ingest_notes(report, summary: bool = False, recoded: bool = False) -> None:
    """What an ingest has to tell, by `ingest` and by `run`: how tables were read, warnings,
    (the summary line,) and what became of people's codings on changed sources. `recoded`:
    the caller redid the machine's suggestions already (`run`)."""
    for table in report.tables:
        err.print(f"table: {escape(table)}")
    for warning in report.warnings:
        err.print(f"[yellow]warning:[/yellow] {escape(warning)}")
    if summary:
        err.print(f"ingested: {report.summary()}")
    if report.codings_restored:
        err.print(f"orphaned codings whose text came back, coded there again: {report.codings_restored}")
    if report.updated or report.removed:
        err.print(f"codings carried over: {report.codings_kept}; "
                  f"could not be carried over (kept as orphans): {report.codings_orphaned}"
                  + (" (see `qualcode code orphans`)" if report.codings_orphaned else "")
                  + ("" if recoded else f"; machine suggestions to redo: {report.suggestions_dropped}"
                     + (" (`qualcode code auto` redoes them)" if report.suggestions_dropped else "")))
