"""The HTML report in a real browser: headless Chromium loads it and logs nothing to the console.

A console message would mean a script ran (ours has none, so a transcript's <script> escaped
its escaping) or a resource failed to load (the file must be self-contained). Skips only when
no Chromium is installed."""

import shutil
import subprocess

import pytest

from tests.test_cli import invoke
from tests.test_coding_commands import coded_project  # noqa: F401 - fixture

BROWSER = next((shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome")
                if shutil.which(name)), None)


def console_messages(page) -> list[str]:
    completed = subprocess.run(
        [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
         "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert "</html>" in completed.stdout  # the page loaded and rendered
    return [line for line in completed.stderr.splitlines() if ":CONSOLE" in line]


@pytest.mark.skipif(BROWSER is None, reason="no chromium installed")
def test_report_loads_in_chromium_without_console_messages(coded_project, runner):  # noqa: F811
    (coded_project / "transcripts" / "hostile.txt").write_text(
        "---\ncase: hostile\nrole: community\nsource_type: interview\nlanguage: id\n---\n"
        "Pewawancara: Bagaimana anggarannya?\n\n"
        "Warga: <script>console.error('transcript script ran')</script> anggarannya terbatas sekali. "
        "<img src=x onerror=\"console.error('handler ran')\">\n",
        encoding="utf-8")
    assert invoke(runner, coded_project, "run").exit_code == 0
    page = coded_project / "reports" / "report.html"
    assert "&lt;script&gt;console.error(" in page.read_text(encoding="utf-8")
    assert console_messages(page) == []


@pytest.mark.skipif(BROWSER is None, reason="no chromium installed")
def test_the_console_check_does_catch_a_script(tmp_path):
    # guards the test above against passing because the browser logs nothing at all
    page = tmp_path / "page.html"
    page.write_text("<!doctype html><html><body><script>console.error('seen')</script></body></html>",
                    encoding="utf-8")
    assert any("seen" in line for line in console_messages(page))
