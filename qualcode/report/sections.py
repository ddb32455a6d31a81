"""Report sections built from analysis results: negative evidence, the ledger, the codebook
appendix, the audit trail, and the quotes behind matrix cells."""

from __future__ import annotations

import numpy as np
import pandas as pd

from qualcode import __version__
from qualcode.conclude.wording import (
    count, long_date, names, shown_verdicts, singular_after_one, strength_label, words,
)
from qualcode.display.accounting import MISSING, NO_CASE, PARTIAL
from qualcode.display.coded import NO_GROUP
from qualcode.display.quotes import ELLIPSIS, QUOTE_CLOSE, QUOTE_OPEN, excerpt, trimmed
from qualcode.ingest.language import segment_language
from qualcode.model import AUTO_CODER, DEFAULT_CODER, Codebook
from qualcode.report.i18n import capital, term, whole
from qualcode.report.view import AgreementView, CodeEntry, LedgerRow, Quote, TableView

SYMBOLS = {"pass": "✓", "warn": "!", "fail": "✗", "n/a": "·"}
QUOTE_MAX_CHARS = 420
CELL_QUOTES = 3
CELL_QUOTE_CHARS = 220
QUESTION_CHARS = 90  # a table column's heading beside a quote, a long question cut at a word


def trim(text: str, limit: int = QUOTE_MAX_CHARS, spans=()) -> str:
    """A quote as the report prints it: whole, or shortened around its matched words
    (`spans`, see qualcode.display.quotes.excerpt); a sentence's full stop stays."""
    return excerpt(text, limit, spans, strip=",;:")


def attribution(case_id: str | None, source_id: str, source_type: str, cases: pd.DataFrame,
                t: dict) -> str:
    """'position, role (case)' for an informant; 'source type (source)' otherwise."""
    return Attributions(cases, t)(case_id, source_id, source_type)


class Attributions:
    """`attribution` for many quotes over one cases frame: the frame is indexed once and each
    informant worded once, instead of once per quote."""

    def __init__(self, cases: pd.DataFrame, t: dict, titles: dict[str, str] | None = None,
                 languages: dict[str, str] | None = None, shown: str = "position",
                 columns: dict[str, str] | None = None, times: dict[str, str] | None = None):
        self._cases, self._t, self._titles = cases, t, titles or {}
        self._columns = columns or {}  # segment id -> the survey question it answers (quotes.asked)
        self._times = times or {}  # segment id -> its timestamp, for a reader to find it in the recording
        self._shown = shown  # [report] attribution: position (and role), role, or case
        self._languages = languages or {}
        self._known = set(pd.unique(cases["case_id"].to_numpy(dtype=object)).tolist())
        self._indexed: pd.DataFrame | None = None
        self._who: dict[str, str] = {}

    def _informant(self, case_id: str, source_type: str) -> str:
        if case_id not in self._who:
            if self._indexed is None:
                self._indexed = self._cases.set_index("case_id")
            row = self._indexed.loc[case_id]
            position = row.get("position") if "position" in row and self._shown == "position" else None
            role = row.get("role")
            unknown = role is None or role == "" or (not isinstance(role, str) and pd.isna(role))
            if unknown:  # a survey's or complaint table's row: "responden"; an informant: their id,
                # never "tanpa peran" (no role) as if that said who spoke
                role = self._t["respondent"] if source_type == "response" else None
            else:
                role = term(self._t, role)
            said = [part for part in (position if isinstance(position, str) else None, role) if part]
            self._who[case_id] = ", ".join(said) or case_id
        return self._who[case_id]

    def __call__(self, case_id: str | None, source_id: str, source_type: str) -> str:
        """Who said it. Every report shows a quote's segment id beside this, and the segment id
        names the source: the case is named only when it is not the source's own id. A
        source without a case (a document, an observation) is named by its title, if any."""
        if case_id and case_id in self._known:
            if self._shown == "case":
                return case_id
            who = self._informant(case_id, source_type)
            return who if case_id in (source_id, who) else f"{who} ({case_id})"
        title = self._titles.get(source_id)
        kind = term(self._t, source_type)
        return f"“{title}”, {kind}" if title else kind

    def quote(self, text: str, case_id: str | None, segment_id: str, source_type: str) -> Quote:
        """A quote of `text` from that segment, attributed, in its language: its source's, or
        the other one where it is plainly that (an English answer in an Indonesian interview,
        which Word must not spell-check as Indonesian)."""
        source_id = segment_id.rsplit(":", 1)[0]
        who = self(case_id, source_id, source_type)
        heading = self._columns.get(segment_id)
        if heading:  # which of a survey's questions it answers
            shown = trimmed(heading, QUESTION_CHARS)
            who = self._t["answers_question" if heading.rstrip().endswith("?") else "in_column"].format(
                who=who, column=shown)
        language = self._languages.get(source_id, "")
        return Quote(text, who, segment_id, segment_language(text, language) if language else "",
                     self._times.get(segment_id, ""))


def negative_evidence(conclusion, t: dict, language: str, attributions: Attributions) -> tuple[str, tuple[Quote, ...]]:
    """The negative-evidence paragraph of an assertion (the contrary segments against the
    supporting ones, and the informants who give no support) and its contrary quotes, which
    are never among its supporting ones."""
    check = next((k for k in conclusion.checks if k.name == "negative_evidence"), None)
    if check is None:
        return "", ()
    figures = check.figures
    lacking = figures.get("cases_lacking", [])
    silent = figures.get("cases_silent", [])
    sentences = [t["negative_some"].format(contrary=figures["contrary_segments"], support=figures["support_segments"])
                 if figures["contrary_segments"] else t["negative_none"], _lacking(lacking, silent, t, language)]
    quotes = tuple(attributions.quote(trim(q.text, spans=q.spans), q.case_id, q.segment_id, q.source_type)
                   for q in conclusion.contrary_quotes)
    if language == "en":  # "1 segments" (the verbs of the others agree already)
        sentences[0] = singular_after_one(sentences[0])
    return " ".join(sentences), quotes


def _lacking(lacking: list[str], silent: list[str], t: dict, language: str) -> str:
    """Who gives no support, and which of them never spoke of it at all (giving no support is
    not disagreeing), said once: "Seorang informan, I2, …", not "1 informan: I2. Satu di
    antaranya, I2, …"."""
    if not lacking:
        return t["lacking_none"]
    if set(silent) >= set(lacking):
        key = "lacking_one_silent" if len(lacking) == 1 else "lacking_all_silent"
        return t[key].format(n=count(len(lacking), language), names=names(lacking, language))
    text = t["lacking_one" if len(lacking) == 1 else "lacking_some"].format(n=count(len(lacking), language),
                                                                             names=names(lacking, language))
    if silent:
        key = "lacking_silent_one" if len(silent) == 1 else "lacking_silent"
        text += t[key].format(n=count(len(silent), language), names=names(silent, language))
    return text


def ledger(conclusions, language: str, t: dict) -> tuple[LedgerRow, ...]:
    """A row per assertion, its checks as `shown_verdicts` has them (each with its name as a
    column heads it: capitalised, as the table's other headings are)."""
    return tuple(
        LedgerRow(c.spec.id, c.statement, strength_label(c, language),
                  tuple((SYMBOLS[verdict], capital(words(language)[k.name]))
                        for verdict, k in zip(shown_verdicts(c), c.checks)),
                  c.figures["segments"], f"{c.figures['informants']}/{c.figures['informants_total']}",
                  t[f"verdict_{c.spec.verdict}"] if c.spec.verdict else "", c.spec.verdict_memo or "")
        for c in conclusions or [])


def criteria(entry: CodeEntry, t: dict) -> str:
    """A code's inclusion and exclusion criteria, each under its own name, on separate lines."""
    return "\n".join(f"{t[key]}: {text}" for key, text in (("include", entry.include), ("exclude", entry.exclude))
                     if text)


def codebook_entries(codebook: Codebook, language: str, t: dict) -> tuple[CodeEntry, ...]:
    """The codebook appendix's rows, a code's kind in the report's wording `t`."""
    from qualcode.ingest.language import detect_language

    index = codebook.by_id()

    def examples_label(examples: tuple[str, ...]) -> str:
        # a codebook's examples are quotes as they were said: an English report names the
        # language of Indonesian ones rather than pass them off as its own
        said_in = detect_language(" ".join(examples), language) if examples else language
        return t["examples"] if said_in == language else f"{t['examples']} ({t[f'examples_in_{said_in}']})"

    return tuple(
        CodeEntry(c.id, c.label_in(language), t.get(f"kind_{c.kind}", c.kind),
                  index[c.parent].label_in(language) if c.parent in index else "",
                  c.definition_in(language), c.include_in(language), c.exclude_in(language), c.examples,
                  examples_label(c.examples))
        for c in codebook.codes)


def coder_name(coder: str, t: dict) -> str:
    """A coder as a reader knows them: the auto-coder and the unnamed default in words."""
    return t["machine_coder"] if coder == AUTO_CODER else t["default_coder"] if coder == DEFAULT_CODER else coder


def audit_trail(codebook: Codebook, codings: pd.DataFrame, generated_on: str, reviewed_only: bool,
                t: dict, language: str, coder: str | None = None,
                rejected: dict[str, tuple[int, int]] | None = None) -> tuple[tuple[str, str], ...]:
    """Run date, tool, codebook hash, which codings count, counts of codings by coder and
    status, and each coder's rejections (counted nowhere, but part of the review done; of
    them, how many another coder accepted, whose acceptance counts)."""
    counts = codings.groupby(["coder", "status"]).size() if len(codings) else pd.Series(dtype=int)
    counted = (t["audit_coder_only"].format(coder=coder) if coder else
               t["audit_reviewed_only"] if reviewed_only else t["audit_all_counted"])
    rows = [(t["generated_on"], generated_on), ("qualcode", __version__),
            (t["codebook"], f"{codebook.name_in(language)} · {codebook.version}"),
            (t["audit_filter"], counted)]
    def heading(coder: str) -> str:
        """The coder as a row's label: the report's words for the machine and the project's
        coder capitalised, as the other labels are; a person's coder id as they typed it."""
        name = coder_name(coder, t)
        return name[:1].upper() + name[1:] if name != coder else name

    for (coder, status), n in counts.items():
        rows.append((f"{heading(coder)} · {t.get(f'status_{status}', status)}", whole(n, t)))
    for who, (n, overruled) in sorted((rejected or {}).items()):
        said = (t["audit_not_counted_overruled"].format(n=whole(n, t), k=whole(overruled, t)) if overruled
                else t["audit_not_counted"].format(n=whole(n, t)))
        rows.append((f"{heading(who)} · {t['status_rejected']}", said))
    return tuple(rows)


def cell_quotes(cells: list[list[tuple[str, ...]]], columns: list[str], segments: pd.DataFrame,
                cases: pd.DataFrame, t: dict, attributions: Attributions | None = None,
                codings: pd.DataFrame | None = None) -> tuple[tuple[tuple[Quote, ...], ...], ...]:
    """For each matrix row and column, quotes of the segments `cells` names for it (at most
    CELL_QUOTES), for drill-down; each said by its own segment's informant and shortened
    around the words matched for the cell's column (`codings`: the codings with
    `column_code` and `spans`, where there are any)."""
    who = attributions or Attributions(cases, t)
    cells = [[ids[:CELL_QUOTES] for ids in row] for row in cells]
    wanted = pd.unique(np.asarray([i for row in cells for ids in row for i in ids], dtype=object))
    # the few segments quoted, looked up once (a segment id missing from `segments` is skipped)
    found = segments[segments["segment_id"].isin(wanted)].drop_duplicates("segment_id")
    found_case = found["case_id"].astype(object).where(found["case_id"].notna(), None)
    text_of = dict(zip(found["segment_id"].tolist(), zip(found["text"].tolist(), found_case.tolist(),
                                                           found["source_type"].tolist())))
    spans = _spans_by_cell(codings, wanted)
    return tuple(
        tuple(tuple(who.quote(trim(text_of[i][0], CELL_QUOTE_CHARS, spans.get((i, column), ())),
                              text_of[i][1], i, text_of[i][2])
                    for i in ids if i in text_of)
              for ids, column in zip(row, columns))
        for row in cells)


def _spans_by_cell(codings: pd.DataFrame | None, segment_ids) -> dict[tuple[str, str], tuple]:
    """(segment id, column code) -> the matched spans of those codings, for the few segments quoted."""
    if codings is None or "spans" not in codings or "column_code" not in codings:
        return {}
    found: dict[tuple[str, str], dict] = {}
    rows = codings[codings["segment_id"].isin(segment_ids)]
    for key, spans in zip(zip(rows["segment_id"].tolist(), rows["column_code"].tolist()), rows["spans"].tolist()):
        found.setdefault(key, {}).update(dict.fromkeys(tuple(s) for s in spans or ()))
    return {key: tuple(sorted(spans)) for key, spans in found.items()}


def _statistic(value: float | None, t: dict, percent: bool = False) -> str:
    if value is None:
        return "—"
    return f"{value:.0%}" if percent else f"{value:.2f}".replace(".", t["decimal_mark"])


def _band(band: str | None, t: dict) -> str:
    return t.get(band, band) if band else "—"


def agreement_view(record, labels: dict[str, str], t: dict, language: str) -> AgreementView | None:
    """The latest agreement between independent coders, worded for the method and the appendix."""
    if record is None:
        return None
    unit = t.get(f"agreement_unit_{record.unit}", record.unit)
    sentence = t["method_agreement"].format(
        n_units=count(record.n_units, language), unit=unit, coders=names(record.coders, language, None),
        percent=_statistic(record.percent, t, percent=True), kappa=_statistic(record.cohen_kappa, t),
        band_kappa=_band(record.band_kappa, t), bp=_statistic(record.bp_kappa, t),
        alpha=_statistic(record.alpha_nominal, t), band_alpha=_band(record.band_alpha, t),
        measured_at=long_date(record.measured_at, language))
    # sample segments a coder never looked at counted as their "no": the figures are lower for it
    sentence += "".join(" " + t["method_agreement_unseen"].format(
        coder=coder, unseen=count(unseen, language), total=count(total, language))
        for coder, (unseen, total) in sorted(record.unseen.items()))

    def row(name: str, item) -> tuple[str, ...]:
        return (name, str(item.n_units), _statistic(item.percent, t, percent=True),
                _statistic(item.cohen_kappa, t), _statistic(item.bp_kappa, t), _statistic(item.alpha_nominal, t),
                f"{_band(item.band_kappa, t)} / {_band(item.band_alpha, t)}")

    rows = [row(labels.get(item.code, item.code), item) for item in record.per_code]
    rows.append(row(t["agreement_overall"], record))
    return AgreementView(sentence, (t["code"], "n", "%", "κ", "BP κ", "α", f"{t['band']} κ / α"),
                         tuple(rows))


TABLE_QUOTE_CHARS = 140


TRANSLATED_COLUMNS = ("role", "source_type")  # data values the catalogue has words for
MARKS = (PARTIAL, MISSING, NO_CASE)  # the accounting log's cells the catalogue has words for


# Room a shortened quote keeps for its words, however long its attribution.
MIN_QUOTE_CHARS = 60


def _table_cell(value: str, limit: int) -> str:
    """A display cell's first line, shortened to `limit`. A quote (`“text” (who)`, already
    cut around its matched words by the display) keeps its marks and its attribution (a
    case can speak in several sources), and only its words are shortened: one ellipsis,
    not two."""
    line = " ".join(value.split("\n")[0].split())
    if len(line) <= limit or not (line.startswith(QUOTE_OPEN) and QUOTE_CLOSE in line):
        return trim(line, limit)
    close = line.rindex(QUOTE_CLOSE)
    inner, attribution = line[len(QUOTE_OPEN):close], line[close + len(QUOTE_CLOSE):]
    room = max(limit - len(attribution) - 2, MIN_QUOTE_CHARS)
    cut = inner.endswith(ELLIPSIS)  # the display left out the rest already
    core = inner[:-len(ELLIPSIS)] if cut else inner
    if len(core) + 2 <= room:
        return QUOTE_OPEN + core + (ELLIPSIS if cut else "") + QUOTE_CLOSE + attribution
    return QUOTE_OPEN + trimmed(core, room - 2, strip=",;:") + QUOTE_CLOSE + attribution


def table_view(display, caption: str, labels: dict[str, str], t: dict, with_index: bool = True) -> TableView:
    """A display as a printable table: code ids become labels, roles and source types are
    worded in the report language, and a cell of quotes keeps its first quote, shortened (the
    full cells are in reports/matrices/)."""
    table = display.table
    columns = [str(c) for c in table.columns]
    index_name = str(table.index.name or "")
    header = ([t.get(index_name, index_name)] if with_index else []) + [
        t.get(c, labels.get(c, c)) if c in (*TRANSLATED_COLUMNS, "case", "sources") else labels.get(c, c)
        for c in columns]
    marks = display.kind == "accounting"  # its partial / missing, in the report's language
    rows = []
    for label, record in table.iterrows():
        # an informant without a role is "tanpa peran", as in the case matrix, not "(tanpa nilai)"
        cells = [term(t, None if column == "role" and value == NO_GROUP else value)
                 if column in TRANSLATED_COLUMNS or (marks and value in MARKS) else
                 _table_cell(str(value), TABLE_QUOTE_CHARS)
                 for column, value in zip(columns, record)]
        if marks and str(label).startswith(NO_CASE):  # its rows "(no case)/document"
            label = term(t, NO_CASE) + str(label)[len(NO_CASE):]
        rows.append(tuple(([str(label)] if with_index else []) + cells))
    return TableView(caption, tuple(header), tuple(rows))
