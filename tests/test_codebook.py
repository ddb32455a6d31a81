"""Codebook loading and lint: errors carry file and line; the shipped codebook is clean."""

from pathlib import Path

import pytest

from qualcode.codebook import lint_codebook, load_codebook
from qualcode.errors import CodebookError

REPO = Path(__file__).resolve().parents[1]
SHIPPED = REPO / "qualcode" / "data" / "codebooks" / "smart-city.yaml"

VALID = """\
name: Tiny
framework:
  name: Tiny framework
  dimensions: [budget]
codes:
  - id: budget
    kind: dimension
    label: {id: Anggaran, en: Budget}
    definition: Money.
    keywords: {id: [anggaran], en: [budget]}
  - id: budget-cuts
    kind: subcode
    parent: budget
    label: {id: Pemotongan, en: Cuts}
    definition: Less money.
    keywords: {id: [pemotongan anggaran], en: [budget cut]}
    context: {id: [potong], en: [cut]}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "codebook.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_codebook_has_no_errors_and_the_four_strategies():
    codebook, issues = lint_codebook(SHIPPED)
    assert [i for i in issues if i.severity == "error"] == []
    assert codebook.framework.dimensions == (
        "political-environment", "technology", "budget-support", "stakeholder-participation")
    assert {"supporting-factor", "inhibiting-factor", "sustainability",
            "public-service-quality"} <= set(codebook.framework.cross_cutting)
    children = {c.id for c in codebook.children("technology")}
    assert {"hardware", "software", "brainware"} <= children
    for code in codebook.codes:
        assert code.label.get("id") and code.label.get("en"), code.id
        assert code.definition_in("id") != code.definition_in("en"), code.id
        assert {k.language for k in code.keywords} == {"id", "en"}, code.id


def test_a_frameworks_word_for_a_dimension(tmp_path):
    """The shipped framework says strategi / strategy; one without the key says dimensi /
    dimension; one word serves every language; a list is refused at the framework's line."""
    assert [load_codebook(SHIPPED).framework.term_in(lang) for lang in ("id", "en")] == ["strategi", "strategy"]
    assert load_codebook(write(tmp_path, VALID)).framework.term_in("id") == "dimensi"
    one = VALID.replace("  name: Tiny framework\n", "  name: Tiny framework\n  dimension_term: pilar\n")
    assert [load_codebook(write(tmp_path, one)).framework.term_in(lang) for lang in ("id", "en")] == ["pilar", "pilar"]
    listed = VALID.replace("  name: Tiny framework\n", "  name: Tiny framework\n  dimension_term: [a, b]\n")
    with pytest.raises(CodebookError, match=r"codebook.yaml:3: framework: dimension_term must be text or a mapping"):
        load_codebook(write(tmp_path, listed))


def test_repository_codebook_is_the_packaged_one():
    # One source of truth: codebooks/ points at the package data `qualcode init` ships.
    assert (REPO / "codebooks" / "smart-city.yaml").read_bytes() == SHIPPED.read_bytes()


def test_valid_codebook_loads_with_weights_and_version(tmp_path):
    codebook = load_codebook(write(tmp_path, VALID))
    cuts = codebook.by_id()["budget-cuts"]
    assert cuts.parent == "budget"
    weights = {k.term: k.weight for k in cuts.keywords}
    assert weights == {"pemotongan anggaran": 1.0, "budget cut": 1.0, "potong": 0.5, "cut": 0.5}
    assert len(codebook.version) == 12
    assert codebook.top_level("budget-cuts") == "budget"


@pytest.mark.parametrize("broken, message, line", [
    (VALID.replace("id: budget-cuts", "id: budget"), "duplicate code id 'budget'", 11),
    (VALID.replace("parent: budget", "parent: money"), "unknown parent 'money'", 11),
    (VALID.replace("kind: subcode", "kind: subtheme"), "unknown kind 'subtheme'", 11),
    (VALID.replace("    label: {id: Pemotongan, en: Cuts}\n", ""), "missing label", 11),
    # a label YAML reads as a number, a code id as a date: said as written, not as Python sees it
    (VALID.replace("label: {id: Pemotongan, en: Cuts}", "label: 42"), 'budget-cuts: label must be text (quote it', 11),
    (VALID.replace("id: budget-cuts", "id: 2024-01-01"), "code id '2024-01-01' must be a lowercase slug (quote it", 11),
    (VALID.replace("keywords: {id: [pemotongan anggaran], en: [budget cut]}",
                   "keywords: {id: pemotongan anggaran}"), "must be a list of terms", 11),
    (VALID.replace("dimensions: [budget]", "dimensions: [budgets]"), "unknown code 'budgets'", 3),
    # a codebook's name below comments: the line of the key, not the document's first line
    ("# Tiny codebook\n\n" + VALID.replace("name: Tiny\n", "").replace("codes:", "name: [Tiny, Kecil]\ncodes:"),
     "codebook: name must be text or a mapping", 6),
    (VALID.replace("definition: Less money.", "include: [cuts]"), "budget-cuts: include must be text", 11),
    (VALID.replace("definition: Less money.", "definition: {id: [uang]}"), "budget-cuts: definition.id must be text", 11),
    (VALID.replace("label: {id: Pemotongan, en: Cuts}", "label: {id: Pemotongan, en: [Cuts]}"),
     "budget-cuts: label.en must be text", 11),
    (VALID.replace("dimensions: [budget]", "dimensions: [budget, budget]"), "names 'budget' more than once", 3),
    (VALID.replace("dimensions: [budget]", "dimensions: [budget, budget-cuts]"), "'budget-cuts', a subcode", 3),
    (VALID.replace("dimensions: [budget]", "dimensions: [[budget]]"), "must list code ids", 3),
    (VALID.replace("    parent: budget\n", "    parent: budget\n    implies: [budgets]\n"),
     "budget-cuts: implies 'budgets', which is not another code of this codebook (did you mean budget?)", 11),
    (VALID.replace("    parent: budget\n", "    parent: budget\n    implies: [budget-cuts]\n"),
     "budget-cuts: implies 'budget-cuts', which is not another code", 11),
    (VALID.replace("    parent: budget\n", "    parent: budget\n    implies: budget\n"),
     "budget-cuts: implies must be a list of code ids", 11),
])
def test_lint_errors_name_the_line(tmp_path, broken, message, line):
    path = write(tmp_path, broken)
    _, issues = lint_codebook(path)
    errors = [i for i in issues if i.severity == "error"]
    assert any(message in i.message and i.line == line for i in errors), errors
    with pytest.raises(CodebookError) as caught:
        load_codebook(path)
    assert str(path) in str(caught.value)


def test_parent_cycle_is_an_error(tmp_path):
    text = VALID.replace("    kind: dimension\n", "    kind: dimension\n    parent: budget-cuts\n")
    _, issues = lint_codebook(write(tmp_path, text))
    assert any("parent cycle" in i.message for i in issues if i.severity == "error")


def test_a_chain_of_parents_thousands_deep_is_walked_once_and_its_cycle_reported_once(tmp_path):
    """A REFI-QDA file may nest codes 3,000 deep: each code's walk up the chain used to
    search its trail as a list (41 s to import); the cycle at the chain's top is one error."""
    depth = 3000
    lines = ["codes:"] + [f"  - {{id: c{n}, kind: theme, label: C{n}, definition: d"
                          + (f", parent: c{n - 1}" if n else f", parent: c{depth - 1}") + "}"
                          for n in range(depth)]
    _, issues = lint_codebook(write(tmp_path, "\n".join(lines) + "\n"))
    cycles = [i for i in issues if "parent cycle" in i.message]
    assert len(cycles) == 1 and cycles[0].message.count("->") == depth


@pytest.mark.parametrize("depth, refused", [(100, False), (101, True), (3000, True)])
def test_codes_nested_past_a_hundred_levels_are_refused(tmp_path, depth, refused):
    """A hostile or generated file nesting codes a thousand deep passed lint, then crashed
    `codebook show` and the displays (Python's stack): it is refused whole, at its deepest code."""
    lines = ["codes:"] + [f"  - {{id: c{n}, kind: theme, label: C{n}, definition: d"
                          + (f", parent: c{n - 1}" if n else "") + "}" for n in range(depth)]
    _, issues = lint_codebook(write(tmp_path, "\n".join(lines) + "\n"))
    errors = [i for i in issues if i.severity == "error"]
    if not refused:
        assert errors == []
        return
    [error] = errors
    assert error.line == depth + 1
    assert error.message == f"c{depth - 1}: nested {depth:,} levels deep; codes may nest at most 100 levels"


def test_yaml_syntax_error_reports_its_line(tmp_path):
    path = write(tmp_path, VALID.replace("definition: Money.", "definition: [Money."))
    with pytest.raises(CodebookError) as caught:
        lint_codebook(path)
    assert caught.value.line is not None and caught.value.line >= 9
    assert "YAML" in caught.value.message
    # what was being read, then what went wrong: two phrases, not one run-on line
    assert "while parsing a flow sequence: did not find expected ',' or ']'" in caught.value.message


def test_warnings_for_missing_definition_and_keywords(tmp_path):
    text = VALID + "  - id: orphan-idea\n    kind: theme\n    label: {id: Ide, en: Idea}\n"
    codebook, issues = lint_codebook(write(tmp_path, text))
    warnings = [i.message for i in issues if i.severity == "warning"]
    assert "orphan-idea: no definition" in warnings
    assert any("orphan-idea: no keywords" in w for w in warnings)
    load_codebook(tmp_path / "codebook.yaml")  # warnings never block


def test_bad_color_and_non_mapping_codebook(tmp_path):
    _, issues = lint_codebook(write(tmp_path, VALID.replace("definition: Money.",
                                                            "definition: Money.\n    color: red")))
    assert any("#RRGGBB" in i.message for i in issues)
    with pytest.raises(CodebookError):
        load_codebook(write(tmp_path, "- just\n- a list\n"))


def test_unknown_parent_hint_never_names_the_code_itself(tmp_path):
    text = VALID.replace("parent: budget", "parent: budget-cut")  # close to the code's own id
    codebook, issues = lint_codebook(write(tmp_path, text))
    message = next(i.message for i in issues if "unknown parent" in i.message)
    assert "did you mean budget-cuts" not in message


def test_names_per_language_follow_the_language_asked(tmp_path):
    from qualcode.codebook import load_codebook

    path = tmp_path / "cb.yaml"
    path.write_text(
        "name: {id: Buku kode desa, en: Village codebook}\n"
        "framework: {name: {id: Kerangka desa, en: Village framework}, dimensions: [a]}\n"
        "codes:\n  - {id: a, kind: dimension, label: A, definition: x, keywords: {id: [a]}}\n",
        encoding="utf-8")
    codebook = load_codebook(path)
    assert (codebook.name_in("id"), codebook.name_in("en")) == ("Buku kode desa", "Village codebook")
    assert codebook.framework.name_in("id") == "Kerangka desa" and codebook.name == "Village codebook"
    path.write_text(path.read_text(encoding="utf-8").replace("framework: {name: {id: Kerangka desa, en: Village framework}, ",
                                                             "framework: {"), encoding="utf-8")
    codebook = load_codebook(path)  # the framework takes the codebook's names
    assert codebook.framework.name_in("id") == "Buku kode desa"


def test_an_unknown_key_of_a_code_is_a_warning_with_a_guess(tmp_path):
    path = write(tmp_path, VALID.replace('    definition: Money.\n', '    definition: Money.\n    colour: "#ff0000"\n'))
    _, issues = lint_codebook(path)
    assert [(i.severity, i.line, i.message) for i in issues if "colour" in i.message] == [
        ("warning", 6, "budget: unknown key 'colour' is ignored (did you mean color?)")]


def test_a_codebook_in_one_language_gets_one_warning_for_the_other_not_one_per_code(tmp_path):
    from qualcode.codebook.loader import lint_codebook

    path = tmp_path / "access.yaml"
    path.write_text("name: Access\nframework: {name: Access, dimensions: [cost, distance]}\ncodes:\n"
                    "  - {id: cost, kind: dimension, label: Cost, definition: x, keywords: {en: [cost]}}\n"
                    "  - {id: distance, kind: dimension, label: Distance, definition: x, keywords: {en: [far]}}\n",
                    encoding="utf-8")
    _, issues = lint_codebook(path)
    about_labels = [i.message for i in issues if "label" in i.message]
    assert about_labels == ["no code has an Indonesian label (id): a report in Indonesian shows the codes' other labels"]


def test_keywords_written_as_text_get_their_error_and_no_contradicting_warning(tmp_path):
    from qualcode.codebook.loader import lint_codebook

    path = tmp_path / "access.yaml"
    path.write_text("name: Access\nframework: {name: Access, dimensions: [cost]}\ncodes:\n"
                    "  - id: cost\n    kind: dimension\n    label: {en: Cost, id: Biaya}\n    definition: x\n"
                    "    keywords: {en: transport fare}\n", encoding="utf-8")
    _, issues = lint_codebook(path)
    messages = [i.message for i in issues]
    assert "cost: keywords.en must be a list of terms" in messages
    assert not [m for m in messages if "no keywords" in m]


@pytest.mark.parametrize("typo, meant", [("keyword", "keywords"), ("contxt", "context"), ("parnet", "parent")])
def test_a_typo_of_a_key_coding_reads_is_an_error(tmp_path, typo, meant):
    """`keyword:` dropped every term of the code while `code auto` said nothing."""
    path = write(tmp_path, VALID.replace("    keywords: {id: [anggaran], en: [budget]}\n",
                                         f"    keywords: {{id: [anggaran], en: [budget]}}\n    {typo}: [x]\n"))
    _, issues = lint_codebook(path)
    assert [(i.severity, i.line) for i in issues if typo in i.message] == [("error", 6)]
    assert f"(did you mean {meant}?)" in next(i.message for i in issues if typo in i.message)
    with pytest.raises(CodebookError, match=f"codebook.yaml:6: .*unknown key '{typo}'"):
        load_codebook(path)


@pytest.mark.parametrize("old, new, expected", [
    # a misspelt framework block was ignored and the framework implied from the codes' kinds
    ("framework:\n", "framwork:\n", ("error", 2, "unknown key 'framwork' (did you mean framework?): mend it")),
    ("framework:\n", "framework:\n  cross-cutting: [budget-cuts]\n",
     ("error", 3, "unknown key 'framework.cross-cutting' (did you mean cross_cutting?): mend it")),
    ("name: Tiny\n", "name: Tiny\nnotes: my own\n", ("warning", 2, "unknown key 'notes' is ignored")),
])
def test_an_unknown_key_of_the_codebook_or_its_framework_is_named(tmp_path, old, new, expected):
    path = write(tmp_path, VALID.replace(old, new, 1))
    _, issues = lint_codebook(path)
    found = [(i.severity, i.line, i.message) for i in issues if "unknown key" in i.message]
    assert len(found) == 1 and found[0][:2] == expected[:2] and found[0][2].startswith(expected[2]), found
    if expected[0] == "error":
        with pytest.raises(CodebookError, match="unknown key"):
            load_codebook(path)
    else:
        assert load_codebook(path).framework.dimensions == ("budget",)


@pytest.mark.parametrize("entry, message", [
    ("  - {kind: theme, label: X}\n", "a code has no id: give it `id:`"),
    ("  - {id: x, label: X}\n", "x: missing kind; use one of"),
    ("  - {id: x, kind: theme, label: [X, Y]}\n", "x: label must be text or one per language"),
])
def test_a_missing_id_or_kind_or_a_list_label_is_said_in_words(tmp_path, entry, message):
    path = write(tmp_path, VALID + entry)
    _, issues = lint_codebook(path)
    assert any(i.severity == "error" and message in i.message and "None" not in i.message for i in issues)


def test_a_key_indented_one_space_too_deep_gets_the_indentation_cure_not_quotes(tmp_path):
    path = write(tmp_path, VALID.replace("    kind: subcode\n", "     kind: subcode\n"))
    with pytest.raises(CodebookError) as caught:
        load_codebook(path)
    message = str(caught.value)
    assert "codebook.yaml:12:" in message and "indentation" in message and "quotes" not in message


def test_a_flow_mapping_indented_too_deep_gets_the_indentation_cure_not_quotes(tmp_path):
    # `label: {id: …, en: …}` holds ': ' of its own: quoting is not the cure for its indentation
    text = VALID.replace("    kind: subcode\n", "    kind: subcode\n      label: {id: Anggaran, en: Budget}\n", 1)
    path = write(tmp_path, text)
    with pytest.raises(CodebookError) as caught:
        load_codebook(path)
    message = str(caught.value)
    assert "indentation" in message and "quotes" not in message, message
