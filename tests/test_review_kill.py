"""`code review` in a real terminal (a pseudo-terminal), killed with SIGKILL between decisions:
every decision whose screen had moved on is in the store, the store is sound, and the next
review starts at the first segment still without a decision."""

import os
import re
import select
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from qualcode.store import Store
from tests.test_agree_resolve import double_coded  # noqa: F401 - fixture
from tests.test_coding_commands import coded_project  # noqa: F401 - fixture

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals and SIGKILL are POSIX")
SCREEN = re.compile(r"(\S+)\s+\((\d+) of (\d+)\)")
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def _ctrl_c_as_at_a_terminal() -> None:
    """A shell starts a background job with SIGINT ignored, and the child would inherit that:
    the review runs here as at a terminal, where Ctrl-C interrupts."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


class Terminal:
    """`qualcode code review` running on a pseudo-terminal we can type into."""

    def __init__(self, project, coder: str, command: tuple[str, ...] | None = None):
        import pty

        self.master, slave = pty.openpty()
        env = {**os.environ, "COLUMNS": "110", "LINES": "60", "TERM": "xterm"}
        command = command or ("code", "review", "--coder", coder)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "qualcode", "-C", str(project), *command],
            stdin=slave, stdout=slave, stderr=slave, env=env, preexec_fn=_ctrl_c_as_at_a_terminal)
        os.close(slave)
        self.raw, self.seen = b"", ""

    def wait_for_screen(self, number: int, timeout: float = 60, then: str | None = None,
                        drawn: int = 1) -> str:
        """The segment id shown on screen `number` ("(number of N)"), once it has been drawn
        `drawn` times (and, with `then`, once that text has been written after it, e.g. a prompt)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [m for m in SCREEN.finditer(self.seen) if int(m.group(2)) == number]
            if len(found) >= drawn and "quit" in self.seen[found[-1].end():] and (  # the key line ends a screen
                    then is None or then in self.seen[found[-1].end():]):
                return found[-1].group(1)
            ready, _, _ = select.select([self.master], [], [], 0.5)
            if ready:
                try:
                    self.raw += os.read(self.master, 65536)
                    # decode and strip colours on the whole stream: a read can split either
                    self.seen = ANSI.sub("", self.raw.decode("utf-8", "replace"))
                except OSError:
                    break
        raise AssertionError(f"screen {number} never appeared; last output: {self.seen[-1500:]!r}")

    def press(self, key: str) -> None:
        # no pause: a key typed before the loop asks for it must be kept (type-ahead)
        os.write(self.master, key.encode())

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)
        os.close(self.master)


def decided_segments(project, coder: str) -> set[str]:
    with Store(project / ".qualcode" / "project.db") as store:
        return {c.segment_id for c in store.all_codings() if c.coder == coder}


def test_review_killed_between_decisions_keeps_every_confirmed_one(coded_project):  # noqa: F811
    terminal = Terminal(coded_project, "kim")
    confirmed = []
    for number in range(1, 4):
        confirmed.append(terminal.wait_for_screen(number))
        terminal.press("a")  # accept all suggestions on this segment
    terminal.wait_for_screen(4)  # the third decision is confirmed: the screen moved on
    terminal.press("r")          # a fourth decision, killed wherever it has got to
    terminal.kill()

    store_path = coded_project / ".qualcode" / "project.db"
    with sqlite3.connect(store_path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    decided = decided_segments(coded_project, "kim")
    assert set(confirmed) <= decided
    assert len(decided - set(confirmed)) <= 1  # at most the fourth, never anything else

    # the next review resumes at the first segment without a decision
    again = Terminal(coded_project, "kim")
    first = again.wait_for_screen(1)
    again.press("q")
    again.process.wait(timeout=30)
    os.close(again.master)
    assert first not in decided


def test_keys_typed_ahead_are_all_decisions(coded_project):  # noqa: F811
    terminal = Terminal(coded_project, "lee")
    first = terminal.wait_for_screen(1)
    terminal.press("rrr")  # three quick rejections, typed before the second screen is drawn
    terminal.wait_for_screen(4)
    terminal.press("q")
    terminal.process.wait(timeout=60)
    os.close(terminal.master)
    decided = decided_segments(coded_project, "lee")
    assert first in decided and len(decided) == 3


def _interrupted(terminal) -> str:
    """SIGINT, as a terminal's Ctrl-C outside raw reads; what the screen showed until the end."""
    terminal.process.send_signal(signal.SIGINT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # read as it writes: a full terminal buffer would block it
        if select.select([terminal.master], [], [], 0.2)[0]:
            try:
                chunk = os.read(terminal.master, 65536)
            except OSError:
                chunk = b""
            terminal.raw += chunk
            if chunk:
                continue
        if terminal.process.poll() is not None:
            break
    assert terminal.process.wait(timeout=5) == 130
    os.close(terminal.master)
    return " ".join(ANSI.sub("", terminal.raw.decode("utf-8", "replace")).split())


def test_an_interrupt_in_adjudication_says_every_decision_is_saved(double_coded):  # noqa: F811
    """`agree resolve` saves each settlement as `code review` saves each decision, and says so
    when interrupted (it said "nothing half-written was kept", as if the work were lost)."""
    terminal = Terminal(double_coded, "consensus", ("agree", "resolve", "ani", "budi", "--sample", "sample"))
    terminal.wait_for_screen(1)
    terminal.press("<")
    terminal.wait_for_screen(2)
    seen = _interrupted(terminal)
    assert "interrupted: every decision up to the last key press is saved;" in seen
    assert "coder consensus" in seen and "Traceback" not in seen and "half-written" not in seen
    assert decided_segments(double_coded, "consensus")


def test_an_interrupt_in_review_says_every_decision_is_saved(coded_project):  # noqa: F811
    terminal = Terminal(coded_project, "lia")
    terminal.wait_for_screen(1)
    terminal.press("a")
    terminal.wait_for_screen(2)
    terminal.press("m")  # a memo: counted in the summary, as `q` counts it
    terminal.wait_for_screen(2, then="memo: ")
    terminal.press("On screen two.\r")
    terminal.wait_for_screen(2, drawn=2)  # drawn again once the memo is saved
    terminal.press("a")
    terminal.wait_for_screen(3)
    seen = _interrupted(terminal)
    assert "interrupted: every decision up to the last key press is saved; accepted" in seen
    assert "memos 1, undone 0" in seen
    assert "coder lia" in seen and "Traceback" not in seen
    assert decided_segments(coded_project, "lia")
