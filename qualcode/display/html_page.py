"""One display as a page of its own (`display show --format html`): worded as `display show`
prints it and as its XLSX is, code labels for ids, its notes below, autoescaped. For a
supervisor to open in a browser; the report's HTML has every display in context."""

from __future__ import annotations

from functools import lru_cache
from numbers import Number

from jinja2 import Environment, PackageLoader, StrictUndefined

from qualcode.conclude.wording import fixed
from qualcode.display.base import Display
from qualcode.display.export import worded_table
from qualcode.display.wording import words as sheet_words


@lru_cache(maxsize=1)
def _template():
    env = Environment(loader=PackageLoader("qualcode", "display/templates"), undefined=StrictUndefined,
                      autoescape=True, keep_trailing_newline=True)
    return env.get_template("display.html.j2")


def display_page(display: Display, language: str, labels: dict, project: str, description: str = "") -> str:
    """The page's HTML: the display's kind as title, the project's description (what its
    corpus is: an illustrative one says so on every page that may be printed alone), its table
    worded in `language`, notes."""
    header, rows, notes = worded_table(display, language, labels)
    kind = sheet_words(language).get(f"display_kind_{display.kind}", display.kind)
    percent = display.kind == "prevalence"
    return _template().render(
        language=language, project=project, name=display.name, title=kind[:1].upper() + kind[1:],
        description=description, header=["" if column is None else str(column) for column in header],
        rows=[[_cell(value, percent, language) for value in row] for row in rows], notes=list(notes))


def _cell(value, percent: bool, language: str = "en") -> dict:
    if value is None or value != value:  # None or NaN: an empty cell
        return {"text": "", "number": False}
    if isinstance(value, Number) and not isinstance(value, bool):
        if percent:
            return {"text": f"{value:.0%}", "number": True}
        if float(value).is_integer():
            return {"text": f"{int(value)}", "number": True}
        return {"text": fixed(float(value), language), "number": True}  # 0,14 in Indonesian
    return {"text": str(value), "number": False}
