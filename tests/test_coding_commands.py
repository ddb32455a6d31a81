"""Coding by people through the CLI and the review loop: every decision saved, nothing lost."""

import io
import json
import re

import pytest
from rich.console import Console

from qualcode.cli import app
from qualcode.cli.review_ui import review_loop
from qualcode.errors import QualcodeError
from qualcode.project import load_config
from qualcode.store import Store
from qualcode.workflow import review_session
from tests.test_cli import invoke


@pytest.fixture
def coded_project(small_project, runner):
    assert invoke(runner, small_project, "ingest").exit_code == 0
    assert invoke(runner, small_project, "code", "auto").exit_code == 0
    return small_project


def rows(project, **where):
    with Store(project / ".qualcode" / "project.db") as store:
        return [c for c in store.all_codings()
                if all(getattr(c, k) == v for k, v in where.items())]


def test_add_list_remove_by_hand(coded_project, runner):
    added = invoke(runner, coded_project, "code", "add", "pemkot", "--match", "kemauan politiknya",
                   "--code", "sustainability", "--memo", "continuity worry")
    assert added.exit_code == 0, added.output
    [coding] = rows(coded_project, code_id="sustainability", coder="researcher")
    assert (coding.status, coding.origin, coding.memo) == ("accepted", "manual", "continuity worry")

    listed = invoke(runner, coded_project, "code", "list", "--code", "sustainability", "--format", "json")
    records = json.loads(listed.stdout)
    assert (coding.segment_id, "researcher") in [(r["segment_id"], r["coder"]) for r in records]
    mine = json.loads(invoke(runner, coded_project, "code", "list", "--coder", "researcher",
                             "--format", "json").stdout)
    assert [(r["segment_id"], r["code_id"]) for r in mine] == [(coding.segment_id, "sustainability")]

    removed = invoke(runner, coded_project, "code", "remove", "pemkot", "--match", "kemauan politiknya",
                     "--code", "sustainability")
    assert removed.exit_code == 0 and "removed" in removed.output
    assert rows(coded_project, code_id="sustainability", coder="researcher") == []


def test_removing_a_machine_suggestion_records_a_rejection(coded_project, runner):
    [suggestion] = [c for c in rows(coded_project, coder="auto") if c.segment_id == "pemkot:2"
                    and c.code_id == "budget-constraints"]
    result = invoke(runner, coded_project, "code", "remove", "pemkot", "--segment", "2",
                    "--code", "budget-constraints")
    assert result.exit_code == 0 and "rejected" in result.output
    listed = json.loads(invoke(runner, coded_project, "code", "list", "--format", "json").stdout)
    assert ("pemkot:2", "budget-constraints") not in {(r["segment_id"], r["code_id"]) for r in listed}
    assert suggestion in rows(coded_project, coder="auto")  # the machine's row is kept for stats


def test_removing_a_reviewed_suggestion_keeps_it_out(coded_project, runner):
    """`code remove` on a suggestion you accepted rejects it; on one you rejected, keeps the
    rejection (deleting the decision brought the machine's suggestion back into the counts)."""
    remove = ("code", "remove", "pemkot", "--segment", "2", "--code", "budget-constraints")
    assert invoke(runner, coded_project, "code", "add", "pemkot", "--segment", "2",
                  "--code", "budget-constraints").exit_code == 0
    first = invoke(runner, coded_project, *remove)
    assert first.exit_code == 0 and "rejected the machine's suggestion, which you had accepted" in first.output
    again = invoke(runner, coded_project, *remove)
    assert again.exit_code == 0 and "already rejected" in again.output
    [mine] = rows(coded_project, coder="researcher", segment_id="pemkot:2", code_id="budget-constraints")
    assert mine.status == "rejected"
    listed = json.loads(invoke(runner, coded_project, "code", "list", "--format", "json").stdout)
    assert ("pemkot:2", "budget-constraints") not in {(r["segment_id"], r["code_id"]) for r in listed}


def test_manual_coding_errors_are_one_line(coded_project, runner):
    for args, message in [
        (["pemkot", "--segment", "2", "--code", "no-such-code"], "unknown code"),
        (["nobody", "--segment", "2", "--code", "budget-support"], "unknown source"),
        (["pemkot", "--segment", "99", "--code", "budget-support"], "no segment 99"),
        (["pemkot", "--match", "Pewawancara", "--code", "budget-support"], "no segment of pemkot"),
        (["pemkot", "--code", "budget-support"], "pemkot has 3 codable segments; say which with --segment N"),
        (["pemkot", "--segment", "2", "--match", "x", "--code", "budget-support"], "exactly one of"),
    ]:
        result = invoke(runner, coded_project, "code", "add", *args)
        assert result.exit_code == 1 and message in result.output, (args, result.output)
        assert "Traceback" not in result.output


def test_listing_a_misspelt_code_says_so_rather_than_listing_nothing(coded_project, runner):
    for option in ("--code", "--and-code"):
        result = invoke(runner, coded_project, "code", "list", option, "budget-constraint")
        assert result.exit_code == 1, result.output
        assert "unknown code 'budget-constraint' (did you mean budget-constraints" in result.output
        assert "Traceback" not in result.output
    # a code of the codebook that nothing carries yet is no error: it simply has no codings
    from qualcode.codebook import load_codebook

    listed = json.loads(invoke(runner, coded_project, "code", "list", "--format", "json").stdout)
    codebook = load_codebook(coded_project / "codebooks" / "smart-city.yaml")
    uncoded = sorted({c.id for c in codebook.codes} - {r["code_id"] for r in listed})[0]
    empty = invoke(runner, coded_project, "code", "list", "--code", uncoded, "--format", "json")
    assert empty.exit_code == 0 and json.loads(empty.stdout) == []


def test_reviewing_a_mistyped_source_says_so_rather_than_saying_all_is_done(coded_project, runner):
    with pytest.raises(QualcodeError, match=r"unknown source 'pemkott' \(did you mean pemkot\?\); sources: "):
        review_session(load_config(coded_project), source="pemkott")
    memo = invoke(runner, coded_project, "memo", "add", "source", "pemkott", "-t", "x")
    assert memo.exit_code == 1 and "unknown source 'pemkott' (did you mean pemkot?)" in memo.output


def test_listing_a_mistyped_source_says_so_rather_than_listing_nothing(coded_project, runner):
    for fmt in ("csv", "json"):
        result = invoke(runner, coded_project, "code", "list", "--source", "pemkott", "--format", fmt)
        assert result.exit_code == 1 and "unknown source 'pemkott' (did you mean pemkot?); sources: " in result.output
        assert "pemkot" in result.output and "Traceback" not in result.output
    assert invoke(runner, coded_project, "code", "list", "--source", "pemkot", "--format", "json").exit_code == 0


def test_a_source_may_be_named_by_its_files_name(coded_project, runner):
    # the file is pemkot.txt; ids are made lower case, so `Pemkot` or the name with its suffix
    # is what a user copies from the folder
    shown = invoke(runner, coded_project, "code", "show", "Pemkot.txt")
    assert shown.exit_code == 0 and shown.stdout.startswith("pemkot "), shown.output
    explained = invoke(runner, coded_project, "code", "explain", "PEMKOT:5")
    assert explained.exit_code == 0 and explained.stdout.startswith("pemkot:5 "), explained.output
    listed = json.loads(invoke(runner, coded_project, "code", "list", "--source", "Pemkot", "--format", "json").stdout)
    assert listed and {row["segment_id"].split(":")[0] for row in listed} == {"pemkot"}
    memo = invoke(runner, coded_project, "memo", "add", "source", "Pemkot", "-t", "catatan")
    assert memo.exit_code == 0, memo.output
    memos = invoke(runner, coded_project, "memo", "list", "source", "pemkot.TXT")
    assert memos.exit_code == 0 and "source pemkot" in memos.stdout and "catatan" in memos.stdout
    added = invoke(runner, coded_project, "code", "add", "Pemkot", "--segment", "5", "--code", "budget-support")
    assert added.exit_code == 0, added.output
    # a segment id whose source is so named, too
    by_id = invoke(runner, coded_project, "code", "add", "PEMKOT:3", "--code", "sustainability")
    assert by_id.exit_code == 0 and "coded pemkot:3 with sustainability" in by_id.output, by_id.output
    assert invoke(runner, coded_project, "memo", "add", "segment", "Pemkot:3", "-t", "x").exit_code == 0
    assert invoke(runner, coded_project, "memo", "add", "coding", "Pemkot:3/sustainability",
                  "-t", "y").exit_code == 0
    assert invoke(runner, coded_project, "code", "remove", "PEMKOT:3", "--code", "sustainability").exit_code == 0
    assert any(row["segment_id"] == "pemkot:5" and row["code_id"] == "budget-support"
               for row in json.loads(invoke(runner, coded_project, "code", "list", "--format", "json").stdout))


def test_intersection_retrieval(coded_project, runner):
    both = json.loads(invoke(runner, coded_project, "code", "list", "--code", "budget-constraints",
                             "--and-code", "inhibiting-factor", "--format", "json").stdout)
    assert {r["segment_id"] for r in both} == {"pemkot:2", "warga:2"}
    government = json.loads(invoke(runner, coded_project, "code", "list", "--code", "budget-constraints",
                                   "--where", "role=government", "--format", "json").stdout)
    assert {r["case_id"] for r in government} == {"pemkot"}


def test_explain_shows_terms_spans_and_score(coded_project, runner):
    result = invoke(runner, coded_project, "code", "explain", "pemkot:2")
    assert result.exit_code == 0, result.output
    assert "budget-constraints" in result.stdout and "'Anggarannya terbatas'" in result.stdout
    assert "strong" in result.stdout and "score" in result.stdout


def test_explain_says_a_decided_suggestion_is_no_longer_made(coded_project, runner):
    # the person's acceptance stands when the machine stops suggesting the code; explain says so
    assert invoke(runner, coded_project, "code", "add", "pemkot", "--segment", "2",
                  "--code", "budget-constraints").exit_code == 0
    before = invoke(runner, coded_project, "code", "explain", "pemkot:2").stdout
    assert "researcher: accepted budget-constraints (auto)" in before and "no longer" not in before
    settings = coded_project / "qualcode.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("threshold = 1.0", "threshold = 50.0"),
                        encoding="utf-8")
    recoded = " ".join(invoke(runner, coded_project, "code", "auto").output.split())
    # what the change took away, code by code: the decided suggestion with the rest
    assert re.search(r"withdrawn: .*budget-constraints \d+.*\(no person's decision is touched\)", recoded)
    after = " ".join(invoke(runner, coded_project, "code", "explain", "pemkot:2").stdout.split())
    assert "researcher: accepted budget-constraints (auto); no longer among the machine's suggestions" in after


def test_codebook_stats_shows_acceptance(coded_project, runner):
    invoke(runner, coded_project, "code", "remove", "pemkot", "--segment", "2", "--code", "budget-constraints")
    stats = json.loads(invoke(runner, coded_project, "codebook", "stats", "--format", "json").stdout)
    row = next(r for r in stats if r["code"] == "budget-constraints")
    assert (row["rejected"], row["accepted"], row["accept_rate"]) == (1, 0, 0.0)


def test_memos(coded_project, runner):
    assert invoke(runner, coded_project, "memo", "add", "project", "-t", "First impressions").exit_code == 0
    assert invoke(runner, coded_project, "memo", "add", "segment", "pemkot:2", "-t", "Budget!").exit_code == 0
    bad = invoke(runner, coded_project, "memo", "add", "segment", "pemkot:99", "-t", "x")
    assert bad.exit_code == 1 and "unknown segment" in bad.output
    listed = invoke(runner, coded_project, "memo", "list", "segment")
    assert "Budget!" in listed.stdout and "First impressions" not in listed.stdout
    shown = invoke(runner, coded_project, "memo", "show", "1")
    assert "First impressions" in shown.stdout and "researcher" in shown.stdout


@pytest.mark.parametrize("args, message", [
    (("bogus",), "unknown memo target 'bogus'"),
    (("code", "no-such-code"), "unknown code 'no-such-code'"),
    (("segment", "pemkot:99"), "unknown segment 'pemkot:99'"),
])
def test_memo_list_of_something_unknown_says_so(coded_project, runner, args, message):
    result = invoke(runner, coded_project, "memo", "list", *args)
    assert result.exit_code == 1 and message in result.output


def test_memo_list_with_none_says_so(coded_project, runner):
    result = invoke(runner, coded_project, "memo", "list", "case", "pemkot")
    assert result.exit_code == 0 and "no memos on case pemkot yet" in result.output
    everywhere = invoke(runner, coded_project, "memo", "list")
    assert everywhere.exit_code == 0 and "shows in `qualcode code list`" in " ".join(everywhere.output.split())


def test_review_needs_a_terminal(coded_project, runner):
    result = invoke(runner, coded_project, "code", "review")
    assert result.exit_code == 1 and "needs a terminal" in result.output


class Keys:
    """Feeds key presses; raises KeyboardInterrupt when they run out, like Ctrl-C."""

    def __init__(self, keys, lines=()):
        self.keys, self.lines = list(keys), list(lines)

    def key(self):
        if not self.keys:
            raise KeyboardInterrupt
        return self.keys.pop(0)

    def line(self, prompt):
        return self.lines.pop(0)


def drive(project, keys, lines=(), coder=None):
    session = review_session(load_config(project), coder=coder)
    console = Console(file=io.StringIO(), width=100)
    feed = Keys(keys, lines)
    try:
        counts = review_loop(session, console, feed.key, feed.line)
    finally:
        session.close()
    return session, counts, console.file.getvalue()


def test_back_on_the_first_segment_says_there_is_nothing_before(coded_project):
    # it redrew the same screen without a word, as if the key were not read
    _, counts, shown = drive(coded_project, ["b", "q"])
    assert "nothing to go back to: this is the first segment of this pass" in " ".join(shown.split())
    assert counts["accepted"] == counts["rejected"] == 0


def test_review_accept_reject_mark_add_memo_undo(coded_project):
    session = review_session(load_config(coded_project))
    queue = list(session.queue)
    first = session.screen(queue[0])
    session.close()
    assert len(queue) >= 3 and len(first.suggestions) >= 2

    # screen 1: accept all; screen 2: reject all; screen 3: mark 1, Enter; add a code; memo; quit
    _, counts, shown = drive(coded_project, ["a", "r", "1", "\r", "q"])
    assert counts["accepted"] >= len(first.suggestions) and counts["rejected"] >= 1
    assert queue[0] in shown and "score" in shown
    mine = rows(coded_project, coder="researcher")
    assert {c.segment_id for c in mine} == set(queue[:3])
    assert all(c.status == "accepted" for c in mine if c.segment_id == queue[0])
    assert all(c.status == "rejected" for c in mine if c.segment_id == queue[1])

    # resume: the queue starts after what was decided; add a code by label prefix, memo, undo
    session = review_session(load_config(coded_project))
    assert session.queue == queue[3:]
    session.close()
    _, counts, shown = drive(coded_project, ["+", "m", "q"], lines=["keberlanjutan", "Good quote"])
    assert counts["added"] == 1 and counts["memos"] == 1
    here = dict(coder="researcher", code_id="sustainability", segment_id=queue[3])
    assert rows(coded_project, **here)
    _, counts, _ = drive(coded_project, ["u", "q"])
    assert counts["undone"] == 1
    assert not rows(coded_project, **here)


def test_interrupted_review_keeps_every_decision_and_resumes(coded_project):
    session = review_session(load_config(coded_project))
    queue = list(session.queue)
    session.close()
    with pytest.raises(KeyboardInterrupt):
        drive(coded_project, ["a", "a"])  # then Ctrl-C on the third screen
    assert {c.segment_id for c in rows(coded_project, coder="researcher")} == set(queue[:2])
    session = review_session(load_config(coded_project))
    assert session.queue == queue[2:]
    session.close()


def test_two_coders_review_blind(coded_project):
    drive(coded_project, ["a", "q"], coder="coder-a")
    session = review_session(load_config(coded_project), coder="coder-b")
    screen = session.screen(session.queue[0])
    session.close()
    assert all(s.decision is None for s in screen.suggestions)  # B does not see A's decision
    drive(coded_project, ["r", "q"], coder="coder-b")
    first = screen.segment.id
    decided = {(c.coder, c.status) for c in rows(coded_project) if c.segment_id == first and c.coder != "auto"}
    assert decided == {("coder-a", "accepted"), ("coder-b", "rejected")}


def test_undo_takes_back_a_whole_key_press(coded_project):
    session = review_session(load_config(coded_project))
    first = session.queue[0]
    suggested = len(session.screen(first).suggestions)
    session.close()
    assert suggested >= 2
    _, counts, _ = drive(coded_project, ["r", "u", "q"])
    # the summary is what the pass left: the rejections were undone (it counted the key press)
    assert counts["rejected"] == 0 and counts["undone"] == 1
    assert not [c for c in rows(coded_project, coder="researcher") if c.segment_id == first]


def test_the_review_summary_counts_each_decision_once_as_it_stands(coded_project):
    """Going back and deciding again is one decision, not two; the summary matches the store."""
    session = review_session(load_config(coded_project))
    first = session.queue[0]
    suggested = len(session.screen(first).suggestions)
    session.close()
    _, counts, _ = drive(coded_project, ["a", "b", "a", "b", "r", "q"])
    mine = [c for c in rows(coded_project, coder="researcher") if c.segment_id == first]
    assert len(mine) == suggested and all(c.status == "rejected" for c in mine)
    assert (counts["accepted"], counts["rejected"]) == (0, suggested)


def test_undo_in_a_later_session_returns_to_that_segment(coded_project):
    drive(coded_project, ["a", "q"])
    session = review_session(load_config(coded_project))
    decided = [c.segment_id for c in rows(coded_project, coder="researcher")][0]
    assert decided not in session.queue
    session.close()
    _, _, shown = drive(coded_project, ["u", "q"])
    assert shown.count(decided) >= 2  # the undo notice and the segment's screen again


def test_unknown_code_suggests_the_nearest(coded_project, runner):
    result = invoke(runner, coded_project, "code", "add", "pemkot", "--segment", "2",
                    "--code", "budget-constraint")
    assert result.exit_code == 1 and "did you mean budget-constraints" in result.output


def test_a_coding_memo_is_listed_and_explained(coded_project, runner):
    added = invoke(runner, coded_project, "code", "add", "pemkot", "--segment", "3", "--code",
                   "leadership-commitment", "--memo", "Wali kota sebagai penggerak")
    assert added.exit_code == 0, added.output
    rows = json.loads(invoke(runner, coded_project, "code", "list", "--code", "leadership-commitment",
                             "--format", "json").stdout)
    assert any(r["memo"] == "Wali kota sebagai penggerak" for r in rows)
    assert "memo" in invoke(runner, coded_project, "code", "list", "--code", "leadership-commitment").stdout
    explained = invoke(runner, coded_project, "code", "explain", "pemkot:3")
    # accepting the machine's suggestion by hand: the row keeps its origin, and takes the memo
    assert "researcher: accepted leadership-commitment (auto) — Wali kota sebagai penggerak" in explained.stdout


@pytest.mark.parametrize("args, message", [
    (("coding", "garbage"), "unknown coding 'garbage'"),
    # the segment is right: say which codings it has, rather than how to name one
    (("coding", "pemkot:2/no-such-code"), "pemkot:2 has no 'no-such-code' coding; its codings: "),
    (("coding", "nowhere:2/software"), "unknown coding 'nowhere:2/software'; name it SEGMENT/CODE, e.g. nowhere:2/CODE"),
    (("code", "budget-suport"), "unknown code 'budget-suport' (did you mean budget-support"),
    (("display", "nosuchdisplay"), "unknown display 'nosuchdisplay'"),
    (("project", "x"), "a project memo takes no target"),
])
def test_memo_add_checks_coding_and_display_targets(coded_project, runner, args, message):
    result = invoke(runner, coded_project, "memo", "add", *args, "-t", "x")
    assert result.exit_code == 1 and message in result.output


def test_a_coding_memo_names_its_coding_by_segment_and_code(coded_project, runner):
    added = invoke(runner, coded_project, "memo", "add", "coding", "pemkot:2/budget-constraints", "-t", "Ketat.")
    assert added.exit_code == 0, added.output
    listed = invoke(runner, coded_project, "memo", "list", "coding", "pemkot:2/budget-constraints")
    assert "Ketat." in listed.stdout
    assert invoke(runner, coded_project, "memo", "add", "display", "case_by_dimension", "-t", "y").exit_code == 0


def test_memo_text_in_brackets_is_shown_as_written(coded_project, runner):
    invoke(runner, coded_project, "memo", "add", "project", "-t", "Informan bilang [sic] 'anggaran' [bold]x")
    listed = invoke(runner, coded_project, "memo", "list")
    shown = invoke(runner, coded_project, "memo", "show", "1")
    assert "[sic]" in listed.stdout and "[bold]x" in " ".join(listed.stdout.split())
    assert "Informan bilang [sic] 'anggaran' [bold]x" in shown.stdout


def test_a_coding_memo_is_listed_by_segment_and_code(coded_project, runner):
    invoke(runner, coded_project, "memo", "add", "coding", "pemkot:2/budget-constraints", "-t", "Ketat.")
    from qualcode.project import load_config
    from qualcode.workflow import list_memos

    [memo] = list_memos(load_config(coded_project), "coding")
    assert memo.about == "coding pemkot:2/budget-constraints"
    assert "pemkot:2/" in invoke(runner, coded_project, "memo", "list").stdout


def test_reviewed_only_with_nothing_reviewed_is_refused_and_then_counts_the_review(coded_project, runner):
    """With no accepted coding every figure would be a zero ("0 of 3 informants", "no contrary
    segment"): report, conclude and display refuse in one line, and once a coding is
    accepted, count it."""
    for args in (("report", "--reviewed-only"), ("conclude", "--reviewed-only"),
                 ("display", "show", "case_by_dimension", "--reviewed-only")):
        result = invoke(runner, coded_project, *args)
        assert result.exit_code == 1, (args, result.output)
        assert "--reviewed-only: no coding has been accepted yet" in result.output, (args, result.output)
        assert "Traceback" not in result.output
    assert not (coded_project / "reports" / "report.md").exists()
    invoke(runner, coded_project, "code", "add", "pemkot", "--segment", "2", "--code", "budget-constraints")
    result = invoke(runner, coded_project, "report", "--reviewed-only", "--format", "md")
    assert result.exit_code == 0, result.output
    assert "Anggarannya terbatas" in (coded_project / "reports" / "report.md").read_text(encoding="utf-8")


def test_a_segment_id_names_the_segment_to_code_or_uncode(coded_project, runner):
    """`pemkot:3`, as every listing prints a segment, works where a source and --segment do."""
    added = invoke(runner, coded_project, "code", "add", "pemkot:3", "--code", "sustainability")
    assert added.exit_code == 0 and "coded pemkot:3 with sustainability" in added.output, added.output
    assert [c.segment_id for c in rows(coded_project, code_id="sustainability", coder="researcher")] == ["pemkot:3"]
    both = invoke(runner, coded_project, "code", "add", "pemkot:3", "--segment", "2", "--code", "sustainability")
    assert both.exit_code == 1 and "names a segment already" in both.output
    removed = invoke(runner, coded_project, "code", "remove", "pemkot:3", "--code", "sustainability")
    assert removed.exit_code == 0 and not rows(coded_project, code_id="sustainability", coder="researcher")
    for odd in ("pemkot:\u00b2", "pemkot:\u0664"):  # a superscript two, an Arabic-Indic four: no segment number
        result = invoke(runner, coded_project, "code", "add", odd, "--code", "sustainability")
        assert result.exit_code == 1 and "unknown source" in result.output and "Traceback" not in result.output


def test_enter_keeps_the_codes_accepted_before_when_a_new_suggestion_comes(coded_project):
    """A segment back in the queue for one new suggestion shows the codes accepted earlier
    marked: marking the new one and pressing Enter accepts it and keeps them (it rejected
    them, unseen, when they came unmarked)."""
    session = review_session(load_config(coded_project))
    first = session.queue[0]
    codes = [s.code_id for s in session.screen(first).suggestions]
    session.close()
    assert len(codes) >= 2
    drive(coded_project, ["a", "q"])
    with Store(coded_project / ".qualcode" / "project.db") as store, store.transaction():
        # the machine's new suggestion, as after a codebook edit: no decision on it yet
        store.conn.execute("DELETE FROM codings WHERE coder = 'researcher' AND segment_id = ? AND code_id = ?",
                           (first, codes[-1]))
    session = review_session(load_config(coded_project))
    assert session.queue[0] == first
    session.close()
    _, counts, shown = drive(coded_project, [str(len(codes)), "\r", "q"])
    assert shown.count("✓") >= len(codes) - 1  # the earlier ones came marked
    mine = {c.code_id: c.status for c in rows(coded_project, coder="researcher", segment_id=first)}
    assert mine == {code: "accepted" for code in codes}
    # the summary counts this pass's one decision, not the earlier acceptances Enter kept
    assert (counts["accepted"], counts["rejected"]) == (1, 0)


def test_unmarking_a_code_accepted_before_and_pressing_enter_rejects_it(coded_project):
    session = review_session(load_config(coded_project))
    first = session.queue[0]
    codes = [s.code_id for s in session.screen(first).suggestions]
    session.close()
    drive(coded_project, ["a", "b", "1", "\r", "q"])  # accept all; back; unmark the first; Enter
    mine = {c.code_id: c.status for c in rows(coded_project, coder="researcher", segment_id=first)}
    assert mine == {code: "rejected" if n == 0 else "accepted" for n, code in enumerate(codes)}


def test_code_list_reads_in_order_and_keeps_the_text_readable_beside_a_memo(coded_project, runner):
    listed = json.loads(invoke(runner, coded_project, "code", "list", "--format", "json").stdout)
    order = [(r["source_id"], int(r["segment_id"].rsplit(":", 1)[1])) for r in listed]
    assert order == sorted(order)  # pemkot:2 before pemkot:10
    memo = "Ketidakpercayaan warga akibat server yang mati berulang kali sepanjang tahun lalu di kantor"
    assert invoke(runner, coded_project, "code", "add", "pemkot", "--segment", "2", "--code",
                  "citizen-satisfaction", "--memo", memo).exit_code == 0
    shown = invoke(runner, coded_project, "code", "list", "--coder", "researcher")
    assert shown.exit_code == 0 and re.search(r"\b1 coding\b", shown.output)
    lines = shown.output.splitlines()
    assert len(lines) < 20  # the text wraps in a column wide enough to read, not a syllable a line
    assert max(len(line) for line in lines) <= 180


def test_code_show_reads_a_source_with_its_segment_ids_speakers_and_codes(coded_project, runner):
    assert invoke(runner, coded_project, "code", "add", "pemkot", "--segment", "2", "--code",
                  "sustainability").exit_code == 0
    shown = invoke(runner, coded_project, "code", "show", "pemkot")
    assert shown.exit_code == 0, shown.output
    text = " ".join(shown.output.split())
    assert "pemkot:1 Pewawancara (not coded)" in text and "pemkot:2 Bu Ratna" in text
    assert "sustainability (researcher)" in text and "(suggested)" in text
    unknown = invoke(runner, coded_project, "code", "show", "pemkott")
    assert unknown.exit_code == 1 and "unknown source 'pemkott' (did you mean pemkot?)" in unknown.output


def test_review_all_visits_segments_without_suggestions_too(coded_project, runner):
    (coded_project / "transcripts" / "sapa.txt").write_text(
        "Pewawancara: Apa kabar, Bu?\n\nBu Sri: Baik, terima kasih, Mas.\n", encoding="utf-8")
    assert invoke(runner, coded_project, "ingest").exit_code == 0
    assert invoke(runner, coded_project, "code", "auto").exit_code == 0
    every = review_session(load_config(coded_project), every_segment=True)
    suggested = review_session(load_config(coded_project))
    all_queue, suggested_queue = list(every.queue), list(suggested.queue)
    with_nothing = [s for s in all_queue if not every.screen(s).suggestions]
    every.close()
    suggested.close()
    assert set(suggested_queue) < set(all_queue) and with_nothing
    assert not set(with_nothing) & set(suggested_queue)
    # Enter on a segment without suggestions records the visit; it leaves the --all queue
    first = all_queue.index(with_nothing[0])
    keys = ["s"] * first + ["\r", "q"]
    drive_all = review_session(load_config(coded_project), every_segment=True)
    console = Console(file=io.StringIO(), width=100)
    feed = Keys(keys)
    try:
        review_loop(drive_all, console, feed.key, feed.line)
    finally:
        drive_all.close()
    again = review_session(load_config(coded_project), every_segment=True)
    assert with_nothing[0] not in again.queue and len(again.queue) == len(all_queue) - 1
    again.close()


def test_coding_a_segment_again_says_it_is_coded_already(coded_project, runner):
    args = ("code", "add", "pemkot", "--segment", "2", "--code", "sustainability")
    assert "coded pemkot:2 with sustainability" in invoke(runner, coded_project, *args).output
    with Store(coded_project / ".qualcode" / "project.db") as store:
        logged = store.conn.execute("SELECT COUNT(*) FROM decisions").fetchone()[0]
    again = invoke(runner, coded_project, *args)
    assert again.exit_code == 0 and "pemkot:2 is coded with sustainability already" in again.output
    with Store(coded_project / ".qualcode" / "project.db") as store:
        assert store.conn.execute("SELECT COUNT(*) FROM decisions").fetchone()[0] == logged
    memo_first = invoke(runner, coded_project, "code", "add", "pemkot", "--segment", "3", "--code",
                        "sustainability", "--memo", "awal")
    assert ("coded pemkot:3 with sustainability; its memo shows in `qualcode code list --source pemkot`"
            in " ".join(memo_first.output.split())), memo_first.output
    noted = invoke(runner, coded_project, *args, "--memo", "kelanjutan")
    assert "already; memo updated" in noted.output
    [mine] = rows(coded_project, coder="researcher", segment_id="pemkot:2", code_id="sustainability")
    assert mine.memo == "kelanjutan"


def test_a_review_of_one_code_decides_that_code_only(coded_project):
    session = review_session(load_config(coded_project))
    first = session.queue[0]
    codes = [s.code_id for s in session.screen(first).suggestions]
    session.close()
    assert len(codes) >= 2
    focused = review_session(load_config(coded_project), code=codes[1])
    assert [s.code_id for s in focused.screen(first).suggestions] == [codes[1]]
    focused.close()
    session = review_session(load_config(coded_project), code=codes[1])
    console = Console(file=io.StringIO(), width=100)
    feed = Keys(["r", "q"])
    try:
        review_loop(session, console, feed.key, feed.line)
    finally:
        session.close()
    mine = {c.code_id: c.status for c in rows(coded_project, coder="researcher", segment_id=first)}
    assert mine == {codes[1]: "rejected"}  # the others wait, undecided


def test_enter_with_nothing_marked_says_how_to_mark_and_stays(coded_project):
    _, counts, shown = drive(coded_project, ["\r", "q"])
    assert "nothing marked: 1-9 marks a suggestion" in shown and counts["accepted"] == counts["rejected"] == 0


def test_explain_of_a_mistyped_source_or_one_in_capitals_names_the_source(coded_project, runner):
    for typed in ("pemkott:2", "PEMKOT:99"):
        result = invoke(runner, coded_project, "code", "explain", typed)
        assert result.exit_code == 1 and "Traceback" not in result.output
    assert "did you mean pemkot?" in invoke(runner, coded_project, "code", "explain", "pemkott:2").output
    assert "`qualcode code show SOURCE`" in invoke(runner, coded_project, "code", "explain", "pemkot:99").output
    # a source in other capitals is the file's name, as ingest read it: its codings are listed
    in_capitals = invoke(runner, coded_project, "code", "list", "--source", "PEMKOT", "--format", "json")
    assert in_capitals.exit_code == 0 and json.loads(in_capitals.stdout)


def test_review_all_with_a_code_visits_that_codes_suggestions(coded_project):
    plain = review_session(load_config(coded_project), code="budget-constraints")
    both = review_session(load_config(coded_project), code="budget-constraints", every_segment=True)
    assert both.queue == plain.queue and plain.queue
    plain.close()
    both.close()


def test_on_a_narrow_terminal_a_wide_table_shows_the_columns_that_fit_and_names_the_rest(
        coded_project, runner, monkeypatch):
    """Lines a terminal wraps jumble every row: on a terminal, the columns that fit with no
    word broken, and the headings of those left out; into a pipe or a file, every column."""
    import io

    from rich.console import Console

    import qualcode.cli.common as common

    piped = invoke(runner, coded_project, "conclude").stdout
    assert max(len(line) for line in piped.splitlines()) > 60  # every column, as wide as it needs
    monkeypatch.setattr(common, "out", Console(file=io.StringIO(), width=60, force_terminal=True,
                                               color_system=None, highlight=False))
    shown = invoke(runner, coded_project, "conclude").stdout + common.out.file.getvalue()
    table = [line for line in shown.splitlines() if line[:1] in "┏┃┡│└"]
    assert table and max(len(line) for line in table) <= 60
    assert "┃ id" in shown and "repl" not in "".join(table)
    said = " ".join(shown.split())
    assert "more columns not shown, too wide for this terminal (" in said and "tand" in said
    assert "widen it, or pipe the command through `less -S`" in said


def test_a_terminal_table_shows_its_first_rows_and_says_how_to_get_the_rest(coded_project, runner, monkeypatch):
    import qualcode.cli.common as common

    every = json.loads(invoke(runner, coded_project, "code", "list", "--format", "json").stdout)
    assert len(every) > 3
    monkeypatch.setattr(common, "TABLE_ROWS", 3)  # a large project's 90,000 codings, in small
    shown = invoke(runner, coded_project, "code", "list")
    assert shown.exit_code == 0
    assert f"{len(every)} codings" in shown.stdout  # the title counts them all
    first_cells = re.findall(r"^│ (\S+:\d+) ", shown.stdout, flags=re.MULTILINE)
    assert first_cells == [r["segment_id"] for r in every[:3]]
    assert f"… {len(every) - 3:,} more rows ({len(every):,} in all) not shown; `--format csv` has every row" \
        in " ".join(shown.stdout.split())
    cases = invoke(runner, coded_project, "display", "show", "case_by_code")
    assert cases.exit_code == 0 and "more rows" not in cases.stdout  # a few informants: all shown
    monkeypatch.setattr(common, "TABLE_ROWS", 1)
    one = invoke(runner, coded_project, "display", "show", "case_by_code")
    assert "not shown; `--format csv` or `--out FILE.xlsx` has every row" in " ".join(one.stdout.split())
    matrix = invoke(runner, coded_project, "display", "matrix")  # no --out there: the CSV only
    assert "not shown; `--format csv` has every row" in " ".join(matrix.stdout.split())
    # a matrix wider than a terminal, piped (to a file, to `less -S`), is written whole: every
    # column, no word of a heading broken into syllables
    wide = invoke(runner, coded_project, "display", "show", "cooccurrence_codes").stdout
    labels = json.loads(invoke(runner, coded_project, "display", "show", "cooccurrence_codes",
                               "--format", "json").stdout)
    assert len(labels) > 20 and all(len(line) > 300 for line in wide.splitlines()[2:4])
    words = set(re.findall(r"\w+", wide))
    assert {"Kelembagaan", "Keterbatasan", "infrastruktur", "pembangunan"} <= words
    narrow = invoke(runner, coded_project, "display", "show", "case_by_dimension").stdout
    assert "too many for a terminal" not in " ".join(narrow.split())


def test_a_memos_time_is_shown_in_the_researchers_time_zone(coded_project, runner, monkeypatch):
    """Stored in UTC, shown in local time: a memo written at 20:00 in Jakarta says 20:00."""
    import time

    monkeypatch.setenv("TZ", "Asia/Jakarta")
    time.tzset()
    try:
        assert invoke(runner, coded_project, "memo", "add", "project", "-t", "catatan malam").exit_code == 0
        listed = invoke(runner, coded_project, "memo", "list")
        assert "+07:00" in listed.stdout and "+00:00" not in listed.stdout
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_a_removed_codings_own_note_is_kept_on_its_segment(coded_project, runner):
    """`code add --memo` writes the note into the coding: removing the coding (a split, a
    second thought) must not lose it, as memos written on the coding are not lost."""
    assert invoke(runner, coded_project, "code", "add", "pemkot:3", "--code", "sustainability",
                  "--memo", "in vivo: jangan sampai berhenti").exit_code == 0
    assert invoke(runner, coded_project, "code", "remove", "pemkot:3", "--code", "sustainability").exit_code == 0
    assert invoke(runner, coded_project, "memo", "list", "segment", "pemkot:3").exit_code == 0
    from qualcode.store import Store

    with Store(coded_project / ".qualcode" / "project.db") as store:
        [memo] = store.memos("segment", "pemkot:3")
    assert memo.text.endswith("\nin vivo: jangan sampai berhenti") and "sustainability" in memo.text


def test_a_second_pass_visits_the_segments_already_decided(coded_project):
    """After the codebook grew, an inductive coder reads the transcripts again: `--again`."""
    config = load_config(coded_project)
    first = review_session(config, source="pemkot", every_segment=True)
    for segment_id in list(first.queue):  # every suggestion decided: each segment visited
        suggested = {c.code_id for c in first.store.codings_of_segment(segment_id) if c.coder == "auto"}
        for code_id in suggested or {"sustainability"}:
            first.store.decide(segment_id, code_id, "researcher", "accepted")
    first.close()
    done = review_session(config, source="pemkot", every_segment=True)
    assert done.queue == []
    done.close()
    again = review_session(config, source="pemkot", every_segment=True, again=True)
    assert again.queue and all(s.startswith("pemkot:") for s in again.queue)
    assert again.queue == sorted(again.queue, key=lambda s: int(s.split(":")[1]))
    again.close()
    with pytest.raises(QualcodeError, match="--again visits segments"):
        review_session(config, code="sustainability", again=True)


def test_the_review_screen_makes_a_code_while_reading_and_sees_codes_added_meanwhile(coded_project, runner):
    """Open coding: `+` with an id no code has asks a label and adds the code to the codebook;
    a code another terminal added while the pass was open is offered too."""
    from qualcode.codebook import load_codebook

    session = review_session(load_config(coded_project))
    first = session.queue[0]
    added = invoke(runner, coded_project, "codebook", "add", "street-food", "--label", "Pedagang kaki lima")
    assert added.exit_code == 0, added.output
    console = Console(file=io.StringIO(), width=100)
    feed = Keys(["+", "+", "q"], ["street-food", "lampu-rusak", "Lampu jalan rusak"])
    try:
        review_loop(session, console, feed.key, feed.line)
    finally:
        session.close()
    codebook = load_codebook(coded_project / "codebooks" / "smart-city.yaml")
    assert codebook.by_id()["lampu-rusak"].kind == "theme"
    mine = {c.code_id for c in rows(coded_project, coder="researcher", segment_id=first)}
    assert {"street-food", "lampu-rusak"} <= mine
