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

from dataclasses import replace

from qualcode.ingest.sentences import sentence_spans
from qualcode.ingest.turns import Span
from qualcode.project import CODING_UNITS


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
