"""Ingest and auto-code, the coder's set-up done while another process ingests.

A cold `qualcode run` spends its first seconds on two things that do not depend on each
other: reading the files into the store (ingest), and setting up the coder (importing spaCy,
building the language pipelines, tokenising the codebook's terms). With more than one job,
a forked child process ingests while this process sets up the coder and then, as long as
the child still ingests, learns the words of the sources it has written (the chunk memo of
`qualcode.condense.chunk_tokenizer`). Coding then starts with pipelines and memo ready, and
its worker processes inherit them.

The child writes the store exactly as `ingest` does here (one transaction, a new store put
in place only when whole), so a bad file or Ctrl-C leaves the store as it was. Its progress
and its result (or the error it met) come back through a pipe, the sources' texts through
an unnamed spool file; when it ends some other way, the ingest is simply run again here.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import sqlite3
import tempfile
import threading
import time
from typing import Callable, Iterator

from qualcode.display.background import (
    can_fork, fresh_streams_after_fork, interrupts_held, stop_child, take_interrupts,
)
from qualcode.errors import QualcodeError
from qualcode.project import ProjectConfig
from qualcode.workflow.ingesting import IngestReport, ingest
from qualcode.workflow.pipeline import CodeReport, code_auto
from qualcode.workflow.stages import StageHook, _quiet

# Errors a child hands back for this process to raise as its own: the user's to act on.
HANDED_BACK = (QualcodeError, OSError, sqlite3.Error)
# The child sends its progress and texts when this many characters of text have gathered,
# or this long after its last message.
BATCH_CHARS = 65_536
BATCH_SECONDS = 0.1


def ingest_and_code(config: ProjectConfig, jobs: int = 1, threshold: float | None = None,
                    on_stage: StageHook = _quiet) -> tuple[IngestReport, CodeReport]:
    """`ingest` then `code_auto`. With `jobs` > 1 (and fork), the ingest runs in a child
    process while this one sets up the coder for the project's languages and, once that is
    done, learns the words of the sources the child has written."""
    if jobs > 1 and can_fork():
        ingested = ingest_meanwhile(config, on_stage, lambda ingesting: prepare_coder(config, ingesting))
    else:
        ingested = ingest(config, on_stage=on_stage)
    return ingested, code_auto(config, threshold, on_stage=on_stage, jobs=jobs)


def prepare_coder(config: ProjectConfig, ingesting: "Ingesting") -> None:
    """Set up the coder for the project's language, then for the other supported ones while
    the ingest runs (a language no source turns out to have costs a pipeline built
    meanwhile); then learn the chunks of the written sources' codable text until it ends."""
    from qualcode.codebook import load_codebook
    from qualcode.condense.learn_ahead import learn_ahead, prepare_coding
    from qualcode.ingest.language import SUPPORTED

    try:
        codebook = load_codebook(config.codebook_path)
        for language in dict.fromkeys((config.language, *SUPPORTED)):
            prepare_coding(codebook, language, config.pipelines.get(language))
            if ingesting.done():
                return
        full: set[str] = set()
        for language, texts in ingesting.texts():
            if language not in full and not learn_ahead(language, config.pipelines.get(language), texts):
                full.add(language)
    except QualcodeError:
        return  # coding meets it again, after the ingest, and reports it there


def ingest_meanwhile(config: ProjectConfig, on_stage: StageHook,
                     meanwhile: Callable[["Ingesting"], None]) -> IngestReport:
    """`ingest(config)` in a forked child while `meanwhile(ingesting)` runs here. Returns the
    child's report, or raises the error it met."""
    fresh_streams_after_fork()
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    spool = _new_spool()
    try:
        child = context.Process(target=_ingest_in_child, args=(send, config, spool, receive), daemon=True)
        try:
            with interrupts_held():
                child.start()
        except OSError:  # no process to be had (out of memory or processes): ingest here
            send.close()
            return ingest(config, on_stage=on_stage)
        send.close()  # the child holds the only writing end: its exit ends the pipe
        relay = Ingesting(receive, on_stage, spool)
        relay.start()
        try:
            meanwhile(relay)
            relay.join()
            child.join()
        except BaseException:
            stop_child(child)
            raise
    finally:
        receive.close()
        if spool is not None:
            spool.close()
    if relay.outcome == "done":
        return relay.value
    if relay.outcome == "error":
        raise relay.value
    return ingest(config, on_stage=on_stage)  # the child died some other way: do it here


def _new_spool():
    """An unnamed temporary file the child writes the sources' texts to (None if there is no
    room for one: then nothing is learned ahead)."""
    try:
        return tempfile.TemporaryFile()
    except OSError:
        return None


def _ingest_in_child(send, config: ProjectConfig, spool, parents_end=None) -> None:
    # The parent's end, inherited, is closed here: were the parent to die outright, a send
    # then fails (and the ingest rolls back) instead of filling a pipe no one reads, which
    # would leave this process waiting for ever in the middle of its transaction.
    if parents_end is not None:
        parents_end.close()
    batch = _Batch(send, spool)

    def on_stage(name: str, total: int | None) -> Callable[[int], None]:
        batch.flush()
        send.send(("stage", (name, total)))
        return batch.advance

    def on_source(source) -> None:
        texts = [segment.text for segment in source.segments if segment.codable]
        if texts:
            batch.add(source.language, texts)

    try:
        # Ctrl-C (or the parent's stop_child) must reach the ingest as KeyboardInterrupt, so
        # that its transaction rolls back, whatever the parent had done with SIGINT.
        take_interrupts()
        report = ingest(config, on_stage=on_stage, on_source=on_source if spool is not None else None)
        batch.flush()
        send.send(("done", report))
    except HANDED_BACK as exc:
        try:
            send.send(("error", exc))
        except Exception:  # noqa: BLE001 - unpicklable: the parent runs the ingest itself
            pass
    except KeyboardInterrupt:
        pass  # the parent was interrupted too; the transaction has rolled back
    finally:
        send.close()


class _Batch:
    """The child's progress and texts, a batch at a time. The texts go to the spool file, never
    through the pipe: the parent's receiving thread gets a turn at the GIL only every few
    milliseconds while the parent learns, and a full pipe would make the child wait."""

    def __init__(self, send, spool):
        self.send, self.spool = send, spool
        self.advanced, self.texts, self.chars = 0, [], 0
        self.spooled = 0  # bytes of whole records in the spool
        self.sent = time.monotonic()

    def advance(self, n: int) -> None:
        self.advanced += n
        self._maybe_flush()

    def add(self, language: str, texts: list[str]) -> None:
        self.texts.append((language, texts))
        self.chars += sum(map(len, texts))
        self._maybe_flush()

    def _maybe_flush(self) -> None:
        if self.chars >= BATCH_CHARS or time.monotonic() - self.sent >= BATCH_SECONDS:
            self.flush()

    def flush(self) -> None:
        if self.texts and self.spool is not None:
            record = pickle.dumps(self.texts, protocol=pickle.HIGHEST_PROTOCOL)
            try:
                self.spool.write(len(record).to_bytes(8, "little") + record)
                self.spool.flush()
                self.spooled += 8 + len(record)
            except OSError:  # no room: the parent learns less ahead, the ingest goes on
                self.spool = None
        if self.advanced or self.texts:
            self.send.send(("batch", (self.advanced, self.spooled)))
        self.advanced, self.texts, self.chars = 0, [], 0
        self.sent = time.monotonic()


class Ingesting(threading.Thread):
    """What the child reports, received as it comes: its progress, replayed on this process's
    hook; how much of the spool holds whole records of written sources' texts (`texts()`
    reads them); its outcome."""

    def __init__(self, receive, on_stage: StageHook, spool=None):
        super().__init__(daemon=True)
        self.receive, self.on_stage, self.spool = receive, on_stage, spool
        self.outcome, self.value = None, None
        self._spooled = 0
        self._ended = False  # the child has closed the pipe: it has finished, one way or another
        self._news = threading.Condition()

    def done(self) -> bool:
        return self._ended

    def texts(self) -> Iterator[tuple[str, list[str]]]:
        """(language, codable texts) of the sources written, until the child has finished
        (what it wrote that was not read by then is left: coding will learn it)."""
        read = 0
        while self.spool is not None:
            with self._news:
                self._news.wait_for(lambda: self._spooled > read or self._ended)
                spooled = self._spooled
            if self.done():
                return
            fd = self.spool.fileno()
            while read < spooled:
                size = int.from_bytes(os.pread(fd, 8, read), "little")
                for language, texts in pickle.loads(os.pread(fd, size, read + 8)):
                    yield language, texts
                read += 8 + size
                if self.done():
                    return

    def run(self) -> None:
        advance: Callable[[int], None] = lambda n: None  # noqa: E731
        try:
            while True:
                try:
                    kind, value = self.receive.recv()
                except (EOFError, OSError):
                    return
                if kind == "batch":
                    advanced, spooled = value
                    if advanced:
                        advance(advanced)
                    with self._news:
                        self._spooled = spooled
                        self._news.notify_all()
                elif kind == "stage":
                    advance = self.on_stage(*value)
                else:
                    self.outcome, self.value = kind, value
        finally:
            with self._news:
                self._ended = True
                self._news.notify_all()
