"""Shortened quotes keep the sentences that hold the matched words, not the opening pleasantries,
and end at a sentence or word boundary with an ellipsis."""

import re

import pandas as pd

from qualcode.display.quotes import excerpt, pick_quotes, sentences
from qualcode.report.sections import trim

BAPPEDA = ("Pagi, Mbak. Iya, saya perencana ahli muda, di Bidang Pemerintahan dan Pembangunan Manusia. "
           "Jadi OPD yang saya pegang itu antara lain Diskominfo, Dispendukcapil, Bagian Organisasi, sama "
           "kecamatan-kecamatan. Kerjaannya ya\nsinkronisasi perencanaan, dari RPJMD turun ke Renstra OPD, "
           "terus tiap tahun ke\nRKPD dan Renja. Banyak rapat, banyak tabel, hehe.")
PERWAL = ("Pasal 7 (1) Dalam rangka penyelenggaraan Smart City dibentuk Dewan Smart City. (2) Dewan Smart "
          "City sebagaimana dimaksud pada ayat (1) diketuai oleh Wali Kota dan beranggotakan: a. Sekretaris "
          "Daerah; b. Kepala Bappeda; c. Kepala Dinas Komunikasi dan Informatika; d. perwakilan perguruan "
          "tinggi. (3) Dewan Smart City bertugas memberikan arahan atas pelaksanaan Masterplan Smart City.")


def spans_of(text, pattern, weight=1.0):
    return tuple((m.start(), m.end(), weight) for m in re.finditer(pattern, text))


def test_a_shortened_quote_shows_the_sentence_with_the_matched_terms():
    spans = spans_of(BAPPEDA, r"RPJMD|Renstra|RKPD|Renja") + ((22, 31, 0.5),)  # 'perencana', context
    quote = excerpt(BAPPEDA, 160, spans, strip=",;:")
    assert quote == ("… Kerjaannya ya sinkronisasi perencanaan, dari RPJMD turun ke Renstra OPD, terus tiap "
                     "tahun ke RKPD dan Renja. Banyak rapat, banyak tabel, hehe.")
    assert not quote.startswith("Pagi")
    # room for all of it: the whole text, as it was
    assert excerpt(BAPPEDA, 1000, spans) == " ".join(BAPPEDA.split())


def test_a_sentence_longer_than_the_room_is_cut_around_its_match_at_word_boundaries():
    spans = spans_of(BAPPEDA, r"RPJMD")
    quote = excerpt(BAPPEDA, 40, spans)
    assert quote.startswith("… ") and quote.endswith(" …") and "RPJMD" in quote
    assert all(word in BAPPEDA.split() or word in ("…",) for word in quote.split()[1:-1])


def test_a_quote_stops_at_a_sentence_end_not_on_a_fragment_of_the_next():
    spans = spans_of(PERWAL, r"Dewan Smart City")
    quote = excerpt(PERWAL, 110, spans, strip=",;:")
    assert quote == "Pasal 7 (1) Dalam rangka penyelenggaraan Smart City dibentuk Dewan Smart City. …"
    assert trim(PERWAL, 110) == (  # the old cut, from the start: half a clause
        "Pasal 7 (1) Dalam rangka penyelenggaraan Smart City dibentuk Dewan Smart City. (2) Dewan Smart City …")
    # with a third of the room or more left, the next sentence goes on to a word boundary
    longer = excerpt(PERWAL, 200, spans, strip=",;:")
    assert longer.endswith("beranggotakan: a. Sekretaris Daerah …") and len(longer) <= 202


def test_list_markers_do_not_end_a_sentence():
    assert [PERWAL[a:b][:11] for a, b in sentences(PERWAL)] == ["Pasal 7 (1)", "(2) Dewan S", "(3) Dewan S"]


def test_without_spans_the_start_is_kept_as_before():
    assert excerpt(BAPPEDA, 40) == "Pagi, Mbak. Iya, saya perencana ahli …"
    assert trim(BAPPEDA, 40) == "Pagi, Mbak. Iya, saya perencana ahli …"


def test_a_display_cell_quote_is_cut_around_its_coding_s_matches():
    segments = pd.DataFrame({"segment_id": ["s:1"], "text": [BAPPEDA], "case_id": ["bappeda"],
                             "source_id": ["s"], "source_type": ["interview"], "speaker": ["I"]})
    frame = pd.DataFrame({"segment_id": ["s:1"], "case_id": ["bappeda"], "column_code": ["budget"],
                          "source_id": ["s"], "score": [4.5], "_rank": [0], "_seg": [0],
                          "spans": [spans_of(BAPPEDA, r"RPJMD|Renstra|RKPD|Renja")]})
    [quote] = pick_quotes(frame, segments, ["case_id", "column_code"], 1, 160, by="source")["quote"]
    assert quote.startswith("“… Kerjaannya ya sinkronisasi perencanaan, dari RPJMD")


def test_a_display_cell_quotes_a_segment_a_person_coded_before_the_machines_best():
    texts = ["Operator yang sudah dilatih dimutasi ke kecamatan, mutasi itu musuh kami.",
             "Sekarang surat pengantar bisa diajukan dari HP, siang sudah beres."]
    segments = pd.DataFrame({"segment_id": ["s:1", "s:2"], "text": texts, "case_id": ["a", "a"],
                             "source_id": ["s", "s"], "source_type": ["interview"] * 2, "speaker": ["I"] * 2})
    frame = pd.DataFrame({"segment_id": ["s:1", "s:2"], "case_id": ["a", "a"], "column_code": ["tech", "tech"],
                          "source_id": ["s", "s"], "score": [4.0, 1.0], "_rank": [0, 1], "_seg": [0, 1],
                          "status": ["suggested", "accepted"]})
    [chosen] = pick_quotes(frame, segments, ["case_id", "column_code"], 1, 160, by="source")["segment_id"]
    assert chosen == "s:2"
    [machine] = pick_quotes(frame.assign(status="suggested"), segments, ["case_id", "column_code"], 1, 160,
                            by="source")["segment_id"]
    assert machine == "s:1"


def test_a_cell_s_quotes_are_joined_in_their_order_rows_and_columns_sorted():
    from qualcode.display.quotes import quote_cells

    quotes = pd.DataFrame({"case_id": ["b", "a", "b", "a", "b"],
                           "column_code": ["x", "y", "x", "x", "y"],
                           "quote": ["“b1” (B)", "“a1” (A)", "“b2” (B)", "“a2” (A)", "“b3” (B)"]})
    table = quote_cells(quotes, "case_id", "column_code")
    assert list(table.index) == ["a", "b"] and list(table.columns) == ["x", "y"]
    assert table.loc["b", "x"] == "“b1” (B)\n“b2” (B)"  # best first, as picked
    assert table.loc["a", "y"] == "“a1” (A)"
    assert table.loc["b", "y"] == "“b3” (B)"
    assert table.loc["a", "x"] == "“a2” (A)"
    assert table.index.name == "case_id" and table.columns.name == "column_code"
