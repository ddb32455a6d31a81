"""`qualcode --help` must feel instant: no spaCy, no pandas on the start-up path."""

import subprocess
import sys

CHECK = """
import sys
from typer.testing import CliRunner
from qualcode.cli import app
result = CliRunner().invoke(app, ["--help"])
assert result.exit_code == 0, result.output
heavy = sorted(m for m in ("spacy", "pandas", "numpy", "docx") if m in sys.modules)
print(",".join(heavy))
"""


def test_help_imports_neither_spacy_nor_pandas():
    done = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


def test_python_dash_m_and_version():
    done = subprocess.run([sys.executable, "-m", "qualcode", "--version"],
                          capture_output=True, text=True, check=True)
    assert done.stdout.startswith("qualcode ")


def test_help_lists_the_flow():
    done = subprocess.run([sys.executable, "-m", "qualcode", "--help"],
                          capture_output=True, text=True, check=True)
    for command in ("init", "ingest", "code", "display", "report", "run", "status", "codebook"):
        assert command in done.stdout
