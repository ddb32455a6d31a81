"""Peak resident memory of cold coding, measured in a child process (issue 9, `peak_rss`).

Each measurement runs `ingest` + `code auto` on a project in a fresh interpreter, so
nothing the harness itself holds counts, and reports the child's own high-water mark
(VmHWM). Used by `benchmarks.run` for 1 M and 10 M words of the synthetic corpus and for
one single-file transcript of ~50 MB (the large-file case of issue 8).

    python -m benchmarks.memory DIR          # one child measurement of an existing project
"""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MIB = 1024 * 1024
CHILD_FLAG = "--child-cold-code"


def maxrss_mib() -> float:
    """Peak resident set of this process per getrusage (KiB on Linux, bytes on macOS).

    On Linux, ru_maxrss survives execve: a child started from a big parent reports the
    parent's size, so peak_rss uses VmHWM (below) where /proc has it."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / MIB if sys.platform == "darwin" else peak / 1024


def hwm_mib(pid: int | str = "self") -> float | None:
    """VmHWM of a process (Linux): the high-water mark of its own address space."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def child_cold_code(project: Path) -> None:
    """Runs in a child process: cold ingest + code auto, then report this process's peak RSS
    (also just after ingest, since a single huge file peaks while it is read)."""
    start = time.perf_counter()
    import spacy  # what any coding process that tokenises loads anyway: count it in the baseline

    from qualcode.project import load_config
    from qualcode.workflow import code_auto, ingest

    baseline = hwm_mib() or maxrss_mib()
    shutil.rmtree(project / ".qualcode", ignore_errors=True)
    config = load_config(project)
    ingested = ingest(config)
    after_ingest = hwm_mib()
    coded = code_auto(config)
    hwm = hwm_mib()
    print(json.dumps({"peak_rss_mib": hwm if hwm is not None else maxrss_mib(),
                      "source": "VmHWM" if hwm is not None else "ru_maxrss",
                      "ru_maxrss_mib": maxrss_mib(), "after_imports_mib": baseline,
                      "after_ingest_mib": after_ingest,
                      "seconds": time.perf_counter() - start, "cpu_s": time.process_time(),
                      "spacy": spacy.__version__,
                      "sources": len(ingested.added), "segments": coded.segments,
                      "suggestions": coded.suggestions}))


def peak_rss(project: Path, budget: float | None = None) -> dict:
    """Cold coding in a child process; its peak RSS as it reports it. The parent also polls the
    child's VmHWM, so a child stopped at `budget` seconds still leaves a lower bound."""
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "benchmarks.memory", CHILD_FLAG, str(project)],
                             cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen = 0.0
    while child.poll() is None:
        seen = max(seen, hwm_mib(child.pid) or 0.0)
        if budget is not None and time.perf_counter() - start > budget:
            child.kill()
            child.wait()
            return {"timed_out_after_s": budget, "peak_rss_mib_so_far": seen,
                    "seconds": time.perf_counter() - start}
        time.sleep(0.25)
    out, err = child.communicate()
    if child.returncode != 0:
        raise RuntimeError(f"child cold coding failed:\n{err[-2000:]}")
    result = json.loads(out.strip().splitlines()[-1])
    result["polled_peak_mib"] = seen
    return result


def single_file_rss(workdir: Path, words: int, seed: int, budget: float | None = None) -> dict:
    """peak_rss of a project holding one interview transcript of `words` words."""
    from benchmarks.corpus import make_single_transcript_project

    project = workdir / f"single-file-{words}"
    shutil.rmtree(project, ignore_errors=True)
    made = make_single_transcript_project(project, words, seed)
    result = peak_rss(project, budget)
    result.update(file_mib=made.bytes / MIB, words=made.words, turns=made.turns)
    shutil.rmtree(project, ignore_errors=True)
    return result


if __name__ == "__main__":
    if sys.argv[1:2] == [CHILD_FLAG]:
        child_cold_code(Path(sys.argv[2]))
    else:
        print(json.dumps(peak_rss(Path(sys.argv[1])), indent=2))
