"""The data layers of the article map, as GeoJSON: mentions, borders, outlines, land.

Popups and tooltips travel as feature properties, built and escaped here, so the page
binds them with one small ``onEachFeature`` instead of one folium ``Popup`` per mention
(0.5 s and 1.2 MB per 1,000 mentions). Geometries keep only their type and coordinates,
so no stray string of a source reaches the page.
"""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from geonews.model import OUTLINE_DECIMALS, Result, lonlat, round_coordinates
from geonews.render.escape import escape_text
from geonews.render.popups import FOCUS_NOTE, border_popup, counted, mention_popup
from geonews.render.style import BORDER_COLOR, KIND_COLORS, category

log = logging.getLogger(__name__)

_GEOMETRY_TYPES = {"Polygon", "MultiPolygon", "LineString", "MultiLineString", "Point"}
_TEMPLATE_SYNTAX = re.compile(r"\{[{%#]")


def place_numbers(result: Result) -> dict[str, int]:
    """A small number per distinct place, in order of first mention.

    The page links markers and text by these numbers rather than by gazetteer ids, so no
    gazetteer string has to travel unescaped through the page's JavaScript.
    """
    numbers: dict[str, int] = {}
    for gm in result.resolved:
        assert gm.place is not None
        numbers.setdefault(gm.place.place_id, len(numbers))
    return numbers


def bounds(result: Result) -> list[list[float]] | None:
    """South-west and north-east corners ([lat, lon]) around every place and border."""
    lats: list[float] = []
    lons: list[float] = []
    for gm in result.resolved:
        assert gm.place is not None
        lats.append(gm.place.lat)
        lons.append(gm.place.lon)
    for border in result.borders:
        for line in border.coordinates:
            for lon, lat in line:
                lats.append(lat)
                lons.append(lon)
    if not lats:
        return None
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def mention_features(result: Result, *, demonyms: bool = False) -> list[dict[str, Any]]:
    """One GeoJSON point per resolved mention, with its popup and tooltip as properties:
    the place names, or with ``demonyms`` only the nationality words (their own layer).
    The ``focus`` property marks mentions of a place the article is about (its focus)."""
    per_place = Counter(gm.place.place_id for gm in result.resolved if gm.place is not None)
    numbers = place_numbers(result)
    focus = {f.place.place_id for f in result.focus}
    seen: Counter[str] = Counter()
    features = []
    for index, gm in enumerate(result.mentions):
        place = gm.place
        if place is None:
            continue
        seen[place.place_id] += 1
        if gm.mention.demonym != demonyms:
            continue
        count = per_place[place.place_id]
        is_focus = place.place_id in focus
        tooltip = (
            f"{escape_text(gm.mention.text)} → {escape_text(place.name)}"
            f" · {counted(count, 'mention')}{' · ' + FOCUS_NOTE if is_focus else ''}"
        )
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": lonlat(place.lat, place.lon)},
                "properties": {
                    "index": index,
                    "place": numbers[place.place_id],
                    "popup": mention_popup(gm, index, seen[place.place_id], count, focus=is_focus),
                    "tooltip": tooltip,
                    "category": category(gm),
                    "focus": is_focus,
                },
            }
        )
    return features


def border_features(result: Result) -> list[dict[str, Any]]:
    """One GeoJSON line per border the article names, with its popup and tooltip."""
    features = []
    for index, border in enumerate(result.borders):
        names = " – ".join(escape_text(code) for code in border.countries)
        features.append(
            {
                "type": "Feature",
                "geometry": border.__geo_interface__["geometry"],
                "properties": {
                    "index": index,
                    "popup": border_popup(border, index),
                    "tooltip": f"Border {names} · {border.length_km:,.0f} km",
                    "style": {"color": BORDER_COLOR, "weight": 6, "opacity": 0.9},
                },
            }
        )
    return features


def country_mentions(result: Result) -> dict[str, tuple[str, int]]:
    """ISO code -> (country name, number of mentions) for every country mentioned."""
    names: dict[str, str] = {}
    counts: Counter[str] = Counter()
    for gm in result.resolved:
        place = gm.place
        assert place is not None
        if place.kind == "country" and place.country_code:
            names.setdefault(place.country_code, place.name)
            counts[place.country_code] += 1
    return {code: (names[code], counts[code]) for code in names}


def outline_features(
    countries: Mapping[str, tuple[str, int]], outlines: Mapping[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    """The outline of every mentioned country that has one, lightened for display."""
    features = []
    for code, (name, count) in countries.items():
        raw = outlines.get(code)
        geometry = clean_geometry(raw) if raw is not None else None
        if geometry is None:
            log.debug("no outline for %s", code)
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": geometry,
                "properties": {
                    "tooltip": f"{escape_text(name)} · {counted(count, 'mention')}",
                    "style": {
                        "color": KIND_COLORS["country"],
                        "weight": 1.5,
                        "fillColor": KIND_COLORS["country"],
                        "fillOpacity": 0.08,
                    },
                },
            }
        )
    return features


def basemap_collection(land: Mapping[str, dict[str, Any]]) -> dict[str, Any]:
    """Grey land, one feature per country, for the page to draw under everything else.

    ``land`` is normally the gazetteer's coarse world
    (:func:`geonews.geometry.basemap_outlines`): it is only checked and copied here.
    Both pages style it (:data:`~geonews.render.style.BASEMAP_STYLE`), so features carry
    geometry alone.
    """
    geometries = (clean_geometry(geometry, simplify=False) for _, geometry in sorted(land.items()))
    features = [{"type": "Feature", "geometry": g, "properties": {}} for g in geometries if g]
    return {"type": "FeatureCollection", "features": features}


def collection(features: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """A FeatureCollection for folium, checked free of Jinja syntax (see :func:`escape_text`)."""
    checked = {"type": "FeatureCollection", "features": list(features)}
    if _TEMPLATE_SYNTAX.search(json.dumps(checked)):
        raise ValueError("layer data holds unescaped template syntax: a value missed escaping")
    return checked


def clean_geometry(geometry: Mapping[str, Any], *, simplify: bool = True) -> dict[str, Any] | None:
    """A light copy of an outline for display: type and coordinates only, rounded.

    Only the type and the numbers are kept, so no stray string of the source reaches the
    page. ``simplify`` lightens a full-resolution outline
    (:func:`geonews.geometry.display_outline`); borders are measured elsewhere on the
    full outlines, this only draws them.
    """
    kind = geometry.get("type")
    if kind not in _GEOMETRY_TYPES or "coordinates" not in geometry:
        log.warning("skipping an outline that is not a simple GeoJSON geometry: %r", kind)
        return None
    clean: dict[str, Any] = {"type": kind, "coordinates": geometry["coordinates"]}
    if simplify:
        from geonews.geometry import display_outline

        clean = display_outline(clean)
    try:
        clean["coordinates"] = round_coordinates(clean["coordinates"], OUTLINE_DECIMALS)
    except (TypeError, ValueError) as exc:
        log.warning("skipping an outline with non-numeric coordinates: %s", exc)
        return None
    return clean
