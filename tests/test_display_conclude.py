"""Case × code matrix and prevalence: every case a row, every number traceable, every denominator shown."""

import pandas as pd
import pytest

from qualcode.codebook import load_codebook
from qualcode.conclude.tactics import prevalence, prevalence_assertions
from qualcode.display.frames import cases_frame, codings_frame, segments_frame
from qualcode.display.matrices import case_by_code_matrix
from qualcode.model import Case, Coding, Segment, Source
from tests.test_codebook import VALID


@pytest.fixture
def inputs(tmp_path):
    path = tmp_path / "cb.yaml"
    path.write_text(VALID, encoding="utf-8")
    codebook = load_codebook(path)

    def src(source_id, case_id, source_type, n):
        segments = tuple(Segment(source_id, i, 0, 1, "x") for i in range(1, n + 1))
        return Source(source_id, f"{source_id}.txt", "h", "x", source_type, "id", None, case_id,
                      {}, segments)

    sources = [src("a", "case-a", "interview", 3), src("b", "case-b", "interview", 2),
               src("doc", None, "document", 1), src("c", "case-c", "interview", 1)]
    cases = [Case("case-a", {"role": "government"}), Case("case-b", {"role": "community"}),
             Case("case-c", {"role": "community"})]
    codings = [Coding("a:1", "budget", "auto"), Coding("a:2", "budget-cuts", "auto"),
               Coding("a:2", "budget", "r", origin="manual", status="accepted"),
               Coding("b:1", "budget-cuts", "auto"), Coding("doc:1", "budget", "auto")]
    return codebook, segments_frame(sources), codings_frame(codings), cases_frame(cases)


def test_matrix_has_one_row_per_case_even_uncoded(inputs):
    codebook, segments, codings, cases = inputs
    display = case_by_code_matrix(codings, segments, cases, codebook)
    assert list(display.table.index) == ["case-b", "case-c", "case-a"]  # grouped by role
    assert display.table.loc["case-a", "budget"] == 2  # a:1 and a:2 (two coders, one segment)
    assert display.table.loc["case-b", "budget"] == 1  # subcode rolled up
    assert display.table.loc["case-c", "budget"] == 0
    assert display.evidence[("case-a", "budget")] == ("a:1", "a:2")


def test_matrix_at_code_depth_and_presence(inputs):
    codebook, segments, codings, cases = inputs
    display = case_by_code_matrix(codings, segments, cases, codebook, depth="code", mode="presence")
    assert list(display.table.columns) == ["role", "budget", "budget-cuts"]
    assert display.table.loc["case-a"].tolist() == ["government", 1, 1]
    assert display.table.loc["case-c"].tolist() == ["community", 0, 0]
    frame = display.evidence_frame()
    assert set(frame.columns) == {"row", "column", "n_segments", "segment_ids"}


def test_prevalence_keeps_every_denominator(inputs):
    codebook, segments, codings, cases = inputs
    [budget] = prevalence(codings, segments, cases, codebook)
    assert budget.segments == 4                       # a:1, a:2, b:1, doc:1
    assert (budget.informants, budget.informants_total) == (2, 3)
    assert (budget.roles, budget.roles_total) == (("community", "government"), 2)
    assert (len(budget.source_types), budget.source_types_total) == (2, 2)
    assert budget.evidence == ("a:1", "a:2", "b:1", "doc:1")
    assert budget.is_pattern  # 2 of 3 informants, 2 roles
    [assertion] = prevalence_assertions([budget], codebook)
    assert "2 of 3 informants" in assertion.statement and assertion.evidence == budget.evidence


def test_informants_without_roles_make_a_pattern_across_sites(inputs):
    """A table's rows have no role: a pattern spans the groups of another attribute."""
    codebook, segments, codings, _ = inputs
    cases = cases_frame([Case("case-a", {"kecamatan": "Utara"}), Case("case-b", {"kecamatan": "Selatan"}),
                         Case("case-c", {"kecamatan": "Selatan"})])
    [by_role] = prevalence(codings, segments, cases, codebook)
    assert (by_role.roles, by_role.roles_total, by_role.is_pattern) == ((), 0, False)
    [budget] = prevalence(codings, segments, cases, codebook, across="kecamatan")
    assert (budget.roles, budget.roles_total, budget.across) == (("Selatan", "Utara"), 2, "kecamatan")
    assert budget.is_pattern  # 2 of 3 informants, in both districts
    [assertion] = prevalence_assertions([budget], codebook)
    assert "2 of 2 kecamatan groups" in assertion.statement and assertion.figures["across"] == "kecamatan"


def test_one_informant_is_not_a_pattern(inputs):
    codebook, segments, codings, cases = inputs
    only_a = codings[codings["segment_id"].str.startswith("a:")]
    [budget] = prevalence(only_a, segments, cases, codebook)
    assert (budget.informants, budget.is_pattern) == (1, False)


def test_a_study_of_one_role_has_patterns_in_that_role(inputs):
    """Riders only: half of the informants or more is a pattern, as two roles cannot be."""
    codebook, segments, codings, _ = inputs
    cases = cases_frame([Case("case-a", {"role": "rider"}), Case("case-b", {"role": "rider"}),
                         Case("case-c", {"role": "rider"})])
    [budget] = prevalence(codings, segments, cases, codebook)
    assert (budget.roles, budget.roles_total, budget.informants) == (("rider",), 1, 2)
    assert budget.is_pattern



def test_a_one_group_studys_report_says_its_patterns_are_across_informants(inputs):
    from qualcode.report.i18n import catalogue

    assert "across informants and roles" in catalogue("en")["pattern_yes"]
    assert catalogue("en", one_group=True)["pattern_yes"] == "Talk of it forms a pattern across informants."
    assert catalogue("id", one_group=True)["pattern_yes"] == "Pembahasannya membentuk pola lintas informan."
