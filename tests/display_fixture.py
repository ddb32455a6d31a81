"""A small hand-built world for the display tests; every expected cell is worked out by hand
in the tests from the table below.

Codebook: dimensions budget (budget-cuts, budget-plan) and tech (hardware, software);
cross-cutting barrier.

Cases: gov-1 (government, north), gov-2 (government, south), com-1 (community, north),
com-2 (community, south; no sources at all).

Segments (words) and codings (code, coder, status, score):
  g1  interview, gov-1, 2024-01-10, speaker "Pak Adi"
    g1:1 "Budget was cut and the servers aged" (7)   budget-cuts auto S .9; hardware auto S .5
    g1:2 "We planned the budget but cuts came" (7)   budget-plan r A 1.0; budget-cuts auto S .4
    g1:3 "The software crashed every week here" (6)  software auto S .7; barrier r A 1.0
    g1:4 "Cuts again this year" (4)                  budget-cuts auto S .6
  g2  interview, gov-2, 2024-02-05, speaker "Bu Rina"
    g2:1 "Money matters most" (3)                    budget r A 1.0
    g2:2 "New hardware arrived late" (4)             hardware auto S .8; hardware r A 1.0
    g2:3 "Nobody trained us" (3)                     barrier auto S .3
  c1  interview, com-1, 2024-02-20 (c1:1 is the interviewer's turn: not codable)
    c1:1 "Tell me about the budget" (5)              budget-cuts r A 1.0
    c1:2 "The app is slow and the budget small" (8)  budget-cuts auto S .9; software auto S .6
    c1:3 "Signal is weak in our kampung" (6)         barrier auto S .5
  doc document, no case, 2023-12-01
    doc:1 "Plan allocates funds" (3)                 budget-plan auto S .8
    doc:2 "Procure servers" (2)                      hardware auto S .7

17 codings; 12 suggested (S), 5 accepted (A). Without doc: 15 codings, 10 suggested.
"""

from __future__ import annotations

from pathlib import Path

from qualcode.codebook import load_codebook
from qualcode.display.frames import cases_frame, codings_frame, segments_frame
from qualcode.model import Case, Coding, Segment, Source

CODEBOOK = """\
name: Mini
framework:
  name: Mini framework
  dimensions: [budget, tech]
  cross_cutting: [barrier]
codes:
  - {id: budget, kind: dimension, label: {id: Anggaran, en: Budget}, definition: Money.}
  - {id: budget-cuts, kind: subcode, parent: budget, label: {id: Pemotongan, en: Cuts}, definition: Less.}
  - {id: budget-plan, kind: subcode, parent: budget, label: {id: Rencana, en: Planning}, definition: Plan.}
  - {id: tech, kind: dimension, label: {id: Teknologi, en: Technology}, definition: Tools., color: "#2ca02c"}
  - {id: hardware, kind: subcode, parent: tech, label: {id: Perangkat keras, en: Hardware}, definition: Kit.}
  - {id: software, kind: subcode, parent: tech, label: {id: Perangkat lunak, en: Software}, definition: Apps.}
  - {id: barrier, kind: factor, label: {id: Hambatan, en: Barrier}, definition: Obstacles.}
"""

TEXTS = {
    "g1": ["Budget was cut and the servers aged", "We planned the budget but cuts came",
           "The software crashed every week here", "Cuts again this year"],
    "g2": ["Money matters most", "New hardware arrived late", "Nobody trained us"],
    "c1": ["Tell me about the budget", "The app is slow and the budget small",
           "Signal is weak in our kampung"],
    "doc": ["Plan allocates funds", "Procure servers"],
}
SOURCES = {  # source id: (case, type, date, speaker)
    "g1": ("gov-1", "interview", "2024-01-10", "Pak Adi"),
    "g2": ("gov-2", "interview", "2024-02-05", "Bu Rina"),
    "c1": ("com-1", "interview", "2024-02-20", "Warga"),
    "doc": (None, "document", "2023-12-01", None),
}
CASES = {"gov-1": ("government", "north"), "gov-2": ("government", "south"),
         "com-1": ("community", "north"), "com-2": ("community", "south")}
CODINGS = [
    ("g1:1", "budget-cuts", "auto", "suggested", 0.9), ("g1:1", "hardware", "auto", "suggested", 0.5),
    ("g1:2", "budget-plan", "r", "accepted", 1.0), ("g1:2", "budget-cuts", "auto", "suggested", 0.4),
    ("g1:3", "software", "auto", "suggested", 0.7), ("g1:3", "barrier", "r", "accepted", 1.0),
    ("g1:4", "budget-cuts", "auto", "suggested", 0.6),
    ("g2:1", "budget", "r", "accepted", 1.0),
    ("g2:2", "hardware", "auto", "suggested", 0.8), ("g2:2", "hardware", "r", "accepted", 1.0),
    ("g2:3", "barrier", "auto", "suggested", 0.3),
    ("c1:1", "budget-cuts", "r", "accepted", 1.0),
    ("c1:2", "budget-cuts", "auto", "suggested", 0.9), ("c1:2", "software", "auto", "suggested", 0.6),
    ("c1:3", "barrier", "auto", "suggested", 0.5),
    ("doc:1", "budget-plan", "auto", "suggested", 0.8), ("doc:2", "hardware", "auto", "suggested", 0.7),
]


def make_sources(dates: bool = True, timestamps: dict[str, list[str]] | None = None) -> list[Source]:
    sources = []
    for source_id, (case_id, source_type, date, speaker) in SOURCES.items():
        text, segments, offset = "", [], 0
        for ordinal, body in enumerate(TEXTS[source_id], start=1):
            stamp = (timestamps or {}).get(source_id, [None] * 9)[ordinal - 1]
            segments.append(Segment(source_id, ordinal, offset, offset + len(body), body,
                                    speaker="Pewawancara" if source_id == "c1" and ordinal == 1 else speaker,
                                    timestamp=stamp,
                                    codable=not (source_id == "c1" and ordinal == 1)))
            text += body + "\n\n"
            offset = len(text)
        sources.append(Source(source_id, f"{source_id}.txt", "h", text, source_type, "en",
                              date if dates else None, case_id, {}, tuple(segments)))
    return sources


def make_frames(dates: bool = True, timestamps: dict | None = None, roles: dict | None = None):
    """(codings, segments, cases, codebook) frames, as the workflow hands them to displays."""
    cases = [Case(case_id, {"role": (roles or {}).get(case_id, role), "site": site})
             for case_id, (role, site) in CASES.items()]
    codings = [Coding(seg, code, coder, origin="auto" if coder == "auto" else "manual",
                      status=status, score=score)
               for seg, code, coder, status, score in CODINGS]
    return (codings_frame(codings), segments_frame(make_sources(dates, timestamps)),
            cases_frame(cases))


def make_codebook(tmp_path: Path):
    path = tmp_path / "mini.yaml"
    path.write_text(CODEBOOK, encoding="utf-8")
    return load_codebook(path)


def text_of(segments, segment_ids) -> list[str]:
    """Drill-down: the texts of segment ids, in the order given."""
    by_id = segments.set_index("segment_id")["text"]
    return [by_id[s] for s in segment_ids]
