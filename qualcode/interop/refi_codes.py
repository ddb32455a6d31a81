"""A codebook Code as a REFI-QDA <Code>, and back; imported codes as codebook YAML.

REFI gives a code a name, a colour, `isCodable` and one free-text Description. We put
the definition, include/exclude and examples there as readable text, then the other
labels, the terms and a last `qualcode:` line with our id and kind, so that a codebook
survives a trip through NVivo or ATLAS.ti (they keep descriptions) and back:

    The political and institutional conditions that …      (a definition for any language)
    Definition (en): …                                      (or one line per language)
    Include: …                                              (any language; or `Include (id): …`)
    Exclude: …                                              (as Include)
    Examples:
    - …
    Label (id): …
    Keywords (id): APBD; anggaran
    Context terms (id): dana
    Exclude terms (id): …
    qualcode: id=budget-support; kind=dimension           (and `; polarity=negative`,
                                                           `; implies=a,b` when set)

A description in any other shape is read as the code's definition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from qualcode.model import CODE_KINDS, Code, Codebook, Keyword

STRONG_WEIGHT, CONTEXT_WEIGHT = 1.0, 0.5
DIMENSIONS_SET = "Framework dimensions"
CROSS_CUTTING_SET = "Framework cross-cutting codes"
_TERM_FIELDS = {"Keywords": "keywords", "Context terms": "context", "Exclude terms": "exclude_keywords"}
_LANGUAGE_FIELD = re.compile(
    r"^(Definition|Include|Exclude|Label|Keywords|Context terms|Exclude terms) \(([^()\s]+)\):[ \t]?(.*)$")
_PLAIN_FIELD = re.compile(r"^(Include|Exclude|Examples):[ \t]?(.*)$")
_TRAILER = re.compile(r"^qualcode:[ \t]*(.*)$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")

# ------------------------------------------------------------------------------ colours
_NAMED = {"black": "000000", "white": "ffffff", "red": "ff0000", "lime": "00ff00", "green": "008000",
          "blue": "0000ff", "yellow": "ffff00", "cyan": "00ffff", "aqua": "00ffff",
          "magenta": "ff00ff", "fuchsia": "ff00ff", "silver": "c0c0c0", "gray": "808080",
          "grey": "808080", "maroon": "800000", "olive": "808000", "purple": "800080",
          "teal": "008080", "navy": "000080", "orange": "ffa500"}


def normal_color(value) -> str | None:
    """Colours in the odd forms vendors write, as `#rrggbb`; None when unreadable.

    `#RRGGBB`, `RRGGBB`, `#RGB`, `#AARRGGBB` (.NET) or `#RRGGBBAA`, `rgb(r, g, b)`,
    `r,g,b`, a decimal (possibly negative ARGB) integer, or a basic colour name."""
    if value is None:
        return None
    text = str(value).strip().lower()
    if not text:
        return None
    if text in _NAMED:
        return "#" + _NAMED[text]
    if match := re.fullmatch(r"#?([0-9a-f]{6})", text):
        return "#" + match.group(1)
    if match := re.fullmatch(r"#?([0-9a-f]{3})", text):
        return "#" + "".join(ch * 2 for ch in match.group(1))
    match = re.fullmatch(r"(#|0x)?([0-9a-f]{8})", text)
    if match and (match.group(1) or not text.isdigit()):  # eight bare digits are a decimal
        digits = match.group(2)
        rgba = digits.endswith("ff") and not digits.startswith("ff")  # opaque alpha tells the order
        return "#" + (digits[:6] if rgba else digits[2:])
    if match := re.fullmatch(r"(?:rgba?\()?\s*(\d{1,3})\s*[,; ]\s*(\d{1,3})\s*[,; ]\s*(\d{1,3})"
                             r"(?:\s*[,; ]\s*[\d.]+)?\s*\)?", text):
        channels = [int(v) for v in match.groups()]
        if all(v <= 255 for v in channels):
            return "#" + "".join(f"{v:02x}" for v in channels)
        return None
    if re.fullmatch(r"-?\d{1,10}", text):
        return f"#{int(text) & 0xFFFFFF:06x}"
    return None


def export_color(color: str | None) -> str | None:
    """Our colour as REFI wants it: `#RRGGBB`."""
    normal = normal_color(color)
    return normal.upper() if normal else None


# ------------------------------------------------------------------------------ export side
def is_codable(code: Code, codebook: Codebook, coded: set[str] = frozenset()) -> bool:
    """A pure category is not codable: a code with subcodes, no terms of its own and no codings.

    Displays roll subcodes up into their parents, so a dimension with its own keywords
    stays codable (the machine codes it directly)."""
    has_children = any(other.parent == code.id for other in codebook.codes)
    return not has_children or bool(code.keywords) or code.id in coded


def _terms_lines(heading: str, keywords: tuple[Keyword, ...], weight: float | None) -> list[str]:
    by_language: dict[str, list[str]] = {}
    for keyword in keywords:
        if weight is None or keyword.weight == weight:
            by_language.setdefault(keyword.language, []).append(keyword.term)
    return [f"{heading} ({language}): {'; '.join(terms)}" for language, terms in by_language.items()]


def describe_code(code: Code) -> str:
    """The Description text of a code (see the module docstring)."""
    plain = code.definition.get("*", "")
    fields = [f"Definition ({language}): {text}"
              for language, text in code.definition.items() if language != "*"]
    for heading, texts in (("Include", code.include), ("Exclude", code.exclude)):
        fields.extend(f"{heading}: {text}" if language == "*" else f"{heading} ({language}): {text}"
                      for language, text in texts.items())
    if code.examples:
        fields.append("Examples:")
        fields.extend(f"- {example}" for example in code.examples)
    meta = [f"Label ({language}): {label}" for language, label in code.label.items()]
    meta += _terms_lines("Keywords", code.keywords, STRONG_WEIGHT)
    meta += _terms_lines("Context terms", code.keywords, CONTEXT_WEIGHT)
    meta += _terms_lines("Exclude terms", code.exclude_keywords, None)
    polarity = getattr(code, "polarity", None)
    implies = getattr(code, "implies", ())
    meta.append(f"qualcode: id={code.id}; kind={code.kind}" + (f"; polarity={polarity}" if polarity else "")
                + (f"; implies={','.join(implies)}" if implies else ""))
    blocks = [plain, "\n".join(fields), "\n".join(meta)]
    return "\n\n".join(block for block in blocks if block)


# ------------------------------------------------------------------------------ import side
@dataclass
class DescribedCode:
    """What a Description says about a code."""

    definition: dict = field(default_factory=dict)
    include: dict = field(default_factory=dict)
    exclude: dict = field(default_factory=dict)
    examples: list[str] = field(default_factory=list)
    labels: dict = field(default_factory=dict)
    terms: dict = field(default_factory=lambda: {"keywords": {}, "context": {}, "exclude_keywords": {}})
    code_id: str | None = None
    kind: str | None = None
    polarity: str | None = None
    implies: tuple[str, ...] = ()  # qualcode ids, as the exporting codebook had them


def parse_description(text: str | None) -> DescribedCode:
    """Read a Description written by `describe_code`; anything else becomes the definition."""
    described = DescribedCode()
    if not text or not text.strip():
        return described
    plain: list[str] = []
    current: list[str] | None = None   # the lines of the field being read
    sink: dict = {}                     # field key -> its lines
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if match := _LANGUAGE_FIELD.match(line):
            current = sink.setdefault((match.group(1), match.group(2)), [])
            current.append(match.group(3))
        elif match := _PLAIN_FIELD.match(line):
            current = sink.setdefault((match.group(1), None), [])
            if match.group(2):
                current.append(match.group(2) if match.group(1) != "Examples" else "- " + match.group(2))
        elif match := _TRAILER.match(line):
            for part in match.group(1).split(";"):
                key, _, value = part.partition("=")
                if key.strip() == "id" and _SLUG.match(value.strip()):
                    described.code_id = value.strip()
                elif key.strip() == "kind" and value.strip() in CODE_KINDS:
                    described.kind = value.strip()
                elif key.strip() == "polarity" and value.strip() in ("positive", "negative"):
                    described.polarity = value.strip()
                elif key.strip() == "implies":
                    described.implies = tuple(i.strip() for i in value.split(",") if _SLUG.match(i.strip()))
            current = None
        elif current is not None:
            current.append(line)
        else:
            plain.append(line)
    if "\n".join(plain).strip():
        described.definition["*"] = "\n".join(plain).strip()
    for (name, language), lines in sink.items():
        value = "\n".join(lines).strip()
        if name == "Definition" and value:
            described.definition[language] = value
        elif name == "Label" and value:
            described.labels[language] = value
        elif name in _TERM_FIELDS:
            terms = [t.strip() for t in value.replace("\n", ";").split(";") if t.strip()]
            described.terms[_TERM_FIELDS[name]][language] = terms
        elif name in ("Include", "Exclude") and value:
            getattr(described, name.lower())[language or "*"] = value
        elif name == "Examples":
            described.examples = _examples(lines)
    return described


def _examples(lines: list[str]) -> list[str]:
    examples: list[str] = []
    for line in lines:
        if line.startswith("- "):
            examples.append(line[2:])
        elif examples and line.strip():
            examples[-1] += "\n" + line
    return [e.strip() for e in examples if e.strip()]


def described_keywords(described: DescribedCode) -> tuple[tuple[Keyword, ...], tuple[Keyword, ...]]:
    keywords = [Keyword(term, language, STRONG_WEIGHT)
                for language, terms in described.terms["keywords"].items() for term in terms]
    keywords += [Keyword(term, language, CONTEXT_WEIGHT)
                 for language, terms in described.terms["context"].items() for term in terms]
    excluded = [Keyword(term, language, 0.0)
                for language, terms in described.terms["exclude_keywords"].items() for term in terms]
    return tuple(keywords), tuple(excluded)


# ------------------------------------------------------------------------------ codebook YAML
def code_entry(code: Code) -> dict:
    """A code as a codebook YAML entry, keys in the order people write them."""
    entry: dict = {"id": code.id, "kind": code.kind}
    if code.parent:
        entry["parent"] = code.parent
    entry["label"] = dict(code.label)
    if code.color:
        entry["color"] = code.color
    if getattr(code, "polarity", None):
        entry["polarity"] = code.polarity
    if getattr(code, "implies", ()):
        entry["implies"] = list(code.implies)
    if code.definition:
        entry["definition"] = (code.definition["*"] if set(code.definition) == {"*"}
                               else dict(code.definition))
    for key in ("include", "exclude"):
        texts = getattr(code, key)
        if texts:
            entry[key] = texts["*"] if set(texts) == {"*"} else dict(texts)
    if code.examples:
        entry["examples"] = list(code.examples)
    for key, keywords, weight in (("keywords", code.keywords, STRONG_WEIGHT),
                                  ("context", code.keywords, CONTEXT_WEIGHT),
                                  ("exclude_keywords", code.exclude_keywords, None)):
        grouped: dict[str, list[str]] = {}
        for keyword in keywords:
            if weight is None or keyword.weight == weight:
                grouped.setdefault(keyword.language, []).append(keyword.term)
        if grouped:
            entry[key] = grouped
    return entry


def _dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=None,
                          width=100)


def append_codes(yaml_text: str, entries: list[dict], note: str) -> str | None:
    """The codebook YAML text with `entries` appended to its `codes:` list, comments kept.

    None when `codes:` is not a top-level block list we can append to."""
    lines = yaml_text.splitlines(keepends=True)
    start = next((k for k, line in enumerate(lines) if re.match(r"^codes:[ \t]*(#.*)?$", line.rstrip("\n"))),
                 None)
    if start is None:
        return None
    end, indent = len(lines), None
    for k in range(start + 1, len(lines)):
        line = lines[k]
        if re.match(r"^[^\s#\-]", line):
            end = k
            break
        if indent is None and (match := re.match(r"^([ \t]*)- ", line)):
            indent = match.group(1)
    indent = "  " if indent is None else indent
    block = [f"{indent}# {note}\n"] + [indent + line if line.strip() else line
                                       for line in _dump(entries).splitlines(keepends=True)]
    head = lines[:end]
    if head and not head[-1].endswith("\n"):
        head[-1] += "\n"
    return "".join(head + block + lines[end:])


def redump_with_codes(data: dict, entries: list[dict]) -> str:
    """The whole codebook written anew with `entries` added (comments are lost)."""
    data = dict(data)
    data["codes"] = list(data.get("codes") or []) + entries
    return _dump(data)


def new_codebook_yaml(name: str | dict, framework: str | dict, dimensions: list[str],
                      cross_cutting: list[str], entries: list[dict], note: str,
                      dimension_term: dict[str, str] | None = None) -> str:
    """A new codebook YAML file for imported codes; a name is one text or one per language."""
    block: dict = {"name": dict(framework) if isinstance(framework, dict) else framework}
    if dimension_term:
        block["dimension_term"] = dict(dimension_term)
    block["dimensions"] = dimensions
    if cross_cutting:
        block["cross_cutting"] = cross_cutting
    data = {"name": dict(name) if isinstance(name, dict) else name, "framework": block, "codes": entries}
    return f"# {note}\n" + _dump(data)
