"""agree: inter-coder agreement per code, and the disagreements behind it."""

from __future__ import annotations

import typer

from qualcode.cli.common import config, friendly


def register(app: typer.Typer) -> None:
    app.command("agree")(agree)


@friendly
def agree(
    coders: list[str] = typer.Argument(..., help="Two or more coder names."),
    unit: str = typer.Option("segment", help="segment (each segment × code), character (NVivo-style) "
                                             "or document (code presence per source)."),
    codes: list[str] = typer.Option(None, "--code", help="Only these codes (repeatable)."),
    sample: str = typer.Option(None, help="Compare exactly this sample's segments."),
    show_disagreements: bool = typer.Option(False, "--disagreements",
                                            help="List each disagreement with its text."),
    fmt: str = typer.Option("table", "--format", help="table, csv or json."),
) -> None:
    """Percent agreement, Cohen's κ, Brennan–Prediger κ and Krippendorff's α per code, with bands."""
    from qualcode.cli.coding_cmds import _print_frame
    from qualcode.workflow import agreement, disagreements

    if show_disagreements:
        frame = disagreements(config(), coders, codes, sample)
        for column in ("coded_by", "not_coded_by"):
            frame[column] = frame[column].map(lambda names: ", ".join(names))
        _print_frame(frame, fmt, f"{len(frame)} disagreements")
        return
    frame = agreement(config(), coders, unit, codes, sample)
    for column in ("percent", "cohen_kappa", "bp_kappa", "alpha_nominal"):
        frame[column] = frame[column].round(3)
    _print_frame(frame, fmt, f"agreement: {' vs '.join(coders)} ({unit} unit)")
