"""Ingest and auto-code, the coder's set-up done while another process ingests.

A cold `qualcode run` spends its first seconds on two things that do not depend on each
other: reading the files into the store (ingest), and setting up the coder (importing spaCy,
building the language pipelines, tokenising the codebook's terms). With more than one job,
a forked child process ingests while this process sets up the coder; then this process
codes, with pipelines and memo ready. The child writes the store exactly as `ingest` does
here (one transaction, a new store put in place only when whole), so a bad file or Ctrl-C
leaves the store as it was. Its progress and its result (or the error it met) come back
through a pipe; when it ends some other way, the ingest is simply run again here.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import threading
from typing import Callable

from qualcode.display.background import can_fork
from qualcode.errors import QualcodeError
from qualcode.project import ProjectConfig
from qualcode.workflow.pipeline import CodeReport, IngestReport, StageHook, _quiet, code_auto, ingest

# Errors a child hands back for this process to raise as its own: the user's to act on.
HANDED_BACK = (QualcodeError, OSError, sqlite3.Error)
# How long an interrupted child gets to roll its transaction back before it is stopped.
CHILD_GRACE_SECONDS = 10


def ingest_and_code(config: ProjectConfig, jobs: int = 1, threshold: float | None = None,
                    on_stage: StageHook = _quiet) -> tuple[IngestReport, CodeReport]:
    """`ingest` then `code_auto`. With `jobs` > 1 (and fork), the ingest runs in a child
    process while this one sets up the coder for the project's languages."""
    if jobs > 1 and can_fork():
        ingested = ingest_meanwhile(config, on_stage, lambda done: prepare_coder(config, done))
    else:
        ingested = ingest(config, on_stage=on_stage)
    return ingested, code_auto(config, threshold, on_stage=on_stage, jobs=jobs)


def prepare_coder(config: ProjectConfig, done: Callable[[], bool]) -> None:
    """Set up the coder for the project's language, then for the other supported ones until
    `done()`: a language no source turns out to have costs a pipeline built meanwhile."""
    from qualcode.codebook import load_codebook
    from qualcode.condense.autocode import prepare_coding
    from qualcode.ingest.language import SUPPORTED

    try:
        codebook = load_codebook(config.codebook_path)
        for language in dict.fromkeys((config.language, *SUPPORTED)):
            prepare_coding(codebook, language, config.pipelines.get(language))
            if done():
                return
    except QualcodeError:
        return  # coding meets it again, after the ingest, and reports it there


def ingest_meanwhile(config: ProjectConfig, on_stage: StageHook,
                     meanwhile: Callable[[Callable[[], bool]], None]) -> IngestReport:
    """`ingest(config)` in a forked child while `meanwhile(done)` runs here; `done()` tells
    whether the child has finished. Returns the child's report, or raises the error it met."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_ingest_in_child, args=(send, config), daemon=True)
    child.start()
    send.close()  # the child holds the only writing end: its exit ends the pipe
    relay = _Relay(receive, on_stage)
    relay.start()
    try:
        meanwhile(lambda: not relay.is_alive())
        relay.join()
        child.join()
    except BaseException:
        _stop(child)
        raise
    finally:
        receive.close()
    if relay.outcome == "done":
        return relay.value
    if relay.outcome == "error":
        raise relay.value
    return ingest(config, on_stage=on_stage)  # the child died some other way: do it here


def _ingest_in_child(send, config: ProjectConfig) -> None:
    def on_stage(name: str, total: int | None) -> Callable[[int], None]:
        send.send(("stage", (name, total)))
        return lambda n: send.send(("advance", n))

    try:
        send.send(("done", ingest(config, on_stage=on_stage)))
    except HANDED_BACK as exc:
        try:
            send.send(("error", exc))
        except Exception:  # noqa: BLE001 - unpicklable: the parent runs the ingest itself
            pass
    except KeyboardInterrupt:
        pass  # the parent was interrupted too; the transaction has rolled back
    finally:
        send.close()


class _Relay(threading.Thread):
    """Replays the child's progress on this process's hook; keeps its outcome."""

    def __init__(self, receive, on_stage: StageHook):
        super().__init__(daemon=True)
        self.receive, self.on_stage = receive, on_stage
        self.outcome, self.value = None, None

    def run(self) -> None:
        advance: Callable[[int], None] = lambda n: None  # noqa: E731
        while True:
            try:
                kind, value = self.receive.recv()
            except (EOFError, OSError):
                return
            if kind == "stage":
                advance = self.on_stage(*value)
            elif kind == "advance":
                advance(value)
            else:
                self.outcome, self.value = kind, value


def _stop(child) -> None:
    """Interrupt the child (it rolls back), and stop it if it does not end in time."""
    if child.is_alive():
        try:
            os.kill(child.pid, signal.SIGINT)
        except OSError:
            pass
        child.join(CHILD_GRACE_SECONDS)
    if child.is_alive():
        child.terminate()
        child.join()
