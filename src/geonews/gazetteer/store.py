"""Read-only access to a compiled gazetteer: candidate lookup, countries, regions, outlines.

Opening costs one small query (the metadata), not a scan: every lookup goes through an
index, so a geoparsing run pays only for the names it looks up.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from geonews.closing import Closing
from geonews.distance import great_circle_km
from geonews.errors import GazetteerError
from geonews.gazetteer.build import SCHEMA_VERSION
from geonews.gazetteer.names import exact_key, normalize_name
from geonews.model import CANDIDATE_LIMIT, Place, PlaceKind

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry
    from shapely.prepared import PreparedGeometry

log = logging.getLogger(__name__)

_REBUILD_HINT = "run `geonews gazetteer build` to rebuild it"

_COLUMNS = (
    "place_id, name, kind, lat, lon, country_code, population, admin1, source, name_count, capital"
)
_LOOKUP = f"""
SELECT {_COLUMNS} FROM place
WHERE id IN (SELECT place FROM alias WHERE key IN (?, ?))
ORDER BY kind_rank, rank_population DESC, id
LIMIT ?
"""


def default_gazetteer_path() -> Path:
    """Where the gazetteer lives unless told otherwise.

    ``$GEONEWS_GAZETTEER`` when set, else ``$XDG_CACHE_HOME/geonews/`` (``~/.cache``
    when unset). The file name carries the schema version, so a release with a new
    layout builds a new file instead of misreading the old one.
    """
    explicit = os.environ.get("GEONEWS_GAZETTEER")
    if explicit:
        return Path(explicit).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache).expanduser() / "geonews" / f"gazetteer-v{SCHEMA_VERSION}.sqlite"


def _place(row: tuple[Any, ...]) -> Place:
    place_id, name, kind, lat, lon, country_code, population, admin1, source, names, capital = row
    return Place(
        place_id=place_id,
        name=name,
        kind=cast(PlaceKind, kind),
        lat=lat,
        lon=lon,
        country_code=country_code,
        population=population,
        admin1=admin1,
        source=source,
        name_count=names,
        capital=bool(capital),
    )


class Gazetteer(Closing):
    """A compiled gazetteer opened read-only.

    Safe to share between threads for reading. Use as a context manager, or call
    :meth:`close`.

    Raises
    ------
    GazetteerError
        When the file is missing, is not a gazetteer, or has another schema version.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise GazetteerError(f"no gazetteer at {self.path}: {_REBUILD_HINT}")
        self._outlines: dict[str, BaseGeometry | None] = {}
        self._areas: dict[str, PreparedGeometry | None] = {}
        self._basemap: dict[str, dict[str, Any]] | None = None
        try:
            self._db = sqlite3.connect(
                f"{self.path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise GazetteerError(f"cannot open the gazetteer {self.path}: {exc}") from exc
        try:
            self._meta = dict(self._db.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.Error as exc:
            self._db.close()
            raise GazetteerError(
                f"the gazetteer {self.path} is unreadable or corrupt ({exc}): {_REBUILD_HINT}"
            ) from exc
        found = self._meta.get("schema_version")
        if found != str(SCHEMA_VERSION):
            self._db.close()
            raise GazetteerError(
                f"the gazetteer {self.path} has schema version {found}, this geonews reads "
                f"version {SCHEMA_VERSION}: {_REBUILD_HINT}"
            )

    def _query(self, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        try:
            return self._db.execute(sql, params).fetchall()
        except sqlite3.ProgrammingError as exc:
            raise GazetteerError(f"the gazetteer {self.path} is closed") from exc
        except sqlite3.Error as exc:
            raise GazetteerError(
                f"reading the gazetteer {self.path} failed ({exc}): {_REBUILD_HINT}"
            ) from exc

    def lookup(self, name: str, *, limit: int = CANDIDATE_LIMIT) -> list[Place]:
        """Every place called ``name``, best first.

        Names match whatever their accents, case, apostrophes or hyphens ("Etats-Unis"
        finds the United States); abbreviations ("La.", "US") only as written. Countries
        come first, then regions, seats of power and towns, each by population; a region
        named like a town at least as big as its own towns ("Moscou", "Kiev" for Kyiv
        Oblast) comes right after that town.

        >>> [p.country_code for p in gazetteer.lookup("Biélorussie")][:1]  # doctest: +SKIP
        ['BY']
        """
        key = normalize_name(name)
        if not key:
            return []
        rows = self._query(_LOOKUP, (key, exact_key(name), limit))
        return [_place(row) for row in rows]

    def extends(self, words: str) -> bool:
        """Whether some name the gazetteer knows begins with ``words`` and goes on
        ("Kuala" for Kuala Lumpur; not "Paris said"): one index range query."""
        key = normalize_name(words)
        if not key:
            return False
        rows = self._query(
            "SELECT 1 FROM alias WHERE key > ? AND key < ? LIMIT 1",
            (key + " ", key + " \U0010ffff"),
        )
        return bool(rows)

    def get(self, place_id: str) -> Place | None:
        """The place with this identifier ("geonames:524901", "curated:kremlin")."""
        rows = self._query(f"SELECT {_COLUMNS} FROM place WHERE place_id = ?", (place_id,))
        return _place(rows[0]) if rows else None

    def country(self, code: str) -> Place | None:
        """The country with ISO alpha-2 ``code``, placed at its Natural Earth label point."""
        rows = self._query(
            f"SELECT {_COLUMNS} FROM place WHERE kind = 'country' AND country_code = ?",
            (code.upper(),),
        )
        return _place(rows[0]) if rows else None

    def region(self, country_code: str, admin1: str) -> Place | None:
        """The first-level region with this GeoNames admin1 code (``("US", "LA")``)."""
        rows = self._query(
            f"SELECT {_COLUMNS} FROM place "
            "WHERE kind = 'region' AND country_code = ? AND admin1 = ?",
            (country_code.upper(), admin1),
        )
        return _place(rows[0]) if rows else None

    def nearest_city(self, lat: float, lon: float) -> Place | None:
        """The town nearest to (``lat``, ``lon``), or ``None`` if none is within ~500 km."""
        import math

        best: tuple[float, tuple[Any, ...]] | None = None
        for radius in (0.1, 0.5, 2.0, 5.0):
            dlon = radius / max(math.cos(math.radians(lat)), 0.01)
            rows = self._query(
                f"SELECT {_COLUMNS} FROM place WHERE kind = 'city' "
                "AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?",
                (lat - radius, lat + radius, lon - dlon, lon + dlon),
            )
            for row in rows:
                distance = great_circle_km(lat, lon, row[3], row[4])
                if best is None or distance < best[0]:
                    best = (distance, row)
            # Only a hit inside the inscribed circle is sure to be the nearest.
            if best is not None and best[0] <= radius * 111.0 * 0.99:
                break
        return _place(best[1]) if best is not None else None

    def outline(self, country_code: str) -> BaseGeometry | None:
        """The country's Natural Earth 10m outline as a shapely geometry (cached)."""
        code = country_code.upper()
        if code not in self._outlines:
            from shapely import wkb

            rows = self._query("SELECT wkb FROM outline WHERE country_code = ?", (code,))
            self._outlines[code] = wkb.loads(rows[0][0]) if rows else None
        return self._outlines[code]

    def members(self, place_id: str) -> tuple[str, ...]:
        """The countries a place is made of: a country itself, a continent's or a
        grouping's members ("grouping:middle-east"); none for anything else."""
        rows = self._query(
            "SELECT country_code FROM member WHERE place_id = ? ORDER BY country_code", (place_id,)
        )
        return tuple(code for (code,) in rows)

    def holds(self, place: Place, lat: float, lon: float) -> bool | None:
        """Whether (``lat``, ``lon``) lies inside a place made of countries (a country, a
        continent, a grouping), by their Natural Earth outlines; ``None`` when the place
        is not made of countries (a town, a region, a sea)."""
        if place.place_id not in self._areas:
            from shapely.ops import unary_union
            from shapely.prepared import prep

            shapes = [self.outline(code) for code in self.members(place.place_id)]
            found = [shape for shape in shapes if shape is not None]
            self._areas[place.place_id] = prep(unary_union(found)) if found else None
        area = self._areas[place.place_id]
        if area is None:
            return None
        from shapely.geometry import Point

        return bool(area.covers(Point(lon, lat)))

    def basemap(self) -> dict[str, dict[str, Any]]:
        """Every country's coarse outline (ISO code -> GeoJSON geometry) for a drawn basemap."""
        import json

        if self._basemap is None:
            rows = self._query("SELECT country_code, geojson FROM basemap", ())
            self._basemap = {code: json.loads(text) for code, text in rows}
        return self._basemap

    def metadata(self) -> dict[str, str]:
        """Build time, source versions, counts, licences and attribution."""
        return dict(self._meta)

    def close(self) -> None:
        """Close the database; later lookups raise :class:`GazetteerError`."""
        self._db.close()

    def __repr__(self) -> str:
        return f"Gazetteer({str(self.path)!r})"


def open_gazetteer(
    path: Path | None = None,
    *,
    build_if_missing: bool = True,
    progress: Callable[[str, int, int], None] | None = None,
) -> Gazetteer:
    """Open the gazetteer at ``path`` (default: :func:`default_gazetteer_path`).

    A missing file is built first (about a minute for the full default build) unless
    ``build_if_missing`` is false.

    Raises
    ------
    GazetteerError
        When the file is missing and not built, cannot be built, or is corrupt.
    """
    target = Path(path) if path is not None else default_gazetteer_path()
    if not target.exists():
        if not build_if_missing:
            raise GazetteerError(f"no gazetteer at {target}: run `geonews gazetteer build`")
        from geonews.gazetteer.build import build_gazetteer

        log.info("no gazetteer at %s yet: building it once from the installed sources", target)
        build_gazetteer(target, progress=progress)
    return Gazetteer(target)


def metonym_aliases() -> dict[str, str]:
    """Normalised alias -> canonical name of every curated seat of power.

    >>> metonym_aliases()["quai d orsay"]
    "Quai d'Orsay"
    """
    from geonews.gazetteer.sources import read_metonyms

    return {normalize_name(alias): row.name for row in read_metonyms() for alias in row.aliases}
