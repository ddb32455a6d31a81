"""A codebook's terms as lemma patterns: what `TermMatcher` (`qualcode.condense.matching`)
looks for.

`TermIndex` is built from the terms' lemma sequences (from the pipeline, or from the token
cache's term table on a warm run) by the rules of `CodebookMatcher`: one key per lemma
form, hyphen/space spelling variants under their term's key, and the entries (code,
weight, exclusion) behind each key.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, NamedTuple

from qualcode.model import Codebook


@dataclass(frozen=True)
class TermEntry:
    code_id: str
    term: str
    weight: float
    excludes: bool = False
    polar: bool = False  # its code has a polarity: the term said in the negative does not count


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
    """Every (term, entry) of a codebook: keywords by weight, exclusion terms."""
    wanted: list[tuple[str, TermEntry]] = []
    for code in codebook.codes:
        for keyword in code.keywords:
            wanted.append((keyword.term, TermEntry(code.id, keyword.term, keyword.weight,
                                                   polar=code.polarity is not None)))
        for keyword in code.exclude_keywords:
            wanted.append((keyword.term, TermEntry(code.id, keyword.term, 0.0, excludes=True)))
    return wanted


def other_spellings(term: str) -> list[str]:
    """The texts `spelling_variants` may ask the pipeline for on a term's behalf: hyphens for
    spaces and spaces for hyphens (whether a variant is kept depends on the term's tokens)."""
    return [variant for variant in (term.replace(" ", "-"), term.replace("-", " ")) if variant != term]


def spelling_variants(tokens: dict[str, TermTokens], keys: set[str]) -> dict[str, str]:
    """variant text -> the key of the term it spells: `gotong royong` also as `gotong-royong`,
    `smart-city` also as `smart city` (a hyphenated single token has no spaced variant)."""
    variants: dict[str, str] = {}
    for term, found in tokens.items():
        key = found.key
        if key not in keys:
            continue
        if " " in term:
            variants.setdefault(term.replace(" ", "-"), key)
        if "-" in term and len(found.lemmas) > 1:
            variants.setdefault(term.replace("-", " "), key)
    return variants


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
