"""Codebook terms that the lemmas make one: what `qualcode codebook lint` warns of beyond the
YAML.

The matcher compares lemmas, and keeps the strongest weight a code has for a lemma sequence
(`CodebookMatcher.suggest`). So two terms that reduce to the same lemmas are one term to it,
which can undo what the codebook says:

- a context term with the lemmas of one of its code's keywords counts as a keyword
  (`pimpinan` beside `kepemimpinan`, both `pimpin`);
- an exclusion term with the lemmas of one of its code's own terms switches the code off
  wherever that term matches;
- two codes, neither above the other, whose terms differ but share lemmas (`penganggaran`
  in one, `anggaran` in the other: `anggar`) each count the other's word. Where the codes
  list a term in common, the overlap is plainly meant and not reported.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Callable

from qualcode.codebook.loader import LANGUAGES, Issue
from qualcode.condense.term_index import ONLY_NEGATED, TermEntry, codebook_terms
from qualcode.model import Codebook

# language, terms -> each term's lemma key (`nlp.lemma_key`)
LemmaKeys = Callable[[str, list[str]], list[str]]


def term_overlaps(codebook: Codebook, lemma_keys: LemmaKeys, path: str,
                  languages: tuple[str, ...] = LANGUAGES) -> list[Issue]:
    """Warnings, one per pair of terms the lemmas make one, at the line of the code they
    concern, in codebook order. As the matcher does, every term (whatever language it is
    listed under) is lemmatised by the pipeline of each language segments are coded in, and
    the codebook's terms are its matcher's entries (`codebook_terms`)."""
    found: dict[str, tuple[int, Issue]] = {}
    order = {code.id: k for k, code in enumerate(codebook.codes)}
    line = {code.id: code.line for code in codebook.codes}

    def warn(code_id: str, message: str) -> None:
        text = f"{code_id}: {message}"
        found.setdefault(text, (order[code_id], Issue("warning", path, line[code_id], text)))

    ancestors = {code.id: set(codebook.ancestors(code.id)) for code in codebook.codes}
    # a polar code's terms also count, negated, for its opposite siblings: those are not the
    # siblings' own, and a warning at their line would name a term they do not list
    entries = [entry for _, entry in codebook_terms(codebook) if entry.polar != ONLY_NEGATED]
    texts = sorted({entry.term for entry in entries})
    for language in languages:
        key_of = dict(zip(texts, lemma_keys(language, texts)))
        by_key: dict[str, list[TermEntry]] = defaultdict(list)
        for entry in entries:
            if key_of[entry.term].strip():
                by_key[key_of[entry.term]].append(entry)
        for key, shared in by_key.items():
            # one term listed twice in a code (as keyword and as context) is a pair too
            if len({(entry.code_id, entry.term, entry.weight, entry.excludes) for entry in shared}) > 1:
                _within_codes(shared, key, warn)
                _across_codes(ancestors, shared, key, warn)
    return [issue for _, issue in sorted(found.values(), key=lambda pair: pair[0])]


def _within_codes(shared: list[TermEntry], key: str, warn) -> None:
    by_code: dict[str, list[TermEntry]] = defaultdict(list)
    for term in shared:
        by_code[term.code_id].append(term)
    for code_id, own in by_code.items():
        positive = [t for t in own if not t.excludes]
        if not positive:
            continue
        strongest = max(positive, key=lambda t: t.weight)
        for term in positive:
            if term.weight >= strongest.weight:
                continue
            if term.term == strongest.term:
                warn(code_id, f"context term {term.term!r} is also a keyword, so it counts as a keyword; "
                              "drop it from context")
            else:
                warn(code_id, f"context term {term.term!r} has the lemmas of keyword {strongest.term!r} "
                              f"({key}), so it counts as a keyword; drop it or list another word")
        for term in own:
            if term.excludes:
                warn(code_id, f"exclude term {term.term!r} has the lemmas of its term {strongest.term!r} "
                              f"({key}), so it switches the code off wherever that term matches")


def _across_codes(ancestors: dict[str, set[str]], shared: list[TermEntry], key: str, warn) -> None:
    texts: dict[str, set[str]] = defaultdict(set)
    for entry in shared:
        if not entry.excludes:
            texts[entry.code_id].add(entry.term.casefold())
    codes = list(texts)
    for k, first in enumerate(codes):
        for second in codes[k + 1:]:
            related = first in ancestors[second] or second in ancestors[first]
            if related or texts[first] & texts[second]:
                continue  # a subcode refines its parent's term; a term listed in both is meant
            warn(first, f"{_listed(texts[first])} and {_listed(texts[second])} of {second} share the "
                        f"lemmas {key!r}, so each code counts the other's word too")


def _listed(texts: set[str]) -> str:
    return "/".join(repr(text) for text in sorted(texts))


def spacy_lemma_keys(trained: dict[str, str] | None = None) -> LemmaKeys:
    """Lemma keys from the coding pipelines (each language's built once, when first asked)."""
    from qualcode.condense.nlp import lemma_key, pipeline

    built: dict = {}

    def keys(language: str, texts: list[str]) -> list[str]:
        if language not in built:
            built[language] = pipeline(language, (trained or {}).get(language))
        return [lemma_key(doc) for doc in built[language].pipe(texts)]

    return keys
