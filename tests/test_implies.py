"""A code's `implies`: its strong keywords count for the codes it names too, as if listed there
(the shipped codebook's budget constraints are inhibiting factors)."""

from __future__ import annotations

import pytest

from qualcode.codebook import load_codebook
from tests.test_autocode import coded
from tests.test_cli import invoke
from tests.test_coding_commands import coded_project  # noqa: F401 - fixture

CODEBOOK = """\
name: Implies
framework: {name: Implies, dimensions: [budget, helps, obstacle]}
codes:
  - id: budget
    kind: dimension
    label: {id: Anggaran, en: Budget}
    definition: Money.
    keywords: {id: [anggaran]}
  - id: cuts
    kind: subcode
    parent: budget
    polarity: negative
    implies: [obstacle]
    label: {id: Pemotongan, en: Cuts}
    definition: Cuts.
    keywords: {id: [pemotongan, dipangkas]}
    context: {id: [menipis]}
  - id: helps
    kind: factor
    polarity: positive
    label: {id: Pendukung, en: Helps}
    definition: Helps.
    keywords: {id: [mendukung]}
  - id: obstacle
    kind: factor
    polarity: negative
    label: {id: Penghambat, en: Obstacle}
    definition: Hinders.
    keywords: {id: [kendala]}
    context: {id: [lambat]}
"""


@pytest.fixture(scope="module")
def codebook(tmp_path_factory):
    path = tmp_path_factory.mktemp("implies") / "codebook.yaml"
    path.write_text(CODEBOOK, encoding="utf-8")
    return load_codebook(path)


@pytest.mark.parametrize("text, wanted", [
    ("Dananya dipangkas lagi tahun ini.", {"cuts", "obstacle"}),    # a cut is an obstacle
    ("Tahun ini tidak ada pemotongan.", {"helps"}),                   # no cut: a help, as no obstacle is
    ("Dananya menipis, prosesnya lambat.", set()),                    # context terms are not implied
    ("Kendalanya banyak.", {"obstacle"}),                             # the obstacle implies nothing back
])
def test_a_codes_keywords_count_for_the_code_it_implies(codebook, text, wanted):
    assert {code for _, code in coded(codebook, [text])} == wanted


def test_the_implied_code_shows_the_term_that_met_it(codebook):
    found = coded(codebook, ["Anggarannya dipangkas."])
    assert [m.term for m in found[("s:1", "obstacle")].matched] == [m.term for m in found[("s:1", "cuts")].matched]
    assert {code for _, code in found} == {"cuts", "obstacle"}  # the subcode, not its parent


def test_rename_rewrites_implies(coded_project, runner):  # noqa: F811
    path = coded_project / "codebooks" / "smart-city.yaml"
    assert "implies: [inhibiting-factor]" in path.read_text(encoding="utf-8")
    result = invoke(runner, coded_project, "codebook", "rename", "inhibiting-factor", "obstacles")
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    assert "implies: [obstacles]" in text and "inhibiting-factor" not in text
    assert load_codebook(path).by_id()["budget-constraints"].implies == ("obstacles",)


def test_a_refi_codebooks_implies_names_the_codes_as_imported():
    from qualcode.interop.refi_codes_plan import plan_codes
    from qualcode.interop.refi_import import RefiCode

    def refi(guid, name, trailer):
        return RefiCode(guid, name, None, True, None, f"A code.\n\nqualcode: {trailer}")

    codes = [refi("g1", "Cuts", "id=cuts; kind=theme; polarity=negative; implies=obstacle,gone"),
             refi("g2", "Obstacle", "id=obstacle; kind=factor; polarity=negative")]
    plan = plan_codes(codes, [], None, "en")
    [cuts] = [code for code in plan.new_codes if code.id == "cuts"]
    assert cuts.implies == (plan.code_map["g2"],) == ("obstacle",)
    assert any("cuts: implies 'gone', which the file does not hold" in note for note in plan.skipped)
