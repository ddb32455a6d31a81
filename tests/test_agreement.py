"""Inter-coder agreement: published reference values (METHOD.md section 4), properties
checked against the PyPI `krippendorff` package and scikit-learn, and the DataFrame units."""

from __future__ import annotations

import math
import warnings

import krippendorff
import numpy as np
import pandas as pd
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from qualcode.condense.agreement import (alpha_from_coincidences, brennan_prediger, cohen_kappa,
                                         coincidence_matrix, kappa_from_table, krippendorff_alpha,
                                         krippendorff_band, landis_koch_band, nvivo_kappa,
                                         nvivo_percent, percent_agreement)
from qualcode.condense.agreement_units import (agreement_table, character_units, disagreements,
                                               document_units, match_spans, segment_units,
                                               seen_sources)

N = np.nan

# Krippendorff (2011) section C: 4 observers x 12 units.
K2011 = [[1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
         [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
         [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
         [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N]]
# Section A: 2 observers x 10 binary units.
SECTION_A = ([0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0])
WIKIPEDIA = [[N, N, N, N, N, 3, 4, 1, 2, 1, 1, 3, 3, N, 3],
             [1, N, 2, 1, 3, 3, 4, 3, N, N, N, N, N, N, N],
             [N, N, 2, 1, 3, 4, 4, N, 2, 1, 1, 3, 3, N, 4]]


def table_to_vectors(table):
    """Expand a 2x2 confusion table (rows A, columns B) into two label vectors."""
    a, b = [], []
    for i, row in enumerate(table):
        for j, count in enumerate(row):
            a += [i] * count
            b += [j] * count
    return a, b


# --- published reference values -------------------------------------------------------

@pytest.mark.parametrize("level, expected", [("nominal", 0.743), ("ordinal", 0.815),
                                             ("interval", 0.849), ("ratio", 0.797)])
def test_krippendorff_2011_alphas(level, expected):
    assert round(krippendorff_alpha(K2011, level), 3) == expected


def test_krippendorff_2011_coincidence_matrix_and_marginals():
    values, o = coincidence_matrix(K2011)
    third = 1 / 3
    expected = [[7, 4 * third, third, third, 0], [4 * third, 10, 4 * third, third, 0],
                [third, 4 * third, 8, third, 0], [third, third, third, 4, 0], [0, 0, 0, 0, 3]]
    assert values.tolist() == [1, 2, 3, 4, 5]
    np.testing.assert_allclose(o, expected, atol=1e-12)
    np.testing.assert_allclose(o.sum(axis=0), [9, 13, 10, 5, 3])
    assert o.sum() == pytest.approx(40)  # unit 12 (a lone value) is not pairable
    assert round(1 - 312 / 1216, 3) == round(alpha_from_coincidences(values, o), 3)


def test_section_a_binary_example():
    a, b = SECTION_A
    assert round(krippendorff_alpha([a, b]), 3) == 0.095
    assert percent_agreement([a, b]) == pytest.approx(0.60)
    assert round(cohen_kappa(a, b), 4) == 0.0909


def test_wikipedia_three_coder_example():
    assert round(krippendorff_alpha(WIKIPEDIA, "nominal"), 3) == 0.691
    assert round(krippendorff_alpha(WIKIPEDIA, "interval"), 3) == 0.811


@pytest.mark.parametrize("table, expected", [([[20, 5], [10, 15]], 0.40),
                                             ([[45, 15], [25, 15]], 0.1304),
                                             ([[25, 35], [5, 35]], 0.2593)])
def test_cohen_kappa_wikipedia_examples(table, expected):
    assert round(kappa_from_table(table), 4) == expected
    assert round(cohen_kappa(*table_to_vectors(table)), 4) == expected


def test_nvivo_character_example():
    # 1000 characters: 50 coded by both, 100 by A only, 50 by B only, 800 by neither.
    assert nvivo_percent(50, 100, 50, 800) == pytest.approx(0.85)
    assert round(nvivo_kappa(50, 100, 50, 800), 4) == 0.3182
    # NVivo's kappa is Cohen's kappa on the 2x2 character table.
    assert nvivo_kappa(50, 100, 50, 800) == pytest.approx(kappa_from_table([[50, 100], [50, 800]]))


def test_nvivo_functions_vectorise():
    kappa = nvivo_kappa([50, 0], [100, 0], [50, 0], [800, 10])
    assert round(kappa[0], 4) == 0.3182 and math.isnan(kappa[1])


def test_brennan_prediger():
    assert brennan_prediger(0.8, 5) == pytest.approx(0.75)
    assert brennan_prediger(0.8, 2) == pytest.approx(0.6)
    assert math.isnan(brennan_prediger(float("nan"), 2))
    with pytest.raises(ValueError):
        brennan_prediger(0.8, 1)
    with pytest.raises(ValueError):
        brennan_prediger(1.2, 2)


# --- degenerate cases: NaN by explicit check, never a silent division by zero ----------

@pytest.mark.filterwarnings("error")
def test_nobody_codes_anything():
    assert percent_agreement([[0, 0, 0], [0, 0, 0]]) == 1.0
    assert math.isnan(cohen_kappa([0, 0, 0], [0, 0, 0]))
    assert math.isnan(krippendorff_alpha([[0, 0, 0], [0, 0, 0]]))
    assert nvivo_percent(0, 0, 0, 1000) == 1.0
    assert math.isnan(nvivo_kappa(0, 0, 0, 1000))
    assert math.isnan(nvivo_kappa(0, 0, 0, 0)) and math.isnan(nvivo_percent(0, 0, 0, 0))


@pytest.mark.filterwarnings("error")
def test_nothing_pairable_or_empty():
    assert math.isnan(krippendorff_alpha([[1, N, 2], [N, 3, N]]))
    assert math.isnan(percent_agreement([[1, N], [N, 2]]))
    values, o = coincidence_matrix([[1, N], [N, 2]])
    assert values.size == 0 and o.shape == (0, 0)
    assert math.isnan(cohen_kappa([], []))
    assert math.isnan(kappa_from_table([[0, 0], [0, 0]]))


def test_invalid_inputs_raise():
    with pytest.raises(ValueError):
        krippendorff_alpha(K2011, "cardinal")
    with pytest.raises(ValueError):
        krippendorff_alpha([1, 2, 3])
    with pytest.raises(ValueError):
        krippendorff_alpha([[-1, 1], [1, 1]], "ratio")
    with pytest.raises(ValueError):
        cohen_kappa([1, 2], [1])
    with pytest.raises(ValueError):
        cohen_kappa(["a", None], ["a", "b"])
    with pytest.raises(ValueError):
        nvivo_kappa(-1, 0, 0, 10)


def test_cohen_kappa_accepts_string_labels():
    assert cohen_kappa(["yes", "no", "yes"], ["yes", "no", "no"]) == pytest.approx(
        cohen_kappa([1, 0, 1], [1, 0, 0]))


# --- bands -------------------------------------------------------------------------------

@pytest.mark.parametrize("kappa, band", [(-0.01, "poor (<0)"), (0.0, "slight"), (0.20, "slight"),
                                         (0.21, "fair"), (0.40, "fair"), (0.55, "moderate"),
                                         (0.60, "moderate"), (0.80, "substantial"),
                                         (0.81, "almost perfect"), (1.0, "almost perfect"),
                                         (float("nan"), "undefined"), (None, "undefined")])
def test_landis_koch_band(kappa, band):
    assert landis_koch_band(kappa) == band


@pytest.mark.parametrize("alpha, band", [(-0.3, "unacceptable (<0.667)"), (0.666, "unacceptable (<0.667)"),
                                         (0.667, "tentative (0.667–0.800)"),
                                         (0.7999, "tentative (0.667–0.800)"),
                                         (0.800, "acceptable (≥0.800)"), (1.0, "acceptable (≥0.800)"),
                                         (np.float64("nan"), "undefined"), (None, "undefined")])
def test_krippendorff_band(alpha, band):
    assert krippendorff_band(alpha) == band


# --- properties against the reference implementations -----------------------------------

@st.composite
def reliability_data(draw):
    coders = draw(st.integers(2, 5))
    units = draw(st.integers(1, 12))
    cell = st.one_of(st.none(), st.integers(0, 5))
    rows = draw(st.lists(st.lists(cell, min_size=units, max_size=units), min_size=coders, max_size=coders))
    return np.array([[N if v is None else float(v) for v in row] for row in rows])


@settings(max_examples=60, deadline=None)
@given(data=reliability_data(), level=st.sampled_from(["nominal", "ordinal", "interval", "ratio"]))
def test_alpha_matches_pypi_krippendorff(data, level):
    ours = krippendorff_alpha(data, level)
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            reference = float(krippendorff.alpha(reliability_data=data, level_of_measurement=level))
    except ValueError:  # the reference refuses: a single value, or no pairable unit
        event("reference refused")
        assert math.isnan(ours)
        return
    if not math.isfinite(reference):  # 0/0 in the reference: no variation among pairable values
        event("reference undefined")
        assert math.isnan(ours)
        return
    event("compared")
    assert ours == pytest.approx(reference, abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(pairs=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), min_size=1, max_size=30))
def test_cohen_kappa_matches_sklearn(pairs):
    a, b = (list(x) for x in zip(*pairs))
    ours = cohen_kappa(a, b)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        reference = float(cohen_kappa_score(a, b))
    if math.isnan(reference):
        assert math.isnan(ours)
    else:
        assert ours == pytest.approx(reference, abs=1e-9)
    assert percent_agreement([a, b]) == pytest.approx(np.mean(np.array(a) == np.array(b)))


# --- units from DataFrames ---------------------------------------------------------------
#
# Sources s1 (110 characters: segments cover 0-100, then 10 uncoded), s2 (60), s3 (40).
# s1:0 is the interviewer (not codable). s3 is coded only by ana, so it is unseen by ben.
#
#   segment   span      ana               ben
#   s1:0      0-20      trust (ignored)   -
#   s1:1      20-50     budget (x2)       budget
#   s1:2      50-80     budget            trust
#   s1:3      80-100    trust             trust REJECTED (= not coded)
#   s2:0      0-30      budget            budget
#   s2:1      30-60     -                 trust
#   s3:0      0-40      budget            -
#
# Segment units (s1:1, s1:2, s1:3, s2:0, s2:1), pairs (ana, ben):
#   budget: (1,1) (1,0) (0,0) (1,1) (0,0) -> agree 4/5 = .8; table [[2,1],[0,2]]:
#           p_e = (3*2 + 2*3)/25 = .48, kappa = .32/.52 = 8/13; BP = 2*.8 - 1 = .6;
#           alpha: n = 10, n_1 = n_0 = 5, one disagreeing unit -> 1 - 9*2/(2*25) = .64
#   trust:  (0,0) (0,1) (1,0) (0,0) (0,1) -> agree 2/5 = .4; p_e = (1*2 + 4*3)/25 = .56,
#           kappa = -.16/.44 = -4/11; BP = -.2; alpha: n_1 = 3, n_0 = 7 -> 1 - 9*6/42 = -2/7
#   ALL:    10 decisions, agree 6/10; A yes 4, B yes 4 -> p_e = .52, kappa = .08/.48 = 1/6;
#           BP = .2; alpha: n = 20, n_1 = 8 -> 1 - 19*8/(2*8*12) = 5/24
# Document units (s1, s2): budget (1,1) (1,1) -> 1.0, kappa/alpha undefined;
#   trust (1,1) (0,1) -> .5, p_e = (1*2 + 1*0)/4 = .5 -> kappa 0, alpha 1 - 3*2/6 = 0;
#   ALL (1,1)x3 (0,1) -> .75, p_e = 3*4/16 = .75 -> kappa 0, alpha 1 - 7*2/14 = 0.
# Character units (both / only ana / only ben / neither):
#   s1 budget 30/30/0/50, s2 budget 30/0/0/30 -> pooled 60/30/0/80 of 170:
#     percent 140/170; kappa = (140*170 - (90*60 + 80*110)) / (170^2 - 14200) = 9600/14700 = 32/49
#     alpha: o = [[160, 30], [30, 120]] -> 1 - 339*60/(2*190*150)
#   s1 trust 0/20/30/60, s2 trust 0/0/30/30 -> pooled 0/20/60/90: percent 90/170,
#     kappa = (90*170 - (20*60 + 150*110)) / (28900 - 17700) = -2400/11200 = -3/14
#   ALL 60/50/60/170 of 340: percent 230/340, kappa = (78200 - 63800)/(115600 - 63800) = 144/518

LENGTHS = {"s1": 110, "s2": 60, "s3": 40}


def make_segments():
    rows = [("s1:0", "s1", False, 0, 20, "Q: and the budget?"),
            ("s1:1", "s1", True, 20, 50, "The budget is tight."),
            ("s1:2", "s1", True, 50, 80, "Most goes to routine spending."),
            ("s1:3", "s1", True, 80, 100, "But we trust the mayor."),
            ("s2:0", "s2", True, 0, 30, "Funding came late."),
            ("s2:1", "s2", True, 30, 60, "Citizens trust the app."),
            ("s3:0", "s3", True, 0, 40, "Money, money.")]
    frame = pd.DataFrame(rows, columns=["segment_id", "source_id", "codable", "start", "end", "text"])
    return frame.assign(case_id=None, source_type="interview", language="en", speaker=None, timestamp=None)


def make_codings(extra=()):
    rows = [("s1:0", "trust", "ana", "accepted"), ("s1:1", "budget", "ana", "accepted"),
            ("s1:1", "budget", "ana", "suggested"), ("s1:2", "budget", "ana", "accepted"),
            ("s1:3", "trust", "ana", "accepted"), ("s2:0", "budget", "ana", "suggested"),
            ("s3:0", "budget", "ana", "accepted"),
            ("s1:1", "budget", "ben", "accepted"), ("s1:2", "trust", "ben", "accepted"),
            ("s1:3", "trust", "ben", "rejected"), ("s2:0", "budget", "ben", "accepted"),
            ("s2:1", "trust", "ben", "suggested"),
            ("s1:1", "budget", "cy", "accepted"), ("s2:0", "budget", "cy", "accepted"),
            ("s2:1", "trust", "cy", "accepted"), *extra]
    frame = pd.DataFrame(rows, columns=["segment_id", "code_id", "coder", "status"])
    return frame.assign(origin="manual", score=1.0, matched=[[] for _ in range(len(frame))])


def row(table, code):
    return table.set_index("code").loc[code]


def test_segment_units_decisions():
    units = segment_units(make_codings(), make_segments(), ["ana", "ben"])
    assert units.index.get_level_values("segment_id").unique().tolist() == ["s1:1", "s1:2", "s1:3", "s2:0", "s2:1"]
    assert units.xs("budget", level="code_id").to_numpy().tolist() == [[1, 1], [1, 0], [0, 0], [1, 1], [0, 0]]
    assert units.xs("trust", level="code_id").to_numpy().tolist() == [[0, 0], [0, 1], [1, 0], [0, 0], [0, 1]]


def test_segment_table_by_hand():
    table = agreement_table(make_codings(), make_segments(), ["ana", "ben"])
    assert table["code"].tolist() == ["budget", "trust", "ALL"]
    expected = {"budget": (5, 0.8, 8 / 13, 0.6, 0.64), "trust": (5, 0.4, -4 / 11, -0.2, -2 / 7),
                "ALL": (10, 0.6, 1 / 6, 0.2, 5 / 24)}
    for code, (n, percent, kappa, bp, alpha) in expected.items():
        got = row(table, code)
        assert got["n_units"] == n
        assert got[["percent", "cohen_kappa", "bp_kappa", "alpha_nominal"]].tolist() == pytest.approx(
            [percent, kappa, bp, alpha])
    assert row(table, "budget")[["band_kappa", "band_alpha"]].tolist() == ["substantial", "unacceptable (<0.667)"]
    assert row(table, "trust")["band_kappa"] == "poor (<0)"
    assert row(table, "ALL")["band_kappa"] == "slight"


def test_rejected_codings_do_not_count():
    units = segment_units(make_codings(), make_segments(), ["ana", "ben"])
    assert units.loc[("s1:3", "trust"), "ben"] == 0
    accepted = make_codings()
    accepted.loc[accepted["status"] == "rejected", "status"] = "accepted"
    assert row(agreement_table(accepted, make_segments(), ["ana", "ben"]), "trust")["percent"] == pytest.approx(0.6)


def test_unseen_sources_are_excluded():
    assert seen_sources(make_codings(), make_segments(), ["ana", "ben"]) == {"ana": {"s1", "s2", "s3"},
                                                                             "ben": {"s1", "s2"}}
    units = segment_units(make_codings(), make_segments(), ["ana", "ben"])
    assert "s3:0" not in units.index.get_level_values("segment_id")
    only_s1 = segment_units(make_codings(), make_segments(), ["ana", "ben"],
                            seen={"ana": ["s1", "s3"], "ben": ["s1", "s2"]})
    assert only_s1.index.get_level_values("segment_id").unique().tolist() == ["s1:1", "s1:2", "s1:3"]
    with pytest.raises(ValueError):
        segment_units(make_codings(), make_segments(), ["ana", "ben"], seen={"ana": ["s1"]})


def test_a_rejected_coding_still_marks_the_source_seen():
    segments = pd.concat([make_segments(), pd.DataFrame(
        [("s4:0", "s4", True, 0, 10, "New source.")], columns=["segment_id", "source_id", "codable",
                                                               "start", "end", "text"])])
    codings = make_codings([("s4:0", "budget", "ana", "accepted"), ("s4:0", "budget", "ben", "rejected")])
    units = segment_units(codings, segments, ["ana", "ben"])
    assert units.loc[("s4:0", "budget")].tolist() == [1, 0]


def test_explicit_codes_and_unused_code():
    table = agreement_table(make_codings(), make_segments(), ["ana", "ben"], codes=["trust", "vision"])
    assert table["code"].tolist() == ["trust", "vision", "ALL"]
    vision = row(table, "vision")
    assert vision["percent"] == 1.0 and vision["bp_kappa"] == 1.0
    assert math.isnan(vision["cohen_kappa"]) and math.isnan(vision["alpha_nominal"])
    assert vision["band_kappa"] == "undefined" and vision["band_alpha"] == "undefined"


def test_document_table_by_hand():
    units = document_units(make_codings(), make_segments(), ["ana", "ben"])
    assert units.loc[("s2", "trust")].tolist() == [0, 1]
    table = agreement_table(make_codings(), make_segments(), ["ana", "ben"], unit="document")
    budget, trust, pooled = (row(table, code) for code in ("budget", "trust", "ALL"))
    assert (budget["n_units"], budget["percent"], budget["bp_kappa"]) == (2, 1.0, 1.0)
    assert math.isnan(budget["cohen_kappa"]) and math.isnan(budget["alpha_nominal"])
    assert trust[["n_units", "percent", "cohen_kappa", "bp_kappa", "alpha_nominal"]].tolist() == pytest.approx(
        [2, 0.5, 0.0, 0.0, 0.0], abs=1e-12)
    assert pooled[["n_units", "percent", "cohen_kappa", "bp_kappa", "alpha_nominal"]].tolist() == pytest.approx(
        [4, 0.75, 0.0, 0.5, 0.0], abs=1e-12)


def test_character_units_by_hand():
    counts = character_units(make_codings(), make_segments(), ["ana", "ben"], source_lengths=LENGTHS)
    cells = counts.set_index(["source_id", "code_id"])[["both", "only_a", "only_b", "neither", "total"]]
    assert cells.loc[("s1", "budget")].tolist() == [30, 30, 0, 50, 110]
    assert cells.loc[("s2", "budget")].tolist() == [30, 0, 0, 30, 60]
    assert cells.loc[("s1", "trust")].tolist() == [0, 20, 30, 60, 110]
    assert cells.loc[("s2", "trust")].tolist() == [0, 0, 30, 30, 60]
    s1_budget = counts.set_index(["source_id", "code_id"]).loc[("s1", "budget")]
    assert s1_budget["percent"] == pytest.approx(80 / 110) and s1_budget["kappa"] == pytest.approx(10 / 21)


def test_character_table_by_hand():
    table = agreement_table(make_codings(), make_segments(), ["ana", "ben"], unit="character",
                            source_lengths=LENGTHS)
    budget, trust, pooled = (row(table, code) for code in ("budget", "trust", "ALL"))
    assert budget[["n_units", "percent", "cohen_kappa"]].tolist() == pytest.approx([170, 140 / 170, 32 / 49])
    assert budget["alpha_nominal"] == pytest.approx(1 - 339 * 60 / (2 * 190 * 150))
    # the same alpha with each character as a unit
    ana = np.r_[np.ones(60), np.ones(30), np.zeros(80)]
    ben = np.r_[np.ones(60), np.zeros(30), np.zeros(80)]
    assert budget["alpha_nominal"] == pytest.approx(krippendorff_alpha([ana, ben]))
    assert trust[["percent", "cohen_kappa"]].tolist() == pytest.approx([90 / 170, -3 / 14])
    assert pooled[["n_units", "percent", "cohen_kappa"]].tolist() == pytest.approx([340, 230 / 340, 144 / 518])
    assert pooled["bp_kappa"] == pytest.approx(2 * 230 / 340 - 1)


def test_character_lengths_fallback_and_errors():
    # Without lengths, s1 ends with its last segment (100): budget 60/30/0/70 of 160.
    table = agreement_table(make_codings(), make_segments(), ["ana", "ben"], unit="character")
    assert row(table, "budget")[["n_units", "percent", "cohen_kappa"]].tolist() == pytest.approx(
        [160, 130 / 160, 52.5 / 82.5])
    with pytest.raises(ValueError):
        character_units(make_codings(), make_segments(), ["ana", "ben"], source_lengths={"s1": 110})
    with pytest.raises(ValueError):
        character_units(make_codings(), make_segments(), ["ana", "ben"], source_lengths={"s1": 90, "s2": 60})
    with pytest.raises(ValueError):
        agreement_table(make_codings(), make_segments(), ["ana", "ben", "cy"], unit="character")


def test_three_coders():
    table = agreement_table(make_codings(), make_segments(), ["ana", "ben", "cy"])
    budget = row(table, "budget")
    # budget (ana, ben, cy): (1,1,1) (1,0,0) (0,0,0) (1,1,1) (0,0,0): pairwise agreement
    # (1 + 1/3 + 1 + 1 + 1) / 5 = 13/15.
    assert budget["percent"] == pytest.approx(13 / 15)
    assert math.isnan(budget["cohen_kappa"]) and budget["band_kappa"] == "n/a (2 coders)"  # not "undefined"
    units = segment_units(make_codings(), make_segments(), ["ana", "ben", "cy"])
    matrix = units.xs("budget", level="code_id").to_numpy().T
    assert budget["alpha_nominal"] == pytest.approx(krippendorff.alpha(matrix, level_of_measurement="nominal"))


def test_table_argument_errors():
    with pytest.raises(ValueError):
        agreement_table(make_codings(), make_segments(), ["ana", "ben"], unit="paragraph")
    with pytest.raises(ValueError):
        agreement_table(make_codings(), make_segments(), ["ana"])
    with pytest.raises(ValueError):
        agreement_table(make_codings(), make_segments(), ["ana", "ana"])


def test_no_common_sources_gives_empty_units():
    table = agreement_table(make_codings(), make_segments(), ["ana", "ben"], seen={"ana": ["s3"], "ben": ["s1"]},
                            codes=["budget"])
    pooled = row(table, "ALL")
    assert pooled["n_units"] == 0 and math.isnan(pooled["percent"]) and pooled["band_alpha"] == "undefined"
    counts = character_units(make_codings(), make_segments(), ["ana", "ben"], seen={"ana": ["s3"], "ben": ["s1"]})
    assert counts.empty


def test_disagreements():
    found = disagreements(make_codings(), make_segments(), ["ana", "ben"])
    assert found.columns.tolist() == ["segment_id", "code_id", "text", "coded_by", "not_coded_by"]
    assert list(zip(found["segment_id"], found["code_id"])) == [("s1:2", "budget"), ("s1:2", "trust"),
                                                              ("s1:3", "trust"), ("s2:1", "trust")]
    first = found.iloc[0]
    assert first["text"] == "Most goes to routine spending."
    assert (first["coded_by"], first["not_coded_by"]) == (("ana",), ("ben",))
    assert found.iloc[3]["coded_by"] == ("ben",)


def test_match_spans():
    a = [(0, 100), (200, 300), (400, 450)]
    b = [(5, 100), (200, 260), (600, 700)]
    # (0,100) vs (5,100): 95/100 >= .9 agree; (200,300) vs (200,260): 60/100 only at .5.
    assert match_spans(a, b) == (1, 2, 2)
    assert match_spans(a, b, min_overlap=0.5) == (2, 1, 1)
    assert match_spans(a, b).percent == pytest.approx(1 / 5)
    assert match_spans([(0, 10)], [(0, 10), (0, 10)]) == (1, 0, 1)  # one-to-one pairing
    empty = match_spans([], [])
    assert empty == (0, 0, 0) and math.isnan(empty.percent)
    assert match_spans([(3, 3)], [(3, 3)]) == (1, 0, 0)
    with pytest.raises(ValueError):
        match_spans(a, b, min_overlap=0)
    with pytest.raises(ValueError):
        match_spans([(5, 1)], b)
