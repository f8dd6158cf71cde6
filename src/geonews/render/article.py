"""The article page: a folium map of one geoparsed article beside its text.

The page holds a folium map with one marker per resolved mention (clustered, spiderfied at
the highest zoom so mentions of one place stay reachable one by one), the outlines of the
countries mentioned, the borders the article names, a legend, a layer control, and the
reader panel with the article text in which every mention is a clickable highlight.
:func:`render_map` is the one call for a map from a result and a gazetteer;
:func:`render_html` draws what it is given.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from geonews.errors import InputError
from geonews.model import Result
from geonews.render import layers
from geonews.render.assets import cdn_links, geonews_asset, inlined_libraries
from geonews.render.escape import escape_text, inline_block, json_for_script
from geonews.render.popups import POPUP_MAX_WIDTH
from geonews.render.reader import legend_html, panel_html
from geonews.render.style import BASEMAP_STYLE, MAX_ZOOM, kind_css

if TYPE_CHECKING:
    import folium
    from branca.element import Figure

    from geonews.gazetteer import Gazetteer

log = logging.getLogger(__name__)

# onEachFeature for mentions, borders and outlines: the popup and tooltip HTML were built
# (and escaped) in Python and travel as feature properties.
_BIND_DETAILS_JS = f"""function (feature, layer) {{
    var p = feature.properties;
    if (p.popup) {{ layer.bindPopup(p.popup, {{maxWidth: {POPUP_MAX_WIDTH}}}); }}
    if (p.tooltip) {{ layer.bindTooltip(p.tooltip, {{sticky: !p.popup}}); }}
}}"""

# Mention markers are DivIcon markers, not CircleMarkers: Leaflet.markercluster 1.4.1 can
# only zoom to and spiderfy layers that have an icon (zoomToShowLayer checks ``_icon``).
# No PNG is loaded; the colour comes from the gn-kind-* class shared with the text, and
# a place the article is about (its focus) gets a bigger, ringed pin (gn-focus).
_MENTION_MARKER_JS = """function (feature, latlng) {
    return L.marker(latlng, {
        icon: L.divIcon({className: "gn-pin gn-kind-" + feature.properties.category
                                    + (feature.properties.focus ? " gn-focus" : ""),
                         iconSize: feature.properties.focus ? [22, 22] : [16, 16]}),
        alt: "",
        zIndexOffset: feature.properties.focus ? 1000 : 0,
        riseOnHover: true
    });
}"""


def render_map(
    result: Result,
    gazetteer: Gazetteer,
    *,
    tiles: str | None = None,
    tiles_attribution: str | None = None,
    self_contained: bool = True,
    offline: bool = False,
) -> str:
    """The map page of a geoparsed article, with outlines and basemap from the gazetteer.

    What ``geonews map`` writes. The countries the article mentions are outlined, and the
    gazetteer's coarse world is the land drawn where there are no tiles.

    Parameters
    ----------
    result
        What geoparsing found.
    gazetteer
        The gazetteer the outlines and the drawn basemap come from (it must be open).
    tiles
        A folium tile name or URL template, or ``"none"`` for no tiles. Default:
        OpenStreetMap, or none when ``offline``.
    tiles_attribution
        The credit a URL template's tiles require (HTML).
    self_contained
        Inline Leaflet and Leaflet.markercluster; ``False`` links them from a CDN (a page
        ~200 KB smaller that needs a network to show anything).
    offline
        Make no request at all: no tiles unless ``tiles`` names some. Needs
        ``self_contained``.

    Examples
    --------
    >>> from geonews.model import Article
    >>> from geonews.pipeline import Geoparser
    >>> with Geoparser() as geoparser:                           # doctest: +SKIP
    ...     result = geoparser.parse(Article("Les chars arrivent à Kiev.", lang="fr"))
    ...     page = render_map(result, geoparser.gazetteer, offline=True)
    """
    from geonews.gazetteer import ATTRIBUTION
    from geonews.geometry import country_outlines

    if offline and not self_contained:
        raise ValueError("an offline page must be self-contained: it cannot load Leaflet")
    if tiles is None:
        tiles = "none" if offline else "OpenStreetMap"
    codes = [g.place.country_code for g in result.resolved if g.place and g.place.country_code]
    return render_html(
        result,
        outlines=country_outlines(codes, gazetteer.outline),
        basemap=gazetteer.basemap(),
        tiles=None if tiles.lower() == "none" else tiles,
        tiles_attribution=tiles_attribution,
        self_contained=self_contained,
        attribution=ATTRIBUTION,
    )


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
        ISO country code -> GeoJSON geometry. Countries the article mentions are outlined,
        lightened for display (:func:`geonews.geometry.display_outline`).
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
    from geonews.output import GENERATOR_MARK

    outlines = outlines or {}
    basemap = basemap or {}
    if self_contained and tiles is not None:
        log.info("self-contained page still loads %s tiles from the network", tiles)
    bounds = layers.bounds(result)
    fmap = _make_map(tiles, bounds, tiles_attribution)
    figure = _figure_of(fmap)
    figure.title = escape_text(result.article.title or "geonews map")
    figure.header.add_child(_raw_element(GENERATOR_MARK), name="generator")

    countries = layers.country_mentions(result)
    # Drawn when there are no tiles, and kept as the fallback when tiles were asked for
    # but cannot load (no network): the page shows it on the first tile error. Without
    # a world basemap, the land is the mentioned countries alone.
    land = basemap or {code: outlines[code] for code in countries if code in outlines}
    names, cluster = _add_layers(
        fmap, result, layers.outline_features(countries, outlines), land=bool(land)
    )
    if bounds:
        fmap.fit_bounds(bounds, padding=(30, 30), max_zoom=7)
    _use_assets(fmap, cluster, self_contained=self_contained)
    config = {
        **names,
        "basemap": bool(land),
        "basemap_style": BASEMAP_STYLE,
        "tiles": _tile_layer_name(fmap),
        "attribution": escape_text(attribution),
    }
    _add_page_parts(figure, result, config, land)
    rendered: str = figure.render()
    return rendered


def _add_layers(
    fmap: folium.Map, result: Result, outline_features: list[dict[str, Any]], *, land: bool
) -> tuple[dict[str, str], Any]:
    """Add the panes, the outline, border and mention layers and the layer control.

    Returns the JavaScript names reader.js needs (``map``, ``cluster``, ``mentions``,
    ``borders``, ``outlines``, and ``demonyms`` when there are any) and the marker
    cluster.
    """
    import folium
    from folium.plugins import MarkerCluster
    from folium.utilities import JsCode

    bind = JsCode(_BIND_DETAILS_JS)
    if land:
        folium.map.CustomPane("gn-basemap", z_index=250, pointer_events=False).add_to(fmap)
    folium.map.CustomPane("gn-outlines", z_index=350, pointer_events=True).add_to(fmap)
    folium.map.CustomPane("gn-borders", z_index=390, pointer_events=True).add_to(fmap)
    outline_layer = folium.GeoJson(
        layers.collection(outline_features),
        name="Country outlines",
        pane="gn-outlines",
        on_each_feature=bind,
    )
    outline_layer.add_to(fmap)
    border_layer = folium.GeoJson(
        layers.collection(layers.border_features(result)),
        name="Borders",
        pane="gn-borders",
        on_each_feature=bind,
    )
    border_layer.add_to(fmap)
    places = sum(1 for gm in result.resolved if not gm.mention.demonym)
    cluster = MarkerCluster(  # type: ignore[no-untyped-call]
        name=f"Mentions ({places})",
        spiderfy_on_max_zoom=True,
        show_coverage_on_hover=False,
        max_cluster_radius=40,
    )
    cluster.add_to(fmap)
    mention_layer = folium.GeoJson(
        layers.collection(layers.mention_features(result)),
        name="mention markers",
        control=False,
        on_each_feature=bind,
        point_to_layer=JsCode(_MENTION_MARKER_JS),
    )
    mention_layer.add_to(cluster)
    names = {
        "map": fmap.get_name(),
        "cluster": cluster.get_name(),
        "mentions": mention_layer.get_name(),
        "borders": border_layer.get_name(),
        "outlines": outline_layer.get_name(),
    }
    demonyms = layers.mention_features(result, demonyms=True)
    if demonyms:
        # Nationality words ("Russian troops") name an army or a people, not a place a
        # reader looks for: their own layer, off until switched on.
        demonym_layer = folium.GeoJson(
            layers.collection(demonyms),
            name=f"Nationalities ({len(demonyms)})",
            show=False,
            on_each_feature=bind,
            point_to_layer=JsCode(_MENTION_MARKER_JS),
        )
        demonym_layer.add_to(fmap)
        names["demonyms"] = demonym_layer.get_name()
    folium.LayerControl(collapsed=True).add_to(fmap)
    return names, cluster


def _add_page_parts(
    figure: Figure, result: Result, config: dict[str, Any], land: Mapping[str, dict[str, Any]]
) -> None:
    """The reader's style and script, its panel, the legend, reader.js's configuration
    and the drawn land."""
    reader_css = geonews_asset("reader.css") + "\n" + kind_css()
    figure.header.add_child(_inline_element("style", reader_css), name="gn_css")
    figure.header.add_child(_inline_element("script", geonews_asset("reader.js")), name="gn_js")
    figure.html.add_child(_raw_element(panel_html(result)), name="gn_panel")
    figure.html.add_child(_raw_element(legend_html(result)), name="gn_legend")
    figure.html.add_child(
        _raw_element(
            f'<script type="application/json" id="geonews-data">{json_for_script(config)}</script>'
        ),
        name="gn_data",
    )
    if land:
        # Compact JSON in its own element: the world's outlines are a third of the page.
        basemap_json = json_for_script(layers.basemap_collection(land), compact=True)
        figure.html.add_child(
            _raw_element(
                f'<script type="application/json" id="geonews-basemap">{basemap_json}</script>'
            ),
            name="gn_basemap",
        )


def _make_map(
    tiles: str | None, bounds: Sequence[Sequence[float]] | None, attribution: str | None = None
) -> folium.Map:
    """The folium map, centred on ``bounds`` (on 30°N 10°E when there are none)."""
    import folium

    center = (
        [(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2]
        if bounds
        else [30.0, 10.0]
    )
    try:
        fmap = folium.Map(
            location=center,
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


def _inline_element(tag: str, body: str) -> Any:
    """geonews' own ``<style>``/``<script>`` for the reader, as a page element."""
    return _raw_element(inline_block(tag, body, "geonews reader"))


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
    if not self_contained:
        fmap.default_js = cdn_links("leaflet", "script")
        fmap.default_css = cdn_links("leaflet", "style")
        cluster.default_js = cdn_links("markercluster", "script")
        cluster.default_css = cdn_links("markercluster", "style")
        return
    fmap.default_js = []
    fmap.default_css = []
    cluster.default_js = []
    cluster.default_css = []
    figure = _figure_of(fmap)
    for key, element in inlined_libraries():
        figure.header.add_child(_raw_element(element), name=key)
