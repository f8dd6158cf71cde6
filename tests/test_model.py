"""The records between stages: their GeoJSON and the one way coordinates are rounded."""

from __future__ import annotations

from geonews.model import (
    COORDINATE_DECIMALS,
    POINT_DECIMALS,
    Border,
    GeoMention,
    Mention,
    Place,
    round_coordinates,
)

MENTION = Mention("la Pologne", 10, 20, "la frontière avec la Pologne", 0)


def test_round_coordinates_rounds_a_number_or_nested_sequences_into_lists() -> None:
    assert round_coordinates(50.4501234567, 5) == 50.45012
    assert round_coordinates(((30.5234567, 50.4501234), (24.1, 52.123456)), 3) == [
        [30.523, 50.45],
        [24.1, 52.123],
    ]
    assert round_coordinates([], 2) == []


def test_a_mention_point_keeps_six_places_and_a_border_line_five() -> None:
    place = Place("geonames:703448", "Kyiv", "city", 50.45466123, 30.52380456, "UA")
    point = GeoMention(MENTION, place).__geo_interface__
    assert POINT_DECIMALS == 6
    assert point["geometry"]["coordinates"] == [30.523805, 50.454661]
    assert point["properties"]["lat"] == 50.454661
    border = Border(MENTION, ("BY", "PL"), 398.04, (((23.1234567, 52.2345678),),))
    line = border.__geo_interface__
    assert COORDINATE_DECIMALS == 5
    assert line["geometry"]["coordinates"] == [[[23.12346, 52.23457]]]
    assert line["properties"]["length_km"] == 398.0
