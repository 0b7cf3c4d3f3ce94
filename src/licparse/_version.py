"""The version, importable without importing the parser (for `--version`)."""

__version__ = "0.1.0"
