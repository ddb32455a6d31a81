"""`codebook lint` on terms the lemmas make one (qualcode.condense.term_lint)."""

from pathlib import Path

from qualcode.codebook import load_codebook
from qualcode.condense.term_lint import term_overlaps
from tests.test_cli import invoke

CODEBOOK = """name: Lint
framework:
  dimensions: [leadership, budget]
codes:
  - id: leadership
    kind: dimension
    label: {id: Kepemimpinan, en: Leadership}
    keywords: {id: [kepemimpinan], en: [leadership]}
    context: {id: [pimpinan, komitmen]}
    exclude_keywords: {id: [pemimpin adat]}
  - id: budget
    kind: dimension
    label: {id: Anggaran, en: Budget}
    keywords: {id: [anggaran, pendanaan], en: [budget]}
    context: {en: [budgeting]}
  - id: budget-cuts
    kind: subcode
    parent: budget
    label: {id: Pemotongan, en: Cuts}
    keywords: {id: [anggaran dipotong, dana]}
  - id: planning
    kind: theme
    label: {id: Perencanaan, en: Planning}
    keywords: {id: [penganggaran], en: [budget]}
  - id: custom
    kind: theme
    label: {id: Adat, en: Custom}
    keywords: {id: [pemimpin adat]}
    exclude_keywords: {id: [kepemimpinan adat]}
"""

# What the lemmatiser would give each term, for the unit test
KEYS = {"kepemimpinan": "pimpin", "pimpinan": "pimpin", "komitmen": "komitmen", "pemimpin adat": "pimpin adat",
        "anggaran": "anggar", "pendanaan": "dana", "anggaran dipotong": "anggar potong", "dana": "dana",
        "penganggaran": "anggar", "kepemimpinan adat": "pimpin adat", "leadership": "leadership",
        "budget": "budget", "budgeting": "budget"}


def _overlaps(tmp_path):
    path = tmp_path / "codebook.yaml"
    path.write_text(CODEBOOK, encoding="utf-8")
    return term_overlaps(load_codebook(path), lambda language, texts: [KEYS[t] for t in texts], str(path))


def test_terms_the_lemmas_make_one_are_warned_of_at_their_codes_line(tmp_path):
    messages = [(issue.line, issue.message) for issue in _overlaps(tmp_path)]
    assert all(issue.severity == "warning" for issue in _overlaps(tmp_path))
    assert messages == [
        (5, "leadership: context term 'pimpinan' has the lemmas of keyword 'kepemimpinan' (pimpin), "
            "so it counts as a keyword; drop it or list another word"),
        (11, "budget: 'anggaran' and 'penganggaran' of planning share the lemmas 'anggar', so each code "
             "counts the other's word too"),
        (11, "budget: context term 'budgeting' has the lemmas of keyword 'budget' (budget), so it counts "
             "as a keyword; drop it or list another word"),
        (25, "custom: exclude term 'kepemimpinan adat' has the lemmas of its term 'pemimpin adat' "
             "(pimpin adat), so it switches the code off wherever that term matches"),
    ]
    # Not warned of: `dana` of budget-cuts beside its parent's `pendanaan` (a subcode refines
    # its parent's terms), `budget` listed by budget and planning alike (plainly meant), and
    # leadership's exclusion `pemimpin adat`, which is custom's term, not its own.


def test_lint_lemmatises_with_the_coding_pipeline(small_project, runner):
    (small_project / "codebooks" / "smart-city.yaml").write_text(CODEBOOK, encoding="utf-8")
    result = invoke(runner, small_project, "codebook", "lint")
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())
    assert "warning: leadership: context term 'pimpinan' has the lemmas of keyword 'kepemimpinan'" in output
    assert "'anggaran' and 'penganggaran' of planning share the lemmas 'anggaran'" in output
    assert "0 errors" in output


def test_every_term_is_lemmatised_by_each_coding_language(tmp_path):
    """The matcher lemmatises every term with the pipeline of the segment's language, whatever
    language the term is listed under; so a collision only one pipeline makes is reported
    (once), and a term under a language qualcode does not code in builds no pipeline of it."""
    path = tmp_path / "codebook.yaml"
    path.write_text("name: L\ncodes:\n  - id: a\n    kind: dimension\n    label: A\n"
                    "    keywords: {en: [organising]}\n    context: {jv: [organise]}\n", encoding="utf-8")
    asked = []

    def keys(language, texts):  # only the English pipeline makes the two one
        asked.append(language)
        return [{"organising": "organise"}.get(text, text) if language == "en" else text for text in texts]

    issues = term_overlaps(load_codebook(path), keys, str(path))
    assert sorted(asked) == ["en", "id"]
    assert [issue.message for issue in issues] == [
        "a: context term 'organise' has the lemmas of keyword 'organising' (organise), so it counts as a "
        "keyword; drop it or list another word"]


def test_a_term_listed_as_keyword_and_as_context_in_one_code_is_warned_of(tmp_path):
    """The matcher keeps a term's strongest weight in a code: its context entry does nothing.
    A term a subcode lists again as context, beside its parent's keyword, is not warned of."""
    path = tmp_path / "codebook.yaml"
    path.write_text("name: L\ncodes:\n  - id: a\n    kind: dimension\n    label: A\n"
                    "    keywords: {id: [kesal, puas]}\n    context: {id: [kesal, lega]}\n"
                    "  - id: b\n    kind: subcode\n    parent: a\n    label: B\n"
                    "    context: {id: [puas]}\n", encoding="utf-8")
    issues = term_overlaps(load_codebook(path), lambda language, texts: list(texts), str(path))
    assert [(issue.line, issue.message) for issue in issues] == [
        (3, "a: context term 'kesal' is also a keyword, so it counts as a keyword; drop it from context")]


def test_the_shipped_codebook_has_no_terms_the_lemmas_make_one():
    # A lemma rule can make two listed words one (session 33's spoken vowels made `males`
    # `malas`); the shipped codebook then says so in the list, or drops one of them.
    from qualcode.condense.term_lint import spacy_lemma_keys

    shipped = Path(__file__).resolve().parents[1] / "qualcode" / "data" / "codebooks" / "smart-city.yaml"
    issues = term_overlaps(load_codebook(shipped), spacy_lemma_keys(), str(shipped))
    assert [issue.message for issue in issues] == []


def test_a_polar_codes_terms_are_warned_of_at_that_code_only(tmp_path):
    """An inhibiting factor's terms also count, negated, for the supporting factor: a warning
    about them belongs to the code that lists them, once."""
    path = tmp_path / "codebook.yaml"
    path.write_text(
        "codes:\n  - {id: dim, kind: dimension, label: {id: D, en: D}, keywords: {id: [desa]}}\n"
        "  - {id: helps, kind: factor, polarity: positive, label: {id: Pendukung, en: Helps},\n"
        "     keywords: {id: [lancar]}}\n"
        "  - {id: hinders, kind: factor, polarity: negative, label: {id: Penghambat, en: Hinders},\n"
        "     keywords: {id: [kesulitan]}, context: {id: [sulit]}}\n", encoding="utf-8")
    keys = {"desa": "desa", "lancar": "lancar", "kesulitan": "sulit", "sulit": "sulit"}
    issues = term_overlaps(load_codebook(path), lambda language, texts: [keys[t] for t in texts], str(path))
    assert [(issue.line, issue.message.split(":")[0]) for issue in issues] == [(5, "hinders")]
