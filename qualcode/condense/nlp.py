"""Language pipelines: spacy.blank(lang) + lookup lemmatizer + sentencizer, built once per process.

Nothing is downloaded: lemmas come from spacy-lookups-data. A `qualcode_lemma`
component runs last and makes lemmas case-insensitive; for Indonesian it adds the
clitic, reduplication and affix rules of `qualcode.condense.indonesian`.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from qualcode.condense.indonesian import IndonesianLemmatizer
from qualcode.errors import PipelineError

_LEMMATIZERS: dict[str, object] = {}


def _table(nlp: Language):
    """The lookup Table (keys are hashed: probe it with strings, don't list it)."""
    if "lemmatizer" not in nlp.pipe_names:
        return {}
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    return lookups.get_table("lemma_lookup") if lookups and lookups.has_table("lemma_lookup") else {}


@Language.factory("qualcode_lemma")
def _make_lemma_component(nlp: Language, name: str):
    language = nlp.lang
    state: dict = {}

    def lemma_of(word: str) -> str:
        if "rule" not in state:
            table = _table(nlp)
            if language == "id":
                state["rule"] = IndonesianLemmatizer(table, frozenset(nlp.Defaults.stop_words))
            else:
                state["rule"] = lambda w: (table.get(w.lower()) or table.get(w) or w).lower()
        return state["rule"](word)

    def component(doc: Doc) -> Doc:
        for token in doc:
            if not token.is_space and not token.is_punct:
                token.lemma_ = lemma_of(token.text)
            else:
                token.lemma_ = token.text.lower()
        return doc

    _LEMMATIZERS[language] = lemma_of
    return component


@lru_cache(maxsize=None)
def pipeline(language: str, trained: str | None = None) -> Language:
    """The pipeline for a language; a configured trained package replaces the blank one."""
    if trained:
        if importlib.util.find_spec(trained) is None:
            raise PipelineError(
                f"spaCy pipeline {trained!r} for {language!r} is not installed; run "
                f"`python -m spacy download {trained}` or `pip install {trained}`, "
                f"or remove it from [pipelines] in qualcode.toml")
        nlp = spacy.load(trained, exclude=["ner", "parser"])
    else:
        nlp = spacy.blank(language)
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        nlp.add_pipe("sentencizer")
        nlp.initialize()
    nlp.add_pipe("qualcode_lemma", last=True)
    return nlp


def lemma_key(doc: Doc) -> str:
    """A phrase's lemmas joined by spaces: the form codebook terms are compared in."""
    return " ".join(t.lemma_ for t in doc if not t.is_space)
