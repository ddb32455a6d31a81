"""A group discussion's participants as cases of their own.

A focus group is one file and, by default, one case: seven village officials would count as
one informant, in every count, check and sentence. With `speaker_cases` in its front matter,
each participant who speaks (every speaker but the moderator) is a case instead:

    speaker_cases: true                                  # ids made from the file's case and the label
    speaker_cases: {P1: kades-sukamaju, Bu Ratna: ratna}  # ids of your own; the rest made so

A participant is known by the name before any role in the label (`P1 (Kades Sukamaju)` and a
later `P1` are one case: `turns.label_key`). The moderator's turns, and any text before the
first turn, belong to no case, as a document's do. The file's own case id (its `case:`, else
its id) names the group: each participant's case has it as its `group` attribute, and takes
the group's attributes (its front matter's and its cases.csv row's) where its own row gives
none.
"""

from __future__ import annotations

import re
from dataclasses import replace

from qualcode.ingest.turns import QUALIFIED_AT, label_key
from qualcode.model import Segment

GROUP_ATTRIBUTE = "group"
# What a label says beside the name ("P1 (Kades Sukamaju)", "Bu Sri/PKK", "P2-Sekdes") is the
# participant's position, unless cases.csv gives one: otherwise a quote from "P1 (Diskominfo)"
# would read "asn (fgd-03-p1)" and Diskominfo would be lost
POSITION_ATTRIBUTE = "position"
_CODED_ROLE = re.compile(r"[^\W\d_]{1,2}\d{1,3}-(?P<role>.+)")


def label_position(label: str) -> str | None:
    """The role a group discussion's label gives beside the name, if any."""
    at = QUALIFIED_AT.search(label)
    if at is not None:
        role = label[at.start():].strip(" \t()/,")
        return role or None
    coded = _CODED_ROLE.fullmatch(label.strip())
    return coded["role"] if coded else None


def participant_cases(segments: tuple[Segment, ...], group: str, named: dict[str, str] | None = None
                      ) -> tuple[tuple[Segment, ...], list[str], list[str]]:
    """The segments with each codable speaker's case set; those cases, in the order their
    participants first speak; and the labels of `named` (label -> case id, as the front
    matter gives them) that no codable turn has."""
    from qualcode.ingest import slug  # the package imports this module

    chosen = {label_key(label): case_id for label, case_id in (named or {}).items()}
    cases: dict[str, str] = {}
    marked = []
    for segment in segments:
        if segment.codable and segment.speaker:
            key = label_key(segment.speaker)
            if key not in cases:
                cases[key] = chosen.get(key) or slug(f"{group}-{key}")
            segment = replace(segment, case_id=cases[key])
        marked.append(segment)
    unheard = [label for label in (named or {}) if label_key(label) not in cases]
    return tuple(marked), list(dict.fromkeys(cases.values())), unheard


def participant_positions(segments: tuple[Segment, ...]) -> dict[str, str]:
    """Each participant's case -> the position its first label that gives one says."""
    positions: dict[str, str] = {}
    for segment in segments:
        if segment.case_id and segment.case_id not in positions and segment.speaker:
            if (position := label_position(segment.speaker)) is not None:
                positions[segment.case_id] = position
    return positions
