"""A Ctrl-C never kills a forked child mid start-up with a traceback on the user's screen.

A Ctrl-C at the terminal reaches every process of its group, and `stop_child` sends the
same signal to a child when this process fails first. A child met by it before its own
handler is set used to die inside multiprocessing's bootstrap, printing "Process
ForkProcess-1: Traceback … KeyboardInterrupt" after qualcode's one-line error. Children are
now forked with SIGINT blocked (`interrupts_held`), and take it once ready (`take_interrupts`).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from qualcode.project import load_config
from qualcode.workflow import overlap
from qualcode.workflow.overlap import ingest_meanwhile

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or not hasattr(__import__("signal"), "pthread_sigmask"),
                                reason="fork and signal masks are POSIX")

CHILD = textwrap.dedent("""
    import multiprocessing, os, signal, sys, time
    from qualcode.display.background import interrupts_held, take_interrupts

    def child():
        time.sleep(0.5)          # still starting up: no handler of its own yet
        try:
            take_interrupts()
            time.sleep(5)
            print("not interrupted", flush=True)
        except KeyboardInterrupt:
            print("interrupted once ready", flush=True)

    process = multiprocessing.get_context("fork").Process(target=child)
    with interrupts_held():
        process.start()
    os.kill(process.pid, signal.SIGINT)   # at once, as stop_child or a Ctrl-C would
    process.join(20)
    print("exit code", process.exitcode, flush=True)
""")


def test_an_interrupt_during_start_up_waits_until_the_child_takes_it():
    done = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "interrupted once ready" in done.stdout and "exit code 0" in done.stdout
    assert "Traceback" not in done.stderr and "KeyboardInterrupt" not in done.stderr


def test_stopping_the_ingest_child_at_once_prints_nothing(demo_project, capfd):
    config = load_config(demo_project)

    def failed_at_once(ingesting):
        raise RuntimeError("this process failed first")

    for _ in range(3):
        with pytest.raises(RuntimeError):
            ingest_meanwhile(config, overlap._quiet, failed_at_once)
    # the child's stderr is this test's fd 2: a traceback from it would be here
    assert "Traceback" not in capfd.readouterr().err
