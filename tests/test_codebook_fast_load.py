"""The codebook's fast parse (yaml-rs) and the PyYAML path give the same codebook, lines included;
errors always come from the PyYAML path, with their line."""

from pathlib import Path

import pytest

from qualcode.codebook import lint_codebook, load_codebook
from qualcode.codebook import yaml_lines as loader  # the fast path lives beside the loader
from qualcode.errors import CodebookError

SHIPPED = Path(__file__).resolve().parents[1] / "qualcode" / "data" / "codebooks" / "smart-city.yaml"


def test_fast_and_pyyaml_paths_read_the_shipped_codebook_identically(monkeypatch):
    assert loader._fast_load(SHIPPED.read_text(encoding="utf-8")) is not None  # the fast path ran
    fast = load_codebook(SHIPPED)
    monkeypatch.setattr(loader, "_fast_load", lambda text: None)
    slow = load_codebook(SHIPPED)
    assert fast == slow
    assert [c.line for c in fast.codes] == [c.line for c in slow.codes]


@pytest.mark.parametrize("indent", ["", "  "])
def test_lines_of_codes_follow_the_list_layout(tmp_path, indent):
    text = (f"name: t\ncodes:\n{indent}# a comment\n{indent}- id: a\n{indent}  kind: dimension\n"
            f"{indent}  label: A\n{indent}  keywords:\n{indent}    en:\n{indent}      - alpha\n\n"
            f"{indent}- id: b\n{indent}  kind: subcode\n{indent}  parent: a\n{indent}  label: B\n"
            "framework:\n  dimensions: [a]\n")
    path = tmp_path / "codebook.yaml"
    path.write_text(text, encoding="utf-8")
    assert loader._fast_load(text) is not None
    codebook, issues = lint_codebook(path)
    assert [(c.id, c.line) for c in codebook.codes] == [("a", 4), ("b", 11)]
    assert any(i.line == 11 and "b: no definition" in i.message for i in issues)


@pytest.mark.parametrize("text, message, line", [
    ("name: t\ncodes:\n  - id: a\n    kind: dimension\n    label: [unclosed\n", "YAML syntax error", 5),
    ("name: t\ncodes:\n  - id: a\n    kind: dimension\n    label: A\n    label: B\n", "given twice", 6),
])
def test_errors_come_from_the_pyyaml_path_with_their_line(tmp_path, text, message, line):
    path = tmp_path / "codebook.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CodebookError, match=message) as raised:
        load_codebook(path)
    assert raised.value.line == line


def test_numbers_read_as_pyyaml_reads_them(tmp_path):
    # YAML 1.2 would read 0812 (a phone prefix) as the number 812; the codebook keeps the text
    text = ("name: t\ncodes:\n  - id: a\n    kind: dimension\n    label: A\n"
            "    keywords: {id: [0812, 08, 112]}\n")
    path = tmp_path / "codebook.yaml"
    path.write_text(text, encoding="utf-8")
    assert loader._fast_load(text) is None  # not every scalar is text: PyYAML reads it
    assert [k.term for k in load_codebook(path).codes[0].keywords] == ["0812", "08", "112"]
