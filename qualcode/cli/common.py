"""What every command shares: the project, consoles, and turning errors into one line."""

from __future__ import annotations

import contextvars
import functools
import os
import sqlite3
from pathlib import Path
from typing import Callable

import typer
from rich.console import Console
from rich.cells import cell_len
from rich.markup import escape

from qualcode.errors import QualcodeError, operation

state: dict = {"project": None}
# --jobs of `code auto` and `run` (the figure is autocode.JOBS_MIN_SEGMENTS; a test keeps them equal)
JOBS_HELP = ("Processes to use. With 2 or more, auto-coding is split across worker processes once "
             "there are 4,000 codable segments (below that, one process is faster), and `run` reads "
             "the transcripts in a second process while the language pipelines load.")
err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False)  # wraps to the terminal, so panels and quotes stay readable


def config():
    from qualcode.people import RESPONDENTS
    from qualcode.project import find_root, load_config
    from qualcode.store import Store

    folder = state.get("project")
    root = find_root(Path(folder) if folder else None)
    # errors name the project's files as its warnings do, qualcode.toml's own among them
    state["root"] = str(root)
    project = load_config(root)
    # a survey's people are respondents in what the command writes (qualcode.people); set in
    # the command's own context (`friendly`), so it never outlives the command
    RESPONDENTS.set(Store.peek_only_responses(project.store_path))
    return project


def _command_name(command: Callable) -> str:
    """`qualcode code add`: the command being run, for messages that must name it."""
    import importlib

    context = None
    for module in ("typer._click.globals", "click.globals"):  # typer may carry its own click
        try:
            context = importlib.import_module(module).get_current_context(silent=True)
        except (ImportError, AttributeError):
            continue
        if context is not None:
            break
    if context is None:
        return f"qualcode {command.__name__}"
    return " ".join(["qualcode", *context.command_path.split()[1:]])


def _one_line(message: str) -> None:
    text = " ".join(part.strip() for part in str(message).splitlines() if part.strip())
    err.print(f"[red]error:[/red] {escape(text)}", markup=True, highlight=False)


# Arguments that name a person: one line, no line break or tab (a coder's name heads tables).
NAME_ARGUMENTS = ("coder", "coders", "as_coder", "author", "first", "second")
# Arguments that name a file a command writes (`--out`).
OUTPUT_ARGUMENTS = ("out", "out_file")


def _unusable_argument(command: Callable, arguments: dict) -> str | None:
    """What is wrong with the first text argument no store or report can take: a language
    qualcode has no wording or rules for, bytes that were not UTF-8 (Python keeps them as lone
    surrogates, which SQLite refuses) or a control character (which DOCX and XLSX refuse)."""
    from qualcode.project import LANGUAGES
    from qualcode.textrules import UNUSABLE, UNUSABLE_IN_NAME

    for name in ("lang", "language"):  # every command's language: refused before any work is done
        value = arguments.get(name)
        if isinstance(value, str) and value not in LANGUAGES:
            return f"{_shown_name(command, name)} {value!r} is not supported; use {' or '.join(LANGUAGES)}"
    jobs = arguments.get("jobs")
    if isinstance(jobs, int) and jobs < 1:
        return f"{_shown_name(command, 'jobs')} must be at least 1, not {jobs}"
    threshold = arguments.get("threshold")
    if isinstance(threshold, float) and not (0 < threshold < float("inf")):
        # 0 would suggest every code a term of it touches; infinity would withdraw them all
        return f"{_shown_name(command, 'threshold')} must be a number above 0, not {threshold:g}"
    for name in OUTPUT_ARGUMENTS:  # no output of ours is YAML or TOML: such a file is the project's own
        value = arguments.get(name)
        if isinstance(value, Path) and value.suffix.lower() in (".yaml", ".yml", ".toml") and value.is_file():
            return (f"{_shown_name(command, name)} {value}: the project's own settings, codebook or judgments "
                    "are not written over; name another file")
    for name, value in arguments.items():
        rule = UNUSABLE_IN_NAME if name in NAME_ARGUMENTS else UNUSABLE
        for text in value if isinstance(value, (list, tuple)) else (value,):
            found = rule.search(text) if isinstance(text, str) else None
            if found is None:
                continue
            shown = _shown_name(command, name)
            if "\ud800" <= found.group() <= "\udfff":
                return f"{shown}: not UTF-8 text (a byte 0x{ord(found.group()) - 0xDC00:02x}); write it in UTF-8"
            return f"{shown}: holds the control character U+{ord(found.group()):04X}, which no report can hold"
    return None


def _shown_name(command: Callable, name: str) -> str:
    """How the user wrote the parameter `name` of `command`: its long option (`--text`), or the
    argument's name (`target`)."""
    import inspect

    parameter = inspect.signature(command).parameters.get(name)
    declared = getattr(getattr(parameter, "default", None), "param_decls", None) or ()
    options = [d for d in declared if isinstance(d, str) and d.startswith("--")]
    if options:
        return options[0]
    if parameter is not None and isinstance(parameter.default, typer.models.OptionInfo):
        return "--" + name.replace("_", "-")
    return name


def _project_relative(line: str) -> str:
    """A message that opens with a file of the project names it from the project's folder
    (transcripts/a.txt: …), as ingest's warnings do, not by its whole path."""
    root = state.get("root")
    inside = os.path.join(root, "") if root else None
    return line[len(inside):] if inside and line.startswith(inside) else line


def friendly(command: Callable) -> Callable:
    """Run a command; a QualcodeError becomes one line on stderr and exit code 1.

    So do the environment's refusals that are no bug of ours: a store locked by another
    process for longer than we wait, a damaged store, a file the system will not let us
    read or write."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        name = _command_name(command)
        for language in ("lang", "language"):  # `--lang EN` is `--lang en`
            if isinstance(kwargs.get(language), str):
                kwargs[language] = kwargs[language].strip().lower()
        refused = _unusable_argument(command, kwargs)
        if refused:
            _one_line(refused)
            raise typer.Exit(1)
        try:
            with operation(name):
                # in a context of its own: what the command sets there (qualcode.people) ends with it
                return contextvars.copy_context().run(command, *args, **kwargs)
        except QualcodeError as exc:
            for line in getattr(exc, "lines", None) or [str(exc)]:  # several bad files: a line each
                _one_line(_project_relative(line))
            raise typer.Exit(1) from None
        except sqlite3.OperationalError as exc:
            if "readonly" in str(exc) or "read-only" in str(exc):
                _one_line(_read_only_store())
                raise typer.Exit(1) from None
            if "disk i/o" in str(exc).lower() or "disk is full" in str(exc).lower():
                _one_line(f"could not write the project's files in .qualcode/ ({exc}): is the disk "
                          "full? Nothing half-written was kept; free some space and run it again")
                raise typer.Exit(1) from None
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            _one_line(f"`{name}` waited too long for the project store: another qualcode process "
                      "is writing to it; run it again when that has finished")
            raise typer.Exit(1) from None
        except sqlite3.DatabaseError as exc:
            if "malformed" not in str(exc) and "not a database" not in str(exc):
                raise
            _one_line(f"the project store .qualcode/project.db is damaged ({exc}); keep a copy of "
                      "it, then restore it from your backup")
            raise typer.Exit(1) from None
        except OSError as exc:
            if exc.filename is None:
                raise
            _one_line(f"{exc.filename}: {exc.strerror or exc}")
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            err.print("interrupted: nothing half-written was kept; run the command again to finish")
            raise typer.Exit(130) from None

    return wrapper


def _read_only_store() -> str:
    """What may not be written, by name: the store, its folder, or the -wal and -shm files
    SQLite keeps beside it (left behind read-only by a user who could only read the store)."""
    import os

    from qualcode.project import STORE_RELATIVE, find_root

    try:
        store = find_root(Path(state["project"]) if state.get("project") else None) / STORE_RELATIVE
    except QualcodeError:
        store = None
    parts = [store.parent, store, *(Path(f"{store}{end}") for end in ("-wal", "-shm"))] if store else []
    blocked = [p for p in parts if p.exists() and not os.access(p, os.W_OK)]
    if blocked:
        return (f"{blocked[0]} cannot be written (read-only); the project store needs it writable: check its "
                "permissions and owner, or work on a copy")
    return ("the project store .qualcode/project.db cannot be written (it, its folder, or the -wal and -shm "
            "files beside it are read-only); check their permissions, or work on a copy")


def one_of(value: str, allowed: tuple[str, ...], flag: str = "--format") -> str:
    """`value` if it is one of `allowed`, else one line naming the flag and the choices (an
    unknown format used to fall back to the table without a word)."""
    if value not in allowed:
        raise QualcodeError(f"{flag} must be one of {', '.join(allowed)}, not {value!r}")
    return value


def key_values(items: list[str] | None, flag: str) -> dict[str, str]:
    """`KEY=VALUE` options (`--where role=community`) as a mapping, keys stripped; one
    without `=` is refused, naming its flag."""
    pairs = {}
    for item in items or []:
        if "=" not in item:
            raise QualcodeError(f"{flag} needs KEY=VALUE, got {item!r}")
        key, value = item.split("=", 1)
        pairs[key.strip()] = value
    return pairs


def stage_progress(console: Console):
    """A rich progress display and the workflow hook that drives it."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    progress = Progress(TextColumn("{task.description:<10}"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), console=console, disable=not console.is_terminal)

    tasks: dict[str, object] = {}

    def on_stage(name: str, total: int | None):
        task = tasks.get(name)
        if task is None:
            task = tasks[name] = progress.add_task(name, total=total)
        else:  # begun again (`run` redoes a stage its child process failed): one row, restarted
            progress.reset(task, total=total)
        return lambda n: progress.advance(task, n)

    return progress, on_stage


# A terminal table shows at most this many rows. rich lays a table out cell by cell: a large
# project's 20,000 informants or 90,000 codings took one to two minutes to print, far more
# than anyone reads in a terminal; the CSV, JSON and workbook formats carry every row.
TABLE_ROWS = 200


def first_rows(rows: list, every_row: str) -> tuple[list, str | None]:
    """The rows a terminal table shows (TABLE_ROWS at most), and, when some are left out, the
    line to print under it: how many, and how to get them (`every_row`, e.g. "`--format csv`")."""
    if len(rows) <= TABLE_ROWS:
        return rows, None
    return rows[:TABLE_ROWS], (f"… {len(rows) - TABLE_ROWS:,} more rows ({len(rows):,} in all) not shown; "
                               f"{every_row} has every row")


# Narrower than this, a column breaks its heading into syllables and its numbers over lines
NARROWEST_COLUMN = 8


def print_table(table, cap: int | None = 180, left_out: str | None = None, squeezed: str | None = None,
                every_column: str | None = None) -> None:
    """Print a rich table wide enough to read: a squeezed table helps no one, and
    `| less -S` scrolls a wide one. On a terminal narrower than that, the columns that fit,
    and which were left out: lines the terminal wraps would jumble every row. `cap` limits
    how wide free text may make it; `left_out` (from `first_rows`) is said under it, and
    `squeezed` when the table had to be narrower than its columns need (a 27 × 27 matrix:
    its headings broken into syllables); `every_column` says what shows the columns left out."""
    natural, unbroken = _width_of(table)
    # `cap` bounds how wide free text may spread a table, never below its longest words: a
    # piped 27-column matrix is written whole, not a letter a line
    width = max(out.width, natural if cap is None else min(natural, max(cap, unbroken)))
    hidden: list[str] = []
    if out.is_terminal and width > out.width:
        table, hidden = _columns_that_fit(table, out.width)
        width = out.width
    elif width < natural:  # narrower than one line a row: rich may narrow a column, not below a word
        for column in table.columns:
            column.min_width = max(column.min_width or 0, _longest_word(column))
    Console(width=width, highlight=False, soft_wrap=False).print(table)
    if left_out:
        out.print(f"[dim]{escape(left_out)}[/dim]")
    if hidden:
        out.print(f"[dim]{len(hidden)} more column{'s' if len(hidden) > 1 else ''} not shown, too wide for this "
                  f"terminal ({escape(', '.join(hidden))}): widen it, or pipe the command through `less -S`"
                  f"{'; ' + escape(every_column) if every_column else ''}[/dim]")
    elif squeezed and len(table.columns) * NARROWEST_COLUMN > width:
        out.print(f"[dim]{escape(squeezed)}[/dim]")


def _width_of(table) -> tuple[int, int]:
    """How wide the table is laid out with one line per row, and at its narrowest with no
    word broken (each column its longest word, padding and border)."""
    natural = out.measure(table, options=out.options.update_width(100_000)).maximum
    return natural, 1 + sum(_longest_word(column) + 3 for column in table.columns)


def _columns_that_fit(table, width: int):
    """The table cut to its first columns that fit `width` (at least one) with no word of a
    heading or cell broken, and the headings of those left out."""
    import copy

    needs = [_longest_word(column) for column in table.columns]
    used, keep = 1, 0  # a row's left border; each column adds its padding and right border
    for need in needs:
        if keep and used + need + 3 > width:
            break
        used, keep = used + need + 3, keep + 1
    while True:
        cut = copy.copy(table)
        cut.columns = [copy.copy(column) for column in table.columns[:keep]]
        for column, need in zip(cut.columns, needs):  # rich may narrow a column, not below a word
            column.min_width = min(need, max(width - 4, 1))
        if keep == 1 or _drawn_width(cut, width) <= width:  # rich's own layout has the last word
            break
        keep -= 1
    return cut, [" ".join(out.render_str(str(column.header)).plain.split()) for column in table.columns[keep:]]


def _drawn_width(table, width: int) -> int:
    """The widest line of the table as rich draws it on a console `width` wide."""
    import io

    console = Console(width=width + 1_000, file=io.StringIO(), highlight=False, soft_wrap=False,
                      color_system=None, force_terminal=False)
    with console.capture() as captured:
        console.print(table, width=width)
    return max((cell_len(line) for line in captured.get().splitlines()), default=0)


def _longest_word(column) -> int:
    """The widest word of a column's heading and cells (line, of a column that does not wrap)."""
    plain = [text.plain if hasattr(text, "plain") else out.render_str(str(text)).plain
             for text in (column.header, *column.cells)]
    pieces = (line for text in plain for line in text.splitlines()) if column.no_wrap else \
        (word for text in plain for word in text.split())
    return max((cell_len(piece) for piece in pieces), default=1)
