"""The first minute: bare `qualcode` prints help and says what to type next, in and out of a project."""

from qualcode.cli import app


def test_bare_qualcode_outside_a_project_prints_help_and_how_to_start(tmp_path, runner, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, [])
    assert result.exit_code == 0
    assert "Usage" in result.output and "init" in result.output
    assert "No project here yet" in result.output
    assert "qualcode init --demo demo && cd demo && qualcode run" in result.output


def test_bare_qualcode_inside_a_project_points_at_status_and_run(small_project, runner, monkeypatch):
    monkeypatch.chdir(small_project / "transcripts")  # a subfolder still finds the project
    result = runner.invoke(app, [])
    assert result.exit_code == 0
    assert f"Project: {small_project.resolve()}" in result.output
    assert "`qualcode status`" in result.output and "`qualcode run`" in result.output


def test_subcommands_still_run_without_the_hint(small_project, runner):
    result = runner.invoke(app, ["-C", str(small_project), "status"])
    assert result.exit_code == 0
    assert "No project here yet" not in result.output and "Next:" not in result.output
