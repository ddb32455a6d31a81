"""A forked child gets stdout and stderr of its own.

`run` forks while rich's progress display refreshes on a thread of its own. Should that
thread be inside a write to stderr at the instant of the fork, the child's copy of the
stream's buffer lock stays held for ever: its first write, or the flush on its way out,
would hang (CPython gh-84579). `fresh_streams_after_fork` gives each child new stream
objects over the same descriptors.
"""

from __future__ import annotations

import io
import os
import sys
import threading
import time

import pytest

from qualcode.display import background

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is POSIX")


@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded")  # Python 3.12+: the point here
def test_a_child_forked_while_a_thread_writes_stderr_can_write_and_exit(monkeypatch):
    background.fresh_streams_after_fork()
    read_end, write_end = os.pipe()
    stream = io.TextIOWrapper(io.BufferedWriter(io.FileIO(write_end, "w", closefd=True)), encoding="utf-8")
    monkeypatch.setattr(sys, "stderr", stream)
    writing = threading.Thread(target=lambda: (stream.write("x" * 300_000), stream.flush()), daemon=True)
    writing.start()  # blocks in write(), holding the buffer's lock, until the pipe is read
    time.sleep(0.3)
    pid = os.fork()
    if pid == 0:  # the child: its first write and its flush must not wait for that lock
        try:
            sys.stderr.write("from the child\n")
            sys.stderr.flush()
        finally:
            os._exit(0)
    received = bytearray()
    reading = threading.Thread(target=lambda: _read_all(read_end, received), daemon=True)
    reading.start()
    finished = _wait(pid, seconds=20)
    if not finished:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
    writing.join(5)
    stream.close()
    reading.join(5)
    os.close(read_end)
    assert finished, "the forked child hung on the stream lock it inherited"
    assert b"from the child\n" in received and received.count(b"x") == 300_000


def _read_all(descriptor: int, into: bytearray) -> None:
    while True:
        chunk = os.read(descriptor, 65536)
        if not chunk:
            return
        into.extend(chunk)


def _wait(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            return True
        time.sleep(0.05)
    return False


def test_the_new_streams_keep_the_old_ones_settings_and_captures_are_left_alone(monkeypatch):
    read_end, write_end = os.pipe()
    plain = io.TextIOWrapper(io.BufferedWriter(io.FileIO(write_end, "w", closefd=True)), encoding="latin-1",
                             errors="backslashreplace", line_buffering=True)
    captured = io.StringIO()
    monkeypatch.setattr(sys, "stdout", captured)
    monkeypatch.setattr(sys, "stderr", plain)
    background._fresh_std_streams()
    fresh = sys.stderr
    try:
        assert sys.stdout is captured
        assert fresh is not plain and fresh.fileno() == write_end
        assert (fresh.encoding, fresh.errors, fresh.line_buffering) == ("latin-1", "backslashreplace", True)
        fresh.write("ĉ\n")  # line buffered: written at the newline, escaped as latin-1 cannot hold it
        assert os.read(read_end, 100) == b"\\u0109\n"
    finally:
        monkeypatch.setattr(sys, "stderr", plain)
        fresh.detach()
        plain.close()
        os.close(read_end)
