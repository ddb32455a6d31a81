"""Find a project folder, read its qualcode.toml, and resolve its paths."""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from qualcode.errors import ConfigError, ProjectNotFound

CONFIG_NAME = "qualcode.toml"
STORE_RELATIVE = Path(".qualcode") / "project.db"

DEFAULT_TRANSCRIPT_GLOBS = (
    "transcripts/**/*.txt",
    "transcripts/**/*.md",
    "transcripts/**/*.docx",
    "transcripts/**/*.vtt",
    "transcripts/**/*.srt",
)
# READMEs describe a folder; they are not data.
DEFAULT_EXCLUDE_GLOBS = ("**/README.md", "**/README.txt")


@dataclass(frozen=True)
class ProjectConfig:
    root: Path
    name: str
    description: str = ""
    language: str = "id"
    codebook: str = "codebooks/smart-city.yaml"
    transcripts: tuple[str, ...] = DEFAULT_TRANSCRIPT_GLOBS
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE_GLOBS
    cases: str = "transcripts/cases.csv"
    reports: str = "reports"
    coder: str = "researcher"
    pipelines: dict = field(default_factory=dict)

    @property
    def store_path(self) -> Path:
        return self.root / STORE_RELATIVE

    @property
    def codebook_path(self) -> Path:
        return self.root / self.codebook

    @property
    def reports_path(self) -> Path:
        return self.root / self.reports

    @property
    def cases_path(self) -> Path:
        return self.root / self.cases

    def transcript_files(self) -> list[Path]:
        """Every file the configured globs match, minus exclusions, sorted for determinism."""
        excluded = {p for pattern in self.exclude for p in self.root.glob(pattern)}
        found = {
            p for pattern in self.transcripts for p in self.root.glob(pattern) if p.is_file()
        }
        return sorted(found - excluded)


def find_root(start: Path | None = None) -> Path:
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise ProjectNotFound(
        f"no {CONFIG_NAME} in {here} or its parents; run `qualcode init DIR` to make a project"
    )


def load_config(root: Path | None = None) -> ProjectConfig:
    root = find_root(root)
    path = root / CONFIG_NAME
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    section = data.get("project", {})
    if not isinstance(section, dict):
        raise ConfigError(f"{path}: [project] must be a table")
    known = {
        "name", "description", "language", "codebook", "transcripts", "exclude", "cases", "reports", "coder",
    }
    unknown = sorted(set(section) - known)
    if unknown:
        raise ConfigError(f"{path}: unknown setting(s) in [project]: {', '.join(unknown)}")
    kwargs = {key: section[key] for key in known if key in section}
    for key in ("transcripts", "exclude"):
        if key in kwargs:
            value = kwargs[key]
            if isinstance(value, str):
                value = [value]
            if not all(isinstance(item, str) for item in value):
                raise ConfigError(f"{path}: [project] {key} must be a list of globs")
            kwargs[key] = tuple(value)
    pipelines = data.get("pipelines", {})
    if not isinstance(pipelines, dict):
        raise ConfigError(f"{path}: [pipelines] must map a language to a spaCy package name")
    kwargs.setdefault("name", root.name)
    return ProjectConfig(root=root, pipelines=pipelines, **kwargs)


DEMO_NAME = "Strategi smart city Kota Sumberasri (demo)"
DEMO_DESCRIPTION = ("Illustrative demonstration corpus: fictional transcripts and documents written for "
                    "qualcode, set in the fictional Kota Sumberasri; not real interviews.")


def config_text(name: str, language: str = "id", coder: str = "researcher",
                description: str = "") -> str:
    """The qualcode.toml that `qualcode init` writes (the repository's own is the demo's)."""
    globs = ",\n    ".join(f'"{g}"' for g in DEFAULT_TRANSCRIPT_GLOBS)
    about = f"description = {json.dumps(description, ensure_ascii=False)}\n" if description else ""
    return f'''# qualcode project settings. Paths are relative to this file.
[project]
name = {json.dumps(name, ensure_ascii=False)}
{about}# Language of sources without a `language:` in their front matter (id or en),
# and of the report.
language = {json.dumps(language)}
codebook = "codebooks/smart-city.yaml"
transcripts = [
    {globs},
]
exclude = ["**/README.md", "**/README.txt"]
cases = "transcripts/cases.csv"
reports = "reports"
# Who you are when you code by hand.
coder = {json.dumps(coder, ensure_ascii=False)}

# Optional: use an installed trained spaCy pipeline for a language instead of the
# built-in blank pipeline with lookup lemmas. Nothing is ever downloaded.
# [pipelines]
# en = "en_core_web_sm"
'''
