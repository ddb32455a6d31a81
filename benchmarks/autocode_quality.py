"""Auto-coder quality on a held-out, hand-coded sample (not part of the test run).

    python -m benchmarks.autocode_quality [tests/data/heldout/segments.yaml] [--threshold 1.0]

Prints precision, recall and F1 per code and overall, at the code level and with
subcodes rolled up to their framework dimension. The sample was written and coded
from the code definitions alone, by someone who never saw the keyword lists.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml

from qualcode.codebook import load_codebook
from qualcode.condense.autocode import auto_code
from qualcode.condense.evaluation import score_codes
from qualcode.model import Segment, Source

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("gold", nargs="?", default=ROOT / "tests/data/heldout/segments.yaml", type=Path)
    parser.add_argument("--codebook", default=ROOT / "codebooks/smart-city.yaml", type=Path)
    parser.add_argument("--threshold", default=1.0, type=float)
    args = parser.parse_args()
    codebook = load_codebook(args.codebook)
    items = yaml.safe_load(args.gold.read_text(encoding="utf-8"))["segments"]
    sources = [Source(item["id"], item["id"], "", item["text"], "interview", item["language"], None,
                      None, {}, (Segment(item["id"], 1, 0, len(item["text"]), item["text"]),))
               for item in items]
    suggestions = auto_code(sources, codebook, args.threshold)
    predicted: dict[str, set[str]] = {}
    for coding in suggestions:
        predicted.setdefault(coding.segment_id.rsplit(":", 1)[0], set()).add(coding.code_id)
    gold = {item["id"]: set(item["codes"]) for item in items}
    top = codebook.top_level
    for level, roll in (("code", lambda c: c), ("dimension", top)):
        per_code, micro = score_codes({k: {roll(c) for c in v} for k, v in gold.items()},
                                      {k: {roll(c) for c in v} for k, v in predicted.items()})
        print(f"\n== {level} level ({len(items)} segments, threshold {args.threshold})")
        print(f"{'code':32} {'P':>5} {'R':>5} {'F1':>5}  tp fp fn")
        for s in per_code + [micro]:
            print(f"{s.code_id:32} {s.precision:5.2f} {s.recall:5.2f} {s.f1:5.2f}  "
                  f"{s.true_positives:2} {s.false_positives:2} {s.false_negatives:2}")
    empty = [k for k, v in gold.items() if not v]
    false_alarms = sum(1 for k in empty if predicted.get(k))
    print(f"\nsegments that should get no code: {len(empty)}; coded anyway: {false_alarms}")


if __name__ == "__main__":
    main()
