"""Adding codes to a commented codebook keeps every comment and refuses a change that breaks it."""

from pathlib import Path

import pytest

from qualcode.codebook import load_codebook
from qualcode.codebook.writer import add_codes
from qualcode.errors import CodebookError

CODEBOOK = """\
# A hand-written header comment
name: Tiny
codes:
# budget first
- id: budget
  kind: dimension
  label: Budget   # trailing comment
  keywords: {en: [budget]}

framework:
  dimensions: [budget]
"""

NEW = {"id": "budget-cut", "kind": "subcode", "parent": "budget",
       "label": {"id": "Pemotongan anggaran", "en": "Budget cut"},
       "keywords": {"id": ["pemotongan anggaran"], "en": ["budget cut"]}}


def test_a_new_code_is_appended_to_the_codes_list_keeping_comments(tmp_path: Path):
    path = tmp_path / "codebook.yaml"
    path.write_text(CODEBOOK, encoding="utf-8")
    add_codes(path, [NEW])
    text = path.read_text(encoding="utf-8")
    for comment in ("# A hand-written header comment", "# budget first", "# trailing comment"):
        assert comment in text
    codebook = load_codebook(path)
    assert [c.id for c in codebook.codes] == ["budget", "budget-cut"]
    assert codebook.by_id()["budget-cut"].parent == "budget"
    assert codebook.framework.dimensions == ("budget",)
    # the new block sits before the next top-level key, in the list's own indentation
    assert text.index("- id: budget-cut") < text.index("framework:")


def test_indented_lists_keep_their_indentation(tmp_path: Path):
    path = tmp_path / "codebook.yaml"
    path.write_text(CODEBOOK.replace("\n- id", "\n  - id").replace("\n  kind", "\n    kind")
                    .replace("\n  label", "\n    label").replace("\n  keywords", "\n    keywords"),
                    encoding="utf-8")
    add_codes(path, [NEW])
    assert "\n  - id: budget-cut\n    kind: subcode" in path.read_text(encoding="utf-8")
    assert len(load_codebook(path).codes) == 2


@pytest.mark.parametrize("entry, message", [
    ({"id": "budget", "kind": "subcode", "label": "Again"}, "duplicate code id"),
    ({"id": "orphan", "kind": "subcode", "parent": "nowhere", "label": "Orphan"}, "unknown parent"),
])
def test_a_change_that_would_break_the_codebook_leaves_the_file_untouched(tmp_path: Path, entry, message):
    path = tmp_path / "codebook.yaml"
    path.write_text(CODEBOOK, encoding="utf-8")
    with pytest.raises(CodebookError, match=message):
        add_codes(path, [entry])
    assert path.read_text(encoding="utf-8") == CODEBOOK
