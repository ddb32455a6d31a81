"""The qualcode.toml that `qualcode init` writes: every setting, commented (the repository's
own qualcode.toml is the demo project's, and a test holds the two equal)."""

from __future__ import annotations

import json

from qualcode.model import DEFAULT_CODER
from qualcode.project import DEFAULT_THRESHOLD, DEFAULT_TRANSCRIPT_GLOBS, DEFAULT_UNIT


DEMO_NAME = "Strategi smart city Kota Sumberasri (demo)"
# In Indonesian and in English: each report shows its own language's.
DEMO_DESCRIPTION = {
    "id": ("Korpus demonstrasi ilustratif: transkrip dan dokumen fiktif yang ditulis untuk qualcode, "
           "berlatar Kota Sumberasri yang fiktif; bukan wawancara nyata."),
    "en": ("Illustrative demonstration corpus: fictional transcripts and documents written for "
           "qualcode, set in the fictional Kota Sumberasri; not real interviews."),
}


def config_text(name: str, language: str = "id", coder: str = DEFAULT_CODER,
                description: str | dict = "") -> str:
    """The qualcode.toml that `qualcode init` writes (the repository's own is the demo's).
    A `description` per language becomes a table, one line per language."""
    globs = ",\n    ".join(f'"{g}"' for g in DEFAULT_TRANSCRIPT_GLOBS)
    if isinstance(description, dict):
        about = "".join(f"description.{lang} = {json.dumps(text, ensure_ascii=False)}\n"
                        for lang, text in description.items())
    else:
        about = f"description = {json.dumps(description, ensure_ascii=False)}\n" if description else ""
    return f'''# qualcode project settings. Paths are relative to this file.
[project]
name = {json.dumps(name, ensure_ascii=False)}
{about}# Language of sources without a `language:` in their front matter (id or en),
# and of the report.
language = {json.dumps(language)}
codebook = "codebooks/smart-city.yaml"
# What ingest reads. A .csv or .xlsx is a table of short texts (survey answers,
# complaints): each row is a source (docs/guide.md, "transcripts/"). The cases file is never one.
transcripts = [
    {globs},
]
exclude = ["**/README.md", "**/README.txt"]
cases = "transcripts/cases.csv"
reports = "reports"
# Who you are when you code by hand.
coder = {json.dumps(coder, ensure_ascii=False)}

[coding]
# What a code is attached to: "turn" (all a speaker says until the next speaker),
# "paragraph" (a turn cut at blank lines) or "sentence". After a change, run
# `qualcode ingest`: codings on segments whose text stays the same are kept, the
# others are set aside as orphans and counted by `qualcode status`.
unit = "{DEFAULT_UNIT}"
# The score a code needs in a segment to be suggested: a strong keyword weighs 1,
# a context term 0.5. `qualcode code auto --threshold X` overrides it for one run.
threshold = {DEFAULT_THRESHOLD}
# Speaker labels that are you, the interviewer, in every transcript, besides the role
# words (Pewawancara, Interviewer, P: in Indonesian) and a file's front matter: the
# names of Zoom or Teams captions, which have no front matter. Their turns are not coded.
# interviewers = ["Rina Peneliti"]

[report]
# Under each quote: "position" (the informant's position and role, from cases.csv),
# "role" (the role only, since a position one person holds names them), or "case"
# (the case id only).
attribution = "position"
# The report's table of informants has a row per informant up to 50 of them. Past that
# (a survey or complaint table) it counts them per group of a case attribute, chosen
# as the one with the most values from 2 to 30 unless named here; the tables with a
# row per informant stay in reports/matrices/. "case" keeps a row per informant.
# group_by = "kecamatan"
# For a thesis: number tables and figures within this chapter (Tabel 4.1, Gambar 4.1),
# in what `qualcode run` writes as in `qualcode report`.
# chapter = 4
# The report's title (by default "Laporan Temuan" / "Findings Report"), as a thesis
# chapter's heading: one text, or {{ id = "…", en = "…" }} by report language.
# title = "Hasil Penelitian dan Pembahasan"

# Optional: use an installed trained spaCy pipeline for a language instead of the
# built-in blank pipeline with lookup lemmas. Nothing is ever downloaded.
# [pipelines]
# en = "en_core_web_sm"

# Optional: which column of a table of short texts (.csv, .xlsx) plays which part, where
# ingest's reading of its headings is not what you want (docs/guide.md, "transcripts/").
# Columns of personal data (names, phone numbers, addresses) are left out unless listed
# in attributes.
# [tables."transcripts/aduan.csv"]
# text = ["Isi aduan"]
# key = "No tiket"
# attributes = ["Kanal", "Kecamatan"]
'''
