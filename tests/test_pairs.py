"""Hyphened names: a pair of places cut in two, a name NER cut short read whole."""

from __future__ import annotations

from geonews.known import Known
from geonews.model import Mention
from geonews.pairs import hyphened_names

PLACES = {
    "paris": Known(("city",), 2_100_000),
    "bruxelles": Known(("city",), 1_200_000),
    "winston-salem": Known(("city",), 250_000),
    "winston": Known(("city",), 5_000),
    "salem": Known(("city",), 170_000),
    "guinea": Known(("country",), 13_000_000),
    "guinea-bissau": Known(("country",), 1_900_000),
    "bissau": Known(("city",), 400_000),
    "kremlin": Known(("landmark",), 0),
    "rio grande": Known(("other",), 0),
    "rio grande do sul": Known(("region",), 11_000_000),
    "abuja": Known(("city",), 1_200_000),
    "lagos": Known(("city",), 9_000_000),
    "lyon": Known(("city",), 500_000),
    "sault ste. marie": Known(("city",), 75_000),
    "marie": Known(("city",), 1_000),
    "st. kitts and nevis": Known(("country",), 50_000),
    "trinidad and tobago": Known(("country",), 1_400_000),
    "trinidad": Known(("city",), 80_000),
    "texas": Known(("region",), 29_000_000),
    "west bank": Known(("region",), 3_000_000),
    "gaza": Known(("city",), 600_000),
    "west bank and gaza": Known(("country",), 5_000_000),
    "oklahoma": Known(("region",), 4_000_000),
}


def known(name: str) -> Known:
    return PLACES.get(name.casefold(), Known((), 0))


def _mention(text: str, name: str) -> Mention:
    start = text.index(name)
    return Mention(name, start, start + len(name), text, 0)


def _read(text: str, *names: str) -> list[str]:
    mentions = [_mention(text, n) for n in names]
    return [text[m.start : m.end] for m in hyphened_names(mentions, text, known)]


def test_a_pair_of_places_is_cut_in_two() -> None:
    assert _read("Le train Paris-Bruxelles est en retard.", "Paris-Bruxelles") == [
        "Paris",
        "Bruxelles",
    ]


def test_a_route_read_as_one_name_is_cut_in_two() -> None:
    assert _read("The president flew from Abuja to Lagos.", "Abuja to Lagos") == [
        "Abuja",
        "Lagos",
    ]
    assert _read("Le TGV de Paris à Lyon est parti.", "Paris à Lyon") == ["Paris", "Lyon"]


def test_a_hyphened_name_the_gazetteer_knows_stays_whole() -> None:
    assert _read("The mayor of Winston-Salem spoke.", "Winston-Salem") == ["Winston-Salem"]


def test_a_pair_with_a_seat_of_power_is_left_alone() -> None:
    assert _read("The Paris-Kremlin line is open.", "Paris-Kremlin") == ["Paris-Kremlin"]


def test_a_name_ner_cut_at_its_hyphen_is_read_whole() -> None:
    text = "Officials from Guinea-Bissau attended."
    assert _read(text, "Guinea") == ["Guinea-Bissau"]
    assert _read(text, "Bissau") == ["Guinea-Bissau"]
    assert _read(text, "Guinea", "Bissau") == ["Guinea-Bissau"]


def test_a_name_ner_cut_at_an_abbreviation_is_read_whole() -> None:
    text = "His roots are in Sault Ste. Marie, Ontario."
    assert _read(text, "Marie") == ["Sault Ste. Marie"]


def test_a_name_holding_and_is_read_whole() -> None:
    # NER took the "and" and stopped; or it cut the name in two.
    assert _read("A ship under the flag of St. Kitts and Nevis sank.", "St. Kitts and") == [
        "St. Kitts and Nevis"
    ]
    text = "Fans in Trinidad and Tobago cheered."
    assert _read(text, "Trinidad", "Tobago") == ["Trinidad and Tobago"]
    # Two names in a row are two names, even when the gazetteer knows the pair.
    assert _read("Storms hit Texas and Oklahoma.", "Texas", "Oklahoma") == ["Texas", "Oklahoma"]
    assert _read("Youth in the West Bank and Gaza.", "West Bank", "Gaza") == ["West Bank", "Gaza"]


def test_a_name_cut_before_its_particles_is_read_whole() -> None:
    text = "Floods in Rio Grande do Sul left Porto Alegre under water."
    assert _read(text, "Rio Grande") == ["Rio Grande do Sul"]
    # Only into a name the gazetteer knows: "Paris of the East" stays Paris.
    assert _read("Shanghai, the Paris of the East.", "Paris") == ["Paris"]
