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


LIST_CODINGS = """
import os, sys
from typer.testing import CliRunner
from qualcode.cli import app
os.chdir(sys.argv[1])
for args in (["code", "list", "--code", "hardware"], ["code", "list", "--format", "csv"],
             ["code", "list", "--where", "role=community", "--format", "json"]):
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
print(",".join(sorted(m for m in ("spacy", "pandas") if m in sys.modules)))
"""


def test_listing_codings_imports_neither_spacy_nor_pandas(tmp_path, runner):
    # `code list` is run again and again while coding: pandas alone costs a third of a second
    from tests.conftest import copy_demo
    from tests.test_cli import invoke

    project = copy_demo(tmp_path)
    assert invoke(runner, project, "ingest").exit_code == 0 and invoke(runner, project, "code", "auto").exit_code == 0
    done = subprocess.run([sys.executable, "-c", LIST_CODINGS, str(project)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
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


LAUNCH = """
import sys
sys.argv = ["qualcode", "--help"]
from qualcode.launch import main
main()
print("imported:" + "|".join(sorted(m for m in ("typer", "rich", "click", "qualcode.cli") if m in sys.modules)))
"""


def test_the_executable_prints_the_overview_without_importing_the_cli():
    done = subprocess.run([sys.executable, "-c", LAUNCH], capture_output=True, text=True, check=True)
    overview, imported = done.stdout.rsplit("imported:", 1)
    assert imported.strip() == ""
    assert "Usage: qualcode [OPTIONS] COMMAND" in overview


def test_the_pre_rendered_overview_is_the_live_help():
    from importlib import resources

    from qualcode.cli.reference import live_overview
    from qualcode.launch import HELP_FILE

    shipped = resources.files("qualcode").joinpath(HELP_FILE).read_text(encoding="utf-8")
    assert shipped == live_overview(), (
        "qualcode/data/cli-help.txt is stale: python -m qualcode.cli.reference --overview > "
        "qualcode/data/cli-help.txt")


def test_other_arguments_still_reach_the_cli():
    launched = subprocess.run([sys.executable, "-c", "import sys; sys.argv = ['qualcode', '--version'];"
                               " from qualcode.launch import main; main()"],
                              capture_output=True, text=True, check=True)
    assert launched.stdout.startswith("qualcode ")


def test_workflow_names_are_imported_only_when_asked_for():
    """`qualcode.workflow` imports a use case's module on first use: `code auto` (as a new
    process) loads neither interop, reporting nor sheets, and every listed name resolves."""
    check = (
        "import sys\n"
        "import qualcode.workflow as workflow\n"
        "assert sorted(workflow.__all__) == sorted([*workflow._MODULE_OF, *workflow._EAGER])\n"
        "workflow.code_auto\n"
        "print(sorted(m for m in sys.modules if m.startswith('qualcode.workflow.')))\n"
        "for name in workflow.__all__:\n"
        "    assert getattr(workflow, name) is not None\n"
    )
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True)
    loaded = done.stdout.strip()
    assert "qualcode.workflow.pipeline" in loaded
    for module in ("interop", "sheets", "reporting"):
        assert f"qualcode.workflow.{module}'" not in loaded, loaded


def test_a_use_case_named_like_its_module_stays_the_use_case():
    """Loading qualcode.workflow.agreement binds the submodule on the package; the
    function of that name must still be what `from qualcode.workflow import agreement` gives."""
    check = (
        "import qualcode.workflow.agreement\n"
        "from qualcode.workflow import agreement\n"
        "assert callable(agreement), agreement\n"
    )
    subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True)


# Importing spaCy without its command line (qualcode.condense.spacy_import).
SPACY_WITHOUT_CLI = """
import sys
if sys.argv[1] == "ordinary":
    import spacy  # the whole package, command line and all, before qualcode asks for it
import qualcode.condense.nlp as nlp
loaded = [m for m in ("spacy.cli", "spacy.cli.info", "weasel") if m in sys.modules]
doc = nlp.pipeline("id")("Anggarannya dibahas bersama DPRD, tidak ada anak-anak.")
import spacy
info = spacy.info()  # the real command's function, imported when called
print(",".join(loaded), "|", " ".join(f"{t.text}/{t.lemma_}" for t in doc), "|",
      info["spacy_version"] == spacy.__version__)
"""

SPACY_WANTS_MORE_OF_ITS_CLI = """
import sys, types
from qualcode.condense import spacy_import
# a spaCy release that imports more than `info` from spacy.cli.info: the stand-in lacks it
spacy_import._stand_in = lambda: types.ModuleType(spacy_import.CLI_INFO)
spacy = spacy_import.import_spacy()
print("spacy.cli" in sys.modules, type(sys.modules["spacy.cli.info"].info).__name__,
      len(spacy.blank("en")("It works.")))
"""


def test_spacy_is_imported_without_its_command_line_and_works_the_same():
    def run(how: str) -> list[str]:
        done = subprocess.run([sys.executable, "-c", SPACY_WITHOUT_CLI, how], capture_output=True, text=True,
                              check=True)
        return [part.strip() for part in done.stdout.split("|")]

    loaded, tokens, info_works = run("qualcode")
    assert loaded == ""  # no stand-in left behind either
    assert info_works == "True"
    ordinary_loaded, ordinary_tokens, _ = run("ordinary")
    assert "spacy.cli" in ordinary_loaded
    assert tokens == ordinary_tokens and "anak-anak/anak" in tokens


def test_a_spacy_that_wants_more_of_its_command_line_is_imported_the_ordinary_way():
    done = subprocess.run([sys.executable, "-c", SPACY_WANTS_MORE_OF_ITS_CLI], capture_output=True, text=True,
                          check=True)
    assert done.stdout.split() == ["True", "function", "3"]


def test_ctrl_c_while_the_cli_loads_is_one_line_not_a_traceback(monkeypatch, capsys):
    import builtins

    import pytest

    from qualcode import launch

    real_import = builtins.__import__

    def interrupted(name, *args, **kwargs):
        if name == "qualcode.cli":
            raise KeyboardInterrupt
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", interrupted)
    monkeypatch.setattr("sys.argv", ["qualcode", "status"])
    with pytest.raises(SystemExit) as stopped:
        launch.main()
    assert stopped.value.code == 130
    assert capsys.readouterr().err == "interrupted before the command started; nothing was changed\n"
