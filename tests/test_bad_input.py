"""Bad input, asserted through the CLI: one clear line, exit 1, the store untouched.

Each case below prepares a project that has already been ingested once, changes one
thing a user might get wrong (a transcript, cases.csv, the codebook, qualcode.toml, the
store), and runs one command. The command must

- exit with code 1 through qualcode's own error path (no traceback),
- print exactly one line, starting `error:`, naming the file (and the line or row where
  there is one: every `expect` string must be in that line),
- leave `.qualcode/project.db` byte for byte as it was, and
- leave no new file behind in the project.

Inputs that look bad but are fine (cp1252 text, mixed line ends, a 1 MB line, BOMs)
have their own table: they must succeed.
"""

from __future__ import annotations

import codecs
import io
import json
import re
import shutil
import sqlite3
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from qualcode import __version__
from qualcode.cli import app
from tests.conftest import store_checksum

CODEBOOK = "codebooks/smart-city.yaml"
TOML = "qualcode.toml"


# ------------------------------------------------------------------------------ helpers
def _office(kind: str) -> bytes:
    """A real .xlsx or .docx, to be given another name."""
    buffer = io.BytesIO()
    if kind == "xlsx":
        from openpyxl import Workbook

        Workbook().save(buffer)
    else:
        import docx

        docx.Document().save(buffer)
    return buffer.getvalue()


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def _docx() -> bytes:
    from docx import Document

    document = Document()
    for n in range(40):
        document.add_paragraph(f"Pewawancara: pertanyaan {n}?")
        document.add_paragraph(f"Informan: jawaban panjang nomor {n} tentang anggaran dan warga.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_part(member: str) -> bytes:
    return zipfile.ZipFile(io.BytesIO(_docx())).read(member)


def _docx_with(member: str, data: bytes) -> bytes:
    """A real .docx with one member replaced."""
    source = zipfile.ZipFile(io.BytesIO(_docx()))
    return _zip({name: data if name == member else source.read(name) for name in source.namelist()})


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _old_or_new_store(project: Path, user_version: int) -> None:
    with sqlite3.connect(project / ".qualcode" / "project.db") as conn:
        conn.execute(f"PRAGMA user_version = {user_version}")
    conn.close()


GOOD_TURNS = "Pewawancara: Apa kabar?\n\nInforman: Baik, anggaran kami cukup.\n"


# Nine lines of YAML aliases standing for 9 ** 9 values: harmless as parsed (each list is
# shared), hours and gigabytes once anything writes them out.
ALIAS_BOMB = "\n".join(["b0: &b0 [x, x, x, x, x, x, x, x, x]"]
                       + [f"b{n}: &b{n} [{', '.join([f'*b{n - 1}'] * 9)}]" for n in range(1, 9)])


def fm(block: str, body: str = GOOD_TURNS) -> str:
    """A transcript with front matter."""
    return f"---\n{block}\n---\n{body}"


# What a case does to the project: write files, and return the command's arguments
# (after `--project DIR`). Paths in `expect` are checked against the single output line.
Setup = Callable[[Path], list[str]]


@dataclass(frozen=True)
class Bad:
    id: str
    setup: Setup
    expect: tuple[str, ...]


def transcript(name: str, content: bytes | str, *, args: tuple[str, ...] = ()) -> Setup:
    def setup(project: Path) -> list[str]:
        path = project / "transcripts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return ["ingest", *[str(project / a) for a in args]]
    return setup


def transcripts(files: dict[str, str]) -> Setup:
    def setup(project: Path) -> list[str]:
        for name, content in files.items():
            (project / "transcripts" / name).write_text(content, encoding="utf-8")
        return ["ingest"]
    return setup


def cases_csv_link(target: str) -> Setup:
    """cases.csv as a symbolic link to `target` (relative to its folder)."""
    def setup(project: Path) -> list[str]:
        path = project / "transcripts" / "cases.csv"
        path.unlink(missing_ok=True)
        path.symlink_to(target)
        return ["ingest"]
    return setup


def cases_csv(content: bytes | str) -> Setup:
    def setup(project: Path) -> list[str]:
        data = content.encode("utf-8") if isinstance(content, str) else content
        (project / "transcripts" / "cases.csv").write_bytes(data)
        return ["ingest"]
    return setup


def codebook(content: bytes | str, command: tuple[str, ...] = ("code", "auto")) -> Setup:
    def setup(project: Path) -> list[str]:
        data = content.encode("utf-8") if isinstance(content, str) else content
        (project / CODEBOOK).write_bytes(data)
        return list(command)
    return setup


def codebook_edit(old: str, new: str, count: int = 1, command: tuple[str, ...] = ("code", "auto")) -> Setup:
    """Change the shipped codebook in one place (`count` -1: everywhere), so every other line
    stays valid."""
    def setup(project: Path) -> list[str]:
        path = project / CODEBOOK
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, count), encoding="utf-8")
        return list(command)
    return setup


def toml(content: str | bytes, command: tuple[str, ...] = ("ingest",)) -> Setup:
    def setup(project: Path) -> list[str]:
        data = content.encode("utf-8") if isinstance(content, str) else content
        (project / TOML).write_bytes(data)
        return list(command)
    return setup


def toml_setting(line: str, command: tuple[str, ...] = ("ingest",)) -> Setup:
    """The project's qualcode.toml with one more line in [project]."""
    def setup(project: Path) -> list[str]:
        path = project / TOML
        text = path.read_text(encoding="utf-8")
        key = line.split("=", 1)[0].strip()
        # drop the setting (a one-line value or a multi-line array) and put the new line first
        text = re.sub(rf"(?m)^{key} = (\[[^\]]*\]|.*)$\n", "", text)
        path.write_text(text.replace("[project]\n", f"[project]\n{line}\n", 1), encoding="utf-8")
        return list(command)
    return setup


def toml_replace(old: str, new: str, command: tuple[str, ...] = ("ingest",)) -> Setup:
    """The project's qualcode.toml with one line changed."""
    def setup(project: Path) -> list[str]:
        path = project / TOML
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return list(command)
    return setup


def toml_append(block: str, command: tuple[str, ...] = ("ingest",)) -> Setup:
    def setup(project: Path) -> list[str]:
        with (project / TOML).open("a", encoding="utf-8") as stream:
            stream.write("\n" + block + "\n")
        return list(command)
    return setup


def with_new_transcript(then: Setup) -> Setup:
    """A new transcript as well, which an ingest would commit before the bad file is met."""
    def setup(project: Path) -> list[str]:
        (project / "transcripts" / "baru.txt").write_text(GOOD_TURNS, encoding="utf-8")
        return then(project)
    return setup


def project_file(name: str, content: str, command: tuple[str, ...] = ("run",)) -> Setup:
    """A file of the project's own (the analyst's summaries or ratings), written as given."""
    def setup(project: Path) -> list[str]:
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
        return list(command)
    return setup


def displays_yaml(content: str, command: tuple[str, ...] = ("run",)) -> Setup:
    def setup(project: Path) -> list[str]:
        (project / "displays.yaml").write_text(content, encoding="utf-8")
        return list(command)
    return setup


def command(*args: str) -> Setup:
    return lambda project: [a.replace("{project}", str(project)) for a in args]


def store_from(user_version: int, *args: str) -> Setup:
    def setup(project: Path) -> list[str]:
        _old_or_new_store(project, user_version)
        return list(args)
    return setup


def undecodable_file_name(project: Path) -> list[str]:
    """A transcript whose file name is bytes that are no UTF-8 (a Latin-1 name from a USB stick)."""
    import os

    with open(os.path.join(os.fsencode(project / "transcripts"), b"wawancara-caf\xe9.txt"), "wb") as file:
        file.write(GOOD_TURNS.encode("utf-8"))
    return ["ingest"]


def coder_file(content: str) -> Setup:
    """A coder file for `qualcode merge`, beside the project."""
    def setup(project: Path) -> list[str]:
        path = project.parent / "coder.jsonl"
        path.write_text(content, encoding="utf-8")
        return ["merge", str(path)]
    return setup


def coder_line(**changed) -> str:
    """One well-formed coder-file line (as `qualcode export coder` writes), with fields changed;
    a value of the form `RAW:…` is written into the JSON as it stands."""
    fields = {"format": "qualcode-coder-file", "version": 1, "coder": "budi", "source_sha256": "0" * 64,
              "source_path": "transcripts/pemkot.txt", "source_id": "pemkot", "start": 0, "end": 5,
              "text": "Tapi ", "text_sha256": None, "code": "budget-support", "decision": "accepted",
              "origin": "manual", "at": "2024-01-01T00:00:00+00:00", "memo": None}
    fields.update(changed)
    return "{" + ", ".join(f'"{key}": ' + (value[4:] if isinstance(value, str) and value.startswith("RAW:")
                                         else json.dumps(value)) for key, value in fields.items()) + "}\n"


def over_a_folder(project: Path) -> list[str]:
    """`display show --out` naming a folder of the project (the transcripts)."""
    return ["display", "show", "case_by_dimension", "--format", "csv", "--out", str(project / "transcripts")]


def garbage_store(project: Path) -> list[str]:
    (project / ".qualcode" / "project.db").write_bytes(b"this is not a database at all\n" * 200)
    return ["status"]


def cache_a_folder(project: Path) -> list[str]:
    """A folder where the token cache belongs (a file a sync tool turned into a folder)."""
    cache = project / ".qualcode" / "cache.db"
    cache.unlink(missing_ok=True)
    cache.mkdir()
    return ["code", "auto"]


def no_config(project: Path) -> list[str]:
    (project / TOML).unlink()
    return ["--project", str(project / "codebooks"), "status"]


def outside_file(project: Path) -> list[str]:
    outside = project.parent / "di-luar.txt"
    outside.write_text(GOOD_TURNS, encoding="utf-8")
    return ["ingest", str(outside)]


def empty_folder(project: Path) -> list[str]:
    (project / "interviews").mkdir()
    return ["ingest", str(project / "interviews")]


# ------------------------------------------------------------------------------ the table
BAD: list[Bad] = [
    # ---- transcripts: what is not text
    Bad("empty-file", transcript("kosong.txt", b""), ("kosong.txt", "empty")),
    Bad("whitespace-only", transcript("spasi.txt", " \n\t\n   \r\n"), ("spasi.txt", "no text")),
    Bad("png-renamed-txt", transcript("foto.txt", _png()), ("foto.txt", "binary")),
    Bad("nul-byte", transcript("nul.txt", b"Pewawancara: halo\nInforman: du\x00nia\n"),
        ("nul.txt:2", "NUL")),
    Bad("control-character", transcript("esc.txt", b"Pewawancara: halo\n\nInforman: \x1b[31m\n"),
        ("esc.txt:3", "control")),
    Bad("undecodable-bytes", transcript("rusak.txt", b"Pewawancara: halo\nInforman: caf\x81 \x8d\n"),
        ("rusak.txt:2", "0x81")),
    Bad("utf16-le-without-bom", transcript("utf16.txt", GOOD_TURNS.encode("utf-16-le")),
        ("utf16.txt", "UTF-16")),
    Bad("utf16-be-without-bom", transcript("utf16be.txt", GOOD_TURNS.encode("utf-16-be")),
        ("utf16be.txt", "UTF-16")),
    Bad("invalid-utf8-after-bom",
        transcript("bom.txt", codecs.BOM_UTF8 + b"Pewawancara: halo\n\nInforman: caf\xe9\n"),
        ("bom.txt:3", "UTF-8")),
    Bad("md-that-is-a-pdf", transcript("catatan.md", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"),
        ("catatan.md", "binary")),
    Bad("xlsx-renamed-csv", transcript("aduan.csv", _office("xlsx")),
        ("aduan.csv", "an Excel workbook: give it the name ending .xlsx")),
    Bad("docx-renamed-txt", transcript("wawancara.txt", _office("docx")),
        ("wawancara.txt", "a Word document: give it the name ending .docx")),
    # ---- transcripts: front matter
    Bad("front-matter-malformed-yaml", transcript("fm-yaml.txt", fm("case: pemkot\nrole: [unclosed")),
        ("fm-yaml.txt:3", "YAML")),
    Bad("front-matter-bad-indentation", transcript("fm-indent.txt", fm("case: x\n  role: y\n role: z")),
        ("fm-indent.txt:", "YAML")),
    Bad("front-matter-is-a-list", transcript("fm-list.txt", fm("- case: x\n- role: y")),
        ("fm-list.txt:2", "mapping")),
    Bad("front-matter-is-a-string", transcript("fm-text.txt", fm("hanya kalimat biasa")),
        ("fm-text.txt:2", "mapping")),
    Bad("front-matter-alias-bomb", transcript("fm-bomb.txt", fm(f"case: x\n{ALIAS_BOMB}")),
        ("fm-bomb.txt:4", "aliases")),
    Bad("front-matter-refers-to-itself", transcript("fm-self.txt", fm("case: x\nloop: &a [*a]")),
        ("fm-self.txt:3", "aliases")),
    Bad("front-matter-escaped-control-character",
        transcript("fm-ctl.txt", fm('case: x\nposition: "Kepala\\x07 Dinas"')), ("fm-ctl.txt:3", "U+0007")),
    Bad("front-matter-never-closed", transcript("fm-open.txt", "---\ncase: x\nrole: y\n\n" + GOOD_TURNS),
        ("fm-open.txt:1", "never closed")),
    Bad("front-matter-unknown-source-type",
        transcript("fm-type.txt", fm("case: x\nsource_type: podcast")), ("fm-type.txt:3", "podcast")),
    Bad("front-matter-date-not-a-date", transcript("fm-date.txt", fm("case: x\n\ndate: 2024-13-45")),
        ("fm-date.txt:4", "2024-13-45")),
    Bad("front-matter-date-is-words", transcript("fm-date2.txt", fm("date: kemarin sore")),
        ("fm-date2.txt:2", "not a date")),
    Bad("front-matter-date-is-a-list", transcript("fm-date3.txt", fm("date: [2024, 2, 1]")),
        ("fm-date3.txt:2", "not a date")),
    Bad("front-matter-unsupported-language", transcript("fm-lang.txt", fm("case: x\nlanguage: fr")),
        ("fm-lang.txt:3", "'fr'")),
    # (a plain key like 2024 is text now: values and keys are read as written)
    Bad("front-matter-key-not-text", transcript("fm-key.txt", fm("case: x\n? [2024, 2025]\n: tahun")),
        ("fm-key.txt:3", "unhashable key")),
    Bad("front-matter-case-is-a-mapping", transcript("fm-case.txt", fm("case: {id: x}")),
        ("fm-case.txt:2", "case")),
    Bad("front-matter-interviewer-not-a-label",
        transcript("fm-int.txt", fm("case: x\ninterviewer: {nama: Budi}")), ("fm-int.txt:3", "interviewer")),
    Bad("front-matter-duplicate-key", transcript("fm-dup.txt", fm("case: x\nrole: government\nrole: community")),
        ("fm-dup.txt:4", "role")),
    Bad("front-matter-attribute-is-a-list", transcript("fm-role.txt", fm("case: x\nrole: [a, b]")),
        ("fm-role.txt:3", "'role'", "one value")),
    Bad("front-matter-title-is-a-mapping", transcript("fm-title.txt", fm("source_type: document\ntitle: {a: 1}")),
        ("fm-title.txt:3", "'title'")),
    Bad("conflicting-case-attributes-across-files", transcripts({
        "a-satu.txt": fm("case: inf-01\nrole: government"),
        "b-dua.txt": fm("case: inf-01\norganisation: Bappeda\nrole: community"),
    }), ("b-dua.txt:4", "a-satu.txt", "role")),
    # ---- transcripts: other formats
    Bad("docx-that-is-a-zip-of-something-else",
        transcript("laporan.docx", _zip({"notes.txt": b"hello", "data.csv": b"a,b\n"})),
        ("laporan.docx", "not a Word document")),
    Bad("file-name-not-utf8", undecodable_file_name, ("wawancara-caf", "not valid UTF-8")),
    Bad("docx-truncated", transcript("potong.docx", _docx()[:3000]), ("potong.docx", ".docx")),
    Bad("docx-document-part-in-another-namespace",
        transcript("ns.docx", _docx_with("word/document.xml", b'<?xml version="1.0"?><document><body/></document>')),
        ("ns.docx", "no Word body")),
    Bad("docx-that-is-text", transcript("teks.docx", GOOD_TURNS), ("teks.docx", ".docx")),
    # an internal entity: python-docx's parser dropped it and the rest of its run, silently
    Bad("docx-declaring-an-entity",
        transcript("entitas.docx", _docx_with("word/document.xml", _docx_part("word/document.xml").replace(
            b"<w:document", b'<!DOCTYPE w:document [<!ENTITY org "Dinas Kominfo">]><w:document', 1).replace(
            b"tentang anggaran", b"tentang &org; anggaran", 1))),
        ("entitas.docx", "uses entities declared in the file")),
    # a billion laughs: refused as hostile, in words, not in libxml2's
    Bad("docx-billion-laughs",
        transcript("tawa.docx", _docx_with("word/document.xml", _docx_part("word/document.xml").replace(
            b"<w:document", b"<!DOCTYPE w:document [<!ENTITY l0 \"ha\">"
            + b"".join(b"<!ENTITY l%d \"%s\">" % (n, b"&l%d;" % (n - 1) * 10) for n in range(1, 10))
            + b"]><w:document", 1).replace(b"tentang anggaran", b"tentang &l9; anggaran", 1))),
        ("tawa.docx", "refused")),
    # the same in UTF-32, which a scan of the bytes for "<!DOCTYPE" would miss
    Bad("docx-declaring-an-entity-in-utf-32",
        transcript("entitas32.docx", _docx_with("word/document.xml", _docx_part("word/document.xml").decode(
            "utf-8").replace("encoding='UTF-8'", "encoding='UTF-32'").replace(
            "<w:document", '<!DOCTYPE w:document [<!ENTITY org "Dinas Kominfo">]><w:document', 1).replace(
            "tentang anggaran", "tentang &org; anggaran", 1).encode("utf-32"))),
        ("entitas32.docx", "uses entities declared in the file")),
    Bad("docx-with-broken-document-xml",
        transcript("xml.docx", _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document"})),
        ("xml.docx", ".docx")),
    Bad("vtt-broken-cue-time",
        transcript("rekaman.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nhalo\n\n"
                                  "00:00:05.000 --> 00:0x:07.000\n<v Budi>anggaran\n"),
        ("rekaman.vtt:6", "cue")),
    Bad("vtt-cue-ends-before-it-starts",
        transcript("mundur.vtt", "WEBVTT\n\n00:00:09.000 --> 00:00:04.000\nhalo\n"), ("mundur.vtt:3", "before")),
    Bad("vtt-without-header", transcript("nohead.vtt", "00:00:01.000 --> 00:00:04.000\nhalo\n"),
        ("nohead.vtt:1", "WEBVTT")),
    Bad("vtt-without-cues", transcript("kosong.vtt", "WEBVTT\n\nNOTE tidak ada apa-apa\n"),
        ("kosong.vtt", "no WebVTT cues")),
    Bad("srt-broken-cue-time", transcript("rekaman.srt", "1\n00:00:01,000 --> 00:00:04,000\nhalo\n\n"
                                                         "2\n00:00:05.000 --> 00:00:07,000\nlagi\n"),
        ("rekaman.srt:6", "SubRip")),
    Bad("srt-impossible-cue-time", transcript("mustahil.srt", "1\n00:00:01,000 --> 00:00:04,000\nhalo\n\n"
                                                             "2\n99:99:99,999 --> 99:99:99,999\nlagi\n"),
        ("mustahil.srt:6", "99:99:99,999 is no time")),
    Bad("vtt-sixty-seconds", transcript("enampuluh.vtt", "WEBVTT\n\n00:60.000 --> 01:02.000\nhalo\n"),
        ("enampuluh.vtt:3", "00:60.000 is no time")),
    # ---- paths
    Bad("path-does-not-exist", command("ingest", "{project}/transcripts/tidak-ada.txt"),
        ("tidak-ada.txt", "no such file")),
    Bad("unsupported-file-type", transcript("scan.pdf", b"%PDF-1.4\n", args=("transcripts/scan.pdf",)),
        ("scan.pdf", "unsupported file type")),
    Bad("folder-without-transcripts", empty_folder, ("interviews", "no transcripts")),
    Bad("file-outside-the-project", outside_file, ("di-luar.txt", "outside the project")),
    Bad("codebook-path-is-a-folder", command("codebook", "show", "{project}/codebooks"),
        ("codebooks", "folder")),
    Bad("codebook-path-does-not-exist", command("codebook", "lint", "{project}/codebooks/lain.yaml"),
        ("lain.yaml", "no such file")),
    # ---- cases.csv
    Bad("cases-csv-without-id-column", cases_csv("nama,role\nBudi,government\n"), ("cases.csv:1", "column")),
    Bad("cases-csv-duplicate-case-rows", cases_csv("case,role\npemkot,government\nwarga,community\npemkot,private\n"),
        ("cases.csv:4", "pemkot")),
    Bad("cases-csv-case-rows-differing-in-capitals", cases_csv("case,role\nPemkot,government\npemkot,private\n"),
        ("cases.csv:3", "first on line 2 as 'Pemkot'")),
    Bad("cases-csv-ragged-row-too-long", cases_csv("case,role\npemkot,government,extra\n"),
        ("cases.csv:2", "fields")),
    Bad("cases-csv-ragged-row-too-short", cases_csv("case,role,organisation\nwarga,community,RW 05\npemkot,government\n"),
        ("cases.csv:3", "fields")),
    Bad("cases-csv-empty-id", cases_csv("case,role\n,government\n"), ("cases.csv:2", "empty")),
    Bad("cases-csv-duplicate-column", cases_csv("case,role,role\npemkot,government,community\n"),
        ("cases.csv:1", "role")),
    Bad("cases-csv-undecodable", cases_csv(b"case,role\npemkot,gov\x81\x8d\n"), ("cases.csv:2", "0x81")),
    Bad("cases-csv-is-binary", cases_csv(_png()), ("cases.csv", "binary")),
    Bad("cases-csv-unclosed-quote", cases_csv('case,role\npemkot,"government\nwarga,community\n'),
        ("cases.csv:2", "quote")),
    Bad("cases-path-is-a-folder", toml_setting('cases = "transcripts"'), ("transcripts", "folder")),
    # read as no file, such a link dropped every attribute cases.csv had given the cases
    Bad("cases-csv-is-a-link-loop", cases_csv_link("cases.csv"), ("cases.csv", "leads to no file")),
    Bad("cases-csv-is-a-broken-link", cases_csv_link("/nonexistent/cases.csv"), ("cases.csv", "leads to no file")),
    # ---- codebook (read by `code auto`, which must not touch the store)
    Bad("codebook-yaml-syntax-error", codebook("codes:\n  - id: a\n    kind: theme\n    label: [unclosed\n"),
        ("smart-city.yaml:4", "YAML")),
    Bad("codebook-tab-indentation", codebook("codes:\n  - id: a\n\tkind: theme\n"), ("smart-city.yaml:3", "YAML")),
    Bad("codebook-duplicate-id", codebook_edit("  - id: budget-allocation\n", "  - id: budget-support\n"),
        ("smart-city.yaml:", "duplicate code id 'budget-support'")),
    Bad("codebook-unknown-parent", codebook_edit("parent: technology", "parent: teknologi"),
        ("smart-city.yaml:", "unknown parent 'teknologi'")),
    Bad("codebook-cycle", codebook(
        "codes:\n"
        "  - {id: a, kind: theme, label: A, parent: c, keywords: {en: [x]}}\n"
        "  - {id: b, kind: theme, label: B, parent: a, keywords: {en: [y]}}\n"
        "  - {id: c, kind: theme, label: C, parent: b, keywords: {en: [z]}}\n"), ("smart-city.yaml:2", "cycle")),
    # YAML is UTF-8: a Windows-1252 codebook is refused, not guessed (and never rewritten by `codebook add`)
    Bad("codebook-not-utf-8", codebook("codes:\n  - id: a\n    kind: theme\n    label: Caf\xe9\n".encode("cp1252")),
        ("smart-city.yaml:4", "not UTF-8 (byte 0xe9)")),
    Bad("codebook-add-to-one-not-utf-8", codebook(
        "codes:\n  - id: a\n    kind: theme\n    label: Caf\xe9\n".encode("cp1252"),
        ("codebook", "add", "b", "--label", "B")), ("smart-city.yaml:4", "not UTF-8 (byte 0xe9)")),
    Bad("codebook-missing-label", codebook("codes:\n  - id: a\n    kind: theme\n    keywords: {en: [x]}\n"),
        ("smart-city.yaml:2", "missing label")),
    Bad("codebook-keywords-not-a-list", codebook(
        "codes:\n  - id: a\n    kind: theme\n    label: A\n    keywords: {id: APBD, en: [budget]}\n"),
        ("smart-city.yaml:2", "keywords.id must be a list")),
    Bad("codebook-keywords-a-string", codebook("codes:\n  - id: a\n    kind: theme\n    label: A\n    keywords: APBD\n"),
        ("smart-city.yaml:2", "keywords")),
    Bad("codebook-unknown-kind", codebook("codes:\n  - id: a\n    kind: category\n    label: A\n"),
        ("smart-city.yaml:2", "unknown kind 'category'")),
    Bad("codebook-id-not-a-slug", codebook("codes:\n  - id: Budget Support\n    kind: theme\n    label: A\n"),
        ("smart-city.yaml:2", "slug")),
    Bad("codebook-bad-color", codebook("codes:\n  - {id: a, kind: theme, label: A, color: red}\n"),
        ("smart-city.yaml:2", "color")),
    Bad("codebook-duplicate-key", codebook(
        "codes:\n  - id: a\n    kind: theme\n    label: A\n    keywords: {en: [x]}\n    label: B\n"),
        ("smart-city.yaml:6", "label")),
    Bad("codebook-codes-not-a-list", codebook("name: x\ncodes: 5\n"), ("smart-city.yaml", "codes")),
    Bad("codebook-top-level-list", codebook("- id: a\n  kind: theme\n"), ("smart-city.yaml:1", "mapping")),
    Bad("codebook-empty-file", codebook(b""), ("smart-city.yaml", "empty")),
    Bad("codebook-binary", codebook(_png()), ("smart-city.yaml", "binary")),
    Bad("run-new-transcript-and-codebook-syntax-error",
        with_new_transcript(codebook("codes:\n  - id: a\n    label: [unclosed\n", command=("run",))),
        ("smart-city.yaml:3", "YAML")),
    Bad("run-new-transcript-and-broken-summary-file",
        with_new_transcript(project_file("summaries/informan.yaml", "case: informan\nsummaries: [unclosed\n")),
        ("informan.yaml:2", "YAML")),
    Bad("run-new-transcript-and-bad-rating",
        with_new_transcript(project_file("ratings/checklist_technology.yaml",
                                         "overrides:\n  - {row: a, column: b, rating: kuat}\n"
                                         "  - {row: a, column: c, rating: bagus}\n")),
        ("checklist_technology.yaml:3", "override #2", "bagus")),
    Bad("run-new-transcript-and-a-cell-rated-twice",
        with_new_transcript(project_file("ratings/checklist_technology.yaml",
                                         "overrides:\n  - row: a\n    column: b\n    rating: kuat\n"
                                         "  - row: a\n    column: b\n    rating: absent\n")),
        ("checklist_technology.yaml:5", "rated twice")),
    Bad("run-new-transcript-and-a-ratings-file-of-another-display",
        with_new_transcript(project_file("ratings/checklist_technology.yaml",
                                         "display: checklist_budget\noverrides: []\n")),
        ("checklist_technology.yaml:1", "does not match the file's name")),
    Bad("run-new-transcript-and-a-summary-that-is-a-list",
        with_new_transcript(project_file("summaries/informan.yaml",
                                         "case: informan\nsummaries:\n  technology: ok\n  budget-support: [a, b]\n")),
        ("informan.yaml:4", "needs a `text:`")),
    Bad("run-new-transcript-and-unknown-display-kind",
        with_new_transcript(displays_yaml("displays:\n  - name: broken\n    kind: no_such_kind\n")),
        ("displays.yaml", "no_such_kind")),
    Bad("codebook-with-a-lexicon-of-terms", codebook(
        "codes:\n  - id: big\n    kind: theme\n    label: Big\n    keywords:\n      id: ["
        + ", ".join(f"kata{i}" for i in range(20_001)) + "]\n", command=("code", "auto")),
        ("smart-city.yaml:2", "20,001 terms", "at most 20,000")),
    Bad("codebook-alias-bomb", codebook_edit(
        "    label: {id: Lingkungan politik yang mendukung, en: Supportive political environment}",
        "    x-bomb: {" + ALIAS_BOMB.replace("\n", ", ") + "}\n    label: {id: *b8, en: Supportive political environment}"),
        ("smart-city.yaml:", "aliases")),
    Bad("run-new-transcript-and-alias-bomb-in-displays",
        with_new_transcript(displays_yaml(ALIAS_BOMB + "\ndisplays: *b8\n")), ("displays.yaml:2", "aliases")),
    Bad("run-new-transcript-and-alias-bomb-in-a-summary",
        with_new_transcript(project_file("summaries/informan.yaml", ALIAS_BOMB + "\nsummaries: *b8\n")),
        ("informan.yaml:2", "aliases")),
    Bad("run-new-transcript-and-displays-nested-too-deep",
        with_new_transcript(displays_yaml("displays: " + "[" * 5000 + "]" * 5000 + "\n")),
        ("displays.yaml:1", "nesting")),
    Bad("codebook-escaped-control-character", codebook_edit(
        "label: {id: Lingkungan politik yang mendukung,", 'label: {id: "Lingkungan\\x01 politik",'),
        ("smart-city.yaml:", "U+0001")),
    Bad("run-new-transcript-and-escaped-control-character-in-a-summary",
        with_new_transcript(project_file("summaries/informan.yaml", 'case: informan\nnote: "a\\x0bb"\n')),
        ("informan.yaml:2", "U+000B")),
    Bad("run-new-transcript-and-a-display-naming-a-code-the-codebook-lacks",
        with_new_transcript(displays_yaml("displays:\n  - name: checklist_x\n    kind: checklist\n"
                                          "    dimension: technologi\n")), ("displays.yaml:2", "'technologi'")),
    Bad("run-new-transcript-and-a-checklist-of-a-code-without-subcodes",
        with_new_transcript(displays_yaml("displays:\n  - name: case_by_code\n    kind: case_by_code\n"
                                          "  - name: checklist_hardware\n    kind: checklist\n"
                                          "    dimension: hardware\n")), ("displays.yaml:4", "subcodes")),
    Bad("report-with-a-display-naming-a-code-the-codebook-lacks",
        displays_yaml("displays:\n  - name: co\n    kind: cooccurrence\n    codes: [hardware, softwere]\n",
                      command=("report",)), ("displays.yaml:2", "'softwere'")),
    Bad("display-name-that-is-a-path", displays_yaml("displays:\n  - name: ../../evil\n    kind: case_by_code\n",
                                                     command=("display", "build")), ("displays.yaml:2", "plain name")),
    Bad("display-name-absolute", displays_yaml("displays:\n  - name: /tmp/evil\n    kind: case_by_code\n"),
        ("displays.yaml:2", "plain name")),
    Bad("display-option-of-the-wrong-type", displays_yaml(
        "displays:\n  - name: roles\n    kind: summary_table\n    group_by: [role]\n", command=("display", "build")),
        ("displays.yaml:2", "'roles'", "group_by")),
    Bad("display-option-given-twice", displays_yaml(
        "displays:\n  - name: m\n    kind: case_by_code\n    depth: code\n    depth: dimension\n",
        command=("display", "build")), ("displays.yaml:5", "'depth' given twice")),
    Bad("report-template-syntax-error", project_file("templates/report.html.j2", "{% for x in %}\n",
                                                     command=("report", "--format", "html")),
        ("report.html.j2:1", "syntax error")),
    Bad("displays-yaml-that-is-binary", project_file("displays.yaml", "\x89PNG\r\n\x1a\n\x00\x00\x00",
                                                     command=("display", "build")), ("displays.yaml", "binary")),
    Bad("codebook-framework-unknown-code", codebook(
        "framework:\n  dimensions: [a, zz]\ncodes:\n  - {id: a, kind: dimension, label: A, keywords: {en: [x]}}\n"),
        ("smart-city.yaml:2", "'zz'")),
    Bad("codebook-shown-with-error", codebook("codes:\n  - id: a\n    kind: sub\n    label: A\n",
                                              command=("codebook", "show")), ("smart-city.yaml:2", "kind")),
    # ---- command-line text no store or report can take
    Bad("memo-with-a-control-character", command("memo", "add", "project", "--text", "catatan\x07 penting"),
        ("text", "U+0007")),
    Bad("coder-file-nested-past-the-recursion-limit", coder_file("[" * 100_000 + "]" * 100_000 + "\n"),
        ("coder.jsonl:1", "nested too deeply")),
    Bad("coder-file-with-a-number-of-5000-digits", coder_file('{"version": ' + "9" * 5000 + "}\n"),
        ("coder.jsonl:1", "digits")),
    Bad("coder-file-with-nan", coder_file(coder_line(start="RAW:NaN")), ("coder.jsonl:1", "NaN is not a JSON number")),
    Bad("coder-file-with-a-field-twice", coder_file(coder_line()[:-2] + ', "coder": "zzz"}\n'),
        ("coder.jsonl:1", "'coder' appears twice")),
    Bad("coder-file-with-a-control-character-in-a-memo", coder_file(coder_line(memo="a\u0007b")),
        ("coder.jsonl:1", "'memo'", "U+0007")),
    Bad("coder-file-with-a-control-character-in-the-coder", coder_file(coder_line(coder="b\u0007udi")),
        ("coder.jsonl:1", "'coder'", "U+0007")),
    Bad("coder-file-dated-in-the-future", coder_file(coder_line(at="9999-12-31T23:59:59+00:00")),
        ("coder.jsonl:1", "in the future")),
    Bad("coder-file-with-an-offset-beyond-any-text", coder_file(coder_line(start=10**14, end=10**14 + 5)),
        ("coder.jsonl:1", "beyond any transcript")),
    Bad("code-list-in-an-unknown-format", command("code", "list", "--format", "xml"),
        ("--format must be one of table, csv, json, not 'xml'",)),
    Bad("status-in-an-unknown-format", command("status", "--format", "csv"), ("--format must be one of table, json",)),
    Bad("conclude-in-an-unknown-format", command("conclude", "--format", "bogus"), ("--format must be one of",)),
    Bad("code-list-of-an-unknown-status", command("code", "list", "--status", "bogus"), ("--status must be one of",)),
    Bad("sample-named-like-a-path", command("code", "sample", "--seed", "7", "--name", "../x"),
        ("--name '../x'", "plain name")),
    Bad("code-auto-with-no-jobs", command("code", "auto", "--jobs", "0"), ("--jobs must be at least 1",)),
    Bad("code-auto-with-an-endless-threshold", command("code", "auto", "--threshold", "inf"),
        ("--threshold must be a number above 0",)),
    Bad("code-add-as-the-machine", command("code", "add", "pemkot", "--code", "technology", "--segment", "2",
                                           "--coder", "auto"), ("machine's name",)),
    Bad("code-add-on-the-interviewers-turn", command("code", "add", "pemkot", "--code", "technology", "--segment", "1"),
        ("pemkot:1", "interviewer")),
    Bad("agreement-of-a-coder-with-itself", command("agree", "auto", "auto"), ("names one twice",)),
    Bad("run-in-a-language-qualcode-has-not", command("run", "--lang", "fr"), ("--lang 'fr'", "id or en")),
    Bad("export-in-a-language-qualcode-has-not", command("export", "qdc", "--lang", "fr", "--out", "x.qdc"),
        ("--lang 'fr'",)),
    Bad("memo-that-is-not-utf8", command("memo", "add", "project", "--text", "caf\udce9"), ("text", "0xe9")),
    # ---- qualcode.toml
    Bad("toml-syntax-error", toml('[project]\nname = "x"\nlanguage = id\n'), ("qualcode.toml:3",)),
    Bad("toml-unterminated-string", toml('[project]\nname = "x\n'), ("qualcode.toml:2",)),
    Bad("toml-unknown-key", toml_setting('langauge = "en"'), ("qualcode.toml:3", "langauge")),
    Bad("toml-unknown-table", toml_append('[projet]\nname = "x"'), ("qualcode.toml:", "projet")),
    Bad("toml-project-not-a-table", toml('project = "x"\n'), ("qualcode.toml:1", "[project]")),
    Bad("toml-transcripts-not-a-list", toml_setting("transcripts = 5"), ("qualcode.toml:3", "transcripts")),
    Bad("toml-transcripts-list-of-numbers", toml_setting("transcripts = [1, 2]"), ("qualcode.toml:3", "transcripts")),
    Bad("toml-codebook-not-text", toml_setting("codebook = 5"), ("qualcode.toml:3", "codebook")),
    Bad("toml-language-not-text", toml_setting("language = 5"), ("qualcode.toml:3", "language")),
    Bad("toml-language-unsupported", toml_setting('language = "fr"'), ("qualcode.toml:3", "'fr'")),
    Bad("toml-coder-empty", toml_setting('coder = ""'), ("qualcode.toml:3", "coder")),
    # as `--coder auto` is: a person's removal would delete the suggestion, and code auto bring it back
    Bad("toml-coder-is-the-machine", toml_setting('coder = "auto"', command=("code", "remove", "pemkot",
                                                                           "--segment", "2", "--code", "budget-support")),
        ("qualcode.toml:3", "'auto' is the machine's name")),
    Bad("toml-coder-with-a-control-character", toml_setting('coder = "a\\u0007b"'),
        ("qualcode.toml:3", "control character U+0007")),
    Bad("toml-coder-with-a-line-break", toml_setting('coder = "res\\nearcher"'),
        ("qualcode.toml:3", "control character U+000A")),
    Bad("toml-coder-with-a-next-line", toml_setting('coder = "res\\u0085earcher"'),
        ("qualcode.toml:3", "control character U+0085")),
    Bad("toml-threshold-infinite", toml_replace("threshold = 1.0", "threshold = inf"),
        ("qualcode.toml:", "threshold must be a number above 0")),
    Bad("toml-threshold-beyond-a-float", toml_replace("threshold = 1.0", "threshold = 1e400"),
        ("qualcode.toml:", "threshold must be a number above 0")),
    Bad("toml-description-a-list", toml_setting('description = ["a"]'), ("qualcode.toml:3", "description")),
    Bad("toml-description-by-language-not-text", toml_setting("description = { id = 5 }"),
        ("qualcode.toml:3", "description", "by language")),
    Bad("toml-reports-not-text", toml_setting("reports = true"), ("qualcode.toml:3", "reports")),
    Bad("toml-interviewers-not-a-list", toml_replace("threshold = 1.0", 'threshold = 1.0\ninterviewers = "Rina"'),
        ("qualcode.toml:", "interviewers", "list of speaker labels")),
    Bad("toml-pipelines-not-a-table", toml_append('pipelines = "en_core_web_sm"'), ("qualcode.toml:", "pipelines")),
    Bad("toml-pipeline-not-text", toml_append("[pipelines]\nen = 3"), ("qualcode.toml:", "pipelines")),
    Bad("toml-pipeline-that-is-no-pipeline", toml_append("[pipelines]\nen = \"os\"", command=("code", "auto")),
        ("'os'", "not a spaCy pipeline")),
    Bad("toml-transcript-glob-escapes-project", toml_setting('transcripts = ["../**/*.txt"]'),
        ("qualcode.toml:3", "outside")),
    Bad("toml-transcript-glob-with-a-bad-double-star", toml_setting('transcripts = ["transcripts/**.txt"]'),
        ("qualcode.toml:3", "'**' can only be an entire path component")),
    Bad("toml-transcripts-an-empty-list", toml_setting("transcripts = []"),
        ("qualcode.toml:3", "transcripts lists no glob")),
    Bad("toml-transcript-glob-absolute", toml_setting('transcripts = ["/tmp/**/*.txt"]'),
        ("qualcode.toml:3", "outside")),
    Bad("codebook-that-is-a-device", command("codebook", "lint", "/dev/zero"), ("/dev/zero", "not a regular file")),
    Bad("coder-file-that-is-a-device", command("merge", "/dev/zero"), ("/dev/zero", "not a regular file")),
    Bad("export-over-the-store", command("export", "qdc", "-o", "{project}/.qualcode/project.db"),
        ("project.db", "is an SQLite database", "not written over")),
    Bad("display-over-the-store", command("display", "show", "case_by_code", "--format", "csv", "--out",
                                          "{project}/.qualcode/project.db"), ("project.db", "SQLite database")),
    Bad("export-over-the-settings", command("export", "qdc", "-o", "{project}/qualcode.toml"),
        ("qualcode.toml", "not written over")),
    Bad("export-over-the-codebook", command("export", "sheet", "-o", "{project}/codebooks/smart-city.yaml"),
        ("smart-city.yaml", "not written over")),
    Bad("coder-file-that-is-a-folder", command("merge", "{project}/transcripts"), ("transcripts", "is a folder")),
    Bad("toml-reports-is-a-file", toml_setting('reports = "qualcode.toml"'), ("qualcode.toml:3", "is a file")),
    Bad("display-written-over-a-folder", over_a_folder, ("transcripts", "is a folder")),
    Bad("toml-reports-escape-project", toml_setting('reports = "../../laporan"'), ("qualcode.toml:3", "outside")),
    Bad("toml-not-utf8", toml(b'[project]\nname = "caf\xe9"\n'), ("qualcode.toml", "UTF-8")),
    Bad("toml-missing", no_config, ("qualcode.toml", "qualcode init")),
    # ---- the store
    Bad("store-not-a-database", garbage_store, ("project.db", "not a qualcode store")),
    Bad("token-cache-a-folder", cache_a_folder, ("cache.db", "a folder where the token cache")),
    Bad("store-from-a-newer-qualcode", store_from(999, "status"), ("project.db", "newer")),
]


def _files(project: Path) -> set[str]:
    """Every file in the project except the store (compared by checksum) and its WAL."""
    return {p.relative_to(project).as_posix() for p in project.rglob("*")
            if p.is_file() and not p.name.startswith(("project.db", "cache.db"))}


@pytest.fixture(scope="module")
def ingested_template(tmp_path_factory) -> Path:
    """conftest's small project, ingested and auto-coded once (a project `report` has
    codings to report); each test gets its own copy."""
    from typer.testing import CliRunner

    from tests.conftest import INTERVIEW_EN, INTERVIEW_ID

    folder = tmp_path_factory.mktemp("template") / "small"
    runner = CliRunner()
    assert runner.invoke(app, ["init", str(folder), "--name", "Small"]).exit_code == 0
    transcripts_folder = folder / "transcripts"
    for name, template, case, role, person in (
            ("pemkot.txt", INTERVIEW_ID, "pemkot", "government", "Bu Ratna"),
            ("warga.txt", INTERVIEW_ID, "warga", "community", "Pak Slamet"),
            ("mitra.txt", INTERVIEW_EN, "mitra", "private", "Mr. Arif")):
        (transcripts_folder / name).write_text(template.format(case=case, role=role, name=person),
                                               encoding="utf-8")
    for step in ("ingest", "code auto"):
        result = runner.invoke(app, ["--project", str(folder), *step.split()])
        assert result.exit_code == 0, result.output
    return folder


@pytest.fixture
def ingested(ingested_template: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "small"
    shutil.copytree(ingested_template, folder)
    return folder


def test_the_table_is_large_enough():
    assert len(BAD) >= 40
    assert len({case.id for case in BAD}) == len(BAD)


@pytest.mark.parametrize("case", BAD, ids=[case.id for case in BAD])
def test_bad_input_is_one_line_exit_1_and_the_store_untouched(case: Bad, ingested: Path, runner):
    args = case.setup(ingested)
    before_store = store_checksum(ingested)
    before_files = _files(ingested)
    if args[:1] != ["--project"]:
        args = ["--project", str(ingested), *args]

    result = runner.invoke(app, args)

    assert isinstance(result.exception, SystemExit), f"crashed: {result.exception!r}\n{result.output}"
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    line = lines[0]
    assert line.startswith("error: "), line
    for expected in case.expect:
        assert expected in line, f"{expected!r} not in {line!r}"
    assert store_checksum(ingested) == before_store
    assert _files(ingested) == before_files


def test_run_on_a_new_project_with_a_bad_codebook_makes_no_store(demo_project: Path, runner):
    """Before its first run a project has no store; a codebook `run` cannot read leaves it
    so (the ingest is not done first and left behind)."""
    path = demo_project / CODEBOOK
    path.write_text(path.read_text(encoding="utf-8") + "  - [unclosed\n", encoding="utf-8")
    result = runner.invoke(app, ["--project", str(demo_project), "run"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ") and "smart-city.yaml:" in lines[0], result.output
    assert not (demo_project / ".qualcode").exists() and not (demo_project / "reports").exists()


# ------------------------------------------------------------------------------ good after all
def _mixed_line_ends() -> bytes:
    return (b"---\r\ncase: campur\r\nrole: community\r\n---\r\n"
            b"Pewawancara: Bagaimana anggarannya?\r\r"
            b"Informan: APBD terbatas.\nTapi ada dana desa.\r\n\r\n"
            b"Pewawancara: Dan warga?\n\n"
            b"Informan: Warga ikut musrenbang.\r")


GOOD = [
    pytest.param("cp1252.txt", ("Pewawancara: Apa kabar?\n\nInforman: Caf\u00e9 \u201cbagus\u201d, "
                                "anggaran cukup.\n").encode("cp1252"),
                 ("warning: transcripts/cp1252.txt: not UTF-8", "line 3", "Windows-1252"), 2,
                 id="cp1252-falls-back-with-a-warning-naming-the-file-as-the-project-does"),
    pytest.param("campur.txt", _mixed_line_ends(), (), 4, id="mixed-cr-crlf-lf-line-ends"),
    pytest.param("panjang.txt", ("Informan: " + "anggaran warga teknologi " * 42_000).encode("utf-8"),
                 (), 1, id="one-megabyte-single-line"),
    pytest.param("bom8.txt", codecs.BOM_UTF8 + GOOD_TURNS.encode("utf-8"), (), 2, id="utf8-with-bom"),
    pytest.param("bom16.txt", codecs.BOM_UTF16_LE + GOOD_TURNS.replace("\n", "\r\n").encode("utf-16-le"),
                 (), 2, id="utf16-with-bom"),
    pytest.param("dokumen.docx", _docx(), (), 80, id="real-docx"),
    pytest.param("rekaman.vtt", ("WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Pewawancara>Apa kabar?\n\n"
                                 "00:04.500 --> 00:09.000 align:start\n<v Budi>Baik, anggaran cukup.\n"),
                 (), 2, id="vtt-with-short-times-and-settings"),
    pytest.param("alias.txt", fm("case: x\nrole: &peran pemerintah\nsite: *peran\nnote: 3 * 4 & co"), (), 2,
                 id="front-matter-with-a-small-alias"),
]


@pytest.mark.parametrize("name, raw, expect, segments", GOOD)
def test_inputs_that_look_odd_but_are_fine(name, raw, expect, segments, ingested, runner):
    path = ingested / "transcripts" / name
    path.write_bytes(raw if isinstance(raw, bytes) else raw.encode("utf-8"))
    result = runner.invoke(app, ["--project", str(ingested), "ingest", str(path)])
    assert result.exit_code == 0, result.output
    assert "1 added" in result.output
    for expected in expect:
        assert expected in result.output
    status = runner.invoke(app, ["--project", str(ingested), "status", "--format", "json"])
    counts = json.loads(status.stdout)
    assert counts["sources"] == 4
    assert counts["store"]["written_by"] == __version__
    from qualcode.store import Store

    with Store(ingested / ".qualcode" / "project.db") as store:
        [source] = [s for s in store.sources() if s.path.endswith(name)]
    assert "\r" not in source.text
    assert len(source.segments) == segments
    for segment in source.segments:
        assert source.text[segment.start:segment.end] == segment.text


def test_a_windows_1252_cases_file_is_read_with_a_warning_naming_it(ingested: Path, runner):
    """Excel on Windows saves CSV as Windows-1252: the cases are read, and the warning says
    so (as a transcript's does), naming the file as the project does."""
    (ingested / "transcripts" / "cases.csv").write_bytes(
        "case,role,site\npemkot,government,Kecamatan Cilacap Selatan\nwarga,community,Désa Gumilir\n"
        .encode("cp1252"))
    result = runner.invoke(app, ["--project", str(ingested), "ingest"])
    assert result.exit_code == 0, result.output
    assert "warning: transcripts/cases.csv: not UTF-8 (byte 0xe9 on line 3); read as Windows-1252" \
        in result.output
    from qualcode.store import Store

    with Store(ingested / ".qualcode" / "project.db") as store:
        sites = {case.id: case.attributes.get("site") for case in store.cases()}
    assert sites["warga"] == "Désa Gumilir"
    again = runner.invoke(app, ["--project", str(ingested), "ingest"])
    assert "read as Windows-1252" in again.output  # said on every ingest, until the file is saved as UTF-8


@pytest.mark.parametrize("template, expect", [
    ("# {{ t.title }}\n{{ nope.x }}\n", ("report.md.j2:2", "'nope' is undefined")),
    ("{% include '/etc/passwd' %}\n", ("report.md.j2", "not in its folder")),
    ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}\n", ("report.md.j2", "without end")),
])
def test_a_template_that_fails_as_it_renders_is_one_line(template, expect, ingested: Path, runner):
    """Met only once the report is rendered (the displays are written by then): one line naming
    the template and its line, exit 1, the store untouched."""
    (ingested / "templates").mkdir()
    (ingested / "templates" / "report.md.j2").write_text(template, encoding="utf-8")
    before = store_checksum(ingested)
    result = runner.invoke(app, ["--project", str(ingested), "report", "--format", "md"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and all(part in lines[0] for part in expect), result.output
    assert store_checksum(ingested) == before
