"""The command reference (docs/cli.md), generated from the CLI's own --help.

    TYPER_USE_RICH=0 python -m qualcode.cli.reference > docs/cli.md

A test regenerates it and fails when docs/cli.md is stale, or when a command has no help.
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


if __name__ == "__main__":
    print(render(), end="")
