"""The rendered page in headless Chromium: offline, one popup per mention, reader links.

Skipped when Debian's /usr/bin/chromium is missing. Playwright drives that binary; it never
downloads a browser of its own. Every request other than the page file is aborted and
recorded, so a self-contained page that reaches for the network fails the test.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from geonews.model import Article, Border, GeoMention, Mention, Place, Result
from geonews.render import render_html

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium at /usr/bin"),
]

LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

HOSTILE = (
    '<img src=x onerror="window.__pwned = 1"> ${window.__pwned = 2} '
    "</script><script>window.__pwned = 3</script> {{ 7 * 7 }} "
    "\\`; window.__pwned = 4; `"
)
ARTICLE = (
    "Le Kremlin a rejeté mardi toute négociation. À Moscou, le ministère de la Défense "
    "affirme avoir progressé autour de Bakhmout, ce que dément Kyiv.\n\n"
    "À Bruxelles, les ministres des Affaires étrangères de l'Union européenne se sont "
    "réunis. La Pologne a renforcé sa frontière avec la Biélorussie, où Moscou a déployé "
    f"des troupes. Un communiqué a circulé : {HOSTILE} Selon Kyiv, les combats à Bakhmout "
    "ont repris. L'Ukraine demande de l'aide ; Moscou dément. Atlantis reste introuvable."
)

MOSCOW = Place("geonames:524901", "Moscow", "city", 55.75222, 37.61556, "RU", 10381222)
KYIV = Place("geonames:703448", "Kyiv", "city", 50.45466, 30.5238, "UA", 2797553)
BAKHMUT = Place("geonames:712451", "Bakhmut", "city", 48.59441, 37.99983, "UA", 77300)
BRUSSELS = Place("geonames:2800866", "Brussels", "city", 50.85045, 4.34878, "BE", 1019022)
KREMLIN = Place("landmark:kremlin", "Kremlin", "landmark", 55.7520, 37.6175, "RU")
POLAND = Place("country:PL", "Poland", "country", 52.0, 19.5, "PL")
BELARUS = Place("country:BY", "Belarus", "country", 53.5, 28.0, "BY")
UKRAINE = Place("country:UA", "Ukraine", "country", 49.0, 31.4, "UA")
EU_TOWN = Place("geonames:0", "Union", "city", 39.6, 2.9, "ES")

# Rough hand-drawn outlines: enough to see and click, not geography.
OUTLINES: dict[str, dict[str, Any]] = {
    "PL": {
        "type": "Polygon",
        "coordinates": [[[14.1, 49.0], [24.1, 49.0], [23.6, 54.4], [14.2, 54.0], [14.1, 49.0]]],
    },
    "BY": {
        "type": "Polygon",
        "coordinates": [[[23.6, 51.5], [32.7, 51.5], [31.0, 56.1], [24.0, 55.8], [23.6, 51.5]]],
    },
    "UA": {
        "type": "Polygon",
        "coordinates": [
            [
                [22.1, 48.4],
                [24.0, 51.6],
                [33.0, 52.3],
                [40.2, 49.6],
                [38.0, 46.6],
                [30.0, 45.3],
                [22.1, 48.4],
            ]
        ],
    },
    "RU": {
        "type": "Polygon",
        "coordinates": [
            [
                [32.7, 51.5],
                [40.2, 49.6],
                [48.0, 50.0],
                [60.0, 56.0],
                [40.0, 68.0],
                [28.0, 60.0],
                [31.0, 56.1],
                [32.7, 51.5],
            ]
        ],
    },
}


def _mention(text: str, word: str, nth: int = 0, *, metonym: bool = False) -> Mention:
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(word, pos + 1)
    start = max(text.rfind(". ", 0, pos) + 2, text.rfind("\n", 0, pos) + 1, 0)
    end = text.find(". ", pos)
    end = len(text) if end < 0 else end + 1
    return Mention(word, pos, pos + len(word), text[start:end], start, metonym=metonym)


def sample_result() -> Result:
    """A realistic result: cities, countries, a metonym, repeats, a border, an unknown."""
    t = ARTICLE
    mentions = (
        GeoMention(_mention(t, "Kremlin", metonym=True), KREMLIN, 0.96),
        GeoMention(_mention(t, "Moscou"), MOSCOW, 0.93),
        GeoMention(_mention(t, "Bakhmout"), BAKHMUT, 0.81),
        GeoMention(_mention(t, "Kyiv", metonym=True), KYIV, 0.9),
        GeoMention(_mention(t, "Bruxelles", metonym=True), BRUSSELS, 0.86),
        GeoMention(_mention(t, "Union"), EU_TOWN, 0.21, alternatives=(BRUSSELS,)),
        GeoMention(_mention(t, "Pologne"), POLAND, 0.97),
        GeoMention(_mention(t, "Biélorussie"), BELARUS, 0.97),
        GeoMention(_mention(t, "Moscou", 1, metonym=True), MOSCOW, 0.9),
        GeoMention(_mention(t, "Kyiv", 1), KYIV, 0.91),
        GeoMention(_mention(t, "Bakhmout", 1), BAKHMUT, 0.84),
        GeoMention(_mention(t, "Ukraine"), UKRAINE, 0.98),
        GeoMention(_mention(t, "Moscou", 2, metonym=True), MOSCOW, 0.9),
        GeoMention(_mention(t, "Atlantis"), None),
    )
    border = Border(
        _mention(t, "frontière avec la Biélorussie"),
        ("PL", "BY"),
        418.0,
        (((23.18, 52.28), (23.6, 52.6), (23.9, 53.15), (23.5, 53.95)),),
    )
    return Result(Article(t, "fr", "Guerre en Ukraine : la journée de mardi"), mentions, (border,))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield launched
        launched.close()


class LoadedPage:
    """A page opened offline, with what it requested and every error it raised."""

    def __init__(self, page: Any, url: str) -> None:
        self.page = page
        self.url = url
        self.requests: list[str] = []
        self.errors: list[str] = []

    def outside_requests(self) -> list[str]:
        return [u for u in self.requests if u != self.url and not u.startswith("data:")]


def open_map(browser: Any, path: Path, html: str, viewport: dict[str, int]) -> LoadedPage:
    path.write_text(html, encoding="utf-8")
    page = browser.new_page(viewport=viewport)
    loaded = LoadedPage(page, path.as_uri())

    def route(route: Any) -> None:
        url = route.request.url
        loaded.requests.append(url)
        if url.startswith(("file:", "data:", "about:")):
            route.continue_()
        else:
            route.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda exc: loaded.errors.append(f"pageerror: {exc}"))
    page.on(
        "console",
        lambda msg: loaded.errors.append(f"console: {msg.text}") if msg.type == "error" else None,
    )
    page.goto(loaded.url)
    page.wait_for_selector("html[data-geonews-ready]", timeout=10_000)
    return loaded


@pytest.fixture()
def offline_map(browser: Any, tmp_path: Path) -> Iterator[LoadedPage]:
    html = render_html(
        sample_result(),
        outlines=OUTLINES,
        basemap=OUTLINES,
        tiles=None,
        self_contained=True,
        attribution="GeoNames (CC BY 4.0), Natural Earth",
    )
    loaded = open_map(browser, tmp_path / "map.html", html, {"width": 1280, "height": 800})
    yield loaded
    loaded.page.close()


def popup_selector(index: int) -> str:
    return f'.leaflet-popup-content .gn-popup[data-mention-index="{index}"]'


def test_self_contained_map_makes_no_outside_request(offline_map: LoadedPage) -> None:
    page = offline_map.page
    page.wait_for_selector(".gn-pin, .marker-cluster")
    assert offline_map.outside_requests() == []
    assert page.evaluate("typeof L.MarkerClusterGroup") == "function"
    assert offline_map.errors == []


def test_every_mention_opens_its_own_popup(offline_map: LoadedPage) -> None:
    page = offline_map.page
    result = sample_result()
    resolved = [i for i, gm in enumerate(result.mentions) if gm.resolved]
    assert page.evaluate("window.geonews.mentionIndexes.map(Number)") == resolved
    opened = 0
    for index in resolved:
        page.evaluate(
            "i => { window.geonews.map.closePopup(); window.geonews.openMention(i); }", index
        )
        popup = page.wait_for_selector(popup_selector(index), timeout=8_000)
        assert popup is not None
        text = popup.inner_text()
        place = result.mentions[index].place
        assert place is not None
        assert place.name in text
        assert result.mentions[index].mention.text in text
        opened += 1
    assert opened == len(result.resolved) == 13
    assert offline_map.errors == []


def test_clicking_a_mention_in_the_text_opens_its_popup(offline_map: LoadedPage) -> None:
    page = offline_map.page
    index = 10  # the second "Bakhmout", which shares its coordinates with the first
    mention = sample_result().mentions[index].mention
    page.click(f'.gn-text [data-mention-index="{index}"]')
    popup = page.wait_for_selector(popup_selector(index), timeout=8_000)
    assert popup is not None
    assert " ".join(mention.sentence.split()[:6]) in " ".join(popup.inner_text().split())
    assert "2 of 2 of this place" in popup.inner_text()
    # Both mentions of Bakhmut are highlighted, this one as the current one.
    active = page.eval_on_selector_all(
        ".gn-text .gn-active", "els => els.map(e => e.dataset.mentionIndex)"
    )
    assert active == ["2", "10"]
    current = page.eval_on_selector_all(
        ".gn-text .gn-current", "els => els.map(e => e.dataset.mentionIndex)"
    )
    assert current == ["10"]
    assert offline_map.errors == []


def test_a_mention_among_identical_points_fans_them_out_at_a_readable_zoom(
    offline_map: LoadedPage,
) -> None:
    # Moscou is named three times: three markers on one point, which no zoom separates.
    page = offline_map.page
    before = page.evaluate("window.geonews.map.getZoom()")
    page.click('.gn-text [data-mention-index="8"]')
    assert page.wait_for_selector(popup_selector(8), timeout=8_000) is not None
    zoom = page.evaluate("window.geonews.map.getZoom()")
    # Not down to street level over a blank map: the points fan out where they are.
    assert zoom <= max(before, 8), f"zoomed from {before} to {zoom}"
    assert page.locator(".leaflet-marker-icon").count() >= 3
    assert offline_map.errors == []


def test_clicking_a_marker_highlights_its_mentions_in_the_text(offline_map: LoadedPage) -> None:
    page = offline_map.page
    page.evaluate("window.geonews.openMention(3)")  # bring Kyiv's marker on screen
    page.wait_for_selector(popup_selector(3), timeout=8_000)
    page.evaluate("window.geonews.map.closePopup()")
    page.wait_for_function("!document.querySelector('.gn-text .gn-active')")
    icon = page.evaluate_handle("window.geonews.markerOf(9)._icon")
    icon.as_element().dispatch_event("click")
    page.wait_for_selector(popup_selector(9), timeout=8_000)
    active = page.eval_on_selector_all(
        ".gn-text .gn-active", "els => els.map(e => e.dataset.mentionIndex)"
    )
    assert active == ["3", "9"]
    assert offline_map.errors == []


def test_clicking_a_border_mention_opens_the_border_popup(offline_map: LoadedPage) -> None:
    page = offline_map.page
    # The border phrase holds the mention of Belarus: its first word opens the border.
    page.click('.gn-text [data-border-index="0"]', position={"x": 4, "y": 4})
    popup = page.wait_for_selector('.leaflet-popup-content [data-border-index="0"]')
    assert popup is not None
    text = popup.inner_text()
    assert "PL – BY" in text
    assert "418 km" in text
    assert "frontière" in text
    border_highlight = page.get_attribute('.gn-text [data-border-index="0"]', "class")
    assert border_highlight is not None and "gn-current" in border_highlight
    assert offline_map.errors == []


def test_clicking_a_country_inside_the_border_phrase_opens_the_country(
    offline_map: LoadedPage,
) -> None:
    page = offline_map.page
    page.click('.gn-text [data-border-index="0"] [data-mention-index="7"]')
    popup = page.wait_for_selector(popup_selector(7), timeout=8_000)
    assert popup is not None
    assert "Belarus" in popup.inner_text()
    assert page.locator('.leaflet-popup-content [data-border-index="0"]').count() == 0
    assert offline_map.errors == []


def test_hostile_article_text_shows_as_text_and_runs_nothing(offline_map: LoadedPage) -> None:
    page = offline_map.page
    popups = []
    for index in (8, 9):  # the popups whose sentence holds the payload
        page.evaluate(
            "i => { window.geonews.map.closePopup(); window.geonews.openMention(i); }", index
        )
        popup = page.wait_for_selector(popup_selector(index), timeout=8_000)
        assert popup is not None
        popups.append(popup.inner_text())
    assert "${window.__pwned = 2}" in "".join(popups)
    assert "\\`; window.__pwned = 4; `" in "".join(popups)
    page.hover(".gn-text")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    panel_text = page.inner_text(".gn-text")
    assert '<img src=x onerror="window.__pwned = 1">' in panel_text
    assert "${window.__pwned = 2}" in panel_text
    assert "{{ 7 * 7 }}" in panel_text
    assert "\\`; window.__pwned = 4; `" in panel_text
    assert page.locator(".gn-text img, .gn-text script").count() == 0
    assert offline_map.errors == []


def test_map_shows_legend_layers_outlines_and_attribution(offline_map: LoadedPage) -> None:
    page = offline_map.page
    legend = page.inner_text(".leaflet-bottom .gn-legend.leaflet-control")
    for label in ("Country", "City / town", "Landmark / metonym", "Border"):
        assert label in legend
    overlays = page.eval_on_selector_all(
        ".leaflet-control-layers-overlays label", "els => els.map(e => e.textContent.trim())"
    )
    assert overlays == ["Country outlines", "Borders", "Mentions (13)"]
    assert "GeoNames (CC BY 4.0), Natural Earth" in page.inner_text(".leaflet-control-attribution")
    # Grey land for the four countries of the basemap; the three mentioned are outlined.
    assert page.locator(".leaflet-gn-basemap-pane path").count() == 4
    assert page.locator(".leaflet-gn-outlines-pane path").count() == 3
    assert page.locator(".leaflet-gn-borders-pane path").count() == 1


def test_map_falls_back_to_the_drawn_basemap_when_tiles_cannot_load(
    browser: Any, tmp_path: Path
) -> None:
    """The default page asks for tiles; offline (every request blocked) the land stays."""
    html = render_html(sample_result(), outlines=OUTLINES, basemap=OUTLINES, self_contained=True)
    loaded = open_map(browser, tmp_path / "map.html", html, {"width": 1280, "height": 800})
    try:
        page = loaded.page
        assert any("tile.openstreetmap.org" in url for url in loaded.requests)
        page.wait_for_selector(".leaflet-container.gn-plain", timeout=8_000)
        assert page.locator(".leaflet-gn-basemap-pane path").count() == 4
        page.evaluate("window.geonews.openMention(2)")
        assert page.wait_for_selector(popup_selector(2), timeout=8_000)
        assert not [e for e in loaded.errors if e.startswith("pageerror")]
    finally:
        loaded.page.close()


def test_corpus_map_draws_the_countries_when_its_tiles_cannot_load(
    browser: Any, tmp_path: Path
) -> None:
    from geonews.render import CorpusArticle, CorpusPlace, corpus_map_html

    kyiv = CorpusPlace(
        "geonames:703448",
        "Kyiv",
        "city",
        "UA",
        lat=50.45,
        lon=30.52,
        mentions=2,
        articles=1,
        sentences=((0, ("Les chars arrivent à Kiev.",)),),
    )
    html = corpus_map_html([kyiv], [CorpusArticle("a1")], self_contained=True, basemap=OUTLINES)
    loaded = open_map(browser, tmp_path / "corpus.html", html, {"width": 1280, "height": 800})
    try:
        page = loaded.page
        page.wait_for_selector("#gn-map.gn-plain", timeout=8_000)
        assert page.locator(".leaflet-overlay-pane path").count() == len(OUTLINES)
        assert page.locator(".gn-pin").count() == 1
        assert not [e for e in loaded.errors if e.startswith("pageerror")]
    finally:
        loaded.page.close()


def test_narrow_window_puts_the_text_under_the_map(browser: Any, tmp_path: Path) -> None:
    html = render_html(sample_result(), outlines=OUTLINES, tiles=None, self_contained=True)
    loaded = open_map(browser, tmp_path / "narrow.html", html, {"width": 390, "height": 800})
    try:
        page = loaded.page
        map_box = page.locator(".folium-map").bounding_box()
        panel_box = page.locator("#gn-panel").bounding_box()
        assert map_box and panel_box
        assert panel_box["y"] >= map_box["y"] + map_box["height"] - 1
        assert map_box["width"] == pytest.approx(390, abs=1)
        assert loaded.errors == []
    finally:
        loaded.page.close()


def test_on_a_phone_the_map_stays_in_view_while_the_text_scrolls(
    browser: Any, tmp_path: Path
) -> None:
    html = render_html(sample_result(), outlines=OUTLINES, tiles=None, self_contained=True)
    loaded = open_map(browser, tmp_path / "phone.html", html, {"width": 390, "height": 500})
    try:
        page = loaded.page
        last = page.locator('.gn-text .gn-mention[data-mention-index="12"]')
        last.scroll_into_view_if_needed()
        assert page.evaluate("scrollY") > 0  # the text runs below the map
        last.click()
        popup = page.wait_for_selector(popup_selector(12), timeout=8_000)
        assert popup is not None
        map_box = page.locator(".folium-map").bounding_box()
        box = popup.bounding_box()
        assert map_box and box
        assert map_box["y"] == pytest.approx(0, abs=1)  # the map stuck to the top
        assert box["y"] + box["height"] > 0 and box["y"] < map_box["height"]
        # A marker's popup scrolls its mention into view below the map, not behind it.
        page.evaluate("window.geonews.map.closePopup(); window.scrollTo(0, 0)")
        page.evaluate("window.geonews.openMention(0)")
        page.wait_for_selector(popup_selector(0), timeout=8_000)
        page.wait_for_timeout(300)
        current = page.locator(".gn-mention.gn-current").first.bounding_box()
        assert current and current["y"] >= map_box["height"] - 1
        assert current["y"] + current["height"] <= 500
        assert loaded.errors == []
    finally:
        loaded.page.close()


def test_on_a_phone_a_long_popup_stays_inside_the_map_and_off_its_buttons(
    browser: Any, tmp_path: Path
) -> None:
    # A 600-character sentence and eight runners-up: taller than the map on a phone.
    words = " ".join(f"mot{i}" for i in range(90))
    text = f"{words} à Union, selon les autorités, {words}."
    start = text.index("Union")
    mention = Mention("Union", start, start + 5, text, 0)
    towns = tuple(
        Place(f"geonames:{i}", f"Union {i}", "city", 40.0 + i, -80.0 - i, "US", 1000)
        for i in range(8)
    )
    result = Result(Article(text, "fr"), (GeoMention(mention, EU_TOWN, 0.1, alternatives=towns),))
    html = render_html(result, outlines=OUTLINES, tiles=None, self_contained=True)
    loaded = open_map(browser, tmp_path / "long.html", html, {"width": 390, "height": 844})
    try:
        page = loaded.page
        page.evaluate("window.geonews.openMention(0)")
        popup = page.wait_for_selector(".leaflet-popup", timeout=8_000)
        assert popup is not None
        page.wait_for_timeout(600)  # let the map pan the popup into view
        map_box = page.locator(".folium-map").bounding_box()
        box = popup.bounding_box()
        zoom = page.locator(".leaflet-control-zoom").bounding_box()
        layers = page.locator(".leaflet-control-layers").bounding_box()
        assert map_box and box and zoom and layers
        assert box["y"] >= map_box["y"] - 1, "the popup's top is cut off"
        assert box["y"] + box["height"] <= map_box["y"] + map_box["height"] + 1
        for button in (zoom, layers):
            overlaps = (
                box["x"] < button["x"] + button["width"]
                and button["x"] < box["x"] + box["width"]
                and box["y"] < button["y"] + button["height"]
                and button["y"] < box["y"] + box["height"]
            )
            assert not overlaps, "the popup covers the map's buttons"
        content = page.locator(".leaflet-popup-content")
        scrolls = content.evaluate("e => e.scrollHeight > e.clientHeight")
        assert scrolls, "the popup's content scrolls instead of overflowing"
        assert loaded.errors == []
    finally:
        loaded.page.close()


SAMPLE = Path(__file__).resolve().parents[1] / "data" / "ukraine-fr.txt"


@pytest.fixture(scope="module")
def sample_article_page(browser: Any, geoparser: Any, tmp_path_factory: Any) -> Iterator[Any]:
    """The README's sample article, geoparsed for real and opened offline."""
    from geonews.geometry import country_outlines

    article = Article(SAMPLE.read_text(encoding="utf-8"), "fr", source=str(SAMPLE))
    result = geoparser.parse(article)
    codes = [g.place.country_code for g in result.resolved if g.place and g.place.country_code]
    html = render_html(
        result,
        outlines=country_outlines(codes, geoparser.gazetteer.outline),
        basemap=geoparser.gazetteer.basemap(),
        tiles=None,
        self_contained=True,
        attribution="GeoNames (CC BY 4.0), Natural Earth, Unicode CLDR",
    )
    path = tmp_path_factory.mktemp("sample") / "ukraine-fr.html"
    loaded = open_map(browser, path, html, {"width": 1400, "height": 850})
    yield loaded, result
    loaded.page.close()


def test_sample_article_map_opens_every_popup_offline(sample_article_page: Any) -> None:
    loaded, result = sample_article_page
    page = loaded.page
    resolved = [i for i, gm in enumerate(result.mentions) if gm.resolved]
    assert len(resolved) == 31 and len(result.borders) == 3
    for index in resolved:
        page.evaluate(
            "i => { window.geonews.map.closePopup(); window.geonews.openMention(i); }", index
        )
        popup = page.wait_for_selector(popup_selector(index), timeout=8_000)
        assert popup is not None
        assert result.mentions[index].mention.text in popup.inner_text()
    assert loaded.outside_requests() == []
    assert loaded.errors == []


@pytest.mark.skipif(not os.environ.get("GEONEWS_SCREENSHOT"), reason="set GEONEWS_SCREENSHOT")
def test_write_screenshot_for_readme(sample_article_page: Any) -> None:
    """GEONEWS_SCREENSHOT=docs/map.png pytest tests/test_browser.py -k screenshot"""
    loaded, result = sample_article_page
    page = loaded.page
    kiev = next(i for i, g in enumerate(result.mentions) if g.mention.text == "Kiev")
    page.evaluate("i => { window.geonews.map.closePopup(); window.geonews.openMention(i); }", kiev)
    page.wait_for_selector(popup_selector(kiev), timeout=8_000)
    page.wait_for_timeout(600)
    target = Path(os.environ["GEONEWS_SCREENSHOT"])
    page.screenshot(path=str(target), animations="disabled")
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_nationality_words_sit_on_their_own_layer_off_until_asked(
    browser: Any, tmp_path: Path
) -> None:
    text = "Les forces russes tiennent Bakhmout."
    russes = Mention("russes", 11, 17, text, 0, label="DEMONYM", demonym=True)
    russia = Place("country:RU", "Russia", "country", 60.0, 100.0, "RU")
    result = Result(
        article=Article(text=text, lang="fr", title="t"),
        mentions=(
            GeoMention(russes, russia, 1.0),
            GeoMention(_mention(text, "Bakhmout"), BAKHMUT, 0.9),
        ),
    )
    html = render_html(result, outlines=OUTLINES, basemap=OUTLINES, tiles=None, self_contained=True)
    loaded = open_map(browser, tmp_path / "demonyms.html", html, {"width": 1280, "height": 800})
    page = loaded.page
    try:
        assert page.evaluate("!!window.geonews.markerOf(1)._map")  # the place is shown
        assert not page.evaluate("!!window.geonews.markerOf(0)._map")  # the demonym is not
        page.click('.gn-text [data-mention-index="0"]')
        popup = page.wait_for_selector(popup_selector(0), timeout=8_000)
        assert popup is not None and "nationality word" in popup.inner_text()
        assert page.evaluate("!!window.geonews.markerOf(0)._map")
        assert loaded.errors == []
    finally:
        page.close()
