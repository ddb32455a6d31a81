"""agree: inter-coder agreement per code, the disagreements behind it, and their adjudication."""

from __future__ import annotations

import typer
from rich.markup import escape
from typer.core import TyperGroup

from qualcode.cli.common import config, err, friendly, out

DEFAULT_COMMAND = "compare"


class _CompareByDefault(TyperGroup):
    """`qualcode agree A B` means `qualcode agree compare A B`; `agree resolve A B` adjudicates."""

    def parse_args(self, ctx, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = [DEFAULT_COMMAND, *args]
        return super().parse_args(ctx, args)


agree_app = typer.Typer(
    cls=_CompareByDefault, no_args_is_help=True,
    help="Inter-coder agreement: `agree A B [C ...]` compares coders (same as `agree compare`); "
         "`agree resolve A B` adjudicates their disagreements.")


def register(app: typer.Typer) -> None:
    app.add_typer(agree_app, name="agree")


@agree_app.command(DEFAULT_COMMAND)
@friendly
def agree(
    coders: list[str] = typer.Argument(..., help="Two or more coder names."),
    unit: str = typer.Option("segment", help="segment (each segment × code), character (NVivo-style) "
                                             "or document (code presence per source)."),
    codes: list[str] = typer.Option(None, "--code", help="Only these codes (repeatable)."),
    sample: str = typer.Option(None, help="Compare exactly this sample's segments."),
    seen_only: bool = typer.Option(False, "--seen-only",
                                   help="With --sample: only the segments every coder looked at (the others "
                                        "otherwise count as coded with nothing)."),
    show_disagreements: bool = typer.Option(False, "--disagreements",
                                            help="List each disagreement with its text."),
    fmt: str = typer.Option("table", "--format", help="table, csv or json."),
) -> None:
    """Percent agreement, Cohen's κ, Brennan–Prediger κ and Krippendorff's α per code, with bands.

    The table is also kept in the project store, where the report finds it."""
    from qualcode.cli.coding_cmds import _print_frame
    from qualcode.errors import QualcodeError
    from qualcode.workflow import agreement, disagreements

    if seen_only and not sample:
        raise QualcodeError("--seen-only goes with --sample: without a sample, only the segments every "
                            "coder looked at are compared anyway")
    if show_disagreements:
        frame = disagreements(config(), coders, codes, sample, seen_only)
        _warn(frame.attrs.get("notes", []))
        for column in ("coded_by", "not_coded_by"):
            frame[column] = frame[column].map(lambda names: ", ".join(names))
        _print_frame(frame, fmt, f"{len(frame)} {'disagreement' if len(frame) == 1 else 'disagreements'}")
        return
    frame = agreement(config(), coders, unit, codes, sample, seen_only)
    _warn(frame.attrs.get("notes", []))
    for column in ("percent", "cohen_kappa", "bp_kappa", "alpha_nominal"):
        frame[column] = frame[column].round(3)
    _print_frame(frame, fmt, f"agreement: {' vs '.join(coders)} ({unit} unit)")


def _warn(notes: list[str]) -> None:
    for note in notes:
        err.print(f"[yellow]warning:[/yellow] {escape(note)}")


@agree_app.command("resolve")
@friendly
def resolve(
    first: str = typer.Argument(..., help="The first coder (key <)."),
    second: str = typer.Argument(..., help="The second coder (key >)."),
    as_coder: str = typer.Option("consensus", "--as", help="Record the decisions as this coder."),
    sample: str = typer.Option(None, help="Only this sample's segments (see `code sample`)."),
) -> None:
    """Adjudicate the disagreements of two coders, one segment at a time; saved at every key press.

    Codes both coders applied are carried over to the --as coder first, so its codings stand on
    their own (`display show NAME --coder consensus`). Then each segment with a disagreement is
    shown with what each coder decided. Keys: < take the first coder's version, > the second's,
    a code all disputed codes (both), r none of them, 1-9 mark codes and Enter codes the marked
    ones only, + add a code, m memo, s skip, b back, u undo, q quit, ? help. Run it again to go on
    where you stopped.
    """
    from qualcode.cli.review_ui import review_loop, stdin_is_terminal, summary, terminal_readers
    from qualcode.workflow.adjudication import resolve_session

    session = resolve_session(config(), first, second, as_coder, sample, interactive=stdin_is_terminal())
    _warn(session.notes + (["so on a segment one of them never looked at, that coder's \"no\" is no "
                            "decision: let them review it first"] if session.notes else []))
    try:
        if session.carried:
            err.print(f"carried {session.carried} agreed codings over to {session.coder}")
        if not session.queue:
            err.print(f"nothing to resolve: {session.coder} has decided every disagreement of "
                      f"{first} and {second}")
            _next_with(session.coder)
            return
        read_key, read_line = terminal_readers(out)
        made: dict = {}  # memos and undos, as they happen: said after Ctrl-C too
        try:
            counts = review_loop(session, out, read_key, read_line, made)
        except KeyboardInterrupt:  # each segment's settlement was saved as it was made: say so
            err.print("interrupted: every decision up to the last key press is saved; "
                      + summary({**session.tally(), **made}, session.coder))
            _left(session.open_count())
            raise typer.Exit(130) from None
        left = session.open_count()
    finally:
        session.close()
    err.print(summary(counts, session.coder))
    if left:  # the settled codings are not a consensus yet
        _left(left)
    else:
        _next_with(session.coder)


def _left(segments: int) -> None:
    if segments:
        err.print(f"{segments} {'segment' if segments == 1 else 'segments'} with a disagreement left "
                  "undecided: run the same command to go on")


def _next_with(coder: str) -> None:
    """The report counts every coder's accepted codings by default: the settled version alone
    is asked for by name."""
    err.print(f"next: `qualcode report --coder {coder}` reports on the settled codings alone (by "
              "default every coder's accepted codings count)", markup=False, highlight=False)
