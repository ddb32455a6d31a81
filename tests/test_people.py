"""A survey's people are respondents: a project whose every source is a table's row is worded
with "responden" / "respondents" in what qualcode writes for people; interviews keep
"informan" / "informants" (qualcode.people)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from qualcode.cli import app
from qualcode.people import RESPONDENTS, called, for_people_text
from qualcode.report.i18n import catalogue

ANSWERS = [
    "Wifi taman sering mati dan aplikasi pengaduan error saat unggah foto",
    "Anggaran pelatihan pegawai kurang, petugas belum paham aplikasi",
    "Server aplikasi down setiap pagi, sinyal di kelurahan lemah",
    "Tidak ada sosialisasi ke warga soal aplikasi dan anggaran musrenbang",
    "Website dinas sering tidak bisa dibuka, jaringan internet lambat",
    "Warga tidak dilibatkan dalam perencanaan anggaran kota",
]


def cli(runner, project: Path, *args: str):
    result = runner.invoke(app, ["-C", str(project), *args])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def survey(tmp_path, runner) -> Path:
    project = tmp_path / "survei"
    assert runner.invoke(app, ["init", str(project)]).exit_code == 0
    with open(project / "transcripts" / "survei.csv", "w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows([["Kecamatan", "Apa kendala layanan digital yang Anda alami?"]]
                                  + [[("Sukamaju", "Kota Lama")[n % 2], answer] for n, answer in enumerate(ANSWERS)])
    cli(runner, project, "ingest")
    cli(runner, project, "code", "auto")
    return project


def test_the_words_change_only_where_the_people_are_respondents():
    assert for_people_text("3 dari 5 informan", "id") == "3 dari 5 informan"  # the default
    with called(True):
        assert for_people_text("3 dari 5 informan; Informan; separuh informannya", "id") == \
            "3 dari 5 responden; Responden; separuh respondennya"
        assert for_people_text("Informants: 1 informant, {informants} of {informants_total} informants",
                               "en") == "Respondents: 1 respondent, {informants} of {informants_total} respondents"
        assert for_people_text("informasi, informatika", "id") == "informasi, informatika"
        assert for_people_text("5 seg / 1 of 14 inf; infrastructure", "en") == "5 seg / 1 of 14 resp; infrastructure"
        assert catalogue("id")["informants_by_role"] == "Responden menurut peran"
        assert catalogue("en")["informants_by_role"] == "Respondents by role"
    assert not RESPONDENTS.get()  # the block's setting ends with it
    assert catalogue("id")["informants_by_role"] == "Informan menurut peran"


def test_a_surveys_report_and_conclusions_speak_of_respondents(survey, runner):
    cli(runner, survey, "report")
    markdown = (survey / "reports" / "report.md").read_text(encoding="utf-8")
    # the codebook's own definitions are the researcher's words, kept as written
    ours = [line for line in markdown.splitlines() if "informan" in line and "menurut informan" not in line]
    assert ours == [] and "dari 6 responden" in markdown
    html = (survey / "reports" / "report.html").read_text(encoding="utf-8")
    assert "responden" in html
    statements = [a["statement"] for a in json.loads(
        (survey / "reports" / "conclusions.json").read_text(encoding="utf-8"))["assertions"]]
    assert any("6 responden" in s for s in statements) and not any("informan" in s for s in statements)
    tactics = cli(runner, survey, "conclude", "tactics", "--format", "md", "--lang", "en").stdout
    assert "respondents" in tactics and "informant" not in tactics


def test_an_interview_among_the_rows_keeps_informants(survey, runner):
    (survey / "transcripts" / "wawancara.txt").write_text(
        "---\ncase: pemkot\nrole: government\nlanguage: id\n---\n"
        "Pewawancara: Bagaimana anggarannya?\n\nBu Ratna: Anggaran aplikasi dan wifi kota terbatas.\n",
        encoding="utf-8")
    cli(runner, survey, "ingest")
    cli(runner, survey, "report", "--format", "md")
    markdown = (survey / "reports" / "report.md").read_text(encoding="utf-8")
    assert "dari 7 informan" in markdown and "responden " not in markdown.replace("— responden", "")
