"""The chain of evidence, first-hand vs hearsay weighting, and pattern codes' `members` in the
codebook, on hand-built fixtures."""

import pandas as pd
import pytest

from qualcode.codebook import lint_codebook, load_codebook
from qualcode.conclude.assertions import conclusions_json, evaluate
from qualcode.conclude.chain import broken_links, chain_of_evidence, link_line
from qualcode.conclude.checks import weighting
from qualcode.conclude.sides import AssertionSpec, Context, support_rows
from qualcode.conclude.wording import reason_text
from qualcode.errors import CodebookError

CODEBOOK = """\
name: T
framework: {name: T, dimensions: [budget, tech], cross_cutting: [obstacle]}
codes:
  - {id: budget, kind: dimension, label: {id: Anggaran, en: Budget}, definition: x}
  - {id: cuts, kind: subcode, parent: budget, polarity: negative, label: {id: Potong, en: Cuts}, definition: x}
  - {id: plan, kind: subcode, parent: budget, label: {id: Rencana, en: Plan}, definition: x}
  - {id: tech, kind: dimension, label: {id: Teknologi, en: Technology}, definition: x}
  - {id: obstacle, kind: factor, polarity: negative, label: {id: Hambatan, en: Obstacle}, definition: x}
  - {id: hearsay, kind: factor, label: {id: Kabar orang, en: Hearsay}, definition: x}
  - {id: rumour, kind: subcode, parent: hearsay, label: {id: Desas-desus, en: Rumour}, definition: x}
"""


@pytest.fixture(scope="module")
def codebook(tmp_path_factory):
    path = tmp_path_factory.mktemp("cb") / "cb.yaml"
    path.write_text(CODEBOOK, encoding="utf-8")
    return load_codebook(path)


def context(codebook, rows, cases, source_attributes=None):
    """rows: (segment, code, case, source_type); the source is the part of the id before ':'."""
    frame = pd.DataFrame(rows, columns=["segment_id", "code_id", "case_id", "source_type"])
    roles = dict(zip(cases["case_id"], cases["role"]))
    frame["role"] = frame["case_id"].map(roles)
    frame["dimension"] = frame["code_id"].map(codebook.top_level)
    frame["source_id"] = frame["segment_id"].str.split(":").str[0]
    frame["coder"], frame["status"], frame["score"] = "auto", "suggested", 1.0
    frame["text"] = "Anggaran kota ini perlu dijaga supaya programnya terus berjalan dengan baik."
    return Context(frame, cases, codebook, source_types_total=frame["source_type"].nunique(),
                   source_attributes=source_attributes or {})


CASES = pd.DataFrame([("a", "government", None), ("b", "community", None), ("c", "community", "hearsay")],
                     columns=["case_id", "role", "evidence"])
ROWS = [("a:1", "budget", "a", "interview"), ("a:2", "cuts", "a", "interview"),
        ("a:3", "tech", "a", "interview"), ("b:1", "plan", "b", "interview"),
        ("b:2", "obstacle", "b", "interview"), ("c:1", "tech", "c", "interview"),
        ("doc:1", "budget", None, "document")]


# ----------------------------------------------------------------------- chain of evidence
def test_a_machine_draft_is_one_claim_citing_its_supporting_segments(codebook):
    ctx = context(codebook, ROWS, CASES)
    [claim] = chain_of_evidence(AssertionSpec("machine-budget", ("budget",)), ctx)
    # budget and its subcode plan; cuts is negative, so it is counter-evidence, not support
    assert (claim.kind, claim.stance, claim.supported) == ("claim", "for", True)
    assert claim.segments == ("a:1", "b:1", "doc:1") and claim.case_ids == ("a", "b")
    assert link_line(claim, "en") == "claim: Budget: 3 segments from 2 informants"
    [klaim] = chain_of_evidence(AssertionSpec("machine-budget", ("budget",)), ctx, "id")
    assert link_line(klaim, "id") == "klaim: Anggaran: 3 segmen dari 2 informan"


def test_a_researchers_chain_links_claims_rule_contrary_and_rival(codebook):
    ctx = context(codebook, ROWS, CASES)
    spec = AssertionSpec("a1", ("tech", "plan"), "Tech follows plans", contrary=("obstacle",),
                         rival="cuts", if_code="budget", then_code="tech", author="r")
    links = chain_of_evidence(spec, ctx, "en")
    assert [(link.kind, link.code_id) for link in links] == [
        ("claim", "tech"), ("claim", "plan"), ("if", "budget"), ("then", "tech"),
        ("contrary", "obstacle"), ("rival", "cuts")]
    by_kind = {(link.kind, link.code_id): link for link in links}
    # IF budget (with all its subcodes: a:1, a:2 cuts, b:1 plan, doc:1) -> cases a, b
    assert by_kind[("if", "budget")].segments == ("a:1", "a:2", "b:1", "doc:1")
    # THEN tech, only where the rule is borne out: a:3 (case a); c:1 is in a case without budget
    assert by_kind[("then", "tech")].segments == ("a:3",)
    assert by_kind[("contrary", "obstacle")].segments == ("b:2",)
    assert by_kind[("rival", "cuts")].stance == "against"
    assert broken_links(links) == ()


def test_links_without_segments_are_unsupported(codebook):
    ctx = context(codebook, [("a:1", "budget", "a", "interview")], CASES)
    spec = AssertionSpec("a2", ("budget", "tech"), "x", contrary=("obstacle",), author="r")
    claim_budget, claim_tech, contrary = chain_of_evidence(spec, ctx, "en")
    assert claim_tech.segments == () and not claim_tech.supported
    assert broken_links((claim_budget, claim_tech, contrary)) == (claim_tech,)  # contrary: nothing against
    assert link_line(claim_tech, "en") == "claim: Technology: unsupported, no segment cites it"
    assert link_line(contrary, "en") == "contrary: Obstacle: nothing found against the assertion"
    assert link_line(chain_of_evidence(spec, ctx, "id")[1], "id") == (
        "klaim: Teknologi: tidak didukung, tidak ada segmen yang merujuknya")


def test_a_rule_whose_outcome_no_informant_has_is_said_so_and_is_at_most_weak(codebook):
    """The outcome is coded only in a document: its link says where its segments are, the
    "then" says none is from a case with the condition, the if-then test prints no undefined
    coverage, and an assertion whose rule fails is weak, whatever else holds."""
    rows = [(f"{case}:{k}", "budget", case, "interview") for case in "abc" for k in (1, 2)]
    rows += [("doc:1", "tech", None, "document"), ("doc:2", "tech", None, "document")]
    cases = pd.DataFrame([(c, r, None) for c, r in (("a", "government"), ("b", "community"), ("c", "academia"))],
                         columns=["case_id", "role", "evidence"])
    ctx = context(codebook, rows, cases)
    spec = AssertionSpec("r1", ("budget",), "Budgets bring technology", if_code="budget", then_code="tech",
                         author="r")
    conclusion = evaluate(spec, ctx, "en")
    lines = {link["kind"]: link["text"] for link in conclusions_json([conclusion], "en")["assertions"][0]["chain"]}
    assert lines["then"] == "then: Technology: unsupported, no segment on it from a case that meets the condition"
    rule = next(check for check in conclusion.checks if check.name == "if_then")
    said = {language: reason_text(rule.reason, rule.figures, language) for language in ("en", "id")}
    assert rule.verdict == "fail" and "None" not in said["en"] and "None" not in said["id"]
    assert said["en"] == "consistency 0: no case has the outcome; 3 counterexamples"
    assert conclusion.strength == "weak"
    document_only = chain_of_evidence(AssertionSpec("r2", ("tech",), author="r"), ctx, "id")[0]
    assert link_line(document_only, "id") == (
        "klaim: Teknologi: 2 segmen, tak satu pun dari informan (dokumen, catatan lapangan)")


def test_the_chain_is_in_conclusions_json(codebook):
    ctx = context(codebook, ROWS, CASES)
    spec = AssertionSpec("a1", ("tech", "plan"), "Tech follows plans", if_code="budget", then_code="tech",
                         author="r")
    conclusion = evaluate(spec, ctx, "en")
    [item] = conclusions_json([conclusion], "en")["assertions"]
    assert [link["kind"] for link in item["chain"]] == ["claim", "claim", "if", "then"]
    first = item["chain"][0]
    assert first == {"kind": "claim", "stance": "for", "code": "tech", "status": "supported",
                     "text": "claim: Technology: 2 segments from 2 informants",
                     "segments": ["a:3", "c:1"], "cases": ["a", "c"]}


# ----------------------------------------------------------------- first-hand vs hearsay
def weigh(codebook, rows, cases=CASES, source_attributes=None, codes=("budget",)):
    ctx = context(codebook, rows, cases, source_attributes)
    spec = AssertionSpec("x", codes)
    return weighting(spec, support_rows(spec, ctx), ctx)


def test_first_hand_evidence_counts_in_full(codebook):
    result = weigh(codebook, [("a:1", "budget", "a", "interview"), ("doc:1", "budget", None, "document")])
    # interview 1.0 + document 1.5, nothing hearsay
    assert result.figures["weighted_support"] == 2.5 and result.figures["hearsay_segments"] == 0
    assert (result.reason, result.verdict) == ("weighted", "fail")


def test_a_segment_coded_hearsay_counts_half(codebook):
    rows = [("a:1", "budget", "a", "interview"), ("a:2", "budget", "a", "interview"),
            ("a:2", "hearsay", "a", "interview"), ("a:3", "budget", "a", "interview"),
            ("a:3", "rumour", "a", "interview"), ("doc:1", "budget", None, "document")]
    result = weigh(codebook, rows)
    # a:1 1.0 + a:2 1.0×0.5 + a:3 1.0×0.5 (rumour is a subcode of hearsay) + doc:1 1.5 = 3.5
    assert result.figures["weighted_support"] == 3.5 and result.figures["hearsay_segments"] == 2
    assert (result.reason, result.verdict) == ("weighted_hearsay", "warn")
    assert reason_text(result.reason, result.figures, "en") == (
        "weighted score 3.5 for 4 supporting segments (interview ×1; document ×1.5); "
        "hearsay counts ×0.5 (2 segments)")
    assert reason_text(result.reason, result.figures, "id") == (
        "skor berbobot 3,5 untuk 4 segmen pendukung (wawancara ×1; dokumen ×1,5); "
        "2 segmen kabar dari orang lain dihitung ×0,5")


def test_a_case_or_source_marked_hearsay_counts_half(codebook):
    rows = [("a:1", "tech", "a", "interview"), ("c:1", "tech", "c", "interview"),
            ("doc:1", "tech", None, "document")]
    # case c has `evidence: hearsay`: 1.0 + 0.5 + 1.5
    assert weigh(codebook, rows, codes=("tech",)).figures["weighted_support"] == 3.0
    # and the document's own front matter says so too: 1.0 + 0.5 + 1.5 × 0.5
    marked = weigh(codebook, rows, source_attributes={"doc": {"evidence": "Hearsay"}, "a": {}}, codes=("tech",))
    assert marked.figures["weighted_support"] == 2.25 and marked.figures["hearsay_segments"] == 2


# ------------------------------------------------------------------ pattern codes' members
def test_a_pattern_code_lists_its_members(tmp_path):
    path = tmp_path / "cb.yaml"
    path.write_text(CODEBOOK + "  - {id: money-talk, kind: theme, label: {id: Uang, en: Money}, "
                               "definition: x, members: [budget, plan]}\n", encoding="utf-8")
    codebook, issues = lint_codebook(path)
    assert codebook.by_id()["money-talk"].members == ("budget", "plan")
    assert codebook.by_id()["budget"].members == ()
    # a pattern code has no keywords of its own, and that is not worth a warning
    assert not [i for i in issues if "money-talk" in i.message]


@pytest.mark.parametrize("members, message", [
    ("[budget, nope]", "money-talk: member 'nope' is not another code of this codebook"),
    ("[money-talk]", "money-talk: member 'money-talk' is not another code of this codebook"),
    ("budget", "money-talk: members must be a list of code ids"),
])
def test_bad_members_are_errors_with_their_line(tmp_path, members, message):
    path = tmp_path / "cb.yaml"
    path.write_text(CODEBOOK + f"  - {{id: money-talk, kind: theme, label: Money, definition: x, "
                               f"members: {members}}}\n", encoding="utf-8")
    with pytest.raises(CodebookError) as raised:
        load_codebook(path)
    assert raised.value.line == 11 and message in str(raised.value)


def test_a_rules_claim_cites_the_support_the_checks_count(codebook):
    # the obstacle named as the rule's "then" is no counter-evidence to the claim: its
    # segments support the claim in the checks, and so in the chain's claim link
    rows = [*ROWS, ("b:1", "obstacle", "b", "interview"), ("a:1", "obstacle", "a", "interview")]
    ctx = context(codebook, rows, CASES)
    spec = AssertionSpec("r2", ("budget",), "Budgets meet obstacles", if_code="budget", then_code="obstacle",
                         author="r")
    claim = chain_of_evidence(spec, ctx)[0]
    assert claim.kind == "claim"
    supported = set(support_rows(spec, ctx)["segment_id"])
    assert set(claim.segments) == supported and {"a:1", "b:1"} <= supported
    # without the rule the obstacle is counter-evidence, and those segments are not cited
    plain = chain_of_evidence(AssertionSpec("r3", ("budget",), "Budgets", author="r"), ctx)[0]
    assert not {"a:1", "b:1"} & set(plain.segments)
