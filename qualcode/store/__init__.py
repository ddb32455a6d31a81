"""The project store: the only package that speaks SQL."""

from qualcode.store.db import IngestOutcome, Orphan, Store

__all__ = ["Store", "IngestOutcome", "Orphan"]
