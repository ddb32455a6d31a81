"""Interoperability with other QDA tools: REFI-QDA codebooks (QDC) and projects (QDPX).

Modules, one concept each; none of them prints, exits or speaks SQL:
  safezip          reading untrusted ZIP archives within limits (zip slip, zip bombs, truncation)
  refi_xml         safe XML parsing (no entities, no network), lenient lookup, deterministic
                   writing, validation against the official XSDs (XSD_DIR)
  offsets          text positions as other tools count them, converted to our code points
  refi_codes       a Code as a REFI <Code> (Description text, colours) and back; codebook YAML
  refi_codes_plan  imported REFI codes matched to a codebook's codes, or new ones
  refi_export      our project / codebook as REFI-QDA XML (QDPX / QDC)
  refi_import      a REFI-QDA archive or codebook parsed leniently into plain typed data
  refi_merge       that data turned into our sources, segments, cases, codings and memos

GUIDs: every object we export gets a lowercase uuid5 of its kind and our id, so the same
project always exports the same GUIDs, and an import recognises what we exported.
"""

from __future__ import annotations

import re
import uuid

from qualcode.errors import QualcodeError

# All qualcode GUIDs are uuid5 names in this namespace.
GUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://qualcode.invalid/refi-qda")
PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
_GUID = re.compile(r"^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$")


class RefiError(QualcodeError):
    """A REFI-QDA export could not be made (schemas missing, or our XML failed them)."""


def refi_guid(kind: str, key: str) -> str:
    """The stable lowercase GUID of one of our objects, e.g. refi_guid("code", "budget-support")."""
    return str(uuid.uuid5(GUID_NAMESPACE, f"{kind}:{key}"))


def normal_guid(value: str | None) -> str | None:
    """A GUID as we compare them: lowercase, without braces; None when it is not a GUID."""
    if value is None:
        return None
    match = _GUID.match(value.strip())
    return match.group(1).lower() if match else None


__all__ = ["CODEBOOK_NS", "GUID_NAMESPACE", "PROJECT_NS", "RefiError", "normal_guid", "refi_guid"]


def covered(span: tuple[int, int], segments) -> list:
    """The codable segments a selection across segments covers at least half of: what it
    codes in qualcode's model of segment codings (an import); an export leaves those codings
    to the selection again."""
    start, end = span
    return [segment for segment in segments if segment.codable and segment.end > segment.start
            and 2 * (min(end, segment.end) - max(start, segment.start)) >= segment.end - segment.start]
