"""Cases (informants) from front matter and transcripts/cases.csv; front matter wins."""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

from qualcode.errors import InputError
from qualcode.ingest.decode import decode_bytes, read_input
from qualcode.model import Case

# The column of case ids, the first of these the header has (an Indonesian file says kasus)
ID_COLUMNS = ("case", "id", "case_id", "kasus", "id_kasus", "kode_kasus", "kode kasus")
# Indonesian names of the attributes qualcode reads by name (role groups the informants; the
# report's table of informants and its quotes give position and organisation), read as
# those, in cases.csv and in front matter alike, unless the English one is given too
ATTRIBUTE_ALIASES = {"peran": "role", "jabatan": "position", "lembaga": "organisation",
                     "instansi": "organisation", "organisasi": "organisation"}


def canonical_names(names) -> dict[str, str]:
    """Each attribute name as qualcode reads it: an Indonesian alias as its English name,
    when the English one is not there too."""
    present = set(names)
    # two aliases of one name (lembaga and instansi) would be one attribute: both stay as written
    meant = Counter(ATTRIBUTE_ALIASES[name] for name in present if name in ATTRIBUTE_ALIASES)
    return {name: english if (english := ATTRIBUTE_ALIASES.get(name)) and english not in present
            and meant[english] == 1 else name for name in names}


def csv_delimiter(text: str) -> str:
    """`;` when the header row is split by semicolons and holds no comma: Excel in an
    Indonesian (or any decimal-comma) locale saves CSV so; a tab when it holds tabs and
    neither: Excel's "Unicode text" (UTF-16, tab-separated); else `,`."""
    header = text.split("\n", 1)[0]
    if "," in header:
        return ","
    return ";" if ";" in header else "\t" if "\t" in header else ","


def read_cases_csv(path: Path, warnings: list[str] | None = None) -> dict[str, dict]:
    """case id -> attributes. Missing file: no cases. Errors name the row's line. A file that
    is not UTF-8 (Excel on Windows saves CSV as Windows-1252) is read so, and `warnings` is
    told, as a transcript's are: an informant's name read as the wrong letters should show."""
    if not path.exists():
        if path.is_symlink():  # a link to nothing, or a loop: a file meant to be there, unread
            raise InputError(path, "is a link that leads to no file (broken, or a loop); point it at "
                                   "the CSV file of cases, or remove it")
        return {}
    text, told = decode_bytes(read_input(path, "CSV file of cases"), path)
    if warnings is not None:
        warnings.extend(told)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, delimiter=csv_delimiter(text))
    rows = csv_rows(reader, path)
    if not rows:
        raise InputError(path, "has no header row", line=1)
    _, raw_header = rows[0]
    header = [h.strip().lower() for h in raw_header]
    for position, name in enumerate(header):
        if not name:
            raise InputError(path, f"column {position + 1} has no name", line=1)
        if name in header[:position]:
            raise InputError(path, f"column {name!r} appears twice in the header", line=1)
    named = canonical_names(header)
    header = [named[name] for name in header]
    id_column = next((c for c in ID_COLUMNS if c in header), None)
    if id_column is None:
        raise InputError(path, f"needs a column named one of {', '.join(ID_COLUMNS)}", line=1)
    cases: dict[str, dict] = {}
    first_line: dict[str, tuple[int, str]] = {}  # casefolded id -> (line, id as written)
    for line, values in rows[1:]:
        if not any(v.strip() for v in values):
            continue  # a blank line
        if len(values) != len(header):
            raise InputError(path, f"row has {len(values)} fields but the header has {len(header)}",
                             line=line)
        row = dict(zip(header, values))
        case_id = row.pop(id_column).strip()
        if not case_id:
            raise InputError(path, f"empty {id_column}", line=line)
        # ids match sources whatever their capitals, so `I1` and `i1` would be one case
        first = first_line.get(case_id.casefold())
        if first is not None:
            written = "" if first[1] == case_id else f" as {first[1]!r}; ids match whatever their capitals"
            raise InputError(path, f"case {case_id!r} appears twice (first on line {first[0]}{written})",
                             line=line)
        first_line[case_id.casefold()] = (line, case_id)
        cases[case_id] = {k: v.strip() for k, v in row.items() if v.strip()}
    return cases


def csv_rows(reader, path: Path) -> list[tuple[int, list[str]]]:
    """(line the row starts on, fields) for every row; a CSV syntax error names its row."""
    rows = []
    while True:
        line = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            return rows
        except csv.Error as exc:
            reason = "a quote is never closed" if "end of data" in str(exc) else str(exc)
            raise InputError(path, f"not valid CSV: {reason}", line=line) from None
        rows.append((line, values))


def interviewers_by_case(rows: dict[str, dict]) -> dict[str, frozenset[str]]:
    """Case id (casefolded) -> the interviewer's labels its cases.csv row gives, in a column
    `interviewer` ("Speaker 1"; several split by ";"): the one place a caption file, which
    has no front matter, can say who asks in it."""
    return {case_id.casefold(): frozenset(label.strip() for label in str(row["interviewer"]).split(";")
                                          if label.strip())
            for case_id, row in rows.items() if row.get("interviewer")}


def merge_cases(from_csv: dict[str, dict], from_sources: list[tuple]) -> list[Case]:
    """Combine attributes; two sources disagreeing on one case's attribute is an error.

    `from_sources` holds (case id, source path, attributes from its front matter), and
    optionally a fourth item: the line of each attribute in that source, for the error; a
    fifth: the case (a group discussion's) whose attributes it takes where it has none; and a
    sixth: attributes it takes before the group's (the position its speaker label gives)."""
    claimed: dict[str, dict[str, tuple]] = {}
    groups: dict[str, str] = {}
    defaults: dict[str, dict] = {}
    for case_id, path, attributes, *rest in from_sources:
        lines = rest[0] if rest else {}
        if len(rest) > 1 and rest[1]:
            groups[case_id] = rest[1]
        if len(rest) > 2 and rest[2]:
            defaults[case_id] = rest[2]
        seen = claimed.setdefault(case_id, {})
        named = canonical_names(attributes)
        for written, value in attributes.items():
            key = named[written]
            if key in seen and seen[key][0] != value:
                other_value, other_path = seen[key]
                raise InputError(
                    path, f"case {case_id!r} has {key}={value!r} here but {key}={other_value!r}"
                    f" in {other_path}", line=lines.get(written))
            seen[key] = (value, path)
    # a row's id typed in other capitals is the case's ("I1-diskominfo" for i1-diskominfo: a
    # caption file's case is its name, which no front matter can say otherwise)
    folded: dict[str, list[str]] = {}
    for case_id in claimed:
        folded.setdefault(case_id.casefold(), []).append(case_id)
    merged = {}
    for case_id, attributes in from_csv.items():
        same = folded.get(case_id.casefold(), [])
        merged[case_id if case_id in claimed or len(same) != 1 else same[0]] = dict(attributes)
    for case_id, attributes in claimed.items():
        merged.setdefault(case_id, {}).update({k: v for k, (v, _) in attributes.items()})
    for case_id, group in groups.items():  # a participant's own row wins over the group's
        merged[case_id] = {**merged.get(group, {}), **defaults.get(case_id, {}), **merged[case_id]}
    return [Case(case_id, merged[case_id]) for case_id in sorted(merged)]
