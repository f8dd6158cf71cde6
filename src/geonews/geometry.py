"""Shapes: the borders an article talks about, computed from country outlines.

The words come from the article's :class:`~geonews.lexicon.Lexicon` (border words, and
what may stand between the countries listed); the code knows that a border phrase is
followed by a list of countries, and how to draw and measure what they share.

"les points de passage frontaliers avec la Lituanie, la Pologne ou la Lettonie", said of
Belarus, names three stretches of border. :func:`find_borders` finds such phrases (a
border word followed by a list of countries) and returns one :class:`Border` per
neighbour: the line the two outlines share, with its great-circle length on the mean
Earth sphere (:mod:`geonews.distance`).
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from geonews.distance import great_circle_km
from geonews.model import BASEMAP_DECIMALS, Border, GeoMention, Mention, round_coordinates

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

    from geonews.lexicon import Lexicon

log = logging.getLogger(__name__)

Outline = Callable[[str], "BaseGeometry | None"]


def find_borders(
    text: str,
    geomentions: Sequence[GeoMention],
    outline: Outline,
    *,
    lexicon: Lexicon,
) -> list[Border]:
    """Borders named by phrases like "frontière avec la Pologne" or "border with Chad".

    The phrases are the ``lexicon``'s: its border words, then a word that introduces the
    neighbours ("avec", "with"), matched case-insensitively.
    """
    countries = [g for g in geomentions if g.place is not None and g.place.kind == "country"]
    borders: list[Border] = []
    for match in lexicon.border_trigger.finditer(text):
        listed = _listed_after(text, match.end(), countries, lexicon)
        if not listed:
            continue
        between = match.group().lower().rstrip().endswith(lexicon.border_between)
        if between and len(listed) >= 2:
            subject, neighbours = listed[0], listed[1:]
        else:
            found = _subject_before(match.start(), countries, listed, outline)
            if found is None:
                continue
            subject, neighbours = found, listed
        phrase = _phrase(text, match.start(), neighbours[-1].mention.end, neighbours[0])
        for neighbour in neighbours:
            border = shared_border(subject, neighbour, phrase, outline)
            if border is not None:
                borders.append(border)
    return borders


def _listed_after(
    text: str, offset: int, countries: Sequence[GeoMention], lexicon: Lexicon
) -> list[GeoMention]:
    """The countries listed right after ``offset``: "avec la Lituanie, la Pologne ou…".

    Before the first may stand an article; between two, commas, a joining word ("ou",
    "and") and an article.
    """
    listed: list[GeoMention] = []
    cursor, gap = offset, lexicon.border_lead_gap
    for g in countries:
        if g.mention.start < cursor:
            continue
        if not gap.match(text[cursor : g.mention.start]):
            break
        listed.append(g)
        cursor, gap = g.mention.end, lexicon.border_list_gap
    return listed


def _subject_before(
    offset: int, countries: Sequence[GeoMention], listed: Sequence[GeoMention], outline: Outline
) -> GeoMention | None:
    """The country whose border it is: the nearest earlier country that touches the first
    neighbour ("en Biélorussie … frontaliers avec la Lituanie")."""
    first = listed[0].place
    assert first is not None and first.country_code is not None
    neighbour_shape = outline(first.country_code)
    if neighbour_shape is None:
        return None
    seen: set[str] = set()
    for g in reversed([c for c in countries if c.mention.end <= offset]):
        assert g.place is not None
        code = g.place.country_code
        if code is None or code in seen or code == first.country_code:
            continue
        seen.add(code)
        shape = outline(code)
        if shape is not None and shape.buffer(0.05).intersects(neighbour_shape):
            return g
        if len(seen) >= 4:  # too far back to be what the phrase is about
            break
    return None


def _phrase(text: str, start: int, end: int, first: GeoMention) -> Mention:
    sentence_start = first.mention.sentence_start
    sentence_end = sentence_start + len(first.mention.sentence)
    return Mention(
        text=text[start:end],
        start=start,
        end=end,
        sentence=text[sentence_start:sentence_end],
        sentence_start=sentence_start,
        label="border",
    )


def shared_border(a: GeoMention, b: GeoMention, phrase: Mention, outline: Outline) -> Border | None:
    """The line two countries' outlines share, or ``None`` if they do not touch."""
    assert a.place is not None and b.place is not None
    code_a, code_b = a.place.country_code, b.place.country_code
    if not code_a or not code_b or code_a == code_b:
        return None
    shape_a, shape_b = outline(code_a), outline(code_b)
    if shape_a is None or shape_b is None:
        return None
    line = border_line(shape_a, shape_b)
    if line is None:
        log.info("%s and %s share no border in the outlines; not drawing one", code_a, code_b)
        return None
    coords = tuple(tuple((float(x), float(y)) for x, y in part.coords) for part in _parts(line))
    return Border(
        mention=phrase,
        countries=(code_a, code_b),
        length_km=line_length_km(coords),
        coordinates=coords,
    )


def border_line(shape_a: BaseGeometry, shape_b: BaseGeometry) -> BaseGeometry | None:
    """The boundary two polygons share, as merged lines; ``None`` if they do not touch."""
    import shapely

    shared = shapely.intersection(shape_a.boundary, shape_b.boundary, grid_size=None)
    lines = shapely.line_merge(_only_lines(shared)) if not shared.is_empty else None
    if lines is None or lines.is_empty or lines.length == 0:
        # Outlines digitised separately may not share vertices: take the part of A's
        # boundary that runs within ~1 km of B.
        near = shape_a.boundary.intersection(shape_b.buffer(0.01))
        lines = shapely.line_merge(_only_lines(near)) if not near.is_empty else None
    if lines is None or lines.is_empty or lines.length == 0:
        return None
    return lines


def _only_lines(geometry: BaseGeometry) -> Any:
    from shapely.geometry import MultiLineString

    parts = [g for g in getattr(geometry, "geoms", [geometry]) if g.geom_type == "LineString"]
    parts += [
        line
        for g in getattr(geometry, "geoms", [geometry])
        if g.geom_type == "MultiLineString"
        for line in g.geoms
    ]
    return MultiLineString(parts)


def _parts(line: BaseGeometry) -> list[Any]:
    return list(getattr(line, "geoms", [line]))


def line_length_km(lines: Sequence[Sequence[tuple[float, float]]]) -> float:
    """Length of (lon, lat) polylines in km, summing great-circle segment lengths."""
    total = 0.0
    for line in lines:
        for (lon1, lat1), (lon2, lat2) in itertools.pairwise(line):
            total += great_circle_km(lat1, lon1, lat2, lon2)
    return total


def country_outlines(codes: Sequence[str], outline: Outline) -> dict[str, dict[str, Any]]:
    """The outlines of these countries as GeoJSON geometries, at full resolution.

    Countries without an outline are left out. A map lightens them for display with
    :func:`display_outline`; border lengths are measured on the shapes themselves.
    """
    from shapely.geometry import mapping

    shapes = {}
    for code in dict.fromkeys(codes):
        shape = outline(code)
        if shape is not None:
            shapes[code] = mapping(shape)
    return shapes


#: An article's map draws outlines simplified to ~2 km (under a pixel up to zoom 6),
#: without islets under ~0.05 square degrees: Russia or the United States from Natural
#: Earth 10m otherwise weigh hundreds of kilobytes each in the page.
OUTLINE_TOLERANCE_DEG = 0.02
OUTLINE_MIN_PART_DEG2 = 0.05


def display_outline(geometry: Mapping[str, Any]) -> dict[str, Any]:
    """A country's outline lightened for an article's map: simplified, without its islets.

    The one place outlines are simplified for drawing (once, at
    :data:`OUTLINE_TOLERANCE_DEG`); border lengths are measured on the full outlines. A
    geometry shapely cannot read is returned as given.
    """
    try:
        from shapely.geometry import MultiPolygon, mapping, shape

        simple = shape(geometry).simplify(OUTLINE_TOLERANCE_DEG, preserve_topology=True)
        if simple.geom_type == "MultiPolygon":
            # Thousands of islets (the Arctic, Alaska) are invisible at country scale.
            parts = sorted(simple.geoms, key=lambda part: part.area, reverse=True)
            kept = [p for p in parts if p.area >= OUTLINE_MIN_PART_DEG2] or parts[:1]
            simple = MultiPolygon(kept)
        if not simple.is_empty:
            return {"type": simple.geom_type, "coordinates": mapping(simple)["coordinates"]}
    except (ValueError, TypeError, AttributeError) as exc:  # malformed: draw it as given
        log.debug("cannot simplify a %s outline: %s", geometry.get("type"), exc)
    return dict(geometry)


#: The drawn basemap is a background at continent scale: outlines simplified together to
#: ~25 km, islands under ~0.3 square degrees left out, coordinates to ~1 km. All 239
#: countries weigh ~180 KB.
BASEMAP_TOLERANCE_DEG = 0.25
BASEMAP_MIN_PART_DEG2 = 0.3


def basemap_outlines(outlines: Mapping[str, BaseGeometry]) -> dict[str, dict[str, Any]]:
    """Every country's outline coarsened for the drawn basemap, as GeoJSON geometries.

    The outlines are simplified as one coverage, so neighbours keep one shared edge and
    no sea shows between them, as it would if each were simplified on its own. Each
    country keeps its largest part however small (Malta, Singapore).
    """
    import shapely
    from shapely.geometry import MultiPolygon, Polygon, mapping

    codes, kept = [], []
    for code, shape in sorted(outlines.items()):
        parts = sorted(
            (p for p in getattr(shape, "geoms", [shape]) if isinstance(p, Polygon)),
            key=lambda p: -p.area,
        )
        large = [p for p in parts if p.area >= BASEMAP_MIN_PART_DEG2] or parts[:1]
        if large:
            codes.append(code)
            kept.append(MultiPolygon(large))
    coarse = {}
    for code, simple in zip(
        codes, shapely.coverage_simplify(kept, BASEMAP_TOLERANCE_DEG), strict=True
    ):
        if not simple.is_empty:
            geometry = mapping(simple)
            coarse[code] = {
                "type": geometry["type"],
                "coordinates": round_coordinates(geometry["coordinates"], BASEMAP_DECIMALS),
            }
    return coarse
