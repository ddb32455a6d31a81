"""Errors a user can act on. The CLI prints them as one line and exits 1."""

from __future__ import annotations

from pathlib import Path


class QualcodeError(Exception):
    """Something the user can fix; shown as one line, never as a traceback."""


class InputError(QualcodeError):
    """A file the user handed us cannot be read as what it claims to be."""

    def __init__(self, path: str | Path, message: str, line: int | None = None):
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


class CodebookError(InputError):
    """The codebook YAML is malformed or inconsistent."""


class ConfigError(QualcodeError):
    """qualcode.toml is missing or malformed."""


class ProjectNotFound(ConfigError):
    """No qualcode.toml in this folder or any parent."""


class StoreError(QualcodeError):
    """The project store cannot be opened or is from a newer qualcode."""


class PipelineError(QualcodeError):
    """A configured language pipeline is not installed."""
