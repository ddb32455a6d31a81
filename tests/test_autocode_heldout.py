"""A floor for the auto-coder on held-out, hand-coded answers it was not written from.

tests/data/heldout/segments.yaml was written and coded from the code definitions
alone, by someone who never saw the keyword lists. `python -m benchmarks.autocode_quality`
prints the full per-code table; this test only guards against regressions.
"""

from pathlib import Path

import pytest
import yaml

from qualcode.codebook import load_codebook
from qualcode.condense.autocode import auto_code
from qualcode.condense.evaluation import score_codes
from qualcode.model import Segment, Source

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def scored():
    codebook = load_codebook(ROOT / "codebooks" / "smart-city.yaml")
    items = yaml.safe_load((ROOT / "tests/data/heldout/segments.yaml").read_text(encoding="utf-8"))["segments"]
    sources = [Source(i["id"], i["id"], "", i["text"], "interview", i["language"], None, None, {},
                      (Segment(i["id"], 1, 0, len(i["text"]), i["text"]),)) for i in items]
    predicted: dict[str, set[str]] = {}
    for coding in auto_code(sources, codebook):
        predicted.setdefault(coding.segment_id.rsplit(":", 1)[0], set()).add(coding.code_id)
    gold = {i["id"]: set(i["codes"]) for i in items}
    return codebook, gold, predicted


def test_dimension_level_quality_floor(scored):
    codebook, gold, predicted = scored
    roll = lambda codes: {codebook.top_level(c) for c in codes}  # noqa: E731
    _, micro = score_codes({k: roll(v) for k, v in gold.items()},
                           {k: roll(v) for k, v in predicted.items()})
    assert micro.precision >= 0.75 and micro.recall >= 0.5 and micro.f1 >= 0.6, micro


def test_code_level_quality_floor(scored):
    _, gold, predicted = scored
    _, micro = score_codes(gold, predicted)
    assert micro.precision >= 0.7 and micro.f1 >= 0.55, micro


def test_both_languages_are_coded(scored):
    _, gold, predicted = scored
    for prefix in ("id-", "en-"):
        wanted = {k for k, v in gold.items() if k.startswith(prefix) and v}
        hit = {k for k in wanted if predicted.get(k, set()) & gold[k]}
        assert len(hit) / len(wanted) >= 0.6, prefix
