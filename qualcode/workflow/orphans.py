"""Orphaned codings: list them with the segment most like their old text, code one again on
a segment of today's text (reattach), or let them go (drop)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from qualcode.errors import QualcodeError
from qualcode.model import Segment
from qualcode.project import ProjectConfig
from qualcode.store import Orphan, Store
from qualcode.workflow.coding import _codebook, _known_code, _target_segments, known_source

# Below this likeness a segment is not offered as an orphan's new home: it shares words, not text.
CLOSEST_AT_LEAST = 0.5


@dataclass(frozen=True)
class OrphanView:
    orphan: Orphan
    source_present: bool                 # the source is still in the project
    closest: Segment | None = None       # today's segment most like the orphan's old text
    likeness: float = 0.0                # difflib ratio of the two texts, 0..1


def list_orphans(config: ProjectConfig, source_id: str | None = None) -> list[OrphanView]:
    """The project's orphans (or one source's), each with the segment of its source that is
    most like its old text, when one is alike enough to be its likely new home."""
    with Store(config.store_path) as store:
        if source_id is not None and not store.orphans(source_id):
            source_id = known_source(store, source_id)
        orphans = store.orphans(source_id)
        segments = {source: store.segments_of(source) for source in {o.source_id for o in orphans}
                    if store.source_info(source) is not None}
    return [OrphanView(orphan, orphan.source_id in segments,
                       *closest_segment(orphan.segment_text, segments.get(orphan.source_id, [])))
            for orphan in orphans]


def closest_segment(text: str, segments: list[Segment]) -> tuple[Segment | None, float]:
    """The codable segment most like `text` and how alike (difflib ratio), or (None, 0.0)
    when none reaches CLOSEST_AT_LEAST."""
    best, best_ratio = None, 0.0
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(_plain(text))
    for segment in segments:
        if not segment.codable:
            continue
        matcher.set_seq1(_plain(segment.text))
        # the cheap upper bounds first: most segments are nothing like it
        if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best, best_ratio = segment, ratio
    return (best, best_ratio) if best_ratio >= CLOSEST_AT_LEAST else (None, 0.0)


def _plain(text: str) -> str:
    """Text as it reads: an answer only set in capitals, or spaced anew, is still alike."""
    return " ".join(text.casefold().split())


def reattach_orphans(config: ProjectConfig, orphan_ids: list[int], source_id: str | None = None,
                     ordinal: int | None = None, match: str | None = None) -> list[tuple[Orphan, Segment]]:
    """Code a segment as each orphan was coded, by the same coder, and let the orphans go: the
    segment named (of the orphan's source unless `source_id` says otherwise), or, when none
    is, the one `code orphans` shows as its likely new home. All of them or none."""
    codebook = _codebook(config)
    done = []
    with Store(config.store_path) as store, store.transaction():
        for orphan_id in dict.fromkeys(orphan_ids):
            orphan = _orphan(store, orphan_id)
            _known_code(codebook, orphan.code_id)
            if source_id is None and store.source_info(orphan.source_id) is None:
                raise QualcodeError(f"orphan {orphan_id}'s source {orphan.source_id} is gone from the project; "
                                    "say where to code it with --source and --segment (or --match)")
            segment = _new_home(store, orphan, source_id, ordinal, match)
            if not segment.codable:
                raise QualcodeError(f"{segment.id} is an interviewer's turn, which is not coded")
            if not store.reattach_orphan(orphan_id, segment.id):
                raise QualcodeError(f"{segment.id} already has a {orphan.code_id!r} coding by {orphan.coder}; "
                                    f"to let orphan {orphan_id} go, `qualcode code drop-orphan {orphan_id}`")
            done.append((orphan, segment))
    return done


def _new_home(store: Store, orphan: Orphan, source_id: str | None, ordinal: int | None,
              match: str | None) -> Segment:
    """The segment named, or with nothing named, the segment of the orphan's source most like
    its old text (a source of one codable segment has no other to offer)."""
    if source_id is None and ordinal is None and match is None:
        closest, _ = closest_segment(orphan.segment_text, store.segments_of(orphan.source_id))
        if closest is not None:
            return closest
    [segment] = _target_segments(store, source_id or orphan.source_id, ordinal, match)
    return segment


def drop_orphans(config: ProjectConfig, orphan_ids: list[int]) -> list[Orphan]:
    """Let orphans go for good (every id must be an orphan's, or none is dropped)."""
    with Store(config.store_path) as store, store.transaction():
        dropped = [_orphan(store, orphan_id) for orphan_id in dict.fromkeys(orphan_ids)]
        store.drop_orphans([orphan.id for orphan in dropped])
    return dropped


def _orphan(store: Store, orphan_id: int) -> Orphan:
    found = store.orphans(ids=[orphan_id])
    if not found:
        raise QualcodeError(f"no orphaned coding {orphan_id}; see `qualcode code orphans`")
    return found[0]
