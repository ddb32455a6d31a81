"""`code orphans`, `code reattach`, `code drop-orphan`: a person's codings whose text changed."""

import json

from qualcode.store import Store
from tests.test_cli import invoke
from tests.test_coding_commands import coded_project  # noqa: F401 - fixture


def _store(project):
    return Store(project / ".qualcode" / "project.db")


def _orphan_an_edit(project, runner, memo="komitmen walikota"):
    """Code pemkot:3 by hand, then edit its text so the coding is orphaned."""
    added = invoke(runner, project, "code", "add", "pemkot", "--segment", "3", "--code",
                   "leadership-commitment", "--memo", memo)
    assert added.exit_code == 0, added.output
    path = project / "transcripts" / "pemkot.txt"
    text = path.read_text(encoding="utf-8")
    assert "sangat berkomitmen" in text
    path.write_text(text.replace("sangat berkomitmen", "cukup berkomitmen"), encoding="utf-8")
    assert "kept as orphans): 1" in invoke(runner, project, "ingest").output


def test_an_answer_only_set_in_capitals_is_still_alike(coded_project, runner):  # noqa: F811
    """Case and spacing are no difference to the likeness: a row typed again in capitals is the
    row the orphan came from."""
    added = invoke(runner, coded_project, "code", "add", "pemkot", "--segment", "3", "--code",
                   "leadership-commitment")
    assert added.exit_code == 0, added.output
    path = coded_project / "transcripts" / "pemkot.txt"
    text = path.read_text(encoding="utf-8")
    with _store(coded_project) as store:
        start, end = store.conn.execute("SELECT start, end FROM segments WHERE id = 'pemkot:3'").fetchone()
        words = store.conn.execute("SELECT text FROM sources WHERE id = 'pemkot'").fetchone()[0][start:end]
    path.write_text(text.replace(words, "  ".join(words.upper().split())), encoding="utf-8")
    assert "kept as orphans): 1" in invoke(runner, coded_project, "ingest").output
    [orphan] = json.loads(invoke(runner, coded_project, "code", "orphans", "--format", "json").stdout)
    assert orphan["closest_segment"] == "pemkot:3" and orphan["likeness"] == 1.0


def test_the_orphans_csv_has_the_same_columns_with_or_without_orphans(coded_project, runner):  # noqa: F811
    empty = invoke(runner, coded_project, "code", "orphans", "--format", "csv")
    _orphan_an_edit(coded_project, runner)
    full = invoke(runner, coded_project, "code", "orphans", "--format", "csv")
    assert empty.exit_code == full.exit_code == 0
    assert empty.stdout.splitlines() == [full.stdout.splitlines()[0]]
    assert full.stdout.splitlines()[0].startswith("orphan,source_id,code_id,coder,status,memo,")


def test_orphans_are_listed_with_their_likely_new_home(coded_project, runner):  # noqa: F811
    _orphan_an_edit(coded_project, runner)
    status = json.loads(invoke(runner, coded_project, "status", "--format", "json").stdout)
    assert status["orphan_codings"] == 1
    listed = invoke(runner, coded_project, "code", "orphans", "--format", "json")
    assert listed.exit_code == 0, listed.output
    [orphan] = json.loads(listed.stdout)
    assert (orphan["code_id"], orphan["coder"], orphan["status"], orphan["memo"]) == \
        ("leadership-commitment", "researcher", "accepted", "komitmen walikota")
    assert "sangat berkomitmen" in orphan["old_text"]
    # the edited paragraph is today's segment most like the old text
    assert orphan["closest_segment"] == "pemkot:3" and 0.85 < orphan["likeness"] < 1.0
    table = invoke(runner, coded_project, "code", "orphans")
    assert "pemkot:3" in table.output and "alike" in table.output and "reattach" in table.output


def test_reattach_codes_the_new_text_and_undo_makes_it_an_orphan_again(coded_project, runner):  # noqa: F811
    _orphan_an_edit(coded_project, runner)
    [orphan] = json.loads(invoke(runner, coded_project, "code", "orphans", "--format", "json").stdout)
    result = invoke(runner, coded_project, "code", "reattach", str(orphan["orphan"]), "--match",
                    "cukup berkomitmen")
    assert result.exit_code == 0, result.output
    assert "reattached: pemkot:3 accepted as leadership-commitment by researcher" in result.output
    with _store(coded_project) as store:
        assert store.orphans() == []
        [coding] = [c for c in store.codings_of_segment("pemkot:3")
                    if c.coder == "researcher" and c.code_id == "leadership-commitment"]
        # the person's act now: no matched terms from the old text's offsets
        assert (coding.status, coding.origin, coding.memo, coding.matched) == \
            ("accepted", "manual", "komitmen walikota", ())
        # undo (the review's back key) gives the orphan back rather than losing it
        with store.transaction():
            store.undo_last("researcher")
        [back] = store.orphans()
        # under a new number: an orphan's number is never given to another, its old one included
        assert (back.code_id, back.memo) == ("leadership-commitment", "komitmen walikota")
        assert back.id > orphan["orphan"]
        assert not [c for c in store.codings_of_segment("pemkot:3")
                    if c.coder == "researcher" and c.code_id == "leadership-commitment"]


def test_reattach_refuses_what_it_cannot_do_and_changes_nothing(coded_project, runner):  # noqa: F811
    _orphan_an_edit(coded_project, runner)
    [orphan] = json.loads(invoke(runner, coded_project, "code", "orphans", "--format", "json").stdout)
    number = str(orphan["orphan"])
    invoke(runner, coded_project, "code", "add", "pemkot", "--segment", "5", "--code", "leadership-commitment")
    cases = [
        (["code", "reattach", "99", "--segment", "3"], "no orphaned coding 99"),
        (["code", "reattach", number, "--segment", "3", "--match", "x"], "give exactly one of --segment N or --match TEXT"),
        (["code", "reattach", number, "--segment", "5"], "already has a 'leadership-commitment' coding"),
        (["code", "reattach", number, "--segment", "4"], "pemkot:4 is an interviewer's turn"),
        (["code", "reattach", number, "--segment", "3", "--source", "nowhere"], "unknown source 'nowhere'"),
    ]
    for args, message in cases:
        result = invoke(runner, coded_project, *args)
        assert result.exit_code == 1 and message in result.output, (args, result.output)
        assert "Traceback" not in result.output
    with _store(coded_project) as store:
        assert [o.id for o in store.orphans()] == [orphan["orphan"]]


def test_drop_orphan_lets_it_go_and_unknown_numbers_drop_nothing(coded_project, runner):  # noqa: F811
    _orphan_an_edit(coded_project, runner)
    [orphan] = json.loads(invoke(runner, coded_project, "code", "orphans", "--format", "json").stdout)
    number = str(orphan["orphan"])
    refused = invoke(runner, coded_project, "code", "drop-orphan", number, "42")
    assert refused.exit_code == 1 and "no orphaned coding 42" in refused.output
    with _store(coded_project) as store:
        assert len(store.orphans()) == 1  # all or nothing
    dropped = invoke(runner, coded_project, "code", "drop-orphan", number)
    assert dropped.exit_code == 0 and "dropped 1 orphaned coding" in dropped.output
    empty = invoke(runner, coded_project, "code", "orphans")
    assert empty.exit_code == 0 and "no orphaned codings" in empty.output
    assert json.loads(invoke(runner, coded_project, "code", "orphans", "--format", "json").stdout) == []


def test_equal_answers_take_their_orphans_back_in_turn_never_onto_the_interviewers_words(small_project, runner):
    """The same answer given twice, both coded, the file removed and put back: each coding
    returns to its own turn; a question repeating the words is not a place for them."""
    path = small_project / "transcripts" / "dup.txt"
    text = ("---\ncase: dup\nsource_type: interview\n---\nPewawancara: Iya, anggaran kami terbatas.\n\n"
            "Bu Ani: Iya, anggaran kami terbatas.\n\nPewawancara: Dan aplikasi?\n\n"
            "Bu Ani: Iya, anggaran kami terbatas.\n")
    path.write_text(text, encoding="utf-8")
    assert invoke(runner, small_project, "ingest").exit_code == 0
    for segment, memo in (("2", "m2"), ("4", "m4")):
        added = invoke(runner, small_project, "code", "add", f"dup:{segment}", "--code", "budget-constraints",
                       "--memo", memo)
        assert added.exit_code == 0, added.output
    path.unlink()
    assert invoke(runner, small_project, "ingest").exit_code == 0
    path.write_text(text, encoding="utf-8")
    result = invoke(runner, small_project, "ingest")
    assert "coded there again: 2" in result.output, result.output
    with _store(small_project) as store:
        back = sorted((c.segment_id, c.memo) for c in store.all_codings() if c.coder == "researcher")
        assert back == [("dup:2", "m2"), ("dup:4", "m4")] and store.orphans() == []


def test_an_orphan_of_a_deleted_file_says_its_source_is_gone(coded_project, runner):  # noqa: F811
    invoke(runner, coded_project, "code", "add", "warga", "--segment", "2", "--code", "complaint-channels")
    (coded_project / "transcripts" / "warga.txt").unlink()
    assert invoke(runner, coded_project, "ingest").exit_code == 0
    listed = invoke(runner, coded_project, "code", "orphans", "--source", "warga")
    assert listed.exit_code == 0 and "warga is gone" in listed.output, listed.output
    [orphan] = json.loads(invoke(runner, coded_project, "code", "orphans", "--format", "json").stdout)
    assert orphan["source_present"] is False and orphan["closest_segment"] == ""
    # reattached without --source, it says where the trouble is
    nowhere = invoke(runner, coded_project, "code", "reattach", str(orphan["orphan"]), "--segment", "2")
    assert nowhere.exit_code == 1 and "source warga is gone" in nowhere.output and "--source" in nowhere.output
    # its coding can still be placed on another source's text
    moved = invoke(runner, coded_project, "code", "reattach", str(orphan["orphan"]), "--source", "pemkot",
                   "--segment", "2")
    assert moved.exit_code == 0, moved.output
    unknown = invoke(runner, coded_project, "code", "orphans", "--source", "nowhere")
    assert unknown.exit_code == 1 and "unknown source 'nowhere'" in unknown.output


def test_undo_of_a_decision_whose_segment_is_gone_passes_it_over(coded_project, runner):  # noqa: F811
    """A decision whose segment left with its file: undo has nothing to put it back on (the
    coding was kept as an orphan) and must not fail on it, now or at the next undo."""
    invoke(runner, coded_project, "code", "add", "warga:2", "--code", "complaint-channels")
    invoke(runner, coded_project, "code", "remove", "warga:2", "--code", "complaint-channels")
    invoke(runner, coded_project, "code", "add", "warga:2", "--code", "complaint-channels")
    (coded_project / "transcripts" / "warga.txt").unlink()
    assert invoke(runner, coded_project, "ingest").exit_code == 0
    with _store(coded_project) as store:
        for _ in range(3):
            with store.transaction():
                store.undo_last("researcher")
        assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert [o.code_id for o in store.orphans()] == ["complaint-channels"]


def test_reattach_without_a_segment_goes_to_the_likely_new_home(coded_project, runner):  # noqa: F811
    """What `code orphans` shows as the likely new home is where a bare `code reattach` puts
    it; several orphans go at once, all of them or none."""
    _orphan_an_edit(coded_project, runner)
    for coder in ("ani", "budi"):  # two more coders had coded the same paragraph
        with _store(coded_project) as store, store.transaction():
            [orphan] = [o for o in store.orphans() if o.coder == "researcher"]
            store.conn.execute(
                "INSERT INTO orphan_codings (source_id, segment_text, code_id, coder, origin, status, score,"
                " matched, memo, orphaned_at) SELECT source_id, segment_text, code_id, ?, origin, status,"
                " score, matched, memo, orphaned_at FROM orphan_codings WHERE id = ?", (coder, orphan.id))
    listed = json.loads(invoke(runner, coded_project, "code", "orphans", "--format", "json").stdout)
    assert len(listed) == 3 and {o["closest_segment"] for o in listed} == {"pemkot:3"}
    numbers = [str(o["orphan"]) for o in listed]
    # one of them cannot go (its coder coded the new paragraph already): none goes
    invoke(runner, coded_project, "code", "add", "pemkot", "--segment", "3", "--code",
           "leadership-commitment", "--coder", "budi")
    refused = invoke(runner, coded_project, "code", "reattach", *numbers)
    assert refused.exit_code == 1 and "already has a 'leadership-commitment' coding by budi" in refused.output
    with _store(coded_project) as store:
        assert len(store.orphans()) == 3
    invoke(runner, coded_project, "code", "remove", "pemkot", "--segment", "3", "--code",
           "leadership-commitment", "--coder", "budi")
    with _store(coded_project) as store, store.transaction():
        store.conn.execute("DELETE FROM codings WHERE coder = 'budi'")
    result = invoke(runner, coded_project, "code", "reattach", *numbers)
    assert result.exit_code == 0, result.output
    assert result.output.count("reattached: pemkot:3 accepted as leadership-commitment") == 3
    with _store(coded_project) as store:
        assert store.orphans() == []
        coders = {c.coder for c in store.codings_of_segment("pemkot:3") if c.code_id == "leadership-commitment"}
        assert {"researcher", "ani", "budi"} <= coders


def test_reattach_with_no_alike_segment_asks_where(coded_project, runner):  # noqa: F811
    added = invoke(runner, coded_project, "code", "add", "pemkot", "--segment", "3", "--code",
                   "leadership-commitment")
    assert added.exit_code == 0, added.output
    path = coded_project / "transcripts" / "pemkot.txt"
    text = path.read_text(encoding="utf-8")
    paragraph = next(p for p in text.split("\n\n") if "sangat berkomitmen" in p)
    path.write_text(text.replace(paragraph, "Soal lain: jalan di kampung kami rusak parah sejak banjir."),
                    encoding="utf-8")
    assert invoke(runner, coded_project, "ingest").exit_code == 0
    [orphan] = json.loads(invoke(runner, coded_project, "code", "orphans", "--format", "json").stdout)
    assert orphan["closest_segment"] in (None, "")
    result = invoke(runner, coded_project, "code", "reattach", str(orphan["orphan"]))
    assert result.exit_code == 1
    assert "pemkot has 3 codable segments; say which with --segment N or --match TEXT" in result.output
