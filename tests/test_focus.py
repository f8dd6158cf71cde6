"""What an article is about: datelines, titles, voices and scenes (geonews.focus)."""

from __future__ import annotations

import re

import pytest

from geonews.evaluate import focus_is_right
from geonews.focus import find_focus, headline_end
from geonews.gold import GoldPlace
from geonews.lexicon import load_lexicon
from geonews.model import Article, Focus, GeoMention, Mention, Place, Result

PLACES = {
    "Kabul": Place(
        "geonames:1138958", "Kabul", "city", 34.53, 69.17, "AF", 3_000_000, capital=True
    ),
    "Kandahar": Place("geonames:1138336", "Kandahar", "city", 31.61, 65.71, "AF", 390_000),
    "Afghanistan": Place("geonames:1149361", "Afghanistan", "country", 33.0, 66.0, "AF"),
    "Moscow": Place(
        "geonames:524901", "Moscow", "city", 55.75, 37.62, "RU", 10_000_000, capital=True
    ),
    "Washington": Place(
        "geonames:4140963", "Washington", "city", 38.9, -77.04, "US", 700_000, capital=True
    ),
    "Bakhmut": Place("geonames:713174", "Bakhmut", "city", 48.59, 37.99, "UA", 80_000),
    "Ukraine": Place("geonames:690791", "Ukraine", "country", 49.0, 32.0, "UA"),
    "Russia": Place("geonames:2017370", "Russia", "country", 60.0, 100.0, "RU"),
    "Nairobi": Place(
        "geonames:184745", "Nairobi", "city", -1.28, 36.82, "KE", 2_700_000, capital=True
    ),
    "Mombasa": Place("geonames:186301", "Mombasa", "city", -4.05, 39.66, "KE", 800_000),
    "Kenya": Place("geonames:192950", "Kenya", "country", 1.0, 38.0, "KE"),
    "Chile": Place("geonames:3895114", "Chile", "country", -30.0, -71.0, "CL"),
    "Peru": Place("geonames:3932488", "Peru", "country", -10.0, -76.0, "PE"),
    "Valparaíso": Place("geonames:3868626", "Valparaíso", "city", -33.04, -71.63, "CL", 280_000),
    "Portland": Place(
        "geonames:5746545", "Portland", "city", 45.52, -122.68, "US", 650_000, admin1="OR"
    ),
    "Oregon": Place("geonames:5744337", "Oregon", "region", 44.0, -120.5, "US", 4_000_000, "OR"),
    "United States": Place("geonames:6252001", "United States", "country", 39.8, -98.5, "US"),
}
COUNTRIES = {p.country_code: p for p in PLACES.values() if p.kind == "country"}


def mentions_in(text: str, names: list[str] | None = None) -> list[GeoMention]:
    """Every name of PLACES in ``text``, resolved to it (a toy reading, not NER)."""
    found = []
    for name, place in PLACES.items():
        if names is not None and name not in names:
            continue
        for match in re.finditer(rf"\b{name}\b", text, re.IGNORECASE):
            mention = Mention(name, match.start(), match.end(), text, 0)
            found.append(GeoMention(mention, place, 1.0))
    return sorted(found, key=lambda g: g.mention.start)


def region_of(code: str, admin1: str) -> Place | None:
    return next((p for p in PLACES.values() if p.kind == "region" and p.admin1 == admin1), None)


def focus_of(text: str, lang: str = "en", title: str | None = None) -> list[str]:
    focus = find_focus(
        text,
        mentions_in(text),
        lexicon=load_lexicon(lang),
        title=title,
        country=COUNTRIES.get,
        region=region_of,
    )
    return [f.place.name for f in focus]


def test_a_dateline_puts_the_story_in_its_town() -> None:
    text = (
        "KANDAHAR (AP) — Gunmen killed a provincial official on Monday, police said.\n\n"
        "Officials in Kabul condemned the attack. Kabul has promised an inquiry.\n"
    )
    assert focus_of(text) == ["Kandahar", "Afghanistan"]


def test_a_dateline_with_a_state_and_an_agency_is_read() -> None:
    text = "Mombasa, Kenya (Reuters) -- Floods cut the port road.\nNairobi sent help."
    assert focus_of(text)[0] == "Mombasa"


def test_a_title_that_names_the_place_outweighs_passing_mentions() -> None:
    text = (
        "Chile votes on a new constitution\n\n"
        "Voters went to the polls on Sunday. Observers from Peru and Peru's neighbours "
        "watched; in Peru the vote was followed closely.\n"
    )
    assert headline_end(text) == len("Chile votes on a new constitution")
    assert focus_of(text) == ["Chile"]


def test_a_title_given_apart_counts_as_well() -> None:
    text = "Voters in Peru and Peru's neighbours watched as Chile voted."
    assert focus_of(text, title="Chile votes on a new constitution") == ["Chile"]


def test_voices_that_outnumber_the_scene_do_not_take_the_focus() -> None:
    text = (
        "Moscow said on Monday that the talks had failed. Washington warned of new "
        "sanctions, and Moscow replied that it would not bend. Washington said it would "
        "answer.\n\nIn Bakhmut, shelling went on through the night; the last civilians "
        "left Bakhmut by the western road.\n"
    )
    assert focus_of(text) == ["Bakhmut", "Ukraine"]


def test_a_capital_that_is_the_scene_is_no_voice() -> None:
    text = "Police in Nairobi dispersed a march. A Nairobi court later freed the marchers."
    assert focus_of(text) == ["Nairobi", "Kenya"]


def test_a_country_named_more_than_its_towns_is_the_focus() -> None:
    text = (
        "Kenya bans plastic bags\n\nKenya has banned plastic bags. Traders in Kenya said "
        "the ban hurt them; shops in Mombasa emptied their shelves. Kenya will fine "
        "offenders."
    )
    focus = find_focus(text, mentions_in(text), lexicon=load_lexicon("en"), country=COUNTRIES.get)
    assert [f.place.name for f in focus] == ["Kenya"]
    assert focus[0].reasons[0] == "title"
    assert "holds 1 place named" in focus[0].reasons
    assert 0.5 < focus[0].score <= 1.0


def test_a_state_after_its_town_is_the_towns_address() -> None:
    text = (
        "3 dead in Oregon mall shooting\n\n"
        "A gunman opened fire at a mall outside Portland, Oregon, on Tuesday. Police in "
        "Portland, Oregon, said the mall would stay shut. The mayor of Portland spoke.\n"
    )
    assert focus_of(text) == ["Portland", "Oregon", "United States"]


def test_a_town_is_no_focus_where_another_country_outweighs_its_own() -> None:
    text = (
        "Where to go in Kenya\n\nKenya is vast. Kenya has parks, and Kenya has beaches; "
        "Kenya rewards a second trip, and Kenya's north is wild. Mombasa is hot. A few fly "
        "on to Valparaíso, and Valparaíso is worth it.\n"
    )
    assert focus_of(text) == ["Kenya"]


def test_a_nationality_word_in_the_title_names_its_country() -> None:
    assert focus_of("Kenyan police free activists\n\nThe activists were freed on Monday.") == [
        "Kenya"
    ]


def test_no_place_no_focus() -> None:
    assert focus_of("Markets fell on Monday.") == []


@pytest.mark.parametrize(
    ("top", "right"),
    [("Mombasa", True), ("Kenya", True), ("Nairobi", False), ("Peru", False)],
)
def test_focus_accuracy_counts_a_top_focus_near_a_main_place_or_holding_it(
    top: str, right: bool
) -> None:
    place = PLACES[top]
    result = Result(Article("x", lang="en"), (), focus=(Focus(place, 1.0),))
    mains = [GoldPlace(0, 7, "Mombasa", -4.05, 39.66, main=True)]

    def holds(area: Place, lat: float, lon: float) -> bool | None:
        return area.country_code == "KE" if area.kind == "country" else None

    assert focus_is_right(result, mains, holds) is right


def test_the_sample_article_is_about_bakhmut_in_ukraine(geoparser: object) -> None:
    from pathlib import Path

    from geonews.pipeline import Geoparser

    assert isinstance(geoparser, Geoparser)
    text = (Path(__file__).parent.parent / "data" / "ukraine-fr.txt").read_text(encoding="utf-8")
    result = geoparser.parse(Article(text, lang="fr"))
    assert result.about == "Bakhmut, Ukraine"
    assert "named 4 times" in result.focus[0].reasons
