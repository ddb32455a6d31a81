"""Compare machine suggestions with a researcher's gold coding: precision, recall, F1 per code.

Used to check the auto-coder on a held-out, hand-coded sample before trusting it on a corpus,
and on a hand-coded part of an ingested corpus (a gold YAML file of source + quote + codes,
e.g. tests/data/demo_gold.yaml).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from qualcode.errors import InputError, QualcodeError
from qualcode.model import Segment, Source


@dataclass(frozen=True)
class CodeScore:
    code_id: str
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 0.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_codes(gold: dict[str, set[str]], predicted: dict[str, set[str]]) -> tuple[list[CodeScore], CodeScore]:
    """Per-code scores and the micro-average over every (segment, code) decision.

    Both arguments map a segment id to its set of codes; segments missing from
    `predicted` count as coded with nothing."""
    codes = sorted({c for codes in gold.values() for c in codes}
                   | {c for codes in predicted.values() for c in codes})
    per_code = []
    for code in codes:
        tp = sum(1 for seg, wanted in gold.items() if code in wanted and code in predicted.get(seg, ()))
        fp = sum(1 for seg, found in predicted.items() if code in found and code not in gold.get(seg, ()))
        fn = sum(1 for seg, wanted in gold.items() if code in wanted and code not in predicted.get(seg, ()))
        per_code.append(CodeScore(code, tp, fp, fn))
    micro = CodeScore("all", sum(s.true_positives for s in per_code),
                      sum(s.false_positives for s in per_code), sum(s.false_negatives for s in per_code))
    return per_code, micro


# ------------------------------------------------------------------------------ gold sets
@dataclass(frozen=True)
class GoldUnit:
    """One hand-coded unit of a corpus: a paragraph's codable text and its gold codes."""

    key: str          # "source-id ¶ quote": stable however the corpus is segmented
    source_id: str
    language: str
    text: str
    codes: frozenset[str]


def load_gold(path: Path) -> list[dict]:
    """The items of a gold YAML file (`segments:` of source, quote, codes), checked for shape."""
    from qualcode.yamlerrors import safe_load

    path = Path(path)
    data = safe_load(path.read_text(encoding="utf-8"), path) or {}
    items = data.get("segments") if isinstance(data, dict) else None
    if not isinstance(items, list) or not items:
        raise InputError(path, "a gold set needs a non-empty `segments:` list")
    for number, item in enumerate(items, start=1):
        if not (isinstance(item, dict) and isinstance(item.get("source"), str)
                and isinstance(item.get("quote"), str) and isinstance(item.get("codes"), list)):
            raise InputError(path, f"item {number} needs source, quote and a codes list")
    return items


_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def _paragraph(text: str, at: int) -> tuple[int, int]:
    starts = [m.end() for m in _BLANK_LINE.finditer(text, 0, at)]
    following = _BLANK_LINE.search(text, at)
    return (starts[-1] if starts else 0), (following.start() if following else len(text))


def gold_units(items: list[dict], sources: list[Source], known_codes=None) -> list[GoldUnit]:
    """Resolve gold items against ingested sources.

    A unit is the paragraph holding the item's quote, trimmed to the codable segments that
    overlap it (so a speaker label is left out); it does not depend on the segmentation
    unit, which may be the turn, the paragraph or the sentence. Raises QualcodeError for a
    quote that is missing, ambiguous or not in codable text, and for unknown codes."""
    by_id = {source.id: source for source in sources}
    units = []
    for item in items:
        where = f"gold item {item['source']!r} / {item['quote']!r}"
        source = by_id.get(item["source"])
        if source is None:
            raise QualcodeError(f"{where}: no such source")
        found = [m.start() for m in re.finditer(re.escape(item["quote"]), source.text)]
        if len(found) != 1:
            raise QualcodeError(f"{where}: the quote occurs {len(found)} times; it must occur once")
        start, end = _paragraph(source.text, found[0])
        overlapping = [s for s in source.segments if s.codable and s.start < end and s.end > start]
        if not overlapping:
            raise QualcodeError(f"{where}: the paragraph is not in any codable segment")
        start, end = max(start, overlapping[0].start), min(end, overlapping[-1].end)
        unknown = [c for c in item["codes"] if known_codes is not None and c not in known_codes]
        if unknown:
            raise QualcodeError(f"{where}: unknown codes {', '.join(unknown)}")
        units.append(GoldUnit(f"{source.id} ¶ {item['quote']}", source.id, source.language,
                              source.text[start:end].strip(), frozenset(item["codes"])))
    return units


def unit_sources(units: list[GoldUnit]) -> list[Source]:
    """Each unit as a one-segment source, to be auto-coded on its own."""
    return [Source(unit.key, unit.source_id, "", unit.text, "interview", unit.language, None,
                   unit.key, {}, (Segment(unit.key, 1, 0, len(unit.text), unit.text),))
            for unit in units]


def scores_by_level(gold: dict[str, set[str]], predicted: dict[str, set[str]],
                    top_level) -> dict[str, tuple[list[CodeScore], CodeScore]]:
    """Scores at the code level and with every code rolled up to its framework dimension."""
    roll = lambda mapping: {k: {top_level(c) for c in v} for k, v in mapping.items()}  # noqa: E731
    return {"code": score_codes(gold, predicted),
            "dimension": score_codes(roll(gold), roll(predicted))}


def score_table(per_code: list[CodeScore], micro: CodeScore) -> str:
    """Precision, recall and F1 per code and overall, as aligned text."""
    lines = [f"{'code':32} {'P':>5} {'R':>5} {'F1':>5}   tp  fp  fn"]
    for s in per_code + [micro]:
        lines.append(f"{s.code_id:32} {s.precision:5.2f} {s.recall:5.2f} {s.f1:5.2f}  "
                     f"{s.true_positives:3} {s.false_positives:3} {s.false_negatives:3}")
    return "\n".join(lines)
