"""Display performance on a synthetic corpus: 1,000 sources and 1,000,000 codings by default.

    python -m benchmarks.display_scale [--sources 1000] [--codings 1000000] [--seed 1]

Builds segment, coding and case frames directly (no store, no NLP), then times each display
builder once against the shipped codebook. The issue's budget: case × code and co-occurrence
each within a couple of seconds at this size. Wall and CPU time are both shown: on a busy
machine the CPU time is the fairer figure. Not part of the test run.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import pandas as pd

from qualcode.codebook import load_codebook
from qualcode.display.accounting import accounting_log
from qualcode.display.checklist import checklist_matrix
from qualcode.display.cooccurrence import cooccurrence_matrix
from qualcode.display.matrices import case_by_code_matrix
from qualcode.display.role_ordered import role_ordered_matrix
from qualcode.display.summary_table import summary_table
from qualcode.display.time_ordered import time_ordered_matrix

CODEBOOK = Path(__file__).resolve().parents[1] / "qualcode" / "data" / "codebooks" / "smart-city.yaml"
ROLES = ("government", "community", "private", "academic", "legislature")
WORDS = "warga anggaran aplikasi layanan wali kota data server pelatihan partisipasi".split()


def synthetic(sources: int, codings: int, seed: int, codebook) -> tuple[pd.DataFrame, ...]:
    rng = np.random.default_rng(seed)
    per_source = max(1, codings // sources // 5)
    source_ids = np.repeat([f"src-{i:05d}" for i in range(sources)], per_source)
    ordinals = np.tile(np.arange(1, per_source + 1), sources)
    segment_ids = pd.Series(source_ids).str.cat(ordinals.astype(str), sep=":")
    n_segments = len(segment_ids)
    texts = pd.Series(rng.choice(WORDS, size=(n_segments, 12)).tolist()).str.join(" ")
    case_ids = pd.Series(source_ids).str.replace("src", "case", regex=False)
    dates = pd.to_datetime("2024-01-01") + pd.to_timedelta(rng.integers(0, 365, sources), unit="D")
    segments = pd.DataFrame({
        "segment_id": segment_ids, "source_id": source_ids, "case_id": case_ids,
        "source_type": "interview", "language": "id", "speaker": "Informan", "timestamp": None,
        "codable": rng.random(n_segments) > 0.2, "start": 0, "end": 60, "text": texts,
        "date": np.repeat(dates.strftime("%Y-%m-%d").to_numpy(), per_source),
    })
    code_ids = np.array([c.id for c in codebook.codes])
    codings_frame = pd.DataFrame({
        "segment_id": segment_ids.to_numpy()[rng.integers(0, n_segments, codings)],
        "code_id": code_ids[rng.integers(0, len(code_ids), codings)],
        "coder": "auto", "origin": "auto",
        "status": np.where(rng.random(codings) < 0.7, "suggested", "accepted"),
        "score": rng.random(codings).round(3), "matched": None,
    })
    cases = pd.DataFrame({"case_id": sorted(set(case_ids)),
                          "role": [ROLES[i % len(ROLES)] for i in range(sources)]})
    return codings_frame, segments, cases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=1000)
    parser.add_argument("--codings", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    codebook = load_codebook(CODEBOOK)
    codings, segments, cases = synthetic(args.sources, args.codings, args.seed, codebook)
    print(f"{args.sources} sources, {len(segments)} segments, {len(codings)} codings")
    inputs = (codings, segments, cases, codebook)
    runs = {
        "case × dimension (count)": lambda: case_by_code_matrix(*inputs),
        "case × code (count)": lambda: case_by_code_matrix(*inputs, depth="code"),
        "case × dimension (density)": lambda: case_by_code_matrix(*inputs, mode="density"),
        "co-occurrence (segment, dimension)": lambda: cooccurrence_matrix(*inputs),
        "co-occurrence (segment, code)": lambda: cooccurrence_matrix(*inputs, depth="code"),
        "co-occurrence (case, code)": lambda: cooccurrence_matrix(*inputs, level="case", depth="code"),
        "summary table (role)": lambda: summary_table(*inputs),
        "checklist (technology × role)": lambda: checklist_matrix(*inputs, dimension="technology"),
        "role-ordered (quotes)": lambda: role_ordered_matrix(*inputs),
        "data accounting log": lambda: accounting_log(*inputs),
        "time-ordered (month)": lambda: time_ordered_matrix(*inputs),
    }
    print(f"{'display':38s} {'wall':>7s} {'cpu':>7s}  shape")
    for name, build in runs.items():
        started, cpu = time.perf_counter(), time.process_time()
        display = build()
        print(f"{name:38s} {time.perf_counter() - started:6.2f}s {time.process_time() - cpu:6.2f}s  "
              f"{display.table.shape}")


if __name__ == "__main__":
    main()
