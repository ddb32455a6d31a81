"""In vivo suggestions: recurring phrases across cases that no codebook term covers."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from qualcode.codebook import load_codebook
from qualcode.condense.nlp import lemma_key, pipeline
from qualcode.condense.suggest import suggest_phrases
from qualcode.model import Segment, Source
from tests.conftest import store_checksum
from tests.test_cli import invoke

CODEBOOK = """\
name: Test
framework: {name: Test, dimensions: [budget]}
codes:
  - id: budget
    kind: dimension
    label: {id: Anggaran, en: Budget}
    definition: Money.
    keywords: {id: [anggaran, kemauan politik], en: [budget]}
    context: {id: [pemerintah kota]}
    exclude_keywords: {id: [anggaran dasar]}
"""


@pytest.fixture(scope="module")
def codebook(tmp_path_factory):
    path = tmp_path_factory.mktemp("cb") / "codebook.yaml"
    path.write_text(CODEBOOK, encoding="utf-8")
    return load_codebook(path)


def source(source_id: str, texts: list[str], case: str | None = None, language: str = "id",
           codable: list[bool] | None = None) -> Source:
    segments, text = [], ""
    for n, body in enumerate(texts, start=1):
        start = len(text)
        text += body + "\n\n"
        segments.append(Segment(source_id, n, start, start + len(body), body,
                                codable=True if codable is None else codable[n - 1]))
    return Source(source_id, f"{source_id}.txt", "x", text, "interview", language, None, case,
                  {}, tuple(segments))


def by_key(suggestions) -> dict:
    return {s.lemma_key: s for s in suggestions}


def key(text: str, language: str = "id") -> str:
    return lemma_key(pipeline(language)(text))


def test_a_phrase_in_two_cases_is_suggested_in_one_case_is_not(codebook):
    sources = [
        source("a", ["Lampu jalan di gang kami sering padam.", "Tenaga kontrak cepat keluar.",
                     "Tenaga kontrak lagi yang keluar."], case="ani"),
        source("b", ["Lampu jalan belum diganti sampai sekarang."], case="budi"),
    ]
    found = by_key(suggest_phrases(sources, codebook, top=None))
    street = found[key("lampu jalan")]
    assert (street.phrase, street.cases, street.segments) == ("Lampu jalan", 2, 2)
    assert key("tenaga kontrak") not in found  # twice, but by one informant only
    anyone = by_key(suggest_phrases(sources, codebook, min_cases=1, top=None))
    assert key("tenaga kontrak") in anyone


def test_inflected_keywords_and_context_terms_are_covered(codebook):
    sources = [
        source("a", ["Anggarannya terbatas, kemauan politiknya lemah, pemerintah kota diam.",
                     "Rapat pemerintah kota."], case="ani"),
        source("b", ["Anggaran terbatas dan kemauan politik lemah; pemerintah kota diam.",
                     "Ada rapat pemerintah kota."], case="budi"),
    ]
    found = by_key(suggest_phrases(sources, codebook, top=None))
    budget, will = key("anggaran"), key("kemauan politik")
    assert not [k for k in found if budget in k.split() or will in k]
    assert key("pemerintah kota") not in found      # a context term itself is known
    assert key("rapat pemerintah kota") in found    # containing one adds meaning


def test_phrases_neither_start_nor_end_with_a_stop_word(codebook):
    texts = ["Sinyal yang lemah dan juga mahal sekali di sini.",
             "Wah, sinyal yang lemah dan juga mahal."]
    sources = [source("a", texts[:1], case="ani"), source("b", texts[1:], case="budi")]
    found = suggest_phrases(sources, codebook, top=None)
    stops = pipeline("id").Defaults.stop_words
    assert found and all(s.phrase.split()[0].lower() not in stops
                         and s.phrase.split()[-1].lower() not in stops for s in found)
    assert key("sinyal yang lemah") in by_key(found)  # a stop word inside a phrase is fine
    assert key("dan juga") not in by_key(found) and key("lemah dan") not in by_key(found)


def test_interviewer_turns_are_not_searched(codebook):
    question = "Bagaimana dengan lampu jalan?"
    sources = [source("a", [question, "Belum ada."], case="ani", codable=[False, True]),
               source("b", [question, "Sudah ada."], case="budi", codable=[False, True])]
    assert key("lampu jalan") not in by_key(suggest_phrases(sources, codebook, top=None))


def test_a_shorter_phrase_with_the_same_support_folds_into_the_longer(codebook):
    sources = [source("a", ["Lampu jalan kampung padam."], case="ani"),
               source("b", ["Lampu jalan kampung padam lagi."], case="budi"),
               source("c", ["Ada lampu jalan kampung.", "Lampu jalan di gang."], case="cici")]
    found = by_key(suggest_phrases(sources, codebook, top=None))
    assert key("lampu jalan kampung padam") in found
    assert key("lampu jalan kampung") in found       # three cases: more support than "…padam"
    assert key("jalan kampung") not in found         # same cases, same segments: folded
    assert key("jalan kampung padam") not in found
    assert key("lampu jalan") in found               # one segment more: kept


def test_ranking_score_and_examples(codebook):
    sources = [source("a", ["Lampu jalan padam.", "Kotak merah di layar."], case="ani"),
               source("b", ["Lampu jalan padam lagi.", "Kotak merah lagi."], case="budi"),
               source("c", ["Lampu jalan hidup.", "Tidak ada."], case="cici"),
               source("doc", ["Kotak merah tampil di layar."])]  # no case: the source counts
    found = suggest_phrases(sources, codebook, top=None)
    first, second = found[0], found[1]
    assert {first.lemma_key, second.lemma_key} == {key("lampu jalan"), key("kotak merah")}
    assert first.cases == second.cases == 3 and first.rank == 1 and second.rank == 2
    assert first.score == round(3 * math.log(7 / 3), 3)  # 7 codable segments, 3 hold it
    street = by_key(found)[key("lampu jalan")]
    assert [e.segment_id for e in street.examples] == ["a:1", "b:1", "c:1"]
    assert all("Lampu jalan" in e.text for e in street.examples)
    assert by_key(found)[key("kotak merah")].examples[-1].source_id == "doc"
    assert len(suggest_phrases(sources, codebook, top=1)) == 1


def test_english_phrases_and_the_language_filter(codebook):
    sources = [source("en1", ["The budgets were cut and the street lights failed."], "ani", "en"),
               source("en2", ["Street lights again; budget cut again."], "budi", "en"),
               source("id1", ["Lampu jalan padam."], "cici"),
               source("id2", ["Lampu jalan."], "dedi")]
    english = by_key(suggest_phrases(sources, codebook, language="en", top=None))
    street = english[key("street lights", "en")]
    assert (street.phrase, street.languages) == ("street lights", ("en",))
    assert not [k for k in english if key("budget", "en") in k.split()]
    assert key("lampu jalan") not in english
    assert key("lampu jalan") in by_key(suggest_phrases(sources, codebook, top=None))


def test_a_case_is_one_case_across_languages_and_chunks(codebook, monkeypatch):
    # Scanned together, budi's Indonesian turn and ani's English one are numbered apart; and
    # a phrase in the first and the last of many short answers is found across chunks.
    mixed = [source("en-ani", ["The lampu jalan went dark."], "ani", "en"),
             source("id-budi", ["Lampu jalan padam."], "budi")]
    assert by_key(suggest_phrases(mixed, codebook, top=None))[key("lampu jalan")].languages == ("en", "id")
    import qualcode.condense.suggest as suggest

    monkeypatch.setattr(suggest, "CHUNK_SEGMENTS", 3)
    answers = [source(f"r{n:03}", ["Lampu jalan padam." if n in (0, 19) else f"Jawaban nomor {n} saja."],
                      f"r{n:03}") for n in range(20)]
    street = by_key(suggest_phrases(answers, codebook, top=None))[key("lampu jalan padam")]
    assert (street.cases, street.segments) == (2, 2)


def test_a_phrase_never_runs_from_one_segment_into_the_next(codebook):
    # No punctuation ends these turns: only the segment's end stops "jalan padam".
    sources = [source(name, ["Lampu jalan", "Padam total"], name) for name in ("ani", "budi")]
    found = by_key(suggest_phrases(sources, codebook, top=None, min_cases=1))
    assert key("lampu jalan") in found and key("padam total") in found
    assert not [k for k in found if "padam" in k and "jalan" in k]


def reference_phrases(sources, codebook, min_cases):
    """The candidate phrases of the module doc, found the plain way: every segment on its own,
    a word at a time, each phrase's cases and segments counted by its lemmas."""
    from qualcode.condense.bulk_coding import LanguageCoder
    from qualcode.condense.nlp import chunk_tokenizer
    from qualcode.condense.phrase_scan import Coverage, stop_words

    tallies = {}
    for src in sources:
        nlp = pipeline(src.language)
        coverage = Coverage(LanguageCoder(nlp.lang, codebook, lambda _: nlp, None, None).matcher)
        stops = stop_words(nlp)
        for segment in (s for s in src.segments if s.codable):
            covered = set()
            for start, end in coverage.covered_spans(chunk_tokenizer(nlp).tokenize([segment.text])).get(0, ()):
                covered.update(range(start, end))
            words = []  # (may edge a phrase, lemma) per token, None where a phrase must break
            for n, token in enumerate(nlp(segment.text)):
                lexeme = nlp.vocab[token.text]
                if (n in covered or lexeme.is_punct or lexeme.is_space or lexeme.like_num
                        or not any(c.isalpha() for c in token.text)):
                    words.append(None)
                else:
                    lemma = token.lemma_.lower()
                    inner = lexeme.lower_ in stops or lemma in stops or token.text.startswith("-")
                    words.append((not inner, lemma))
            for i in range(len(words)):
                for j in range(i + 2, min(len(words), i + 5) + 1):
                    window = words[i:j]
                    if None in window:
                        break
                    if window[0][0] and window[-1][0]:
                        lemmas = tuple(lemma for _, lemma in window)
                        if lemmas not in coverage.context_terms:
                            cases, segments = tallies.setdefault(lemmas, (set(), set()))
                            cases.add(src.case_id or src.id)
                            segments.add(segment.id)
    return {" ".join(k): (len(c), len(s)) for k, (c, s) in tallies.items() if len(c) >= min_cases}


@pytest.fixture(scope="module")
def demo_sources(tmp_path_factory):
    from qualcode.project import load_config
    from qualcode.store import Store
    from qualcode.workflow.ingesting import ingest
    from tests.conftest import copy_demo

    config = load_config(copy_demo(tmp_path_factory.mktemp("demo")))
    ingest(config)
    with Store(config.store_path) as store:
        return load_codebook(config.codebook_path), store.sources()


@pytest.mark.parametrize("min_cases", [1, 2])
def test_the_phrases_are_those_a_plain_word_by_word_search_finds(demo_sources, min_cases):
    codebook, sources = demo_sources
    found = {s.lemma_key: (s.cases, s.segments) for s in suggest_phrases(sources, codebook, min_cases, top=None)}
    expected = reference_phrases(sources, codebook, min_cases)
    assert len(found) > 50
    assert {k: v for k, v in found.items() if expected.get(k) != v} == {}
    # What the search finds and the list leaves out is folded into a longer phrase alike.
    left_out = set(expected) - set(found)
    assert all(any(f" {k} " in f" {longer} " and found[longer] == expected[k] for longer in found)
               for k in left_out)


# ------------------------------------------------------------------------------ the command
TRANSCRIPT = """---
case: {case}
role: community
source_type: interview
language: id
---
Pewawancara: Bagaimana lampu jalan di sini?

Warga: {answer}
"""


@pytest.fixture
def phrase_project(small_project, runner):
    for case, answer in [("rt-satu", "Lampu jalan di gang kami padam tiga bulan."),
                         ("rt-dua", "Lampu jalan depan masjid juga padam, sudah lapor.")]:
        (small_project / "transcripts" / f"{case}.txt").write_text(
            TRANSCRIPT.format(case=case, answer=answer), encoding="utf-8")
    assert invoke(runner, small_project, "ingest").exit_code == 0
    return small_project


def test_code_suggest_lists_the_phrase_in_every_format(phrase_project, runner):
    result = invoke(runner, phrase_project, "code", "suggest", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    [street] = [r for r in rows if r["phrase"] == "Lampu jalan"]
    assert (street["cases"], street["segments"]) == (2, 2)
    assert {e["segment_id"].split(":")[0] for e in street["examples"]} == {"rt-satu", "rt-dua"}
    assert [r["rank"] for r in rows] == list(range(1, len(rows) + 1))
    csv = invoke(runner, phrase_project, "code", "suggest", "--format", "csv")
    header = "rank,phrase,lemma_key,cases,segments,score,languages,examples"
    assert csv.stdout.splitlines()[0] == header
    assert "Lampu jalan" in csv.stdout
    table = invoke(runner, phrase_project, "code", "suggest", "--top", "3")
    assert table.exit_code == 0 and "Lampu jalan" in table.stdout
    assert "--from-suggestion" in table.stderr


def test_code_suggest_options_narrow_the_list(phrase_project, runner):
    three = invoke(runner, phrase_project, "code", "suggest", "--min-cases", "3",
                   "--format", "json")
    assert three.exit_code == 0 and "Lampu jalan" not in three.stdout
    english = invoke(runner, phrase_project, "code", "suggest", "--lang", "en", "--format", "json")
    assert english.exit_code == 0 and "Lampu jalan" not in english.stdout


@pytest.mark.parametrize("args, message", [
    (["--format", "xml"], "unknown format"),
    (["--lang", "fr"], "--lang 'fr' is not supported; use id or en"),
    (["--min-cases", "0"], "--min-cases must be 1 or more"),
    (["--top", "0"], "--top must be 1 or more"),
])
def test_code_suggest_errors_are_one_line(phrase_project, runner, args, message):
    before = store_checksum(phrase_project)
    result = invoke(runner, phrase_project, "code", "suggest", *args)
    assert result.exit_code == 1 and message in result.output and "Traceback" not in result.output
    assert store_checksum(phrase_project) == before


def test_code_suggest_before_ingest_says_what_to_do(small_project: Path, runner):
    result = invoke(runner, small_project, "code", "suggest")
    assert result.exit_code == 1 and "qualcode ingest" in result.output
    assert store_checksum(small_project) is None


class CountingCache:
    def __init__(self):
        self.data, self.puts = {}, 0

    def get(self, key):
        return self.data.get(key)

    def put(self, key, data):
        self.puts += 1
        self.data[key] = data


def test_each_source_is_tokenised_once_and_a_warm_cache_is_used(codebook):
    sources = [source("a", ["Lampu jalan padam."], case="ani"),
               source("b", ["Lampu jalan padam lagi."], case="budi")]
    cache = CountingCache()
    cold = suggest_phrases(sources, codebook, cache=cache)
    assert cache.puts == 2  # one token stream per source, although there are two passes
    warm = suggest_phrases(sources, codebook, cache=cache)
    assert cache.puts == 2 and warm == cold


def test_a_damaged_token_stream_in_the_cache_is_tokenised_again(codebook):
    sources = [source("a", ["Lampu jalan padam."], case="ani"),
               source("b", ["Lampu jalan padam lagi."], case="budi")]
    cache = CountingCache()
    cold = suggest_phrases(sources, codebook, cache=cache)
    first = next(iter(cache.data))
    cache.data[first] = b"not a token stream"
    again = suggest_phrases(sources, codebook, cache=cache)
    assert again == cold and cache.data[first] != b"not a token stream"
