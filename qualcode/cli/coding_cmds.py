"""code auto, add, remove, list, explain, suggest, review, sample (orphans: orphan_cmds)."""

from __future__ import annotations

import typer
from rich.markup import escape
from rich.table import Table

from qualcode.textrules import neutralise

from qualcode.cli.common import (
    JOBS_HELP, config, err, first_rows, friendly, key_values, one_of, out, print_table, stage_progress,
)

code_app = typer.Typer(help="Data condensation: code segments.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    from qualcode.cli import orphan_cmds

    orphan_cmds.register(code_app)
    app.add_typer(code_app, name="code")


@code_app.command("auto")
@friendly
def auto(
    threshold: float = typer.Option(None, help="Score a code needs in a segment, for this run "
                                               "only (default: [coding] threshold in qualcode.toml, "
                                               "1.0 = one strong term or two context terms)."),
    jobs: int = typer.Option(1, "--jobs", "-j", help=JOBS_HELP),
) -> None:
    """Suggest codes from codebook terms matched on lemmas; never touches a human decision."""
    from qualcode.workflow import code_auto

    progress, hook = stage_progress(err)
    with progress:
        report = code_auto(config(), threshold, on_stage=hook, jobs=jobs)
    err.print(f"{report.suggestions:,} suggestions on {report.segments:,} codable segments "
              f"({report.withdrawn:,} withdrawn) with codebook {report.codebook_version}, "
              f"threshold {report.threshold:g} (from {report.threshold_from})")
    if report.withdrawn_by_code:  # what a codebook edit took away, code by code
        err.print(escape("  withdrawn: " + ", ".join(f"{code} {n:,}" for code, n in report.withdrawn_by_code.items())
                         + " (no person's decision is touched)"))
    if report.stranded:
        named = ", ".join(f"{code} ({n})" for code, n in report.stranded.items())
        err.print(f"[yellow]warning: {escape(named)}: codings by people on codes the codebook no longer "
                  "has; if you renamed one in the YAML, `qualcode codebook rename OLD NEW` brings them "
                  "along[/yellow]")


# Columns of free text in a listing, and the width each may take at most.
WRAPPED_COLUMNS = {"text": 80, "memo": 40, "terms": 30}


def _print_frame(frame, fmt: str, title: str, columns: list[str] | None = None) -> None:
    """A DataFrame as a rich table, CSV or JSON on stdout."""
    if one_of(fmt, ("table", "csv", "json")) == "csv":  # opened in a spreadsheet too: no formulas
        typer.echo(frame.astype(object).map(neutralise).to_csv(index=False) if len(frame) else frame.to_csv(index=False),
                   nl=False)
        return
    if fmt == "json":
        typer.echo(frame.to_json(orient="records", force_ascii=False))
        return
    shown = columns or list(frame.columns)
    _print_rows(title, shown, list(frame[shown].itertuples(index=False)))


def _print_listing(listing, fmt: str, title: str, columns: list[str]) -> None:
    """A `Listing` (plain rows) as a rich table, CSV or JSON on stdout, as `_print_frame` does a
    DataFrame."""
    if one_of(fmt, ("table", "csv", "json")) == "csv":
        import csv
        import io

        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(listing.columns)
        writer.writerows([["" if row[c] is None else neutralise(row[c]) for c in listing.columns]
                          for row in listing.rows])
        typer.echo(buffer.getvalue(), nl=False)
        return
    if fmt == "json":
        import json

        typer.echo(json.dumps(listing.rows, ensure_ascii=False, separators=(",", ":")))
        return
    _print_rows(title, columns, [tuple(row[c] for c in columns) for row in listing.rows])


def _print_rows(title: str, shown: list[str], rows: list[tuple]) -> None:
    view = Table(title=title)
    for column in shown:
        # identifiers stay whole; free text wraps, and the segment's text keeps room to be read
        # however wide the memo or the matched terms are
        wraps = column in WRAPPED_COLUMNS
        view.add_column(column, overflow="fold", no_wrap=not wraps,
                        min_width=30 if column == "text" else None,
                        max_width=WRAPPED_COLUMNS.get(column))
    records, left_out = first_rows(rows, "`--format csv`")
    for record in records:
        view.add_row(*[escape(_cell(v)) for v in record])
    print_table(view, left_out=left_out)


def _cell(value) -> str:
    if value is None or value != value:  # None or NaN
        return ""
    text = " ".join(str(value).split())
    return text if len(text) <= 160 else text[:160].rsplit(" ", 1)[0] + " …"


@code_app.command("add")
@friendly
def add(
    source: str = typer.Argument(..., help="Source id or its file's name (read one with `qualcode code "
                                           "show SOURCE`), or a segment id such as com-ketua-rw:14."),
    code: str = typer.Option(..., "--code", help="Code id."),
    segment: int = typer.Option(None, "--segment", help="Segment number within the source."),
    match: str = typer.Option(None, "--match", help="Text the segment contains."),
    coder: str = typer.Option(None, help="Coder name (default: the project's coder)."),
    memo: str = typer.Option(None, help="A note on this coding."),
) -> None:
    """Code a segment by hand, or accept the machine's suggestion of that code there."""
    from qualcode.workflow import add_coding

    coded, already = add_coding(config(), source, code, segment, match, coder, memo)
    # A coding's memo lives on the coding, not in `memo list`: say where to read it back.
    where = f"; its memo shows in `qualcode code list --source {coded.source_id}`" if memo else ""
    err.print(f"{coded.id} is coded with {code} already" + ("; memo updated" if memo else "") if already
              else f"coded {coded.id} with {code}{where}")


@code_app.command("remove")
@friendly
def remove(
    source: str = typer.Argument(..., help="Source id or its file's name, or a segment id such as com-ketua-rw:14."),
    code: str = typer.Option(..., "--code", help="Code id."),
    segment: int = typer.Option(None, "--segment", help="Segment number within the source."),
    match: str = typer.Option(None, "--match", help="Text the segment contains."),
    coder: str = typer.Option(None, help="Coder name (default: the project's coder)."),
) -> None:
    """Take a code off a segment: remove your coding, or reject the machine's suggestion."""
    from qualcode.workflow import remove_coding

    segment_, what = remove_coding(config(), source, code, segment, match, coder)
    err.print(f"{segment_.id}: {what} ({code})")


@code_app.command("list")
@friendly
def list_(
    code: list[str] = typer.Option(None, "--code", help="Only these codes (repeatable)."),
    and_code: list[str] = typer.Option(None, "--and-code", help="…on segments that also carry this code."),
    source: str = typer.Option(None, help="Only this source."),
    coder: str = typer.Option(None, help="Only this coder's rows (any status)."),
    status: str = typer.Option(None, help="suggested, accepted or rejected."),
    where: list[str] = typer.Option(None, "--where", help="Case attribute filter, e.g. role=community."),
    reviewed_only: bool = typer.Option(False, "--reviewed-only", help="Only accepted codings."),
    fmt: str = typer.Option("table", "--format", help="table, csv or json."),
) -> None:
    """Retrieve coded segments, e.g. `--code budget-constraints --and-code inhibiting-factor`."""
    from qualcode.workflow import list_codings

    if status is not None:
        one_of(status, ("suggested", "accepted", "rejected"), "--status")
    filters = {key: value.strip() for key, value in key_values(where, "--where").items()}
    listing = list_codings(config(), code, and_code, source, coder, status, filters, reviewed_only)
    memos = ["memo"] if any(row["memo"] for row in listing.rows) else []
    _print_listing(listing, fmt, f"{len(listing)} {'coding' if len(listing) == 1 else 'codings'}",
                   ["segment_id", "code_id", "coder", "status", "score", "terms", *memos, "text"])


@code_app.command("show")
@friendly
def show(source: str = typer.Argument(..., help="Source id or its file's name, e.g. gov-kominfo-staf.")) -> None:
    """Read a source segment by segment: each segment's number and speaker, its text, and the
    codes that count on it (yours, or the machine's suggestions not yet decided)."""
    from rich.text import Text

    from qualcode.workflow.coding import read_source_coded

    reading = read_source_coded(config(), source)
    info = reading.source
    participants = len({s.case_id for s in reading.segments if s.case_id})  # a group discussion's
    case = f"{participants} participants as cases" if participants else f"case {info.get('case_id') or '—'}"
    out.print(f"[bold]{escape(info['id'])}[/bold]  {info['source_type']} · {info['language']} · "
              f"{escape(case)} · {len(reading.segments)} segment{'' if len(reading.segments) == 1 else 's'}")
    for segment in reading.segments:
        style = "" if segment.codable else "dim"
        # a document's or a survey answer's segments have no speaker
        # a recording's time, to cite a quote by (captions keep each turn's start)
        head = segment.id + (f"  {segment.speaker}" if segment.speaker else "") + \
            (f" @ {segment.timestamp}" if segment.timestamp else "") + \
            (f" [{segment.case_id}]" if segment.case_id else "") + ("" if segment.codable else " (not coded)")
        out.print(Text(head, style=f"bold {style}".strip()))
        out.print(Text(segment.text, style=style))
        codes = reading.codes.get(segment.id, [])
        if codes:
            out.print("[dim]    " + escape(" · ".join(f"{code} ({who})" for code, who in codes)) + "[/dim]")


@code_app.command("explain")
@friendly
def explain_(segment: str = typer.Argument(..., help="Segment id, e.g. gov-kominfo-staf:12.")) -> None:
    """Why each code was proposed for a segment: terms, spans, weights, score, negation; and who
    decided what."""
    from rich.text import Text

    from qualcode.condense.review import highlight_spans
    from qualcode.workflow import explain

    why = explain(config(), segment)
    info = why.source
    out.print(f"[bold]{why.segment.id}[/bold]  {info['source_type']} · {info['language']} · "
              f"case {why.segment.case_id or info.get('case_id') or '—'} · speaker {why.segment.speaker or '—'}")
    body = Text(why.segment.text)
    for start, end in highlight_spans([m for c, _ in why.suggestions for m in c.matched]):
        body.stylize("bold reverse", start, end)
    out.print(body)
    if not why.suggestions:
        out.print("[dim]no machine suggestions on this segment[/dim]")
    for coding, depth in why.suggestions:
        terms, hits = len(coding.terms), len(coding.matched)
        if not hits:  # a suggestion brought in from another project: REFI-QDA carries no terms
            out.print(f"\n[bold]{coding.code_id}[/bold]  no matched terms kept: it came in with an import "
                      "(REFI-QDA carries none); `qualcode code auto` matches the codebook's terms here")
            continue
        out.print(f"\n[bold]{coding.code_id}[/bold]  score {coding.score:g} = sum of distinct terms' "
                  f"weights; {terms} distinct {'term' if terms == 1 else 'terms'}, "
                  f"{hits} {'hit' if hits == 1 else 'hits'}; specificity: depth {depth}")
        for m in coding.matched:
            kind = "strong" if m.weight >= 1 else "context"
            # negated evidence still counts: the passage is about the term (see condense.negation);
            # on a code with a polarity, it is a term of the opposite code said in the negative
            opposite = coding.code_id in why.polar
            negated = ("" if not m.negated else ", negated: the opposite code's term, said in the negative"
                       if opposite else ", negated")
            out.print(escape(f"   {m.text!r} at {m.start}–{m.end} → term [{m.term}] "
                             f"({kind}, {m.weight:g}{negated})"))
    suggested = {coding.code_id for coding, _ in why.suggestions}
    for coding in why.decisions:
        memo = f" — {coding.memo}" if coding.memo else ""
        # a decision on a suggestion the last `code auto` no longer made (the codebook or the
        # threshold changed): the decision stands, and says so
        gone = ("; no longer among the machine's suggestions"
                if coding.origin == "auto" and coding.code_id not in suggested else "")
        out.print(f"[dim]{escape(f'{coding.coder}: {coding.status} {coding.code_id} ({coding.origin}){gone}{memo}')}[/dim]")


@code_app.command("suggest")
@friendly
def suggest(
    top: int = typer.Option(20, "--top", help="Show this many phrases, best first."),
    lang: str = typer.Option(None, "--lang", help="Only sources in this language (id or en)."),
    min_cases: int = typer.Option(2, "--min-cases", help="A phrase must recur in at least this "
                                                         "many cases (informants)."),
    fmt: str = typer.Option("table", "--format", help="table, csv or json."),
) -> None:
    """In vivo ideas for new codes: recurring participant phrases no codebook term covers.

    Ranked by cases × ln(codable segments / segments with the phrase). Promote one with
    `qualcode codebook add ID --from-suggestion N`."""
    from qualcode.errors import QualcodeError
    from qualcode.workflow.codebooks import suggest_codes

    if fmt not in ("table", "csv", "json"):
        raise QualcodeError(f"unknown format {fmt!r}; use table, csv or json")
    found = suggest_codes(config(), top, lang, min_cases)
    if fmt == "json":
        import dataclasses
        import json

        typer.echo(json.dumps([dataclasses.asdict(s) for s in found], ensure_ascii=False))
    elif fmt == "csv":
        _suggestions_csv(found)
    else:
        plural = "" if len(found) == 1 else "s"
        view = Table(title=f"{len(found)} phrase{plural} the codebook does not cover")
        for column in ("#", "phrase", "lemmas", "cases", "segments", "score"):
            text = column in ("phrase", "lemmas")
            view.add_column(column, no_wrap=True, justify="left" if text else "right")
        view.add_column("examples", overflow="fold", max_width=90)
        for s in found:
            examples = "\n".join(f"{e.segment_id}: {e.text}" for e in s.examples)
            view.add_row(str(s.rank), escape(s.phrase), escape(s.lemma_key), str(s.cases),
                         str(s.segments), f"{s.score:.2f}", escape(examples))
        print_table(view)
    if not found:
        err.print(f"no phrase recurs in {min_cases} or more cases without a codebook term")
    else:
        err.print("promote one: `qualcode codebook add ID --from-suggestion N` (with the same "
                  "--lang and --min-cases)")


def _suggestions_csv(found) -> None:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["rank", "phrase", "lemma_key", "cases", "segments", "score", "languages",
                     "examples"])
    for s in found:
        writer.writerow([s.rank, neutralise(s.phrase), neutralise(s.lemma_key), s.cases, s.segments, s.score,
                         " ".join(s.languages),
                         neutralise(" | ".join(f"{e.segment_id}: {e.text}" for e in s.examples))])
    typer.echo(buffer.getvalue(), nl=False)


@code_app.command("review")
@friendly
def review(
    coder: str = typer.Option(None, help="Record decisions as this coder (default: the project's); "
                                         "coders see only their own decisions."),
    source: str = typer.Option(None, help="Only this source."),
    code: str = typer.Option(None, help="Only this code: the segments it was suggested on, and on each "
                                         "that suggestion alone (a, r and Enter decide it, not the others)."),
    sample: str = typer.Option(None, help="Visit every segment of this sample (see `code sample`)."),
    every_segment: bool = typer.Option(False, "--all", help="Visit every codable segment, with "
                                       "suggestions or not, to code a transcript by hand as you read it "
                                       "(`+` adds a code; Enter on a segment without suggestions moves on)."),
    again: bool = typer.Option(False, "--again", help="Visit the segments you have decided on too: a second "
                               "pass after the codebook grew (with --all, --source or --sample; it starts "
                               "from the first segment each time)."),
) -> None:
    """Review the machine's suggestions one segment at a time; every key press is saved at once."""
    from qualcode.cli.review_ui import review_loop, stdin_is_terminal, summary, terminal_readers
    from qualcode.errors import QualcodeError
    from qualcode.workflow import review_session

    if not stdin_is_terminal():
        raise QualcodeError("`code review` needs a terminal; in scripts use `qualcode code add` / "
                            "`code remove`")
    session = review_session(config(), coder, source, code, sample, every_segment or again, again)
    try:
        if not session.queue and session.not_auto_coded:
            err.print("nothing to review yet: sources were ingested since the last `qualcode code auto`, "
                      "which suggests codes on them; run it first")
            return
        if not session.queue:
            err.print(f"nothing to review: no suggestion of {code} awaits your decision"
                      if code and not sample
                      else "nothing to review: every segment has your decision" if every_segment or sample
                      else "nothing to review: every suggestion has your decision")
            return
        read_key, read_line = terminal_readers(out)
        made: dict = {}  # memos and undos, as they happen: said after Ctrl-C too
        try:
            counts = review_loop(session, out, read_key, read_line, made)
        except KeyboardInterrupt:  # every key press was saved as it was made: say so, and what
            err.print("interrupted: every decision up to the last key press is saved; "
                      + summary({**session.tally(), **made}, session.coder))
            raise typer.Exit(130) from None
    finally:
        session.close()
    err.print(summary(counts, session.coder))


@code_app.command("sample")
@friendly
def sample(
    fraction: float = typer.Option(0.2, help="Share of codable segments to draw."),
    seed: int = typer.Option(..., help="Random seed: the same seed draws the same sample."),
    name: str = typer.Option("sample", help="Name of the sample."),
) -> None:
    """Draw a reproducible sample of segments for double coding (`code review --sample NAME`).
    The drawn segments' ids go to standard output, one a line, for a coder's list or a script."""
    from qualcode.workflow import draw_sample

    chosen = draw_sample(config(), fraction, seed, name)
    typer.echo("\n".join(chosen))
    err.print(f"sample {name!r}: {len(chosen)} segments (seed {seed}); each coder runs "
              f"`qualcode code review --coder NAME --sample {name}`")
