"""The coding unit: what ingest cuts a source into, and so what a code is attached to.

`[coding] unit` in qualcode.toml chooses it:

- `turn` (default): all a speaker says until someone else speaks, the paragraphs of
  one turn joined into one segment. Text without speaker labels (documents, field
  notes, observations) has no turns, so there each paragraph is a segment;
- `paragraph`: a turn cut at its blank lines;
- `sentence`: every paragraph cut into sentences (`qualcode.ingest.sentences`).

Every piece keeps the speaker and timestamp of its turn, so attribution and
codability survive any cut, and offsets stay code points into the source text.
"""

from __future__ import annotations

import re
from dataclasses import replace

from qualcode.ingest.sentences import sentence_spans
from qualcode.ingest.turns import Span, is_interviewer, label_key, paragraphs, speaker_turns
from qualcode.model import RESEARCHER_NOTES, Segment
from qualcode.section_settings import CODING_UNITS


def cut_into_units(text: str, spans: list[Span], unit: str) -> list[Span]:
    """`spans` (paragraphs tagged with their turn, or whole turns) cut to `unit`."""
    if unit == "turn":
        return _join_turns(spans)
    if unit == "paragraph":
        return list(spans)
    if unit == "sentence":
        return [replace(span, start=start, end=end)
                for span in spans for start, end in sentence_spans(text, span.start, span.end)]
    raise ValueError(f"unknown coding unit {unit!r}; use {', '.join(CODING_UNITS)}")


def _join_turns(spans: list[Span]) -> list[Span]:
    joined: list[Span] = []
    for span in spans:
        previous = joined[-1] if joined else None
        if previous is not None and span.turn is not None and span.turn == previous.turn:
            joined[-1] = replace(previous, end=span.end)
        else:
            joined.append(span)
    return joined


# A field note's own commentary, as MHS's observer comments (OC) mark it: the researcher's
# reflection on what was seen, not the field's words. Not coded, as an interviewer's turns are
# not: it would count as observed evidence (weighted above an interview) for the researcher's
# own reading. A memo is its place in the analysis.
# A marker that names the researcher may also open a sentence ("Sebagai catatan reflektif, …",
# "As a reflective note, …", "Refleksi peneliti — …"); a bare "Refleksi" or "Memo" only with
# a colon, as a sentence may begin with the word.
_NAMED_REFLECTION = (r"refleksi peneliti|catatan (?:peneliti|reflektif|refleksi|pengamat)|komentar (?:peneliti|pengamat)"
                     r"|observer'?s? comments?|reflective notes?|researcher'?s? (?:note|comment|reflection)s?"
                     r"|analytic memo")
REFLECTION = re.compile(
    r"[ \t]*[*_]{0,3}(?:(?:refleksi|oc|reflections?|memo|" + _NAMED_REFLECTION + r")[*_]{0,3}[ \t]*:"
    r"|(?:(?:sebagai|as an?|an?|dalam) )?(?:sebuah |satu )?(?:" + _NAMED_REFLECTION + r")[*_]{0,3}[ \t]*(?:,|[-–—] ))",
    re.IGNORECASE)


def segment_source(source_id: str, text: str, spans: list[Span] | None, source_type: str | None,
                   language: str, interviewers: set[str], unit: str, speakers: set[str] = frozenset(),
                   lone: list[str] | None = None,
                   project_interviewers: frozenset[str] = frozenset()
                   ) -> tuple[str | None, tuple[Segment, ...]]:
    """A source's text cut into coding units, and its source type (inferred when not given).

    `spans` are what the reader found (caption cues), or None for plain text, which is cut
    at speaker turns (interviews, or when the type is unknown) or paragraphs. Ingest and the
    REFI-QDA import both cut here, so an imported text is segmented as an ingested one.
    `interviewers` and `speakers` are labels the front matter declares; `lone` receives the
    one-off labels read as words (see `turns.speaker_turns`) where the text is cut at turns.
    `project_interviewers` are the interviewer's labels in every source ([coding] interviewers):
    besides the role words and the one-letter convention, which a front matter's replaces."""
    if spans is None:
        wants_turns = source_type in (None, "interview")
        # the project's interviewers are labels wherever they speak, even once
        spans = (speaker_turns(text, interviewers | speakers | set(project_interviewers), lone) if wants_turns
                 else paragraphs(text))
        if source_type is None:
            source_type = "interview" if any(s.speaker for s in spans) else "document"
    codable: dict[str | None, bool] = {}  # per speaker label (a source has a few)
    everywhere = {label_key(label) for label in project_interviewers}
    for span in spans:
        if span.speaker not in codable:
            by_project = span.speaker is not None and label_key(span.speaker) in everywhere
            codable[span.speaker] = not (is_interviewer(span.speaker, language, interviewers) or by_project)
    # the researcher's reflections in a field note or an observation: their paragraphs' extents
    reflections = [(span.start, span.end) for span in spans if span.speaker is None and not span.heading
                   and source_type in RESEARCHER_NOTES and REFLECTION.match(text, span.start)]
    units = cut_into_units(text, spans, unit)
    # In an interview, what comes before the first turn is no one's words: a title ("Wawancara
    # dengan warga pelapor") or the researcher's note on the setting. Not coded, as the
    # interviewer's turns are not. Nor are headings between turns.
    first_turn = next((n for n, span in enumerate(units) if span.speaker), 0) if source_type == "interview" else 0
    return source_type, tuple(
        Segment(source_id=source_id, ordinal=n + 1, start=span.start, end=span.end,
                text=text[span.start:span.end], speaker=span.speaker, timestamp=span.timestamp,
                codable=(codable[span.speaker] and n >= first_turn and not span.heading
                         and not any(start <= span.start < end for start, end in reflections)))
        for n, span in enumerate(units))
