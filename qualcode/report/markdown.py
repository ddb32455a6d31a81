"""Markdown and HTML from jinja2 templates shipped as package data (a project's templates/
folder overrides them). HTML is autoescaped; undefined names fail loudly (StrictUndefined)."""

from __future__ import annotations

import base64
import re
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from qualcode.errors import InputError
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
    # a project's own templates may come from anyone (a shared thesis template): sandboxed,
    # they read the report's data but reach no Python beyond it (no os, no __globals__)
    kind = Environment if folder is None else SandboxedEnvironment
    env = kind(loader=ChoiceLoader(loaders), undefined=StrictUndefined,
               autoescape=autoescape, keep_trailing_newline=True,
               finalize=None if autoescape else markdown_text)
    env.filters["cell"] = pipe_cell
    env.filters["b64"] = lambda data: base64.b64encode(data).decode("ascii")
    return env


def compile_templates(project_templates: Path | None = None) -> None:
    """Compile both reports' templates now (`qualcode run` does it while it codes)."""
    for name, escaped in zip(TEMPLATES, (False, True)):
        with _template_errors(project_templates, name):
            environment(project_templates, autoescape=escaped).get_template(name)


@contextmanager
def _template_errors(project_templates: Path | None, name: str):
    """A project's template that cannot be read, compiled or rendered as one InputError naming
    the template file and line, not a jinja2 traceback."""
    from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError

    own = Path(project_templates) / name if project_templates else None
    path = own if own is not None and own.is_file() else Path("qualcode/report/templates") / name
    try:
        yield
    except TemplateSyntaxError as exc:
        raise InputError(exc.filename or path, f"template syntax error: {exc.message}", line=exc.lineno) from None
    except TemplateNotFound as exc:
        raise InputError(path, f"the template asks for {exc.name!r}, which is not in its folder") from None
    except TemplateError as exc:
        raise InputError(path, f"template error: {exc}", line=_template_line(exc, path)) from None
    except UnicodeDecodeError:
        raise InputError(path, "a template must be UTF-8 text") from None
    except RecursionError:
        raise InputError(path, "the template calls itself without end") from None
    except (ArithmeticError, LookupError, TypeError, ValueError, AttributeError) as exc:
        line = _template_line(exc, path)
        if line is None:  # raised by our code, not by the template's own expressions
            raise
        raise InputError(path, f"template error: {type(exc).__name__}: {exc}", line=line) from None


def _template_line(exc: BaseException, path: Path) -> int | None:
    """The template's line where rendering failed: jinja2 maps its frames back to the file."""
    line, tb = None, exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == str(path) or tb.tb_frame.f_code.co_filename.endswith(path.name):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


# A `<` that can open HTML in CommonMark: a tag or an autolink (a letter), a closing tag (/),
# a comment or declaration (!), a processing instruction (?). "<0,667" or "< 5" opens none.
_HTML_OPENING = re.compile(r"<(?=[A-Za-z/!?])")


def markdown_text(value):
    """What a Markdown template prints: a `<` that could open HTML as `&lt;`, so a
    transcript's `<script>` or `<b>` reaches a Markdown viewer as the text it was, not as HTML
    (the HTML report escapes it); "<0,667" stays as written, for a reader of the plain file."""
    return _HTML_OPENING.sub("&lt;", value) if isinstance(value, str) else value


def pipe_cell(value) -> str:
    """Text for one cell of a Markdown pipe table: a `|` or a line break in a quote would end it."""
    return " ".join(str(value).split()).replace("|", "\\|")


def render_markdown(view: ReportView, project_templates: Path | None = None) -> str:
    with _template_errors(project_templates, TEMPLATES[0]):
        template = environment(project_templates).get_template(TEMPLATES[0])
        return template.render(view=view, t=view.text)


def render_html(view: ReportView, project_templates: Path | None = None) -> str:
    """One self-contained HTML file; every value from the data is escaped (autoescape on)."""
    with _template_errors(project_templates, TEMPLATES[1]):
        template = environment(project_templates, autoescape=True).get_template(TEMPLATES[1])
        return template.render(view=view, t=view.text)
