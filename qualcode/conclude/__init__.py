"""Conclusion drawing and verification: pure functions, DataFrames in, dataclasses out."""
