"""Guess a source's language from stop-word ratios when front matter does not say."""

from __future__ import annotations

import re
import sys
from functools import lru_cache
from pathlib import Path

SUPPORTED = ("id", "en")
_WORD = re.compile(r"[^\W\d_]+")
_LABELS = re.compile(r"(?m)^[^\S\n]*(?:[\[(][\d:.,]+[\])][^\S\n]*)?[^\W\d_][\w.'’\- ]{0,30}:")


@lru_cache(maxsize=None)
def _stop_words(language: str) -> frozenset[str]:
    """spaCy's stop words for the language. Ingest needs only these, so unless spaCy is
    already imported its word list is read on its own: importing spaCy would take about
    half a second more of every ingest of a table."""
    words = None if "spacy" in sys.modules else _stop_words_file(language)
    if words is not None:
        return words
    from qualcode.condense.spacy_import import import_spacy

    import_spacy()  # without spaCy's CLI: see spacy_import
    if language == "id":
        from spacy.lang.id.stop_words import STOP_WORDS
    else:
        from spacy.lang.en.stop_words import STOP_WORDS
    return frozenset(STOP_WORDS)


def _stop_words_file(language: str) -> frozenset[str] | None:
    """STOP_WORDS of spacy/lang/<language>/stop_words.py, run as a module of its own
    (it imports nothing); None when spaCy keeps it elsewhere or in another form."""
    import importlib.util

    package = importlib.util.find_spec("spacy")  # finds the package without importing it
    if package is None or not package.submodule_search_locations:
        return None
    path = Path(package.submodule_search_locations[0], "lang", language, "stop_words.py")
    spec = importlib.util.spec_from_file_location(f"_qualcode_stop_words_{language}", path)
    if spec is None or not path.is_file():
        return None
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception:  # a spaCy release whose list needs its package: imported the usual way
        return None
    words = getattr(module, "STOP_WORDS", None)
    return frozenset(words) if isinstance(words, (set, frozenset)) and words else None


def detect_language(text: str, default: str) -> str:
    """The supported language whose stop words cover most tokens; `default` when unclear."""
    # Speaker labels ("I:", "Interviewer:") are not the language of the talk.
    words = [w.lower() for w in _WORD.findall(_LABELS.sub("", text[:20000]))]
    if len(words) < 5:
        return default
    scores = {}
    for lang in SUPPORTED:
        stop_words = _stop_words(lang)
        scores[lang] = len([w for w in words if w in stop_words]) / len(words)
    best = max(scores, key=scores.get)
    return best if scores[best] >= 0.05 else default


# Words that give a language away at a glance, between spaces in the lowercased text: a
# segment is weighed as another language than its source's only when it has one of that
# language's (a plain search, a thirtieth of a second per million words; most have none).
_MARKERS = {
    "en": re.compile(r" (?:the|is|are|and|of|to|that|this|it|was|have|we|they) "),
    "id": re.compile(r" (?:yang|dan|itu|ini|tidak|di|ke|saya|kami|ada|dengan|untuk) "),
}
# A switch is a whole answer, plainly in the other language: a sentence of eight words or
# more, a quarter of them its function words, three times as many as the source language's.
SWITCH_MIN_WORDS = 8
SWITCH_MIN_SHARE = 0.25
SWITCH_DOMINANCE = 3


def segment_language(text: str, source_language: str) -> str:
    """The language of one segment of a source: the source's, unless the segment is plainly
    in another supported language (an informant answering in English in an Indonesian
    interview). A sentence that mixes the two stays the source's."""
    if source_language not in SUPPORTED:
        return source_language
    lowered = None
    for other in SUPPORTED:
        if other == source_language:
            continue
        lowered = lowered if lowered is not None else f" {text.lower()} "
        if not _MARKERS[other].search(lowered):
            continue
        words = [w.lower() for w in _WORD.findall(text)]
        if len(words) < SWITCH_MIN_WORDS:
            continue
        theirs = sum(w in _stop_words(other) for w in words) / len(words)
        own = sum(w in _stop_words(source_language) for w in words) / len(words)
        if theirs >= SWITCH_MIN_SHARE and theirs >= SWITCH_DOMINANCE * own:
            return other
    return source_language
