"""Verification checks and assertion strength on hand-built evidence."""

import pandas as pd
import pytest

from qualcode.codebook import load_codebook
from qualcode.conclude.assertions import evaluate, strength_of, suggestion_basis
from qualcode.conclude.checks import (CheckResult, negative_evidence, outliers, replication, representativeness, rivals,
                                      spurious, triangulation, weighting, if_then)
from qualcode.conclude.sides import AssertionSpec, Context, support_rows
from qualcode.conclude.wording import WORDING, reason_text

CODEBOOK = """\
name: T
framework: {name: T, dimensions: [budget, tech], cross_cutting: [obstacle]}
codes:
  - {id: budget, kind: dimension, label: {id: Anggaran, en: Budget}, definition: x}
  - {id: cuts, kind: subcode, parent: budget, polarity: negative, label: {id: Potong, en: Cuts}, definition: x}
  - {id: tech, kind: dimension, label: {id: Teknologi, en: Technology}, definition: x}
  - {id: obstacle, kind: factor, polarity: negative, label: {id: Hambatan, en: Obstacle}, definition: x}
"""


@pytest.fixture(scope="module")
def codebook(tmp_path_factory):
    path = tmp_path_factory.mktemp("cb") / "cb.yaml"
    path.write_text(CODEBOOK, encoding="utf-8")
    return load_codebook(path)


def context(codebook, rows, cases):
    """rows: (segment, code, case, role, source_type); cases: (case, role)."""
    frame = pd.DataFrame(rows, columns=["segment_id", "code_id", "case_id", "role", "source_type"])
    frame["dimension"] = frame["code_id"].map(codebook.top_level)
    frame["source_id"] = frame["segment_id"].str.split(":").str[0]
    frame["coder"], frame["status"], frame["score"] = "auto", "suggested", 1.0
    frame["text"] = "Anggaran kota ini perlu dijaga supaya programnya terus berjalan dengan baik." 
    case_frame = pd.DataFrame(cases, columns=["case_id", "role"])
    return Context(frame, case_frame, codebook, source_types_total=frame["source_type"].nunique())


CASES = [("a", "government"), ("b", "community"), ("c", "community"), ("d", "private")]


def profiled(rows):
    """Each case's segments and four more like it: an informant's share of supporting segments
    is a profile from OUTLIER_MIN_SEGMENTS (4) coded segments, which the outlier check asks for."""
    return rows + [(segment.replace(":1", f":{n}"), *rest) for n in range(2, 6) for segment, *rest in rows]


def check(fn, ctx, spec=AssertionSpec("x", ("budget",))):
    return fn(spec, support_rows(spec, ctx), ctx)


def test_one_informant_is_insufficient(codebook):
    ctx = context(codebook, [("a:1", "budget", "a", "government", "interview"),
                             ("a:2", "budget", "a", "government", "interview"),
                             ("a:3", "budget", "a", "government", "interview")], CASES)
    result = check(representativeness, ctx)
    assert (result.verdict, result.reason, result.figures["informants"]) == ("fail", "one_informant", 1)
    assert evaluate(AssertionSpec("x", ("budget",)), ctx, "en").strength == "insufficient"


def test_a_code_no_informant_raises_is_said_so(codebook):
    """A drafted assertion on a dimension nobody mentions: no informant (not "a single one"),
    and the outlier check names no highest and lowest case, since every case has none."""
    ctx = context(codebook, profiled([("a:1", "tech", "a", "government", "interview"),
                                   ("b:1", "tech", "b", "community", "interview"),
                                   ("c:1", "obstacle", "c", "community", "interview")]), CASES)
    result = check(representativeness, ctx)
    assert (result.verdict, result.reason, result.figures["informants"]) == ("fail", "no_informant", 0)
    assert check(outliers, ctx).reason == "no_outliers_no_support"
    for language in ("id", "en"):
        assert WORDING[language]["no_informant"] and WORDING[language]["no_outliers_no_support"]


def test_cases_that_all_support_alike_have_no_highest_or_lowest(codebook):
    ctx = context(codebook, profiled([(f"{case}:1", "budget", case, role, "interview") for case, role in CASES]),
                  CASES)
    result = check(outliers, ctx)
    assert (result.reason, result.figures["top_segments"], result.figures["bottom_segments"]) == (
        "no_outliers_even", 5, 5)  # each case's five segments (`profiled`)
    assert reason_text(result.reason, result.figures, "en") == (
        "no outliers; every case supports it alike (100% of its coded segments)")


def test_a_few_of_many_informants_are_weak_evidence_at_best(codebook):
    """A survey: 2 of 25 respondents say it, in two kinds of source even. It speaks for them,
    not for the rest."""
    cases = [(f"r{n}", "") for n in range(25)]
    rows = [("r0:1", "budget", "r0", "", "response"), ("r1:1", "budget", "r1", "", "document"),
            *[(f"r{n}:1", "tech", f"r{n}", "", "response") for n in range(2, 25)]]
    result = check(representativeness, context(codebook, rows, cases))
    assert (result.verdict, result.reason) == ("warn", "few_of_many")
    assert reason_text(result.reason, result.figures, "id") == (
        "hanya 2 dari 25 informan memberi bukti pendukung (8%)")
    others = [CheckResult(name, "pass", "x") for name in ("triangulation", "weighting", "replication",
                                                          "negative_evidence")]
    figures = {"segments": 3, "informants": 2, "source_types": 2}
    assert strength_of([result, *others], figures) == "weak"
    assert strength_of([CheckResult("representativeness", "pass", "spread"), *others], figures) == "strong"
    # a tenth of them is not few, but fewer than half: a warning, which keeps it from strong only
    rows = [(f"r{n}:1", "budget", f"r{n}", "", "response") for n in range(3)] + rows[2:]
    minority = check(representativeness, context(codebook, rows, cases))
    assert (minority.verdict, minority.reason) == ("warn", "minority")
    assert reason_text(minority.reason, minority.figures, "en") == (
        "3 of 25 informants give supporting evidence (12%), fewer than half")
    assert strength_of([minority, *others], figures) == "moderate"
    # half of them or more: spread
    rows = [(f"r{n}:1", "budget", f"r{n}", "", "response") for n in range(13)] + rows[13:]
    assert check(representativeness, context(codebook, rows, cases)).reason == "spread"


def test_one_voice_and_elite_bias(codebook):
    rows = [("a:1", "budget", "a", "government", "interview"), ("a:2", "budget", "a", "government", "interview"),
            ("a:3", "budget", "a", "government", "interview"), ("b:1", "budget", "b", "community", "interview")]
    result = check(representativeness, context(codebook, rows, CASES))
    assert (result.verdict, result.reason, result.figures["top_informant_share"]) == ("warn", "one_voice", 0.75)
    officials = [("a:1", "budget", "a", "government", "interview"), ("e:1", "budget", "e", "legislature", "interview")]
    result = check(representativeness, context(codebook, officials, CASES + [("e", "legislature")]))
    assert (result.verdict, result.reason) == ("warn", "elite_bias")
    # said of the informants behind the claim, and which offices, not of every informant
    from qualcode.conclude.wording import reason_text

    assert reason_text(result.reason, result.figures, "id") == (
        "kedua informan pendukungnya dari kalangan pejabat (government dan legislature)")
    assert reason_text(result.reason, result.figures, "en") == (
        "both informants behind it hold office (government and legislature)")
    # an informant without a role may be anyone: the officials are not all there is
    unknown = officials + [("n:1", "budget", "n", None, "interview")]
    result = check(representativeness, context(codebook, unknown, CASES + [("e", "legislature"), ("n", None)]))
    assert result.reason != "elite_bias" and result.figures["informants"] == 3


def test_everything_from_one_source_type(codebook):
    rows = [("a:1", "budget", "a", "government", "interview"), ("b:1", "budget", "b", "community", "interview")]
    ctx = context(codebook, rows, CASES)
    assert check(triangulation, ctx).verdict == "warn"  # one source type, two roles
    single = context(codebook, [("a:1", "budget", "a", "government", "interview")], CASES)
    assert check(triangulation, single).verdict == "fail"
    mixed = context(codebook, rows + [("doc:1", "budget", None, None, "document")], CASES)
    result = check(triangulation, mixed)
    assert (result.verdict, result.figures["source_types"]) == ("pass", ["document", "interview"])


def test_weighting_sums_source_type_weights(codebook):
    rows = [("a:1", "budget", "a", "government", "interview"), ("doc:1", "budget", None, None, "document"),
            ("obs:1", "budget", None, None, "observation")]
    result = check(weighting, context(codebook, rows, CASES))
    assert result.figures["weighted_support"] == 1.0 + 1.5 + 1.5 and result.verdict == "warn"


def test_no_negative_evidence(codebook):
    rows = [(f"{c}:1", "budget", c, r, "interview") for c, r in CASES]
    result = check(negative_evidence, context(codebook, rows, CASES))
    assert (result.verdict, result.reason, result.figures["contrary_segments"]) == ("pass", "none_found", 0)


def test_negative_evidence_is_shown_and_can_outweigh(codebook):
    rows = [("a:1", "budget", "a", "government", "interview"), ("a:1", "obstacle", "a", "government", "interview"),
            ("b:1", "cuts", "b", "community", "interview"), ("b:2", "budget", "b", "community", "interview")]
    result = check(negative_evidence, context(codebook, rows, CASES))
    # a segment is on one side only: a:1 carries an obstacle and b:1 budget cuts, so both are
    # contrary; only b:2 supports (a:1 used to count on both sides, as support and contrary)
    assert result.figures["support_segments"] == 1 and result.figures["contrary_segments"] == 2
    # two against one: the assertion is contested, which fails the check (strength at most weak)
    assert result.verdict == "fail" and set(result.evidence) == {"a:1", "b:1"}
    assert result.figures["cases_lacking"] == ["a", "c", "d"]  # a gives no support any more


def test_negative_evidence_warns_above_half_and_fails_from_as_much_as_the_support(codebook):
    def verdict(support: int, against: int) -> str:
        rows = [(f"s{k}:1", "budget", "a", "government", "interview") for k in range(support)]
        rows += [row for k in range(against) for row in (
            (f"x{k}:1", "budget", "b", "community", "interview"), (f"x{k}:1", "obstacle", "b", "community", "interview"))]
        return check(negative_evidence, context(codebook, rows, CASES)).verdict

    assert [verdict(4, n) for n in (0, 2, 3, 4, 5)] == ["pass", "pass", "warn", "fail", "fail"]


def test_if_then_and_a_relation_that_vanishes_when_stratified(codebook):
    # Within each role, tech is equally likely with or without budget; overall it is not,
    # because the government role has both and the community role has neither.
    cases = [("g1", "government"), ("g2", "government"), ("g3", "government"),
             ("c1", "community"), ("c2", "community"), ("c3", "community")]
    rows = []
    for case in ("g1", "g2"):
        rows += [(f"{case}:1", "budget", case, "government", "interview"),
                 (f"{case}:2", "tech", case, "government", "interview")]
    rows += [("g3:1", "tech", "g3", "government", "interview"), ("c1:1", "budget", "c1", "community", "interview")]
    ctx = context(codebook, rows, cases)
    spec = AssertionSpec("r", ("budget",), if_code="budget", then_code="tech")
    rule = check(if_then, ctx, spec)
    assert rule.figures["support"] == 2 and rule.figures["counterexamples"] == 1
    assert rule.figures["consistency"] == 0.67 and rule.figures["coverage"] == 0.67 and rule.verdict == "warn"
    strat = check(spurious, ctx, spec)
    # overall P(tech|budget)=2/3, P(tech|no budget)=1/3 → 0.33; government 1-1=0; community 0-0=0
    assert strat.figures["overall"] == 0.33 and strat.figures["strata"] == {"government": 0.0, "community": 0.0}
    assert (strat.verdict, strat.reason) == ("warn", "vanishes")


def test_a_rule_whose_outcome_every_case_has_is_not_tested_and_no_relation_does_not_hold(codebook):
    # "then" raised by every informant: consistency 1 whatever the "if"; and a relation of
    # 0 or less overall passed the spuriousness check as one that "holds" within the strata
    cases = [("g1", "government"), ("g2", "government"), ("c1", "community"), ("c2", "community")]
    rows = [(f"{case}:1", "tech", case, role, "interview") for case, role in cases]
    rows += [("g1:2", "budget", "g1", "government", "interview"), ("c1:2", "budget", "c1", "community", "interview")]
    ctx = context(codebook, rows, cases)
    spec = AssertionSpec("r", ("budget",), if_code="budget", then_code="tech")
    rule = check(if_then, ctx, spec)
    assert (rule.verdict, rule.reason) == ("n/a", "consequent_everywhere")
    strat = check(spurious, ctx, spec)
    assert strat.figures["overall"] == 0.0 and (strat.verdict, strat.reason) == ("warn", "no_relation")
    from qualcode.conclude.wording import reason_text

    assert "no relation to test" in reason_text(strat.reason, strat.figures, "en")
    assert "tidak ada hubungan untuk diuji" in reason_text(strat.reason, strat.figures, "id")
    assert reason_text("holds", {"by": "role"}, "id") == "hubungan bertahan dalam strata peran"


def test_replication_counts_no_role_as_no_group(codebook):
    """Respondents without a role beside informants with one: representativeness says "2
    roles", so replication must not find a third in those without one."""
    rows = [("a:1", "budget", "a", "government", "interview"), ("b:1", "budget", "b", "community", "interview"),
            ("r1:1", "budget", "r1", None, "response"), ("r2:1", "budget", "r2", None, "response")]
    ctx = context(codebook, rows, CASES + [("r1", None), ("r2", None)])
    rep = check(replication, ctx)
    assert rep.figures["roles_recurring"] == ["community", "government"]
    assert rep.figures["roles_total"] == 3  # government, community, private
    assert check(representativeness, ctx).figures["roles"] == ["community", "government"]


def test_replication_outliers_rivals(codebook):
    rows = [("a:1", "budget", "a", "government", "interview"), ("b:1", "budget", "b", "community", "document"),
            ("c:1", "tech", "c", "community", "interview"), ("d:1", "tech", "d", "private", "interview")]
    ctx = context(codebook, profiled(rows), CASES)
    rep = check(replication, ctx)
    assert rep.figures["roles_recurring"] == ["community", "government"] and rep.verdict == "pass"
    out = check(outliers, ctx)
    assert out.verdict in ("pass", "warn") and out.figures["top_case"] in {"a", "b"}
    rival = check(rivals, ctx, AssertionSpec("x", ("budget",), rival="tech"))
    assert (rival.figures["for_informants"], rival.figures["rival_informants"], rival.verdict) == (2, 2, "warn")


def test_informants_of_one_coded_segment_each_have_no_outliers(codebook):
    """A complaint table's rows: each share is 0% or 100%, so none is an outlier to explain."""
    rows = [("a:1", "budget", "a", "government", "response"), ("b:1", "tech", "b", "community", "response"),
            ("c:1", "tech", "c", "community", "response"), ("d:1", "tech", "d", "private", "response")]
    result = check(outliers, context(codebook, rows, CASES))
    assert (result.verdict, result.reason, result.figures) == ("n/a", "single_segments",
                                                               {"cases": 0, "coded_cases": 4})
    assert reason_text(result.reason, result.figures, "id").startswith(
        "hampir setiap informan punya kurang dari 4 segmen terkode")


def test_strength_rules():
    from qualcode.conclude.checks import CheckResult

    def checks(**verdicts):
        names = ["representativeness", "triangulation", "weighting", "negative_evidence", "replication"]
        return [CheckResult(n, verdicts.get(n, "pass"), "x") for n in names]

    plenty = {"segments": 20, "informants": 5, "source_types": 3}
    assert strength_of(checks(), plenty) == "strong"
    assert strength_of(checks(replication="warn"), plenty) == "moderate"
    assert strength_of(checks(triangulation="fail"), plenty) == "weak"
    assert strength_of(checks(), {"segments": 2, "informants": 2, "source_types": 2}) == "insufficient"


def test_suggestions_need_sustainability_and_a_recommendation(codebook):
    ctx = context(codebook, [("a:1", "budget", "a", "government", "interview")], CASES)
    assert suggestion_basis(ctx, ("budget",))[0].segment_id == "a:1"  # the text says "perlu dijaga"
    # the same words in the researcher's own field note are a to-do, not the field's advice
    notes = context(codebook, [("n:1", "budget", None, None, "fieldnote"),
                               ("o:1", "budget", None, None, "observation")], CASES)
    assert suggestion_basis(notes, ("budget",)) == ()


def test_an_informants_advice_coded_otherwise_is_quoted_after_the_sustainability_ones(codebook):
    """The suggestions rest on advice coded `budget` here (the "sustainability" of this test)
    first, one per informant; an informant whose advice is coded otherwise is quoted too,
    after them. A document's clause coded otherwise is not an informant's advice."""
    ctx = context(codebook, [("a:1", "budget", "a", "government", "interview"),
                             ("b:1", "tech", "b", "community", "interview"),
                             ("a:2", "tech", "a", "government", "interview"),
                             ("d:1", "tech", None, None, "document")], CASES)
    assert [q.segment_id for q in suggestion_basis(ctx, ("budget",))] == ["a:1", "b:1"]


@pytest.mark.parametrize("text, advice", [
    ("Ke depan anggaran pemeliharaan sebaiknya dipisah dari belanja modal.", True),
    ("Harapannya aplikasinya jangan diganti-ganti lagi tiap ganti pimpinan.", True),
    ("The city should publish the maintenance budget every year.", True),
    ("Dulu warga harus datang ke rumah saya membawa map untuk tanda tangan.", False),  # had to
    ("We must have filled in that form three times last year.", False),
    ("Kalau mau ubah alokasinya, perlu persetujuan DPRD dulu.", False),  # a requirement, not advice
    ("Ke depan perlu ada unit khusus yang merawat perangkatnya.", True),
    ("Aplikasinya perlu diintegrasikan, jangan jalan sendiri-sendiri.", True),
    ("Saya usul, ke depan adakan konsultasi publik sebelum aplikasi dibuat.", True),
    ("Usul kami, operatornya diangkat jadi ASN.", True),
    ("Usulan anggaran buat ruang kendali dicoret Banggar.", False),  # a budget proposal
    ("I'd suggest a standing forum with the villages.", True),
    # an imperative is advice too, at a sentence's start; a noun opening a statement is not
    ("Put the governance in place before the technology.", True),
    ("It went well. So, invest in people before devices.", True),
    ("Libatkan warga sejak awal, dari perencanaan.", True),
    ("Tolong tingkatkan pelatihan operator desa.", True),
    ("Plan was to launch before the election.", False),
    ("Budget cuts hit us hard that year.", False),       # a noun that is also a verb of advice
    ("Focus groups were held in every kelurahan.", False),
    ("Plan for the whole life cost, not the launch.", True),
    ("The plan was to fund it from the village budget.", False),
])
def test_a_recommendation_is_told_from_what_people_had_to_do(text, advice):
    from qualcode.conclude.assertions import RECOMMENDATION_CUES

    assert bool(RECOMMENDATION_CUES.search(text)) is advice


def test_a_suggestions_basis_is_quoted_around_its_advice():
    from qualcode.conclude.assertions import RECOMMENDATION_CUES, RECOMMENDATION_WEIGHT
    from qualcode.display.quotes import excerpt

    text = ("Perawatan CCTV itu tiap tahun anggarannya kecil sekali, kamera mati berbulan-bulan. " * 4
            + "Saran saya, anggaran pemeliharaan dipisah dan dikunci di Perda.")
    sustainability_words = ((0, 9, 1.0),)
    advice = tuple((m.start(), m.end(), RECOMMENDATION_WEIGHT) for m in RECOMMENDATION_CUES.finditer(text))
    assert "Saran saya" not in excerpt(text, 200, sustainability_words)
    assert "Saran saya" in excerpt(text, 200, sustainability_words + advice)


def test_wording_catalogues_match():
    assert set(WORDING["id"]) == set(WORDING["en"])


def test_researcher_assertions_from_the_cli(small_project, runner):
    import json

    from tests.test_cli import invoke

    assert invoke(runner, small_project, "run").exit_code == 0
    added = invoke(runner, small_project, "assert", "add", "Budget limits bite where leaders commit",
                   "--code", "budget-constraints", "--if", "leadership-commitment",
                   "--then", "budget-constraints", "--rival", "supporting-factor")
    assert added.exit_code == 0 and "a1" in added.output
    # a code named by its label, as `display show` prints it, is that code
    by_label = invoke(runner, small_project, "assert", "add", "Channels work", "--code", "Saluran pengaduan",
                      "--contrary", "budget constraints")
    assert by_label.exit_code == 0, by_label.output
    listed = json.loads(invoke(runner, small_project, "conclude", "--format", "json").stdout)
    [channels] = [a for a in listed["assertions"] if a["statement"] == "Channels work"]
    assert channels["codes"] == ["complaint-channels"] and channels["contrary"] == ["budget-constraints"]
    for args, message in [(["x", "--code", "nope"], "unknown code"),
                          (["x", "--code", "budget-support", "--if", "leadership-commitment"], "go together")]:
        bad = invoke(runner, small_project, "assert", "add", *args)
        assert bad.exit_code == 1 and message in bad.output
    assert invoke(runner, small_project, "assert", "verdict", "a1", "--as", "modified",
                  "--memo", "two informants only").exit_code == 0
    assert invoke(runner, small_project, "assert", "verdict", "a1", "--as", "maybe").exit_code == 1
    ledger = json.loads(invoke(runner, small_project, "conclude", "--format", "json").stdout)
    [mine] = [a for a in ledger["assertions"] if a["id"] == "a1"]
    assert (mine["verdict"], mine["author"], mine["if"], mine["rival"]) == (
        "modified", "researcher", "leadership-commitment", "supporting-factor")
    checks = {c["name"]: c for c in mine["checks"]}
    # the two government/community informants who mention leadership also mention budget limits
    assert checks["if_then"]["figures"]["consistency"] == 1.0
    assert checks["rivals"]["verdict"] in ("pass", "warn")
    shown = invoke(runner, small_project, "assert", "show", "a1")
    assert "putusan Anda: diubah" in shown.stdout and "two informants only" in shown.stdout
    report = (small_project / "reports" / "conclusions.json")
    assert invoke(runner, small_project, "report", "--format", "md").exit_code == 0
    assert "a1" in report.read_text(encoding="utf-8")
    # the verdict and its memo stand under the ledger, in every format
    assert invoke(runner, small_project, "report").exit_code == 0
    md = (small_project / "reports" / "report.md").read_text(encoding="utf-8")
    assert "**Putusan peneliti.**" in md
    assert "- Budget limits bite where leaders commit — *diubah*: two informants only" in md
    html = (small_project / "reports" / "report.html").read_text(encoding="utf-8")
    assert "<em>diubah</em>: two informants only" in html
    import docx

    document = docx.Document(small_project / "reports" / "report.docx")
    texts = [p.text for p in document.paragraphs]
    assert "Budget limits bite where leaders commit — diubah: two informants only" in texts
    ledger_table = next(t for t in document.tables if t.rows[0].cells[0].text == "Asersi")
    header = [c.text for c in ledger_table.rows[0].cells]
    assert header[-2:] == ["Segmen pendukung", "Informan pendukung"]


def test_english_reasons_say_1_informant_not_1_informants():
    from qualcode.conclude.wording import reason_text

    assert reason_text("spread", {"informants": 1, "roles": ["government"]}, "en") == "1 informant giving support, in 1 role"
    assert reason_text("spread", {"informants": 3, "roles": ["a", "b"]}, "en") == "3 informants giving support, in 2 roles"
    # Indonesian nouns do not inflect: nothing to change
    assert reason_text("spread", {"informants": 1, "roles": ["x"]}, "id") == "1 informan memberi bukti pendukung, dari 1 peran"
    # with its denominators, as a run now records them
    assert reason_text("spread", {"informants": 4, "roles": ["a", "b"], "informants_total": 10, "roles_total": 5},
                       "id") == "4 dari 10 informan (2 dari 5 peran) memberi bukti pendukung"
    assert reason_text("spread", {"informants": 3, "roles": [], "informants_total": 250, "roles_total": 0},
                       "en") == "3 of 250 informants giving support"


def test_evidence_ids_are_in_reading_order():
    from qualcode.conclude.evidence import segment_order

    assert segment_order(["x:10", "x:2", "a:1", "x:2"]) == ("a:1", "x:2", "x:10")


def test_names_never_say_and_one_other():
    from qualcode.conclude.wording import names

    assert names(["inf02", "inf03", "inf04", "inf05"], "id") == "inf02, inf03, inf04, dan inf05"
    assert names(["a", "b", "c", "d", "e"], "en") == "a, b, c and 2 others"


def test_indonesian_lists_put_a_comma_before_the_last_dan():
    """PUEBI: "kertas, pena, dan tinta"; two items take none, and English keeps its own usage."""
    from qualcode.conclude.wording import names

    assert names(["a", "b"], "id") == "a dan b"
    assert names(["a", "b", "c"], "id") == "a, b, dan c"
    assert names(["a", "b", "c", "d", "e"], "id") == "a, b, c, dan 2 lainnya"
    assert names(["a", "b", "c", "d", "e"], "id", None) == "a, b, c, d, dan e"
    assert names(["a", "b", "c"], "en") == "a, b and c"


def test_dates_and_counts_are_written_as_a_reader_writes_them():
    from qualcode.conclude.wording import count, long_date

    assert long_date("2026-11-30", "id") == "30 November 2026"
    assert long_date("2026-02-01T09:15:00+00:00", "id") == "1 Februari 2026"
    assert long_date("2026-08-17", "en") == "17 August 2026"
    assert count(12345, "id") == "12.345"
    assert count(12345, "en") == "12,345"


def test_a_framework_without_a_sustainability_code_still_has_its_recommendations(codebook):
    """The basis of the report's suggestions was looked for under `sustainability` only: with
    a framework of one's own (this one has no such code), the section vanished. Then every
    coded segment with a recommendation cue counts."""
    assert "sustainability" not in codebook.by_id()
    ctx = context(codebook, [("a:1", "tech", "a", "government", "interview")], CASES)
    assert [q.segment_id for q in suggestion_basis(ctx)] == ["a:1"]  # "perlu dijaga"
    # a document's advice counts there too, as it does on sustainability where there is such a code
    with_document = context(codebook, [("a:1", "tech", "a", "government", "interview"),
                                       ("d:1", "tech", None, None, "document")], CASES)
    with_document.evidence.loc[with_document.evidence["segment_id"] == "d:1", "text"] = (
        "Setiap perangkat daerah sebaiknya menyusun rencana pemeliharaan aplikasi setiap tahun.")
    assert {q.segment_id for q in suggestion_basis(with_document)} == {"a:1", "d:1"}


def test_a_code_named_in_the_rule_is_never_evidence_against_it(codebook):
    """"If budget, then cuts": the cuts (a negative subcode of budget) are what the rule is
    about, so they are not counted against the assertion, as they are by default."""
    from qualcode.conclude.sides import contrary_codes_of

    assert "cuts" in contrary_codes_of(AssertionSpec("a", ("budget",)), codebook)
    assert "cuts" not in contrary_codes_of(AssertionSpec("a", ("budget",), if_code="budget", then_code="cuts"), codebook)
    assert "obstacle" in contrary_codes_of(AssertionSpec("a", ("budget",), then_code="cuts"), codebook)
    # named as contrary by the researcher, it stays contrary
    assert "cuts" in contrary_codes_of(AssertionSpec("a", ("budget",), contrary=("cuts",), then_code="cuts"), codebook)


@pytest.mark.parametrize("roles, warned", [
    (("government", "legislature"), True),
    (("Official", "pejabat"), True),  # a project's own words for office holders, in any case
    (("official", "community"), False),
])
def test_elite_bias_knows_office_holders_by_common_names(codebook, roles, warned):
    from qualcode.conclude.checks import representativeness

    rows = [(f"{case}:1", "budget", case, role, "interview") for case, role in zip("ab", roles)]
    ctx = context(codebook, rows, [(case, role) for case, role in zip("ab", roles)])
    result = representativeness(AssertionSpec("x", ("budget",)), ctx.evidence, ctx)
    assert (result.reason == "elite_bias") is warned
