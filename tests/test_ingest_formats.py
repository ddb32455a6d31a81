"""read_source / plan_ingest end to end, on files written into tmp_path."""

from __future__ import annotations

import os
from pathlib import Path

import docx
import pytest

from qualcode.errors import InputError
from qualcode.ingest import display_path, plan_ingest, read_source
from qualcode.model import Source
from qualcode.store import Store

INTERVIEW_ID = """\
---
case: INF01
role: Kepala Dinas
source_type: interview
language: id
date: 2024-03-05
---
P: Bagaimana program kota cerdas dimulai di sini?
I: Awalnya dari dinas kami, lalu wali kota mendukung.

Anggarannya kecil pada tahun pertama.
P: Apa tantangan terbesarnya?
I: Koordinasi antar dinas.
"""

ENGLISH = ("I think that the city has done a lot for the people who live here, "
           "and we are happy with what they have done so far.")
INDONESIAN = ("Saya rasa kota ini sudah banyak berbuat untuk warga yang tinggal di sini, "
              "dan kami senang dengan apa yang sudah mereka lakukan.")


def _write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def _read(path: Path, default_language: str = "id") -> tuple[Source, tuple]:
    return read_source(path, path.stem, path.name, default_language)


def _assert_offsets(source: Source) -> None:
    assert source.segments, "no segments"
    for n, segment in enumerate(source.segments, start=1):
        assert segment.ordinal == n
        assert segment.source_id == source.id
        assert segment.text == source.text[segment.start:segment.end]
        assert segment.text == segment.text.strip()


def _docx(path: Path, paragraphs: list[str]) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(path)
    return path


def _error(path: Path) -> InputError:
    with pytest.raises(InputError) as caught:
        _read(path)
    assert path.name in str(caught.value)
    return caught.value


# --- plain text and markdown -----------------------------------------------------------

def test_txt_interview_with_front_matter(tmp_path):
    path = _write(tmp_path, "inf01.txt", INTERVIEW_ID)
    source, (case_id, attributes) = _read(path, default_language="en")
    assert source.id == "inf01"
    assert source.path == "inf01.txt"
    assert source.source_type == "interview"
    assert source.language == "id"
    assert source.date == "2024-03-05"
    assert source.case_id == "INF01"
    assert (case_id, attributes) == ("INF01", {"role": "Kepala Dinas"})
    assert source.attributes == {}
    assert source.text.startswith("P: Bagaimana")  # front matter is not part of the text
    assert source.warnings == ()
    _assert_offsets(source)
    # the default unit is the turn: the informant's two paragraphs are one segment
    assert [(s.speaker, s.codable) for s in source.segments] == [
        ("P", False), ("I", True), ("P", False), ("I", True)]
    assert [s.text for s in source.segments] == [
        "Bagaimana program kota cerdas dimulai di sini?",
        "Awalnya dari dinas kami, lalu wali kota mendukung.\n\nAnggarannya kecil pada tahun pertama.",
        "Apa tantangan terbesarnya?",
        "Koordinasi antar dinas.",
    ]
    assert source.segments[1].id == "inf01:2"


def test_txt_interview_cut_into_paragraphs(tmp_path):
    path = _write(tmp_path, "inf01.txt", INTERVIEW_ID)
    source, _ = read_source(path, path.stem, path.name, "id", unit="paragraph")
    _assert_offsets(source)
    assert [(s.speaker, s.codable, s.text) for s in source.segments] == [
        ("P", False, "Bagaimana program kota cerdas dimulai di sini?"),
        ("I", True, "Awalnya dari dinas kami, lalu wali kota mendukung."),
        ("I", True, "Anggarannya kecil pada tahun pertama."),
        ("P", False, "Apa tantangan terbesarnya?"),
        ("I", True, "Koordinasi antar dinas."),
    ]


def test_english_one_letter_convention(tmp_path):
    path = _write(tmp_path, "p01.txt", "---\nlanguage: en\n---\n"
                  "I: How did the programme start?\nP: It started in our office.\n"
                  "I: Who led it?\nP: The head of the office.\n")
    source, _ = _read(path)
    assert [(s.speaker, s.codable) for s in source.segments] == [
        ("I", False), ("P", True), ("I", False), ("P", True)]


def test_declared_interviewer_makes_its_turns_uncodable(tmp_path):
    path = _write(tmp_path, "inf02.txt", "---\ncase: INF02\ninterviewer: Budi\nlanguage: id\n---\n"
                  "Budi: Bagaimana awalnya, Bu?\nP: Awalnya dari dinas kami.\n"
                  "P: Lalu berkembang.\n")
    source, _ = _read(path)
    assert [(s.speaker, s.codable) for s in source.segments] == [
        ("Budi", False), ("P", True), ("P", True)]
    # Declared interviewers are normalised to a list: one label or several (a focus group).
    assert source.attributes == {"interviewer": ["Budi"]}


def test_two_declared_interviewers_as_a_yaml_list(tmp_path):
    path = _write(tmp_path, "fgd.txt", "---\ninterviewer: [Budi, Ani]\nlanguage: id\n---\n"
                  "Budi: Bagaimana awalnya?\nSiti: Dari dinas kami.\n"
                  "Ani: Siapa yang memimpin?\nSiti: Kepala dinas.\n")
    source, _ = _read(path)
    assert [(s.speaker, s.codable) for s in source.segments] == [
        ("Budi", False), ("Siti", True), ("Ani", False), ("Siti", True)]


def test_whole_file_and_crlf_bytes_hash_and_offsets(tmp_path):
    raw = INTERVIEW_ID.replace("\n", "\r\n").encode("utf-8")
    path = _write(tmp_path, "crlf.txt", raw)
    source, _ = _read(path)
    assert "\r" not in source.text
    assert len(source.sha256) == 64
    _assert_offsets(source)


@pytest.mark.parametrize("text, default, expected", [
    (ENGLISH, "id", "en"),
    (INDONESIAN, "en", "id"),
], ids=["english", "indonesian"])
def test_language_is_detected_from_stop_words(tmp_path, text, default, expected):
    path = _write(tmp_path, "catatan.txt", "---\nsource_type: document\n---\n" + text + "\n")
    source, _ = _read(path, default_language=default)
    assert source.language == expected


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_stop_words_read_without_importing_spacy_are_spacys(language):
    import importlib

    from qualcode.ingest.language import _stop_words_file

    spacy_list = importlib.import_module(f"spacy.lang.{language}.stop_words").STOP_WORDS
    assert _stop_words_file(language) == frozenset(spacy_list) and len(spacy_list) > 100


def test_too_little_text_keeps_the_default_language(tmp_path):
    path = _write(tmp_path, "pendek.txt", "Bandung 2024\n")
    assert _read(path, default_language="en")[0].language == "en"


def test_unsupported_language_is_rejected(tmp_path):
    path = _write(tmp_path, "fr.txt", "---\nlanguage: fr\n---\nBonjour.\n")
    assert "fr" in _error(path).message


@pytest.mark.parametrize("source_type, coded", [("fieldnote", False), ("observation", False), ("document", True)])
def test_a_field_notes_own_reflection_is_not_coded(tmp_path, source_type, coded):
    """An observer's comment (MHS's OC) is the researcher's reading of what was seen, not the
    field's words: coded, it would count as observed evidence for that very reading. A
    document's "Catatan:" is the document's own."""
    path = _write(tmp_path, "catatan.txt",
                  f"---\nsource_type: {source_type}\nlanguage: id\n---\n"
                  "Antrean di loket pukul delapan sudah dua puluh orang.\n\n"
                  "Refleksi: temuan ini perlu dikonfirmasi dengan data kuota Dukcapil.\n\n"
                  "**OC:** petugas tampak kewalahan, mungkin karena kurang orang.\n\n"
                  "Warga mengeluh sinyal di loket lemah.\n")
    source, _ = _read(path)
    assert [s.codable for s in source.segments] == [True, coded, coded, True]


@pytest.mark.parametrize("paragraph, reflection", [
    ("Sebagai catatan reflektif, ruangan ini dirancang untuk dilihat.", True),
    ("Catatan peneliti — perlu dikonfirmasi dengan Diskominfo.", True),
    ("As a reflective note, the room is built to be seen.", True),
    ("Researcher's note, to confirm: the maintenance budget.", True),
    ("Refleksi peneliti: warga tampak sinis.", True),
    ("Refleksi warga atas musrenbang beragam.", False),     # a sentence that begins with the word
    ("Catatan, rapat ditunda sampai Senin.", False),       # the document's own note
    ("Memo dari camat dibacakan di awal rapat.", False),
])
def test_a_reflection_opening_a_sentence_is_not_coded(tmp_path, paragraph, reflection):
    path = _write(tmp_path, "observasi.txt", "---\nsource_type: observation\nlanguage: id\n---\n"
                  f"Warga antre di loket.\n\n{paragraph}\n")
    source, _ = _read(path)
    assert [s.codable for s in source.segments] == [True, not reflection]


def test_markdown_document_is_split_into_paragraphs(tmp_path):
    path = _write(tmp_path, "catatan-lapangan.md",
                  "---\nsource_type: fieldnote\nlanguage: id\ntitle: Hari pertama\n---\n"
                  "# Hari pertama\n\nKami tiba di balai kota.\n\nCatatan: rapat ditunda.\n")
    source, (case_id, _) = _read(path)
    assert source.source_type == "fieldnote"
    assert case_id is None and source.case_id is None
    assert source.attributes == {"title": "Hari pertama"}
    assert [(s.speaker, s.codable, s.text) for s in source.segments] == [
        (None, False, "Hari pertama"),  # a heading: the section's title, not coded
        (None, True, "Kami tiba di balai kota."),
        (None, True, "Catatan: rapat ditunda."),
    ]
    _assert_offsets(source)


def test_markdown_interview_without_front_matter(tmp_path):
    path = _write(tmp_path, "Wawancara Siti.md",
                  "Pewawancara: Bagaimana awalnya?\nInforman: Dari dinas kami.\n")
    source, (case_id, _) = _read(path)
    assert source.source_type == "interview"
    assert case_id == "Wawancara Siti"  # the source id stands in for the case
    assert [s.speaker for s in source.segments] == ["Pewawancara", "Informan"]
    _assert_offsets(source)


def test_front_matter_only_file_has_no_text(tmp_path):
    path = _write(tmp_path, "kosong.txt", "---\ncase: INF01\n---\n\n  \n")
    assert "no text" in _error(path).message


def test_empty_file_is_an_input_error(tmp_path):
    _error(_write(tmp_path, "kosong.txt", b""))


def test_unsupported_extension_is_rejected(tmp_path):
    path = _write(tmp_path, "laporan.pdf", b"%PDF-1.7\n")
    error = _error(path)
    assert ".pdf" in error.message


def test_extension_case_does_not_matter(tmp_path):
    path = _write(tmp_path, "INF01.TXT", INTERVIEW_ID)
    assert _read(path)[0].case_id == "INF01"


# --- Word ------------------------------------------------------------------------------

VTT = """\
WEBVTT

1
00:00:01.000 --> 00:00:04.000
<v Pewawancara>Bagaimana awalnya?</v>

2
00:00:04.500 --> 00:00:08.000 align:start
<v Budi Santoso>Jadi kami mulai
tahun lalu.</v>

3
00:00:08.000 --> 00:00:10.000
<v Budi Santoso>Lalu dana datang dari pusat.</v>

4
00:01:10.000 --> 00:01:12.000
<v Pewawancara>Terima kasih &amp; sampai jumpa.</v>
"""


def test_vtt_voices_become_turns_and_consecutive_cues_merge(tmp_path):
    source, (case_id, _) = _read(_write(tmp_path, "rekaman.vtt", VTT))
    assert source.source_type == "interview"
    assert case_id == "rekaman"
    assert [(s.speaker, s.timestamp, s.text, s.codable) for s in source.segments] == [
        ("Pewawancara", "00:00:01.000", "Bagaimana awalnya?", False),
        ("Budi Santoso", "00:00:04.500",
         "Jadi kami mulai tahun lalu. Lalu dana datang dari pusat.", True),
        ("Pewawancara", "00:01:10.000", "Terima kasih & sampai jumpa.", False),
    ]
    assert "<v" not in source.text
    _assert_offsets(source)


ZOOM = """WEBVTT

00:00:01.000 --> 00:00:03.000
<v Rina Peneliti>Kalau dukungan DPRD bagaimana?

00:00:04.000 --> 00:00:08.000
<v Pak Joko>DPRD kurang mendukung.
"""


def test_the_interviewer_of_captions_is_named_in_the_project_settings(small_project, runner):
    """Captions have no front matter: a speaker who is no role word is the informant, and the
    questions were coded, said only by a warning; `[coding] interviewers` names the interviewer."""
    from tests.test_cli import invoke
    from tests.test_coding_commands import rows

    (small_project / "transcripts" / "zoom.vtt").write_text(ZOOM, encoding="utf-8")
    first = invoke(runner, small_project, "ingest")
    assert first.exit_code == 0, first.output
    assert "zoom.vtt: none of its 2 speakers is the interviewer" in " ".join(first.output.split())
    config = small_project / "qualcode.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "[coding]\n", '[coding]\ninterviewers = ["Rina Peneliti"]\n'), encoding="utf-8")
    again = invoke(runner, small_project, "ingest")
    assert again.exit_code == 0 and "none of its" not in again.output, again.output
    with Store(small_project / ".qualcode" / "project.db") as store:
        assert [(s.speaker, s.codable) for s in store.segments_of("zoom")] == [
            ("Rina Peneliti", False), ("Pak Joko", True)]
    assert invoke(runner, small_project, "code", "auto").exit_code == 0
    assert {c.segment_id for c in rows(small_project, coder="auto") if c.segment_id.startswith("zoom")} == {"zoom:2"}


def test_a_caption_files_interviewer_may_be_named_in_its_cases_csv_row(small_project, runner):
    """Otter calls the interviewer Speaker 1 in one file and Speaker 2 in another: the row of
    each file's case says which (a caption file has no front matter)."""
    from tests.test_cli import invoke

    folder = small_project / "transcripts"
    (folder / "otter-a.srt").write_text(SRT.replace("Pewawancara:", "Speaker 1:").replace("Siti:", "Speaker 2:"),
                                        encoding="utf-8")
    (folder / "otter-b.srt").write_text(SRT.replace("Pewawancara:", "Speaker 2:").replace("Siti:", "Speaker 1:"),
                                        encoding="utf-8")
    # the row's id in other capitals is the file's case all the same
    (folder / "cases.csv").write_text("case,role,interviewer\notter-a,community,Speaker 1\n"
                                      "Otter-B,community,Speaker 2\n", encoding="utf-8")
    result = invoke(runner, small_project, "ingest")
    assert result.exit_code == 0, result.output
    assert "none of its" not in result.output
    with Store(small_project / ".qualcode" / "project.db") as store:
        for source in ("otter-a", "otter-b"):
            codable = {s.speaker: s.codable for s in store.segments_of(source)}
            assert codable == {"Speaker 1": source == "otter-b", "Speaker 2": source == "otter-a"}, source


def test_vtt_with_broken_cue_time_reports_line(tmp_path):
    path = _write(tmp_path, "rusak.vtt",
                  "WEBVTT\n"                            # 1
                  "\n"                                  # 2
                  "00:00:01.000 --> 00:00:04.000\n"     # 3
                  "<v A>Halo.</v>\n"                    # 4
                  "\n"                                  # 5
                  "00:00:05.000 --> 00:00:0x.000\n"     # 6
                  "<v A>Lagi.</v>\n")
    error = _error(path)
    assert error.line == 6


def test_vtt_cue_ending_before_it_starts_reports_line(tmp_path):
    path = _write(tmp_path, "mundur.vtt",
                  "WEBVTT\n\n00:00:09.000 --> 00:00:04.000\n<v A>Halo.</v>\n")
    assert _error(path).line == 3


def test_vtt_without_header_is_rejected(tmp_path):
    path = _write(tmp_path, "tanpa-header.vtt", "00:00:01.000 --> 00:00:04.000\n<v A>Halo.</v>\n")
    assert _error(path).line == 1


SRT = """\
1
00:00:01,000 --> 00:00:03,000
Pewawancara: Bagaimana awalnya?

2
00:00:03,500 --> 00:00:06,000
Siti: Dari dinas kami.

3
00:00:06,000 --> 00:00:08,000
Siti: Lalu berkembang.

4
00:00:08,500 --> 00:00:09,000
Pewawancara: Terima kasih.
"""


def test_srt_name_prefixes_become_turns(tmp_path):
    source, _ = _read(_write(tmp_path, "rekaman.srt", SRT))
    assert [(s.speaker, s.timestamp, s.text, s.codable) for s in source.segments] == [
        ("Pewawancara", "00:00:01,000", "Bagaimana awalnya?", False),
        ("Siti", "00:00:03,500", "Dari dinas kami. Lalu berkembang.", True),
        ("Pewawancara", "00:00:08,500", "Terima kasih.", False),
    ]
    _assert_offsets(source)


def test_srt_one_off_colon_phrase_is_not_a_speaker(tmp_path):
    # The same rule as for transcripts: a label must recur or be a role word.
    srt = SRT.replace("Siti: Lalu berkembang.", "Jadi begini: kami lanjutkan.")
    source, _ = _read(_write(tmp_path, "rekaman.srt", srt))
    assert "Jadi begini" not in {s.speaker for s in source.segments}


def test_srt_with_broken_cue_time_reports_line(tmp_path):
    path = _write(tmp_path, "rusak.srt", "1\n00:00:01.000 --> 00:00:03,000\nSiti: Halo.\n")
    assert _error(path).line == 2
    assert "SubRip writes 00:00:01,000, a comma before the milliseconds" in _error(path).message
    # an arrow damaged is as broken: the cue's words were passed over without a word
    damaged = _write(tmp_path, "panah.srt", SRT.replace("00:00:03,500 --> 00:00:06,000", "00:00:03,500 -> 00:00:06,000"))
    error = _error(damaged)
    assert error.line == 6 and "its arrow must be -->" in error.message


def test_srt_naming_the_speaker_on_a_turns_first_cue_only_keeps_the_turn_whole(tmp_path):
    """Otter and Google Meet name the speaker once a turn: the unnamed cues after it are the
    same voice, not a turn of no one's (which was coded, the interviewer's questions too)."""
    srt = (SRT.replace("Siti: Lalu berkembang.", "Lalu berkembang.")
           .replace("Pewawancara: Bagaimana awalnya?", "Pewawancara: Bagaimana awalnya,")
           .replace("2\n00:00:03,500", "9\n00:00:02,000 --> 00:00:03,000\nprogramnya dari mana?\n\n2\n00:00:03,500"))
    source, _ = _read(_write(tmp_path, "otter.srt", srt))
    assert [(s.speaker, s.text, s.codable) for s in source.segments] == [
        ("Pewawancara", "Bagaimana awalnya, programnya dari mana?", False),
        ("Siti", "Dari dinas kami. Lalu berkembang.", True),
        ("Pewawancara", "Terima kasih.", False),
    ]


@pytest.mark.parametrize("damage, line, said", [
    (("00:00:03,500 --> 00:00:06,000", "00:00:03,500 - -> 00:00:06,000"), 6, "its arrow must be -->"),
    (("00:00:03,500 --> 00:00:06,000", "00:00:03,500 —> 00:00:06,000"), 6, "its arrow must be -->"),
    (("00:00:03,500 --> 00:00:06,000\n", ""), 6, "words outside a cue: 'Siti: Dari dinas kami.'"),
    (("Siti: Dari dinas kami.", "Siti: Dari dinas\n\nkami."), 9, "a blank line inside the cue above"),
])
def test_caption_damage_that_would_drop_words_is_named_at_its_line(tmp_path, damage, line, said):
    error = _error(_write(tmp_path, "rusak.srt", SRT.replace(*damage)))
    assert error.line == line and said in error.message, error


def test_a_speaker_whose_name_is_not_read_keeps_their_cues(tmp_path):
    """A caller's number, an emoji or a device as a display name: said at three cues or more,
    it is a speaker's, whose cues were joined to the interviewer's turn before and not coded."""
    srt = SRT.replace("Siti:", "+62 812-3456-7890:").replace("4\n00:00:08,500", "5\n00:00:07,000 --> 00:00:08,000\n"
                                                          "+62 812-3456-7890: Begitu.\n\n4\n00:00:08,500")
    source, _ = _read(_write(tmp_path, "telepon.srt", srt))
    assert [(s.speaker, s.codable) for s in source.segments] == [
        ("Pewawancara", False), ("+62 812-3456-7890", True), ("Pewawancara", False)]
    # and a cue of one said once, whose name is not read, is no one's, not the interviewer's
    once = SRT.replace("Siti: Lalu berkembang.", "Lalu berkembang.").replace("Siti:", "📱 Budi:")
    source, _ = _read(_write(tmp_path, "sekali.srt", once))
    assert [s.codable for s in source.segments][:2] == [False, True]


def test_a_caption_cue_without_a_blank_line_before_it_is_a_cue_of_its_own(tmp_path):
    srt = SRT.replace("Dari dinas kami.\n\n3\n", "Dari dinas kami.\n3\n")
    source, _ = _read(_write(tmp_path, "rapat.srt", srt))
    assert [s.text for s in source.segments][1] == "Dari dinas kami. Lalu berkembang."


def test_a_meetings_display_name_with_titles_or_its_place_is_a_speaker(tmp_path):
    """Zoom writes the name as the person set it: "Agus Wibowo, S.H., M.H.:", "Rina (Host):"."""
    srt = SRT.replace("Siti:", "Agus Wibowo, S.H., M.H.:").replace("Pewawancara:", "Rina Peneliti (Host):")
    source, _ = _read(_write(tmp_path, "zoom.srt", srt))
    assert [s.speaker for s in source.segments] == ["Rina Peneliti", "Agus Wibowo, S.H., M.H.", "Rina Peneliti"]
    assert source.segments[1].text == "Dari dinas kami. Lalu berkembang."


# --- plan_ingest and cases -------------------------------------------------------------

def _plan(root: Path, names: list[str], language: str = "id"):
    return plan_ingest([root / n for n in names], root, root / "cases.csv", language)


def test_plan_merges_cases_csv_with_front_matter_front_matter_wins(tmp_path):
    _write(tmp_path, "cases.csv", "id,role,site\nINF01,Staf,Bandung\nINF02,Camat,Cimahi\n")
    _write(tmp_path, "inf01.txt", INTERVIEW_ID)
    plan = _plan(tmp_path, ["inf01.txt"])
    assert [s.id for s in plan.sources] == ["inf01"]
    cases = {c.id: c.attributes for c in plan.cases}
    assert cases == {
        "INF01": {"role": "Kepala Dinas", "site": "Bandung"},
        "INF02": {"role": "Camat", "site": "Cimahi"},
    }
    assert plan.warnings == []


def test_plan_without_cases_csv_takes_cases_from_front_matter(tmp_path):
    _write(tmp_path, "inf01.txt", INTERVIEW_ID)
    plan = _plan(tmp_path, ["inf01.txt"])
    assert [(c.id, c.role) for c in plan.cases] == [("INF01", "Kepala Dinas")]


def test_two_files_agreeing_on_a_case_give_one_case(tmp_path):
    _write(tmp_path, "a.txt", "---\ncase: INF01\nrole: Staf\n---\nP: Halo.\nI: Hai.\n")
    _write(tmp_path, "b.txt", "---\ncase: INF01\nrole: Staf\nsite: Bandung\n---\nP: Lagi.\nI: Ya.\n")
    plan = _plan(tmp_path, ["a.txt", "b.txt"])
    assert [(c.id, c.attributes) for c in plan.cases] == [
        ("INF01", {"role": "Staf", "site": "Bandung"})]


def test_conflicting_case_attributes_in_two_files_raise_naming_a_file(tmp_path):
    _write(tmp_path, "a.txt", "---\ncase: INF01\nrole: Staf\n---\nP: Halo.\nI: Hai.\n")
    _write(tmp_path, "b.txt", "---\ncase: INF01\nrole: Camat\n---\nP: Lagi.\nI: Ya.\n")
    with pytest.raises(InputError) as caught:
        _plan(tmp_path, ["a.txt", "b.txt"])
    message = str(caught.value)
    assert caught.value.path in ("a.txt", "b.txt")
    assert "a.txt" in message and "b.txt" in message
    assert "INF01" in message and "role" in message


def test_cases_csv_without_id_column_raises_at_line_1(tmp_path):
    csv_path = _write(tmp_path, "cases.csv", "nama,role\nINF01,Staf\n")
    _write(tmp_path, "inf01.txt", INTERVIEW_ID)
    with pytest.raises(InputError) as caught:
        _plan(tmp_path, ["inf01.txt"])
    assert caught.value.path == str(csv_path)
    assert caught.value.line == 1


@pytest.mark.parametrize("header", ["id", "case", "case_id", " Case_ID "])
def test_cases_csv_id_column_names(tmp_path, header):
    _write(tmp_path, "cases.csv", f"{header},role\nINF09,Lurah\n")
    _write(tmp_path, "inf01.txt", INTERVIEW_ID)
    plan = _plan(tmp_path, ["inf01.txt"])
    assert {c.id: c.role for c in plan.cases}["INF09"] == "Lurah"


def test_duplicate_case_row_reports_its_line(tmp_path):
    csv_path = _write(tmp_path, "cases.csv", "id,role\nINF01,Staf\nINF02,Camat\nINF01,Lurah\n")
    _write(tmp_path, "inf01.txt", INTERVIEW_ID)
    with pytest.raises(InputError) as caught:
        _plan(tmp_path, ["inf01.txt"])
    assert caught.value.path == str(csv_path)
    assert caught.value.line == 4
    assert "INF01" in caught.value.message


def test_one_bad_file_fails_the_whole_plan(tmp_path):
    _write(tmp_path, "inf01.txt", INTERVIEW_ID)
    _write(tmp_path, "rusak.txt", b"\x00\x01\x02 biner")
    with pytest.raises(InputError) as caught:
        _plan(tmp_path, ["inf01.txt", "rusak.txt"])
    assert "rusak.txt" in str(caught.value)


def test_same_file_name_in_two_folders_gets_distinct_ids(tmp_path):
    _write(tmp_path, "bandung/inf01.txt", "P: Halo.\nI: Hai.\n")
    _write(tmp_path, "cimahi/inf01.txt", "P: Halo.\nI: Hai.\n")
    plan = _plan(tmp_path, ["bandung/inf01.txt", "cimahi/inf01.txt"])
    ids = [s.id for s in plan.sources]
    assert len(set(ids)) == 2
    assert [s.path for s in plan.sources] == ["bandung/inf01.txt", "cimahi/inf01.txt"]


def test_names_apart_only_in_what_a_slug_drops_are_still_two_sources(small_project, runner):
    """Accents are spelled out (é -> e), and names that still meet (`a b`, `a-b`) take a
    number: neither file overwrites the other's source."""
    from tests.test_cli import invoke

    transcripts = small_project / "transcripts"
    for name in ("wawancara-é.txt", "wawancara-ñ.txt", "wawancara ñ.txt", "Wawancara-N.txt"):
        (transcripts / name).write_text(f"Pewawancara: Halo.\n\nInforman: Saya dari {name}.\n", encoding="utf-8")
    result = invoke(runner, small_project, "ingest")
    assert result.exit_code == 0, result.output
    listed = invoke(runner, small_project, "status", "--format", "json")
    ids = {source: path for source, path in _sources(small_project).items() if "awancara" in path}
    assert len(ids) == 4, ids
    assert ids["wawancara-e"] == "transcripts/wawancara-é.txt"
    # three names whose slug is wawancara-n: the folder joins in, then a number
    assert {"transcripts-wawancara-n", "transcripts-wawancara-n-2", "transcripts-wawancara-n-3"} == set(ids) - {"wawancara-e"}
    assert listed.exit_code == 0
    # ingesting again keeps every id where it is
    assert invoke(runner, small_project, "ingest").exit_code == 0
    assert {s: p for s, p in _sources(small_project).items() if s in ids} == ids


def _sources(project) -> dict[str, str]:
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(project / ".qualcode" / "project.db")) as conn:
        return dict(conn.execute("SELECT id, path FROM sources"))


def test_language_detection_ignores_speaker_labels():
    from qualcode.ingest.language import detect_language

    text = ("P: Bagaimana anggarannya?\nI: Kecil.\nP: Kenapa?\nI: Habis untuk gaji.\n"
            "P: Lalu?\nI: Ya begitu.\n")
    assert detect_language(text, "en") == "id"


def test_what_the_globs_match_but_cannot_be_read_is_named(small_project, runner):
    """A folder named like a transcript and a broken link are skipped, and said to be."""
    from tests.test_cli import invoke

    (small_project / "transcripts" / "arsip.txt").mkdir()
    (small_project / "transcripts" / "hilang.txt").symlink_to(small_project / "nowhere.txt")
    result = invoke(runner, small_project, "ingest")
    assert result.exit_code == 0, result.output
    assert "transcripts/arsip.txt: matched by the transcripts globs but not a readable file" in result.output
    assert "transcripts/hilang.txt: matched" in result.output and "3 added" in result.output


def test_upper_case_extensions_are_read_and_editor_leftovers_are_not(small_project, runner):
    """Windows writes `Wawancara.DOCX`; Word leaves `~$name.docx` beside an open document, macOS
    `._name.docx` on a USB stick, LibreOffice `.~lock.name#`: the first is a transcript, the
    others would stop the ingest as unreadable files."""
    from tests.test_cli import invoke

    folder = small_project / "transcripts"
    _docx(folder / "Wawancara.DOCX", ["Pewawancara: Apa?", "Informan: Anggaran kecil."])
    (folder / "CATATAN.TXT").write_text("Rapat ditunda.\n", encoding="utf-8")
    (folder / "~$wancara.docx").write_bytes(b"\x08Peneliti")
    (folder / "._Wawancara.DOCX").write_bytes(b"\x00\x05\x16\x07")
    (folder / ".~lock.Wawancara.DOCX#").write_text("x,y;", encoding="utf-8")
    result = invoke(runner, small_project, "ingest")
    assert result.exit_code == 0, result.output
    assert "5 added" in result.output  # the project's three transcripts and the two above


FGD = """---
case: fgd-desa
source_type: interview
---
Moderator: Bagaimana layanan aduan di desa?

Bu Ani: Aplikasinya sering error, Pak.

Moderator: Ada yang lain?

{kades}: Anggaran desa terbatas, jadi kami tidak bisa bantu banyak.

Bu Ani: Sinyal juga lemah.
"""


def test_a_person_addressed_by_title_speaks_once_in_a_group_discussion(tmp_path):
    path = tmp_path / "fgd.txt"
    path.write_text(FGD.format(kades="Pak Kades"), encoding="utf-8")
    source, _ = _read(path)
    assert ("Pak Kades", True) in [(s.speaker, s.codable) for s in source.segments]
    assert not source.warnings


def test_a_one_off_label_is_warned_of_and_can_be_declared(tmp_path):
    path = tmp_path / "fgd.txt"
    path.write_text(FGD.format(kades="Kades"), encoding="utf-8")
    source, _ = _read(path)
    assert "Kades" not in [s.speaker for s in source.segments]
    assert any("'Kades' marks a turn only once" in w and "speakers: [Kades]" in w for w in source.warnings)
    path.write_text(FGD.format(kades="Kades").replace("source_type: interview", "source_type: interview\n"
                                                                                 "speakers: [Kades]"),
                    encoding="utf-8")
    source, _ = _read(path)
    assert ("Kades", True) in [(s.speaker, s.codable) for s in source.segments] and not source.warnings


def test_front_matter_forgives_case_and_comma_lists(tmp_path):
    path = tmp_path / "fgd.txt"
    path.write_text(FGD.format(kades="Kades").replace("source_type: interview",
                                                      "source_type: Interview\nspeakers: Kades, Joko"),
                    encoding="utf-8")
    source, _ = _read(path)
    assert source.source_type == "interview"
    assert ("Kades", True) in [(s.speaker, s.codable) for s in source.segments]


def test_cases_csv_saved_with_semicolons_is_read(tmp_path):
    from qualcode.ingest.cases import read_cases_csv

    path = tmp_path / "cases.csv"
    path.write_text("case;role;gender\ninf01;pemerintah;perempuan\n", encoding="utf-8")
    assert read_cases_csv(path) == {"inf01": {"role": "pemerintah", "gender": "perempuan"}}


def test_cases_csv_with_an_indonesian_heading_is_read(tmp_path):
    from qualcode.ingest.cases import read_cases_csv

    path = tmp_path / "cases.csv"
    path.write_text("Kasus,peran,desa\ninf01,pemerintah,Sukamaju\n", encoding="utf-8")
    # peran is read as role, which groups the informants (a new user's report said "tanpa peran")
    assert read_cases_csv(path) == {"inf01": {"role": "pemerintah", "desa": "Sukamaju"}}


def test_indonesian_names_of_role_position_and_organisation_are_read_as_those(tmp_path):
    from qualcode.ingest.cases import merge_cases, read_cases_csv

    path = tmp_path / "cases.csv"
    path.write_text("kasus;peran;jabatan;lembaga\ninf01;pemerintah;Kabid E-Gov;Diskominfo\n", encoding="utf-8")
    assert read_cases_csv(path) == {"inf01": {"role": "pemerintah", "position": "Kabid E-Gov",
                                              "organisation": "Diskominfo"}}
    path.write_text("case,role,peran\ninf01,government,pemerintah\n", encoding="utf-8")
    assert read_cases_csv(path) == {"inf01": {"role": "government", "peran": "pemerintah"}}  # both kept
    [case] = merge_cases({}, [("inf02", "b.txt", {"peran": "masyarakat", "instansi": "RW 05"})])
    assert case.attributes == {"role": "masyarakat", "organisation": "RW 05"} and case.role == "masyarakat"


def test_cases_saved_as_excel_unicode_text_are_read(tmp_path):
    """Excel's "Unicode text": UTF-16 with a byte-order mark, tab-separated."""
    from qualcode.ingest.cases import read_cases_csv

    path = tmp_path / "cases.csv"
    path.write_bytes("case\trole\tposition\r\ninf01\tpemerintah\tKepala Seksi, Diskominfo\r\n".encode("utf-16"))
    assert read_cases_csv(path) == {"inf01": {"role": "pemerintah", "position": "Kepala Seksi, Diskominfo"}}


def test_an_interview_whose_speakers_are_bold_in_markdown_is_cut_at_turns(tmp_path):
    path = tmp_path / "sari.md"
    path.write_text("---\ncase: sari\nsource_type: interview\n---\n"
                    "**Pewawancara:** Ada berapa aplikasi yang dikelola dinas, Bu?\n\n"
                    "**Bu Sari:** Banyak sekali, Mas. Anggarannya terbatas.\n", encoding="utf-8")
    source, _ = _read(path)
    assert [(s.speaker, s.codable, s.text[:9]) for s in source.segments] == [
        ("Pewawancara", False, "Ada berap"), ("Bu Sari", True, "Banyak se")]
    assert not source.warnings


def test_an_interview_with_no_speaker_label_is_warned_of(tmp_path):
    path = tmp_path / "tanpa.md"
    path.write_text("---\ncase: tanpa\nsource_type: interview\n---\nAda berapa aplikasi?\n\nBanyak sekali.\n",
                    encoding="utf-8")
    source, _ = _read(path)
    assert any("an interview, but no line starts with a speaker label" in w for w in source.warnings)


def test_an_informants_transcript_without_labels_or_a_type_is_said_to_be_read_as_a_document(tmp_path):
    # it became a document in silence: its questions coded, its evidence weighted as a document's
    path = tmp_path / "kaur.txt"
    path.write_text("---\ncase: kaur-keuangan\nrole: government\n---\nTerus pelaporannya gimana?\n\n"
                    "Laporannya tiap bulan ke kecamatan.\n", encoding="utf-8")
    source, _ = _read(path)
    assert source.source_type == "document"
    assert any("names case 'kaur-keuangan' but no line starts with a speaker label" in w for w in source.warnings)
    typed = tmp_path / "perdes.txt"  # a document that says so is no surprise
    typed.write_text("---\ncase: desa\nsource_type: document\n---\nPeraturan desa.\n", encoding="utf-8")
    assert not _read(typed)[0].warnings


def test_a_title_before_the_first_turn_of_an_interview_is_not_coded(tmp_path):
    """'Wawancara dengan warga pelapor' above the turns is no one's words: it was coded
    complaint-channels (pelapor) and quoted as the informant's strongest statement."""
    path = tmp_path / "warga.txt"
    path.write_text("---\ncase: warga\nsource_type: interview\n---\nWawancara dengan warga pelapor\n\n"
                    "Pewawancara: Pernah melapor lewat aplikasi?\n\nBu Sari: Pernah, soal jalan rusak.\n\n"
                    "Jalannya sudah diperbaiki.\n", encoding="utf-8")
    source, _ = _read(path)
    assert [(s.speaker, s.codable) for s in source.segments] == [
        (None, False), ("Pewawancara", False), ("Bu Sari", True)]
    document = tmp_path / "catatan.txt"  # a document's opening paragraph is its text
    document.write_text("---\nsource_type: document\n---\nJudul laporan\n\nIsi laporan.\n", encoding="utf-8")
    source, _ = _read(document)
    assert all(s.codable for s in source.segments)


def test_a_meeting_role_after_a_caption_voice_is_not_part_of_the_name(tmp_path):
    vtt = ("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Rina Peneliti (Guest)>Bagaimana anggarannya?\n\n"
           "00:00:04.000 --> 00:00:06.000\n<v Pak Joko>Kecil.\n\n"
           "00:00:07.000 --> 00:00:09.000\n<v Rina Peneliti>Lalu?\n")
    source, _ = _read(_write(tmp_path, "teams.vtt", vtt))
    assert [s.speaker for s in source.segments] == ["Rina Peneliti", "Pak Joko", "Rina Peneliti"]


def test_a_project_interviewer_who_speaks_once_is_still_a_speaker(tmp_path):
    path = _write(tmp_path, "u.txt", "Sri Wahyuni: Anggaran selalu dipotong.\n\n"
                  "Budi Santoso: Apakah DPRD mendukung program aplikasi itu?\n\nSri Wahyuni: Aplikasinya lambat.\n")
    source, _ = read_source(path, "u", "u.txt", "id", project_interviewers=frozenset({"Budi Santoso"}))
    assert [(s.speaker, s.codable) for s in source.segments] == [
        ("Sri Wahyuni", True), ("Budi Santoso", False), ("Sri Wahyuni", True)]
    assert not source.warnings


def test_a_transcript_saved_as_a_kind_not_read_is_named(small_project, runner):
    """A Word 97-2003 .doc or a .pdf beside the transcripts: one warning line each, saying
    what to save it as; the other files are read, and the store holds no trace of them."""
    from qualcode.cli import app

    transcripts = small_project / "transcripts"
    (transcripts / "I6.doc").write_bytes(b"\xd0\xcf\x11\xe0 an old Word file")
    (transcripts / "sub").mkdir()
    (transcripts / "sub" / "catatan.PDF").write_bytes(b"%PDF-1.4")
    (transcripts / "~$I6.doc").write_bytes(b"lock")  # Word's lock file: never a transcript
    result = runner.invoke(app, ["-C", str(small_project), "ingest"])
    assert result.exit_code == 0, result.output
    assert "warning: transcripts/I6.doc: a .doc file is not read; save it as .docx to code it" in result.output
    assert "transcripts/sub/catatan.PDF: a .pdf file is not read; save it as .docx or .txt" in result.output
    assert "~$I6" not in result.output and "3 added" in result.output


def test_one_interview_kept_twice_is_named(small_project, runner):
    """The same interview as .txt and .md (as .docx and .txt, a student's habit): both are
    read, and ingest says they hold the same text, every time, until one goes."""
    from qualcode.cli import app

    transcripts = small_project / "transcripts"
    (transcripts / "warga-salinan.md").write_text((transcripts / "warga.txt").read_text(encoding="utf-8"),
                                                  encoding="utf-8")
    said = ("transcripts/warga-salinan.md and transcripts/warga.txt hold the same text: each is read as a "
            "source of its own, and every count counts it again; keep one")
    for _ in range(2):
        result = runner.invoke(app, ["-C", str(small_project), "ingest"])
        assert result.exit_code == 0 and said in " ".join(result.output.split()), result.output
    (transcripts / "warga-salinan.md").unlink()
    assert "same text" not in runner.invoke(app, ["-C", str(small_project), "ingest"]).output


@pytest.mark.parametrize("path, root", [
    ("/p/proj/transcripts/a.md", "/p/proj"),
    ("/p/proj", "/p/proj"),
    ("/p/project/a.md", "/p/proj"),  # a longer name, not a folder inside
    ("/a/b.md", "/"),
    ("/", "/"),
    ("notes/a.txt", "."),
    ("../elsewhere/a.txt", "."),
    ("/p//proj/./x/../a.md", "/p/proj/"),
    ("/p/proj/a.md", "/p/proj/../proj"),
    ("//host/a.md", "/"),
    ("/p/a.md", "//p"),
])
def test_display_path_names_a_file_as_pathlib_would(path, root):
    """The source's path (and so its id) must not change with how it is worked out."""
    absolute, base = Path(os.path.abspath(path)), Path(os.path.abspath(root))
    try:
        expected = absolute.relative_to(base).as_posix()
    except ValueError:
        expected = absolute.as_posix()
    assert display_path(Path(path), Path(root)) == expected


def test_a_cases_csv_id_in_other_capitals_is_the_files_case(tmp_path):
    """A caption file's case is its name, which no front matter can change: its row in
    cases.csv typed "I1-Diskominfo" is still its row."""
    _write(tmp_path, "cases.csv", "case,role\nI1-Diskominfo,pemerintah\n")
    _write(tmp_path, "i1-diskominfo.srt", SRT)
    plan = _plan(tmp_path, ["i1-diskominfo.srt"])
    assert [(case.id, case.attributes) for case in plan.cases] == [("i1-diskominfo", {"role": "pemerintah"})]
