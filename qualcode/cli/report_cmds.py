"""report, run."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from qualcode.cli.common import JOBS_HELP, config, err, friendly, stage_progress


def register(app: typer.Typer) -> None:
    app.command("report")(report)
    app.command("run")(run)


LANG_HELP = "Report language: id or en (default: the project's language)."
REVIEWED_HELP = ("Use only codings a researcher accepted (default: those, and the machine suggestions "
                 "no one has decided on).")


@friendly
def report(
    lang: str = typer.Option(None, "--lang", help=LANG_HELP),
    reviewed_only: bool = typer.Option(False, "--reviewed-only", help=REVIEWED_HELP),
    coder: str = typer.Option(None, "--coder", help="Only this coder's accepted codings, e.g. consensus "
                                                    "(from `agree resolve`)."),
    fmt: str = typer.Option("md,html,docx", "--format", help="Comma-separated: md, html, docx."),
    out: Path = typer.Option(None, "--out", readable=False, help="Folder for the reports (default: the project's)."),
    template_dir: Path = typer.Option(None, "--template-dir", readable=False,
                                      help="Folder whose report.md.j2 / report.html.j2 override ours."),
    chapter: int = typer.Option(None, "--chapter", min=1, max=99,
                                help="Number tables and figures within this chapter of a thesis: Tabel 4.1, Gambar 4.1 "
                                     "(default: the chapter set in qualcode.toml's report settings, which `run` follows too)."),
) -> None:
    """Write the findings report (Markdown, HTML, DOCX), conclusions.json and matrices."""
    from qualcode.workflow import build_report

    formats = tuple(f.strip() for f in fmt.split(",") if f.strip())
    progress, hook = stage_progress(err)
    with progress:
        files = build_report(config(), lang, reviewed_only, on_stage=hook, formats=formats,
                             out=out, template_dir=template_dir, coder=coder, chapter=chapter)
    err.print("wrote " + ", ".join(str(p) for p in files.reports.values())
              + f", {files.extra['conclusions']}, {files.extra['evidence']} and {len(files.matrices)} files in "
              "matrices/ and figures/")


@friendly
def run(
    lang: str = typer.Option(None, "--lang", help=LANG_HELP),
    reviewed_only: bool = typer.Option(False, "--reviewed-only", help=REVIEWED_HELP),
    jobs: int = typer.Option(1, "--jobs", "-j", help=JOBS_HELP),
) -> None:
    """The whole flow on this project: ingest, auto-code, display, conclude, report."""
    from qualcode.workflow import run as run_all

    progress, hook = stage_progress(err)
    with progress:
        summary = run_all(config(), lang, reviewed_only, on_stage=hook, jobs=jobs)
    from qualcode.cli.project_cmds import print_ingest_notes

    ingest, coding, files = summary.ingest, summary.coding, summary.report
    print_ingest_notes(ingest, recoded=True)  # as `ingest` says it: a reviewed coding orphaned too
    table = Table(title="qualcode run", show_header=True)
    table.add_column("stage")
    table.add_column("result")
    table.add_row("ingest", ingest.summary())
    table.add_row("code", f"{coding.suggestions:,} suggestions on {coding.segments:,} codable segments "
                          f"(codebook {coding.codebook_version})")
    table.add_row("display", f"{len(files.matrices)} files in reports/matrices and reports/figures")
    table.add_row("conclude", f"{files.assertions} assertions")
    table.add_row("report", "\n".join(str(p) for p in files.reports.values()))
    err.print(table)
    if "html" in files.reports:
        err.print(f"next: open {files.reports['html']} in a browser, or review the suggestions "
                  "with `qualcode code review`")
