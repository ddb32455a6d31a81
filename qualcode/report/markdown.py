"""Markdown and HTML from jinja2 templates shipped as package data (a project's templates/
folder overrides them). HTML is autoescaped; undefined names fail loudly (StrictUndefined)."""

from __future__ import annotations

import base64
from functools import lru_cache
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined

from qualcode.report.view import ReportView


TEMPLATES = ("report.md.j2", "report.html.j2")


def environment(project_templates: Path | None = None, autoescape: bool = False) -> Environment:
    """The templates of a project's folder (when it has one) before ours. One environment per
    folder and escaping, kept: a template is compiled once per process (a tenth of a second
    each), and compiled again only when its file changes (jinja2's auto_reload)."""
    folder = Path(project_templates) if project_templates and Path(project_templates).is_dir() else None
    return _environment(folder, autoescape)


@lru_cache(maxsize=16)
def _environment(folder: Path | None, autoescape: bool) -> Environment:
    loaders = [PackageLoader("qualcode", "report/templates")]
    if folder is not None:
        loaders.insert(0, FileSystemLoader(str(folder)))
    env = Environment(loader=ChoiceLoader(loaders), undefined=StrictUndefined,
                      autoescape=autoescape, keep_trailing_newline=True)
    env.filters["cell"] = pipe_cell
    env.filters["b64"] = lambda data: base64.b64encode(data).decode("ascii")
    return env


def compile_templates(project_templates: Path | None = None) -> None:
    """Compile both reports' templates now (`qualcode run` does it while it codes)."""
    environment(project_templates).get_template(TEMPLATES[0])
    environment(project_templates, autoescape=True).get_template(TEMPLATES[1])


def pipe_cell(value) -> str:
    """Text for one cell of a Markdown pipe table: a `|` or a line break in a quote would end it."""
    return " ".join(str(value).split()).replace("|", "\\|")


def render_markdown(view: ReportView, project_templates: Path | None = None) -> str:
    template = environment(project_templates).get_template(TEMPLATES[0])
    return template.render(view=view, t=view.text)


def render_html(view: ReportView, project_templates: Path | None = None) -> str:
    """One self-contained HTML file; every value from the data is escaped (autoescape on)."""
    template = environment(project_templates, autoescape=True).get_template(TEMPLATES[1])
    return template.render(view=view, t=view.text)
