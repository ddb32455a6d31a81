"""A display's table as its sheet shows it to people, in a language.

The table a display function builds keeps what scripts need (its CSV): code ids in the
headers, fixed column names (case, role, sources…), English marks in the cells. A sheet of
the XLSX workbook says the same in the report's language, as the report's own tables do:

- code ids in the headers and row labels become their labels (no id: the sheet is read,
  the CSV keeps the ids);
- fixed column names, and roles and source types (as values of a `role` or `source_type`
  column, or as the groups heading a display's columns), take the report's words;
- the accounting log's partial / missing, the checklist's ratings and the summary table's
  `5 seg / 1 of 1 inf` are worded; ✓ and † stay.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from qualcode.display.accounting import MISSING, NO_CASE, PARTIAL
from qualcode.display.base import Display
from qualcode.display.checklist import OVERRIDE_MARK, RATINGS
from qualcode.display.coded import NO_GROUP
from qualcode.display.wording import words
from qualcode.report.i18n import term
from qualcode.textrules import with_thousands

HEADER_WORDS = ("case", "role", "source_type", "sources", "code", "component", "row", "total")
VALUE_COLUMNS = ("role", "source_type")  # data values the report's catalogue has words for
CODE_ROWS = ("code", "component")        # row labels under these are code ids
ACCOUNTING_FIXED = ("case", "source_type", "sources")
# the checklist's cell: a rating, and for an override the rating the rule computed
_RATING = re.compile(rf"^({'|'.join(RATINGS)})(?:{OVERRIDE_MARK} \(computed: ({'|'.join(RATINGS)})\))?")
# the summary table's cell: `5 seg`, or `5 seg / 3 of 4 inf`
_COUNTS = re.compile(r"^(\d+) seg(?: / (\d+) of (\d+) inf)?$")


def worded_rows(display: Display, header: list, rows: list[list], language: str,
                labels: Mapping[str, str]) -> tuple[list, list[list]]:
    """`header` (the row labels' name, then the columns) and `rows` (each row's label, then
    its cells) of `display`, as its sheet shows them in `language`."""
    w = words(language)
    names = [str(name) for name in header]
    grouped = display.parameters.get("column_values") in VALUE_COLUMNS
    worded_header = [w[names[0]] if names[0] in HEADER_WORDS else names[0]]
    own_only = set(display.parameters.get("own_only", ()))
    worded_header += [_column(name, w, labels, grouped) + (w["own_only"] if name in own_only else "")
                      for name in names[1:]]
    values = [p for p, name in enumerate(names) if p and name in VALUE_COLUMNS]
    cases = [p for p, name in enumerate(names) if p and name == "case"]
    marked = [p for p in range(1, len(names))
              if display.kind != "accounting" or names[p] not in ACCOUNTING_FIXED]
    mark = _marker(display.kind, w)
    out = []
    for row in rows:
        row = list(row)
        for p in values:
            # an informant without a role is "tanpa peran", as in the report's case matrix,
            # not a group of no value ("(tanpa nilai)")
            row[p] = term(w, None if row[p] == NO_GROUP and names[p] == "role" else row[p])
        for p in cases:
            row[p] = w[NO_CASE] if row[p] == NO_CASE else row[p]
        if mark is not None:
            for p in marked:
                if isinstance(row[p], str):
                    row[p] = mark(row[p])
        own = names[0] in CODE_ROWS and row[0] in own_only  # a code's row, as its column is headed
        row[0] = _row_label(row, names, w, labels, display.kind) + (w["own_only"] if own else "")
        out.append(row)
    return worded_header, out


def _column(name: str, w: dict, labels: Mapping[str, str], grouped: bool) -> str:
    if name in HEADER_WORDS:
        return w[name]
    if name == NO_GROUP:
        return w[NO_GROUP]
    if grouped:  # a role, not the code of the same id (legislature is both in the demo)
        return term(w, name)
    return labels.get(name, name)


def _row_label(row: list, names: list[str], w: dict, labels: Mapping[str, str], kind: str):
    label = row[0]
    if names[0] in CODE_ROWS:
        return labels.get(label, label)
    if names[0] in VALUE_COLUMNS:
        return term(w, label)
    if kind == "accounting":  # "case/source_type", from the row's own (worded) cells
        return f"{row[names.index('case')]}/{row[names.index('source_type')]}"
    return w[NO_GROUP] if label == NO_GROUP else label


def _marker(kind: str, w: dict):
    """What words a cell of this kind of display, or None when its cells have no marks."""
    if kind == "accounting":
        return lambda text: w[text] if text in (PARTIAL, MISSING) else text
    if kind == "checklist":
        return lambda text: _rating(text, w)
    if kind == "summary_table":
        return lambda text: _counts(text, w)
    return None


def _rating(text: str, w: dict) -> str:
    found = _RATING.match(text)
    if not found:
        return text
    rating, computed = found.groups()
    worded = w[rating] + (f"{OVERRIDE_MARK} ({w['computed']}: {w[computed]})" if computed else "")
    return worded + text[found.end():]


def _counts(text: str, w: dict) -> str:
    found = _COUNTS.match(text)
    if not found:
        return text
    segments, informants, total = found.groups()

    def number(digits: str) -> str:  # a survey's counts run to thousands: 18.720 segmen
        return with_thousands(int(digits), w["thousands"])

    worded = f"{number(segments)} {w['seg']}"
    if informants is not None:
        worded += f" / {number(informants)} {w['of']} {number(total)} {w['inf']}"
    return worded
