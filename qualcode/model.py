"""The typed data every stage passes around. Frozen: stages return new values."""

from __future__ import annotations

from dataclasses import dataclass, field

# response: a row of a survey or complaint table, a person's own short written words
SOURCE_TYPES = ("interview", "observation", "document", "fieldnote", "response")
# The researcher's own notes: what they saw, not what the field said (their reflections are not
# coded; their "perlu dikonfirmasi" is a to-do, not an informant's advice)
RESEARCHER_NOTES = ("fieldnote", "observation")
CODE_KINDS = ("dimension", "subcode", "factor", "outcome", "theme")
CODING_STATUSES = ("suggested", "accepted", "rejected")
CODING_ORIGINS = ("auto", "manual", "imported")
AUTO_CODER = "auto"  # the coder name the machine's suggestions are stored under
DEFAULT_CODER = "researcher"  # qualcode.toml's coder until one names oneself; reports translate it
# What a framework's dimension is called where its codebook does not say
DIMENSION_TERM = {"id": "dimensi", "en": "dimension"}


@dataclass(frozen=True)
class Segment:
    """The unit of coding: `source.text[start:end]` is its text."""

    source_id: str
    ordinal: int
    start: int
    end: int
    text: str
    speaker: str | None = None
    timestamp: str | None = None
    codable: bool = True
    # the speaker's own case, where a group discussion's participants are cases (front
    # matter `speaker_cases`); None: the source's case, as for every other source
    case_id: str | None = None

    @property
    def id(self) -> str:
        return f"{self.source_id}:{self.ordinal}"


@dataclass(frozen=True)
class Source:
    """One ingested file, its normalised text and the segments cut from it."""

    id: str
    path: str
    sha256: str
    text: str
    source_type: str
    language: str
    date: str | None
    case_id: str | None
    attributes: dict = field(default_factory=dict)
    segments: tuple[Segment, ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Case:
    """Usually an informant; attributes such as role, organisation, site."""

    id: str
    attributes: dict = field(default_factory=dict)

    @property
    def role(self) -> str | None:
        return self.attributes.get("role")


@dataclass(frozen=True)
class Keyword:
    """A codebook term. Strong terms justify a code alone; context terms only add weight."""

    term: str
    language: str
    weight: float


@dataclass(frozen=True)
class Code:
    id: str
    label: dict
    kind: str
    parent: str | None = None
    definition: dict = field(default_factory=dict)  # language -> text; "*" for any language
    include: dict = field(default_factory=dict)  # as definition: what belongs under the code
    exclude: dict = field(default_factory=dict)  # as definition: what belongs elsewhere
    examples: tuple[str, ...] = ()
    keywords: tuple[Keyword, ...] = ()
    exclude_keywords: tuple[Keyword, ...] = ()
    color: str | None = None
    polarity: str | None = None  # "negative" marks contrary evidence (e.g. inhibiting factors)
    line: int | None = None
    members: tuple[str, ...] = ()  # a pattern code (kind: theme): the codes it subsumes
    implies: tuple[str, ...] = ()  # codes its keywords count for too (a budget constraint is an obstacle)

    def label_in(self, language: str) -> str:
        return self.label.get(language) or next(iter(self.label.values()), self.id)

    def definition_in(self, language: str) -> str:
        return _text_in(self.definition, language)

    def include_in(self, language: str) -> str:
        return _text_in(self.include, language)

    def exclude_in(self, language: str) -> str:
        return _text_in(self.exclude, language)


def _text_in(texts: dict, language: str) -> str:
    """The text for `language`, else the any-language one, else the first given."""
    return texts.get(language) or texts.get("*") or next(iter(texts.values()), "")


@dataclass(frozen=True)
class Framework:
    name: str
    dimensions: tuple[str, ...]
    cross_cutting: tuple[str, ...] = ()
    # What this framework calls one of its dimensions, as (language, word) pairs ("*": any
    # language), e.g. the seed study's "strategi"; the report's headings and sentences use it.
    dimension_term: tuple[tuple[str, str], ...] = ()
    # The name per language, when the codebook gives it so ({id: …, en: …}); `name` is the
    # one a single-language context shows (English, else the first given).
    names: tuple[tuple[str, str], ...] = ()
    # True where no code is a dimension and the top-level codes stand in (a codebook grown
    # by hand): the report needs dimensions, an export names none the user did not
    implied: bool = False

    def name_in(self, language: str) -> str:
        return dict(self.names).get(language) or self.name

    def term_in(self, language: str) -> str:
        """The framework's word for a dimension in this language (dimensi / dimension when
        it names none)."""
        found = dict(self.dimension_term)
        return found.get(language) or found.get("*") or DIMENSION_TERM.get(language, DIMENSION_TERM["en"])


@dataclass(frozen=True)
class Codebook:
    name: str
    version: str  # sha256 of the YAML text, shortened
    codes: tuple[Code, ...]
    framework: Framework
    path: str = ""
    names: tuple[tuple[str, str], ...] = ()  # as Framework.names

    def name_in(self, language: str) -> str:
        return dict(self.names).get(language) or self.name

    def by_id(self) -> dict[str, Code]:
        return {code.id: code for code in self.codes}

    def ids_by_label(self) -> dict[str, str]:
        """A code's labels in every language, casefolded -> its id: a code named as a person
        reads it (a sheet's heading, `assert add --code "Saluran pengaduan"`); a label two
        codes share names neither."""
        found: dict[str, set[str]] = {}
        for code in self.codes:
            for label in code.label.values():
                found.setdefault(label.strip().casefold(), set()).add(code.id)
        return {label: next(iter(ids)) for label, ids in found.items() if len(ids) == 1 and label}

    def children(self, code_id: str) -> list[Code]:
        return [code for code in self.codes if code.parent == code_id]

    def ancestors(self, code_id: str) -> list[str]:
        """Parents from nearest to root; the codebook is validated acyclic."""
        index = self.by_id()
        chain, current = [], index[code_id].parent
        while current:
            chain.append(current)
            current = index[current].parent
        return chain

    def top_level(self, code_id: str) -> str:
        chain = self.ancestors(code_id)
        return chain[-1] if chain else code_id


@dataclass(frozen=True)
class Match:
    """One codebook term found in a segment: why the machine proposed a code."""

    term: str      # the term's lemma form, e.g. "anggar"
    text: str      # what the segment says, e.g. "anggarannya"
    start: int     # code-point offsets into the segment's text
    end: int
    weight: float  # 1.0 strong, 0.5 context
    negated: bool = False  # a negator comes just before it ("tidak ada anggaran")

    def as_dict(self) -> dict:
        found = {"term": self.term, "text": self.text, "start": self.start, "end": self.end,
                 "weight": self.weight}
        return (found | {"negated": True}) if self.negated else found


@dataclass(frozen=True)
class Coding:
    segment_id: str
    code_id: str
    coder: str
    origin: str = "auto"
    status: str = "suggested"
    score: float = 0.0
    matched: tuple[Match, ...] = ()
    memo: str | None = None

    @property
    def terms(self) -> tuple[str, ...]:
        """Distinct matched terms, in order of first appearance."""
        return tuple(dict.fromkeys(m.term for m in self.matched))


@dataclass(frozen=True)
class Assertion:
    """A conclusion with the evidence behind it."""

    statement: str
    code_ids: tuple[str, ...]
    evidence: tuple[str, ...]  # segment ids
    tactic: str
    figures: dict = field(default_factory=dict)
    author: str = "machine"


def unique_id(candidate: str, taken: set[str]) -> str:
    """`candidate`, or the first of candidate-2, candidate-3 … not in `taken`."""
    if candidate not in taken:
        return candidate
    n = 2
    while f"{candidate}-{n}" in taken:
        n += 1
    return f"{candidate}-{n}"


def answered_headings(segments) -> dict[str, str]:
    """Segment id -> the heading of the table column it was written in, for a table's rows
    (`response` sources) where the tables hold more than one column of text (a survey's open
    questions). A row's cells each follow their column's heading, a segment never coded
    (qualcode.ingest.table_sources), and a reply comes after them. `segments`: (source id,
    segment id, codable, text), each source's in reading order. Empty where there is one
    column of text: the method section names it once."""
    found: dict[str, str] = {}
    current, heading = None, None
    for source_id, segment_id, codable, text in segments:
        if source_id != current:
            current, heading = source_id, None
        if not codable:
            heading = text
        elif heading is not None:
            found[segment_id] = heading
    return found if len(set(found.values())) >= 2 else {}
