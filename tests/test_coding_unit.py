"""The coding unit (turn, paragraph, sentence) and the coding threshold, set in qualcode.toml."""

import json
from pathlib import Path

import pytest

from qualcode.cli import app
from qualcode.ingest.sentences import sentence_spans
from qualcode.ingest.turns import paragraphs, speaker_turns
from qualcode.ingest.units import cut_into_units
from qualcode.project import load_config
from qualcode.store import Store
from tests.test_cli import invoke


def set_coding(project: Path, **settings) -> None:
    """Rewrite [coding] settings of a project's qualcode.toml, keeping everything else."""
    config = project / "qualcode.toml"
    lines = config.read_text(encoding="utf-8").splitlines()
    for key, value in settings.items():
        lines = [f"{key} = {value}" if line.startswith(f"{key} = ") else line for line in lines]
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")


# --- the setting --------------------------------------------------------------------------

def test_init_writes_the_coding_table_with_its_defaults(tmp_path, runner):
    assert runner.invoke(app, ["init", str(tmp_path / "p")]).exit_code == 0
    text = (tmp_path / "p" / "qualcode.toml").read_text(encoding="utf-8")
    assert '[coding]\n' in text and 'unit = "turn"' in text and "threshold = 1.0" in text
    config = load_config(tmp_path / "p")
    assert (config.unit, config.threshold) == ("turn", 1.0)


@pytest.mark.parametrize("setting, value, words", [
    ("unit", '"clause"', ["unit", "'clause'", "turn, paragraph, sentence"]),
    ("unit", "3", ["unit", "turn, paragraph, sentence"]),
    ("threshold", '"high"', ["threshold", "number"]),
    ("threshold", "0", ["threshold", "above 0"]),
    ("threshold", "true", ["threshold", "number"]),
])
def test_a_bad_coding_setting_is_one_line_naming_the_file(tmp_path, runner, setting, value, words):
    assert runner.invoke(app, ["init", str(tmp_path / "p")]).exit_code == 0
    set_coding(tmp_path / "p", **{setting: value})
    result = invoke(runner, tmp_path / "p", "status")
    assert result.exit_code == 1
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    assert "qualcode.toml:" in result.output  # with the line of the setting
    for word in words:
        assert word in result.output


def test_an_unknown_setting_in_the_coding_table(tmp_path, runner):
    assert runner.invoke(app, ["init", str(tmp_path / "p")]).exit_code == 0
    config = tmp_path / "p" / "qualcode.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("[coding]\n", "[coding]\nunits = 2\n"),
                      encoding="utf-8")
    result = invoke(runner, tmp_path / "p", "status")
    assert result.exit_code == 1 and "'units'" in result.output and "[coding]" in result.output


# --- sentences ----------------------------------------------------------------------------

@pytest.mark.parametrize("text, sentences", [
    ("Anggarannya kecil. Tapi wali kota mendukung!", ["Anggarannya kecil.", "Tapi wali kota mendukung!"]),
    ("Kami beli kamera, server, dll. untuk SCC.", ["Kami beli kamera, server, dll. untuk SCC."]),
    ("Kami beli kamera, server, dll. Kemudian rapat.", ["Kami beli kamera, server, dll.", "Kemudian rapat."]),
    ("Bpk. Hadi datang. Dr. Sari juga.", ["Bpk. Hadi datang.", "Dr. Sari juga."]),
    ("Lihat Perwal No. 17 Tahun 2021. Itu dasarnya.", ["Lihat Perwal No. 17 Tahun 2021.", "Itu dasarnya."]),
    ("Naik 3.5 persen, jadi Rp. 1.500.000 per bulan.", ["Naik 3.5 persen, jadi Rp. 1.500.000 per bulan."]),
    ("Pukul 10.30 mulai. Selesai pukul 12.00.", ["Pukul 10.30 mulai.", "Selesai pukul 12.00."]),
    ("Selamat pagi, Bu. Saya siap.", ["Selamat pagi, Bu.", "Saya siap."]),
    ("Jalan A. Yani rusak. Kenapa?! Entah.", ["Jalan A. Yani rusak.", "Kenapa?!", "Entah."]),
    ('Dia bilang "Sudah dicatat." Lalu ditutup.', ['Dia bilang "Sudah dicatat."', "Lalu ditutup."]),
    ("1. Pertama anggaran. 2. Kedua SDM.", ["1. Pertama anggaran.", "2. Kedua SDM."]),
    ("Lihat contoh.id. Itu portalnya.", ["Lihat contoh.id.", "Itu portalnya."]),
    ("Jadi... ya begitu. Oke.", ["Jadi... ya begitu.", "Oke."]),
    ("Mr. Smith said no. We left.", ["Mr. Smith said no.", "We left."]),
    ("The plan, e.g. Jakarta's, failed.", ["The plan, e.g. Jakarta's, failed."]),
    ("Tanpa tanda baca sama sekali", ["Tanpa tanda baca sama sekali"]),
])
def test_sentence_rules(text, sentences):
    assert [text[a:b] for a, b in sentence_spans(text, 0, len(text))] == sentences


def test_sentences_are_offsets_into_the_whole_text():
    text = "P: Halo.\nI: Satu dua. Tiga empat.  Lima? "
    start = text.index("Satu")
    spans = sentence_spans(text, start, len(text))
    assert [text[a:b] for a, b in spans] == ["Satu dua.", "Tiga empat.", "Lima?"]


# --- cutting a transcript -----------------------------------------------------------------

TRANSCRIPT = ("Pewawancara: Bagaimana anggarannya?\n\n"
              "Bu Ratna: Anggarannya terbatas. APBD untuk belanja rutin.\n\n"
              "Tapi wali kota mendukung.\n\n"
              "Pewawancara: Terima kasih, Bu.\n\n"
              "Bu Ratna: Sama-sama.\n")


@pytest.mark.parametrize("unit, pieces", [
    ("turn", [("Pewawancara", "Bagaimana anggarannya?"),
              ("Bu Ratna", "Anggarannya terbatas. APBD untuk belanja rutin.\n\nTapi wali kota mendukung."),
              ("Pewawancara", "Terima kasih, Bu."),
              ("Bu Ratna", "Sama-sama.")]),
    ("paragraph", [("Pewawancara", "Bagaimana anggarannya?"),
                   ("Bu Ratna", "Anggarannya terbatas. APBD untuk belanja rutin."),
                   ("Bu Ratna", "Tapi wali kota mendukung."),
                   ("Pewawancara", "Terima kasih, Bu."),
                   ("Bu Ratna", "Sama-sama.")]),
    ("sentence", [("Pewawancara", "Bagaimana anggarannya?"),
                  ("Bu Ratna", "Anggarannya terbatas."),
                  ("Bu Ratna", "APBD untuk belanja rutin."),
                  ("Bu Ratna", "Tapi wali kota mendukung."),
                  ("Pewawancara", "Terima kasih, Bu."),
                  ("Bu Ratna", "Sama-sama.")]),
])
def test_each_unit_keeps_the_speaker_of_every_piece(unit, pieces):
    spans = cut_into_units(TRANSCRIPT, speaker_turns(TRANSCRIPT), unit)
    assert [(s.speaker, TRANSCRIPT[s.start:s.end]) for s in spans] == pieces


def test_the_same_speaker_twice_is_two_turns():
    text = "P: Satu?\nI: Jawab satu.\nI: Jawab dua.\nP: Oke.\n"
    spans = cut_into_units(text, speaker_turns(text), "turn")
    assert [text[s.start:s.end] for s in spans] == ["Satu?", "Jawab satu.", "Jawab dua.", "Oke."]


def test_text_without_turns_is_cut_into_paragraphs_as_its_turn_unit():
    text = "Catatan pertama.\nMasih sama.\n\nCatatan kedua. Kalimat lain.\n"
    assert [text[s.start:s.end] for s in cut_into_units(text, paragraphs(text), "turn")] == [
        "Catatan pertama.\nMasih sama.", "Catatan kedua. Kalimat lain."]
    assert [text[s.start:s.end] for s in cut_into_units(text, paragraphs(text), "sentence")] == [
        "Catatan pertama.", "Masih sama.", "Catatan kedua.", "Kalimat lain."]


SRT = ("1\n00:00:01,000 --> 00:00:04,000\nPewawancara: Bagaimana awalnya?\n\n"
       "2\n00:00:04,500 --> 00:00:09,000\nInforman: Dari dinas. Lalu wali kota ikut.\n")


def test_subtitle_turns_cut_into_sentences_keep_speaker_and_timestamp(tmp_path):
    from qualcode.ingest import read_source

    path = tmp_path / "rekaman.srt"
    path.write_text(SRT, encoding="utf-8")
    source, _ = read_source(path, "rekaman", "rekaman.srt", "id", unit="sentence")
    assert [(s.speaker, s.timestamp, s.text, s.codable) for s in source.segments] == [
        ("Pewawancara", "00:00:01,000", "Bagaimana awalnya?", False),
        ("Informan", "00:00:04,500", "Dari dinas.", True),
        ("Informan", "00:00:04,500", "Lalu wali kota ikut.", True)]
    assert all(source.text[s.start:s.end] == s.text for s in source.segments)


# --- changing the unit of a project -------------------------------------------------------

def people_rows(project: Path) -> tuple[list, list]:
    """People's coding rows still on segments, and the rows set aside as orphans."""
    with Store(project / ".qualcode" / "project.db") as store:
        kept = [(c.segment_id, c.code_id, c.coder, c.status) for c in store.all_codings()
                if c.coder != "auto"]
        orphans = store.conn.execute(
            "SELECT code_id, coder, status, segment_text FROM orphan_codings").fetchall()
    return kept, [tuple(row) for row in orphans]


@pytest.fixture
def turn_project(small_project, runner):
    set_coding(small_project, unit='"turn"')
    assert invoke(runner, small_project, "ingest").exit_code == 0
    assert invoke(runner, small_project, "code", "auto").exit_code == 0
    return small_project


def test_changing_the_unit_never_loses_a_decision_silently(turn_project, runner):
    project = turn_project
    # pemkot:2 is Bu Ratna's two-paragraph turn; mitra:2 a one-paragraph turn
    decisions = [("pemkot", "2", "sustainability"), ("mitra", "2", "budget-planning"),
                 ("warga", "2", "leadership-commitment")]
    for source, segment, code in decisions:
        assert invoke(runner, project, "code", "add", source, "--segment", segment,
                      "--code", code).exit_code == 0
    assert invoke(runner, project, "code", "remove", "mitra", "--segment", "4",
                  "--code", "private-sector").exit_code == 0  # a rejection is a decision too
    before, _ = people_rows(project)
    assert len(before) == 4

    set_coding(project, unit='"paragraph"')
    result = invoke(runner, project, "ingest")
    assert result.exit_code == 0, result.output
    assert "0 added, 2 updated, 1 unchanged" in result.output  # mitra has one paragraph per turn
    assert "2 unchanged files were cut again (pemkot, warga) into paragraphs" in result.output
    kept, orphans = people_rows(project)
    # every decision is either still on a segment with the same text, or an orphan
    assert len(kept) + len(orphans) == len(before)
    assert ("mitra:2", "budget-planning", "researcher", "accepted") in kept
    assert ("mitra:4", "private-sector", "researcher", "rejected") in kept
    assert {(code, status) for code, _, status, _ in orphans} == {
        ("sustainability", "accepted"), ("leadership-commitment", "accepted")}
    assert f"kept as orphans): {len(orphans)}" in result.output
    status = json.loads(invoke(runner, project, "status", "--format", "json").stdout)
    assert status["orphan_codings"] == len(orphans) and status["coding_unit"] == "paragraph"

    again = invoke(runner, project, "ingest")
    assert "0 added, 0 updated, 3 unchanged" in again.output  # the new cut is stable


def test_sentences_then_back_to_turns_keeps_carried_decisions(turn_project, runner):
    project = turn_project
    assert invoke(runner, project, "code", "add", "mitra", "--segment", "4",
                  "--code", "hardware").exit_code == 0
    set_coding(project, unit='"sentence"')
    assert invoke(runner, project, "ingest").exit_code == 0
    with Store(project / ".qualcode" / "project.db") as store:
        segments = {s.id: len(s.segments) for s in store.sources()}
        assert segments["pemkot"] > 4
    set_coding(project, unit='"turn"')
    assert invoke(runner, project, "ingest").exit_code == 0
    kept, orphans = people_rows(project)
    # mitra:4 ("The fibre network …") is one sentence, so the decision rode along both ways
    assert kept == [("mitra:4", "hardware", "researcher", "accepted")] and orphans == []


# --- the threshold ------------------------------------------------------------------------

def test_code_auto_uses_the_configured_threshold_and_the_option_overrides_it(small_project, runner):
    project = small_project
    assert invoke(runner, project, "ingest").exit_code == 0
    set_coding(project, threshold="3.0")
    strict = invoke(runner, project, "code", "auto")
    assert strict.exit_code == 0 and "threshold 3 (from qualcode.toml)" in strict.output
    n_strict = int(strict.output.split(" suggestions")[0].split()[-1])

    loose = invoke(runner, project, "code", "auto", "--threshold", "1")
    assert "threshold 1 (from --threshold)" in loose.output
    n_loose = int(loose.output.split(" suggestions")[0].split()[-1])
    assert n_loose > n_strict

    status = json.loads(invoke(runner, project, "status", "--format", "json").stdout)
    assert (status["threshold"], status["suggested_at_threshold"]) == (3.0, 1.0)
    table = invoke(runner, project, "status")
    assert "threshold 3" in table.stdout and "suggestions made at 1" in table.stdout

    again = invoke(runner, project, "code", "auto")  # the override lasted one run
    assert "threshold 3 (from qualcode.toml)" in again.output
    assert json.loads(invoke(runner, project, "status", "--format", "json").stdout)[
        "suggested_at_threshold"] == 3.0


def test_a_threshold_of_zero_is_refused(small_project, runner):
    assert invoke(runner, small_project, "ingest").exit_code == 0
    result = invoke(runner, small_project, "code", "auto", "--threshold", "0")
    assert result.exit_code == 1 and "--threshold" in result.output and "Traceback" not in result.output


# --- changing the project's language --------------------------------------------------------

def test_a_new_project_language_reaches_the_files_whose_language_was_its_default(turn_project, runner):
    """A file whose words are too few to tell its language takes the project's; when the
    user corrects [project] language, re-ingesting the unchanged file follows it."""
    project = turn_project
    (project / "transcripts" / "note.txt").write_text("Wifi taman kota\n", encoding="utf-8")
    assert invoke(runner, project, "ingest").exit_code == 0
    assert invoke(runner, project, "code", "add", "note", "--segment", "1",
                  "--code", "hardware").exit_code == 0

    config = project / "qualcode.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('language = "id"', 'language = "en"'),
                      encoding="utf-8")
    result = invoke(runner, project, "ingest")
    assert result.exit_code == 0, result.output
    assert "0 added, 1 updated, 3 unchanged" in result.output  # the interviews say their language
    assert "1 unchanged file is read in another language now: note (en)" in result.output
    with Store(project / ".qualcode" / "project.db") as store:
        languages = dict(store.conn.execute("SELECT id, language FROM sources"))
    assert languages == {"note": "en", "pemkot": "id", "warga": "id", "mitra": "en"}
    kept, orphans = people_rows(project)
    assert ("note:1", "hardware", "researcher", "accepted") in kept and not orphans

    again = invoke(runner, project, "ingest")
    assert "0 added, 0 updated, 4 unchanged" in again.output
