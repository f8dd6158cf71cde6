"""One error root for everything geonews reports to a user.

The CLI catches :class:`GeonewsError` and prints its message with exit code 1; anything
else is a bug and keeps its traceback.
"""

from __future__ import annotations


class GeonewsError(Exception):
    """Base class of every error geonews expects and explains."""


class InputError(GeonewsError, ValueError):
    """The article cannot be read: missing, empty, binary, too large, undecodable."""


class GazetteerError(GeonewsError):
    """The embedded gazetteer is missing, corrupt or cannot be built."""


class ModelError(GeonewsError):
    """A spaCy model is not installed or cannot be loaded."""


class GeocoderServiceError(GeonewsError):
    """An online geocoder failed (timeout, rate limit, bad answer) after its retries."""


class OutputError(GeonewsError, OSError):
    """An output file cannot be written, or would overwrite a file geonews did not write."""


class LexiconError(GeonewsError, ValueError):
    """A language's lexicon file has an unknown key, a value of the wrong type or a bad
    pattern."""
