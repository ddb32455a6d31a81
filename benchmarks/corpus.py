"""A deterministic synthetic corpus for the performance harness (not part of the test run).

    python -m benchmarks.corpus DIR [--words 1000000] [--seed 7]

makes a qualcode project in DIR (with `qualcode.workflow.init_project`) and writes about
`--words` words of transcripts into DIR/transcripts. The same words and seed give the same
bytes on every machine.

What the text looks like, and why:

- Sources are about 80 % Indonesian and 20 % English (drawn per source, by words).
  Three kinds: interviews with speaker turns (`Pewawancara:` / `Informan:`, or
  `Interviewer:` / `Respondent:`), long documents (paragraphs), and short citizen
  messages of 40–250 words (the e-complaint case: many small sources). Every file has
  YAML front matter (case, role, source_type, language, …).
- Tokens are a mix, drawn by Zipf-like weights: stop words of spaCy's `id` / `en`
  lists (the most frequent function words first), a few hundred plain words listed
  below, numbers, and a tail of rare pseudo-words (names, places, typos) that keeps
  the vocabulary growing with corpus size, as real text does (Heaps' law). About a
  third of Indonesian plain words are inflected (meN-, di-, peN-…-an, ke-…-an, ber-,
  -kan, -i, -an, -nya, -lah, -pun, reduplication) so the lemma rules do real work.
- Codebook terms (keywords, context terms, exclusion phrases of the project's
  codebook) fill about `TERM_SHARE` of all tokens, Zipf-weighted over the terms, mostly
  in the source's language with some code-switching, and Indonesian terms often carry
  clitics (`anggarannya`, `wali kotanya`, `kebijakan-kebijakan`). So the matcher finds
  something in most answers but not in every one: keyword density is realistic, not
  saturated.
"""

from __future__ import annotations

import argparse
import itertools
import random
from dataclasses import dataclass, field
from pathlib import Path

import yaml

TERM_SHARE = 0.03          # share of tokens that belong to a codebook term
RARE_SHARE = 0.012         # pseudo-words: names, places, typos
NUMBER_SHARE = 0.008
SWITCH_SHARE = 0.02        # plain words of the other language (code-switching)
STOP_SHARE = 0.45
ID_INFLECTED = 0.33        # share of Indonesian plain words that carry an affix or clitic
EN_INFLECTED = 0.25
TERM_OTHER_LANGUAGE = 0.15  # share of term draws taken from the other language's terms

KIND_SHARE = (("interview", 0.75), ("document", 0.10), ("message", 0.15))  # by words
MEAN_WORDS = {"interview": 3378, "document": 1700, "message": 145}  # of the draws below
ROLES = ("government", "community", "private", "academic", "legislature")

# Most frequent function words first; the rest of spaCy's list follows in seeded order.
TOP_STOP = {
    "id": "yang dan di itu ini ada ke dari dengan untuk tidak kami saya juga ya jadi kita sudah "
          "akan bisa dalam kalau mereka tapi pada karena sama lebih atau seperti masih harus "
          "banyak apa begitu semua memang kan sekarang lagi hanya baru belum pernah setiap".split(),
    "en": "the and to of a in that is we it i for they so you was on with but have be are not "
          "this there what at as all if about do from like just our can or would more when "
          "which were one people because been had some".split(),
}

# Plain Indonesian roots (nouns, verbs, adjectives) — everyday words, not codebook terms.
ID_WORDS = """
ambil antar atur bangun bantu baca bayar beli buat buka cari catat cetak coba dengar dorong
ganti hitung hubung ikut isi jaga jawab jual kirim kumpul kerja lihat lupa main masuk minta
mulai naik olah pakai pasang pikir pilih pindah rapat rusak simpan siap susun tanya tambah
tanam tata temu terima tulis tunggu turun ubah urus ukur uji undang unggah tolak tutup tarik
dapat datang duduk habis hapus ingat jemput kejar kenal kunjung lewat lepas letak masak pesan
potong putus rekam sapa sebut serah sewa tanggap tawar tekan tempel tentu tiru tonton tukar
air alamat anak angka bahan balai barang batas bulan buku desa foto gedung gambar hari harga
jalan jam jumlah kabar kamera kantor kartu kasus kertas kampung kecamatan kelurahan keluarga
kendaraan kopi kursi lahan lampu lantai layar lokasi makan malam meja minggu motor nama nomor
orang pagi pasar pintu pohon pulsa rumah ruang sampah sekolah siang sore surat sungai tanah
taman tempat toko tugas ujung wilayah warung gang parit selokan trotoar halte terminal parkir
antrean loket berkas map stempel tanda tangan formulir kuitansi pegawai petugas tetangga
teman atasan bawahan camat lurah sopir pedagang ojek angkot banjir macet genangan debu asap
listrik lubang got jembatan lapangan musala masjid posyandu puskesmas apotek bengkel kios
baik besar bersih cepat dekat jauh kecil kotor lama lambat mahal mudah murah panjang pendek
penting rumit ramai sepi sulit susah tinggi rendah lengkap jelas benar salah aman nyaman senang
sedih capek bingung marah kesal puas lega sibuk santai rajin malas pintar ribet gampang repot
""".split()

EN_WORDS = """
time year office street phone meeting problem question answer house school market family week
month morning evening work change help ask think know see start finish open close send write
read pay buy move wait call visit check print count try build fix plan list file paper photo
camera light road river park tree water bridge bus car station number name card room floor desk
chair door window table queue form letter stamp receipt staff neighbour friend driver trader
flood traffic dust smoke power hole drain field mosque clinic pharmacy shop stall garage ticket
good new big small fast slow easy hard clear long short high low cheap expensive busy quiet safe
tired happy angry glad simple strange usual late early real whole full empty
morning night weekend holiday lunch dinner coffee tea rice noodle chicken market price cost
child parent mother father brother sister wife husband uncle teacher student doctor nurse
""".split()

ID_ADJECTIVES = ID_WORDS[ID_WORDS.index("baik"):]
EN_ADJECTIVES = EN_WORDS[EN_WORDS.index("good"):EN_WORDS.index("morning", EN_WORDS.index("good"))]

FILLERS = {"id": ["eh", "ya", "hmm", "nah", "lho", "sih", "deh", "gitu"],
           "en": ["uh", "um", "well", "yeah", "okay", "right"]}
LABELS = {"id": ("Pewawancara", "Informan"), "en": ("Interviewer", "Respondent")}
ONSETS = "b c d g h j k l m n p r s t w y ng ny".split()
VOWELS = "a a a i i u u e o".split()


@dataclass
class CorpusInfo:
    folder: Path
    files: int = 0
    words: int = 0
    words_by_language: dict = field(default_factory=dict)
    words_by_kind: dict = field(default_factory=dict)
    term_tokens: int = 0
    seed: int = 0

    @property
    def term_share(self) -> float:
        return self.term_tokens / self.words if self.words else 0.0


# ------------------------------------------------------------------------------ vocabulary
def _nasal(prefix: str, root: str) -> str:
    """meN- / peN- with the usual assimilation (tulis → menulis, pakai → memakai, sapa → menyapa)."""
    head = root[0]
    if head in "aiueo" or head in "gh":
        return prefix + "ng" + root
    if head == "k":
        return prefix + "ng" + root[1:]
    if head == "p":
        return prefix + "m" + root[1:]
    if head in "bfv":
        return prefix + "m" + root
    if head == "t":
        return prefix + "n" + root[1:]
    if head in "dcjz":
        return prefix + "n" + root
    if head == "s":
        return prefix + "ny" + root[1:]
    return prefix + root


ID_FORMS = (
    (lambda r: r + "nya", 5), (lambda r: _nasal("me", r), 4), (lambda r: "di" + r, 3),
    (lambda r: "di" + r + "kan", 3), (lambda r: _nasal("me", r) + "kan", 3),
    (lambda r: _nasal("pe", r) + "an", 2), (lambda r: "ke" + r + "an", 2),
    (lambda r: r + "an", 3), (lambda r: "ber" + r, 2), (lambda r: r + "i", 1),
    (lambda r: "di" + r + "i", 1), (lambda r: r + "lah", 1), (lambda r: r + "pun", 1),
    (lambda r: r + "-" + r, 1), (lambda r: "ter" + r, 1), (lambda r: r + "annya", 1),
)
EN_FORMS = ((lambda w: w + "s", 4), (lambda w: (w[:-1] if w.endswith("e") else w) + "ing", 3),
            (lambda w: w + ("d" if w.endswith("e") else "ed"), 3))


def codebook_terms(path: Path) -> dict[str, list[str]]:
    """Every term of a codebook, by language, in file order (keywords, context, exclusions)."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    terms: dict[str, list[str]] = {"id": [], "en": []}
    for code in data.get("codes", []):
        for field_name in ("keywords", "context", "exclude_keywords"):
            for language, items in (code.get(field_name) or {}).items():
                for item in items or []:
                    text = str(item).strip()
                    if text and text not in terms.setdefault(language, []):
                        terms[language].append(text)
    return terms


def _zipf(n: int, exponent: float = 1.0) -> list[float]:
    return list(itertools.accumulate(1.0 / (rank ** exponent) for rank in range(1, n + 1)))


class Vocabulary:
    """Seeded word pools and cumulative weights for one language."""

    def __init__(self, language: str, terms: dict[str, list[str]], rng: random.Random):
        from spacy.lang.en.stop_words import STOP_WORDS as EN_STOP
        from spacy.lang.id.stop_words import STOP_WORDS as ID_STOP

        self.language = language
        other = "en" if language == "id" else "id"
        stop = sorted(w for w in (ID_STOP if language == "id" else EN_STOP) if w.isalpha())
        rest = [w for w in stop if w not in TOP_STOP[language]]
        rng.shuffle(rest)
        self.stop = TOP_STOP[language] + rest
        self.stop_draw = Draw(self.stop, _zipf(len(self.stop), 1.0), rng)
        single_terms = {t.lower() for ts in terms.values() for t in ts if " " not in t}
        # Shuffled before the codebook's terms are left out, so a codebook edit leaves the other
        # words' order (their Zipf ranks) and every later draw as they were: a word's frequency,
        # such as that of the keyword warm_recode adds, does not move with unrelated terms.
        plain = list(dict.fromkeys(ID_WORDS if language == "id" else EN_WORDS))
        rng.shuffle(plain)
        plain = [w for w in plain if w not in single_terms and w not in stop]
        self.plain = plain
        self.plain_draw = Draw(plain, _zipf(len(plain), 0.6), rng)
        self.adjectives = set(ID_ADJECTIVES if language == "id" else EN_ADJECTIVES)
        switch = [w for w in (EN_WORDS if language == "id" else ID_WORDS) if w not in single_terms]
        self.switch = sorted(set(switch))
        own = list(terms.get(language, []))
        foreign = list(terms.get(other, []))
        rng.shuffle(own)
        rng.shuffle(foreign)
        self.terms, self.terms_draw = own, Draw(own, _zipf(len(own), 0.8), rng)
        self.foreign, self.foreign_draw = foreign, Draw(foreign, _zipf(len(foreign), 0.8), rng)
        self.fillers = FILLERS[language]
        self.forms = ID_FORMS if language == "id" else EN_FORMS
        self.forms_draw = Draw([f for f, _ in self.forms],
                               list(itertools.accumulate(w for _, w in self.forms)), rng)
        self.inflected = ID_INFLECTED if language == "id" else EN_INFLECTED


class Draw:
    """Weighted draws from a fixed list, buffered (one `choices` call per 4,096 draws)."""

    def __init__(self, items: list, cum_weights: list[float], rng: random.Random):
        self.items, self.cum, self.rng = items, cum_weights, rng
        self.buffer: list = []

    def __call__(self):
        if not self.buffer:
            self.buffer = self.rng.choices(self.items, cum_weights=self.cum, k=4096)
            self.buffer.reverse()
        return self.buffer.pop()


def _pseudo_word(rng: random.Random) -> str:
    syllables = rng.choice((2, 3, 3, 4))
    return "".join(rng.choice(ONSETS) + rng.choice(VOWELS) for _ in range(syllables))


# ------------------------------------------------------------------------------ text
class Writer:
    """Sentences, turns and whole files; counts words and term tokens as it goes."""

    def __init__(self, vocab: Vocabulary, rng: random.Random):
        self.v, self.rng = vocab, rng
        self.words = 0
        self.term_tokens = 0
        # Probability of starting a term at a slot, so that term tokens ≈ TERM_SHARE of all.
        mean_len = sum(len(t.split()) for t in vocab.terms) / max(1, len(vocab.terms))
        self.term_start = TERM_SHARE / mean_len
        self.rare: list[str] = []

    def _term(self) -> list[str]:
        v, rng = self.v, self.rng
        if rng.random() < TERM_OTHER_LANGUAGE and v.foreign:
            term = v.foreign_draw()
            language = "en" if v.language == "id" else "id"
        else:
            term = v.terms_draw()
            language = v.language
        words = term.split()
        if language == "id" and not term.isupper() and rng.random() < 0.35:
            last = words[-1]
            kind = rng.random()
            if kind < 0.6:
                words[-1] = last + "nya"
            elif kind < 0.75:
                words[-1] = last + rng.choice(("lah", "pun"))
            elif len(words) == 1:
                words[-1] = last + "-" + last
        elif language == "en" and not term.isupper() and len(words[-1]) > 3 and rng.random() < 0.2:
            words[-1] = words[-1] + "s"
        self.term_tokens += len(words)
        return words

    def _plain(self) -> str:
        v, rng = self.v, self.rng
        word = v.plain_draw()
        if (v.language == "id" or word not in v.adjectives) and rng.random() < v.inflected:
            word = v.forms_draw()(word)
        return word

    def _rare(self) -> str:
        rng = self.rng
        # Half the time a name already used in this corpus, half the time a new one.
        if self.rare and rng.random() < 0.5:
            word = rng.choice(self.rare)
        else:
            word = _pseudo_word(rng)
            self.rare.append(word)
        return word.capitalize() if rng.random() < 0.6 else word

    def sentence(self, low: int = 6, high: int = 22, end: str = ".") -> str:
        v, rng = self.v, self.rng
        target = rng.randint(low, high)
        out: list[str] = []
        while len(out) < target:
            r = rng.random()
            if r < self.term_start:
                out.extend(self._term())
                continue
            r = rng.random()
            if r < STOP_SHARE:
                out.append(v.stop_draw())
            elif r < STOP_SHARE + RARE_SHARE:
                out.append(self._rare())
            elif r < STOP_SHARE + RARE_SHARE + NUMBER_SHARE:
                out.append(str(rng.choice((rng.randint(1, 500), rng.randint(2010, 2025)))))
            elif r < STOP_SHARE + RARE_SHARE + NUMBER_SHARE + SWITCH_SHARE:
                out.append(rng.choice(v.switch))
            elif r < STOP_SHARE + RARE_SHARE + NUMBER_SHARE + SWITCH_SHARE + 0.01:
                out.append(rng.choice(v.fillers) + ",")
            else:
                out.append(self._plain())
        if rng.random() < 0.3 and len(out) > 6:  # a comma somewhere inside
            i = rng.randint(2, len(out) - 3)
            out[i] = out[i].rstrip(",") + ","
        out[0] = out[0][:1].upper() + out[0][1:]
        out[-1] = out[-1].rstrip(",") + end
        self.words += len(out)
        return " ".join(out)

    def paragraph(self, low: int, high: int) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(low, high)))

    def interview(self, budget: int) -> str:
        interviewer, informant = LABELS[self.v.language]
        rng, turns, start = self.rng, [], self.words
        while self.words - start < budget:
            question = " ".join(self.sentence(5, 16, end="?" if i == 0 else ".")
                                for i in range(rng.choice((1, 1, 2))))
            self.words += 1  # the label
            turns.append(f"{interviewer}: {question}")
            paragraphs = [self.paragraph(2, 7) for _ in range(rng.choice((1, 1, 1, 2, 2, 3)))]
            self.words += 1
            turns.append(f"{informant}: " + "\n\n".join(paragraphs))
        return "\n\n".join(turns) + "\n"

    def document(self, budget: int) -> str:
        paragraphs, start = [], self.words
        while self.words - start < budget:
            paragraphs.append(self.paragraph(3, 8))
        return "\n\n".join(paragraphs) + "\n"

    def message(self, budget: int) -> str:
        paragraphs, start = [], self.words
        while self.words - start < budget:
            paragraphs.append(self.paragraph(1, 4))
        return "\n\n".join(paragraphs) + "\n"


def _front_matter(kind: str, number: int, language: str, rng: random.Random) -> tuple[str, str]:
    date = f"20{rng.randint(21, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    if kind == "interview":
        role = rng.choice(ROLES)
        case = f"{role[:3]}-{number:05d}"
        meta = {"case": case, "role": role, "source_type": "interview", "language": language,
                "date": date, "interviewer": LABELS[language][0],
                "site": rng.choice(("Kecamatan Utara", "Kecamatan Selatan", "Kecamatan Timur",
                                    "Kecamatan Barat", "Pusat Kota"))}
        name = f"int-{number:05d}-{language}"
    elif kind == "document":
        meta = {"source_type": "document", "language": language, "date": date,
                "title": f"Dokumen {number}" if language == "id" else f"Document {number}"}
        name = f"doc-{number:05d}-{language}"
    else:
        meta = {"source_type": "document", "language": language, "date": date,
                "title": f"Aduan {number}" if language == "id" else f"Complaint {number}",
                "channel": rng.choice(("web", "sms", "whatsapp", "app"))}
        name = f"msg-{number:05d}-{language}"
    lines = ["---", *(f"{k}: {v}" for k, v in meta.items()), "---", ""]
    return name, "\n".join(lines)


def generate(transcripts: Path, words: int, codebook: Path, seed: int = 7) -> CorpusInfo:
    """Write about `words` words of sources into `transcripts` (sorted, deterministic names)."""
    transcripts = Path(transcripts)
    transcripts.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    terms = codebook_terms(codebook)
    writers = {lang: Writer(Vocabulary(lang, terms, random.Random(f"{seed}-{lang}")),
                            random.Random(f"{seed}-{lang}-text")) for lang in ("id", "en")}
    info = CorpusInfo(folder=transcripts, seed=seed)
    # KIND_SHARE is by words, so draw a kind with weight share / mean length (in words).
    kinds = [kind for kind, _ in KIND_SHARE]
    kind_weights = [share / MEAN_WORDS[kind] for kind, share in KIND_SHARE]
    written = 0
    number = 0
    while written < words:
        number += 1
        kind = rng.choices(kinds, weights=kind_weights)[0]
        language = "id" if rng.random() < 0.8 else "en"
        writer = writers[language]
        left = words - written
        if kind == "interview":
            budget = min(left, int(rng.lognormvariate(8.0, 0.5)))  # median ~3,000 words
        elif kind == "document":
            budget = min(left, rng.randint(400, 3000))
        else:
            budget = min(left, rng.randint(40, 250))
        before_words, before_terms = writer.words, writer.term_tokens
        body = getattr(writer, kind)(max(1, budget))
        name, header = _front_matter(kind, number, language, rng)
        (transcripts / f"{name}.txt").write_text(header + body, encoding="utf-8")
        count = writer.words - before_words
        written += count
        info.files += 1
        info.words += count
        info.term_tokens += writer.term_tokens - before_terms
        info.words_by_language[language] = info.words_by_language.get(language, 0) + count
        info.words_by_kind[kind] = info.words_by_kind.get(kind, 0) + count
    return info


def make_project(folder: Path, words: int, seed: int = 7, name: str | None = None) -> CorpusInfo:
    """A fresh qualcode project in `folder` (init_project) holding a `words`-word corpus."""
    from qualcode.workflow import init_project

    folder = Path(folder)
    init_project(folder, name=name or f"benchmark {words} words", language="id")
    return generate(folder / "transcripts", words, folder / "codebooks" / "smart-city.yaml", seed)


@dataclass
class SingleFile:
    path: Path
    words: int
    turns: int
    bytes: int


def make_single_transcript_project(folder: Path, words: int, seed: int = 7) -> SingleFile:
    """A fresh project whose only source is one Indonesian interview of about `words` words
    (7 M words is ~50 MB and ~150,000 speaker turns): the large-file case."""
    from qualcode.workflow import init_project

    folder = Path(folder)
    init_project(folder, name=f"benchmark single file {words} words", language="id")
    terms = codebook_terms(folder / "codebooks" / "smart-city.yaml")
    writer = Writer(Vocabulary("id", terms, random.Random(f"{seed}-id")), random.Random(f"{seed}-id-text"))
    body = writer.interview(words)
    header = ("---\ncase: gov-00001\nrole: government\nsource_type: interview\nlanguage: id\n"
              "date: 2024-03-01\n---\n\n")
    path = folder / "transcripts" / "wawancara-panjang.txt"
    data = (header + body).encode("utf-8")
    path.write_bytes(data)
    return SingleFile(path, writer.words, body.count("Pewawancara: ") + body.count("Informan: "), len(data))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--words", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    info = make_project(args.folder, args.words, args.seed)
    print(f"{info.files} files, {info.words:,} words ({info.words_by_language}), "
          f"{info.words_by_kind}; codebook-term tokens {info.term_share:.1%}")


if __name__ == "__main__":
    main()
