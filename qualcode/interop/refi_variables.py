"""REFI-QDA variables: case attributes and source metadata as typed <Variable>s and their
<VariableValue>s, each value's lexical form kept as it is."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET

from qualcode.interop import refi_guid
from qualcode.interop.refi_xml import element as _element
from qualcode.model import Source


def _value_text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


# ASCII digits only: xs:integer and xs:decimal know no others (a "٣" or "３" is text). A whole
# part with a leading zero ("03", an RT or RW number) is an identifier: as a number another
# tool would show it 3, so it stays text.
_INTEGER = re.compile(r"[+-]?(0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[+-]?((0|[1-9][0-9]*)(\.[0-9]*)?|\.[0-9]+)")


def _is_date(text: str) -> bool:
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


VALUE_ELEMENTS = {"Text": "TextValue", "Boolean": "BooleanValue", "Integer": "IntegerValue",
                  "Float": "FloatValue", "Date": "DateValue"}


def variable_type(values: list) -> str:
    """The narrowest REFI variable type every value fits; the lexical form is kept as it is."""
    texts = [_value_text(v) for v in values]
    if all(isinstance(v, bool) or v in ("true", "false") for v in values):
        return "Boolean"
    if all(_INTEGER.fullmatch(t) for t in texts):
        return "Integer"
    if all(_FLOAT.fullmatch(t) for t in texts):
        return "Float"
    if all(_is_date(t) for t in texts):
        return "Date"
    return "Text"


def _source_variables(source: Source) -> dict:
    values = {"source_type": source.source_type, "language": source.language, "date": source.date}
    values.update(source.attributes)
    return {k: v for k, v in values.items() if v is not None and _value_text(v) != ""}


def _variables(snapshot) -> dict[str, str]:
    """Variable name -> type, from case attributes and source metadata alike."""
    seen: dict[str, list] = {}
    for case in snapshot.cases:
        for key, value in case.attributes.items():
            if value is not None and _value_text(value) != "":
                seen.setdefault(key, []).append(value)
    for source in snapshot.sources:
        for key, value in _source_variables(source).items():
            seen.setdefault(key, []).append(value)
    return {name: variable_type(values) for name, values in sorted(seen.items())}


def _variable_values(parent: ET.Element, values: dict, types: dict[str, str]) -> None:
    for name in sorted(values):
        node = _element(parent, "VariableValue")
        _element(node, "VariableRef", targetGUID=refi_guid("variable", name))
        _element(node, VALUE_ELEMENTS[types[name]], _value_text(values[name]))
