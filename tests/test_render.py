"""The map page: escaping of hostile text, one popup per mention, layers, offline assets."""

from __future__ import annotations

import ast
import html
import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geonews.errors import InputError
from geonews.gazetteer import Gazetteer
from geonews.model import Article, Border, Focus, GeoMention, Mention, Place, Result
from geonews.render import (
    CorpusArticle,
    CorpusPlace,
    corpus_map_html,
    escape_text,
    render_html,
    render_map,
)

XSS_PAYLOADS = [
    "<img src=x onerror=alert(1)>",
    "</script><script>alert(1)</script>",
    "${alert(1)}",
    "\\`;alert(1);//",
]

PL_OUTLINE = {
    "type": "Polygon",
    "coordinates": [[[14.1, 49.0], [24.1, 49.0], [23.5, 54.4], [14.2, 54.0], [14.1, 49.0]]],
}
BY_OUTLINE = {
    "type": "Polygon",
    "coordinates": [[[23.5, 51.5], [32.7, 51.5], [31.0, 56.1], [24.0, 55.8], [23.5, 51.5]]],
}
FR_OUTLINE = {
    "type": "Polygon",
    "coordinates": [
        [[-4.8, 43.4], [7.6, 43.4], [8.2, 49.0], [2.5, 51.1], [-4.8, 48.4], [-4.8, 43.4]]
    ],
}


def mention_of(text: str, word: str, nth: int = 0, *, metonym: bool = False) -> Mention:
    """The nth occurrence of word in text, with its sentence (split on '. ')."""
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(word, pos + 1)
    start = text.rfind(". ", 0, pos)
    start = 0 if start < 0 else start + 2
    end = text.find(". ", pos)
    end = len(text) if end < 0 else end + 1
    return Mention(word, pos, pos + len(word), text[start:end], start, metonym=metonym)


def place(name: str, kind: Any, lat: float, lon: float, cc: str | None = None) -> Place:
    return Place(f"id:{name}", name, kind, lat, lon, cc)


MOSCOW = place("Moscow", "city", 55.7558, 37.6173, "RU")
KYIV = place("Kyiv", "city", 50.4501, 30.5234, "UA")
POLAND = place("Poland", "country", 52.0, 19.0, "PL")
BELARUS = place("Belarus", "country", 53.5, 28.0, "BY")
KREMLIN = place("Kremlin", "landmark", 55.752, 37.6175, "RU")

TEXT = (
    "Le Kremlin a répondu. Moscou et Kyiv se parlent. Moscou insiste. "
    "La Pologne ferme la frontière avec la Biélorussie. Atlantis attend."
)


def sample_result(text: str = TEXT) -> Result:
    mentions = (
        GeoMention(mention_of(text, "Kremlin", metonym=True), KREMLIN, 0.9),
        GeoMention(mention_of(text, "Moscou"), MOSCOW, 0.9),
        GeoMention(mention_of(text, "Kyiv"), KYIV, 0.4, alternatives=(MOSCOW, POLAND)),
        GeoMention(mention_of(text, "Moscou", 1), MOSCOW, 0.8),
        GeoMention(mention_of(text, "Pologne"), POLAND, 0.95),
        GeoMention(mention_of(text, "Biélorussie"), BELARUS, 0.95),
        GeoMention(mention_of(text, "Atlantis"), None),
    )
    border = Border(
        mention_of(text, "frontière"),
        ("PL", "BY"),
        418.0,
        (((23.5, 52.0), (23.6, 52.5), (23.9, 53.1)),),
    )
    return Result(Article(text, "fr", "Essai"), mentions, (border,))


@pytest.fixture(autouse=True)
def stable_ids(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """folium names elements with random hex ids; number them instead."""
    counter = itertools.count()
    monkeypatch.setattr(
        "branca.element.Element._generate_id",
        classmethod(lambda cls: f"{next(counter):032x}"),
    )
    yield


def page_config(page: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/json" id="geonews-data">(.*?)</script>', page)
    assert found, "the reader configuration block is missing"
    config: dict[str, Any] = json.loads(found.group(1))
    return config


def layer_features(page: str, layer_name: str) -> list[dict[str, Any]]:
    """The GeoJSON features folium embedded for one of the page's layers."""
    found = re.search(re.escape(layer_name) + r"_add\((\{.*\})\);$", page, re.MULTILINE)
    assert found, f"no data for layer {layer_name}"
    features: list[dict[str, Any]] = json.loads(found.group(1))["features"]
    return features


def basemap_features(page: str) -> list[dict[str, Any]]:
    """The grey land the page draws when it has no tiles."""
    found = re.search(r'<script type="application/json" id="geonews-basemap">(.*?)</script>', page)
    assert found, "the basemap block is missing"
    features: list[dict[str, Any]] = json.loads(found.group(1))["features"]
    return features


def mention_features(page: str) -> list[dict[str, Any]]:
    return layer_features(page, page_config(page)["mentions"])


def test_escape_text_neutralises_html_and_template_string_syntax() -> None:
    escaped = escape_text("<img src=x onerror=alert(1)> ${x} `y` \\z \"q\" 'r' &")
    assert escaped == (
        "&lt;img src=x onerror=alert(1)&gt; &#36;&#123;x&#125; &#96;y&#96; &#92;z "
        "&quot;q&quot; &#x27;r&#x27; &amp;"
    )


@given(st.text())
def test_escape_text_leaves_no_markup_or_template_characters(text: str) -> None:
    escaped = escape_text(text)
    assert not set(escaped) & set("<>`$\\\"'{}")
    assert html.unescape(escaped) == text


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_popup_escapes_article_html(payload: str) -> None:
    text = f"À Moscou, {payload} encore."
    result = Result(
        Article(text, "fr", payload),
        (GeoMention(mention_of(text, "Moscou"), MOSCOW, 0.9),),
    )
    page = render_html(result, attribution=payload)
    popup = mention_features(page)[0]["properties"]["popup"]
    assert escape_text(payload) in popup
    assert payload not in popup
    assert payload not in page
    # Only the page's own script elements: the payload opened or closed none.
    benign = render_html(sample_result(TEXT), attribution="x")
    assert page.count("<script") == benign.count("<script")
    assert page.count("</script>") == benign.count("</script>")


def test_place_names_from_the_gazetteer_are_escaped_in_popup_tooltip_and_text() -> None:
    text = "Ville de Moscou."
    hostile = Place(
        "<b>id", "<img src=x onerror=alert(1)>", "city", 55.0, 37.0, "R`U", 0, None, "${x}"
    )
    result = Result(Article(text), (GeoMention(mention_of(text, "Moscou"), hostile, 0.9),))
    page = render_html(result)
    props = mention_features(page)[0]["properties"]
    for value in (props["popup"], props["tooltip"], page):
        assert "<img src=x" not in value
        assert "${x}" not in value
        assert "R`U" not in value


@settings(max_examples=30, deadline=None)
@given(st.text(min_size=1, max_size=40))
def test_rendered_page_never_contains_hostile_text_raw(noise: str) -> None:
    payload = f"<gn-evil {noise}>${{gn_evil}}`\\`"
    text = f"{payload} Moscou. {payload}"
    m = mention_of(text, "Moscou")
    hostile = Place(payload, payload, "city", 55.0, 37.0, payload, 0, payload, payload)
    alt = Place("alt", payload, "city", 50.0, 30.0, payload)
    border = Border(m, (payload, payload), 12.0, (((23.5, 52.0), (23.6, 52.5)),))
    result = Result(
        Article(text, payload[:2], payload),
        (GeoMention(m, hostile, 0.1, alternatives=(alt,)), GeoMention(m, None)),
        (border,),
    )
    page = render_html(result, outlines={payload: PL_OUTLINE}, attribution=payload)
    assert "<gn-evil" not in page
    assert "${gn_evil}" not in page
    assert "`\\`" not in page


def test_bidi_controls_in_an_article_cannot_reorder_the_page() -> None:
    # U+202E would show "Moscou said ...gnik" reversed; isolates and embeddings likewise.
    text = "Officials in Moscou said \u202eno deal\u202c and \u2067Kyiv\u2069 agreed."
    m = mention_of(text, "Moscou")
    place = Place("geonames:524901", "Moscow \u202bX\u202c", "city", 55.75, 37.62, "RU")
    result = Result(Article(text, "en", "Talks \u202ein\u202c Moscou"), (GeoMention(m, place),))
    page = render_html(result)
    for control in ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067"]:
        assert control not in page
    assert "no deal" in page and "Moscow X" in page
    assert escape_text("\u200f") == "\u200f"  # a mark reorders nothing: it stays


@pytest.mark.parametrize("payload", ["{{ 7 * 7 }}", "{% if true %}x{% endif %}", "{# c #}"])
def test_article_text_is_never_evaluated_as_a_jinja_template(payload: str) -> None:
    # branca compiles rendered scripts as templates again: unescaped, "{{ 7 * 7 }}" in a
    # popup would come out as "49" (and could run any Python expression).
    text = f"À Moscou, {payload}."
    hostile = Place("id", payload, "city", 55.0, 37.0, "RU", 0, None, payload)
    result = Result(
        Article(text, "fr", payload), (GeoMention(mention_of(text, "Moscou"), hostile, 0.9),)
    )
    page = render_html(result, attribution=payload)
    assert payload not in page
    assert "49" not in mention_features(page)[0]["properties"]["popup"]
    assert escape_text(payload) in mention_features(page)[0]["properties"]["popup"]


def test_outline_geometry_keeps_only_type_and_coordinates() -> None:
    sneaky = {**PL_OUTLINE, "name": "{{ 7 * 7 }}"}
    page = render_html(sample_result(), outlines={"PL": sneaky, "BY": {"type": "Bogus"}})
    outlined = layer_features(page, page_config(page)["outlines"])
    assert [f["geometry"] for f in outlined] == [PL_OUTLINE]


def test_every_resolved_mention_gets_its_own_popup() -> None:
    result = sample_result()
    features = mention_features(render_html(result))
    resolved = [i for i, gm in enumerate(result.mentions) if gm.resolved]
    assert [f["properties"]["index"] for f in features] == resolved
    for feature in features:
        index = feature["properties"]["index"]
        gm = result.mentions[index]
        assert gm.place is not None
        popup = feature["properties"]["popup"]
        assert f'data-mention-index="{index}"' in popup
        assert f"<mark>{gm.mention.text}</mark>" in popup
        assert gm.place.name in popup
        assert feature["geometry"]["coordinates"] == [gm.place.lon, gm.place.lat]


def test_popup_shows_place_details_and_counts_mentions_of_the_place() -> None:
    result = sample_result()
    by_index = {
        f["properties"]["index"]: f["properties"] for f in mention_features(render_html(result))
    }
    second_moscow = by_index[3]
    assert "<th>Kind</th><td>city</td>" in second_moscow["popup"]
    assert "<th>Country</th><td>Russia (RU)</td>" in second_moscow["popup"]
    assert "55.7558, 37.6173" in second_moscow["popup"]
    assert "<th>Confidence</th><td>0.80</td>" in second_moscow["popup"]
    assert "2 of 2 of this place" in second_moscow["popup"]
    assert "2 mentions" in second_moscow["tooltip"]
    assert "<th>Metonym</th><td>yes</td>" in by_index[0]["popup"]


def test_runner_up_places_are_listed_only_when_confidence_is_low() -> None:
    by_index = {
        f["properties"]["index"]: f["properties"]["popup"]
        for f in mention_features(render_html(sample_result()))
    }
    assert "Other candidates" in by_index[2]  # Kyiv at 0.4
    assert "Poland (country, PL)" in by_index[2]
    assert "Other candidates" not in by_index[1]


def test_mention_is_found_in_its_sentence_when_offsets_disagree() -> None:
    text = "Rien. À Moscou."
    shifted = Mention("Moscou", 8, 14, "À Moscou.", 99)  # wrong sentence_start
    page = render_html(Result(Article(text), (GeoMention(shifted, MOSCOW, 0.9),)))
    assert "À <mark>Moscou</mark>." in mention_features(page)[0]["properties"]["popup"]


def test_mentioned_countries_are_outlined_and_borders_drawn() -> None:
    outlines = {"PL": PL_OUTLINE, "BY": BY_OUTLINE, "FR": FR_OUTLINE}
    page = render_html(sample_result(), outlines=outlines)
    config = page_config(page)
    outlined = layer_features(page, config["outlines"])
    assert [f["geometry"] for f in outlined] == [PL_OUTLINE, BY_OUTLINE]  # not FR
    assert "Poland · 1 mention" in outlined[0]["properties"]["tooltip"]
    (border,) = layer_features(page, config["borders"])
    assert border["geometry"]["type"] == "MultiLineString"
    assert border["geometry"]["coordinates"][0][0] == [23.5, 52.0]
    assert "PL – BY" in border["properties"]["popup"]
    assert "418 km" in border["properties"]["popup"]
    assert "<mark>frontière</mark>" in border["properties"]["popup"]
    # Tiles on: the drawn basemap is only a fallback for when they cannot load.
    assert config["tiles"] and config["basemap"]


def test_layer_control_names_mentions_outlines_and_borders() -> None:
    page = render_html(sample_result())
    assert "L.control.layers(" in page
    for label in ('"Mentions (6)"', '"Country outlines"', '"Borders"'):
        assert label in page


def test_without_tiles_the_world_basemap_is_drawn_and_max_zoom_is_kept() -> None:
    outlines = {"PL": PL_OUTLINE, "BY": BY_OUTLINE}
    world = {"PL": PL_OUTLINE, "BY": BY_OUTLINE, "FR": FR_OUTLINE}
    page = render_html(sample_result(), outlines=outlines, basemap=world, tiles=None)
    config = page_config(page)
    assert config["basemap"] and config["tiles"] is None
    # Every country of the world basemap is land, mentioned or not.
    basemap = basemap_features(page)
    assert [f["geometry"] for f in basemap] == [BY_OUTLINE, FR_OUTLINE, PL_OUTLINE]
    assert config["basemap_style"]["fillColor"] == "#d9d9d9"
    assert "tile.openstreetmap.org" not in page
    assert '"maxZoom": 18' in page


def test_without_a_world_basemap_the_mentioned_countries_are_the_land() -> None:
    outlines = {"PL": PL_OUTLINE, "BY": BY_OUTLINE, "FR": FR_OUTLINE}
    page = render_html(sample_result(), outlines=outlines, tiles=None)
    basemap = basemap_features(page)
    # France is not mentioned in the sample result: only Belarus and Poland are land.
    assert [f["geometry"] for f in basemap] == [BY_OUTLINE, PL_OUTLINE]


def test_default_tiles_are_openstreetmap_with_attribution() -> None:
    page = render_html(sample_result())
    assert "https://tile.openstreetmap.org/{z}/{x}/{y}.png" in page
    assert "OpenStreetMap\\u003c/a\\u003e contributors" in page


def test_data_attribution_is_shown_escaped() -> None:
    page = render_html(sample_result(), attribution="GeoNames (CC BY 4.0) & Natural Earth")
    assert page_config(page)["attribution"] == "GeoNames (CC BY 4.0) &amp; Natural Earth"


def test_tile_url_without_attribution_is_an_input_error() -> None:
    with pytest.raises(InputError):
        render_html(sample_result(), tiles="https://example.org/{z}/{x}/{y}.png")


def test_view_fits_every_place_and_border() -> None:
    page = render_html(sample_result())
    found = re.search(r"\.fitBounds\(\s*(\[\[.*?\]\])", page, re.DOTALL)
    assert found
    (south, west), (north, east) = json.loads(found.group(1))
    assert (south, west, north, east) == (50.4501, 19.0, 55.7558, 37.6175)


def test_generator_meta_marks_the_page() -> None:
    for self_contained in (False, True):
        page = render_html(sample_result(), self_contained=self_contained, tiles=None)
        head = page[: page.index("</head>")]
        assert '<meta name="generator" content="geonews">' in head


def test_self_contained_page_loads_nothing_from_outside() -> None:
    page = render_html(sample_result(), self_contained=True, tiles=None)
    assert not re.search(r"<(script|link|img)\b[^>]*\b(src|href)\s*=", page, re.IGNORECASE)
    assert "url(images/" not in page  # Leaflet's CSS images are inlined as data: URLs
    assert "L.markerClusterGroup" in page
    assert "/* Leaflet 1.9.3, BSD-2-Clause */" in page
    assert "bootstrap" not in page.lower()
    assert "font-awesome" not in page.lower() and "fontawesome" not in page.lower()


def test_cdn_page_links_only_leaflet_and_markercluster() -> None:
    page = render_html(sample_result())
    links = re.findall(r"<(?:script|link)\b[^>]*\b(?:src|href)=\"([^\"]+)\"", page)
    assert links
    assert all(
        re.match(r"https://cdn\.jsdelivr\.net/npm/leaflet(\.markercluster)?@", u) for u in links
    )


def test_reader_text_is_escaped_with_each_mention_clickable() -> None:
    text = "<b>Alerte</b> à Moscou. Atlantis attend."
    result = Result(
        Article(text, "fr"),
        (
            GeoMention(mention_of(text, "Moscou"), MOSCOW, 0.9),
            GeoMention(mention_of(text, "Atlantis"), None),
        ),
    )
    page = render_html(result)
    panel = page[page.index('<aside id="gn-panel"') : page.index("</aside>")]
    assert "&lt;b&gt;Alerte&lt;/b&gt; à <span" in panel
    assert re.search(
        r'<span class="gn-mention gn-kind-city" data-mention-index="0" '
        r'data-place="0" role="button" tabindex="0"[^>]*>Moscou</span>',
        panel,
    )
    # The unplaced mention is highlighted but not clickable, and listed on its own.
    assert re.search(r'<span class="gn-mention gn-unplaced" data-mention-index="1" title', panel)
    assert '<section id="gn-unresolved"><h2>Not placed (1)</h2>' in panel
    assert "<b>Atlantis</b>" in panel


def panel_of(page: str) -> str:
    return page[page.index('<aside id="gn-panel"') : page.index("</aside>")]


def test_the_panel_says_what_the_article_is_about_escaped() -> None:
    text = "Ville de Moscou. Kyiv aussi."
    hostile = Place("id:hostile", "<script>alert(1)</script> & Co", "city", 55.0, 37.0, "RU")
    result = Result(
        Article(text, "fr", "Essai"),
        (
            GeoMention(mention_of(text, "Moscou"), hostile, 0.9),
            GeoMention(mention_of(text, "Kyiv"), KYIV, 0.9),
        ),
        focus=(Focus(hostile, 0.6, ("named 1 time",)), Focus(KYIV, 0.2)),
    )
    page = render_html(result)
    assert (
        '<p class="gn-about">About: &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co, Kyiv</p>'
        in panel_of(page)
    )
    assert "<script>alert(1)" not in page


def test_no_about_line_without_a_focus() -> None:
    page = render_html(sample_result())
    assert "gn-about" not in panel_of(page)
    assert "About:" not in page


def test_mentions_of_a_focus_place_get_a_marked_pin_popup_and_tooltip() -> None:
    result = sample_result()
    result = Result(result.article, result.mentions, result.borders, focus=(Focus(MOSCOW, 0.5),))
    page = render_html(result)
    features = mention_features(page)
    focused = [f["properties"] for f in features if f["properties"]["focus"]]
    assert len(focused) == 2  # Moscou, twice
    for props in focused:
        assert "<th>Focus</th><td>focus of the article</td>" in props["popup"]
        assert props["tooltip"].endswith(" · focus of the article")
        assert "Moscow" in props["tooltip"]
    for feature in features:
        if not feature["properties"]["focus"]:
            assert "focus of the article" not in feature["properties"]["popup"]
    # The marker icon takes the gn-focus class, which the page's style draws.
    assert '(feature.properties.focus ? " gn-focus" : "")' in page
    assert ".gn-pin.gn-focus {" in page
    # Without a focus, no mention is marked.
    plain = mention_features(render_html(sample_result()))
    assert not any(f["properties"]["focus"] for f in plain)


def test_mention_inside_another_nests_and_a_straddling_one_is_left_plain() -> None:
    text = "La Nouvelle-Calédonie vote."
    whole = mention_of(text, "Nouvelle-Calédonie")
    inner = mention_of(text, "Calédonie")
    straddling = mention_of(text, "Calédonie vote")
    result = Result(
        Article(text),
        (
            GeoMention(inner, MOSCOW, 0.5),
            GeoMention(whole, KYIV, 0.5),
            GeoMention(straddling, POLAND, 0.5),
        ),
    )
    page = render_html(result)
    body = page.split('<div class="gn-text"', 1)[1].split("</div>", 1)[0]
    assert re.search(
        r'<span [^>]*data-mention-index="1"[^>]*>Nouvelle-'
        r'<span [^>]*data-mention-index="0"[^>]*>Calédonie</span></span> vote\.',
        body,
    )
    assert 'data-mention-index="2"' not in body


def test_borders_named_by_one_phrase_share_one_highlight() -> None:
    text = "Elle ferme la frontière avec la Lituanie et la Lettonie."
    phrase = mention_of(text, "frontière avec la Lituanie et la Lettonie")
    lithuania = place("Lithuania", "country", 55.2, 23.9, "LT")
    line = (((26.0, 55.0), (26.5, 55.5)),)
    result = Result(
        Article(text),
        (GeoMention(mention_of(text, "Lituanie"), lithuania, 0.9),),
        (Border(phrase, ("BY", "LT"), 680.0, line), Border(phrase, ("BY", "LV"), 173.0, line)),
    )
    body = render_html(result).split('<div class="gn-text"', 1)[1].split("</div>", 1)[0]
    assert body.count("data-border-index=") == 1
    assert re.search(
        r'<span class="gn-mention gn-kind-border" data-border-index="0 1" role="button" '
        r'tabindex="0" title="border BY – LT, BY – LV">frontière avec la '
        r'<span [^>]*data-mention-index="0"[^>]*>Lituanie</span> et la Lettonie</span>',
        body,
    )


def test_legend_lists_the_kinds_on_the_map() -> None:
    page = render_html(sample_result())
    legend = page[page.index('<div id="gn-legend"') :].split("</div></div>", 1)[0]
    for label in ("Country", "City / town", "Landmark / metonym", "Border"):
        assert label in legend
    assert "Region / county" not in legend


def test_empty_result_renders_a_world_map() -> None:
    page = render_html(Result(Article("Rien ici."), ()))
    assert "Rien ici." in page
    assert "No place names found in this article." in page
    assert not re.search(r"\.fitBounds\(\s*\[\[", page)
    assert page_config(page)["mentions"]


def test_rendering_is_deterministic_with_fixed_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    pages = []
    for _ in range(2):
        counter = itertools.count()
        monkeypatch.setattr(
            "branca.element.Element._generate_id",
            classmethod(lambda cls, c=counter: f"{next(c):032x}"),
        )
        pages.append(render_html(sample_result(), outlines={"PL": PL_OUTLINE}))
    assert pages[0] == pages[1]


def test_outlines_are_lightened_for_display() -> None:
    # A dense coastline (2,000 points on a gentle curve) and an islet of 0.0004 square
    # degrees: the page keeps the shape, not the weight.
    edge = [[14.0 + i * 0.005, 49.0 + 0.0001 * (i % 2)] for i in range(2000)]
    mainland = [[*edge, [24.0, 54.0], [14.0, 54.0], [14.0, 49.0]]]
    islet = [[[18.0, 55.0], [18.02, 55.0], [18.02, 55.02], [18.0, 55.0]]]
    dense = {"type": "MultiPolygon", "coordinates": [mainland, islet]}
    page = render_html(sample_result(), outlines={"PL": dense})
    (poland,) = layer_features(page, page_config(page)["outlines"])
    geometry = poland["geometry"]
    polygons = (
        geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    )
    assert len(polygons) == 1  # the islet is gone
    ring = polygons[0][0]
    assert 4 <= len(ring) < 50
    assert all(len(str(x)) <= 8 for point in ring for x in point)


LINKED = re.compile(r"<(?:script|link|img)\b[^>]*\b(?:src|href)=\"([^\"]+)\"", re.IGNORECASE)


def test_render_map_outlines_the_mentioned_countries_over_the_gazetteer_world(
    small_gazetteer: Gazetteer,
) -> None:
    page = render_map(sample_result(), small_gazetteer)
    config = page_config(page)
    outlined = layer_features(page, config["outlines"])
    assert [f["properties"]["tooltip"].split(" · ")[0] for f in outlined] == ["Poland", "Belarus"]
    for feature in outlined:  # lightened for display: ~10 m is enough
        ring = feature["geometry"]["coordinates"][0]
        ring = ring if feature["geometry"]["type"] == "Polygon" else ring[0]
        assert all(round(x, 4) == x for point in ring for x in point)
    assert len(basemap_features(page)) == len(small_gazetteer.basemap())
    # The defaults of `geonews map`: OpenStreetMap tiles, Leaflet inlined.
    assert config["tiles"] and "https://tile.openstreetmap.org/{z}/{x}/{y}.png" in page
    assert not LINKED.findall(page)


def test_render_map_offline_loads_no_tiles_unless_asked(small_gazetteer: Gazetteer) -> None:
    offline = render_map(sample_result(), small_gazetteer, offline=True)
    assert page_config(offline)["tiles"] is None
    assert "tile.openstreetmap.org" not in offline and not LINKED.findall(offline)
    assert page_config(render_map(sample_result(), small_gazetteer, tiles="None"))["tiles"] is None
    asked = render_map(sample_result(), small_gazetteer, offline=True, tiles="OpenStreetMap")
    assert page_config(asked)["tiles"]


def test_render_map_links_leaflet_from_the_cdn_unless_self_contained(
    small_gazetteer: Gazetteer,
) -> None:
    page = render_map(sample_result(), small_gazetteer, self_contained=False)
    assert len(LINKED.findall(page)) == 5
    with pytest.raises(ValueError, match="self-contained"):
        render_map(sample_result(), small_gazetteer, self_contained=False, offline=True)


def corpus_places(payload: str = "Kyiv") -> list[CorpusPlace]:
    sentence = f"Les chars arrivent à {payload}."
    return [CorpusPlace("id:1", payload, "city", "UA", 50.45, 30.52, 2, 1, ((0, (sentence,)),))]


def test_corpus_page_inlines_leaflet_with_its_images_or_links_the_cdn() -> None:
    inlined = corpus_map_html(corpus_places(), [CorpusArticle("a1")], self_contained=True)
    assert not LINKED.findall(inlined)
    assert "url(images/" not in inlined  # leaflet.css images are data: URLs, as in articles
    assert "/* Leaflet 1.9.3, BSD-2-Clause */" in inlined
    linked = LINKED.findall(corpus_map_html(corpus_places(), [CorpusArticle("a1")]))
    assert len(linked) == 5
    assert all(
        re.match(r"https://cdn\.jsdelivr\.net/npm/leaflet(\.markercluster)?@", u) for u in linked
    )


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_corpus_page_escapes_every_record_text(payload: str) -> None:
    page = corpus_map_html(corpus_places(payload), [CorpusArticle(payload, payload)])
    # Outside HTML, raw text is only a marker's title, as JSON data: no markup gets in.
    assert "<" not in payload or payload not in page
    assert f'<option value="0">{escape_text(payload)} — {escape_text(payload)}</option>' in page
    assert page.count("<script") == corpus_map_html(corpus_places(), []).count("<script")


def imported_modules(path: Path, package: str) -> set[str]:
    """Every module a source file imports, anywhere in it, relative imports resolved.

    ``from a import b`` counts as importing both ``a`` and ``a.b`` (b may be a module).
    """
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            parts = package.split(".")
            base = ".".join(parts[: len(parts) - node.level + 1]) if node.level else ""
            module = ".".join(p for p in (base, node.module or "") if p)
            modules.add(module)
            modules.update(f"{module}.{alias.name}" for alias in node.names)
    return modules


def test_render_imports_neither_pipeline_nor_batch_nor_cli(tmp_path: Path) -> None:
    """render draws what it is given: reaching back into the stages that geoparse, or into
    batch (which hands the corpus page its records), would tie them in a knot."""
    import geonews.render

    forbidden = {("geonews", "pipeline"), ("geonews", "batch"), ("geonews", "cli")}
    package = Path(geonews.render.__file__).parent
    sources = sorted(package.rglob("*.py"))
    assert len(sources) > 5
    found = [
        f"{path.name}: {module}"
        for path in sources
        for module in sorted(imported_modules(path, "geonews.render"))
        if tuple(module.split(".")[:2]) in forbidden
    ]
    assert found == []
    # The check itself sees every form of import.
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import geonews.cli\nfrom geonews import batch\n"
        "def f():\n    from ..pipeline import Geoparser\n",
        encoding="utf-8",
    )
    assert {"geonews.cli", "geonews.batch", "geonews.pipeline"} <= imported_modules(
        probe, "geonews.render"
    )
