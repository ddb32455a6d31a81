"""Guess a source's language from stop-word ratios when front matter does not say."""

from __future__ import annotations

import re
from functools import lru_cache

SUPPORTED = ("id", "en")
_WORD = re.compile(r"[^\W\d_]+")
_LABELS = re.compile(r"(?m)^[^\S\n]*(?:[\[(][\d:.,]+[\])][^\S\n]*)?[^\W\d_][\w.'’\- ]{0,30}:")


@lru_cache(maxsize=None)
def _stop_words(language: str) -> frozenset[str]:
    from qualcode.condense.spacy_import import import_spacy

    import_spacy()  # without spaCy's CLI: see spacy_import
    if language == "id":
        from spacy.lang.id.stop_words import STOP_WORDS
    else:
        from spacy.lang.en.stop_words import STOP_WORDS
    return frozenset(STOP_WORDS)


def detect_language(text: str, default: str) -> str:
    """The supported language whose stop words cover most tokens; `default` when unclear."""
    # Speaker labels ("I:", "Interviewer:") are not the language of the talk.
    words = [w.lower() for w in _WORD.findall(_LABELS.sub("", text[:20000]))]
    if len(words) < 5:
        return default
    scores = {lang: sum(w in _stop_words(lang) for w in words) / len(words) for lang in SUPPORTED}
    best = max(scores, key=scores.get)
    return best if scores[best] >= 0.05 else default
