"""[tables."GLOB"] in qualcode.toml: which column of a table of short texts plays which part,
where ingest's own reading of the headings is not what you want.

    [tables."transcripts/aduan*.csv"]
    text = ["Isi aduan"]            # the columns coded
    replies = ["Tanggapan petugas"] # the officer's replies: kept for context, not coded
    key = "No tiket"                # names the rows
    attributes = ["Kanal", "Kecamatan"]   # the case's attributes; other columns are left out

Every setting is optional; what is not set is worked out as without the table. Column names
are matched whatever their capitals. The glob is matched against the table's path in the
project (`transcripts/aduan.csv`); the first table whose glob matches applies.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass

ROLES = ("text", "replies", "key", "case", "date", "language", "attributes")
_LISTS = ("text", "replies", "attributes")


@dataclass(frozen=True)
class TableSettings:
    glob: str
    text: tuple[str, ...] = ()
    replies: tuple[str, ...] = ()  # the other side's words: kept for context, not coded
    key: str | None = None
    case: str | None = None
    date: str | None = None
    language: str | None = None
    attributes: tuple[str, ...] | None = None  # None: every column with no other part

    def given(self) -> dict[str, str | tuple[str, ...]]:
        """The parts this table settles, by role."""
        found = {role: getattr(self, role) for role in ROLES}
        return {role: value for role, value in found.items() if value not in (None, ())}


def table_settings(section, fail) -> tuple[TableSettings, ...]:
    """The [tables] section checked: `fail(message, key, table)` makes the error."""
    if not isinstance(section, dict):
        raise fail('`tables` must hold one table per glob: [tables."transcripts/aduan.csv"]', "tables", None)
    found = []
    for glob, settings in section.items():
        where = f'[tables."{glob}"]'
        if not isinstance(settings, dict):
            raise fail(f'{where} must be a table of settings ({", ".join(ROLES)}); write '
                       f'[tables."{glob}"] on a line of its own', glob, "tables")
        unknown = sorted(set(settings) - set(ROLES))
        if unknown:
            raise fail(f"unknown setting {unknown[0]!r} in {where}; known: {', '.join(ROLES)}", unknown[0],
                       f"tables.{glob}")
        values: dict = {}
        for role, value in settings.items():
            if role in _LISTS:
                value = [value] if isinstance(value, str) else value
                if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                    raise fail(f"{where} {role} must be a list of column names, not {settings[role]!r}",
                               role, f"tables.{glob}")
                values[role] = tuple(v.strip() for v in value)
            elif not isinstance(value, str) or not value.strip():
                raise fail(f"{where} {role} must be a column name (text), not {value!r}", role,
                           f"tables.{glob}")
            else:
                values[role] = value.strip()
        found.append(TableSettings(glob, **values))
    return tuple(found)


def settings_for(tables: tuple[TableSettings, ...], display: str) -> TableSettings | None:
    """The first [tables] entry whose glob matches the table's path in the project."""
    return next((t for t in tables if fnmatch.fnmatchcase(display, t.glob)), None)
