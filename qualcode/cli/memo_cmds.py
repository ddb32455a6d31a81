"""memo add, memo list, memo show."""

from __future__ import annotations

import typer
from rich.markup import escape

from qualcode.cli.common import config, err, friendly, out

app = typer.Typer(help="Analytic memos on the project, a source, case, code, coding or segment.",
                  no_args_is_help=True)

TARGET_HELP = "What the memo is about: project, source, case, code, coding, segment or display."


@app.command("add")
@friendly
def add(
    kind: str = typer.Argument(..., help=TARGET_HELP),
    target: str = typer.Argument("", help="Its id (none for project); a coding is SEGMENT/CODE, "
                                          "e.g. gov-kominfo-staf:12/software."),
    text: str = typer.Option(..., "--text", "-t", help="The memo."),
    author: str = typer.Option(None, help="Author (default: the project's coder)."),
) -> None:
    """Write a memo."""
    from qualcode.workflow import add_memo

    memo_id = add_memo(config(), kind, target, text, author)
    err.print(f"memo #{memo_id} saved")


@app.command("list")
@friendly
def list_(kind: str = typer.Argument(None, help=TARGET_HELP),
          target: str = typer.Argument(None, help="Its id.")) -> None:
    """List memos, optionally for one target."""
    from rich.table import Table

    from qualcode.workflow import list_memos

    table = Table(title="memos")
    for column in ("#", "about", "author", "when", "memo"):
        table.add_column(column, overflow="fold")
    memos = list_memos(config(), kind, target)
    if not memos:
        err.print("no memos" + (f" on {kind}" + (f" {target}" if target else "") if kind else "") + " yet"
                  + ("" if kind else " (a memo given with `code add --memo` shows in `qualcode code list`)"))
        return
    for memo in memos:  # a memo's words are the researcher's, never markup: [sic] stays
        table.add_row(str(memo.id), escape(memo.about), escape(memo.author), _when(memo.created_at),
                      escape(memo.text))
    out.print(table)


@app.command("show")
@friendly
def show(memo_id: int = typer.Argument(..., help="Memo number.")) -> None:
    """Show one memo in full."""
    from qualcode.workflow import show_memo

    memo = show_memo(config(), memo_id)
    out.print(f"[bold]memo #{memo.id}[/bold] on {escape(memo.about)} by {escape(memo.author)}, {_when(memo.created_at)}\n")
    out.print(escape(memo.text))


def _when(stamp: str) -> str:
    """A memo's time (stored in UTC) in this machine's time zone, to the minute: a researcher
    in WIB writing at 20:00 sees that evening, not 13:00."""
    from datetime import datetime

    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp  # as an import wrote it
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.isoformat(sep=" ", timespec="minutes")
