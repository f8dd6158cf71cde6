"""GeoNames towns for the gazetteer: which lists to read, and their records.

The default build reads cities500. Its towns of under 1,000 people that cities1000 leaves
out are marked :data:`~geonews.gazetteer.names.SMALL_TOWN_SOURCE`: a reading for a name
the text places ("Churchill, Man."), never evidence that a word is a name. Regions are
placed and sized from cities1000 at least, so a coarse or a fine town list places them
alike.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from functools import cache
from typing import Any

from geonews.gazetteer import sources
from geonews.gazetteer.names import SMALL_TOWN_SOURCE, clean_names
from geonews.gazetteer.sources import PlaceRecord

#: The town list whose towns make words names, and that places regions.
LISTED = "1000"


def read_towns(
    threshold: str, codes: Collection[str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], frozenset[int] | None]:
    """The towns to write, the towns that place and size regions (cities1000 at least),
    and when the first list is finer than cities1000, the ids of cities1000's towns."""
    cities = [c for c in sources.read_cities(threshold) if c["countrycode"] in codes]
    if threshold == LISTED:
        return cities, cities, None
    listed = [c for c in sources.read_cities(LISTED) if c["countrycode"] in codes]
    finer = int(threshold) < int(LISTED)
    return cities, listed, frozenset(int(c["geonameid"]) for c in listed) if finer else None


@cache
def airport_codes() -> frozenset[str]:
    """The IATA and ICAO codes of the world's airports, which GeoNames lists among the
    alternate names of the towns they serve ("DAC" for Dhaka, "GOP" for Gorakhpur).

    A code is no name the news gives a town, and as one it turns acronyms into places:
    on the evaluation corpora 25 false positives ("the DAC", "GOP senators", "CNN"
    reporting: Dhaka, Gorakhpur, Kannur). Airports answer to their names, not their
    codes, for the same reason (:mod:`geonews.gazetteer.airports`).
    """
    import airportsdata

    by_icao = airportsdata.load("ICAO")
    return frozenset(by_icao) | frozenset(a["iata"] for a in by_icao.values() if a["iata"])


def city_records(
    cities: Iterable[dict[str, Any]],
    threshold: str,
    listed: Collection[int] | None,
    capitals: Collection[int] = (),
) -> Iterable[PlaceRecord]:
    """Town records; with ``listed`` (cities1000's ids), the other towns are marked
    :data:`SMALL_TOWN_SOURCE`."""
    source = f"GeoNames cities{LISTED if listed is not None else threshold}"
    codes = airport_codes()
    for city in cities:
        small = listed is not None and int(city["geonameid"]) not in listed
        name = str(city["name"])
        alternates = [a for a in city.get("alternatenames") or [] if a not in codes]
        yield PlaceRecord(
            place_id=f"geonames:{city['geonameid']}",
            name=name,
            kind="city",
            lat=float(city["latitude"]),
            lon=float(city["longitude"]),
            country_code=str(city["countrycode"]) or None,
            admin1=str(city["admin1code"] or "") or None,
            population=int(city["population"] or 0),
            source=SMALL_TOWN_SOURCE if small else source,
            names=clean_names([name, *alternates]),
            capital=int(city["geonameid"]) in capitals,
        )
