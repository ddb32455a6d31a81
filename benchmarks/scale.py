"""Measures 6 and 7 of the harness: the displays and the full report on a synthetic store of
1,000 sources and 1,000,000 codings (`benchmarks.run` calls them)."""

from __future__ import annotations

import gc
import shutil
import signal
import statistics
import time
from contextlib import contextmanager
from pathlib import Path

from benchmarks.common import SEED, log, timer


# ------------------------------------------------------------------------------ 6. displays
N_SOURCES = 1000
N_CODINGS = 1_000_000
SEGMENTS_PER_SOURCE = 400


def synthetic_frames(codebook, seed: int = SEED):
    """1,000 sources (one informant each), 400,000 segments, 1,000,000 codings (unique
    segment × code; 5 % of them a researcher's accepted coding, the rest machine suggestions).
    Code frequencies are skewed, as real ones are."""
    import numpy as np
    import pandas as pd

    from benchmarks.corpus import ROLES, Vocabulary, Writer, codebook_terms
    import random

    rng = np.random.default_rng(seed)
    terms = codebook_terms(Path(codebook.path))
    writer = Writer(Vocabulary("id", terms, random.Random(seed)), random.Random(seed + 1))
    pool = np.array([writer.paragraph(1, 4) for _ in range(4000)], dtype=object)
    cases = pd.DataFrame({"case_id": [f"case-{i:04d}" for i in range(N_SOURCES)],
                          "role": rng.choice(np.array(ROLES, dtype=object), N_SOURCES)})
    n_segments = N_SOURCES * SEGMENTS_PER_SOURCE
    source_index = np.repeat(np.arange(N_SOURCES), SEGMENTS_PER_SOURCE)
    ordinal = np.tile(np.arange(1, SEGMENTS_PER_SOURCE + 1), N_SOURCES)
    source_ids = np.array([f"src-{i:04d}" for i in range(N_SOURCES)], dtype=object)
    segment_ids = (pd.Series(source_ids[source_index]) + ":" + pd.Series(ordinal).astype(str)).to_numpy()
    codable = ordinal % 10 != 1  # one turn in ten is the interviewer's
    texts = pool[rng.integers(0, len(pool), n_segments)]
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=n_segments)
    starts = np.zeros(n_segments, dtype=np.int64)
    for s in range(N_SOURCES):  # offsets within each source: segments separated by a blank line
        block = slice(s * SEGMENTS_PER_SOURCE, (s + 1) * SEGMENTS_PER_SOURCE)
        starts[block] = np.concatenate(([0], np.cumsum(lengths[block] + 2)[:-1]))
    segments = pd.DataFrame({
        "segment_id": segment_ids, "source_id": source_ids[source_index],
        "case_id": cases["case_id"].to_numpy()[source_index], "source_type": "interview",
        "language": "id", "speaker": np.where(codable, "Informan", "Pewawancara"),
        "timestamp": None, "codable": codable, "start": starts, "end": starts + lengths,
        "text": texts, "date": "2024-03-01",
    })
    code_ids = np.array([c.id for c in codebook.codes], dtype=object)
    weights = 1.0 / np.arange(1, len(code_ids) + 1) ** 0.8
    weights = rng.permutation(weights / weights.sum())
    codable_rows = np.flatnonzero(codable)
    keys = np.empty(0, dtype=np.int64)
    while len(keys) < N_CODINGS:
        draw = N_CODINGS - len(keys) + 50_000
        seg = codable_rows[rng.integers(0, len(codable_rows), draw)]
        code = rng.choice(len(code_ids), draw, p=weights)
        keys = np.unique(np.concatenate((keys, seg.astype(np.int64) * len(code_ids) + code)))
    keys = rng.permutation(keys)[:N_CODINGS]
    keys.sort()
    seg, code = np.divmod(keys, len(code_ids))
    accepted = rng.random(N_CODINGS) < 0.05
    term_pool = [[t] for t in terms.get("id", ["anggaran"])[:200]]
    codings = pd.DataFrame({
        "segment_id": segment_ids[seg], "code_id": code_ids[code],
        "coder": np.where(accepted, "researcher", "auto"), "origin": "auto",
        "status": np.where(accepted, "accepted", "suggested"),
        "score": np.round(rng.uniform(1.0, 3.0, N_CODINGS), 3),
        "matched": [term_pool[i] for i in rng.integers(0, len(term_pool), N_CODINGS)],
    })
    return segments, codings, cases


def onehot_cooccurrence(codings, segments, codebook):
    """Fallback when qualcode.display.cooccurrence is missing: the sparse one-hot product XᵀX."""
    import numpy as np
    import pandas as pd
    from scipy import sparse

    tops = {c.id: codebook.top_level(c.id) for c in codebook.codes}
    columns = sorted(set(tops.values()))
    present = codings.assign(column=codings["code_id"].map(tops))[["segment_id", "column"]]
    present = present.drop_duplicates()
    rows, _ = pd.factorize(present["segment_id"])
    cols = pd.Categorical(present["column"], categories=columns).codes
    x = sparse.csr_matrix((np.ones(len(rows), dtype=np.int64), (rows, cols)),
                          shape=(rows.max() + 1, len(columns)))
    return pd.DataFrame((x.T @ x).toarray(), index=columns, columns=columns)


def displays(codebook, repeats: int = 3) -> dict:
    from qualcode.display.matrices import case_by_code_matrix

    try:
        from qualcode.display.cooccurrence import cooccurrence_matrix
        cooc_note = "qualcode.display.cooccurrence.cooccurrence_matrix"
    except ImportError:
        cooccurrence_matrix = None
        cooc_note = "module missing: harness one-hot product XᵀX (scipy.sparse)"
    out: dict = {}
    with timer(out, "build_frames_s"):
        segments, codings, cases = synthetic_frames(codebook)
    out.update(sources=N_SOURCES, segments=len(segments), codings=len(codings),
               cooccurrence_impl=cooc_note)
    runs = {
        "case_by_dimension": lambda: case_by_code_matrix(codings, segments, cases, codebook),
        "case_by_code": lambda: case_by_code_matrix(codings, segments, cases, codebook, depth="code"),
    }
    if cooccurrence_matrix is not None:
        runs["cooccurrence_segment_dimension"] = lambda: cooccurrence_matrix(
            codings, segments, cases, codebook)
        runs["cooccurrence_segment_code"] = lambda: cooccurrence_matrix(
            codings, segments, cases, codebook, depth="code")
        runs["cooccurrence_case_dimension"] = lambda: cooccurrence_matrix(
            codings, segments, cases, codebook, level="case")
    else:
        runs["cooccurrence_segment_dimension"] = lambda: onehot_cooccurrence(codings, segments, codebook)
    timings = {}
    for name, run in runs.items():
        seconds = []
        for _ in range(repeats):
            start = time.perf_counter()
            run()
            seconds.append(time.perf_counter() - start)
        timings[name] = statistics.median(seconds)
        log(f"  {name:34} {timings[name]:6.2f} s (median of {repeats})")
    out["seconds"] = timings
    out["pass"] = all(s < 2.0 for s in timings.values())
    segments = codings = cases = None  # free the frames before the next stage
    gc.collect()
    return out


# ------------------------------------------------------------------------------ 7. report
class Budget(Exception):
    pass


@contextmanager
def time_limit(seconds: int):
    def expired(signum, frame):
        raise Budget()

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def synthetic_store(project: Path, codebook) -> dict:
    """A project whose store holds the displays' 1,000 sources and 1,000,000 codings
    (all machine suggestions: the store has no bulk path for people's decisions)."""
    from qualcode.model import AUTO_CODER, Case, Coding, Match, Segment, Source
    from qualcode.project import load_config
    from qualcode.store import Store
    from qualcode.workflow import init_project

    init_project(project, name="benchmark 1,000 sources / 1,000,000 codings")
    config = load_config(project)
    segments, codings, cases = synthetic_frames(codebook)
    out: dict = {}
    with timer(out, "build_store_s"):
        with Store(config.store_path) as store, store.transaction():
            store.upsert_cases([Case(c, {"role": r}) for c, r in zip(cases["case_id"], cases["role"])])
            for source_id, group in segments.groupby("source_id", sort=True):
                text = "\n\n".join(group["text"])
                case_id = group["case_id"].iloc[0]
                segs = tuple(Segment(source_id, int(o.split(":")[1]), int(s), int(e), t, sp, None, bool(c))
                             for o, s, e, t, sp, c in zip(group["segment_id"], group["start"],
                                                          group["end"], group["text"],
                                                          group["speaker"], group["codable"]))
                store.put_source(Source(source_id, f"transcripts/{source_id}.txt", source_id, text,
                                        "interview", "id", "2024-03-01", case_id, {}, segs))
            rows = [Coding(s, c, AUTO_CODER, "auto", "suggested", float(score),
                           (Match(m[0], m[0], 0, len(m[0]), 1.0),))
                    for s, c, score, m in zip(codings["segment_id"], codings["code_id"],
                                              codings["score"], codings["matched"])]
            store.record_codebook(codebook.version, codebook.name,
                                  config.codebook_path.read_text(encoding="utf-8"))
            store.replace_suggestions(rows, AUTO_CODER, codebook.version)
    out.update(sources=N_SOURCES, segments=len(segments), codings=len(codings))
    return out


def report(workdir: Path, fallback: Path, codebook, budget: int) -> dict:
    from qualcode.project import load_config
    from qualcode.workflow import build_report

    project = workdir / "report-1m-codings"
    out = synthetic_store(project, codebook)
    log(f"  synthetic store built in {out['build_store_s']:.1f} s")
    try:
        with time_limit(budget), timer(out, "seconds"):
            build_report(load_config(project))
        out["store"] = f"{N_SOURCES:,} sources, {N_CODINGS:,} codings (synthetic)"
    except Budget:
        log(f"  report on 1,000,000 codings passed the {budget} s budget; using the corpus store")
        out["timed_out_after_s"] = budget
        with timer(out, "seconds"):
            build_report(load_config(fallback))
        out["store"] = f"the --words corpus store (1 M codings ran past {budget} s)"
    shutil.rmtree(project, ignore_errors=True)
    gc.collect()
    # the scale most projects have: the --words corpus store, as `code auto` left it
    seconds = []
    for _ in range(3):
        start = time.perf_counter()
        build_report(load_config(fallback))
        seconds.append(time.perf_counter() - start)
    out["corpus_seconds"] = statistics.median(seconds)
    log(f"  report on the corpus store {out['corpus_seconds']:.2f} s (median of 3)")
    return out
