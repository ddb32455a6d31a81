"""Informants introducing themselves: a poor quote, however many codebook terms it names.

An interview's first answers are often who the informant is ("saya perencana ahli muda di
Bidang …", "I'm the head of …"). Their job titles are full of codebook terms (planning,
e-government, the agency's name), so by score alone they can lead a section as evidence.
Quotes are chosen from the other segments first; an introduction is quoted only when
nothing else is left."""

from __future__ import annotations

import re
from functools import lru_cache

# Answers this early in a source can be an introduction (ordinal of the segment in its source).
OPENING_SEGMENTS = 4

_SELF_DESCRIPTION = re.compile(
    r"\b(?:nama saya|perkenalkan"
    r"|saya(?: ini)?(?: sudah| adalah| sebagai| bekerja| menjabat| bertugas| dulu| dulunya)\b"
    r"|saya(?: ini)? (?:perencana|kepala|kabid|kasi|kasubag|staf|pegawai|ketua|sekretaris|camat|lurah"
    r"|anggota|dosen|peneliti|wartawan|jurnalis|pengusaha|direktur|manajer|koordinator|operator)\b"
    r"|my name is|let me introduce"
    r"|i(?:'m| am) (?:the |a |an |one of the )?(?:[\w-]+ ){0,3}?(?:head|director|chief|deputy|manager"
    r"|lecturer|member|officer|staff|coordinator|planner|journalist|researcher|secretary|chair|founder)\b"
    r"|i(?:'ve| have) (?:been )?(?:work(?:ed|ing)|served|taught)\b)",
    re.IGNORECASE)


# Every way of describing oneself above has one of these words: a text without any is not
# searched (a survey's answers are all opening segments, tens of thousands of them).
_SELF_WORDS = ("saya", "perkenalkan", "my name", "let me", "i'm", "i am", "i've", "i have")


@lru_cache(maxsize=1 << 16)  # the displays' quotes and the report's assertions ask of the same segments
def looks_like_introduction(segment_id: str, text: str) -> bool:
    """Whether a segment is an early answer in which the speaker describes themself."""
    ordinal = segment_id.rpartition(":")[2]
    if not (ordinal.isdigit() and int(ordinal) <= OPENING_SEGMENTS):
        return False
    lowered = text.lower()
    return any(word in lowered for word in _SELF_WORDS) and _SELF_DESCRIPTION.search(text) is not None
