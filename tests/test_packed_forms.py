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
