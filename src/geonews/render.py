"""Turn a :class:`~geonews.model.Result` into one HTML page: a Leaflet map beside the article.

The page holds a folium map with one marker per resolved mention (clustered, spiderfied at
the highest zoom so mentions of one place stay reachable one by one), the outlines of the
countries mentioned, the borders the article names, a legend, a layer control, and a reader
panel with the article text in which every mention is a clickable highlight.

Everything that comes from the article, the gazetteer or a geocoder is hostile input: it is
HTML-escaped by :func:`escape_text` before it reaches the page, including the characters
that would end or interpolate a JavaScript template string (folium puts popup HTML in one).

Mention popups are not folium ``Popup`` objects (0.5 s and 1.2 MB per 1,000 mentions) but
properties of one ``GeoJson`` layer, bound to each marker by a small ``onEachFeature``.
"""

from __future__ import annotations

import functools
import html
import json
import logging
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

from geonews.errors import InputError
from geonews.model import Border, GeoMention, Mention, Place, Result, lonlat

if TYPE_CHECKING:
    import folium
    from branca.element import Figure

__all__ = ["KIND_COLORS", "escape_text", "render_html"]

log = logging.getLogger(__name__)

#: Marker colours by map category (Okabe-Ito palette: tells apart with colour blindness).
KIND_COLORS: dict[str, str] = {
    "country": "#0072B2",
    "region": "#009E73",
    "city": "#D55E00",
    "landmark": "#CC79A7",
    "other": "#7F7F7F",
}
_KIND_LABELS = {
    "country": "Country",
    "region": "Region / county",
    "city": "City / town",
    "landmark": "Landmark / metonym",
    "other": "Other place",
}
BORDER_COLOR = "#E69F00"
BASEMAP_FILL = "#d9d9d9"
#: The highest zoom of the map; MarkerCluster needs one even without a tile layer.
MAX_ZOOM = 18
#: How much of a sentence to show on each side of a mention in a popup.
_CONTEXT_CHARS = 240
_POPUP_MAX_WIDTH = 360

_GENERATOR_META = '<meta name="generator" content="geonews">'

# (module of the xstatic package, file) for each library a self-contained page inlines.
_LEAFLET_JS = ("xstatic.pkg.leaflet", "leaflet.js")
_LEAFLET_CSS = ("xstatic.pkg.leaflet", "leaflet.css")
_CLUSTER_JS = ("xstatic.pkg.leaflet_markercluster", "leaflet.markercluster.js")
_CLUSTER_CSS = ("xstatic.pkg.leaflet_markercluster", "MarkerCluster.css")
_CLUSTER_DEFAULT_CSS = ("xstatic.pkg.leaflet_markercluster", "MarkerCluster.Default.css")

# The minified markercluster file carries no banner; its MIT licence asks for the notice.
_CLUSTER_NOTICE = (
    "Leaflet.markercluster 1.4.1, https://github.com/Leaflet/Leaflet.markercluster, "
    "(c) 2012 David Leaver, MIT licence"
)

# The same libraries from a CDN when the page need not be self-contained. The versions are
# those of the xstatic packages, so both modes run the same code.
_CDN_JS = [
    ("leaflet", "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"),
]
_CDN_CSS = [
    ("leaflet_css", "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css"),
]
_CDN_CLUSTER_JS = [
    (
        "markerclusterjs",
        "https://cdn.jsdelivr.net/npm/leaflet.markercluster@1.4.1/dist/leaflet.markercluster.js",
    ),
]
_CDN_CLUSTER_CSS = [
    (
        "markerclustercss",
        "https://cdn.jsdelivr.net/npm/leaflet.markercluster@1.4.1/dist/MarkerCluster.css",
    ),
    (
        "markerclusterdefaultcss",
        "https://cdn.jsdelivr.net/npm/leaflet.markercluster@1.4.1/dist/MarkerCluster.Default.css",
    ),
]

# Shown when a mention has no resolved place but still needs a line in the reader.
_NOT_PLACED = "not placed on the map"

# onEachFeature for mentions, borders and outlines: the popup and tooltip HTML were built
# (and escaped) in Python and travel as feature properties.
_BIND_DETAILS_JS = f"""function (feature, layer) {{
    var p = feature.properties;
    if (p.popup) {{ layer.bindPopup(p.popup, {{maxWidth: {_POPUP_MAX_WIDTH}}}); }}
    if (p.tooltip) {{ layer.bindTooltip(p.tooltip, {{sticky: !p.popup}}); }}
}}"""

# Mention markers are DivIcon markers, not CircleMarkers: Leaflet.markercluster 1.4.1 can
# only zoom to and spiderfy layers that have an icon (zoomToShowLayer checks ``_icon``).
# No PNG is loaded; the colour comes from the gn-kind-* class shared with the text.
_MENTION_MARKER_JS = """function (feature, latlng) {
    return L.marker(latlng, {
        icon: L.divIcon({className: "gn-pin gn-kind-" + feature.properties.category,
                         iconSize: [16, 16]}),
        alt: "",
        riseOnHover: true
    });
}"""


def escape_text(text: str) -> str:
    """Escape text for HTML that folium may also place inside a JavaScript template string.

    ``html.escape`` covers ``< > & " '``. The backslash, backtick and dollar sign become
    character references because folium 0.20 wraps popup and tooltip HTML in a template
    string, where ``${...}`` or a backslash before a backtick would run. Braces become
    character references because branca compiles each element's *rendered* script as a
    Jinja template again: ``{{ ... }}`` in layer data is evaluated as Python-side template
    code (server-side template injection), ``{%`` breaks the render.

    >>> escape_text("<b>${x}</b>")
    '&lt;b&gt;&#36;&#123;x&#125;&lt;/b&gt;'
    """
    return (
        html.escape(text, quote=True)
        .replace("\\", "&#92;")
        .replace("`", "&#96;")
        .replace("$", "&#36;")
        .replace("{", "&#123;")
        .replace("}", "&#125;")
    )


def _json_for_script(data: Any, *, compact: bool = False) -> str:
    """JSON safe to embed in a ``<script>`` element: no ``</script>``, no ``<!--``."""
    separators = (",", ":") if compact else None
    return (
        json.dumps(data, ensure_ascii=False, sort_keys=True, separators=separators)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _category(geomention: GeoMention) -> str:
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


def _mention_offsets(mention: Mention) -> tuple[int, int] | None:
    """Where the mention sits in its sentence, or ``None`` when the offsets disagree."""
    start = mention.start - mention.sentence_start
    end = mention.end - mention.sentence_start
    if 0 <= start < end <= len(mention.sentence):
        return start, end
    found = mention.sentence.find(mention.text) if mention.text else -1
    if found >= 0:
        return found, found + len(mention.text)
    return None


def _highlighted_sentence(mention: Mention) -> str:
    """The mention's sentence, escaped, with the mention in ``<mark>`` and long sides cut."""
    sentence = mention.sentence
    offsets = _mention_offsets(mention)
    if offsets is None:
        head = sentence[: 2 * _CONTEXT_CHARS]
        cut = "…" if len(sentence) > len(head) else ""
        return f"<mark>{escape_text(mention.text)}</mark> — {escape_text(head)}{cut}"
    start, end = offsets
    before = sentence[max(0, start - _CONTEXT_CHARS) : start]
    after = sentence[end : end + _CONTEXT_CHARS]
    lead = "…" if start > _CONTEXT_CHARS else ""
    tail = "…" if end + _CONTEXT_CHARS < len(sentence) else ""
    return (
        f"{lead}{escape_text(before)}<mark>{escape_text(sentence[start:end])}</mark>"
        f"{escape_text(after)}{tail}"
    )


@functools.cache
def country_name(code: str | None) -> str:
    """The English name of a country with its ISO code ("Ukraine (UA)"), from CLDR."""
    if not code:
        return "–"
    from babel import Locale

    name = Locale("en").territories.get(code.upper())
    return f"{name} ({code})" if name else code


def _describe_place(place: Place) -> str:
    country = f", {place.country_code}" if place.country_code else ""
    return (
        f"{escape_text(place.name)} ({escape_text(place.kind)}{escape_text(country)}) "
        f"{place.lat:.4f}, {place.lon:.4f}"
    )


def _row(label: str, value_html: str) -> str:
    return f"<tr><th>{label}</th><td>{value_html}</td></tr>"


def _mention_popup(geomention: GeoMention, index: int, ordinal: int, count: int) -> str:
    """Popup HTML for one resolved mention; every value from the data is escaped."""
    place = geomention.place
    assert place is not None
    mention = geomention.mention
    rows = [
        _row("Place", escape_text(place.name)),
        _row("Kind", escape_text(place.kind)),
        _row("Country", escape_text(country_name(place.country_code))),
        _row("Coordinates", f"{place.lat:.4f}, {place.lon:.4f}"),
        _row("Confidence", f"{geomention.confidence:.2f}"),
        _row("Metonym", "yes" if mention.metonym else "no"),
        _row("Mention", f"{ordinal} of {count} of this place"),
        _row("Source", escape_text(place.source)),
    ]
    parts = [
        f'<div class="gn-popup" data-mention-index="{index}">',
        f'<p class="gn-sentence">{_highlighted_sentence(mention)}</p>',
        f"<table>{''.join(rows)}</table>",
    ]
    if geomention.confidence < 0.5 and geomention.alternatives:
        items = "".join(f"<li>{_describe_place(alt)}</li>" for alt in geomention.alternatives)
        parts.append(f'<div>Other candidates:<ol class="gn-alts">{items}</ol></div>')
    parts.append("</div>")
    return "".join(parts)


def _border_popup(border: Border, index: int) -> str:
    a, b = (escape_text(code) for code in border.countries)
    rows = [
        _row("Border", f"{a} – {b}"),
        _row("Length", f"{border.length_km:,.0f} km"),
    ]
    return (
        f'<div class="gn-popup" data-border-index="{index}">'
        f'<p class="gn-sentence">{_highlighted_sentence(border.mention)}</p>'
        f"<table>{''.join(rows)}</table></div>"
    )


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


@dataclass(frozen=True, slots=True)
class _Span:
    """A highlighted stretch of the article text in the reader panel."""

    start: int
    end: int
    attrs: dict[str, str]
    classes: str
    title: str
    clickable: bool


def _place_numbers(result: Result) -> dict[str, int]:
    """A small number per distinct place, in order of first mention.

    The page links markers and text by these numbers rather than by gazetteer ids, so no
    gazetteer string has to travel unescaped through the page's JavaScript.
    """
    numbers: dict[str, int] = {}
    for gm in result.resolved:
        assert gm.place is not None
        numbers.setdefault(gm.place.place_id, len(numbers))
    return numbers


def _reader_spans(result: Result) -> list[_Span]:
    """Mentions and border mentions to highlight, in text order, longest first on a tie."""
    text = result.article.text
    numbers = _place_numbers(result)
    candidates: list[_Span] = []
    for index, gm in enumerate(result.mentions):
        m = gm.mention
        if not (0 <= m.start < m.end <= len(text)):
            continue
        if gm.place is None:
            candidates.append(
                _Span(
                    m.start,
                    m.end,
                    {"data-mention-index": str(index)},
                    "gn-mention gn-unplaced",
                    _NOT_PLACED,
                    clickable=False,
                )
            )
            continue
        category = _category(gm)
        candidates.append(
            _Span(
                m.start,
                m.end,
                {"data-mention-index": str(index), "data-place": str(numbers[gm.place.place_id])},
                f"gn-mention gn-kind-{category}",
                f"{gm.place.name} ({gm.place.kind})",
                clickable=True,
            )
        )
    # Borders named by one phrase ("la frontière avec la Lituanie, la Pologne ou la
    # Lettonie") share one highlight that opens them all.
    by_phrase: dict[tuple[int, int], list[int]] = {}
    for index, border in enumerate(result.borders):
        m = border.mention
        if 0 <= m.start < m.end <= len(text):
            by_phrase.setdefault((m.start, m.end), []).append(index)
    for (start, end), indexes in by_phrase.items():
        pairs = ", ".join(" – ".join(result.borders[i].countries) for i in indexes)
        candidates.append(
            _Span(
                start,
                end,
                {"data-border-index": " ".join(str(i) for i in indexes)},
                "gn-mention gn-kind-border",
                f"border {pairs}",
                clickable=True,
            )
        )
    candidates.sort(key=lambda s: (s.start, -(s.end - s.start)))
    return candidates


def _reader_text_html(result: Result) -> str:
    """The article text, escaped, with each mention wrapped in a highlight element.

    A mention inside another (a country named in a border phrase) nests in it; one that
    straddles the end of another is left plain, since HTML cannot cross elements.
    """
    text = result.article.text
    out: list[str] = []
    pos = 0
    open_ends: list[int] = []

    def close_until(limit: int) -> None:
        nonlocal pos
        while open_ends and open_ends[-1] <= limit:
            end = open_ends.pop()
            out.append(escape_text(text[pos:end]) + "</span>")
            pos = end

    for span in _reader_spans(result):
        close_until(span.start)
        if span.start < pos or (open_ends and span.end > open_ends[-1]):
            continue  # overlaps a highlight already placed
        out.append(escape_text(text[pos : span.start]))
        attrs = "".join(f' {name}="{escape_text(value)}"' for name, value in span.attrs.items())
        role = ' role="button" tabindex="0"' if span.clickable else ""
        out.append(f'<span class="{span.classes}"{attrs}{role} title="{escape_text(span.title)}">')
        pos = span.start
        open_ends.append(span.end)
    close_until(len(text))
    out.append(escape_text(text[pos:]))
    return "".join(out)


def _panel_html(result: Result) -> str:
    """The reader panel: title, counts, the highlighted text and the unplaced mentions."""
    article = result.article
    resolved = result.resolved
    places = {gm.place.place_id for gm in resolved if gm.place is not None}
    unresolved = result.unresolved
    title = escape_text(article.title) if article.title else "Article"
    summary = (
        f"{_count(len(result.mentions), 'mention')} · {_count(len(places), 'place')} on the map"
        f" · {len(unresolved)} not placed"
    )
    if result.borders:
        summary += f" · {_count(len(result.borders), 'border')}"
    if not result.mentions:
        summary = "No place names found in this article."
    parts = [
        '<aside id="gn-panel" aria-label="Article">',
        f"<h1>{title}</h1>",
        f'<p class="gn-summary">{summary}</p>',
        f'<div class="gn-text" lang="{escape_text(article.lang)}">{_reader_text_html(result)}'
        "</div>",
    ]
    if unresolved:
        items = "".join(
            f"<li><b>{escape_text(gm.mention.text)}</b> — {_highlighted_sentence(gm.mention)}</li>"
            for gm in unresolved
        )
        parts.append(
            f'<section id="gn-unresolved"><h2>Not placed ({len(unresolved)})</h2>'
            f"<ul>{items}</ul></section>"
        )
    parts.append("</aside>")
    return "".join(parts)


def _legend_html(result: Result) -> str:
    """The map legend: one swatch per category present (all when there are none)."""
    present = {_category(gm) for gm in result.resolved}
    rows = [
        f'<div><span class="gn-swatch" style="background:{KIND_COLORS[key]}"></span>{label}</div>'
        for key, label in _KIND_LABELS.items()
        if key in present or not present
    ]
    if result.borders:
        rows.append(
            f'<div><span class="gn-line" style="border-color:{BORDER_COLOR}"></span>Border</div>'
        )
    return f'<div id="gn-legend" class="gn-legend" hidden>{"".join(rows)}</div>'


def _kind_css() -> str:
    """Colours of the highlights in the text, matching the marker colours."""
    rules = [
        f".gn-kind-{key} {{ --gn-color: {color}; --gn-tint: {color}22; }}"
        for key, color in {**KIND_COLORS, "border": BORDER_COLOR}.items()
    ]
    return "\n".join(rules)


def _asset_text(package: str, name: str) -> str:
    """Text of a packaged asset (geonews' own, or an xstatic library's ``data`` file)."""
    if package == "geonews":
        return resources.files("geonews").joinpath("assets", name).read_text(encoding="utf-8")
    import importlib

    module = importlib.import_module(package)
    base = resources.files(module).joinpath("data")
    return base.joinpath(name).read_text(encoding="utf-8")


def _leaflet_css_inlined() -> str:
    """leaflet.css with its three images turned into data: URLs (no file requests)."""
    import base64
    import importlib

    css = _asset_text(*_LEAFLET_CSS)
    images = resources.files(importlib.import_module("xstatic.pkg.leaflet")) / "data" / "images"

    def inline(match: re.Match[str]) -> str:
        data = base64.b64encode((images / match.group(1)).read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{data})"

    return re.sub(r"url\(images/([A-Za-z0-9._-]+\.png)\)", inline, css)


@functools.cache
def _raw_element_class() -> type[Any]:
    from branca.element import Element

    class RawHTML(Element):
        """A branca element that renders its text exactly, never as a template."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self._text = text

        def render(self, **kwargs: Any) -> str:
            return self._text

    return RawHTML


def _raw_element(text: str) -> Any:
    """An element for the page that renders ``text`` exactly.

    ``branca.element.Element(text)`` compiles its text as a Jinja template, so article text
    holding ``{{ ... }}`` or ``{% ... %}`` would be evaluated (template injection) or crash
    the render. Everything geonews adds to the page goes through this instead.
    """
    return _raw_element_class()(text)


def _inline_element(tag: str, body: str, source: str) -> Any:
    """A ``<script>``/``<style>`` element holding ``body``, refusing text that would end it."""
    lowered = body.lower()
    if f"</{tag}" in lowered or "<!--" in lowered:
        raise ValueError(f"{source} cannot be inlined: it contains </{tag} or <!--")
    return _raw_element(f"<{tag}>/* {source} */\n{body}\n</{tag}>")


def _figure_of(fmap: folium.Map) -> Figure:
    """The branca Figure a folium Map lives in (folium creates one per map)."""
    from branca.element import Figure

    figure = fmap.get_root()
    if not isinstance(figure, Figure):
        raise TypeError("the folium map is not inside a branca Figure")
    return figure


def _use_assets(fmap: folium.Map, cluster: Any, *, self_contained: bool) -> None:
    """Point the map at its libraries: inlined into the page, or on a CDN.

    folium adds ``default_js``/``default_css`` links of every element when it renders. They
    are set per instance (the class attributes are shared lists), dropping Bootstrap, Font
    Awesome and Awesome Markers, which this page does not use.
    """
    figure = _figure_of(fmap)
    if not self_contained:
        fmap.default_js = list(_CDN_JS)
        fmap.default_css = list(_CDN_CSS)
        cluster.default_js = list(_CDN_CLUSTER_JS)
        cluster.default_css = list(_CDN_CLUSTER_CSS)
        return
    fmap.default_js = []
    fmap.default_css = []
    cluster.default_js = []
    cluster.default_css = []
    styles = [
        ("leaflet_css", _leaflet_css_inlined(), "Leaflet 1.9.3, BSD-2-Clause"),
        ("markercluster_css", _asset_text(*_CLUSTER_CSS), _CLUSTER_NOTICE),
        (
            "markercluster_default_css",
            _asset_text(*_CLUSTER_DEFAULT_CSS),
            _CLUSTER_NOTICE,
        ),
    ]
    scripts = [
        ("leaflet", _asset_text(*_LEAFLET_JS), "Leaflet 1.9.3, BSD-2-Clause"),
        ("markercluster", _asset_text(*_CLUSTER_JS), _CLUSTER_NOTICE),
    ]
    for name, body, source in styles:
        figure.header.add_child(_inline_element("style", body, source), name=name)
    for name, body, source in scripts:
        figure.header.add_child(_inline_element("script", body, source), name=name)


def _bounds(result: Result) -> list[list[float]] | None:
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


def _mention_features(result: Result) -> list[dict[str, Any]]:
    """One GeoJSON point per resolved mention, with its popup and tooltip as properties."""
    per_place = Counter(gm.place.place_id for gm in result.resolved if gm.place is not None)
    numbers = _place_numbers(result)
    seen: Counter[str] = Counter()
    features = []
    for index, gm in enumerate(result.mentions):
        place = gm.place
        if place is None:
            continue
        seen[place.place_id] += 1
        count = per_place[place.place_id]
        tooltip = (
            f"{escape_text(gm.mention.text)} → {escape_text(place.name)}"
            f" · {_count(count, 'mention')}"
        )
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": lonlat(place.lat, place.lon)},
                "properties": {
                    "index": index,
                    "place": numbers[place.place_id],
                    "popup": _mention_popup(gm, index, seen[place.place_id], count),
                    "tooltip": tooltip,
                    "category": _category(gm),
                },
            }
        )
    return features


def _border_features(result: Result) -> list[dict[str, Any]]:
    features = []
    for index, border in enumerate(result.borders):
        names = " – ".join(escape_text(code) for code in border.countries)
        features.append(
            {
                "type": "Feature",
                "geometry": border.__geo_interface__["geometry"],
                "properties": {
                    "index": index,
                    "popup": _border_popup(border, index),
                    "tooltip": f"Border {names} · {border.length_km:,.0f} km",
                    "style": {"color": BORDER_COLOR, "weight": 6, "opacity": 0.9},
                },
            }
        )
    return features


def _country_mentions(result: Result) -> dict[str, tuple[str, int]]:
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


def _outline_features(
    countries: Mapping[str, tuple[str, int]], outlines: Mapping[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    features = []
    for code, (name, count) in countries.items():
        raw = outlines.get(code)
        geometry = _clean_geometry(raw) if raw is not None else None
        if geometry is None:
            log.debug("no outline for %s", code)
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": geometry,
                "properties": {
                    "tooltip": f"{escape_text(name)} · {_count(count, 'mention')}",
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


_BASEMAP_STYLE = {"color": "#ffffff", "weight": 0.8, "fillColor": BASEMAP_FILL, "fillOpacity": 1}


def basemap_collection(land: Mapping[str, dict[str, Any]]) -> dict[str, Any]:
    """Grey land, one feature per country, for the page to draw under everything else.

    ``land`` is normally the gazetteer's coarse world
    (:func:`geonews.geometry.basemap_outlines`): it is only checked and copied here.
    The page styles it (reader.js; batch's corpus map too), so features carry geometry
    alone.
    """
    geometries = (_clean_geometry(geometry, simplify=False) for _, geometry in sorted(land.items()))
    features = [{"type": "Feature", "geometry": g, "properties": {}} for g in geometries if g]
    return {"type": "FeatureCollection", "features": features}


_TEMPLATE_SYNTAX = re.compile(r"\{[{%#]")


def _collection(features: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """A FeatureCollection for folium, checked free of Jinja syntax (see :func:`escape_text`)."""
    collection = {"type": "FeatureCollection", "features": list(features)}
    if _TEMPLATE_SYNTAX.search(json.dumps(collection)):
        raise ValueError("layer data holds unescaped template syntax: a value missed escaping")
    return collection


_GEOMETRY_TYPES = {"Polygon", "MultiPolygon", "LineString", "MultiLineString", "Point"}


#: Outlines are simplified to ~2 km (under a pixel up to zoom 6), islets under ~0.05
#: square degrees dropped, and coordinates rounded to ~10 m: Russia or the United States
#: from Natural Earth 10m otherwise weigh hundreds of kilobytes each in the page.
_OUTLINE_TOLERANCE_DEG = 0.02
_OUTLINE_MIN_PART_DEG2 = 0.05
_OUTLINE_DECIMALS = 4


def _rounded(coords: Any) -> Any:
    if coords and isinstance(coords[0], (int, float)):
        return [round(float(c), _OUTLINE_DECIMALS) for c in coords]
    return [_rounded(part) for part in coords]


def _clean_geometry(geometry: Mapping[str, Any], *, simplify: bool = True) -> dict[str, Any] | None:
    """A light copy of an outline for display: type and coordinates only, simplified.

    Only the type and the numbers are kept, so no stray string of the source reaches the
    page. Borders are measured elsewhere on the full outlines; this only draws them.
    """
    kind = geometry.get("type")
    if kind not in _GEOMETRY_TYPES or "coordinates" not in geometry:
        log.warning("skipping an outline that is not a simple GeoJSON geometry: %r", kind)
        return None
    clean: dict[str, Any] = {"type": kind, "coordinates": geometry["coordinates"]}
    if simplify:
        clean = _simplified(clean)
    try:
        clean["coordinates"] = _rounded(clean["coordinates"])
    except (TypeError, ValueError) as exc:
        log.warning("skipping an outline with non-numeric coordinates: %s", exc)
        return None
    return clean


def _simplified(clean: dict[str, Any]) -> dict[str, Any]:
    """The outline without its islets, simplified to :data:`_OUTLINE_TOLERANCE_DEG`."""
    kind = clean["type"]
    try:
        from shapely.geometry import MultiPolygon, mapping, shape

        full = shape(clean)
        if full.geom_type == "MultiPolygon":
            # Thousands of islets (the Arctic, Alaska) are invisible at country scale.
            parts = sorted(full.geoms, key=lambda part: part.area, reverse=True)
            kept = [p for p in parts if p.area >= _OUTLINE_MIN_PART_DEG2] or parts[:1]
            full = MultiPolygon(kept)
        simple = full.simplify(_OUTLINE_TOLERANCE_DEG, preserve_topology=True)
        if not simple.is_empty:
            clean = {"type": simple.geom_type, "coordinates": mapping(simple)["coordinates"]}
    except (ValueError, TypeError, AttributeError) as exc:  # malformed: draw it as given
        log.debug("cannot simplify a %s outline: %s", kind, exc)
    return clean


def _make_map(
    tiles: str | None, center: Sequence[float], attribution: str | None = None
) -> folium.Map:
    import folium

    try:
        fmap = folium.Map(
            location=list(center),
            zoom_start=4,
            tiles=tiles,
            attr=attribution,
            max_zoom=MAX_ZOOM,
            control_scale=True,
        )
    except ValueError as exc:  # folium refuses a tile URL without attribution
        raise InputError(f"cannot use tiles {tiles!r}: {exc}") from exc
    # Without a tile layer folium forgets max_zoom, and MarkerCluster needs one.
    fmap.options["max_zoom"] = MAX_ZOOM
    return fmap


def _tile_layer_name(fmap: folium.Map) -> str | None:
    """The JavaScript name of the map's tile layer, if it has one."""
    import folium

    for child in fmap._children.values():
        if isinstance(child, folium.TileLayer):
            return str(child.get_name())
    return None


def render_html(
    result: Result,
    *,
    outlines: Mapping[str, dict[str, Any]] | None = None,
    basemap: Mapping[str, dict[str, Any]] | None = None,
    tiles: str | None = "OpenStreetMap",
    tiles_attribution: str | None = None,
    self_contained: bool = False,
    attribution: str = "",
) -> str:
    """Render the map and reader page of a geoparsed article as one HTML document.

    Parameters
    ----------
    result
        What geoparsing found. Every resolved mention gets its own marker and popup.
    outlines
        ISO country code -> GeoJSON geometry. Countries the article mentions are outlined.
    basemap
        ISO country code -> coarse GeoJSON geometry of every country
        (:meth:`geonews.gazetteer.Gazetteer.basemap`), drawn as grey land under the
        outlines when ``tiles=None``, or when the tiles fail to load. Without it, the
        land is the mentioned countries alone.
    tiles
        A folium tile name or URL template, or ``None`` for no tile layer (offline maps).
    tiles_attribution
        The credit a URL template's tiles require (HTML, as Leaflet shows it); folium
        knows it for the tiles it names.
    self_contained
        Inline Leaflet and Leaflet.markercluster (from the xstatic packages) so the page
        needs no network for its code. With ``tiles=None`` it makes no request at all.
    attribution
        Plain-text credit for the data (gazetteer, outlines), shown in the attribution
        control.

    Returns
    -------
    str
        A complete HTML document; ``<meta name="generator" content="geonews">`` marks it.
    """
    import folium
    from folium.plugins import MarkerCluster
    from folium.utilities import JsCode

    outlines = outlines or {}
    basemap = basemap or {}
    if self_contained and tiles is not None:
        log.info("self-contained page still loads %s tiles from the network", tiles)
    bounds = _bounds(result)
    center = (
        [(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2]
        if bounds
        else [30.0, 10.0]
    )
    fmap = _make_map(tiles, center, tiles_attribution)
    figure = _figure_of(fmap)
    figure.title = escape_text(result.article.title or "geonews map")
    figure.header.add_child(_raw_element(_GENERATOR_META), name="generator")

    bind = JsCode(_BIND_DETAILS_JS)
    countries = _country_mentions(result)
    # Drawn when there are no tiles, and kept as the fallback when tiles were asked for
    # but cannot load (no network): the page shows it on the first tile error. Without
    # a world basemap, the land is the mentioned countries alone.
    land = basemap or {code: outlines[code] for code in countries if code in outlines}
    if land:
        folium.map.CustomPane("gn-basemap", z_index=250, pointer_events=False).add_to(fmap)

    folium.map.CustomPane("gn-outlines", z_index=350, pointer_events=True).add_to(fmap)
    folium.map.CustomPane("gn-borders", z_index=390, pointer_events=True).add_to(fmap)
    outline_layer = folium.GeoJson(
        _collection(_outline_features(countries, outlines)),
        name="Country outlines",
        pane="gn-outlines",
        on_each_feature=bind,
    )
    outline_layer.add_to(fmap)
    border_layer = folium.GeoJson(
        _collection(_border_features(result)),
        name="Borders",
        pane="gn-borders",
        on_each_feature=bind,
    )
    border_layer.add_to(fmap)

    n_resolved = len(result.resolved)
    cluster = MarkerCluster(  # type: ignore[no-untyped-call]
        name=f"Mentions ({n_resolved})",
        spiderfy_on_max_zoom=True,
        show_coverage_on_hover=False,
        max_cluster_radius=40,
    )
    cluster.add_to(fmap)
    mention_layer = folium.GeoJson(
        _collection(_mention_features(result)),
        name="mention markers",
        control=False,
        on_each_feature=bind,
        point_to_layer=JsCode(_MENTION_MARKER_JS),
    )
    mention_layer.add_to(cluster)

    folium.LayerControl(collapsed=True).add_to(fmap)
    if bounds:
        fmap.fit_bounds(bounds, padding=(30, 30), max_zoom=7)
    _use_assets(fmap, cluster, self_contained=self_contained)

    reader_css = _asset_text("geonews", "reader.css") + "\n" + _kind_css()
    figure.header.add_child(_inline_element("style", reader_css, "geonews reader"), name="gn_css")
    figure.header.add_child(
        _inline_element("script", _asset_text("geonews", "reader.js"), "geonews reader"),
        name="gn_js",
    )
    config = {
        "map": fmap.get_name(),
        "cluster": cluster.get_name(),
        "mentions": mention_layer.get_name(),
        "borders": border_layer.get_name(),
        "outlines": outline_layer.get_name(),
        "basemap": bool(land),
        "basemap_style": _BASEMAP_STYLE,
        "tiles": _tile_layer_name(fmap),
        "attribution": escape_text(attribution),
    }
    figure.html.add_child(_raw_element(_panel_html(result)), name="gn_panel")
    figure.html.add_child(_raw_element(_legend_html(result)), name="gn_legend")
    figure.html.add_child(
        _raw_element(
            f'<script type="application/json" id="geonews-data">{_json_for_script(config)}</script>'
        ),
        name="gn_data",
    )
    if land:
        # Compact JSON in its own element: the world's outlines are a third of the page.
        basemap_json = _json_for_script(basemap_collection(land), compact=True)
        figure.html.add_child(
            _raw_element(
                f'<script type="application/json" id="geonews-basemap">{basemap_json}</script>'
            ),
            name="gn_basemap",
        )
    rendered: str = figure.render()
    return rendered
