"""code orphans, reattach, drop-orphan: people's codings whose text changed or went away."""

from __future__ import annotations

import math

import typer
from rich.markup import escape
from rich.table import Table

from qualcode.cli.common import config, err, friendly, one_of, print_table
from qualcode.textrules import neutralise

ORPHAN_COLUMNS = ["orphan", "source_id", "code_id", "coder", "status", "memo", "orphaned_at", "old_text",
                  "closest_segment", "likeness", "source_present"]


def register(code_app: typer.Typer) -> None:
    code_app.command("orphans")(orphans)
    code_app.command("reattach")(reattach)
    code_app.command("drop-orphan")(drop_orphan)


@friendly
def orphans(
    source: str = typer.Option(None, help="Only this source's orphans."),
    fmt: str = typer.Option("table", "--format", help="table, csv or json."),
) -> None:
    """Codings kept when their text changed or their file went away, each with the segment
    of today's text most like the old one (its likely new home)."""
    import csv
    import json
    import sys

    from qualcode.workflow import list_orphans

    fmt = one_of(fmt, ("table", "csv", "json"))
    views = list_orphans(config(), source)
    rows = [{"orphan": v.orphan.id, "source_id": v.orphan.source_id, "code_id": v.orphan.code_id,
             "coder": v.orphan.coder, "status": v.orphan.status, "memo": v.orphan.memo,
             "orphaned_at": v.orphan.orphaned_at, "old_text": v.orphan.segment_text,
             "closest_segment": v.closest.id if v.closest else "",
             # floored: an identical text comes back by itself, so 100% would mislead
             "likeness": math.floor(v.likeness * 100) / 100 if v.closest else None,
             "source_present": v.source_present} for v in views]
    if fmt == "json":
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    if fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=ORPHAN_COLUMNS, lineterminator="\n")  # with no orphans too
        writer.writeheader()
        writer.writerows({key: neutralise(value) for key, value in row.items()} for row in rows)
        return
    if not views:
        err.print("no orphaned codings" + (f" of {source}" if source else "")
                  + ": every person's coding is on today's text")
        return
    view = Table(title=f"{len(views)} orphaned codings")
    for column in ("orphan", "code", "coder", "status", "old text", "closest segment now"):
        view.add_column(column, overflow="fold", no_wrap=column not in ("old text",),
                        max_width=70 if column == "old text" else None)
    for v in views:
        home = (f"{v.closest.id} ({math.floor(v.likeness * 100)}% alike)" if v.closest
                else "none alike" if v.source_present else f"{v.orphan.source_id} is gone")
        view.add_row(str(v.orphan.id), escape(v.orphan.code_id), escape(v.orphan.coder), v.orphan.status,
                     escape(_short(v.orphan.segment_text)), escape(home))
    print_table(view)
    err.print("code them again where shown: `qualcode code reattach ORPHAN [ORPHAN …]`; elsewhere: add "
              "--segment N (or --match TEXT); let one go: `qualcode code drop-orphan ORPHAN`")


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


@friendly
def reattach(
    orphan: list[int] = typer.Argument(..., help="Orphan numbers (see `qualcode code orphans`)."),
    segment: int = typer.Option(None, "--segment", help="Segment number within the source (default: "
                                                        "each orphan's likely new home, as `code orphans` shows)."),
    match: str = typer.Option(None, "--match", help="Text the segment contains."),
    source: str = typer.Option(None, help="Source of the segment (default: the orphan's own)."),
) -> None:
    """Code a segment of today's text as an orphaned coding was coded (same code, coder,
    status and memo), and let the orphan go. Without --segment or --match, each orphan goes
    to the segment `code orphans` shows as its likely new home; all of them or none."""
    from qualcode.workflow import reattach_orphans

    for found, target in reattach_orphans(config(), orphan, source, segment, match):
        err.print(f"orphan {found.id} reattached: {target.id} {found.status} as {found.code_id} "
                  f"by {found.coder}")


@friendly
def drop_orphan(
    orphan: list[int] = typer.Argument(..., help="Orphan numbers (see `qualcode code orphans`)."),
) -> None:
    """Let orphaned codings go for good."""
    from qualcode.workflow import drop_orphans

    dropped = drop_orphans(config(), orphan)
    err.print(f"dropped {len(dropped)} orphaned coding{'s' if len(dropped) != 1 else ''}: "
              + ", ".join(f"{o.id} ({o.code_id} by {o.coder})" for o in dropped))
