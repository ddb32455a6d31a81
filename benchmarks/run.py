"""The performance harness of issue 9 (not part of the test run).

    python -m benchmarks.run [--words 1000000] [--json out.json] [--skip-10m] [--no-sweep]
                             [--repeats 7] [--warm-repeats 2]

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
                  runs past --report-budget seconds (the results say which); and from the
                  --words store, the scale of most projects (median of 3)
  peak_rss        cold coding of 1 M and 10 M words, and of one ~50 MB transcript, each in a
                  child process (MiB; benchmarks.memory)
  cli_start       `qualcode --help` and `qualcode status` as whole processes, median of 10 (s)
  demo_run        `qualcode run` on the demonstration project as a whole process, as shipped and
                  with its report built only after coding (no report process started ahead),
                  alternated, median of 5 (s)

and rewrites benchmarks/RESULTS.md. bare_tokenizer, cold_code, warm_recode and jobs2 run
in rounds, one after the other (`--repeats` rounds, `--warm-repeats` warm runs in each), and
each bar's ratio is the median of the rounds' own ratios (`benchmarks.speed`). Rates are
codable words per second: the words of the segments the coder tokenises (interviewer turns
are not coded), so every ratio is a ratio of wall times for the same text. Each "cold" or
"warm" run starts from freshly built pipelines (the lru_cache of
`qualcode.condense.nlp.pipeline` is cleared), as a new `qualcode` command would, so building
the pipelines is part of its time; the build time is also reported on its own. A warm run
whose segments and terms are all in the token cache builds no pipeline at all.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import ROOT, SEED, log, timer
from benchmarks.memory import CHILD_FLAG, child_cold_code, peak_rss, single_file_rss
from benchmarks.results import RESULTS, evaluate, machine, print_results, write_results
from benchmarks.scale import displays, report
from benchmarks.speed import (add_keyword, codable_texts, copy_project, fresh_pipelines, keyword_reach,
                              parsed_sources, regex_scan, restore_codings, rounds, words_of)

# ------------------------------------------------------------------------------ helpers
LOAD: dict[str, float] = {}


def stage(name: str) -> None:
    """Log a stage, and note the 1-minute load average as it starts (other work on the machine
    slows every figure; the ratios, measured minutes apart, less so)."""
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    LOAD[name] = round(load, 2)
    log(f"{name}  (load average {load:.2f})")


# ------------------------------------------------------------------------------ 4. 5.
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


SWEEP_ROUNDS = 5  # pairs per size: with 3, one size moved from 0.95x to 1.17x between runs


def jobs_sweep(workdir: Path, sizes: list[int], rounds: int = SWEEP_ROUNDS) -> list[dict]:
    """code auto with 1 and 2 jobs on small corpora, the JOBS_MIN_SEGMENTS floor lifted
    (in this process only), to see from how many segments a second process pays. Each size
    runs `rounds` pairs, every other pair in the opposite order; the speed-up is the median
    of the pairs' own ratios (one pair alone moved by a fifth between harness runs)."""
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
            seconds: dict[int, list[float]] = {1: [], 2: []}
            for k in range(rounds):
                for jobs in (1, 2) if k % 2 == 0 else (2, 1):
                    shutil.rmtree(project / ".qualcode", ignore_errors=True)
                    config = load_config(project)
                    ingest(config)
                    fresh_pipelines()
                    start = time.perf_counter()
                    report = code_auto(config, jobs=jobs)
                    seconds[jobs].append(time.perf_counter() - start)
                    row["segments"] = report.segments
            row.update(code_s_jobs1=statistics.median(seconds[1]), code_s_jobs2=statistics.median(seconds[2]),
                       runs_s_jobs1=seconds[1], runs_s_jobs2=seconds[2],
                       speedups=[one / two for one, two in zip(seconds[1], seconds[2])])
            row["speedup"] = statistics.median(row["speedups"])
            rows.append(row)
            log(f"  sweep {size:>8,} words  {row['segments']:>6,} segments  "
                f"1 job {row['code_s_jobs1']:.2f} s  2 jobs {row['code_s_jobs2']:.2f} s  "
                f"speed-up {row['speedup']:.2f}× (pairs {', '.join(f'{x:.2f}' for x in row['speedups'])})")
            shutil.rmtree(project, ignore_errors=True)
    finally:
        autocode.JOBS_MIN_SEGMENTS = saved
    return rows


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


# Runs `qualcode run` with the report built after coding, in this process (as on one CPU).
REPORT_AFTER = ("import sys; import qualcode.workflow.whole_run as run; run.AHEAD_MIN_CPUS = 1 << 30; "
                "from qualcode.launch import main; sys.argv = ['qualcode', 'run']; main()")


def demo_run(workdir: Path, runs: int = 5) -> dict:
    """`qualcode run` on a fresh copy of the demonstration project, a whole process each time,
    as shipped and with the report built after coding, one after the other."""
    exe = Path(sys.executable).with_name("qualcode")
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "qualcode"]
    project = workdir / "demo"
    shutil.rmtree(project, ignore_errors=True)
    subprocess.run(command + ["init", str(project), "--demo"], capture_output=True, check=True)
    seconds: dict[str, list[float]] = {"ahead": [], "after": []}
    for _ in range(runs):
        for name, args in (("ahead", command + ["run"]), ("after", [sys.executable, "-c", REPORT_AFTER])):
            for made in (".qualcode", "reports"):
                shutil.rmtree(project / made, ignore_errors=True)
            start = time.perf_counter()
            subprocess.run(args, cwd=project, capture_output=True, check=True)
            seconds[name].append(time.perf_counter() - start)
    shutil.rmtree(project, ignore_errors=True)
    ahead, after = (statistics.median(seconds[name]) for name in ("ahead", "after"))
    return {"seconds": ahead, "report_after_s": after, "speedup": after / ahead, "all": seconds}


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
    parser.add_argument("--repeats", type=int, default=7,
                        help="rounds of bare_tokenizer, cold_code, warm_recode and jobs2; the "
                             "median of the rounds' ratios counts")
    parser.add_argument("--warm-repeats", type=int, default=2, help="runs of warm_recode per round")
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
                       "codable_segments": sum(len(v) for v in texts.values()),
                       "keyword_segments": keyword_reach(texts)}
        del sources
        codebook = load_codebook(project / "codebooks" / "smart-city.yaml")

        stage("pipeline build")
        r["pipeline_build"] = pipeline_build()
        stage("regex_scan")
        r["regex_scan"] = regex_scan(texts, codable_words, codebook)
        stage(f"bare_tokenizer, cold_code (jobs=1), warm_recode (x{args.warm_repeats}) and jobs2 "
              f"(cold_code, jobs=2): {args.repeats} rounds")
        found = rounds(project, texts, codable_words, args.repeats, args.warm_repeats)
        del texts
        r["rounds"] = found.pop("rounds")
        r.update(found)
        r["bare_tokenizer"]["words_per_s"] = codable_words / r["bare_tokenizer"]["seconds"]
        r["cold_code"]["words_per_s"] = codable_words / r["cold_code"]["seconds"]
        r["cold_code"]["corpus_words_per_s"] = info.words / r["cold_code"]["seconds"]
        r["warm_recode"]["words_per_s"] = codable_words / r["warm_recode"]["seconds"]
        r["bytecode"] = compile_bytecode()
        r["warm_recode"]["process"] = warm_process(project)
        r["jobs2"]["threshold"] = autocode.JOBS_MIN_SEGMENTS
        r["jobs2"]["identical"] = r["jobs2"]["by_code"] == r["cold_code"]["by_code"]
        if not args.no_sweep:
            stage("jobs sweep")
            r["sweep"] = jobs_sweep(workdir, [20_000, 50_000, 100_000, 250_000, 400_000, 600_000])

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
        stage("demo_run")
        r["demo_run"] = demo_run(workdir)
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
