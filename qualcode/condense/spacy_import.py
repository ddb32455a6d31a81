"""Importing spaCy without importing its command line.

`import spacy` runs `from .cli.info import info`, which imports the whole of spaCy's own
command line (every `spacy ...` command, typer, weasel and its project tooling) only to
offer `spacy.info`. That is about a quarter of a second, a third of importing spaCy, on
every qualcode command that tokenises, for code qualcode never runs.

`import_spacy` imports spaCy with a stand-in for `spacy.cli.info` in `sys.modules` while
`spacy/__init__.py` runs, then takes the stand-in out again, so a later
`import spacy.cli` gets the real package. `spacy.info` still works: the stand-in's `info`
imports the real one when it is called. Should a spaCy release want more of
`spacy.cli.info` than `info`, the import is simply done again the ordinary way.
"""

from __future__ import annotations

import sys
import types

CLI_INFO = "spacy.cli.info"


def import_spacy() -> types.ModuleType:
    """The `spacy` package, imported without its command line when not yet imported."""
    loaded = sys.modules.get("spacy")
    if loaded is not None:
        return loaded
    stand_in = None
    if CLI_INFO not in sys.modules:
        stand_in = sys.modules[CLI_INFO] = _stand_in()
    try:
        import spacy
    except ImportError:
        if stand_in is None:
            raise
        _forget(stand_in)
        sys.modules.pop("spacy", None)  # half made by the failed import: made again below
        import spacy
    finally:
        _forget(stand_in)
    return spacy


def _stand_in() -> types.ModuleType:
    module = types.ModuleType(CLI_INFO, "Stands in for spaCy's CLI module while spaCy is imported.")
    module.info = _info
    return module


def _forget(stand_in: types.ModuleType | None) -> None:
    if stand_in is not None and sys.modules.get(CLI_INFO) is stand_in:
        del sys.modules[CLI_INFO]


def _info(*args, **kwargs):
    """spaCy's `spacy.info`, imported when it is first called."""
    from spacy.cli.info import info

    return info(*args, **kwargs)
