"""Build the report's view-model (qualcode.report.view) from the analysis results."""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import replace
from datetime import date, datetime, timezone

import pandas as pd

from qualcode import __version__
from qualcode.conclude.assertions import check_line
from qualcode.conclude.quoting import diverse_quotes
from qualcode.conclude.tactics import Prevalence
from qualcode.conclude.wording import alternatives, count, counted, long_date, names, singular_after_one, words
from qualcode.display.frames import with_rollup
from qualcode.display.matrices import Display
from qualcode.display.quotes import asked, timestamps
from qualcode.model import AUTO_CODER, Codebook
from qualcode.report.case_matrix import attribute_label, grouped_view, matrix_columns, per_case_view
from qualcode.report.grouping import REPORT_CASE_ROWS, Grouping
from qualcode.report.i18n import catalogue, term
from qualcode.conclude.evidence import codes_under, distinct, opposite_codes
from qualcode.report.informants import informant_table
from qualcode.report.method_text import display_kinds, group_sentence, table_rows_sentence, uncoded, weights_sentence
from qualcode.report.sections import (SYMBOLS, Attributions, agreement_view, audit_trail,
                                      codebook_entries, coder_name, ledger, negative_evidence, table_view, trim)
from qualcode.report.summary_text import draft_note, patterns_sentence, summary_text, support_sentence
from qualcode.report.view import ComponentRow, Finding, Quote, ReportView



def numbered_as(n: int, chapter: int | None) -> str:
    """A table's or figure's number: 3, or in a thesis's chapter 4, 4.3 ("Tabel 4.3")."""
    return f"{chapter}.{n}" if chapter else str(n)


def report_date() -> str:
    """Today, or SOURCE_DATE_EPOCH for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date().isoformat()
    return date.today().isoformat()


def _prevalence_sentences(item: Prevalence, label: str, t: dict, language: str) -> tuple[str, ...]:
    if item.segments == 0:
        return (t["not_raised"].format(label=label),)
    return (
        t["prevalence" if item.roles_total else "prevalence_no_roles"].format(label=label, **counted(dict(
            segments=item.segments, informants=item.informants,
            informants_total=item.informants_total, roles=len(item.roles),
            roles_total=item.roles_total, source_types=len(item.source_types),
            source_types_total=item.source_types_total), language)),
        t["pattern_yes"] if item.is_pattern else t["pattern_no"],
    )


def build_report_view(
    *, project: str, language: str, codebook: Codebook, segments: pd.DataFrame,
    codings: pd.DataFrame, cases: pd.DataFrame, prevalence: list[Prevalence],
    matrix: Display, status_counts: dict[str, int], reviewed_only: bool = False,
    description: str = "",
    conclusions: list | None = None,
    suggestions: tuple = (),
    memos: list | None = None,
    summaries: list | None = None,
    agreement=None,
    displays: dict | None = None,
    titles: dict | None = None,
    figures: tuple = (),
    coder: str | None = None,
    chapter: int | None = None,
    attribution: str = "position",
    grouping: Grouping | None = None,
    grouped: Display | None = None,
    table_rows: dict | None = None,
    rejected: dict | None = None,
    title: str | None = None,
) -> ReportView:
    # what a pattern spans: roles, or the site of informants without roles (tactics.prevalence)
    t = catalogue(language, codebook.framework.term_in(language), prevalence[0].across if prevalence else "role",
                  one_group=bool(prevalence) and prevalence[0].roles_total == 1)
    index = codebook.by_id()
    label = lambda code_id: index[code_id].label_in(language)  # noqa: E731
    joined = codings.merge(segments, on="segment_id", how="inner")
    rolled = with_rollup(joined, codebook, "dimension")
    by_code = {p.code_id: p for p in prevalence}
    factor_ids = [c for c in codebook.framework.cross_cutting if index[c].kind == "factor"]
    factor_segments = {f: distinct(rolled.loc[rolled["column_code"] == f, "segment_id"]) for f in factor_ids}
    firsts = segments.drop_duplicates("source_id")
    attributions = Attributions(cases, t, titles, dict(zip(firsts["source_id"], firsts["language"])), attribution,
                                asked(segments), timestamps(segments))

    def finding(code_id: str, with_factors: bool) -> Finding:
        rows = rolled[rolled["column_code"] == code_id]
        sentences = list(_prevalence_sentences(by_code[code_id], label(code_id), t, language))
        if with_factors and len(rows):
            own = distinct(rows["segment_id"])
            sentences += [t["factor_overlap"].format(label=label(f), n=count(len(own & factor_segments[f]), language))
                          for f in factor_ids if own & factor_segments[f]]
        children = codebook.children(code_id)
        # distinct segments and informants per child code, its own codes below it counted in
        # its row (a code added under a subcode), one grouping for all children
        component_of = {below: child.id for child in children for below in codes_under(codebook, child.id)}
        counts = (rows.groupby(rows["code_id"].map(component_of), sort=False)[["segment_id", "case_id"]].nunique()
                  if children else None)
        components = tuple(
            ComponentRow(label(child.id), int(counts["segment_id"].get(child.id, 0)),
                         int(counts["case_id"].get(child.id, 0)))
            for child in children)
        drawn = concluded.get(code_id)
        if drawn is not None and drawn.figures["contrary_segments"]:
            # more than one kind of obstacle: named, or the count reads as the one above it
            against = drawn.figures.get("contrary_codes_found") or []
            obstacles = (t["obstacles_named"].format(codes=alternatives([label(c) for c in against], language))
                         if len(against) > 1 else "")
            sentences.append(t["sides" if drawn.figures["segments"] else "sides_none"].format(**counted(dict(
                discussed=drawn.figures["discussed_segments"], support=drawn.figures["segments"],
                contrary=drawn.figures["contrary_segments"]), language), obstacles=obstacles))
        if language == "en":  # "in 1 segments"
            sentences = [singular_after_one(sentence) for sentence in sentences]
        if not by_code[code_id].segments:  # nobody raised it: nothing to check, count or quote
            return Finding(code_id, label(code_id), index[code_id].definition_in(language), tuple(sentences),
                           memos=tuple(memos_by_code.get(code_id, ())), summaries=summaries_by_code.get(code_id, ()))
        if drawn is None:  # cross-cutting codes: no assertion, the same quote rule
            quoted = one_sided(rows, code_id)
            return Finding(code_id, label(code_id), index[code_id].definition_in(language),
                           tuple(sentences), components,
                           tuple(quote(q) for q in diverse_quotes(quoted.assign(role=quoted["case_id"].map(roles_of)))),
                           by_code[code_id].evidence, memos=tuple(memos_by_code.get(code_id, ())),
                           summaries=summaries_by_code.get(code_id, ()), quotes_heading=t["theme_quotes"])
        checks = tuple((SYMBOLS[k.verdict], check_line(k, language)) for k in drawn.checks
                       if k.verdict != "n/a")
        reviewed = drawn.figures["reviewed_segments"]
        line = ("strength_line" if not drawn.provisional else
                "strength_line_provisional" if reviewed else "strength_line_unreviewed")
        strength = t[line].format(strength=words(language)[drawn.strength], reviewed=count(reviewed, language),
                                  segments=count(drawn.figures["segments"], language))
        negative, negative_quotes = negative_evidence(drawn, t, language, attributions)
        return Finding(code_id, label(code_id), index[code_id].definition_in(language),
                       tuple(sentences), components, tuple(quote(q) for q in drawn.quotes),
                       drawn.evidence, strength, checks, negative, negative_quotes,
                       tuple(memos_by_code.get(code_id, ())), summaries_by_code.get(code_id, ()),
                       quotes_heading=t["quotes"])

    def one_sided(rows: pd.DataFrame, code_id: str) -> pd.DataFrame:
        """A factor's rows without the segments that also carry a code of the other polarity,
        when any are left: a supporting factor is not shown by a quote that is also coded as
        an obstacle (the segment mixes both, and is likelier a complaint than a strength)."""
        opposite = opposite_codes(codebook, code_id)
        if not opposite:
            return rows
        mixed = distinct(rolled.loc[rolled["code_id"].isin(opposite), "segment_id"])
        kept = rows[~rows["segment_id"].isin(mixed)]
        return kept if len(kept) else rows

    def quote(q) -> Quote:
        return attributions.quote(trim(q.text, spans=q.spans), q.case_id, q.segment_id, q.source_type)

    concluded = {c.spec.codes[0]: c for c in conclusions or [] if c.spec.author == "machine"}
    roles_of = cases.set_index("case_id")["role"] if len(cases) else pd.Series(dtype=object)
    memos_by_code: dict[str, list[str]] = {}
    for memo in memos or []:
        if memo.target_kind == "code":
            memos_by_code.setdefault(memo.target_id, []).append(f"{memo.text} — {memo.author}")

    # the analyst's framework-matrix summaries (summaries/*.yaml), in case order
    summaries_by_code: dict[str, tuple[tuple[str, str], ...]] = {}
    informants = set(cases["case_id"])
    for item in summaries or []:
        if item.case_id not in informants:  # a case no source belongs to any more: not an informant
            continue
        who = f"{item.case_id} ({term(t, roles_of.get(item.case_id))})"
        summaries_by_code[item.column] = (*summaries_by_code.get(item.column, ()), (who, item.text))

    dimensions = [finding(c, True) for c in codebook.framework.dimensions]
    cross = [finding(c, False) for c in codebook.framework.cross_cutting]

    total = sum(status_counts.values())
    accepted = status_counts.get("accepted", 0)
    suggested = status_counts.get("suggested", 0)
    # what the draft note counts: rows, or segment–code pairs where several coders decide
    draft_total, draft_suggested, draft_pairs = total, suggested, False
    codable = segments[segments["codable"]]
    coders = [coder_name(c, t) for c in sorted(distinct(codings["coder"]))]
    coders = coders or [t["none"]]
    labels_of = {c.id: c.label_in(language) for c in codebook.codes}
    agreed = agreement_view(agreement, labels_of, t, language)
    if coder:
        review = t["method_review_coder"].format(coder=coder)
    elif reviewed_only:
        review = t["method_review_only"]
    elif len(people := distinct(codings.loc[codings["coder"] != AUTO_CODER, "coder"])) > 1:
        # several coders decide the same segment and code apart (a double-coded sample):
        # their acceptances are counted once per pair, not once per coder
        pairs = codings.drop_duplicates(["segment_id", "code_id"])
        decided = codings[codings["coder"].isin(people)].drop_duplicates(["segment_id", "code_id"])
        draft_total, draft_suggested, draft_pairs = len(pairs), len(pairs) - len(decided), True
        review = t["method_review_pairs"].format(
            accepted=count(len(decided), language), codings=count(len(pairs), language),
            suggested=count(len(pairs) - len(decided), language),
            accepted_pct=f"{len(decided) / len(pairs):.0%}" if len(pairs) else "0%")
    elif accepted:
        review = t["method_review"].format(accepted=count(accepted, language), codings=count(total, language),
                                           suggested=count(suggested, language),
                                           accepted_pct=f"{accepted / total:.0%}" if total else "0%")
    else:  # "0 of 640 codings …" would open the sentence with a numeral, and say little
        review = t["method_review_none"].format(codings=count(total, language))
    method = [
        t["method_intro"],
        t["method_condensation" if len(codable) < len(segments) else "method_condensation_all"].format(
            uncoded=uncoded(segments, t, language), segments=count(len(segments), language),
            sources=count(segments["source_id"].nunique(), language), codable=count(len(codable), language),
            coded=count(codings["segment_id"].nunique(), language), codings=count(len(codings), language),
            coders=names(coders, language, shown=len(coders))),
        *table_rows_sentence(table_rows or {}, t, language),
        *group_sentence(cases, t, language),
        review,
        agreed.sentence if agreed else t["method_agreement_none"],
        t["method_display_built"].format(n=len(displays), names=display_kinds(displays, t)) if displays
        else t["method_display"],
        t["method_conclusion"],
    ]
    if any(c.polarity == "negative" for c in codebook.codes):
        method.append(t["method_sides"].format(contrary=contrary_wording(codebook, language, t),
                                               weights=weights_sentence(segments, t, language)))
    if language == "en":  # "1 codings in all"
        method = [singular_after_one(paragraph) for paragraph in method]

    dimension_prevalence = [by_code[c] for c in codebook.framework.dimensions]
    patterns = [label(p.code_id) for p in dimension_prevalence if p.is_pattern]
    non_patterns = [label(p.code_id) for p in dimension_prevalence if not p.is_pattern and p.segments]
    absent = [label(p.code_id) for p in dimension_prevalence if not p.segments]
    informants_total = int(cases["case_id"].nunique())
    sources_total = int(segments["source_id"].nunique())
    summary = summary_text(dimension_prevalence, label, t, language, sources_total, informants_total,
                            codebook.framework.name_in(language), len(patterns))
    draft = draft_note(reviewed_only, draft_suggested, draft_total, t, language, draft_pairs)
    strengths = {code: c.strength for code, c in concluded.items()}
    # whose strength is provisional: the sentence says so when all it names are (an
    # outweighed or insufficient dimension, said apart, has no say)
    provisional = {code for code, c in concluded.items() if c.provisional}
    conclusion = t["conclusion_text"].format(
        support=support_sentence(dimension_prevalence, t, language, strengths,
                                  {c: label(c) for c in codebook.framework.dimensions},
                                  {code: (c.figures["segments"], c.figures["contrary_segments"])
                                   for code, c in concluded.items()}, provisional),
        # a sentence, not a bare list: all or none of them as the summary says it, else named
        patterns=(patterns_sentence(len(patterns), len(dimension_prevalence), t, language)
                  if len(patterns) in (0, len(dimension_prevalence)) else
                  t["conclusion_pattern" if len(patterns) == 1 else "conclusion_patterns"].format(
                      patterns=names(patterns, language, shown=None))),
        # a list that is empty is no sentence ("… belum menjadi pola: tidak ada")
        non_patterns=(t["conclusion_non_patterns"].format(non_patterns=names(non_patterns, language, shown=None))
                      if non_patterns else ""),
        absent=t["conclusion_absent"].format(absent=names(absent, language, shown=None)) if absent else "")
    if draft:  # where the report concludes, it says again what its figures rest on
        summary, conclusion = f"{summary} {draft}", f"{conclusion} {draft}"

    # Every table is numbered in the order it is read: the findings' code tables first.
    numbered = 0

    def caption(key: str, **values) -> str:
        nonlocal numbered
        numbered += 1
        return t[key].format(n=numbered_as(numbered, chapter), **values)

    dimensions, cross = ([replace(f, components_caption=caption("components_caption", label=f.heading))
                          if f.components else f for f in findings] for findings in (dimensions, cross))
    source_types = Counter(segments.drop_duplicates("source_id")["source_type"])
    roles = Counter(cases["role"].fillna(""))
    columns = matrix_columns(matrix.table, index)
    cross_columns = bool(set(columns) - set(codebook.framework.dimensions))
    if grouping is not None and grouped is not None:
        matrix_view = grouped_view(
            grouped, grouping, columns, label,
            caption("matrix_caption_grouped_cross" if cross_columns else "matrix_caption_grouped",
                    attribute=attribute_label(grouping.attribute, t)),
            t, segments, cases, attributions, rolled)
    else:
        matrix_view = per_case_view(matrix, columns, label,
                                    caption("matrix_caption_cross" if cross_columns else "matrix_caption"),
                                    t, segments, cases, attributions, rolled)
    generated_on = report_date()
    # a row per informant: past a page of them, in matrices/ only (the grouped note says so)
    many = grouping is not None and grouping.cases > REPORT_CASE_ROWS
    tables = () if many else _cross_cutting_tables(displays or {}, labels_of, t, numbered + 1, chapter)
    numbered += len(tables)
    the_ledger = ledger(conclusions, language, t)
    captions = {"ledger": caption("ledger_caption")} if the_ledger else {}
    captions["codebook"] = caption("codebook_caption")
    informants = informant_table(cases, segments, t, "", attribution) if not many else None
    if informants is not None:
        # the caption names the columns the table has: a position only where one is shown
        described = [heading.lower() for heading in informants.header[1:-2]] + [t["informants_said"]]
        informants = replace(informants, caption=caption("informants_caption",
                                                         described=names(described, language, shown=len(described))))
    if agreed is not None and agreed.rows:
        captions["agreement"] = caption("agreement_caption")
    captions["audit"] = caption("audit_caption")

    return ReportView(
        language=language, text=t, title=title or t["title"], project=project,
        generated_on=generated_on, generated_on_text=long_date(generated_on, language), tool=t["tool"].format(version=__version__),
        codebook=f"{codebook.name_in(language)} ({t['codebook_version'].format(version=codebook.version)})",
        corpus_by_type=tuple((term(t, k), count(v, language)) for k, v in sorted(source_types.items())),
        # no role at all (a survey's respondents): nothing to list, not "no role 53"
        informants_by_role=tuple((term(t, k), count(v, language)) for k, v in sorted(roles.items())) if any(roles) else (),
        summary=summary, method=tuple(method), findings=tuple(dimensions),
        cross_cutting=tuple(cross), matrix=matrix_view, conclusion=conclusion,
        description=description, suggestions=tuple(quote(q) for q in suggestions),
        ledger=the_ledger, codebook_entries=codebook_entries(codebook, language, t), captions=captions,
        informants=informants,
        audit=audit_trail(codebook, codings, generated_on, reviewed_only, t, language, coder, rejected),
        figures=tuple(figures),
        agreement=agreed, tables=tables, chapter=chapter)


def _cross_cutting_tables(displays: dict, labels: dict[str, str], t: dict, first: int,
                          chapter: int | None = None) -> tuple:
    """The role-ordered matrix and the data accounting log, numbered from `first` (after the matrix)."""
    tables = []
    # the accounting log's row label repeats its case and source type columns: leave it out
    for kind, caption, with_index in (("role_ordered", "role_ordered_caption", True),
                                      ("accounting", "accounting_caption", False)):
        display = next((d for d in displays.values() if d.kind == kind), None)
        if display is not None:
            rule = display.parameters.get("complete_min_segments", 2)  # the accounting log's ✓
            tables.append(table_view(display, t[caption].format(n=numbered_as(first + len(tables), chapter), complete=rule),
                                     labels, t, with_index))
    return tuple(tables)


def contrary_wording(codebook: Codebook, language: str, t: dict) -> str:
    """The obstacle codes that make a segment contrary evidence, as the checks use them
    (`contrary_codes_of`): those outside the framework's dimensions count against every one;
    one under a dimension only against its own ("for Budget support also Budget constraints")."""
    dimensions = codebook.framework.dimensions
    obstacles = [c for c in codebook.codes if c.polarity == "negative"]
    general = [c.label_in(language) for c in obstacles if codebook.top_level(c.id) not in dimensions]
    own: dict[str, list[str]] = {}
    for code in obstacles:
        top = codebook.top_level(code.id)
        if top in dimensions:
            own.setdefault(top, []).append(code.label_in(language))
    index = codebook.by_id()
    parts = [names(general, language, shown=len(general))] if general else []
    parts += [t["contrary_also"].format(dimension=index[top].label_in(language),
                                        codes=names(labels, language, shown=len(labels)))
              for top, labels in own.items()]
    return "; ".join(parts)
