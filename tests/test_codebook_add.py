"""`qualcode codebook add`: a new code lands in the project's YAML, comments and order intact."""

from __future__ import annotations

import json

import pytest

from qualcode.codebook import load_codebook
from tests import test_suggest
from tests.test_cli import invoke

phrase_project = test_suggest.phrase_project  # two transcripts that share a phrase, ingested


def codebook_file(project):
    return project / "codebooks" / "smart-city.yaml"


def test_a_code_by_hand_keeps_every_comment_and_the_order(small_project, runner):
    path = codebook_file(small_project)
    before = path.read_text(encoding="utf-8")
    comments = [line.strip() for line in before.splitlines() if line.strip().startswith("#")]
    old_ids = [c.id for c in load_codebook(path).codes]
    result = invoke(runner, small_project, "codebook", "add", "street-lighting",
                    "--label", "Penerangan jalan", "--label-en", "Street lighting",
                    "--parent", "hardware", "--keyword", "lampu jalan", "--keyword", "PJU",
                    "--definition", "Lampu penerangan jalan umum dan perawatannya.")
    assert result.exit_code == 0, result.output
    assert "added street-lighting (subcode)" in result.output
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n"))  # appended: nothing above it was rewritten
    assert [line.strip() for line in after.splitlines() if line.strip().startswith("#")] == comments
    codebook = load_codebook(path)
    assert [c.id for c in codebook.codes] == old_ids + ["street-lighting"]
    code = codebook.by_id()["street-lighting"]
    assert (code.parent, code.kind) == ("hardware", "subcode")
    assert code.label == {"id": "Penerangan jalan", "en": "Street lighting"}
    assert code.definition == {"id": "Lampu penerangan jalan umum dan perawatannya."}
    assert [(k.term, k.language, k.weight) for k in code.keywords] == [
        ("lampu jalan", "id", 1.0), ("PJU", "id", 1.0)]
    lint = invoke(runner, small_project, "codebook", "lint")
    assert lint.exit_code == 0 and "0 errors" in lint.output


def test_without_parent_it_is_a_theme_and_english_works(small_project, runner):
    result = invoke(runner, small_project, "codebook", "add", "street-lights", "--lang", "en",
                    "--label", "Street lights", "--keyword", "street light")
    assert result.exit_code == 0, result.output
    assert "warning: street-lights: no Indonesian label (id); a report in it shows another" in result.output
    code = load_codebook(codebook_file(small_project)).by_id()["street-lights"]
    assert (code.kind, code.parent, code.label) == ("theme", None, {"en": "Street lights"})
    assert [(k.term, k.language) for k in code.keywords] == [("street light", "en")]


def test_promoting_a_suggestion_codes_its_segments(phrase_project, runner):
    listed = json.loads(invoke(runner, phrase_project, "code", "suggest",
                               "--format", "json").stdout)
    rank = next(r["rank"] for r in listed if r["phrase"] == "Lampu jalan")
    result = invoke(runner, phrase_project, "codebook", "add", "street-lighting",
                    "--from-suggestion", str(rank), "--parent", "hardware")
    assert result.exit_code == 0, result.output
    assert f"suggestion {rank}: 'Lampu jalan'" in result.output
    code = load_codebook(codebook_file(phrase_project)).by_id()["street-lighting"]
    assert code.label == {"id": "Lampu jalan"}
    assert [k.term for k in code.keywords] == ["lampu jalan"]
    # the phrase is covered now, and the auto-coder finds it in both informants' answers
    again = json.loads(invoke(runner, phrase_project, "code", "suggest", "--format", "json").stdout)
    assert "Lampu jalan" not in {r["phrase"] for r in again}
    assert invoke(runner, phrase_project, "code", "auto").exit_code == 0
    coded = json.loads(invoke(runner, phrase_project, "code", "list", "--code", "street-lighting",
                              "--format", "json").stdout)
    assert {r["case_id"] for r in coded} == {"rt-satu", "rt-dua"}


def test_a_label_and_a_keyword_can_be_added_to_a_promoted_phrase(phrase_project, runner):
    result = invoke(runner, phrase_project, "codebook", "add", "street-lighting",
                    "--from-suggestion", "1", "--label", "Penerangan jalan", "--keyword", "PJU")
    assert result.exit_code == 0, result.output
    code = load_codebook(codebook_file(phrase_project)).by_id()["street-lighting"]
    assert code.label == {"id": "Penerangan jalan"} and len(code.keywords) == 2
    assert code.keywords[-1].term == "PJU"


@pytest.mark.parametrize("args, message", [
    (["x-code", "--label", "X", "--parent", "hardwar"],
     "unknown parent 'hardwar' (did you mean hardware"),
    (["hardware", "--label", "Again"], "already exists"),
    (["Bad_Id", "--label", "X"], "must be a lowercase slug"),
    (["x-code"], "give the code a --label"),
    (["x-code", "--label", "X", "--kind", "category"], "unknown kind 'category'"),
    (["x-code", "--label", "X", "--lang", "en", "--label-en", "Y"], "drop --label-en"),
    (["x-code", "--from-suggestion", "0"], "counts from 1"),
    (["x-code", "--from-suggestion", "1"], "run `qualcode ingest` first"),
])
def test_errors_are_one_line_and_leave_the_codebook_untouched(small_project, runner, args, message):
    path = codebook_file(small_project)
    before = path.read_bytes()
    result = invoke(runner, small_project, "codebook", "add", *args)
    assert result.exit_code == 1 and message in result.output, result.output
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert path.read_bytes() == before


def test_a_suggestion_number_past_the_list_is_refused(phrase_project, runner):
    path = codebook_file(phrase_project)
    before = path.read_bytes()
    result = invoke(runner, phrase_project, "codebook", "add", "x-code", "--from-suggestion", "500")
    assert result.exit_code == 1 and "there is no suggestion 500" in result.output
    assert path.read_bytes() == before


def test_a_code_added_under_a_subcode_counts_in_its_row_of_the_report(small_project, runner):
    """The technology table's "Perangkat lunak" row counts the codes under it too, as the
    per-dimension matrix does: a table must not leave out what the matrix beside it counts."""
    import re

    from qualcode.project import load_config
    from qualcode.store import Store

    added = invoke(runner, small_project, "codebook", "add", "belanja-rutin", "--label", "Belanja rutin",
                   "--parent", "software", "--keyword", "belanja rutin",
                   "--definition", "Belanja rutin yang menyerap anggaran aplikasi.")
    assert added.exit_code == 0, added.output
    assert invoke(runner, small_project, "run").exit_code == 0
    with Store(load_config(small_project).store_path) as store:
        codings = [c for c in store.all_codings() if c.status != "rejected"]
    grandchild = {c.segment_id for c in codings if c.code_id == "belanja-rutin"}
    software = {c.segment_id for c in codings if c.code_id in ("software", "belanja-rutin")}
    assert grandchild - {c.segment_id for c in codings if c.code_id == "software"}  # a segment of its own
    report = (small_project / "reports" / "report.md").read_text(encoding="utf-8")
    row = re.search(r"^\| Perangkat lunak dan aplikasi \| (\d+) \| (\d+) \|$", report, re.M)
    assert row and int(row[1]) == len(software)


@pytest.mark.parametrize("begun", ["name: Open\ncodes: []\n", "name: Open\n# mine\ncodes:\n  # none yet\n",
                                   "name: Open\n", None])
def test_open_coding_begins_its_codebook_with_codebook_add(small_project, runner, begun):
    """An inductive coder starts with no code: `codebook add` writes the first one into an
    empty codebook, or a codebook not there yet."""
    path = codebook_file(small_project)
    if begun is None:
        path.unlink()
    else:
        path.write_text(begun, encoding="utf-8")
    for code_id, label in (("flexibility", "Flexibility"), ("control", "Algorithmic control")):
        added = invoke(runner, small_project, "codebook", "add", code_id, "--label", label, "--lang", "en")
        assert added.exit_code == 0, added.output
    codebook = load_codebook(path)
    assert [c.id for c in codebook.codes] == ["flexibility", "control"]
    assert codebook.framework.dimensions == ("flexibility", "control")
    if begun and "# mine" in begun:
        assert "# mine" in path.read_text(encoding="utf-8") and "# none yet" in path.read_text(encoding="utf-8")
    assert invoke(runner, small_project, "ingest").exit_code == 0
    coded = invoke(runner, small_project, "code", "add", "pemkot:2", "--code", "flexibility")
    assert coded.exit_code == 0, coded.output


def test_a_first_code_that_is_refused_leaves_no_codebook_behind(small_project, runner):
    path = codebook_file(small_project)
    path.unlink()
    refused = invoke(runner, small_project, "codebook", "add", "first")  # no label
    assert refused.exit_code == 1 and not path.exists()


@pytest.mark.parametrize("begun", ["", "name: Open\ncodes: []\n"])
def test_a_codebook_with_no_code_yet_says_how_to_begin_it(small_project, runner, begun):
    """An inductive coder who emptied the codebook and runs `code auto` (or opens the review
    screen) is told how to add a first code, not only that the file is wrong."""
    codebook_file(small_project).write_text(begun, encoding="utf-8")
    result = invoke(runner, small_project, "code", "auto")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "begin it with `qualcode codebook add ID --label LABEL`" in " ".join(result.output.split())
