"""Ranking candidates with the article's context, against a hand-made candidate source."""

from __future__ import annotations

from geonews.model import Mention, Place
from geonews.resolve import resolve

UKRAINE = Place("geonames:690791", "Ukraine", "country", 49.0, 32.0, "UA", 41_000_000)
UKRAINE_TOWN = Place("geonames:1", "Ucrania", "city", 37.0, -6.0, "ES", 2_000)
FRANCE = Place("geonames:3017382", "France", "country", 46.0, 2.0, "FR", 67_000_000)
PARIS_FR = Place("geonames:2988507", "Paris", "city", 48.85, 2.35, "FR", 2_100_000, "11")
PARIS_TX = Place("geonames:4717560", "Paris", "city", 33.66, -95.55, "US", 25_000, "TX")
TEXAS = Place("geonames-admin1:US.TX", "Texas", "region", 31.0, -100.0, "US", 0, "TX")
USA = Place("geonames:6252001", "United States", "country", 39.8, -98.5, "US", 327_000_000)
KREMLIN = Place("curated:kremlin", "Moscow Kremlin", "landmark", 55.752, 37.6175, "RU")
ALEX_LA = Place("geonames:4314550", "Alexandria", "city", 31.31, -92.45, "US", 47_000, "LA")
ALEX_EG = Place("geonames:361058", "Alexandria", "city", 31.2, 29.9, "EG", 3_800_000, "06")
ALEX_VA = Place("geonames:4744091", "Alexandria", "city", 38.8, -77.05, "US", 150_000, "VA")
LOUISIANA = Place("geonames-admin1:US.LA", "Louisiana", "region", 31.0, -92.0, "US", 0, "LA")


class FakeSource:
    def __init__(self, table: dict[str, list[Place]]) -> None:
        self.table = table
        self.calls: list[str] = []

    def lookup(self, name: str, *, limit: int = 50) -> list[Place]:
        self.calls.append(name)
        return self.table.get(name, [])[:limit]


def mentions_in(text: str, *names: str, metonyms: frozenset[str] = frozenset()) -> list[Mention]:
    found, cursor = [], 0
    for name in names:
        start = text.index(name, cursor)
        cursor = start + len(name)
        found.append(Mention(name, start, cursor, text, 0, metonym=name in metonyms))
    return found


def test_country_outranks_same_named_town() -> None:
    text = "La guerre en Ukraine."
    source = FakeSource({"Ukraine": [UKRAINE_TOWN, UKRAINE]})
    [g] = resolve(mentions_in(text, "Ukraine"), text, source)
    assert g.place == UKRAINE
    assert g.confidence > 0.9
    assert g.alternatives == (UKRAINE_TOWN,)


def test_population_decides_without_context() -> None:
    text = "Paris fête."
    [g] = resolve(mentions_in(text, "Paris"), text, FakeSource({"Paris": [PARIS_TX, PARIS_FR]}))
    assert g.place == PARIS_FR


def test_qualifier_beats_population() -> None:
    text = "Born in Paris, Texas, she moved."
    source = FakeSource({"Paris": [PARIS_FR, PARIS_TX], "Texas": [TEXAS]})
    paris, texas = resolve(mentions_in(text, "Paris", "Texas"), text, source)
    assert paris.place == PARIS_TX
    assert texas.place == TEXAS


def test_parenthesised_qualifier_counts() -> None:
    text = "Alexandria (Louisiana) flooded."
    source = FakeSource({"Alexandria": [ALEX_EG, ALEX_VA, ALEX_LA], "Louisiana": [LOUISIANA]})
    alexandria, _ = resolve(mentions_in(text, "Alexandria", "Louisiana"), text, source)
    assert alexandria.place == ALEX_LA


def test_region_named_elsewhere_in_article_is_context() -> None:
    text = "Louisiana storms. Later, Alexandria lost power."
    source = FakeSource({"Alexandria": [ALEX_EG, ALEX_VA, ALEX_LA], "Louisiana": [LOUISIANA]})
    _, alexandria = resolve(mentions_in(text, "Louisiana", "Alexandria"), text, source)
    assert alexandria.place == ALEX_LA


def test_country_named_in_article_is_context() -> None:
    text = "In the United States, Paris is quiet."
    source = FakeSource({"United States": [USA], "Paris": [PARIS_FR, PARIS_TX]})
    _, paris = resolve(mentions_in(text, "United States", "Paris"), text, source)
    assert paris.place == PARIS_TX


def test_one_sense_per_name_and_one_lookup_per_name() -> None:
    text = "Paris, Texas. Paris again. Paris."
    source = FakeSource({"Paris": [PARIS_FR, PARIS_TX], "Texas": [TEXAS]})
    mentions = mentions_in(text, "Paris", "Texas", "Paris", "Paris")
    results = resolve(mentions, text, source)
    assert {g.place for g in results if g.mention.text == "Paris"} == {PARIS_TX}
    assert source.calls.count("Paris") == 1


def test_metonym_resolves_to_its_landmark() -> None:
    text = "Le Kremlin a déclaré."
    source = FakeSource({"Kremlin": [KREMLIN]})
    [g] = resolve(mentions_in(text, "Kremlin", metonyms=frozenset({"Kremlin"})), text, source)
    assert g.place == KREMLIN


def test_unknown_name_stays_unresolved() -> None:
    text = "Atlantis sank."
    [g] = resolve(mentions_in(text, "Atlantis"), text, FakeSource({}))
    assert g.place is None and not g.resolved and g.confidence == 0.0


def test_close_call_has_low_confidence() -> None:
    a = Place("geonames:10", "Springfield", "city", 39.8, -89.6, "US", 100_000, "IL")
    b = Place("geonames:11", "Springfield", "city", 37.2, -93.3, "US", 100_000, "MO")
    text = "Springfield."
    [g] = resolve(mentions_in(text, "Springfield"), text, FakeSource({"Springfield": [a, b]}))
    assert 0.4 < g.confidence < 0.6


def test_nearby_sure_place_decides_between_homonyms() -> None:
    pineville = Place("geonames:4338012", "Pineville", "city", 31.32, -92.43, "US", 14_000, "LA")
    text = "Pineville crews helped Alexandria."
    source = FakeSource({"Pineville": [pineville], "Alexandria": [ALEX_VA, ALEX_LA]})
    _, alexandria = resolve(mentions_in(text, "Pineville", "Alexandria"), text, source)
    assert alexandria.place == ALEX_LA


def test_countries_are_not_anchors() -> None:
    # "France" says nothing about which Paris a story means within a few hundred km.
    text = "France. Paris."
    source = FakeSource({"France": [FRANCE], "Paris": [PARIS_TX, PARIS_FR]})
    _, paris = resolve(mentions_in(text, "France", "Paris"), text, source)
    assert paris.place == PARIS_FR


NEW_YORK_STATE = Place(
    "geonames:5128638", "New York", "region", 41.8, -74.7, "US", 19_000_000, "NY"
)
NEW_YORK_CITY = Place(
    "geonames:5128581", "New York City", "city", 40.71, -74.0, "US", 8_800_000, "NY"
)
ALBANY = Place("geonames:5106834", "Albany", "city", 42.65, -73.76, "US", 97_000, "NY")


def test_big_city_beats_its_same_named_region() -> None:
    text = "New York celebrates."
    source = FakeSource({"New York": [NEW_YORK_STATE, NEW_YORK_CITY]})
    [g] = resolve(mentions_in(text, "New York"), text, source)
    assert g.place == NEW_YORK_CITY


def test_qualifier_still_selects_the_region() -> None:
    text = "Albany, New York votes."
    source = FakeSource({"Albany": [ALBANY], "New York": [NEW_YORK_STATE, NEW_YORK_CITY]})
    _, state = resolve(mentions_in(text, "Albany", "New York"), text, source)
    assert state.place == NEW_YORK_STATE


def test_abbreviation_is_looked_up_with_its_period() -> None:
    text = "Troops left the U.S. Ganzhou is far."
    ganzhou = Place("geonames:1810638", "Ganzhou", "city", 25.8, 114.9, "CN", 1_000_000)
    source = FakeSource({"U.S.": [USA], "U.S": [ganzhou]})
    [g] = resolve(mentions_in(text, "U.S"), text, source)
    assert g.place == USA


def test_period_retry_falls_back_to_the_name_as_written() -> None:
    text = "She lives in Paris."
    [g] = resolve(mentions_in(text, "Paris"), text, FakeSource({"Paris": [PARIS_FR]}))
    assert g.place == PARIS_FR


def test_tiny_territory_does_not_win_by_kind_alone() -> None:
    island = Place("geonames:2155115", "Norfolk Island", "country", -29.0, 168.0, "NF", 1_800)
    norfolk = Place("geonames:4776222", "Norfolk", "city", 36.85, -76.29, "US", 242_000, "VA")
    text = "Norfolk shipyards."
    [g] = resolve(mentions_in(text, "Norfolk"), text, FakeSource({"Norfolk": [island, norfolk]}))
    assert g.place == norfolk
