"""Cases (informants) from front matter and transcripts/cases.csv; front matter wins."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from qualcode.errors import InputError
from qualcode.ingest.decode import decode_bytes
from qualcode.model import Case

ID_COLUMNS = ("case", "id", "case_id")


def read_cases_csv(path: Path) -> dict[str, dict]:
    """case id -> attributes. Missing file: no cases."""
    if not path.is_file():
        return {}
    text, _ = decode_bytes(path.read_bytes(), path)
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    id_column = next((c for c in ID_COLUMNS if c in header), None)
    if id_column is None:
        raise InputError(path, f"needs a column named one of {', '.join(ID_COLUMNS)}", line=1)
    reader.fieldnames = header
    cases: dict[str, dict] = {}
    for row in reader:
        line = reader.line_num
        if None in row:
            raise InputError(path, "more fields than the header has", line=line)
        case_id = (row.pop(id_column) or "").strip()
        if not case_id:
            raise InputError(path, f"empty {id_column}", line=line)
        if case_id in cases:
            raise InputError(path, f"case {case_id!r} appears twice", line=line)
        cases[case_id] = {k: v.strip() for k, v in row.items() if v is not None and v.strip()}
    return cases


def merge_cases(from_csv: dict[str, dict], from_sources: list[tuple[str, str, dict]]) -> list[Case]:
    """Combine attributes; two sources disagreeing on one case's attribute is an error.

    `from_sources` holds (case id, source path, attributes from its front matter)."""
    claimed: dict[str, dict[str, tuple]] = {}
    for case_id, path, attributes in from_sources:
        seen = claimed.setdefault(case_id, {})
        for key, value in attributes.items():
            if key in seen and seen[key][0] != value:
                other_value, other_path = seen[key]
                raise InputError(
                    path, f"case {case_id!r} has {key}={value!r} here but {key}={other_value!r}"
                    f" in {other_path}")
            seen[key] = (value, path)
    merged = {case_id: dict(attributes) for case_id, attributes in from_csv.items()}
    for case_id, attributes in claimed.items():
        merged.setdefault(case_id, {}).update({k: v for k, (v, _) in attributes.items()})
    return [Case(case_id, merged[case_id]) for case_id in sorted(merged)]
