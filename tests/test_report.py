"""Report wording and rendering details."""

from qualcode.report.i18n import CATALOGUES, catalogue, plural_en
from qualcode.textrules import collective


def test_catalogues_have_the_same_keys():
    assert set(CATALOGUES["id"]) == set(CATALOGUES["en"])
    for language, texts in CATALOGUES.items():
        assert all(value.strip() for value in texts.values()), language


def test_catalogue_placeholders_match_between_languages():
    """As the report uses them: the framework's word for a dimension filled in (English has
    a plural of it, Indonesian none), the fields left to format are the same in both."""
    import string

    fields = lambda s: {f for _, f, _, _ in string.Formatter().parse(s) if f}  # noqa: E731
    for term in (None, "strategy"):
        filled = {language: catalogue(language, term) for language in CATALOGUES}
        for key in CATALOGUES["id"]:
            assert fields(filled["id"][key]) == fields(filled["en"][key]), key
            assert not fields(filled["id"][key]) & {"term", "Term", "terms", "Terms"}, key


def test_the_frameworks_word_for_a_dimension_fills_the_wording():
    assert catalogue("id", "strategi")["findings"] == "Temuan per strategi"
    assert catalogue("en", "strategy")["findings"] == "Findings by strategy"
    assert catalogue("id")["findings"] == "Temuan per dimensi"
    assert catalogue("en", "pillar")["conclusion_some"].startswith("For {raised} of the framework's {n} pillars ({labels})")
    assert [plural_en(w) for w in ("strategy", "policy", "day", "process", "approach", "theme")] == [
        "strategies", "policies", "days", "processes", "approaches", "themes"]
    assert [collective("id", n) for n in (2, 4, 12)] == ["kedua", "keempat", "semua 12"]
    assert [collective("en", n) for n in (2, 4)] == ["both", "all 4"]


def test_counts_are_written_alike_in_tables_notes_and_sentences():
    """A survey's 2,970 respondents: "2.970" in an Indonesian sentence, so in its tables, its
    notes and its lists too ("dan 2.950 lainnya"), never "2970" beside it."""
    from qualcode.conclude.wording import names
    from qualcode.display.notes import note, note_text
    from qualcode.report.i18n import whole

    assert (whole(2970, catalogue("id")), whole(2970, catalogue("en")), whole(42, catalogue("id"))) == \
        ("2.970", "2,970", "42")
    assert names([f"aduan-{n}" for n in range(2953)], "id").endswith("dan 2.950 lainnya")
    assert note_text(note("review_some", total=4761, unreviewed=4761), "id").startswith(
        "Sebanyak 4.761 dari 4.761 pengodean")
