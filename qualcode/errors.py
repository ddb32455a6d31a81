"""Errors a user can act on. The CLI prints them as one line and exits 1."""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Iterator

# The command being run (`qualcode code add`), so an error far down can say which one.
_operation: ContextVar[str] = ContextVar("qualcode_operation", default="")


@contextmanager
def operation(name: str) -> Iterator[None]:
    """Name what is being done for errors raised inside, e.g. a lock wait that ran out."""
    token = _operation.set(name)
    try:
        yield
    finally:
        _operation.reset(token)


def current_operation() -> str:
    return _operation.get() or "qualcode"


class QualcodeError(Exception):
    """Something the user can fix; shown as one line, never as a traceback."""

    def __reduce__(self):
        # Pickled whole (e.g. from the child process that ingests), whatever arguments a
        # subclass's __init__ takes: Exception's own pickling calls it with `args` alone.
        return _rebuilt, (type(self), self.args, dict(self.__dict__))


def _rebuilt(cls: type, args: tuple, state: dict) -> "QualcodeError":
    error = cls.__new__(cls, *args)
    error.args = args
    error.__dict__.update(state)
    return error


class InputError(QualcodeError):
    """A file the user handed us cannot be read as what it claims to be."""

    def __init__(self, path: str | Path, message: str, line: int | None = None):
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


class InputErrors(InputError):
    """Several files that cannot be read, found in one pass: each is named on a line of its
    own, so one run lists them all (an ingest stops at none of them before reading the rest)."""

    def __init__(self, errors: list[InputError]):
        self.errors = errors
        first = errors[0]
        super().__init__(first.path, first.message, first.line)
        self.lines = [str(error) for error in errors]
        self.args = ("\n".join(self.lines),)  # str() of it: every line


class CodebookError(InputError):
    """The codebook YAML is malformed or inconsistent."""


class ConfigError(QualcodeError):
    """qualcode.toml is missing or malformed."""

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        self.path = str(path) if path is not None else None
        self.line = line
        self.message = message
        where = (f"{self.path}:{line}" if line else self.path) if self.path else None
        super().__init__(f"{where}: {message}" if where else message)


class ProjectNotFound(ConfigError):
    """No qualcode.toml in this folder or any parent."""


class StoreError(QualcodeError):
    """The project store cannot be opened or is from a newer qualcode."""


class StoreBusy(StoreError):
    """Another process held the project store's write lock for longer than we wait."""


class PipelineError(QualcodeError):
    """A configured language pipeline is not installed."""
