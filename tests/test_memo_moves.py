"""Memos on segments and codings stay on their passage when a source is ingested again."""

import json

from tests.test_cli import invoke
from tests.test_coding_commands import coded_project  # noqa: F401 - fixture


def _memos(runner, project):
    from qualcode.project import load_config
    from qualcode.workflow import list_memos

    return {m.id: m for m in list_memos(load_config(project))}


def _prepend_turns(project, turns: str):
    path = project / "transcripts" / "pemkot.txt"
    text = path.read_text(encoding="utf-8")
    head, _, body = text.partition("---\n")[2].partition("---\n")
    path.write_text(f"---\n{head}---\n{turns}{body}", encoding="utf-8")


def test_a_segment_memo_follows_its_passage_when_turns_are_added_above(coded_project, runner):  # noqa: F811
    # paragraph unit: pemkot:2 is "Anggarannya terbatas…", pemkot:3 "Tapi wali kota…"
    assert invoke(runner, coded_project, "memo", "add", "segment", "pemkot:2", "-t", "Anggaran!").exit_code == 0
    assert invoke(runner, coded_project, "memo", "add", "segment", "pemkot:3", "-t", "Komitmen.").exit_code == 0
    _prepend_turns(coded_project, "Pewawancara: Selamat pagi.\n\nBu Ratna: Pagi.\n\n")
    assert invoke(runner, coded_project, "ingest").exit_code == 0
    memos = {m.text: m for m in _memos(runner, coded_project).values()}
    assert (memos["Anggaran!"].target_kind, memos["Anggaran!"].target_id) == ("segment", "pemkot:4")
    assert memos["Komitmen."].target_id == "pemkot:5"
    shown = json.loads(invoke(runner, coded_project, "code", "list", "--source", "pemkot",
                              "--format", "json").stdout)
    assert any(r["segment_id"] == "pemkot:4" and "Anggarannya" in r["text"] for r in shown)


def test_a_memo_whose_passage_changed_moves_to_the_source_saying_where_it_was(coded_project, runner):  # noqa: F811
    invoke(runner, coded_project, "memo", "add", "segment", "pemkot:3", "-t", "Komitmen.")
    path = coded_project / "transcripts" / "pemkot.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("sangat berkomitmen", "cukup berkomitmen"),
                    encoding="utf-8")
    assert invoke(runner, coded_project, "ingest").exit_code == 0
    memo = next(m for m in _memos(runner, coded_project).values() if m.text.endswith("Komitmen."))
    assert (memo.target_kind, memo.target_id) == ("source", "pemkot")
    assert memo.text.startswith("[was on segment pemkot:3, whose text changed")
    assert "Tapi wali kota sangat berkomitmen" in memo.text


def test_a_coding_memo_stays_on_its_coding(coded_project, runner):  # noqa: F811
    from qualcode.project import load_config
    from qualcode.store import Store

    with Store(load_config(coded_project).store_path) as store:
        coding_id = store.conn.execute(
            "SELECT id FROM codings WHERE segment_id = 'pemkot:2' ORDER BY id LIMIT 1").fetchone()[0]
    assert invoke(runner, coded_project, "memo", "add", "coding", str(coding_id), "-t", "Kode ini.").exit_code == 0
    _prepend_turns(coded_project, "Pewawancara: Selamat pagi.\n\n")
    assert invoke(runner, coded_project, "ingest").exit_code == 0
    with Store(load_config(coded_project).store_path) as store:
        segment = store.conn.execute("SELECT segment_id FROM codings WHERE id = ?", (coding_id,)).fetchone()[0]
    assert segment == "pemkot:3"
    memo = next(m for m in _memos(runner, coded_project).values() if m.text == "Kode ini.")
    assert (memo.target_kind, memo.target_id) == ("coding", str(coding_id))


def test_an_edit_to_one_of_two_equal_answers_orphans_its_coding_not_moves_it(small_project, runner):
    path = small_project / "transcripts" / "sama.txt"
    path.write_text("---\ncase: sama\n---\nPewawancara: Anggarannya cukup?\n\nBu Ani: Tidak cukup.\n\n"
                    "Pewawancara: Sinyalnya?\n\nBu Ani: Tidak cukup.\n", encoding="utf-8")
    assert invoke(runner, small_project, "ingest").exit_code == 0
    assert invoke(runner, small_project, "code", "add", "sama", "--segment", "2",
                  "--code", "budget-constraints").exit_code == 0
    assert invoke(runner, small_project, "memo", "add", "segment", "sama:2", "-t", "soal anggaran").exit_code == 0
    path.write_text(path.read_text(encoding="utf-8").replace("Bu Ani: Tidak cukup.\n\nPewawancara",
                                                             "Bu Ani: Tidak cukup, Mas.\n\nPewawancara"),
                    encoding="utf-8")
    result = invoke(runner, small_project, "ingest")
    assert result.exit_code == 0 and "kept as orphans): 1" in result.output, result.output
    rows = json.loads(invoke(runner, small_project, "code", "list", "--source", "sama", "--coder", "researcher",
                             "--format", "json").stdout)
    assert rows == []  # not moved to sama:4, the answer about the signal
    memo = next(m for m in _memos(runner, small_project).values() if m.text.endswith("soal anggaran"))
    assert (memo.target_kind, memo.target_id) == ("source", "sama")


def _coding_memo(runner, project, target: str, text: str) -> None:
    result = invoke(runner, project, "memo", "add", "coding", target, "-t", text)
    assert result.exit_code == 0, result.output


def test_a_withdrawn_suggestions_memo_moves_to_its_segment(coded_project, runner):  # noqa: F811
    # pemkot:2 "Anggarannya terbatas sekali. APBD …" is suggested budget-constraints by its terms
    _coding_memo(runner, coded_project, "pemkot:2/budget-constraints", "Ketat sekali.")
    codebook = coded_project / "codebooks" / "smart-city.yaml"
    text = codebook.read_text(encoding="utf-8")
    # the code goes from the codebook's auto-coding: its suggestions are withdrawn
    start = text.index("  - id: budget-constraints")
    end = text.index("  - id: ", start + 10)
    kept = "\n".join(line for line in text[start:end].splitlines()
                     if not line.lstrip().startswith(("keywords", "context", "id: [", "en: [")))
    codebook.write_text(text[:start] + kept + "\n" + text[end:], encoding="utf-8")
    result = invoke(runner, coded_project, "code", "auto")
    assert result.exit_code == 0, result.output
    memo = next(m for m in _memos(runner, coded_project).values() if m.text.endswith("Ketat sekali."))
    assert (memo.target_kind, memo.target_id) == ("segment", "pemkot:2")
    assert memo.text.startswith("[was on coding #") and "(budget-constraints), a machine suggestion" in memo.text
    listed = invoke(runner, coded_project, "memo", "list")
    assert "no longer stored" not in listed.output


def test_a_removed_codings_memo_moves_to_its_segment_and_undo_leaves_it_there(coded_project, runner):  # noqa: F811
    from qualcode.project import load_config
    from qualcode.store import Store

    invoke(runner, coded_project, "code", "add", "pemkot", "--segment", "3", "--code", "sustainability")
    _coding_memo(runner, coded_project, "pemkot:3/sustainability", "Siapa penerusnya?")
    removed = invoke(runner, coded_project, "code", "remove", "pemkot", "--segment", "3", "--code", "sustainability")
    assert removed.exit_code == 0, removed.output
    memo = next(m for m in _memos(runner, coded_project).values() if m.text.endswith("Siapa penerusnya?"))
    assert (memo.target_kind, memo.target_id) == ("segment", "pemkot:3")
    assert "(sustainability), which researcher removed]" in memo.text
    with Store(load_config(coded_project).store_path) as store, store.transaction():
        store.undo_last("researcher")  # the coding is back; the memo stays where it says it is
    again = next(m for m in _memos(runner, coded_project).values() if m.text.endswith("Siapa penerusnya?"))
    assert (again.target_kind, again.target_id) == ("segment", "pemkot:3")


def test_a_memo_on_a_suggestion_follows_its_authors_decision_on_it(coded_project, runner):  # noqa: F811
    # written on the machine's suggestion (the coding that counted then), it moves to the
    # person's own coding once they decide, where listing, exports and coder files look;
    # another person's memo stays on the suggestion until they decide too
    def memo(*args):
        assert invoke(runner, coded_project, "memo", "add", "coding", "pemkot:2/budget-constraints",
                      *args).exit_code == 0

    memo("-t", "Why budget?")
    memo("-t", "Ana's doubt", "--author", "ana")
    assert invoke(runner, coded_project, "code", "add", "pemkot", "--segment", "2",
                  "--code", "budget-constraints").exit_code == 0
    listed = invoke(runner, coded_project, "memo", "list", "coding", "pemkot:2/budget-constraints")
    assert "Why budget?" in listed.output and "Ana's doubt" not in listed.output
    by_text = {m.text: m for m in _memos(runner, coded_project).values()}
    from qualcode.store import Store

    with Store(coded_project / ".qualcode" / "project.db") as store:
        owners = {row[0]: row[1] for row in store.conn.execute("SELECT id, coder FROM codings")}
    assert owners[int(by_text["Why budget?"].target_id)] == "researcher"
    assert owners[int(by_text["Ana's doubt"].target_id)] == "auto"
