"""The corpus page: every place of a corpus on one clustered map, with an article filter.

It draws plain records (:class:`CorpusPlace`, :class:`CorpusArticle`, :class:`CorpusFocus`)
that whoever tallied the corpus (``geonews batch``) hands over, and escapes every text in
them. The page is hand-written HTML with a small script rather than folium: one marker per
place of a corpus of thousands of articles, its popup listing the articles that name the
place. A second layer, "Articles by focus" (off until switched on), puts one marker per
article at its top focus, the place the article is most about.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from geonews.render.assets import library_tags
from geonews.render.escape import escape_text, json_for_script
from geonews.render.layers import basemap_collection
from geonews.render.popups import counted
from geonews.render.style import BASEMAP_STYLE, KIND_COLORS, MAX_ZOOM, place_kind_css


@dataclass(frozen=True, slots=True)
class CorpusPlace:
    """One place of a corpus: where it is, how often it is named, and in which sentences."""

    place_id: str
    name: str
    kind: str
    country_code: str | None
    lat: float
    lon: float
    #: Mentions of the place in the whole corpus.
    mentions: int
    #: Articles that name the place.
    articles: int
    #: (article index, sentences naming the place there), for the articles the popup
    #: lists; plain text, in article order.
    sentences: tuple[tuple[int, tuple[str, ...]], ...] = ()


@dataclass(frozen=True, slots=True)
class CorpusFocus:
    """Where an article is: its top focus place, how strongly and why, and the whole focus
    in words (``about``: "Bakhmut, Ukraine"). Plain text, as :class:`geonews.model.Focus`
    gives it."""

    place_id: str
    name: str
    kind: str
    country_code: str | None
    lat: float
    lon: float
    score: float
    reasons: tuple[str, ...] = ()
    about: str = ""


class CorpusArticle(NamedTuple):
    """An article of the corpus as the filter and the popups name it (plain text), and its
    top focus, drawn on the "Articles by focus" layer (None: the article has none)."""

    id: str
    title: str = ""
    focus: CorpusFocus | None = None


# Builds markers for the chosen article (or all), popups from strings escaped in Python.
_MAP_SCRIPT = """
(function () {
  var data = JSON.parse(document.getElementById("gn-data").textContent);
  function counted(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
  var map = L.map("gn-map", {maxZoom: data.max_zoom}).setView([30, 10], 2);
  var tiles = L.tileLayer("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: data.max_zoom, attribution: data.attribution
  }).addTo(map);
  var landEl = document.getElementById("gn-basemap");
  if (landEl) {
    // No network or a blocked tile server: draw the countries instead of blank land.
    var land = L.geoJSON(JSON.parse(landEl.textContent), {
      interactive: false,
      style: data.basemap_style
    });
    tiles.once("tileerror", function () {
      land.addTo(map);
      document.getElementById("gn-map").classList.add("gn-plain");
    });
  }
  var cluster = L.markerClusterGroup({maxClusterRadius: 40, spiderfyOnMaxZoom: true});
  map.addLayer(cluster);
  // One pin per article at its top focus: off until switched on.
  var byFocus = L.markerClusterGroup({maxClusterRadius: 40, spiderfyOnMaxZoom: true});
  L.control.layers(null, {"Places": cluster, "Articles by focus": byFocus}).addTo(map);
  var select = document.getElementById("gn-article");
  function articleHtml(i, sentences) {
    var a = data.articles[i];
    var head = "<b>" + a[0] + "</b>" + (a[1] ? " " + a[1] : "");
    return "<li>" + head + "<ul><li>" + sentences.join("</li><li>") + "</li></ul></li>";
  }
  function show(only) {
    cluster.clearLayers();
    var markers = [];
    data.places.forEach(function (p) {
      var entries = p.s.filter(function (e) { return only === null || e[0] === only; });
      if (!entries.length) { return; }
      var items = entries.map(function (e) { return articleHtml(e[0], e[1]); }).join("");
      var more = (only === null && p.a > entries.length)
        ? "<p>and " + counted(p.a - entries.length, "more article") + "</p>" : "";
      var html = "<div class='gn-popup'><b>" + p.n + "</b> (" + p.k + (p.c ? ", " + p.c : "")
        + ")<br>" + counted(p.m, "mention") + " in " + counted(p.a, "article") + "<ul>" + items
        + "</ul>" + more
        + "</div>";
      var icon = L.divIcon({className: "gn-pin gn-kind-" + p.k, iconSize: [14, 14]});
      markers.push(L.marker([p.y, p.x], {icon: icon, title: p.t})
        .bindPopup(html, {maxWidth: 360, maxHeight: 320}));
    });
    cluster.addLayers(markers);
    showFocus(only);
    if (markers.length) { map.fitBounds(cluster.getBounds(), {padding: [30, 30], maxZoom: 7}); }
    document.getElementById("gn-count").textContent = counted(markers.length, "place");
  }
  function showFocus(only) {
    byFocus.clearLayers();
    var pins = [];
    data.focus.forEach(function (f) {
      if (only !== null && f.i !== only) { return; }
      var a = data.articles[f.i];
      var html = "<div class='gn-popup'><b>" + a[0] + "</b>" + (a[1] ? " " + a[1] : "")
        + "<br>About " + f.h + " (" + f.k + (f.c ? ", " + f.c : "") + "), score " + f.s
        + (f.r ? "<br>" + f.r : "") + "</div>";
      var icon = L.divIcon({className: "gn-pin gn-focus gn-kind-" + f.k, iconSize: [14, 14]});
      pins.push(L.marker([f.y, f.x], {icon: icon, title: f.t})
        .bindPopup(html, {maxWidth: 360, maxHeight: 320}));
    });
    byFocus.addLayers(pins);
  }
  select.addEventListener("change", function () {
    show(select.value === "" ? null : parseInt(select.value, 10));
  });
  show(null);
  document.documentElement.setAttribute("data-geonews-ready", "1");
})();
"""

_MAP_CSS = f"""
html, body {{ margin: 0; height: 100%; font: 14px/1.4 system-ui, sans-serif; }}
#gn-bar {{ padding: 6px 10px; background: #f4f4f4; border-bottom: 1px solid #ccc; }}
#gn-bar select {{ max-width: 60vw; }}
#gn-map {{ position: absolute; top: 40px; bottom: 0; left: 0; right: 0; }}
.gn-pin {{ border-radius: 50%; border: 2px solid #fff; box-shadow: 0 0 2px #333;
  background: var(--gn-color, {KIND_COLORS["city"]}); }}
.gn-pin.gn-focus {{ border-radius: 2px; }}
.gn-popup ul {{ padding-left: 18px; margin: 4px 0; }}
#gn-map.gn-plain {{ background: #e8eef3; }}
"""


def _place_data(place: CorpusPlace) -> dict[str, Any]:
    """A place as the page's script reads it (short keys: a corpus has many places)."""
    return {
        "t": place.name,  # the marker's title attribute, which Leaflet sets as text
        "n": escape_text(place.name),
        "k": escape_text(place.kind),
        "c": escape_text(place.country_code or ""),
        "y": place.lat,
        "x": place.lon,
        "m": place.mentions,
        "a": place.articles,
        "s": [[i, [escape_text(s) for s in sentences]] for i, sentences in place.sentences],
    }


def _focus_data(index: int, article: CorpusArticle, focus: CorpusFocus) -> dict[str, Any]:
    """An article's top focus as the page's script reads it; ``i`` indexes the articles."""
    return {
        "i": index,
        "t": f"{article.id}: {focus.about or focus.name}",  # the title attribute, as text
        "h": escape_text(focus.about or focus.name),
        "k": escape_text(focus.kind),
        "c": escape_text(focus.country_code or ""),
        "y": focus.lat,
        "x": focus.lon,
        "s": focus.score,
        "r": escape_text("; ".join(focus.reasons)),
    }


def corpus_map_html(
    places: Sequence[CorpusPlace],
    articles: Sequence[CorpusArticle],
    *,
    self_contained: bool = False,
    basemap: Mapping[str, Any] | None = None,
) -> str:
    """One HTML page: every place of the corpus, clustered, with an article filter.

    Each popup lists the articles naming the place (``CorpusPlace.sentences`` index into
    ``articles``) with their sentences. The layer "Articles by focus", off until switched
    on, has one pin per article with a ``CorpusArticle.focus``. ``self_contained`` inlines
    Leaflet and Leaflet.markercluster; otherwise the page links them from a CDN. The
    countries of ``basemap`` (ISO code -> coarse GeoJSON geometry) are drawn when the
    tiles cannot load.
    """
    from geonews.gazetteer import ATTRIBUTION
    from geonews.output import GENERATOR_MARK

    escaped = [(escape_text(a.id), escape_text(a.title)) for a in articles]
    options = "\n".join(
        f'<option value="{i}">{aid}{" — " + title if title else ""}</option>'
        for i, (aid, title) in enumerate(escaped)
    )
    data = {
        "places": [_place_data(p) for p in places],
        "focus": [
            _focus_data(i, a, a.focus) for i, a in enumerate(articles) if a.focus is not None
        ],
        "articles": [list(a) for a in escaped],
        "basemap_style": BASEMAP_STYLE,
        "max_zoom": MAX_ZOOM,
        # The same credits as a single article's map: the tiles, then the places' sources.
        "attribution": f"&copy; OpenStreetMap contributors · {escape_text(ATTRIBUTION)}",
    }
    land = ""
    if basemap:
        land = (
            '<script type="application/json" id="gn-basemap">'
            f"{json_for_script(basemap_collection(basemap), compact=True)}</script>"
        )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
{GENERATOR_MARK}
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>geonews corpus map</title>
{library_tags(self_contained=self_contained)}
<style>{_MAP_CSS}{place_kind_css()}
</style>
</head>
<body>
<div id="gn-bar"><label>Article <select id="gn-article">
<option value="">All {counted(len(articles), "article")}</option>
{options}
</select></label> <span id="gn-count"></span></div>
<div id="gn-map"></div>
<script type="application/json" id="gn-data">{json_for_script(data, compact=True)}</script>
{land}
<script>{_MAP_SCRIPT}</script>
</body>
</html>
"""
