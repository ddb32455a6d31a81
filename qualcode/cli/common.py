"""What every command shares: the project, consoles, and turning errors into one line."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Callable

import typer
from rich.console import Console

from qualcode.errors import QualcodeError

state: dict = {"project": None}
err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)


def config():
    from qualcode.project import load_config

    folder = state.get("project")
    return load_config(Path(folder) if folder else None)


def friendly(command: Callable) -> Callable:
    """Run a command; a QualcodeError becomes one line on stderr and exit code 1."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except QualcodeError as exc:
            err.print(f"[red]error:[/red] {exc}", markup=True, highlight=False)
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            err.print("interrupted: nothing half-written was kept; run the command again to finish")
            raise typer.Exit(130) from None

    return wrapper


def stage_progress(console: Console):
    """A rich progress display and the workflow hook that drives it."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    progress = Progress(TextColumn("{task.description:<10}"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), console=console, disable=not console.is_terminal)

    def on_stage(name: str, total: int | None):
        task = progress.add_task(name, total=total)
        return lambda n: progress.advance(task, n)

    return progress, on_stage


def print_table(table, cap: int | None = 180) -> None:
    """Print a rich table wide enough to read: a squeezed table helps no one, and
    `| less -S` scrolls a wide one. `cap` limits how wide free text may make it."""
    natural = out.measure(table, options=out.options.update_width(100_000)).maximum
    width = max(out.width, natural if cap is None else min(natural, cap))
    Console(width=width, highlight=False, soft_wrap=False).print(table)
