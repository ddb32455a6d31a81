"""After a codebook edit, touched segments are matched again for the affected codes only.

`code_changes.Base` names the codebook a piece's rows were made under; the codes an edit
changed, and their ancestors before and after it, are matched again, the other codes'
rows stand. These tests pin down which codes count as affected, how the rows are merged,
and that the codings equal a run without any cache (the parametrised edits of
`test_perf_equivalence` check the same on a larger corpus).
"""

from __future__ import annotations

import sqlite3

import pytest

from qualcode.codebook import load_codebook
from qualcode.condense.autocode import auto_code
from qualcode.condense.code_changes import Base, base_of, merge_rows
from qualcode.condense.coding_cache import SuggestionRow
from qualcode.condense.matching import TermMatcher
from qualcode.condense.term_index import TermIndex, TermTokens
from qualcode.project import load_config
from qualcode.workflow import code_auto
from tests.conftest import second_arguments
from tests.test_perf_equivalence import CODEBOOK, MemoryCache, _source
from tests.test_warm_recode import coded as coded_demo  # noqa: F401 - fixture


def _split(texts: list[str]) -> list[TermTokens]:
    """A stand-in lemmatiser: words split on spaces, lowercased."""
    return [TermTokens(tuple(t.lower().split()), (False,) * len(t.split())) for t in texts]


def _edited(tmp_path, old: str, new: str, name: str = "edited.yaml"):
    text = CODEBOOK.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return load_codebook(path)


def _base(codebook, threshold: float = 1.0) -> Base:
    return base_of(TermMatcher(TermIndex(codebook, _split), "id"), threshold)


TECH_KEYWORDS = "keywords:\n      id: [teknologi informasi,"


def test_a_keyword_added_affects_its_code_and_ancestors_only(tmp_path):
    codebook = load_codebook(CODEBOOK)
    before = _base(codebook)
    after = _base(_edited(tmp_path, TECH_KEYWORDS, "keywords:\n      id: [antena parabola, teknologi informasi,"))
    assert after.affected_since(before) == {"technology"}  # a top-level code: no ancestors
    assert before.affected_since(before) == frozenset() and after.id != before.id
    assert _base(load_codebook(CODEBOOK)).id == before.id  # the same codebook, the same base


def test_a_subcodes_edit_affects_its_parent_too(tmp_path):
    text = CODEBOOK.read_text(encoding="utf-8")
    hardware = text.index("  - id: hardware")
    keywords = text.index("    keywords:\n      id: [", hardware)
    path = tmp_path / "edited.yaml"
    path.write_text(text[:keywords] + "    keywords:\n      id: [antena parabola, "
                    + text[keywords + len("    keywords:\n      id: ["):], encoding="utf-8")
    assert _base(load_codebook(path)).affected_since(_base(load_codebook(CODEBOOK))) == {"hardware", "technology"}


def test_a_moved_code_affects_its_old_and_new_parents(tmp_path):
    before = _base(load_codebook(CODEBOOK))
    moved = _base(_edited(tmp_path, "parent: technology", "parent: budget-support"))
    assert moved.affected_since(before) == {"hardware", "technology", "budget-support"}
    top = _base(_edited(tmp_path, "    parent: technology\n", "", "top.yaml"))
    assert top.affected_since(before) == {"hardware", "technology"}


def test_a_removed_code_is_affected_with_its_parent(tmp_path):
    text = CODEBOOK.read_text(encoding="utf-8")
    start = text.index("  - id: hardware")
    end = text.index("  - id: software")
    path = tmp_path / "removed.yaml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    assert _base(load_codebook(path)).affected_since(_base(load_codebook(CODEBOOK))) == {"hardware", "technology"}


def test_other_rules_or_no_base_affect_every_code():
    codebook = load_codebook(CODEBOOK)
    base = _base(codebook)
    assert _base(codebook, 2.0).affected_since(base) is None  # another threshold
    assert base.affected_since(None) is None
    kept = base.to_json()
    assert Base.from_json(base.id, kept) == base
    assert Base.from_json(base.id, kept.encode("utf-8")) == base
    assert Base.from_json("0" * 16, kept) is None  # kept under another id
    for damaged in (None, "", "{", "[]", '{"rules": 1}', kept.replace('"rules": ', '"rules": "'),
                    kept[:-2] + "x}", '{"rules": 1, "codes": {"a": 5}}'):
        assert Base.from_json(base.id, damaged) is None, damaged


def _row(segment: str, code: str, score: float = 1.0) -> SuggestionRow:
    return SuggestionRow(segment, code, score, "[]")


def test_merged_rows_keep_codes_not_affected_and_drop_fresh_ones_a_kept_code_implies():
    ancestors = {"hardware": {"technology"}, "technology": set(), "budget-support": set(),
                 "budget-planning": {"budget-support"}}
    kept = [_row("s", "budget-planning"), _row("s", "technology", 2.0)]
    fresh = [_row("s", "budget-support", 3.0), _row("s", "hardware", 1.5)]
    merged = merge_rows(kept, fresh, frozenset({"technology", "hardware", "budget-support"}), ancestors)
    # technology's kept row gives way (affected), budget-support is implied by kept budget-planning
    assert merged == [_row("s", "budget-planning"), _row("s", "hardware", 1.5)]
    assert merge_rows(kept, [], frozenset(), ancestors) == sorted(kept, key=lambda r: r.code_id)


TEXTS = [
    "Jaringan internet dan server di kantor dinas sering mati, teknologi informasi kita lemah.",
    "Antena parabola belum ada di desa, jadi sinyal jelek dan aplikasi tidak bisa dipakai.",
    "Anggaran untuk teknologi kecil sekali, tidak ada dukungan anggaran dari DPRD.",
    "Wali kota mendukung penuh program smart city, komitmen pimpinan sangat kuat.",
    "Pelatihan pegawai tentang aplikasi dan perangkat lunak masih kurang.",
    "Tidak ada antena parabola, tidak ada jaringan fiber optik, teknologi tertinggal.",
    "Antena parabolanya dibangun tahun lalu di dekat balai desa.",
]


@pytest.fixture
def sources():
    return [_source(f"s{k}", "id", TEXTS[k:] + TEXTS[:k]) for k in range(3)]


AFFECTED = {"parent keyword": {"technology"}, "subcode keyword": {"hardware", "technology"},
            "moved": {"hardware", "technology", "budget-support"}, "removed": {"hardware", "technology"}}


@pytest.mark.parametrize("edit", sorted(AFFECTED))
def test_rows_after_an_edit_equal_a_run_without_cache(edit, sources, tmp_path, monkeypatch):
    codebook = load_codebook(CODEBOOK)
    text = CODEBOOK.read_text(encoding="utf-8")
    if edit == "parent keyword":
        changed = _edited(tmp_path, TECH_KEYWORDS, "keywords:\n      id: [antena parabola, jaringan, teknologi informasi,")
    elif edit == "subcode keyword":
        hardware = text.index("  - id: hardware")
        keywords = text.index("    keywords:\n      id: [", hardware) + len("    keywords:\n      id: [")
        (tmp_path / "sub.yaml").write_text(text[:keywords] + "antena parabola, " + text[keywords:], encoding="utf-8")
        changed = load_codebook(tmp_path / "sub.yaml")
    elif edit == "moved":
        changed = _edited(tmp_path, "parent: technology", "parent: budget-support")
    else:
        (tmp_path / "removed.yaml").write_text(
            text[:text.index("  - id: hardware")] + text[text.index("  - id: software"):], encoding="utf-8")
        changed = load_codebook(tmp_path / "removed.yaml")
    restricted = second_arguments(monkeypatch, TermMatcher, "restricted")  # the codes
    cache = MemoryCache()
    cold = auto_code(sources, codebook, cache=cache)
    assert cold and not restricted
    warm = auto_code(sources, changed, cache=cache)
    assert warm == auto_code(sources, changed)  # no cache at all
    assert warm != cold
    expected = frozenset(AFFECTED[edit])
    assert restricted and set(restricted) == {expected}
    # The edit undone: matched again for the same codes, back to the first rows.
    restricted.clear()
    assert auto_code(sources, codebook, cache=cache) == cold and set(restricted) == {expected}


def test_a_lost_base_matches_touched_segments_whole(sources, tmp_path, monkeypatch):
    codebook = load_codebook(CODEBOOK)
    changed = _edited(tmp_path, TECH_KEYWORDS, "keywords:\n      id: [antena parabola, teknologi informasi,")
    cache = MemoryCache()
    auto_code(sources, codebook, cache=cache)
    for base_id in cache.bases:
        cache.bases[base_id] = "{"  # damaged
    monkeypatch.setattr(TermMatcher, "restricted", _never)
    assert auto_code(sources, changed, cache=cache) == auto_code(sources, changed)


def test_a_damaged_base_of_this_codebook_is_written_again(coded_demo):
    path = coded_demo / ".qualcode" / "cache.db"
    with sqlite3.connect(path) as conn:
        kept = dict(conn.execute("SELECT id, data FROM codebook_bases"))  # one per language
        conn.execute("UPDATE codebook_bases SET data = '{'")
        conn.execute("DELETE FROM piece_codings6")
    code_auto(load_config(coded_demo))  # matches the pieces that lost their entries: writes the bases again
    with sqlite3.connect(path) as conn:
        assert dict(conn.execute("SELECT id, data FROM codebook_bases")) == kept and len(kept) == 2


def _never(self, codes):
    raise AssertionError("a restricted matcher without a base to compare with")


def test_damaged_rows_of_a_piece_an_edit_left_alone_are_matched_again(sources, tmp_path):
    codebook = load_codebook(CODEBOOK)
    changed = _edited(tmp_path, TECH_KEYWORDS, "keywords:\n      id: [antena parabola, teknologi informasi,")
    sources = sources + [_source("other", "id", [TEXTS[3], "Anggaran daerah untuk program ini sudah disahkan DPRD."])]
    cache = MemoryCache()
    auto_code(sources, codebook, cache=cache)
    kept = dict(cache.codings)
    auto_code(sources, changed, cache=cache)
    untouched = [key for key, head in cache.codings.items() if kept.get(key) == head]
    assert untouched  # made under the first codebook, still good under the second
    for key in untouched:
        cache.rows[key] = b"\xff damaged"
    assert auto_code(sources, changed, cache=cache) == auto_code(sources, changed)


def test_a_kept_start_table_saves_hashing_and_a_damaged_one_is_made_again(sources, tmp_path, monkeypatch):
    codebook = load_codebook(CODEBOOK)
    changed = _edited(tmp_path, TECH_KEYWORDS, "keywords:\n      id: [antena parabola, teknologi informasi,")
    cache = MemoryCache()
    cold = auto_code(sources, codebook, cache=cache)
    assert len(cache.starts) == 1  # one language, one base
    (base_id, kept), = cache.starts.items()
    hashed = second_arguments(monkeypatch, TermMatcher, "_digest")  # the lemmas hashed
    assert auto_code(sources, codebook, cache=cache) == cold and not hashed  # the kept table
    crcs = len(kept) // 12 * 4
    for damaged in (kept[:-1], kept[:crcs - 4] + b"\x00\x00\x00\x00" + kept[crcs:], b""):
        cache.starts[base_id] = damaged
        assert auto_code(sources, codebook, cache=cache) == cold and hashed  # worked out again
        assert cache.starts[base_id] == kept  # and kept again
        hashed.clear()
    assert auto_code(sources, changed, cache=cache) == auto_code(sources, changed)
    assert len(cache.starts) == 2 and hashed
