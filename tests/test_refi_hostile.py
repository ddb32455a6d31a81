"""Hostile and broken REFI-QDA input: one clear line naming the file, exit 1, project untouched."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pytest

from qualcode.interop import safezip
from tests.conftest import store_checksum
from tests.test_cli import invoke
from tests.test_refi_import import NS, nvivo_archive, write_archive

LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE Project [\n<!ENTITY lol "lol">\n'
          + "".join(f'<!ENTITY lol{n} "{"&lol%s;" % ("" if n == 1 else n - 1) * 10}">\n' for n in range(1, 10))
          + f']>\n<Project xmlns="{NS}" name="&lol9;"/>\n')
XXE = (f'<?xml version="1.0"?>\n<!DOCTYPE Project [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
       f'<Project xmlns="{NS}" name="&secret;"/>\n')


@pytest.fixture
def ingested(small_project, runner):
    assert invoke(runner, small_project, "ingest").exit_code == 0
    return small_project


def fails_cleanly(runner, project: Path, archive: Path, *expected: str, kind: str = "qdpx") -> None:
    """The import fails with one line naming the file; neither store nor codebook changes."""
    codebook = project / "codebooks" / "smart-city.yaml"
    store_before, codebook_before = store_checksum(project), codebook.read_bytes()
    result = invoke(runner, project, "import", kind, str(archive))
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    assert archive.name in lines[0], lines[0]
    for text in expected:
        assert text in lines[0], lines[0]
    assert store_checksum(project) == store_before
    assert codebook.read_bytes() == codebook_before


def test_zip_slip_member_is_refused(ingested, runner, tmp_path):
    archive = write_archive(tmp_path / "slip.qdpx", {"project.qde": f'<Project xmlns="{NS}" name="x"/>',
                                                     "../../evil.txt": "owned"})
    fails_cleanly(runner, ingested, archive, "zip slip", "'..'")


def test_absolute_member_is_refused(ingested, runner, tmp_path):
    archive = write_archive(tmp_path / "absolute.qdpx", {"project.qde": f'<Project xmlns="{NS}" name="x"/>',
                                                         "/etc/cron.d/evil": "owned"})
    fails_cleanly(runner, ingested, archive, "absolute path")


def test_too_many_members_is_refused(ingested, runner, tmp_path, monkeypatch):
    monkeypatch.setattr(safezip, "MAX_MEMBERS", 1_000)  # the rule, at a size a test writes quickly
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("project.qde", f'<Project xmlns="{NS}" name="x"/>')
        for n in range(safezip.MAX_MEMBERS):
            archive.writestr(f"sources/{n}.txt", b"")
    path = tmp_path / "many.qdpx"
    path.write_bytes(buffer.getvalue())
    fails_cleanly(runner, ingested, path, "members", "zip bomb")


def _lying_sizes(data: bytes, size: int) -> bytes:
    """Rewrite every central-directory entry's uncompressed size (offset 24 in the entry)."""
    out = bytearray(data)
    at = out.find(b"PK\x01\x02")
    while at != -1:
        struct.pack_into("<I", out, at + 24, size)
        at = out.find(b"PK\x01\x02", at + 4)
    return bytes(out)


def test_declared_size_beyond_the_limit_is_refused(ingested, runner, tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", f'<Project xmlns="{NS}" name="x"/>')
        archive.writestr("sources/a.txt", "a")
    path = tmp_path / "huge.qdpx"
    path.write_bytes(_lying_sizes(buffer.getvalue(), 0xF0000000))
    fails_cleanly(runner, ingested, path, "would unpack to", "zip bomb")


def test_a_member_that_inflates_absurdly_is_refused(ingested, runner, tmp_path):
    bomb = b"<!-- " + b" " * (8 * 1024 * 1024) + b" -->" + f'<Project xmlns="{NS}" name="x"/>'.encode()
    path = write_archive(tmp_path / "bomb.qdpx", {"project.qde": bomb})
    fails_cleanly(runner, ingested, path, "inflates", "zip bomb")


def test_billion_laughs_is_refused(ingested, runner, tmp_path):
    path = write_archive(tmp_path / "laughs.qdpx", {"project.qde": LAUGHS})
    fails_cleanly(runner, ingested, path, "entities", "billion-laughs")


def test_external_entities_are_refused(ingested, runner, tmp_path):
    path = write_archive(tmp_path / "xxe.qdpx", {"project.qde": XXE})
    fails_cleanly(runner, ingested, path, "entities")


def test_billion_laughs_in_a_codebook_is_refused(ingested, runner, tmp_path):
    path = tmp_path / "laughs.qdc"
    path.write_text(LAUGHS.replace("Project", "CodeBook"), encoding="utf-8")
    fails_cleanly(runner, ingested, path, "entities", kind="qdc")


def test_truncated_archive(ingested, runner, tmp_path):
    whole = nvivo_archive(tmp_path / "whole.qdpx").read_bytes()
    path = tmp_path / "truncated.qdpx"
    path.write_bytes(whole[: len(whole) // 2])
    fails_cleanly(runner, ingested, path, "not a readable ZIP archive")


def test_corrupt_member_data(ingested, runner, tmp_path):
    data = bytearray(nvivo_archive(tmp_path / "whole.qdpx").read_bytes())
    start = data.find(b"project.qde") + len("project.qde")
    for offset in range(start + 20, start + 60):
        data[offset] ^= 0x5A
    path = tmp_path / "corrupt.qdpx"
    path.write_bytes(bytes(data))
    fails_cleanly(runner, ingested, path, "cannot be read")


def test_not_an_archive(ingested, runner, tmp_path):
    path = tmp_path / "notes.qdpx"
    path.write_text("just some text", encoding="utf-8")
    fails_cleanly(runner, ingested, path, "not a readable ZIP archive")


def test_malformed_xml_names_the_line(ingested, runner, tmp_path):
    path = write_archive(tmp_path / "broken.qdpx", {"project.qde": f'<Project xmlns="{NS}" name="x">\n<Users>\n</Project>'})
    fails_cleanly(runner, ingested, path, "not well-formed XML", ":3")


def test_no_qde_at_the_root(ingested, runner, tmp_path):
    path = write_archive(tmp_path / "empty.qdpx", {"sources/a.txt": "hello", "nested/project.qde": "<Project/>"})
    fails_cleanly(runner, ingested, path, "no .qde project file")


def test_missing_file(ingested, runner, tmp_path):
    fails_cleanly(runner, ingested, tmp_path / "absent.qdpx", "no such file")


def test_a_folder_or_a_device_is_said_to_be_one(ingested, runner, tmp_path):
    fails_cleanly(runner, ingested, tmp_path, "is a folder, not a file")
    if Path("/dev/zero").exists():
        fails_cleanly(runner, ingested, Path("/dev/zero"), "is not a regular file")


def test_a_failed_import_into_a_fresh_project_creates_no_store(small_project, runner, tmp_path):
    path = write_archive(tmp_path / "laughs.qdpx", {"project.qde": LAUGHS})
    result = invoke(runner, small_project, "import", "qdpx", str(path))
    assert result.exit_code == 1 and store_checksum(small_project) is None


def test_a_qdpx_given_as_a_codebook_is_explained(ingested, runner, tmp_path):
    path = nvivo_archive(tmp_path / "project.qdc")
    fails_cleanly(runner, ingested, path, "import qdpx", kind="qdc")


def test_a_source_whose_text_is_binary_is_left_out(ingested, runner, tmp_path):
    """A text member that is really an image: not imported as a source of NULs and bytes."""
    archive = nvivo_archive(tmp_path / "nvivo.qdpx")
    with zipfile.ZipFile(archive) as original:
        members = {name: original.read(name) for name in original.namelist()}
    text_member = next(name for name in members if name.lower().startswith("sources/"))
    members[text_member] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"
    tampered = tmp_path / "tampered.qdpx"
    with zipfile.ZipFile(tampered, "w") as target:
        for name, data in members.items():
            target.writestr(name, data)
    from qualcode.store import Store

    with Store(ingested / ".qualcode" / "project.db") as store:
        before = [s.id for s in store.sources()]
    result = invoke(runner, ingested, "import", "qdpx", str(tampered))
    assert "Traceback" not in result.output and "binary data, not text" in result.output
    with Store(ingested / ".qualcode" / "project.db") as store:
        assert [s.id for s in store.sources()] == before


def test_codes_nested_thousands_deep_are_read_without_recursion_and_refused(ingested, runner, tmp_path):
    """Read without recursion (the reader once hit Python's stack), and then refused whole: a
    codebook nesting codes 3,000 deep used to be written, and crashed `codebook show` and the
    displays after it (codes nest at most 100 levels)."""
    import uuid

    depth = 3000
    nested = "".join(f'<Code guid="{uuid.UUID(int=i + 1)}" name="c{i}" isCodable="true">' for i in range(depth))
    qdc = tmp_path / "deep.qdc"
    qdc.write_text(f'<?xml version="1.0"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="x"><Codes>'
                   f'{nested}{"</Code>" * depth}</Codes></CodeBook>', encoding="utf-8")
    result = invoke(runner, ingested, "import", "qdc", str(qdc), "--into", str(tmp_path / "deep.yaml"))
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert "c2999: nested 3,000 levels deep; codes may nest at most 100 levels" in result.output
    assert not (tmp_path / "deep.yaml").exists()
    fails_cleanly(runner, ingested, qdc, "nested 3,000 levels deep", kind="qdc")


def test_an_archive_of_tens_of_thousands_of_sources_is_not_taken_for_a_bomb(tmp_path):
    """A complaint archive exported from here has a member per complaint."""
    path = tmp_path / "complaints.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", f'<Project xmlns="{NS}" name="x"/>')
        for n in range(20_000):
            archive.writestr(f"sources/{n}.txt", b"")
    with safezip.open_archive(path) as opened:
        assert opened.read("sources/19999.txt") == b""



def test_one_member_named_by_thousands_of_sources_is_refused(ingested, runner, tmp_path, monkeypatch):
    """6,000 sources naming one 1 MiB member (a 37 KB file) read 6 GB: every read counts."""
    import uuid

    monkeypatch.setattr(safezip, "MAX_READ_BYTES", 8 * 1024 ** 2)  # the rule, at a size a test writes quickly
    sources = "".join(f'<TextSource guid="{uuid.UUID(int=n + 1)}" name="s{n}" plainTextPath="internal://one.txt"/>'
                      for n in range(20))
    path = write_archive(tmp_path / "reuse.qdpx", {
        "project.qde": f'<Project xmlns="{NS}" name="x"><Sources>{sources}</Sources></Project>',
        "sources/one.txt": "kata " * (1024 ** 2 // 5)})
    fails_cleanly(runner, ingested, path, "one member named again and again")


def test_many_small_members_that_inflate_together_are_refused(tmp_path, monkeypatch):
    """4,000 members of 1 MiB each, each under the per-member ratio floor, inflated 388:1."""
    monkeypatch.setattr(safezip, "AGGREGATE_RATIO_FLOOR", 2 * 1024 ** 2)
    path = tmp_path / "many.qdpx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", f'<Project xmlns="{NS}" name="x"/>')
        for n in range(4):
            archive.writestr(f"sources/{n}.txt", b"\0" * 1024 ** 2)
    with safezip.open_archive(path) as opened:
        opened.read("sources/0.txt")
        opened.read("sources/1.txt")
        with pytest.raises(safezip.InputError, match="inflate .*:1 together"):
            opened.read("sources/2.txt")


@pytest.mark.parametrize("reference", ["internal://../project.qde", "internal://project.qde",
                                       "relative://sources/../../etc/passwd"])
def test_a_source_path_never_climbs_out_of_sources_or_reads_the_project_xml(ingested, runner, tmp_path, reference):
    """`plainTextPath` naming the project's own XML, or climbing out with `..`: that source is
    left out as not in the archive, never imported with the XML (or another file) as its text."""
    import re

    archive = nvivo_archive(tmp_path / "nvivo.qdpx")
    with zipfile.ZipFile(archive) as original:
        members = {name: original.read(name) for name in original.namelist()}
    qde = next(name for name in members if name.endswith(".qde"))
    members[qde] = re.sub(rb'plainTextPath="[^"]+"', f'plainTextPath="{reference}"'.encode(), members[qde], count=1)
    if qde != "project.qde":
        members["project.qde"] = members.pop(qde)
    tampered = tmp_path / "tampered.qdpx"
    with zipfile.ZipFile(tampered, "w") as target:
        for name, data in members.items():
            target.writestr(name, data)
    result = invoke(runner, ingested, "import", "qdpx", str(tampered))
    assert "Traceback" not in result.output and "is not in the archive" in result.output
    from qualcode.store import Store

    with Store(ingested / ".qualcode" / "project.db") as store:
        assert not any("<Project" in source.text or "root:" in source.text for source in store.sources())
