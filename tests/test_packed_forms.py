"""A decoded token stream's table of forms reads like the list of str it was made from."""

from __future__ import annotations

import numpy as np
import pytest

from qualcode.condense.nlp import chunk_tokenizer, pipeline
from qualcode.condense.packed_forms import PackedForms
from qualcode.condense.tokens import TokenBatch

FORMS = ["anggaran", "", "kafé", "“baru”", "naïve", "µm", "—", "x"]
LEMMAS = ["anggar", "", "kafe", "“baru”", "naive", "µm", "—", "x"]


def test_packed_forms_read_as_the_strings_they_were_made_of():
    orths, lemmas = PackedForms.split("\x00".join(FORMS + LEMMAS).encode("utf-8"), len(FORMS))
    assert [orths[k] for k in range(len(FORMS))] == FORMS and list(lemmas) == LEMMAS
    assert len(orths) == len(FORMS) and orths[-1] == "x" and orths[np.int64(2)] == "kafé"
    assert orths.char_lengths().tolist() == [len(f) for f in FORMS]  # from bytes, UTF-8 aware
    ascii_only, = PackedForms.split("ab\x00\x00cde".encode("utf-8"), 3)
    assert list(ascii_only) == ["ab", "", "cde"] and ascii_only.char_lengths().tolist() == [2, 0, 3]
    joined = PackedForms.concat([orths, ascii_only, lemmas])
    assert list(joined) == FORMS + ["ab", "", "cde"] + LEMMAS
    assert [joined[k] for k in range(len(joined))] == list(joined)
    assert joined.char_lengths().tolist() == [len(f) for f in joined]
    with pytest.raises(IndexError):
        orths[len(FORMS)]
    assert orths.for_reads(1) is orths  # a few reads: one form at a time
    assert orths.for_reads(len(FORMS)) == FORMS  # many: all decoded at once


@pytest.mark.parametrize("data, count", [
    ("a\x00b\x00c".encode("utf-8"), 2),   # not a whole number of tables
    (b"a\x00\xff\xfe", 1),                # not UTF-8
    (b"a", 0),                            # no forms
])
def test_packed_forms_that_do_not_fit_are_refused(data, count):
    assert PackedForms.split(data, count) is None


def test_a_decoded_batch_of_non_ascii_text_has_the_same_offsets_and_forms():
    texts = ["Kafé “baru” — naïve 5 µm, tidak ada anggaran.", "Smart-city ñandú", "plain ascii"]
    batch = chunk_tokenizer(pipeline("id")).tokenize(texts)
    back = TokenBatch.from_bytes(batch.to_bytes())
    assert isinstance(back.orths, PackedForms)
    assert back.idx.tolist() == batch.idx.tolist()
    assert [back.orths[i] for i in back.ids] == [batch.orths[i] for i in batch.ids]
    taken = TokenBatch.concat([back, TokenBatch.from_bytes(batch.to_bytes())]).take([4, 0])
    assert taken.idx.tolist() == batch.take([1, 0]).idx.tolist()


STREAM_TEXTS = [["Kafé “baru” — naïve 5 µm, tidak ada anggaran.", "", "Smart-city ñandú"],
                ["plain ascii text", "Anggarannya kecil, APBD-P naik."], ["x"]]


def streams() -> list[bytes]:
    tokenizer = chunk_tokenizer(pipeline("id"))
    return [tokenizer.tokenize(texts).to_bytes() for texts in STREAM_TEXTS]


def assert_same_batch(joined: TokenBatch, expected: TokenBatch) -> None:
    assert isinstance(joined.orths, PackedForms) and isinstance(joined.lemmas, PackedForms)
    assert (joined.orths.data, joined.lemmas.data) == (expected.orths.data, expected.lemmas.data)
    assert joined.orths.starts.tolist() == expected.orths.starts.tolist()
    assert joined.lemmas.starts.tolist() == expected.lemmas.starts.tolist()
    assert bytes(joined.flags) == bytes(expected.flags) and joined.dense and joined.lengths is None
    for field in ("ids", "spaces", "offsets", "crcs"):
        mine, theirs = getattr(joined, field), getattr(expected, field)
        assert mine.dtype == theirs.dtype and mine.tolist() == theirs.tolist(), field


def test_streams_decoded_together_are_the_concatenation_of_each_decoded():
    from qualcode.condense.tokens import decode_joined

    blobs = streams()
    for chosen in (blobs, blobs[:1], blobs[1:], [blobs[2], blobs[0], blobs[2]]):
        texts = [TokenBatch.from_bytes(blob).offsets.size - 1 for blob in chosen]
        expected = TokenBatch.concat([TokenBatch.from_bytes(blob) for blob in chosen])
        joined = decode_joined(chosen, texts)
        assert_same_batch(joined, expected)
        assert joined.idx.tolist() == expected.idx.tolist()
        assert [joined.lemmas[i] for i in joined.ids] == [expected.lemmas[i] for i in expected.ids]


def test_streams_decoded_together_refuse_any_that_would_not_decode_alone():
    import numpy as np

    from qualcode.condense.tokens import decode_joined

    good = streams()
    texts = [len(texts) for texts in STREAM_TEXTS]
    data = good[1]
    header = np.frombuffer(data, dtype=np.uint32, count=6).tolist()
    forms, tokens, bounds = header[1], header[2], header[3]
    ids_at = 24 + header[4] + 5 * forms
    offsets_at = len(data) - 4 * bounds

    def with_u32(at: int, value: int) -> bytes:
        return data[:at] + int(value).to_bytes(4, "little") + data[at + 4:]

    tables_end = 24 + header[4]
    damaged = {
        "cut short": data[:-3],
        "bytes added": data + b"\x00",
        "another format": with_u32(0, 3),
        "a token id past the table": data[:ids_at] + (forms + 5).to_bytes(2, "little") + data[ids_at + 2:],
        "texts out of order": with_u32(offsets_at + 4, tokens + 1),
        "a first text not at 0": with_u32(offsets_at, 1),
        "a last text short of the tokens": with_u32(len(data) - 4, tokens - 1),
        "a NUL too many in the tables": data[:tables_end - 1] + b"\x00" + data[tables_end:],
        "not UTF-8": data[:tables_end - 1] + b"\xff" + data[tables_end:],
        "not bytes": None,
    }
    assert decode_joined(good, texts) is not None
    for what, blob in damaged.items():
        if blob is not None:
            assert TokenBatch.from_bytes(blob) is None, what  # refused alone too
        assert decode_joined([good[0], blob, good[2]], texts) is None, what
    assert decode_joined(good, [texts[0], texts[1] + 1, texts[2]]) is None  # another number of texts
    with_nul = chunk_tokenizer(pipeline("id")).tokenize(["nul\x00byte di sini"]).to_bytes()  # JSON tables
    assert TokenBatch.from_bytes(with_nul) is not None and decode_joined([good[0], with_nul], [3, 1]) is None


def test_distinct_is_np_unique():
    from qualcode.condense.tokens import distinct

    rng = np.random.default_rng(5)
    for values in (rng.integers(0, 50, 300), rng.integers(0, 2**32, 40, dtype=np.uint64).astype(np.uint32),
                   np.array([], dtype=np.int64), np.array([7])):
        found = distinct(values)
        assert found.dtype == values.dtype and found.tolist() == np.unique(values).tolist()


def test_the_versions_a_token_stream_depends_on_are_those_installed():
    """spaCy's and the lookup tables' versions are read from their about.py, not through
    importlib.metadata; they must be what is installed."""
    from importlib.metadata import version

    from qualcode.condense.bulk_coding import about_version, coding_version

    assert about_version("spacy") == version("spacy")
    assert about_version("spacy_lookups_data") == version("spacy-lookups-data")
    assert coding_version("id").startswith(f"{version('spacy')}|{version('spacy-lookups-data')}|")
    assert about_version("no_such_package_here") is None
