"""Coder files: `export coder` and `merge`; re-anchoring, quarantine, and the merge properties
(idempotent, commutative, lossless) over generated coder files."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qualcode.cli import app
from qualcode.codebook import load_codebook
from qualcode.errors import InputError
from qualcode.interop.coder_file import CoderLine, Span, place_lines, read_coder_file, text_sha256
from qualcode.project import load_config
from qualcode.store import Store
from qualcode.workflow.coder_files import merge_coder_files
from tests.conftest import store_checksum
from tests.test_cli import invoke

CODES = ["budget-constraints", "complaint-channels", "sustainability", "hardware"]


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """The conftest small project, ingested and auto-coded once; tests take copies."""
    from typer.testing import CliRunner

    from tests.conftest import INTERVIEW_EN, INTERVIEW_ID

    folder = tmp_path_factory.mktemp("merge") / "small"
    runner = CliRunner()
    assert runner.invoke(app, ["init", str(folder), "--name", "Small"]).exit_code == 0
    for name, text, case, role, person in (
            ("pemkot.txt", INTERVIEW_ID, "pemkot", "government", "Bu Ratna"),
            ("warga.txt", INTERVIEW_ID, "warga", "community", "Pak Slamet"),
            ("mitra.txt", INTERVIEW_EN, "mitra", "private", "Mr. Arif")):
        (folder / "transcripts" / name).write_text(text.format(case=case, role=role, name=person),
                                                   encoding="utf-8")
    config = folder / "qualcode.toml"  # paragraphs, as in conftest's small_project (pemkot:5 …)
    config.write_text(config.read_text(encoding="utf-8").replace('unit = "turn"', 'unit = "paragraph"'),
                      encoding="utf-8")
    assert runner.invoke(app, ["--project", str(folder), "ingest"]).exit_code == 0
    assert runner.invoke(app, ["--project", str(folder), "code", "auto"]).exit_code == 0
    return folder


def copy_of(template: Path, where: Path) -> Path:
    target = where / "project"
    shutil.copytree(template, target)
    return target


def code(runner, project, coder, source, segment, code_id, *extra):
    result = invoke(runner, project, "code", "add", source, "--segment", segment, "--code", code_id,
                    "--coder", coder, *extra)
    assert result.exit_code == 0, result.output


def export(runner, project, coder, out: Path) -> list[dict]:
    result = invoke(runner, project, "export", "coder", coder, "--out", str(out))
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def decisions(project: Path) -> set[tuple]:
    """Every person's decision in the project: (segment, code, coder, status, origin, memo, time)."""
    with Store(project / ".qualcode" / "project.db") as store:
        return {(r["segment_id"], r["code_id"], coder, r["status"], r["origin"], r["memo"], r["at"])
                for coder in store.coders() if coder != "auto" for r in store.coder_codings(coder)}


# ------------------------------------------------------------------------------ export and merge
def test_export_then_merge_into_another_copy_brings_every_decision(template, tmp_path, runner):
    lead = copy_of(template, tmp_path / "lead")
    coder_a = copy_of(template, tmp_path / "a")
    code(runner, coder_a, "ani", "pemkot", "2", "budget-constraints", "--memo", "tight budget")
    code(runner, coder_a, "ani", "warga", "5", "complaint-channels")
    assert invoke(runner, coder_a, "code", "remove", "mitra", "--segment", "2", "--code",
                  "budget-allocation", "--coder", "ani").exit_code == 0  # rejects the suggestion
    lines = export(runner, coder_a, "ani", tmp_path / "a.jsonl")
    assert {(line["code"], line["decision"]) for line in lines} == {
        ("budget-constraints", "accepted"), ("complaint-channels", "accepted"),
        ("budget-allocation", "rejected")}
    first = lines[0]
    assert first["format"] == "qualcode-coder-file" and first["version"] == 1
    assert first["text"] and first["text_sha256"] == text_sha256(first["text"])
    assert {line["memo"] for line in lines} == {None, "tight budget"}
    export(runner, coder_a, "ani", tmp_path / "again.jsonl")
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "again.jsonl").read_bytes()  # deterministic

    merged = invoke(runner, lead, "merge", str(tmp_path / "a.jsonl"))
    assert merged.exit_code == 0, merged.output
    assert "3 added" in merged.output
    assert decisions(lead) == decisions(coder_a)
    again = invoke(runner, lead, "merge", str(tmp_path / "a.jsonl"))
    assert again.exit_code == 0 and "3 unchanged" in again.output
    assert decisions(lead) == decisions(coder_a)


def test_lines_on_a_code_renamed_or_merged_since_go_to_its_new_id(template, tmp_path, runner):
    # the copy was made before the lead sharpened the codebook: its file names the old ids
    lead = copy_of(template, tmp_path / "lead")
    coder_b = copy_of(template, tmp_path / "b")
    code(runner, coder_b, "budi", "pemkot", "2", "budget-constraints")
    code(runner, coder_b, "budi", "warga", "5", "complaint-channels")
    code(runner, coder_b, "budi", "mitra", "2", "hardware")
    export(runner, coder_b, "budi", tmp_path / "b.jsonl")
    for step in (("codebook", "rename", "hardware", "infrastructure"),
                 ("codebook", "rename", "infrastructure", "infra"),        # twice: the first id still maps
                 ("codebook", "merge", "complaint-channels", "media")):
        assert invoke(runner, lead, *step).exit_code == 0

    merged = invoke(runner, lead, "merge", str(tmp_path / "b.jsonl"))
    assert merged.exit_code == 0, merged.output
    said = " ".join(merged.output.split())
    assert "3 added" in said and "quarantined" not in said
    assert "2 lines on codes renamed since the file was written went to their new ids" in said
    assert "hardware → infra" in said and "complaint-channels → media" in said
    mine = {(d[0], d[1]) for d in decisions(lead) if d[2] == "budi"}
    assert mine == {("pemkot:2", "budget-constraints"), ("warga:5", "media"), ("mitra:2", "infra")}
    # every id a code had, to the id it has now
    with Store(lead / ".qualcode" / "project.db") as store:
        assert store.code_renames() == {"hardware": "infra", "infrastructure": "infra",
                                        "complaint-channels": "media"}


def test_agree_says_a_coders_lines_wait_in_the_quarantine(template, tmp_path, runner):
    lead = copy_of(template, tmp_path / "lead")
    coder_b = copy_of(template, tmp_path / "b")
    for project, coder in ((lead, "ani"), (coder_b, "budi")):
        code(runner, project, coder, "pemkot", "2", "budget-constraints")
    code(runner, coder_b, "budi", "warga", "5", "complaint-channels")
    export(runner, coder_b, "budi", tmp_path / "b.jsonl")
    assert invoke(runner, lead, "codebook", "delete", "complaint-channels").exit_code == 0
    assert "1 quarantined" in invoke(runner, lead, "merge", str(tmp_path / "b.jsonl")).output
    compared = invoke(runner, lead, "agree", "ani", "budi")
    assert compared.exit_code == 0, compared.output
    assert "1 merged decision by budi waits in the quarantine, not compared" in " ".join(compared.output.split())


def test_a_coders_memos_travel_with_their_decisions(template, tmp_path, runner):
    # a note typed in review (`m`), a sheet's notes column or `memo add` is the coder's work
    # too: it was left out of the file, and lost on the way to the lead's project
    lead = copy_of(template, tmp_path / "lead")
    coder_b = copy_of(template, tmp_path / "b")
    code(runner, coder_b, "budi", "pemkot", "2", "budget-constraints")
    for target, text in (("segment pemkot:3", "Komitmen wali kota, cek dokumen"),
                         ("coding pemkot:2/budget-constraints", "Anggaran dipotong dua kali")):
        kind, name = target.split()
        assert invoke(runner, coder_b, "memo", "add", kind, name, "-t", text, "--author", "budi").exit_code == 0
    assert invoke(runner, coder_b, "memo", "add", "segment", "pemkot:4", "-t", "Not budi's").exit_code == 0
    lines = export(runner, coder_b, "budi", tmp_path / "b.jsonl")
    memos = [(line["code"], line["memo"]) for line in lines if line["decision"] == "memo"]
    assert memos == [("budget-constraints", "Anggaran dipotong dua kali"), (None, "Komitmen wali kota, cek dokumen")]

    merged = invoke(runner, lead, "merge", str(tmp_path / "b.jsonl"))
    assert merged.exit_code == 0 and "3 added" in merged.output, merged.output
    with Store(lead / ".qualcode" / "project.db") as store:
        held = {m.text: (m.target_kind, m.target_id, m.author) for m in store.memos()}
        budis = store.conn.execute("SELECT id FROM codings WHERE coder = 'budi' AND segment_id = 'pemkot:2'"
                                   " AND code_id = 'budget-constraints'").fetchone()[0]
    assert held == {"Komitmen wali kota, cek dokumen": ("segment", "pemkot:3", "budi"),
                    "Anggaran dipotong dua kali": ("coding", str(budis), "budi")}
    assert "3 unchanged" in invoke(runner, lead, "merge", str(tmp_path / "b.jsonl")).output


def test_a_visit_without_a_code_travels_too(template, tmp_path, runner):
    lead, coder_b = copy_of(template, tmp_path / "lead"), copy_of(template, tmp_path / "b")
    # a code the machine did not suggest there, added and removed: a visit (removing a
    # suggested one records a rejection, which travels as one)
    with Store(coder_b / ".qualcode" / "project.db") as store:
        assert "sustainability" not in {c.code_id for c in store.codings_of_segment("pemkot:2")}
    code(runner, coder_b, "budi", "pemkot", "2", "sustainability")
    assert invoke(runner, coder_b, "code", "remove", "pemkot", "--segment", "2", "--code",
                  "sustainability", "--coder", "budi").exit_code == 0
    lines = export(runner, coder_b, "budi", tmp_path / "b.jsonl")
    assert [(line["decision"], line["code"]) for line in lines] == [("visited", None)]
    assert invoke(runner, lead, "merge", str(tmp_path / "b.jsonl")).exit_code == 0
    with Store(lead / ".qualcode" / "project.db") as store:
        assert store.visited_segments("budi") == {"pemkot:2"}


def test_a_changed_source_is_re_anchored_by_text_and_the_rest_quarantined(template, tmp_path, runner):
    coder_a = copy_of(template, tmp_path / "a")
    code(runner, coder_a, "ani", "pemkot", "2", "budget-constraints")
    code(runner, coder_a, "ani", "pemkot", "5", "complaint-channels")
    export(runner, coder_a, "ani", tmp_path / "a.jsonl")
    lead = copy_of(template, tmp_path / "lead")
    transcript = lead / "transcripts" / "pemkot.txt"
    text = transcript.read_text(encoding="utf-8")
    text = text.replace("Pewawancara: Bagaimana dukungan", "Pewawancara: Selamat pagi.\n\n"
                        "Bu Ratna: Pagi.\n\nPewawancara: Bagaimana dukungan")  # shifts every offset
    text = text.replace("banyak aduan belum", "sebagian aduan belum")  # pemkot:5 changes
    transcript.write_text(text, encoding="utf-8")
    assert invoke(runner, lead, "ingest").exit_code == 0
    before = store_checksum(lead)

    merged = invoke(runner, lead, "merge", str(tmp_path / "a.jsonl"))
    assert merged.exit_code == 0, merged.output
    assert "1 added" in merged.output and "1 quarantined" in merged.output
    assert f"{tmp_path / 'a.jsonl'}:2" in merged.output and "complaint-channels" in merged.output
    assert store_checksum(lead) != before
    [(segment, code_id, *_)] = decisions(lead)
    with Store(lead / ".qualcode" / "project.db") as store:
        assert store.segment(segment).text.startswith("Anggarannya terbatas")
        assert segment != "pemkot:2" and code_id == "budget-constraints"
        [kept] = store.quarantined()
        assert kept["code_id"] == "complaint-channels" and "no longer in" in kept["reason"]
        assert json.loads(kept["record"])["text"].startswith("Warga berpartisipasi")
    again = invoke(runner, lead, "merge", str(tmp_path / "a.jsonl"))
    assert "1 unchanged" in again.output and "1 quarantined" in again.output
    with Store(lead / ".qualcode" / "project.db") as store:
        assert len(store.quarantined()) == 1  # not kept twice
    status = invoke(runner, lead, "status")
    assert "quarantined" in status.output and "1 merged decision that" in status.output


def test_unknown_codes_and_strange_sources_are_quarantined_not_dropped(template, tmp_path, runner):
    lead = copy_of(template, tmp_path / "lead")
    config = load_config(lead)
    with Store(config.store_path) as store:
        source = next(s for s in store.sources() if s.id == "pemkot")
    segment = source.segments[1]
    good = _line(source, segment, "ani", "budget-constraints", "accepted", "2024-01-01T00:00:00+00:00")
    lines = [good, _replace(good, code="no-such-code"),
             _replace(good, source_sha256="0" * 64, source_path="elsewhere/other.txt", source_id="other",
                      text="Kalimat yang tidak ada di mana pun.", text_sha256=None)]
    path = tmp_path / "mixed.jsonl"
    path.write_text("".join(line.to_json() + "\n" for line in lines), encoding="utf-8")
    summary = merge_coder_files(config, [path])
    assert summary.counts["added"] == 1 and summary.counts["quarantined"] == 2
    reasons = " | ".join(item.reason for item in summary.quarantined)
    assert "'no-such-code' is not in this project's codebook" in reasons
    assert "its source is not in this project, nor its text" in reasons


def test_repeated_text_goes_to_the_nearest_segment_and_ambiguity_is_quarantined(template):
    config = load_config(template)
    with Store(config.store_path) as store:
        sources = store.sources()
    pemkot = next(s for s in sources if s.id == "pemkot")
    question = pemkot.segments[0]  # "Bagaimana dukungan anggaran…" is also warga's first turn
    moved = _replace(_line(pemkot, question, "ani", "hardware", "accepted", "2024-01-01T00:00:00+00:00"),
                     source_sha256="f" * 64, start=question.start + 3, end=question.end + 3)
    placed, unplaced = place_lines([moved], sources, set(CODES))
    assert [p.segment_id for p in placed] == [question.id] and not unplaced
    orphan = _replace(moved, source_path="gone.txt", source_id="gone")
    placed, unplaced = place_lines([orphan], sources, set(CODES))
    assert not placed and "2 segments" in unplaced[0][1]


# ------------------------------------------------------------------------------ bad input
BAD_LINES = [
    ("not-json", b'{"format": "qualcode-coder-file"\n', "line 1", "not JSON"),
    ("binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "", "binary"),
    ("undecodable", b'{"a": 1}\n{"caf\xe9": 2}\n', ":2", "UTF-8"),
    ("empty", b"\n\n", "", "no decisions"),
    ("a-list", b"[1, 2]\n", ":1", "JSON object"),
    ("other-json", b'{"name": "x"}\n', ":1", "qualcode coder file"),
]


def _good_record(template: Path) -> dict:
    with Store(template / ".qualcode" / "project.db") as store:
        source = next(s for s in store.sources() if s.id == "pemkot")
    line = _line(source, source.segments[1], "ani", "budget-constraints", "accepted", TIMES[0])
    return json.loads(line.to_json())


@pytest.mark.parametrize("case", ["missing-field", "wrong-type", "bad-decision", "bad-time", "tampered-text",
                                  "unknown-field", "machine-coder", *[b[0] for b in BAD_LINES]])
def test_bad_coder_files_are_one_line_and_leave_the_store_alone(case, template, tmp_path, runner):
    lead = copy_of(template, tmp_path)
    good = _good_record(template)
    broken = {"missing-field": {k: v for k, v in good.items() if k != "code"},
              "wrong-type": {**good, "start": "71"}, "bad-decision": {**good, "decision": "maybe"},
              "bad-time": {**good, "at": "yesterday"}, "tampered-text": {**good, "text": good["text"] + "!"},
              "unknown-field": {**good, "colour": "red"}, "machine-coder": {**good, "coder": "auto"}}
    expect = {"missing-field": "'code'", "wrong-type": "'start'", "bad-decision": "maybe",
              "bad-time": "yesterday", "tampered-text": "text_sha256", "unknown-field": "colour",
              "machine-coder": "person"}
    path = tmp_path / "bad.jsonl"
    if case in broken:
        path.write_text(json.dumps(good) + "\n" + json.dumps(broken[case]) + "\n", encoding="utf-8")
        where, words = ":2", expect[case]
    else:
        _, data, where, words = next(b for b in BAD_LINES if b[0] == case)
        path.write_bytes(data)
    before = store_checksum(lead)
    result = invoke(runner, lead, "merge", str(path))
    assert result.exit_code == 1
    assert result.output.startswith("error:") and len(result.output.strip().splitlines()) == 1, result.output
    assert "bad.jsonl" in result.output and words in result.output, result.output
    if where.startswith(":"):
        assert f"bad.jsonl{where}:" in result.output
    assert "Traceback" not in result.output
    assert store_checksum(lead) == before


def test_merge_and_export_errors(template, tmp_path, runner):
    lead = copy_of(template, tmp_path)
    missing = invoke(runner, lead, "merge", str(tmp_path / "nowhere.jsonl"))
    assert missing.exit_code == 1 and "nowhere.jsonl" in missing.output
    nobody = invoke(runner, lead, "export", "coder", "zed", "--out", str(tmp_path / "z.jsonl"))
    assert nobody.exit_code == 1 and "no decisions by 'zed'" in nobody.output
    machine = invoke(runner, lead, "export", "coder", "auto", "--out", str(tmp_path / "z.jsonl"))
    assert machine.exit_code == 1 and not (tmp_path / "z.jsonl").exists()


# ------------------------------------------------------------------------------ properties
def _line(source, segment, coder, code_id, decision, at, memo=None, span=None) -> CoderLine:
    return CoderLine(coder, source.sha256, source.path, source.id, segment.start, segment.end, segment.text,
                     text_sha256(segment.text), None if decision == "visited" else code_id, decision,
                     "manual", at, memo, span)


def _replace(line: CoderLine, **changes) -> CoderLine:
    from dataclasses import replace

    return replace(line, **changes)


TIMES = ["2024-01-01T00:00:00+00:00", "2024-01-02T00:00:00+00:00", "2024-01-03T00:00:00+00:00"]


@st.composite
def coder_lines(draw, sources) -> CoderLine:
    source = draw(st.sampled_from(sources))
    segment = draw(st.sampled_from([s for s in source.segments if s.codable]))
    decision = draw(st.sampled_from(["accepted", "accepted", "rejected", "visited"]))
    line = _line(source, segment, draw(st.sampled_from(["ani", "budi"])),
                 draw(st.sampled_from([*CODES, "not-in-codebook"])), decision, draw(st.sampled_from(TIMES)),
                 draw(st.sampled_from([None, "memo"])))
    change = draw(st.sampled_from(["none", "none", "source-changed", "text-gone"]))
    if change == "source-changed":  # the file came from an older version: found again by text
        line = _replace(line, source_sha256="0" * 64, start=segment.start + 7, end=segment.end + 7)
    elif change == "text-gone":
        line = _replace(line, text=segment.text + " (versi lama)", text_sha256=None)
    if decision != "visited" and draw(st.booleans()):
        offset = draw(st.integers(0, len(segment.text) - 1))
        length = draw(st.integers(1, min(12, len(segment.text) - offset)))
        start = line.start + offset
        line = _replace(line, span=Span(start, start + length, segment.text[offset:offset + length]))
    return line


def _snapshot(project: Path) -> tuple:
    with Store(project / ".qualcode" / "project.db") as store:
        coders = [c for c in store.coders() if c != "auto"]
        fields = ("source_id", "span_start", "span_end", "code_id", "status", "origin", "memo", "at")
        spans = {(coder, *(r[k] for k in fields)) for coder in coders for r in store.coder_spans(coder)}
        visits = {(coder, segment) for coder in coders for segment in store.visited_segments(coder)}
        quarantine = {r["record_sha"] for r in store.quarantined()}
    return decisions(project), spans, visits, quarantine


def _write(folder: Path, name: str, lines: list[CoderLine]) -> Path:
    path = folder / name
    path.write_text("".join(line.to_json() + "\n" for line in lines), encoding="utf-8")
    return path


def _key(line: CoderLine) -> tuple:
    return (line.at, line.decision, line.memo or "", line.origin)


@settings(max_examples=12, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_merge_is_idempotent_commutative_and_lossless(template, data):
    config = load_config(template)
    with Store(config.store_path) as store:
        sources = store.sources()
    lines = data.draw(st.lists(coder_lines(sources), min_size=2, max_size=14))
    cut = data.draw(st.integers(1, len(lines) - 1))
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        a, b = _write(folder, "a.jsonl", lines[:cut]), _write(folder, "b.jsonl", lines[cut:])
        one, two = copy_of(template, folder / "one"), copy_of(template, folder / "two")

        merge_coder_files(load_config(one), [a])
        after_a = _snapshot(one)
        repeat = merge_coder_files(load_config(one), [a])
        assert _snapshot(one) == after_a  # idempotent
        assert repeat.counts["added"] == repeat.counts["updated"] == 0
        merge_coder_files(load_config(one), [b])

        merge_coder_files(load_config(two), [b])
        merge_coder_files(load_config(two), [a])
        assert _snapshot(one) == _snapshot(two)  # commutative

        # lossless: every line is quarantined, or a decision at least as new holds its place
        lines = [line for path in (a, b) for _, line in read_coder_file(path.read_bytes(), path.name)]
        placed, unplaced = place_lines(lines, sources, set(load_codebook(config.codebook_path).by_id()))
        assert len(placed) + len(unplaced) == len(lines)
        held, spans, visits, quarantine = _snapshot(one)
        assert {line.record_sha for line, _ in unplaced} == quarantine
        newest = {(r[0], r[1], r[2]): (r[6], r[3], r[5] or "", r[4]) for r in held}
        newest_span = {(s[0], s[1], s[2], s[3], s[4]): (s[8], s[5], s[7] or "", s[6]) for s in spans}
        for placement in placed:
            line = placement.line
            if line.decision == "visited":
                assert (line.coder, placement.segment_id) in visits
            elif placement.span is not None:
                where = (line.coder, placement.source_id, *placement.span, line.code)
                assert newest_span[where] >= _key(line)
            else:
                assert newest[(placement.segment_id, line.code, line.coder)] >= _key(line)


def test_reading_what_was_written_gives_the_same_lines(template):
    with Store(template / ".qualcode" / "project.db") as store:
        source = store.sources()[0]
    line = _line(source, source.segments[1], "ani", "hardware", "rejected", TIMES[0], "catatan: ✓",
                 Span(source.segments[1].start, source.segments[1].start + 4, source.segments[1].text[:4]))
    [(number, again)] = read_coder_file((line.to_json() + "\n").encode("utf-8"), "x.jsonl")
    assert number == 1 and again == line and again.record_sha == line.record_sha


def test_a_coder_file_saved_as_utf16_by_powershell_is_read(template):
    """Windows PowerShell 5's `>` writes UTF-16 with a byte-order mark; the lines are the same."""
    import codecs

    with Store(template / ".qualcode" / "project.db") as store:
        source = store.sources()[0]
    line = _line(source, source.segments[1], "ani", "hardware", "accepted", TIMES[0], "catatan: ✓", None)
    text = line.to_json() + "\r\n"
    for raw in (codecs.BOM_UTF16_LE + text.encode("utf-16-le"), codecs.BOM_UTF16_BE + text.encode("utf-16-be")):
        [(number, again)] = read_coder_file(raw, "ani.jsonl")
        assert number == 1 and again == line
    with pytest.raises(InputError, match="is binary"):  # no byte-order mark: not guessed
        read_coder_file(text.encode("utf-16-le"), "ani.jsonl")
