"""Shared fixtures: a copy of the demo project, and small hand-made projects."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def reference():
    """spaCy's pipelines as qualcode ran them before its fast paths: spacy.blank with every
    tokenizer special case, the lookup lemmatizer and `qualcode_lemma`. What the fast paths
    are checked against (`test_perf_equivalence`, `test_differential`)."""
    import spacy

    import qualcode.condense.nlp  # noqa: F401 - registers the qualcode_lemma factory

    def full(language: str):
        nlp = spacy.blank(language)
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        nlp.add_pipe("sentencizer")
        nlp.initialize()
        nlp.add_pipe("qualcode_lemma", last=True)
        return nlp

    return {language: full(language) for language in ("id", "en")}


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def demo_project(tmp_path: Path) -> Path:
    """The repository's demo project (config, codebook, transcripts), copied to a temp folder."""
    return copy_demo(tmp_path)


def copy_demo(folder: Path) -> Path:
    """The demo project copied to folder/demo (for fixtures of any scope)."""
    target = folder / "demo"
    target.mkdir()
    shutil.copy(REPO / "qualcode.toml", target / "qualcode.toml")
    shutil.copytree(REPO / "transcripts", target / "transcripts")
    (target / "codebooks").mkdir()
    shutil.copy((REPO / "codebooks" / "smart-city.yaml").resolve(), target / "codebooks" / "smart-city.yaml")
    return target


INTERVIEW_ID = """---
case: {case}
role: {role}
source_type: interview
language: id
date: 2024-02-14
---
Pewawancara: Bagaimana dukungan anggaran untuk program ini?

{name}: Anggarannya terbatas sekali. APBD lebih banyak untuk belanja rutin.

Tapi wali kota sangat berkomitmen, kemauan politiknya kuat.

Pewawancara: Bagaimana dengan partisipasi warga?

{name}: Warga berpartisipasi lewat aplikasi pengaduan, tapi banyak aduan belum ditindaklanjuti.
"""

INTERVIEW_EN = """---
case: {case}
role: {role}
source_type: interview
language: en
---
Interviewer: How are the budgets planned?

{name}: Budgeting happens in the APBD cycle, and the allocations are too small for maintenance.

Interviewer: And the network?

{name}: The fibre network and the public wifi were built with a telecom partner.
"""


@pytest.fixture
def small_project(tmp_path: Path, runner: CliRunner) -> Path:
    """A fresh project from `qualcode init` with three short interviews."""
    from qualcode.cli import app

    folder = tmp_path / "small"
    result = runner.invoke(app, ["init", str(folder), "--name", "Small"])
    assert result.exit_code == 0, result.output
    transcripts = folder / "transcripts"
    (transcripts / "pemkot.txt").write_text(
        INTERVIEW_ID.format(case="pemkot", role="government", name="Bu Ratna"), encoding="utf-8")
    (transcripts / "warga.txt").write_text(
        INTERVIEW_ID.format(case="warga", role="community", name="Pak Slamet"), encoding="utf-8")
    (transcripts / "mitra.txt").write_text(
        INTERVIEW_EN.format(case="mitra", role="private", name="Mr. Arif"), encoding="utf-8")
    # Tests name segments like pemkot:5: pin the paragraph unit those numbers count in.
    config = folder / "qualcode.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('unit = "turn"', 'unit = "paragraph"'),
                      encoding="utf-8")
    return folder


def store_checksum(folder: Path) -> str | None:
    """sha256 of the project database (None when there is none)."""
    db = folder / ".qualcode" / "project.db"
    if not db.exists():
        return None
    return hashlib.sha256(db.read_bytes()).hexdigest()


def second_arguments(monkeypatch, owner, name: str) -> list:
    """Wrap `owner.name` (a method or a module's function) so each call's second argument
    (after self, or after a function's first) is noted in the list returned."""
    original = getattr(owner, name)
    seen: list = []

    def noted(*args, **kwargs):
        seen.append(args[1])
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, noted)
    return seen


def recording_hook(seen: list):
    """A workflow stage hook that notes (stage, total) and then (stage, n) per advance."""
    def on_stage(name, total):
        seen.append((name, total))
        return lambda n: seen.append((name, n))
    return on_stage


def pids_calling(monkeypatch, owner, name: str, log: Path):
    """Wrap `owner.name` so every call, in this process or a forked child, notes its process
    id in `log`; returns a function giving those ids in call order."""
    real = getattr(owner, name)

    def noting(*args, **kwargs):
        with open(log, "a", encoding="utf-8") as f:
            f.write(f"{os.getpid()}\n")
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, noting)
    return lambda: [int(line) for line in log.read_text(encoding="utf-8").split()] if log.exists() else []


class NoProcesses:
    """A fork context whose processes cannot start (EAGAIN: the process limit reached)."""

    Pipe = staticmethod(multiprocessing.Pipe)

    class Process(multiprocessing.get_context("fork").Process):
        def start(self):
            raise BlockingIOError(11, "Resource temporarily unavailable")
