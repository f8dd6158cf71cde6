"""Nationality words as mentions of their country, only when asked for."""

from __future__ import annotations

import json

from geonews.demonyms import countries_of_demonyms, demonym_table, find_demonyms
from geonews.export import to_geojson, to_table
from geonews.gazetteer import Gazetteer
from geonews.model import Article
from geonews.pipeline import Geoparser
from geonews.render import render_map

TEXT_FR = "Les forces russes ont bombardé Kharkiv. Des soldats ukrainiens et des Russes."


def test_the_table_covers_english_and_french() -> None:
    assert demonym_table("en")["Russians"] == "RU"
    assert demonym_table("en")["Congolese"] == "CD"  # the most populous of two
    assert demonym_table("fr")["russes"] == "RU"
    assert demonym_table("fr")["sud-coréenne"] == "KR"
    assert not demonym_table("xx")


def test_words_outside_other_mentions_are_found_in_both_cases() -> None:
    kharkiv = TEXT_FR.index("Kharkiv")
    found = find_demonyms(TEXT_FR, "fr", [(kharkiv, kharkiv + 7)], [(0, len(TEXT_FR))])
    assert [(m.text, code, m.demonym, m.label) for m, code in found] == [
        ("russes", "RU", True, "DEMONYM"),
        ("ukrainiens", "UA", True, "DEMONYM"),
        ("Russes", "RU", True, "DEMONYM"),
    ]


def test_english_takes_the_longest_form_and_skips_taken_spans() -> None:
    text = "South Korean and Indian officials met near the Indian Ocean."
    ocean = text.index("Indian Ocean")
    found = find_demonyms(text, "en", [(ocean, ocean + 12)], [(0, len(text))])
    assert [(m.text, code) for m, code in found] == [("South Korean", "KR"), ("Indian", "IN")]


def test_a_compound_of_two_peoples_names_both_but_russian_born_none() -> None:
    text = "A Russian-American crew, Egyptian-US ties, a Russian-born man, pro-Russian forces."
    found = find_demonyms(text, "en", [], [(0, len(text))])
    assert [(m.text, code) for m, code in found] == [
        ("Russian", "RU"),
        ("American", "US"),
        ("Egyptian", "EG"),
    ]


def test_nationality_words_name_their_countries_for_the_resolver() -> None:
    text = "An Egyptian court fined the American Airlines pilot; Peruvian envoys left."
    airline = (text.index("American"), text.index(" pilot"))
    assert countries_of_demonyms(text, "en", [airline]) == {"EG", "PE"}
    assert countries_of_demonyms("les forces russes et les Ukrainiens", "fr") == {"RU", "UA"}
    assert countries_of_demonyms("Nothing national here.", "en") == frozenset()


def test_off_by_default_and_their_own_role_and_layer_when_asked(
    small_gazetteer_path: object, french_nlp: object
) -> None:
    article = Article(text=TEXT_FR, lang="fr")
    nlp = {"fr": french_nlp}
    with Geoparser(gazetteer=Gazetteer(small_gazetteer_path), nlp=nlp) as plain:  # type: ignore[arg-type]
        default = plain.parse(article)
    assert [g.mention.text for g in default.mentions] == ["Kharkiv"]
    with Geoparser(
        gazetteer=Gazetteer(small_gazetteer_path),  # type: ignore[arg-type]
        nlp=nlp,  # type: ignore[arg-type]
        demonyms=True,
    ) as geoparser:
        result = geoparser.parse(article)
        page = render_map(result, geoparser.gazetteer)
    roles = {
        f["properties"]["mention"]: f["properties"]["role"]
        for f in json.loads(to_geojson(result))["features"]
    }
    assert roles == {
        "russes": "demonym",
        "Kharkiv": "toponym",
        "ukrainiens": "demonym",
        "Russes": "demonym",
    }
    assert "† demonym" in to_table(result)
    assert "Nationalities (3)" in page and "Mentions (1)" in page


def test_the_people_of_a_state_or_province_name_it_and_its_country() -> None:
    assert demonym_table("en")["Texans"] == "US-TX"
    assert demonym_table("en")["Ontarian"] == "CA-ON"
    assert demonym_table("fr")["québécoises"] == "CA-QC"
    # For reading the other names, the people of a state name its country.
    assert countries_of_demonyms("Texans and Bavarians voted.", "en") == {"US", "DE"}


def test_every_subdivision_code_of_the_table_is_a_region_of_the_gazetteer(
    full_gazetteer: Gazetteer,
) -> None:
    codes = {code for lang in ("en", "fr") for code in demonym_table(lang).values()}
    for code in sorted(c for c in codes if "-" in c):
        regions = [p for p in full_gazetteer.lookup(code) if p.kind == "region"]
        assert regions and regions[0].country_code == code[:2], code
