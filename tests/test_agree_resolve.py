"""Adjudication (`agree resolve`), the consensus coder in displays, and agreement kept for the report."""

import io
import json

import pytest
from rich.console import Console

from qualcode.cli.review_ui import review_loop
from qualcode.condense.review import Cursor, Pick, handle_key
from qualcode.errors import QualcodeError
from qualcode.project import load_config
from qualcode.store import Store
from qualcode.workflow.adjudication import resolve_session
from qualcode.workflow.agreement import agreement_history, latest_agreement
from tests.test_cli import invoke
from tests.test_coding_commands import Keys, rows

# ani and budi both code every segment of the sample; they agree on pemkot:2 only.
CODINGS = [("ani", "pemkot", "2", "budget-constraints"), ("budi", "pemkot", "2", "budget-constraints"),
           ("ani", "pemkot", "3", "leadership-commitment"), ("budi", "pemkot", "3", "political-environment"),
           ("ani", "pemkot", "5", "complaint-channels"), ("budi", "warga", "2", "budget-constraints")]


@pytest.fixture
def double_coded(small_project, runner):
    for command in (["ingest"], ["code", "auto"], ["code", "sample", "--fraction", "1", "--seed", "1"]):
        assert invoke(runner, small_project, *command).exit_code == 0
    for coder, source, segment, code in CODINGS:
        result = invoke(runner, small_project, "code", "add", source, "--segment", segment,
                        "--code", code, "--coder", coder)
        assert result.exit_code == 0, result.output
    return small_project


def resolve(project, keys, lines=()):
    session = resolve_session(load_config(project), "ani", "budi", sample="sample")
    console = Console(file=io.StringIO(), width=120)
    feed = Keys(keys, lines)
    try:
        counts = review_loop(session, console, feed.key, feed.line)
    finally:
        session.close()
    return session, counts, console.file.getvalue()


def consensus(project) -> dict[tuple[str, str], str]:
    return {(c.segment_id, c.code_id): c.status for c in rows(project, coder="consensus")}


def test_picks_take_one_coders_version():
    cursor = Cursor(["s:1"])
    picks = (Pick("<", "ani's", ("x",)), Pick(">", "budi's", ("y", "z")))
    assert handle_key("<", ["x", "y", "z"], cursor, picks).codes == ("x",)
    assert handle_key("<", ["x", "y", "z"], cursor, picks).rejected == ("y", "z")
    assert handle_key(">", ["x", "y", "z"], cursor, picks).rejected == ("x",)
    assert handle_key("a", ["x", "y"], cursor, picks).codes == ("x", "y")  # both
    assert handle_key("r", ["x", "y"], cursor, picks).rejected == ("x", "y")  # neither


def test_resolve_is_saved_at_each_key_and_resumes(double_coded):
    session = resolve_session(load_config(double_coded), "ani", "budi", sample="sample")
    assert session.queue == ["pemkot:3", "pemkot:5", "warga:2"]
    assert session.carried == 1
    session.close()
    # the agreement is carried over before any key is pressed
    assert consensus(double_coded) == {("pemkot:2", "budget-constraints"): "accepted"}

    # pemkot:3: take ani's; pemkot:5: take budi's (no code); then Ctrl-C
    with pytest.raises(KeyboardInterrupt):
        _, _, shown = resolve(double_coded, ["<", ">"])
    assert consensus(double_coded) == {
        ("pemkot:2", "budget-constraints"): "accepted",
        ("pemkot:3", "leadership-commitment"): "accepted",
        ("pemkot:3", "political-environment"): "rejected",
        ("pemkot:5", "complaint-channels"): "rejected"}

    # a second run starts at what is left, shows who coded what, and carries nothing twice
    session, counts, shown = resolve(double_coded, ["1", "\r", "q"])
    assert session.queue == ["warga:2"] and session.carried == 0
    assert "budi ✓" in shown and "ani ✗" in shown and "< ani's" in shown and "> budi's" in shown
    assert counts["accepted"] == 1
    assert consensus(double_coded)[("warga:2", "budget-constraints")] == "accepted"
    again = resolve_session(load_config(double_coded), "ani", "budi", sample="sample")
    assert again.queue == []
    again.close()


def test_undo_takes_back_a_decision_but_never_the_carried_agreements(double_coded):
    resolve(double_coded, ["a", "q"])  # pemkot:3: both codes
    assert consensus(double_coded)[("pemkot:3", "political-environment")] == "accepted"
    _, counts, _ = resolve(double_coded, ["u", "q"])
    assert counts["undone"] == 1
    assert consensus(double_coded) == {("pemkot:2", "budget-constraints"): "accepted"}
    _, counts, shown = resolve(double_coded, ["u", "q"])
    assert counts["undone"] == 0 and "nothing to undo" in shown
    assert consensus(double_coded) == {("pemkot:2", "budget-constraints"): "accepted"}


def test_resolve_help_lists_the_resolve_keys(double_coded):
    _, _, shown = resolve(double_coded, ["?", "q"])
    assert "take the first coder's version" in shown


def test_resolve_refuses_bad_coders_and_needs_a_terminal(double_coded, runner):
    config = load_config(double_coded)
    for first, second, as_coder in [("ani", "ani", "consensus"), ("ani", "budi", "ani"),
                                    ("ani", "budi", "auto"), ("ani", "budi", " ")]:
        with pytest.raises(QualcodeError):
            resolve_session(config, first, second, as_coder, sample="sample")
    with pytest.raises(QualcodeError, match="no codings by zed"):
        resolve_session(config, "ani", "zed")
    result = invoke(runner, double_coded, "agree", "resolve", "ani", "budi")
    assert result.exit_code == 1 and "needs a terminal" in result.output
    assert rows(double_coded, coder="consensus") == []


def test_displays_and_agreement_can_use_the_consensus_coder(double_coded, runner):
    resolve(double_coded, ["<", ">", ">", "q"])
    shown = invoke(runner, double_coded, "display", "show", "case_by_code", "--set", "depth=code",
                   "--set", "mode=count", "--coder", "consensus", "--format", "json")
    assert shown.exit_code == 0, shown.output
    table = {row["case"]: row for row in json.loads(shown.stdout)}
    assert table["pemkot"]["budget-constraints"] == 1 and table["pemkot"]["leadership-commitment"] == 1
    assert table["warga"]["budget-constraints"] == 1
    assert not table["pemkot"].get("complaint-channels")  # ani only; the consensus took budi's
    everything = json.loads(invoke(runner, double_coded, "display", "show", "case_by_code", "--set",
                                   "depth=code", "--format", "json").stdout)
    assert everything != json.loads(shown.stdout)  # without --coder, every coding counts
    cell = invoke(runner, double_coded, "display", "cell", "case_by_dimension", "pemkot",
                  "political-environment", "--coder", "consensus")
    assert cell.exit_code == 0, cell.output
    assert "pemkot:3" in cell.stdout and cell.stdout.count("pemkot:") == 1
    unknown = invoke(runner, double_coded, "display", "show", "case_by_code", "--coder", "zed")
    assert unknown.exit_code == 1 and "no codings by 'zed'" in unknown.output

    compared = invoke(runner, double_coded, "agree", "consensus", "ani", "--sample", "sample",
                      "--format", "json")
    assert compared.exit_code == 0, compared.output
    overall = {row["code"]: row for row in json.loads(compared.stdout)}["ALL"]
    assert 0 < overall["percent"] < 1


def test_agreement_is_kept_for_the_report(double_coded, runner):
    config = load_config(double_coded)
    assert latest_agreement(config) is None
    for _ in range(2):  # measuring again replaces, not piles up
        assert invoke(runner, double_coded, "agree", "ani", "budi", "--sample", "sample").exit_code == 0
    record = latest_agreement(config)
    assert (record.coders, record.unit, record.sample, record.codes) == (("ani", "budi"), "segment",
                                                                          "sample", None)
    printed = {r["code"]: r for r in json.loads(invoke(
        runner, double_coded, "agree", "ani", "budi", "--sample", "sample", "--format", "json").stdout)}
    assert record.n_units == printed["ALL"]["n_units"]
    assert round(record.percent, 3) == printed["ALL"]["percent"]
    assert {row.code for row in record.per_code} == set(printed) - {"ALL"}
    assert record.is_reliability and record.band_alpha
    assert len(agreement_history(config)) == 1

    resolve(double_coded, ["<", "q"])
    assert invoke(runner, double_coded, "agree", "consensus", "ani", "--sample", "sample").exit_code == 0
    assert latest_agreement(config).coders == ("ani", "budi")  # reliability is between independent coders
    adjudicated = latest_agreement(config, include_consensus=True)
    assert adjudicated.coders == ("consensus", "ani") and adjudicated.consensus_coders == ("consensus",)
    with Store(config.store_path) as store:
        assert len(store.agreement_results()) == 2


def test_the_report_can_count_only_the_consensus(double_coded, runner):
    resolve(double_coded, ["<", ">", ">", "q"])
    result = invoke(runner, double_coded, "report", "--coder", "consensus", "--format", "md,docx")
    assert result.exit_code == 0, result.output
    md = (double_coded / "reports" / "report.md").read_text(encoding="utf-8")
    assert "Laporan ini hanya memakai pengodean yang diterima consensus." in md
    assert "| Pengodean yang dihitung | hanya yang diterima consensus |" in md  # the audit table
    assert "usulan mesin yang belum ditinjau" not in md  # no draft note: every coding counted was decided
    import docx

    audit = [tuple(c.text for c in row.cells) for row in docx.Document(double_coded / "reports" / "report.docx")
             .tables[-1].rows]
    assert ("Pengodean yang dihitung", "hanya yang diterima consensus") in audit
    conclusions = json.loads((double_coded / "reports" / "conclusions.json").read_text(encoding="utf-8"))
    # the consensus kept budi's political-environment on pemkot:3, not ani's leadership-commitment
    cited = {s for a in conclusions["assertions"] for s in a.get("segments", [])}
    assert "pemkot:5" not in cited  # ani's complaint-channels alone: not the consensus's
    unknown = invoke(runner, double_coded, "report", "--coder", "zed")
    assert unknown.exit_code == 1 and "no codings by 'zed'" in unknown.output
    machine = invoke(runner, double_coded, "report", "--coder", "auto")
    assert machine.exit_code == 1 and "'auto' has accepted no coding" in machine.output
    ledger = json.loads(invoke(runner, double_coded, "conclude", "--coder", "consensus", "--format", "json").stdout)
    machine = {a["codes"][0]: a for a in ledger["assertions"] if a["author"] == "machine"}
    assert machine["political-environment"]["figures"]["segments"] == 1  # pemkot:3, the consensus's


def test_codebook_stats_count_one_coders_decisions(double_coded, runner):
    stats = {r["code"]: r for r in json.loads(invoke(runner, double_coded, "codebook", "stats", "--coder", "ani",
                                                     "--format", "json").stdout)}
    # ani accepted the machine's budget-constraints on pemkot:2 (one suggestion, whatever budi did)
    assert stats["budget-constraints"]["accepted"] == 1
    budi = {r["code"]: r for r in json.loads(invoke(runner, double_coded, "codebook", "stats", "--coder", "budi",
                                                    "--format", "json").stdout)}
    assert budi["budget-constraints"]["accepted"] + budi["budget-constraints"]["added"] == 2
    unknown = invoke(runner, double_coded, "codebook", "stats", "--coder", "zed")
    assert unknown.exit_code == 1 and "no codings by 'zed'" in unknown.output


def test_the_method_counts_a_double_coded_pair_once(double_coded, runner):
    """ani and budi both accept pemkot:2 × budget-constraints: one pair reviewed, not two
    codings "accepted by the researcher"."""
    from qualcode.store import Store

    result = invoke(runner, double_coded, "report", "--format", "md")
    assert result.exit_code == 0, result.output
    method = (double_coded / "reports" / "report.md").read_text(encoding="utf-8").split("## Metode")[1]
    with Store(load_config(double_coded).store_path) as store:
        counted = store.counted_coding_tuples()
    pairs = {(row[0], row[1]) for row in counted}
    decided = {(row[0], row[1]) for row in counted if row[2] != "auto"}
    assert len(decided) < sum(1 for row in counted if row[2] != "auto")  # some pair twice
    assert (f"Dihitung per pasangan segmen–kode (beberapa pengode dapat mengode pasangan yang sama), "
            f"{len(decided)} dari {len(pairs)} pasangan") in method
    assert f"{len(pairs) - len(decided)} masih berupa usulan mesin" in method


def test_resolve_points_to_the_report_of_the_settled_codings(double_coded, runner, monkeypatch):
    """By default the report counts every coder's accepted codings, the disputed ones too: the
    command names the way to report the consensus alone."""
    from qualcode.cli import review_ui

    keys = iter(["<", ">", ">", "q"])
    monkeypatch.setattr(review_ui, "stdin_is_terminal", lambda: True)
    monkeypatch.setattr(review_ui, "terminal_readers", lambda console: (lambda: next(keys), lambda prompt: ""))
    result = invoke(runner, double_coded, "agree", "resolve", "ani", "budi", "--sample", "sample")
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "next: `qualcode report --coder consensus` reports on the settled codings alone" in said
    # the sample segments a coder never opened are said first: each shows as that coder's "no"
    assert "budi has looked at" in said and "that coder's \"no\" is no decision" in said


def test_resolve_quit_early_says_what_is_left_and_without_a_terminal_nothing_left_is_fine(
        double_coded, runner, monkeypatch):
    # a report of the consensus is pointed to only once it is one; without a terminal, a resolve
    # with nothing left to ask carries the agreements and says so (it was refused)
    from qualcode.cli import review_ui

    keys = iter(["<", "q"])
    monkeypatch.setattr(review_ui, "stdin_is_terminal", lambda: True)
    monkeypatch.setattr(review_ui, "terminal_readers", lambda console: (lambda: next(keys), lambda prompt: ""))
    early = invoke(runner, double_coded, "agree", "resolve", "ani", "budi", "--sample", "sample")
    said = " ".join(early.output.split())
    assert early.exit_code == 0 and "2 segments with a disagreement left undecided" in said
    assert "qualcode report --coder consensus" not in said

    resolve(double_coded, [">", ">", "q"])
    monkeypatch.setattr(review_ui, "stdin_is_terminal", lambda: False)
    done = invoke(runner, double_coded, "agree", "resolve", "ani", "budi", "--sample", "sample")
    assert done.exit_code == 0, done.output
    assert "nothing to resolve" in done.output and "needs a terminal" not in done.output
