"""geonews: find the places a news article names and put every mention on a map."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("geonews")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = ["__version__"]
