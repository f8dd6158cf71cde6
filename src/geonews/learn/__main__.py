"""``python -m geonews.learn``: see :mod:`geonews.learn`."""

from geonews.learn.cli import main

main()
