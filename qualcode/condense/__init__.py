"""Data condensation: language pipelines, the deductive auto-coder, review logic."""
