"""The CLI as a user meets it: exit codes, one-line errors, files written, store untouched on bad input."""

import json
import re
from pathlib import Path

import pytest

from qualcode.cli import app
from tests.conftest import store_checksum


def invoke(runner, project: Path, *args):
    return runner.invoke(app, ["--project", str(project), *args])


def test_init_scaffolds_a_project(tmp_path, runner):
    folder = tmp_path / "thesis"
    result = runner.invoke(app, ["init", str(folder)])
    assert result.exit_code == 0, result.output
    assert (folder / "qualcode.toml").is_file()
    assert (folder / "codebooks" / "smart-city.yaml").is_file()
    assert (folder / "displays.yaml").is_file()
    assert (folder / "transcripts").is_dir() and (folder / "reports").is_dir()
    again = runner.invoke(app, ["init", str(folder)])
    assert again.exit_code == 1 and "already exists" in again.output


def test_outside_a_project_is_one_clear_line(tmp_path, runner, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["status"])
    assert result.exit_code == 1
    assert "qualcode.toml" in result.output and "Traceback" not in result.output


def test_ingest_code_status_matrix(small_project, runner):
    result = invoke(runner, small_project, "ingest")
    assert result.exit_code == 0, result.output
    assert "3 added" in result.output
    again = invoke(runner, small_project, "ingest")
    assert "0 added, 0 updated, 3 unchanged" in again.output

    coded = invoke(runner, small_project, "code", "auto")
    assert coded.exit_code == 0, coded.output

    status = invoke(runner, small_project, "status", "--format", "json")
    counts = json.loads(status.stdout)
    assert counts["sources"] == 3 and counts["cases"] == 3
    assert counts["segments"] > counts["codable_segments"] > 0
    assert counts["codebook_version"] in counts["coded_with"]
    assert {row["status"] for row in counts["codings"]} == {"suggested"}

    csv = invoke(runner, small_project, "display", "matrix", "--format", "csv")
    lines = csv.stdout.strip().splitlines()
    assert lines[0].startswith("case,role,political-environment,technology,budget-support")
    assert len(lines) == 1 + 3
    table = invoke(runner, small_project, "display", "matrix", "--depth", "code")
    assert table.exit_code == 0 and "pemkot" in table.stdout


def test_bad_transcript_fails_cleanly_and_leaves_the_store_alone(small_project, runner):
    assert invoke(runner, small_project, "ingest").exit_code == 0
    before = store_checksum(small_project)
    bad = small_project / "transcripts" / "broken.txt"
    bad.write_text("---\ncase: [unclosed\n---\nP: halo\n", encoding="utf-8")
    result = invoke(runner, small_project, "ingest")
    assert result.exit_code == 1
    assert "broken.txt:2" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert store_checksum(small_project) == before


def test_bad_file_on_a_fresh_project_creates_no_store(small_project, runner):
    (small_project / "transcripts" / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = invoke(runner, small_project, "ingest")
    assert result.exit_code == 1 and "image.txt" in result.output
    assert store_checksum(small_project) is None


def test_codebook_lint_and_show(small_project, runner):
    ok = invoke(runner, small_project, "codebook", "lint")
    assert ok.exit_code == 0 and "0 errors" in ok.output
    shown = invoke(runner, small_project, "codebook", "show", "--lang", "id")
    assert "Dukungan anggaran" in shown.stdout
    # without --lang, in the project's language (id), not English
    assert "Dukungan anggaran" in invoke(runner, small_project, "codebook", "show").stdout
    assert "Budget support" in invoke(runner, small_project, "codebook", "show", "--lang", "en").stdout
    path = small_project / "codebooks" / "smart-city.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("parent: technology", "parent: tech", 1),
                    encoding="utf-8")
    bad = invoke(runner, small_project, "codebook", "lint")
    assert bad.exit_code == 1 and "unknown parent 'tech'" in bad.output
    # an id given twice is one code, and an error
    codes = int(ok.output.split(": ")[-1].split(" codes")[0])
    text = path.read_text(encoding="utf-8").replace("parent: tech", "parent: technology", 1)
    path.write_text(text.replace("  - id: budget-allocation\n", "  - id: budget-support\n", 1), encoding="utf-8")
    twice = " ".join(invoke(runner, small_project, "codebook", "lint").output.split())
    assert "duplicate code id 'budget-support'" in twice and f": {codes - 1} codes, 1 error" in twice


def test_broken_codebook_stops_coding_with_file_and_line(small_project, runner):
    assert invoke(runner, small_project, "ingest").exit_code == 0
    path = small_project / "codebooks" / "smart-city.yaml"
    path.write_text("codes:\n  - id: a\n    label: [unclosed\n", encoding="utf-8")
    before = store_checksum(small_project)
    result = invoke(runner, small_project, "code", "auto")
    assert result.exit_code == 1
    assert "smart-city.yaml:" in result.output and "Traceback" not in result.output
    assert store_checksum(small_project) == before


@pytest.mark.parametrize("lang, heading", [("id", "Temuan per strategi"), ("en", "Findings by strategy")])
def test_report_languages(small_project, runner, lang, heading):
    assert invoke(runner, small_project, "run").exit_code == 0
    result = invoke(runner, small_project, "report", "--lang", lang)
    assert result.exit_code == 0, result.output
    assert f"## {heading}" in (small_project / "reports" / "report.md").read_text(encoding="utf-8")


def test_unknown_report_language(small_project, runner):
    assert invoke(runner, small_project, "run", "--lang", "fr").exit_code == 1


def test_init_demo_copies_the_corpus_and_runs(tmp_path, runner):
    folder = tmp_path / "x"
    result = runner.invoke(app, ["init", "--demo", str(folder)])
    assert result.exit_code == 0, result.output
    transcripts = sorted(p.name for p in (folder / "transcripts").iterdir())
    assert "cases.csv" in transcripts and "README.md" in transcripts
    assert len([t for t in transcripts if t.endswith(".txt")]) == 14
    assert "Illustrative" in (folder / "qualcode.toml").read_text(encoding="utf-8")
    assert invoke(runner, folder, "run").exit_code == 0
    assert (folder / "reports" / "report.docx").stat().st_size > 10_000


def test_plain_init_explains_the_conventions(tmp_path, runner):
    folder = tmp_path / "thesis"
    made = runner.invoke(app, ["init", str(folder)])
    assert made.exit_code == 0
    readme = (folder / "transcripts" / "README.md").read_text(encoding="utf-8")
    assert "front matter" in readme.lower() and "Pewawancara" in readme
    # a thesis on another topic is told the codebook is the smart-city one, and how to change it
    said = " ".join(made.output.split())
    assert "the codebook is the shipped smart-city framework" in said and "[project] codebook" in said


def test_repository_config_is_the_demo_config():
    from qualcode.project_template import DEMO_DESCRIPTION, DEMO_NAME, config_text
    from tests.conftest import REPO

    expected = config_text(DEMO_NAME, "id", description=DEMO_DESCRIPTION)
    assert (REPO / "qualcode.toml").read_text(encoding="utf-8") == expected


def test_a_cases_file_named_in_the_config_but_missing_is_a_warning(small_project, runner):
    config = small_project / "qualcode.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        'cases = "transcripts/cases.csv"', 'cases = "data/informants.csv"'), encoding="utf-8")
    result = invoke(runner, small_project, "ingest")
    assert result.exit_code == 0, result.output
    assert "data/informants.csv: no such file (cases in qualcode.toml)" in result.output


def test_the_default_cases_file_may_be_absent(small_project, runner):
    result = invoke(runner, small_project, "ingest")
    assert result.exit_code == 0 and "cases.csv" not in result.output


def test_init_hint_quotes_a_folder_with_a_space(tmp_path, runner):
    result = runner.invoke(app, ["init", str(tmp_path / "Tesis Saya")])
    assert result.exit_code == 0, result.output
    assert f"cd '{tmp_path / 'Tesis Saya'}' && qualcode run" in " ".join(result.output.split())


def test_status_counts_what_awaits_review_as_the_report_does(small_project, runner):
    assert invoke(runner, small_project, "ingest").exit_code == 0
    assert invoke(runner, small_project, "code", "auto").exit_code == 0
    before = json.loads(invoke(runner, small_project, "status", "--format", "json").stdout)
    suggested = sum(r["n"] for r in before["codings"] if r["status"] == "suggested")
    assert before["awaiting_review"] == suggested > 0
    assert invoke(runner, small_project, "code", "remove", "pemkot", "--segment", "2",
                  "--code", "budget-constraints").exit_code == 0
    after = json.loads(invoke(runner, small_project, "status", "--format", "json").stdout)
    assert after["awaiting_review"] == suggested - 1  # decided on, though the row stays
    assert sum(r["n"] for r in after["codings"] if r["status"] == "suggested") == suggested
    shown = invoke(runner, small_project, "status").stdout
    assert "awaiting review" in shown
    # the table's suggested row still counts the decided one: the line under it says why
    assert (f"the machine's {suggested} suggestions stay as it made them; a person's decision on one is a row "
            f"of its own (origin auto): {suggested - 1} of them await review") in " ".join(shown.split())


def test_status_says_what_to_do_next_at_each_step(tmp_path, small_project, runner):
    empty = tmp_path / "empty"
    assert runner.invoke(app, ["init", str(empty)]).exit_code == 0
    shown = invoke(runner, empty, "status")
    assert re.search(r"sources\s+│\s+0\s+│", shown.stdout) and "()" not in shown.stdout
    assert "next: put transcripts in transcripts/, then `qualcode ingest`" in shown.output

    def next_step():
        return json.loads(invoke(runner, small_project, "status", "--format", "json").stdout)["next"]

    assert invoke(runner, small_project, "ingest").exit_code == 0
    assert next_step() == "`qualcode code auto` to suggest codes"
    assert invoke(runner, small_project, "code", "auto").exit_code == 0
    waiting = json.loads(invoke(runner, small_project, "status", "--format", "json").stdout)["awaiting_yours"]
    assert next_step().startswith(f"`qualcode code review`: {waiting} machine suggestions wait for your")
    # another coder's decisions do not lessen yours
    assert invoke(runner, small_project, "code", "remove", "pemkot", "--segment", "2", "--code",
                  "budget-constraints", "--coder", "ani").exit_code == 0
    status = json.loads(invoke(runner, small_project, "status", "--format", "json").stdout)
    assert status["awaiting_yours"] == waiting and status["awaiting_review"] == waiting - 1
    # and the hint says why it counts one more than "awaiting review" above it
    assert status["next"].endswith("wait for your decision (researcher; other coders have decided 1 of them)")


def test_sources_ingested_after_auto_coding_are_named_before_review(small_project, runner):
    """A new interview has no suggestions until `code auto` runs: status says to run it, and a
    review of it does not claim that every suggestion has the researcher's decision."""
    from qualcode.project import load_config
    from qualcode.workflow import review_session

    def next_step():
        return json.loads(invoke(runner, small_project, "status", "--format", "json").stdout)["next"]

    for command in (["ingest"], ["code", "auto"]):
        assert invoke(runner, small_project, *command).exit_code == 0
    assert next_step().startswith("`qualcode code review`")
    assert invoke(runner, small_project, "ingest").exit_code == 0  # nothing changed: nothing to say
    assert next_step().startswith("`qualcode code review`")
    (small_project / "transcripts" / "baru.txt").write_text(
        "Pewawancara: Bagaimana aplikasinya?\n\nInforman: Aplikasinya sering error, servernya down.\n",
        encoding="utf-8")
    assert invoke(runner, small_project, "ingest").exit_code == 0
    assert next_step() == ("`qualcode code auto`: sources were ingested since the suggestions were made, "
                           "and have none yet")
    session = review_session(load_config(small_project), source="baru")
    try:
        assert not session.queue and session.not_auto_coded
    finally:
        session.close()
    assert invoke(runner, small_project, "code", "auto").exit_code == 0
    assert next_step().startswith("`qualcode code review`")


def test_no_path_argument_is_checked_by_click_before_our_own_reading():
    """Click's own check of an unreadable path prints a usage box and exits 2; ours names the
    file in one line and exits 1, so every path option leaves the reading to the command."""
    from qualcode.cli.reference import _commands, command_tree

    paths = [(path, param) for path, command in _commands(command_tree()) for param in command.params
             if type(param.type).__name__.endswith("Path")]
    assert len(paths) > 10
    assert [(path, param.name) for path, param in paths if param.type.readable or param.type.exists] == []
