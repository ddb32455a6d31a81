"""Review keys on unusual screens: more than nine suggestions, none at all, and help."""

from qualcode.condense.review import MARKABLE, Cursor, handle_key

CODES = [f"code-{n}" for n in range(1, 13)]  # twelve suggestions on one segment


def test_enter_never_rejects_a_suggestion_that_could_not_be_marked():
    cursor = Cursor(["s:1"])
    handle_key("2", CODES, cursor)
    action = handle_key("\r", CODES, cursor)
    assert action.kind == "accept" and action.codes == ("code-2",)
    # the other markable ones are rejected; the tenth to twelfth stay undecided
    assert action.rejected == tuple(c for c in CODES[:MARKABLE] if c != "code-2")
    assert not set(CODES[MARKABLE:]) & set(action.rejected)


def test_a_and_r_still_decide_every_suggestion():
    cursor = Cursor(["s:1"])
    assert handle_key("a", CODES, cursor).codes == tuple(CODES)
    assert handle_key("r", CODES, cursor).rejected == tuple(CODES)


def test_enter_on_a_screen_without_suggestions_records_the_visit():
    action = handle_key("\r", [], Cursor(["s:1"]))
    assert action.kind == "accept" and action.codes == () and action.rejected == ()
    # with suggestions and nothing marked, Enter does nothing rather than reject them all
    assert handle_key("\r", ["x"], Cursor(["s:1"])).kind == "none"
