"""Online geocoders' answers kept on disk (SQLite), so that a re-run sends nothing.

Answers are keyed by geocoder, normalised query and request parameters. "Nothing found"
is an answer and is cached; a failure is not an answer and never reaches the cache.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import re
import sqlite3
import time
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final, get_args

from geonews.errors import GeonewsError
from geonews.model import Place, PlaceKind

log = logging.getLogger(__name__)

_SPACES = re.compile(r"\s+")
_CACHE_SCHEMA_VERSION: Final = 1


def default_cache_path() -> Path:
    """``$XDG_CACHE_HOME/geonews/geocode-cache.sqlite`` (``~/.cache`` when unset)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    # The XDG spec says relative values are invalid and must be ignored.
    root = Path(base) if base and os.path.isabs(base) else Path.home() / ".cache"
    return root / "geonews" / "geocode-cache.sqlite"


def normalise_query(name: str) -> str:
    """Cache key of a query: NFC, case-folded, whitespace collapsed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", name)).strip().casefold()


_PLACE_FIELDS: Final = tuple(f.name for f in dataclasses.fields(Place))
_PLACE_KINDS: Final = frozenset(get_args(PlaceKind))


def _place_to_json(place: Place) -> dict[str, Any]:
    return {name: getattr(place, name) for name in _PLACE_FIELDS}


def _place_from_json(item: Mapping[str, Any]) -> Place:
    if set(item) != set(_PLACE_FIELDS) or item["kind"] not in _PLACE_KINDS:
        raise ValueError(f"not a cached place: {item!r}")
    return Place(**item)


class GeocodeCache:
    """Answers of online geocoders on disk, keyed by (geocoder, query, parameters).

    Every write is its own transaction, so an interrupted run keeps what it had fetched.
    An unreadable row counts as a miss and is overwritten by the next answer.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, timeout=10.0)
        except (OSError, sqlite3.Error) as error:
            raise GeonewsError(f"cannot open the geocode cache {path}: {error}") from error
        try:
            self._migrate()
        except sqlite3.Error as error:
            self._db.close()
            raise GeonewsError(
                f"the geocode cache {path} is unreadable ({error}); delete it or choose "
                "another file with --geocode-cache"
            ) from error

    def _migrate(self) -> None:
        (version,) = self._db.execute("PRAGMA user_version").fetchone()
        with self._db:
            if version != _CACHE_SCHEMA_VERSION:
                self._db.execute("DROP TABLE IF EXISTS answers")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS answers ("
                " geocoder TEXT NOT NULL, query TEXT NOT NULL, params TEXT NOT NULL,"
                " places TEXT NOT NULL, fetched_at REAL NOT NULL,"
                " PRIMARY KEY (geocoder, query, params))"
            )
            self._db.execute(f"PRAGMA user_version = {_CACHE_SCHEMA_VERSION}")

    def get(self, geocoder: str, query: str, params: str) -> list[Place] | None:
        """The cached answer (possibly empty), or ``None`` when there is none."""
        try:
            row = self._db.execute(
                "SELECT places FROM answers WHERE geocoder = ? AND query = ? AND params = ?",
                (geocoder, query, params),
            ).fetchone()
        except sqlite3.Error as error:
            log.warning("geocode cache %s unreadable (%s); asking %s", self.path, error, geocoder)
            return None
        if row is None:
            return None
        try:
            return [_place_from_json(item) for item in json.loads(row[0])]
        except (ValueError, TypeError, KeyError) as error:
            log.debug("ignoring a bad geocode cache row for %r: %s", query, error)
            return None

    def put(self, geocoder: str, query: str, params: str, places: list[Place]) -> None:
        payload = json.dumps([_place_to_json(p) for p in places], ensure_ascii=False)
        try:
            with self._db:
                self._db.execute(
                    "INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?)",
                    (geocoder, query, params, payload, time.time()),
                )
        except sqlite3.Error as error:
            log.warning("could not write the geocode cache %s: %s", self.path, error)

    def close(self) -> None:
        self._db.close()
