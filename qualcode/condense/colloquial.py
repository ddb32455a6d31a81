"""Spoken (colloquial) Indonesian forms, mapped to the forms the lemma rules know.

Interviews are mostly spoken Indonesian, where `mengurus` is `ngurus`, `melaporkan` is
`laporin` and `tidak` is `nggak`. The written-language table and the formal affix rules
(`qualcode.condense.indonesian`) explain none of these, so a keyword `aduan` missed
"warga akhirnya ngadu ke dewan" and `tidak puas` missed "warga nggak puas". These rules are
tried only for a word nothing else explains, and, like the formal ones, accept a root only
when the table knows it:

- negators: `nggak gak ga enggak ngga engga ndak kagak tdk tak` → `tidak`, so a keyword
  phrase with `tidak` meets its spoken forms;
- the nasal prefix that stands for meN- (`ng-`, `nge-`, `ny-`, `m-`, `n-`), restoring the
  root's first letter it swallowed: `ngurus` → `urus`, `ngeluh` → `keluh`, `nyusun` →
  `susun`, `mantau` → `pantau`, `nunggu` → `tunggu`, `ngecek` → `cek`;
- the suffix `-in`, the spoken `-kan` / `-i`: `laporin`, `dilaporin`, `ngurusin`;
- an English verb of office work with an Indonesian affix: `diupload`, `menginput`,
  `ngeshare`, `diupdate` (`loan_verb`).
"""

from __future__ import annotations

from typing import Callable

from qualcode.condense.derivations import lexicalised_derivation

SPOKEN_NEGATORS = frozenset({"nggak", "gak", "ga", "enggak", "ngga", "engga", "ndak", "kagak",
                             "tdk", "tak", "gk", "gx", "ngk", "ngak", "tdak"})  # the last five: chat writing
NEGATOR_LEMMA = "tidak"
# Spoken words whose written form is another string, not a rule's: a term `sudah berjalan`
# meets "udah jalan", `buat` (make) meets "bikin" and "dibikin".
SPOKEN_WORDS = {"udah": "sudah", "dah": "sudah", "aja": "saja", "emang": "memang", "kalo": "kalau",
                "gimana": "bagaimana", "bikin": "buat", "gede": "besar",
                "telpon": "telepon"}  # and so nelpon, ditelpon (n- and di- find the root)
# spoken prefix -> the letters it may have swallowed at the root's start ("" for none)
SPOKEN_PREFIXES = (("nge", ("",)), ("ng", ("", "k")), ("ny", ("c", "s")), ("m", ("p",)),
                   ("n", ("t",)), ("di", ("",)))  # ny-: nyari is cari before sari
# Content verbs spaCy's stop list holds: their spoken forms are theirs (nanya tanya, nunjuk
# tunjuk, nyoba coba), where a function word's stays whole (ngapain is not kapa)
STOP_LISTED_VERBS = frozenset({"tanya", "jawab", "minta", "tunjuk", "coba", "pakai", "mulai"})
SPOKEN_SUFFIX = "in"
MIN_ROOT = 3
# A one-letter prefix (m-, n-) only on a word this long: `mas` 'brother' is not pas, `nih` not tih
MIN_WORD_FOR_ONE_LETTER = 5


def _written_form(stem: str, suffixed: bool, resolve: Callable[[str], str | None],
                  stop_words: frozenset[str]) -> str | None:
    """The lemma of the written form a spoken one stands for, when that form is a listed
    derivation (`qualcode.condense.derivations`) or a form the table knows of a content word:
    `ngadu` is `mengadu`, a complaint's verb, not `adu` 'pit against'; `ngalah` is
    `mengalah` (kalah), not alah; `nyiapin` is `menyiapkan` (siap), not ciap. A function
    word's (`ngapain`) is left to the rules below."""
    if stem.startswith(("m", "n")) and not stem.startswith("me"):  # ng-, ny-, m-, n-
        # ny- is meny- of an s-root or menc- of a c-root: c first, as the prefix rules do
        written = ("menc" + stem[2:], "me" + stem) if stem.startswith("ny") else ("me" + stem,)
    elif stem.startswith("di"):
        written = (stem,)
    else:
        return None
    forms = [form for base in written for form in ((base + "kan", base + "i") if suffixed else (base,))]
    for form in forms:
        if found := lexicalised_derivation(form):
            return found
    # a root on spaCy's stop list may be a content word's (siap, lanjut, jelas): with a
    # suffix as well, the form is its derivation; function words take none (ngapain: apa)
    return next((found for form in forms
                 if form != stem and (found := resolve(form))
                 and (found not in stop_words or (suffixed and len(found) > 3))), None)


def written_vowels(word: str) -> str | None:
    """The written form a spoken word's last vowel stands for, to be tried when no rule knows
    the word (Jakarta speech says e for a written a, and e for a final ai): `tetep` tetap,
    `cepet` cepat, `temen` teman, `dibales` dibalas, `rame` ramai, `dipake` dipakai."""
    last = word.rfind("e")
    if last < 1 or any(ch in "aiou" for ch in word[last + 1:]):
        return None
    if last == len(word) - 1:  # a final e: rame, pake, sampe
        return word[:-1] + "ai" if word[-2] not in "aeiou" else None
    return word[:last] + "a" + word[last + 1:] if word[last + 1:].isalpha() else None


def spoken_lemma(word: str, resolve: Callable[[str], str | None],
                 stop_words: frozenset[str] = frozenset()) -> str | None:
    """The lemma of a lowercase spoken form whose clitics are stripped, or None. `resolve`
    gives the lemma of a root the table knows (as a form or a root), else None. A form
    that could be a function word's (`ngapain`: ng- + apa + -in) is left whole, rather
    than taken for a content word's (`kapa`)."""
    stems = [(word, False)]  # (stem, whether -in was taken off it)
    if word.endswith(SPOKEN_SUFFIX) and len(word) - len(SPOKEN_SUFFIX) >= MIN_ROOT:
        stems.insert(0, (word[: -len(SPOKEN_SUFFIX)], True))
    for stem, suffixed in stems:
        if found := _written_form(stem, suffixed, resolve, stop_words):
            return found
    for stem, suffixed in stems:
        if suffixed:  # laporin → lapor
            if stem in stop_words:
                return None
            if found := resolve(stem):
                return found
        for prefix, restores in SPOKEN_PREFIXES:
            if not stem.startswith(prefix) or (len(prefix) == 1 and len(stem) < MIN_WORD_FOR_ONE_LETTER):
                continue
            rest = stem[len(prefix):]
            for letter in restores:
                root = letter + rest
                # a function word's spoken form stays whole (ngapain is not kapa), but the
                # passive di-…-in of a content word spaCy lists as a stop word is its
                # derivation (diterusin: terus, dilanjutin: lanjut)
                if root in stop_words and root not in STOP_LISTED_VERBS and not (suffixed and prefix == "di"):
                    return None
                if len(root) >= MIN_ROOT and (found := resolve(root)):
                    return found
    return None


# English verbs of office and IT work that speech gives Indonesian affixes ("datanya diinput",
# "udah diupload", "nanti di-share"): their written form is the English word, which a
# codebook lists as it is (`input`, `upload`). The table knows none of them, so no affix
# rule can vouch for the root; only these are taken.
LOAN_VERBS = frozenset("""
    upload download input update upgrade install instal uninstall share backup print scan login
    logout posting post submit approve forward cancel reset restart setting monitor maintain
    manage launching launch develop deploy hosting host review edit save copy paste delete sync
    link publish test handle support register apply order booking follow blast broadcast invite
    mention comment like streaming meeting zoom klik click chat email follow-up
""".split())
LOAN_PREFIXES = ("menge", "meng", "mem", "nge", "ng", "di", "ter", "ke")
LOAN_SUFFIXES = ("", "in", "kan", "an")


def loan_verb(word: str) -> str | None:
    """The English verb in a lowercase word of an Indonesian prefix (and perhaps suffix)
    around one of LOAN_VERBS: `diupload` upload, `menginput` input, `ngeshare` share,
    `diupdatein` update. None for any other word."""
    if not word.startswith(LOAN_PREFIXES):  # most words: one test, not one per prefix
        return None
    for prefix in LOAN_PREFIXES:
        if word.startswith(prefix):
            rest = word[len(prefix):]
            for suffix in LOAN_SUFFIXES:
                if rest.endswith(suffix) and (root := rest[: len(rest) - len(suffix)]) in LOAN_VERBS:
                    return root
    return None
