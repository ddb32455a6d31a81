"""The command reference (docs/cli.md) and the pre-rendered `qualcode --help`, from the CLI itself.

    TYPER_USE_RICH=0 python -m qualcode.cli.reference > docs/cli.md
    python -m qualcode.cli.reference --overview > qualcode/data/cli-help.txt

Tests regenerate both and fail when either is stale, or when a command has no help.
"""

from __future__ import annotations

import typer


def _commands(group, path: tuple[str, ...] = ()):
    """Every command under `group`, depth first, with its path of names."""
    yield path, group
    for name in sorted(getattr(group, "commands", {}) or {}):
        yield from _commands(group.commands[name], path + (name,))


def command_tree():
    from qualcode.cli import app

    return typer.main.get_command(app)


def render() -> str:
    root = command_tree()
    lines = ["# Command reference", "",
             "Generated from the CLI's own `--help` by",
             "`TYPER_USE_RICH=0 python -m qualcode.cli.reference > docs/cli.md`; do not edit by hand.",
             ""]
    for path, command in _commands(root):
        title = " ".join(("qualcode",) + path)
        context = command.context_class(command, info_name=title, terminal_width=100,
                                        max_content_width=100)
        lines += [f"## `{title}`", "", "```text", command.get_help(context).rstrip(), "```", ""]
    return "\n".join(lines)


OVERVIEW_COLUMNS = "80"
# run the launcher under the name the usage line shows
_AS_QUALCODE = "import sys; sys.argv[0] = 'qualcode'; from qualcode.launch import main; main()"


def live_overview() -> str:
    """`qualcode --help` rendered by typer in a fresh process: 80 columns, no colour."""
    import os
    import subprocess
    import sys

    from qualcode.launch import LIVE_HELP

    env = {**os.environ, "COLUMNS": OVERVIEW_COLUMNS, "NO_COLOR": "1", "TERM": "dumb", LIVE_HELP: "1"}
    env.pop("FORCE_COLOR", None)
    completed = subprocess.run([sys.executable, "-c", _AS_QUALCODE, "--help"],
                               capture_output=True, text=True, env=env, check=True)
    return completed.stdout


if __name__ == "__main__":
    import sys

    print(live_overview() if sys.argv[1:] == ["--overview"] else render(), end="")
