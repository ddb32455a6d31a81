"""The speed measures of the harness: spaCy's bare tokenizer, one regex of the codebook's
terms, a cold run, a warm re-code after a codebook edit, and the rounds that run them side by
side so that each bar's ratio compares runs a minute apart (`benchmarks.run` calls them)."""

from __future__ import annotations

import gc
import re
import shutil
import statistics
import time
from contextlib import closing
from pathlib import Path

from benchmarks.common import MIB, log, timer


def fresh_pipelines() -> None:
    """Forget built pipelines, so the next run builds them as a new process would."""
    from qualcode.condense import nlp

    nlp.pipeline.cache_clear()
    nlp.lookup_table.cache_clear()
    gc.collect()


def median_of(done: list[dict]) -> dict:
    """The run of median wall time, with every run's seconds."""
    ordered = sorted(done, key=lambda item: item["seconds"])
    chosen = dict(ordered[(len(ordered) - 1) // 2])
    chosen["runs_s"] = [item["seconds"] for item in done]
    return chosen


def rounds(project: Path, texts: dict[str, list[str]], words: int, count: int, warm_runs: int) -> dict:
    """bare_tokenizer, cold_code, warm_recode (`warm_runs` times, the project coded with its own
    codebook again between them) and jobs2, one after the other, `count` times. Each bar's
    ratio is then worked out within a round, from runs a minute apart, not from medians taken
    minutes apart: the machine's speed drifts more over minutes than over seconds. Every
    other round runs them in the opposite order (warm_recode always after cold_code, whose
    token cache it needs), so a drift within rounds favours neither side of a ratio."""
    done: dict[str, list[dict]] = {"bare_tokenizer": [], "cold_code": [], "warm_recode": [], "jobs2": []}
    warm_medians = []

    def cold_then_warm() -> None:
        done["cold_code"].append(cold_code(project, jobs=1))
        warm = []
        for w in range(warm_runs):
            if w:
                restore_codings(project)  # the same edit on the same state again
            warm.append(warm_recode(project))
        warm_medians.append(statistics.median(run["seconds"] for run in warm))
        done["warm_recode"].extend(warm)

    def bare() -> None:
        done["bare_tokenizer"].append(bare_tokenizer(texts, words))

    def jobs2() -> None:
        done["jobs2"].append(cold_code(project, jobs=2))

    for k in range(count):
        order = (bare, cold_then_warm, jobs2) if k % 2 == 0 else (jobs2, cold_then_warm, bare)
        log(f"  round {k + 1} of {count}: {', '.join(step.__name__ for step in order)}")
        for step in order:
            step()
    found = {name: median_of(runs) for name, runs in done.items()}
    bare, cold, jobs2 = ([run["seconds"] for run in done[name]] for name in ("bare_tokenizer", "cold_code", "jobs2"))
    found["rounds"] = {  # per round: the ratio each bar is about
        "cold_over_bare": [b / c for b, c in zip(bare, cold)],
        "warm_over_cold": [c / w for c, w in zip(cold, warm_medians)],
        "jobs2_speedup": [c / j for c, j in zip(cold, jobs2)],
    }
    return found


def words_of(text: str) -> int:
    return len(text.split())


def copy_project(source: Path, target: Path) -> Path:
    """The project's files without its store and token cache."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".qualcode"))
    return target


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


def cold_code(project: Path, jobs: int = 1) -> dict:
    """Ingest + code auto into a fresh store, with no token cache: `ingest_and_code`, the
    first two stages of `qualcode run --jobs N`. With 1 job that is `ingest` then
    `code_auto`; with more, a child process ingests while this one sets up the coder."""
    from qualcode.project import load_config
    from qualcode.workflow import ingest_and_code

    shutil.rmtree(project / ".qualcode", ignore_errors=True)
    fresh_pipelines()
    config = load_config(project)
    out: dict = {"jobs": jobs}
    started: dict[str, float] = {}

    def on_stage(name: str, total: int | None):
        started.setdefault(name, time.perf_counter())
        return lambda n: None

    cpu = time.process_time()
    begin = time.perf_counter()
    ingested, report = ingest_and_code(config, jobs, on_stage=on_stage)
    end = time.perf_counter()
    out["cpu_s_this_process"] = time.process_time() - cpu
    # until the code stage starts: the ingest (and, with jobs, the coder's set-up beside it)
    out.update(seconds=end - begin, ingest_s=started["code"] - begin, code_s=end - started["code"])
    out.update(sources=len(ingested.added), segments=report.segments,
               suggestions=report.suggestions, by_code=report.by_code)
    return out


ADDED_KEYWORD = "halte"  # a plain word of the corpus (bus stop), not yet a codebook term


def keyword_reach(texts: dict[str, list[str]]) -> int:
    """How many codable segments hold a form of ADDED_KEYWORD: what warm_recode matches again."""
    found = re.compile(rf"(?i)(?<!\w){ADDED_KEYWORD}")
    return sum(1 for items in texts.values() for text in items if found.search(text))


def add_keyword(codebook_path: Path) -> str:
    """A small codebook edit: one more strong Indonesian keyword on the first code that has some.
    Returns the original text, to put back."""
    text = codebook_path.read_text(encoding="utf-8")
    match = re.search(r"^(\s+keywords:\s*\n\s+id: \[)", text, flags=re.MULTILINE)
    if not match:
        raise RuntimeError(f"{codebook_path}: found no `keywords: id: [` list to extend")
    edited = text[:match.end()] + f"{ADDED_KEYWORD}, " + text[match.end():]
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
    repeats the same edit on the same state: its codebook new to the token cache, as after
    a real edit (`forget_start_tables`)."""
    from qualcode.project import load_config
    from qualcode.workflow import code_auto

    fresh_pipelines()
    code_auto(load_config(project))
    forget_start_tables(project)


def forget_start_tables(project: Path) -> None:
    """Drop the token cache's start tables. The cache keeps those of recent codebooks, so that
    going back to one is cheap; a repeated edit would then skip work that a new edit does
    (about 20 ms a language), and only the first warm_recode of a round would do it."""
    import sqlite3

    from qualcode.store.token_cache import STARTS

    with closing(sqlite3.connect(project / ".qualcode" / "cache.db")) as conn, conn:
        conn.execute(f"DELETE FROM {STARTS}")
