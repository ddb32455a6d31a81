"""Find a project folder, read its qualcode.toml, and resolve its paths."""

from __future__ import annotations

import fnmatch
import itertools
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from qualcode.errors import ConfigError, ProjectNotFound
from qualcode.model import AUTO_CODER, DEFAULT_CODER
from qualcode.section_settings import coding_settings, report_settings
from qualcode.textrules import UNUSABLE, UNUSABLE_IN_NAME

CONFIG_NAME = "qualcode.toml"
STORE_RELATIVE = Path(".qualcode") / "project.db"

DEFAULT_TRANSCRIPT_GLOBS = (
    "transcripts/**/*.txt",
    "transcripts/**/*.md",
    "transcripts/**/*.docx",
    "transcripts/**/*.vtt",
    "transcripts/**/*.srt",
    "transcripts/**/*.csv",
    "transcripts/**/*.xlsx",
)
# READMEs describe a folder; they are not data.
DEFAULT_EXCLUDE_GLOBS = ("**/README.md", "**/README.txt")
# Files editors and copies leave beside a document, never data whatever the globs say: Word's
# lock file of an open document (~$name.docx), LibreOffice's (.~lock.name#), macOS's
# resource forks copied to a USB stick (._name.docx).
EDITOR_LEFTOVERS = ("~$", ".~lock.", "._")
# Kinds of file a transcript or survey is often saved as that qualcode does not read, and
# what to save one as instead
UNREAD_DOCUMENTS = {".doc": ".docx", ".odt": ".docx", ".rtf": ".docx", ".pdf": ".docx or .txt",
                    ".pages": ".docx", ".wpd": ".docx", ".htm": ".txt", ".html": ".txt",
                    ".xls": ".xlsx", ".ods": ".xlsx", ".numbers": ".xlsx"}
# What ingest cuts a source into, and so what a code is attached to (see qualcode.ingest.units).
DEFAULT_UNIT = "turn"
# The score a code needs in a segment to be suggested (see qualcode.condense.autocode).
DEFAULT_THRESHOLD = 1.0
DEFAULT_CASES = "transcripts/cases.csv"


@dataclass(frozen=True)
class ProjectConfig:
    root: Path
    name: str
    description: str = ""
    language: str = "id"
    codebook: str = "codebooks/smart-city.yaml"
    transcripts: tuple[str, ...] = DEFAULT_TRANSCRIPT_GLOBS
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE_GLOBS
    cases: str = DEFAULT_CASES
    reports: str = "reports"
    coder: str = DEFAULT_CODER
    pipelines: dict = field(default_factory=dict)
    unit: str = DEFAULT_UNIT
    # speaker labels that are the interviewer in every source (`Rina Peneliti`, `Speaker 1`),
    # besides the role words and what a file's front matter declares: captions have none
    interviewers: frozenset = frozenset()
    threshold: float = DEFAULT_THRESHOLD
    attribution: str = "position"  # [report]: who a quote is said to be from (qualcode.section_settings.ATTRIBUTIONS)
    # [report] group_by: the case attribute the report's table of informants is grouped by
    # ("" chooses one past REPORT_CASE_ROWS informants; "case" never groups)
    group_by: str = ""
    # [report] chapter: tables and figures numbered within this thesis chapter (Tabel 4.1),
    # by `run` as by `report`; None numbers them 1, 2, …
    chapter: int | None = None
    # [report] title: the report's own title (a thesis chapter's, "Hasil dan Pembahasan"), as
    # (language, text) pairs; language "*" for every language. None given: the wording's.
    report_titles: tuple[tuple[str, str], ...] = ()
    tables: tuple = ()  # [tables."GLOB"]: the parts of a table's columns (table_settings)
    # The description per language, when qualcode.toml gives it so (`{ id = "…", en = "…" }`);
    # `description` is then every language's text in turn (for an export that holds one).
    descriptions: tuple[tuple[str, str], ...] = ()

    def description_in(self, language: str) -> str:
        return dict(self.descriptions).get(language) or self.description

    def report_title_in(self, language: str) -> str | None:
        titles = dict(self.report_titles)
        return titles.get(language) or titles.get("*")

    @property
    def store_path(self) -> Path:
        return self.root / STORE_RELATIVE

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_NAME

    @property
    def cache_path(self) -> Path:
        """The token cache, beside the store."""
        return self.store_path.parent / "cache.db"

    @property
    def codebook_path(self) -> Path:
        return self.root / self.codebook

    @property
    def reports_path(self) -> Path:
        return self.root / self.reports

    @property
    def cases_path(self) -> Path:
        return self.root / self.cases

    def missing_cases_file(self) -> str | None:
        """A warning when `cases` names a file of the researcher's own choosing that is not
        there (the default may rightly be absent: attributes can come from front matter)."""
        if self.cases == DEFAULT_CASES or self.cases_path.exists():
            return None
        return (f"{self.cases}: no such file (cases in {CONFIG_NAME}); no case attributes "
                "were read from it")

    def transcript_files(self) -> list[Path]:
        """Every file the configured globs match, minus exclusions, sorted for determinism.

        Exclusions are matched on the path relative to the project, so a folder reached
        through a symbolic link is excluded the same way as a real one."""
        return self._globbed()[0]

    def transcript_matches(self) -> tuple[list[Path], list[Path]]:
        """(transcript_files(), what the globs match that is no regular file: a folder named
        like a transcript, a broken or looping link, a pipe; and a folder they search that
        cannot be listed). The second are skipped, but a user should hear of them."""
        files, unreadable = self._globbed()
        return files, sorted({*unreadable, *self._unlisted_folders()})

    def _globbed(self) -> tuple[list[Path], list[Path]]:
        """The globs' regular files and their other matches, in one walk of the folders."""
        files, unreadable = set(), set()
        for pattern in self.transcripts:
            for path in self.root.glob(_any_case_extension(pattern)):
                if not path.name.startswith(EDITOR_LEFTOVERS):
                    (files if path.is_file() else unreadable).add(path)
        return (sorted(p for p in files if not self.is_excluded(p) and not self.is_cases_file(p)),
                sorted(p for p in unreadable if not self.is_excluded(p) and p.suffix))

    def _unlisted_folders(self) -> set[Path]:
        """Folders under the transcripts globs that cannot be listed (no permission): a glob
        passes them by in silence, and their files would seem deleted."""
        found: set[Path] = set()
        for pattern in self.transcripts:
            parts = PurePosixPath(pattern).parts
            fixed = list(itertools.takewhile(lambda part: not set(part) & set("*?["), parts[:-1]))
            head = self.root.joinpath(*fixed)
            if not head.is_dir():
                continue
            if len(fixed) < len(parts) - 1:  # folders below it are searched too
                for _ in os.walk(head, onerror=lambda error: found.add(Path(error.filename))):
                    pass
            else:
                try:
                    with os.scandir(head):
                        pass
                except PermissionError:
                    found.add(head)
        return {path for path in found if not self.is_excluded(path)}

    def unread_documents(self) -> list[Path]:
        """Files beside the transcripts, in the folders the globs walk, of a kind a transcript
        is often saved as but qualcode does not read (a Word 97-2003 .doc, a .pdf): skipped,
        which a user should hear of rather than find an informant missing."""
        found = set()
        heads = {head for head, dot, extension in (p.rpartition(".") for p in self.transcripts)
                 if dot and "/" not in extension}  # transcripts/**/*.txt and *.md: one walk
        for head in sorted(heads):
            for path in self.root.glob(head + ".*"):
                if (path.suffix.lower() in UNREAD_DOCUMENTS and not path.name.startswith(EDITOR_LEFTOVERS)
                        and path.is_file() and not self.is_excluded(path)):
                    found.add(path)
        return sorted(found)

    def is_cases_file(self, path: Path) -> bool:
        """The cases file describes the cases; it is never a table of texts to code, though
        it sits among the transcripts and the `*.csv` glob matches it."""
        return os.path.abspath(path) == os.path.abspath(self.cases_path)

    def is_excluded(self, path: Path) -> bool:
        relative = path.relative_to(self.root).as_posix() if path.is_absolute() else path.as_posix()
        for pattern in self.exclude:
            if fnmatch.fnmatch(relative, pattern):
                return True
            if pattern.startswith("**/") and fnmatch.fnmatch(relative.rsplit("/", 1)[-1], pattern[3:]):
                return True
        return False


def _any_case_extension(glob: str) -> str:
    """`transcripts/**/*.docx` as `transcripts/**/*.[dD][oO][cC][xX]`: Windows and macOS
    write `Wawancara.DOCX` and `X.TXT`, which a case-sensitive glob would silently pass by."""
    head, dot, extension = glob.rpartition(".")
    if not dot or "/" in extension or not extension.isalnum():
        return glob
    return head + "." + "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in extension)


def find_root(start: Path | None = None) -> Path:
    here = (start or Path.cwd()).resolve()
    if not here.is_dir():  # `-C` given a folder that is not there (or a file)
        raise ProjectNotFound(f"{here} is not a folder" if here.exists() else f"no folder {here}")
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise ProjectNotFound(
        f"no {CONFIG_NAME} in {here} or its parents; run `qualcode init DIR` to make a project"
    )


# [project] settings and what each must be; `transcripts`/`exclude` are globs.
_TEXT_SETTINGS = ("name", "description", "language", "codebook", "cases", "reports", "coder")
_GLOB_SETTINGS = ("transcripts", "exclude")
_TABLES = ("project", "coding", "pipelines", "report", "tables")
LANGUAGES = ("id", "en")
_TOML_WHERE = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")


def load_config(root: Path | None = None) -> ProjectConfig:
    root = find_root(root)
    path = root / CONFIG_NAME
    try:
        text = path.read_bytes().decode("utf-8")
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        where = _TOML_WHERE.search(message)
        if where:
            message = f"{message[:where.start()]} (column {where.group(2)})"
        raise ConfigError(f"not valid TOML: {message}", path,
                          int(where.group(1)) if where else None) from None
    except UnicodeDecodeError as exc:
        raise ConfigError("not UTF-8 text", path, _text_line(path.read_bytes(), exc.start)) from None
    except OSError as exc:
        raise ConfigError(f"cannot read ({exc.strerror or exc})", path) from None
    lines = _setting_lines(text)

    def fail(message: str, key: str, table: str | None = "project") -> ConfigError:
        return ConfigError(message, path, lines.get((table, key)) or lines.get((None, table)))

    unknown_tables = sorted(set(data) - set(_TABLES))
    if unknown_tables:
        first = unknown_tables[0]
        raise fail(f"unknown table or setting {first!r}; qualcode.toml has [project], "
                   f"[coding], [report], [pipelines] and [tables]", first, None)
    section = data.get("project", {})
    if not isinstance(section, dict):
        raise fail("`project` must be the [project] table of settings", "project", None)
    known = (*_TEXT_SETTINGS, *_GLOB_SETTINGS)
    unknown = sorted(set(section) - set(known))
    if unknown:
        raise fail(f"unknown setting {unknown[0]!r} in [project]; known: {', '.join(known)}",
                   unknown[0])
    kwargs = {}
    described = section.get("description")
    if isinstance(described, dict):  # one text per language
        if not described or not all(isinstance(k, str) and isinstance(v, str) for k, v in described.items()):
            raise fail("[project] description must be text, or a table of texts by language "
                       f"({{ id = \"…\", en = \"…\" }}), not {described!r}", "description")
        kwargs["descriptions"] = tuple((k, v.strip()) for k, v in described.items())
        section = {k: v for k, v in section.items() if k != "description"}
        kwargs["description"] = " ".join(v.strip() for v in described.values() if v.strip())
    for key in _TEXT_SETTINGS:
        if key not in section:
            continue
        value = section[key]
        if not isinstance(value, str) or (key != "description" and not value.strip()):
            raise fail(f"[project] {key} must be {'text' if key == 'description' else 'non-empty text'}"
                       f", not {value!r}", key)
        found = (UNUSABLE_IN_NAME if key == "coder" else UNUSABLE).search(value)
        if found:  # a TOML escape ("\u0007"; a line break in a name): no store or report can hold it
            raise fail(f"[project] {key} holds the control character U+{ord(found.group()):04X}, "
                       "which no report can hold", key)
        kwargs[key] = value.strip() if key != "description" else value
    if kwargs.get("coder") == AUTO_CODER:  # as `--coder auto` is refused: a person's decisions
        raise fail(f"[project] coder {AUTO_CODER!r} is the machine's name; name the person who codes, "
                   "so their decisions stay theirs", "coder")
    if kwargs.get("language", "id") not in LANGUAGES:
        raise fail(f"[project] language {kwargs['language']!r} is not supported; use "
                   f"{' or '.join(LANGUAGES)}", "language")
    for key in _GLOB_SETTINGS:
        if key not in section:
            continue
        value = section[key]
        value = [value] if isinstance(value, str) else value
        if not isinstance(value, list) or not all(isinstance(g, str) and g.strip() for g in value):
            raise fail(f"[project] {key} must be a list of globs (text), not {section[key]!r}", key)
        kwargs[key] = tuple(g.strip() for g in value)
    if "transcripts" in kwargs and not kwargs["transcripts"]:
        raise fail("[project] transcripts lists no glob: name where the transcripts are, e.g. "
                   'transcripts = ["transcripts/**/*.txt"]', "transcripts")
    for glob in kwargs.get("transcripts", ()):
        if _escapes(glob):
            raise fail(f"[project] transcripts glob {glob!r} reaches outside the project folder; "
                       "put the transcripts inside it", "transcripts")
        try:  # pathlib checks a pattern as it starts matching: here, under a folder that is not there
            next(iter(Path("/nonexistent-qualcode-folder").glob(glob)), None)
        except ValueError as exc:
            raise fail(f"[project] transcripts glob {glob!r}: {exc}", "transcripts") from None
    if "reports" in kwargs and not _inside(root, kwargs["reports"]):
        raise fail(f"[project] reports {kwargs['reports']!r} is outside the project folder; "
                   "reports are written inside it", "reports")
    if "reports" in kwargs and (root / kwargs["reports"]).is_file():
        raise fail(f"[project] reports {kwargs['reports']!r} is a file; name a folder for the reports",
                   "reports")
    pipelines = data.get("pipelines", {})
    if not isinstance(pipelines, dict) or not all(
            isinstance(v, str) and v.strip() for v in pipelines.values()):
        raise fail("[pipelines] must map a language to a spaCy package name, "
                   'like en = "en_core_web_sm"', next(
                       (k for k, v in (pipelines.items() if isinstance(pipelines, dict) else ())
                        if not isinstance(v, str)), "pipelines"), "pipelines")
    kwargs.update(coding_settings(data.get("coding", {}), fail))
    kwargs.update(report_settings(data.get("report", {}), fail))
    if "tables" in data:
        from qualcode.table_settings import table_settings

        kwargs["tables"] = table_settings(data["tables"], fail)
    kwargs.setdefault("name", root.name)
    return ProjectConfig(root=root, pipelines=pipelines, **kwargs)


def _text_line(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


def setting_line(config: ProjectConfig, table: str, key: str) -> int | None:
    """The line of qualcode.toml that sets `key` in [table], for an error found after loading."""
    try:
        text = config.config_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return _setting_lines(text).get((table, key))


def _setting_lines(text: str) -> dict[tuple[str | None, str], int]:
    """(table, key) -> line, from a plain scan: good enough to point at a setting."""
    lines: dict[tuple[str | None, str], int] = {}
    table = None
    for number, line in enumerate(text.splitlines(), start=1):
        header = re.match(r"\s*\[\s*([^\]\s]+)\s*\]", line)
        if header:
            table = header.group(1).replace('"', "").replace("'", "")  # [tables."x.csv"]: tables.x.csv
            lines.setdefault((None, table), number)
            continue
        key = re.match(r"""\s*["']?([\w.-]+)["']?\s*=""", line)
        if key:
            lines.setdefault((table, key.group(1)), number)
    return lines


def _escapes(glob: str) -> bool:
    """A glob that is absolute or climbs out with `..` can match files outside the project."""
    pure = PurePosixPath(glob.replace("\\", "/"))
    return (glob.startswith(("/", "~", "\\")) or pure.is_absolute() or ".." in pure.parts
            or bool(pure.parts and ":" in pure.parts[0]))


def _inside(root: Path, relative: str) -> bool:
    if Path(relative).is_absolute() or relative.startswith("~"):
        return False
    target = (root / relative).resolve()
    return target == root.resolve() or root.resolve() in target.parents
