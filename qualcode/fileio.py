"""Atomic file writes: a failed render never leaves a half-written report behind."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _is_database(path: Path) -> bool:
    """Does an SQLite database live at `path`? Nothing qualcode writes whole is one."""
    try:
        with open(path, "rb") as file:
            return file.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def usual_mode() -> int:
    """The permissions a new file gets from open() here (mkstemp's are private)."""
    return 0o666 & ~_umask()


def write_atomic(path: Path, data: bytes | str) -> Path:
    path = Path(path)
    if path.is_dir():  # a folder, or a link to one (os.replace would put the file in the link's place)
        raise IsADirectoryError(21, "is a folder; name a file to write", str(path))
    if _is_database(path):  # an --out naming the project's store would end the project
        raise FileExistsError(17, "is an SQLite database (a project's store?), not written over; name another file",
                              str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:  # it names the random temporary file: name the folder we may not write
        raise type(exc)(exc.errno, f"cannot write {path.name} here ({exc.strerror})", str(path.parent)) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
        # mkstemp makes the file private; a report should get the usual permissions
        os.chmod(temporary, usual_mode())
        os.replace(temporary, path)
    except IsADirectoryError:  # os.replace names the temporary file, not the one asked for
        Path(temporary).unlink(missing_ok=True)
        raise IsADirectoryError(21, "is a folder; name a file to write", str(path)) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
