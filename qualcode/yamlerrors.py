"""Turn a PyYAML error into a line number and a short reason a person can act on."""

from __future__ import annotations

import yaml


def describe(exc: yaml.YAMLError) -> tuple[int | None, str]:
    """(1-based line within the parsed text, reason).

    PyYAML notices an unclosed bracket only where the text ends; the construct that
    was left open (its context mark) is the line the user must fix."""
    problem = getattr(exc, "problem_mark", None)
    context = getattr(exc, "context_mark", None)
    mark = context if context is not None and (problem is None or context.line < problem.line) else problem
    reason = " ".join(p for p in (getattr(exc, "context", None), getattr(exc, "problem", None)) if p)
    return (mark.line + 1 if mark is not None else None), (reason or "invalid YAML")
