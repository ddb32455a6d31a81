"""Markdown from a jinja2 template shipped as package data (a project's templates/ overrides it)."""

from __future__ import annotations

from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined

from qualcode.report.context import ReportView


def environment(project_templates: Path | None = None, autoescape: bool = False) -> Environment:
    loaders = [PackageLoader("qualcode", "report/templates")]
    if project_templates and project_templates.is_dir():
        loaders.insert(0, FileSystemLoader(str(project_templates)))
    return Environment(loader=ChoiceLoader(loaders), undefined=StrictUndefined,
                       autoescape=autoescape, keep_trailing_newline=True)


def render_markdown(view: ReportView, project_templates: Path | None = None) -> str:
    template = environment(project_templates).get_template("report.md.j2")
    return template.render(view=view, t=view.text)
