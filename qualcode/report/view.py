"""The report's view-model: plain dataclasses every renderer reads, and nothing else."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Quote:
    text: str
    attribution: str
    segment_id: str
    language: str = ""  # the source's, when known: the HTML marks a quote in another language
    time: str = ""  # where in the recording it was said (a caption's or a transcript's timestamp)


@dataclass(frozen=True)
class ComponentRow:
    label: str
    segments: int
    informants: int


@dataclass(frozen=True)
class Finding:
    code_id: str
    heading: str
    definition: str
    sentences: tuple[str, ...]
    components: tuple[ComponentRow, ...] = ()
    quotes: tuple[Quote, ...] = ()
    evidence: tuple[str, ...] = ()
    strength: str = ""                        # the assertion's strength, in the report language
    checks: tuple[tuple[str, str], ...] = ()  # (✓ / ! / ✗, one line)
    negative: str = ""                        # the negative-evidence line
    negative_quotes: tuple[Quote, ...] = ()
    memos: tuple[str, ...] = ()
    summaries: tuple[tuple[str, str], ...] = ()  # (case and role, the analyst's summary)
    components_caption: str = ""              # "Tabel 1. …" above the code table
    quotes_heading: str = ""                  # above the quotes: "Supporting quotes" of an assertion


@dataclass(frozen=True)
class MatrixView:
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str
    # per row, per dimension column: the quotes behind the count (for HTML drill-down)
    cell_quotes: tuple[tuple[tuple["Quote", ...], ...], ...] = ()
    # per row, per dimension column: its shade, 0 (none) to 4 (the matrix's largest count)
    heat: tuple[tuple[int, ...], ...] = ()
    # under a drill-down that shows fewer quotes than its count: "{shown} of {total} …", to fill
    more: str = ""


@dataclass(frozen=True)
class LedgerRow:
    id: str
    statement: str
    strength: str
    checks: tuple[tuple[str, str], ...]   # (symbol, check name)
    segments: int
    informants: str
    verdict: str = ""        # the researcher's verdict, in the report's words ("" when none)
    verdict_memo: str = ""


@dataclass(frozen=True)
class CodeEntry:
    id: str
    label: str
    kind: str
    parent: str
    definition: str
    include: str
    exclude: str
    examples: tuple[str, ...]
    examples_label: str = ""  # "Illustrative example", with their language where it is not the report's


@dataclass(frozen=True)
class TableView:
    """A display shown as a plain table: the role-ordered matrix, the data accounting log."""
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""


@dataclass(frozen=True)
class AgreementView:
    """The latest inter-coder agreement: one sentence for the method, a table for the appendix."""
    sentence: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]  # per code, then the overall row


@dataclass(frozen=True)
class Figure:
    caption: str
    png: bytes
    path: str = ""  # the PNG beside the report, relative to it (Markdown links it)


@dataclass(frozen=True)
class ReportView:
    language: str
    text: dict
    title: str
    project: str
    generated_on: str        # ISO, for the file's own dates
    generated_on_text: str   # "30 November 2026", for the reader
    tool: str
    codebook: str
    corpus_by_type: tuple[tuple[str, str], ...]       # (source type, its count as written)
    informants_by_role: tuple[tuple[str, str], ...]
    summary: str
    method: tuple[str, ...]
    findings: tuple[Finding, ...]
    cross_cutting: tuple[Finding, ...]
    matrix: MatrixView
    conclusion: str
    description: str = ""
    suggestions: tuple[Quote, ...] = ()
    ledger: tuple[LedgerRow, ...] = ()
    codebook_entries: tuple[CodeEntry, ...] = ()
    audit: tuple[tuple[str, str], ...] = ()
    figures: tuple[Figure, ...] = ()
    agreement: AgreementView | None = None
    tables: tuple[TableView, ...] = ()     # cross-cutting displays after the matrix
    informants: TableView | None = None     # the appendix's table of informants (none past a page of them)
    captions: dict = field(default_factory=dict)  # "ledger", "codebook", "agreement" -> "Tabel n. …"
    chapter: int | None = None  # tables and figures numbered within it: Tabel 4.1

    @property
    def figures_note(self) -> str:
        """The sentence that points the reader from the matrix to the figures drawn of it."""
        n = len(self.figures)
        if not n:
            return ""
        first, last = (f"{self.chapter}.{k}" if self.chapter else str(k) for k in (1, n))
        key = {1: "figures_cited_one", 2: "figures_cited_two"}.get(n, "figures_cited")
        return self.text[key].format(first=first, last=last)
