"""Which codes a codebook edit changed, so a segment is matched again for those codes only.

A segment's fingerprint (`TermMatcher.segment_fingerprints`) says whether an edit can touch
its codings, not which of them. Each kept entry also names its `Base`: the codebook, rules
and threshold its rows were made under, as one digest per code. Against the codebook of
this run, the codes whose digest differs are the changed ones, and the affected codes are
those plus their ancestors, before and after the edit. In a touched segment:

- a code that is not affected is suggested exactly as before: its score, matches and
  exclusions depend on its own entries alone, and whether an ancestor relation drops it
  (a code is left out when one of its descendants is suggested) can only change through
  an affected code, which would make it affected too;
- so its kept rows stand, and only the affected codes are matched again
  (`TermMatcher.restricted`), dropping any that a kept code now implies.

A base that is missing or damaged, or of other rules or another threshold, affects every
code: the segment is matched whole, as before.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qualcode.condense.coding_cache import SuggestionRow
    from qualcode.condense.matching import TermMatcher


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Base:
    """What rows were made under: `rules` (the matcher's rules and the threshold) and, per
    code, a digest of its entries and their patterns, and its ancestors. `id` names it in
    a kept entry (16 hex digits)."""

    id: str
    rules: int
    codes: dict[str, tuple[str, tuple[str, ...]]]

    def to_json(self) -> str:
        return json.dumps({"rules": self.rules, "codes": {code: [digest, list(ancestors)] for code, (digest, ancestors)
                                                         in sorted(self.codes.items())}}, ensure_ascii=False)

    @classmethod
    def from_json(cls, base_id: str, text: str | bytes | None) -> "Base | None":
        """The base kept under `base_id`, or None when it is missing or not what `to_json` wrote."""
        try:
            found = json.loads(text)
            rules, codes = found["rules"], {
                str(code): (str(digest), tuple(str(a) for a in ancestors))
                for code, (digest, ancestors) in found["codes"].items()}
        except (ValueError, TypeError, KeyError, AttributeError):
            return None
        if type(rules) is not int or _digest(text if isinstance(text, str) else text.decode("utf-8")) != base_id:
            return None
        return cls(base_id, rules, codes)

    def affected_since(self, old: "Base | None") -> frozenset[str] | None:
        """The codes whose rows may differ from those made under `old`: changed codes and
        their ancestors then and now. None: every code (no base, or other rules)."""
        if old is None or old.rules != self.rules:
            return None
        if old.id == self.id:
            return frozenset()
        changed = {code for code in old.codes.keys() | self.codes.keys()
                   if old.codes.get(code, ("",))[0] != self.codes.get(code, ("",))[0]}
        affected = set(changed)
        for code in changed:
            for side in (old.codes, self.codes):
                affected.update(side.get(code, ("", ()))[1])
        return frozenset(affected)


def base_of(matcher: "TermMatcher", threshold: float) -> Base:
    """This matcher's base at `threshold` (worked out once per matcher and threshold)."""
    found = matcher.bases.get(threshold)
    if found is None:
        patterns_of: dict[str, list] = defaultdict(list)  # key -> the lemma sequences it matches
        for lemmas, keys in matcher.index.patterns.items():
            for key in keys:
                patterns_of[key].append(lemmas)
        entries_of: dict[str, list] = defaultdict(list)
        for key, entries in matcher.entries.items():
            for code, weight, excludes, polar in entries:
                entries_of[code].append((key, weight, excludes, polar, sorted(patterns_of[key])))
        codes = {code: (_digest(repr((sorted(entries_of[code]), sorted(ancestors)))), tuple(sorted(ancestors)))
                 for code, ancestors in matcher.ancestors.items()}
        rules = matcher.rules_digest(threshold)
        text = Base("", rules, codes).to_json()
        found = matcher.bases[threshold] = Base(_digest(text), rules, codes)
    return found


def merge_rows(kept: list["SuggestionRow"], fresh: list["SuggestionRow"], affected: frozenset[str],
               ancestors: dict[str, set[str]]) -> list["SuggestionRow"]:
    """A segment's rows: its kept rows of the codes not affected, and the affected codes'
    fresh rows (matched by a restricted matcher) unless a kept code implies them; by code,
    as `TermMatcher.codings` orders them."""
    standing = [row for row in kept if row.code_id not in affected]
    implied = set().union(*(ancestors.get(row.code_id, ()) for row in standing))
    merged = standing + [row for row in fresh if row.code_id not in implied]
    merged.sort(key=lambda row: row.code_id)
    return merged
