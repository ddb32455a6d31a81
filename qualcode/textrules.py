"""Characters no report can hold, in text that is not a transcript's.

XML, so DOCX and XLSX, refuses control characters, noncharacters and lone surrogates.
A transcript's control characters are refused when it is read (`qualcode.ingest.decode`),
and its form feeds are whitespace that quotes flatten. Other text can still carry them: a
YAML escape such as "\\x07" in a codebook, front matter or summary (`qualcode.yamlerrors`),
or a command-line argument, where Python keeps bytes that were not UTF-8 as lone surrogates
(`qualcode.cli.common`), which SQLite refuses too.
"""

import re

UNUSABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
# A name (a coder's) is one line: no line break or tab either, nor C1 controls (U+0085 is a
# line break too), nor the Unicode line and paragraph separators.
UNUSABLE_IN_NAME = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")

# Text a spreadsheet would take for a formula (CSV or XLSX opened in Excel or LibreOffice):
# `=HYPERLINK(…)` in a transcript must stay text.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"


def neutralise(value):
    """One value made safe for a spreadsheet: text that could start a formula gets an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return ESCAPE + value
    return value


def cell_text(text: str) -> str:
    """Text as a workbook cell holds it: without what XML cannot carry, a CR made LF (as the
    CSV has it; a cell's CR is written as the escape `_x000D_`, which not every reader turns
    back)."""
    text = UNUSABLE.sub("", text)
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def natural_key(text: str) -> tuple:
    """A sort key that reads the numbers in `text` as numbers: row-2 before row-10."""
    parts = re.split(r"(\d+)", text)  # text, then number and text in turn
    return tuple(int(part) if odd else part for odd, part in ((i % 2, p) for i, p in enumerate(parts)))


# How a whole number's thousands are marked: 2.970 in Indonesian, 2,970 in English.
THOUSANDS_MARKS = {"id": ".", "en": ","}


def with_thousands(value: int, mark: str) -> str:
    """A whole number with its thousands marked by `mark` (THOUSANDS_MARKS, or a wording's)."""
    return f"{int(value):,}".replace(",", mark)


def did_you_mean(word: str, known, n: int = 3) -> str:
    """' (did you mean a, b?)' for the nearest known names (at most `n`), or nothing."""
    import difflib

    by_fold = {str(k).casefold(): k for k in known}  # COM-WARGA is com-warga typed in capitals
    close = [by_fold[k] for k in difflib.get_close_matches(str(word).casefold(), list(by_fold), n=n)]
    return f" (did you mean {', '.join(close)}?)" if close else ""


# Indonesian collective numbers: "keempat strategi", all four strategies
_COLLECTIVE_ID = {2: "kedua", 3: "ketiga", 4: "keempat", 5: "kelima", 6: "keenam", 7: "ketujuh",
                  8: "kedelapan", 9: "kesembilan", 10: "kesepuluh"}


def collective(language: str, n: int) -> str:
    """"All n" before a noun: Indonesian keempat (all four), else semua 12; English both, all 4."""
    if language == "id":
        return _COLLECTIVE_ID.get(n, f"semua {n}")
    return "both" if n == 2 else f"all {n}"
