"""A codebook's terms as lemma patterns: what `TermMatcher` (`qualcode.condense.matching`)
looks for.

`TermIndex` is built from the terms' lemma sequences (from the pipeline, or from the token
cache's term table on a warm run) by the rules of `CodebookMatcher`: one key per lemma
form, hyphen/space spelling variants (and an Indonesian passive said verb first) under their
term's key, and the entries (code, weight, exclusion) behind each key.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, NamedTuple

from qualcode.model import Codebook


# How negation bears on an entry (`qualcode.condense.negation`): a term of a code without a
# polarity counts either way; one of a code with a polarity counts unless said in the negative;
# said in the negative, it counts for the sibling codes of the other polarity instead ("tidak
# ada kendala", no obstacle, is a supporting factor; "tidak mendukung" an inhibiting one).
EITHER_WAY, UNLESS_NEGATED, ONLY_NEGATED = 0, 1, -1


@dataclass(frozen=True)
class TermEntry:
    code_id: str
    term: str
    weight: float
    excludes: bool = False
    polar: int = EITHER_WAY  # when the term counts, negated or not (above)


class TermTokens(NamedTuple):
    """A phrase as the pipeline tokenises it: each token's lemma and whether it is space."""

    lemmas: tuple[str, ...]
    spaces: tuple[bool, ...]

    @property
    def key(self) -> str:
        """The lemmas joined by spaces, space tokens left out (`nlp.lemma_key`)."""
        if True not in self.spaces:  # most terms: no space token to leave out
            return " ".join(self.lemmas)
        return " ".join(lemma for lemma, space in zip(self.lemmas, self.spaces) if not space)


# Lemmatise phrases: text -> TermTokens, for many texts at once.
Lemmatise = Callable[[list[str]], list[TermTokens]]


def codebook_terms(codebook: Codebook) -> list[tuple[str, TermEntry]]:
    """Every (term, entry) of a codebook: keywords by weight, for their code (strong ones also
    for the codes it `implies`, as if listed there too); the keywords of a code with a
    polarity also for its siblings of the other polarity (counting when negated); exclusion
    terms."""
    wanted: list[tuple[str, TermEntry]] = []
    opposites = _opposites(codebook)
    polarity = {code.id: code.polarity for code in codebook.codes}
    for code in codebook.codes:
        implied = [c for c in code.implies if c in polarity]
        for keyword in code.keywords:
            for code_id in [code.id, *implied] if keyword.weight >= 1 else [code.id]:
                wanted.append((keyword.term, TermEntry(code_id, keyword.term, keyword.weight,
                                                       polar=UNLESS_NEGATED if polarity[code_id] else EITHER_WAY)))
                wanted.extend((keyword.term, TermEntry(other, keyword.term, keyword.weight, polar=ONLY_NEGATED))
                              for other in opposites.get(code_id, ()))
        for keyword in code.exclude_keywords:
            wanted.append((keyword.term, TermEntry(code.id, keyword.term, 0.0, excludes=True)))
    return wanted


def _opposites(codebook: Codebook) -> dict[str, list[str]]:
    """code -> its siblings (same parent, or both top-level) of the same kind and the other
    polarity: no barrier is a facilitator, not also a satisfied citizen (an outcome)."""
    polar = [code for code in codebook.codes if code.polarity in ("positive", "negative")]
    return {code.id: [other.id for other in polar if other.parent == code.parent
                      and other.kind == code.kind and other.polarity != code.polarity]
            for code in polar}


# An English noun made from a verb is also said with the verb: a codebook's "participation"
# in "residents participated", "allocation" in "funds were allocated", "engagement" in "we
# engaged them". The verb's inflections reduce to its lemma on both sides, so the verb's
# base form is enough. (suffix of the noun, ending of the verb), the first that fits.
# A consonant before -ation keeps the verb whole: implementation implement, documentation
# document, consultation consult, adaptation adapt, expectation expect, information inform.
NOUN_TO_VERB = (("ntation", "nt"), ("ltation", "lt"), ("ptation", "pt"), ("ctation", "ct"), ("rmation", "rm"),
                ("isation", "ise"), ("ization", "ize"), ("ation", "ate"), ("ment", ""))
# Shorter stems are as often other words (payment: pay, comment: com, station: st).
VERB_STEM_MIN = 4
# Nouns whose verb is mostly said in another sense: "we managed to get her logged on" is no
# management, "the state" no statement, "present" (here, now) no presentation, "form" no
# formation, "found" (find's past) no foundation.
NO_VERB = frozenset({"management", "statement", "presentation", "formation", "foundation",
                     # the verb is also a noun: "the document" is no documentation
                     "documentation", "department"})


def verb_of(term: str) -> str | None:
    """The verb an English single-word noun term is made from, by its suffix (None if it has
    none). A made-up verb ("informate") costs nothing: no text has it."""
    if not (term.isascii() and term.isalpha() and term.islower()) or term in NO_VERB:
        return None
    for suffix, ending in NOUN_TO_VERB:
        if term.endswith(suffix) and len(term) - len(suffix) >= VERB_STEM_MIN:
            return term[:-len(suffix)] + ending
    return None


def other_spellings(term: str) -> list[str]:
    """The texts `spelling_variants` may ask the pipeline for on a term's behalf: hyphens for
    spaces and spaces for hyphens, the verb of a noun, a passive verb first (whether a variant
    is kept depends on the term's tokens)."""
    variants = [term.replace(" ", "-"), term.replace("-", " "), verb_of(term), _reversed_pair(term)]
    return [variant for variant in variants if variant and variant != term]


def spelling_variants(tokens: dict[str, TermTokens], keys: set[str]) -> dict[str, str]:
    """variant text -> the key of the term it spells: `gotong royong` also as `gotong-royong`,
    `smart-city` also as `smart city` (a hyphenated single token has no spaced variant),
    `participation` also as `participate`, `anggaran dipangkas` also verb first."""
    variants: dict[str, str] = {}
    for term, found in tokens.items():
        key = found.key
        if key not in keys:
            continue
        if " " in term:
            variants.setdefault(term.replace(" ", "-"), key)
        if "-" in term and len(found.lemmas) > 1:
            variants.setdefault(term.replace("-", " "), key)
        verb = verb_of(term)
        if verb:
            variants.setdefault(verb, key)
        active = active_order(term, found.lemmas)
        if active:
            variants.setdefault(active, key)
    return variants


# Words before a passive verb that are not its object: modals, negators, adverbs,
# conjunctions ("bisa diakses" is no "akses" of "bisa").
PREVERBAL = frozenset({
    "bisa", "dapat", "tidak", "tak", "nggak", "ngga", "gak", "enggak", "belum", "bukan", "jarang", "kurang",
    "susah", "sulit", "mudah", "gampang", "pernah", "sudah", "telah", "sempat", "harus", "wajib", "perlu",
    "boleh", "mau", "ingin", "akan", "sedang", "lagi", "baru", "masih", "sering", "selalu", "terus", "juga",
    "lebih", "paling", "sangat", "cukup", "agak", "benar", "hanya", "cuma", "segera", "langsung", "yang",
    "atau", "dan", "serta", "maupun", "baik", "tidaknya", "sama", "ikut", "turut", "jangan",
})


def active_order(term: str, lemmas: tuple[str, ...]) -> str | None:
    """An Indonesian passive term, noun then di- verb (`anggaran dipangkas`, `warga
    dilibatkan`), as the active and the noun say it, verb first: `memangkas anggaran`,
    `pemangkasan anggaran`, `melibatkan warga` all lemmatise as `dipangkas anggaran` does.
    None for any other term, or when the pipeline left the di- on (not a passive verb)."""
    if len(lemmas) != 2 or lemmas[1].startswith("di"):
        return None
    return _reversed_pair(term)


def _reversed_pair(term: str) -> str | None:
    """`dipangkas anggaran` for `anggaran dipangkas`: a noun (no PREVERBAL word) and a word
    that may be a passive verb; the pipeline's lemmas say whether it is (`active_order`)."""
    words = term.split()
    if len(words) != 2 or not words[1].startswith("di") or len(words[1]) < 5 or words[0].lower() in PREVERBAL:
        return None
    return f"{words[1]} {words[0]}"


class TermIndex:
    """Every pattern (a lemma sequence) of a codebook and the entries behind each key."""

    def __init__(self, codebook: Codebook, lemmatise: Lemmatise):
        self.ancestors = {code.id: set(codebook.ancestors(code.id)) for code in codebook.codes}
        self.entries: dict[str, list[TermEntry]] = defaultdict(list)
        self.patterns: dict[tuple[str, ...], list[str]] = {}
        wanted = codebook_terms(codebook)
        unique_terms = sorted({term for term, _ in wanted})
        tokens = dict(zip(unique_terms, lemmatise(unique_terms)))
        for term, entry in wanted:
            key = tokens[term].key
            if not key.strip():
                continue
            if key not in self.entries:
                self._add(key, tokens[term])
            self.entries[key].append(entry)
        variants = spelling_variants(tokens, set(self.entries))
        texts = sorted(variants)
        for text, found in zip(texts, lemmatise(texts)):
            if found.key not in self.entries:
                self._add(variants[text], found)

    def only(self, codes: frozenset[str]) -> "TermIndex":
        """This index cut down to the entries of `codes` (and the patterns of their keys)."""
        part = TermIndex.__new__(TermIndex)
        part.ancestors = self.ancestors
        part.entries = defaultdict(list)
        for key, found in self.entries.items():
            kept = [entry for entry in found if entry.code_id in codes]
            if kept:
                part.entries[key] = kept
        part.patterns = {}
        for lemmas, keys in self.patterns.items():
            kept_keys = [key for key in keys if key in part.entries]
            if kept_keys:
                part.patterns[lemmas] = kept_keys
        return part

    def _add(self, key: str, found: TermTokens) -> None:
        if not found.lemmas:
            return
        keys = self.patterns.setdefault(found.lemmas, [])
        if key not in keys:
            keys.append(key)
