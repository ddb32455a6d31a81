"""`qualcode codebook rename OLD NEW`: a code's id changed in the codebook and everything the
store holds on it; an id edited in the YAML by hand no longer strands its codings unsaid."""

from __future__ import annotations

import json

from qualcode.codebook import load_codebook
from qualcode.store import Store
from tests.test_cli import invoke
from tests.test_coding_commands import coded_project, rows  # noqa: F401 - fixture


def codebook_file(project):
    return project / "codebooks" / "smart-city.yaml"


def test_rename_moves_the_codebook_id_and_everything_on_it(coded_project, runner):  # noqa: F811
    before = codebook_file(coded_project).read_text(encoding="utf-8")
    assert invoke(runner, coded_project, "code", "add", "pemkot", "--segment", "2", "--code",
                  "hardware", "--memo", "lampu").exit_code == 0
    assert invoke(runner, coded_project, "memo", "add", "code", "hardware", "-t", "Perangkat").exit_code == 0
    assert invoke(runner, coded_project, "assert", "add", "Hardware breaks", "--code", "hardware",
                  "--contrary", "supporting-factor").exit_code == 0
    result = invoke(runner, coded_project, "codebook", "rename", "hardware", "infrastructure")
    assert result.exit_code == 0, result.output
    assert "renamed hardware to infrastructure in the codebook and the store" in result.output
    assert "1 memo" in result.output and "1 assertion" in result.output

    after = codebook_file(coded_project).read_text(encoding="utf-8")
    codebook = load_codebook(codebook_file(coded_project))
    assert "infrastructure" in codebook.by_id() and "hardware" not in codebook.by_id()
    # only the id changed: the prose ("hardware" in the English labels and keywords) is kept
    assert after.count("hardware") == before.count("hardware") - 1
    assert "  - id: infrastructure\n" in after and after.count("parent: infrastructure") == \
        before.count("parent: hardware")
    mine = rows(coded_project, coder="researcher", segment_id="pemkot:2")
    assert {c.code_id for c in mine} == {"infrastructure"} and mine[0].memo == "lampu"
    assert not rows(coded_project, code_id="hardware")
    listed = invoke(runner, coded_project, "memo", "list", "code", "infrastructure")
    assert "Perangkat" in listed.output
    with Store(coded_project / ".qualcode" / "project.db") as store:
        [assertion] = store.assertions()
        decided = store.conn.execute("SELECT COUNT(*) FROM decisions WHERE code_id = 'hardware'").fetchone()[0]
    assert assertion["codes"] == ["infrastructure"] and decided == 0
    auto = invoke(runner, coded_project, "code", "auto")
    assert auto.exit_code == 0 and "warning" not in auto.output


def test_an_id_edited_by_hand_is_said_and_rename_brings_its_codings(coded_project, runner):  # noqa: F811
    assert invoke(runner, coded_project, "code", "add", "pemkot", "--segment", "2", "--code",
                  "hardware").exit_code == 0
    path = codebook_file(coded_project)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("- id: hardware", "- id: infrastructure").replace(
        "parent: hardware", "parent: infrastructure"), encoding="utf-8")
    auto = invoke(runner, coded_project, "code", "auto")
    assert auto.exit_code == 0 and "hardware (1): codings by people on codes the codebook no longer has" in \
        " ".join(auto.output.split())
    status = json.loads(invoke(runner, coded_project, "status", "--format", "json").stdout)
    assert status["codes_not_in_codebook"] == {"hardware": 1}
    shown = invoke(runner, coded_project, "status")
    assert "codebook rename OLD NEW" in " ".join(shown.output.replace("│", " ").split())

    repaired = invoke(runner, coded_project, "codebook", "rename", "hardware", "infrastructure")
    assert repaired.exit_code == 0, repaired.output
    assert "in the store (the codebook names it already)" in repaired.output
    assert path.read_text(encoding="utf-8") != text  # the hand edit stays as it was made
    assert {c.code_id for c in rows(coded_project, coder="researcher")} == {"infrastructure"}
    status = json.loads(invoke(runner, coded_project, "status", "--format", "json").stdout)
    assert status["codes_not_in_codebook"] == {}


def test_rename_refuses_a_merge_a_bad_id_and_an_unknown_code_and_changes_nothing(coded_project, runner):  # noqa: F811
    path = codebook_file(coded_project)
    before = path.read_text(encoding="utf-8")
    db = coded_project / ".qualcode" / "project.db"
    stored = db.read_bytes()
    for args, message in [
        (("hardware", "software"), "already exists"),
        (("hardware", "Hard Ware"), "is no code id"),
        (("hardwear", "kit"), "unknown code 'hardwear' (did you mean hardware?)"),
        (("hardware", "hardware"), "its own name already"),
    ]:
        result = invoke(runner, coded_project, "codebook", "rename", *args)
        assert result.exit_code == 1 and message in result.output, (args, result.output)
        assert "Traceback" not in result.output
    assert path.read_text(encoding="utf-8") == before and db.read_bytes() == stored


def test_a_display_that_names_the_old_id_is_pointed_out(coded_project, runner):  # noqa: F811
    displays = coded_project / "displays.yaml"
    displays.write_text(displays.read_text(encoding="utf-8") + "  - name: checklist_hw\n"
                        "    kind: checklist\n    dimension: technology\n    filter: [code_id=hardware]\n",
                        encoding="utf-8")
    result = invoke(runner, coded_project, "codebook", "rename", "hardware", "infrastructure")
    assert result.exit_code == 0
    line = displays.read_text(encoding="utf-8").splitlines().index("    filter: [code_id=hardware]") + 1
    assert f"displays.yaml:{line} still names hardware" in result.output


def test_undoing_a_decision_made_before_a_rename_restores_it_under_the_new_id(coded_project, runner):  # noqa: F811
    from qualcode.project import load_config
    from qualcode.workflow import review_session

    session = review_session(load_config(coded_project))
    first = session.queue[0]
    codes = [s.code_id for s in session.screen(first).suggestions]
    session.decide(first, tuple(codes), ())
    session.decide(first, (), tuple(codes))  # then rejected them all: undo brings the acceptances
    session.close()
    old = codes[0]
    assert invoke(runner, coded_project, "codebook", "rename", old, "renamed-code").exit_code == 0
    session = review_session(load_config(coded_project))
    assert session.undo() == first
    session.close()
    mine = {c.code_id: c.status for c in rows(coded_project, coder="researcher", segment_id=first)}
    assert old not in mine and mine["renamed-code"] == "accepted"


def test_case_summaries_keyed_by_the_code_are_renamed_too(coded_project, runner):  # noqa: F811
    assert invoke(runner, coded_project, "display", "summarize", "pemkot", "technology",
                  "--text", "Tech summary").exit_code == 0
    result = invoke(runner, coded_project, "codebook", "rename", "technology", "tek")
    assert result.exit_code == 0 and "1 case summary file" in result.output
    text = (coded_project / "summaries" / "pemkot.yaml").read_text(encoding="utf-8")
    assert "  tek:\n    text: Tech summary" in text and "technology" not in text


def test_codings_made_on_the_new_id_before_the_rename_merge_with_the_old_ones(coded_project, runner):  # noqa: F811
    # the id edited by hand, then coding went on under the new one (or a review left open over
    # a rename went on under the old one): the codebook has one code, so its rows merge
    for segment, note in ((2, "lampu"), (3, "kabel")):
        assert invoke(runner, coded_project, "code", "add", "pemkot", "--segment", str(segment), "--code",
                      "hardware", "--memo", note).exit_code == 0
    path = codebook_file(coded_project)
    path.write_text(path.read_text(encoding="utf-8").replace("- id: hardware", "- id: infrastructure").replace(
        "parent: hardware", "parent: infrastructure"), encoding="utf-8")
    assert invoke(runner, coded_project, "code", "add", "pemkot", "--segment", "3", "--code",
                  "infrastructure", "--memo", "tiang").exit_code == 0
    assert invoke(runner, coded_project, "memo", "add", "coding", "pemkot:2/hardware", "-t", "cek lagi").exit_code == 0

    merged = invoke(runner, coded_project, "codebook", "rename", "hardware", "infrastructure")
    assert merged.exit_code == 0, merged.output
    said = " ".join(merged.output.split())
    assert ("in the store (the codebook names it already): 2 codings (1 on a segment that had infrastructure "
            "already: the later decision stands)") in said
    assert not rows(coded_project, code_id="hardware")
    mine = {c.segment_id: c for c in rows(coded_project, coder="researcher", code_id="infrastructure")}
    assert set(mine) == {"pemkot:2", "pemkot:3"}
    assert mine["pemkot:2"].status == "accepted" and mine["pemkot:3"].memo == "tiang\nkabel"
    listed = invoke(runner, coded_project, "memo", "list", "coding")
    assert "cek lagi" in listed.output
    status = json.loads(invoke(runner, coded_project, "status", "--format", "json").stdout)
    assert status["codes_not_in_codebook"] == {}


def test_a_pair_merged_by_rename_keeps_the_later_decision_and_both_notes(coded_project, runner):  # noqa: F811
    from qualcode.store import Store as Opened

    with Opened(coded_project / ".qualcode" / "project.db") as store, store.transaction():
        store.decide("pemkot:3", "hardware", "researcher", "accepted", memo="kabel")
        store.decide("pemkot:3", "software", "researcher", "rejected", memo="tiang")
        store.conn.execute("UPDATE codings SET updated_at = '2020-01-01T00:00:00+00:00' WHERE code_id = 'software'")
        moved = store.rename_code("hardware", "software", merge=True)
    assert moved["merged"] == 1
    [row] = rows(coded_project, coder="researcher", segment_id="pemkot:3", code_id="software")
    assert row.status == "accepted" and row.memo == "tiang\nkabel"  # hardware's was the later decision
