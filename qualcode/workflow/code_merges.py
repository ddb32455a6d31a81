"""Two codebook changes that take a code out: merging it into another (`codebook merge`) and
deleting it (`codebook delete`). Each changes the codebook's YAML and the store in one
transaction, as a rename does (`qualcode.workflow.codebooks.rename_code`)."""

from __future__ import annotations

from dataclasses import dataclass

from qualcode.errors import QualcodeError
from qualcode.project import ProjectConfig


@dataclass(frozen=True)
class MergedCode:
    old: str
    into: str
    moved: dict                # rows moved, by what they are; "merged": segments both were on
    terms_left: list[str]      # the old code's terms, which the merge does not carry over
    still_named: list[str]     # other files that name the old id ("displays.yaml:12")


def merge_code(config: ProjectConfig, old: str, into: str) -> MergedCode:
    """`codebook merge OLD INTO`: OLD leaves the codebook, its subcodes go under INTO, and every
    coding, decision, memo and assertion on it is INTO's; where a coder has both on one
    segment, an acceptance of either stands, else the later decision. OLD's terms are named, not carried over: whether they
    belong to INTO is the researcher's to judge."""
    from qualcode.codebook.rename import with_code_renamed, without_code
    from qualcode.codebook.loader import codebook_text
    from qualcode.codebook.writer import checked
    from qualcode.fileio import write_atomic
    from qualcode.store import Store
    from qualcode.workflow.codebooks import _still_named, _summaries_renamed
    from qualcode.workflow.coding import _codebook, did_you_mean

    codebook = _codebook(config)
    index = codebook.by_id()
    if old not in index and into in index and _left_in_store(config, old):
        raise QualcodeError(f"{old!r} is no longer in the codebook, but the project still has work on it: "
                            f"`qualcode codebook rename {old} {into}` moves that onto {into}")
    for code_id in (old, into):
        if code_id not in index:
            raise QualcodeError(f"unknown code {code_id!r}{did_you_mean(code_id, index)}; "
                                "see `qualcode codebook show`")
    if old == into:
        raise QualcodeError(f"{old!r} cannot be merged into itself")
    if old in codebook.ancestors(into):
        raise QualcodeError(f"{into!r} is under {old!r}: merge it the other way, or move {into} first")
    path = config.codebook_path
    text = codebook_text(path)  # as `rename` reads it: a BOM or UTF-16 decoded
    text = checked(with_code_renamed(without_code(text, old, path), old, into, path), path)
    with Store(config.store_path) as store, store.transaction():
        moved = store.rename_code(old, into, union=True)
        summaries = _summaries_renamed(config, old, into)
        write_atomic(path, text)
        for summary, renamed in summaries.items():
            write_atomic(summary, renamed)
    moved["summaries"] = len(summaries)
    terms = [keyword.term for keyword in index[old].keywords]
    return MergedCode(old, into, moved, list(dict.fromkeys(terms)), _still_named(config, old))


def _left_in_store(config: ProjectConfig, code_id: str) -> bool:
    """Do codings, memos or assertions still name a code taken out of the YAML by hand?"""
    from qualcode.store import Store

    if not config.store_path.exists():
        return False
    with Store(config.store_path) as store:
        return code_id in store.codes_in_use()


def delete_code(config: ProjectConfig, code_id: str) -> int:
    """`codebook delete ID`: a code no one has used leaves the codebook, with the machine's
    suggestions of it; returns how many suggestions went. A code with people's codings or
    memos, or with subcodes, is refused: a deletion would strand them (`codebook merge`
    keeps them)."""
    from qualcode.codebook.rename import without_code
    from qualcode.codebook.loader import codebook_text
    from qualcode.codebook.writer import checked
    from qualcode.fileio import write_atomic
    from qualcode.store import Store
    from qualcode.workflow.coding import _codebook, did_you_mean

    codebook = _codebook(config)
    index = codebook.by_id()
    if code_id not in index:
        raise QualcodeError(f"unknown code {code_id!r}{did_you_mean(code_id, index)}; see `qualcode codebook show`")
    children = [code.id for code in codebook.children(code_id)]
    if children:
        raise QualcodeError(f"{code_id} has subcodes ({', '.join(children)}): delete or merge them first")
    path = config.codebook_path
    text = checked(without_code(codebook_text(path), code_id, path), path)
    with Store(config.store_path) as store, store.transaction():
        if code_id in store.codes_in_use(people_only=True):
            used = store.people_codings_by_code().get(code_id, 0)
            work = f"{used} coding{'s' if used != 1 else ''} by people" if used else "memos"
            raise QualcodeError(f"{code_id} has {work} on it: merge it into another code instead "
                                f"(`qualcode codebook merge {code_id} OTHER`), so nothing is lost")
        withdrawn = store.delete_suggestions_of(code_id)
        write_atomic(path, text)
    return withdrawn
