"""qualcode: terminal-first qualitative analysis after Miles, Huberman and Saldana."""

__version__ = "0.1.0"
