"""docs/cli.md is the CLI's own --help, and every command has help text."""

import os
import subprocess
import sys
from pathlib import Path

from qualcode.cli.reference import _commands, command_tree

REPO = Path(__file__).resolve().parents[1]


def test_every_command_has_help_text():
    missing = [" ".join(path) or "qualcode" for path, command in _commands(command_tree())
               if not (command.help or "").strip()]
    assert missing == []


def test_the_command_reference_is_current():
    env = {**os.environ, "TYPER_USE_RICH": "0"}
    done = subprocess.run([sys.executable, "-m", "qualcode.cli.reference"], capture_output=True,
                          text=True, env=env, check=True, cwd=REPO)
    assert done.stdout == (REPO / "docs" / "cli.md").read_text(encoding="utf-8"), (
        "docs/cli.md is stale: run `TYPER_USE_RICH=0 python -m qualcode.cli.reference > docs/cli.md`")
