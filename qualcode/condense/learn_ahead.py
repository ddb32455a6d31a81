"""Setting up bulk coding ahead, in the process that will code: while another process
ingests (`qualcode.workflow.overlap`), build the pipelines and teach their chunk memos the
codebook's terms and the words of the sources written so far. `iter_auto_code` then finds
the same cached pipelines (`nlp.pipeline`) and memos (`nlp.chunk_tokenizer`) ready."""

from __future__ import annotations

from qualcode.condense.term_index import codebook_terms, other_spellings
from qualcode.model import Codebook


def prepare_coding(codebook: Codebook, language: str, trained: str | None = None) -> None:
    """Build a language's pipeline and teach its chunk memo the codebook's terms: what a bulk
    coding in this process would start with."""
    from qualcode.condense.nlp import chunk_tokenizer, pipeline

    terms = {term for term, _ in codebook_terms(codebook) if term}
    # and their other spellings, which building the matcher asks for too (`TermIndex`)
    terms = sorted(terms.union(*map(other_spellings, terms)))
    # called as autocode's default calls it (two positional arguments): the same cache entry
    tokenizer = chunk_tokenizer(pipeline(language, trained))
    if terms:
        tokenizer.tokenize(terms)


# Learning ahead stops once a memo holds this share of MAX_CHUNKS: past MAX_CHUNKS, the
# coding's first tokenize would empty it, and the words learned ahead with it.
AHEAD_SHARE = 0.75


def learn_ahead(language: str, trained: str | None, texts: list[str]) -> bool:
    """Teach the chunk memo of a language's pipeline (built now if it is not yet) the chunks of
    `texts`, to be coded later in this process. False once the memo is as full as learning
    ahead may make it: learning more could only get it emptied."""
    from qualcode.condense.chunk_tokenizer import MAX_CHUNKS
    from qualcode.condense.nlp import chunk_tokenizer, pipeline

    tokenizer = chunk_tokenizer(pipeline(language, trained))
    if len(tokenizer.memo) >= AHEAD_SHARE * MAX_CHUNKS:
        return False
    tokenizer.learn(texts)
    return True
