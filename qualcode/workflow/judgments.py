"""The analyst's written judgments on displays, kept as diffable YAML in the project folder.

Framework-matrix summaries live in `summaries/<case>.yaml`, one file per case, so two
researchers summarising different cases never touch the same file and a merge is a plain
git merge. Checklist rating overrides live in `ratings/<display>.yaml`. Both are plain text
meant to be committed next to the transcripts, unlike the store, which is a binary file:

    # summaries/INF-01.yaml
    case: INF-01
    summaries:
      political-environment:
        text: The mayor's commitment carries the programme.
        by: researcher
        at: '2026-11-28T07:30:00+00:00'

    # ratings/checklist_technology.yaml
    display: checklist_technology
    overrides:
      - {row: hardware, column: government, rating: strong, by: researcher, at: '…', note: …}

Every change is written atomically, so an interrupted write leaves the previous file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import yaml

from qualcode.errors import InputError, QualcodeError
from qualcode.fileio import write_atomic
from qualcode.ingest.decode import decode_yaml, read_input
from qualcode.project import ProjectConfig
from qualcode.yamlerrors import line_of, safe_load

SUMMARIES_DIR = "summaries"
RATINGS_DIR = "ratings"
RATINGS = ("strong", "sketchy", "absent")
# The report's Indonesian words for them, taken too: a rating is typed as it is read.
RATING_WORDS = {"kuat": "strong", "tipis": "sketchy", "tidak ada": "absent", "tidak-ada": "absent",
                "absen": "absent"}


def rating_of(word: str) -> str | None:
    """The rating a word names (strong, sketchy, absent, or their Indonesian words), or None."""
    key = " ".join(str(word).lower().split())
    return key if key in RATINGS else RATING_WORDS.get(key)
# case ids and display names become file names; anything else would escape the folder
_SAFE_NAME = re.compile(r"^[\w.-]+$")


@dataclass(frozen=True)
class Summary:
    case_id: str
    column: str
    text: str
    by: str
    at: str


@dataclass(frozen=True)
class RatingOverride:
    display: str
    row: str
    column: str
    rating: str
    by: str
    at: str
    note: str = ""


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def _file_name(name: str, what: str) -> str:
    if not _SAFE_NAME.match(name) or name in {".", ".."}:
        raise QualcodeError(f"{what} {name!r} cannot be a file name; use letters, digits, '.', '_' or '-'")
    return f"{name}.yaml"


def _read_yaml(path: Path, keys: tuple[str, ...] = ()) -> dict:
    return _read_yaml_text(path, keys)[0]


# The keys of a summaries/ and a ratings/ file: another (a typo) would be ignored, and
# rewriting the file (`display summarize`, `display rate`) would drop what it holds.
SUMMARY_KEYS = ("case", "summaries")
RATING_KEYS = ("display", "overrides")


def _read_yaml_text(path: Path, keys: tuple[str, ...] = ()) -> tuple[dict, str]:
    text = decode_yaml(read_input(path, "YAML file"), path)
    data = safe_load(text, path, unique_keys=True) if text.strip() else {}
    if not isinstance(data, dict):
        raise InputError(path, "must be a mapping", line=1)
    unknown = next((key for key in data if key not in keys), None) if keys else None
    if unknown is not None:
        from qualcode.textrules import did_you_mean

        raise InputError(path, f"unknown key {unknown!r}{did_you_mean(str(unknown), keys)}; a file here holds "
                               f"{' and '.join(f'`{k}:`' for k in keys)}", line=line_of(text, str(unknown), key=True))
    return data, text


def _dump(header: str, data: dict) -> str:
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=96)
    return f"# {header}\n{body}"


# ---------------------------------------------------------------- summaries

def _case_of(path: Path, data: dict) -> str:
    """The case a summaries file is about: its `case:`, which must be its name (a copied file
    would have its summaries read as another case's, or rewritten under this one's)."""
    case_id = str(data.get("case") or path.stem)
    if case_id != path.stem:
        from qualcode.codebook.yaml_lines import top_key_line

        raise InputError(path, f"case {case_id!r} does not match the file's name; name the file "
                               f"{case_id}.yaml or correct `case:`",
                         line=top_key_line(path.read_text(encoding="utf-8", errors="replace"), "case"))
    return case_id


def _summaries_in(path: Path) -> list[Summary]:
    data, text = _read_yaml_text(path, SUMMARY_KEYS)
    case_id = _case_of(path, data)
    entries = data.get("summaries") or {}
    if not isinstance(entries, dict):
        raise InputError(path, "`summaries:` must map a dimension to its summary",
                         line=line_of(text, "summaries"))
    found = []
    for column, entry in entries.items():
        entry = {"text": entry} if isinstance(entry, str) else entry
        if not isinstance(entry, dict) or not isinstance(entry.get("text", ""), str):
            raise InputError(path, f"summary for {column!r} needs a `text:`",
                             line=line_of(text, "summaries", str(column)))
        written = entry.get("text", "").strip()
        if written:
            found.append(Summary(case_id, str(column), written, str(entry.get("by", "")),
                                 str(entry.get("at", ""))))
    return found


def load_summaries(config: ProjectConfig) -> list[Summary]:
    """Every summary in summaries/*.yaml, sorted by case then column."""
    folder = config.root / SUMMARIES_DIR
    found = [s for path in sorted(folder.glob("*.yaml")) if path.is_file() for s in _summaries_in(path)]
    return sorted(found, key=lambda s: (s.case_id, s.column))


def summary_options(config: ProjectConfig) -> dict:
    """The `summaries` option a framework display takes: {(case, column): text}."""
    return {(s.case_id, s.column): s.text for s in load_summaries(config)}


def write_summary(config: ProjectConfig, case_id: str, column: str, text: str, author: str) -> Path:
    """Set (or, with empty text, remove) one case × dimension summary; returns the file."""
    path = config.root / SUMMARIES_DIR / _file_name(case_id, "case id")
    data = _read_yaml(path, SUMMARY_KEYS) if path.is_file() else {}
    if data:
        _case_of(path, data)
    entries = dict(data.get("summaries") or {})
    if text.strip():
        entries[column] = {"text": text.strip(), "by": author, "at": _now()}
    else:
        entries.pop(column, None)
    content = {"case": case_id, "summaries": dict(sorted(entries.items()))}
    return write_atomic(path, _dump(f"Analyst summaries for case {case_id} "
                                    "(written by `qualcode display summarize`; safe to edit)", content))


# ---------------------------------------------------------------- checklist ratings

def _ratings_in(path: Path, display: str) -> list[RatingOverride]:
    data, text = _read_yaml_text(path, RATING_KEYS)
    named = data.get("display")
    if named is not None and str(named) != display:  # a copied file would rate another display
        raise InputError(path, f"display {named!r} does not match the file's name; name the file "
                               f"{named}.yaml or correct `display:`", line=line_of(text, "display"))
    items = data.get("overrides") or []
    if not isinstance(items, list):
        raise InputError(path, "`overrides:` must be a list", line=line_of(text, "overrides"))
    found = []
    cells: set[tuple[str, str]] = set()
    for number, item in enumerate(items, start=1):
        def bad(message: str) -> InputError:  # the line is looked up for a message only
            return InputError(path, f"override #{number}{message}", line=line_of(text, "overrides", number - 1))

        if not isinstance(item, dict) or not {"row", "column", "rating"} <= set(item):
            raise bad(" needs row, column and rating")
        rating = rating_of(item["rating"])
        if rating is None:
            raise bad(f": rating {item['rating']!r} is not one of {', '.join(RATINGS)}")
        cell = (str(item["row"]), str(item["column"]))
        if cell in cells:  # which of the two was meant is unknowable
            raise bad(f": row {cell[0]!r}, column {cell[1]!r} is rated twice")
        cells.add(cell)
        found.append(RatingOverride(display, str(item["row"]), str(item["column"]), rating,
                                    str(item.get("by", "")), str(item.get("at", "")),
                                    str(item.get("note", "") or "")))
    return found


def load_ratings(config: ProjectConfig, display: str) -> list[RatingOverride]:
    path = config.root / RATINGS_DIR / _file_name(display, "display name")
    return _ratings_in(path, display) if path.is_file() else []


def rating_options(config: ProjectConfig, display: str) -> dict:
    """The `overrides` option a checklist display takes: {(row, column): rating}."""
    return {(r.row, r.column): r.rating for r in load_ratings(config, display)}


def write_rating(config: ProjectConfig, display: str, row: str, column: str, rating: str | None,
                 author: str, note: str = "") -> Path:
    """Set one checklist cell's rating, or with rating None go back to the computed one."""
    if rating is not None:
        if rating_of(rating) is None:
            raise QualcodeError(f"rating {rating!r} is not one of {', '.join(RATINGS)} "
                                "(or kuat, tipis, tidak ada)")
        rating = rating_of(rating)
    path = config.root / RATINGS_DIR / _file_name(display, "display name")
    kept = [r for r in load_ratings(config, display) if (r.row, r.column) != (row, column)]
    if rating is not None:
        kept.append(RatingOverride(display, row, column, rating, author, _now(), note))
    rows = [{"row": r.row, "column": r.column, "rating": r.rating, "by": r.by, "at": r.at,
             **({"note": r.note} if r.note else {})}
            for r in sorted(kept, key=lambda r: (r.row, r.column))]
    return write_atomic(path, _dump(f"Checklist rating overrides for display {display} "
                                    "(written by `qualcode display rate`; safe to edit)",
                                    {"display": display, "overrides": rows}))


def judgment_options(config: ProjectConfig, name: str, kind: str, options: dict) -> dict:
    """What the analyst wrote, as display options; options the display declares itself win."""
    if kind == "framework" and "summaries" not in options:
        return {"summaries": summary_options(config)}
    if kind == "checklist" and "overrides" not in options:
        return {"overrides": rating_options(config, name)}
    return {}


# ---------------------------------------------------------------- drafting a summary

@dataclass(frozen=True)
class SummaryDraft:
    case_id: str
    column: str
    current: str
    quotes: tuple[dict, ...]


def summary_draft(config: ProjectConfig, case_id: str, column: str) -> SummaryDraft:
    """What a researcher needs to write one summary: the current text and the cell's quotes.

    The cell must exist in the framework matrix over dimensions and cross-cutting codes, so a
    typo in a case id or dimension is caught here rather than written to a file no display
    ever shows."""
    from qualcode.workflow.display_cells import cell_segments
    from qualcode.workflow.displays import show_display

    display = show_display(config, "framework", options={"columns": "framework", "include_empty": True})
    columns = [c for c in display.table.columns if c != "role"]
    if case_id not in display.table.index:
        raise QualcodeError(f"no case {case_id!r}; cases: {', '.join(map(str, display.table.index))}")
    if column not in columns:
        raise QualcodeError(f"{column!r} is not a framework column; use one of {', '.join(columns)}")
    quotes = cell_segments(config, display, "framework", case_id, column) \
        if (case_id, column) in display.evidence else []
    current = next((s.text for s in load_summaries(config)
                    if (s.case_id, s.column) == (case_id, column)), "")
    return SummaryDraft(case_id, column, current, tuple(quotes))


EDITOR_COMMENT = "#"


def editor_text(draft: SummaryDraft) -> str:
    """The file a researcher edits: the current summary, then the quotes as comment lines."""
    lines = [draft.current, "",
             f"{EDITOR_COMMENT} Summary of {draft.column} for {draft.case_id}. Lines starting with "
             f"'{EDITOR_COMMENT}' are ignored; an empty summary removes it.",
             f"{EDITOR_COMMENT} The segments behind this cell:"]
    for quote in draft.quotes:
        text = " ".join(quote["text"].split())
        lines.append(f"{EDITOR_COMMENT}   [{quote['segment_id']}] {quote['speaker'] or '—'}: {text}")
    if not draft.quotes:
        lines.append(f"{EDITOR_COMMENT}   (none: this case has no coded segment here)")
    return "\n".join(lines) + "\n"


def text_from_editor(edited: str) -> str:
    return "\n".join(line for line in edited.splitlines()
                     if not line.startswith(EDITOR_COMMENT)).strip()


def rate_cell(config: ProjectConfig, display: str, row: str, column: str, rating: str | None,
              author: str, note: str = "") -> tuple[str, Path]:
    """Override one checklist cell's rating (None: back to the computed rating).

    Returns the computed rating, so the caller can say what the override replaces."""
    from qualcode.workflow.displays import show_display

    from qualcode.workflow.display_cells import cell_key

    built = show_display(config, display)
    if built.kind != "checklist":
        raise QualcodeError(f"{display} is a {built.kind} display; only checklist ratings can be set")
    cells = built.cells.set_index(["row", "column"])
    if (row, column) not in cells.index:  # named as `display show` printed it, perhaps
        row, column = cell_key(config, built, display, row, column)
    if (row, column) not in cells.index:
        raise QualcodeError(f"{display} has no cell ({row}, {column}); rows: "
                            f"{', '.join(map(str, built.table.index))}; columns: "
                            f"{', '.join(map(str, built.table.columns))}")
    computed = str(cells.loc[(row, column), "computed_rating"])
    return computed, write_rating(config, display, row, column, rating, author, note)
