"""Profile one cold coding run (ingest + code auto, fresh store, no token cache) with cProfile.

    python -m benchmarks.profile_cold [--words 1000000] [--project DIR] [--out cold.prof] [--top 25]

Uses an existing corpus project (`--project`, e.g. one left by `benchmarks.run --keep`) or
generates one with benchmarks.corpus. Prints the top functions by own time and by
cumulative time, and a split of the run into the stages that matter for issue 9.
pyinstrument is used instead when it is installed and `--pyinstrument` is given.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import shutil
import tempfile
import time
from pathlib import Path

from benchmarks.corpus import make_project

# (label, substring of "file:line(function)") whose cumulative time is summed for the split
STAGES = (
    ("ingest (read, parse, store)", "pipeline.py", "(ingest)"),
    ("pipeline build (spacy.blank + lookups)", "nlp.py", "(pipeline)"),
    ("ChunkTokenizer.tokenize", "chunk_tokenizer.py", "(tokenize)"),
    ("  spaCy on chunks not met before", "chunk_tokenizer.py", "(_spacy_tokens)"),
    ("    qualcode_lemma component", "nlp.py", "(component)"),
    ("TermMatcher.codings (match + score)", "matching.py", "(codings)"),
    ("kept codings made and written", "kept_codings.py", "(_finish)"),
    ("TokenBatch.to_bytes (token cache)", "tokens.py", "(to_bytes)"),
    ("token cache SQLite (own time)", "token_cache.py", ""),
    ("suggestions staged (SQLite)", "streaming.py", "(add_rows)"),
    ("suggestions applied (SQLite)", "streaming.py", "(apply)"),
)


def stage_split(stats: pstats.Stats) -> list[tuple[str, float, int]]:
    rows = []
    for label, file_part, func_part in STAGES:
        total, calls = 0.0, 0
        for (filename, line, name), (cc, nc, tt, ct, callers) in stats.stats.items():
            if file_part in filename and (not func_part or f"({name})" == func_part):
                if not func_part:  # every function of the module: own time only
                    total += tt
                else:
                    total += ct
                calls += nc
        rows.append((label, total, calls))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=1_000_000)
    parser.add_argument("--project", type=Path)
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "qualcode-cold.prof")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--pyinstrument", action="store_true")
    args = parser.parse_args()

    from qualcode.project import load_config
    from qualcode.workflow import code_auto, ingest

    temp = None
    project = args.project
    if project is None:
        temp = Path(tempfile.mkdtemp(prefix="qualcode-profile-"))
        project = temp / "corpus"
        make_project(project, args.words)
    shutil.rmtree(project / ".qualcode", ignore_errors=True)
    config = load_config(project)

    def run() -> None:
        ingest(config)
        code_auto(config)

    try:
        if args.pyinstrument:
            from pyinstrument import Profiler  # only if already installed

            profiler = Profiler()
            profiler.start()
            run()
            profiler.stop()
            print(profiler.output_text(unicode=True, color=False))
            return
        profile = cProfile.Profile()
        start = time.perf_counter()
        profile.enable()
        run()
        profile.disable()
        wall = time.perf_counter() - start
        profile.dump_stats(args.out)
        stats = pstats.Stats(profile)
        total = max(stats.total_tt, 1e-9)
        print(f"cold ingest + code auto under cProfile: {wall:.1f} s wall, "
              f"{stats.total_tt:.1f} s profiled; stats in {args.out}\n")
        print("stage split (cumulative seconds; nested rows are part of the row above):")
        for label, seconds, calls in stage_split(stats):
            print(f"  {label:42} {seconds:8.2f} s  {seconds / total:6.1%}  ({calls:,} calls)")
        for key in ("tottime", "cumulative"):
            buffer = io.StringIO()
            pstats.Stats(profile, stream=buffer).sort_stats(key).print_stats(args.top)
            print(f"\n== top {args.top} by {key}")
            print("\n".join(line for line in buffer.getvalue().splitlines()
                            if line.strip() and not line.startswith(("   Ordered", "   List"))))
    finally:
        if temp is not None:
            shutil.rmtree(temp, ignore_errors=True)


if __name__ == "__main__":
    main()
