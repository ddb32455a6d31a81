"""Turn a PyYAML error into a line number and a short reason a person can act on."""

from __future__ import annotations

import yaml


def describe(exc: yaml.YAMLError) -> tuple[int | None, str]:
    """(1-based line within the parsed text, reason).

    PyYAML notices an unclosed bracket or quote only where the text ends; then the
    construct that was left open (its context mark) is the line the user must fix.
    Otherwise the problem mark is where the text goes wrong."""
    problem = getattr(exc, "problem_mark", None)
    context = getattr(exc, "context_mark", None)
    ran_out = "end of stream" in str(getattr(exc, "problem", "")) or "<stream end>" in str(
        getattr(exc, "problem", ""))
    context_text = str(getattr(exc, "context", "") or "")
    left_open = ran_out or "flow" in context_text or "quoted" in context_text
    mark = context if context is not None and (problem is None or left_open) else problem
    reason = " ".join(p for p in (getattr(exc, "context", None), getattr(exc, "problem", None)) if p)
    return (mark.line + 1 if mark is not None else None), (reason or "invalid YAML")
