"""Finding a table's rows again on re-ingest, so each keeps its source id, and with it its
codings, memos and case.

A row named by a key column is that key: found by it, whatever else changed. A row named by
its number is found by what it holds, since its number changes when a row above it is
deleted, inserted or sorted away:
- a row whose cells are a stored row's takes that row's id, wherever it stood (rows with
  the same cells take their ids in order);
- a row whose cells changed takes the id of the stored row whose text is most like its own
  (at least MIN_SIMILARITY alike), among the stored rows no row took yet. Where there are
  many of both, only the likely ones are weighed: the stored rows after the row before it
  and before the row after it, and the one that had its number;
- else it is new, and a deleted row's id is not given to it while that row's codings wait
  as orphans (`reserved`).
"""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import Callable

from qualcode.textrules import natural_key

ROW_MARK = "::"  # a row's path: its table's, this, and its name
# An edited answer still reads mostly as it did; a different respondent's answer does not
MIN_SIMILARITY = 0.6
# Changed rows × unclaimed stored rows weighed against each other in full; beyond, only the
# likely ones (a whole table changed at once would otherwise cost a comparison per pair)
MAX_PAIRS = 2_500


def row_ids(display: str, rows: list[tuple[str, str, str]], known_ids: dict[str, str],
            known_shas: dict[str, str], numbered: bool,
            texts_of: Callable[[list[str]], dict[str, str]] | None = None) -> list[str | None]:
    """The stored id of each row given as (path, sha256, text); None for a row new to the
    store. `known_ids` and `known_shas`: every stored source's id and sha256, by path;
    `texts_of(ids)`: the stored texts of those sources (without it, a changed row keeps the
    id of its place, as a key would)."""
    stored = {path: (ident, known_shas.get(path)) for path, ident in known_ids.items()
              if ROW_MARK in path and path.split(ROW_MARK, 1)[0] == display}
    order = [stored[path][0] for path in sorted(stored, key=natural_key)]  # as the rows stood
    place = {ident: k for k, ident in enumerate(order)}
    by_sha: dict[str, list[str]] = {}
    for ident, sha in sorted(stored.values(), key=lambda found: place[found[0]]):
        if sha is not None:
            by_sha.setdefault(sha, []).append(ident)
    ids: list[str | None] = [by_sha[sha].pop(0) if by_sha.get(sha) else None for _, sha, _ in rows]
    claimed = {ident for ident in ids if ident is not None}
    changed = [at for at, ident in enumerate(ids) if ident is None]
    free = [ident for ident in order if ident not in claimed]
    if not changed or not free:
        return ids
    if not numbered or texts_of is None:  # a key is the row's name: found by it alone
        for at in changed:
            ident = stored.get(rows[at][0], (None, None))[0]
            if ident is not None and ident not in claimed:
                ids[at] = ident
                claimed.add(ident)
        return ids
    candidates = _candidates(rows, ids, changed, free, order, place, stored)
    texts = texts_of(sorted({ident for found in candidates.values() for ident in found}))
    # the most alike pairs first; of equally alike ones (two respondents who wrote the same
    # words), the stored row that stood nearest, then the earlier row
    scored = sorted(((_similarity(rows[at][2], texts[ident]), -abs(place[ident] - at), -at, ident)
                     for at, found in candidates.items() for ident in found if ident in texts), reverse=True)
    for score, _, earlier, ident in scored:
        if score < MIN_SIMILARITY:
            break
        if ids[-earlier] is None and ident not in claimed:
            ids[-earlier] = ident
            claimed.add(ident)
    return ids


def _candidates(rows: list[tuple[str, str, str]], ids: list[str | None], changed: list[int], free: list[str],
                order: list[str], place: dict[str, int],
                stored: dict[str, tuple[str, str | None]]) -> dict[int, list[str]]:
    """The stored rows each changed row is weighed against: every free one, or, with many
    of both, those its neighbours and its number point at (`place`: each stored id's place
    in `order`, as the rows stood)."""
    if len(changed) * len(free) <= MAX_PAIRS:
        return {at: free for at in changed}
    unclaimed = set(free)
    found: dict[int, list[str]] = {}
    for at in changed:
        likely = []
        if at > 0 and ids[at - 1] in place and place[ids[at - 1]] + 1 < len(order):
            likely.append(order[place[ids[at - 1]] + 1])
        if at + 1 < len(rows) and ids[at + 1] in place and place[ids[at + 1]] > 0:
            likely.append(order[place[ids[at + 1]] - 1])
        if rows[at][0] in stored:
            likely.append(stored[rows[at][0]][0])
        found[at] = [ident for ident in dict.fromkeys(likely) if ident in unclaimed]
    return found


def _similarity(new: str, old: str) -> float:
    """How alike two texts read, 0 to 1 (difflib's ratio, its cheap upper bounds first)."""
    matcher = SequenceMatcher(None, new, old, autojunk=False)
    if matcher.real_quick_ratio() < MIN_SIMILARITY or matcher.quick_ratio() < MIN_SIMILARITY:
        return 0.0
    return matcher.ratio()
