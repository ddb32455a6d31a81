"""The chunk memo's flat arrays: a text's tokens are its chunks' tokens laid end to end."""

import numpy as np

from qualcode.condense.chunk_memo import RISKY_HEAD, RISKY_TAIL, ChunkMemo


def test_chunks_laid_end_to_end_with_spaces_after_the_spaced_ones():
    memo = ChunkMemo()
    memo.add("ada", (1,), 0)
    memo.add("dana.", (2, 3), RISKY_TAIL)
    memo.add("-nya", (4, 5), RISKY_HEAD)
    numbers = np.array([memo.numbers[c] for c in ["ada", "dana.", "-nya", "ada"]])
    ids, spaces, ends = memo.expand(numbers, np.array([True, False, True, False]))
    assert ids.tolist() == [1, 2, 3, 4, 5, 1]
    assert spaces.tolist() == [1, 0, 0, 0, 1, 0]  # a space after the last token of a spaced chunk
    assert ends.tolist() == [1, 3, 5, 6]
    firsts, lasts = memo.edges(numbers)
    assert firsts.tolist() == [1, 2, 4, 1] and lasts.tolist() == [1, 3, 5, 1]
    # only `dana.` | `-nya` has a risky side; a boundary into a new text is never looked at
    assert memo.risky_boundaries(numbers, np.array([True, False, False, True])).tolist() == [1]
    assert memo.risky_boundaries(numbers, np.array([True, False, True, False])).tolist() == []


def test_a_chunk_learned_again_keeps_its_last_tokens_and_many_chunks_fit():
    memo = ChunkMemo()
    memo.add("a", (1, 2), 0)
    memo.add("b", (3,), RISKY_HEAD)
    memo.add("a", (5,), RISKY_TAIL)
    assert memo.ids("a") == [5] and memo.ids("b") == [3] and len(memo) == 2
    assert memo.risk[:2].tolist() == [RISKY_TAIL, RISKY_HEAD]
    for k in range(10_000):  # past every array's first size
        memo.add(f"w{k}", (k, k + 1, k + 2), 0)
    assert memo.ids("w9999") == [9999, 10000, 10001] and memo.ids("a") == [5]
    assert memo.learned[:3] == ["a", "b", "w0"]
    assert memo.ids_since(0)[:2] == [[5], [3]]  # `a`'s tokens as learned again, at its number
    assert memo.ids_since(10_001) == [[9999, 10000, 10001]] and memo.ids_since(10_002) == []
    every = memo.ids_since(0)
    assert every == [memo.ids(chunk) for chunk in memo.learned]


def test_keys_found_with_arrays_are_those_split_one_by_one():
    from qualcode.condense.chunk_keys import WHITESPACE, find_keys, keys_one_by_one

    assert not any(chr(c).isspace() for c in range(len(WHITESPACE), 0x110000))  # the table holds them all
    texts = ["a b c", "a  b\nc", "x \n y\tz", "kota, kota. kota", "a\u3000b \u2028 c", "a\u00a0 b",
             "satu", "dua  dua", "ü ü\u00fc x\ud800y", "a \t\n  b c", "kota, kota"]
    fast, slow = find_keys(texts), keys_one_by_one(texts)
    assert [fast.distinct[i] for i in fast.which] == [slow.distinct[i] for i in slow.which]
    assert fast.counts.tolist() == slow.counts.tolist() == [3, 5, 5, 3, 5, 3, 1, 3, 3, 4, 2]
    assert fast.spaced.tolist() == slow.spaced.tolist()
    assert sorted(fast.distinct) == sorted(set(fast.distinct))  # each key once


def test_powers_kept_between_groups_are_the_powers(monkeypatch):
    """The hash's powers are kept for the next group, grown when a longer group comes."""
    from qualcode.condense import chunk_keys

    monkeypatch.setattr(chunk_keys, "_POWERS", {})
    base = chunk_keys._MULTIPLIER
    for size in (3, 10, 4, 50, 7):
        powers = chunk_keys._powers(base, size)
        assert len(powers) == size
        assert powers.tolist() == [pow(base, k, 1 << 64) for k in range(size)]
    for texts in (["ab"], ["kota, kota. kota warga"] * 20, ["a b a"], ["x" * 300 + " y"]):
        fast, slow = chunk_keys.find_keys(texts), chunk_keys.keys_one_by_one(texts)
        assert [fast.distinct[i] for i in fast.which] == [slow.distinct[i] for i in slow.which]


def test_keys_sharing_a_hash_are_not_merged(monkeypatch):
    """A hash collision must not make two keys one: find_keys gives up, and the caller
    splits the texts one by one."""
    import numpy as np

    from qualcode.condense import chunk_keys

    def collide(values):  # every key in one group, as if every hash were equal
        return np.zeros(1, dtype=np.int64), np.zeros(len(values), dtype=np.int64)

    assert chunk_keys.find_keys(["sama sama"]) is not None
    monkeypatch.setattr(chunk_keys, "_groups", collide)
    assert chunk_keys.find_keys(["sama sama"]) is not None  # equal keys: no harm
    assert chunk_keys.find_keys(["sama beda"]) is None
    assert chunk_keys.find_keys(["ab ba"]) is None  # same length, other code points


def test_a_group_too_long_for_arrays_is_left_to_be_split_one_by_one(monkeypatch):
    from qualcode.condense import chunk_keys

    monkeypatch.setattr(chunk_keys, "MAX_CHARACTERS", 8)
    assert chunk_keys.find_keys(["satu dua", "x"]) is None
    assert chunk_keys.find_keys(["satu", "dua"]).counts.tolist() == [1, 1]
