"""The codebook use cases that need more than its YAML, in vivo suggestions among them: the
participants' recurring phrases the codebook does not cover, and a code added from one."""

from __future__ import annotations

import json
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
    old one), only the store moves, merging with what was coded on `new` since."""
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
        try:  # with the codebook naming only `new`, the two are one code: their rows merge
            moved = store.rename_code(old, new, merge=text is None)
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


# ------------------------------------------------------------------------------ in vivo suggestions
def suggest_codes(config: ProjectConfig, top: int | None = 20, language: str | None = None,
                  min_cases: int = 2):
    """Recurring participant phrases the codebook does not cover (`code suggest`), best first."""
    from qualcode.condense.nlp import pipeline
    from qualcode.condense.suggest import suggest_phrases
    from qualcode.store.token_cache import TokenCache

    if min_cases < 1:
        raise QualcodeError(f"--min-cases must be 1 or more, got {min_cases}")
    if top is not None and top < 1:
        raise QualcodeError(f"--top must be 1 or more, got {top}")
    from qualcode.store import Store
    from qualcode.workflow.coding import _codebook

    codebook = _codebook(config)
    if not Store.peek_sources(config.store_path):
        raise QualcodeError("nothing to search: run `qualcode ingest` first")
    with Store(config.store_path) as store:
        sources = store.sources()
    languages = sorted({s.language for s in sources})
    if language and language not in languages:
        raise QualcodeError(f"no source is in language {language!r}; this project has "
                            f"{', '.join(languages)}")
    with TokenCache(config.cache_path) as cache:
        return suggest_phrases(sources, codebook, min_cases, top, language,
                               pipeline_for=lambda lang: pipeline(lang, config.pipelines.get(lang)),
                               cache=cache)


@dataclass(frozen=True)
class AddedCode:
    entry: dict            # what was written to the codebook
    path: str
    warnings: list[str]    # the codebook's lint warnings after the change
    phrase: str | None     # the promoted suggestion's phrase, with --from-suggestion


def _codes_so_far(config: ProjectConfig) -> dict:
    """The codebook's codes by id; none for a codebook not begun (no file, or `codes: []`),
    which `codebook add` begins: open coding starts with no code at all."""
    from qualcode.errors import CodebookError
    from qualcode.workflow.coding import _codebook
    from qualcode.ingest.decode import decode_yaml
    from qualcode.yamlerrors import safe_load

    path = config.codebook_path
    if not path.exists() and not path.is_symlink():
        return {}
    try:
        return _codebook(config).by_id()
    except CodebookError:
        data = safe_load(decode_yaml(path.read_bytes(), path), path)  # a YAML error is its own
        if data is None or (isinstance(data, dict) and not data.get("codes")):
            return {}
        raise


def add_code(config: ProjectConfig, code_id: str, label: str | None = None,
             label_en: str | None = None, kind: str | None = None, parent: str | None = None,
             keywords: list[str] | None = None, language: str | None = None,
             definition: str | None = None, from_suggestion: int | None = None,
             min_cases: int = 2) -> AddedCode:
    """Append a code to the project codebook (`codebook add`), keeping its comments and order.

    With `from_suggestion` N, the phrase of row N of `code suggest` (recomputed with the same
    `language` and `min_cases`, so no hidden state) becomes a keyword, and the label if none
    is given. Anything wrong is an error before the file is touched."""
    from qualcode.codebook.writer import add_codes
    from qualcode.model import CODE_KINDS
    from qualcode.workflow.coding import did_you_mean

    index = _codes_so_far(config)
    if code_id in index:
        raise QualcodeError(f"code {code_id!r} already exists in {config.codebook}; pick another id")
    if parent and parent not in index:
        raise QualcodeError(f"unknown parent {parent!r}{did_you_mean(parent, index)}; "
                            f"see `qualcode codebook show`")
    kind = kind or ("subcode" if parent else "theme")
    if kind not in CODE_KINDS:
        raise QualcodeError(f"unknown kind {kind!r}; use one of {', '.join(CODE_KINDS)}")
    terms = [t.strip() for t in keywords or [] if t.strip()]
    phrase = None
    keyword_language = language or config.language
    if from_suggestion is not None:
        if from_suggestion < 1:
            raise QualcodeError(f"--from-suggestion counts from 1, got {from_suggestion}")
        found = suggest_codes(config, top=from_suggestion, language=language, min_cases=min_cases)
        if len(found) < from_suggestion:
            raise QualcodeError(f"`qualcode code suggest` lists only {len(found)} phrases "
                                f"(--min-cases {min_cases}); there is no suggestion {from_suggestion}")
        chosen = found[from_suggestion - 1]
        phrase = chosen.phrase
        terms.insert(0, phrase.lower())
        if not language and len(chosen.languages) == 1:
            keyword_language = chosen.languages[0]
    label_language = language or config.language
    default_label = phrase[:1].upper() + phrase[1:] if phrase else None  # "Lampu jalan"
    labels = {label_language: label or default_label} if (label or phrase) else {}
    if label_en:
        if label and label_language == "en":
            raise QualcodeError("--label is already the English label (--lang en); drop --label-en")
        labels["en"] = label_en
    if not labels:
        raise QualcodeError("give the code a --label (or --from-suggestion N to use that phrase)")
    entry: dict = {"id": code_id, "kind": kind}
    if parent:
        entry["parent"] = parent
    entry["label"] = labels
    if definition:
        entry["definition"] = {label_language: definition.strip()}
    if terms:
        entry["keywords"] = {keyword_language: list(dict.fromkeys(terms))}
    path = config.codebook_path
    begun = not path.exists() and not path.is_symlink()
    if begun:  # the project's first code begins its codebook, named as the project is
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"name: {json.dumps(config.name, ensure_ascii=False)}\ncodes:\n", encoding="utf-8")
    try:
        issues = add_codes(path, [entry])
    except Exception:
        if begun:
            path.unlink()
        raise
    warnings = [i.message for i in issues if i.message.startswith(f"{code_id}:")]
    return AddedCode(entry, config.codebook, warnings, phrase)
