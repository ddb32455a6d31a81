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


def test_back_after_undoing_goes_to_earlier_segments_not_forward():
    cursor = Cursor(["s1", "s2", "s3"])
    cursor.forward()                     # decided s1, now on s2
    cursor.go_to("s1")                   # undo: s1 again
    cursor.back()                        # nothing before s1: stay there
    assert cursor.current == "s1"
    cursor.forward()
    cursor.forward()                     # s3
    cursor.go_to("s2")                   # undo the decision on s2
    cursor.back()
    assert cursor.current == "s1"


def test_going_to_a_later_segment_can_be_gone_back_from():
    cursor = Cursor(["s1", "s2", "s3"])
    cursor.go_to("s3")
    cursor.back()
    assert cursor.current == "s1"


def test_the_review_screen_shows_a_rows_own_attributes():
    """A complaint's kecamatan and channel say where it comes from: shown after who the case
    is (role, organisation, position), a handful at most."""
    from qualcode.cli.review_ui import SHOWN_ATTRIBUTES, _shown_attributes

    row = {"kecamatan": "Sukamaju", "kanal": "WhatsApp", "status": "", "role": "warga"}
    assert _shown_attributes(row) == [("role", "warga"), ("kanal", "WhatsApp"), ("kecamatan", "Sukamaju")]
    many = {f"a{n}": n for n in range(10)}
    assert len(_shown_attributes(many)) == SHOWN_ATTRIBUTES
