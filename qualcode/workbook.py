"""Opening an .xlsx someone hands us (a coding sheet, a survey table), safely.

Shared by the coding-sheet import and the table reader of ingest, so that both refuse a
hostile or damaged workbook the same way: one line naming the file."""

from __future__ import annotations

import io
import warnings
import zipfile
import zlib
from contextlib import contextmanager
from pathlib import Path

from qualcode.errors import InputError


def open_workbook(data: bytes, path: str | Path, not_xlsx_hint: str, values: bool = False):
    """The workbook, read-only; InputError (one line) for anything that is not a sound .xlsx.
    `not_xlsx_hint` says what to do when the bytes are no workbook at all. With `values`, a
    formula cell reads as the value Excel last computed, not as its formula.

    The ZIP is checked within the REFI importer's limits first (zip slip, zip bombs, truncation),
    and openpyxl parses its XML through defusedxml (no entities, no network)."""
    from openpyxl import load_workbook

    from qualcode.interop.safezip import SafeArchive

    if data[:4] != b"PK\x03\x04":
        raise InputError(path, f"not an Excel workbook (.xlsx); {not_xlsx_hint}")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError) as exc:
        raise InputError(path, f"not a readable .xlsx workbook ({str(exc).strip().rstrip('.') or 'corrupt'});"
                               " truncated or damaged?") from None
    with archive:
        checked = SafeArchive(Path(path), archive)
        for name in checked.names:
            checked.read(name)  # every member inflates within the limits
        if checked.find("xl/workbook.xml") is None:
            raise InputError(path, "a ZIP archive but not an Excel workbook (.xlsx)")
    try:
        with warnings.catch_warnings():  # openpyxl warns of damage on stderr: the error below says it
            warnings.simplefilter("ignore")
            return load_workbook(io.BytesIO(data), read_only=True, data_only=values)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise unreadable_workbook(path, exc) from None


def sheet_rows(sheet) -> list[tuple]:
    """Every row of a sheet, each as long as the longest. A read-only sheet trusts the range
    its file declares (`<dimension>`), which a program that wrote the file may have left
    stale: rows past it would be dropped without a word, so the range is read, not trusted."""
    if hasattr(sheet, "reset_dimensions"):
        sheet.reset_dimensions()
    rows = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    width = max(map(len, rows), default=0)
    return [row + (None,) * (width - len(row)) for row in rows]


@contextmanager
def reading(workbook, path: str | Path):
    """Around reading an opened workbook's sheets (their XML is parsed lazily, here): any
    damage is one InputError line, and the workbook is closed whatever happens."""
    try:
        yield workbook
    except InputError:
        raise
    except Exception as exc:  # damaged sheet XML, entities refused by defusedxml, …
        raise unreadable_workbook(path, exc) from None
    finally:
        workbook.close()


def unreadable_workbook(path: str | Path, exc: BaseException) -> InputError:
    """One line for an exception openpyxl raised; its root cause says more than its wrapper."""
    for _ in range(10):
        inner = exc.__cause__ or exc.__context__
        if inner is None:
            break
        exc = inner
    if type(exc).__name__ in ("EntitiesForbidden", "DTDForbidden", "ExternalReferenceForbidden"):
        return InputError(path, "not a readable .xlsx workbook: its XML declares entities, which are "
                                "refused (a billion-laughs or external-entity file?)")
    text = str(exc).strip()
    reason = text.splitlines()[0][:120] if text else type(exc).__name__
    return InputError(path, f"not a readable .xlsx workbook ({reason}); damaged?")
