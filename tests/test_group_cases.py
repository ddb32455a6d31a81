"""A focus group's participants as cases of their own (front matter `speaker_cases`)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from qualcode.cli import app
from qualcode.project import load_config
from qualcode.store import Store
from tests.conftest import store_checksum

FGD = """\
---
case: fgd-desa
source_type: interview
interviewer: Moderator
speaker_cases: {cases}
role: perangkat desa
kecamatan: Sukamaju
---

Moderator (Rina): Selamat pagi. Bagaimana pengalaman desa dengan aplikasi surat online?

P1 (Kades Sukamaju): Sinyal di dusun kami putus-putus, jadi warga tetap datang ke kantor desa.

Bu Ratna: Operator kami cuma satu orang, pelatihannya sekali setahun.

Moderator: Soal anggaran bagaimana?

P1: Anggaran desa untuk internet belum ada, kena refocusing.

Pak Joko (Sekdes): Kami usul anggaran pendampingan ditambah.
"""


@pytest.fixture
def fgd_project(tmp_path: Path, runner) -> Path:
    folder = tmp_path / "fgd"
    assert runner.invoke(app, ["init", str(folder), "--name", "FGD"]).exit_code == 0
    return folder


def _ingest(runner, project: Path):
    return runner.invoke(app, ["-C", str(project), "ingest"])


def _cases(project: Path) -> dict[str, dict]:
    with Store(load_config(project).store_path) as store:
        return {case.id: case.attributes for case in store.cases()}


def test_each_participant_is_a_case_taking_the_groups_attributes(fgd_project, runner):
    (fgd_project / "transcripts" / "fgd-desa.txt").write_text(FGD.format(cases="true"), encoding="utf-8")
    # a participant's own row wins over the group's front matter; the group's row is no stray
    (fgd_project / "transcripts" / "cases.csv").write_text(
        "case,role,gender,position\nfgd-desa,perangkat desa,campuran,\nfgd-desa-bu-ratna,operator desa,perempuan,\n"
        "fgd-desa-pak-joko,,,Sekretaris Desa\n",
        encoding="utf-8")
    result = _ingest(runner, fgd_project)
    assert result.exit_code == 0, result.output
    assert "match no source" not in result.output
    cases = _cases(fgd_project)
    assert sorted(cases) == ["fgd-desa-bu-ratna", "fgd-desa-p1", "fgd-desa-pak-joko"]
    # the role its label gives beside the name is its position, unless its own row gives one
    assert cases["fgd-desa-p1"] == {"group": "fgd-desa", "role": "perangkat desa", "kecamatan": "Sukamaju",
                                    "gender": "campuran", "position": "Kades Sukamaju"}
    assert cases["fgd-desa-pak-joko"]["position"] == "Sekretaris Desa" and "position" not in cases["fgd-desa-bu-ratna"]
    assert cases["fgd-desa-bu-ratna"]["role"] == "operator desa" and cases["fgd-desa-bu-ratna"]["gender"] == "perempuan"
    with Store(load_config(fgd_project).store_path) as store:
        [source] = store.sources()
        places = store.segment_places()
    assert source.case_id is None  # the group is no one informant
    shown = " ".join(runner.invoke(app, ["-C", str(fgd_project), "code", "show", "fgd-desa"]).output.split())
    assert "fgd-desa interview · id · 3 participants as cases" in shown
    assert "fgd-desa:2 P1 (Kades Sukamaju) [fgd-desa-p1]" in shown
    explained = runner.invoke(app, ["-C", str(fgd_project), "code", "explain", "fgd-desa:2"]).output
    assert "case fgd-desa-p1 · speaker P1 (Kades Sukamaju)" in " ".join(explained.split())
    by_speaker = {(s.speaker, places[s.id][1]) for s in source.segments}
    # `P1 (Kades Sukamaju)` and a later `P1` are one participant; the moderator is no case
    assert by_speaker == {("Moderator (Rina)", None), ("Moderator", None), ("P1 (Kades Sukamaju)", "fgd-desa-p1"),
                          ("P1", "fgd-desa-p1"), ("Bu Ratna", "fgd-desa-bu-ratna"),
                          ("Pak Joko (Sekdes)", "fgd-desa-pak-joko")}


def test_the_analysis_counts_participants_not_the_group(fgd_project, runner, tmp_path):
    (fgd_project / "transcripts" / "fgd-desa.txt").write_text(FGD.format(cases="true"), encoding="utf-8")
    result = runner.invoke(app, ["-C", str(fgd_project), "run", "--lang", "id"])
    assert result.exit_code == 0, result.output
    report = (fgd_project / "reports" / "report.md").read_text(encoding="utf-8")
    assert "(3 informan)" in report and "Informan menurut peran: perangkat desa 3" in report
    # and the method says they spoke in a group, which the counts are read with
    assert "Sebanyak 3 informan berbicara dalam diskusi kelompok terarah (FGD; 1 kelompok)" in report
    # the moderator's turns, the only ones without a case, make no row of data without a case
    log = runner.invoke(app, ["-C", str(fgd_project), "display", "show", "accounting_log", "--format", "json"])
    assert log.exit_code == 0, log.output
    assert [row["row"] for row in json.loads(log.stdout)] == [
        "fgd-desa-bu-ratna/interview", "fgd-desa-p1/interview", "fgd-desa-pak-joko/interview"]
    # a REFI-QDA project names each participant's turns (SelectionRef), not the whole
    # discussion, and they come back as they were
    out = tmp_path / "fgd.qdpx"
    assert runner.invoke(app, ["-C", str(fgd_project), "export", "qdpx", "--out", str(out)]).exit_code == 0
    with zipfile.ZipFile(out) as archive:
        project_xml = archive.read("project.qde").decode("utf-8")
    assert project_xml.count('name="fgd-desa-') == 3 and "<SourceRef " not in project_xml
    assert project_xml.count("<SelectionRef ") == 4  # P1 twice, Bu Ratna, Pak Joko
    fresh = tmp_path / "fresh"
    assert runner.invoke(app, ["init", str(fresh)]).exit_code == 0
    imported = runner.invoke(app, ["-C", str(fresh), "import", "qdpx", str(out)])
    assert imported.exit_code == 0, imported.output
    assert "not supported" not in imported.output
    with Store(load_config(fresh).store_path) as store:
        [source] = store.sources()
        places = store.segment_places()
        cases = {case.id: case.attributes for case in store.cases()}
    assert source.case_id is None
    assert {(s.speaker, places[s.id][1]) for s in source.segments if s.codable} == {
        ("P1 (Kades Sukamaju)", "fgd-desa-p1"), ("P1", "fgd-desa-p1"), ("Bu Ratna", "fgd-desa-bu-ratna"),
        ("Pak Joko (Sekdes)", "fgd-desa-pak-joko")}
    assert cases["fgd-desa-p1"]["group"] == "fgd-desa"


def test_participants_may_be_given_case_ids_of_ones_own(fgd_project, runner):
    text = FGD.format(cases="{P1: kades-sukamaju, Bu Ratna: ratna}")
    (fgd_project / "transcripts" / "fgd-desa.txt").write_text(text, encoding="utf-8")
    assert _ingest(runner, fgd_project).exit_code == 0
    assert sorted(_cases(fgd_project)) == ["fgd-desa-pak-joko", "kades-sukamaju", "ratna"]


@pytest.mark.parametrize("value", ["sometimes", "[P1, P2]"])
def test_a_bad_speaker_cases_is_named_at_its_line(fgd_project, runner, value):
    path = fgd_project / "transcripts" / "fgd-desa.txt"
    path.write_text(FGD.format(cases="true"), encoding="utf-8")
    assert _ingest(runner, fgd_project).exit_code == 0
    path.write_text(FGD.format(cases=value).replace("Bu Ratna:", "Bu Ratna (PKK):"), encoding="utf-8")
    before = store_checksum(fgd_project)
    result = _ingest(runner, fgd_project)
    assert result.exit_code == 1
    assert result.output.startswith("error: transcripts/fgd-desa.txt:5: speaker_cases must be true, false")
    assert store_checksum(fgd_project) == before


def test_without_speaker_cases_a_group_discussion_stays_one_case(fgd_project, runner):
    (fgd_project / "transcripts" / "fgd-desa.txt").write_text(FGD.format(cases="false"), encoding="utf-8")
    assert _ingest(runner, fgd_project).exit_code == 0
    assert list(_cases(fgd_project)) == ["fgd-desa"]
    with Store(load_config(fgd_project).store_path) as store:
        assert json.dumps(sorted({case for _, case in store.segment_places().values()})) == '["fgd-desa"]'


def test_speaker_cases_that_meet_no_one_are_said(fgd_project, runner):
    (fgd_project / "transcripts" / "fgd-desa.txt").write_text(
        FGD.format(cases="{P1: kades, Bu Sri: sri}"), encoding="utf-8")
    (fgd_project / "transcripts" / "catatan.txt").write_text(
        "---\nsource_type: fieldnote\nspeaker_cases: true\n---\nAntrean panjang di kantor desa.\n", encoding="utf-8")
    result = _ingest(runner, fgd_project)
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "transcripts/fgd-desa.txt: speaker_cases names 'Bu Sri', but no codable turn of this interview is" in said
    assert "transcripts/catatan.txt: speaker_cases, but no one here has a codable turn of their own" in said
    assert "kades" in _cases(fgd_project)


def test_code_list_names_each_codings_participant_speaker_and_time(fgd_project, runner):
    (fgd_project / "transcripts" / "fgd-desa.txt").write_text(FGD.format(cases="true"), encoding="utf-8")
    assert _ingest(runner, fgd_project).exit_code == 0
    assert runner.invoke(app, ["-C", str(fgd_project), "code", "auto"]).exit_code == 0
    listed = runner.invoke(app, ["-C", str(fgd_project), "code", "list", "--format", "json"])
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.stdout)
    by_speaker = {row["speaker"]: row["case_id"] for row in rows}
    assert by_speaker.get("Bu Ratna") == "fgd-desa-bu-ratna"  # the participant's case, not the group's
    assert all(row["case_id"] != "fgd-desa" for row in rows) and all("timestamp" in row for row in rows)
