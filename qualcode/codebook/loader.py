"""Read a codebook YAML file into a Codebook, reporting problems with file and line.

A code looks like this (every field but `id`, `kind` and `label` is optional):

    - id: budget-allocation          # a slug, unique
      kind: subcode                  # dimension | subcode | factor | outcome | theme
      parent: budget-support
      label: {id: Alokasi anggaran, en: Budget allocation}
      definition: {id: …, en: …}     # or one text for every language
      include: {id: …, en: …}        # when to apply it (or one text)
      exclude: {id: …, en: …}        # when not to (or one text)
      examples: [ … ]
      keywords: {id: [APBD, …], en: [budget allocation, …]}   # strong: justify the code alone
      context:  {id: [dana, …],  en: [funds, …]}              # only count alongside other terms
      exclude_keywords: {id: [ … ], en: [ … ]}                # suppress the code in a segment
      color: "#1f77b4"
      polarity: negative             # optional: marks contrary evidence (e.g. obstacles)
      members: [code-a, code-b]      # optional: a pattern code (kind: theme) names the codes it
                                     # subsumes (`qualcode conclude patterns --accept`)
      implies: [inhibiting-factor]   # optional: its (strong) keywords count for these codes too,
                                     # as if listed there (a budget constraint is an obstacle)
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from qualcode.codebook.issues import Issue
from qualcode.codebook.tree import check_tree
from qualcode.codebook.yaml_lines import (
    LINE as _LINE, START_ONE, parse_yaml as _parse_yaml, top_key_line as _top_key_line)
from qualcode.errors import CodebookError, InputError
from qualcode.ingest.decode import decode_yaml
from qualcode.model import CODE_KINDS, Code, Codebook, Framework, Keyword
from qualcode.textrules import did_you_mean

STRONG_WEIGHT = 1.0
CONTEXT_WEIGHT = 0.5
LANGUAGES = ("id", "en")
LANGUAGE_NAMES = {"id": "Indonesian", "en": "English"}
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


# libyaml's parser when PyYAML has it: ten times faster on a large codebook, same marks.
def _terms(value, path: Path, line: int, field: str, weight: float, issues: list[Issue]) -> list[Keyword]:
    if value is None:
        return []
    if not isinstance(value, dict):
        issues.append(Issue("error", str(path), line, f"{field} must map a language to a list of terms"))
        return []
    keywords = []
    for language, terms in value.items():
        if language == _LINE:
            continue
        if not isinstance(terms, list) or not all(isinstance(t, (str, int, float)) for t in terms):
            issues.append(Issue("error", str(path), line, f"{field}.{language} must be a list of terms"))
            continue
        keywords.extend(Keyword(str(t).strip(), str(language), weight) for t in terms if str(t).strip())
    return keywords


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _localised(value, code_id: str, field: str, path: Path, line: int, issues: list[Issue]) -> dict:
    """A text per language (`{id: …, en: …}`), or one text for every language (`"*"`)."""
    if value is None:
        return {}
    if isinstance(value, dict):
        texts = {k: v for k, v in value.items() if k != _LINE}
        wrong = next((k for k, v in texts.items() if isinstance(v, (list, dict))), None)
        if wrong is not None:  # a list there would reach the report as "['x']"
            issues.append(Issue("error", str(path), line, f"{code_id}: {field}.{wrong} must be text"))
            return {}
        return {str(k): _text(v) for k, v in texts.items() if _text(v)}
    if isinstance(value, (list, tuple)):
        issues.append(Issue("error", str(path), line, f"{code_id}: {field} must be text or a mapping"))
        return {}
    return {"*": _text(value)} if _text(value) else {}


def _code(entry: dict, path: Path, issues: list[Issue]) -> Code | None:
    line = entry.get(_LINE)
    code_id = entry.get("id")
    if code_id is None:
        issues.append(Issue("error", str(path), line, "a code has no id: give it `id:`, a lowercase slug"))
        return None
    if not isinstance(code_id, str) or not _SLUG.match(code_id):
        # as the file says it (YAML reads 2024-01-01 as a date, 5 as a number): not Python's repr
        shown = code_id if isinstance(code_id, str) else str(code_id)
        issues.append(Issue("error", str(path), line, f"code id '{shown}' must be a lowercase slug"
                            + ("" if isinstance(code_id, str) else " (quote it to make it text)")))
        return None
    kind = entry.get("kind")
    if kind is None:
        issues.append(Issue("error", str(path), line, f"{code_id}: missing kind; use one of {', '.join(CODE_KINDS)}"))
    elif kind not in CODE_KINDS:
        issues.append(Issue("error", str(path), line,
                            f"{code_id}: unknown kind {kind!r}; use one of {', '.join(CODE_KINDS)}"))
    label = entry.get("label")
    if isinstance(label, str):
        label = {"en": label}
    if isinstance(label, list):  # written, but as a list: say how, not that it is missing
        issues.append(Issue("error", str(path), line, f"{code_id}: label must be text or one per language "
                                                      "({id: …, en: …}), not a list"))
        label = {}
    elif label is not None and not isinstance(label, dict):  # `label: 42`, `label: yes`: there, but not text
        issues.append(Issue("error", str(path), line, f"{code_id}: label must be text (quote it: label: \"{label}\")"))
        label = {}
    elif not isinstance(label, dict) or not any(_text(v) for k, v in label.items() if k != _LINE):
        issues.append(Issue("error", str(path), line, f"{code_id}: missing label"))
        label = {}
    wrong = next((k for k, v in label.items() if isinstance(v, (list, dict))), None)
    if wrong is not None:
        issues.append(Issue("error", str(path), line, f"{code_id}: label.{wrong} must be text"))
    label = {k: _text(v) for k, v in label.items() if k != _LINE and _text(v) and not isinstance(v, (list, dict))}
    color = entry.get("color")
    if color is not None and not (isinstance(color, str) and _COLOR.match(color)):
        issues.append(Issue("error", str(path), line, f"{code_id}: color {color!r} is not #RRGGBB"))
    examples = entry.get("examples") or []
    if not isinstance(examples, list):
        issues.append(Issue("error", str(path), line, f"{code_id}: examples must be a list"))
        examples = []
    keywords = (_terms(entry.get("keywords"), path, line, f"{code_id}: keywords", STRONG_WEIGHT, issues)
                + _terms(entry.get("context"), path, line, f"{code_id}: context", CONTEXT_WEIGHT, issues))
    excluded = _terms(entry.get("exclude_keywords"), path, line, f"{code_id}: exclude_keywords", 0.0, issues)
    parent = entry.get("parent")
    polarity = entry.get("polarity")
    if polarity is not None and polarity not in ("positive", "negative"):
        issues.append(Issue("error", str(path), line,
                            f"{code_id}: polarity {polarity!r} must be positive or negative"))
        polarity = None
    members = entry.get("members") or []
    if not isinstance(members, list) or not all(isinstance(m, str) for m in members):
        issues.append(Issue("error", str(path), line, f"{code_id}: members must be a list of code ids"))
        members = []
    implies = entry.get("implies") or []
    if not isinstance(implies, list) or not all(isinstance(m, str) for m in implies):
        issues.append(Issue("error", str(path), line, f"{code_id}: implies must be a list of code ids"))
        implies = []
    for key in sorted(k for k in entry if isinstance(k, str) and k != _LINE and k not in CODE_KEYS):
        # a near miss of a key the coding reads (`keyword:`) would drop the code's terms or its
        # place without a word from `code auto`: an error; `colour:` or a note of one's own is not
        nearest = did_you_mean(key, CODE_KEYS, n=1)
        coding_key = did_you_mean(key, CODING_KEYS, n=1)
        issues.append(_unknown_key_issue(f"{code_id}: ", key, nearest, bool(coding_key and coding_key == nearest),
                                         path, line))
    return Code(
        id=code_id, label=label, kind=kind if kind in CODE_KINDS else "theme",
        parent=str(parent) if parent else None,
        definition=_localised(entry.get("definition"), code_id, "definition", path, line, issues),
        include=_localised(entry.get("include"), code_id, "include", path, line, issues),
        exclude=_localised(entry.get("exclude"), code_id, "exclude", path, line, issues),
        examples=tuple(_text(e) for e in examples), keywords=tuple(keywords),
        exclude_keywords=tuple(excluded), color=color, polarity=polarity, line=line,
        members=tuple(members), implies=tuple(dict.fromkeys(implies)))


# What a code entry may hold; anything else (a typo such as `colour:`) is ignored, with a warning
CODE_KEYS = ("id", "kind", "parent", "label", "definition", "include", "exclude", "examples", "keywords",
             "context", "exclude_keywords", "color", "polarity", "members", "implies")
# the keys coding and the findings read: a typo of one changes what is coded, silently
CODING_KEYS = ("kind", "parent", "keywords", "context", "exclude_keywords", "polarity", "members", "implies")


def _names(value, where: str, path: Path, line, issues: list[Issue]) -> tuple[str, tuple]:
    """A name as text (one for every language) or per language (`{id: …, en: …}`): the one
    to show where no language is asked for (English, else the first given), and the pairs."""
    found = _localised(value, where, "name", path, line, issues)
    if not found:
        return "", ()
    shown = found.get("*") or found.get("en") or next(iter(found.values()))
    return shown, tuple(sorted((k, v) for k, v in found.items() if k != "*"))


def _framework(data: dict, codes: list[Code], path: Path, issues: list[Issue], name_line) -> Framework:
    block = data.get("framework")
    name, names = _names(data.get("name"), "codebook", path, name_line or data.get(_LINE), issues)
    name = name or path.stem
    if block is None:
        dimensions = tuple(c.id for c in codes if c.kind == "dimension")
        if dimensions:
            return Framework(name, dimensions, names=names)
        # a codebook grown by hand (`codebook add` makes themes) has no dimensions: its
        # top-level themes, else its top-level codes, are what its findings are about
        top = [c for c in codes if not c.parent]
        dimensions = tuple(c.id for c in top if c.kind == "theme") or tuple(c.id for c in top)
        return Framework(name, dimensions, names=names, implied=True)
    line = block.get(_LINE) if isinstance(block, dict) else None
    if not isinstance(block, dict):
        issues.append(Issue("error", str(path), None, "framework must be a mapping"))
        return Framework(name, ())
    _unknown_keys(block, FRAMEWORK_KEYS, ("dimensions", "cross_cutting"), "framework.", path,
                  lambda key: line, issues)
    known = {c.id for c in codes}
    lists = {}
    for key in ("dimensions", "cross_cutting"):
        value = block.get(key) or []
        if not isinstance(value, list):
            issues.append(Issue("error", str(path), line, f"framework.{key} must be a list of code ids"))
            value = []
        for code_id in value:
            if not isinstance(code_id, str):
                issues.append(Issue("error", str(path), line,
                                    f"framework.{key} must list code ids, not {code_id!r}"))
            elif code_id not in known:
                issues.append(Issue("error", str(path), line,
                                    f"framework.{key} names unknown code {code_id!r}"))
        lists[key] = tuple(v for v in value if isinstance(v, str) and v in known)
    # a code is one column of the framework's displays: named twice, or as a subcode (which
    # rolls up into its dimension), it would be two columns of one name or counted twice
    parent_of: dict = {}
    for code in codes:  # the first of a duplicated id (itself an error, reported as such)
        parent_of.setdefault(code.id, code.parent)
    listed = [*lists["dimensions"], *lists["cross_cutting"]]
    for code_id in dict.fromkeys(c for c in listed if listed.count(c) > 1):
        issues.append(Issue("error", str(path), line, f"framework names {code_id!r} more than once"))
    for code_id in dict.fromkeys(listed):
        if parent_of.get(code_id):
            issues.append(Issue("error", str(path), line,
                                f"framework names {code_id!r}, a subcode of {parent_of[code_id]!r}: "
                                "name top-level codes only (a subcode is counted with its parent)"))
    if not lists["dimensions"]:
        issues.append(Issue("error", str(path), line, "framework needs at least one dimension"))
    term = _localised(block.get("dimension_term"), "framework", "dimension_term", path, line, issues)
    own, own_names = _names(block.get("name"), "framework", path, line, issues)
    return Framework(own or name, lists["dimensions"], lists["cross_cutting"],
                     tuple(sorted(term.items())), own_names if own else names)


# Terms a codebook may hold, all codes and languages together. The shipped one has some 1,300;
# a list of 200,000 took 20 s to lint and 1.2 GB to code with: that is a lexicon, not a codebook.
MAX_TERMS = 20_000


# What a codebook and its framework block may hold; a near miss of a key that changes the
# findings (`framwork:`, `cross-cutting:`) is an error, as a code's coding keys are
TOP_KEYS = ("name", "framework", "codes")
FRAMEWORK_KEYS = ("name", "dimension_term", "dimensions", "cross_cutting")


def _unknown_keys(mapping: dict, known: tuple, findings_keys: tuple, prefix: str, path: Path,
                  line_of, issues: list[Issue]) -> None:
    """Keys no reader knows, each named: an error when nearest to a key in `findings_keys`
    (left as it is, the framework would be missed or implied without a word), else a warning."""
    for key in sorted(k for k in mapping if isinstance(k, str) and k != _LINE and k not in known):
        nearest = did_you_mean(key, known, n=1)
        findings_key = did_you_mean(key, findings_keys, n=1)
        issues.append(_unknown_key_issue("", prefix + key, nearest, bool(findings_key and findings_key == nearest),
                                         path, line_of(key)))


def _unknown_key_issue(where: str, key: str, nearest: str, misspelt: bool, path: Path, line) -> Issue:
    """A key no reader knows: a warning that it is ignored, or, for a near miss of a key that
    changes what is coded or found, an error that stops coding until it is mended (saying
    "is ignored" there read as if the run would go on)."""
    if misspelt:
        return Issue("error", str(path), line, f"{where}unknown key {key!r}{nearest}: mend it before coding; as written, "
                                               "what it says would be lost")
    return Issue("warning", str(path), line, f"{where}unknown key {key!r} is ignored{nearest}")


def _check_size(codes: list, path: Path, issues: list[Issue]) -> None:
    total = sum(len(code.keywords) + len(code.exclude_keywords) for code in codes)
    if total > MAX_TERMS:
        largest = max(codes, key=lambda code: len(code.keywords) + len(code.exclude_keywords))
        issues.append(Issue("error", str(path), largest.line,
                            f"{total:,} terms in all ({largest.id} alone has "
                            f"{len(largest.keywords) + len(largest.exclude_keywords):,}); a codebook holds at "
                            f"most {MAX_TERMS:,}: keep the terms that name the code, not every word near it"))


def _missing_labels(codes: list[Code], path: Path, issues: list[Issue]) -> None:
    """A code without a label in one of the languages, each named; a codebook written in one
    language, once (an English codebook drew a dozen "no id label")."""
    for language in LANGUAGES:
        lacking = [code for code in codes if code.label and language not in code.label]
        name = LANGUAGE_NAMES[language]
        if lacking and len(lacking) == len(codes):
            issues.append(Issue("warning", str(path), None, f"no code has an {name} label ({language}): "
                                                            f"a report in {name} shows the codes' other labels"))
            continue
        issues.extend(Issue("warning", str(path), code.line,
                            f"{code.id}: no {name} label ({language}); a report in it shows another")
                      for code in lacking)


def _read(path: Path) -> tuple[Codebook | None, list[Issue]]:
    data, text = _parse_yaml(path)
    issues: list[Issue] = []
    entries = data.get("codes")
    if not isinstance(entries, list) or not entries:
        raise CodebookError(path, "`codes:` must be a non-empty list" + (f"; {START_ONE}" if not entries else ""),
                            line=data.get(_LINE))
    codes = []
    for position, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            issues.append(Issue("error", str(path), None, f"code #{position} is not a mapping"))
            continue
        code = _code(entry, path, issues)
        if code:
            codes.append(code)
    check_tree(codes, path, issues)
    _unknown_keys(data, TOP_KEYS, ("framework",), "", path, lambda key: _top_key_line(text, key), issues)
    _check_size(codes, path, issues)
    _missing_labels(codes, path, issues)
    # "no keywords" beside an error in the keywords it was given would contradict it
    broken = {i.message.split(":")[0] for i in issues if i.severity == "error" and ": keywords" in i.message}
    issues = [i for i in issues if not (i.message.split(":")[0] in broken
                                        and i.message.endswith(": no keywords, so it is only ever coded by hand"))]
    framework = _framework(data, codes, path, issues, _top_key_line(text, "name"))
    version = version_of(text)
    name, names = _names(data.get("name"), "codebook", path, data.get(_LINE), [])  # reported above
    codebook = Codebook(name=name or framework.name, version=version, codes=tuple(codes),
                        framework=framework, path=str(path), names=names if name else framework.names)
    return codebook, sorted(issues, key=lambda i: (i.severity != "error", i.line or 0))


def lint_codebook(path: Path) -> tuple[Codebook | None, list[Issue]]:
    """Every problem found, errors first. Unreadable YAML raises CodebookError instead."""
    return _read(Path(path))



def load_codebook(path: Path) -> Codebook:
    """A valid codebook, or CodebookError naming the first error's file and line."""
    codebook, issues = _read(Path(path))
    errors = [i for i in issues if i.severity == "error"]
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more; run `qualcode codebook lint`)" if len(errors) > 1 else ""
        raise CodebookError(first.path, first.message + more, line=first.line)
    return codebook


def codebook_text(path: Path) -> str:
    """The normalised text the version hash is computed from."""
    return decode_yaml(Path(path).read_bytes(), Path(path))


def version_of(text: str) -> str:
    """A codebook's version: the start of the sha256 of its text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def codebook_version(path: Path) -> str | None:
    """The version hash of the file as it is now, or None when it cannot be read."""
    try:
        return version_of(decode_yaml(Path(path).read_bytes(), Path(path)))
    except (OSError, InputError):
        return None
