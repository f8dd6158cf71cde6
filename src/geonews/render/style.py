"""Colours, legend labels, the drawn basemap's style and the zoom limit of both map pages.

Marker colours follow the Okabe-Ito palette, which stays tellable apart with colour
blindness. The article page colours a mention by its legend category (:func:`category`);
the corpus page colours a place by its kind, counties sharing the region colour.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from geonews.model import GeoMention

#: Marker colours by map category (Okabe-Ito palette: tells apart with colour blindness).
KIND_COLORS: dict[str, str] = {
    "country": "#0072B2",
    "region": "#009E73",
    "city": "#D55E00",
    "landmark": "#CC79A7",
    "other": "#7F7F7F",
}
#: The legend's name for each category, in legend order.
KIND_LABELS: dict[str, str] = {
    "country": "Country",
    "region": "Region / county",
    "city": "City / town",
    "landmark": "Landmark / metonym",
    "other": "Other place",
}
BORDER_COLOR = "#E69F00"
BASEMAP_FILL = "#d9d9d9"
#: How the drawn basemap (grey land, white coasts and borders) looks on both pages.
BASEMAP_STYLE: dict[str, Any] = {
    "color": "#ffffff",
    "weight": 0.8,
    "fillColor": BASEMAP_FILL,
    "fillOpacity": 1,
}
#: The highest zoom of the map; MarkerCluster needs one even without a tile layer.
MAX_ZOOM = 18


def category(geomention: GeoMention) -> str:
    """The legend category of a resolved mention: metonyms go with landmarks."""
    place = geomention.place
    assert place is not None
    if geomention.mention.metonym or place.kind == "landmark":
        return "landmark"
    if place.kind in ("region", "county"):
        return "region"
    if place.kind in ("country", "city"):
        return place.kind
    return "other"


def color_rules(colors: Mapping[str, str]) -> str:
    """One CSS rule per ``gn-kind-*`` class: its colour and a light tint of it."""
    rules = [
        f".gn-kind-{key} {{ --gn-color: {color}; --gn-tint: {color}22; }}"
        for key, color in colors.items()
    ]
    return "\n".join(rules)


def kind_css() -> str:
    """Colours of the article page's highlights, matching its marker colours."""
    return color_rules({**KIND_COLORS, "border": BORDER_COLOR})


def place_kind_css() -> str:
    """Colours of the corpus page's pins, by place kind (a county is drawn as a region)."""
    return color_rules({**KIND_COLORS, "county": KIND_COLORS["region"]})
