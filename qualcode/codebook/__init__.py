"""Codebook YAML: load, validate (lint), and hand the stages a typed Codebook."""

from qualcode.codebook.loader import Issue, lint_codebook, load_codebook

__all__ = ["Issue", "lint_codebook", "load_codebook"]
