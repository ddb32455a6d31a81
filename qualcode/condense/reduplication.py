"""Indonesian reduplication: which base a hyphenated word stands for.

Reduplication usually marks plurality, variety or manner, so the base carries the
meaning a codebook term is after. The rules, in the order they are tried:

1. Lexicalised reduplications mean something their base does not (`undang-undang`
   'law' is not `undang` 'invite', `rata-rata` 'average' is not `rata` 'even', as in
   `pemerataan`). They keep the whole reduplicated form as their lemma, with any
   affixes around the pair stripped: `perundang-undangan` and `undang-undangnya`
   → `undang-undang`. LEXICALISED lists them.
2. An enclitic written with a hyphen after a word (`NIK-nya`) is the word's.
3. The same base on both sides, affixes aside: `kebijakan-kebijakan`,
   `anak-anaknya`, `bermacam-macam`, `berbeda-beda`, `tolong-menolong` → the base's lemma.
4. A stretch repeated across the hyphen, with a prefix before it and suffixes
   after (`setinggi-tingginya`, `sebesar-besarnya`): the repetition itself shows
   the base, even where the lookup table does not know it.
5. Rhyming pairs (`sayur-mayur`, `lauk-pauk`, `warna-warni`, `gerak-gerik`): the
   first part carries the meaning.

A function word doubled means something of its own (`oleh-oleh` 'souvenir' is not
`oleh` 'by', `agar-agar` 'jelly' is not `agar` 'so that'), so the Indonesian
lemmatizer keeps such pairs whole. A hyphenated word no rule explains
(`real-time`, `gotong-royong`) keeps its whole lowercase form; it is not cut to its
first part.
"""

from __future__ import annotations

from itertools import product
from typing import Callable

# Reduplications whose meaning is not their base's (only pairs whose base is itself a content
# word that a codebook might name; function-word bases are caught by the stop-word guard).
LEXICALISED = frozenset({
    "undang-undang",   # law                  undang: invite
    "rata-rata",       # average              rata: even (pemerataan: equal distribution)
    "mata-mata",       # spy                  mata: eye
    "laba-laba",       # spider               laba: profit
    "alun-alun",       # town square          alun: swell
    "langit-langit",   # ceiling              langit: sky
    "tiba-tiba",       # suddenly             tiba: arrive
    "pura-pura",       # pretend              pura: (Balinese) temple
    "hati-hati",       # careful              hati: heart, liver
    "gula-gula",       # sweets               gula: sugar
    "mudah-mudahan",   # hopefully            mudah: easy
    "mati-matian",     # all-out              mati: dead, (a server) down
})
CLITICS = ("nya", "ku", "mu", "lah", "kah", "tah", "pun")
# Prefixes that may stand before a repeated base (meN-/peN- with their nasal forms).
PREFIX_FORMS = ("di", "ke", "se", "ber", "be", "bel", "ter", "te", "per", "pe", "me", "mem", "men",
                "meng", "meny", "menge", "pem", "pen", "peng", "peny", "penge")
# Endings that may follow it: derivational suffix, possessive, particle, each optional, in order.
ENDINGS = frozenset("".join(parts) for parts in product(
    ("", "kan", "an", "i"), ("", "nya", "ku", "mu"), ("", "lah", "kah", "tah", "pun")))
MIN_BASE = 3

Lemma = Callable[[str], "str | None"]


def _is_prefix_chain(text: str, depth: int = 2) -> bool:
    """Is `text` empty, or at most `depth` prefixes one after another (memper-, diper-, keber-)?"""
    if not text:
        return True
    return depth > 0 and any(text.startswith(p) and _is_prefix_chain(text[len(p):], depth - 1)
                             for p in PREFIX_FORMS)


def repeated_bases(head: str, tail: str) -> list[str]:
    """Bases X with head = prefixes + X and tail = X + endings, longest first."""
    found = []
    for length in range(min(len(head), len(tail)), MIN_BASE - 1, -1):
        base = tail[:length]
        if head.endswith(base) and tail[length:] in ENDINGS and _is_prefix_chain(head[:-length]):
            found.append(base)
    return found


def lexicalised(word: str) -> str | None:
    """The lexicalised reduplication `word` is a form of (perundang-undangan → undang-undang)."""
    head, _, tail = word.partition("-")
    if word in LEXICALISED:
        return word
    return next((f"{base}-{base}" for base in repeated_bases(head, tail)
                 if f"{base}-{base}" in LEXICALISED), None)


def _consonants(word: str) -> str:
    return "".join(ch for ch in word if ch not in "aeiou")


def _rhymes(head: str, tail: str) -> bool:
    """sayur-mayur, lauk-pauk (the first sound differs), warna-warni, bolak-balik (the vowels do)."""
    return (len(head) == len(tail) >= MIN_BASE and head != tail
            and (head[1:] == tail[1:] or _consonants(head) == _consonants(tail)))


def reduplicated_base(word: str, known: Lemma) -> str | None:
    """The lemma of the base of a reduplicated (lowercase, hyphenated) word, or None when
    `word` is not a reduplication. `known(form)` is a form's lemma if the rules can vouch
    for it (the lookup table knows it), else None."""
    head, _, tail = word.partition("-")
    if not head.isalpha() or not tail.isalpha():
        return None
    if tail in CLITICS:
        return known(head) or head
    head_lemma = known(head)
    if head_lemma and head_lemma == known(tail):
        return head_lemma
    bases = repeated_bases(head, tail)
    if bases:
        return known(bases[0]) or bases[0]
    if _rhymes(head, tail):
        return head_lemma or head
    return None


def is_reduplication(head: str, tail: str, known: Lemma) -> bool:
    """Do two words around a hyphen form one reduplicated word (rata-ratanya), rather than a
    compound (smart-city, e-KTP)? The tokenizer splits such words apart when it does not know them."""
    word = f"{head}-{tail}".lower()
    return lexicalised(word) is not None or reduplicated_base(word, known) is not None
