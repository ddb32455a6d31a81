"""What the people in the data are called in the texts qualcode writes for people.

Interviews have informants (informan). A survey's answers or a complaint archive's messages,
a table's rows, have respondents (responden): an Indonesian thesis calls them so, and a
report that called 53 survey respondents "informan" would have to be edited by hand. A
project whose every source is a table's row is worded with respondents; any interview,
document or field note among its sources keeps informants.

The wording catalogues (the report's, the conclusions', the displays' and their notes) pass
their texts through `for_people`; a command sets `RESPONDENTS` for what it writes
(`respondents_only`), in the context it runs in, so the setting never outlives it.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator

RESPONDENTS: ContextVar[bool] = ContextVar("respondents", default=False)

# Whole words only, and never a placeholder such as {informants} or {informants_total}
_EDGE_BEFORE, _EDGE_AFTER = r"(?<![{\w])", r"(?![}\w])"
_RESPONDENT_WORDS = {
    # and with its clitic: "separuh informannya", half of its informants
    "id": ((re.compile(_EDGE_BEFORE + "informan" + r"(?=(?:nya)?" + _EDGE_AFTER + ")"), "responden"),
           (re.compile(_EDGE_BEFORE + "Informan" + r"(?=(?:nya)?" + _EDGE_AFTER + ")"), "Responden")),
    "en": tuple((re.compile(_EDGE_BEFORE + word + _EDGE_AFTER), said) for word, said in (
        ("informants", "respondents"), ("Informants", "Respondents"),
        ("informant", "respondent"), ("Informant", "Respondent"),
        ("inf", "resp"))),  # a summary table's "5 seg / 1 of 14 inf"
}


def for_people_text(text: str, language: str) -> str:
    """`text` with informants called respondents, where RESPONDENTS is set."""
    if not RESPONDENTS.get() or language not in _RESPONDENT_WORDS:
        return text
    for pattern, word in _RESPONDENT_WORDS[language]:
        text = pattern.sub(word, text)
    return text


def for_people(texts: dict[str, str], language: str) -> dict[str, str]:
    """A wording catalogue as `for_people_text` words each of its texts."""
    if not RESPONDENTS.get() or language not in _RESPONDENT_WORDS:
        return texts
    return {key: for_people_text(text, language) if isinstance(text, str) else text
            for key, text in texts.items()}


@contextmanager
def called(respondents: bool) -> Iterator[None]:
    """Word what is written inside the block with respondents (or informants)."""
    token = RESPONDENTS.set(respondents)
    try:
        yield
    finally:
        RESPONDENTS.reset(token)
