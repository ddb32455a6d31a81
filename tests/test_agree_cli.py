"""Double coding from the CLI: reproducible samples, blind sample review, the agreement table."""

import json

from qualcode.project import load_config
from qualcode.workflow import review_session
from tests.test_cli import invoke
from tests.test_coding_commands import coded_project, drive  # noqa: F401 - fixture


def test_sample_is_reproducible(coded_project, runner):  # noqa: F811
    first = invoke(runner, coded_project, "code", "sample", "--fraction", "0.5", "--seed", "3")
    assert first.exit_code == 0, first.output
    session = review_session(load_config(coded_project), coder="x", sample="sample")
    drawn = list(session.queue)
    session.close()
    assert sorted(first.stdout.split()) == sorted(drawn)  # the drawn ids, one a line, for a coder's list
    invoke(runner, coded_project, "code", "sample", "--fraction", "0.5", "--seed", "3")
    session = review_session(load_config(coded_project), coder="x", sample="sample")
    assert session.queue == drawn and len(drawn) >= 2
    session.close()
    assert invoke(runner, coded_project, "code", "sample", "--fraction", "0", "--seed", "3").exit_code == 1


def test_sample_review_visits_every_segment_blind(coded_project, runner):  # noqa: F811
    invoke(runner, coded_project, "code", "sample", "--fraction", "1", "--seed", "1")
    session = review_session(load_config(coded_project), coder="ani", sample="sample")
    everything = list(session.queue)
    session.close()
    drive(coded_project, ["a", "r", "q"], coder="ani")  # default queue: suggestion-bearing segments
    session = review_session(load_config(coded_project), coder="ani", sample="sample")
    assert len(session.queue) == len(everything) - 2
    session.close()
    session = review_session(load_config(coded_project), coder="budi", sample="sample")
    assert session.queue == everything  # ani's work is invisible to budi
    session.close()


def test_one_decision_outside_the_review_keeps_a_sample_segment_in_the_queue(coded_project, runner):  # noqa: F811
    """A `code remove` (or `code add`) on a sampled segment is no visit: its other suggestions,
    which agreement would count as not coded, still wait for the coder."""
    invoke(runner, coded_project, "code", "sample", "--fraction", "1", "--seed", "1")
    session = review_session(load_config(coded_project), coder="ani", sample="sample")
    everything = list(session.queue)
    session.close()
    assert "pemkot:2" in everything
    assert invoke(runner, coded_project, "code", "remove", "pemkot", "--segment", "2",
                  "--code", "budget-constraints", "--coder", "ani").exit_code == 0
    session = review_session(load_config(coded_project), coder="ani", sample="sample")
    assert session.queue == everything
    session.close()
    drive(coded_project, ["a", "q"], coder="ani")  # deciding the rest visits it
    session = review_session(load_config(coded_project), coder="ani", sample="sample")
    assert session.queue == everything[1:]
    session.close()


def test_agreement_table_and_disagreements(coded_project, runner):  # noqa: F811
    invoke(runner, coded_project, "code", "sample", "--fraction", "1", "--seed", "1")
    for coder, code, segment in [("ani", "budget-constraints", "2"), ("budi", "budget-constraints", "2"),
                                 ("ani", "complaint-channels", "5")]:
        assert invoke(runner, coded_project, "code", "add", "pemkot", "--segment", segment,
                      "--code", code, "--coder", coder).exit_code == 0
    result = invoke(runner, coded_project, "agree", "ani", "budi", "--sample", "sample", "--format", "json")
    assert result.exit_code == 0, result.output
    table = {row["code"]: row for row in json.loads(result.stdout)}
    codable = table["budget-constraints"]["n_units"]
    assert table["budget-constraints"]["percent"] == 1.0
    assert table["complaint-channels"]["percent"] == round((codable - 1) / codable, 3)
    assert table["ALL"]["n_units"] == 2 * codable
    listed = json.loads(invoke(runner, coded_project, "agree", "ani", "budi", "--sample", "sample",
                               "--disagreements", "--format", "json").stdout)
    assert [(d["segment_id"], d["code_id"], d["coded_by"]) for d in listed] == [
        ("pemkot:5", "complaint-channels", "ani")]


def test_agreement_errors_are_one_line(coded_project, runner):  # noqa: F811
    assert "at least two coders" in invoke(runner, coded_project, "agree", "ani").output
    unknown = invoke(runner, coded_project, "agree", "ani", "zed")
    assert unknown.exit_code == 1 and "no codings by ani, zed" in unknown.output
    bad_unit = invoke(runner, coded_project, "agree", "auto", "auto", "--unit", "page")
    assert bad_unit.exit_code == 1 and "unknown unit" in bad_unit.output


def test_without_a_sample_only_segments_both_coders_looked_at_count(coded_project, runner):  # noqa: F811
    for coder, segment in [("ani", "2"), ("budi", "2"), ("ani", "5")]:
        assert invoke(runner, coded_project, "code", "add", "pemkot", "--segment", segment,
                      "--code", "budget-constraints", "--coder", coder).exit_code == 0
    table = {r["code"]: r for r in json.loads(
        invoke(runner, coded_project, "agree", "ani", "budi", "--format", "json").stdout)}
    assert table["budget-constraints"]["n_units"] == 1  # pemkot:2; pemkot:5 only ani opened
    assert table["budget-constraints"]["percent"] == 1.0


def test_without_a_sample_and_nothing_seen_by_both_the_comparison_is_refused(coded_project, runner):  # noqa: F811
    invoke(runner, coded_project, "code", "add", "pemkot", "--segment", "2", "--code", "budget-constraints",
           "--coder", "ani")
    invoke(runner, coded_project, "code", "add", "pemkot", "--segment", "5", "--code", "budget-constraints",
           "--coder", "budi")
    result = invoke(runner, coded_project, "agree", "ani", "budi")
    assert result.exit_code == 1 and "no segment was seen by ani and budi" in result.output, result.output


def test_character_unit_with_a_sample_counts_only_the_sampled_text(coded_project, runner):  # noqa: F811
    from qualcode.store import Store

    invoke(runner, coded_project, "code", "sample", "--fraction", "0.5", "--seed", "2")
    for coder in ("ani", "budi"):
        assert invoke(runner, coded_project, "code", "add", "pemkot", "--segment", "2",
                      "--code", "budget-constraints", "--coder", coder).exit_code == 0
    result = invoke(runner, coded_project, "agree", "ani", "budi", "--unit", "character",
                    "--sample", "sample", "--format", "json")
    assert result.exit_code == 0, result.output
    table = {row["code"]: row for row in json.loads(result.stdout)}
    with Store(coded_project / ".qualcode" / "project.db") as store:
        sampled = set(store.sample("sample"))
        characters = sum(len(s.text) for source in store.sources() for s in source.segments
                         if s.id in sampled)
    assert table["budget-constraints"]["n_units"] == characters  # not the whole sources' length


def test_a_sample_segment_a_coder_never_looked_at_is_said_and_can_be_left_out(coded_project, runner):  # noqa: F811
    """A sample is meant to be coded in full: the segments a coder never looked at count as
    coded with nothing, and the command says how many there are; `--seen-only` leaves them out."""
    invoke(runner, coded_project, "code", "sample", "--fraction", "1", "--seed", "1")
    for coder, segment in [("ani", "2"), ("budi", "2"), ("ani", "5")]:
        assert invoke(runner, coded_project, "code", "add", "pemkot", "--segment", segment,
                      "--code", "budget-constraints", "--coder", coder).exit_code == 0
    result = invoke(runner, coded_project, "agree", "ani", "budi", "--sample", "sample", "--format", "json")
    assert result.exit_code == 0, result.output
    said = " ".join(result.stderr.split())
    sampled = json.loads(result.stdout)[0]["n_units"]
    assert f"ani has looked at 2 of the {sampled} segments of sample 'sample'" in said
    assert f"budi has looked at 1 of the {sampled} segments" in said
    assert "the others count as coded with nothing by that coder" in said and "--seen-only" in said
    # and the report's method says it beside the figures a thesis quotes
    assert invoke(runner, coded_project, "report", "--format", "md", "--lang", "en").exit_code == 0
    method = " ".join((coded_project / "reports" / "report.md").read_text(encoding="utf-8").split())
    assert (f"budi had not looked at {sampled - 1} of the {sampled} sample segments, which count as coded "
            "with nothing by them and lower these figures.") in method
    seen = invoke(runner, coded_project, "agree", "ani", "budi", "--sample", "sample", "--seen-only",
                  "--format", "json")
    table = {row["code"]: row for row in json.loads(seen.stdout)}
    assert table["budget-constraints"]["n_units"] == 1 and table["budget-constraints"]["percent"] == 1.0
    assert "only the segments every coder looked at are compared" in " ".join(seen.stderr.split())
    alone = invoke(runner, coded_project, "agree", "ani", "budi", "--seen-only")
    assert alone.exit_code == 1 and "--seen-only goes with --sample" in alone.output
