"""Double coding: reproducible samples, agreement tables and disagreement lists."""

from __future__ import annotations

import math
import random

from qualcode.errors import QualcodeError
from qualcode.project import ProjectConfig
from qualcode.store import Store


def draw_sample(config: ProjectConfig, fraction: float, seed: int, name: str = "sample") -> list[str]:
    """A reproducible subset of codable segments for every coder to code (same seed, same sample)."""
    if not 0 < fraction <= 1:
        raise QualcodeError("--fraction must be greater than 0 and at most 1")
    with Store(config.store_path) as store:
        population = store.codable_segment_ids()
        if not population:
            raise QualcodeError("no codable segments: run `qualcode ingest` first")
        size = max(1, math.ceil(fraction * len(population)))
        chosen = sorted(random.Random(seed).sample(population, size))
        with store.transaction():
            store.save_sample(name, chosen)
    return chosen


def _frames(config: ProjectConfig, coders: list[str], sample: str | None):
    from qualcode.display.frames import codings_frame, segments_frame

    if len(coders) < 2:
        raise QualcodeError("agreement needs at least two coders")
    with Store(config.store_path) as store:
        sources = store.sources()
        codings = store.all_codings()
        sampled = set(store.sample(sample)) if sample else None
        # Without a sample, compare only what every coder has looked at: a segment nobody
        # opened is not an agreement that it carries no code.
        visited = set.intersection(*(store.visited_segments(c) for c in coders)) if not sample else None
    if sample and not sampled:
        raise QualcodeError(f"no sample {sample!r}; draw one with `qualcode code sample`")
    known = {c.coder for c in codings}
    missing = [c for c in coders if c not in known]
    if missing:
        raise QualcodeError(f"no codings by {', '.join(missing)}; coders here: {', '.join(sorted(known))}")
    segments = segments_frame(sources)
    frame = codings_frame(codings)
    lengths = {s.id: len(s.text) for s in sources}
    seen = None
    if visited is not None:
        segments = segments[segments["segment_id"].isin(visited)]
        frame = frame[frame["segment_id"].isin(visited)]
        seen = {coder: set(segments["source_id"]) for coder in coders}
    if sampled is not None:
        # A sample is coded in full by every coder: compare exactly its segments.
        segments = segments[segments["segment_id"].isin(sampled)]
        frame = frame[frame["segment_id"].isin(sampled)]
        seen = {coder: set(segments["source_id"]) for coder in coders}
    return frame, segments, lengths, seen


def agreement(config: ProjectConfig, coders: list[str], unit: str = "segment",
              codes: list[str] | None = None, sample: str | None = None):
    from qualcode.condense.agreement_units import UNITS, agreement_table

    if unit not in UNITS:
        raise QualcodeError(f"unknown unit {unit!r}; use {', '.join(UNITS)}")
    if unit == "character" and len(coders) != 2:
        raise QualcodeError("the character unit compares exactly two coders")
    codings, segments, lengths, seen = _frames(config, coders, sample)
    return agreement_table(codings, segments, coders, unit=unit, codes=codes or None,
                           source_lengths=lengths, seen=seen)


def disagreements(config: ProjectConfig, coders: list[str], codes: list[str] | None = None,
                  sample: str | None = None):
    from qualcode.condense.agreement_units import disagreements as find

    codings, segments, _, seen = _frames(config, coders, sample)
    return find(codings, segments, coders, codes=codes or None, seen=seen)
