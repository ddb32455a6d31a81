"""What adjudicating two coders involves: the codes they agree on, and the disputes to decide.

Same frames and conventions as `agreement_units` (codable segments of the sources both
coders have seen; a rejected coding means "not coded").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from qualcode.condense.agreement_units import _prepare, _segment_decisions


@dataclass(frozen=True)
class Dispute:
    """One code on one segment that some compared coders applied and others did not."""

    code_id: str
    coded_by: tuple[str, ...]
    not_coded_by: tuple[str, ...]


@dataclass(frozen=True)
class AdjudicationPlan:
    coders: tuple[str, ...]
    segments: tuple[str, ...]                    # every compared segment, in order
    agreed: dict[str, tuple[str, ...]]           # segment -> codes every coder applied
    disputes: dict[str, tuple[Dispute, ...]]     # segment -> disputed codes; segments in order

    def coded_by(self, segment_id: str, coder: str) -> tuple[str, ...]:
        """The disputed codes of a segment that `coder` applied: choosing that coder's version."""
        return tuple(d.code_id for d in self.disputes.get(segment_id, ()) if coder in d.coded_by)


def adjudication_plan(codings: pd.DataFrame, segments: pd.DataFrame, coders: Iterable[str],
                      codes: Iterable[str] | None = None,
                      seen: Mapping[str, Iterable[str]] | None = None) -> AdjudicationPlan:
    """Split every compared (segment x code) into agreed-coded, agreed-not-coded and disputed."""
    units = _prepare(codings, segments, coders, codes, seen)
    unit_ids, decided = _segment_decisions(units)
    votes = decided.sum(axis=0)
    names = np.array(units.coders, dtype=object)
    agreed: dict[str, list[str]] = {}
    for seg, code in zip(*np.nonzero(votes == len(units.coders))):
        agreed.setdefault(unit_ids[seg], []).append(units.codes[code])
    disputes: dict[str, list[Dispute]] = {}
    for seg, code in zip(*np.nonzero((votes > 0) & (votes < len(units.coders)))):
        row = decided[:, seg, code]
        disputes.setdefault(unit_ids[seg], []).append(
            Dispute(units.codes[code], tuple(names[row]), tuple(names[~row])))
    return AdjudicationPlan(units.coders, tuple(unit_ids), {k: tuple(v) for k, v in agreed.items()},
                            {k: tuple(v) for k, v in disputes.items()})
