"""A segment in another language than its source's (an English answer in an Indonesian
interview) is coded in that language: its pipeline, its terms, its negators."""

import pytest

from qualcode.ingest.language import segment_language
from tests.test_cli import invoke


@pytest.mark.parametrize("text, source, language", [
    ("The problem is that budgets are cut every year, so maintenance always loses.", "id", "en"),
    ("Political will is there, but the bureaucracy is not ready for it.", "id", "en"),
    ("Saya kira anggaran kita memang tidak pernah cukup untuk pemeliharaan server.", "en", "id"),
    # a sentence that mixes the two, loanwords, a short courtesy: the source's
    ("Kalau saya lihat, the main issue is budget, bukan teknologinya.", "id", "id"),
    ("Servernya down terus, jadi aplikasinya error dan warga komplain ke kami.", "id", "id"),
    ("Oke, thank you.", "id", "id"),
    ("The mayor is committed.", "de", "de"),  # a language without rules: as it is
])
def test_a_segment_plainly_in_the_other_language_is_that_language(text, source, language):
    assert segment_language(text, source) == language


INTERVIEW = """---
case: akademisi
role: academic
source_type: interview
language: id
---
Pewawancara: Bagaimana dengan anggarannya, Pak?

Informan: The problem is that budgets are cut every year, so maintenance always loses to new projects.

Pewawancara: Lalu soal aplikasinya?

Informan: Aplikasinya sering error, servernya down terus.
"""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_english_answer_in_an_indonesian_interview_meets_the_english_terms(tmp_path, runner, monkeypatch, jobs):
    from qualcode.cli import app
    from qualcode.condense import autocode

    monkeypatch.setattr(autocode, "JOBS_MIN_SEGMENTS", 0, raising=False)
    project = tmp_path / "p"
    assert runner.invoke(app, ["init", str(project)]).exit_code == 0
    (project / "transcripts" / "akademisi.txt").write_text(INTERVIEW, encoding="utf-8")
    assert invoke(runner, project, "ingest").exit_code == 0
    assert invoke(runner, project, "code", "auto", "--jobs", jobs).exit_code == 0
    explained = invoke(runner, project, "code", "explain", "akademisi:2")
    assert explained.exit_code == 0, explained.output
    text = " ".join(explained.stdout.split())
    assert "interview · en ·" in text  # coded as what it is
    assert "budget-constraints" in text and "'budgets are cut'" in text
    indonesian = " ".join(invoke(runner, project, "code", "explain", "akademisi:4").stdout.split())
    assert "interview · id ·" in indonesian and "software" in indonesian


def test_an_english_answer_quoted_from_an_indonesian_interview_is_proofed_in_english():
    """Word must not spell-check an English answer as Indonesian: its quote carries "en"."""
    import pandas as pd

    from qualcode.report.i18n import catalogue
    from qualcode.report.sections import Attributions

    cases = pd.DataFrame({"case_id": ["akademisi"], "role": ["academic"]})
    attributions = Attributions(cases, catalogue("id"), languages={"akademisi": "id"})
    english = attributions.quote("The problem is that budgets are cut every year, so maintenance loses.",
                                 "akademisi", "akademisi:2", "interview")
    indonesian = attributions.quote("Anggarannya terbatas sekali, jadi pemeliharaan selalu kalah.",
                                    "akademisi", "akademisi:4", "interview")
    assert (english.language, indonesian.language) == ("en", "id")
