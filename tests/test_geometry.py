"""Border phrases and shared border lines, on the small gazetteer's Natural Earth outlines."""

from __future__ import annotations

import pytest

from geonews.gazetteer import Gazetteer
from geonews.geometry import border_line, country_outlines, find_borders, great_circle_km
from geonews.lexicon import load_lexicon
from geonews.model import GeoMention, Mention, Place

COUNTRIES = {
    "Biélorussie": "BY",
    "Belarus": "BY",
    "Lituanie": "LT",
    "Lithuania": "LT",
    "Pologne": "PL",
    "Poland": "PL",
    "Lettonie": "LV",
    "Latvia": "LV",
    "Ukraine": "UA",
    "Russie": "RU",
    "France": "FR",
    "Espagne": "ES",
    "Allemagne": "DE",
    "Germany": "DE",
}


def countries_in(text: str) -> list[GeoMention]:
    """GeoMentions for every country name of COUNTRIES found in text, in text order."""
    found = []
    for name, code in COUNTRIES.items():
        start = text.find(name)
        while start != -1:
            mention = Mention(name, start, start + len(name), text, 0)
            place = Place(f"test:{code}", name, "country", 0.0, 0.0, code)
            found.append(GeoMention(mention, place, 1.0))
            start = text.find(name, start + 1)
    return sorted(found, key=lambda g: g.mention.start)


def pairs(text: str, gazetteer: Gazetteer, lang: str) -> list[tuple[str, str]]:
    return [
        b.countries
        for b in find_borders(
            text, countries_in(text), gazetteer.outline, lexicon=load_lexicon(lang)
        )
    ]


def test_border_crossings_sentence(small_gazetteer: Gazetteer) -> None:
    text = (
        "Les Français se trouvant en Biélorussie doivent partir via les points de passage "
        "frontaliers avec la Lituanie, la Pologne ou la Lettonie."
    )
    assert pairs(text, small_gazetteer, "fr") == [("BY", "LT"), ("BY", "PL"), ("BY", "LV")]


def test_frontiere_avec(small_gazetteer: Gazetteer) -> None:
    text = "La Pologne renforce sa frontière avec la Biélorussie."
    assert pairs(text, small_gazetteer, "fr") == [("PL", "BY")]


def test_frontiere_entre(small_gazetteer: Gazetteer) -> None:
    text = "Des tensions à la frontière entre la France et l'Allemagne ? Non, entre l'Espagne."
    assert pairs(text, small_gazetteer, "fr") == [("FR", "DE")]


def test_english_border_with(small_gazetteer: Gazetteer) -> None:
    text = "Poland closed its border with Belarus on Monday; Lithuania followed."
    assert pairs(text, small_gazetteer, "en") == [("PL", "BY")]


def test_english_border_crossings_into(small_gazetteer: Gazetteer) -> None:
    text = "From Belarus, travellers queue at border crossings into Poland, Lithuania and Latvia."
    assert pairs(text, small_gazetteer, "en") == [("BY", "PL"), ("BY", "LT"), ("BY", "LV")]


def test_countries_that_do_not_touch_get_no_border(small_gazetteer: Gazetteer) -> None:
    text = "La France ferme sa frontière avec la Lituanie."
    assert pairs(text, small_gazetteer, "fr") == []


def test_country_list_without_border_word_is_not_a_border(small_gazetteer: Gazetteer) -> None:
    text = "En Biélorussie, comme en Lituanie, en Pologne ou en Lettonie."
    assert pairs(text, small_gazetteer, "fr") == []


def test_border_line_lies_on_both_outlines(small_gazetteer: Gazetteer) -> None:
    belarus, poland = small_gazetteer.outline("BY"), small_gazetteer.outline("PL")
    assert belarus is not None and poland is not None
    line = border_line(belarus, poland)
    assert line is not None
    assert line.distance(belarus.boundary) < 1e-6 and line.distance(poland.boundary) < 1e-6
    assert line.length > 1


def test_great_circle_paris_moscow() -> None:
    assert great_circle_km(48.8566, 2.3522, 55.7558, 37.6173) == pytest.approx(2486, rel=0.01)


def test_simplified_outlines_are_geojson(small_gazetteer: Gazetteer) -> None:
    shapes = country_outlines(["BY", "BY", "XX"], small_gazetteer.outline)
    assert list(shapes) == ["BY"]
    assert shapes["BY"]["type"] in {"Polygon", "MultiPolygon"}
