"""Double coding: reproducible samples, agreement tables and disagreement lists.

Each agreement table is kept in the store (the latest per comparison), for the report:
`latest_agreement` reads it back.
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone

from qualcode.errors import QualcodeError
from qualcode.project import ProjectConfig
from qualcode.store import Store


def draw_sample(config: ProjectConfig, fraction: float, seed: int, name: str = "sample") -> list[str]:
    """A reproducible subset of codable segments for every coder to code (same seed, same sample)."""
    if not 0 < fraction <= 1:
        raise QualcodeError("--fraction must be greater than 0 and at most 1")
    if not re.fullmatch(r"\w[\w.-]*", name):  # coders and `agree --sample` name it again
        raise QualcodeError(f"--name {name!r} must be a plain name (letters, digits, _ . -)")
    with Store(config.store_path) as store:
        population = store.codable_segment_ids()
        if not population:
            raise QualcodeError("no codable segments: run `qualcode ingest` first")
        size = max(1, math.ceil(fraction * len(population)))
        chosen = sorted(random.Random(seed).sample(population, size))
        with store.transaction():
            store.save_sample(name, chosen)
    return chosen


def _frames(config: ProjectConfig, coders: list[str], sample: str | None, seen_only: bool = False):
    from qualcode.display.frames import codings_frame, segments_frame

    if len(coders) < 2:
        raise QualcodeError("agreement needs at least two coders")
    from qualcode.condense.agreement_units import check_distinct

    check_distinct(coders)
    # What is refused is said before the sources and codings are read: a large project's
    # take seconds. Only the compared coders' codings are read (nothing else is compared).
    with Store(config.store_path) as store:
        # a coder who looked at every segment and coded none is a coder all the same
        known = set(store.coders())
        sampled = set(store.sample(sample)) if sample else None
        if sample and not sampled:
            raise QualcodeError(f"no sample {sample!r}; draw one with `qualcode code sample`")
        missing = [c for c in coders if c not in known]
        if missing:
            raise QualcodeError(f"no codings by {', '.join(missing)}; coders here: {', '.join(sorted(known))}")
        # Without a sample, compare only what every coder has looked at: a segment nobody
        # opened is no agreement that it carries no code. A sample is meant to be coded in
        # full by every coder, so its segments are compared, a coder's unseen ones as coded
        # with nothing, which is said; `seen_only` compares only those every coder looked at.
        looked_at = {coder: store.visited_segments(coder) for coder in coders}
        visited = set.intersection(*looked_at.values())
        together = f"{' and '.join(coders) if len(coders) == 2 else 'all of ' + ', '.join(coders)}"
        unseen: dict[str, list[int]] = {}  # coder -> [sample segments not looked at, sample size]
        if sampled is not None:
            unseen = {coder: [len(sampled - seen), len(sampled)] for coder, seen in looked_at.items()
                      if sampled - seen}
            visited = visited & sampled if seen_only else sampled
            if not visited:
                raise QualcodeError(f"no segment of sample {sample!r} was seen by {together}, so there is nothing "
                                    f"to compare; let each coder review it (`qualcode code review --sample {sample}`)")
        elif not visited:  # an empty table of "undefined" said nothing of why
            raise QualcodeError(
                f"no segment was seen by {together}, so there is nothing to compare; draw a sample "
                "(`qualcode code sample`) and let each coder review it (`qualcode code review --sample NAME`)")
        sources = store.sources()
        codings = store.all_codings(coders=coders)
    segments = segments_frame(sources)
    frame = codings_frame(codings)
    lengths = {s.id: len(s.text) for s in sources}
    segments = segments[segments["segment_id"].isin(visited)]
    frame = frame[frame["segment_id"].isin(visited)]
    seen = {coder: set(segments["source_id"]) for coder in coders}
    return frame, segments, lengths, seen, unseen


def unseen_lines(name: str, unseen: dict[str, list[int]]) -> list[str]:
    """A line per coder who has not looked at every segment of sample `name` (no decision,
    no code, no row of theirs in an imported sheet)."""
    return [f"{coder} has looked at {total - missing} of the {total} segments of sample {name!r} (a decision, "
            "a code or a sheet row on each)" for coder, (missing, total) in unseen.items()]


def _unseen_in_sample(name: str, unseen: dict[str, list[int]], seen_only: bool) -> list[str]:
    """`unseen_lines`, and what became of those segments."""
    notes = unseen_lines(name, unseen)
    if notes:
        notes.append("only the segments every coder looked at are compared" if seen_only else
                     "the others count as coded with nothing by that coder: if they were not seen, let the "
                     f"coder review them (`qualcode code review --sample {name} --coder NAME`), or compare only "
                     "the segments every coder looked at (`--seen-only`)")
    return notes


def _held_back(config: ProjectConfig, coders: list[str]) -> list[str]:
    """A line per coder with merged decisions still in the quarantine: not in the figures."""
    with Store(config.store_path) as store:
        held = store.quarantined_by(coders)
    return [f"{count} merged decision{'s' if count != 1 else ''} by {coder} "
            f"{'wait' if count != 1 else 'waits'} in the quarantine, not compared (`qualcode status`; the merge "
            "listed why)" for coder, count in held.items()]


def agreement(config: ProjectConfig, coders: list[str], unit: str = "segment",
              codes: list[str] | None = None, sample: str | None = None, seen_only: bool = False):
    from qualcode.condense.agreement_units import UNITS, agreement_table

    if unit not in UNITS:
        raise QualcodeError(f"unknown unit {unit!r}; use {', '.join(UNITS)}")
    if unit == "character" and len(coders) != 2:
        raise QualcodeError("the character unit compares exactly two coders")
    codings, segments, lengths, seen, unseen = _frames(config, coders, sample, seen_only)
    if unit == "character" and seen is not None:
        # Only the compared segments' characters are units: each segment is laid out as a text
        # of its own, so the rest of its source never counts as agreed "neither".
        segments = segments.assign(source_id=segments["segment_id"], start=0,
                                   end=segments["end"] - segments["start"])
        lengths = dict(zip(segments["segment_id"], segments["end"]))
        seen = {coder: set(segments["source_id"]) for coder in coders}
    table = agreement_table(codings, segments, coders, unit=unit, codes=codes or None,
                            source_lengths=lengths, seen=seen)
    # with --seen-only, no unseen segment is in the figures
    _keep(config, coders, unit, sample, codes, table, {} if seen_only else unseen)
    # for the command to say
    table.attrs["notes"] = _unseen_in_sample(sample, unseen, seen_only) + _held_back(config, coders)
    return table


@dataclass(frozen=True)
class CodeAgreement:
    """One row of an agreement table; None where a statistic is undefined."""

    code: str
    n_units: int
    percent: float | None
    cohen_kappa: float | None
    bp_kappa: float | None
    alpha_nominal: float | None
    band_kappa: str
    band_alpha: str


@dataclass(frozen=True)
class AgreementRecord:
    """An agreement measured with `qualcode agree`: the overall ("ALL") row and every code's."""

    coders: tuple[str, ...]
    unit: str
    sample: str | None
    codes: tuple[str, ...] | None        # the codes asked for; None = every code applied
    measured_at: str                     # ISO 8601, UTC
    n_units: int
    percent: float | None
    cohen_kappa: float | None
    bp_kappa: float | None
    alpha_nominal: float | None
    band_kappa: str
    band_alpha: str
    per_code: tuple[CodeAgreement, ...]
    consensus_coders: tuple[str, ...]    # compared coders written by `agree resolve`
    # coder -> (sample segments not looked at, sample size): counted as coded with nothing
    unseen: dict = field(default_factory=dict)

    @property
    def is_reliability(self) -> bool:
        """Independent coders compared (no consensus coder among them)."""
        return not self.consensus_coders


def _plain(row: dict) -> dict:
    """A table row with NaN as None and numpy numbers as Python ones, for JSON and SQL."""
    def plain(value):
        if isinstance(value, str) or value is None:
            return value
        number = float(value)
        return None if math.isnan(number) else number
    values = {k: plain(row[k]) for k in ("percent", "cohen_kappa", "bp_kappa", "alpha_nominal")}
    return {"code": str(row["code"]), "n_units": int(row["n_units"]), **values,
            "band_kappa": str(row["band_kappa"]), "band_alpha": str(row["band_alpha"])}


def _keep(config: ProjectConfig, coders: list[str], unit: str, sample: str | None,
          codes: list[str] | None, table, unseen: dict[str, list[int]]) -> None:
    from qualcode.condense.agreement_units import ALL

    rows = [_plain(row) for row in table.to_dict("records")]
    overall = next(row for row in rows if row["code"] == ALL)
    with Store(config.store_path) as store, store.transaction():
        consensus = sorted(store.adjudicated_coders() & set(coders))
        store.save_agreement(list(coders), unit, sample, codes or None, overall,
                             [row for row in rows if row["code"] != ALL], consensus,
                             datetime.now(timezone.utc).isoformat(timespec="seconds"), unseen)


def _record(item: dict) -> AgreementRecord:
    return AgreementRecord(
        coders=tuple(item["coders"]), unit=item["unit"], sample=item["sample"],
        codes=tuple(item["codes"]) if item["codes"] else None, measured_at=item["measured_at"],
        n_units=item["n_units"], percent=item["percent"], cohen_kappa=item["cohen_kappa"],
        bp_kappa=item["bp_kappa"], alpha_nominal=item["alpha_nominal"],
        band_kappa=item["band_kappa"], band_alpha=item["band_alpha"],
        per_code=tuple(CodeAgreement(**row) for row in item["per_code"]),
        consensus_coders=tuple(item["consensus"]), unseen=dict(item.get("unseen") or {}))


def agreement_history(config: ProjectConfig) -> list[AgreementRecord]:
    """Every kept agreement result, newest first (one per coders, unit, sample and codes)."""
    if not config.store_path.exists():
        return []
    with Store(config.store_path) as store:
        return [_record(item) for item in store.agreement_results()]


def latest_agreement(config: ProjectConfig, include_consensus: bool = False) -> AgreementRecord | None:
    """The most recent agreement measured between independent coders (None if never measured).

    A comparison with a consensus coder (made by `agree resolve`) measures the adjudication,
    not reliability; `include_consensus=True` returns it too."""
    for record in agreement_history(config):
        if include_consensus or record.is_reliability:
            return record
    return None


def disagreements(config: ProjectConfig, coders: list[str], codes: list[str] | None = None,
                  sample: str | None = None, seen_only: bool = False):
    from qualcode.condense.agreement_units import disagreements as find

    codings, segments, _, seen, unseen = _frames(config, coders, sample, seen_only)
    found = find(codings, segments, coders, codes=codes or None, seen=seen)
    found.attrs["notes"] = _unseen_in_sample(sample, unseen, seen_only) + _held_back(config, coders)
    return found
