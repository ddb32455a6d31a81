"""Language pipelines: spacy.blank(lang) + sentencizer + qualcode_lemma, built once per process.

Nothing is downloaded: lemmas come from spacy-lookups-data. The `qualcode_lemma`
component runs last and sets every lemma: the lookup table's, made case-insensitive; for
Indonesian with the clitic, reduplication and affix rules of `qualcode.condense.indonesian`
(first joining a reduplication the tokenizer split at its hyphen back into one token). It
works on whole arrays (one rule call per distinct word form, not per token). A blank
pipeline reads the lookup table directly, so it needs no lookup lemmatizer (whose lemmas
`qualcode_lemma` would overwrite anyway); a trained one keeps its own lemmatizer's table.
Its tokenizer is spaCy's, with the hyphenated special cases loaded as texts need them
(`qualcode.condense.lazy_tokenizer`). Bulk coding skips the sentencizer (`CODING_SKIPS`).
"""

from __future__ import annotations

import importlib.util
import weakref
from functools import lru_cache

import numpy as np

from qualcode.condense.spacy_import import import_spacy

spacy = import_spacy()  # before any `from spacy...`: see spacy_import
from spacy.attrs import IS_ALPHA, IS_PUNCT, IS_SPACE, LEMMA, LIKE_NUM, LOWER, ORTH
from spacy.language import Language
from spacy.tokens import Doc

from qualcode.condense.indonesian import IndonesianLemmatizer
from qualcode.condense.lazy_tokenizer import LAZY_TOKENIZER
from qualcode.errors import PipelineError

_LEMMATIZERS: dict[str, object] = {}
# Components bulk coding can skip: qualcode_lemma supersedes the lookup lemmatizer (it
# reads the same table), and segments are coded whole, so sentences are not needed.
CODING_SKIPS = ("lemmatizer", "sentencizer")


def _table(nlp: Language):
    """The lookup Table (keys are hashed: probe it with strings, don't list it)."""
    if "lemmatizer" not in nlp.pipe_names:
        return {}
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    return lookups.get_table("lemma_lookup") if lookups and lookups.has_table("lemma_lookup") else {}


@lru_cache(maxsize=None)
def lookup_table(language: str) -> dict[str, str]:
    """spacy-lookups-data's `lemma_lookup` table, what the lookup lemmatizer reads, as a plain
    dict: building spaCy's Table of it (every key hashed) takes longer than the whole run."""
    from spacy.util import load_language_data, registry

    if language not in registry.lookups:
        return {}
    tables = registry.lookups.get(language)
    return dict(load_language_data(tables["lemma_lookup"])) if "lemma_lookup" in tables else {}


# Words the lookup table reduces to another word of another sense: "media" is no "medium"
# (medium-term), "goods" no "good", "taxes" no "taxis"; a codebook's term and the text must
# not meet through them. Nor is the discourse marker "Well, …" a "good" (the table's), and
# the comparatives are of good and bad, not of well and wrong.
LEMMA_FIXES = {"en": {"media": "media", "data": "data", "goods": "goods", "customs": "customs", "taxes": "tax",
                      "well": "well", "better": "good", "best": "good", "worse": "bad", "worst": "bad",
                      # the table gives "training" train but "trainings" training; "tired" is no tyre
                      "trainings": "train", "tired": "tired",
                      # being pleased is no "please" (a request: "please add a status tracker")
                      "pleased": "pleased", "displeased": "displeased"}}


@Language.factory("qualcode_lemma", default_config={"read_lookups": False})
def _make_lemma_component(nlp: Language, name: str, read_lookups: bool):
    """`read_lookups`: read spacy-lookups-data's table directly (blank pipelines, which have
    no lemmatizer of their own), rather than the pipeline's lemmatizer's."""
    language = nlp.lang
    state: dict = {}

    def rule():
        if "rule" not in state:
            table = lookup_table(language) if read_lookups else _table(nlp)
            if language == "id":
                state["rule"] = IndonesianLemmatizer(table, frozenset(nlp.Defaults.stop_words),
                                                     english=_english_inflection())
            elif language == "en":  # British and American spellings meet (english_spelling)
                from qualcode.condense.english_spelling import american, british

                fixed = LEMMA_FIXES["en"]
                state["rule"] = lambda w: american(
                    (fixed.get(w.lower()) or table.get(w.lower()) or table.get(american(w.lower()))
                     or table.get(british(w.lower())) or table.get(w) or w).lower())
            else:
                fixed = LEMMA_FIXES.get(language, {})
                state["rule"] = lambda w: (fixed.get(w.lower()) or table.get(w.lower()) or table.get(w) or w).lower()
        return state["rule"]

    def lemma_of(word: str) -> str:
        return rule()(word)

    strings = nlp.vocab.strings
    hyphen = strings.add("-")
    by_orth: dict[int, int] = {}  # orth hash -> lemma hash, across the whole process

    def component(doc: Doc) -> Doc:
        if language == "id":
            _join_split_reduplications(doc, hyphen, rule().is_reduplication)
        orths = doc.to_array([ORTH])
        if not len(orths):
            return doc
        distinct, positions = np.unique(orths, return_inverse=True)
        lemmas = np.empty(len(distinct), dtype=np.uint64)
        for i, orth in enumerate(distinct.tolist()):
            lemma = by_orth.get(orth)
            if lemma is None:
                text = strings[orth]
                form = lemma_of(text) if any(ch.isalnum() for ch in text) else text.lower()
                lemma = by_orth[orth] = strings.add(form)
            lemmas[i] = lemma
        doc.from_array([LEMMA], lemmas[positions].reshape(-1, 1))
        return doc

    _LEMMATIZERS[language] = lemma_of
    # Its memo holds string hashes: forget them when a memory zone has freed the strings.
    component.forget = by_orth.clear
    component.lemma_of = lemma_of  # the lemma of a word spaCy makes one token of (ChunkTokenizer)
    return component


def _english_inflection():
    """For Indonesian text: the lemma of a word the English table lists as an inflected form
    of another (audited audit, budgets budget, improved improve), else None. Only such forms:
    an Indonesian word the English table happens to hold as itself is left to its own rules.
    The table is read the first time a word needs it."""
    table: dict[str, str] = {}

    def lemma(word: str) -> str | None:
        if len(word) < 4 or not word.isascii() or not word.isalpha():
            return None
        if not table:
            table.update(lookup_table("en") or {"": ""})
        found = LEMMA_FIXES["en"].get(word) or table.get(word)
        return found.lower() if found and found.lower() != word else None

    return lemma


def _join_split_reduplications(doc: Doc, hyphen: int, is_reduplication) -> None:
    """Make `rata-ratanya` one token again when the tokenizer split it at the hyphen (it keeps
    only the reduplications it lists whole), so the reduplication rules see the whole word.
    Compounds such as `e-KTP` or `smart-city` stay split: their parts are terms of their own."""
    positions = np.nonzero(doc.to_array([ORTH]).reshape(-1) == hyphen)[0].tolist()
    spans, last_end = [], 0
    for i in positions:
        if i == 0 or i + 1 >= len(doc) or i - 1 < last_end:
            continue
        before, dash, after = doc[i - 1], doc[i], doc[i + 1]
        if (not before.whitespace_ and not dash.whitespace_ and before.is_alpha and after.is_alpha
                and is_reduplication(before.text, after.text)):
            spans.append(doc[i - 1:i + 2])
            last_end = i + 2
    if spans:
        with doc.retokenize() as retokenizer:
            for span in spans:
                retokenizer.merge(span)


@lru_cache(maxsize=None)
def pipeline(language: str, trained: str | None = None) -> Language:
    """The pipeline for a language; a configured trained package replaces the blank one."""
    if trained:
        if importlib.util.find_spec(trained) is None:
            raise PipelineError(
                f"spaCy pipeline {trained!r} for {language!r} is not installed; run "
                f"`python -m spacy download {trained}` or `pip install {trained}`, "
                f"or remove it from [pipelines] in qualcode.toml")
        try:
            nlp = spacy.load(trained, exclude=["ner", "parser"])
        except (OSError, ValueError) as exc:  # installed, but not a spaCy pipeline (E050, E053 …)
            raise PipelineError(f"{trained!r} for {language!r} in [pipelines] of qualcode.toml is not a "
                                f"spaCy pipeline spaCy can load ({str(exc).split(chr(10))[0]})") from None
    else:
        # the same tokenizer as spacy.blank's, its hyphenated special cases loaded on demand
        # and no lookup lemmatizer: qualcode_lemma reads its table and sets every lemma
        nlp = spacy.blank(language, config={"nlp": {"tokenizer": {"@tokenizers": LAZY_TOKENIZER}}})
        nlp.add_pipe("sentencizer")
        nlp.add_pipe("qualcode_lemma", last=True, config={"read_lookups": True})
        _keep_read_attributes(nlp.vocab)
        return nlp
    nlp.add_pipe("qualcode_lemma", last=True)
    return nlp


# The lexical attributes qualcode reads from tokens (negation, suggestions, reduplication,
# the chunk memo). spaCy works out ~23 for every new word (shape, norm, prefix, suffix, ...):
# on a million words, about a sixth of learning its distinct chunks.
READ_ATTRIBUTES = (LOWER, IS_ALPHA, IS_PUNCT, IS_SPACE, LIKE_NUM)


def _keep_read_attributes(vocab) -> None:
    """Work out, for each new lexeme, only the attributes qualcode reads (a blank pipeline:
    a trained one's components may read any)."""
    getters = vocab.lex_attr_getters
    vocab.lex_attr_getters = {attr: getters[attr] for attr in READ_ATTRIBUTES if attr in getters}


_CHUNK_TOKENIZERS: "weakref.WeakKeyDictionary[Language, object]" = weakref.WeakKeyDictionary()


def chunk_tokenizer(nlp: Language):
    """The ChunkTokenizer of a pipeline (one per pipeline, so its memo is shared)."""
    from qualcode.condense.chunk_tokenizer import ChunkTokenizer

    found = _CHUNK_TOKENIZERS.get(nlp)
    if found is None:
        found = _CHUNK_TOKENIZERS[nlp] = ChunkTokenizer(nlp, CODING_SKIPS)
    return found


def lemma_key(doc: Doc) -> str:
    """A phrase's lemmas joined by spaces: the form codebook terms are compared in."""
    return " ".join(t.lemma_ for t in doc if not t.is_space)
