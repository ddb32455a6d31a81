"""Support and contrary evidence split an assertion's segments in two; outliers are found per
assertion and say why; the conclusion says whether the strengths differ. Hand-built evidence."""

import pandas as pd
import pytest

from qualcode.codebook import load_codebook
from qualcode.conclude.assertions import conclusions_json, evaluate
from qualcode.conclude.checks import outliers
from qualcode.conclude.sides import AssertionSpec, Context, contrary_codes_of, support_rows
from qualcode.conclude.wording import reason_text
from qualcode.report.i18n import catalogue

CODEBOOK = """\
name: T
framework: {name: T, dimensions: [budget, politics], cross_cutting: [obstacle, helps]}
codes:
  - {id: budget, kind: dimension, label: {id: Anggaran, en: Budget}, definition: x}
  - {id: plan, kind: subcode, parent: budget, label: {id: Rencana, en: Plan}, definition: x}
  - {id: cuts, kind: subcode, parent: budget, polarity: negative, label: {id: Potong, en: Cuts}, definition: x}
  - {id: politics, kind: dimension, label: {id: Politik, en: Politics}, definition: x}
  - {id: obstacle, kind: factor, polarity: negative, label: {id: Hambatan, en: Obstacle}, definition: x}
  - {id: helps, kind: factor, polarity: positive, label: {id: Pendukung, en: Helps}, definition: x}
"""
TEXT = "Anggaran kota ini perlu dijaga supaya programnya terus berjalan dengan baik setiap tahun."


@pytest.fixture(scope="module")
def codebook(tmp_path_factory):
    path = tmp_path_factory.mktemp("cb") / "cb.yaml"
    path.write_text(CODEBOOK, encoding="utf-8")
    return load_codebook(path)


def context(codebook, rows, cases):
    """rows: (segment, code, case); every segment an interview; cases: (case, role)."""
    frame = pd.DataFrame(rows, columns=["segment_id", "code_id", "case_id"])
    roles = dict(cases)
    frame["role"] = frame["case_id"].map(roles)
    frame["source_type"] = "interview"
    frame["dimension"] = frame["code_id"].map(codebook.top_level)
    frame["source_id"] = frame["segment_id"].str.split(":").str[0]
    frame["coder"], frame["status"], frame["score"] = "auto", "suggested", 1.0
    frame["text"] = TEXT
    return Context(frame, pd.DataFrame(cases, columns=["case_id", "role"]), codebook,
                   source_types_total=1)


CASES = [("a", "government"), ("b", "community"), ("c", "community"), ("d", "private")]
# a:1 is about the budget and an obstacle; b:1 only about budget cuts; b:2 and c:1 plain budget;
# d:1 is about politics and an obstacle, and about budget cuts
ROWS = [("a:1", "plan", "a"), ("a:1", "obstacle", "a"), ("b:1", "cuts", "b"), ("b:2", "budget", "b"),
        ("c:1", "plan", "c"), ("c:2", "budget", "c"), ("d:1", "politics", "d"), ("d:1", "obstacle", "d"),
        ("d:1", "cuts", "d"), ("d:2", "politics", "d"), ("a:2", "politics", "a")]


def test_a_segment_is_support_or_contrary_never_both(codebook):
    ctx = context(codebook, ROWS, CASES)
    conclusion = evaluate(AssertionSpec("machine-budget", ("budget",)), ctx, "en")
    negative = next(k for k in conclusion.checks if k.name == "negative_evidence")
    # a:1 carries an obstacle and b:1, d:1 budget cuts: contrary; b:2, c:1, c:2 support
    assert conclusion.evidence == ("b:2", "c:1", "c:2")
    assert negative.evidence == ("a:1", "b:1", "d:1")
    assert not set(conclusion.evidence) & set(negative.evidence)
    assert {k: conclusion.figures[k] for k in ("segments", "contrary_segments", "discussed_segments")} == {
        "segments": 3, "contrary_segments": 3, "discussed_segments": 6}
    quoted = {q.segment_id for q in conclusion.quotes}
    against = {q.segment_id for q in conclusion.contrary_quotes}
    assert quoted and against and not quoted & against
    record = conclusions_json([conclusion], "en")["assertions"][0]
    assert {q["segment_id"] for q in record["contrary_quotes"]} == against
    assert "spans" not in record["quotes"][0]


def test_a_segment_only_on_a_negative_subcode_is_contrary_not_support(codebook):
    ctx = context(codebook, [("b:1", "cuts", "b"), ("b:2", "budget", "b")], CASES)
    spec = AssertionSpec("x", ("budget",))
    assert list(support_rows(spec, ctx)["segment_id"]) == ["b:2"]
    conclusion = evaluate(spec, ctx, "id")
    assert conclusion.figures["contrary_segments"] == 1 and conclusion.figures["discussed_segments"] == 2
    assert conclusion.statement.startswith("Anggaran: dimensi ini didukung oleh 1 dari 2 segmen yang membahasnya (1 segmen lainnya bukti kontra)")


def test_another_dimensions_obstacle_is_not_contrary_evidence(codebook):
    """Budget cuts on a segment about politics hinder the budget, not politics; an
    inhibiting factor (a cross-cutting obstacle) is coded with the dimension it hinders."""
    ctx = context(codebook, ROWS, CASES)
    assert contrary_codes_of(AssertionSpec("x", ("politics",)), codebook) == {"obstacle"}
    assert contrary_codes_of(AssertionSpec("x", ("budget",)), codebook) == {"obstacle", "cuts"}
    politics = evaluate(AssertionSpec("x", ("politics",)), ctx, "en")
    assert politics.evidence == ("a:2", "d:2")  # d:1 carries the obstacle
    # named contrary codes replace the default ones; a dimension's own obstacles stay contrary
    assert contrary_codes_of(AssertionSpec("x", ("budget",), contrary=("helps",)), codebook) == {"helps", "cuts"}
    # against an assertion about obstacles, the positive codes are the contrary ones
    assert contrary_codes_of(AssertionSpec("x", ("obstacle",)), codebook) == {"helps"}


def test_the_claim_link_cites_the_same_support_as_the_checks(codebook):
    ctx = context(codebook, ROWS, CASES)
    conclusion = evaluate(AssertionSpec("machine-budget", ("budget",)), ctx, "en")
    [claim] = conclusion.chain
    assert claim.segments == conclusion.evidence


def test_negative_evidence_says_who_gives_no_support_without_a_double_negative(codebook):
    ctx = context(codebook, ROWS, CASES)
    negative = next(k for k in evaluate(AssertionSpec("x", ("budget",)), ctx, "id").checks
                    if k.name == "negative_evidence")
    assert reason_text(negative.reason, negative.figures, "id") == (
        "3 segmen kontra berbanding 3 segmen pendukung; 2 informan tanpa bukti pendukung (a dan d)")
    everyone = context(codebook, [(f"{c}:1", "budget", c) for c, _ in CASES] + [("a:2", "cuts", "a")], CASES)
    negative = next(k for k in evaluate(AssertionSpec("x", ("budget",)), everyone, "id").checks
                    if k.name == "negative_evidence")
    text = reason_text(negative.reason, negative.figures, "id")
    assert text == "1 segmen kontra berbanding 4 segmen pendukung; setiap informan memberi bukti pendukung"
    assert "0 informan" not in text
    assert reason_text(negative.reason, negative.figures, "en") == (
        "1 contrary segment against 4 supporting ones; every informant gives support")


# ------------------------------------------------------------------------------------ outliers
def _many_cases(n=10):
    return [(f"k{i}", "community") for i in range(n)]


def test_outliers_are_found_per_assertion_and_say_why(codebook):
    """k0 speaks of nothing but the budget: an outlier on budget (all of its segments against
    about a tenth elsewhere), not on politics, where it is simply the lowest."""
    rows = [("k0:1", "budget", "k0"), ("k0:2", "plan", "k0"), ("k0:3", "budget", "k0"), ("k0:4", "budget", "k0")]
    for i in range(1, 10):
        rows += [(f"k{i}:1", "budget", f"k{i}")] + [(f"k{i}:{j}", "politics", f"k{i}") for j in range(2, 10)]
    ctx = context(codebook, rows, _many_cases())
    budget = outliers(AssertionSpec("b", ("budget",)), support_rows(AssertionSpec("b", ("budget",)), ctx), ctx)
    assert (budget.verdict, budget.figures["outliers"]) == ("warn", ["k0"])
    assert reason_text(budget.reason, budget.figures, "en") == (
        "outliers to explain: k0 far above the other informants: 4 of its 4 coded segments support it "
        "(100%; informants' mean 20%)")
    assert reason_text(budget.reason, budget.figures, "id").startswith(
        "pencilan perlu dijelaskan: k0 jauh di atas informan lain: 4 dari 4 segmennya yang dikode mendukung (100%;")
    spec = AssertionSpec("p", ("politics",))
    politics = outliers(spec, support_rows(spec, ctx), ctx)
    assert politics.figures["outliers"] == ["k0"]  # k0 never speaks of politics: far below
    assert reason_text(politics.reason, politics.figures, "en").startswith(
        "outliers to explain: k0 far below the other informants: 0 of its 4 coded segments")


def test_without_outliers_the_highest_and_lowest_are_named_with_their_figures(codebook):
    # 2 of 3, or 1 of 2, twice over: enough coded segments to be a profile (OUTLIER_MIN_SEGMENTS)
    rows = [(f"k{i}:{j}", "budget", f"k{i}") for i in range(4) for j in range(1, 2 * (2 + i % 2) - 1)]
    rows += [(f"k{i}:{j}", "politics", f"k{i}") for i in range(4) for j in (8, 9)]
    ctx = context(codebook, rows, _many_cases(4))
    spec = AssertionSpec("b", ("budget",))
    result = outliers(spec, support_rows(spec, ctx), ctx)
    assert result.verdict == "pass"
    # by the share the test uses: 2 of their 3 coded segments, against 1 of 2
    assert reason_text(result.reason, result.figures, "en") == (
        "no outliers; highest k1 and k3 (67% of their coded segments support it), lowest k0 and k2 (50%)")
    assert reason_text(result.reason, result.figures, "id") == (
        "tanpa pencilan; tertinggi k1 dan k3 (67% segmen terkodenya mendukung), terendah k0 dan k2 (50%)")


# ----------------------------------------------------------------------- the weight, worded
def test_the_weight_says_what_it_weighs_with_a_decimal_comma_in_indonesian(codebook):
    rows = [("a:1", "budget", "a"), ("b:1", "budget", "b")]
    ctx = context(codebook, rows, CASES)
    ctx.evidence.loc[1, "source_type"] = "fieldnote"
    weighting = next(k for k in evaluate(AssertionSpec("x", ("budget",)), ctx, "id").checks
                     if k.name == "weighting")
    assert reason_text(weighting.reason, weighting.figures, "id") == (
        "skor berbobot 2,25 untuk 2 segmen pendukung (wawancara ×1; catatan lapangan ×1,25)")
    assert reason_text(weighting.reason, weighting.figures, "en") == (
        "weighted score 2.25 for 2 supporting segments (interview ×1; field note ×1.25)")


# --------------------------------------------------------------------------- the conclusion
def _prevalence(code_id, segments=5):
    from qualcode.conclude.tactics import Prevalence

    return Prevalence(code_id, segments, 3, 4, ("community", "government"), 2, ("interview",), 1, ())


@pytest.mark.parametrize("language, strengths, expected", [
    ("id", {"a": "strong", "b": "strong"},
     "Pada kedua dimensi kerangka ini, segmen yang membahasnya tanpa menyebut hambatan (bukti pendukung) lebih banyak daripada yang menyebut hambatan (bukti kontra), masing-masing dengan bukti yang kuat."),
    ("en", {"a": "moderate", "b": "moderate"},
     "For both dimensions of the framework, more segments discuss them without naming an obstacle (supporting evidence) than with one (contrary evidence), each with moderate evidence."),
    ("id", {"a": "strong", "b": "moderate"},
     "Pada kedua dimensi kerangka ini, segmen yang membahasnya tanpa menyebut hambatan (bukti pendukung) lebih banyak daripada yang menyebut hambatan (bukti kontra), dengan kekuatan bukti yang berbeda: kuat untuk A; sedang untuk B."),
    ("en", {"a": "weak", "b": "strong"},
     "For both dimensions of the framework, more segments discuss them without naming an obstacle (supporting evidence) than with one (contrary evidence), with differing strength: strong for B; weak for A."),
    ("en", {}, "For both dimensions of the framework, more segments discuss them without naming an obstacle (supporting evidence) than with one (contrary evidence)."),
    # an insufficient dimension is raised, not supported: said apart
    ("id", {"a": "moderate", "b": "insufficient"},
     "Pada 1 dari 2 dimensi kerangka ini (A), segmen yang membahasnya tanpa menyebut hambatan (bukti pendukung) lebih banyak daripada yang menyebut hambatan (bukti kontra), dengan bukti berkekuatan sedang. "
     "Bukti untuk B belum cukup untuk ditarik menjadi kesimpulan."),
    ("en", {"a": "insufficient", "b": "insufficient"},
     "The coded data raise the framework's dimensions, but the evidence for A and B is insufficient "
     "to call it support."),
])
def test_the_conclusion_says_differing_strength_only_when_strengths_differ(language, strengths, expected):
    from qualcode.report.summary_text import support_sentence

    sentence = support_sentence([_prevalence("a"), _prevalence("b")], catalogue(language), language,
                                 strengths, {"a": "A", "b": "B"})
    assert sentence == expected


def test_a_summary_sentence_never_opens_with_a_numeral():
    from qualcode.report.summary_text import patterns_sentence

    t = catalogue("id", "strategi")
    assert patterns_sentence(4, 4, t, "id") == "Keempat strategi muncul sebagai pola lintas informan dan peran."
    assert patterns_sentence(3, 4, t, "id").startswith("Sebanyak 3 dari 4 strategi")
    assert patterns_sentence(0, 4, t, "id").startswith("Belum ada strategi")
    assert patterns_sentence(4, 4, catalogue("en", "strategy"), "en").startswith("All 4 strategies form")
    assert patterns_sentence(1, 4, catalogue("en", "strategy"), "en").startswith("Of the 4 strategies, 1 forms a")
    assert patterns_sentence(2, 4, catalogue("en", "strategy"), "en").startswith("Of the 4 strategies, 2 form a")


def test_a_provisional_conclusion_says_so_once_in_its_place():
    from qualcode.report.summary_text import support_sentence

    same = support_sentence([_prevalence("a"), _prevalence("b")], catalogue("id"), "id",
                            {"a": "moderate", "b": "moderate"}, {"a": "A", "b": "B"}, provisional=True)
    assert same == ("Pada kedua dimensi kerangka ini, segmen yang membahasnya tanpa menyebut hambatan (bukti pendukung) lebih banyak daripada yang menyebut hambatan (bukti kontra), "
                    "masing-masing dengan bukti berkekuatan sedang (sementara).")
    differ = support_sentence([_prevalence("a"), _prevalence("b")], catalogue("en"), "en",
                              {"a": "moderate", "b": "weak"}, {"a": "A", "b": "B"}, provisional=True)
    assert differ == ("For both dimensions of the framework, more segments discuss them without naming an obstacle (supporting evidence) than with one (contrary evidence), with differing strength, all "
                      "provisional: moderate for A; weak for B.")


def test_provisional_is_said_of_the_dimensions_the_sentence_names():
    # B, outweighed and said apart, was reviewed (not provisional); A, the one the sentence
    # claims, rests on unreviewed suggestions: the claim is provisional (it lost the word
    # when any dimension of the framework was not); and one dimension is "it", not "them"
    from qualcode.report.summary_text import support_sentence

    sentence = support_sentence([_prevalence("a"), _prevalence("b")], catalogue("en"), "en",
                                {"a": "moderate", "b": "weak"}, {"a": "A", "b": "B"},
                                sides={"a": (10, 2), "b": (6, 11)}, provisional={"a"})
    assert sentence.startswith("For 1 of the framework's 2 dimensions (A), more segments discuss it without "
                               "naming an obstacle (supporting evidence) than with one (contrary evidence), "
                               "with moderate evidence (provisional).")
    reviewed = support_sentence([_prevalence("a"), _prevalence("b")], catalogue("en"), "en",
                                {"a": "moderate", "b": "weak"}, {"a": "A", "b": "B"},
                                sides={"a": (10, 2), "b": (6, 11)}, provisional={"b"})
    assert "provisional" not in reviewed


def test_a_dimension_outweighed_by_contrary_evidence_is_not_counted_as_supported():
    """"The data support both" must not stand over more evidence against one of them: that
    one is said apart, with its counts, and the claim counts the others only."""
    from qualcode.report.summary_text import support_sentence

    labels = {"a": "A", "b": "B"}
    one = support_sentence([_prevalence("a"), _prevalence("b")], catalogue("id"), "id",
                           {"a": "moderate", "b": "weak"}, labels, sides={"a": (10, 2), "b": (6, 11)})
    assert one == ("Pada 1 dari 2 dimensi kerangka ini (A), segmen yang membahasnya tanpa menyebut hambatan (bukti pendukung) lebih banyak daripada yang menyebut hambatan (bukti kontra), dengan bukti berkekuatan sedang. Untuk B "
                   "(6 segmen pendukung, 11 kontra), bukti kontra menyamai atau melebihi bukti pendukung, "
                   "sehingga data belum dapat disebut mendukungnya.")
    both = support_sentence([_prevalence("a"), _prevalence("b")], catalogue("en"), "en",
                            {"a": "weak", "b": "weak"}, labels, sides={"a": (3, 3), "b": (1, 4)})
    assert both == ("For A (3 supporting segments, 3 contrary) and B (1 supporting segment, 4 contrary), the "
                    "contrary evidence equals or outweighs the support: not counted as supported by the data yet.")


def test_a_contrary_quote_is_cut_around_what_speaks_against(codebook):
    """A long segment praising the budget in three sentences and naming an obstacle in a fourth
    is quoted against the budget by the fourth, not by the praise."""
    from qualcode.report.sections import trim

    praise = "Anggaran kami rencanakan dengan baik dan rencana anggaran itu disetujui tepat waktu. "
    text = praise * 4 + "Tapi kritik kami dianggap menghambat, dan DPRD tidak pernah dilibatkan sama sekali."
    obstacle_at = text.index("menghambat")
    ctx = context(codebook, [("a:1", "plan", "a"), ("a:1", "obstacle", "a"), ("b:1", "budget", "b")], CASES)
    ctx.evidence["text"] = ctx.evidence["segment_id"].map({"a:1": text}).fillna(TEXT)
    ctx.evidence["spans"] = [tuple((k * len(praise) + at, k * len(praise) + at + 8, 1.0) for k in range(4)
                               for at in (0, 44)), ((obstacle_at, obstacle_at + 10, 1.0),), ()]
    conclusion = evaluate(AssertionSpec("machine-budget", ("budget",)), ctx, "id")
    [quote] = [q for q in conclusion.contrary_quotes if q.segment_id == "a:1"]
    shown = trim(quote.text, 200, spans=quote.spans)
    assert "dianggap menghambat" in shown, shown


IMPLYING = """\
name: T
framework: {name: T, dimensions: [budget], cross_cutting: [sustain, obstacle, helps]}
codes:
  - {id: budget, kind: dimension, label: {id: Anggaran, en: Budget}, definition: x}
  - {id: cuts, kind: subcode, parent: budget, polarity: negative, implies: [obstacle], label: {id: Potong, en: Cuts}, definition: x}
  - {id: sustain, kind: outcome, label: {id: Lanjut, en: Sustain}, definition: x}
  - {id: obstacle, kind: factor, polarity: negative, label: {id: Hambatan, en: Obstacle}, definition: x}
  - {id: helps, kind: factor, polarity: positive, label: {id: Pendukung, en: Helps}, definition: x}
"""


def test_a_negative_code_the_assertion_names_is_its_claim_not_evidence_against_it(tmp_path):
    """'Budget cuts threaten sustainability': the cuts, and the obstacle they imply, counted
    against the very claim they make (its contrary quotes were its supporting ones)."""
    path = tmp_path / "cb.yaml"
    path.write_text(IMPLYING, encoding="utf-8")
    codebook = load_codebook(path)
    spec = AssertionSpec("x", ("cuts", "sustain"), if_code="cuts", then_code="sustain")
    assert contrary_codes_of(spec, codebook) == {"helps"}
    assert contrary_codes_of(AssertionSpec("x", ("cuts", "sustain")), codebook) == {"helps"}
    rows = [("a:1", "cuts", "a"), ("a:1", "obstacle", "a"), ("a:1", "sustain", "a"), ("b:1", "cuts", "b"),
            ("b:1", "obstacle", "b"), ("c:1", "sustain", "c"), ("c:1", "helps", "c")]
    ctx = context(codebook, rows, [("a", "government"), ("b", "community"), ("c", "private")])
    conclusion = evaluate(spec, ctx, "en")
    assert set(support_rows(spec, ctx)["segment_id"]) == {"a:1", "b:1"}
    negative = next(k for k in conclusion.checks if k.name == "negative_evidence")
    assert negative.evidence == ("c:1",)
    # a neutral dimension still counts its own obstacles against it
    assert contrary_codes_of(AssertionSpec("x", ("budget",)), codebook) == {"cuts", "obstacle"}
