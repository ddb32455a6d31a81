"""displays.yaml: the displays a project declares, checked against its codebook, and which
`display list` shows (with why one is left out)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from qualcode.errors import InputError
from qualcode.project import ProjectConfig
from qualcode.yamlerrors import safe_load

DISPLAYS_FILE = "displays.yaml"


@dataclass(frozen=True)
class DisplayEntry:
    name: str
    kind: str
    options: dict
    where: Path | None = None  # the displays.yaml it is declared in, and its line there
    line: int | None = None


def shipped_displays_text() -> str:
    return resources.files("qualcode").joinpath("data/displays.yaml").read_text(encoding="utf-8")


def _displays_file(config: ProjectConfig) -> tuple[str, Path]:
    """(text, where it is from): the project's displays.yaml, or the shipped one."""
    from qualcode.ingest.decode import decode_yaml, read_input

    path = config.root / DISPLAYS_FILE
    if path.exists():  # a folder or an unreadable file is said so, not passed over for the shipped one
        return decode_yaml(read_input(path, "display list (YAML file)"), path), path
    return shipped_displays_text(), Path("qualcode/data/displays.yaml")


def declared_displays(config: ProjectConfig) -> list[DisplayEntry]:
    """The project's displays.yaml, or the shipped one when the project has none."""
    return _entries(*_displays_file(config))


def listed_displays(config: ProjectConfig) -> list[tuple[DisplayEntry, str | None]]:
    """`display list`: each declared display, and why it is left out, if it is (one of
    qualcode's own, as `init` wrote them, that does not fit the project's codebook)."""
    from qualcode.codebook import load_codebook

    text, where = _displays_file(config)
    entries = _entries(text, where)
    roleless = _no_roles(config)
    if text != shipped_displays_text():
        return [(entry, _roleless(entry, roleless)) for entry in entries]
    codebook = load_codebook(config.codebook_path)
    return [(entry, _misfit(entry, codebook) or _roleless(entry, roleless)) for entry in entries]


def _no_roles(config: ProjectConfig) -> bool:
    """Has the project informants and none of them a role (a table's rows)?"""
    from qualcode.store import Store

    if not config.store_path.exists():
        return False
    with Store(config.store_path) as store:
        cases = store.cases()
    return bool(cases) and not any(str(case.role or "").strip() for case in cases)


def _roleless(entry: DisplayEntry, roleless: bool) -> str | None:
    """Why `run` leaves a display by role out, where no informant has a role."""
    return ("no informant has a role: `run` and `report` leave it out (the report groups by "
            "another attribute)") if roleless and by_role(entry) else None


def _entries(text: str, where: Path) -> list[DisplayEntry]:
    data = safe_load(text, where, unique_keys=True) or {}
    items = data.get("displays") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise InputError(where, "needs a `displays:` list")
    entries, seen = [], set()
    from qualcode.display.catalogue import KINDS

    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict) or "name" not in item or "kind" not in item:
            raise InputError(where, f"display #{number} needs a name and a kind")
        name, kind = item["name"], str(item["kind"])
        line = _line_of_display(text, str(name))
        # the name becomes the file names of the display's CSVs and charts: a plain name only
        if not isinstance(name, str) or not _SAFE_NAME.match(name):
            raise InputError(where, f"display #{number}: name {name!r} must be a plain name (letters, "
                                    "digits, _ . -), since it names the display's files", line=line)
        if kind not in KINDS:
            raise InputError(where, f"display {name!r}: unknown kind {kind!r}; use {', '.join(sorted(KINDS))}",
                             line=line)
        if name in seen:
            raise InputError(where, f"display {name!r} is declared twice", line=line)
        seen.add(name)
        entries.append(DisplayEntry(name, kind, {k: v for k, v in item.items() if k != "kind"}, where, line))
    return entries


# A display's name names its files (name.csv, name_evidence.csv): no folders, nothing hidden
_SAFE_NAME = re.compile(r"^\w[\w.-]*$")


# Display options that name codes, and the kinds whose `dimension` must have subcodes (its rows)
CODE_OPTIONS = ("dimension", "codes", "columns")
COLUMN_WORDS = ("dimensions", "framework")
# a checklist's `columns` names a case attribute (role, district …), not codes
COLUMNS_NAME_AN_ATTRIBUTE = ("checklist",)
NEEDS_SUBCODES = ("checklist", "clustered", "summary_table")


def check_display_codes(config: ProjectConfig, codebook) -> list[DisplayEntry]:
    """The declared displays, once every code they name is found in the codebook (and a
    dimension whose subcodes are a display's rows has some): else one line naming
    displays.yaml and the display's line. `run` checks this before it writes anything;
    building the display would meet it only after the ingest and the coding, as a project
    that changed its codebook after `qualcode init` did. qualcode's own displays, as `init`
    wrote them and never edited, are made for the shipped codebook: those that do not fit
    the project's are left out, not an error the user did not write."""
    text, where = _displays_file(config)
    entries = _entries(text, where)
    untouched = text == shipped_displays_text()
    fitting = []
    for entry in entries:
        problem = _misfit(entry, codebook)
        if problem is None:
            fitting.append(entry)
        elif not untouched:
            fix = ("change the display or remove it" if where == config.root / DISPLAYS_FILE else
                   f"the project has no {DISPLAYS_FILE}, so qualcode's own are used: write one without it")
            raise InputError(where, f"display {entry.name!r}: {problem}; {fix}",
                             line=_line_of_display(text, entry.name))
    return fitting


def _misfit(entry: DisplayEntry, codebook) -> str | None:
    """Why a display does not fit the codebook (a code it names is not there, or a dimension
    whose subcodes make its rows has none), or None."""
    known = codebook.by_id()
    for option in CODE_OPTIONS:
        value = entry.options.get(option)
        named = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        for code in map(str, named):
            if option == "columns" and (code in COLUMN_WORDS or entry.kind in COLUMNS_NAME_AN_ATTRIBUTE):
                continue
            needs_subcodes = option == "dimension" and entry.kind in NEEDS_SUBCODES
            if code not in known:
                problem = f"{option} names {code!r}, which the codebook does not have"
            elif needs_subcodes and not codebook.children(code):
                problem = f"its dimension {code!r} has no subcodes in the codebook to make its rows"
            else:
                continue
            return problem + (_could_name(codebook, needs_subcodes) if option == "dimension" else "")
    return None


def _could_name(codebook, needs_subcodes: bool) -> str:
    """The codes a display's `dimension` could name instead: those with subcodes, or the
    top-level ones."""
    parents = {code.parent for code in codebook.codes}
    fits = [code.id for code in codebook.codes if (code.id in parents if needs_subcodes else not code.parent)]
    if not fits:
        return " (no code of the codebook has subcodes)"
    return f" (codes it could name: {', '.join(fits[:8])}{', …' if len(fits) > 8 else ''})"


def _line_of_display(text: str, name: str) -> int | None:
    found = re.search(rf"^[ \t-]*name:[ \t]*['\"]?{re.escape(name)}['\"]?[ \t]*(#.*)?$", text, re.MULTILINE)
    return text.count("\n", 0, found.start()) + 1 if found else None


# Kinds whose columns are the groups of `group_by` (role unless said otherwise)
GROUPED_KINDS = frozenset({"summary_table", "prevalence"})
# The names those kinds take by default (`summary_by_kecamatan`): each is its kind and group
GROUPED_NAMES = {"summary": "summary_table", "prevalence": "prevalence"}
GROUPED_NAME = re.compile(r"(summary|prevalence)_by_(\w+)")


def by_role(entry: DisplayEntry) -> bool:
    """Are the display's columns the informants' roles (a grouped table, or a checklist)?"""
    if entry.kind in GROUPED_KINDS:
        return entry.options.get("group_by", "role") == "role"
    return entry.kind == "checklist" and entry.options.get("columns", "role") == "role"
