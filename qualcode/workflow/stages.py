"""How a long use case reports its stages, without the stages knowing how they are shown."""

from __future__ import annotations

from typing import Callable

# on_stage(name, total) -> advance(n): how the CLI shows progress without stages knowing.
StageHook = Callable[[str, int | None], Callable[[int], None]]


def _quiet(name: str, total: int | None) -> Callable[[int], None]:
    return lambda n: None
