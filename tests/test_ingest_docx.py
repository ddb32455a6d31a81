"""Word documents as sources: paragraphs, front matter, transcripts kept as tables, tables of
data, and broken or disguised files."""

from __future__ import annotations

import unicodedata
import zipfile
from pathlib import Path

import docx
import pytest

from tests.test_ingest_formats import _assert_offsets, _docx, _error, _read, _write


def test_docx_paragraphs_are_read_as_turns(tmp_path):
    path = _docx(tmp_path / "wawancara.docx", [
        "Pewawancara: Bagaimana program kota cerdas dimulai di dinas ini?",
        "",
        "Informan: Awalnya dari kami sendiri, lalu wali kota ikut mendukung.",
        "Pewawancara: Apa tantangannya?",
        "Informan: Koordinasi antar dinas yang tidak mudah.",
    ])
    source, _ = _read(path, default_language="en")
    assert source.source_type == "interview"
    assert source.language == "id"
    assert [(s.speaker, s.codable) for s in source.segments] == [
        ("Pewawancara", False), ("Informan", True), ("Pewawancara", False), ("Informan", True)]
    assert source.segments[1].text == "Awalnya dari kami sendiri, lalu wali kota ikut mendukung."
    _assert_offsets(source)


def test_docx_with_front_matter_paragraphs(tmp_path):
    path = _docx(tmp_path / "inf03.docx", [
        "---", "case: INF03", "role: Camat", "---",
        "Pewawancara: Bagaimana awalnya?", "Informan: Dari kecamatan kami.",
    ])
    source, (case_id, attributes) = _read(path)
    assert (case_id, attributes) == ("INF03", {"role": "Camat"})
    assert [s.speaker for s in source.segments] == ["Pewawancara", "Informan"]


def _docx_with_table(path: Path, before: list[str], rows: list[list[str]], after: list[str] = ()) -> Path:
    document = docx.Document()
    for text in before:
        document.add_paragraph(text)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for row, cells in zip(table.rows, rows):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    for text in after:
        document.add_paragraph(text)
    document.save(path)
    return path


def test_docx_transcript_kept_in_a_table_is_cut_into_turns(tmp_path):
    path = _docx_with_table(tmp_path / "tabel.docx", ["---", "case: INF07", "---", "Transkrip wawancara"], [
        ["Pembicara", "Ucapan"],
        ["Pewawancara", "Bagaimana dukungan anggaran untuk aplikasi ini?"],
        ["Pak Kades", "Anggaran desa terbatas sekali.\nKami tidak bisa bantu banyak."],
        ["Pewawancara", "Terima kasih."],
        ["Pak Kades", "Sama-sama."],
    ], after=["Catatan penutup peneliti."])
    source, (case_id, _) = _read(path)
    assert case_id == "INF07"
    turns = [(s.speaker, s.text) for s in source.segments]
    assert turns[0] == (None, "Transkrip wawancara")
    # a cell's two paragraphs are one turn, as two paragraphs of a typed-out turn are
    assert ("Pak Kades", "Anggaran desa terbatas sekali.\nKami tidak bisa bantu banyak.") in turns
    assert [s.codable for s in source.segments if s.speaker == "Pewawancara"] == [False, False]
    assert "Pembicara" not in source.text and source.text.rstrip().endswith("Catatan penutup peneliti.")
    _assert_offsets(source)


def test_docx_table_rows_with_times_keep_them(tmp_path):
    path = _docx_with_table(tmp_path / "waktu.docx", [], [
        ["00:01", "Moderator", "Silakan, Bu."],
        ["00:15", "Bu Ani", "Aplikasinya sering error."],
        ["00:40", "Moderator", "Ada lagi?"],
        ["01:02", "Bu Ani", "Sinyal di kantor desa lemah."],
    ])
    source, _ = _read(path)
    assert [(s.timestamp, s.speaker) for s in source.segments] == [
        ("00:01", "Moderator"), ("00:15", "Bu Ani"), ("00:40", "Moderator"), ("01:02", "Bu Ani")]


def test_docx_data_table_rows_are_text(tmp_path):
    path = _docx_with_table(tmp_path / "dokumen.docx", ["---", "source_type: document", "---"], [
        ["Tahun", "Anggaran (Rp juta)", "Realisasi"],
        ["2022", "1.250", "87%"],
    ])
    source, _ = _read(path)
    assert "2022 · 1.250 · 87%" in source.text


def test_docx_text_is_nfc_like_every_other_format(tmp_path):
    path = _docx(tmp_path / "nfc.docx", [
        "Pewawancara: Di mana kalian bertemu?",
        "Informan: Di kafe\u0301 dekat balai kota.",
    ])
    source, _ = _read(path)
    assert unicodedata.is_normalized("NFC", source.text)
    assert source.segments[1].text == "Di kaf\u00e9 dekat balai kota."


def test_zip_that_is_not_a_word_document_is_rejected(tmp_path):
    path = tmp_path / "palsu.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("foto.txt", "bukan dokumen Word")
    _error(path)


@pytest.mark.parametrize("cut", ["half", "tail"])
def test_truncated_docx_is_rejected(tmp_path, cut):
    whole = _docx(tmp_path / "utuh.docx", ["Pewawancara: Halo.", "Informan: Halo juga."])
    raw = whole.read_bytes()
    raw = raw[: len(raw) // 2] if cut == "half" else raw[:-40]
    path = _write(tmp_path, "rusak.docx", raw)
    _error(path)


def test_text_file_renamed_to_docx_is_rejected(tmp_path):
    _error(_write(tmp_path, "teks.docx", "Pewawancara: Halo.\n"))


# --- captions --------------------------------------------------------------------------

def test_docx_data_table_with_two_columns_stays_a_document(tmp_path):
    path = _docx_with_table(tmp_path / "laporan.docx", ["Rekap aplikasi per dinas."], [
        ["Dinas", "Jumlah aplikasi"], ["Kominfo", "12 aplikasi"], ["Bappeda", "3 aplikasi"],
    ], after=["Sebagian besar aplikasi belum terintegrasi."])
    source, _ = _read(path)
    assert source.source_type == "document" and not source.warnings
    assert "Kominfo · 12 aplikasi" in source.text and {s.speaker for s in source.segments} == {None}


@pytest.mark.parametrize("heading, rows", [
    (["Waktu", "Pembicara", "Ucapan"], [["10.00", "Moderator", "Silakan."], ["10.02", "Bu Ani", "Aplikasinya error."],
                                        ["10.05", "Moderator", "Lalu?"], ["10.07", "Bu Ani", "Sinyal lemah."]]),
    (["No", "Pembicara", "Ucapan"], [["1", "Moderator", "Silakan."], ["2", "Bu Ani", "Aplikasinya error."],
                                     ["3", "Moderator", "Lalu?"], ["4", "Bu Ani", "Sinyal lemah."]]),
    (["Pembicara", "Transkrip Wawancara"], [["Moderator", "Silakan."], ["Bu Ani", "Aplikasinya error."],
                                            ["Moderator", "Lalu?"], ["Bu Ani", "Sinyal lemah."]]),
])
def test_docx_transcript_tables_with_headings_numbers_and_dotted_times(tmp_path, heading, rows):
    path = _docx_with_table(tmp_path / "fgd.docx", [], [heading, *rows])
    source, _ = _read(path)
    assert [s.speaker for s in source.segments] == ["Moderator", "Bu Ani", "Moderator", "Bu Ani"]
    assert not any("Pembicara" in s.text or "Ucapan" in s.text for s in source.segments)
    if heading[0] == "Waktu":
        assert [s.timestamp for s in source.segments] == ["10:00", "10:02", "10:05", "10:07"]


def test_docx_nested_table_text_is_kept(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=1, cols=1)
    inner = table.rows[0].cells[0].add_table(rows=1, cols=2)
    inner.rows[0].cells[0].text, inner.rows[0].cells[1].text = "Anggaran", "dipotong 60 persen"
    path = tmp_path / "nested.docx"
    document.save(path)
    source, _ = _read(path)
    assert "Anggaran · dipotong 60 persen" in source.text


def test_docx_headings_end_a_turn_and_are_not_coded(tmp_path):
    document = docx.Document()
    document.add_heading("Transkrip wawancara", level=0)
    document.add_paragraph("Pewawancara: Bagaimana awalnya?")
    document.add_paragraph("Informan: Dari wali kota sendiri.")
    document.add_heading("Bagian B: Anggaran", level=2)
    outlined = document.add_paragraph("Bagian C: Teknologi")  # a heading by outline level alone
    outlined._p.get_or_add_pPr().append(
        docx.oxml.parse_xml('<w:outlineLvl xmlns:w="http://schemas.openxmlformats.org/'
                            'wordprocessingml/2006/main" w:val="1"/>'))
    document.add_paragraph("Pewawancara: Aplikasinya dipakai?")
    document.add_paragraph("Informan: Sudah, tiap hari.")
    path = tmp_path / "inf09.docx"
    document.save(path)
    source, _ = _read(path)
    assert "# Transkrip wawancara" in source.text and "\n\n## Bagian B: Anggaran\n\n" in source.text
    assert [(s.speaker, s.codable, s.text) for s in source.segments] == [
        (None, False, "Transkrip wawancara"),
        ("Pewawancara", False, "Bagaimana awalnya?"),
        ("Informan", True, "Dari wali kota sendiri."),
        (None, False, "Bagian B: Anggaran"),
        (None, False, "Bagian C: Teknologi"),
        ("Pewawancara", False, "Aplikasinya dipakai?"),
        ("Informan", True, "Sudah, tiap hari."),
    ]
    _assert_offsets(source)


def test_docx_table_of_a_respondents_details_keeps_every_row(tmp_path):
    path = _docx_with_table(tmp_path / "inf11.docx", [], [
        ["Nama", "Ibu Sri Wahyuni"], ["Jabatan", "Kepala Seksi"], ["Instansi", "Diskominfo"],
    ], ["Pewawancara: Bagaimana awalnya?", "Narasumber: Dari wali kota."])
    source, _ = _read(path)
    assert "Nama · Ibu Sri Wahyuni\n\nJabatan · Kepala Seksi\n\nInstansi · Diskominfo" in source.text
    assert [s.speaker for s in source.segments][-2:] == ["Pewawancara", "Narasumber"]


def test_docx_transcript_table_under_a_heading_row_with_people_named_once(tmp_path):
    path = _docx_with_table(tmp_path / "fgd.docx", [], [
        ["Nama", "Ucapan"], ["Bu Ani", "Anggaran kami kecil."], ["Pak Budi", "Sinyal lemah."],
        ["Bu Ani", "Betul."], ["Mas Joko", "Warga jarang dilibatkan."],
    ])
    source, _ = _read(path)
    assert [s.speaker for s in source.segments] == ["Bu Ani", "Pak Budi", "Bu Ani", "Mas Joko"]


W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def test_docx_text_is_read_as_word_shows_it(tmp_path):
    """Tracked insertions, content controls, fields and smart tags keep their words; tracked
    deletions drop theirs; a text box's words come after its paragraph, once."""
    from docx.oxml import parse_xml

    document = docx.Document()
    document.add_paragraph("Pewawancara: Bagaimana anggarannya?")
    answer = document.add_paragraph("Narasumber: Anggaran ")
    answer._p.append(parse_xml(f'<w:ins {W_NS} w:id="1" w:author="T" w:date="2024-01-01T00:00:00Z">'
                               '<w:r><w:t xml:space="preserve">selalu dipotong </w:t></w:r></w:ins>'))
    answer._p.append(parse_xml(f'<w:del {W_NS} w:id="2" w:author="T" w:date="2024-01-01T00:00:00Z">'
                               '<w:r><w:delText>sering </w:delText></w:r></w:del>'))
    answer._p.append(parse_xml(f'<w:fldSimple {W_NS} w:instr="PAGE"><w:r><w:t>setiap </w:t></w:r></w:fldSimple>'))
    answer._p.append(parse_xml(f'<w:smartTag {W_NS} w:uri="x" w:element="y"><w:r><w:t>tahun</w:t></w:r>'
                               '</w:smartTag>'))
    answer.add_run(".")
    body = document.element.body
    body.insert(len(body) - 1, parse_xml(
        f'<w:sdt {W_NS}><w:sdtPr><w:alias w:val="Q"/></w:sdtPr><w:sdtContent><w:p><w:r>'
        '<w:t>Pewawancara: Pertanyaan di content control?</w:t></w:r></w:p></w:sdtContent></w:sdt>'))
    boxed = document.add_paragraph("Narasumber: Lihat bagan.")
    boxed._p.append(parse_xml(
        f'<w:r {W_NS} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        '<mc:AlternateContent><mc:Choice Requires="wps"><w:txbxContent><w:p><w:r><w:t>Isi kotak teks.'
        '</w:t></w:r></w:p></w:txbxContent></mc:Choice><mc:Fallback><w:txbxContent><w:p><w:r>'
        '<w:t>Isi kotak teks.</w:t></w:r></w:p></w:txbxContent></mc:Fallback></mc:AlternateContent></w:r>'))
    path = tmp_path / "tc.docx"
    document.save(path)
    source, _ = _read(path)
    assert [s.text for s in source.segments] == [
        "Bagaimana anggarannya?", "Anggaran selalu dipotong setiap tahun.",
        "Pertanyaan di content control?", "Lihat bagan.\n\nIsi kotak teks."]
    assert source.text.count("Isi kotak teks.") == 1 and "sering" not in source.text
    _assert_offsets(source)


def test_docx_cell_text_keeps_tracked_insertions(tmp_path):
    from docx.oxml import parse_xml

    path = _docx_with_table(tmp_path / "tabel.docx", [], [
        ["Pembicara", "Ucapan"], ["Pewawancara", "Bagaimana?"], ["Informan", "Anggaran "]])
    document = docx.Document(path)
    cell = document.tables[0].rows[2].cells[1].paragraphs[0]
    cell._p.append(parse_xml(f'<w:ins {W_NS} w:id="1" w:author="T" w:date="2024-01-01T00:00:00Z">'
                             '<w:r><w:t>dipotong.</w:t></w:r></w:ins>'))
    document.save(path)
    source, _ = _read(path)
    assert source.segments[-1].text == "Anggaran dipotong."


@pytest.mark.parametrize("fence", ["border", "—"])
def test_front_matter_whose_dashes_the_word_processor_turned_into_a_line_is_read(tmp_path, fence):
    """Word's AutoFormat turns `---` and Enter into a border under an empty paragraph;
    LibreOffice's AutoCorrect into a dash."""
    from docx.oxml import parse_xml

    document = docx.Document()

    def rule():
        if fence != "border":
            document.add_paragraph(fence)
            return
        paragraph = document.add_paragraph()
        paragraph._p.get_or_add_pPr().append(parse_xml(
            f'<w:pBdr {W_NS}><w:bottom w:val="single" w:sz="6" w:space="1" w:color="auto"/></w:pBdr>'))

    rule()
    document.add_paragraph("case: inf-06")
    document.add_paragraph("role: Camat")
    rule()
    document.add_paragraph("Pewawancara: Bagaimana awalnya?")
    document.add_paragraph("Informan: Dari kecamatan kami.")
    path = tmp_path / "wawancara.docx"
    document.save(path)
    source, (case_id, attributes) = _read(path)
    assert (case_id, attributes) == ("inf-06", {"role": "Camat"})
    assert [s.speaker for s in source.segments] == ["Pewawancara", "Informan"]


def test_a_line_across_the_page_inside_a_document_stays_as_it_was(tmp_path):
    path = _docx(tmp_path / "catatan.docx", ["Rapat dimulai.", "—", "Catatan: ditunda.", "—"])
    source, _ = _read(path)
    assert source.text.count("—") == 2 and "---" not in source.text


def test_docx_hidden_text_placeholders_and_controls_in_tables(tmp_path):
    """Hidden text and an empty control's grey placeholder are no one's words; rows and cells
    in content controls (Word's repeating sections) are."""
    from docx.oxml import parse_xml

    document = docx.Document()
    document.add_paragraph("Pewawancara: Bagaimana?")
    answer = document.add_paragraph("Informan: Anggaran kecil.")
    answer._p.append(parse_xml(f'<w:r {W_NS}><w:rPr><w:vanish/></w:rPr><w:t>catatan tersembunyi</w:t></w:r>'))
    answer._p.append(parse_xml(
        f'<w:sdt {W_NS}><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:r><w:t>Klik atau ketuk di '
        'sini untuk memasukkan teks.</w:t></w:r></w:sdtContent></w:sdt>'))
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Dinas", "Aplikasi"
    row = ('<w:tr><w:tc><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc>'
           '<w:tc><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc></w:tr>')
    table._tbl.append(parse_xml(f'<w:sdt {W_NS}><w:sdtContent>{row.format("Diskominfo", "12")}'
                                '</w:sdtContent></w:sdt>'))
    table._tbl.append(parse_xml(
        f'<w:tr {W_NS}><w:tc><w:p><w:r><w:t>Dinkes</w:t></w:r></w:p></w:tc><w:sdt><w:sdtContent><w:tc><w:p>'
        '<w:r><w:t>7</w:t></w:r></w:p></w:tc></w:sdtContent></w:sdt></w:tr>'))
    path = tmp_path / "tabel.docx"
    document.save(path)
    source, _ = _read(path)
    assert "tersembunyi" not in source.text and "Klik atau ketuk" not in source.text
    assert "Dinas · Aplikasi\n\nDiskominfo · 12\n\nDinkes · 7" in source.text


def test_docx_heading_by_a_style_based_on_a_heading_and_a_question_set_as_a_heading(tmp_path):
    from docx.enum.style import WD_STYLE_TYPE

    document = docx.Document()
    chapter = document.styles.add_style("Judul Bab", WD_STYLE_TYPE.PARAGRAPH)
    chapter.base_style = document.styles["Heading 1"]
    document.add_paragraph("Bagian A: Anggaran", style="Judul Bab")
    document.add_paragraph("Pewawancara: Berapa anggarannya?", style="Heading 3")
    document.add_paragraph("Informan: Kecil sekali.")
    path = tmp_path / "bab.docx"
    document.save(path)
    source, _ = _read(path)
    assert source.text.startswith("# Bagian A: Anggaran")
    assert [(s.speaker, s.codable, s.text) for s in source.segments] == [
        (None, False, "Bagian A: Anggaran"), ("Pewawancara", False, "Berapa anggarannya?"),
        ("Informan", True, "Kecil sekali.")]
