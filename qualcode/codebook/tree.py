"""The codes as a tree: unique ids, known parents, no cycles, a sane depth, members and
implied codes that are other codes of the codebook, and the warnings a code's place in the
tree explains (no definition, no keywords on a code with no subcodes)."""

from __future__ import annotations

from pathlib import Path

from qualcode.codebook.issues import Issue
from qualcode.model import Code
from qualcode.textrules import did_you_mean


def check_tree(codes: list[Code], path: Path, issues: list[Issue]) -> None:
    """Append to `issues` what is wrong with the codes as a tree (see the module)."""
    seen: dict[str, Code] = {}
    for code in codes:
        if code.id in seen:
            issues.append(Issue("error", str(path), code.line,
                                f"duplicate code id {code.id!r} (first on line {seen[code.id].line})"))
        else:
            seen[code.id] = code
    for code in codes:
        if code.parent and code.parent not in seen:
            # never the code itself: it cannot be its own parent
            hint = did_you_mean(code.parent, [c for c in seen if c != code.id], n=2)
            issues.append(Issue("error", str(path), code.line,
                                f"{code.id}: unknown parent {code.parent!r}{hint}"))
    reported: set[str] = set()
    # codes whose chain of parents was walked to its end: a later walk stops there (a file
    # nesting codes thousands deep would otherwise take a walk of thousands for each code)
    walked: set[str] = set()
    for code in codes:
        trail, on_trail, current = [code.id], {code.id}, code.parent
        while current in seen and current not in reported and current not in walked:
            if current in on_trail:
                cycle = trail[trail.index(current):] + [current]
                issues.append(Issue("error", str(path), code.line,
                                    f"parent cycle: {' -> '.join(cycle)}"))
                reported.update(cycle)
                break
            trail.append(current)
            on_trail.add(current)
            current = seen[current].parent
        walked.update(trail)
    if not reported:
        issues.extend(_too_deep(codes, seen, path))
    for code in codes:
        for member in code.members:
            if member not in seen or member == code.id:
                issues.append(Issue("error", str(path), code.line,
                                    f"{code.id}: member {member!r} is not another code of this codebook"))
        for implied in code.implies:
            if implied not in seen or implied == code.id:
                hint = did_you_mean(implied, [c for c in seen if c != code.id], n=2)
                issues.append(Issue("error", str(path), code.line,
                                    f"{code.id}: implies {implied!r}, which is not another code of this "
                                    f"codebook{hint}"))
    parents = {c.parent for c in codes if c.parent}
    for code in codes:
        if not code.definition:
            issues.append(Issue("warning", str(path), code.line, f"{code.id}: no definition"))
        # a pattern code stands for its members: coding it by hand is the point, not a gap
        if not code.keywords and code.id not in parents and not code.members:
            issues.append(Issue("warning", str(path), code.line,
                                f"{code.id}: no keywords, so it is only ever coded by hand"))


# Far deeper than any codebook a person keeps (NVivo's and ATLAS.ti's are a few levels), and
# far short of the depth at which walking a tree (the display of codes, the qdc export) runs
# out of Python's stack: a hostile or generated file is refused here, whole.
MAX_DEPTH = 100


def _too_deep(codes: list, seen: dict, path: Path) -> list[Issue]:
    """The deepest code, where it nests more than MAX_DEPTH levels (no parent cycles left)."""
    depth: dict[str, int] = {}
    for code in codes:
        chain, current = [], code.id
        while current in seen and current not in depth:
            chain.append(current)
            current = seen[current].parent
        level = depth.get(current, 0)
        for code_id in reversed(chain):
            level += 1
            depth[code_id] = level
    deepest = max(codes, key=lambda code: depth.get(code.id, 0), default=None)
    if deepest is None or depth.get(deepest.id, 0) <= MAX_DEPTH:
        return []
    return [Issue("error", str(path), deepest.line,
                  f"{deepest.id}: nested {depth[deepest.id]:,} levels deep; codes may nest at most "
                  f"{MAX_DEPTH} levels")]
