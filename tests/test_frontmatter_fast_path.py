"""The yaml-rs fast path for front matter gives exactly what the PyYAML path gives, or
steps aside: same metadata, same key lines, same error (message and line)."""

from __future__ import annotations

from pathlib import Path

import pytest

from qualcode.errors import InputError
from qualcode.ingest import frontmatter
from qualcode.ingest.frontmatter import _fast_front_matter, split_front_matter

PATH = Path("t.txt")

# Blocks a transcript's front matter may hold: plain ones the fast path should take, and
# ones where YAML 1.1 (PyYAML) and YAML 1.2 (yaml-rs) part ways, or that are wrong.
BLOCKS = [
    "source_type: interview\nlanguage: id\ndate: 2021-06-22\ntitle: Wawancara 3",
    "case: P01\nrole: kepala dinas\n# a comment\n\nnote: 'it''s quoted'",
    'title: "Rapat: evaluasi"\nauthor: Dinas Kominfo  # trailing comment',
    "Source_Type: document\nTitle: Dokumen",
    "role: 5", "role: yes", "role: on", "role: No", "role: 1_000", "role: 0812",
    "role: 10:30", "role: 1e3", "role: .5", "role: 0x1F", "role: true", "role: ~",
    "role: null", "role: NULL", "role: nULL", "role: None", "role:", "role: ''",
    "role: 'yes'", 'role: "10:30"', "yes: x", "on: x", "Null: x", "5: x", "true: x",
    "role: x\nrole: y", "role: x\nRole: y", "role: [a, b]", "role: {a: b}",
    "role: &a x\nother: *a", "role: !!str 5", "role: !custom x", "role: |\n  two\n  lines",
    "role: >\n  folded", "role: a\n  continued", "role: a: b", "role:x", "role : x",
    "role: \"tab\\there\"", "role: \"\\x07\"", "role: @x", "role: `x", "role: %x",
    "role: - x", "role: -x", "role: ? x", "role: x # c", "role: x#c", "role: 'a # b'",
    "interviewer: P", "interviewer: [P, Q]", "language: EN", "language: fr",
    "source_type: memo", "date: 2021-02-30", "date: kemarin", "date: '2021-06-22'",
    "case: ' '", "case: 7", "title: Halo! Apa kabar?", "title: 50% hadir",
    "title: kata-kata, koma", "title: \"\"", "\n\nrole: x\n\n", "# only a comment",
    "role:\ttab", "role: x\r", "just text", "- a\n- b", "note: a\u2028b", "# x\u2028y\nrole: z",
    "date: 2024-02-30\n# \u2028", "case: 010", "waktu: 10:30", "role: 1.5e3",
]


def _outcome(call):
    try:
        metadata, body, used = call()
        return ("ok", dict(metadata), metadata.lines, body, used)
    except InputError as exc:
        return ("error", str(exc))


@pytest.mark.parametrize("block", BLOCKS)
def test_fast_path_gives_what_pyyaml_gives(block, monkeypatch):
    text = f"---\n{block}\n---\nbody line\n"
    fast = _outcome(lambda: split_front_matter(text, PATH))
    monkeypatch.setattr(frontmatter, "_fast_front_matter", lambda block: None)
    slow = _outcome(lambda: split_front_matter(text, PATH))
    assert fast == slow


@pytest.mark.parametrize("block", BLOCKS[:4])
def test_plain_blocks_take_the_fast_path(block):
    assert _fast_front_matter(block) is not None


@pytest.mark.parametrize("block", ["role: 0812", "role: true", "role: x\nRole: y", "role: !custom x",
                                   "role: &a x\nother: *a", "role: a\n  continued",
                                   "note: a\u2028b", "# x\u2029y\nrole: z"])
def test_blocks_yaml_versions_read_differently_go_to_pyyaml(block):
    assert _fast_front_matter(block) is None


@pytest.mark.parametrize("block, key, value", [
    ("case: 010", "case", "010"), ("waktu: 10:30", "waktu", "10:30"), ("case: yes", "case", "yes"),
    ("kode: 0712", "kode", "0712"), ("role: 5", "role", "5"), ("versi: 1.10", "versi", "1.10"),
    ("aktif: true", "aktif", "true"), ("yes: x", "yes", "x"), ("note: ~", "note", None),
])
def test_values_are_kept_as_written(block, key, value):
    """YAML 1.1 would read 010 as 8, 10:30 as 630, 0712 as 458 and yes as true."""
    metadata, _, _ = split_front_matter(f"---\n{block}\n---\nbody\n", PATH)
    assert metadata[key] == value


def test_without_yaml_rs_pyyaml_reads_it(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_yaml_rs(name, *args, **kwargs):
        if name == "yaml_rs":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_yaml_rs)
    assert _fast_front_matter("title: x") is None
    metadata, body, _ = split_front_matter("---\ntitle: x\n---\nbody\n", PATH)
    assert metadata == {"title": "x"} and metadata.lines == {"title": 2} and body == "body\n"
