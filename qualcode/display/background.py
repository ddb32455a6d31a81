"""Run slow, pure output work in a forked worker process while the caller does other work.

The report's files take long to write — even a small project's charts take a second
(importing matplotlib, drawing), the evidence CSVs of a million codings hold hundreds of MB
of segment ids — and none of the conclusions or the report text depends on them. `Staged`
runs a generator function in a forked child (it inherits the loaded data, so nothing large
is copied over); each value the generator yields comes back, in order, to `next()`. If fork
is not available (only Linux is used here), or the worker fails in any way, the generator
simply runs in this process instead: the result is the same either way, only the time
differs. The work must be idempotent (writing files is): after a failure, the stages the
worker had finished are done again here. `stop_child` stops any forked child politely;
`fresh_streams_after_fork` keeps a child from inheriting a locked stdout or stderr, and
`interrupts_held` with `take_interrupts` keep a child from dying of a Ctrl-C before it can
handle one.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import pickle
import signal
import sys
import tempfile
from contextlib import contextmanager
from typing import Any, Callable, Iterator


@contextmanager
def interrupts_held():
    """Fork inside this block: SIGINT is blocked meanwhile, and a child starts with it blocked.

    A Ctrl-C reaches every process of the terminal's group, and `stop_child` sends one too.
    A child that met it while still starting up (before its own handler is set) would die in
    multiprocessing's bootstrap with a traceback on the user's screen. Blocked, it waits
    until the child calls `take_interrupts`; in this process it is delivered on leaving the
    block (to another of its threads, if one runs, at once)."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def take_interrupts(handler=signal.default_int_handler) -> None:
    """In a child forked in `interrupts_held`, once it can handle a Ctrl-C: set its handler
    (KeyboardInterrupt by default, or SIG_IGN) and let a held one through."""
    signal.signal(signal.SIGINT, handler)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _run_in_child(send, function: Callable[..., Iterator], args: tuple, kwargs: dict,
                  feed: "_Feed | None" = None, fed_once: bool = False) -> None:
    # The parent's end of the feed, inherited, is closed here: should the parent close its
    # own without ending the feed (it failed first), the worker then meets the end of the pipe.
    if feed is not None:
        feed.sending.close()
    try:
        take_interrupts()  # a Ctrl-C now fails the work, reported below; the parent redoes it
        if feed is not None:
            items = feed.received()
            args = ((lambda: next(items)) if fed_once else items, *args)
        for value in function(*args, **kwargs):
            send.send(("value", value))
        send.send(("done", None))
    except BaseException as exc:  # noqa: BLE001 - reported; the parent then runs it itself
        try:
            send.send(("failed", repr(exc)))
        except Exception:  # noqa: BLE001
            pass
    finally:
        send.close()


class _Feed:
    """Values handed to a worker after it started: each pickled into an unnamed spool file
    the worker inherited, and its place sent down a pipe. A large value (a display of
    20,000 rows) is then handed over without the caller waiting for the worker to read it."""

    def __init__(self, context):
        self.spool = tempfile.TemporaryFile()
        self.receiving, self.sending = context.Pipe(duplex=False)
        self.size = 0

    def put(self, value: Any) -> None:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        written = 0
        while written < len(data):
            written += os.pwrite(self.spool.fileno(), memoryview(data)[written:], self.size + written)
        self.sending.send((self.size, len(data)))
        self.size += len(data)

    def end(self) -> None:
        try:
            self.sending.send(None)
        finally:
            self.close()

    def received(self) -> Iterator[Any]:
        """In the worker: the values put, in order, until the feed ends."""
        while (place := self.receiving.recv()) is not None:
            offset, size = place
            data = bytearray()
            while len(data) < size:
                data += os.pread(self.spool.fileno(), size - len(data), offset + len(data))
            yield pickle.loads(data)

    def close(self) -> None:
        for end in (self.sending, self.receiving, self.spool):
            end.close()


# How long an interrupted child gets to roll back (a transaction, a report under way) before
# it is stopped.
CHILD_GRACE_SECONDS = 10


def can_fork() -> bool:
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


_STREAMS_GUARDED = False


def fresh_streams_after_fork() -> None:
    """From now on, give every forked child stdout and stderr objects of its own (once per
    process; every place that forks calls it first). A thread of this process, rich's
    progress display refreshing, may hold a stream's buffer lock at the instant of a fork;
    the child's copy of that lock then stays held for ever, and the child hangs at its first
    write or at the flush on its way out (CPython gh-84579)."""
    global _STREAMS_GUARDED
    if not _STREAMS_GUARDED and hasattr(os, "register_at_fork"):
        os.register_at_fork(after_in_child=_fresh_std_streams)
        _STREAMS_GUARDED = True


def _fresh_std_streams() -> None:
    """In a forked child: new stdout and stderr over the same descriptors, set as before.
    What the parent had buffered is the parent's to write. Streams that are not plain files
    (a test runner's capture) are left as they are."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if type(stream) is not io.TextIOWrapper or not isinstance(stream.buffer, io.BufferedWriter):
            continue
        try:
            descriptor = stream.fileno()
        except (OSError, ValueError):
            continue
        setattr(sys, name, io.TextIOWrapper(
            io.BufferedWriter(io.FileIO(descriptor, "w", closefd=False)), encoding=stream.encoding,
            errors=stream.errors, line_buffering=stream.line_buffering, write_through=stream.write_through))


def stop_child(child) -> None:
    """Interrupt a child process (it rolls back), and stop it if it does not end in time."""
    if child.is_alive():
        try:
            os.kill(child.pid, signal.SIGINT)
        except OSError:
            pass
        child.join(CHILD_GRACE_SECONDS)
    if child.is_alive():
        child.terminate()
    child.join()


class Staged:
    """function(*args, **kwargs), a generator, run in a forked worker (or, with
    `background=False` or without fork, here, lazily); next() gives its next value.

    With `fed`, the worker starts before its input exists (to import what it needs
    meanwhile, say): the function is called as function(take, *args, **kwargs), and take()
    returns the value the caller hands over later with `feed(value)`. With `streamed`, it
    is called as function(items, *args, **kwargs), items giving each value the caller hands
    over with `put(value)` as it has them, until `end()`."""

    def __init__(self, function: Callable[..., Iterator], *args, background: bool = True, fed: bool = False,
                 streamed: bool = False, **kwargs):
        self._call = (function, args, kwargs)
        self._delivered = 0
        self._local: Iterator | None = None
        self._process = self._receive = self._feed = None
        self._fed_once, self._takes_input = fed, fed or streamed
        self._items: list = []  # what was handed over, kept should the work be done here after all
        self._ended = False
        if background and can_fork():
            try:
                context = multiprocessing.get_context("fork")
                self._receive, send = context.Pipe(duplex=False)
                if self._takes_input:
                    self._feed = _Feed(context)
                fresh_streams_after_fork()
                process = context.Process(target=_run_in_child,
                                          args=(send, function, args, kwargs, self._feed, fed), daemon=True)
                with interrupts_held():
                    process.start()
                self._process = process
                send.close()  # the child holds the only writing end: its exit ends the pipe
                if self._feed is not None:
                    self._feed.receiving.close()
            except Exception:  # noqa: BLE001 - no worker: run here when asked
                self.close()

    def feed(self, value: Any) -> None:
        """Hand the worker (started with `fed`) its input."""
        self.put(value)
        self.end()

    def put(self, value: Any) -> None:
        """Hand the worker (started with `streamed`) one more value."""
        self._items.append(value)
        if self._feed is None:
            return
        try:
            self._feed.put(value)
        except Exception:  # noqa: BLE001 - the worker is gone (or the value would not go): done here
            self.close()

    def end(self) -> None:
        """No more values for the worker."""
        self._ended = True
        feed, self._feed = self._feed, None
        if feed is None:
            return
        try:
            feed.end()
        except Exception:  # noqa: BLE001 - the worker is gone: done here
            self.close()

    @property
    def in_background(self) -> bool:
        return self._process is not None

    def next(self) -> Any:
        if self._process is not None:
            try:
                kind, value = self._receive.recv()
            except (EOFError, OSError):
                kind, value = "failed", None
            if kind == "value":
                self._delivered += 1
                return value
            self.close()  # the worker failed (or had nothing more): go on here
        if self._local is None:
            function, args, kwargs = self._call
            if self._takes_input:
                if not self._ended:
                    raise RuntimeError(f"Staged({'fed' if self._fed_once else 'streamed'}=True).next() "
                                       f"before {'feed' if self._fed_once else 'end'}()")
                items = self._items
                args = ((lambda: items[0]) if self._fed_once else iter(items), *args)
            self._local = function(*args, **kwargs)
            for _ in range(self._delivered):  # stages the worker finished: done again, here
                next(self._local)
        self._delivered += 1
        return next(self._local)

    def close(self) -> None:
        """Stop the worker, if it still runs (e.g. the caller failed before taking its values)."""
        process, self._process = self._process, None
        if self._feed is not None:  # never ended: the worker meets the end of its feed
            self._feed.close()
            self._feed = None
        if self._receive is not None:
            self._receive.close()
            self._receive = None
        if process is not None:
            if process.is_alive():
                process.terminate()
            process.join()
