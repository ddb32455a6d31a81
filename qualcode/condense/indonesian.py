"""Indonesian lemma rules on top of spaCy's lookup table.

The `id` table of spacy-lookups-data maps many inflected forms to their root
(`penganggaran` → `anggar`), but it is case-sensitive and misses clitics,
reduplication and many affixed forms. `IndonesianLemmatizer` fills those gaps
with a small, ordered rule set (after Nazief & Adriani's confix stripping):

1. lowercase; derivations whose meaning drifted from their root's keep their own lemma
   (`qualcode.condense.derivations`: `kebijakan` is not `bijak`); then the table;
2. reduplication (`qualcode.condense.reduplication`): `kebijakan-kebijakan`,
   `bermacam-macam`, `sebaik-baiknya` → their base, `sayur-mayur` → its first part,
   while lexicalised pairs keep their own meaning (`undang-undang` 'law' is not
   `undang` 'invite'; `perundang-undangan` → `undang-undang`);
3. particles `-lah -kah -tah -pun`, then possessives `-ku -mu -nya`;
4. derivational suffixes `-kan -an -i`;
5. prefixes `di- ke- se- ber- ter- meN- peN- per-` (two at most), restoring the
   root's first letter that meN-/peN- swallow (`menyusun` → `susun`,
   `memakai` → `pakai`, `penataan` → `tata`);
6. for a word none of these explains, the spoken forms (`qualcode.condense.colloquial`):
   `nggak` → `tidak`, `ngurus` → `urus`, `laporin` → `lapor`.

Non-standard spellings (`qualcode.condense.spelling_id`: `ijin`, `antri`, `tehnologi`) are
read as the standard ones wherever a spoken form would be, so `perijinan` is `izin`.

A candidate is accepted only when the table knows it (as a form or as a root), or
it is a borrowed noun the table lacks (`qualcode.condense.loan_nouns`: `didigitalisasi`
→ `digitalisasi`), and it is not a function word (so `media` never becomes `dia`); rules never
invent words, and a word no rule explains keeps its lowercase form.
"""

from __future__ import annotations

import re

from typing import Callable, Mapping

from qualcode.condense.colloquial import (NEGATOR_LEMMA, SPOKEN_NEGATORS, SPOKEN_WORDS, loan_verb,
                                         spoken_lemma, written_vowels)
from qualcode.condense.derivations import lexicalised_derivation
from qualcode.condense.loan_nouns import LOAN_NOUNS
from qualcode.condense.spelling_id import CHAT_ABBREVIATIONS, NONSTANDARD_SPELLINGS
from qualcode.condense.negation import NEGATED_NOUN
from qualcode.condense.reduplication import is_reduplication, lexicalised, reduplicated_base

PARTICLES = ("lah", "kah", "tah", "pun")
POSSESSIVES = ("nya", "ku", "mu")
SUFFIXES = ("kan", "an", "i")
# prefix -> letters that may have been swallowed at the root's start
PREFIXES = (
    ("menge", ("",)), ("penge", ("",)),
    ("meny", ("s",)), ("peny", ("s",)),
    ("meng", ("", "k")), ("peng", ("", "k")),
    ("mem", ("", "p")), ("pem", ("", "p")),
    ("men", ("", "t")), ("pen", ("", "t")),
    ("me", ("",)), ("pe", ("",)),
    ("ber", ("",)), ("be", ("",)), ("bel", ("",)),
    ("ter", ("",)), ("te", ("",)),
    ("per", ("",)),
    ("di", ("",)), ("ke", ("",)), ("se", ("",)),
)
MIN_ROOT = 3
# what a particle leaves of berkah 'blessing' (ber) or perpun: a prefix alone, never a word
_BARE_PREFIXES = frozenset(prefix for prefix, _ in PREFIXES)
# The prefixes by their first letter, in PREFIXES' order (most words start with none of them).
_PREFIXES_BY_LETTER: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    letter: tuple(item for item in PREFIXES if item[0][0] == letter)
    for letter in {prefix[0] for prefix, _ in PREFIXES}}
MAX_CACHED = 30_000  # word forms whose lemma is remembered
# A letter written three times or more in a row: held for emphasis in chat writing
_STRETCHED = re.compile(r"([a-z])\1{2,}")
# the written (standard) word a spoken form or a non-standard spelling stands for
_WRITTEN = {**CHAT_ABBREVIATIONS, **NONSTANDARD_SPELLINGS, **SPOKEN_WORDS}
DUTCH_VERB, DUTCH_VERB_MIN = "ir", 6  # koordinir → koordinasi (`_borrowed`)


# Stop-listed words that look like a word and a clitic but are words of their own: the
# copula adalah is no ada + -lah, sekalipun 'even though' no kali; and the sentence adverbs
# made with -nya, which say how something is said, not what it is about: soalnya 'because'
# is no soal (persoalan), tentunya 'of course' no ketentuan, umumnya 'generally' no pengumuman
WORDS_OF_THEIR_OWN = frozenset({
    "adalah", "sekalipun",
    "artinya", "awalnya", "harusnya", "hendaknya", "jadinya", "katanya", "khususnya", "makanya",
    "misalnya", "mulanya", "nyatanya", "soalnya", "tegasnya", "tentunya", "umumnya",
})


# Nouns in spaCy's stop list: doubled, each is its plural (masalah-masalah 'problems',
# pihak-pihak 'parties'), not one of the function words a doubling gives a meaning of its
# own (apa-apa 'anything', oleh-oleh 'souvenir')
STOP_LISTED_NOUNS = frozenset({
    "bagian", "bapak", "bulan", "cara", "hal", "hari", "ibu", "jawaban", "jumlah", "kasus", "kata",
    "keadaan", "keinginan", "kemungkinan", "masalah", "persoalan", "pertanyaan", "pihak", "tahun",
    "tempat", "waktu",
})


class IndonesianLemmatizer:
    def __init__(self, table: Mapping[str, str], stop_words: frozenset[str] = frozenset(),
                 english: Callable[[str], str | None] | None = None):
        """`english(word)`: the lemma of an inflected English word (audited → audit), or None;
        for a word no Indonesian rule explains, as informants code-switch mid-sentence."""
        # A spaCy lookups Table hashes its keys, so forms are only probed, never listed.
        self.table = table
        self.roots = set(table.values())
        # roots of two words, met written as one under a confix: disalahgunakan (salah guna),
        # dipertanggungjawabkan (tanggung jawab)
        self.joined_roots = {root.replace(" ", ""): root for root in self.roots if " " in root}
        self.english = english
        # Stripping must not turn a loanword into a function word (media → me- + dia).
        self.stop_words = stop_words
        self.cache: dict[str, str] = {}

    def __call__(self, word: str) -> str:
        lowered = word.lower()
        cached = self.cache.get(lowered)
        if cached is None:
            if len(self.cache) >= MAX_CACHED:
                self.cache.clear()  # memory stays bounded on a corpus of millions of word forms
            cached = self.cache[lowered] = self._lemma(lowered)
        return cached

    def _resolve(self, candidate: str) -> str | None:
        written = _WRITTEN.get(candidate)
        if written is not None:  # bikin, also under di- (dibikin)
            # the written form's own lemma, through its affixes too (dirubah: diubah, ubah)
            return self._resolve(written) or self._known(written) or written
        # a listed form's lemma beats the table's, also when a prefix was taken off to
        # find it (diberikan → berikan, which the table files under ikan 'fish')
        lemma = lexicalised_derivation(candidate) or self.table.get(candidate) or self.joined_roots.get(candidate)
        if lemma:
            return lemma
        return candidate if candidate in self.roots or candidate in LOAN_NOUNS else None

    def _lemma(self, word: str) -> str:
        if word in SPOKEN_NEGATORS:  # before the stop words, where nggak stays itself
            return NEGATOR_LEMMA
        if "-" in word.strip("-"):
            return self._hyphenated(word)
        found = self._known(word) or self._spoken(word)
        if found is None and _STRETCHED.search(word):
            # a letter held for emphasis ("rusaaak", "lamaaa banget", "mantappp"): no
            # Indonesian word has one three times, so the word is the one without the extra
            return self._lemma(_STRETCHED.sub(r"\1", word))
        if found is None and self.english is not None:
            found = self.english(word)  # "udah audited semua", "kondisinya improved"
        return found or self._strip_clitics(word)

    def _spoken(self, word: str) -> str | None:
        """A spoken form's lemma (`ngurusnya` → `urus`), when no written-language rule knew it:
        its prefix and suffix (the clitics off, or left on: `ngalah` is ng- + kalah, not nga +
        -lah), or its last vowel as written (`tetep` → tetap, `dibales` → balas)."""
        bare = self._strip_clitics(word)
        found = spoken_lemma(bare, self._resolve, self.stop_words)
        if found is None and bare != word:
            found = spoken_lemma(word, self._resolve, self.stop_words)
        written = written_vowels(bare) if found is None else None
        if written is not None:
            # the written form must be a word the table knows, or one under prefixes only
            # (dibalas): `tempe` is no tempai, which the suffix rule would cut to tempa 'forge'
            found = next((lemma for root in self._without_prefixes(written, depth=2)
                          if len(root) >= MIN_ROOT and (lemma := self._resolve(root))), None)
        return found or self._borrowed(bare)

    def _borrowed(self, bare: str) -> str | None:
        """A borrowed verb under Indonesian affixes, tried last (only a word nothing else
        explains gets here): an English one of office work (`diupload`, `loan_verb`), or a
        Dutch -eren verb of officialdom, whose lemma is its -asi noun where the table knows
        it: (di)koordinir koordinasi, (meng)organisir organisasi, (meng)akomodir akomodasi
        (akhir, banjir and parkir have no such noun)."""
        found = loan_verb(bare)
        if found or not bare.endswith(DUTCH_VERB):
            return found
        for root in self._without_prefixes(bare, depth=2):
            if root.endswith(DUTCH_VERB) and len(root) >= DUTCH_VERB_MIN:
                noun = root[:-len(DUTCH_VERB)] + "asi"
                if found := self.table.get(noun) or (noun if noun in self.roots else None):
                    return found
        return None

    def _known(self, word: str) -> str | None:
        """The lemma the table and the affix rules vouch for, or None when nothing explains `word`."""
        bare = self._strip_clitics(word)
        # before the table, which cuts these to a root of another meaning (kebijakan → bijak)
        found = lexicalised_derivation(word) or lexicalised_derivation(bare)
        if found:
            return found
        found = self._resolve(word)
        if found:
            return found
        # spaCy's stop list holds passive verbs whose active forms (memberikan) the table
        # cuts to their root (beri): diberikan, digunakan, diminta are no function words. A
        # pronoun with a clitic is no passive either: dia + -lah, diri + -nya (di- takes a
        # root of MIN_ROOT letters or more)
        passive = (word.startswith("di") and word in self.stop_words
                   and (len(bare) - 2 >= MIN_ROOT or bare not in self.stop_words))
        if word in self.stop_words and not passive:
            # a function word is not an affixed form ("tapi" is not tap + -i), but spaCy's
            # stop list also holds content words with a clitic or -kan (masalahnya,
            # jumlahnya, jelaskan, sampaikan): a word the table knows under them is theirs
            return self._clitic_or_kan(word, bare) or word
        if passive:
            # the whole word first: the -nya of ditanya is the root's (tanya), no clitic
            return self._affixed(word, passive) or self._affixed(bare, passive)
        if bare != word and word[-3:] in PARTICLES:
            # a root that ends like a particle, under prefixes alone: bermasalah is ber- +
            # masalah, not bermasa + -lah; bersalah ber- + salah
            found = next((lemma for root in self._without_prefixes(word, depth=2)[1:]
                          if len(root) >= MIN_ROOT and (lemma := self._resolve(root))), None)
            if found:
                return found
        found = self._resolve(bare)
        if found:
            return found
        if bare.startswith(NEGATED_NOUN) and bare.endswith("an"):
            # ketidakmampuan 'inability' is mampu said in the negative (the matcher marks a
            # term met in such a word negated: `negation.NEGATED_NOUN`)
            return self._known("ke" + bare[len(NEGATED_NOUN):])
        return self._affixed(bare, passive)

    def _clitic_or_kan(self, word: str, bare: str) -> str | None:
        """The lemma of a stop-listed word that is a known word plus a clitic or -kan, if any."""
        if word in WORDS_OF_THEIR_OWN:
            return None
        if bare != word and (found := self._resolve(bare)):
            return found
        root = bare[:-3] if bare.endswith("kan") else ""
        return self._resolve(root) if len(root) >= MIN_ROOT else None

    def _affixed(self, bare: str, passive: bool) -> str | None:
        """The lemma of a root that the suffix and prefix rules find in `bare`, if the table
        knows one."""
        for stem in self._without_suffix(bare):
            for root in self._without_prefixes(stem, depth=2):
                # a function word is no root, but spaCy's stop list also holds content words
                # (mampu, siap, lanjut, terus, jelas): a prefix and a suffix both taken off
                # (diteruskan, kesiapan) make a derivation, which function words do not take;
                # nor do they take a passive's di- (diminta)
                if (root != bare and root in self.stop_words and (stem == bare or root == stem)
                        and not passive):
                    continue
                if len(root) >= MIN_ROOT and (found := self._resolve(root)):
                    return found
        return None

    def _hyphenated(self, word: str) -> str:
        """Lexicalised pairs first (the table would cut `undang-undang` to `undang`), then the
        table, then the reduplication rules; a word no rule explains stays whole."""
        found = (lexicalised(word) or lexicalised_derivation(word) or self._resolve(word)
                 or reduplicated_base(word, self._known))
        head, _, tail = word.partition("-")
        if found is None or (head == tail and found in self.stop_words and head not in STOP_LISTED_NOUNS):
            # a function word doubled means something of its own: oleh-oleh 'souvenir',
            # agar-agar 'jelly', apa-apa 'anything'
            return word
        return found

    def is_reduplication(self, head: str, tail: str) -> bool:
        """Are `head` and `tail`, split at a hyphen by the tokenizer, one reduplicated word
        (`rata-ratanya`, `anak-anaknya`) rather than a compound (`smart-city`, `e-KTP`)?"""
        return is_reduplication(head.lower(), tail.lower(), self._known)

    @staticmethod
    def _strip_clitics(word: str) -> str:
        """Less one particle, then one possessive, each leaving MIN_ROOT letters."""
        if (word[-3:] in PARTICLES and len(word) - 3 >= MIN_ROOT  # each particle has 3 letters
                and word[:-3] not in _BARE_PREFIXES):
            word = word[:-3]
        for ending in POSSESSIVES:
            if word.endswith(ending):  # at most one can: they end in different letters
                return word[: -len(ending)] if len(word) - len(ending) >= MIN_ROOT else word
        return word

    @staticmethod
    def _without_suffix(word: str) -> list[str]:
        stems = [word]
        for ending in SUFFIXES:
            if word.endswith(ending) and len(word) - len(ending) >= MIN_ROOT:
                stems.append(word[: -len(ending)])
        return stems

    def _without_prefixes(self, word: str, depth: int) -> list[str]:
        out = [word]
        if depth == 0:
            return out
        for prefix, restores in _PREFIXES_BY_LETTER.get(word[:1], ()):
            if word.startswith(prefix) and len(word) - len(prefix) >= MIN_ROOT - 1:
                rest = word[len(prefix):]
                for letter in restores:
                    out.extend(self._without_prefixes(letter + rest, depth - 1))
        return out
