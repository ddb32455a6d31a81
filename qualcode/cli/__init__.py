"""The `qualcode` command line: thin commands over qualcode.workflow.

Nothing heavy is imported at start-up: spaCy and pandas load inside the commands
that need them, so `qualcode --help` stays instant.
"""

from __future__ import annotations

from pathlib import Path

import typer

from qualcode import __version__
from qualcode.cli import agree_cmds, codebook_cmds, conclude_cmds, coding_cmds, memo_cmds, project_cmds, report_cmds
from qualcode.cli import display_cmds, interop_cmds, judgment_cmds
from qualcode.cli.common import state

app = typer.Typer(
    name="qualcode",
    help="Qualitative analysis from the terminal: code transcripts, build Miles–Huberman–Saldaña "
         "displays, draw and verify conclusions, and write a findings report.",
    invoke_without_command=True,  # bare `qualcode` prints help plus a hint (see _root)
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    add_completion=True,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"qualcode {__version__}")
        raise typer.Exit()


def first_steps_hint(start: Path | None = None) -> str:
    """What to type next: inside a project, look at it; outside, make one."""
    from qualcode.errors import ProjectNotFound
    from qualcode.project import find_root

    try:
        root = find_root(start)
    except ProjectNotFound:
        return ("No project here yet. Start one with `qualcode init thesis`, or try the shipped "
                "example: `qualcode init --demo demo && cd demo && qualcode run`.")
    return (f"Project: {root}. Next: `qualcode status` to see what it holds, or `qualcode run` "
            "for the whole flow (ingest, code, display, conclude, report).")


@app.callback()
def _root(
    context: typer.Context,
    project: str = typer.Option(None, "--project", "-C", metavar="DIR",
                                help="Project folder (default: this folder or a parent with qualcode.toml)."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Show the version and exit."),
) -> None:
    state["project"] = project
    state.pop("root", None)  # the project of this command, once it is loaded (`common.config`)
    if context.invoked_subcommand is None:
        typer.echo(context.get_help().rstrip() + "\n\n" + first_steps_hint(Path(project) if project else None))
        raise typer.Exit(0)


project_cmds.register(app)
coding_cmds.register(app)
display_cmds.register(app)
report_cmds.register(app)
agree_cmds.register(app)
interop_cmds.register(app)
judgment_cmds.register(display_cmds.display_app)
app.add_typer(codebook_cmds.app, name="codebook")
app.add_typer(memo_cmds.app, name="memo")
app.add_typer(conclude_cmds.app, name="conclude")
app.add_typer(conclude_cmds.assert_app, name="assert")


def _one_line_summaries(group: typer.Typer) -> None:
    """Each command's line in a `--help` list: its docstring's first paragraph as one line.
    Typer's rich help keeps the paragraph's own line breaks there, so a docstring wrapped at
    our line length broke the list mid-sentence ("… accepts or rejects its suggestions,\n
    and how often …"). The command's own `--help` keeps the whole docstring."""
    for command in group.registered_commands:
        text = command.help or (command.callback.__doc__ if command.callback else None)
        if command.short_help is None and text:
            command.short_help = " ".join(text.strip().split("\n\n")[0].split())
    for sub in group.registered_groups:
        _one_line_summaries(sub.typer_instance)


_one_line_summaries(app)


def main() -> None:
    app()
