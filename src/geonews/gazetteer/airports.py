"""Airports, as news names them: "Heathrow", "Ben Gurion airport", "JFK" spelled out.

From the ``airportsdata`` package (MIT; compiled from public airport lists, with
coordinates), the airports that have an IATA code: those airlines fly to. Each is a
place of kind ``landmark`` in its country, answering to its full name ("London Heathrow
Airport"), that name without "International", its core ("London Heathrow", "Charles de
Gaulle") and the core without the town it serves ("Heathrow", "O'Hare"), and either
with "Airport". A one-word name stands alone only for a big city's airport named with
the city ("London Heathrow"), by a word few airport names share: words many share say
what kind of airport ("City", "Central"). A short name some town of the airport's
country already has ("Dubai", "Boryspil") is left to the town: the news means the town,
and the airport is beside it anyway. IATA codes are not names here: three capitals
collide with acronyms ("CIA" is Ciampino).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Mapping

from geonews.gazetteer.names import normalize_name
from geonews.gazetteer.sources import PlaceRecord, package_version

#: A word in more airport names than this says what kind of airport ("City",
#: "Regional", "Central"), not which one ("Heathrow", "Schiphol" are in one name each).
_COMMON_IN_NAMES = 3
#: A city this big has an airport the news names by one word.
_BIG_CITY = 500_000
# "Amsterdam Airport Schiphol": the name after the word.
_INVERTED = re.compile(r"^.*?\bAirport\s+(\S.*)$", re.IGNORECASE)
_SUFFIX = re.compile(
    r"\s+(?:International\s+|Intercontinental\s+|Regional\s+|Municipal\s+)?"
    r"(?:Airport|Airfield|Air\s+Base|Aerodrome)$",
    re.IGNORECASE,
)


def airport_names(name: str, city: str) -> list[str]:
    """The names an airport answers to (see the module docstring), the full ones first.

    >>> airport_names("London Heathrow Airport", "London")
    ['London Heathrow Airport', 'London Heathrow', 'Heathrow', 'Heathrow Airport']
    >>> airport_names("Amsterdam Airport Schiphol", "Amsterdam")
    ['Amsterdam Airport Schiphol', 'Schiphol', 'Schiphol Airport']
    """
    names = [name, re.sub(r"\s+International\s+Airport$", " Airport", name)]
    inverted = _INVERTED.match(name)
    core = inverted.group(1) if inverted else _SUFFIX.sub("", name).strip()
    if core and core != name:
        names.append(core)
        short = core
        if city and core.startswith(city + " ") and len(core) > len(city) + 2:
            short = core[len(city) + 1 :]
            names.append(short)
        names.append(f"{short} Airport")
    return list(dict.fromkeys(names))


def airport_records(
    codes: Collection[str],
    taken: Collection[tuple[str, str]],
    towns: Mapping[tuple[str, str], int],
) -> list[PlaceRecord]:
    """Airports with an IATA code in the countries ``codes``. ``taken`` holds (normalised
    name, country code) of the places already in the gazetteer: a short name a place of
    the airport's own country has is left out (the full names always stay). ``towns``
    gives the population of each (normalised name, country code) town: an airport's
    population is its town's, a ranking hint (Heathrow serves London, not a hamlet)."""
    import airportsdata

    table = airportsdata.load("IATA")
    # How many airport names each word is in, the world over.
    spread = Counter(
        word for row in table.values() for word in {w.casefold() for w in row["name"].split()}
    )
    records = []
    for iata, row in sorted(table.items()):
        if row["country"] not in codes or not row["name"]:
            continue
        name, city = row["name"].strip(), (row.get("city") or "").strip()
        country = row["country"]
        population = towns.get((normalize_name(city), country), 0)
        full = {name, re.sub(r"\s+International\s+Airport$", " Airport", name)}
        kept = [
            n
            for n in airport_names(name, city)
            if n in full
            or (
                (normalize_name(n), country) not in taken
                and (" " in n or _known_by_itself(n, name, city, population, spread))
            )
        ]
        records.append(
            PlaceRecord(
                place_id=f"iata:{iata}",
                name=name,
                kind="landmark",
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                country_code=row["country"],
                admin1=None,
                population=population,
                source=f"airportsdata {package_version('airportsdata')} (IATA {iata})",
                names=kept,
            )
        )
    return records


def _known_by_itself(
    short: str, name: str, city: str, population: int, spread: Mapping[str, int]
) -> bool:
    """Whether one word can name the airport alone ("Heathrow", "Schiphol", "O'Hare"):
    the airport of a big city, named with that city ("London Heathrow"), by a word few
    airport names share. Words many share say what kind of airport ("London City",
    "Central"), and alone name none. (A distinctive word can still be a surname:
    "Wilson" is Nairobi's airport; recognition weighs that, not the gazetteer.)"""
    distinctive = spread.get(short.casefold(), 0) <= _COMMON_IN_NAMES
    return population >= _BIG_CITY and bool(city) and city in name and distinctive
