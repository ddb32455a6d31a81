"""The `qualcode` executable. `qualcode --help` prints the overview without importing the CLI.

A person at a terminal feels every second, and the overview is what a newcomer types first.
Importing typer, rich and our command modules costs several times Python's own start-up, so
the overview is pre-rendered into package data (`data/cli-help.txt`) and a test keeps it
identical to the live help. Everything else, `qualcode CMD --help` included, runs the CLI.
"""

from __future__ import annotations

import os
import sys

HELP_FILE = "data/cli-help.txt"
LIVE_HELP = "QUALCODE_LIVE_HELP"  # set to render the overview through typer, as the test does


def main() -> None:
    if sys.argv[1:] == ["--help"] and not os.environ.get(LIVE_HELP):
        from importlib import resources

        sys.stdout.write(resources.files("qualcode").joinpath(HELP_FILE).read_text(encoding="utf-8"))
        return
    try:
        from qualcode.cli import main as cli_main
    except KeyboardInterrupt:  # Ctrl-C while the CLI loads: nothing has started, nothing to keep
        sys.stderr.write("interrupted before the command started; nothing was changed\n")
        raise SystemExit(130) from None
    cli_main()
