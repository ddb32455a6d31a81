"""Segment fingerprints: the bitmap-prefiltered lookup gives exactly the plain sum.

A fingerprint is the sum (mod 2**64) of the digests of a segment's pattern-starting lemmas,
plus a head. `segment_fingerprints` rules most lemmas out with a bitmap of the start
table's top CRC bits before looking the rest up; CRCs that share those bits with a start
lemma without being one must still add nothing.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from qualcode.codebook import load_codebook
from qualcode.condense.matching import BITMAP_BITS, TermMatcher
from qualcode.condense.term_index import TermIndex, TermTokens
from qualcode.condense.tokens import lemma_crcs

CODEBOOK = Path(__file__).resolve().parents[1] / "codebooks" / "smart-city.yaml"


def words(texts: list[str]) -> list[TermTokens]:
    """A stand-in lemmatiser: lowercased words, no space tokens."""
    return [TermTokens(tuple(text.lower().split()), tuple(False for _ in text.split())) for text in texts]


def plain_fingerprints(matcher: TermMatcher, crcs: np.ndarray, bounds: np.ndarray, threshold: float):
    table, digests = matcher._start_table()
    digest_of = dict(zip(table.tolist(), digests.tolist()))
    head = matcher.rules_digest(threshold)
    return [(head + sum(digest_of.get(c, 0) for c in crcs[a:b].tolist())) % 2**64
            for a, b in zip(bounds[:-1].tolist(), bounds[1:].tolist())]


def test_prefiltered_fingerprints_equal_the_plain_sum():
    matcher = TermMatcher(TermIndex(load_codebook(CODEBOOK), words), "id")
    table, _ = matcher._start_table()
    rng = np.random.default_rng(3)
    shift = 32 - BITMAP_BITS
    # start lemmas, random CRCs, and CRCs in a start lemma's bitmap slot that are not one
    starts = rng.choice(table, 400)
    random = rng.integers(0, 2**32, 3000, dtype=np.uint64).astype(np.uint32)
    neighbours = ((table[:300] >> np.uint32(shift)) << np.uint32(shift)) | rng.integers(
        0, 1 << shift, 300, dtype=np.uint64).astype(np.uint32)
    assert not np.isin(neighbours, table).all()
    crcs_all = np.concatenate((starts, random, neighbours, lemma_crcs(["anggaran", "warga", "xyz"])))
    cuts = np.sort(rng.choice(len(crcs_all), 60, replace=False))
    bounds = np.concatenate(([0], cuts, [len(crcs_all)])).astype(np.uint32)
    expected = plain_fingerprints(matcher, crcs_all, bounds, 1.0)
    assert matcher.segment_fingerprints(crcs_all, bounds, 1.0).tolist() == expected
    with_empty = np.concatenate(([0, 0], cuts[:5], cuts[4:], [len(crcs_all)] * 2)).astype(np.uint32)
    assert matcher.segment_fingerprints(crcs_all, with_empty, 1.0).tolist() == \
        plain_fingerprints(matcher, crcs_all, with_empty, 1.0)  # segments without lemmas among others
    empty = np.array([0, 0, 0], dtype=np.uint32)  # segments without lemmas: the head alone
    assert matcher.segment_fingerprints(crcs_all[:0], empty, 1.0).tolist() == [matcher.rules_digest(1.0)] * 2
