"""code auto, display matrix."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

from qualcode.cli.common import config, err, friendly, out, stage_progress

code_app = typer.Typer(help="Data condensation: code segments.", no_args_is_help=True)
display_app = typer.Typer(help="Data display: matrices.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(code_app, name="code")
    app.add_typer(display_app, name="display")


@code_app.command("auto")
@friendly
def auto(threshold: float = typer.Option(None, help="Score a code needs in a segment (default 1.0: "
                                                    "one strong term or two context terms).")) -> None:
    """Suggest codes from codebook terms matched on lemmas; never touches a human decision."""
    from qualcode.workflow import code_auto

    progress, hook = stage_progress(err)
    with progress:
        report = code_auto(config(), threshold, on_stage=hook)
    err.print(f"{report.suggestions} suggestions on {report.segments} codable segments "
              f"({report.withdrawn} withdrawn) with codebook {report.codebook_version}")


@display_app.command("matrix")
@friendly
def matrix(
    depth: str = typer.Option("dimension", help="dimension (framework dimensions) or code (all codes)."),
    mode: str = typer.Option("count", help="count (segments) or presence (1/0)."),
    fmt: str = typer.Option("table", "--format", help="table, csv or json."),
    reviewed_only: bool = typer.Option(False, "--reviewed-only", help="Only codings a researcher accepted."),
) -> None:
    """Case × code matrix: one row per case, grouped by role."""
    from qualcode.workflow import case_matrix

    display = case_matrix(config(), depth=depth, mode=mode, reviewed_only=reviewed_only)
    table = display.table
    if fmt == "csv":
        typer.echo(table.to_csv(), nl=False)
        return
    if fmt == "json":
        typer.echo(table.reset_index().to_json(orient="records", force_ascii=False))
        return
    view = Table(title=display.name.replace("_", " "))
    view.add_column("case", no_wrap=True)
    for column in table.columns:
        view.add_column(str(column), justify="left" if column == "role" else "right", no_wrap=True)
    for case_id, row in table.iterrows():
        view.add_row(str(case_id), *[str(v) for v in row.tolist()])
    # A squeezed matrix is unreadable: render at full width (`| less -S` scrolls it).
    natural = out.measure(view, options=out.options.update_width(100_000)).maximum
    width = max(out.width, natural)
    Console(width=width, highlight=False).print(view)
