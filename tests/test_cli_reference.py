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


def test_a_group_s_help_lists_each_command_on_its_own_unbroken_summary():
    from typer.testing import CliRunner

    from qualcode.cli import app

    broken = [" ".join(path) for path, command in _commands(command_tree())
              if path and "\n" in (command.short_help or "")]
    assert broken == []
    # wide enough not to wrap: each command's whole summary is on its own line
    shown = CliRunner().invoke(app, ["codebook", "--help"], env={"COLUMNS": "300", "TERMINAL_WIDTH": "300"})
    stats = next(line for line in shown.stdout.splitlines() if "│ stats " in line)
    assert "how often they coded it where it was not suggested (added)." in stats
