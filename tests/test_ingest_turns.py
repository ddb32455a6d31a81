"""speaker_turns / paragraphs / is_interviewer: cutting a transcript into segments."""

from __future__ import annotations

import pytest

from qualcode.ingest.turns import is_interviewer, paragraphs, speaker_turns


def _turns(text: str, extra: set[str] = frozenset()) -> list[tuple]:
    """(speaker, timestamp, content) per span, checking the span invariants on the way."""
    out = []
    for span in speaker_turns(text, extra):
        content = text[span.start:span.end]
        assert content, f"empty span {span}"
        assert content == content.strip(), f"span not trimmed: {content!r}"
        if span.speaker:
            assert not content.startswith(span.speaker + ":"), f"label left in {content!r}"
        if span.timestamp:
            assert span.timestamp not in content
        out.append((span.speaker, span.timestamp, content))
    return out


# --- named speakers --------------------------------------------------------------------

def test_recurring_name_labels_are_turns():
    text = ("Budi: Selamat pagi, Bu.\n"
            "Siti: Pagi, Pak.\n"
            "Budi: Bagaimana programnya berjalan?\n"
            "Siti: Berjalan baik, walau lambat.\n")
    assert _turns(text) == [
        ("Budi", None, "Selamat pagi, Bu."),
        ("Siti", None, "Pagi, Pak."),
        ("Budi", None, "Bagaimana programnya berjalan?"),
        ("Siti", None, "Berjalan baik, walau lambat."),
    ]


def test_multi_word_names_are_labels():
    text = ("Budi Santoso: Halo.\n"
            "Ibu Siti: Halo juga.\n"
            "Budi Santoso: Mari mulai.\n"
            "Ibu Siti: Baik.\n")
    assert [s for s, _, _ in _turns(text)] == ["Budi Santoso", "Ibu Siti"] * 2


def test_lines_of_one_turn_stay_in_one_segment():
    text = ("Budi: Baris pertama jawaban\n"
            "baris kedua jawaban yang sama.\n"
            "Siti: Oke.\n"
            "Budi: Lanjut.\n"
            "Siti: Ya.\n")
    assert _turns(text)[0] == (
        "Budi", None, "Baris pertama jawaban\nbaris kedua jawaban yang sama.")


def test_label_alone_on_its_line_takes_the_next_lines():
    text = "Budi:\n   Halo semuanya.   \nSiti: Hai.\nBudi: Mulai.\nSiti: Ya.\n"
    assert _turns(text)[0] == ("Budi", None, "Halo semuanya.")


# --- P / I and role words --------------------------------------------------------------

def test_one_letter_labels_are_turns():
    text = ("P: Bagaimana awal program ini?\n"
            "I: Awalnya dari dinas kami.\n"
            "P: Siapa yang memimpin?\n"
            "I: Kepala dinas sendiri.\n")
    assert _turns(text) == [
        ("P", None, "Bagaimana awal program ini?"),
        ("I", None, "Awalnya dari dinas kami."),
        ("P", None, "Siapa yang memimpin?"),
        ("I", None, "Kepala dinas sendiri."),
    ]


def test_role_words_count_even_when_used_once():
    text = "Pewawancara: Bagaimana awalnya?\nInforman: Dari dinas kami.\n"
    assert _turns(text) == [
        ("Pewawancara", None, "Bagaimana awalnya?"),
        ("Informan", None, "Dari dinas kami."),
    ]


@pytest.mark.parametrize("speaker, language, expected", [
    ("P", "id", True),    # Indonesian: P = Pewawancara
    ("I", "id", False),   # Indonesian: I = Informan
    ("I", "en", True),    # English: I = Interviewer
    ("P", "en", False),   # English: P = Participant
    ("R", "en", False),
    ("p", "id", True),
    ("i", "en", True),
])
def test_one_letter_interviewer_convention_depends_on_language(speaker, language, expected):
    assert is_interviewer(speaker, language) is expected


@pytest.mark.parametrize("speaker", ["Pewawancara", "Interviewer", "Peneliti", "Moderator", "Q"])
@pytest.mark.parametrize("language", ["id", "en"])
def test_interviewer_role_words_in_any_language(speaker, language):
    assert is_interviewer(speaker, language)


@pytest.mark.parametrize("speaker", ["Informan", "Narasumber", "Responden", "Budi", None])
def test_informants_and_unlabelled_text_are_not_the_interviewer(speaker):
    assert not is_interviewer(speaker, "id")
    assert not is_interviewer(speaker, "en")


# --- declared interviewer --------------------------------------------------------------

def test_declared_interviewer_replaces_the_one_letter_convention():
    declared = {"Budi"}
    assert is_interviewer("Budi", "id", declared)
    assert is_interviewer("budi", "en", declared)
    assert not is_interviewer("P", "id", declared)
    assert not is_interviewer("I", "en", declared)
    assert not is_interviewer("Siti", "id", declared)
    # role words stay the interviewer's
    assert is_interviewer("Pewawancara", "id", declared)


def test_declared_label_is_a_speaker_even_if_used_once():
    text = "Budi: Bagaimana awalnya, Bu?\nSiti: Dari dinas kami.\nSiti: Lalu berkembang.\n"
    # without the declaration a one-off name is not a label: it stays in the text
    assert _turns(text)[0] == (None, None, "Budi: Bagaimana awalnya, Bu?")
    assert _turns(text, {"Budi"}) == [
        ("Budi", None, "Bagaimana awalnya, Bu?"),
        ("Siti", None, "Dari dinas kami."),
        ("Siti", None, "Lalu berkembang."),
    ]
    # the declaration is matched without regard to case
    assert _turns(text, {"budi"})[0] == ("Budi", None, "Bagaimana awalnya, Bu?")


# --- timestamps ------------------------------------------------------------------------

def test_timestamped_labels_keep_the_timestamp():
    text = ("[00:01:02] Budi: Halo semua.\n"
            "[00:01:10] Siti: Hai, Budi.\n"
            "[00:02:00.500] Budi: Kita lanjut.\n"
            "(00:02:30) Siti: Baik.\n")
    assert _turns(text) == [
        ("Budi", "00:01:02", "Halo semua."),
        ("Siti", "00:01:10", "Hai, Budi."),
        ("Budi", "00:02:00.500", "Kita lanjut."),
        ("Siti", "00:02:30", "Baik."),
    ]


def test_short_timestamp_with_role_word():
    assert _turns("[01:02] Pewawancara: Mulai.\n") == [("Pewawancara", "01:02", "Mulai.")]


# --- paragraphs inside a turn ----------------------------------------------------------

def test_unlabelled_paragraphs_continue_the_speaker_as_new_segments():
    text = ("P: Bagaimana prosesnya?\n"
            "I: Pertama kami membentuk tim.\n"
            "\n"
            "Kedua, kami menyusun anggaran.\n"
            "\n"
            "   \n"
            "Ketiga, kami uji coba.\n"
            "P: Lalu?\n"
            "I: Selesai.\n")
    assert _turns(text) == [
        ("P", None, "Bagaimana prosesnya?"),
        ("I", None, "Pertama kami membentuk tim."),
        ("I", None, "Kedua, kami menyusun anggaran."),
        ("I", None, "Ketiga, kami uji coba."),
        ("P", None, "Lalu?"),
        ("I", None, "Selesai."),
    ]


def test_one_off_colon_phrase_inside_an_answer_is_not_a_speaker():
    text = ("P: Bagaimana awalnya?\n"
            "I: Awalnya sederhana.\n"
            "Jadi begini: kami membentuk tim kecil.\n"
            "\n"
            "Catatan: ini hanya sementara.\n"
            "P: Lalu?\n"
            "I: Lalu berkembang.\n")
    turns = _turns(text)
    assert [s for s, _, _ in turns] == ["P", "I", "I", "P", "I"]
    assert turns[1] == ("I", None, "Awalnya sederhana.\nJadi begini: kami membentuk tim kecil.")
    assert turns[2] == ("I", None, "Catatan: ini hanya sementara.")


def test_clock_times_and_urls_are_not_labels():
    text = ("P: Jam berapa?\n"
            "I: Kami mulai\n"
            "Pukul 10:30 pagi, lihat https://contoh.id untuk jadwal.\n"
            "P: Oke.\n")
    assert _turns(text)[1] == (
        "I", None, "Kami mulai\nPukul 10:30 pagi, lihat https://contoh.id untuk jadwal.")


def test_text_without_labels_falls_back_to_paragraphs():
    text = "Catatan lapangan hari pertama.\nCuaca cerah.\n\nHari kedua hujan.\n"
    assert _turns(text) == [
        (None, None, "Catatan lapangan hari pertama.\nCuaca cerah."),
        (None, None, "Hari kedua hujan."),
    ]


def test_every_span_is_the_trimmed_content_without_label():
    text = ("  Pewawancara:   Selamat pagi, Bu.   \n"
            "[00:00:05] Informan:\tPagi.\t\n"
            "\n"
            "   Saya sudah siap.  \n"
            "  lanjutan baris.\n"
            "Pewawancara: Kita mulai.\n"
            "Informan: Silakan.")
    assert _turns(text) == [
        ("Pewawancara", None, "Selamat pagi, Bu."),
        ("Informan", "00:00:05", "Pagi."),
        ("Informan", "00:00:05", "Saya sudah siap.  \n  lanjutan baris."),
        ("Pewawancara", None, "Kita mulai."),
        ("Informan", None, "Silakan."),
    ]


# --- paragraphs() ----------------------------------------------------------------------

def test_paragraphs_are_trimmed_blank_line_blocks():
    text = "  Satu baris.  \nmasih satu.\n\n   \n\tDua.\n\n\nTiga: dengan titik dua.\n"
    spans = paragraphs(text)
    assert [text[s.start:s.end] for s in spans] == [
        "Satu baris.  \nmasih satu.", "Dua.", "Tiga: dengan titik dua."]
    assert all(s.speaker is None and s.timestamp is None for s in spans)


def test_paragraphs_of_empty_text():
    assert paragraphs("") == []
    assert paragraphs("\n \n\t\n") == []


def test_a_one_off_answerer_counts_when_only_the_interviewer_was_found():
    text = "Pewawancara: Bagaimana anggarannya?\n\nTamu: Terbatas sekali.\n"
    spans = speaker_turns(text)
    assert [(s.speaker, text[s.start:s.end]) for s in spans] == [
        ("Pewawancara", "Bagaimana anggarannya?"), ("Tamu", "Terbatas sekali.")]
    # ...but a one-off phrase in lower case never does
    text = "Pewawancara: Bagaimana?\n\nJadi begini: kami mulai.\n"
    assert [s.speaker for s in speaker_turns(text)] == ["Pewawancara", "Pewawancara"]


def test_markdown_bold_or_italic_labels_are_turns():
    """.md transcripts write speakers in bold: `**Bu Sari:**` and `**Bu Sari**:` alike."""
    text = ("**Pewawancara:** Ada berapa aplikasi yang dikelola dinas, Bu?\n\n"
            "**Bu Sari:** Banyak sekali, Mas. Anggarannya terbatas.\n\n"
            "**Pewawancara**: Lalu?\n\n"
            "__Bu Sari__: Ya begitu.\n\n"
            "[00:12:30] *Bu Sari:* Satu lagi.\n")
    assert _turns(text) == [
        ("Pewawancara", None, "Ada berapa aplikasi yang dikelola dinas, Bu?"),
        ("Bu Sari", None, "Banyak sekali, Mas. Anggarannya terbatas."),
        ("Pewawancara", None, "Lalu?"),
        ("Bu Sari", None, "Ya begitu."),
        ("Bu Sari", "00:12:30", "Satu lagi."),
    ]


def test_bold_italic_labels_and_words_right_after_the_closing_marks():
    text = "***Pewawancara***: Lalu?\n\n**Pak Budi:**Kami lapor ke DPRD.\n"
    assert _turns(text) == [("Pewawancara", None, "Lalu?"), ("Pak Budi", None, "Kami lapor ke DPRD.")]


def test_bold_words_that_are_no_label_stay_text():
    text = "**Catatan** penting: tidak ada.\n\nJadi **begini**: kami mulai.\n"
    assert [speaker for speaker, _, _ in _turns(text)] == [None, None]


# --- headings ----------------------------------------------------------------------------

def test_a_heading_ends_the_turn_before_it_and_is_a_span_of_its_own():
    text = ("P: Bagaimana awalnya?\nI: Dari wali kota.\nBeliau yang mendorong.\n\n"
            "## Bagian B: Anggaran\n\nP: Berapa anggarannya?\nI: Kecil sekali.")
    spans = speaker_turns(text)
    assert [(s.speaker, s.heading, text[s.start:s.end]) for s in spans] == [
        ("P", False, "Bagaimana awalnya?"),
        ("I", False, "Dari wali kota.\nBeliau yang mendorong."),
        (None, True, "Bagian B: Anggaran"),
        ("P", False, "Berapa anggarannya?"),
        ("I", False, "Kecil sekali."),
    ]
    # what follows a heading without a label is no longer the last speaker's
    after = speaker_turns("P: Apa?\nI: Itu.\n# Catatan\nRapat ditunda.")
    assert [(s.speaker, s.turn, s.heading) for s in after] == [
        ("P", 0, False), ("I", 1, False), (None, None, True), (None, None, False)]


def test_a_hashtag_or_a_hash_without_a_space_is_no_heading():
    text = "P: Apa?\nI: Kami pakai #KotaCerdas.\n#1 prioritas kami itu."
    assert [(s.speaker, s.heading) for s in speaker_turns(text)] == [("P", False), ("I", False)]


def test_a_heading_line_inside_a_block_of_paragraphs_is_split_out():
    text = "# BAB I\nKetentuan umum.\n\nPasal 1 berbunyi.\n### Pasal 2\n\n#tagar"
    assert [(s.heading, text[s.start:s.end]) for s in paragraphs(text)] == [
        (True, "BAB I"), (False, "Ketentuan umum."), (False, "Pasal 1 berbunyi."),
        (True, "Pasal 2"), (False, "#tagar")]


# --- layouts of transcription services and group discussions ------------------------------

def test_a_time_without_brackets_may_come_before_the_label():
    text = "00:00:03 Pewawancara: Bagaimana anggarannya?\n\n00:00:07 Narasumber: Anggaran terbatas."
    assert _turns(text) == [("Pewawancara", "00:00:03", "Bagaimana anggarannya?"),
                            ("Narasumber", "00:00:07", "Anggaran terbatas.")]


@pytest.mark.parametrize("text", [
    "Speaker 1  0:03\nWhat do you think of the app?\n\nSpeaker 2  0:10\nIt is slow.\nReally slow.",  # Otter
    "00:00:03 Speaker 1\nWhat do you think of the app?\n00:00:10 Speaker 2\nIt is slow.\nReally slow.",  # Word
])
def test_a_speaker_and_a_time_alone_on_a_line_head_the_words_below(text):
    assert [(speaker, content) for speaker, _, content in _turns(text)] == [
        ("Speaker 1", "What do you think of the app?"), ("Speaker 2", "It is slow.\nReally slow.")]


def test_a_meeting_tools_transcription_notice_is_no_ones_words():
    # Teams writes who started and stopped the transcription on lines of their own
    text = ("Rina Peneliti started transcription\n00:00:05 Rina Peneliti\nSelamat siang, Bu.\n"
            "00:00:13 Siti Aminah\nSiang.\n00:00:20 Rina Peneliti\nAplikasinya?\n"
            "00:00:25 Siti Aminah\nLambat.\nRina Peneliti stopped transcription\n"
            "Siti Aminah menghentikan transkripsi")
    spans = speaker_turns(text)
    assert [(s.speaker, s.heading, text[s.start:s.end]) for s in spans] == [
        (None, True, "Rina Peneliti started transcription"),
        ("Rina Peneliti", False, "Selamat siang, Bu."),
        ("Siti Aminah", False, "Siang."),
        ("Rina Peneliti", False, "Aplikasinya?"),
        ("Siti Aminah", False, "Lambat."),
        (None, True, "Rina Peneliti stopped transcription"),
        (None, True, "Siti Aminah menghentikan transkripsi"),
    ]
    # a sentence that says so is words
    said = "P: Lalu?\nI: Waktu itu\nthe clerk stopped transcription.\nKami kaget."
    assert all(not s.heading for s in speaker_turns(said))


def test_a_time_and_words_alone_on_a_line_once_are_no_speaker():
    assert _turns("Jam 10:30\nRapat dimulai dengan sambutan.") == [
        (None, None, "Jam 10:30\nRapat dimulai dengan sambutan.")]


def test_numbered_roles_are_speakers_even_once():
    text = ("Peneliti: Apa masalah utama?\n\nInforman 1: Anggaran terbatas.\n\nInforman 2: Sinyal lemah.\n\n"
            "Peserta 3: Kami tidak dilibatkan.\n\nModerator 2: Lalu?\n\nKey informant: Pelatihan kurang.")
    assert [speaker for speaker, _, _ in _turns(text)] == [
        "Peneliti", "Informan 1", "Informan 2", "Peserta 3", "Moderator 2", "Key informant"]
    # a numbered interviewer role is the interviewer, and so is a discussion's facilitator
    assert [is_interviewer(s, "en") for s in ("Moderator 2", "Pewawancara 1", "Fasilitator 1", "Facilitator",
                                              "Informan 2", "Informant 5")] == [True, True, True, True, False, False]


def test_a_letter_and_a_number_is_no_role():
    """`P1:`/`J1:` number questions and answers; `R1:` numbers a document's recommendations."""
    assert [speaker for speaker, _, _ in _turns("P1: Apa?\nJ1: Itu.\n\nP2: Lalu?\nJ2: Ini.")] == [None, None]
    assert [speaker for speaker, _, _ in _turns("Rekomendasi.\n\nR1: Perkuat perda.\n\nR2: Latih ASN.")] == [
        None, None, None]


def test_a_group_discussions_labels_with_a_role_are_speakers_even_once():
    """A focus group's notes give each participant's role beside the name: in brackets, after
    a slash or a comma. Their words are theirs, not the turn before's (the moderator's, which
    is never coded)."""
    text = ("Moderator (Rina): Soal sinyal dulu ya.\n\nP1 (Kades Sukamaju): Sinyal jelek di dusun kami.\n\n"
            "Peserta 3 (Kasi Pemerintahan): Data nggak sinkron.\n\nBu Sri/PKK: Saya nggak ngerti aplikasinya.\n\n"
            "Pak Anton, Bappeda: Anggaran kena refocusing.\n\nP2-Sekdes: Fiber optik sudah masuk.\n\n"
            "Kades Ngasem: Operator cuma satu.\n\nModerator: Lanjut.\n\nP1: Betul, Bu.")
    turns = _turns(text)
    assert [speaker for speaker, _, _ in turns] == [
        "Moderator (Rina)", "P1 (Kades Sukamaju)", "Peserta 3 (Kasi Pemerintahan)", "Bu Sri/PKK",
        "Pak Anton, Bappeda", "P2-Sekdes", "Kades Ngasem", "Moderator", "P1"]
    assert turns[4][2] == "Anggaran kena refocusing."
    # the moderator is the interviewer whatever follows the role; a declared label too
    assert is_interviewer("Moderator (Rina)", "id") and not is_interviewer("P1 (Kades Sukamaju)", "id")
    assert is_interviewer("Rina (peneliti)", "id", {"Rina"})
    declared = "Sari (Bidan Desa): Posyandu pakai aplikasi.\n\nP: Lalu?\n\nI: Iya."
    assert _turns(declared, {"Sari (bidan)"})[0][0] == "Sari (Bidan Desa)"


def test_a_long_label_is_a_name_when_every_word_is_capitalised():
    """An office and its place make long labels ("Ibu Kasi Kesra Desa Karanganyar:"); a
    sentence that names someone before its colon is no label."""
    text = ("Moderator: Silakan.\n\nIbu Kasi Kesra Desa Karanganyar: Operator kami satu.\n\n"
            "Pak Camat bilang begini ke kami: nanti dibantu.\n\nBu Ratna: Betul.")
    assert [speaker for speaker, _, _ in _turns(text)] == [
        "Moderator", "Ibu Kasi Kesra Desa Karanganyar", "Ibu Kasi Kesra Desa Karanganyar", "Bu Ratna"]


@pytest.mark.parametrize("text", [
    "I: Ya, betul: itu masalahnya.\n\nP: Lalu?\n\nI: Hari/Tanggal: tidak ingat.",
    "P: Kenapa?\n\nI: Jadi (menurut saya): anggarannya kurang.",
])
def test_a_sentence_with_a_comma_slash_or_brackets_before_a_colon_stays_text(text):
    assert {speaker for speaker, _, _ in _turns(text)} == {"P", "I"}


HEADED = """TRANSKRIP WAWANCARA
Hari/Tanggal: Rabu, 22 Mei 2024
Tempat: Kantor Camat Sukamaju
Informan: Bapak Camat Sukamaju (I9)
Pewawancara: Rina

P: Selamat siang, Pak. Bagaimana peran kecamatan?

I: Kecamatan itu sebenarnya cuma jembatan. Kendalanya ya SDM.
"""


def test_a_header_block_atop_a_transcript_is_no_ones_turn():
    """An Indonesian transcript's header names the day, the place and who took part: its
    `Informan:` line names the informant, it is not their answer, and `Tempat` is no speaker."""
    lone: list[str] = []
    spans = speaker_turns(HEADED, lone=lone)
    assert [(s.speaker, HEADED[s.start:s.end].split("\n")[0]) for s in spans] == [
        (None, "TRANSKRIP WAWANCARA"),
        ("P", "Selamat siang, Pak. Bagaimana peran kecamatan?"),
        ("I", "Kecamatan itu sebenarnya cuma jembatan. Kendalanya ya SDM.")]
    assert "Pewawancara: Rina" in HEADED[spans[0].start:spans[0].end] and lone == []


def test_a_header_written_as_word_paragraphs_is_read_so_too():
    text = ("Transkrip Wawancara Informan 4\n\nTanggal: 22 Mei 2024, di Gedung DPRD\n\n"
            "Pewawancara: Bagaimana DPRD melihat programnya?\n\nIbu Siti: Kami mendukung, tapi anggarannya kecil.\n\n"
            "Pewawancara: Lalu?\n\nIbu Siti: Ya begitu.")
    lone: list[str] = []
    spans = speaker_turns(text, lone=lone)
    assert [s.speaker for s in spans] == [None, None, "Pewawancara", "Ibu Siti", "Pewawancara", "Ibu Siti"]
    assert lone == []


def test_a_header_naming_who_took_part_with_the_turns_own_labels():
    """The header says "Informan: Ibu Sari" and the turns "Informan: …": among the header's
    fields, that line names her; it is not her first answer."""
    text = ("Hari/Tanggal: Senin, 20 Mei 2024\nTempat: Balai Desa\nInforman: Ibu Sari, Kepala Desa (I5)\n"
            "Pewawancara: Rina\n\nPewawancara: Bagaimana programnya, Bu?\n\n"
            "Informan: Sudah jalan, tapi sinyalnya susah.\n\nPewawancara: Lalu?\n\nInforman: Ya begitu.")
    lone: list[str] = []
    spans = speaker_turns(text, lone=lone)
    assert [s.speaker for s in spans] == [None, "Pewawancara", "Informan", "Pewawancara", "Informan"]
    assert lone == []


@pytest.mark.parametrize("text, speakers", [
    # the first turn follows the date without a blank line: its speaker speaks again, a turn
    ("Tanggal: 3 Mei 2024\nPewawancara: Selamat pagi.\nInforman: Pagi.\nPewawancara: Jadi?\nInforman: Begitu.",
     [None, "Pewawancara", "Informan", "Pewawancara", "Informan"]),
    # a long one-off answer is an answer, not a header's line
    ("Tanggal: 3 Mei 2024\n\nNarasumber: " + "kami memulai program ini karena dorongan bupati " * 3 + "\n\nP: Lalu?",
     [None, "Narasumber", "P"]),
    # no field name: what looks like a header is read as turns, as before
    ("Informan: Bapak Camat\nPewawancara: Rina\n\nP: Selamat siang.\n\nI: Siang.",
     ["Informan", "Pewawancara", "P", "I"]),
])
def test_what_is_not_a_header_stays_turns(text, speakers):
    assert [s.speaker for s in speaker_turns(text)] == speakers
