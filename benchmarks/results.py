"""The harness's results: the machine, the verdicts against the bars, the printout and
benchmarks/RESULTS.md (`benchmarks.run` measures, this module reports)."""

from __future__ import annotations

import datetime as dt
import os
import platform
import statistics
import subprocess
from pathlib import Path

from benchmarks.common import ROOT
from benchmarks.speed import ADDED_KEYWORD

RESULTS = ROOT / "benchmarks" / "RESULTS.md"

BARS = {
    "cold_code": "cold_code ≥ 0.8 × bare_tokenizer",
    "warm_recode": "warm_recode ≥ 10 × cold_code",
    "jobs2": "jobs2 ≥ 1.7× on 2 cores",
    "displays": "each display < 2 s at 1 M codings",
    "peak_rss": "10 M words < 1 GiB and < 1.3 × 1 M words",
    "peak_rss_single_file": "one ~50 MB transcript within the memory bar (< 1 GiB; issue 8)",
    "cli_start": "`qualcode --help` < 0.25 s wall",
}


def verdict(ok: bool | None) -> str:
    return "SKIPPED" if ok is None else ("PASS" if ok else "MISS")


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
        "regex_over_bare": r["regex_scan"]["words_per_s"] / bare,
    }
    # measured in rounds: each bar's ratio is the median of the rounds' own ratios
    for name, per_round in r.get("rounds", {}).items():
        r["ratios"][name] = statistics.median(per_round)
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
    # with rounds, a bar's ratio is the median of the rounds' ratios (see write_results)
    of = " (rounds' median)" if "rounds" in r else ""
    rows = [
        ("bare_tokenizer", f"{bare['words_per_s']:,.0f} words/s ({bare['seconds']:.2f} s)", "floor", ""),
        ("regex_scan", f"{regex['words_per_s']:,.0f} words/s ({regex['seconds']:.2f} s); "
                       f"{ratio['regex_over_bare']:.2f} × bare", "ceiling", ""),
        ("cold_code", f"{cold['words_per_s']:,.0f} words/s ({cold['seconds']:.2f} s: ingest "
                      f"{cold['ingest_s']:.2f} + code {cold['code_s']:.2f}); "
                      f"{ratio['cold_over_bare']:.3f} × bare_tokenizer{of}", BARS["cold_code"], v["cold_code"]),
        ("warm_recode", f"{warm['words_per_s']:,.0f} words/s ({warm['seconds']:.2f} s); "
                        f"{ratio['warm_over_cold']:.2f} × cold_code{of}"
                        + (f"; as a new `qualcode code auto` process {warm['process']['seconds']:.2f} s"
                           if "process" in warm else ""), BARS["warm_recode"], v["warm_recode"]),
        ("jobs2", f"{ratio['jobs2_speedup']:.2f}×{of} ({jobs['seconds']:.2f} s: ingest, the coder set up "
                  f"beside it, {jobs['ingest_s']:.2f} + code {jobs['code_s']:.2f}; vs {cold['seconds']:.2f} s); "
                  f"{r['machine']['cpus']} CPUs", BARS["jobs2"], v["jobs2"]),
        ("displays", "; ".join(f"{k} {s:.2f} s" for k, s in disp["seconds"].items()),
         BARS["displays"], v["displays"]),
        ("report", f"{rep['seconds']:.1f} s ({rep['store']})"
                   + (f"; on the corpus store {rep['corpus_seconds']:.2f} s" if "corpus_seconds" in rep else ""),
         "none", ""),
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
    demo = r.get("demo_run")
    if demo:
        rows.append(("demo_run", f"`qualcode run` on the demo project {demo['seconds']:.2f} s; with the report "
                                 f"built only after coding {demo['report_after_s']:.2f} s ({demo['speedup']:.2f}×; "
                                 "median of 5, alternated)", "none", ""))
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
        f"- warm_recode: one strong keyword added (`{ADDED_KEYWORD}`, a plain word of the corpus, in "
        f"{r['corpus'].get('keyword_segments', 0):,} of {r['corpus']['codable_segments']:,} codable segments), "
        f"codebook {warm['codebook_version']}; "
        f"{warm['suggestions']:,} suggestions ({warm['withdrawn']:,} withdrawn); token cache "
        f"{warm['cache_mib']:.0f} MiB.",
        f"- jobs2: the same cold run with jobs=2: a child process ingests while this one builds the "
        f"pipelines and tokenises the codebook's terms, then worker processes code (JOBS_MIN_SEGMENTS "
        f"= {r['jobs2']['threshold']:,} codable segments; this corpus has {cold['segments']:,}); "
        f"codings identical to 1 job: "
        f"{'yes' if r['jobs2']['identical'] else 'NO'}.",
        f"- bare_tokenizer: {bare['tokens']:,} tokens; regex_scan: {r['regex_scan']['terms']:,} "
        f"terms in one alternation.",
        "- bare_tokenizer, cold_code, warm_recode and jobs2 run in rounds, one after the other "
        "(the machine's speed drifts by a third over minutes, less between neighbouring runs), "
        "every other round in the opposite order (warm_recode always right after cold_code). "
        "Each figure is the run of median time; each bar's ratio is the median of the rounds' "
        "own ratios: "
        + "; ".join(f"{name} " + ", ".join(f"{x:.3g}" for x in values)
                    for name, values in r.get("rounds", {}).items())
        + ". Every run's seconds: "
        + "; ".join(f"{name} " + ", ".join(f"{t:.2f}" for t in r[name]["runs_s"])
                    for name in ("bare_tokenizer", "cold_code", "warm_recode", "jobs2") if "runs_s" in r[name])
        + ". Before each warm_recode of a round but the first, the project is coded with its own "
          "codebook again (untimed) and the token cache's start tables are dropped, so every "
          "run makes the same edit on the same state, its codebook new to the cache as after a "
          "real edit."
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
                     "build_report writes markdown, docx, matrices and conclusions."
                     + (" On the corpus store (the --words corpus as `code auto` left it, the scale of"
                        " most projects): median of 3." if "corpus_seconds" in r["report"] else ""))
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
                  "Each size: alternated pairs of runs; seconds are medians, the speed-up is the "
                  "median of the pairs' own ratios.", "",
                  "| words | codable segments | 1 job (s) | 2 jobs (s) | speed-up | pairs |",
                  "|---:|---:|---:|---:|---:|---|"]
        for row in r["sweep"]:
            pairs = ", ".join(f"{x:.2f}" for x in row.get("speedups", [row["speedup"]]))
            lines.append(f"| {row['words']:,} | {row['segments']:,} | {row['code_s_jobs1']:.2f} | "
                         f"{row['code_s_jobs2']:.2f} | {row['speedup']:.2f}× | {pairs} |")
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
