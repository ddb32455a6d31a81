"""Report wording and rendering details."""

from qualcode.report.i18n import CATALOGUES, catalogue, collective, plural_en


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
    assert collective("en", 4) == "all 4"
