"""REFI-QDA XML in and out.

Reading: untrusted XML is parsed with defusedxml (entity declarations and external
references refused: no billion laughs, no XXE, no network), and elements are found by
local name with attributes matched ignoring case, because vendors disagree.
Writing: deterministic (attribute order as given, fixed indentation, characters XML
cannot carry replaced), and validated against the official XSDs found in XSD_DIR.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from qualcode.errors import InputError
from qualcode.interop import RefiError, normal_guid


# ------------------------------------------------------------------------------ reading
def parse_xml(data: bytes, path: Path, member: str | None = None) -> ET.Element:
    """Parse untrusted XML: entity declarations and external references are refused."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    where = f"{path}!{member}" if member else path
    try:
        return fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise InputError(where, f"XML declares entities or external references ({type(exc).__name__}); "
                                "refused (a billion-laughs or XXE attack?)") from None
    except ET.ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        raise InputError(where, f"not well-formed XML ({_plain_reason(exc)})", line=line) from None
    except (ValueError, LookupError) as exc:
        raise InputError(where, f"cannot read the XML ({exc})") from None


def _plain_reason(exc: ET.ParseError) -> str:
    return re.sub(r": line \d+, column \d+$", "", str(exc))


def local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def children(node: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in node if local(child.tag) == name]


def child(node: ET.Element, name: str) -> ET.Element | None:
    return next((c for c in node if local(c.tag) == name), None)


def text_of(node: ET.Element | None) -> str:
    return "".join(node.itertext()) if node is not None else ""


def attr(node: ET.Element, name: str) -> str | None:
    """An attribute by local name, ignoring its case (vendors disagree on `startposition`)."""
    for key, value in node.attrib.items():
        if local(key).casefold() == name.casefold():
            return value
    return None


def guid(node: ET.Element, name: str = "guid") -> str | None:
    return normal_guid(attr(node, name))


def refs(node: ET.Element, name: str, attribute: str = "targetGUID") -> list[str]:
    return [g for g in (guid(ref, attribute) for ref in children(node, name)) if g]


def integer(value: str | None) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


# ------------------------------------------------------------------------------ schemas
def _default_xsd_dir() -> Path:
    configured = os.environ.get("QUALCODE_REFI_XSD_DIR")
    if configured:
        return Path(configured)
    # The official schemas (MIT-licensed, notice inside) ship as package data.
    return Path(__file__).resolve().parents[1] / "data" / "refi-qda"


# Where Project.xsd and Codebook.xsd are looked for (read at call time; tests point it elsewhere).
XSD_DIR: Path = _default_xsd_dir()
_ILLEGAL_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SCHEMAS: dict[Path, object] = {}


# ------------------------------------------------------------------------------ writing
def clean(value) -> str:
    return _ILLEGAL_XML.sub("\ufffd", str(value))


def element(parent: ET.Element | None, tag: str, text: str | None = None, **attributes) -> ET.Element:
    attrs = {key.rstrip("_"): clean(value) for key, value in attributes.items() if value is not None}
    node = ET.Element(tag, attrs) if parent is None else ET.SubElement(parent, tag, attrs)
    if text is not None:
        node.text = clean(text)
    return node


def serialise(root: ET.Element) -> bytes:
    ET.indent(root, space="  ")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode").encode("utf-8") + b"\n"


def validate(xml: bytes, schema_file: str) -> None:
    """Check our XML against an official XSD; RefiError naming the element when it fails.
    libxml2's validator (lxml), not a pure-Python one: a 20,000-source project's XML took 22 s
    to check in xmlschema, and 0.4 s here. Both read our own XML and the shipped XSDs only."""
    from lxml import etree

    path = Path(XSD_DIR) / schema_file
    if not path.is_file():
        raise RefiError(f"REFI-QDA schema {path} not found, so the export cannot be validated; "
                        "set QUALCODE_REFI_XSD_DIR to the folder holding Project.xsd and "
                        "Codebook.xsd, or pass --no-validate to write it unchecked")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    if path not in _SCHEMAS:
        _SCHEMAS[path] = etree.XMLSchema(etree.parse(str(path), parser))
    schema = _SCHEMAS[path]
    if not schema.validate(etree.fromstring(xml, parser)):
        error = schema.error_log[0]
        raise RefiError(f"internal error: the export is not valid against {path.name} at "
                        f"{error.path} (line {error.line}): {error.message}; nothing was written "
                        "(please report this)")
