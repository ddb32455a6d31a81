"""Memos: analytic notes attached to the project or to anything in it."""

from __future__ import annotations

from qualcode.errors import QualcodeError
from qualcode.project import ProjectConfig
from qualcode.store import Store
from qualcode.store.memos import MEMO_TARGETS, MemoRecord
from qualcode.workflow.coding import known_source, stored_segment_id


def _check_target(store: Store, config: ProjectConfig, kind: str, target: str) -> str:
    """The target as stored (a source named by its file's name is its id); refuse an unknown one."""
    if kind not in MEMO_TARGETS:
        raise QualcodeError(f"unknown memo target {kind!r}; use one of {', '.join(MEMO_TARGETS)}")
    if kind == "project":
        if target:  # a word meant as the memo's text, perhaps: say so rather than drop it
            raise QualcodeError(f"a project memo takes no target (got {target!r}); give the text with -t")
        return target
    if kind == "source":
        target = known_source(store, target)
    if kind == "segment":
        target = stored_segment_id(store, target)  # its source named by its file's name, perhaps
        if store.segment(target) is None:
            raise QualcodeError(f"unknown segment {target!r}")
    if kind == "case" and target not in {c.id for c in store.cases()}:
        raise QualcodeError(f"unknown case {target!r}")
    if kind == "code":
        from qualcode.codebook import load_codebook

        known = load_codebook(config.codebook_path).by_id()
        if target not in known:
            from qualcode.workflow.coding import did_you_mean

            raise QualcodeError(f"unknown code {target!r}{did_you_mean(target, known)}")
    if kind == "display":
        from qualcode.workflow.display_specs import declared_displays

        if target not in {entry.name for entry in declared_displays(config)}:
            raise QualcodeError(f"unknown display {target!r}; `qualcode display list` names them")
    if not target:
        raise QualcodeError(f"a {kind} memo needs a target id")
    return target


def add_memo(config: ProjectConfig, kind: str, target: str, text: str,
             author: str | None = None) -> int:
    if not text.strip():
        raise QualcodeError("a memo needs some text")
    with Store(config.store_path) as store:
        target = _check_target(store, config, kind, target)
        if kind == "coding":
            target = str(_coding_id(store, target, author or config.coder))
        with store.transaction():
            return store.add_memo(kind, target if kind != "project" else "", author or config.coder, text)


def _coding_id(store: Store, target: str, coder: str) -> int:
    """A coding named `SEGMENT/CODE` (the memo's author's own row, else the one that counts
    for the segment: a person's before the machine's), or by its number."""
    segment_id, slash, code_id = target.rpartition("/")
    segment_id = stored_segment_id(store, segment_id) if slash else segment_id
    found = store.coding_id(segment_id, code_id, coder) if slash else \
        (int(target) if target.isdigit() and store.coding_exists(int(target)) else None)
    if found is not None:
        return found
    if slash and store.segment(segment_id) is not None:  # named right, but no such coding there
        codes = sorted({c.code_id for c in store.codings_of_segment(segment_id)})
        raise QualcodeError(f"{segment_id} has no {code_id!r} coding"
                            + (f"; its codings: {', '.join(codes)}" if codes else ", nor any other"))
    raise QualcodeError(f"unknown coding {target!r}; name it SEGMENT/CODE, e.g. "
                        f"{segment_id or 'SOURCE:3'}/CODE (`qualcode code list` shows both)")


def list_memos(config: ProjectConfig, kind: str | None = None, target: str | None = None) -> list[MemoRecord]:
    """Memos, of one kind or on one target. An unknown kind, or a target that is unknown and
    has no memos (memos on a code since renamed are still listed), is an error: an empty
    list would say there are no memos on something that is not there."""
    if kind is not None and kind not in MEMO_TARGETS:
        raise QualcodeError(f"unknown memo target {kind!r}; use one of {', '.join(MEMO_TARGETS)}")
    with Store(config.store_path) as store:
        if kind == "coding" and target and "/" in target:
            target = str(_coding_id(store, target, config.coder))
        found = store.memos(kind, target)
        if not found and kind not in (None, "project") and target:
            stored = _check_target(store, config, kind, target)
            found = store.memos(kind, stored) if stored != target else found
        return _described(store, found)


def _described(store: Store, memos: list[MemoRecord]) -> list[MemoRecord]:
    """Each memo with what it is on in words: a coding by SEGMENT/CODE, as it is named when
    written (its number is the store's), or said to be gone."""
    from dataclasses import replace

    codings = [int(m.target_id) for m in memos if m.target_kind == "coding" and m.target_id.isdigit()]
    names = store.coding_names(codings) if codings else {}
    described = []
    for memo in memos:
        about = memo.target_kind + (f" {memo.target_id}" if memo.target_id else "")
        if memo.target_kind == "coding" and memo.target_id.isdigit():
            about = f"coding {names.get(int(memo.target_id), f'#{memo.target_id} (no longer stored)')}"
        described.append(replace(memo, about=about))
    return described


def show_memo(config: ProjectConfig, memo_id: int) -> MemoRecord:
    with Store(config.store_path) as store:
        memo = store.memo(memo_id)
        if memo is None:
            raise QualcodeError(f"no memo #{memo_id}")
        return _described(store, [memo])[0]
