"""The display catalogue on a hand-built world (tests/display_fixture.py has the full table).

Every expected cell is worked out by hand in the comments; drill-down ids are resolved back to
their text.
"""

import math

import pandas as pd
import pytest

from qualcode.display.accounting import accounting_log
from qualcode.display.base import relabel
from qualcode.display.catalogue import KINDS, build, spec_class
from qualcode.display.checklist import checklist_matrix, rate
from qualcode.display.clustered import conceptually_clustered_matrix
from qualcode.display.cooccurrence import cooccurrence_matrix
from qualcode.display.matrices import CaseCodeSpec, case_by_code_matrix
from qualcode.display.role_ordered import framework_matrix, role_ordered_matrix
from qualcode.display.spec import DisplaySpecError
from qualcode.display.summary_table import prevalence_by_group, summary_table
from qualcode.display.time_ordered import NoDatesError, time_ordered_matrix
from qualcode.errors import QualcodeError
from tests.display_fixture import make_codebook, make_frames, text_of


@pytest.fixture
def world(tmp_path):
    codings, segments, cases = make_frames()
    return codings, segments, cases, make_codebook(tmp_path)


# ------------------------------------------------------------------------------ case × code
def test_case_by_dimension_counts_and_review_note(world):
    display = case_by_code_matrix(*world)
    table = display.table
    # Grouped by role: community (com-1, com-2) before government (gov-1, gov-2).
    assert list(table.index) == ["com-1", "com-2", "gov-1", "gov-2"]
    assert list(table.columns) == ["role", "budget", "tech", "barrier"]
    # gov-1 budget: g1:1, g1:2, g1:4 (subcodes rolled up); tech: g1:1, g1:3; barrier: g1:3.
    assert table.loc["gov-1", ["budget", "tech", "barrier"]].tolist() == [3, 2, 1]
    # gov-2: g2:1 on the dimension itself; g2:2 coded by two coders counts once.
    assert table.loc["gov-2", ["budget", "tech", "barrier"]].tolist() == [1, 1, 1]
    # com-1 budget: c1:1 (interviewer turn, coded by hand) and c1:2.
    assert table.loc["com-1", ["budget", "tech", "barrier"]].tolist() == [2, 1, 1]
    assert table.loc["com-2", ["budget", "tech", "barrier"]].tolist() == [0, 0, 0]
    # The document has no case, so its 2 codings are not in any cell: 15 of 17 count,
    # 10 of them suggested.
    assert (display.codings, display.unreviewed) == (15, 10)
    assert display.note_texts()[0].startswith("10 of 15 codings")
    assert display.segment_ids("gov-1", "budget") == ("g1:1", "g1:2", "g1:4")
    assert ("com-2", "budget") not in display.evidence


def test_case_by_code_depth_presence_still_works(world):
    display = case_by_code_matrix(*world, depth="code", mode="presence", group_by=None)
    # "tech" itself is coded nowhere (only its subcodes): no column of zeros beside them;
    # "budget" is, on gov-2, so it keeps its own column
    assert list(display.table.columns) == ["budget", "budget-cuts", "budget-plan", "hardware",
                                           "software", "barrier"]
    # gov-1 has budget-cuts, budget-plan, hardware, software, barrier; nothing on "budget" itself.
    assert display.table.loc["gov-1"].tolist() == [0, 1, 1, 1, 1, 1]
    assert display.table.loc["gov-2"].tolist() == [1, 0, 0, 1, 0, 1]


def test_case_by_code_density(world):
    table = case_by_code_matrix(*world, mode="density").table
    # gov-1 codable words: 7 + 7 + 6 + 4 = 24; budget segments g1:1, g1:2, g1:4 = 18 words.
    assert table.loc["gov-1", "budget"] == 0.75
    assert table.loc["gov-1", "tech"] == round(13 / 24, 4)  # g1:1 (7) + g1:3 (6)
    assert table.loc["gov-1", "barrier"] == 0.25            # g1:3 (6)
    # com-1: c1:1 is not codable, so 8 (c1:2) of 8 + 6 codable words.
    assert table.loc["com-1", "budget"] == round(8 / 14, 4)
    assert table.loc["com-2", "budget"] == 0.0


def _without_g1_1_hardware(world):
    """The world with g1:1 coded budget only, so no other cell of gov-1's row wants it."""
    codings, segments, cases, codebook = world
    shared = (codings["segment_id"] == "g1:1") & (codings["code_id"] == "hardware")
    return codings[~shared], segments, cases, codebook


def test_case_by_code_quotes_best_by_score(world):
    display = case_by_code_matrix(*_without_g1_1_hardware(world), mode="quotes", quotes=2)
    cell = display.table.loc["gov-1", "budget"].split("\n")
    # g1:2 scores 1.0 (best of its two codings), g1:1 0.9, g1:4 0.6: two quotes asked for.
    # g1 is an interview with one codable voice, the informant the row names: no speaker label
    assert cell == ["\u201cWe planned the budget but cuts came\u201d (g1:2)",
                    "\u201cBudget was cut and the servers aged\u201d (g1:1)"]
    assert display.table.loc["com-2", "budget"] == ""
    assert display.segment_ids("gov-1", "budget") == ("g1:1", "g1:2", "g1:4")


def test_case_by_code_quotes_spread_over_a_row(world):
    # g1:1 is also tech's second segment, and budget has a third: budget quotes that instead.
    table = case_by_code_matrix(*world, mode="quotes", quotes=2).table
    assert [line.split("\u201d")[0][1:] for line in table.loc["gov-1", "budget"].split("\n")] == [
        "We planned the budget but cuts came", "Cuts again this year"]
    assert "servers aged" in table.loc["gov-1", "tech"]


def test_a_quote_names_its_speaker_where_its_source_has_several(world):
    codings, segments, cases, codebook = _without_g1_1_hardware(world)
    segments = segments.copy()
    segments.loc[segments["segment_id"] == "g1:2", "speaker"] = "Bu Wati"  # a second voice in g1
    cell = case_by_code_matrix(codings, segments, cases, codebook, mode="quotes", quotes=2).table
    assert cell.loc["gov-1", "budget"].split("\n") == [
        "\u201cWe planned the budget but cuts came\u201d (g1:2, Bu Wati)",
        "\u201cBudget was cut and the servers aged\u201d (g1:1, Pak Adi)"]


def test_a_segment_is_quoted_once_even_when_coded_twice(world):
    # gov-1 budget: g1:2 (1.0 and 0.4), g1:1 (0.9), g1:4 (0.6): g1:2 must not come back for 0.4.
    cell = case_by_code_matrix(*world, mode="quotes", quotes=3).table.loc["gov-1", "budget"]
    assert [line.split("\u201d")[0][1:] for line in cell.split("\n")] == [
        "We planned the budget but cuts came", "Budget was cut and the servers aged",
        "Cuts again this year"]
    codings, segments, cases, codebook = world
    again = pd.concat([codings, codings.assign(coder="x", score=0.95)], ignore_index=True)
    cell = case_by_code_matrix(again, segments, cases, codebook, mode="quotes").table.loc["gov-1", "budget"]
    assert len(set(cell.split("\n"))) == 3


# ------------------------------------------------------------------------------ role-ordered
def test_role_ordered_matrix(world):
    codings, segments, cases, codebook = world
    display = role_ordered_matrix(*world, role_order=["government"])
    # Government first (asked for), then the rest alphabetically; informants sorted within.
    assert list(display.table.index) == ["gov-1", "gov-2", "com-1", "com-2"]
    assert list(display.table.columns) == ["role", "budget", "tech"]
    assert display.table.loc["gov-2", "budget"] == "\u201cMoney matters most\u201d (g2:1)"
    # gov-1 tech: hardware g1:1 (.5) and software g1:3 (.7): the better first.
    assert display.table.loc["gov-1", "tech"].split("\n")[0].startswith("\u201cThe software crashed")
    assert display.table.loc["com-2", "tech"] == "—"  # marked: nothing said there, not a blank
    ids = display.segment_ids("gov-1", "tech")
    assert text_of(segments, ids) == ["Budget was cut and the servers aged",
                                      "The software crashed every week here"]
    # barrier is cross-cutting, not a dimension: its 3 codings (and the document's) are out.
    assert display.codings == 12


def test_role_ordered_by_an_attribute_no_case_has_is_refused(world):
    """`role_by: sitee` (a typo) would make every row "(none)"; said, with the attributes there
    are. The default `role` may be missing (a survey has no roles): its rows are "(none)"."""
    from qualcode.display.spec import DisplaySpecError

    codings, segments, cases, codebook = world
    with pytest.raises(DisplaySpecError, match="cannot order by 'sitee'.*case attributes: case_id"):
        role_ordered_matrix(*world, role_by="sitee")
    assert len(role_ordered_matrix(codings, segments, cases.drop(columns="role"), codebook).table)


def test_role_ordered_row_quotes_a_segment_once_where_cells_have_others(world):
    # gov-1: g1:1 is coded budget (cuts) and tech (hardware); budget has two other segments,
    # tech one, so tech quotes g1:1 and budget quotes its other two.
    table = role_ordered_matrix(*world, quotes=2).table
    budget, tech = table.loc["gov-1", "budget"].split("\n"), table.loc["gov-1", "tech"].split("\n")
    assert tech == ["\u201cThe software crashed every week here\u201d (g1:3)",
                    "\u201cBudget was cut and the servers aged\u201d (g1:1)"]
    assert budget == ["\u201cWe planned the budget but cuts came\u201d (g1:2)", "\u201cCuts again this year\u201d (g1:4)"]
    # com-1: c1:2 is tech's only segment and budget has no third one: the repeat stays.
    assert "budget small" in table.loc["com-1", "budget"] and "budget small" in table.loc["com-1", "tech"]


def test_framework_matrix_summaries_are_marked(world):
    summaries = {"gov-1": {"budget": "Cuts dominate."}, ("nobody", "budget"): "stray"}
    display = framework_matrix(*world, summaries=summaries, quotes=1)
    cell = display.table.loc["gov-1", "budget"].split("\n")
    assert cell == ["Cuts dominate.", "\u201cWe planned the budget but cuts came\u201d (g1:2)"]
    assert display.marks == {("gov-1", "budget"): "summary"}
    assert any("nobody / budget is not shown" in note for note in display.note_texts())


# ------------------------------------------------------------------------------ clustered
def test_conceptually_clustered_by_case_and_by_role(world):
    display = conceptually_clustered_matrix(*world, dimension="budget")
    # g2:1 is coded on the dimension itself, so it gets a column before the subcodes.
    assert list(display.table.columns) == ["budget", "budget-cuts", "budget-plan"]
    assert list(display.table.index) == ["com-1", "com-2", "gov-1", "gov-2"]
    # gov-1 budget-cuts: g1:1 (.9), g1:4 (.6), g1:2 (.4): the best two.
    assert display.table.loc["gov-1", "budget-cuts"].split("\n") == [
        "\u201cBudget was cut and the servers aged\u201d (g1:1)",
        "\u201cCuts again this year\u201d (g1:4)"]
    assert display.segment_ids("gov-1", "budget-cuts") == ("g1:1", "g1:2", "g1:4")

    by_role = conceptually_clustered_matrix(*world, dimension="budget", rows="role")
    assert list(by_role.table.index) == ["community", "government"]
    # community budget-cuts: c1:1 (1.0) and c1:2 (.9) are both com-1: one quote per informant.
    assert by_role.table.loc["community", "budget-cuts"] == "\u201cTell me about the budget\u201d (com-1, c1:1)"
    assert by_role.segment_ids("community", "budget-cuts") == ("c1:1", "c1:2")


def test_clustered_needs_a_dimension_or_codes(world):
    with pytest.raises(DisplaySpecError, match="either a dimension or a list of codes"):
        conceptually_clustered_matrix(*world)
    chosen = conceptually_clustered_matrix(*world, codes=["hardware", "barrier"])
    assert list(chosen.table.columns) == ["hardware", "barrier"]


# ------------------------------------------------------------------------------ checklist
def test_checklist_ratings_follow_the_rule(world):
    display = checklist_matrix(*world, dimension="budget")
    cells = display.cells.set_index(["row", "column"])
    # budget-cuts × government: g1:1, g1:2, g1:4 = 3 segments from 1 of 2 informants;
    # strong needs >= 3 segments and >= ceil(0.5 * 2) = 1 informant.
    counts = ["segments", "informants", "informants_total"]
    assert cells.loc[("budget-cuts", "government"), counts].tolist() == [3, 1, 2]
    assert cells.loc[("budget-cuts", "government"), "rating"] == "strong"
    # budget-cuts × community: c1:1, c1:2 = 2 segments: sketchy.
    assert cells.loc[("budget-cuts", "community"), "rating"] == "sketchy"
    # budget-plan × government: g1:2 only: sketchy; × community: nothing: absent
    # (doc:1 is budget-plan too, but a document is no informant).
    assert cells.loc[("budget-plan", "government"), "rating"] == "sketchy"
    assert cells.loc[("budget-plan", "community"), "rating"] == "absent"
    assert display.table.loc["budget-plan", "community"] == "absent"
    # The supporting quote is the best-scored segment: g1:1 (.9).
    assert display.table.loc["budget-cuts", "government"] == (
        "strong \u2014 \u201cBudget was cut and the servers aged\u201d (gov-1, g1:1)")
    assert "1 coded segment from sources without an informant is not rated." in display.note_texts()
    assert display.segment_ids("budget-cuts", "government") == ("g1:1", "g1:2", "g1:4")


def test_checklist_overrides_are_marked(world):
    overrides = {("budget-plan", "community"): "sketchy", "budget-cuts": {"government": "strong"},
                 ("ghost", "government"): "absent"}
    display = checklist_matrix(*world, dimension="budget", overrides=overrides)
    cells = display.cells.set_index(["row", "column"])
    assert cells.loc[("budget-plan", "community"), ["computed_rating", "rating", "overridden"]].tolist() == [
        "absent", "sketchy", True]
    assert display.table.loc["budget-plan", "community"] == "sketchy\u2020 (computed: absent)"
    # An override that agrees with the rule is still the researcher's call, and marked.
    assert display.marks == {("budget-plan", "community"): "overridden",
                             ("budget-cuts", "government"): "overridden"}
    assert any("ghost / government is not used" in note for note in display.note_texts())
    with pytest.raises(DisplaySpecError, match="not one of strong, sketchy, absent"):
        checklist_matrix(*world, dimension="budget", overrides={("budget-cuts", "community"): "great"})


def test_checklist_by_case_and_the_rule_itself(world):
    display = checklist_matrix(*world, dimension="budget", columns="case")
    assert list(display.table.columns) == ["com-1", "com-2", "gov-1", "gov-2"]
    assert display.table.loc["budget-cuts", "gov-1"].startswith("strong")   # 3 segments, 1 of 1
    assert display.table.loc["budget-cuts", "com-1"].startswith("sketchy")  # 2 segments
    assert list(rate([0, 2, 3, 3], [0, 1, 1, 2], [4, 4, 4, 4])) == ["absent", "sketchy", "sketchy", "strong"]


# ------------------------------------------------------------------------------ summary table
def test_summary_table_by_role_with_denominators(world):
    display = summary_table(*world)
    table = display.table
    assert list(table.columns) == ["community", "government", "(none)", "total"]
    # budget: community c1:1, c1:2 (com-1 of com-1, com-2); government g1:1, g1:2, g1:4, g2:1;
    # (none): doc:1 (no informant, so no denominator); total 7 segments, 3 of 4 informants.
    assert table.loc["budget"].tolist() == ["2 seg / 1 of 2 inf", "4 seg / 2 of 2 inf", "1 seg",
                                            "7 seg / 3 of 4 inf"]
    # tech: c1:2 | g1:1, g1:3, g2:2 | doc:2 | 5 segments.
    assert table.loc["tech"].tolist() == ["1 seg / 1 of 2 inf", "3 seg / 2 of 2 inf", "1 seg",
                                          "5 seg / 3 of 4 inf"]
    assert table.loc["barrier"].tolist() == ["1 seg / 1 of 2 inf", "2 seg / 2 of 2 inf", "0 seg",
                                             "3 seg / 3 of 4 inf"]
    assert display.segment_ids("tech", "total") == ("c1:2", "doc:2", "g1:1", "g1:3", "g2:2")
    assert display.segment_ids("budget", "(none)") == ("doc:1",)
    assert (display.codings, display.unreviewed) == (17, 12)


def test_summary_table_by_source_type_with_numbers(world):
    display = summary_table(*world, group_by="source_type", dimension="budget", numeric=True)
    table = display.table
    assert list(table.index) == ["budget-cuts", "budget-plan"]
    # Interview informants: gov-1, gov-2, com-1 have interview segments (3); documents have none.
    assert table.loc["budget-cuts", "interview"] == "5 seg / 2 of 3 inf"  # g1:1,2,4 c1:1,2
    assert table.loc["budget-plan", "document"] == "1 seg"
    numbers = ["interview:seg", "interview:inf", "interview:inf_of"]
    assert table.loc["budget-plan", numbers].tolist() == [1, 1, 3]
    assert table.loc["budget-cuts", "total"] == "5 seg / 2 of 4 inf"


def test_prevalence_by_role(world):
    display = prevalence_by_group(*world)
    # budget: community 1 of 2 informants, government 2 of 2.
    assert display.table.loc["budget"].tolist() == [0.5, 1.0]
    assert list(display.table.columns) == ["community", "government"]


# ------------------------------------------------------------------------------ co-occurrence
def test_cooccurrence_segment_level(world):
    codings, segments, cases, codebook = world
    display = cooccurrence_matrix(*world)
    count = display.table
    # budget: g1:1, g1:2, g1:4, g2:1, c1:1, c1:2, doc:1 = 7; tech: g1:1, g1:3, g2:2, c1:2, doc:2 = 5;
    # barrier: g1:3, g2:3, c1:3 = 3. Both budget and tech: g1:1, c1:2. tech and barrier: g1:3.
    assert count.loc["budget"].tolist() == [7, 2, 0]
    assert count.loc["tech"].tolist() == [2, 5, 1]
    assert count.loc["barrier"].tolist() == [0, 1, 3]
    cells = display.cells.set_index(["row", "column"])
    # N = 12 segments (11 codable + the coded interviewer turn).
    assert cells.loc[("budget", "tech"), "jaccard"] == 0.2                 # 2 / (7 + 5 - 2)
    assert cells.loc[("budget", "tech"), "lift"] == round(2 * 12 / (7 * 5), 4)
    assert cells.loc[("tech", "barrier"), "jaccard"] == round(1 / 7, 4)
    assert cells.loc[("tech", "barrier"), "lift"] == 0.8                   # 1 * 12 / (5 * 3)
    assert ("budget", "barrier") not in cells.index                        # never together
    ids = display.segment_ids("tech", "budget")
    assert ids == ("c1:2", "g1:1") == display.segment_ids("budget", "tech")
    assert text_of(segments, ids) == ["The app is slow and the budget small",
                                      "Budget was cut and the servers aged"]
    lift = cooccurrence_matrix(*world, measure="lift").table
    assert math.isnan(lift.loc["budget", "budget"])


def test_cooccurrence_case_level(world):
    display = cooccurrence_matrix(*world, level="case", measure="jaccard")
    # gov-1, gov-2 and com-1 each raise all three; com-2 nothing; N = 4 informants.
    assert display.table.loc["budget"].tolist() == [1.0, 1.0, 1.0]
    cells = display.cells.set_index(["row", "column"])
    assert cells.loc[("budget", "barrier"), "count"] == 3
    assert cells.loc[("budget", "barrier"), "lift"] == round(3 * 4 / (3 * 3), 4)
    # Evidence: budget or barrier segments of the informants with both (not the document).
    assert display.segment_ids("budget", "barrier") == (
        "c1:1", "c1:2", "c1:3", "g1:1", "g1:2", "g1:3", "g1:4", "g2:1", "g2:3")


# ------------------------------------------------------------------------------ accounting
def test_accounting_log_marks(world):
    display = accounting_log(*world)
    table = display.table
    assert list(table.index) == ["com-1/interview", "com-2/interview", "gov-1/interview",
                                 "gov-2/interview", "(no case)/document"]
    assert list(table.columns) == ["case", "source_type", "sources", "budget", "tech"]
    # com-1: budget c1:1, c1:2 (2: ✓); tech c1:2 (1: partial).
    assert table.loc["com-1/interview", ["sources", "budget", "tech"]].tolist() == [1, "\u2713", "partial"]
    # com-2 was never interviewed: no source, both missing.
    assert table.loc["com-2/interview", ["sources", "budget", "tech"]].tolist() == [0, "missing", "missing"]
    assert table.loc["gov-1/interview", ["budget", "tech"]].tolist() == ["\u2713", "\u2713"]
    assert table.loc["gov-2/interview", ["budget", "tech"]].tolist() == ["partial", "partial"]
    assert table.loc["(no case)/document", ["budget", "tech"]].tolist() == ["partial", "partial"]
    assert display.segment_ids("gov-1/interview", "tech") == ("g1:1", "g1:3")
    stricter = accounting_log(*world, complete_min_segments=3).table
    assert stricter.loc["gov-1/interview", ["budget", "tech"]].tolist() == ["\u2713", "partial"]


def test_a_case_without_a_role_comes_last_in_every_case_display_alike(tmp_path):
    """A supervisor reads the case matrix, the role-ordered matrix and the accounting log one
    after the other: the same cases in the same order, grouped by role, the one nobody gave
    a role last (not first, where an empty value sorts)."""
    codings, segments, cases = make_frames(roles={"com-1": None})
    codebook = make_codebook(tmp_path)
    expected = ["com-2", "gov-1", "gov-2", "com-1"]
    assert list(case_by_code_matrix(codings, segments, cases, codebook).table.index) == expected
    assert list(role_ordered_matrix(codings, segments, cases, codebook, include_empty=True).table.index) == expected
    logged = [row.split("/")[0] for row in accounting_log(codings, segments, cases, codebook).table.index]
    assert logged == expected + ["(no case)"]


# ------------------------------------------------------------------------------ time-ordered
def test_time_ordered_by_month(world):
    display = time_ordered_matrix(*world)
    table = display.table
    assert list(table.columns) == ["2023-12", "2024-01", "2024-02"]
    # budget: doc:1 | g1:1, g1:2, g1:4 | g2:1, c1:1, c1:2.
    assert table.loc["budget"].tolist() == [1, 3, 3]
    assert table.loc["tech"].tolist() == [1, 2, 2]      # doc:2 | g1:1, g1:3 | g2:2, c1:2
    assert table.loc["barrier"].tolist() == [0, 1, 2]   # - | g1:3 | g2:3, c1:3
    assert display.segment_ids("budget", "2024-02") == ("c1:1", "c1:2", "g2:1")
    # a period's count follows how many sources it has: the note says so, period by period
    assert any(text.startswith("Sources with coded segments, by period: 2023-12: 1, 2024-01: 1, 2024-02: 2")
               for text in display.note_texts()), display.note_texts()
    # a source without a date is named, with the way to date it
    codings, segments, cases, codebook = world
    undated = segments.assign(date=segments["date"].where(segments["source_id"] != "c1", None))
    said = time_ordered_matrix(codings, undated, cases, codebook).note_texts()
    assert any(text.startswith("3 coded segments without a date are not shown (c1): give their files a `date:`")
               for text in said), said
    quarters = time_ordered_matrix(*world, period="quarter", rows="role").table
    assert list(quarters.columns) == ["2023-Q4", "2024-Q1"]
    assert quarters.loc["government"].tolist() == [0, 7]  # g1:1-4, g2:1-3, all coded
    assert quarters.loc["(none)"].tolist() == [2, 0]      # the document


def test_time_ordered_without_dates_is_an_error_not_an_empty_table(tmp_path):
    codings, segments, cases = make_frames(dates=False)
    codebook = make_codebook(tmp_path)
    with pytest.raises(NoDatesError, match="nothing to order by time") as raised:
        time_ordered_matrix(codings, segments, cases, codebook)
    assert isinstance(raised.value, QualcodeError)
    assert "date: YYYY-MM-DD" in str(raised.value)


def test_time_ordered_from_recording_timestamps(tmp_path):
    stamps = {"g2": ["00:01:00", "00:12:30", "25:00"]}  # 25:00 is minutes:seconds
    codings, segments, cases = make_frames(dates=False, timestamps=stamps)
    display = time_ordered_matrix(codings, segments, cases, make_codebook(tmp_path), bin_minutes=10)
    assert list(display.table.columns) == ["0\u201310 min", "10\u201320 min", "20\u201330 min"]
    assert display.table.loc["tech"].tolist() == [0, 1, 0]     # g2:2 at 12:30
    assert display.table.loc["barrier"].tolist() == [0, 0, 1]  # g2:3 at 25:00
    assert any("without a timestamp are not shown" in note for note in display.note_texts())


# ------------------------------------------------------------------------------ specs
def test_filters_and_spec_validation(world):
    government = case_by_code_matrix(*world, filter=["role=government"])
    assert list(government.table.index) == ["gov-1", "gov-2"]
    accepted = case_by_code_matrix(*world, filter={"status": "accepted"}, group_by=None)
    # Accepted only: g1:2 budget-plan, g1:3 barrier, g2:1 budget, g2:2 hardware, c1:1 budget-cuts.
    assert accepted.table.loc["gov-1", ["budget", "tech", "barrier"]].tolist() == [1, 0, 1]
    assert accepted.unreviewed == 0 and accepted.note_texts()[0].startswith("All 5 codings")
    with pytest.raises(DisplaySpecError, match="unknown display option 'colour'"):
        case_by_code_matrix(*world, colour="red")
    with pytest.raises(DisplaySpecError, match="mode 'median' is not one of"):
        case_by_code_matrix(*world, {"mode": "median"})
    with pytest.raises(DisplaySpecError, match="cannot filter on 'planet'"):
        case_by_code_matrix(*world, filter={"planet": "mars"})
    spec = CaseCodeSpec(depth="code")
    assert case_by_code_matrix(*world, spec).name == "case_by_code"


def test_catalogue_builds_every_kind_from_a_declared_entry(world):
    entries = {
        "case_by_code": {}, "role_ordered": {}, "framework": {}, "clustered": {"dimension": "tech"},
        "checklist": {"dimension": "tech"}, "summary_table": {}, "prevalence": {},
        "cooccurrence": {}, "accounting": {}, "time_ordered": {},
    }
    assert set(entries) == set(KINDS)
    for kind, entry in entries.items():
        display = build(kind, *world, {"kind": kind, **entry})
        assert not display.table.empty, kind
        assert display.notes and "codings" in display.note_texts()[0], kind
        assert spec_class(kind).__name__.endswith("Spec")
    with pytest.raises(DisplaySpecError, match="unknown display kind"):
        build("sociogram", *world)


def test_every_evidence_id_resolves_to_a_coded_segment_of_its_cell(world):
    codings, segments, cases, codebook = world
    display = case_by_code_matrix(*world, depth="code", group_by=None)
    coded = set(zip(codings["segment_id"], codings["code_id"]))
    for (row, column), ids in display.evidence.items():
        assert ids and list(ids) == sorted(ids, key=lambda i: (i.split(":")[0], int(i.split(":")[1])))
        for segment_id in ids:
            assert (segment_id, column) in coded
            assert segment_id.startswith(row.split("-")[0][0])  # gov-* -> g*, com-* -> c*
        assert display.table.loc[row, column] == len(ids)


def test_relabel_shows_labels_but_keeps_ids_for_drill_down(world):
    display = case_by_code_matrix(*world)
    labelled = relabel(display, world[3], "id")
    assert list(labelled.table.columns) == ["role", "Anggaran", "Teknologi", "Hambatan"]
    assert labelled.segment_ids("gov-1", "budget") == ("g1:1", "g1:2", "g1:4")


def test_inputs_are_not_modified(world):
    before = [frame.copy() for frame in world[:3]]
    for kind in ("case_by_code", "summary_table", "cooccurrence", "accounting", "time_ordered"):
        build(kind, *world)
    for frame, copy in zip(world[:3], before):
        pd.testing.assert_frame_equal(frame, copy)


def test_accounting_log_crosses_a_case_only_with_its_kinds_source_types(world):
    """A survey's respondent (no role, a response) is no interviewee who was never
    interviewed, nor is an interviewee a respondent who never answered: no rows of gaps for
    data that was never to be collected. com-2, never interviewed, keeps its gap."""
    codings, segments, cases, codebook = world
    answer = segments[segments["case_id"] == "com-1"].iloc[[0]].copy()
    answer[["segment_id", "source_id", "case_id", "source_type"]] = ["r-1:1", "r-1", "r-1", "response"]
    answered = pd.concat([segments, answer], ignore_index=True)
    respondent = cases.iloc[[0]].copy()
    respondent["case_id"], respondent["role"] = "r-1", None
    with_respondent = pd.concat([cases, respondent], ignore_index=True)
    rows = list(accounting_log(codings, answered, with_respondent, codebook).table.index)
    assert "r-1/response" in rows and "r-1/interview" not in rows
    assert not [row for row in rows if row.endswith("/response") and row != "r-1/response"]
    assert "com-2/interview" in rows
