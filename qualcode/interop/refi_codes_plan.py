"""Imported REFI codes mapped onto a codebook: which are ours already, which are new.

A REFI code is the same as one of our codes when its GUID is the one we export for
that code, or its Description names our id, or its name equals one of the code's
labels. Anything else becomes a new code appended to the codebook; the codebook's own
codes are never rewritten (they carry keywords and the researcher's wording).
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass, field

from qualcode.interop import refi_guid
from qualcode.interop.refi_codes import (
    CROSS_CUTTING_SET, DIMENSIONS_SET, described_keywords, normal_color, parse_description,
)
from qualcode.interop.refi_import import RefiCode, RefiSet
from qualcode.model import Code, Codebook, unique_id

_CODE_FIELDS = {f.name for f in dataclasses.fields(Code)}
# "Dimension term (id): strategi" in the framework set's description (`refi_export`)
_TERM_KEY = re.compile(r"Dimension term \(([^()]+)\)")
_NAME_KEY = re.compile(r"(Framework|Codebook) \(([^()]+)\)")  # "Framework (id): …", likewise


def code_slug(name: str, fallback: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug or fallback


@dataclass
class CodePlan:
    code_map: dict[str, str] = field(default_factory=dict)  # REFI guid -> our code id
    new_codes: list[Code] = field(default_factory=list)
    matched: int = 0
    codebook_name: str | None = None
    framework_name: str | None = None
    dimensions: list[str] = field(default_factory=list)
    cross_cutting: list[str] = field(default_factory=list)
    dimension_term: dict[str, str] = field(default_factory=dict)  # language -> word
    framework_names: dict[str, str] = field(default_factory=dict)  # language -> name
    codebook_names: dict[str, str] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)


def plan_codes(codes: list[RefiCode], sets: list[RefiSet], codebook: Codebook | None,
               language: str) -> CodePlan:
    """Map every REFI code to an existing code id or a new Code."""
    plan = CodePlan()
    existing = list(codebook.codes) if codebook else []
    ids = {code.id for code in existing}
    by_guid = {refi_guid("code", code.id): code.id for code in existing}
    by_label: dict[str, list[str]] = {}
    for code in existing:
        for label in dict.fromkeys(label.casefold() for label in code.label.values()):
            by_label.setdefault(label, []).append(code.id)
    parent_of = {code.id: code.parent for code in existing}
    has_children = {code.parent for code in codes if code.parent}
    taken = set(ids)
    described_ids: dict[str, str] = {}  # REFI guid -> the qualcode id its description gives
    for refi in codes:
        described = parse_description(refi.description)
        if described.code_id:
            described_ids[refi.guid] = described.code_id
        if refi.guid in by_guid:
            plan.code_map[refi.guid] = by_guid[refi.guid]
        elif described.code_id in ids:
            plan.code_map[refi.guid] = described.code_id
        elif (named := _same_named(by_label.get(refi.name.casefold(), []), parent_of,
                                   plan.code_map.get(refi.parent) if refi.parent else None)):
            plan.code_map[refi.guid] = named
        else:
            plan.new_codes.append(_new_code(refi, described, plan, taken, has_children, language))
            continue
        plan.matched += 1
    _implied_ids(plan, described_ids)
    _framework(plan, sets, codes)
    return plan


def _same_named(candidates: list[str], parent_of: dict[str, str | None], parent: str | None) -> str | None:
    """The existing code a REFI code of that name is: the one under the same parent; else the
    only one, unless both sit under parents of their own that differ ("Lainnya" under two
    codes is two codes, and a re-import must not merge them)."""
    fitting = [code for code in candidates if parent_of[code] == parent]
    if fitting:
        return fitting[0]
    if len(candidates) == 1 and not (parent and parent_of[candidates[0]]):
        return candidates[0]
    return None


def _implied_ids(plan: CodePlan, described_ids: dict[str, str]) -> None:
    """A new code's `implies` named the exporting codebook's ids: here, the ids those codes got
    (a code given another id on import is followed; one not in the file is left out, and said)."""
    final = {described_ids[guid]: code_id for guid, code_id in plan.code_map.items() if guid in described_ids}
    for k, code in enumerate(plan.new_codes):
        if not code.implies:
            continue
        kept = tuple(final[i] for i in code.implies if i in final)
        for missing in (i for i in code.implies if i not in final):
            plan.skipped.append(f"code {code.id}: implies {missing!r}, which the file does not hold; left out")
        plan.new_codes[k] = dataclasses.replace(code, implies=kept)


def _new_code(refi: RefiCode, described, plan: CodePlan, taken: set[str], has_children: set[str],
              language: str) -> Code:
    wanted = described.code_id or code_slug(refi.name, f"code-{refi.guid[:8]}")
    code_id = unique_id(wanted, taken)
    taken.add(code_id)
    plan.code_map[refi.guid] = code_id
    labels = dict(described.labels) or {language: refi.name}
    if refi.name not in labels.values():
        labels[language] = refi.name  # renamed in the other tool: the new name wins
    parent = plan.code_map.get(refi.parent) if refi.parent else None
    kind = described.kind or ("subcode" if parent else "dimension" if refi.guid in has_children else "theme")
    color = normal_color(refi.color)
    if refi.color and color is None:
        plan.skipped.append(f"code {refi.name}: colour {refi.color!r} not understood; left out")
    keywords, excluded = described_keywords(described)
    extra = {"polarity": described.polarity} if described.polarity and "polarity" in _CODE_FIELDS else {}
    if described.implies:
        extra["implies"] = described.implies  # the exporting codebook's ids (`_implied_ids`)
    return Code(id=code_id, label=labels, kind=kind, parent=parent,
                definition=dict(described.definition), include=dict(described.include),
                exclude=dict(described.exclude), examples=tuple(described.examples),
                keywords=keywords, exclude_keywords=excluded, color=color, **extra)


def _framework(plan: CodePlan, sets: list[RefiSet], codes: list[RefiCode]) -> None:
    """The framework a new codebook gets: the framework sets we export, else the top-level codes."""
    for refi_set in sets:
        members = [plan.code_map[g] for g in refi_set.codes if g in plan.code_map]
        if refi_set.name.casefold() == DIMENSIONS_SET.casefold():
            plan.dimensions = members
            for line in refi_set.description.splitlines():
                key, _, value = line.partition(":")
                if key.strip() == "Framework" and value.strip():
                    plan.framework_name = value.strip()
                elif key.strip() == "Codebook" and value.strip():
                    plan.codebook_name = value.strip()
                elif (term := _TERM_KEY.fullmatch(key.strip())) and value.strip():
                    plan.dimension_term[term.group(1)] = value.strip()
                elif (named := _NAME_KEY.fullmatch(key.strip())) and value.strip():
                    names = plan.framework_names if named.group(1) == "Framework" else plan.codebook_names
                    names[named.group(2)] = value.strip()
        elif refi_set.name.casefold() == CROSS_CUTTING_SET.casefold():
            plan.cross_cutting = members
        elif refi_set.codes:
            plan.skipped.append(f"set {refi_set.name or '(unnamed)'}: only the framework's sets are "
                                "imported")
    if not plan.dimensions:
        plan.dimensions = list(dict.fromkeys(plan.code_map[c.guid] for c in codes if c.parent is None))
