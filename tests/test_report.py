"""Report wording and rendering details."""

from qualcode.report.i18n import CATALOGUES


def test_catalogues_have_the_same_keys():
    assert set(CATALOGUES["id"]) == set(CATALOGUES["en"])
    for language, texts in CATALOGUES.items():
        assert all(value.strip() for value in texts.values()), language


def test_catalogue_placeholders_match_between_languages():
    import string

    fields = lambda s: {f for _, f, _, _ in string.Formatter().parse(s) if f}  # noqa: E731
    for key in CATALOGUES["id"]:
        assert fields(CATALOGUES["id"][key]) == fields(CATALOGUES["en"][key]), key
