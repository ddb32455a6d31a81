"""Versions of the rules cached results depend on, importable without spaCy.

A warm `code auto` reads everything from the token cache and never builds a pipeline; it
still needs these versions to find its cache entries, and importing spaCy just for them
would cost about a second of every such run.
"""

# Bump when a lemma rule changes (`qualcode.condense.nlp`, `qualcode.condense.indonesian`,
# `qualcode.condense.derivations`): cached token streams from older rules are then ignored.
LEMMA_RULES_VERSION = "4"
