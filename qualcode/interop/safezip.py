"""Read an untrusted ZIP archive (a .qdpx) without trusting it.

Nothing is ever extracted to disk: members are read into memory by name. Still, an
archive is refused as a whole when it looks hostile or broken:
  - a member name with `..`, an absolute path or a drive letter (zip slip);
  - more members, or more declared uncompressed bytes, than sane limits (zip bombs);
  - a member we read that would inflate past its limit or by an absurd ratio;
  - a truncated or corrupt archive, an encrypted member, duplicate member names.
Every refusal is an InputError naming the archive.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from qualcode.errors import InputError

# A project archive has a member per source: a city's complaint channel exported from here
# has tens of thousands (20,000 complaints made 20,001 members, past an earlier 10,000 that
# refused our own export). Each member costs zipfile about half a kilobyte to list.
MAX_MEMBERS = 250_000
MAX_TOTAL_BYTES = 4 * 1024 ** 3      # declared uncompressed size of the whole archive
MAX_MEMBER_BYTES = 256 * 1024 ** 2   # any one member we read (the .qde, a text file)
MAX_RATIO = 200                      # uncompressed / compressed, for members above RATIO_FLOOR
RATIO_FLOOR = 1024 ** 2
# What all reads of an archive may inflate to, a member read twice counted twice: far above a
# city's complaint archive (50,000 complaints of 2 KB are 100 MB), far below what would fill a
# laptop's memory. Without it, 6,000 sources naming one 1 MiB member (a 37 KB file) read 6 GB,
# and 4,000 members of 1 MiB each, each under RATIO_FLOOR, inflated 388:1 to 4 GB.
MAX_READ_BYTES = 1024 ** 3
# the members read so far, together, may not inflate more than MAX_RATIO past this much
AGGREGATE_RATIO_FLOOR = 64 * 1024 ** 2
_CHUNK = 1024 ** 2
_DRIVE = re.compile(r"^[A-Za-z]:")


def _unsafe_name(name: str) -> str | None:
    """Why a member name is unsafe, or None."""
    posix = name.replace("\\", "/")
    if "\x00" in name:
        return "a NUL character"
    if posix.startswith("/") or _DRIVE.match(posix):
        return "an absolute path"
    if ".." in posix.split("/"):
        return "'..' in its path"
    return None


class SafeArchive:
    """An opened, checked archive: look members up by name, read them within limits."""

    def __init__(self, path: Path, archive: zipfile.ZipFile):
        self.path = path
        self._zip = archive
        self._infos: dict[str, zipfile.ZipInfo] = {}
        self._folded: dict[str, str] = {}
        self._read_bytes = self._read_compressed = 0  # over every read, re-reads included
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise InputError(path, f"archive has {len(infos)} members, more than the limit of "
                                   f"{MAX_MEMBERS} (a zip bomb?); refused")
        total = 0
        for info in infos:
            reason = _unsafe_name(info.filename)
            if reason:
                raise InputError(path, f"archive member {info.filename!r} has {reason} "
                                       "(zip slip); refused")
            total += info.file_size
            if info.is_dir():
                continue
            name = info.filename.replace("\\", "/")
            if name in self._infos:
                raise InputError(path, f"archive has two members named {name!r}; refused")
            self._infos[name] = info
            self._folded.setdefault(name.casefold(), name)
        if total > MAX_TOTAL_BYTES:
            raise InputError(path, f"archive would unpack to {total:,} bytes, more than the limit of "
                                   f"{MAX_TOTAL_BYTES:,} (a zip bomb?); refused")

    @property
    def names(self) -> list[str]:
        return sorted(self._infos)

    def find(self, name: str) -> str | None:
        """The member called `name`, matched exactly first, then ignoring case."""
        name = name.replace("\\", "/").lstrip("/")
        if name in self._infos:
            return name
        return self._folded.get(name.casefold())

    def size(self, name: str) -> int:
        return self._infos[name].file_size

    def read(self, name: str) -> bytes:
        info = self._infos[name]
        if info.flag_bits & 0x1:
            raise InputError(self.path, f"archive member {name!r} is encrypted; refused")
        if info.file_size > MAX_MEMBER_BYTES:
            raise InputError(self.path, f"archive member {name!r} would unpack to {info.file_size:,} "
                                        f"bytes, more than the limit of {MAX_MEMBER_BYTES:,}; refused")
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            raise InputError(self.path, f"archive member {name!r} inflates {ratio:.0f}:1 "
                                        "(a zip bomb?); refused")
        self._read_bytes += info.file_size
        self._read_compressed += info.compress_size
        if self._read_bytes > MAX_READ_BYTES:
            raise InputError(self.path, f"reading its members would inflate past {MAX_READ_BYTES:,} bytes "
                                        "(one member named again and again, or a zip bomb?); refused")
        together = self._read_bytes / max(self._read_compressed, 1)
        if self._read_bytes > AGGREGATE_RATIO_FLOOR and together > MAX_RATIO:
            raise InputError(self.path, f"its members inflate {together:.0f}:1 together "
                                        "(a zip bomb?); refused")
        chunks, size = [], 0
        try:
            with self._zip.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    size += len(chunk)
                    if size > max(info.file_size, 0) or size > MAX_MEMBER_BYTES:
                        raise InputError(self.path, f"archive member {name!r} inflates past its "
                                                    "declared size; refused")
                    chunks.append(chunk)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError,
                RuntimeError, ValueError) as exc:
            raise InputError(self.path, f"archive member {name!r} cannot be read: "
                                        f"{_reason(exc)} (truncated or corrupt archive?)") from None
        return b"".join(chunks)


def _reason(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.rstrip(".")


def not_a_file(path: Path) -> str:
    """Why a path given as a file to read is none: a folder, a device, or nothing there."""
    if path.is_dir():
        return "is a folder, not a file"
    if path.exists():
        return "is not a regular file (a device or a pipe)"
    return "no such file"


@contextmanager
def open_archive(path: Path) -> Iterator[SafeArchive]:
    """Open and check an archive; InputError naming it when it is not a sound ZIP file."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, not_a_file(path))
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError) as exc:
        raise InputError(path, f"not a readable ZIP archive ({_reason(exc)}); "
                               "truncated, or not a .qdpx file?") from None
    try:
        yield SafeArchive(path, archive)
    finally:
        archive.close()
