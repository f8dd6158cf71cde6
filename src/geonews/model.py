"""The records that pass between pipeline stages.

Every record is a frozen, slotted dataclass: stages never mutate what they are given.
Coordinates are always named ``lat``/``lon``; conversions to other axis orders live in
:func:`lonlat` and :func:`latlon` so there is exactly one place to get them wrong, and
:func:`round_coordinates` rounds them to the named precisions wherever they are written.
:class:`CandidateSource` is what the resolver asks for places: the embedded gazetteer or
an online geocoder.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Final, Literal, Protocol, overload

#: What a resolved place is. ``landmark`` is a site: a seat of power, an airport, a famous
#: building, monument or ruin (``sites.csv``).
PlaceKind = Literal["country", "region", "county", "city", "landmark", "other"]


def lonlat(lat: float, lon: float) -> list[float]:
    """GeoJSON / shapely axis order."""
    return [lon, lat]


def latlon(lat: float, lon: float) -> list[float]:
    """folium / Leaflet axis order."""
    return [lat, lon]


#: Decimal places of a degree kept where geonews writes coordinates. A degree of
#: latitude is ~111 km, so 5 places are ~1 m: finer than any point a gazetteer gives.
COORDINATE_DECIMALS: Final = 5
#: A resolved place's point in its GeoJSON feature keeps 6 places (~0.1 m); exports
#: round it again to their own ``precision``.
POINT_DECIMALS: Final = 6
#: Country outlines drawn on an article's map keep 4 places (~10 m, under a pixel).
OUTLINE_DECIMALS: Final = 4
#: The drawn world basemap keeps 2 places (~1 km): it is a background at continent scale.
BASEMAP_DECIMALS: Final = 2


@overload
def round_coordinates(coords: float, decimals: int) -> float: ...
@overload
def round_coordinates(coords: Iterable[Any], decimals: int) -> list[Any]: ...
def round_coordinates(coords: Any, decimals: int) -> Any:
    """A coordinate, or nested sequences of them as in GeoJSON, rounded to ``decimals`` places.

    Sequences (tuples too) come back as lists, the way JSON writes them. Anything else
    (a string, ``None``) raises :class:`TypeError`: a geometry with such coordinates is
    malformed.
    """
    if isinstance(coords, int | float):
        return round(float(coords), decimals)
    if isinstance(coords, str | bytes) or not isinstance(coords, Iterable):
        raise TypeError(f"a coordinate must be a number, not {type(coords).__name__}")
    return [round_coordinates(part, decimals) for part in coords]


@dataclass(frozen=True, slots=True)
class Article:
    """A text to geoparse, with where it came from and its language (ISO 639-1)."""

    text: str
    lang: str = "fr"
    title: str | None = None
    source: str = "-"


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of the article that names a place.

    ``start``/``end`` are Python string offsets into the article text. ``sentence_start``
    is the offset of ``sentence`` in the text, so the mention sits at
    ``sentence[start - sentence_start : end - sentence_start]``.
    ``metonym`` marks names that stand for an institution at a place ("le Kremlin");
    ``demonym`` a nationality word standing for its country ("les forces russes"), found
    only when asked for (see :mod:`geonews.demonyms`).
    """

    text: str
    start: int
    end: int
    sentence: str
    sentence_start: int
    label: str = "LOC"
    metonym: bool = False
    demonym: bool = False


@dataclass(frozen=True, slots=True)
class Place:
    """A real place with coordinates, from the embedded gazetteer or a geocoder.

    ``name_count`` is how many distinct names the gazetteer knows the place by, in all
    languages (0 when the source does not say): the world writes about Paris, France
    under 89 names and about Paris, Texas under 11, so it measures how well known a
    place is beyond its size. ``capital`` marks a national capital.
    """

    place_id: str
    name: str
    kind: PlaceKind
    lat: float
    lon: float
    country_code: str | None = None
    population: int = 0
    admin1: str | None = None
    source: str = "gazetteer"
    name_count: int = 0
    capital: bool = False

    @property
    def __geo_interface__(self) -> dict[str, Any]:
        return {"type": "Point", "coordinates": lonlat(self.lat, self.lon)}


#: How many candidates a source returns when the caller does not say: enough for the
#: resolver to weigh every same-named town an article might mean.
CANDIDATE_LIMIT: Final = 50


class CandidateSource(Protocol):
    """Anything that returns the places a name may refer to, best first.

    The embedded :class:`~geonews.gazetteer.Gazetteer` and the online geocoders of
    :mod:`geonews.online` are candidate sources; :func:`geonews.resolve.resolve` asks one.
    """

    def lookup(self, name: str, *, limit: int = CANDIDATE_LIMIT) -> list[Place]: ...


@dataclass(frozen=True, slots=True)
class GeoMention:
    """A mention and the place it was resolved to (``None`` when nothing fits)."""

    mention: Mention
    place: Place | None
    confidence: float = 0.0
    alternatives: tuple[Place, ...] = ()

    @property
    def resolved(self) -> bool:
        return self.place is not None

    @property
    def __geo_interface__(self) -> dict[str, Any]:
        return mention_feature(self)


@dataclass(frozen=True, slots=True)
class Border:
    """A stretch of border named in the article, as a line shared by two countries.

    ``coordinates`` holds the GeoJSON MultiLineString coordinates (lon, lat order).
    """

    mention: Mention
    countries: tuple[str, str]
    length_km: float
    coordinates: tuple[tuple[tuple[float, float], ...], ...]

    @property
    def __geo_interface__(self) -> dict[str, Any]:
        return border_feature(self)


@dataclass(frozen=True, slots=True)
class Focus:
    """A place the article is about, with how strongly (``score``, 0 to 1: its share of
    the weight of every mention) and why (``reasons``: "dateline", "title", "named 4
    times"...). See :mod:`geonews.focus`."""

    place: Place
    score: float
    reasons: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The focus as JSON-ready properties."""
        place = self.place
        return {
            "name": place.name,
            "kind": place.kind,
            "country_code": place.country_code,
            "lat": round_coordinates(place.lat, POINT_DECIMALS),
            "lon": round_coordinates(place.lon, POINT_DECIMALS),
            "place_id": place.place_id,
            "score": round(self.score, 3),
            "reasons": list(self.reasons),
        }


@dataclass(frozen=True, slots=True)
class Result:
    """Everything geoparsing found in one article.

    ``focus`` is what the article is about, most telling first: the finest clear place,
    then the places it sits in ("Bakhmut", "Ukraine"); empty when nothing was placed.
    """

    article: Article
    mentions: tuple[GeoMention, ...]
    borders: tuple[Border, ...] = ()
    stats: dict[str, float] = field(default_factory=dict, compare=False)
    focus: tuple[Focus, ...] = ()

    @property
    def about(self) -> str:
        """The focus in words, for a header: "Bakhmut, Ukraine" ("" when none)."""
        return ", ".join(f.place.name for f in self.focus)

    @property
    def resolved(self) -> tuple[GeoMention, ...]:
        return tuple(m for m in self.mentions if m.place is not None)

    @property
    def unresolved(self) -> tuple[GeoMention, ...]:
        return tuple(m for m in self.mentions if m.place is None)

    @property
    def __geo_interface__(self) -> dict[str, Any]:
        features = [mention_feature(m) for m in self.resolved]
        features += [border_feature(b) for b in self.borders]
        # A foreign member (RFC 7946, 6.1): readers that do not know it skip it.
        return {
            "type": "FeatureCollection",
            "features": features,
            "focus": [f.to_dict() for f in self.focus],
        }


def _mention_properties(mention: Mention) -> dict[str, Any]:
    return {
        "mention": mention.text,
        "start": mention.start,
        "end": mention.end,
        "sentence": mention.sentence,
    }


def mention_feature(geomention: GeoMention) -> dict[str, Any]:
    """One GeoJSON Point feature for a resolved mention (see README, GeoJSON contract)."""
    place = geomention.place
    if place is None:
        raise ValueError(f"mention {geomention.mention.text!r} is not resolved")
    props = _mention_properties(geomention.mention)
    props.update(
        name=place.name,
        kind=place.kind,
        role="demonym" if geomention.mention.demonym else "toponym",
        metonym=geomention.mention.metonym,
        country_code=place.country_code,
        lat=round_coordinates(place.lat, POINT_DECIMALS),
        lon=round_coordinates(place.lon, POINT_DECIMALS),
        confidence=round(geomention.confidence, 3),
        source=place.source,
        place_id=place.place_id,
    )
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": lonlat(props["lat"], props["lon"])},
        "properties": props,
    }


def border_feature(border: Border) -> dict[str, Any]:
    """One GeoJSON MultiLineString feature for a border named in the article."""
    props = _mention_properties(border.mention)
    props.update(
        kind="border",
        countries=list(border.countries),
        length_km=round(border.length_km, 1),
    )
    lines = round_coordinates(border.coordinates, COORDINATE_DECIMALS)
    return {
        "type": "Feature",
        "geometry": {"type": "MultiLineString", "coordinates": lines},
        "properties": props,
    }
