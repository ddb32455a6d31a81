"""Compare machine suggestions with a researcher's gold coding: precision, recall, F1 per code.

Used to check the auto-coder on a held-out, hand-coded sample before trusting it on a corpus.
"""

from __future__ import annotations

from dataclasses import dataclass


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
