"""The codebook use cases that need more than its YAML."""

from __future__ import annotations

from pathlib import Path


def lint_codebook_terms(path: Path, trained: dict[str, str] | None = None):
    """(codebook, issues): the YAML's errors and warnings (`lint_codebook`), then, when it
    has no errors, its terms that the lemmas make one (`term_overlaps`; this builds the
    coding pipelines, as `code auto` would)."""
    from qualcode.codebook import lint_codebook
    from qualcode.condense.term_lint import spacy_lemma_keys, term_overlaps

    codebook, issues = lint_codebook(path)
    if not any(issue.severity == "error" for issue in issues):
        issues = issues + term_overlaps(codebook, spacy_lemma_keys(trained), str(path))
    return codebook, issues
