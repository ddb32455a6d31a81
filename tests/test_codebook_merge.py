"""`qualcode codebook merge OLD INTO` and `codebook delete ID`: a code taken out of the codebook
without losing what people did with it."""

from __future__ import annotations

from qualcode.codebook import load_codebook
from qualcode.store import Store
from tests.test_cli import invoke
from tests.test_coding_commands import coded_project, rows  # noqa: F401 - fixture


def codebook_file(project):
    return project / "codebooks" / "smart-city.yaml"


def test_merge_moves_codings_memos_and_subcodes_and_names_the_terms_left(coded_project, runner):  # noqa: F811
    for segment in ("pemkot:2", "pemkot:3"):
        assert invoke(runner, coded_project, "code", "add", segment, "--code", "media").exit_code == 0
    assert invoke(runner, coded_project, "code", "add", "pemkot:3", "--code", "academia").exit_code == 0
    assert invoke(runner, coded_project, "memo", "add", "code", "media", "-t", "Koran lokal").exit_code == 0
    before = load_codebook(codebook_file(coded_project)).by_id()["media"]

    merged = invoke(runner, coded_project, "codebook", "merge", "media", "academia")
    assert merged.exit_code == 0, merged.output
    said = " ".join(merged.output.split())
    assert ("merged media into academia: 2 codings (1 on a segment that had academia already: an acceptance "
            "of either stands, else the later decision), 1 memo") in said
    assert f"media's terms were not carried over: {before.keywords[0].term}" in said

    codebook = load_codebook(codebook_file(coded_project))
    assert "media" not in codebook.by_id() and "academia" in codebook.by_id()
    assert not rows(coded_project, code_id="media")
    mine = {c.segment_id for c in rows(coded_project, coder="researcher", code_id="academia")}
    assert {"pemkot:2", "pemkot:3"} <= mine
    assert "Koran lokal" in invoke(runner, coded_project, "memo", "list", "code", "academia").output
    assert invoke(runner, coded_project, "code", "auto").exit_code == 0


def test_merge_keeps_an_acceptance_of_either_code_over_a_rejection_of_the_other(coded_project, runner):  # noqa: F811
    # rejecting one code says "not this code", not "not the other": the merged code is accepted
    # wherever the coder accepted either, whichever decision came later (both made at one Enter)
    with Store(coded_project / ".qualcode" / "project.db") as store, store.transaction():
        store.decide("pemkot:2", "media", "researcher", "accepted")
        store.decide("pemkot:2", "academia", "researcher", "rejected")   # the later, into's
        store.decide("pemkot:3", "academia", "researcher", "accepted")
        store.decide("pemkot:3", "media", "researcher", "rejected")      # the later, old's
        store.decide("pemkot:4", "media", "researcher", "rejected")
        store.decide("pemkot:4", "academia", "researcher", "rejected")
        store.conn.execute("UPDATE codings SET updated_at = '2026-01-01T00:00:00+00:00' WHERE coder = 'researcher'")

    merged = invoke(runner, coded_project, "codebook", "merge", "media", "academia")
    assert merged.exit_code == 0, merged.output
    assert "3 codings (3 on segments that had academia already" in " ".join(merged.output.split())
    statuses = {c.segment_id: c.status for c in rows(coded_project, coder="researcher", code_id="academia")}
    assert statuses == {"pemkot:2": "accepted", "pemkot:3": "accepted", "pemkot:4": "rejected"}
    assert not rows(coded_project, coder="researcher", code_id="media")


def test_merge_refuses_what_would_break_and_changes_nothing(coded_project, runner):  # noqa: F811
    path = codebook_file(coded_project)
    text = path.read_text(encoding="utf-8")
    stored = (coded_project / ".qualcode" / "project.db").read_bytes()
    for args, message in [(("media", "media"), "into itself"), (("technology", "hardware"), "is under"),
                          (("medai", "academia"), "did you mean media")]:
        result = invoke(runner, coded_project, "codebook", "merge", *args)
        assert result.exit_code == 1 and message in result.output and "Traceback" not in result.output
    assert path.read_text(encoding="utf-8") == text
    assert (coded_project / ".qualcode" / "project.db").read_bytes() == stored


def test_delete_takes_out_an_unused_code_and_refuses_one_with_peoples_work(coded_project, runner):  # noqa: F811
    path = codebook_file(coded_project)
    assert invoke(runner, coded_project, "code", "add", "pemkot:2", "--code", "media").exit_code == 0
    refused = invoke(runner, coded_project, "codebook", "delete", "media")
    assert refused.exit_code == 1 and "1 coding by people" in refused.output
    assert "codebook merge media OTHER" in refused.output
    parent = invoke(runner, coded_project, "codebook", "delete", "technology")
    assert parent.exit_code == 1 and "has subcodes" in parent.output
    deleted = invoke(runner, coded_project, "codebook", "delete", "academia")
    assert deleted.exit_code == 0, deleted.output
    assert "academia" not in load_codebook(path).by_id() and "media" in load_codebook(path).by_id()
    with Store(coded_project / ".qualcode" / "project.db") as store:
        assert not store.conn.execute("SELECT 1 FROM codings WHERE code_id = 'academia'").fetchone()


def test_merging_a_code_taken_out_by_hand_points_to_rename(coded_project, runner):  # noqa: F811
    """The researcher deleted media's block from the YAML; its codings are still in the store."""
    from qualcode.codebook.rename import without_code

    path = codebook_file(coded_project)
    assert invoke(runner, coded_project, "code", "add", "pemkot:2", "--code", "media").exit_code == 0
    path.write_text(without_code(path.read_text(encoding="utf-8"), "media", path), encoding="utf-8")
    refused = invoke(runner, coded_project, "codebook", "merge", "media", "academia")
    assert refused.exit_code == 1 and "Traceback" not in refused.output
    said = " ".join(refused.output.split())
    assert "'media' is no longer in the codebook" in said and "qualcode codebook rename media academia" in said
    renamed = invoke(runner, coded_project, "codebook", "rename", "media", "academia")
    assert renamed.exit_code == 0, renamed.output
    assert not rows(coded_project, code_id="media")
    assert "pemkot:2" in {c.segment_id for c in rows(coded_project, coder="researcher", code_id="academia")}


def test_merge_and_delete_read_a_codebook_as_every_other_command_does(coded_project, runner):  # noqa: F811
    """A codebook saved as UTF-16 or with a byte-order mark (Notepad does both) is read by
    `merge` and `delete` as `lint` and `rename` read it, not refused with a traceback or a
    YAML error about a temporary file."""
    path = codebook_file(coded_project)
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.encode("utf-16"))
    deleted = invoke(runner, coded_project, "codebook", "delete", "academia")
    assert deleted.exit_code == 0, deleted.output
    assert "academia" not in load_codebook(path).by_id()
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    merged = invoke(runner, coded_project, "codebook", "merge", "media", "academia")
    assert merged.exit_code == 0, merged.output
    assert "media" not in load_codebook(path).by_id()
