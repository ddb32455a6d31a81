"""The interactive review screen: rich output, one key per decision, injectable for tests.

`code review` and `agree resolve` share it. A resolve screen adds `picks` (one key per
coder's version) and `agreed` (the codes both coders applied); its items carry `votes`
((coder, coded?) in the coders' order) instead of a score."""

from __future__ import annotations

import os
import sys
from typing import Callable

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.text import Text

from qualcode.codebook.loader import _SLUG as SLUG
from qualcode.condense.review import (
    HELP, MARKABLE, RESOLVE_HELP, Cursor, complete_code, handle_key, highlight_spans,
)
from qualcode.errors import QualcodeError

REVIEW_KEYS = "a accept all · r reject all · 1-9 mark, Enter accept marked"
RESOLVE_KEYS = "a all · r none · 1-9 mark, Enter code marked"
COMMON_KEYS = "+ add · m memo · s skip · b back · u undo · q quit · ? help"

KeyReader = Callable[[], str]
LineReader = Callable[[str], str]


def terminal_readers(console: Console) -> tuple[KeyReader, LineReader]:
    return _read_key, (lambda prompt: console.input(prompt))


def _read_key() -> str:
    """One key press. Keys typed while the screen redraws are kept, not flushed.

    click.getchar switches the terminal to raw mode with TCSAFLUSH, which throws away
    whatever the reviewer typed ahead; a quick "a a a" would lose keys. Here the switch
    happens with TCSANOW, so queued keys are read in order."""
    try:
        import termios
        import tty
    except ImportError:  # Windows: no termios; click reads the console directly
        import click

        return click.getchar()
    descriptor = sys.stdin.fileno()
    saved = termios.tcgetattr(descriptor)
    try:
        tty.setraw(descriptor, termios.TCSANOW)
        key = _one_key(descriptor)
    finally:
        termios.tcsetattr(descriptor, termios.TCSANOW, saved)
    if key == "\x03":  # Ctrl-C in raw mode is a byte, not a signal
        raise KeyboardInterrupt
    return "q" if key == "\x04" else key  # Ctrl-D ends the review like q


def _one_key(descriptor: int) -> str:
    """Exactly one key from the terminal, so keys typed ahead are taken one by one: a UTF-8
    character may span bytes, and an escape sequence (an arrow key) arrives as one burst."""
    import codecs
    import select

    data = os.read(descriptor, 1)
    if data == b"\x1b":
        while len(data) < 8 and select.select([descriptor], [], [], 0.02)[0]:
            data += os.read(descriptor, 1)
        return data.decode("utf-8", "replace")
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    key = decoder.decode(data)
    while not key:
        key = decoder.decode(os.read(descriptor, 1))
    return key


def _excerpt(text: str, limit: int = 240) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


# Who a case is, first; then a table row's own attributes (kecamatan, kanal …), up to so many
FIRST_ATTRIBUTES = ("role", "organisation", "position")
SHOWN_ATTRIBUTES = 6


def _shown_attributes(attributes: dict) -> list[tuple[str, object]]:
    filled = {k: v for k, v in attributes.items() if v not in (None, "")}
    first = [(k, filled[k]) for k in FIRST_ATTRIBUTES if k in filled]
    rest = [(k, v) for k, v in sorted(filled.items()) if k not in FIRST_ATTRIBUTES]
    return (first + rest)[:SHOWN_ATTRIBUTES]


def render(console: Console, screen, cursor: Cursor, position: int, total: int) -> None:
    segment, info = screen.segment, screen.source
    case = segment.case_id or info.get("case_id") or "—"  # a group discussion's participant
    attributes = ", ".join(f"{k}: {v}" for k, v in _shown_attributes(info.get("case_attributes", {})))
    console.rule(f"[bold]{segment.id}[/bold]  ({position} of {total})")
    console.print(f"[dim]{info['source_type']} · {info['language']} · case {case}"
                  + (f" · {attributes}" if attributes else "") + "[/dim]")
    if screen.before:
        console.print(Text(f"{screen.before.speaker or '…'}: {_excerpt(screen.before.text)}", style="dim"))
    body = Text(segment.text)
    all_matches = [m for s in screen.suggestions for m in s.matched]
    for start, end in highlight_spans(all_matches):
        body.stylize("bold reverse", start, end)
    console.print(Panel(body, title=segment.speaker or "", title_align="left"))
    if screen.after:
        console.print(Text(f"{screen.after.speaker or '…'}: {_excerpt(screen.after.text)}", style="dim"))
    for number, suggestion in enumerate(screen.suggestions, start=1):
        console.print(_suggestion_line(number, suggestion, number in cursor.marked))
    if len(screen.suggestions) > MARKABLE:
        console.print(f"   [dim]{MARKABLE + 1}+ cannot be marked: a or r decides them all; "
                      "Enter leaves them undecided[/dim]")
    agreed = getattr(screen, "agreed", ())
    if agreed:
        console.print(f"   [dim]both coded: {escape(', '.join(agreed))}[/dim]")
    if screen.own_codes:
        console.print(f"   [dim]your codes here: {escape(', '.join(screen.own_codes))}[/dim]")
    picks = getattr(screen, "picks", ())
    keys = " · ".join([*(f"{p.key} {p.label}" for p in picks), RESOLVE_KEYS if picks else REVIEW_KEYS,
                       COMMON_KEYS])
    console.print(f"[dim]{escape(keys)}[/dim]")


def _suggestion_line(number: int, suggestion, marked: bool) -> str:
    """A machine suggestion with its score and terms, or a disputed code with who coded it."""
    mark = "[green]✓[/green]" if marked else " "
    decided = f" [yellow]({suggestion.decision})[/yellow]" if suggestion.decision else ""
    votes = getattr(suggestion, "votes", None)
    if votes is None:
        terms = ", ".join(dict.fromkeys(f"{m.text} (negated)" if m.negated else m.text for m in suggestion.matched))
        detail = f"score {suggestion.score:g} · {terms}"
    else:
        detail = " · ".join(f"{name} {'✓' if coded else '✗'}" for name, coded in votes)
    return (f" {mark} [bold]{number}[/bold] {escape(suggestion.label)} "
            f"[dim]{suggestion.code_id} · {escape(detail)}[/dim]{decided}")


def review_loop(session, console: Console, read_key: KeyReader, read_line: LineReader,
                counts: dict | None = None) -> dict:
    """Run until the queue ends or the reviewer quits. Returns counts for a summary: what the
    pass changed as it stands (`session.tally`), the memos written and the undos. The memos
    and undos go into `counts` as they happen, for a summary after Ctrl-C (`summary`)."""
    cursor = Cursor(list(session.queue))
    counts = counts if counts is not None else {}
    counts.update(memos=0, undone=0)
    keep_above = False  # after `?`, draw the screen below the help instead of over it
    shown = None  # the segment on screen: its marks are set on arriving, kept while it stays
    while cursor.current is not None:
        segment_id = cursor.current
        screen = session.screen(segment_id)
        if segment_id != shown:
            cursor.arrive([s.decision for s in screen.suggestions])
            shown = segment_id
        if console.is_terminal and not keep_above:
            console.clear()
        keep_above = False
        render(console, screen, cursor, cursor.position + 1, len(cursor.queue))
        codes = [s.code_id for s in screen.suggestions]
        picks = getattr(screen, "picks", ())
        while True:  # keys that change nothing on screen are answered below it
            key = read_key()
            action = handle_key(key, codes, cursor, picks)
            if action.kind == "mark":
                console.print(f"[dim]marked: {', '.join(action.codes) or 'none'}[/dim]")
            elif action.kind == "none":
                console.print("[dim]nothing marked: 1-9 marks a suggestion, a or r decides them all, "
                              "s skips[/dim]")
            else:
                break
        if action.kind in ("accept", "reject"):
            session.decide(segment_id, action.codes, action.rejected)
            cursor.forward()
        elif action.kind == "add":
            code = _ask_code(session, console, read_line)
            if code:
                session.add(segment_id, code)
        elif action.kind == "memo":
            text = read_line("memo: ").strip()
            if text:
                session.memo(segment_id, text)
                counts["memos"] += 1
        elif action.kind == "skip":
            cursor.forward()
        elif action.kind == "back":
            if not cursor.history:  # said, not silently redrawn: nothing came before in this pass
                console.print("[yellow]nothing to go back to: this is the first segment of this pass[/yellow]")
                keep_above = True
                continue
            cursor.back()
        elif action.kind == "undo":
            where = session.undo()
            if where:
                counts["undone"] += 1
                cursor.go_to(where)
                console.print(f"[yellow]undone: the last decision on {where}[/yellow]")
            else:
                console.print("[yellow]nothing to undo[/yellow]")
            keep_above = True  # the screen is drawn below what the undo did, not over it
        elif action.kind == "quit":
            break
        elif action.kind == "help":
            console.print(escape(RESOLVE_HELP if picks else HELP))
            keep_above = True
        if action.kind in ("accept", "reject", "skip", "back", "undo"):
            shown = None  # the marks of whatever is shown next are set afresh
    return {**session.tally(), **counts}


def summary(counts: dict, coder: str) -> str:
    """"accepted 2, rejected 1, added 0, memos 1, undone 0; coder ani"."""
    return ", ".join(f"{k} {v}" for k, v in counts.items()) + f"; coder {coder}"


def _ask_code(session, console: Console, read_line: LineReader) -> str | None:
    for _ in range(5):
        prefix = read_line("code (id or label prefix, empty to cancel): ").strip()
        if not prefix:
            return None
        session.refresh_codebook()  # codes added in another terminal meanwhile are offered too
        found = complete_code(prefix, session.codebook)
        if len(found) == 1:
            return found[0].id
        if not found and SLUG.match(prefix):  # coding while reading makes codes (open coding)
            label = read_line(f"no code starts with {prefix!r}: a label to add it as a new theme "
                              "(empty to cancel): ").strip()
            if not label:
                continue
            try:
                return session.new_code(prefix, label)
            except QualcodeError as exc:
                console.print(f"[yellow]{escape(str(exc))}[/yellow]")
                continue
        if not found:
            console.print(f"[yellow]no code starts with {prefix!r}[/yellow]")
        else:
            console.print("[dim]" + ", ".join(f"{c.id} ({c.label_in(session.language)})"
                                              for c in found[:12]) + "[/dim]")
    return None


def stdin_is_terminal() -> bool:
    return sys.stdin.isatty()
