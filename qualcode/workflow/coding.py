"""Coding by people: manual add/remove, retrieval, explanations, codebook stats (the review
session: `qualcode.workflow.review`; in vivo suggestions: `qualcode.workflow.codebooks`)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from qualcode.errors import QualcodeError
from qualcode.model import AUTO_CODER, Coding, Segment
from qualcode.project import ProjectConfig
from qualcode.store import Store
from qualcode.textrules import did_you_mean, natural_key


def _codebook(config: ProjectConfig):
    from qualcode.codebook import load_codebook

    return load_codebook(config.codebook_path)


def _known_code(codebook, code_id: str) -> None:
    if code_id not in codebook.by_id():
        raise QualcodeError(f"unknown code {code_id!r}{did_you_mean(code_id, codebook.by_id())}; "
                            f"see `qualcode codebook show`")


def known_source(store: Store, source_id: str) -> str:
    """The stored id of a source named by its id or by its file's name (`I1-Kadis.docx` or
    `I1-Kadis` for `i1-kadis`, as ingest made the id); refuse a name the store does not hold,
    naming the nearest and the first ones it does (no command lists them all but `code list`,
    and only the coded ones)."""
    if store.source_info(source_id) is not None:
        return source_id
    from qualcode.ingest import INGESTED_SUFFIXES, slug

    stem, dot, suffix = source_id.rpartition(".")
    named = slug(stem if dot and f".{suffix.lower()}" in INGESTED_SUFFIXES else source_id)
    # a colon is in no file's name: `pemkot:²` is a mistyped segment id, not the file pemkot
    if ":" not in source_id and store.source_info(named) is not None:
        return named
    known = sorted((ident for ident, _ in store.known_sources().values()), key=natural_key)
    listed = ", ".join(known[:8]) + (f" and {len(known) - 8} more" if len(known) > 8 else "")
    raise QualcodeError(f"unknown source {source_id!r}{did_you_mean(source_id, known)}; "
                        + (f"sources: {listed}" if known else "no sources yet: run `qualcode ingest`"))


def named_source(store: Store, name: str) -> str | None:
    """`known_source`'s id for a source named by its id or its file's name, or None."""
    try:
        return known_source(store, name)
    except QualcodeError:
        return None


def stored_segment_id(store: Store, segment_id: str) -> str:
    """A segment id as the store holds it, its source named by its file's name if so
    (`I1-Kader:4` for i1-kader:4); as given when no source has that name."""
    head, colon, number = segment_id.rpartition(":")
    source = named_source(store, head) if colon and number.isdigit() else None
    return f"{source}:{number}" if source else segment_id


def _target_segments(store: Store, source_id: str, ordinal: int | None, match: str | None) -> list[Segment]:
    """The segment named by a source and --segment N or --match TEXT; or by a segment id
    (`SOURCE:N`, as every listing prints it) given as the source; or by a source alone
    that has one codable segment (a survey's answer)."""
    head, _, number = source_id.rpartition(":")
    if (head and number.isascii() and number.isdigit() and store.source_info(source_id) is None
            and (head := named_source(store, head))):
        if ordinal is not None or match is not None:
            raise QualcodeError(f"{source_id} names a segment already; drop --segment/--match, or give "
                                f"the source alone ({head})")
        source_id, ordinal = head, int(number)
    source_id = known_source(store, source_id)
    if ordinal is None and match is None:
        codable = [segment for segment in store.segments_of(source_id) if segment.codable]
        if len(codable) == 1:  # a survey's answer, a short document: no need to say which
            return codable
        raise QualcodeError(f"{source_id} has {len(codable)} codable segments; say which with --segment N "
                            "or --match TEXT (`qualcode code show " + source_id + "` numbers them)")
    if ordinal is not None and match is not None:
        raise QualcodeError("give exactly one of --segment N or --match TEXT")
    if ordinal is not None:
        segment = store.segment(f"{source_id}:{ordinal}")
        if segment is None:
            raise QualcodeError(f"{source_id} has no segment {ordinal}")
        return [segment]
    found = store.find_segments(source_id, match)
    if not found:
        raise QualcodeError(f"no segment of {source_id} contains {match!r}")
    if len(found) > 1:
        ids = ", ".join(s.id for s in found[:8])
        raise QualcodeError(f"{match!r} is in {len(found)} segments ({ids}); use --segment N")
    return found


# ------------------------------------------------------------------------------ manual coding
def add_coding(config: ProjectConfig, source_id: str, code_id: str, ordinal: int | None = None,
               match: str | None = None, coder: str | None = None,
               memo: str | None = None) -> tuple[Segment, bool]:
    """Code a segment by hand: (the segment, whether the coder had coded it so already, in
    which case nothing is written but the memo given)."""
    codebook = _codebook(config)
    _known_code(codebook, code_id)
    _human(coder)
    coder = coder or config.coder
    with Store(config.store_path) as store, store.transaction():
        [segment] = _target_segments(store, source_id, ordinal, match)
        if not segment.codable:  # as a sheet import refuses it: the interviewer's turn is not data
            raise QualcodeError(f"{segment.id} is an interviewer's turn, which is not coded")
        already = any(c.coder == coder and c.code_id == code_id and c.status == "accepted"
                      for c in store.codings_of_segment(segment.id))
        if not already or memo:
            store.decide(segment.id, code_id, coder, "accepted", memo=memo, action="add")
    return segment, already


def _human(coder: str | None) -> None:
    """A person's decision is never recorded under the machine's name."""
    if coder == AUTO_CODER:
        raise QualcodeError(f"--coder {AUTO_CODER} is the machine's name; record your decisions "
                            "under your own (the project's coder by default)")


def remove_coding(config: ProjectConfig, source_id: str, code_id: str, ordinal: int | None = None,
                  match: str | None = None, coder: str | None = None) -> tuple[Segment, str]:
    """Take a code off a segment: remove your coding, or, where the machine suggested the code,
    record your rejection (deleting your decision would bring its suggestion back into the
    analysis and the review queue)."""
    _human(coder)
    coder = coder or config.coder
    with Store(config.store_path) as store, store.transaction():
        [segment] = _target_segments(store, source_id, ordinal, match)
        rows = store.codings_of_segment(segment.id)
        mine = next((c.status for c in rows if c.coder == coder and c.code_id == code_id), None)
        if any(c.coder == AUTO_CODER and c.code_id == code_id for c in rows):
            if mine == "rejected":
                return segment, "already rejected: the machine's suggestion stays out"
            store.decide(segment.id, code_id, coder, "rejected", action="reject")
            return segment, ("rejected the machine's suggestion, which you had accepted" if mine
                             else "rejected the machine's suggestion")
        if store.remove(segment.id, code_id, coder):
            return segment, "removed"
    raise QualcodeError(f"{segment.id} has no {code_id!r} coding by {coder}")


# ------------------------------------------------------------------------------ retrieval
LISTING_COLUMNS = ["segment_id", "source_id", "case_id", "role", "speaker", "timestamp", "code_id", "coder",
                   "origin", "status", "score", "terms", "memo", "text"]


@dataclass(frozen=True)
class Listing:
    """The rows of `code list`, each a dict over `columns` (the case's attributes as
    `case.KEY`, None where a case lacks one). Plain rows, not a DataFrame: listing codings is
    a command people run often, and pandas alone takes a third of a second to import."""

    columns: list[str]
    rows: list[dict]

    def __len__(self) -> int:
        return len(self.rows)


def list_codings(config: ProjectConfig, codes: list[str] | None = None,
                 and_codes: list[str] | None = None, source: str | None = None,
                 coder: str | None = None, status: str | None = None,
                 where: dict[str, str] | None = None, reviewed_only: bool = False) -> Listing:
    """Codings, filtered; `and_codes` keeps segments that also carry those codes.

    Without --coder or --status it lists the codings that count (see DESIGN: a person's
    decision wins over the machine's); with them, every stored row that fits."""
    # Only the codings asked for are read (the store filters by code and source); a large
    # project's segments and sources are then read in batches, not one query each.
    with Store(config.store_path) as store:
        if source:  # a mistyped source would list nothing, as one not coded
            source = known_source(store, source)
        if coder or status:
            rows = store.all_codings(codes=codes or None, source=source)
        else:
            rows = store.codings(reviewed_only=reviewed_only, codes=codes or None, source=source)
        also_coded = {other: {c.segment_id for c in store.codings(reviewed_only=reviewed_only, codes=[other])}
                      for other in and_codes or []}
        segments = store.segments_by_id(c.segment_id for c in rows)
        cases = store.cases()
        infos = store.source_infos(s.source_id for s in segments.values())
    keys = list(dict.fromkeys(key for case in cases for key in case.attributes))
    keys += [] if "role" in keys else ["role"]
    attributes_of = {case.id: case.attributes for case in cases}
    records = []

    source_keys = {source_id: natural_key(source_id) for source_id in {s.source_id for s in segments.values()}}

    def reading_order(coding: Coding) -> tuple:  # pemkot:2 before pemkot:10, as the text reads
        segment = segments.get(coding.segment_id)  # and survei-row-2 before survei-row-10
        return ((source_keys[segment.source_id], segment.ordinal) if segment
                else (natural_key(coding.segment_id), 0), coding.code_id, coding.coder)

    for coding in sorted(rows, key=reading_order):
        segment = segments.get(coding.segment_id)
        info = infos.get(segment.source_id) if segment else None
        # a focus group's participant is a case of their own (speaker_cases), else the source's
        case_id = (segment.case_id if segment is not None and segment.case_id
                   else info["case_id"] if info else None)
        attributes = attributes_of.get(case_id, {}) if case_id is not None else {}
        records.append({
            "segment_id": coding.segment_id, "source_id": segment.source_id if segment else None,
            "case_id": case_id, "role": attributes.get("role"),
            "speaker": segment.speaker if segment else None, "timestamp": segment.timestamp if segment else None,
            "code_id": coding.code_id,
            "coder": coding.coder, "origin": coding.origin, "status": coding.status,
            "score": coding.score,
            "terms": ", ".join(dict.fromkeys(m.text.lower() for m in coding.matched)),
            "memo": coding.memo or "",
            "text": segment.text if segment else "", **{f"case.{k}": attributes.get(k) for k in keys},
        })
    columns = LISTING_COLUMNS + ([f"case.{k}" for k in keys] if records else [])
    stored = {c.code_id for c in rows} | {code for code, found in also_coded.items() if found}
    for code_id in [*(codes or []), *(and_codes or [])]:
        if code_id not in stored:  # a misspelt code lists nothing: say so, as `code add` does
            _known_code(_codebook(config), code_id)
    wanted = {"code_id": set(codes)} if codes else {}
    for column, value in (("source_id", source), ("coder", coder), ("status", status)):
        if value:
            wanted[column] = {value}
    for key, value in (where or {}).items():
        column = key if key in columns else f"case.{key}"
        if column not in columns:
            raise QualcodeError(f"unknown attribute {key!r} in --where")
        wanted[column] = {value}
    kept = [record for record in records
            if all(_as_text(record[column]) in values for column, values in wanted.items())
            and all(record["segment_id"] in also for also in also_coded.values())]
    return Listing(columns, kept)


def _as_text(value) -> str:
    """A cell as `--where` compares it: as written (a number as its digits; nothing as "None")."""
    return value if isinstance(value, str) else str(value)


@dataclass(frozen=True)
class Explanation:
    segment: Segment
    source: dict
    suggestions: list[tuple[Coding, int]]   # (the machine's coding, the code's depth)
    decisions: list[Coding]                 # people's rows on this segment
    polar: frozenset[str] = frozenset()     # codes with a polarity: a negated term of theirs is an
                                            # opposite code's term said in the negative


def explain(config: ProjectConfig, segment_id: str) -> Explanation:
    codebook = _codebook(config)
    with Store(config.store_path) as store:
        segment = store.segment(segment_id)
        if segment is None:
            source_id, colon, ordinal = segment_id.rpartition(":")
            if colon:  # a mistyped source: say which are there; a file's name: its segment
                segment = store.segment(f"{known_source(store, source_id)}:{ordinal}")
        if segment is None:
            raise QualcodeError(f"no segment {segment_id!r} (ids look like SOURCE:N; "
                                "`qualcode code show SOURCE` lists a source's)")
        rows = store.codings_of_segment(segment.id)
        info = store.source_info(segment.source_id)
    from qualcode.ingest.language import segment_language

    # the language it was coded in: an English answer in an Indonesian interview is English
    info = {**info, "language": segment_language(segment.text, info["language"])}
    depth = lambda code_id: len(codebook.ancestors(code_id)) if code_id in codebook.by_id() else 0  # noqa: E731
    suggestions = [(c, depth(c.code_id)) for c in rows if c.coder == AUTO_CODER]
    return Explanation(segment, info, suggestions, [c for c in rows if c.coder != AUTO_CODER],
                       frozenset(code.id for code in codebook.codes if code.polarity))


def code_stats(config: ProjectConfig, coder: str | None = None):
    """Per code: segments, sources, cases that count; what one coder (the project's, unless
    `coder`) did with the machine's suggestions, and what they coded that it never
    suggested (`added`: what its keywords miss). One coder's decisions only: with several,
    a suggestion three coders accepted is one suggestion, not three acceptances."""
    import pandas as pd

    coder = coder or config.coder
    codebook = _codebook(config)
    with Store(config.store_path) as store:  # keys and places only: no text or matches is read
        counted = store.coding_keys()
        everything = store.coding_keys(counted=False)
        place_of = store.segment_places()
    suggested = {(segment, code) for segment, code, who, _ in everything if who == AUTO_CODER}
    theirs = [(segment, code, status) for segment, code, who, status in everything if who == coder]
    if coder != config.coder and not theirs:
        raise QualcodeError(f"no codings by {coder!r}; coders here: "
                            f"{', '.join(sorted({who for _, _, who, _ in everything})) or 'none'}")
    # one pass over the codings, by code, rather than a pass per code
    segments_of: dict[str, set[str]] = defaultdict(set)
    for segment, code, _, _ in counted:
        segments_of[code].add(segment)
    suggestions_of = Counter(code for _, code in suggested)
    decided: dict[str, Counter] = defaultdict(Counter)  # code -> accepted / rejected / added
    for segment, code, status in theirs:
        if (segment, code) in suggested:
            decided[code][status] += 1
        elif status == "accepted":
            decided[code]["added"] += 1
    rows = []
    for code in codebook.codes:
        mine = segments_of.get(code.id, set())
        accepted, rejected = decided[code.id]["accepted"], decided[code.id]["rejected"]
        rows.append({
            "code": code.id, "kind": code.kind,
            "segments": len(mine),
            "sources": len({place_of.get(segment, (None, None))[0] for segment in mine}),
            "cases": len({place_of.get(segment, (None, None))[1] for segment in mine} - {None}),
            "suggested": suggestions_of[code.id],
            "accepted": accepted, "rejected": rejected,
            "accept_rate": round(accepted / (accepted + rejected), 2) if accepted + rejected else None,
            "added": decided[code.id]["added"],
        })
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class SourceReading:
    """A source as `code show` prints it: its segments in order, and on each the codes that
    count (a person's decision over the machine's suggestion), each with who put it there."""
    source: dict
    segments: list[Segment]
    codes: dict[str, list[tuple[str, str]]]   # segment id -> [(code id, "coder status")]


def read_source_coded(config: ProjectConfig, source_id: str) -> SourceReading:
    """A source's segments and the codes that count on them (a segment id reads its source)."""
    with Store(config.store_path) as store:
        head, _, number = source_id.rpartition(":")
        if head and number.isdigit() and store.source_info(source_id) is None and store.source_info(head):
            source_id = head
        source_id = known_source(store, source_id)
        segments = store.segments_of(source_id)
        counted = store.codings(source=source_id)  # this source's only: a project may have 100,000
        info = store.source_info(source_id)
    codes: dict[str, list[tuple[str, str]]] = {}
    for coding in counted:
        who = "suggested" if coding.coder == AUTO_CODER else coding.coder
        codes.setdefault(coding.segment_id, []).append((coding.code_id, who))
    return SourceReading(info, segments, codes)
