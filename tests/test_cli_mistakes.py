"""Natural mistakes at the terminal, each answered in words that point at the fix."""

from qualcode.cli import app
from tests.test_cli import invoke


def test_status_says_the_codebook_cannot_be_read(small_project, runner):
    assert invoke(runner, small_project, "ingest").exit_code == 0
    assert invoke(runner, small_project, "code", "auto").exit_code == 0
    codebook = small_project / "codebooks" / "smart-city.yaml"
    codebook.write_text(codebook.read_text(encoding="utf-8") + "\n  - id: x\n    label: [open\n",
                        encoding="utf-8")
    shown = invoke(runner, small_project, "status")
    assert shown.exit_code == 0
    text = " ".join(shown.output.replace("│", " ").split())
    assert "cannot be read:" in text and "YAML syntax error" in text
    assert "the codebook changed since" not in text  # not an edit to re-code with: a broken file
    assert "next: mend the codebook, which cannot be read:" in " ".join(shown.stderr.split())


def test_a_tab_in_yaml_is_named(small_project, runner):
    codebook = small_project / "codebooks" / "smart-city.yaml"
    codebook.write_text("name: x\ncodes:\n\t- id: y\n", encoding="utf-8")
    linted = invoke(runner, small_project, "codebook", "lint")
    assert linted.exit_code == 1
    assert "smart-city.yaml:3:" in linted.output and "a tab: YAML indents with spaces only" in linted.output


def test_a_tab_the_parser_names_itself_gets_the_cure_too(small_project, runner):
    """A tab inside a mapping: PyYAML's own message says "tab character", not what to do."""
    codebook = small_project / "codebooks" / "smart-city.yaml"
    codebook.write_text("name: x\ncodes:\n  - id: a\n\tlabel: b\n", encoding="utf-8")
    linted = invoke(runner, small_project, "codebook", "lint")
    assert linted.exit_code == 1 and "Traceback" not in linted.output
    assert "smart-city.yaml:4:" in linted.output and "tab character" in linted.output
    assert "YAML indents with spaces only" in linted.output


def test_the_lint_summary_counts_in_words_that_agree(small_project, runner):
    codebook = small_project / "codebooks" / "smart-city.yaml"
    text = codebook.read_text(encoding="utf-8")
    first = text.index("  - id: ")
    duplicate = text[first:text.index("  - id: ", first + 1)]
    codebook.write_text(text + duplicate, encoding="utf-8")
    linted = invoke(runner, small_project, "codebook", "lint")
    assert linted.exit_code == 1 and ", 1 error, " in linted.output and "1 errors" not in linted.output


def test_a_project_folder_that_is_not_there(tmp_path, runner):
    missing = runner.invoke(app, ["-C", str(tmp_path / "nope"), "status"])
    assert missing.exit_code == 1 and f"no folder {tmp_path / 'nope'}" in missing.output
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x", encoding="utf-8")
    not_folder = runner.invoke(app, ["-C", str(a_file), "status"])
    assert not_folder.exit_code == 1 and "is not a folder" in not_folder.output


def test_a_language_in_capitals_is_the_language(tmp_path, runner):
    made = runner.invoke(app, ["init", str(tmp_path / "p"), "--language", "EN"])
    assert made.exit_code == 0, made.output
    assert 'language = "en"' in (tmp_path / "p" / "qualcode.toml").read_text(encoding="utf-8")
    refused = runner.invoke(app, ["init", str(tmp_path / "q"), "--language", "FR"])
    assert refused.exit_code == 1 and "'fr' is not supported; use id or en" in refused.output
