"""display matrix, list, show, cell, build."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from qualcode.cli.coding_cmds import _cell
from qualcode.cli.common import config, err, first_rows, friendly, key_values, out, print_table

display_app = typer.Typer(help="Data display: matrices.", no_args_is_help=True)

# `display show --out FILE` without --format writes the format FILE's name ends in
FORMAT_OF_SUFFIX = {".csv": "csv", ".json": "json", ".md": "md", ".html": "html", ".htm": "html",
                    ".xlsx": "xlsx"}


def register(app: typer.Typer) -> None:
    app.add_typer(display_app, name="display")


@display_app.command("matrix")
@friendly
def matrix(
    depth: str = typer.Option("dimension", help="dimension (framework dimensions) or code (all codes)."),
    mode: str = typer.Option("count", help="count, presence, quotes or density."),
    fmt: str = typer.Option("table", "--format", help="table, csv, json, md, html or xlsx."),
    reviewed_only: bool = typer.Option(False, "--reviewed-only", help="Only codings a researcher accepted."),
    coder: str = typer.Option(None, "--coder", help="Only this coder's accepted codings, e.g. consensus "
                                                    "(from `agree resolve`)."),
) -> None:
    """Case × code matrix: one row per case, grouped by role (`display show case_by_code`)."""
    from qualcode.workflow.displays import show_display

    project = config()
    display = show_display(project, "case_by_code", reviewed_only, {"depth": depth, "mode": mode}, coder)
    if fmt == "table":  # as `display show` prints it: the project's language, code labels for ids
        _print_worded(project, display, "`--format csv`")
        return
    rendered = _render_display(display, fmt)
    if isinstance(rendered, bytes):
        from qualcode.errors import QualcodeError

        raise QualcodeError("xlsx is binary: use `qualcode display show case_by_code --format xlsx --out FILE`")
    if rendered is not None:
        typer.echo(rendered, nl=False)


def _print_worded(project, display, every_row: str = "`--format csv` or `--out FILE.xlsx`") -> None:
    """A display as a table for people, with its notes: in the project's language, code
    labels for ids."""
    from qualcode.workflow.displays import worded_display

    header, rows, notes = worded_display(project, display)
    _print_rows(display.name.replace("_", " "), header, rows, every_row)
    for note in notes:
        err.print(f"[dim]{escape(note)}[/dim]")


@display_app.command("list")
@friendly
def display_list() -> None:
    """The displays this project declares (displays.yaml) and the kinds you can build ad hoc."""
    from qualcode.display.catalogue import KINDS
    from qualcode.workflow.display_specs import listed_displays

    for entry, left_out in listed_displays(config()):
        options = ", ".join(f"{k}={v}" for k, v in entry.options.items() if k != "name")
        out.print(f"[bold]{escape(entry.name)}[/bold]  [dim]{entry.kind}"
                  + (f" · {escape(options)}" if options else "") + "[/dim]"
                  + (f"  [yellow]left out: {escape(left_out)}[/yellow]" if left_out else ""))
    out.print(f"[dim]kinds: {', '.join(sorted(KINDS))}[/dim]")


@display_app.command("show")
@friendly
def display_show(
    name: str = typer.Argument(..., help="A declared display's name, or a kind."),
    option: list[str] = typer.Option(None, "--set", help="Override an option, e.g. --set depth=code."),
    fmt: str = typer.Option("table", "--format", help="table, csv, json, md, html or xlsx."),
    out_file: Path = typer.Option(None, "--out", readable=False, help="Write to this file instead of stdout; without "
                                                       "--format, in the format its name ends in "
                                                       "(.csv, .json, .md, .html, .xlsx)."),
    reviewed_only: bool = typer.Option(False, "--reviewed-only", help="Only accepted codings."),
    coder: str = typer.Option(None, "--coder", help="Only this coder's accepted codings, e.g. consensus "
                                                    "(from `agree resolve`)."),
) -> None:
    """Show one display; every number in it can be drilled into with `display cell`."""
    import yaml

    from qualcode.errors import QualcodeError
    from qualcode.workflow.displays import show_display

    options = {key: yaml.safe_load(value) for key, value in key_values(option, "--set").items()}
    if out_file is not None and fmt == "table":  # a terminal's table is no file: the name says which
        fmt = FORMAT_OF_SUFFIX.get(out_file.suffix.lower())
        if fmt is None:
            raise QualcodeError(f"{out_file}: give --format csv, json, md, html or xlsx, or a file name "
                                "ending in .csv, .json, .md, .html or .xlsx")
    project = config()
    display = show_display(project, name, reviewed_only, options, coder)
    if fmt == "table":  # for people: in the project's language, code labels for ids
        _print_worded(project, display)
        return
    from qualcode.workflow.displays import worded_notes

    rendered, notes = _render_display(display, fmt), worded_notes(project, display)
    if out_file:
        from qualcode.fileio import write_atomic

        write_atomic(out_file, rendered)
        err.print(f"wrote {out_file}")
    elif isinstance(rendered, bytes):
        raise QualcodeError("xlsx is binary: give --out FILE.xlsx")
    elif rendered is not None:
        typer.echo(rendered, nl=False)
    for note in notes:
        err.print(f"[dim]{escape(note)}[/dim]")


def _print_rows(title: str, header: list, rows: list[list],
                every_row: str = "`--format csv` or `--out FILE.xlsx`") -> None:
    view = Table(title=title)
    view.add_column(str(header[0] or ""), no_wrap=True)
    for column in header[1:]:
        view.add_column(str(column), overflow="fold", max_width=48)
    shown, left_out = first_rows(rows, every_row)
    for row in shown:
        view.add_row(*[escape(_cell(v)) for v in row])
    print_table(view, left_out=left_out,
                squeezed=f"{len(header) - 1} columns are too many for a terminal: {every_row} shows them whole",
                every_column=f"{every_row} shows them whole")


def _render_display(display, fmt: str):
    """Text or bytes in the asked format (a table for people is `_print_worded`'s)."""
    from qualcode.display.export import display_csv, safe_frame
    from qualcode.errors import QualcodeError

    table = display.table
    if fmt == "csv":
        return display_csv(display).decode("utf-8")
    if fmt == "json":
        return safe_frame(table).reset_index().to_json(orient="records", force_ascii=False) + "\n"
    if fmt == "md":  # for a thesis or a memo: worded as the terminal's table is, not ids
        from qualcode.workflow.displays import worded_display

        header, rows, _ = worded_display(config(), display)
        return _markdown(header, rows)
    if fmt == "html":
        from qualcode.workflow.displays import display_html

        return display_html(config(), display)
    if fmt == "xlsx":
        from qualcode.workflow.displays import display_workbook

        return display_workbook(config(), display)
    raise QualcodeError(f"unknown format {fmt!r}; use table, csv, json, md, html or xlsx")


def _markdown(header: list, rows: list[list]) -> str:
    """A GitHub pipe table."""
    def clean(value) -> str:
        return _cell(value).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(map(clean, header)) + " |", "|" + "---|" * len(header)]
    lines.extend("| " + " | ".join(map(clean, row)) + " |" for row in rows)
    return "\n".join(lines) + "\n"


@display_app.command("cell")
@friendly
def display_cell_(
    name: str = typer.Argument(..., help="Display name or kind."),
    row: str = typer.Argument(..., help="Row label, e.g. a case id."),
    column: str = typer.Argument(..., help="Column label, e.g. a code id."),
    option: list[str] = typer.Option(None, "--set", help="Override an option, as `display show` "
                                                          "was given it, e.g. --set depth=code."),
    reviewed_only: bool = typer.Option(False, "--reviewed-only"),
    coder: str = typer.Option(None, "--coder", help="Only this coder's accepted codings, e.g. consensus "
                                                    "(from `agree resolve`)."),
) -> None:
    """The quotes behind one cell, with source, speaker and offsets. Rows and columns are named
    by id or as `display show` prints them (a code's label)."""
    import yaml

    from qualcode.workflow.display_cells import display_cell

    options = {key: yaml.safe_load(value) for key, value in key_values(option, "--set").items()}
    items = display_cell(config(), name, row, column, reviewed_only, coder, options)
    if not items:
        err.print(f"no segments in this cell ({escape(row)}, {escape(column)})")
    shown = []
    plain = not out.is_terminal  # into a file or a pipe: no styles, one line per paragraph
    for item in items:
        place = f"{item['source_id']} · {item['speaker'] or '—'} · {item['start']}–{item['end']}"
        # one line per paragraph: a turn of several paragraphs keeps its breaks
        body = "\n".join(" ".join(p.split()) for p in item["text"].split("\n\n") if p.strip())
        shown.append(f"{item['segment_id']} {place}\n{body}\n" if plain else
                     f"[bold]{item['segment_id']}[/bold] [dim]{escape(place)}[/dim]\n{escape(body)}\n")
    if not shown:
        return
    if plain:  # a survey's cell can hold thousands of answers: rich would wrap 70,000 lines
        typer.echo("\n".join(shown))
    else:  # printed at once, wrapped to the terminal's width
        out.print("\n".join(shown))


@display_app.command("build")
@friendly
def display_build(
    lang: str = typer.Option(None, "--lang", help="Language of the workbook and the charts: id or en "
                                                  "(default: the project's)."),
    reviewed_only: bool = typer.Option(False, "--reviewed-only"),
    coder: str = typer.Option(None, "--coder", help="Only this coder's accepted codings, e.g. consensus "
                                                    "(from `agree resolve`)."),
) -> None:
    """Write every declared display as CSV and XLSX, and the charts, into reports/."""
    from qualcode.workflow.displays import build_and_write

    written = build_and_write(config(), lang, reviewed_only, coder)
    err.print(f"wrote {len(written)} files into reports/matrices and reports/figures")
