"""Tables of short texts (.csv, .xlsx): a source and a case per row, found again on re-ingest."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from openpyxl import Workbook

from qualcode.cli import app
from qualcode.ingest.table_columns import plan_columns
from qualcode.project import load_config
from qualcode.store import Store
from tests.conftest import store_checksum

COMPLAINTS = """\
No Tiket;Tanggal;Kanal;Kecamatan;Isi Aduan;Status
T-001;05/03/2024;Aplikasi;Kota Lama;Lapor min, CCTV di simpang empat dekat pasar sudah dua minggu mati, tolong dicek;Selesai
T-002;06/03/2024;WhatsApp;Sukamaju;Aplikasi pengaduan sering error waktu unggah foto, servernya down tiap pagi;Proses
T-003;07/03/2024;Aplikasi;Kota Lama;Anggaran perbaikan jalan katanya habis, padahal jalan rusak sudah setahun;Proses
T-004;07/03/2024;Website;Sukamaju;;Selesai
"""


@pytest.fixture
def table_project(tmp_path: Path, runner) -> Path:
    folder = tmp_path / "aduan"
    result = runner.invoke(app, ["init", str(folder), "--name", "Aduan"])
    assert result.exit_code == 0, result.output
    return folder


def _ingest(runner, project: Path, *args: str):
    return runner.invoke(app, ["-C", str(project), "ingest", *args])


def _sources(project: Path) -> dict:
    with Store(load_config(project).store_path) as store:
        return {source.id: source for source in store.sources()}


def _cases(project: Path) -> dict:
    with Store(load_config(project).store_path) as store:
        return {case.id: case.attributes for case in store.cases()}


def test_run_says_how_it_read_a_table_as_ingest_does(table_project, runner):
    """Someone who only runs `qualcode run` still sees which column gave the text."""
    (table_project / "transcripts" / "aduan.csv").write_text(COMPLAINTS, encoding="utf-8")
    result = runner.invoke(app, ["-C", str(table_project), "run"])
    assert result.exit_code == 0, result.output
    assert "table: transcripts/aduan.csv: 4 rows; text from 'Isi Aduan'; rows named by 'No Tiket'" in result.output
    assert (table_project / "reports" / "report.html").is_file()


def test_a_csv_of_complaints_gives_a_source_and_a_case_per_row(table_project, runner):
    (table_project / "transcripts" / "aduan.csv").write_text(COMPLAINTS, encoding="utf-8")
    result = _ingest(runner, table_project)
    assert result.exit_code == 0, result.output
    assert ("table: transcripts/aduan.csv: 4 rows; text from 'Isi Aduan'; rows named by 'No Tiket'; "
            "date from 'Tanggal'; attributes 'Kanal', 'Kecamatan', 'Status'") in result.output
    assert ("transcripts/aduan.csv: 1 row has no answer in the text columns (blank, or '-', 'tidak ada', "
            "'N/A'); left out") in result.output
    sources = _sources(table_project)
    assert sorted(sources) == ["aduan-t-001", "aduan-t-002", "aduan-t-003"]
    second = sources["aduan-t-002"]
    assert second.path == "transcripts/aduan.csv::T-002"
    assert second.text.startswith("Aplikasi pengaduan sering error") and second.date == "2024-03-06"
    assert second.language == "id" and second.case_id == "aduan-t-002"
    assert _cases(table_project)["aduan-t-002"] == {"kanal": "WhatsApp", "kecamatan": "Sukamaju",
                                                   "status": "Proses"}
    coded = runner.invoke(app, ["-C", str(table_project), "code", "auto"])
    assert coded.exit_code == 0, coded.output
    listed = runner.invoke(app, ["-C", str(table_project), "code", "list", "--source", "aduan-t-002",
                                 "--format", "csv"])
    assert "software" in listed.stdout  # the row's words are coded like any source's


def _survey(path: Path, rows: list[tuple]) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Form Responses 1"
    sheet.append(["Timestamp", "Usia", "Seberapa puas Anda?", "Apa kendala utama yang Anda alami?",
                  "Saran Anda untuk pemerintah kota"])
    for row in rows:
        sheet.append(list(row))
    workbook.create_sheet("Catatan")
    workbook.save(path)


SURVEY = [
    (datetime.datetime(2024, 3, 5, 10, 22), 34, "Puas",
     "Sinyal internet di kelurahan sering putus, jadi susah mengunggah berkas", "Tambah wifi publik"),
    (datetime.datetime(2024, 3, 5, 11, 0), 51, "Kurang puas",
     "Petugas loket belum bisa menjelaskan cara memakai aplikasinya", "Pelatihan petugas"),
    (datetime.datetime(2024, 3, 6, 9, 40), 45, "Tidak puas",
     "The app keeps crashing and nobody answers my complaints", ""),
]


def test_an_xlsx_survey_codes_each_open_question_under_its_heading(table_project, runner):
    _survey(table_project / "transcripts" / "survei.xlsx", SURVEY)
    result = _ingest(runner, table_project)
    assert result.exit_code == 0, result.output
    assert ("text from 'Apa kendala utama yang Anda alami?', 'Saran Anda untuk pemerintah kota'; rows "
            "named by their row number when first read (a row that moves is found by its cells; a column "
            "of ids would name the rows for good); "
            "date from 'Timestamp'; attributes 'Usia', 'Seberapa puas Anda?'") in result.output
    assert "transcripts/survei.xlsx: only its sheet 'Form Responses 1' is read; not 'Catatan'" in result.output
    sources = _sources(table_project)
    assert sorted(sources) == ["survei-row-2", "survei-row-3", "survei-row-4"]
    second = sources["survei-row-3"]
    assert second.path == "transcripts/survei.xlsx::row 3" and second.date == "2024-03-05"
    assert [(s.text, s.codable) for s in second.segments] == [
        ("Apa kendala utama yang Anda alami?", False),
        ("Petugas loket belum bisa menjelaskan cara memakai aplikasinya", True),
        ("Saran Anda untuk pemerintah kota", False),
        ("Pelatihan petugas", True)]
    assert sources["survei-row-4"].language == "en"  # each row's own language
    assert _cases(table_project)["survei-row-3"] == {"usia": "51", "seberapa puas anda?": "Kurang puas"}


def test_rows_past_the_range_a_workbook_declares_are_read(table_project, runner):
    """A program that wrote the file may leave its <dimension> stale ("A1:E2" over four rows):
    every row is read, none dropped without a word."""
    import re
    import zipfile

    path = table_project / "transcripts" / "survei.xlsx"
    _survey(path, SURVEY)
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    members[sheet] = re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:E2"', members[sheet])
    assert b'<dimension ref="A1:E2"' in members[sheet]
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    result = _ingest(runner, table_project)
    assert result.exit_code == 0, result.output
    assert sorted(_sources(table_project)) == ["survei-row-2", "survei-row-3", "survei-row-4"]


def test_a_surveys_quotes_say_which_question_they_answer(table_project, runner):
    """Two open questions: a quote names the one it answers (a question by "menjawab", a
    heading that asks nothing by "kolom"); a table of one text column names none."""
    _survey(table_project / "transcripts" / "survei.xlsx", SURVEY)
    result = runner.invoke(app, ["-C", str(table_project), "run"])
    assert result.exit_code == 0, result.output
    markdown = (table_project / "reports" / "report.md").read_text(encoding="utf-8")
    said = re.findall(r"(?m)^> — (.*) `(survei-row-\d:\d)`$", markdown)
    assert said
    for who, segment in said:
        heading = {"2": "menjawab “Apa kendala utama yang Anda alami?”",
                   "4": "kolom “Saran Anda untuk pemerintah kota”"}[segment[-1]]
        assert who.endswith(heading), (who, segment)
    # and so does the workbook's sheet of the quotes behind the case matrix
    import openpyxl

    book = openpyxl.load_workbook(table_project / "reports" / "matrices" / "displays.xlsx", read_only=True)
    quotes = list(book["case_by_dimension kutipan"].iter_rows(values_only=True))
    assert quotes[0] == ("Kasus", "Kode", "Segmen kutipan", "Kutipan", "Pertanyaan")
    questions = {"2": "Apa kendala utama yang Anda alami?", "4": "Saran Anda untuk pemerintah kota"}
    assert len(quotes) > 1 and all(row[4] == questions[row[2][-1]] for row in quotes[1:])


def test_a_surveys_codes_can_be_summed_up_by_the_question_they_answer(table_project, runner):
    """`group_by: question`: codes × the open questions, in the form's order, each cell out of
    the respondents who answered that question (row 4 left the second one blank)."""
    import json as json_module

    _survey(table_project / "transcripts" / "survei.xlsx", SURVEY)
    assert runner.invoke(app, ["-C", str(table_project), "run"]).exit_code == 0
    shown = runner.invoke(app, ["-C", str(table_project), "display", "show", "summary_table",
                                "--set", "group_by=question", "--format", "json"])
    assert shown.exit_code == 0, shown.output
    table = json_module.loads(shown.stdout)
    first, second = "Apa kendala utama yang Anda alami?", "Saran Anda untuk pemerintah kota"
    assert list(table[0])[1:3] == [first, second]  # the form's order, not the alphabet's
    cells = {row["code"]: row for row in table}
    assert cells["technology"][first].endswith("of 3 inf") and cells["technology"][second].endswith("of 2 inf")
    # and the same in the project's language, with the prevalence by question beside it
    worded = " ".join(runner.invoke(app, ["-C", str(table_project), "display", "show", "summary_table",
                                          "--set", "group_by=question"]).output.split())
    assert "3 segmen / 3 dari 3 responden" in worded and "kelompok (pertanyaan)" in worded
    share = runner.invoke(app, ["-C", str(table_project), "display", "show", "prevalence",
                                "--set", "group_by=question", "--format", "csv"])
    assert share.exit_code == 0 and first in share.stdout.splitlines()[0]
    # a project with no such table says why it cannot
    (table_project / "transcripts" / "survei.xlsx").unlink()
    (table_project / "transcripts" / "aduan.csv").write_text(COMPLAINTS, encoding="utf-8")
    assert runner.invoke(app, ["-C", str(table_project), "run"]).exit_code == 0
    refused = runner.invoke(app, ["-C", str(table_project), "display", "show", "summary_table",
                                  "--set", "group_by=question"])
    assert refused.exit_code == 1 and "cannot group by question: no table holds several columns" in refused.output


def test_a_surveys_coding_sheet_gives_each_answers_question_in_row_order(table_project, runner, tmp_path):
    """A coder in Excel sees which question a row answers (where the speaker would be), and
    the respondents in the order of the form: row 2 before row 10."""
    import openpyxl

    rows = [(when, age + n, mood, f"{problem} (responden {n})", f"{advice} {n}" if advice else "")
            for n in range(4) for when, age, mood, problem, advice in SURVEY]
    _survey(table_project / "transcripts" / "survei.xlsx", rows)
    assert _ingest(runner, table_project).exit_code == 0
    out = tmp_path / "coding.xlsx"
    result = runner.invoke(app, ["-C", str(table_project), "export", "sheet", "-o", str(out), "--coder", "citra"])
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(out).worksheets[0]
    lines = list(sheet.iter_rows(min_row=2, values_only=True))
    sources = [line[1] for line in lines]
    assert sources == sorted(sources, key=lambda source: int(source.rsplit("-", 1)[1]))
    assert sources[0] == "survei-row-2" and sources[-1] == "survei-row-13"
    asked = {line[0]: line[2] for line in lines}
    assert asked["survei-row-2:2"] == "Apa kendala utama yang Anda alami?"
    assert asked["survei-row-2:4"] == "Saran Anda untuk pemerintah kota"


def test_reingest_finds_each_row_again(table_project, runner):
    table = table_project / "transcripts" / "aduan.csv"
    table.write_text(COMPLAINTS, encoding="utf-8")
    assert _ingest(runner, table_project).exit_code == 0
    added = runner.invoke(app, ["-C", str(table_project), "code", "add", "aduan-t-001", "--segment", "1",
                                "--code", "hardware"])
    assert added.exit_code == 0, added.output
    again = _ingest(runner, table_project)
    assert "0 added, 0 updated, 3 unchanged" in again.output
    lines = COMPLAINTS.splitlines()
    lines[2] = lines[2].replace("tiap pagi", "tiap pagi dan sore")  # T-002 edited
    del lines[3]  # T-003 deleted
    lines.append("T-005;09/03/2024;Aplikasi;Kota Baru;Lampu jalan di depan sekolah mati sejak minggu lalu;Proses")
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = _ingest(runner, table_project)
    assert result.exit_code == 0, result.output
    assert "1 added, 1 updated, 1 unchanged, 1 removed" in result.output
    assert "transcripts/aduan.csv: 1 row no longer there or now without an answer (aduan-t-003), out of the analysis" in result.output
    assert sorted(_sources(table_project)) == ["aduan-t-001", "aduan-t-002", "aduan-t-005"]
    listed = runner.invoke(app, ["-C", str(table_project), "code", "list", "--source", "aduan-t-001",
                                 "--format", "csv"])
    assert "hardware" in listed.stdout  # the researcher's coding on the unchanged row stands


def test_the_cases_file_is_no_table(table_project, runner):
    (table_project / "transcripts" / "aduan.csv").write_text(COMPLAINTS, encoding="utf-8")
    (table_project / "transcripts" / "cases.csv").write_text("case,role\naduan-t-001,community\n",
                                                             encoding="utf-8")
    result = _ingest(runner, table_project)
    assert result.exit_code == 0, result.output
    assert "transcripts/cases.csv" not in result.output
    assert _cases(table_project)["aduan-t-001"]["role"] == "community"


def test_a_key_column_whose_values_repeat_gives_way_to_row_numbers(table_project, runner):
    (table_project / "transcripts" / "aduan.csv").write_text(
        "No,Isi aduan\n1,Jalan di depan pasar rusak parah dan belum diperbaiki\n"
        "1,Lampu taman kota mati sejak dua minggu yang lalu\n", encoding="utf-8")
    result = _ingest(runner, table_project)
    assert result.exit_code == 0, result.output
    assert "column 'No' has empty or repeated values, so rows are named by their row number" in result.output
    assert sorted(_sources(table_project)) == ["aduan-row-2", "aduan-row-3"]
    assert _cases(table_project)["aduan-row-3"] == {"no": "1"}  # kept, as an attribute


@pytest.mark.parametrize("name, content, message", [
    ("daftar.csv", "Nama,Kecamatan\nBu Sari,Kota Lama\nPak Budi,Sukamaju\n",
     "transcripts/daftar.csv: no column of free text to code"),
    ("kosong.csv", "No,Isi aduan\n", "transcripts/kosong.csv: a table with a header but no rows"),
    ("rusak.csv", "No,Isi aduan\n1,\"Jalan rusak parah sejak bulan lalu belum diperbaiki\n",
     "transcripts/rusak.csv:2: not valid CSV: a quote is never closed"),
    ("lebar.csv", "No,Isi aduan\n1,Jalan rusak parah sejak bulan lalu belum diperbaiki,extra\n",
     "transcripts/lebar.csv:2: row has 3 fields but the header has 2"),
    ("ganda.csv", "Isi,isi\nJalan rusak parah sejak bulan lalu belum diperbaiki,x\n",
     "transcripts/ganda.csv:1: column 'isi' appears twice in the header"),
    ("bahasa.csv", "Bahasa,Isi aduan\njv,Dalan rusak banget wis sewulan ora didandani blas\n",
     "transcripts/bahasa.csv:2: language 'jv' is not supported"),
    ("palsu.xlsx", "No,Isi aduan\n1,teks\n", "transcripts/palsu.xlsx: not an Excel workbook (.xlsx)"),
])
def test_a_bad_table_stops_ingest_with_one_line_and_an_untouched_store(table_project, runner, name,
                                                                       content, message):
    (table_project / "transcripts" / "aduan.csv").write_text(COMPLAINTS, encoding="utf-8")
    assert _ingest(runner, table_project).exit_code == 0
    before = store_checksum(table_project)
    (table_project / "transcripts" / name).write_text(content, encoding="utf-8")
    result = _ingest(runner, table_project)
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
    assert store_checksum(table_project) == before


def test_a_truncated_workbook_is_refused(table_project, runner):
    path = table_project / "transcripts" / "survei.xlsx"
    _survey(path, SURVEY)
    path.write_bytes(path.read_bytes()[:600])
    result = _ingest(runner, table_project)
    assert result.exit_code == 1
    assert "transcripts/survei.xlsx: not a readable .xlsx workbook" in result.output
    assert not load_config(table_project).store_path.exists()


def test_column_roles_follow_names_and_cells():
    header = ["Nomor HP", "Alamat", "Kategori", "Uraian", "Komentar"]
    comments = ["ok sip", "masih lambat", "cukup bagus", "kurang jelas", "sangat membantu", "biasa saja",
                "tolong diperbaiki", "sudah lumayan", "belum ada tanggapan", "petugas ramah", "lama sekali",
                "terima kasih"]
    rows = [["0812", "Jl. Merdeka No. 12 RT 03 RW 05 Kelurahan Sukamaju Kecamatan Kota Lama",
             "Infrastruktur jalan dan jembatan kota", f"Jalan rusak di depan rumah nomor {n} sejak lama",
             comment] for n, comment in enumerate(comments)]
    columns = plan_columns(header, rows)
    assert columns.key is None  # a phone number names no row
    assert [header[p] for p in columns.texts] == ["Uraian", "Komentar"]  # short, but named for comments
    assert [header[p] for p in columns.attributes] == ["Kategori"]
    assert [header[p] for p in columns.left_out] == ["Nomor HP", "Alamat"]  # personal data


@pytest.mark.parametrize("heading", ["No. WhatsApp", "No. WA", "No", "Nomor"])
def test_a_column_of_phone_numbers_never_names_the_rows(heading):
    """"No. WhatsApp" read as the rows' key: every report quoted respondents by their phone
    numbers (survei-6282179232648). A column of numbers that are phone numbers is no key,
    whatever its heading; it is personal data, left out."""
    header = [heading, "Kecamatan", "Apa saran Anda untuk layanan ini?"]
    rows = [[f"0812{n:04d}{7 * n:04d}", "Klojen", f"Aplikasinya perlu diperbaiki supaya lebih cepat, nomor {n}"]
            for n in range(12)]
    columns = plan_columns(header, rows)
    assert columns.key is None
    assert [header[p] for p in columns.left_out] == [heading]
    assert [header[p] for p in columns.texts] == ["Apa saran Anda untuk layanan ini?"]


@pytest.mark.parametrize("heading, values, personal", [
    ("Kontak", ["0857-1993-518", "081234567890", "+62 812 3456 7890", "-", "628129876543"], True),
    ("Info", ["sari@example.id", "budi.s@mail.co.id", "", "ani@desa.go.id", "x@y.id"], True),
    ("Data", ["3201234567890123", "3302123456789012", "3403123456789012", "3504123456789012", ""], True),
    ("Kode Pos", ["55281", "55282", "55283", "55284", "55285"], False),      # a place, not a person
    ("Tiket", ["2024051200123", "2024051200124", "2024051200125", "2024051200126", "x"], False),
    ("Kode Wilayah", ["0320401200", "0320401201", "0320401202", "0320401203", "0320401204"], False),
])
def test_a_column_of_phone_numbers_or_addresses_is_left_out_whatever_its_heading(heading, values, personal):
    """Personal data is known by its cells too: an export may head its phone numbers "Kontak"."""
    header = ["Kecamatan", heading, "Isi Aduan"]
    rows = [["Sukamaju", values[n % len(values)], f"Lampu jalan di gang {n} mati sejak minggu lalu, mohon dicek"]
            for n in range(20)]
    columns = plan_columns(header, rows)
    assert ([header[p] for p in columns.left_out] == [heading]) is personal
    assert (heading in [header[p] for p in columns.attributes]) is not personal


def test_templated_replies_and_repeated_answers_to_a_question():
    """An officer's replies are templates, so they repeat like a category's values; a survey's
    answers to an open question repeat more than complaints do. Neither is an attribute; a
    long category under a plain heading still is."""
    templates = [f"Terima kasih, laporan Anda sudah kami teruskan ke bidang {n}" for n in range(11)]
    answers = [f"Sebaiknya petugas lebih cepat menanggapi laporan warga nomor {n % 45}" for n in range(120)]
    header = ["No Tiket", "Isi Aduan", "Tanggapan Petugas", "Apa saran Anda untuk layanan ini?", "Jenis layanan"]
    services = ["Pelayanan administrasi kependudukan dan pencatatan sipil kota", "Perizinan usaha mikro "
                "dan menengah secara daring terpadu"]
    rows = [[f"T-{n}", f"Aplikasi pengaduan tidak bisa dibuka sejak pagi hari nomor {n}", templates[n % 11],
             answers[n], services[n % 2]] for n in range(120)]
    columns = plan_columns(header, rows)
    assert [header[p] for p in columns.replies] == ["Tanggapan Petugas"]
    assert [header[p] for p in columns.texts] == ["Isi Aduan", "Apa saran Anda untuk layanan ini?"]
    assert [header[p] for p in columns.attributes] == ["Jenis layanan"]


def test_a_table_whose_long_column_repeats_says_so(table_project, runner):
    rows = "".join(f"{n},Pelayanan administrasi kependudukan dan pencatatan sipil kota {n % 3}\n"
                   for n in range(40))
    (table_project / "transcripts" / "layanan.csv").write_text("No,Jenis layanan\n" + rows, encoding="utf-8")
    result = _ingest(runner, table_project)
    assert result.exit_code == 1
    assert ("no column of free text to code: a text column holds answers of several words that seldom "
            "repeat (columns: No, Jenis layanan; 'Jenis layanan' (3 different answers in 40) repeats as a "
            "category's values do)") in result.output


REPLIES = """\
No. Tiket,Nama Pelapor,No. HP,Kecamatan,Isi Laporan,Tanggapan Petugas
A-1,Sari Wulandari,0812345678,Kota Lama,Aplikasi pengaduan tidak bisa dibuka sejak kemarin sore,Terima kasih laporannya sudah kami teruskan ke dinas terkait
A-2,Budi Santoso,0813456789,Sukamaju,Server layanan izin online sering down kalau jam sibuk,Mohon maaf atas ketidaknyamanannya sedang kami perbaiki
"""


def test_personal_data_is_left_out_and_replies_are_not_coded(table_project, runner):
    (table_project / "transcripts" / "aduan.csv").write_text(REPLIES, encoding="utf-8")
    result = _ingest(runner, table_project)
    assert result.exit_code == 0, result.output
    assert ("text from 'Isi Laporan' (and, not coded, the replies in 'Tanggapan Petugas'); rows named by "
            "'No. Tiket'; attributes 'Kecamatan'; left out 'Nama Pelapor', 'No. HP'") in result.output
    segments = _sources(table_project)["aduan-a-1"].segments
    assert [(s.text, s.codable) for s in segments] == [
        ("Isi Laporan", False), ("Aplikasi pengaduan tidak bisa dibuka sejak kemarin sore", True),
        ("Tanggapan Petugas", False), ("Terima kasih laporannya sudah kami teruskan ke dinas terkait", False)]
    assert _cases(table_project)["aduan-a-1"] == {"kecamatan": "Kota Lama"}
    with Store(load_config(table_project).store_path) as store:
        stored = " ".join(str(tuple(row)) for table in ("sources", "cases", "segments")
                          for row in store.conn.execute(f"SELECT * FROM {table}"))
    assert "0812345678" not in stored and "Sari Wulandari" not in stored


def test_tables_settings_choose_the_columns(table_project, runner):
    (table_project / "transcripts" / "aduan.csv").write_text(REPLIES, encoding="utf-8")
    config = table_project / "qualcode.toml"
    config.write_text(config.read_text(encoding="utf-8") + '\n[tables."transcripts/aduan*.csv"]\n'
                      'text = ["isi laporan"]\nattributes = ["Kecamatan", "Nama Pelapor"]\n', encoding="utf-8")
    result = _ingest(runner, table_project)
    assert result.exit_code == 0, result.output
    assert ("text from 'Isi Laporan'; rows named by 'No. Tiket'; attributes 'Kecamatan', 'Nama Pelapor'; "
            "left out 'No. HP', 'Tanggapan Petugas'") in result.output
    assert _sources(table_project)["aduan-a-2"].text == "Server layanan izin online sering down kalau jam sibuk"
    assert _cases(table_project)["aduan-a-2"] == {"kecamatan": "Sukamaju", "nama pelapor": "Budi Santoso"}


@pytest.mark.parametrize("settings, message", [
    ('[tables."transcripts/*.csv"]\ntext = ["Isi"]\n',
     "transcripts/aduan.csv: qualcode.toml [tables.\"transcripts/*.csv\"] text: no column 'Isi' here; "
     "its columns: No. Tiket, Nama Pelapor"),
    ('[tables."transcripts/*.csv"]\nkey = "Kecamatan"\n',
     "column 'Kecamatan', the key qualcode.toml [tables] names, has empty or repeated values"),
    ('[tables."transcripts/*.csv"]\ncolumns = ["Isi"]\n',
     "qualcode.toml:2: unknown setting 'columns' in [tables.\"transcripts/*.csv\"]"),
    ('[tables."transcripts/*.csv"]\ntext = 3\n',
     "qualcode.toml:2: [tables.\"transcripts/*.csv\"] text must be a list of column names, not 3"),
])
def test_wrong_tables_settings_are_named(table_project, runner, settings, message):
    table = table_project / "transcripts" / "aduan.csv"
    table.write_text(REPLIES.replace("Sukamaju", "Kota Lama"), encoding="utf-8")
    config = table_project / "qualcode.toml"
    config.write_text(settings + "\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    result = _ingest(runner, table_project)
    assert result.exit_code == 1
    assert message in result.output, result.output
    assert not (table_project / ".qualcode" / "project.db").exists()  # nothing stored


def test_a_sheet_of_counts_before_the_data_is_passed_over(table_project, runner):
    """An export's workbook often opens on a summary ("Rekap": counts per kecamatan), a table
    with no text to code; the data sheet after it is the one read."""
    workbook = Workbook()
    workbook.active.title = "Rekap"
    for row in (["Kecamatan", "Jumlah Aduan", "Selesai"], ["Sukamaju", 120, 98], ["Kota Lama", 87, 80]):
        workbook.active.append(row)
    sheet = workbook.create_sheet("Data Aduan")
    sheet.append(["No", "Kecamatan", "Isi Aduan"])
    complaints = ["Lampu jalan di gang mawar mati sejak minggu lalu", "Aplikasi pengaduan tidak bisa dibuka",
                  "Wifi di balai desa tidak pernah nyala", "Petugas kelurahan lambat melayani KTP"]
    for n, text in enumerate(complaints, start=1):
        sheet.append([n, "Sukamaju", text])
    workbook.save(table_project / "transcripts" / "aduan.xlsx")
    result = _ingest(runner, table_project)
    assert result.exit_code == 0, result.output
    assert "transcripts/aduan.xlsx: only its sheet 'Data Aduan' is read; not 'Rekap'" in result.output
    assert sorted(_sources(table_project)) == [f"aduan-{n}" for n in range(1, 5)]
    # and a workbook with no sheet of text at all is still refused, naming the file
    (table_project / "transcripts" / "aduan.xlsx").unlink()
    del workbook["Data Aduan"]
    workbook.save(table_project / "transcripts" / "rekap.xlsx")
    refused = _ingest(runner, table_project)
    assert refused.exit_code == 1 and "rekap.xlsx: no column of free text to code" in refused.output
    # named from the project's folder, as the warnings name files
    assert refused.output.startswith("error: transcripts/rekap.xlsx: ")


def test_one_export_saved_as_csv_and_as_xlsx_is_said(table_project, runner):
    """The same rows in two tables are read, and counted, twice: ingest says so, as it does of
    two files that hold one interview."""
    rows = [("1", "Sukamaju", "Lampu jalan di gang mawar mati sejak minggu lalu"),
            ("2", "Kota Lama", "Aplikasi pengaduan tidak bisa dibuka dari pagi"),
            ("3", "Sukamaju", "Wifi di balai desa tidak pernah nyala sama sekali")]
    folder = table_project / "transcripts"
    (folder / "aduan.csv").write_text("No,Kecamatan,Isi Aduan\n" + "".join(f"{a},{b},{c}\n" for a, b, c in rows),
                                      encoding="utf-8")
    workbook = Workbook()
    workbook.active.append(["No", "Kecamatan", "Isi Aduan"])
    for row in reversed(rows):  # the order of rows is no difference
        workbook.active.append(list(row))
    workbook.save(folder / "aduan.xlsx")
    result = _ingest(runner, table_project)
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "transcripts/aduan.csv and transcripts/aduan.xlsx hold the same rows" in said
    # a table with other rows is not said to be the same
    workbook.active.append(["4", "Kota Lama", "Sampah menumpuk di pasar sejak tiga hari"])
    workbook.save(folder / "aduan.xlsx")
    assert "hold the same rows" not in _ingest(runner, table_project).output


def test_title_rows_non_answers_and_dates_as_exports_have_them(table_project, runner):
    workbook = Workbook()
    workbook.active.title = "Petunjuk"
    workbook.active.append(["Isi sheet Data dengan satu baris per responden."])
    sheet = workbook.create_sheet("Data")
    sheet.append(["REKAP SURVEI LAYANAN ONLINE 2024"])
    sheet.append([])
    sheet.append(["Kode", "Tanggal isi", "Apa kendala utama yang Anda alami?", "Ada komentar lain?"])
    answers = [("R01", "12 Mei 2024", "Aplikasinya sering error waktu jam sibuk", "-"),
               ("R02", "2024/05/13 9:00:00 AM GMT+7", "tidak ada", "tdk ada"),
               ("R03", "kemarin sore", "Petugas di kelurahan belum paham cara pakai sistemnya", "Nothing"),
               ("R04", "14/05/2024", "Sinyal internet di kantor kelurahan lemah sekali", "ok")]
    for row in answers:
        sheet.append(list(row))
    workbook.save(table_project / "transcripts" / "survei.xlsx")
    result = _ingest(runner, table_project)
    assert result.exit_code == 0, result.output
    assert ("table: transcripts/survei.xlsx: 4 rows; text from 'Apa kendala utama yang Anda alami?'; rows named "
            "by 'Kode'; date from 'Tanggal isi'; attributes 'Ada komentar lain?'") in result.output
    assert "transcripts/survei.xlsx: only its sheet 'Data' is read; not 'Petunjuk'" in result.output
    assert "1 row has no answer in the text columns (blank, or '-', 'tidak ada', 'N/A'); left out" in result.output
    assert "1 date in 'Tanggal isi' not in a form read as a date (e.g. 'kemarin sore')" in result.output
    assert "column 'Ada komentar lain?' reads as a question, but its answers are short" in result.output
    sources = _sources(table_project)
    assert sorted(sources) == ["survei-r01", "survei-r03", "survei-r04"]
    assert sources["survei-r01"].date == "2024-05-12" and sources["survei-r04"].date == "2024-05-14"


def test_a_rows_sha_is_the_one_earlier_versions_stored(table_project, runner):
    """Re-ingesting after an upgrade finds every row unchanged only if a row's sha256 is
    worked out as before: that of json.dumps([header, cells, roles, "response"])."""
    import hashlib
    import json

    (table_project / "transcripts" / "aduan.csv").write_text(COMPLAINTS, encoding="utf-8")
    assert _ingest(runner, table_project).exit_code == 0
    header = ["No Tiket", "Tanggal", "Kanal", "Kecamatan", "Isi Aduan", "Status"]
    cells = COMPLAINTS.splitlines()[1].split(";")
    roles = [[4], [], 0, None, 1, None, [2, 3, 5]]  # texts, replies, key, case, date, language, attributes
    expected = hashlib.sha256(json.dumps([header, cells, roles, "response"], ensure_ascii=False)
                              .encode()).hexdigest()
    with Store(load_config(table_project).store_path) as store:
        stored = store.conn.execute("SELECT sha256 FROM sources WHERE id = 'aduan-t-001'").fetchone()[0]
    assert stored == expected
    # a header whose names look like JSON's own separators and values changes nothing
    from qualcode.ingest.table_columns import Columns
    from qualcode.ingest.table_sources import _row_hasher

    odd = ['a", null, "b', "Ulasan ✓", "[]"]
    columns = Columns(texts=[1], key=0, attributes=[2])
    row = ['x, null, y', 'Sangat "bagus" — ✓', "\n"]
    assert _row_hasher(odd, columns)(row) == hashlib.sha256(json.dumps(
        [odd, row, [[1], [], 0, None, None, None, [2]], "response"], ensure_ascii=False).encode()).hexdigest()


def test_ingesting_a_table_does_not_import_spacy(table_project):
    """Guessing each row's language needs only spaCy's stop-word lists; importing spaCy
    for them took half a second of every ingest of a table."""
    import subprocess
    import sys

    (table_project / "transcripts" / "aduan.csv").write_text(COMPLAINTS, encoding="utf-8")
    check = ("import sys\nfrom typer.testing import CliRunner\nfrom qualcode.cli import app\n"
             f"result = CliRunner().invoke(app, ['-C', {str(table_project)!r}, 'ingest'])\n"
             "assert result.exit_code == 0, result.output\n"
             "assert '3 added' in result.output, result.output\n"
             "print(','.join(m for m in ('spacy', 'pandas') if m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""
    assert {s.language for s in _sources(table_project).values()} == {"id"}


def test_a_row_read_otherwise_by_a_newer_qualcode_is_stored_anew(table_project, runner):
    """A store written by a qualcode that kept "05/03/2024" as written: the same bytes,
    re-ingested, give the ISO date the time-ordered display needs, codings kept."""
    (table_project / "transcripts" / "aduan.csv").write_text(COMPLAINTS, encoding="utf-8")
    assert _ingest(runner, table_project).exit_code == 0
    assert runner.invoke(app, ["-C", str(table_project), "code", "add", "aduan-t-001", "--segment", "1",
                               "--code", "hardware"]).exit_code == 0
    with Store(load_config(table_project).store_path) as store, store.transaction():
        store.conn.execute("UPDATE sources SET date = '05/03/2024' WHERE id = 'aduan-t-001'")

    result = _ingest(runner, table_project)
    assert result.exit_code == 0, result.output
    assert "0 added, 1 updated, 2 unchanged" in result.output
    assert "1 unchanged file was read anew (aduan-t-001)" in result.output
    assert _sources(table_project)["aduan-t-001"].date == "2024-03-05"
    listed = runner.invoke(app, ["-C", str(table_project), "code", "list", "--source", "aduan-t-001",
                                 "--format", "csv"])
    assert "hardware" in listed.stdout
    assert "0 added, 0 updated, 3 unchanged" in _ingest(runner, table_project).output


def _stamped_survey(project: Path, stamps: list[str]) -> None:
    rows = ["Timestamp,Kecamatan,Apa kendala layanan digital?"]
    rows += [f"{stamp},Sukamaju,Aplikasi pengaduan error nomor {k}" for k, stamp in enumerate(stamps)]
    (project / "transcripts" / "survei.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")


@pytest.mark.parametrize("stamps, dates", [
    # a Google Form exported in Indonesia: day first, its 1st-12th too
    (["01/03/2024 09:34:00", "18/03/2024 10:00:00", "09/04/2024 08:15:30", "05/04/2024 12:00:00"],
     ["2024-03-01", "2024-03-18", "2024-04-09", "2024-04-05"]),
    # one exported in the US: month first, whatever the time looks like
    (["3/1/2024 9:34:00", "3/18/2024 10:00:00", "4/9/2024 8:15:30 PM", "4/5/2024"],
     ["2024-03-01", "2024-03-18", "2024-04-09", "2024-04-05"]),
    # an Indonesian export's own ways with the time: 13.47, "pukul", a zone, seconds' fractions
    (["02-08-2024 13.47", "14-08-2024 pukul 09.05", "12 Agustus 2024 13:47 WIB", "2024-08-20 09:34:00.123"],
     ["2024-08-02", "2024-08-14", "2024-08-12", "2024-08-20"]),
])
def test_a_date_columns_day_and_month_are_read_in_one_order(table_project, runner, stamps, dates):
    _stamped_survey(table_project, stamps)
    result = _ingest(runner, table_project)
    assert result.exit_code == 0, result.output
    found = _sources(table_project)
    assert [found[f"survei-row-{k + 2}"].date for k in range(len(stamps))] == dates
    assert "Timestamp" not in result.output.split("attributes")[-1]  # no warning about the column


@pytest.mark.parametrize("stamps, said, dates", [
    (["13/03/2024", "3/14/2024", "20/03/2024"], "has dates written day first ('13/03/2024') and month first "
     "('3/14/2024'); each is read day first where it can be, as most are written: check that column",
     ["2024-03-13", "2024-03-14", "2024-03-20"]),
    (["01/03/2024", "02/03/2024", "01/03/2024"], "no date in 'Timestamp' shows whether it is written day or "
     "month first ('01/03/2024'); read day first", ["2024-03-01", "2024-03-02", "2024-03-01"]),
])
def test_a_date_column_that_cannot_say_its_order_is_named(table_project, runner, stamps, said, dates):
    _stamped_survey(table_project, stamps)
    result = _ingest(runner, table_project)
    assert result.exit_code == 0, result.output
    assert said in " ".join(result.output.split())
    found = _sources(table_project)
    assert [found[f"survei-row-{k + 2}"].date for k in range(len(stamps))] == dates


def test_the_reports_method_counts_the_rows_left_out_without_an_answer(table_project, runner):
    """"300 sumber" says nothing of the 15 rows that said "tidak ada": the method says how
    many rows the tables had and how many the analysis never saw. The count is the last
    ingest's: a table that leaves the transcripts takes its count with it."""
    (table_project / "transcripts" / "aduan.csv").write_text(COMPLAINTS, encoding="utf-8")
    result = runner.invoke(app, ["-C", str(table_project), "run"])
    assert result.exit_code == 0, result.output
    method = (table_project / "reports" / "report.md").read_text(encoding="utf-8").split("## Metode")[1]
    assert ("Sebanyak 1 dari 4 baris tabel tidak berisi jawaban (kosong, “-”, “tidak ada”, dan sejenisnya) "
            "sehingga tidak dianalisis.") in method.split("\n## ")[0]
    english = runner.invoke(app, ["-C", str(table_project), "report", "--lang", "en", "--format", "md"])
    assert english.exit_code == 0, english.output
    method = (table_project / "reports" / "report.md").read_text(encoding="utf-8").split("## Method")[1]
    assert "1 of the 4 table rows held no answer" in method.split("\n## ")[0]

    # every row answered now: nothing to say
    answered = COMPLAINTS.replace("Website;Sukamaju;;", "Website;Sukamaju;Lampu taman mati sejak Senin;")
    (table_project / "transcripts" / "aduan.csv").write_text(answered, encoding="utf-8")
    assert _ingest(runner, table_project).exit_code == 0
    with Store(load_config(table_project).store_path) as store:
        assert store.table_reads() == {"transcripts/aduan.csv": (4, 0)}
    (table_project / "transcripts" / "aduan.csv").unlink()
    (table_project / "transcripts" / "satu.txt").write_text("Anggaran kami terbatas sekali.\n", encoding="utf-8")
    assert _ingest(runner, table_project).exit_code == 0
    with Store(load_config(table_project).store_path) as store:
        assert store.table_reads() == {}


def test_rows_are_reviewed_in_their_order_not_as_text(table_project, runner):
    """Row 2 comes before row 10 in `code review`, as in the reports (it showed 1, 10, 100 …)."""
    lines = "".join(f"{n},Aplikasi pengaduan di kelurahan nomor {n} tidak bisa dibuka sejak pagi tadi\n"
                    for n in range(1, 13))
    (table_project / "transcripts" / "aduan.csv").write_text("No,Isi Aduan\n" + lines, encoding="utf-8")
    assert _ingest(runner, table_project).exit_code == 0
    assert runner.invoke(app, ["-C", str(table_project), "code", "auto"]).exit_code == 0
    with Store(load_config(table_project).store_path) as store:
        queue = store.review_queue("researcher")
    assert [segment.split(":")[0] for segment in queue] == [f"aduan-{n}" for n in range(1, 13)]


def test_a_later_export_holding_the_earlier_ones_rows_is_said(table_project, runner):
    """This week's export holds last week's rows and a few more: each shared row is read from
    both. Ingest names both tables, their sizes and what they share."""
    complaints = [f"Lampu jalan di gang {n} mati sejak minggu lalu mohon diperbaiki" for n in range(1, 21)]
    folder = table_project / "transcripts"
    (folder / "aduan-minggu-1.csv").write_text(
        "No,Isi Aduan\n" + "".join(f"{n},{text}\n" for n, text in enumerate(complaints, start=1)), encoding="utf-8")
    later = complaints[1:] + ["Aplikasi pengaduan tidak bisa dibuka dari pagi", "Sampah menumpuk di pasar"]
    (folder / "aduan-minggu-2.csv").write_text(
        "No,Isi Aduan\n" + "".join(f"{n},{text}\n" for n, text in enumerate(later, start=1)), encoding="utf-8")
    result = _ingest(runner, table_project)
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert ("transcripts/aduan-minggu-1.csv (20 rows) and transcripts/aduan-minggu-2.csv (21 rows) share 19 rows"
            in said)
    assert "hold the same rows" not in said


def test_tables_sharing_only_common_short_answers_are_not_said(table_project, runner):
    """Two survey questions answered 'Tidak tahu' by most respondents are two questions."""
    folder = table_project / "transcripts"
    config = table_project / "qualcode.toml"
    config.write_text(config.read_text(encoding="utf-8") + '\n[tables."transcripts/survei-*.csv"]\n'
                      'text = ["Jawaban"]\n', encoding="utf-8")
    first = ["Tidak tahu"] * 9 + ["Pelayanan KTP sekarang lebih cepat lewat aplikasi"]
    second = ["Tidak tahu"] * 9 + ["Anggaran desa belum cukup untuk internet"]
    for name, answers in (("survei-q1.csv", first), ("survei-q2.csv", second)):
        (folder / name).write_text("Responden,Jawaban\n" + "".join(f"R{n},{text}\n" for n, text in
                                                                    enumerate(answers, start=1)), encoding="utf-8")
    result = _ingest(runner, table_project)
    assert result.exit_code == 0, result.output
    assert "share" not in result.output and "same rows" not in result.output
