"""A geopy geocoder that answers from the embedded gazetteer, with no network.

It follows geopy's contract so it drops in wherever an online geocoder would go (a
``RateLimiter``, a fallback chain): :meth:`EmbeddedGeocoder.geocode` returns a
:class:`geopy.location.Location`, a list of them when ``exactly_one=False``, and
``None`` (never ``[]``) when nothing matches. :meth:`EmbeddedGeocoder.reverse` returns
the nearest town.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from geopy.adapters import BaseSyncAdapter
from geopy.exc import GeocoderQueryError, GeocoderServiceError
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from geonews.gazetteer.store import Gazetteer, open_gazetteer
from geonews.model import Place

__all__ = ["EmbeddedGeocoder"]

_QUALIFIER_KINDS = ("country", "region")


class _NoNetworkAdapter(BaseSyncAdapter):  # type: ignore[misc]
    """geopy's base class wants an HTTP adapter; this one refuses every request."""

    def get_json(self, url: str, *, timeout: float, headers: dict[str, str]) -> Any:
        raise GeocoderServiceError(f"EmbeddedGeocoder makes no HTTP requests ({url})")

    def get_text(self, url: str, *, timeout: float, headers: dict[str, str]) -> str:
        raise GeocoderServiceError(f"EmbeddedGeocoder makes no HTTP requests ({url})")


class EmbeddedGeocoder(Geocoder):  # type: ignore[misc]
    """Geocode place names offline against the embedded gazetteer.

    Parameters
    ----------
    gazetteer
        An open :class:`Gazetteer` (left open by :meth:`close`), a path to one, or
        ``None`` for the default gazetteer. Paths are opened, and built if missing, on
        the first query, so constructing the geocoder is instant and does no I/O.

    Examples
    --------
    >>> geocoder = EmbeddedGeocoder(gazetteer)  # doctest: +SKIP
    >>> geocoder.geocode("Bakhmout").point  # doctest: +SKIP
    Point(48.59441, 38.00028, 0.0)
    """

    def __init__(self, gazetteer: Gazetteer | Path | str | None = None) -> None:
        super().__init__(adapter_factory=_NoNetworkAdapter)
        self._gazetteer: Gazetteer | None = None
        self._path: Path | None = None
        if isinstance(gazetteer, Gazetteer):
            self._gazetteer = gazetteer
        elif gazetteer is not None:
            self._path = Path(gazetteer)
        self._owned = self._gazetteer is None
        self._names: dict[tuple[str, str | None], str | None] = {}

    @property
    def gazetteer(self) -> Gazetteer:
        """The gazetteer answering queries, opened on first use."""
        if self._gazetteer is None:
            self._gazetteer = open_gazetteer(self._path)
        return self._gazetteer

    def close(self) -> None:
        """Close the gazetteer if this geocoder opened it."""
        if self._owned and self._gazetteer is not None:
            self._gazetteer.close()
            self._gazetteer = None

    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        limit: int | None = None,
        country_codes: str | Iterable[str] | None = None,
        timeout: float | None = None,
    ) -> Location | list[Location] | None:
        """Find places named ``query``, best first.

        ``query`` is a name ("Kiev", "Quai d'Orsay") or a name followed by
        comma-separated countries or regions that must contain it ("Alexandria,
        Louisiana", "Paris, Texas, USA"). ``country_codes`` keeps only places in those
        ISO alpha-2 countries. ``timeout`` is accepted for geopy compatibility and
        ignored: nothing here waits on a network.
        """
        if not isinstance(query, str) or not query.strip():
            raise GeocoderQueryError("query must be a non-empty place name")
        if limit is not None and limit < 1:
            raise ValueError("limit must be a positive integer")
        wanted = 1 if exactly_one else (limit or 50)
        codes = _country_set(country_codes)

        places = self._candidates(query.strip(), codes)[:wanted]
        if not places:
            return None
        locations = [self._location(place) for place in places]
        return locations[0] if exactly_one else locations

    def reverse(
        self,
        query: Point | tuple[float, float] | str,
        *,
        exactly_one: bool = True,
        timeout: float | None = None,
    ) -> Location | list[Location] | None:
        """The town nearest to a (lat, lon) point, or ``None`` beyond ~500 km."""
        try:
            point = Point(query)
        except (TypeError, ValueError) as exc:
            raise GeocoderQueryError(f"not a point: {query!r}") from exc
        place = self.gazetteer.nearest_city(point.latitude, point.longitude)
        if place is None:
            return None
        location = self._location(place)
        return location if exactly_one else [location]

    def _candidates(self, query: str, codes: set[str] | None) -> list[Place]:
        gazetteer = self.gazetteer
        # Filters apply after the lookup, so fetch enough to leave some after them.
        depth = 50 if codes is None else 1000
        places = gazetteer.lookup(query, limit=depth)
        if not places and "," in query:
            head, *qualifiers = (part.strip() for part in query.split(","))
            places = [
                place
                for place in gazetteer.lookup(head, limit=1000)
                if all(self._within(place, qualifier) for qualifier in qualifiers if qualifier)
            ]
        if codes is not None:
            places = [place for place in places if place.country_code in codes]
        return places

    def _within(self, place: Place, qualifier: str) -> bool:
        for area in self.gazetteer.lookup(qualifier):
            if area.kind not in _QUALIFIER_KINDS or area.country_code != place.country_code:
                continue
            if area.kind == "country" or area.admin1 == place.admin1:
                return True
        return False

    def _area_name(self, country_code: str, admin1: str | None) -> str | None:
        key = (country_code, admin1)
        if key not in self._names:
            area = (
                self.gazetteer.region(country_code, admin1)
                if admin1
                else self.gazetteer.country(country_code)
            )
            self._names[key] = area.name if area else None
        return self._names[key]

    def _location(self, place: Place) -> Location:
        parts = [place.name]
        if place.country_code and place.kind != "country":
            if place.kind == "city" and place.admin1:
                parts.append(self._area_name(place.country_code, place.admin1) or "")
            parts.append(self._area_name(place.country_code, None) or place.country_code)
        address = ", ".join(part for part in parts if part)
        return Location(address, (place.lat, place.lon), dataclasses.asdict(place))


def _country_set(country_codes: str | Iterable[str] | None) -> set[str] | None:
    if country_codes is None:
        return None
    if isinstance(country_codes, str):
        return {country_codes.upper()}
    return {code.upper() for code in country_codes}
