"""The codebook use cases that need more than its YAML."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from qualcode.errors import QualcodeError
from qualcode.project import ProjectConfig


def lint_codebook_terms(path: Path, trained: dict[str, str] | None = None):
    """(codebook, issues): the YAML's errors and warnings (`lint_codebook`), then, when it
    has no errors, its terms that the lemmas make one (`term_overlaps`; this builds the
    coding pipelines, as `code auto` would)."""
    from qualcode.codebook import lint_codebook
    from qualcode.condense.term_lint import spacy_lemma_keys, term_overlaps

    codebook, issues = lint_codebook(path)
    if not any(issue.severity == "error" for issue in issues):
        issues = issues + term_overlaps(codebook, spacy_lemma_keys(trained), str(path))
    return codebook, issues


@dataclass(frozen=True)
class RenamedCode:
    old: str
    new: str
    codebook_changed: bool     # False: the YAML already named it `new`; only the store moved
    moved: dict                # rows moved, by what they are (codings, decisions, memos …)
    still_named: list[str]     # "displays.yaml:12" and such: other files that name the old id


def rename_code(config: ProjectConfig, old: str, new: str) -> RenamedCode:
    """`codebook rename OLD NEW`: the code's id changed in the codebook and in everything the
    store holds on it, in one transaction (a failed write leaves both as they were). When the
    codebook already names it `new` (the id edited by hand, its codings stranded under the
    old one), only the store moves."""
    from qualcode.codebook.loader import _SLUG
    from qualcode.codebook.writer import renamed_text
    from qualcode.fileio import write_atomic
    from qualcode.store import Store
    from qualcode.workflow.coding import _codebook, did_you_mean

    index = _codebook(config).by_id()
    if not _SLUG.match(new):
        raise QualcodeError(f"{new!r} is no code id: lower-case letters, digits, '-', '_' and '.', "
                            "starting with a letter or digit")
    if old == new:
        raise QualcodeError(f"{old!r} is its own name already")
    with Store(config.store_path) as store, store.transaction():
        in_use = store.codes_in_use()
        if old in index:
            if new in index:
                raise QualcodeError(f"code {new!r} already exists in {config.codebook}; renaming {old} "
                                    "onto it would merge two codes, which a rename does not do")
            text = renamed_text(config.codebook_path, old, new)
        elif new in index and old in in_use:
            text = None  # the codebook was edited by hand: bring the store's rows along
        else:
            raise QualcodeError(f"unknown code {old!r}{did_you_mean(old, index)}; "
                                "see `qualcode codebook show`")
        try:
            moved = store.rename_code(old, new)
        except ValueError as exc:
            raise QualcodeError(f"cannot rename {old} to {new}: {exc}") from None
        summaries = _summaries_renamed(config, old, new)
        if text is not None:
            write_atomic(config.codebook_path, text)
        for path, renamed in summaries.items():
            write_atomic(path, renamed)
    moved["summaries"] = len(summaries)
    return RenamedCode(old, new, text is not None, moved, _still_named(config, old))


def _summaries_renamed(config: ProjectConfig, old: str, new: str) -> dict[Path, str]:
    """The case summaries (`display summarize`) keyed by the old id, each with it renamed."""
    from qualcode.codebook.rename import with_key_renamed
    from qualcode.workflow.judgments import SUMMARIES_DIR

    changed = {}
    for path in sorted((config.root / SUMMARIES_DIR).glob("*.yaml")):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if (renamed := with_key_renamed(text, "summaries", old, new, path)) != text:
            changed[path] = renamed
    return changed


def _still_named(config: ProjectConfig, code_id: str) -> list[str]:
    """Lines of displays.yaml and the checklist ratings that name `code_id` as a word: a rename
    does not rewrite them (a display's options and ratings are the researcher's to word)."""
    from qualcode.workflow.judgments import RATINGS_DIR

    word = re.compile(rf"(?<![\w-]){re.escape(code_id)}(?![\w-])")
    found = []
    for path in [config.root / "displays.yaml", *sorted((config.root / RATINGS_DIR).glob("*.yaml"))]:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        found.extend(f"{path.relative_to(config.root).as_posix()}:{n}"
                     for n, line in enumerate(lines, start=1) if word.search(line.split("#", 1)[0]))
    return found
