"""The ``geonews`` command line: thin commands over the library."""

from geonews.cli.main import cli, main

__all__ = ["cli", "main"]
