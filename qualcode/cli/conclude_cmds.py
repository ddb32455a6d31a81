"""conclude: the evidence ledger, and one assertion's chain of evidence."""

from __future__ import annotations

import json

import typer
from rich.markup import escape

from qualcode.cli.common import config, err, friendly, out, print_table

app = typer.Typer(help="Conclusion drawing and verification: the evidence ledger.",
                  invoke_without_command=True)
SYMBOLS = {"pass": "[green]✓[/green]", "warn": "[yellow]![/yellow]", "fail": "[red]✗[/red]", "n/a": "·"}
SHORT = {"representativeness": "repr", "triangulation": "tri", "weighting": "wgt",
         "negative_evidence": "neg", "outliers": "out", "if_then": "if", "spurious": "spur",
         "replication": "repl", "rivals": "rival"}


def _drawn(lang: str | None, reviewed_only: bool):
    from qualcode.workflow.conclusions import draw_conclusions

    project = config()
    language = lang or project.language
    conclusions, suggestions = draw_conclusions(project, language, reviewed_only)
    return language, conclusions, suggestions


@app.callback()
@friendly
def ledger(
    ctx: typer.Context,
    lang: str = typer.Option(None, "--lang", help="id or en (default: the project's language)."),
    reviewed_only: bool = typer.Option(False, "--reviewed-only", help="Only accepted codings."),
    fmt: str = typer.Option("table", "--format", help="table, json or md."),
) -> None:
    """One row per assertion: strength, the checks as ✓ / ! / ✗, and the evidence counts."""
    if ctx.invoked_subcommand:
        return
    from qualcode.conclude.assertions import conclusions_json
    from qualcode.conclude.wording import words

    language, conclusions, _ = _drawn(lang, reviewed_only)
    if fmt == "json":
        typer.echo(json.dumps(conclusions_json(conclusions, language), ensure_ascii=False, indent=2,
                              default=str))
        return
    names = [c.name for c in conclusions[0].checks] if conclusions else []
    if fmt == "md":
        typer.echo("| id | strength | " + " | ".join(names) + " | segments | informants |")
        typer.echo("|---|---|" + "---|" * len(names) + "---:|---:|")
        for c in conclusions:
            marks = [{"pass": "✓", "warn": "!", "fail": "✗", "n/a": "·"}[k.verdict] for k in c.checks]
            typer.echo(f"| {c.spec.id} | {words(language)[c.strength]} | " + " | ".join(marks)
                       + f" | {c.figures['segments']} | {c.figures['informants']}/{c.figures['informants_total']} |")
        return
    from rich.table import Table

    table = Table(title="evidence ledger")
    for column in ["id", "strength", *[SHORT.get(n, n) for n in names], "segments", "informants", "types"]:
        table.add_column(column, no_wrap=True)
    for c in conclusions:
        table.add_row(c.spec.id, words(language)[c.strength], *[SYMBOLS[k.verdict] for k in c.checks],
                      str(c.figures["segments"]), f"{c.figures['informants']}/{c.figures['informants_total']}",
                      f"{c.figures['source_types']}/{c.figures['source_types_total']}")
    print_table(table)
    out.print("[dim]" + " · ".join(f"{SHORT.get(n, n)} {n.replace('_', ' ')}" for n in names)
              + "; `qualcode conclude show ID` for the chain of evidence[/dim]")


@app.command("show")
@friendly
def show(
    assertion: str = typer.Argument(..., help="Assertion id, e.g. machine-budget-support."),
    lang: str = typer.Option(None, "--lang", help="id or en."),
    reviewed_only: bool = typer.Option(False, "--reviewed-only"),
) -> None:
    """The full chain of evidence of one assertion, with its checks and quotes."""
    from qualcode.conclude.assertions import check_line
    from qualcode.conclude.wording import words
    from qualcode.errors import QualcodeError

    language, conclusions, _ = _drawn(lang, reviewed_only)
    found = {c.spec.id: c for c in conclusions}
    if assertion not in found:
        raise QualcodeError(f"no assertion {assertion!r}; ids: {', '.join(found)}")
    c = found[assertion]
    out.print(f"[bold]{escape(c.statement)}[/bold]")
    if c.spec.verdict:
        out.print(f"your verdict: {c.spec.verdict}" + (f" — {escape(c.spec.verdict_memo)}" if c.spec.verdict_memo else ""))
    out.print(f"{words(language)[c.strength]} · {c.figures['segments']} segments · evidence: "
              + escape(" ".join(c.evidence[:12])) + (" …" if len(c.evidence) > 12 else ""))
    for k in c.checks:
        out.print(f" {SYMBOLS[k.verdict]} {escape(check_line(k, language))}")
    for q in c.quotes:
        out.print(f"\n  “{escape(' '.join(q.text.split()))}”\n  — {q.case_id or q.source_type}"
                  f" ({q.role or q.source_type}) [dim]{q.segment_id}[/dim]")


assert_app = typer.Typer(help="Assertions you write yourself; every verification check runs on them.",
                         no_args_is_help=True)


@assert_app.command("add")
@friendly
def assert_add(
    statement: str = typer.Argument(..., help="The assertion, in your words."),
    code: list[str] = typer.Option(..., "--code", help="Code(s) whose segments support it."),
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
    from qualcode.conclude.wording import words

    language, conclusions, _ = _drawn(lang, False)
    mine = [c for c in conclusions if c.spec.author != "machine"]
    if not mine:
        err.print("no assertions yet: `qualcode assert add \"…\" --code CODE`")
        return
    for c in mine:
        marks = " ".join(SYMBOLS[k.verdict] for k in c.checks)
        verdict = f" · your verdict: {c.spec.verdict}" if c.spec.verdict else ""
        out.print(f"[bold]{c.spec.id}[/bold] {escape(c.statement)}\n   {words(language)[c.strength]} · "
                  f"{marks}{verdict}")


@assert_app.command("show")
@friendly
def assert_show(assertion: str = typer.Argument(..., help="Assertion id, e.g. a1."),
                lang: str = typer.Option(None, "--lang", help="id or en.")) -> None:
    """The chain of evidence of one assertion."""
    show(assertion, lang, False)


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
