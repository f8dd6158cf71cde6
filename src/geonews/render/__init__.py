"""Draw results as HTML pages: an article's map beside its text, and a corpus's map.

* :mod:`~geonews.render.article`: the article page (:func:`render_map`, :func:`render_html`);
* :mod:`~geonews.render.corpus`: the corpus page (:func:`corpus_map_html`), drawn from
  plain records (:class:`CorpusPlace`, :class:`CorpusArticle`);
* :mod:`~geonews.render.layers`, :mod:`~geonews.render.popups`,
  :mod:`~geonews.render.reader`: the article page's GeoJSON layers, popups and reader panel;
* :mod:`~geonews.render.assets`: the one table of Leaflet files, inlined or from a CDN;
* :mod:`~geonews.render.style`: colours, legend labels and the basemap style;
* :mod:`~geonews.render.escape`: escaping for HTML, template strings and ``<script>``.

Everything that comes from the article, the gazetteer or a geocoder is hostile input: it is
HTML-escaped by :func:`escape_text` before it reaches a page, including the characters
that would end or interpolate a JavaScript template string (folium puts popup HTML in one).
This package draws; it never geoparses: it does not import the pipeline, batch or the CLI.
"""

from __future__ import annotations

from geonews.render.article import render_html, render_map
from geonews.render.corpus import CorpusArticle, CorpusPlace, corpus_map_html
from geonews.render.escape import escape_text
from geonews.render.layers import basemap_collection
from geonews.render.popups import country_name
from geonews.render.style import BASEMAP_FILL, BORDER_COLOR, KIND_COLORS, MAX_ZOOM

__all__ = [
    "BASEMAP_FILL",
    "BORDER_COLOR",
    "KIND_COLORS",
    "MAX_ZOOM",
    "CorpusArticle",
    "CorpusPlace",
    "basemap_collection",
    "corpus_map_html",
    "country_name",
    "escape_text",
    "render_html",
    "render_map",
]
