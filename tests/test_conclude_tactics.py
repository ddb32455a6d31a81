"""Tactics for generating meaning on hand-built evidence: contrasts, relations, clustering.
Every expected figure is worked out by hand in the test."""

import math

import pandas as pd
import pytest

from qualcode.codebook import load_codebook
from qualcode.conclude.clustering import (CLUSTER_CUT_DISTANCE, pattern_candidates,
                                          pattern_code_entry)
from qualcode.conclude.contrasts import CONTRAST_THRESHOLD, contrast_record, contrasts
from qualcode.conclude.relations import relation_record, relations
from qualcode.errors import QualcodeError

CODEBOOK = """\
name: T
framework: {name: T, dimensions: [budget, tech], cross_cutting: [obstacle]}
codes:
  - {id: budget, kind: dimension, label: {id: Anggaran, en: Budget}, definition: x}
  - {id: cuts, kind: subcode, parent: budget, polarity: negative, label: {id: Potong, en: Cuts}, definition: x}
  - {id: tech, kind: dimension, label: {id: Teknologi, en: Technology}, definition: x}
  - {id: obstacle, kind: factor, label: {id: Hambatan, en: Obstacle}, definition: x}
"""


def load(tmp_path, text=CODEBOOK):
    path = tmp_path / "cb.yaml"
    path.write_text(text, encoding="utf-8")
    return load_codebook(path)


def evidence(codebook, pairs):
    """pairs: (case, code); each becomes one segment `case:code` from the case's interview."""
    frame = pd.DataFrame([(f"{case}:{code}", code, case) for case, code in pairs],
                         columns=["segment_id", "code_id", "case_id"])
    known = codebook.by_id()
    frame["dimension"] = [codebook.top_level(c) if c in known else c for c in frame["code_id"]]
    frame["source_id"] = frame["case_id"]
    frame["source_type"] = "interview"
    return frame


def cases(rows, columns=("case_id", "role")):
    return pd.DataFrame(rows, columns=list(columns))


# ------------------------------------------------------------------------------ contrasts
ROLES = [("g1", "government"), ("g2", "government"), ("g3", "government"),
         ("c1", "community"), ("c2", "community"), ("a1", "academic"), ("x1", None)]


def test_contrasts_give_k_of_n_per_group_and_flag_large_differences(tmp_path):
    codebook = load(tmp_path)
    pairs = [("g1", "budget"), ("g2", "budget"), ("g3", "cuts"), ("a1", "budget"),  # cuts rolls up
             ("g1", "tech"), ("c1", "tech"), ("c2", "tech"),
             ("g1", "obstacle"), ("g2", "obstacle"), ("c1", "obstacle"), ("x1", "obstacle")]
    budget, tech, obstacle = contrasts(evidence(codebook, pairs), cases(ROLES), codebook)

    shares = {g.group: (g.cases_with, g.cases_total) for g in budget.groups}
    assert shares == {"academic": (1, 1), "community": (0, 2), "government": (3, 3)}
    assert [g.group for g in budget.groups] == ["academic", "community", "government"]
    # government 3/3 = 1.0 against community 0/2 = 0.0; academic (n = 1) is too thin to compare
    assert [g.too_thin for g in budget.groups] == [True, False, False]
    assert len(budget.differences) == 1
    assert (budget.largest.higher, budget.largest.lower, budget.largest.difference) == (
        "government", "community", 1.0)
    assert budget.flagged and budget.unassigned == 1  # x1 has no role
    assert budget.groups[2].evidence == ("g1:budget", "g2:budget", "g3:cuts")

    # tech: community 2/2 = 1.0, government 1/3 = 0.33 -> 0.67 > 0.5
    assert (tech.largest.higher, tech.largest.difference, tech.flagged) == ("community", 0.67, True)
    # obstacle: government 2/3 = 0.67, community 1/2 = 0.5 -> 0.17; x1's coding counts nowhere
    assert (obstacle.largest.higher, obstacle.largest.difference, obstacle.flagged) == (
        "government", 0.17, False)
    assert "x1:obstacle" not in obstacle.evidence


def test_a_difference_of_exactly_the_threshold_is_not_flagged(tmp_path):
    codebook = load(tmp_path)
    rows = [("p1", "private"), ("p2", "private"), ("q1", "public"), ("q2", "public")]
    # budget: private 1/2, public 0/2 -> 0.5 (one informant's swing); tech: 2/2 vs 0/2 -> 1.0
    pairs = [("p1", "budget"), ("p1", "tech"), ("p2", "tech")]
    budget, tech, obstacle = contrasts(evidence(codebook, pairs), cases(rows), codebook)
    assert CONTRAST_THRESHOLD == 0.5
    assert (budget.largest.difference, budget.flagged) == (0.5, False)
    assert (tech.largest.difference, tech.flagged) == (1.0, True)
    assert (obstacle.largest.difference, obstacle.flagged) == (0.0, False)


def test_one_informant_only_is_too_thin_to_contrast(tmp_path):
    codebook = load(tmp_path)
    [budget, *_] = contrasts(evidence(codebook, [("g1", "budget")]), cases([("g1", "government")]), codebook)
    [group] = budget.groups
    assert (group.cases_with, group.cases_total, group.too_thin) == (1, 1, True)
    assert budget.differences == () and budget.largest is None and not budget.flagged


def test_contrasts_by_any_attribute_and_at_code_depth(tmp_path):
    codebook = load(tmp_path)
    table = cases([("g1", "north"), ("g2", "south"), ("c1", "north"), ("c2", "south")], ("case_id", "site"))
    pairs = [("g1", "cuts"), ("c1", "cuts"), ("g2", "budget")]
    by_code = {c.code_id: c for c in contrasts(evidence(codebook, pairs), table, codebook, by="site",
                                               depth="code")}
    assert list(by_code) == ["budget", "cuts", "tech", "obstacle"]
    # budget collects its subcode: north 2/2, south 1/2; cuts alone: north 2/2, south 0/2
    assert [(g.group, g.cases_with) for g in by_code["budget"].groups] == [("north", 2), ("south", 1)]
    assert (by_code["cuts"].largest.higher, by_code["cuts"].largest.difference) == ("north", 1.0)
    record = contrast_record(by_code["cuts"])
    assert record["groups"][0] == {"group": "north", "cases_with": 2, "cases_total": 2, "share": 1.0,
                                   "too_thin": False, "cases": ["c1", "g1"],
                                   "evidence": ["c1:cuts", "g1:cuts"]}
    with pytest.raises(QualcodeError, match="no case attribute 'role'; cases have: site"):
        contrasts(evidence(codebook, pairs), table, codebook)
    # a table's column name, typed with its capitals, is its attribute
    typed = contrasts(evidence(codebook, pairs), table, codebook, by="Site", depth="code")
    assert [(g.group, g.cases_with) for g in typed[1].groups] == [(g.group, g.cases_with)
                                                                   for g in by_code["cuts"].groups]


# ------------------------------------------------------------------------------ relations
SIX = cases([(f"c{i}", "x") for i in range(1, 7)])


def relation_fixture(tmp_path):
    codebook = load(tmp_path)
    # budget in c1-c4, tech in c1-c3 and c5, obstacle in c6 only, cuts in every case
    pairs = ([(f"c{i}", "budget") for i in (1, 2, 3, 4)] + [(f"c{i}", "tech") for i in (1, 2, 3, 5)]
             + [("c6", "obstacle")] + [(f"c{i}", "cuts") for i in range(1, 7)])
    found = relations(evidence(codebook, pairs), SIX)
    return {(r.code_a, r.code_b): r for r in found}, found


def test_lift_and_phi_worked_out_by_hand(tmp_path):
    pairs, _ = relation_fixture(tmp_path)
    budget_tech = pairs[("budget", "tech")]
    # N = 6; |budget| = 4, |tech| = 4; both = 3 (c1-c3), only budget c4, only tech c5, neither c6
    assert (budget_tech.both, budget_tech.only_a, budget_tech.only_b, budget_tech.neither) == (3, 1, 1, 1)
    assert budget_tech.cases_total == 6
    assert budget_tech.lift == pytest.approx(3 * 6 / (4 * 4))                          # 1.125
    assert budget_tech.phi == pytest.approx((3 * 1 - 1 * 1) / math.sqrt(4 * 2 * 4 * 2))  # 0.25
    assert budget_tech.case_ids == ("c1", "c2", "c3")
    assert budget_tech.evidence == ("c1:budget", "c1:tech", "c2:budget", "c2:tech", "c3:budget", "c3:tech")


def test_a_pair_with_no_cooccurrence(tmp_path):
    pairs, _ = relation_fixture(tmp_path)
    budget_obstacle = pairs[("budget", "obstacle")]
    # budget c1-c4, obstacle c6: both 0, only budget 4, only obstacle 1, neither 1 (c5)
    assert (budget_obstacle.both, budget_obstacle.only_a, budget_obstacle.only_b,
            budget_obstacle.neither) == (0, 4, 1, 1)
    assert budget_obstacle.lift == 0.0
    assert budget_obstacle.phi == pytest.approx(round(-4 / math.sqrt(4 * 2 * 1 * 5), 4))  # -0.6325
    assert budget_obstacle.evidence == () and budget_obstacle.case_ids == ()


def test_phi_is_none_when_a_code_is_in_every_case(tmp_path):
    pairs, found = relation_fixture(tmp_path)
    budget_cuts = pairs[("budget", "cuts")]
    # cuts is in all 6 cases: its "absent" margin is 0, so phi is undefined; lift = 4*6/(4*6) = 1
    assert budget_cuts.phi is None and budget_cuts.lift == 1.0
    assert (budget_cuts.both, budget_cuts.only_b, budget_cuts.neither) == (4, 2, 0)
    # strongest phi first, the undefined ones last; six pairs of four codes
    assert len(found) == 6 and found[0].phi == max(r.phi for r in found if r.phi is not None)
    assert all(r.phi is None for r in found[-3:])
    assert relation_record(budget_cuts)["phi"] is None


def test_relations_with_one_informant_only(tmp_path):
    codebook = load(tmp_path)
    [only] = relations(evidence(codebook, [("g1", "budget"), ("g1", "tech")]), cases([("g1", "government")]))
    assert (only.both, only.only_a, only.only_b, only.neither, only.lift, only.phi) == (1, 0, 0, 0, 1.0, None)
    assert relations(evidence(codebook, [("g1", "budget")]), cases([("g1", "government")])) == []


# ------------------------------------------------------------------------------ clustering
PATTERN_CODEBOOK = """\
name: P
framework: {name: P, dimensions: [p, s]}
codes:
  - {id: p, kind: dimension, label: {id: P, en: P}, definition: x}
  - {id: q, kind: subcode, parent: p, label: {id: Q id, en: Q en}, definition: x}
  - {id: r, kind: subcode, parent: p, label: {id: R, en: R}, definition: x}
  - {id: s, kind: dimension, label: {id: S, en: S}, definition: x}
  - {id: t, kind: subcode, parent: s, label: {id: T, en: T}, definition: x}
  - {id: u, kind: factor, label: {id: U, en: U}, definition: x}
  - {id: v, kind: factor, label: {id: V, en: V}, definition: x}
"""
CLUSTERED = ([(f"c{i}", "p") for i in (1, 2, 3)] + [(f"c{i}", "q") for i in (1, 2, 3)]
             + [(f"c{i}", "r") for i in (1, 2, 3, 4)] + [(f"c{i}", "s") for i in (4, 5, 6)]
             + [(f"c{i}", "t") for i in (5, 6)] + [(f"c{i}", "u") for i in range(1, 7)] + [("c6", "v")])


def test_pattern_candidates_cut_the_complete_linkage_tree(tmp_path):
    codebook = load(tmp_path, PATTERN_CODEBOOK)
    first, second = pattern_candidates(evidence(codebook, CLUSTERED), SIX, codebook)
    # Jaccard: p-q 3/3 = 1, p-r = q-r = 3/4; s-t 2/3; r-s 1/6, p-s 0: two clusters under
    # distance 0.5. u (every case) and v (one case) take no part.
    assert CLUSTER_CUT_DISTANCE == 0.5
    assert (first.number, first.members) == (1, ("p", "q", "r"))
    assert first.cohesion == round((1 + 0.75 + 0.75) / 3, 2) and first.lowest_jaccard == 0.75
    assert first.case_ids == ("c1", "c2", "c3")  # c4 raises only r: one of three members
    assert (second.number, second.members, second.cohesion) == (2, ("s", "t"), 0.67)
    assert second.case_ids == ("c5", "c6") and second.cases_total == 6  # c4 has s but not t
    assert second.evidence == ("c5:s", "c5:t", "c6:s", "c6:t")
    assert first.accepted_as is None


def test_accepted_patterns_are_marked_and_the_entry_names_its_members(tmp_path):
    codebook = load(tmp_path, PATTERN_CODEBOOK)
    first, _ = pattern_candidates(evidence(codebook, CLUSTERED), SIX, codebook)
    entry = pattern_code_entry(first, "pqr", "PQR", codebook,
                               {"en": "Subsumes {members}.", "id": "Merangkum {members}."})
    assert entry["kind"] == "theme" and entry["members"] == ["p", "q", "r"]
    assert entry["definition"] == {"en": "Subsumes P (p), Q en (q), R (r).",
                                   "id": "Merangkum P (p), Q id (q), R (r)."}
    accepted = load(tmp_path, PATTERN_CODEBOOK + "  - {id: pqr, kind: theme, label: PQR, definition: x, "
                                                 "members: [r, q, p]}\n")
    first, second = pattern_candidates(evidence(accepted, CLUSTERED), SIX, accepted)
    assert (first.accepted_as, second.accepted_as) == ("pqr", None)


def test_no_candidates_with_one_informant_or_no_shared_cases(tmp_path):
    codebook = load(tmp_path, PATTERN_CODEBOOK)
    one = evidence(codebook, [("c1", "p"), ("c1", "q")])
    assert pattern_candidates(one, cases([("c1", "x")]), codebook) == []
    apart = evidence(codebook, [("c1", "p"), ("c2", "p"), ("c3", "q"), ("c4", "q")])
    assert pattern_candidates(apart, SIX, codebook) == []  # Jaccard 0: never together


def test_no_codings_at_all(tmp_path):
    codebook = load(tmp_path)
    nothing = evidence(codebook, [])
    budget, *_ = contrasts(nothing, cases(ROLES), codebook, depth="code")
    assert [(g.group, g.cases_with, g.cases_total) for g in budget.groups] == [
        ("academic", 0, 1), ("community", 0, 2), ("government", 0, 3)]
    assert (budget.largest.difference, budget.flagged) == (0.0, False)
    assert relations(nothing, cases(ROLES)) == []
    assert pattern_candidates(nothing, cases(ROLES), codebook) == []


def test_pair_and_group_evidence_is_the_plain_definition_in_reading_order(tmp_path):
    """A survey's numbered rows, a row coded twice with one code, and a row in no case: a
    pair's evidence is every segment coded A or B in the cases with both, a group's every
    segment behind its k, each distinct and in reading order (row-2 before row-10)."""
    from qualcode.conclude.evidence import segment_order

    codebook = load(tmp_path)
    rows = [("s-row-10:1", "budget", "r10"), ("s-row-10:1", "budget", "r10"), ("s-row-10:2", "tech", "r10"),
            ("s-row-2:1", "tech", "r2"), ("s-row-2:3", "budget", "r2"), ("s-row-2:2", "obstacle", "r2"),
            ("s-row-9:1", "budget", "r9"), ("s-row-11:1", "tech", None), ("s-row-1:1", "budget", "r1")]
    frame = pd.DataFrame(rows, columns=["segment_id", "code_id", "case_id"])
    frame["dimension"] = frame["code_id"]
    frame["source_id"], frame["source_type"] = frame["segment_id"].str.split(":").str[0], "response"
    people = cases([("r10", "a"), ("r2", "a"), ("r9", "b"), ("r1", "b")])

    pairs = {(r.code_a, r.code_b): r for r in relations(frame, people)}
    for (a, b), found in pairs.items():
        has = {code: set(frame.loc[frame["code_id"] == code, "case_id"].dropna()) for code in (a, b)}
        both = has[a] & has[b]
        plain = frame[frame["code_id"].isin([a, b]) & frame["case_id"].isin(both)]["segment_id"]
        assert found.evidence == segment_order(plain), (a, b)
    assert pairs[("budget", "tech")].case_ids == ("r2", "r10")
    assert pairs[("budget", "tech")].evidence == ("s-row-2:1", "s-row-2:3", "s-row-10:1", "s-row-10:2")

    budget = next(c for c in contrasts(frame, people, codebook) if c.code_id == "budget")
    shares = {share.group: share for share in budget.groups}
    assert shares["a"].case_ids == ("r2", "r10")
    assert shares["a"].evidence == ("s-row-2:3", "s-row-10:1")
    assert shares["b"].evidence == ("s-row-1:1", "s-row-9:1")


def test_reading_order_reads_a_sources_numbers_as_numbers():
    """A survey's rows: survei-row-2's segments before survei-row-10's, as a reader counts."""
    from qualcode.conclude.evidence import ReadingOrder, segment_order

    ids = ["survei-row-10:1", "survei-row-2:10", "survei-row-2:2", "survei-row-9:1", "wawancara:1", "memo"]
    expected = ("memo", "survei-row-2:2", "survei-row-2:10", "survei-row-9:1", "survei-row-10:1", "wawancara:1")
    assert segment_order(ids) == expected
    assert ReadingOrder(ids)(reversed(ids)) == expected
