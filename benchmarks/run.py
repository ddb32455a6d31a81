"""The performance harness of issue 9 (not part of the test run).

    python -m benchmarks.run [--words 1000000] [--json out.json] [--skip-10m] [--no-sweep]
                             [--repeats 3] [--warm-repeats 5]

Measures, in one process and one run, and prints each figure with its ratio and the
issue's bar (PASS / MISS):

  bare_tokenizer  spacy.blank(lang).tokenizer.pipe over the codable segments: spaCy's own
                  tokenizer, every special case loaded (words/s)
  regex_scan      one compiled regex of every codebook term over the lowercased text (words/s)
  cold_code       ingest + code auto into a fresh store and no token cache (words/s; ÷ bare_tokenizer)
  warm_recode     code auto after adding one keyword, token cache present (words/s; ÷ cold_code);
                  also as a new `qualcode code auto` process, imports included (seconds)
  jobs2           cold_code with jobs=2 (speed-up over jobs=1), plus a small sweep of corpus
                  sizes with the JOBS_MIN_SEGMENTS threshold lifted, to show where 2 jobs pay
  displays        case × code and co-occurrence on 1,000 sources / 1,000,000 codings (seconds)
  report          build_report from a store of that size, or from the --words store if it
                  runs past --report-budget seconds (the results say which)
  peak_rss        cold coding of 1 M and 10 M words, and of one ~50 MB transcript, each in a
                  child process (MiB; benchmarks.memory)
  cli_start       `qualcode --help` and `qualcode status` as whole processes, median of 10 (s)

and rewrites benchmarks/RESULTS.md. bare_tokenizer, cold_code, warm_recode and jobs2 are
each the median of several runs (`--repeats`, `--warm-repeats`). Rates are codable words
per second: the words of the segments the coder tokenises (interviewer turns are not
coded), so every ratio is a ratio of wall times for the same text. Each "cold" or "warm" run starts from freshly built
pipelines (the lru_cache of `qualcode.condense.nlp.pipeline` is cleared), as a new
`qualcode` command would, so building the pipelines is part of its time; the build time is
also reported on its own. A warm run whose segments and terms are all in the token cache
builds no pipeline at all.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from benchmarks.memory import CHILD_FLAG, child_cold_code, peak_rss, single_file_rss

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
SEED = 7
MIB = 1024 * 1024

BARS = {
    "cold_code": "cold_code ≥ 0.8 × bare_tokenizer",
    "warm_recode": "warm_recode ≥ 10 × cold_code",
    "jobs2": "jobs2 ≥ 1.7× on 2 cores",
    "displays": "each display < 2 s at 1 M codings",
    "peak_rss": "10 M words < 1 GiB and < 1.3 × 1 M words",
    "peak_rss_single_file": "one ~50 MB transcript within the memory bar (< 1 GiB; issue 8)",
    "cli_start": "`qualcode --help` < 0.25 s wall",
}


# ------------------------------------------------------------------------------ helpers
def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@contextmanager
def timer(into: dict, key: str):
    start = time.perf_counter()
    yield
    into[key] = time.perf_counter() - start


LOAD: dict[str, float] = {}


def stage(name: str) -> None:
    """Log a stage, and note the 1-minute load average as it starts (other work on the machine
    slows every figure; the ratios, measured minutes apart, less so)."""
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    LOAD[name] = round(load, 2)
    log(f"{name}  (load average {load:.2f})")


def fresh_pipelines() -> None:
    """Forget built pipelines, so the next run builds them as a new process would."""
    from qualcode.condense import nlp

    nlp.pipeline.cache_clear()
    nlp.lookup_table.cache_clear()
    gc.collect()


def median_run(measure, runs: int, between=None) -> dict:
    """`measure()` `runs` times (`between()` untimed after each but the last): the run of
    median wall time, with every run's seconds. This machine's speed drifts by a third from
    one second to the next (shared cores), so one run per figure makes ratios noise."""
    done = []
    for k in range(runs):
        done.append(measure())
        if between is not None and k < runs - 1:
            between()
    ordered = sorted(done, key=lambda item: item["seconds"])
    chosen = dict(ordered[(len(ordered) - 1) // 2])
    chosen["runs_s"] = [item["seconds"] for item in done]
    return chosen


def words_of(text: str) -> int:
    return len(text.split())


def verdict(ok: bool | None) -> str:
    return "SKIPPED" if ok is None else ("PASS" if ok else "MISS")


def copy_project(source: Path, target: Path) -> Path:
    """The project's files without its store and token cache."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".qualcode"))
    return target


# ------------------------------------------------------------------------------ corpus
def parsed_sources(project: Path):
    """The sources as ingest would read them (untimed): for the tokenizer and regex floors."""
    from qualcode.ingest import plan_ingest
    from qualcode.project import load_config

    config = load_config(project)
    return plan_ingest(config.transcript_files(), config.root, config.cases_path,
                       config.language, unit=config.unit).sources


def codable_texts(sources) -> dict[str, list[str]]:
    texts: dict[str, list[str]] = {}
    for source in sources:
        texts.setdefault(source.language, []).extend(s.text for s in source.segments if s.codable)
    return texts


# ------------------------------------------------------------------------------ 1. and 2.
def bare_tokenizer(texts: dict[str, list[str]], words: int) -> dict:
    """spaCy's own blank tokenizer (every special case loaded up front), not qualcode's: the
    floor of any spaCy pipeline, untouched by what qualcode does to go faster."""
    import spacy

    fresh_pipelines()
    build: dict = {}
    with timer(build, "seconds"):
        nlps = {language: spacy.blank(language) for language in sorted(texts)}
    tokens = 0
    out: dict = {"pipeline_build_s": build["seconds"]}
    with timer(out, "seconds"):
        for language, items in sorted(texts.items()):
            for doc in nlps[language].tokenizer.pipe(items, batch_size=1000):
                tokens += len(doc)
    out.update(tokens=tokens, words_per_s=words / out["seconds"])
    fresh_pipelines()
    return out


def term_regex(codebook) -> re.Pattern:
    terms = {k.term.lower() for code in codebook.codes
             for k in (*code.keywords, *code.exclude_keywords)}
    parts = [r"\s+".join(map(re.escape, term.split())) for term in
             sorted(terms, key=lambda t: (-len(t), t))]
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")


def regex_scan(texts: dict[str, list[str]], words: int, codebook) -> dict:
    pattern = term_regex(codebook)
    joined = "\n".join(t for items in texts.values() for t in items)
    out: dict = {}
    with timer(out, "seconds"):
        matches = sum(1 for _ in pattern.finditer(joined.lower()))
    out.update(matches=matches, terms=pattern.pattern.count("|") + 1,
               words_per_s=words / out["seconds"], match_density=matches / words)
    return out


# ------------------------------------------------------------------------------ 3. 4. 5.
def cold_code(project: Path, jobs: int = 1) -> dict:
    """Ingest + code auto into a fresh store, with no token cache."""
    from qualcode.project import load_config
    from qualcode.workflow import code_auto, ingest

    shutil.rmtree(project / ".qualcode", ignore_errors=True)
    fresh_pipelines()
    config = load_config(project)
    out: dict = {"jobs": jobs}
    cpu = time.process_time()
    with timer(out, "seconds"):
        with timer(out, "ingest_s"):
            ingested = ingest(config)
        with timer(out, "code_s"):
            report = code_auto(config, jobs=jobs)
    out["cpu_s_this_process"] = time.process_time() - cpu
    out.update(sources=len(ingested.added), segments=report.segments,
               suggestions=report.suggestions, by_code=report.by_code)
    return out


def add_keyword(codebook_path: Path) -> str:
    """A small codebook edit: one more strong Indonesian keyword on the first code that has some.
    Returns the original text, to put back."""
    text = codebook_path.read_text(encoding="utf-8")
    match = re.search(r"^(\s+keywords:\s*\n\s+id: \[)", text, flags=re.MULTILINE)
    if not match:
        raise RuntimeError(f"{codebook_path}: found no `keywords: id: [` list to extend")
    edited = text[:match.end()] + "halte, " + text[match.end():]
    codebook_path.write_text(edited, encoding="utf-8")
    return text


def warm_recode(project: Path) -> dict:
    from qualcode.project import load_config
    from qualcode.workflow import code_auto

    config = load_config(project)
    cache = project / ".qualcode" / "cache.db"
    if not cache.is_file():
        raise RuntimeError("warm_recode needs the token cache of a cold run")
    original = add_keyword(config.codebook_path)
    try:
        fresh_pipelines()
        out: dict = {"cache_mib": sum(f.stat().st_size for f in cache.parent.glob("cache.db*")) / MIB}
        cpu = time.process_time()
        with timer(out, "seconds"):
            report = code_auto(config)
        out["cpu_s_this_process"] = time.process_time() - cpu
        out.update(segments=report.segments, suggestions=report.suggestions,
                   withdrawn=report.withdrawn, by_code=report.by_code,
                   codebook_version=report.codebook_version)
    finally:
        config.codebook_path.write_text(original, encoding="utf-8")
    return out


def restore_codings(project: Path) -> None:
    """Code the project with its own codebook again (untimed), so the next warm_recode
    repeats the same edit on the same state."""
    from qualcode.project import load_config
    from qualcode.workflow import code_auto

    fresh_pipelines()
    code_auto(load_config(project))


def compile_bytecode() -> bool:
    """Compile qualcode's modules to bytecode before timing whole processes, as pip does when
    it installs a package: the process figures then measure a command as users run it. (A
    checkout installed in editable mode writes its bytecode on first import, unless
    PYTHONDONTWRITEBYTECODE is set, as on some machines, where every command would compile
    every module it imports again: 0.1-0.2 s of each.)"""
    import compileall

    return bool(compileall.compile_dir(str(ROOT / "qualcode"), quiet=1))


def warm_process(project: Path, runs: int = 3) -> dict:
    """warm_recode as a user runs it: `qualcode code auto` as a new process after the same
    edit (imports, config and codebook reading included), median of `runs`."""
    from qualcode.project import load_config

    exe = Path(sys.executable).with_name("qualcode")
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "qualcode"]
    codebook_path = load_config(project).codebook_path
    seconds = []
    for _ in range(runs):
        restore_codings(project)
        original = add_keyword(codebook_path)
        try:
            start = time.perf_counter()
            subprocess.run(command + ["code", "auto"], cwd=project, capture_output=True, check=True)
            seconds.append(time.perf_counter() - start)
        finally:
            codebook_path.write_text(original, encoding="utf-8")
    return {"seconds": statistics.median(seconds), "runs_s": seconds}


def pipeline_build() -> dict:
    from qualcode.condense.nlp import pipeline

    out: dict = {}
    fresh_pipelines()
    for language in ("id", "en"):
        with timer(out, language):
            pipeline(language)
    fresh_pipelines()
    return out


def jobs_sweep(workdir: Path, sizes: list[int]) -> list[dict]:
    """code auto with 1 and 2 jobs on small corpora, the JOBS_MIN_SEGMENTS floor lifted
    (in this process only), to see from how many segments a second process pays."""
    from benchmarks.corpus import make_project
    from qualcode.condense import autocode
    from qualcode.project import load_config
    from qualcode.workflow import code_auto, ingest

    rows = []
    saved = autocode.JOBS_MIN_SEGMENTS
    autocode.JOBS_MIN_SEGMENTS = 0
    try:
        for size in sizes:
            project = workdir / f"sweep-{size}"
            make_project(project, size, SEED)
            row: dict = {"words": size}
            for jobs in (1, 2):
                shutil.rmtree(project / ".qualcode", ignore_errors=True)
                config = load_config(project)
                ingest(config)
                fresh_pipelines()
                with timer(row, f"code_s_jobs{jobs}"):
                    report = code_auto(config, jobs=jobs)
                row["segments"] = report.segments
            row["speedup"] = row["code_s_jobs1"] / row["code_s_jobs2"]
            rows.append(row)
            log(f"  sweep {size:>8,} words  {row['segments']:>6,} segments  "
                f"1 job {row['code_s_jobs1']:.2f} s  2 jobs {row['code_s_jobs2']:.2f} s  "
                f"speed-up {row['speedup']:.2f}×")
            shutil.rmtree(project, ignore_errors=True)
    finally:
        autocode.JOBS_MIN_SEGMENTS = saved
    return rows


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
    return out


# ------------------------------------------------------------------------------ 9. CLI start
def cli_start(project: Path, runs: int = 10) -> dict:
    exe = Path(sys.executable).with_name("qualcode")
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "qualcode"]
    out: dict = {"command": " ".join(command)}
    for name, args in (("help", ["--help"]), ("status", ["status"])):
        seconds = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(command + args, cwd=project, capture_output=True, check=True)
            seconds.append(time.perf_counter() - start)
        out[name] = statistics.median(seconds)
        out[f"{name}_all"] = seconds
    return out


# ------------------------------------------------------------------------------ results
def machine() -> dict:
    import spacy

    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                                capture_output=True, text=True).stdout.strip() or "unknown"
    except OSError:
        commit = "unknown"
    try:
        import psutil  # noqa: F401 - only when already installed
        memory = f"{psutil.virtual_memory().total / 2**30:.1f} GiB"
    except ImportError:
        try:
            memory = f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.1f} GiB"
        except (ValueError, OSError, AttributeError):
            memory = "unknown"
    return {
        "platform": platform.platform(), "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(), "memory": memory, "python": platform.python_version(),
        "spacy": spacy.__version__, "date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "commit": commit,
    }


def evaluate(r: dict) -> dict:
    """Ratios and verdicts against the issue's bars."""
    bare, cold = r["bare_tokenizer"]["words_per_s"], r["cold_code"]["words_per_s"]
    r["ratios"] = {
        "cold_over_bare": cold / bare,
        "warm_over_cold": r["warm_recode"]["words_per_s"] / cold,
        "jobs2_speedup": r["cold_code"]["seconds"] / r["jobs2"]["seconds"],
        "jobs2_code_speedup": r["cold_code"]["code_s"] / r["jobs2"]["code_s"],
        "regex_over_bare": r["regex_scan"]["words_per_s"] / bare,
    }
    rss = r["peak_rss"]
    big = rss.get("10m")
    if big is None:
        rss_ok = None
    elif "peak_rss_mib" in big:
        rss_ok = big["peak_rss_mib"] < 1024 and big["peak_rss_mib"] < 1.3 * rss["1m"]["peak_rss_mib"]
        r["ratios"]["rss_10m_over_1m"] = big["peak_rss_mib"] / rss["1m"]["peak_rss_mib"]
    else:  # stopped at its budget: the peak so far is a lower bound
        so_far = big["peak_rss_mib_so_far"]
        r["ratios"]["rss_10m_over_1m_at_least"] = so_far / rss["1m"]["peak_rss_mib"]
        rss_ok = False if (so_far >= 1024 or so_far >= 1.3 * rss["1m"]["peak_rss_mib"]) else None
    r["verdicts"] = {
        "cold_code": verdict(r["ratios"]["cold_over_bare"] >= 0.8),
        "warm_recode": verdict(r["ratios"]["warm_over_cold"] >= 10),
        "jobs2": verdict(r["ratios"]["jobs2_speedup"] >= 1.7),
        "displays": verdict(r["displays"]["pass"]),
        "peak_rss": verdict(rss_ok),
        "cli_start": verdict(r["cli_start"]["help"] < 0.25),
        "peak_rss_single_file": verdict(r["single_file"].get("peak_rss_mib", 1e9) < 1024)
        if r.get("single_file") else "SKIPPED",
    }
    return r


def summary_rows(r: dict) -> list[tuple[str, str, str, str]]:
    """(measure, figure, bar, verdict) rows, shared by the printout and RESULTS.md."""
    ratio, v = r["ratios"], r["verdicts"]
    bare, regex, cold, warm = (r[k] for k in ("bare_tokenizer", "regex_scan", "cold_code", "warm_recode"))
    jobs, disp, rep, rss, cli = (r[k] for k in ("jobs2", "displays", "report", "peak_rss", "cli_start"))
    rows = [
        ("bare_tokenizer", f"{bare['words_per_s']:,.0f} words/s ({bare['seconds']:.2f} s)", "floor", ""),
        ("regex_scan", f"{regex['words_per_s']:,.0f} words/s ({regex['seconds']:.2f} s); "
                       f"{ratio['regex_over_bare']:.2f} × bare", "ceiling", ""),
        ("cold_code", f"{cold['words_per_s']:,.0f} words/s ({cold['seconds']:.2f} s: ingest "
                      f"{cold['ingest_s']:.2f} + code {cold['code_s']:.2f}); "
                      f"{ratio['cold_over_bare']:.3f} × bare_tokenizer", BARS["cold_code"], v["cold_code"]),
        ("warm_recode", f"{warm['words_per_s']:,.0f} words/s ({warm['seconds']:.2f} s); "
                        f"{ratio['warm_over_cold']:.2f} × cold_code"
                        + (f"; as a new `qualcode code auto` process {warm['process']['seconds']:.2f} s"
                           if "process" in warm else ""), BARS["warm_recode"], v["warm_recode"]),
        ("jobs2", f"{ratio['jobs2_speedup']:.2f}× ({jobs['seconds']:.2f} s vs {cold['seconds']:.2f} s; "
                  f"code alone {ratio['jobs2_code_speedup']:.2f}×); "
                  f"{r['machine']['cpus']} CPUs", BARS["jobs2"], v["jobs2"]),
        ("displays", "; ".join(f"{k} {s:.2f} s" for k, s in disp["seconds"].items()),
         BARS["displays"], v["displays"]),
        ("report", f"{rep['seconds']:.1f} s ({rep['store']})", "none", ""),
    ]
    one = rss["1m"]
    big = rss.get("10m")
    if big is None:
        ten = "; 10 M skipped (--skip-10m)"
    elif "peak_rss_mib" in big:
        ten = f"; 10 M words {big['peak_rss_mib']:,.0f} MiB ({ratio['rss_10m_over_1m']:.2f} × 1 M)"
    else:
        ten = (f"; 10 M words stopped at its {big['timed_out_after_s']:.0f} s budget with "
               f"≥ {big['peak_rss_mib_so_far']:,.0f} MiB (≥ {ratio['rss_10m_over_1m_at_least']:.2f} × 1 M)")
    rows.append(("peak_rss", f"1 M words {one['peak_rss_mib']:,.0f} MiB" + ten,
                 BARS["peak_rss"], v["peak_rss"]))
    single = r.get("single_file")
    if single:
        figure = (f"{single['peak_rss_mib']:,.0f} MiB, one {single['file_mib']:.0f} MB transcript "
                  f"({single['words']:,} words); {single['peak_rss_mib'] / one['peak_rss_mib']:.2f} × 1 M words"
                  if "peak_rss_mib" in single else
                  f"stopped at its budget with ≥ {single['peak_rss_mib_so_far']:,.0f} MiB")
        rows.append(("peak_rss_single_file", figure, BARS["peak_rss_single_file"],
                     v["peak_rss_single_file"]))
    rows.append(("cli_start", f"--help {cli['help']:.3f} s; status {cli['status']:.3f} s (median of 10)",
                 BARS["cli_start"], v["cli_start"]))
    return rows


def print_results(r: dict) -> None:
    print()
    for measure, figure, bar, result in summary_rows(r):
        print(f"{measure:15} {figure}")
        if result:
            print(f"{'':15} bar: {bar} → {result}")


def write_results(r: dict, path: Path = RESULTS) -> None:
    m, c = r["machine"], r["corpus"]
    lines = [
        "# Performance results",
        "",
        "Generated by `python -m benchmarks.run` (issue 9); do not edit by hand — rerun the harness.",
        "",
        "| | |", "|---|---|",
        f"| date | {m['date']} |",
        f"| commit | {m['commit']} |",
        f"| machine | {m['platform']}, {m['processor']}, {m['cpus']} CPUs, {m['memory']} RAM |",
        f"| software | Python {m['python']}, spaCy {m['spacy']} |",
        f"| corpus | {c['words']:,} words in {c['files']:,} files (seed {c['seed']}): "
        f"{', '.join(f'{k} {v:,}' for k, v in c['words_by_language'].items())}; "
        f"{', '.join(f'{k} {v:,}' for k, v in c['words_by_kind'].items())}; "
        f"{c['codable_words']:,} codable words in {c['codable_segments']:,} segments; "
        f"codebook-term tokens {c['term_share']:.1%} by design, regex term hits "
        f"{r['regex_scan']['match_density']:.1%} of words |",
        f"| command | `{r['command']}` |",
        "",
        "## Figures and bars",
        "",
        "| measure | figure | bar | result |",
        "|---|---|---|---|",
    ]
    for measure, figure, bar, result in summary_rows(r):
        lines.append(f"| {measure} | {figure} | {bar} | {'**' + result + '**' if result else ''} |")
    cold, warm, bare = r["cold_code"], r["warm_recode"], r["bare_tokenizer"]
    lines += [
        "",
        "## Details",
        "",
        f"- Pipeline build (qualcode.condense.nlp.pipeline: spacy.blank with lazily loaded special "
        f"cases + qualcode_lemma), on its own: id {r['pipeline_build']['id']:.2f} s, en "
        f"{r['pipeline_build']['en']:.2f} s. It is inside cold_code (a new command builds them); a "
        "warm_recode whose segments and terms are all in the token cache builds none. "
        f"bare_tokenizer uses spaCy's own spacy.blank tokenizers (every special case; built in "
        f"{bare['pipeline_build_s']:.2f} s, not timed).",
        f"- cold_code: {cold['sources']:,} sources, {cold['segments']:,} codable segments, "
        f"{cold['suggestions']:,} suggestions.",
        f"- warm_recode: one strong keyword added (`halte`), codebook {warm['codebook_version']}; "
        f"{warm['suggestions']:,} suggestions ({warm['withdrawn']:,} withdrawn); token cache "
        f"{warm['cache_mib']:.0f} MiB.",
        f"- jobs2: the same cold run with jobs=2 (JOBS_MIN_SEGMENTS = {r['jobs2']['threshold']:,} "
        f"codable segments; this corpus has {cold['segments']:,}); codings identical to 1 job: "
        f"{'yes' if r['jobs2']['identical'] else 'NO'}.",
        f"- bare_tokenizer: {bare['tokens']:,} tokens; regex_scan: {r['regex_scan']['terms']:,} "
        f"terms in one alternation.",
        "- Each of bare_tokenizer, cold_code, warm_recode and jobs2 is the median of several runs "
        "(the machine's speed drifts between runs); every run's seconds: "
        + "; ".join(f"{name} " + ", ".join(f"{t:.2f}" for t in r[name]["runs_s"])
                    for name in ("bare_tokenizer", "cold_code", "warm_recode", "jobs2") if "runs_s" in r[name])
        + ". Before each warm_recode but the first, the project is coded with its own codebook "
          "again (untimed), so every run makes the same edit on the same state."
        + (" The new-process figure of warm_recode runs `qualcode code auto` after the same edit, "
           "imports and all: " + ", ".join(f"{t:.2f}" for t in warm["process"]["runs_s"]) + " s."
           if "process" in warm else "")
        + (" Whole-process figures (this one and cli_start) are taken with qualcode's modules "
           "compiled to bytecode first, as an installed package has them."
           if r.get("bytecode") else ""),
        f"- displays: synthetic frames ({r['displays']['sources']:,} sources, "
        f"{r['displays']['segments']:,} segments, {r['displays']['codings']:,} codings) built in "
        f"{r['displays']['build_frames_s']:.1f} s (untimed); co-occurrence via "
        f"{r['displays']['cooccurrence_impl']}; each figure is the median of 3.",
    ]
    if "build_store_s" in r["report"]:
        lines.append(f"- report: synthetic store filled in {r['report']['build_store_s']:.1f} s (untimed); "
                     "build_report writes markdown, docx, matrices and conclusions.")
    rss = dict(r["peak_rss"])
    if r.get("single_file"):
        rss["single file"] = r["single_file"]
    for key, item in rss.items():
        if "peak_rss_mib" not in item:
            lines.append(f"- peak_rss {key}: child process stopped after {item['seconds']:.0f} s "
                         f"(budget); VmHWM polled so far {item['peak_rss_mib_so_far']:,.0f} MiB.")
            continue
        lines.append(f"- peak_rss {key}: child process, {item['seconds']:.1f} s wall "
                     f"({item['cpu_s']:.1f} s CPU), {item['segments']:,} segments, "
                     f"{item['after_imports_mib']:.0f} MiB after imports, "
                     f"{item.get('after_ingest_mib') or 0:,.0f} MiB after ingest, peak {item['peak_rss_mib']:,.0f} MiB "
                     f"({item['source']}; getrusage ru_maxrss {item['ru_maxrss_mib']:,.0f} MiB, which on "
                     "Linux also counts the parent's size at exec).")
    if r.get("sweep"):
        lines += ["", "### When do 2 jobs pay? (code auto only, JOBS_MIN_SEGMENTS lifted)", "",
                  "| words | codable segments | 1 job (s) | 2 jobs (s) | speed-up |",
                  "|---:|---:|---:|---:|---:|"]
        for row in r["sweep"]:
            lines.append(f"| {row['words']:,} | {row['segments']:,} | {row['code_s_jobs1']:.2f} | "
                         f"{row['code_s_jobs2']:.2f} | {row['speedup']:.2f}× |")
    loads = r.get("load_average", {})
    if loads:
        lines += ["", f"Load average (1 min) as each stage started, on {m['cpus']} CPUs: "
                  + "; ".join(f"{k.split(' (')[0]} {v:.1f}" for k, v in loads.items())
                  + ". A load above the CPU count means other work shared the machine and every "
                    "wall time is slower than on a quiet machine; ratios of neighbouring runs "
                    "suffer less.",
                  f"CPU time of this process: cold_code {cold['cpu_s_this_process']:.1f} s of "
                  f"{cold['seconds']:.1f} s wall; warm_recode {warm['cpu_s_this_process']:.1f} s of "
                  f"{warm['seconds']:.1f} s wall."]
    lines += ["", "Rates are codable words per second (the text the coder tokenises), so ratios are "
              "ratios of wall time for the same text.", ""]
    path.write_text("\n".join(lines), encoding="utf-8")


# ------------------------------------------------------------------------------ main
def main(argv: list[str] | None = None) -> dict:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == [CHILD_FLAG]:
        child_cold_code(Path(argv[1]))
        return {}
    parser = argparse.ArgumentParser(description="qualcode performance harness (issue 9)")
    parser.add_argument("--words", type=int, default=1_000_000)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--skip-10m", action="store_true", help="skip peak RSS of 10 M words")
    parser.add_argument("--single-file-words", type=int, default=7_000_000,
                        help="words of the one-transcript peak RSS case (about 50 MB); 0 skips it")
    parser.add_argument("--rss-10m-budget", type=float, default=900,
                        help="seconds the 10 M child may code before it is stopped")
    parser.add_argument("--no-sweep", action="store_true", help="skip the small jobs sweep")
    parser.add_argument("--repeats", type=int, default=3,
                        help="runs of bare_tokenizer, cold_code and jobs2; the median counts")
    parser.add_argument("--warm-repeats", type=int, default=5, help="runs of warm_recode; the median counts")
    parser.add_argument("--report-budget", type=int, default=300,
                        help="seconds for the report on 1 M codings before falling back")
    parser.add_argument("--workdir", type=Path, help="where corpora go (default: a temp folder)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)

    from benchmarks.corpus import make_project
    from qualcode.codebook import load_codebook
    from qualcode.condense import autocode

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="qualcode-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    r: dict = {"command": "python -m benchmarks.run " + " ".join(argv), "machine": machine()}
    try:
        project = workdir / "corpus"
        shutil.rmtree(project, ignore_errors=True)
        log(f"corpus: {args.words:,} words in {project}")
        with timer(r, "corpus_s"):
            info = make_project(project, args.words, SEED)
        sources = parsed_sources(project)
        texts = codable_texts(sources)
        codable_words = sum(words_of(t) for items in texts.values() for t in items)
        r["corpus"] = {"words": info.words, "files": info.files, "seed": SEED,
                       "words_by_language": info.words_by_language, "words_by_kind": info.words_by_kind,
                       "term_share": info.term_share, "codable_words": codable_words,
                       "codable_segments": sum(len(v) for v in texts.values())}
        del sources
        codebook = load_codebook(project / "codebooks" / "smart-city.yaml")

        stage("pipeline build")
        r["pipeline_build"] = pipeline_build()
        stage(f"bare_tokenizer (median of {args.repeats})")
        r["bare_tokenizer"] = median_run(partial(bare_tokenizer, texts, codable_words), args.repeats)
        stage("regex_scan")
        r["regex_scan"] = regex_scan(texts, codable_words, codebook)
        del texts
        stage(f"cold_code (jobs=1, median of {args.repeats})")
        r["cold_code"] = median_run(lambda: cold_code(project, jobs=1), args.repeats)
        r["cold_code"]["words_per_s"] = codable_words / r["cold_code"]["seconds"]
        r["cold_code"]["corpus_words_per_s"] = info.words / r["cold_code"]["seconds"]
        stage(f"warm_recode (median of {args.warm_repeats})")
        r["warm_recode"] = median_run(lambda: warm_recode(project), args.warm_repeats,
                                      between=lambda: restore_codings(project))
        r["warm_recode"]["words_per_s"] = codable_words / r["warm_recode"]["seconds"]
        r["bytecode"] = compile_bytecode()
        r["warm_recode"]["process"] = warm_process(project)
        stage(f"jobs2 (cold_code, jobs=2, median of {args.repeats})")
        r["jobs2"] = median_run(lambda: cold_code(project, jobs=2), args.repeats)
        r["jobs2"]["threshold"] = autocode.JOBS_MIN_SEGMENTS
        r["jobs2"]["identical"] = r["jobs2"]["by_code"] == r["cold_code"]["by_code"]
        if not args.no_sweep:
            stage("jobs sweep")
            r["sweep"] = jobs_sweep(workdir, [20_000, 50_000, 100_000, 250_000])

        stage("peak_rss 1 M words (child process)")
        one = workdir / "rss-1m"
        if info.words >= 1_000_000 and args.words == 1_000_000:
            copy_project(project, one)
        else:
            make_project(one, 1_000_000, SEED)
        r["peak_rss"] = {"1m": peak_rss(one)}
        shutil.rmtree(one, ignore_errors=True)
        if not args.skip_10m:
            ten = workdir / "rss-10m"
            stage("peak_rss 10 M words: generating the corpus")
            with timer(r, "corpus_10m_s"):
                make_project(ten, 10_000_000, SEED)
            stage("peak_rss 10 M words (child process)")
            r["peak_rss"]["10m"] = peak_rss(ten, args.rss_10m_budget)
            shutil.rmtree(ten, ignore_errors=True)

        if args.single_file_words:
            stage("peak_rss one transcript (child process)")
            r["single_file"] = single_file_rss(workdir, args.single_file_words, SEED,
                                               args.rss_10m_budget)

        stage("displays (1,000 sources, 1,000,000 codings)")
        r["displays"] = displays(codebook)
        stage("report")
        r["report"] = report(workdir, project, codebook, args.report_budget)
        stage("cli_start")
        # the --words store (jobs2 left it coded) is what `qualcode status` reads
        r["cli_start"] = cli_start(project)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    stage("done")
    r["load_average"] = dict(LOAD)
    evaluate(r)
    print_results(r)
    write_results(r, args.results)
    log(f"wrote {args.results}")
    if args.json:
        args.json.write_text(json.dumps(r, indent=2, default=str), encoding="utf-8")
    return r


if __name__ == "__main__":
    main()
