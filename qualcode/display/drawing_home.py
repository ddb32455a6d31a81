"""Where matplotlib keeps its settings and font cache, settled before it is imported.

matplotlib writes them under the home folder; where that is missing or read-only (a locked
lab account, a container) it warns on every run, in the middle of `qualcode report`'s output.
qualcode then names a folder of its own in the system's temporary folder, which matplotlib
fills once and reuses."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def settle() -> None:
    """Set MPLCONFIGDIR when the user has not and matplotlib's own folder cannot be written."""
    if os.environ.get("MPLCONFIGDIR"):
        return
    try:
        home = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "matplotlib"
        home.mkdir(parents=True, exist_ok=True)
        if os.access(home, os.W_OK):
            return
    except (OSError, RuntimeError):  # no home at all, or one that cannot be made
        pass
    own = Path(tempfile.gettempdir()) / f"qualcode-matplotlib-{os.getuid() if hasattr(os, 'getuid') else 'user'}"
    try:
        own.mkdir(mode=0o700, exist_ok=True)
    except OSError:
        return  # matplotlib's own fallback, and its warning, then
    os.environ["MPLCONFIGDIR"] = str(own)
