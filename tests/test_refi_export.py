"""REFI-QDA export: valid against the official XSDs, deterministic, and a faithful round trip."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import uuid
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from qualcode.cli import app
from qualcode.codebook import load_codebook
from qualcode.interop import GUID_NAMESPACE, refi_guid, refi_xml
from qualcode.store import Store
from tests.conftest import REPO
from tests.test_cli import invoke
from tests.test_refi_import import nvivo_archive

NS = {"q": "urn:QDA-XML:project:1.0", "c": "urn:QDA-XML:codebook:1.0"}
# The official schemas: beside the checkout when present (../shared/refi-qda), else the copy
# that ships with the package (test_shipped_schemas_are_the_official_ones keeps them equal).
XSD = next(p for p in (REPO.parent / "shared" / "refi-qda", REPO / "qualcode" / "data" / "refi-qda")
           if (p / "Project.xsd").is_file())


def xsd_valid(xml: bytes, name: str) -> None:
    import xmlschema

    xmlschema.XMLSchema(str(XSD / name)).validate(xml)


@pytest.fixture
def coded_project(small_project, runner):
    """Ingested, auto-coded, coded by two people, one suggestion rejected, memos on everything."""
    steps = [
        ("ingest",), ("code", "auto"),
        ("code", "add", "pemkot", "--match", "kemauan politiknya", "--code", "sustainability",
         "--memo", "continuity worry"),
        ("code", "add", "mitra", "--segment", "2", "--code", "budget-support", "--coder", "ana"),
        ("code", "remove", "pemkot", "--segment", "2", "--code", "budget-constraints"),
        ("memo", "add", "project", "-t", "Whole-project thought"),
        ("memo", "add", "source", "pemkot", "-t", "Source memo"),
        ("memo", "add", "case", "warga", "-t", "Case memo", "--author", "ana"),
        ("memo", "add", "code", "budget-support", "-t", "Code memo"),
        ("memo", "add", "segment", "warga:3", "-t", "Segment memo"),
        ("memo", "add", "display", "case_by_dimension", "-t", "Display memo"),
    ]
    for step in steps:
        result = invoke(runner, small_project, *step)
        assert result.exit_code == 0, (step, result.output)
    return small_project


def export(runner, project: Path, out: Path, *extra: str) -> Path:
    result = invoke(runner, project, "export", "qdpx", "--out", str(out), *extra)
    assert result.exit_code == 0, result.output
    return out


def members(archive: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(archive) as opened:
        return {name: opened.read(name) for name in opened.namelist()}


def test_the_schemas_ship_with_the_package():
    # validation must work in an installed wheel, far from any checkout
    shipped = Path(refi_xml.XSD_DIR)
    assert (shipped / "Project.xsd").is_file() and (shipped / "Codebook.xsd").is_file()
    assert shipped.parent.name == "data" and shipped.parents[1].name == "qualcode"


def test_qdpx_layout_and_validity(coded_project, runner, tmp_path):
    files = members(export(runner, coded_project, tmp_path / "out.qdpx"))
    qde = files.pop("project.qde")
    xsd_valid(qde, "Project.xsd")
    with Store(coded_project / ".qualcode" / "project.db") as store:
        sources = {s.id: s for s in store.sources()}
    assert sorted(files) == sorted(f"sources/{refi_guid('source', i)}.txt" for i in sources)
    for source_id, source in sources.items():
        data = files[f"sources/{refi_guid('source', source_id)}.txt"]
        assert data == source.text.encode("utf-8") and not data.startswith(b"\xef\xbb\xbf")
    root = ET.fromstring(qde)
    paths = [s.get("plainTextPath") for s in root.iterfind("q:Sources/q:TextSource", NS)]
    assert paths == [f"internal://{refi_guid('source', i)}.txt" for i in sorted(sources)]
    guids = re.findall(rb'(?:guid|GUID|User)="([^"]+)"', qde)
    assert guids and all(g == g.lower() for g in guids)
    for empty in (b"<Codes />", b"<Sets />", b"<Sources />", b"<Codes/>", b"<Sets/>", b"<Sources/>"):
        assert empty not in qde
    users = {u.get("name") for u in root.iterfind("q:Users/q:User", NS)}
    assert users == {"auto", "researcher", "ana"}
    colours = [c.get("color") for c in root.iter(f"{{{NS['q']}}}Code") if c.get("color")]
    assert colours and all(re.fullmatch(r"#[0-9A-F]{6}", c) for c in colours)
    # the rejected suggestion is not a coding; the accepted one by hand is, with its note
    pemkot = next(s for s in root.iterfind("q:Sources/q:TextSource", NS) if s.get("name") == "pemkot")
    coded = {(sel.get("name"), c.find("q:CodeRef", NS).get("targetGUID"), c.get("creatingUser"))
             for sel in pemkot.iterfind("q:PlainTextSelection", NS) for c in sel.iterfind("q:Coding", NS)}
    assert ("pemkot:2", refi_guid("code", "budget-constraints"), refi_guid("user", "auto")) not in coded
    assert ("pemkot:3", refi_guid("code", "sustainability"), refi_guid("user", "researcher")) in coded


def test_positions_are_code_points_end_exclusive(coded_project, runner, tmp_path):
    files = members(export(runner, coded_project, tmp_path / "out.qdpx"))
    root = ET.fromstring(files["project.qde"])
    with Store(coded_project / ".qualcode" / "project.db") as store:
        segments = {seg.id: seg for src in store.sources() for seg in src.segments}
    named = [sel for sel in root.iter(f"{{{NS['q']}}}PlainTextSelection") if sel.get("name")]
    assert named
    for selection in named:
        segment = segments[selection.get("name")]
        assert (int(selection.get("startPosition")), int(selection.get("endPosition"))) == (segment.start, segment.end)


def test_reexport_is_byte_identical_with_stable_guids(coded_project, runner, tmp_path):
    first = export(runner, coded_project, tmp_path / "a.qdpx").read_bytes()
    second = export(runner, coded_project, tmp_path / "b.qdpx").read_bytes()
    assert first == second
    assert refi_guid("code", "budget-support") == str(uuid.uuid5(GUID_NAMESPACE, "code:budget-support"))
    assert refi_guid("code", "budget-support").encode() in members(tmp_path / "a.qdpx")["project.qde"]
    stamped = members(export(runner, coded_project, tmp_path / "c.qdpx", "--stamp"))["project.qde"]
    assert b"modifiedDateTime=" in stamped and b"modifiedDateTime=" not in first


def _state(folder: Path):
    with Store(folder / ".qualcode" / "project.db") as store:
        sources = [(s.id, s.text, s.source_type, s.language, s.date, s.case_id, s.attributes, s.segments)
                   for s in store.sources()]
        codings = {(c.segment_id, c.code_id, c.coder, c.status, c.memo) for c in store.all_codings()}
        counting = {(c.segment_id, c.code_id, c.coder, c.status) for c in store.codings()}
        memos = [(m.target_kind, m.target_id, m.author, m.text, m.created_at) for m in store.memos()]
        return sources, store.cases(), codings, counting, memos, store.span_codings()


def test_round_trip_into_a_fresh_project(coded_project, runner, tmp_path):
    archive = export(runner, coded_project, tmp_path / "out.qdpx")
    fresh = tmp_path / "fresh"
    assert runner.invoke(app, ["init", str(fresh), "--name", "Small"]).exit_code == 0
    # the exported project codes paragraphs (conftest pins it): so must this one, to compare
    config = fresh / "qualcode.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('unit = "turn"', 'unit = "paragraph"'),
                      encoding="utf-8")
    result = invoke(runner, fresh, "import", "qdpx", str(archive))
    assert result.exit_code == 0, result.output
    assert "coders: ana, auto, researcher" in result.output
    before, after = _state(coded_project), _state(fresh)
    assert after[0] == before[0]  # sources, their metadata and segments
    assert after[1] == before[1]  # cases with attributes
    rejected = {(s, c) for s, c, who, status, _ in before[2] if status == "rejected"}
    expected = {row for row in before[2] if row[3] != "rejected"
                and not (row[2] == "auto" and (row[0], row[1]) in rejected)}
    assert after[2] == expected
    assert after[3] == before[3]  # what counts in displays is the same
    assert after[4] == before[4]  # memos, their targets, authors and times
    assert (fresh / "codebooks" / "smart-city.yaml").read_bytes() == (
        coded_project / "codebooks" / "smart-city.yaml").read_bytes()
    again = export(runner, fresh, tmp_path / "again.qdpx")
    assert members(again)["project.qde"] == members(archive)["project.qde"]
    # a machine suggestion that came over has no terms to show, and says so (not "score 0")
    suggested = next(row[0] for row in after[2] if row[2] == "auto")
    explained = " ".join(invoke(runner, fresh, "code", "explain", suggested).output.split())
    assert "no matched terms kept: it came in with an import" in explained and "score 0" not in explained
    # with no transcript files, ingest says the sources came from the import, and run says so
    ingested = invoke(runner, fresh, "ingest")
    assert ingested.exit_code == 1 and "sources came from an import" in ingested.output
    ran = invoke(runner, fresh, "run")
    assert ran.exit_code == 0, ran.output
    assert "imported sources are kept" in " ".join(ran.output.split()) and "0 cases" not in ran.output


def test_span_codings_survive_a_round_trip(small_project, runner, tmp_path):
    vendor = nvivo_archive(tmp_path / "nvivo.qdpx")
    assert invoke(runner, small_project, "import", "qdpx", str(vendor)).exit_code == 0
    archive = export(runner, small_project, tmp_path / "out.qdpx")
    fresh = tmp_path / "fresh"
    assert runner.invoke(app, ["init", str(fresh), "--name", "Small"]).exit_code == 0
    shutil.copy(small_project / "codebooks" / "smart-city.yaml", fresh / "codebooks" / "smart-city.yaml")
    assert invoke(runner, fresh, "import", "qdpx", str(archive)).exit_code == 0
    before, after = _state(small_project), _state(fresh)
    assert after[0] == before[0] and after[2] == before[2]
    assert [{k: v for k, v in s.items() if k != "created_at"} for s in after[5]] == [
        {k: v for k, v in s.items() if k != "created_at"} for s in before[5]]
    assert members(export(runner, fresh, tmp_path / "again.qdpx"))["project.qde"] == members(archive)["project.qde"]


def test_qdc_export_is_valid_nested_and_round_trips(small_project, runner, tmp_path):
    out = tmp_path / "codebook.qdc"
    result = invoke(runner, small_project, "export", "qdc", "--out", str(out))
    assert result.exit_code == 0, result.output
    xml = out.read_bytes()
    xsd_valid(xml, "Codebook.xsd")
    codebook = load_codebook(small_project / "codebooks" / "smart-city.yaml")
    root = ET.fromstring(xml)
    top = [c.get("guid") for c in root.iterfind("c:Codes/c:Code", NS)]
    assert top == [refi_guid("code", c.id) for c in codebook.codes if c.parent is None]
    for code in codebook.codes:
        [node] = [n for n in root.iter(f"{{{NS['c']}}}Code") if n.get("guid") == refi_guid("code", code.id)]
        children = {n.get("guid") for n in node.iterfind("c:Code", NS)}
        assert children == {refi_guid("code", c.id) for c in codebook.children(code.id)}
        description = node.find("c:Description", NS).text
        for text in (*code.definition.values(), *code.include.values(), *code.exclude.values(),
                     *code.examples):
            assert text in description
    sets = {s.get("name"): [m.get("guid") for m in s] for s in root.iterfind("c:Sets/c:Set", NS)}
    assert sets["Framework dimensions"][-len(codebook.framework.dimensions):] == [
        refi_guid("code", c) for c in codebook.framework.dimensions]

    back = tmp_path / "back.yaml"
    assert invoke(runner, small_project, "import", "qdc", str(out), "--into", str(back)).exit_code == 0
    from qualcode.fileio import usual_mode
    assert back.stat().st_mode & 0o777 == usual_mode()  # a file anyone may read, as open() makes it
    again = load_codebook(back)
    strip = lambda c: {k: v for k, v in vars(c).items() if k not in ("line", "color")}  # noqa: E731
    assert [strip(c) for c in again.codes] == [strip(c) for c in codebook.codes]
    assert [(c.color or "").lower() for c in again.codes] == [(c.color or "").lower() for c in codebook.codes]
    assert (again.name, again.framework) == (codebook.name, codebook.framework)


def test_pure_categories_are_not_codable_and_empty_parts_are_left_out(tmp_path, runner):
    folder = tmp_path / "tiny"
    assert runner.invoke(app, ["init", str(folder), "--name", "Tiny"]).exit_code == 0
    (folder / "codebooks" / "smart-city.yaml").write_text(
        "name: Tiny\ncodes:\n"
        "  - {id: category, kind: theme, label: {en: Category}}\n"
        "  - {id: leaf, kind: subcode, parent: category, label: {en: Leaf}, keywords: {en: [leaf]}}\n"
        "  - {id: keyed, kind: theme, label: {en: Keyed}, keywords: {en: [key]}}\n"
        "  - {id: keyed-leaf, kind: subcode, parent: keyed, label: {en: Keyed leaf}}\n",
        encoding="utf-8")
    out = export(runner, folder, tmp_path / "tiny.qdpx")
    qde = members(out)["project.qde"]
    xsd_valid(qde, "Project.xsd")
    root = ET.fromstring(qde)
    codable = {c.get("name"): c.get("isCodable") for c in root.iter(f"{{{NS['q']}}}Code")}
    assert codable == {"Category": "false", "Leaf": "true", "Keyed": "true", "Keyed leaf": "true"}
    present = {child.tag.split("}")[1] for child in root}
    assert present == {"CodeBook"}  # no sources, cases, users, sets: none emitted empty


def test_missing_schemas_are_a_clear_error_unless_told(small_project, runner, tmp_path, monkeypatch):
    monkeypatch.setattr(refi_xml, "XSD_DIR", tmp_path / "nowhere")
    out = tmp_path / "out.qdc"
    result = invoke(runner, small_project, "export", "qdc", "--out", str(out))
    assert result.exit_code == 1 and "nowhere" in result.output and "--no-validate" in result.output
    assert len(result.output.strip().splitlines()) == 1 and not out.exists()
    unchecked = invoke(runner, small_project, "export", "qdc", "--out", str(out), "--no-validate")
    assert unchecked.exit_code == 0 and "not validated" in unchecked.output and out.exists()


def test_help_does_not_load_the_interop_machinery():
    check = ("import sys\nfrom typer.testing import CliRunner\nfrom qualcode.cli import app\n"
             "assert CliRunner().invoke(app, ['--help']).exit_code == 0\n"
             "print(','.join(m for m in ('xmlschema', 'defusedxml', 'qualcode.interop') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


@pytest.mark.skipif(shutil.which("qc") is None, reason="qualitative-coding (qc) is not installed")
def test_qc_loads_our_export(coded_project, runner, tmp_path):
    archive = export(runner, coded_project, tmp_path / "ours.qdpx")
    target = tmp_path / "qc-project"
    target.mkdir()
    # qualitative-coding 1.7.8 leaves a breakpoint() in its importer; switch it off
    env = {**os.environ, "PYTHONBREAKPOINT": "0"}
    done = subprocess.run(["qc", "init", "--import", str(archive)], cwd=target, capture_output=True,
                          text=True, input="", env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert sorted(p.name for p in (target / "corpus").iterdir()) == ["mitra.txt", "pemkot.txt", "warga.txt"]
    coders = subprocess.run(["qc", "coders"], cwd=target, capture_output=True, text=True, env=env)
    assert {"auto", "researcher", "ana"} <= set(coders.stdout.split())


def test_export_to_a_folder_is_refused(small_project, runner, tmp_path):
    result = invoke(runner, small_project, "export", "qdpx", "--out", str(tmp_path))
    assert result.exit_code == 1 and "is a folder" in result.output


def test_span_codings_moved_by_a_re_ingest_are_left_out_not_misplaced(small_project, runner, tmp_path):
    from tests.test_refi_import import CODEBOOK, g, project, selection, write_archive

    assert invoke(runner, small_project, "ingest").exit_code == 0
    with Store(small_project / ".qualcode" / "project.db") as store:
        mitra = next(s for s in store.sources() if s.id == "mitra")
    start = mitra.text.index("telecom partner")
    body = (CODEBOOK + f'<Sources><TextSource guid="{g(160)}" name="mitra" plainTextPath="{g(160)}.txt">'
            + selection(g(260), (start, start + len("telecom partner")), [(g(2), None)])
            + '</TextSource></Sources>')
    archive = write_archive(tmp_path / "span.qdpx", {"project.qde": project(None, body),
                                                     f"sources/{g(160)}.txt": mitra.text})
    assert invoke(runner, small_project, "import", "qdpx", str(archive)).exit_code == 0
    transcript = small_project / "transcripts" / "mitra.txt"
    transcript.write_text(transcript.read_text(encoding="utf-8").replace(
        "The fibre network", "Well, the new fibre network"), encoding="utf-8")
    assert invoke(runner, small_project, "ingest").exit_code == 0
    result = invoke(runner, small_project, "export", "qdpx", "--out", str(tmp_path / "out.qdpx"))
    assert result.exit_code == 0, result.output
    assert "1 span codings whose text changed after import" in result.output


def test_shipped_schemas_are_the_official_ones():
    from pathlib import Path

    from qualcode.interop import refi_xml

    shared = Path(__file__).resolve().parents[2] / "shared" / "refi-qda"
    if not shared.is_dir():
        pytest.skip("the shared REFI-QDA folder is not beside this checkout")
    for name in ("Project.xsd", "Codebook.xsd"):
        assert (refi_xml._default_xsd_dir() / name).read_bytes() == (shared / name).read_bytes()


def test_import_cuts_texts_in_the_importing_projects_unit(coded_project, runner, tmp_path):
    archive = export(runner, coded_project, tmp_path / "out.qdpx")
    fresh = tmp_path / "fresh"
    assert runner.invoke(app, ["init", str(fresh), "--name", "Small"]).exit_code == 0  # unit = turn
    assert invoke(runner, fresh, "import", "qdpx", str(archive)).exit_code == 0
    with Store(fresh / ".qualcode" / "project.db") as store:
        pemkot = next(s for s in store.sources() if s.id == "pemkot")
    # four turns; Bu Ratna's first turn keeps both of its paragraphs in one segment
    assert [s.speaker for s in pemkot.segments] == ["Pewawancara", "Bu Ratna", "Pewawancara", "Bu Ratna"]
    assert "APBD" in pemkot.segments[1].text and "kemauan politiknya" in pemkot.segments[1].text


def test_a_memo_on_a_coding_travels_with_its_coding(coded_project, runner, tmp_path):
    """`memo add coding SEG/CODE`: exported as a note the <Coding> refers to (it was an unlinked
    note named by a database number, and came back as a memo on "coding #62 (no longer
    stored)"); imported, its text is the coding's memo."""
    added = invoke(runner, coded_project, "code", "add", "pemkot:2", "--code", "budget-constraints")
    assert added.exit_code == 0, added.output
    memo = invoke(runner, coded_project, "memo", "add", "coding", "pemkot:2/budget-constraints",
                  "--text", "Refocusing memotong anggaran pemeliharaan.")
    assert memo.exit_code == 0, memo.output
    archive = export(runner, coded_project, tmp_path / "out.qdpx")
    project = members(archive)["project.qde"].decode("utf-8")
    assert "on coding pemkot:2/budget-constraints" in project
    fresh = tmp_path / "fresh"
    assert runner.invoke(app, ["init", str(fresh), "--name", "Small"]).exit_code == 0
    config = fresh / "qualcode.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('unit = "turn"', 'unit = "paragraph"'),
                      encoding="utf-8")
    assert invoke(runner, fresh, "import", "qdpx", str(archive)).exit_code == 0
    listed = json.loads(invoke(runner, fresh, "code", "list", "--coder", "researcher", "--format", "json").stdout)
    mine = next(r for r in listed if (r["segment_id"], r["code_id"]) == ("pemkot:2", "budget-constraints"))
    assert "Refocusing memotong anggaran pemeliharaan." in mine["memo"]
    memos = invoke(runner, fresh, "memo", "list")
    assert "no longer stored" not in memos.output


def test_an_invalid_export_is_refused_naming_where_it_breaks_the_schema(coded_project, runner, tmp_path):
    from qualcode.interop import RefiError
    from qualcode.interop.refi_xml import validate

    out = tmp_path / "codebook.qdc"
    assert invoke(runner, coded_project, "export", "qdc", "--out", str(out)).exit_code == 0
    good = out.read_bytes()
    validate(good, "Codebook.xsd")  # what the export wrote passes the validator that checked it
    xsd_valid(good, "Codebook.xsd")  # and an independent one
    broken = re.sub(rb' guid="[^"]*"', b"", good, count=1)  # a code without its required guid
    with pytest.raises(RefiError) as refused:
        validate(broken, "Codebook.xsd")
    message = str(refused.value)
    assert message.startswith("internal error: the export is not valid against Codebook.xsd at /")
    assert "(line " in message and "guid" in message and "nothing was written" in message
    with pytest.raises(Exception):
        xsd_valid(broken, "Codebook.xsd")  # the independent validator agrees it is broken


def test_numbers_other_tools_would_misread_are_exported_as_text(small_project, runner, tmp_path):
    # an RT number "03" as an Integer shows as 3 in NVivo; a "٣" or "３" is no xs:integer at all
    # (the export stopped with an internal error); a plain count stays an Integer
    (small_project / "transcripts" / "cases.csv").write_text(
        "case,rt,skor,umur\npemkot,03,٣,45\nwarga,12,4,50\nmitra,007,３,39\n", encoding="utf-8")
    assert invoke(runner, small_project, "ingest").exit_code == 0
    archive = export(runner, small_project, tmp_path / "cases.qdpx")
    project = members(archive)["project.qde"]
    xsd_valid(project, "Project.xsd")
    types = {v.get("name"): v.get("typeOfVariable")
             for v in ET.fromstring(project).iter("{urn:QDA-XML:project:1.0}Variable")}
    assert (types["rt"], types["skor"], types["umur"]) == ("Text", "Text", "Integer")
    assert b"<TextValue>03</TextValue>" in project and b"<TextValue>\xd9\xa3</TextValue>" in project


def _note_guids(archive: Path) -> set[str]:
    root = ET.fromstring(members(archive)["project.qde"])
    return {n.get("guid") for n in root.iter("{urn:QDA-XML:project:1.0}Note")}


def test_a_memos_guid_names_the_memo_not_its_number(coded_project, runner, tmp_path):
    # every project numbers its memos from 1, and a round trip numbers them anew: a GUID made
    # from the number gave one project's memo #1 the GUID of another's, so a tool merging by
    # GUID mixed them up
    first = _note_guids(export(runner, coded_project, tmp_path / "first.qdpx"))
    with Store(coded_project / ".qualcode" / "project.db") as store, store.transaction():
        store.conn.execute("UPDATE memos SET id = id + 100")
    assert _note_guids(export(runner, coded_project, tmp_path / "renumbered.qdpx")) == first
    other = tmp_path / "other"
    assert runner.invoke(app, ["init", str(other), "--name", "Other"]).exit_code == 0
    shutil.copy(coded_project / "transcripts" / "pemkot.txt", other / "transcripts")
    assert invoke(runner, other, "ingest").exit_code == 0
    assert invoke(runner, other, "memo", "add", "project", "-t", "Another project's first memo").exit_code == 0
    assert not _note_guids(export(runner, other, tmp_path / "other.qdpx")) & first
