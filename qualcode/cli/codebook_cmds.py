"""codebook lint, show, stats, add."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.tree import Tree

from qualcode.cli.common import config, err, friendly, out

app = typer.Typer(help="Check, show and extend the codebook.", no_args_is_help=True)


def _path(path: Path | None) -> Path:
    return path if path else config().codebook_path


def _path_and_pipelines(path: Path | None) -> tuple[Path, dict[str, str]]:
    """The codebook, and the project's trained pipelines when it is the project's."""
    if path:
        return path, {}
    project = config()
    return project.codebook_path, project.pipelines


@app.command("lint")
@friendly
def lint(path: Path = typer.Argument(None, readable=False, help="Codebook YAML (default: the project's).")) -> None:
    """Errors (duplicate ids, unknown parents, cycles, missing labels, unknown kinds) and
    warnings, including terms whose lemmas make them one."""
    from qualcode.workflow import lint_codebook_terms

    path, pipelines = _path_and_pipelines(path)
    codebook, issues = lint_codebook_terms(path, pipelines)
    errors = [i for i in issues if i.severity == "error"]
    for issue in issues:
        colour = "red" if issue.severity == "error" else "yellow"
        err.print(f"[{colour}]{issue}[/{colour}]")
    warnings = len(issues) - len(errors)
    codes = len({code.id for code in codebook.codes})  # an id given twice is one code (and an error)
    err.print(f"{path}: {codes} codes, {len(errors)} error{'' if len(errors) == 1 else 's'}, "
              f"{warnings} warning{'' if warnings == 1 else 's'}; version {codebook.version}")
    if errors:
        raise typer.Exit(1)


@app.command("show")
@friendly
def show(
    path: Path = typer.Argument(None, readable=False, help="Codebook YAML (default: the project's)."),
    lang: str = typer.Option(None, "--lang", help="Label language: id or en (default: the project's, "
                                                   "else en)."),
    keywords: bool = typer.Option(False, "--keywords", help="Also list each code's terms."),
) -> None:
    """The framework and its code tree."""
    from qualcode.codebook import load_codebook
    from qualcode.errors import QualcodeError

    if lang is None:
        try:
            lang = config().language
        except QualcodeError:  # a codebook looked at outside any project
            lang = "en"
    codebook = load_codebook(_path(path))
    framework, name = codebook.framework.name_in(lang), codebook.name_in(lang)
    tree = Tree(f"[bold]{framework}[/bold]  ({name}, {codebook.version})")

    def add(branch: Tree, code_id: str) -> None:
        code = codebook.by_id()[code_id]
        node = branch.add(f"[bold]{code.label_in(lang)}[/bold]  [dim]{code.id} · {code.kind}[/dim]")
        if keywords and code.keywords:
            terms = ", ".join(k.term + ("" if k.weight >= 1 else "*") for k in code.keywords)
            node.add(f"[dim]{terms}[/dim]")
        for child in codebook.children(code_id):
            add(node, child.id)

    tops = list(codebook.framework.dimensions) + list(codebook.framework.cross_cutting)
    tops += [c.id for c in codebook.codes if c.parent is None and c.id not in tops]
    for code_id in tops:
        add(tree, code_id)
    out.print(tree)
    if keywords:
        out.print("[dim]* context term: counts half, needs company[/dim]")


@app.command("stats")
@friendly
def stats(fmt: str = typer.Option("table", "--format", help="table, csv or json."),
          coder: str = typer.Option(None, "--coder", help="Whose decisions (default: the project's coder).")
          ) -> None:
    """Per code: segments, sources, cases, how often a coder accepts or rejects its suggestions,
    and how often they coded it where it was not suggested (added)."""
    from qualcode.cli.coding_cmds import _print_frame
    from qualcode.workflow import code_stats

    frame = code_stats(config(), coder)
    _print_frame(frame, fmt, "codebook stats (a low accept rate: keywords that mislead; many added: "
                             "keywords that miss)")


@app.command("add")
@friendly
def add(
    code_id: str = typer.Argument(..., help="The new code's id: a lowercase slug "
                                            "(street-lighting)."),
    label: str = typer.Option(None, "--label", help="Label in --lang (default: the phrase of "
                                                    "--from-suggestion)."),
    label_en: str = typer.Option(None, "--label-en", help="English label, besides --label."),
    kind: str = typer.Option(None, "--kind", help="dimension, subcode, factor, outcome or theme "
                                                  "(default: subcode under --parent, else theme)."),
    parent: str = typer.Option(None, "--parent", help="Parent code id."),
    keyword: list[str] = typer.Option(None, "--keyword", help="A strong keyword (repeatable)."),
    lang: str = typer.Option(None, "--lang", help="Language of --label, --definition and "
                                                  "--keyword (default: the project's); with "
                                                  "--from-suggestion, also the --lang the "
                                                  "suggestions were listed with."),
    definition: str = typer.Option(None, "--definition", help="What the code means, in --lang."),
    from_suggestion: int = typer.Option(None, "--from-suggestion", help="Use the phrase of row N "
                                        "of `qualcode code suggest` as a keyword (and label)."),
    min_cases: int = typer.Option(2, "--min-cases", help="With --from-suggestion: the --min-cases "
                                                         "the suggestions were listed with."),
) -> None:
    """Add a code to the project codebook, keeping the file's comments and order."""
    from rich.markup import escape

    from qualcode.workflow.codebooks import add_code

    added = add_code(config(), code_id, label, label_en, kind, parent, keyword, lang, definition,
                     from_suggestion, min_cases)
    if added.phrase:
        err.print(escape(f"suggestion {from_suggestion}: {added.phrase!r}"))
    terms = [t for terms in added.entry.get("keywords", {}).values() for t in terms]
    err.print(escape(f"added {code_id} ({added.entry['kind']}) to {added.path}"
                     + (f" with keywords: {', '.join(terms)}" if terms else " without keywords")))
    for warning in added.warnings:
        err.print(f"[yellow]warning: {escape(warning)}[/yellow]")
    err.print("run `qualcode code auto` to code with it")


@app.command("rename")
@friendly
def rename(old: str = typer.Argument(..., help="The code's id now."),
           new: str = typer.Argument(..., help="Its new id: a lowercase slug.")) -> None:
    """Rename a code: its id in the codebook, and every coding, decision, memo and assertion on
    it. After editing an id in the YAML by hand, this brings the codings left under the old id."""
    from rich.markup import escape

    from qualcode.workflow.codebooks import rename_code

    done = rename_code(config(), old, new)
    moved = done.moved
    what = _moved_words(moved, new)
    where = ("in the codebook and the store" if done.codebook_changed
             else "in the store (the codebook names it already)")
    err.print(escape(f"renamed {old} to {new} {where}" + (f": {', '.join(what)}" if what else "")))
    for place in done.still_named:
        err.print(f"[yellow]warning: {escape(place)} still names {escape(old)}: edit it by hand[/yellow]")
    if done.codebook_changed:
        err.print("run `qualcode code auto` to code with the new codebook version")


@app.command("merge")
@friendly
def merge(old: str = typer.Argument(..., help="The code that goes."),
          into: str = typer.Argument(..., help="The code that stays and takes its codings.")) -> None:
    """Merge a code into another: OLD leaves the codebook, its subcodes go under INTO, and every
    coding, decision, memo and assertion on it becomes INTO's (where a coder has both on one
    segment, an acceptance of either stands, else the later decision). OLD's keywords are
    named, not carried over."""
    from rich.markup import escape

    from qualcode.workflow.code_merges import merge_code

    done = merge_code(config(), old, into)
    moved = done.moved
    what = _moved_words(moved, into, "an acceptance of either stands, else the later decision")
    err.print(escape(f"merged {old} into {into}" + (f": {', '.join(what)}" if what else "")))
    if done.terms_left:
        err.print(escape(f"{old}'s terms were not carried over: {', '.join(done.terms_left)}; add those that "
                         f"belong to {into} in the codebook"))
    for place in done.still_named:
        err.print(f"[yellow]warning: {escape(place)} still names {escape(old)}: edit it by hand[/yellow]")
    err.print("run `qualcode code auto` to code with the new codebook version")


@app.command("delete")
@friendly
def delete(code: str = typer.Argument(..., help="The code to take out of the codebook.")) -> None:
    """Delete a code no one has coded with: it leaves the codebook, and the machine's suggestions
    of it go. A code with people's codings or memos is refused: merge it instead."""
    from rich.markup import escape

    from qualcode.workflow.code_merges import delete_code

    withdrawn = delete_code(config(), code)
    err.print(escape(f"deleted {code} from the codebook"
                     + (f", and {withdrawn} machine suggestion{'s' if withdrawn != 1 else ''} of it" if withdrawn else "")))


def _moved_words(moved: dict, into: str, rule: str = "the later decision stands") -> list[str]:
    """"3 codings (1 on a segment that had INTO already: the later decision stands), 1 memo"."""
    def counted(n: int, word: str) -> str:
        return f"{n} {word if n == 1 else word + 's'}"

    merged = moved.get("merged", 0)
    what = []
    if moved["codings"]:
        what.append(counted(moved["codings"], "coding") + (
            f" ({merged} on {'a segment' if merged == 1 else 'segments'} that had {into} already: "
            f"{rule})" if merged else ""))
    for word, key in (("orphan", "orphan_codings"), ("memo", "memos"), ("assertion", "assertions"),
                      ("case summary file", "summaries")):
        if moved.get(key):
            what.append(counted(moved[key], word))
    return what
