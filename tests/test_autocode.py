"""The deductive auto-coder: lemma matching, weights, exclusions, explanations."""

import pytest

from qualcode.codebook import load_codebook
from qualcode.condense.autocode import auto_code
from qualcode.model import Segment, Source

CODEBOOK = """\
name: Test
framework: {name: Test, dimensions: [budget, participation]}
codes:
  - id: budget
    kind: dimension
    label: {id: Anggaran, en: Budget}
    definition: Money.
    keywords: {id: [anggaran, apbd], en: [budget]}
    context: {id: [dana, biaya], en: [money, cost]}
    exclude_keywords: {id: [anggaran dasar]}
  - id: political-will
    kind: subcode
    parent: participation
    label: {id: Kemauan politik, en: Political will}
    definition: Will.
    keywords: {id: [kemauan politik], en: [political will]}
  - id: participation
    kind: dimension
    label: {id: Partisipasi, en: Participation}
    definition: Taking part.
    keywords: {id: [partisipasi, e-complaint], en: [participation]}
"""


@pytest.fixture(scope="module")
def codebook(tmp_path_factory):
    path = tmp_path_factory.mktemp("cb") / "codebook.yaml"
    path.write_text(CODEBOOK, encoding="utf-8")
    return load_codebook(path)


def source(texts, language="id", codable=None):
    segments, text, offset = [], "", 0
    for n, body in enumerate(texts, start=1):
        segments.append(Segment("s", n, offset, offset + len(body), body,
                                codable=True if codable is None else codable[n - 1]))
        text += body + "\n\n"
        offset = len(text)
    return Source("s", "s.txt", "x", text, "interview", language, None, "c", {}, tuple(segments))


def coded(codebook, texts, **kwargs):
    return {(c.segment_id, c.code_id): c for c in auto_code([source(texts, **kwargs)], codebook)}


def test_affixed_and_clitic_forms_match_the_keyword(codebook):
    result = coded(codebook, ["Anggarannya kecil.", "Penganggaran lambat.", "Belum dianggarkan.",
                              "Warga berpartisipasi aktif."])
    assert ("s:1", "budget") in result and ("s:2", "budget") in result and ("s:3", "budget") in result
    assert ("s:4", "participation") in result


def test_multiword_and_hyphenated_terms(codebook):
    result = coded(codebook, ["Kemauan politiknya kuat sekali.", "Lewat e-complaint saja."])
    assert ("s:1", "political-will") in result
    assert ("s:2", "participation") in result


def test_english_inflections(codebook):
    result = coded(codebook, ["The budgets were cut.", "Political will matters."], language="en")
    assert ("s:1", "budget") in result and ("s:2", "political-will") in result


def test_code_switching_terms_match_in_either_language(codebook):
    result = coded(codebook, ["Political will wali kota itu kunci."])
    assert ("s:1", "political-will") in result


def test_context_terms_need_company(codebook):
    result = coded(codebook, ["Dananya sedikit.", "Dana dan biaya tidak cukup."])
    assert ("s:1", "budget") not in result
    assert result[("s:2", "budget")].score == 1.0


def test_exclusion_suppresses_the_code(codebook):
    result = coded(codebook, ["Anggaran dasar organisasi kami direvisi."])
    assert ("s:1", "budget") not in result


def test_suggestion_explains_itself(codebook):
    result = coded(codebook, ["APBD dan anggarannya naik."])
    suggestion = result[("s:1", "budget")]
    assert suggestion.status == "suggested" and suggestion.origin == "auto"
    assert suggestion.score == 2.0
    text = "APBD dan anggarannya naik."
    assert [(m.text, text[m.start:m.end], m.weight) for m in suggestion.matched] == [
        ("APBD", "APBD", 1.0), ("anggarannya", "anggarannya", 1.0)]
    assert len(suggestion.terms) == 2


def test_repeating_a_term_does_not_inflate_the_score(codebook):
    result = coded(codebook, ["Anggaran, anggaran, anggaran."])
    suggestion = result[("s:1", "budget")]
    assert suggestion.score == 1.0
    assert len(suggestion.matched) == 3 and suggestion.terms == ("anggaran",)  # three hits, one term


def test_parent_is_implied_by_its_subcode(codebook):
    result = coded(codebook, ["Partisipasi dan kemauan politik wali kota."])
    assert ("s:1", "political-will") in result
    assert ("s:1", "participation") not in result


def test_non_codable_segments_are_never_coded(codebook):
    result = coded(codebook, ["Bagaimana anggarannya?", "Anggarannya kecil."], codable=[False, True])
    assert ("s:1", "budget") not in result and ("s:2", "budget") in result


class DictCache:
    def __init__(self):
        self.data, self.hits = {}, 0

    def get(self, key):
        found = self.data.get(key)
        self.hits += found is not None
        return found

    def put(self, key, data):
        self.data[key] = data


def test_cached_tokens_give_identical_codings(codebook):
    sources = [source(["Anggarannya kecil.", "Kemauan politiknya kuat.", "Dana dan biaya habis."])]
    cache = DictCache()
    cold = auto_code(sources, codebook, cache=cache)
    assert cache.hits == 0 and len(cache.data) == 1
    warm = auto_code(sources, codebook, cache=cache)
    assert cache.hits == 1 and warm == cold
    edited = [source(["Anggarannya kecil sekali.", "Kemauan politiknya kuat.", "Dana dan biaya habis."])]
    auto_code(edited, codebook, cache=cache)
    assert cache.hits == 1 and len(cache.data) == 2  # a changed text misses


@pytest.mark.parametrize("share", [0.0, 2.0], ids=["memo-warm-parent-codes-nothing", "parent-codes-first-group"])
def test_jobs_give_the_same_codings(codebook, monkeypatch, share):
    import qualcode.condense.autocode as autocode
    from qualcode.condense import coding_workers

    monkeypatch.setattr(autocode, "JOBS_MIN_SEGMENTS", 1)
    monkeypatch.setattr(coding_workers, "KNOWN_SHARE_TO_SKIP", share)
    sources = [Source(f"s{i}", f"s{i}.txt", "x", "", "interview", "id", None, "c", {},
                      (Segment(f"s{i}", 1, 0, 20, f"Anggarannya kecil {i}."),
                       Segment(f"s{i}", 2, 0, 20, "Kemauan politiknya kuat.")))
               for i in range(12)]
    one, cache = auto_code(sources, codebook), DictCache()
    two = auto_code(sources, codebook, jobs=2, cache=cache)
    assert sorted(two, key=lambda c: (c.segment_id, c.code_id)) == sorted(
        one, key=lambda c: (c.segment_id, c.code_id))
    assert len(cache.data) == 12  # workers hand their new token streams back to the parent


LAW_CODEBOOK = """\
name: Law
framework: {name: Law, dimensions: [regulation, invitation, cooperation, city]}
codes:
  - id: regulation
    kind: dimension
    label: {id: Regulasi, en: Regulation}
    definition: Laws.
    keywords: {id: [undang-undang]}
  - id: legislation
    kind: dimension
    label: {id: Perundangan, en: Legislation}
    definition: Legislation.
    keywords: {id: [perundang-undangan]}
  - id: invitation
    kind: dimension
    label: {id: Undangan, en: Invitation}
    definition: Being invited.
    keywords: {id: [undangan]}
  - id: cooperation
    kind: dimension
    label: {id: Gotong royong, en: Mutual help}
    definition: Working together.
    keywords: {id: [gotong royong]}
  - id: city
    kind: dimension
    label: {id: Kota cerdas, en: Smart city}
    definition: The programme.
    keywords: {id: [smart-city], en: [e-government]}
"""


@pytest.fixture(scope="module")
def law_codebook(tmp_path_factory):
    path = tmp_path_factory.mktemp("law") / "codebook.yaml"
    path.write_text(LAW_CODEBOOK, encoding="utf-8")
    return load_codebook(path)


@pytest.mark.parametrize("text, codes", [
    ("Kami diundang rapat oleh dinas.", {"invitation"}),            # invited: not a law
    ("Undangannya datang terlambat.", {"invitation"}),
    ("Undang-Undang Nomor 23 jadi dasarnya.", {"regulation", "legislation"}),
    ("Sesuai peraturan perundang-undangan yang berlaku.", {"regulation", "legislation"}),
    ("Undang-undangnya sudah direvisi.", {"regulation", "legislation"}),
])
def test_lexicalised_reduplication_keywords(law_codebook, text, codes):
    found = {code for (_, code) in coded(law_codebook, [text])}
    assert found == codes


@pytest.mark.parametrize("text", ["Warga bergotong royong.", "Semangat gotong-royong warga.",
                                  "Program smart city kota.", "Program smart-city kota."])
def test_spaced_and_hyphenated_spellings_are_one_term(law_codebook, text):
    result = coded(law_codebook, [text])
    [suggestion] = result.values()
    assert suggestion.score == 1.0 and len(suggestion.terms) == 1


def test_english_hyphen_variant(law_codebook):
    result = coded(law_codebook, ["The e government portal and the e-government law."], language="en")
    assert len(result[("s:1", "city")].matched) == 2


VERBS = """\
name: Verbs
framework: {name: V, dimensions: [people, money]}
codes:
  - id: people
    kind: dimension
    label: {id: Warga, en: People}
    definition: Taking part.
    keywords: {en: [participation, engagement, digitalisation, documentation]}
  - id: money
    kind: dimension
    label: {id: Dana, en: Money}
    definition: Funds.
    keywords: {en: [allocation, payment, implementation, management]}
"""


@pytest.mark.parametrize("text, codes", [
    ("Residents participated in every forum.", {"people"}),      # participation: participate
    ("Funds were allocated late.", {"money"}),                    # allocation: allocate
    ("We engaged the youth groups early.", {"people"}),          # engagement: engage
    ("The office digitalised its forms.", {"people"}),           # digitalisation: digitalise
    ("Citizens' participation was low.", {"people"}),            # the noun itself still counts
    ("We pay at the counter.", set()),                            # payment: pay is too short a stem
    ("The station was closed.", set()),
    ("I sent her the document by email.", set()),                # documentation: no "document"
    ("The plan was implemented in March.", {"money"}),           # implementation: implement
    ("I managed to get her logged on.", set()),                  # management: no "managed to"
    ("The organization digitalized its forms.", {"people"}),     # British term, American text
])
def test_an_english_noun_term_is_also_said_with_its_verb(tmp_path, text, codes):
    path = tmp_path / "verbs.yaml"
    path.write_text(VERBS, encoding="utf-8")
    found = {code for (_, code) in coded(load_codebook(path), [text], language="en")}
    assert found == codes


PASSIVES = """\
name: Passives
framework: {name: P, dimensions: [cuts, people, access]}
codes:
  - id: cuts
    kind: dimension
    label: {id: Pemangkasan, en: Cuts}
    keywords: {id: [anggaran dipangkas]}
  - id: people
    kind: dimension
    label: {id: Warga, en: People}
    keywords: {id: [warga dilibatkan]}
  - id: access
    kind: dimension
    label: {id: Akses, en: Access}
    keywords: {id: [bisa diakses, kepala dinas]}
"""


@pytest.mark.parametrize("text, codes", [
    ("Anggarannya dipangkas lagi tahun ini.", {"cuts"}),         # the term as written
    ("DPRD memangkas anggaran untuk aplikasi.", {"cuts"}),        # active: verb first
    ("Pemangkasan anggaran membuat pelatihan ditiadakan.", {"cuts"}),  # the verb's noun
    ("Kami selalu melibatkan warga sejak awal.", {"people"}),
    ("Akses bisa dibuka kapan saja.", set()),                     # bisa diakses: no noun, kept as is
    ("Dinas kepala sekolah", set()),                              # kepala dinas: no passive verb
])
def test_an_indonesian_passive_term_is_also_said_verb_first(tmp_path, text, codes):
    from qualcode.condense.autocode import CodebookMatcher
    from qualcode.condense.nlp import pipeline

    path = tmp_path / "passives.yaml"
    path.write_text(PASSIVES, encoding="utf-8")
    codebook = load_codebook(path)
    found = {code for (_, code) in coded(codebook, [text], language="id")}
    assert found == codes
    # `code suggest`'s matcher agrees
    nlp = pipeline("id")
    assert {c.code_id for c in CodebookMatcher(codebook, nlp).suggest(nlp(text), "s:1", 1.0)} == codes


def test_default_threshold_is_the_config_default():
    from qualcode.condense.autocode import DEFAULT_THRESHOLD
    from qualcode.project import DEFAULT_THRESHOLD as CONFIG_DEFAULT

    assert DEFAULT_THRESHOLD == CONFIG_DEFAULT


def test_setting_up_ahead_leaves_the_matcher_nothing_to_tokenise(codebook):
    """`prepare_coding` (run while another process ingests) tokenises every text building the
    matcher asks for, the terms' other spellings included: that build is left no spaCy work."""
    from qualcode.condense import nlp
    from qualcode.condense.bulk_coding import LanguageCoder
    from qualcode.condense.learn_ahead import prepare_coding

    nlp.pipeline.cache_clear()  # memos that know nothing yet
    for language in ("id", "en"):
        prepare_coding(codebook, language)
        tokenizer = nlp.chunk_tokenizer(nlp.pipeline(language, None))
        learned = len(tokenizer.learned)
        coder = LanguageCoder(language, codebook, lambda language: nlp.pipeline(language, None), None, None)
        assert coder.matcher.index.patterns
        assert len(tokenizer.learned) == learned, language


def test_the_parent_skips_the_first_group_only_when_its_memo_knows_it(codebook):
    from qualcode.condense import coding_workers, nlp
    from qualcode.condense.bulk_coding import LanguageCoder, Piece
    from qualcode.condense.learn_ahead import learn_ahead

    texts = ["Wonogiri kirim surat edaran soal Ngadirojo.", "Kecamatan Ngadirojo siap, kata camatnya."]
    group = [Piece("id", tuple(Segment("s", k, 0, len(t), t) for k, t in enumerate(texts)))]
    coders = {"id": LanguageCoder("id", codebook, lambda language: nlp.pipeline(language, None), None, None)}
    assert not coding_workers.memo_knows(group, coders)
    learn_ahead("id", None, texts)
    assert coding_workers.memo_knows(group, coders)


@pytest.fixture(scope="module")
def shipped():
    from pathlib import Path

    return load_codebook(Path(__file__).resolve().parents[1] / "codebooks" / "smart-city.yaml")


@pytest.mark.parametrize("text, code", [
    ("Tiap pagi saya buka aplikasinya dulu, baru lihat dashboard.", "transparency-accountability"),
    ("Warung ini saya buka tahun lalu.", "transparency-accountability"),
    ("Kota ini terbuka terhadap ilmu pengetahuan dan teknologi.", "transparency-accountability"),
    ("Semoga penelitiannya lancar, Mas.", "academia"),
    ("Petugas harus teliti waktu memeriksa berkas.", "academia"),
    ("Saya sudah berusaha sekuat tenaga.", "supporting-factor"),
    ("Ringkasan rapatnya nanti saya kirim.", "service-speed-ease"),
    ("Terima kasih sudah meluangkan waktu, Bu.", "supporting-factor"),
    ("Saya percaya programnya bisa jalan.", "citizen-satisfaction"),
    ("Kami menjaring aspirasi lewat alat survei di balai RW.", "hardware"),
    ("Brosurnya tidak dibagikan ke warga.", "budget-constraints"),          # not 'tidak kebagian'
    ("Dengan biaya minim kami bisa membangun jaringan.", "inhibiting-factor"),  # a low cost
])
def test_everyday_words_do_not_reach_the_shipped_codes(shipped, text, code):
    """A root's everyday sense (buka 'open an app', teliti 'careful', kuat 'strong') is not
    the sense the shipped codebook's derived terms name."""
    assert code not in {code_id for _, code_id in coded(shipped, [text])}


@pytest.mark.parametrize("text, code", [
    ("Nilai kontrak proyek itu tidak pernah dibuka ke publik.", "transparency-accountability"),
    ("Hasil lelang diumumkan secara terbuka di website.", "transparency-accountability"),
    ("Keterbukaan informasinya sudah jauh lebih baik.", "transparency-accountability"),
    ("Kami kerja sama penelitian dengan universitas.", "academia"),
    ("Kekuatan kota ini ada di SDM-nya.", "supporting-factor"),
    ("Berkat dukungan DPRD, programnya tetap jalan.", "supporting-factor"),
    ("Kota kami berpeluang jadi percontohan.", "supporting-factor"),
    ("Kepercayaan masyarakat turun sejak aplikasinya sering error.", "citizen-satisfaction"),
    # a shortage said after its noun
    ("SDM kami masih minim untuk mengelola aplikasi.", "inhibiting-factor"),
    ("Partisipasi warga masih rendah.", "inhibiting-factor"),
    ("Anggarannya masih kurang untuk pemeliharaan.", "budget-constraints"),
    ("Kelurahan kami tidak kebagian anggaran tahun ini.", "budget-constraints"),
    # exclusion from participation is an obstacle
    ("Warga tidak pernah dilibatkan dalam perencanaan.", "inhibiting-factor"),
    ("Perempuan dan difabel kurang terwakili di musrenbang.", "inhibiting-factor"),
])
def test_the_shipped_codes_still_take_their_own_words(shipped, text, code):
    assert code in {code_id for _, code_id in coded(shipped, [text])}


@pytest.mark.parametrize("text, code", [
    ("Citizen participation remains low.", "inhibiting-factor"),
    ("Our IT staff is still limited.", "inhibiting-factor"),
    ("The budget was limited that year.", "budget-constraints"),
    ("Young people and women are underrepresented.", "inhibiting-factor"),
    ("We were never consulted about the app.", "inhibiting-factor"),
])
def test_an_english_shortage_said_after_its_noun_is_an_obstacle(shipped, text, code):
    assert code in {code_id for _, code_id in coded(shipped, [text], language="en")}


def test_an_everyday_english_help_is_not_a_supporting_factor(shipped):
    result = coded(shipped, ["Is there anything else I can help you with?",
                             "Thanks to the mayor's backing, the programme survived."], language="en")
    assert ("s:1", "supporting-factor") not in result
    assert ("s:2", "supporting-factor") in result


def test_everyday_english_does_not_reach_the_shipped_codes(shipped):
    result = coded(shipped, ["Press the green button and the complaint goes in.",
                             "The rollout is on track.",
                             "The mayor took a firm stand on it.",
                             "The press wrote about the outage for a week."], language="en")
    assert ("s:1", "media") not in result
    assert ("s:2", "transparency-accountability") not in result
    assert ("s:3", "private-sector") not in result
    assert ("s:4", "media") in result


def test_a_word_the_lookup_table_gives_another_words_lemma_keeps_its_own(shipped):
    """The table makes "media" "medium": a medium-term plan was coded as media."""
    result = coded(shipped, ["We wrote a medium-term financial plan for the next five years.",
                             "The local media covered the launch."], language="en")
    assert ("s:1", "media") not in result and ("s:2", "media") in result


def test_the_discourse_marker_well_is_no_good(shipped):
    """The table makes "well" "good": "Well, formally …" met the supporting factor's `good`."""
    from qualcode.condense.nlp import pipeline

    english = pipeline("en")
    assert [t.lemma_ for t in english("Well, better, best, worse")] == ["well", ",", "good", ",", "good", ",", "bad"]
    result = coded(shipped, ["Well, formally the university is involved, and colleagues have helped a lot."],
                   language="en")
    assert ("s:1", "supporting-factor") not in result


@pytest.mark.parametrize("text, code", [
    ("Jadi warga akhirnya ngadu ke dewan.", "complaint-channels"),
    ("Banyak warga nggak puas sama layanannya.", "citizen-satisfaction"),
    ("Aplikasinya gak berfungsi dua hari.", "inhibiting-factor"),
    # being consulted, or not, is participation; `nanya` is tanya, a verb spaCy lists as a stop word
    ("Kami nggak pernah ditanya pendapatnya soal aplikasi itu.", "community-participation"),
    ("Baru sekali ini ada yang nanya warga, Mbak.", "community-participation"),
    ("Sejak itu warga dilibatkan dari awal perencanaan.", "community-participation"),
])
def test_spoken_indonesian_meets_the_shipped_terms(shipped, text, code):
    assert code in {code_id for _, code_id in coded(shipped, [text])}


def test_a_term_inside_a_longer_term_of_the_same_code_adds_nothing(tmp_path):
    """`belum` inside `belum ada` is one expression, one piece of evidence: "Belum ada
    jadwalnya" does not reach a threshold the two context terms would reach together."""
    from qualcode.codebook import load_codebook
    from qualcode.condense.autocode import auto_code
    from qualcode.model import Segment, Source

    path = tmp_path / "codebook.yaml"
    path.write_text(
        "name: t\nversion: 1\ncodes:\n"
        "  - id: delay\n    kind: dimension\n    label: Delay\n    definition: not yet done\n"
        "    keywords: {id: []}\n    context: {id: [belum, belum ada, jadwal]}\n", encoding="utf-8")
    codebook = load_codebook(path)
    texts = ["Belum ada kepastian.", "Belum ada jadwalnya."]
    sources = [Source(f"s{k}", f"s{k}", "", text, "interview", "id", None, None, {},
                      (Segment(f"s{k}", 1, 0, len(text), text),)) for k, text in enumerate(texts)]
    coded = {c.segment_id: c for c in auto_code(sources, codebook, 1.0)}
    assert list(coded) == ["s1:1"]  # belum ada 0.5 + jadwal 0.5, not belum 0.5 + belum ada 0.5
    assert [m.term for m in coded["s1:1"].matched] == ["belum ada", "jadwal"]


@pytest.mark.parametrize("british, american", [
    ("organisational", "organizational"), ("prioritise", "prioritize"), ("prioritised", "prioritizing"),
    ("analysed", "analyzed"), ("behaviour", "behavior"), ("programme", "program"), ("centre", "center"),
    ("paediatric", "pediatric"), ("anaemia", "anemia"), ("sceptical", "skeptical"), ("colours", "color"),
    ("tyres", "tires"), ("trainings", "training"),
])
def test_british_and_american_spellings_are_one_lemma(british, american):
    from qualcode.condense.nlp import pipeline

    english = pipeline("en")
    assert english(british)[0].lemma_ == english(american)[0].lemma_


@pytest.mark.parametrize("word", ["hour", "four", "your", "advise", "exercise", "wise", "tired"])
def test_words_spelt_alike_everywhere_keep_their_lemma(word):
    from qualcode.condense.nlp import pipeline

    assert pipeline("en")(word)[0].lemma_ == word
