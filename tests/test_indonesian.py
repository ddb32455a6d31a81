"""Indonesian lemma rules: clitics, possessives, reduplication and affixes meet their base."""

import pytest

from qualcode.condense.nlp import pipeline


@pytest.fixture(scope="module")
def lemma():
    nlp = pipeline("id")
    return lambda word: nlp(word)[0].lemma_


@pytest.mark.parametrize("inflected, base", [
    ("anggarannya", "anggaran"),
    ("Anggarannya", "anggaran"),
    ("penganggaran", "anggaran"),
    ("dianggarkan", "anggaran"),
    ("berpartisipasi", "partisipasi"),
    ("partisipasinya", "partisipasi"),
    ("mendukung", "dukung"),
    ("dukungannya", "dukung"),
    ("kebijakan-kebijakan", "kebijakan"),
    ("Kebijakan", "kebijakan"),
    ("pelatihannya", "pelatihan"),
    ("aplikasinya", "aplikasi"),
    ("diintegrasikan", "integrasi"),
    ("terintegrasi", "integrasi"),
    ("keberlanjutannya", "keberlanjutan"),
    ("menyusun", "susun"),
    ("memakai", "pakai"),
    ("anggaranlah", "anggaran"),
    ("anggaranpun", "anggaran"),
    ("rumahku", "rumah"),
    ("bukumu", "buku"),
    ("kemitraan", "mitra"),
])
def test_inflected_forms_share_the_lemma_of_their_base(lemma, inflected, base):
    assert lemma(inflected) == lemma(base)


def test_unknown_words_are_lowercased_not_mangled(lemma):
    assert lemma("SUWAS") == "suwas"
    assert lemma("Sumberasri") == "sumberasri"


def test_english_lemmas_are_case_insensitive():
    nlp = pipeline("en")
    assert [t.lemma_ for t in nlp("Budgets Regulations trained")] == ["budget", "regulation", "train"]


# --- reduplication ------------------------------------------------------------------------
# A reduplicated word meets its base: plural, variety and manner do not change the topic.
@pytest.mark.parametrize("reduplicated, base", [
    ("kebijakan-kebijakan", "kebijakan"),     # full
    ("Dinas-dinas", "dinas"),
    ("OPD-OPD", "OPD"),                       # an acronym, split by the tokenizer and joined again
    ("anak-anaknya", "anak"),                 # with a clitic on the second part
    ("kebijakan-kebijakannya", "kebijakan"),
    ("bermacam-macam", "macam"),              # prefix on the first part
    ("berminggu-minggu", "minggu"),
    ("berbeda-beda", "beda"),
    ("sebaik-baiknya", "baik"),               # se-…-nya
    ("setinggi-tingginya", "tinggi"),
    ("secepat-cepatnya", "cepat"),
    ("tolong-menolong", "tolong"),            # reciprocal: meN- on the second part
    ("pukul-memukul", "pukul"),
    ("sayur-mayur", "sayur"),                 # rhyming: the first part carries the meaning
    ("lauk-pauk", "lauk"),
])
def test_reduplication_meets_its_base(lemma, reduplicated, base):
    assert lemma(reduplicated) == lemma(base)


# Lexicalised reduplications mean something else than their base, and keep their own lemma;
# affixes around the pair do not change that.
@pytest.mark.parametrize("form, lexeme", [
    ("undang-undang", "undang-undang"),
    ("Undang-Undang", "undang-undang"),
    ("undang-undangnya", "undang-undang"),
    ("perundang-undangan", "undang-undang"),  # per-…-an around the pair: legislation
    ("rata-rata", "rata-rata"),
    ("rata-ratanya", "rata-rata"),            # split by the tokenizer, joined again
    ("mata-mata", "mata-mata"),
    ("memata-matai", "mata-mata"),
])
def test_lexicalised_reduplication_keeps_its_own_lemma(lemma, form, lexeme):
    assert lemma(form) == lexeme


@pytest.mark.parametrize("word, other", [
    ("undang-undang", "diundang"),    # law ≠ invited
    ("undang-undang", "undang"),
    ("undang-undang", "undangan"),    # law ≠ invitation
    ("perundang-undangan", "mengundang"),
    ("rata-rata", "pemerataan"),      # average ≠ equal distribution
    ("mata-mata", "mata"),            # spy ≠ eye
    ("oleh-oleh", "oleh"),            # souvenir ≠ by: a function word doubled stays whole
    ("agar-agar", "agar"),            # jelly ≠ so that
    ("real-time", "real"),            # a hyphenated compound is not cut to its first part
    ("gotong-royong", "gotong"),
])
def test_reduplication_is_not_conflated_with_a_different_word(lemma, word, other):
    assert lemma(word) != lemma(other)


@pytest.mark.parametrize("text, tokens", [
    ("e-KTP", ["e", "-", "KTP"]),             # compounds stay apart: their parts are terms
    ("smart-city", ["smart", "-", "city"]),
    ("Covid-19", ["Covid", "-", "19"]),
    ("rata-ratanya naik", ["rata-ratanya", "naik"]),
    ("anak-anaknya", ["anak-anaknya"]),
])
def test_only_reduplications_are_joined_into_one_token(text, tokens):
    assert [t.text for t in pipeline("id")(text)] == tokens


@pytest.mark.parametrize("head, tail, bases", [
    ("kebijakan", "kebijakan", ["kebijakan"]),
    ("bermacam", "macam", ["macam"]),
    ("sebaik", "baiknya", ["baik"]),
    ("perundang", "undangan", ["undang"]),
    ("memata", "matai", ["mata"]),
    ("sayur", "mayur", []),           # rhyming, not repeated
    ("smart", "city", []),
    ("ab", "ab", []),                 # too short to be a base
])
def test_repeated_bases(head, tail, bases):
    from qualcode.condense.reduplication import repeated_bases

    assert repeated_bases(head, tail) == bases


@pytest.mark.parametrize("word, guarded", [
    ("media", "dia"),     # a loanword is not me- + dia
    ("tapi", "tap"),      # a function word is not tap + -i
])
def test_function_words_are_never_the_result_of_stripping(lemma, word, guarded):
    assert lemma(word) != guarded


# --- derivations whose meaning drifted from their root ---------------------------------
@pytest.mark.parametrize("derived, root", [
    ("kebijakan", "bijak"),          # policy / wise
    ("keberatan", "berat"),          # objection / heavy
    ("penghargaan", "harga"),        # award / price
    ("pemerintah", "perintah"),      # government / order
    ("pendapatan", "dapat"),         # income / can
    ("pendapat", "pendapatan"),      # opinion / income
    ("penduduk", "duduk"),           # resident / sit
    ("perangkat", "diangkat"),       # device / appointed
    ("pengadaan", "ada"),            # procurement / there is
    ("keterbukaan", "buka"),         # transparency / open (a shop)
    ("persetujuan", "tujuan"),       # approval / goal
    ("pengetahuan", "tahu"),         # knowledge / know
    ("bersama", "sama"),             # together / same
    ("keberhasilan", "hasil"),       # success / result
    ("telat", "lat"),                # late: not te- + lat
    ("balai", "bala"),               # a hall (balai desa) / a calamity
    ("timbangan", "ditimbang"),      # a scale / weighed
    ("gantian", "ganti-ganti"),      # in turns / changed again and again
    ("keberlanjutan", "lanjut"),     # sustainability / go on, further (lebih lanjut)
    ("berkelanjutan", "melanjutkan"),  # sustainable / to continue
    ("selanjutnya", "lanjut"),       # next, furthermore / go on
    ("pengusaha", "usaha"),          # entrepreneur / effort
    ("kekurangan", "kurang"),        # shortage / less, not very (kurang tahu)
    ("pelembagaan", "lembaga"),      # institutionalisation / an agency
    ("mudah-mudahan", "mudah"),      # hopefully / easy
    ("terbuka", "dibuka"),           # open, transparent / opened (a shop, a meeting)
    ("kekuatan", "sekuat"),          # strength / as strong as (sekuat tenaga)
    ("ringkasan", "ringkas"),        # summary / concise
    ("penelitian", "teliti"),        # research / careful
    ("peluang", "meluangkan"),       # opportunity / to make (time)
    ("perawatan", "perawat"),        # maintenance / nurse
    ("pemilu", "pilu"),              # election (an acronym) / sad
    ("perwali", "wali"),             # the mayor's regulation (an acronym) / guardian, the mayor (pak wali)
    ("perkada", "kada"),             # the region head's regulation (an acronym)
    ("jaringan", "menjaring"),       # network / to gather (menjaring aspirasi)
    ("pegawai", "gawai"),            # employee / gadget
    ("pemanfaatan", "bermanfaat"),   # utilisation / beneficial
    ("memanfaatkan", "manfaatnya"),  # to use / its benefit
    ("kelebihan", "lebih"),          # strength, advantage / more
    ("unggulan", "keunggulan"),      # flagship (program unggulan) / excellence
    ("keahlian", "ahli"),            # expertise / expert, a civil-service rank (ahli muda)
    ("kecamatan", "camat"),          # district / its head
    ("kelurahan", "lurah"),          # urban village / its head
    ("pengaduan", "adu"),            # complaint / pit against (adu mulut: a quarrel)
    ("mengadukan", "aduk"),          # to complain of / to stir (the table's cut)
    ("terbatas", "batas"),           # limited / a border (batas wilayah)
    ("keterbatasan", "perbatasan"),  # limitation / a border region
    ("anggaran", "anggar"),          # budget / fencing
    ("kebagian", "dibagikan"),       # got a share (tidak kebagian anggaran) / handed out
])
def test_a_lexicalised_derivation_does_not_meet_its_root(lemma, derived, root):
    assert lemma(derived) != lemma(root)


@pytest.mark.parametrize("form, head", [
    ("kebijakannya", "kebijakan"),
    ("Kebijakan-kebijakan", "kebijakan"),
    ("pemerintahan", "pemerintah"),
    ("pemerintahannya", "pemerintah"),
    ("menyetujui", "setuju"),
    ("disetujui", "persetujuan"),
    ("keberhasilannya", "berhasil"),
    ("kebersamaan", "bersama"),
    ("bersama-sama", "bersama"),
    ("menghargai", "penghargaan"),
    ("kependudukan", "penduduk"),
    ("berkelanjutannya", "keberlanjutan"),
    ("dilembagakan", "pelembagaan"),
    ("Mudah-mudahan", "mudah-mudahan"),
    ("peneliti", "penelitian"),
    ("diteliti", "penelitian"),
    ("penelitiannya", "meneliti"),
    ("kekuatannya", "kekuatan"),
    ("berpeluang", "peluang"),       # the lookup table cut peluang to luang but not berpeluang
    ("dimanfaatkan", "pemanfaatan"),
    ("pemanfaatannya", "memanfaatkan"),
    ("pengaduannya", "aduan"), ("mengadukan", "pengaduan"),
    ("keterbatasannya", "terbatas"), ("dibatasi", "terbatas"),
    ("penganggaran", "anggaran"), ("dianggarkan", "anggarannya"),
    ("perwalinya", "perwali"), ("raperwali", "perwali"),
])
def test_a_lexicalised_derivation_still_meets_its_own_forms(lemma, form, head):
    assert lemma(form) == lemma(head)


def test_a_derivation_keyword_does_not_fire_on_its_root(tmp_path):
    """`keterbukaan` (transparency) must not code 'saya buka warung' (I opened a stall)."""
    from qualcode.codebook import load_codebook
    from qualcode.condense.autocode import auto_code
    from qualcode.model import Segment, Source

    path = tmp_path / "codebook.yaml"
    path.write_text(
        "name: t\nversion: 1\ncodes:\n"
        "  - id: transparency\n    kind: dimension\n    label: Transparency\n"
        "    definition: openness of government\n"
        "    keywords: {id: [keterbukaan, kebijakan]}\n", encoding="utf-8")
    codebook = load_codebook(path)
    texts = ["Warung ini saya buka tahun lalu, pembelinya bijak.",
             "Keterbukaan informasi dan kebijakannya jelas."]
    sources = [Source(f"s{k}", f"s{k}", "", text, "interview", "id", None, None, {},
                      (Segment(f"s{k}", 1, 0, len(text), text),)) for k, text in enumerate(texts)]
    coded = {c.segment_id for c in auto_code(sources, codebook, 1.0)}
    assert coded == {"s1:1"}


# --- spoken Indonesian ----------------------------------------------------------------
@pytest.mark.parametrize("spoken, written", [
    ("nggak", "tidak"), ("gak", "tidak"), ("enggak", "tidak"), ("ndak", "tidak"), ("tak", "tidak"),
    ("ngadu", "mengadu"),            # ng- for meN- on a vowel
    ("ngurusnya", "mengurus"),       # and a clitic
    ("ngeluh", "mengeluh"),          # ng- that swallowed k
    ("nyusun", "menyusun"),          # ny- that swallowed s
    ("nyari", "mencari"),            # ny- that swallowed c
    ("mantau", "memantau"),          # m- that swallowed p
    ("nunggu", "menunggu"),          # n- that swallowed t
    ("ngecek", "dicek"),             # nge- on a short root (the table cuts mengecek to kecek)
    ("laporin", "melaporkan"),       # -in for -kan
    ("dilaporin", "dilaporkan"),
    ("nganggarin", "menganggarkan"),
])
def test_a_spoken_form_meets_its_written_form(lemma, spoken, written):
    assert lemma(spoken) == lemma(written)


@pytest.mark.parametrize("word", ["makan", "nama", "minta", "nomor", "nyaman", "mantan", "mas", "nih"])
def test_a_written_word_is_not_read_as_a_spoken_form(lemma, word):
    """m- for p-, n- for t-, ny- for s-: only for a word the table does not know itself, and
    a one-letter prefix only on a word of five letters or more (`mas` 'brother' is not `pas`)."""
    assert lemma(word) == word


def test_a_spoken_function_word_is_left_whole(lemma):
    assert lemma("ngapain") == "ngapain"  # ng- + apa + -in, not the word kapa


@pytest.mark.parametrize("word, lemma", [
    ("dilanjutkan", "lanjut"), ("dilanjutin", "lanjut"), ("dijelaskan", "jelas"), ("disamakan", "sama"),
    # these derivations are listed now, apart from the filler and the adverb (terus 'then',
    # tetap 'still'): their confixes still lead to them, spoken or written
    ("diteruskan", "meneruskan"), ("diterusin", "meneruskan"), ("ditetapkan", "penetapan"),
    ("ketidakmampuan", "mampu"), ("ketidakpuasan", "puas"), ("ketidakjelasan", "jelas"),
])
def test_confixes_of_content_words_on_spacys_stop_list_and_negated_nouns(word, lemma):
    """spaCy's Indonesian stop list holds content words (terus, lanjut, mampu, jelas): a
    prefix and a suffix taken off both still lead to them."""
    assert pipeline("id")(word)[0].lemma_ == lemma


@pytest.mark.parametrize("word", ["kepada", "ngapain", "media"])
def test_function_words_still_take_no_affix_rules(word):
    assert pipeline("id")(word)[0].lemma_ not in ("pada", "apa", "dia")


@pytest.mark.parametrize("function_word, content_word", [
    ("sebelum", "belum"),            # before / not yet (an inhibiting factor's keyword)
    ("sebelumnya", "belum"),
    ("setelah", "telah"),            # after / already
    ("sesudahnya", "sudah"),
    ("selama", "lama"),              # during, "selama ini" / a long wait
    ("setidaknya", "tidak"),         # at least / not
    ("sekurang-kurangnya", "kurang"),  # at least / lacking
    ("maupun", "kemauan"),           # or / will (kemauan politik)
    ("secara", "cara"),              # in a manner / a way (cara lama)
    ("terhadap", "menghadapi"),      # towards / to face
    ("berikutnya", "ikut"),          # next / take part (ikut serta)
    ("menurut", "turut"),            # according to / take part (turut serta)
])
def test_a_function_word_does_not_meet_the_content_word_the_table_cuts_it_to(
        lemma, function_word, content_word):
    assert lemma(function_word) != lemma(content_word)


@pytest.mark.parametrize("word, other", [
    ("tahu", "memberi"),             # the table files tahu 'know' under beri 'give'
    ("berikan", "perikanan"),        # and berikan 'give!' under ikan 'fish'
    ("diberikannya", "ikan"),
    ("lumayan", "lumbago"),          # and lumayan 'fair enough' under a back pain
])
def test_the_lookup_tables_slips_are_mended(lemma, word, other):
    assert lemma(word) != lemma(other)


@pytest.mark.parametrize("passive, active", [
    ("diberikan", "memberikan"), ("digunakan", "menggunakan"), ("diminta", "meminta"),
    ("disampaikan", "menyampaikan"), ("dilakukan", "melakukan"), ("diketahui", "mengetahui"),
    ("ditanya", "bertanya"), ("diperlukan", "memerlukan"), ("dijelaskannya", "menjelaskan"),
])
def test_a_passive_on_spacys_stop_list_meets_its_active_form(lemma, passive, active):
    assert lemma(passive) == lemma(active)


@pytest.mark.parametrize("word, pronoun", [("dialah", "dia"), ("dirinya", "diri")])
def test_a_pronoun_with_a_clitic_is_no_passive(lemma, word, pronoun):
    """di- here is no passive prefix: `dialah` is dia + -lah, not di- + alah 'defeat'."""
    assert lemma(word) == pronoun


@pytest.mark.parametrize("word, root", [
    ("masalahnya", "masalah"), ("jumlahnya", "jumlah"), ("jelaskan", "jelas"), ("sampaikan", "sampai"),
    ("waktunya", "waktu"), ("pentingnya", "penting"), ("pihaknya", "pihak"), ("caranya", "cara"),
    ("Masalahnya", "masalah"),
])
def test_a_stop_listed_word_with_a_clitic_or_kan_meets_its_root(lemma, word, root):
    """spaCy's stop list holds content words under a clitic or -kan: "Masalahnya di data" is
    about a problem, as "masalah di data" is."""
    assert lemma(word) == root


@pytest.mark.parametrize("word", ["adalah", "sekalipun", "tapi", "hanya", "punya",
                                  "soalnya", "tentunya", "umumnya", "katanya", "misalnya"])
def test_a_function_word_that_looks_affixed_stays_itself(lemma, word):
    """A sentence adverb with -nya says how something is said: "soalnya" 'because' must not
    meet a codebook's `persoalan`, nor "tentunya" 'of course' its `ketentuan`."""
    assert lemma(word) == word


def test_sebelum_does_not_code_a_keyword_belum(tmp_path):
    """A weak keyword `belum` (not yet) must not fire on `sebelum` (before)."""
    from qualcode.codebook import load_codebook
    from qualcode.condense.autocode import auto_code
    from qualcode.model import Segment, Source

    path = tmp_path / "codebook.yaml"
    path.write_text(
        "name: t\nversion: 1\ncodes:\n"
        "  - id: delay\n    kind: dimension\n    label: Delay\n"
        "    definition: something not done yet\n"
        "    keywords: {id: [belum]}\n", encoding="utf-8")
    codebook = load_codebook(path)
    texts = ["Sebelum rapat kami makan siang, sebelumnya sudah disiapkan.",
             "Aplikasinya belum jalan."]
    sources = [Source(f"s{k}", f"s{k}", "", text, "interview", "id", None, None, {},
                      (Segment(f"s{k}", 1, 0, len(text), text),)) for k, text in enumerate(texts)]
    coded = {c.segment_id for c in auto_code(sources, codebook, 1.0)}
    assert coded == {"s1:1"}



@pytest.mark.parametrize("derived, other", [
    ("ketik", "tik"),                # type / TIK (information technology)
    ("pengajian", "kajian"),         # a Quran study group / research
    ("pengawasan", "awas"),          # oversight / watch out!
    ("ditetapkan", "tetap"),         # enacted / still
    ("diteruskan", "terus"),         # passed on, continued / then (a filler)
    ("meningkatkan", "tingkat"),     # to raise / a level (tingkat kota)
    ("mati-matian", "mati"),         # all-out / dead, down
])
def test_a_derivation_apart_from_a_common_word_of_its_root(lemma, derived, other):
    assert lemma(derived) != lemma(other)


@pytest.mark.parametrize("spoken, written", [
    ("tetep", "tetap"), ("cepet", "cepat"), ("temennya", "teman"), ("dateng", "datang"),
    ("dapet", "dapat"), ("rame", "ramai"), ("sampe", "sampai"), ("dibales", "dibalas"),
    ("dipake", "dipakai"), ("pinter", "pintar"),
    ("udah", "sudah"), ("aja", "saja"), ("kalo", "kalau"), ("bikin", "membuat"), ("dibikin", "dibuat"),
    ("ngalah", "mengalah"),          # ng- + kalah, not nga + -lah
    ("ngecek", "mengecek"),          # the table files mengecek under kecek
    ("ngaji", "pengajian"), ("nerusin", "diteruskan"), ("ningkatin", "peningkatan"),
    ("nyariin", "mencarikan"),       # ny- of a c-root: not menyarikan (sari 'essence')
    ("nyiapin", "menyiapkan"),       # ny- of an s-root on spaCy's stop list: not ciap 'chirp'
    ("nelpon", "menelepon"), ("ditelpon", "ditelepon"),  # the spoken spelling telpon
])
def test_a_spoken_form_meets_its_written_form_by_vowel_or_word(lemma, spoken, written):
    assert lemma(spoken) == lemma(written)


@pytest.mark.parametrize("word", ["tempe", "kafe", "ngapain"])
def test_a_word_no_rule_explains_is_not_read_as_another(lemma, word):
    """`tempe` is no tempai (which the suffix rule cuts to tempa 'forge')."""
    assert lemma(word) == word


@pytest.mark.parametrize("form, base", [
    # plurals of nouns spaCy lists as stop words (a doubled function word keeps its own meaning)
    ("masalah-masalah", "masalah"), ("Masalah-masalah", "masalah"), ("pihak-pihak", "pihak"),
    ("kasus-kasus", "kasus"), ("hal-hal", "hal"),
    # a root ending like a particle, under a prefix: ber- + masalah, not bermasa + -lah
    ("bermasalah", "masalah"), ("bersalah", "salah"), ("permasalahannya", "masalah"),
    # two-word roots under a confix, as the table has them under others
    ("disalahgunakan", "salah guna"), ("menyalahgunakan", "salah guna"),
    ("dipertanggungjawabkan", "tanggung jawab"), ("pertanggungjawaban", "tanggung jawab"),
    # English inflections in an Indonesian turn ("udah audited", "kondisinya improved")
    ("audited", "audit"), ("improved", "improve"), ("budgets", "budget"), ("reports", "report"),
])
def test_forms_a_walkthrough_found_missing_meet_their_base(lemma, form, base):
    assert lemma(form) == base


@pytest.mark.parametrize("word", ["berkah", "apa-apa", "oleh-oleh", "sama-sama", "sekolah", "data", "program"])
def test_words_that_look_like_those_forms_keep_their_own_lemma(lemma, word):
    # berkah 'blessing' is no ber + -kah (it came out "ber"); doubled function words and
    # Indonesian words the English table does not list as inflected stay themselves
    assert lemma(word) == word
