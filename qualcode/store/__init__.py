"""The project store: the only package that speaks SQL."""

from qualcode.store.db import Store, IngestOutcome

__all__ = ["Store", "IngestOutcome"]
