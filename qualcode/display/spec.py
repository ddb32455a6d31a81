"""Display specs: typed options per display, built from keywords or a `displays.yaml` mapping.

Every display function takes `spec` as its fifth argument: an instance of its spec class,
a plain mapping (what `displays.yaml` holds), or None, plus keyword overrides. Unknown keys
and bad values raise DisplaySpecError naming the key, never a TypeError deep in pandas.

Keys every spec shares:
  name     the display's name (default: a name derived from the kind and its options)
  filter   which data to keep: {key: value or [values]} or ["key=value", ...]. A key is a
           coding column (status, coder, origin), a segment column (source_type, language,
           source_id, speaker, case_id) or a case attribute (role, site, ...).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from qualcode.errors import QualcodeError

DEPTHS = ("dimension", "code")
CODING_FILTER_KEYS = ("status", "coder", "origin", "code_id")
SEGMENT_FILTER_KEYS = ("source_type", "language", "source_id", "speaker", "case_id", "segment_id")
IGNORED_KEYS = ("kind",)  # a declared display names its kind; the function already is one


class DisplayError(QualcodeError):
    """A display cannot be built from this data or these options."""


class DisplaySpecError(DisplayError):
    """A display option is unknown or has a value the display cannot use."""


@dataclass(frozen=True)
class DisplaySpec:
    name: str | None = None
    filter: Mapping = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "filter", parse_filter(self.filter))


def choice(kind: str, key: str, value, allowed: tuple) -> None:
    if value not in allowed:
        raise DisplaySpecError(f"{kind}: {key} {value!r} is not one of {', '.join(map(str, allowed))}")


def positive(kind: str, key: str, value, upper: int | None = None) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1 or (upper and value > upper):
        limit = f" between 1 and {upper}" if upper else " of at least 1"
        raise DisplaySpecError(f"{kind}: {key} must be a whole number{limit}, not {value!r}")


def coerce_spec(cls: type, spec, overrides: Mapping | None = None):
    """An instance of `cls` from an instance, a mapping or None, with keyword overrides applied."""
    overrides = dict(overrides or {})
    if spec is None:
        spec = {}
    if isinstance(spec, cls):
        base = {f.name: getattr(spec, f.name) for f in dataclasses.fields(cls)}
    elif isinstance(spec, Mapping):
        base = {k: v for k, v in spec.items() if k not in IGNORED_KEYS}
    else:
        raise DisplaySpecError(f"a display spec must be a mapping, not {type(spec).__name__}")
    merged = {**base, **overrides}
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = sorted(set(merged) - set(fields))
    if unknown:
        raise DisplaySpecError(
            f"unknown display option {unknown[0]!r}; this display takes {', '.join(sorted(fields))}")
    return cls(**{key: _checked(key, value, fields[key].type) for key, value in merged.items()})


# An option's declared type -> the Python types its value may have (YAML gives lists for tuples)
_OPTION_TYPES = {"str": (str,), "int": (int,), "float": (int, float), "bool": (bool,),
                 "tuple": (list, tuple), "Mapping": (Mapping,), "None": (type(None),)}
_TYPE_WORDS = {"str": "text", "int": "a whole number", "float": "a number", "bool": "true or false",
               "tuple": "a list", "Mapping": "a mapping", "None": "empty"}


def _checked(key: str, value, declared) -> object:
    """`value` if it has a type the option declares (a list as a tuple, without repeats; one
    name where a list belongs, as a list of it), else DisplaySpecError naming the option: a
    wrong type would otherwise surface as a TypeError deep in pandas."""
    names = [part.strip() for part in str(declared).split("|")]
    if key == "filter" or not all(name in _OPTION_TYPES for name in names):
        return value  # parse_filter, or a type this check does not know: the spec's own checks
    if "tuple" in names and "str" not in names and isinstance(value, str):
        value = [value]
    for name in names:
        allowed = _OPTION_TYPES[name]
        if isinstance(value, bool) and name in ("int", "float"):
            continue  # YAML's true is not a number here
        if isinstance(value, allowed):
            if name == "tuple":
                if not all(isinstance(item, (str, int, float)) and not isinstance(item, bool) for item in value):
                    raise DisplaySpecError(f"{key} must be a list of names, not {list(value)!r}")
                return tuple(dict.fromkeys(value))  # order kept, repeats dropped
            return value
    wanted = " or ".join(_TYPE_WORDS[name] for name in names)
    raise DisplaySpecError(f"{key} must be {wanted}, not {value!r}")


def parse_filter(value) -> dict[str, tuple[str, ...]]:
    """`{role: government}`, `{role: [a, b]}` or `["role=government"]` -> {"role": ("government",)}."""
    if value is None:
        return {}
    if isinstance(value, str):
        value = [value]
    pairs: dict[str, list[str]] = {}
    if isinstance(value, Mapping):
        for key, wanted in value.items():
            items = wanted if isinstance(wanted, (list, tuple, set, frozenset)) else [wanted]
            pairs.setdefault(str(key), []).extend(str(v) for v in items)
    elif isinstance(value, (list, tuple)):
        for item in value:
            key, sep, wanted = str(item).partition("=")
            if not sep or not key.strip():
                raise DisplaySpecError(f"filter {item!r} must look like key=value")
            pairs.setdefault(key.strip(), []).append(wanted.strip())
    else:
        raise DisplaySpecError("filter must map keys to values, or be a list of key=value")
    return {key: tuple(sorted(set(values))) for key, values in sorted(pairs.items())}


def apply_filter(filters: Mapping, codings: pd.DataFrame, segments: pd.DataFrame,
                 cases: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Keep the codings, segments and cases every filter allows; a case filter keeps its segments."""
    for key, wanted in filters.items():
        allowed = set(wanted)
        if key in CODING_FILTER_KEYS and key in codings:
            codings = codings[codings[key].astype(str).isin(allowed)]
        elif key in SEGMENT_FILTER_KEYS and key in segments:
            segments = segments[segments[key].astype(str).isin(allowed)]
            if key == "case_id":
                cases = cases[cases["case_id"].astype(str).isin(allowed)]
        elif key in cases.columns:
            cases = cases[cases[key].astype(str).isin(allowed)]
            segments = segments[segments["case_id"].isin(set(cases["case_id"]))]
        else:
            known = sorted({*CODING_FILTER_KEYS, *SEGMENT_FILTER_KEYS, *map(str, cases.columns)})
            raise DisplaySpecError(f"cannot filter on {key!r}; use one of {', '.join(known)}")
    return codings, segments, cases
