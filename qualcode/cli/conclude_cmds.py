"""conclude: the evidence ledger, and one assertion's chain of evidence."""

from __future__ import annotations

import json

import typer
from rich.markup import escape

from qualcode.cli.common import config, err, friendly, one_of, out, print_table

app = typer.Typer(help="Conclusion drawing and verification: the evidence ledger, tactics, patterns.",
                  invoke_without_command=True)
SYMBOLS = {"pass": "[green]✓[/green]", "warn": "[yellow]![/yellow]", "fail": "[red]✗[/red]", "n/a": "·"}


def _language(lang: str | None, project) -> str:
    from qualcode.conclude.wording import WORDING
    from qualcode.errors import QualcodeError

    language = lang or project.language
    if language not in WORDING:
        raise QualcodeError(f"--lang must be one of {', '.join(sorted(WORDING))}, not {language!r}")
    return language


CODER_HELP = "Only this coder's accepted codings, e.g. consensus (from `agree resolve`)."


def _drawn(lang: str | None, reviewed_only: bool, coder: str | None = None):
    from qualcode.workflow.conclusions import draw_conclusions
    from qualcode.workflow.displays import checked_inputs

    project = config()
    language = _language(lang, project)
    inputs = checked_inputs(project, reviewed_only, coder) if coder or reviewed_only else None
    conclusions, suggestions = draw_conclusions(project, language, reviewed_only, inputs)
    return language, conclusions, suggestions


@app.callback()
@friendly
def ledger(
    ctx: typer.Context,
    lang: str = typer.Option(None, "--lang", help="id or en (default: the project's language)."),
    reviewed_only: bool = typer.Option(False, "--reviewed-only", help="Only accepted codings."),
    coder: str = typer.Option(None, "--coder", help=CODER_HELP),
    fmt: str = typer.Option("table", "--format", help="table, json or md."),
) -> None:
    """One row per assertion: strength, the checks as ✓ / ! / ✗, and the evidence counts."""
    if ctx.invoked_subcommand:
        return
    from qualcode.conclude.assertions import conclusions_json
    from qualcode.conclude.wording import shown_verdicts, strength_label, words

    fmt = _format(fmt)
    language, conclusions, _ = _drawn(lang, reviewed_only, coder)
    w = words(language)
    if fmt == "json":
        typer.echo(json.dumps(conclusions_json(conclusions, language), ensure_ascii=False, indent=2,
                              default=str))
        return
    names = [c.name for c in conclusions[0].checks] if conclusions else []
    if fmt == "md":
        typer.echo(f"| id | {w['header_strength']} | " + " | ".join(w[n] for n in names)
                   + f" | {w['header_segments']} | {w['header_informants']} |")
        typer.echo("|---|---|" + "---|" * len(names) + "---:|---:|")
        for c in conclusions:
            marks = [{"pass": "✓", "warn": "!", "fail": "✗", "n/a": "·"}[v] for v in shown_verdicts(c)]
            typer.echo(f"| {c.spec.id} | {strength_label(c, language)} | " + " | ".join(marks)
                       + f" | {c.figures['segments']} | {c.figures['informants']}/{c.figures['informants_total']} |")
        return
    from rich.table import Table

    table = Table(title=w["ledger_title"])
    for column in ["id", w["header_strength"], *[w.get(f"short_{n}", n) for n in names], w["header_segments"],
                   w["header_informants"], w["header_types"]]:
        table.add_column(column, no_wrap=True)
    for c in conclusions:
        table.add_row(c.spec.id, strength_label(c, language), *[SYMBOLS[v] for v in shown_verdicts(c)],
                      str(c.figures["segments"]), f"{c.figures['informants']}/{c.figures['informants_total']}",
                      f"{c.figures['source_types']}/{c.figures['source_types_total']}")
    print_table(table)
    out.print("[dim]" + escape(" · ".join(f"{w.get(f'short_{n}', n)} {w[n]}" for n in names) + "; " + w["ledger_hint"])
              + "[/dim]")


@app.command("show")
@friendly
def show(
    assertion: str = typer.Argument(..., help="Assertion id, e.g. machine-budget-support."),
    lang: str = typer.Option(None, "--lang", help="id or en."),
    reviewed_only: bool = typer.Option(False, "--reviewed-only", help="Only accepted codings."),
    coder: str = typer.Option(None, "--coder", help=CODER_HELP),
) -> None:
    """The full chain of evidence of one assertion, with its checks and quotes."""
    from qualcode.conclude.assertions import check_line
    from qualcode.conclude.chain import broken_links, link_line
    from qualcode.conclude.wording import names, strength_label, words
    from qualcode.errors import QualcodeError
    from qualcode.textrules import natural_key

    language, conclusions, _ = _drawn(lang, reviewed_only, coder)
    found = {c.spec.id: c for c in conclusions}
    if assertion not in found:
        raise QualcodeError(f"no assertion {assertion!r}; ids: {', '.join(found)}")
    c = found[assertion]
    out.print(f"[bold]{escape(c.statement)}[/bold]")
    w = words(language)
    if c.spec.verdict:
        out.print(w["your_verdict"].format(verdict=w[f"verdict_{c.spec.verdict}"])
                  + (f" — {escape(c.spec.verdict_memo)}" if c.spec.verdict_memo else ""))
    out.print(f"{strength_label(c, language)} · {w['segments_evidence'].format(n=c.figures['segments'])} "
              + escape(" ".join(c.evidence[:12])) + (" …" if len(c.evidence) > 12 else ""))
    out.print(f"\n[bold]{words(language)['chain_title']}[/bold]")
    for link in c.chain:
        mark = (SYMBOLS["pass"] if link.supported else SYMBOLS["fail"] if link.stance == "for"
                else SYMBOLS["n/a"])
        out.print(f" {mark} {escape(link_line(link, language))}")
        if link.segments:
            cited = " ".join(link.segments[:6]) + (" …" if len(link.segments) > 6 else "")
            # a survey's link has hundreds of respondents: the first few, and how many more
            ids = sorted(link.case_ids, key=natural_key) if len(link.case_ids) > 13 else list(link.case_ids)
            named = names(ids, language, shown=12) if len(ids) > 13 else ", ".join(ids)
            out.print(f"   [dim]{escape(named or '—')} · {escape(cited)}[/dim]")
    if broken_links(c.chain):
        out.print("[red]" + escape(words(language)["chain_broken"].format(broken=len(broken_links(c.chain))))
                  + "[/red]")
    out.print("")
    for k in c.checks:
        out.print(f" {SYMBOLS[k.verdict]} {escape(check_line(k, language))}")
    if any(k.reason == "no_rival" for k in c.checks):
        out.print(escape(w["rival_hint"]))
    _print_quotes(c.quotes, language)
    if c.contrary_quotes:  # never among the supporting ones above
        out.print(f"\n[bold]{words(language)['negative_evidence']}[/bold]")
        _print_quotes(c.contrary_quotes, language)


def _print_quotes(quotes, language: str) -> None:
    from qualcode.report.i18n import catalogue

    t = catalogue(language)  # roles and source types in the language asked for
    for q in quotes:
        who = q.case_id or q.segment_id.rpartition(":")[0]  # the informant, else the source
        kind = q.role or q.source_type
        out.print(f"\n  “{escape(' '.join(q.text.split()))}”\n  — {escape(str(who))}"
                  f" ({escape(t.get(str(kind), str(kind)))}) [dim]{q.segment_id}[/dim]")


FORMATS = ("table", "json", "md")


def _format(fmt: str) -> str:
    return one_of(fmt, FORMATS)


def _markdown(headers: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])


def _rich_table(title: str, headers: list[str], rows: list[list[str]]):
    from rich.table import Table

    table = Table(title=title)
    for header in headers:
        table.add_column(header)
    for row in rows:
        table.add_row(*[escape(cell) for cell in row])
    return table


@app.command("tactics")
@friendly
def tactics(
    by: str = typer.Option("role", "--by", help="Case attribute whose groups are contrasted (any column "
                                                "of the cases table, e.g. role, site)."),
    depth: str = typer.Option("dimension", "--depth", help="dimension (framework codes, subcodes rolled "
                                                           "up) or code (every code)."),
    fmt: str = typer.Option("table", "--format", help="table, json or md."),
    lang: str = typer.Option(None, "--lang", help="id or en (default: the project's language)."),
    top: int = typer.Option(15, "--top", min=0, help="Relations to show in a table (0: all); json has all."),
    reviewed_only: bool = typer.Option(False, "--reviewed-only", help="Only accepted codings."),
) -> None:
    """Contrasts across a case attribute, and relations between codes (lift, φ).

    Tactics for generating meaning: each framework code's share of informants per group (k of n),
    with differences above 0.5 flagged; co-occurring code pairs over cases."""
    from qualcode.conclude.contrasts import (CONTRAST_THRESHOLD, MIN_GROUP_CASES, contrast_record,
                                             flagged_sentences)
    from qualcode.conclude.relations import relation_record
    from qualcode.conclude.wording import fixed, number, words
    from qualcode.workflow.conclusions import generate_meaning

    fmt = _format(fmt)
    project = config()
    language = _language(lang, project)
    found = generate_meaning(project, by, reviewed_only, depth=depth)
    if fmt == "json":
        typer.echo(json.dumps({
            "schema": "qualcode.tactics/1", "by": by, "depth": depth, "threshold": CONTRAST_THRESHOLD,
            "min_group_cases": MIN_GROUP_CASES, "cases_total": found.cases_total,
            "contrasts": [contrast_record(c) for c in found.contrasts],
            "relations": [relation_record(r) for r in found.relations]}, ensure_ascii=False, indent=2))
        return
    w, index = words(language), found.codebook.by_id()

    def label(code: str) -> str:
        return index[code].label_in(language) if code in index else code

    from qualcode.display.wording import words as group_words

    said = group_words(language)  # roles and source types, and the attribute itself, in the language

    def group(value: str) -> str:
        return said.get(str(value), str(value))

    by_word = said.get(f"attribute_{by}", by)
    groups = found.contrasts[0].groups if found.contrasts else ()
    headers = [w["header_code"], *[f"{group(g.group)} (n={g.cases_total}" + (f", {w['too_thin']})" if g.too_thin else ")")
                                   for g in groups], w["header_largest_difference"]]
    rows, sentences = [], []
    for c in found.contrasts:
        big = c.largest
        rows.append([label(c.code_id), *[f"{g.cases_with}/{g.cases_total}" for g in c.groups],
                     f"{group(big.higher)} − {group(big.lower)} = {fixed(big.difference, language)}"
                     + (" ⚑" if big.flagged else "") if big else w["no_comparison"]])
        sentences += flagged_sentences(c, label(c.code_id), language, group)
    notes = [w["contrasts_note"].format(threshold=number(CONTRAST_THRESHOLD, language), min_cases=MIN_GROUP_CASES)]
    if found.contrasts and found.contrasts[0].unassigned:
        notes.append(w["contrasts_unassigned"].format(unassigned=found.contrasts[0].unassigned, by=by_word))
    if len(groups) < 2 and found.grouping_attributes:  # a survey has no roles, say, but districts
        attributes = found.grouping_attributes
        first = next((a for a in attributes if " " not in a), attributes[0])
        notes.append(w["contrasts_try"].format(by=by_word, attributes=", ".join(attributes),
                                               first=f'"{first}"' if " " in first else first))
    shown = found.relations[:top] if top else found.relations
    relation_rows = [[label(r.code_a), label(r.code_b), str(r.both), str(r.only_a), str(r.only_b),
                      str(r.neither), fixed(r.lift, language) if r.lift is not None else "—",
                      fixed(r.phi, language) if r.phi is not None else "—"] for r in shown]
    relation_headers = [w["header_code_a"], w["header_code_b"], w["header_both"], w["header_only_a"],
                        w["header_only_b"], w["header_neither"], "lift", "φ"]
    relations_title = w["relations_title"].format(cases_total=found.cases_total)
    relations_note = w["relations_note"].format(shown=len(shown), total=len(found.relations))
    if fmt == "md":
        typer.echo(f"### {w['contrasts_title'].format(by=by_word)}\n\n{_markdown(headers, rows)}\n")
        typer.echo("\n".join(f"- {line}" for line in [*sentences, *notes]))
        typer.echo(f"\n### {relations_title}\n\n{_markdown(relation_headers, relation_rows)}\n\n{relations_note}")
        return
    print_table(_rich_table(w["contrasts_title"].format(by=by_word), headers, rows))
    for line in sentences:
        out.print(f"⚑ {escape(line)}")
    out.print("[dim]" + escape("; ".join(notes)) + "[/dim]\n")
    print_table(_rich_table(relations_title, relation_headers, relation_rows))
    out.print(f"[dim]{escape(relations_note)}[/dim]")


@app.command("patterns")
@friendly
def patterns(
    accept: int = typer.Option(None, "--accept", help="Number of the candidate to add to the codebook."),
    code_id: str = typer.Option(None, "--id", help="Id of the new pattern code (a slug), with --accept."),
    label: str = typer.Option(None, "--label", help="Label of the new pattern code, with --accept."),
    fmt: str = typer.Option("table", "--format", help="table, json or md."),
    lang: str = typer.Option(None, "--lang", help="id or en (default: the project's language)."),
    reviewed_only: bool = typer.Option(False, "--reviewed-only", help="Only accepted codings."),
) -> None:
    """Candidate pattern codes, clustered by co-occurrence; --accept N adds one.

    Codes are clustered over cases (complete linkage, distance 1 − Jaccard, cut at 0.5); an accepted
    candidate becomes a `kind: theme` code with `members` in the project codebook."""
    from qualcode.conclude.clustering import CLUSTER_CUT_DISTANCE, candidate_record
    from qualcode.conclude.wording import fixed, number, words
    from qualcode.errors import QualcodeError
    from qualcode.workflow.conclusions import accept_pattern, find_patterns

    fmt = _format(fmt)
    project = config()
    if accept is not None:
        if not code_id or not label:
            raise QualcodeError("--accept needs --id and --label for the new pattern code")
        entry, warnings = accept_pattern(project, accept, code_id, label, reviewed_only)
        for issue in warnings:
            err.print(f"[yellow]{escape(str(issue))}[/yellow]")
        err.print(f"added pattern code {entry['id']} (members: {', '.join(entry['members'])}) "
                  f"to {project.codebook_path}")
        return
    candidates, codebook = find_patterns(project, reviewed_only)
    if fmt == "json":
        typer.echo(json.dumps([candidate_record(c) for c in candidates], ensure_ascii=False, indent=2))
        return
    language = _language(lang, project)
    w = words(language)
    if not candidates:
        err.print(w["no_patterns"])
        return
    headers = ["#", w["header_members"], w["header_cohesion"], w["header_lowest"], w["header_cases"],
               w["header_status"]]
    rows = [[str(c.number), ", ".join(c.members), fixed(c.cohesion, language), fixed(c.lowest_jaccard, language),
             f"{len(c.case_ids)}/{c.cases_total}",
             w["pattern_accepted"].format(code=c.accepted_as) if c.accepted_as else ""]
            for c in candidates]
    title = w["patterns_title"].format(jaccard=number(1 - CLUSTER_CUT_DISTANCE, _language(lang, project)))
    if fmt == "md":
        typer.echo(f"### {title}\n\n{_markdown(headers, rows)}")
        return
    print_table(_rich_table(title, headers, rows))
    out.print("[dim]`qualcode conclude patterns --accept N --id ID --label \"…\"` adds one to the codebook[/dim]")


assert_app = typer.Typer(help="Assertions you write yourself; every verification check runs on them.",
                         no_args_is_help=True)


@assert_app.command("add")
@friendly
def assert_add(
    statement: str = typer.Argument(..., help="The assertion, in your words."),
    code: list[str] = typer.Option(..., "--code", help="Code(s) whose segments support it: an id, or a "
                                                       "label as `display show` prints it."),
    contrary: list[str] = typer.Option(None, "--contrary", help="Code(s) that count against it."),
    rival: str = typer.Option(None, "--rival", help="A code standing for a rival explanation."),
    if_code: str = typer.Option(None, "--if", help="IF this code (over cases)…"),
    then_code: str = typer.Option(None, "--then", help="…THEN this code."),
    author: str = typer.Option(None, help="Author (default: the project's coder)."),
) -> None:
    """Write an assertion; `qualcode conclude` then shows its checks and strength."""
    from qualcode.workflow.conclusions import add_assertion

    assertion_id = add_assertion(config(), statement, code, contrary or [], rival, if_code, then_code, author)
    err.print(f"assertion {assertion_id} saved; see `qualcode assert show {assertion_id}`")


@assert_app.command("list")
@friendly
def assert_list(lang: str = typer.Option(None, "--lang", help="id or en.")) -> None:
    """Your assertions with their strength, checks and verdicts."""
    from qualcode.conclude.wording import strength_label, words

    language, conclusions, _ = _drawn(lang, False)
    mine = [c for c in conclusions if c.spec.author != "machine"]
    if not mine:
        err.print("no assertions yet: `qualcode assert add \"…\" --code CODE`")
        return
    for c in mine:
        marks = " ".join(SYMBOLS[k.verdict] for k in c.checks)
        w = words(language)
        verdict = " · " + w["your_verdict"].format(verdict=w[f"verdict_{c.spec.verdict}"]) if c.spec.verdict else ""
        out.print(f"[bold]{c.spec.id}[/bold] {escape(c.statement)}\n   {strength_label(c, language)} · "
                  f"{marks}{verdict}")


@assert_app.command("show")
@friendly
def assert_show(assertion: str = typer.Argument(..., help="Assertion id, e.g. a1."),
                lang: str = typer.Option(None, "--lang", help="id or en.")) -> None:
    """The chain of evidence of one assertion."""
    show(assertion, lang, False, None)


@assert_app.command("verdict")
@friendly
def assert_verdict(
    assertion: str = typer.Argument(..., help="Assertion id, e.g. a1."),
    verdict: str = typer.Option(..., "--as", help="supported, modified or rejected."),
    memo: str = typer.Option(None, "--memo", help="Why."),
) -> None:
    """Record your own verdict beside the machine's checks."""
    from qualcode.workflow.conclusions import record_verdict

    record_verdict(config(), assertion, verdict, memo)
    err.print(f"{assertion}: {verdict}")
