"""display summarize, display rate: the analyst's own words and ratings on the displays."""

from __future__ import annotations

import typer
from rich.markup import escape

from qualcode.cli.common import config, err, friendly, out
from qualcode.errors import QualcodeError


def register(display_app: typer.Typer) -> None:
    """These commands live under `qualcode display`."""
    display_app.command("summarize")(summarize)
    display_app.command("rate")(rate)


@friendly
def summarize(
    case: str = typer.Argument(..., help="Case (informant) id, a row of the framework matrix."),
    dimension: str = typer.Argument(..., help="Dimension or cross-cutting code id, a column."),
    text: str = typer.Option(None, "--text", "-m",
                             help="The summary. Without it, $EDITOR opens with the cell's quotes."),
    clear: bool = typer.Option(False, "--clear", help="Remove this cell's summary."),
) -> None:
    """Write the analyst summary of one framework-matrix cell into summaries/CASE.yaml."""
    from qualcode.workflow.judgments import editor_text, summary_draft, text_from_editor, write_summary

    project = config()
    draft = summary_draft(project, case, dimension)
    if clear and not draft.current.strip():
        err.print(f"no summary of {escape(dimension)} for {escape(case)} to remove")
        return
    if clear:
        text = ""
    elif text is None:
        import click

        from qualcode.textrules import UNUSABLE

        try:
            edited = click.edit(editor_text(draft), extension=".md", require_save=True)
        except click.ClickException as exc:  # no editor, or it failed: say so, and how else
            raise QualcodeError(f"{exc.format_message()}; set $EDITOR, or give the summary with --text") from None
        except UnicodeDecodeError as exc:  # the editor saved in another encoding (or binary)
            raise QualcodeError(f"the editor saved text that is not UTF-8 (byte 0x{exc.object[exc.start]:02x}); "
                                "save it as UTF-8, or give the summary with --text: nothing was written") from None
        if edited is None:
            err.print("no change: the editor was closed without saving")
            raise typer.Exit(0)
        text = text_from_editor(edited)
        if found := UNUSABLE.search(text):  # as --text is checked: no report could hold it
            raise QualcodeError(f"the summary holds the control character U+{ord(found.group()):04X}, which no "
                                "report can hold: nothing was written")
    path = write_summary(project, case, dimension, text, project.coder)
    verb = "wrote" if text.strip() else "removed"
    err.print(f"{verb} the summary of {escape(dimension)} for {escape(case)} in "
              f"{path.relative_to(project.root)}")


@friendly
def rate(
    display: str = typer.Argument(..., help="A declared checklist display, e.g. checklist_technology."),
    row: str = typer.Argument(..., help="Component (subcode) id, a row."),
    column: str = typer.Argument(..., help="Role or case, a column."),
    rating: str = typer.Argument(None, help="strong, sketchy or absent, or kuat, tipis, tidak ada (omit with --clear)."),
    note: str = typer.Option("", "--note", help="Why: kept beside the override."),
    clear: bool = typer.Option(False, "--clear", help="Go back to the computed rating."),
) -> None:
    """Override a checklist cell's computed rating; stored in ratings/DISPLAY.yaml."""
    from qualcode.workflow.judgments import rate_cell

    if clear == (rating is not None):
        err.print("give a rating (strong, sketchy or absent) or --clear, not both")
        raise typer.Exit(1)
    project = config()
    computed, path = rate_cell(project, display, row, column, None if clear else rating,
                               project.coder, note)
    where = path.relative_to(project.root)
    if clear:
        out.print(f"{escape(row)} / {escape(column)}: back to the computed rating, {computed} ({where})")
    else:
        from qualcode.workflow.judgments import rating_of

        out.print(f"{escape(row)} / {escape(column)}: {rating_of(rating)}, set by {escape(project.coder)} "
                  f"(computed: {computed}) in {where}")
