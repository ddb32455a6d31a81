"""Markdown and HTML from jinja2 templates shipped as package data (a project's templates/
folder overrides them). HTML is autoescaped; undefined names fail loudly (StrictUndefined)."""

from __future__ import annotations

import base64
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined

from qualcode.report.view import ReportView


def environment(project_templates: Path | None = None, autoescape: bool = False) -> Environment:
    loaders = [PackageLoader("qualcode", "report/templates")]
    if project_templates and project_templates.is_dir():
        loaders.insert(0, FileSystemLoader(str(project_templates)))
    env = Environment(loader=ChoiceLoader(loaders), undefined=StrictUndefined,
                      autoescape=autoescape, keep_trailing_newline=True)
    env.filters["cell"] = pipe_cell
    return env


def pipe_cell(value) -> str:
    """Text for one cell of a Markdown pipe table: a `|` or a line break in a quote would end it."""
    return " ".join(str(value).split()).replace("|", "\\|")


def render_markdown(view: ReportView, project_templates: Path | None = None) -> str:
    template = environment(project_templates).get_template("report.md.j2")
    return template.render(view=view, t=view.text)


def render_html(view: ReportView, project_templates: Path | None = None) -> str:
    """One self-contained HTML file; every value from the data is escaped (autoescape on)."""
    env = environment(project_templates, autoescape=True)
    env.filters["b64"] = lambda data: base64.b64encode(data).decode("ascii")
    return env.get_template("report.html.j2").render(view=view, t=view.text)
