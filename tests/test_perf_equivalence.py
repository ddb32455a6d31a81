"""The fast paths of bulk auto-coding give exactly what the plain spaCy path gives.

Reference: spaCy's own blank pipeline with every tokenizer special case loaded, the
lookup lemmatizer and `qualcode_lemma`, Docs from `nlp.pipe`, and `CodebookMatcher`
(spaCy's PhraseMatcher) scoring each Doc. Against it, on the demo corpus, the held-out
answers, a slice of the benchmark corpus and texts written to trip each shortcut up:

- LazySpecialsTokenizer (hyphenated special cases loaded on demand),
- ChunkTokenizer (a memo of whitespace-delimited chunks) and TokenBatch,
- TermMatcher (lemma matching and scoring without spaCy),
- the token cache (token batches, codebook terms, chunks), cold and warm,
- streamed store reads and staged suggestion writes.
"""

from __future__ import annotations

import shutil

import pytest
import yaml

from qualcode.codebook import load_codebook
from qualcode.condense.autocode import CodebookMatcher, auto_code
from qualcode.condense.nlp import chunk_tokenizer, pipeline
from qualcode.model import AUTO_CODER, Match, Segment, Source
from tests.conftest import REPO

CODEBOOK = REPO / "codebooks" / "smart-city.yaml"

# Texts that exercise hyphens, special cases, punctuation at chunk edges, whitespace runs,
# negation, spelling variants and code-switching.
TRICKY = {
    "id": [
        "anak - anak", "anak-anak-anak", "(anak-anak)", "Anak-Anak.", "x-anak-anak", "anak -anak",
        "anak- anak", "rata-ratanya", "kebijakan-kebijakan baru", "e-KTP dan e-complaint",
        "Pak Dr. rer. nat. Budi datang", "Dr. med tidak ada", ":-) anak-anak :-(",
        "kupu-kupu.Anak-anak", "a\n\nb  c\t d", "anak-\nanak", "Rp5.000,- ok", "s.d. tgl. 5",
        "- - -", "anak-anaknya-lah", "Tidak ada anggaran untuk pemeliharaan.",
        "Bukan hanya anggaran, tapi juga gotong-royong dan gotong royong warga.",
        "Smart-city itu smart city; wali kotanya punya political will.",
        "Undang-undang dan perundang-undangan, oleh-oleh, sayur-mayur.",
        "Belum ada dukungan anggaran.Kurang lebih APBD-P naik", "Tanpa   partisipasi,warga (kecewa)!",
        "tidak hanya dana, tapi kurangnya partisipasi", "Anggaran\u00a0APBD", "“Anggaran” 'dana' ...",
        "kata--kata", "-nya", "NIK-nya belum", "SMART CITY!!", "no budget at all, not only money",
        "a \nb", "a\n b", "a   b", "a \t\n  b c", "a\u3000b \u2028 c", "a\u00a0 b", "x\ry\r\nz",
        "anak- \nanak :-)\n\n(anak-anak)", "-\n-", "Rp5.000,-\tok",
        # alphanumeric words spaCy splits (a prefix, a suffix or a special case in them)
        "Rpaku bayar USD500 atau Rp5000 IDR5000 USD20k, 10km 50cm 100rb 50jt 10K 5GB warga2 2019an",
        # a word and one mark: abbreviations are special cases, and a split word stays split
        "dll. dsb. tgl. Pak. Bpk. Jl. No. hlm. Rpaku, 10km. Rp5000. kota... kota.. warga?! ya, ok.",
        "huruf B. dan X. serta aB. naik tujuh% ok#",  # a mark spaCy's suffixes leave on
        # a factor in the negative counts for its opposite
        "Alhamdulillah tidak ada kendala, DPRD tidak pernah menghambat. Tapi warga tidak mendukung.",
        "Ketidaksiapan dan ketidakmampuan staf, ketidakberhasilan program, aplikasinya diterusin.",
        "Kendalanya tidak ada, masalah nggak ada; anggaran belum adanya. Hambatan tak ada!",
        "Residents participated, funds were allocated and we engaged the campus.",
        # two negations affirm; a stammer does not
        "Bukan tidak berhasil, bukan berarti tidak mendukung; nggak nggak ada kendala.",
        # a negated emphatic pun denies the clause after it; pun 'too' does not
        "Tidak ada satu fraksi pun yang menolak, tidak seorang pun warga yang mengeluh. DPRD pun mendukung.",
    ],
    "en": [
        "There is no budget for maintenance.", "don't train staff", "U.S. a.m. 5p.m. e.g. the budget",
        "not only money but also political will", "a\n\nb  c\t d", "The smart-city budgets :) ok",
        "Budgeting isn't planned; APBD-funded pro-poor programmes", "no doubt, the e-government plan",
        "C++ and ¯\\(ツ)/¯", "co-operation and cooperation", "Public-private  partnerships",
        "they say halte trotoar rusak again",  # code-switching: Indonesian words in English
        "Im sure yall cannot and dont, gonna at 5pm 10km Shes whats ima cant wont aint Cannot",
        "Mr. Dr. im, cannot. yall! 5pm. etc. vs. Inc. St. Jan. Feb. ok. no, yes.",
        "letter B. and X. or aB. up seven% ok#",
        "Funding was never a problem and there was no obstacle, but it was not successful.",
    ],
}


@pytest.fixture(scope="module")
def codebook():
    return load_codebook(CODEBOOK)


def _source(source_id: str, language: str, texts: list[str]) -> Source:
    segments, offset = [], 0
    for n, text in enumerate(texts, start=1):
        segments.append(Segment(source_id, n, offset, offset + len(text), text))
        offset += len(text) + 2
    return Source(source_id, f"{source_id}.txt", "x", "\n\n".join(texts), "interview", language,
                  None, None, {}, tuple(segments))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[Source]:
    """Demo transcripts, held-out answers, 30,000 words of the benchmark corpus, tricky texts."""
    from benchmarks.corpus import generate
    from qualcode.ingest import plan_ingest
    from qualcode.project import load_config

    config = load_config(REPO)
    sources = list(plan_ingest(config.transcript_files(), config.root, config.cases_path,
                               config.language, unit=config.unit).sources)
    items = yaml.safe_load((REPO / "tests/data/heldout/segments.yaml").read_text(encoding="utf-8"))["segments"]
    for language in ("id", "en"):
        sources.append(_source(f"heldout-{language}", language,
                               [i["text"] for i in items if i["language"] == language]))
        sources.append(_source(f"tricky-{language}", language, TRICKY[language]))
    folder = tmp_path_factory.mktemp("synthetic")
    generate(folder, 30_000, CODEBOOK, seed=11)
    sources += plan_ingest(sorted(folder.glob("*.txt")), folder, folder / "cases.csv", "id").sources
    return sources


def _texts(corpus, language):
    return [s.text for source in corpus if source.language == language for s in source.segments]


def _reference_codings(sources, codebook, reference, threshold=1.0):
    """Each codable segment coded on its own, in its language (its source's, or the other one
    where it is plainly that: `segment_language`), by the spaCy PhraseMatcher."""
    from qualcode.ingest.language import segment_language

    found = []
    matchers = {}
    for source in sources:
        for segment in (s for s in source.segments if s.codable):
            language = segment_language(segment.text, source.language)
            if language not in matchers:  # one matcher a language: building one takes a while
                matchers[language] = CodebookMatcher(codebook, reference[language])
            found.extend(matchers[language].suggest(reference[language](segment.text), segment.id, threshold))
    return sorted(found, key=lambda c: (c.segment_id, c.code_id))


def _sorted(codings):
    return sorted(codings, key=lambda c: (c.segment_id, c.code_id))


# ------------------------------------------------------------------------------ tokenizers
@pytest.mark.parametrize("language", ["id", "en"])
def test_lazy_special_cases_tokenize_as_the_full_tokenizer(language, corpus, reference):
    texts = _texts(corpus, language) + TRICKY[language]
    lazy, full = pipeline(language).tokenizer, reference[language].tokenizer
    for text in texts:
        assert [(t.text, t.whitespace_) for t in lazy(text)] == \
            [(t.text, t.whitespace_) for t in full(text)], text


def test_texts_loaded_ahead_are_searched_once_and_others_still_are(reference, monkeypatch):
    """ChunkTokenizer loads a batch's special cases before a memory zone; tokenising those
    texts must not search them again, and any other text must still be searched."""
    import spacy

    from qualcode.condense.lazy_tokenizer import LAZY_TOKENIZER

    tokenizer = spacy.blank("id", config={"nlp": {"tokenizer": {"@tokenizers": LAZY_TOKENIZER}}}).tokenizer
    searched: list[str] = []
    search = tokenizer.specials_in
    monkeypatch.setattr(tokenizer, "specials_in", lambda text: searched.append(text) or search(text))
    ahead, other = "Anak-anak bermain di taman", "Warga rata-rata setuju"
    with tokenizer.loaded_for([ahead]):
        found = [[t.text for t in tokenizer(text)] for text in (ahead, other)]
    assert searched == [ahead, other]
    assert found == [[t.text for t in reference["id"].tokenizer(text)] for text in (ahead, other)]
    assert found[0][0] == "Anak-anak" and "rata-rata" in found[1]
    tokenizer(ahead)
    assert searched[-1] == ahead  # outside `loaded_for`, searched as always


def test_lazy_special_patterns_are_alphanumeric_and_hyphens_only():
    """ChunkTokenizer relies on it: a pattern pair of a lazy special holds a token of hyphens."""
    from spacy.tokenizer import Tokenizer

    from qualcode.condense.lazy_tokenizer import is_hyphenated_word

    tokenizer = pipeline("id").tokenizer
    plain = Tokenizer(tokenizer.vocab, rules={}, prefix_search=tokenizer.prefix_search,
                      suffix_search=tokenizer.suffix_search, infix_finditer=tokenizer.infix_finditer,
                      url_match=tokenizer.url_match)
    words = [s for s in tokenizer.lazy if is_hyphenated_word(s)]
    odd = {(s, t.text) for s in words for t in plain(s) if not (t.text.isalnum() or set(t.text) == {"-"})}
    assert len(words) > 10_000 and odd == set()


@pytest.mark.parametrize("language", ["id", "en"])
def test_plain_pieces_found_in_one_text_are_each_strings_own(language):
    """`plain_pieces` tokenises the strings joined by spaces: each string's pieces are those
    of tokenising it alone, whitespace runs and edge whitespace included."""
    from spacy.tokenizer import Tokenizer

    from qualcode.condense.chunk_forms import plain_pieces

    tokenizer = pipeline(language).tokenizer
    plain = Tokenizer(tokenizer.vocab, rules={}, prefix_search=tokenizer.prefix_search,
                      suffix_search=tokenizer.suffix_search, infix_finditer=tokenizer.infix_finditer,
                      token_match=tokenizer.token_match, url_match=tokenizer.url_match)
    strings = [*tokenizer.rules, *tokenizer.lazy, "a  b", "Dr. \nmed", " x.", "y. ", "(a.m.)"]
    alone = {string: [t.text for t in plain(string)] for string in strings}
    assert sum(len(pieces) > 1 for pieces in alone.values()) > 300
    assert plain_pieces(tokenizer, strings) == alone


@pytest.mark.parametrize("language", ["id", "en"])
def test_chunk_tokenizer_gives_spacys_tokens_and_lemmas(language, corpus, reference):
    texts = _texts(corpus, language) + TRICKY[language] + [" edge", "edge ", "", "  "]
    _assert_tokens_as_spacys(chunk_tokenizer(pipeline(language)), texts, reference[language])


@pytest.mark.parametrize("language", ["id", "en"])
def test_words_learned_without_spacy_tokenize_as_spacy(language, reference, monkeypatch):
    """Once its marks are known, a chunk such as `ya,` is learned without spaCy, like `ya`;
    a special case (`dll.`, `Mr.`) or a word spaCy splits (`Rpaku,`, `im,`) still goes to spaCy."""
    from qualcode.condense.chunk_tokenizer import ChunkTokenizer
    from qualcode.condense.nlp import CODING_SKIPS

    fast = ChunkTokenizer(pipeline(language), CODING_SKIPS)
    fast.tokenize([". , ! ? ; % #"])  # the marks, met before
    sent: list[str] = []
    spacy_tokens = fast._spacy_tokens
    monkeypatch.setattr(fast, "_spacy_tokens", lambda texts: sent.extend(texts) or spacy_tokens(texts))
    _assert_tokens_as_spacys(fast, TRICKY[language], reference[language])
    to_spacy = {chunk for text in sent for chunk in text.split()}
    skipped, kept = {"id": ("ya,", "ok."), "en": ("yes.", "no,")}[language]
    assert skipped not in to_spacy and kept not in to_spacy
    assert {"id": {"dll.", "Rpaku,", "10km."}, "en": {"Mr.", "im,", "cannot."}}[language] <= to_spacy
    # a mark not met before is learned first, by spaCy on its own, and the words with it not
    fresh = ChunkTokenizer(pipeline(language), CODING_SKIPS)
    sent.clear()
    fresh_tokens = fresh._spacy_tokens
    monkeypatch.setattr(fresh, "_spacy_tokens", lambda texts: sent.extend(texts) or fresh_tokens(texts))
    _assert_tokens_as_spacys(fresh, ["kota, warga. ya!"], reference[language])
    assert {chunk for text in sent for chunk in text.split()} == {",", ".", "!"}


@pytest.mark.parametrize("language", ["id", "en"])
def test_texts_split_one_by_one_tokenize_as_spacy(language, reference, monkeypatch):
    """What the tokenizer does when find_keys meets a hash collision."""
    from qualcode.condense import chunk_tokenizer as module
    from qualcode.condense.nlp import CODING_SKIPS

    monkeypatch.setattr(module, "find_keys", lambda texts: None)
    texts = TRICKY[language] + [" edge", "edge ", "", "  "]
    _assert_tokens_as_spacys(module.ChunkTokenizer(pipeline(language), CODING_SKIPS), texts, reference[language])


def _assert_tokens_as_spacys(fast, texts, nlp):
    batch = fast.tokenize(texts)
    idx = batch.idx
    for k, (text, doc) in enumerate(zip(texts, nlp.pipe(texts))):
        start, end = batch.offsets[k], batch.offsets[k + 1]
        ids = batch.ids[start:end].tolist()
        got = [(batch.orths[i], batch.lemmas[i], int(at), bool(space), bool(batch.flags[i] & 1),
                bool(batch.flags[i] & 2), batch.orths[i].lower())
               for i, at, space in zip(ids, idx[start:end], batch.spaces[start:end])]
        want = [(t.text, t.lemma_, t.idx, bool(t.whitespace_), t.is_punct, t.is_space, t.lower_)
                for t in doc]
        assert got == want, text


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_attributes_qualcode_reads_are_spacys(language, corpus, reference):
    """The blank pipeline works out only the lexical attributes qualcode reads; those are
    spaCy's, for new words and for words merged by the reduplication rule alike."""
    from qualcode.condense.nlp import READ_ATTRIBUTES

    ours = pipeline.__wrapped__(language)  # a vocabulary of its own: every lexeme new
    assert set(ours.vocab.lex_attr_getters) == set(READ_ATTRIBUTES)
    texts = _texts(corpus, language)[:200] + TRICKY[language] + ["12 tiga 3,5 1.000 sepuluh ten"]

    def read(word):  # a token's, or a lexeme's (the attributes are lexical: of the text alone)
        return (word.lower_, word.is_alpha, word.is_punct, word.is_space, word.like_num)

    theirs = reference[language].vocab
    checked = 0
    for text, doc in zip(texts, ours.pipe(texts)):
        for token in doc:
            assert read(token) == read(theirs[token.text]), (text, token.text)
            checked += 1
    assert checked > 2_000


@pytest.mark.parametrize("language", ["id", "en"])
def test_bounded_memory_gives_the_same_tokens(language, corpus, reference, monkeypatch):
    """With the chunk memo emptied every 50 chunks, spaCy in memory zones from the start and
    a tiny lemma memo (what a corpus of millions of words brings about), nothing changes."""
    from qualcode.condense import chunk_tokenizer as chunks
    from qualcode.condense import indonesian

    monkeypatch.setattr(chunks, "MAX_CHUNKS", 50)
    monkeypatch.setattr(chunks, "ZONE_FROM_LEXEMES", 0)
    monkeypatch.setattr(indonesian, "MAX_CACHED", 20)
    fast = chunk_tokenizer(pipeline.__wrapped__(language))  # a pipeline of its own
    texts = _texts(corpus, language) + TRICKY[language]
    got = []
    for start in range(0, len(texts), 40):
        batch = fast.tokenize(texts[start:start + 40])
        got += [[(batch.orths[i], batch.lemmas[i]) for i in batch.ids[batch.offsets[k]:batch.offsets[k + 1]]]
                for k in range(len(batch))]
    assert fast.epoch > 3
    assert got == [[(t.text, t.lemma_) for t in doc] for doc in reference[language].pipe(texts)]


def test_a_boundary_a_special_case_might_cross_sends_its_text_to_spacy_whole(reference, monkeypatch):
    """`Dr. med` is an Indonesian special case with a space, made of `Dr`, `.` and `med`.
    In `kota. med`, the chunk `kota.` ends in a `.` token and `med` follows: a pair of that
    pattern at a chunk boundary, so that text (and only that one) is tokenised by spaCy
    whole. `Dr. Budi` needs no look: `Dr.` is one token there."""
    fast = chunk_tokenizer(pipeline.__wrapped__("id"))  # a memo of its own
    texts = ["ada anggaran", "ke kota. med bilang", "Dr. Budi bilang begitu", "tidak ada dana"]
    fast.tokenize(texts)  # learn every chunk first
    whole: list[str] = []
    learn = fast._spacy_tokens
    monkeypatch.setattr(fast, "_spacy_tokens", lambda chosen: whole.extend(chosen) or learn(chosen))
    batch = fast.tokenize(texts)
    assert whole == ["ke kota. med bilang"]
    got = [[batch.orths[i] for i in batch.ids[batch.offsets[k]:batch.offsets[k + 1]]] for k in range(len(texts))]
    assert got == [[t.text for t in doc] for doc in reference["id"].pipe(texts)]


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_special_case_at_a_chunks_edge_meets_its_neighbour_as_its_patterns_token(language, reference,
                                                                                   monkeypatch):
    """spaCy's special matcher sees the chunk `:)E` as `:` `)` `E`, before it merges the
    special case `:)`. After `(`, the pattern of `(:` matches across the space, overlaps
    `:)`, and spaCy keeps neither: `( :)E` gives `(` `:` `)` `E`, but `x :)E` gives
    `x` `:)` `E`. The memo holds `:)E` as `:)` `E`, so at a boundary `:)` must count as
    the `:` it was; `):` ending a chunk as the `:` it ends with, and `:))` as `)`. Found by
    comparing the two on random texts."""
    fast = chunk_tokenizer(pipeline.__wrapped__(language))  # a memo of its own
    texts = ["x :)E", "( :)E", "kompetensi) :)LANSIA?", "keluar,!!:)) )_;", "ok ): (x"]
    fast.tokenize(texts)  # learn every chunk first
    whole: list[str] = []
    learn = fast._spacy_tokens
    monkeypatch.setattr(fast, "_spacy_tokens", lambda chosen: whole.extend(chosen) or learn(chosen))
    _assert_tokens_as_spacys(fast, texts, reference[language])
    assert "x :)E" not in whole and {"( :)E", "kompetensi) :)LANSIA?", "keluar,!!:)) )_;"} <= set(whole)


def test_chunks_learned_side_by_side_across_a_special_case_are_learned_again_alone(reference):
    """`A.Md.Keb.` (a nursing diploma) is an Indonesian special case. Unknown chunks are
    learned joined by spaces, in sorted order, so `(A.Md.Keb` and `.` meet; spaCy's special
    matcher then takes them together, across the space, and makes `A.Md` `.` `Keb` of the
    first, where alone it makes `A.Md.` `Keb`. Their boundary is a pair of that pattern, so
    both are learned again alone, and a later text with the chunk gets spaCy's tokens."""
    fast = chunk_tokenizer(pipeline.__wrapped__("id"))  # a memo of its own
    _assert_tokens_as_spacys(fast, ["gelar (A.Md.Keb . dan"], reference["id"])
    _assert_tokens_as_spacys(fast, ["bidan (A.Md.Keb", "(A.Md.Keb"], reference["id"])


def test_token_batches_survive_the_cache_format():
    from qualcode.condense.tokens import TokenBatch, lemma_crcs

    fast = chunk_tokenizer(pipeline("id"))
    texts = ["Anggarannya kecil, APBD-P naik.", "nul\x00byte di sini", "a\n\nb", "tidak ada dana"]
    for chosen in (texts, texts[:1] + texts[2:]):  # with and without a NUL (JSON tables)
        batch = fast.tokenize(chosen)
        back = TokenBatch.from_bytes(batch.to_bytes())
        assert back is not None and len(back) == len(chosen)
        assert [back.orths[i] for i in back.ids] == [batch.orths[i] for i in batch.ids]
        assert [back.lemmas[i] for i in back.ids] == [batch.lemmas[i] for i in batch.ids]
        assert back.idx.tolist() == batch.idx.tolist() and back.spaces.tolist() == batch.spaces.tolist()
        assert back.crcs.tolist() == lemma_crcs(back.lemmas).tolist()  # kept, not hashed again
        joined = TokenBatch.concat([back, TokenBatch.from_bytes(batch.to_bytes())])
        assert joined.crcs.tolist() == lemma_crcs(joined.lemmas).tolist()
    assert TokenBatch.from_bytes(b"not a batch") is None


def test_damaged_token_streams_are_refused_not_misread():
    """Streams are stored uncompressed, so no checksum guards them: every size, token id and
    text boundary is checked instead, and a damaged stream is tokenised again."""
    import numpy as np

    from qualcode.condense.tokens import TokenBatch

    batch = chunk_tokenizer(pipeline("id")).tokenize(["Anggarannya kecil.", "tidak ada dana"])
    data = batch.to_bytes()
    assert TokenBatch.from_bytes(data) is not None
    header = np.frombuffer(data, dtype=np.uint32, count=6).tolist()
    forms, tokens, bounds = header[1], header[2], header[3]
    ids_at = 24 + header[4] + forms + 4 * forms  # after the tables, flags and lemma CRCs
    offsets_at = len(data) - 4 * bounds

    def with_u32(at: int, value: int) -> bytes:
        return data[:at] + int(value).to_bytes(4, "little") + data[at + 4:]

    damaged = {
        "cut short": data[:-3],
        "bytes added": data + b"\x00",
        "another format": with_u32(0, 2),
        "the format before lemma CRCs": with_u32(0, 3),
        "a token id past the table": data[:ids_at] + (forms + 5).to_bytes(2, "little") + data[ids_at + 2:],
        "texts out of order": with_u32(offsets_at + 4, tokens + 1),
        "a first text not at 0": with_u32(offsets_at, 1),
        "more tokens claimed": with_u32(8, tokens + 1),
    }
    for what, bytes_ in damaged.items():
        assert TokenBatch.from_bytes(bytes_) is None, what


def test_chunk_tokens_survive_their_encoding():
    from qualcode.condense.tokens import decode_tokens, encode_tokens

    for tokens in ([("anggarannya", "anggar", 0)], [("(", "(", 1), ("a\x1fb", "a\x1eb", 0)], [(" ", " ", 2)]):
        assert decode_tokens(encode_tokens(tokens)) == tokens
    # the tokenizer writes them from each form's part: the same strings
    fast = chunk_tokenizer(pipeline.__wrapped__("id"))  # a memo of its own
    texts = ["Anggarannya (kurang), kata\x1fnya!", "a\x1eb warga2 anak-anak :-)", "kota"]
    fast.tokenize(texts)
    found = fast.chunk_tokens(0)
    # the separators are whitespace, so only a whitespace token holds one (JSON, then)
    assert {"\x1f", "\x1e", "(kurang),", "kota"} <= set(found) and found["\x1e"][0] == "J"
    for chunk, ids in zip(fast.learned, fast.memo.ids_since(0)):
        tokens = [(fast.forms.orths[i], fast.forms.lemmas[i], fast.forms.flags[i]) for i in ids]
        assert found[chunk] == encode_tokens(tokens) and decode_tokens(found[chunk]) == tokens
    fast.tokenize(["kota baru"])  # learned later: from its position on
    assert fast.chunk_tokens(len(found)) == {"baru": encode_tokens([("baru", "baru", 0)])}


# ------------------------------------------------------------------------------ coding
def test_bulk_coding_gives_the_reference_codings(corpus, codebook, reference):
    expected = _reference_codings(corpus, codebook, reference)
    assert len(expected) > 500
    assert _sorted(auto_code(corpus, codebook)) == expected


def test_term_matcher_scores_as_codebook_matcher_at_other_thresholds(corpus, codebook, reference):
    sample = [s for s in corpus if s.id.startswith(("tricky", "heldout"))]
    for threshold in (0.5, 1.5, 2.0):
        assert _sorted(auto_code(sample, codebook, threshold)) == \
            _reference_codings(sample, codebook, reference, threshold)


def test_matcher_rows_are_the_reference_codings_as_the_store_writes_them(corpus, codebook, reference):
    from qualcode.condense.bulk_coding import LanguageCoder
    from qualcode.store.base import _matches_json

    from qualcode.ingest.language import segment_language

    rows = []
    for language in ("id", "en"):
        segments = [s for source in corpus for s in source.segments
                    if s.codable and segment_language(s.text, source.language) == language]
        matcher = LanguageCoder(language, codebook, pipeline, None, None).matcher
        batch = chunk_tokenizer(pipeline(language)).tokenize([s.text for s in segments])
        rows.extend(tuple(row) for row in matcher.rows(batch, [s.id for s in segments], 1.0))
    want = _reference_codings(corpus, codebook, reference)
    assert len(want) > 20 and any(m.negated for c in want for m in c.matched)
    assert sorted(rows) == sorted((c.segment_id, c.code_id, c.score, _matches_json(c.matched)) for c in want)


def test_a_source_larger_than_a_piece_is_coded_as_one(codebook, reference, monkeypatch):
    from qualcode.condense import bulk_coding

    monkeypatch.setattr(bulk_coding, "PIECE_SEGMENTS", 7)
    monkeypatch.setattr(bulk_coding, "GROUP_SEGMENTS", 10)
    texts = [f"Turn {n}: anggaran ke-{n} belum ada, partisipasi warga-warga rendah." for n in range(40)]
    big = [_source("big", "id", texts)]
    assert _sorted(auto_code(big, codebook)) == _reference_codings(big, codebook, reference)


class MemoryCache:
    """A TokenCache stand-in holding token batches, terms, chunks, codings (heads, lemmas
    and rows), codebook bases and their start tables in dicts."""

    def __init__(self):
        self.data, self.terms, self.chunks, self.codings, self.hits = {}, {}, {}, {}, 0
        self.rows, self.lemmas, self.bases, self.starts = {}, {}, {}, {}
        self.codings_reused = 0

    def get_codings(self, key):
        found = self.codings.get(key)
        self.codings_reused += found is not None
        return found

    def put_codings(self, key, head, rows, lemmas=None):
        self.codings[key] = head
        if rows is not None:
            self.rows[key] = rows
        if lemmas is not None:
            self.lemmas[key] = lemmas

    def get_rows(self, key):
        return self.rows.get(key)

    def get_bases(self, ids):
        return {base_id: self.bases[base_id] for base_id in ids if base_id in self.bases}

    def put_base(self, base_id, data):
        self.bases[base_id] = data

    def get_start_table(self, base_id):
        return self.starts.get(base_id)

    def put_start_table(self, base_id, data):
        self.starts[base_id] = data

    def get_lemmas(self, key):
        return self.lemmas.get(key)

    def get(self, key):
        found = self.data.get(key)
        self.hits += found is not None
        return found

    def put(self, key, data):
        self.data[key] = data

    def term_tokens(self, version):
        return dict(self.terms.get(version, {}))

    def put_term_tokens(self, version, found):
        self.terms.setdefault(version, {}).update(found)

    def chunk_tokens(self, version, chunks):
        known = self.chunks.get(version, {})
        return {c: known[c] for c in chunks if c in known}

    def put_chunk_tokens(self, version, found):
        self.chunks.setdefault(version, {}).update(found)


def test_warm_codings_equal_cold_ones_and_need_no_pipeline(corpus, codebook, monkeypatch):
    from qualcode.condense import nlp

    cache = MemoryCache()
    cold = auto_code(corpus, codebook, cache=cache)
    assert cache.data and cache.terms and cache.chunks
    monkeypatch.setattr(nlp, "pipeline", _no_pipeline)
    warm = auto_code(corpus, codebook, cache=cache)
    # every piece is settled by its kept codings: not one token stream is even read
    assert warm == cold and cache.codings_reused == len(cache.codings) and cache.hits == 0


def _no_pipeline(*args, **kwargs):
    raise AssertionError("a warm run built a spaCy pipeline")


def test_a_new_one_word_term_of_known_words_needs_no_pipeline(corpus, codebook, tmp_path, monkeypatch):
    from qualcode.condense import nlp

    cache = MemoryCache()
    auto_code(corpus, codebook, cache=cache)
    text = CODEBOOK.read_text(encoding="utf-8").replace("keywords:\n      id: [", "keywords:\n      id: [halte, trotoar, ", 1)
    edited = tmp_path / "edited.yaml"
    edited.write_text(text, encoding="utf-8")
    changed = load_codebook(edited)
    expected = auto_code(corpus, changed)  # no cache: the pipeline
    monkeypatch.setattr(nlp, "pipeline", _no_pipeline)
    assert auto_code(corpus, changed, cache=cache) == expected


EDITS = {
    "a keyword added": ("keywords:\n      id: [", "keywords:\n      id: [halte, "),
    "a keyword removed": ("id: [dukungan anggaran, anggaran, penganggaran, ", "id: [dukungan anggaran, "),
    "an exclusion added": ("id: [anggaran dasar, ", "id: [rapat anggaran, anggaran dasar, "),
    "a code moved under another parent": ("parent: technology", "parent: budget-support"),
    "a code moved to the top level": ("    parent: technology\n", ""),
    "a keyword added to a factor with a polarity": ("id: [faktor penghambat, tidak cukup,",
                                                    "id: [faktor penghambat, halte, tidak cukup,"),
    "a keyword added to a parent code": ("keywords:\n      id: [teknologi informasi,",
                                         "keywords:\n      id: [jaringan, menara pemancar, teknologi informasi,"),
}
EDITS["a keyword also listed as a context term"] = (
    "ruang fiskal]\n      en: [budget support, budget, budgeting, funding, financing, public finance]\n"
    "    context:\n      id: [uang,",
    "ruang fiskal]\n      en: [budget support, budget, budgeting, funding, financing, public finance]\n"
    "    context:\n      id: [pendanaan, uang,")


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_codings_read_back_after_a_codebook_edit_equal_fresh_ones(edit, corpus, codebook, tmp_path):
    cache = MemoryCache()
    cold = auto_code(corpus, codebook, cache=cache)
    assert auto_code(corpus, codebook, cache=cache) == cold and cache.codings_reused == len(cache.codings)
    old, new = EDITS[edit]
    text = CODEBOOK.read_text(encoding="utf-8")
    assert old in text, edit
    edited = tmp_path / "edited.yaml"
    edited.write_text(text.replace(old, new, 1), encoding="utf-8")
    changed = load_codebook(edited)
    reused_before = cache.codings_reused
    warm = auto_code(corpus, changed, cache=cache)
    assert warm == auto_code(corpus, changed)  # no cache at all
    assert cache.codings_reused > reused_before  # most pieces were read back
    for threshold in (0.5, 2.0):
        assert auto_code(corpus, changed, threshold, cache=cache) == auto_code(corpus, changed, threshold)


def test_workflow_codings_are_the_same_cold_warm_and_with_two_jobs(demo_project, monkeypatch):
    import sqlite3

    from qualcode.condense import autocode
    from qualcode.project import load_config
    from qualcode.workflow import code_auto, ingest

    def stored():
        with sqlite3.connect(demo_project / ".qualcode" / "project.db") as conn:
            return conn.execute("SELECT segment_id, code_id, coder, origin, status, score, matched,"
                                " codebook_version FROM codings ORDER BY 1, 2, 3").fetchall()

    config = load_config(demo_project)
    ingest(config)
    first = code_auto(config)
    cold = stored()
    assert first.suggestions == len(cold) > 50
    warm = code_auto(config)
    assert stored() == cold and warm.withdrawn == 0 and warm.by_code == first.by_code
    (demo_project / ".qualcode" / "cache.db").unlink()
    monkeypatch.setattr(autocode, "JOBS_MIN_SEGMENTS", 1)
    code_auto(config, jobs=2)
    assert stored() == cold


# ------------------------------------------------------------------------------ store
def test_fast_matches_json_is_the_stores_json():
    from qualcode.condense.coding_cache import matches_json
    from qualcode.store.base import _matches_json

    cases = [(), (Match("anggar", 'Anggaran "kecil"\\ é', 0, 20, 1.0),),
             (Match("x y", "x-y", 10, 13, 0.5, True), Match("z", "\u2028z\n", 3, 6, 1.0)),
             (Match("w", "w", 0, 1, 1),)]  # an int weight takes the slow path
    for matches in cases:
        assert matches_json(matches) == _matches_json(matches)


def test_staged_suggestions_replace_like_replace_suggestions(small_project):
    from qualcode.model import Coding
    from qualcode.project import load_config
    from qualcode.store import Store
    from qualcode.store.streaming import SuggestionStage
    from qualcode.workflow import code_auto, ingest

    config = load_config(small_project)
    ingest(config)
    code_auto(config)
    with Store(config.store_path) as store, store.transaction():
        some = store.codings()[:3]
        store.decide(some[0].segment_id, some[0].code_id, "ana", "accepted")
        store.decide(some[1].segment_id, some[1].code_id, "ana", "rejected")
    copy = small_project.parent / "copy"
    shutil.copytree(small_project, copy)
    new = [Coding(c.segment_id, c.code_id, AUTO_CODER, score=2.0, matched=c.matched) for c in some[1:]]
    new.append(Coding(some[0].segment_id, "budget-support", AUTO_CODER, score=1.0))
    with Store(config.store_path) as store, store.transaction():
        expected = store.replace_suggestions(new, AUTO_CODER, "v2")
        after_replace = [(c.segment_id, c.code_id, c.coder, c.status, c.score) for c in store.all_codings()]
    with Store(copy / ".qualcode" / "project.db") as store:
        stage = SuggestionStage(store)
        stage.add(new[:2])
        stage.add(new[2:])
        with store.transaction():
            got = stage.apply(AUTO_CODER, "v2")
        stage.close()
        after_stage = [(c.segment_id, c.code_id, c.coder, c.status, c.score) for c in store.all_codings()]
    assert got == expected and expected[1] > 0
    assert after_stage == after_replace


def test_streamed_ingest_stores_what_plan_ingest_reads(demo_project):
    from qualcode.ingest import plan_ingest
    from qualcode.project import load_config
    from qualcode.store import Store
    from qualcode.workflow import ingest

    config = load_config(demo_project)
    report = ingest(config)
    plan = plan_ingest(config.transcript_files(), config.root, config.cases_path, config.language,
                       unit=config.unit)
    with Store(config.store_path) as store:
        stored = {s.id: s for s in store.sources()}
        cases = store.cases()
    assert sorted(stored) == sorted(report.added) == sorted(s.id for s in plan.sources)
    for source in plan.sources:
        assert [(s.start, s.end, s.text, s.codable) for s in stored[source.id].segments] == \
            [(s.start, s.end, s.text, s.codable) for s in source.segments]
    assert cases == plan.cases and report.cases == len(plan.cases)
    again = ingest(config)
    assert sorted(again.unchanged) == sorted(stored) and not again.added


def test_a_bad_file_late_in_a_first_ingest_leaves_no_store(demo_project, runner):
    from qualcode.cli import app

    transcripts = sorted((demo_project / "transcripts").glob("*.txt"))
    bad = transcripts[len(transcripts) // 2].with_name("m-rusak.txt")  # read after some good ones
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = runner.invoke(app, ["--project", str(demo_project), "ingest"])
    assert result.exit_code == 1 and "m-rusak.txt" in result.output
    assert not (demo_project / ".qualcode").exists()


def test_a_first_ingest_killed_before_leaves_nothing_that_stays(demo_project):
    from qualcode.project import load_config
    from qualcode.workflow import ingest

    config = load_config(demo_project)
    config.store_path.parent.mkdir()
    abandoned = config.store_path.with_name(f".{config.store_path.name}.999999999.new")
    abandoned.write_bytes(b"half a store")
    report = ingest(config)
    assert report.added and config.store_path.is_file() and not abandoned.exists()
    assert sorted(p.name for p in config.store_path.parent.iterdir()
                  if p.name.startswith(".project.db")) == []
