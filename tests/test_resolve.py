"""Ranking candidates with the article's context, against a hand-made candidate source."""

from __future__ import annotations

from geonews.gazetteer import normalize_name
from geonews.gazetteer.names import SMALL_TOWN_SOURCE
from geonews.lexicon import load_lexicon
from geonews.model import Mention, Place
from geonews.resolve import resolve

# Resolution reads only the lists every language shares: any language's lexicon will do.
LEXICON = load_lexicon("en")

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
    [g] = resolve(mentions_in(text, "Ukraine"), text, source, lexicon=LEXICON)
    assert g.place == UKRAINE
    assert g.confidence > 0.9
    assert g.alternatives == (UKRAINE_TOWN,)


def test_population_decides_without_context() -> None:
    text = "Paris fête."
    [g] = resolve(
        mentions_in(text, "Paris"),
        text,
        FakeSource({"Paris": [PARIS_TX, PARIS_FR]}),
        lexicon=LEXICON,
    )
    assert g.place == PARIS_FR


def test_qualifier_beats_population() -> None:
    text = "Born in Paris, Texas, she moved."
    source = FakeSource({"Paris": [PARIS_FR, PARIS_TX], "Texas": [TEXAS]})
    paris, texas = resolve(mentions_in(text, "Paris", "Texas"), text, source, lexicon=LEXICON)
    assert paris.place == PARIS_TX
    assert texas.place == TEXAS


def test_parenthesised_qualifier_counts() -> None:
    text = "Alexandria (Louisiana) flooded."
    source = FakeSource({"Alexandria": [ALEX_EG, ALEX_VA, ALEX_LA], "Louisiana": [LOUISIANA]})
    alexandria, _ = resolve(
        mentions_in(text, "Alexandria", "Louisiana"), text, source, lexicon=LEXICON
    )
    assert alexandria.place == ALEX_LA


def test_region_named_elsewhere_in_article_is_context() -> None:
    text = "Louisiana storms. Later, Alexandria lost power."
    source = FakeSource({"Alexandria": [ALEX_EG, ALEX_VA, ALEX_LA], "Louisiana": [LOUISIANA]})
    _, alexandria = resolve(
        mentions_in(text, "Louisiana", "Alexandria"), text, source, lexicon=LEXICON
    )
    assert alexandria.place == ALEX_LA


def test_country_named_in_article_is_context() -> None:
    text = "In the United States, Paris is quiet."
    source = FakeSource({"United States": [USA], "Paris": [PARIS_FR, PARIS_TX]})
    _, paris = resolve(mentions_in(text, "United States", "Paris"), text, source, lexicon=LEXICON)
    assert paris.place == PARIS_TX


def test_one_sense_per_name_and_one_lookup_per_name() -> None:
    text = "Paris, Texas. Paris again. Paris."
    source = FakeSource({"Paris": [PARIS_FR, PARIS_TX], "Texas": [TEXAS]})
    mentions = mentions_in(text, "Paris", "Texas", "Paris", "Paris")
    results = resolve(mentions, text, source, lexicon=LEXICON)
    assert {g.place for g in results if g.mention.text == "Paris"} == {PARIS_TX}
    assert source.calls.count("Paris") == 1


def test_metonym_resolves_to_its_landmark() -> None:
    text = "Le Kremlin a déclaré."
    source = FakeSource({"Kremlin": [KREMLIN]})
    [g] = resolve(
        mentions_in(text, "Kremlin", metonyms=frozenset({"Kremlin"})), text, source, lexicon=LEXICON
    )
    assert g.place == KREMLIN


def test_unknown_name_stays_unresolved() -> None:
    text = "Atlantis sank."
    [g] = resolve(mentions_in(text, "Atlantis"), text, FakeSource({}), lexicon=LEXICON)
    assert g.place is None and not g.resolved and g.confidence == 0.0


def test_close_call_has_low_confidence() -> None:
    a = Place("geonames:10", "Springfield", "city", 39.8, -89.6, "US", 100_000, "IL")
    b = Place("geonames:11", "Springfield", "city", 37.2, -93.3, "US", 100_000, "MO")
    text = "Springfield."
    [g] = resolve(
        mentions_in(text, "Springfield"), text, FakeSource({"Springfield": [a, b]}), lexicon=LEXICON
    )
    assert 0.4 < g.confidence < 0.6


def test_nearby_sure_place_decides_between_homonyms() -> None:
    pineville = Place("geonames:4338012", "Pineville", "city", 31.32, -92.43, "US", 14_000, "LA")
    text = "Pineville crews helped Alexandria."
    source = FakeSource({"Pineville": [pineville], "Alexandria": [ALEX_VA, ALEX_LA]})
    _, alexandria = resolve(
        mentions_in(text, "Pineville", "Alexandria"), text, source, lexicon=LEXICON
    )
    assert alexandria.place == ALEX_LA


def test_countries_are_not_anchors() -> None:
    # "France" says nothing about which Paris a story means within a few hundred km.
    text = "France. Paris."
    source = FakeSource({"France": [FRANCE], "Paris": [PARIS_TX, PARIS_FR]})
    _, paris = resolve(mentions_in(text, "France", "Paris"), text, source, lexicon=LEXICON)
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
    [g] = resolve(mentions_in(text, "New York"), text, source, lexicon=LEXICON)
    assert g.place == NEW_YORK_CITY


def test_qualifier_still_selects_the_region() -> None:
    text = "Albany, New York votes."
    source = FakeSource({"Albany": [ALBANY], "New York": [NEW_YORK_STATE, NEW_YORK_CITY]})
    _, state = resolve(mentions_in(text, "Albany", "New York"), text, source, lexicon=LEXICON)
    assert state.place == NEW_YORK_STATE


def test_abbreviation_is_looked_up_with_its_period() -> None:
    text = "Troops left the U.S. Ganzhou is far."
    ganzhou = Place("geonames:1810638", "Ganzhou", "city", 25.8, 114.9, "CN", 1_000_000)
    source = FakeSource({"U.S.": [USA], "U.S": [ganzhou]})
    [g] = resolve(mentions_in(text, "U.S"), text, source, lexicon=LEXICON)
    assert g.place == USA


def test_period_retry_falls_back_to_the_name_as_written() -> None:
    text = "She lives in Paris."
    [g] = resolve(
        mentions_in(text, "Paris"), text, FakeSource({"Paris": [PARIS_FR]}), lexicon=LEXICON
    )
    assert g.place == PARIS_FR


def test_tiny_territory_does_not_win_by_kind_alone() -> None:
    island = Place("geonames:2155115", "Norfolk Island", "country", -29.0, 168.0, "NF", 1_800)
    norfolk = Place("geonames:4776222", "Norfolk", "city", 36.85, -76.29, "US", 242_000, "VA")
    text = "Norfolk shipyards."
    [g] = resolve(
        mentions_in(text, "Norfolk"),
        text,
        FakeSource({"Norfolk": [island, norfolk]}),
        lexicon=LEXICON,
    )
    assert g.place == norfolk


PARIS_TN = Place("geonames:4655510", "Paris", "city", 36.30, -88.33, "US", 10_000, "TN")
PARIS_KY = Place("geonames:4303436", "Paris", "city", 38.21, -84.25, "US", 9_900, "KY")


def _county(state: str, lat: float, lon: float) -> Place:
    return Place(f"fips:{state}", "Henry County", "county", lat, lon, "US", 0, state)


def test_ambiguous_names_settle_on_the_pair_that_lies_together() -> None:
    # A dozen Henry Counties tie and no Paris is sure, yet only one county holds a Paris.
    counties = [
        _county("TN", 36.33, -88.30),
        _county("AL", 31.5, -85.2),
        _county("IA", 41.0, -91.5),
    ]
    text = "Henry County deputies arrested a Paris man."
    source = FakeSource({"Henry County": counties, "Paris": [PARIS_FR, PARIS_KY, PARIS_TN]})
    county, paris = resolve(
        mentions_in(text, "Henry County", "Paris"), text, source, lexicon=LEXICON
    )
    assert paris.place == PARIS_TN
    assert county.place == counties[0]


def test_town_in_a_state_supports_the_state_over_the_country() -> None:
    country = Place("geonames:614540", "Georgia", "country", 42.0, 43.5, "GE", 3_700_000)
    state = Place("geonames:4197000", "Georgia", "region", 32.75, -83.5, "US", 4_000_000, "GA")
    atlanta = Place("geonames:4180439", "Atlanta", "city", 33.75, -84.39, "US", 460_000, "GA")
    # Two small Atlantas elsewhere: the big one leads but is not sure of itself.
    atlanta_tx = Place("geonames:4671576", "Atlanta", "city", 33.11, -94.16, "US", 5_600, "TX")
    atlanta_il = Place("geonames:4883555", "Atlanta", "city", 40.26, -89.23, "US", 1_700, "IL")
    text = "Atlanta police said Georgia law allows it."
    source = FakeSource({"Atlanta": [atlanta, atlanta_tx, atlanta_il], "Georgia": [country, state]})
    city, georgia = resolve(mentions_in(text, "Atlanta", "Georgia"), text, source, lexicon=LEXICON)
    assert georgia.place == state
    assert city.place == atlanta


def test_small_town_does_not_take_a_name_it_only_has_as_an_alias() -> None:
    # GeoNames lists "Rogersville" among the alternate names of Chicago's Rogers Park.
    rogers_park = Place("geonames:4907959", "Rogers Park", "city", 42.01, -87.67, "US", 55_000)
    rogersville = Place("geonames:4656585", "Rogersville", "city", 36.41, -83.0, "US", 4_400)
    text = "Rogersville council met."
    source = FakeSource({"Rogersville": [rogers_park, rogersville]})
    [g] = resolve(mentions_in(text, "Rogersville"), text, source, lexicon=LEXICON)
    assert g.place == rogersville


def test_big_city_keeps_its_names_in_other_languages() -> None:
    london = Place("geonames:2643743", "London", "city", 51.5, -0.13, "GB", 8_900_000, "ENG")
    londres = Place("geonames:3", "Londres", "city", -27.7, -67.1, "AR", 3_000, "03")
    text = "Londres vote."
    [g] = resolve(
        mentions_in(text, "Londres"),
        text,
        FakeSource({"Londres": [londres, london]}),
        lexicon=LEXICON,
    )
    assert g.place == london


def test_part_of_a_place_resolves_to_the_place() -> None:
    text = "Rain fell across Northeast Georgia and the City of Norfolk."
    state = Place("geonames:4197000", "Georgia", "region", 32.75, -83.5, "US", 4_000_000, "GA")
    norfolk = Place("geonames:4776222", "Norfolk", "city", 36.85, -76.29, "US", 242_000, "VA")
    source = FakeSource({"Georgia": [state], "Norfolk": [norfolk]})
    georgia, city = resolve(
        mentions_in(text, "Northeast Georgia", "City of Norfolk"), text, source, lexicon=LEXICON
    )
    assert georgia.place == state
    assert city.place == norfolk


def test_place_at_the_head_of_an_organisation_name_resolves() -> None:
    text = "North Las Vegas Police Department officers said."
    nlv = Place("geonames:5509403", "North Las Vegas", "city", 36.2, -115.1, "US", 216_000, "NV")
    las_vegas = Place("geonames:5506956", "Las Vegas", "city", 36.17, -115.14, "US", 600_000)
    source = FakeSource({"North Las Vegas": [nlv], "Las Vegas": [las_vegas]})
    [g] = resolve(
        mentions_in(text, "North Las Vegas Police Department"), text, source, lexicon=LEXICON
    )
    assert g.place == nlv
    assert source.calls[-1] == "North Las Vegas"


def test_the_place_after_of_in_a_name_beats_the_word_before_it() -> None:
    king = Place("geonames:4474316", "King", "city", 36.28, -80.36, "US", 7_000, "NC")
    saudi = Place("geonames:102358", "Saudi Arabia", "country", 25.0, 45.0, "SA", 34_000_000)
    text = "Were I the King of Saudi Arabia, I would holiday here."
    source = FakeSource({"King": [king], "Saudi Arabia": [saudi]})
    [g] = resolve(mentions_in(text, "King of Saudi Arabia"), text, source, lexicon=LEXICON)
    assert g.place == saudi


def test_a_small_town_guessed_from_a_name_head_needs_the_article_behind_it() -> None:
    # "Pala Hotel" is not known whole; its head names a small town in Chad, which nothing
    # in a Californian story points to. The same head beside its own state is taken.
    pala = Place("geonames:2427336", "Pala", "city", 9.36, 14.9, "TD", 35_000, "20")
    chad = Place("geonames:2434508", "Chad", "country", 15.0, 19.0, "TD", 16_000_000)
    california = Place("geonames:5332921", "California", "region", 37.3, -119.8, "US", 39e6, "CA")
    source = FakeSource({"Pala": [pala], "Chad": [chad], "California": [california]})
    text = "The Pala Hotel in California reopened."
    hotel, _ = resolve(mentions_in(text, "Pala Hotel", "California"), text, source, lexicon=LEXICON)
    assert hotel.place is None
    text = "The Pala Hotel in Chad reopened."
    hotel, _ = resolve(mentions_in(text, "Pala Hotel", "Chad"), text, source, lexicon=LEXICON)
    assert hotel.place == pala


def test_a_state_beats_a_city_that_answers_to_its_name_only_as_a_former_one() -> None:
    # Salvador was once called Bahia: "na Bahia" is the state.
    salvador = Place("geonames:3450554", "Salvador", "city", -12.97, -38.5, "BR", 2_700_000, "05")
    bahia = Place("geonames:3471168", "Bahia", "region", -12.5, -41.7, "BR", 14_000_000, "05")
    text = "Um estaleiro na Bahia fechou."
    source = FakeSource({"Bahia": [salvador, bahia]})
    [g] = resolve(mentions_in(text, "Bahia"), text, source, lexicon=LEXICON)
    assert g.place == bahia


def test_a_natural_feature_is_not_the_town_it_is_named_for() -> None:
    red = Place("geonames:5", "Red", "city", 40.0, -90.0, "US", 1_000)
    text = "The Red River rose."
    [g] = resolve(mentions_in(text, "Red River"), text, FakeSource({"Red": [red]}), lexicon=LEXICON)
    assert g.place is None


def test_a_place_guessed_from_a_name_head_is_no_context() -> None:
    # A head is a guess ("Tennessee Colony" is a Texas village): it must not decide Paris.
    tennessee = Place("geonames:4662168", "Tennessee", "region", 35.75, -86.25, "US", 6e6, "TN")
    text = "Tennessee Titans fans in Paris."
    source = FakeSource({"Tennessee": [tennessee], "Paris": [PARIS_FR, PARIS_TN]})
    team, paris = resolve(
        mentions_in(text, "Tennessee Titans", "Paris"), text, source, lexicon=LEXICON
    )
    assert team.place == tennessee
    assert paris.place == PARIS_FR


WASHINGTON_DC = Place("geonames:4140963", "Washington", "city", 38.9, -77.04, "US", 690_000, "DC")
WASHINGTON_COUNTY_NE = Place(
    "fips:31177", "Washington County", "county", 41.5, -96.2, "US", 0, "NE"
)


def test_bare_name_in_a_list_of_counties_is_a_county() -> None:
    text = "Dakota, Otoe and Washington counties lost people."
    source = FakeSource(
        {"Washington": [WASHINGTON_DC], "Washington County": [WASHINGTON_COUNTY_NE]}
    )
    [g] = resolve(mentions_in(text, "Washington"), text, source, lexicon=LEXICON)
    assert g.place == WASHINGTON_COUNTY_NE


def test_lone_name_before_counties_qualifies_them() -> None:
    indiana = Place("geonames:4921868", "Indiana", "region", 40.0, -86.25, "US", 6e6, "IN")
    county = Place("fips:42063", "Indiana County", "county", 40.65, -79.1, "US", 0, "PA")
    text = "It ranks in the middle of Indiana counties."
    source = FakeSource({"Indiana": [indiana], "Indiana County": [county]})
    [g] = resolve(mentions_in(text, "Indiana"), text, source, lexicon=LEXICON)
    assert g.place == indiana


def test_two_nearby_names_do_not_hand_a_capital_s_name_to_an_alias() -> None:
    # GeoNames gives Watervliet, NY the old name "Washington": a story naming Troy and
    # Kingston beside it still means the capital.
    watervliet = Place("geonames:5143307", "Watervliet", "city", 42.73, -73.70, "US", 10_000)
    troy = Place("geonames:5141502", "Troy", "city", 42.73, -73.69, "US", 49_000, "NY")
    kingston = Place("geonames:5122331", "Kingston", "city", 41.93, -74.0, "US", 23_000, "NY")
    text = "Troy and Kingston sent buses to Washington."
    source = FakeSource(
        {"Troy": [troy], "Kingston": [kingston], "Washington": [watervliet, WASHINGTON_DC]}
    )
    *_, washington = resolve(
        mentions_in(text, "Troy", "Kingston", "Washington"), text, source, lexicon=LEXICON
    )
    assert washington.place == WASHINGTON_DC


def test_bare_name_may_be_the_county_the_article_names_in_full() -> None:
    town = Place("geonames:4889553", "DeKalb", "city", 41.93, -88.75, "US", 43_000, "IL")
    county = Place("fips:13089", "DeKalb County", "county", 33.77, -84.23, "US", 0, "GA")
    text = "DeKalb County commissioners met. DeKalb police said."
    source = FakeSource({"DeKalb County": [county], "DeKalb": [town]})
    _, bare = resolve(mentions_in(text, "DeKalb County", "DeKalb"), text, source, lexicon=LEXICON)
    assert bare.place == county


def test_naming_many_countries_says_less_about_each() -> None:
    georgia = Place("geonames:614540", "Georgia", "country", 42.0, 43.5, "GE", 3_700_000)
    state = Place("geonames:4197000", "Georgia", "region", 32.75, -83.5, "US", 4_000_000, "GA")
    russia = Place("geonames:2017370", "Russia", "country", 60.0, 100.0, "RU", 144_000_000)
    text = "The United States, Russia, Ukraine and France discussed Georgia."
    source = FakeSource(
        {
            "United States": [USA],
            "Russia": [russia],
            "Ukraine": [UKRAINE],
            "France": [FRANCE],
            "Georgia": [state, georgia],
        }
    )
    *_, g = resolve(
        mentions_in(text, "United States", "Russia", "Ukraine", "France", "Georgia"),
        text,
        source,
        lexicon=LEXICON,
    )
    assert g.place == georgia


def test_heading_of_a_name_is_never_tried_alone() -> None:
    le_port = Place("geonames:935616", "Le Port", "city", -20.94, 55.29, "RE", 38_000)
    los_angeles = Place("geonames:5368361", "Los Angeles", "city", 34.05, -118.24, "US", 3.9e6)
    text = "Cargo piles up in the Port of Los Angeles."
    source = FakeSource({"Port": [le_port], "Los Angeles": [los_angeles]})
    [g] = resolve(mentions_in(text, "Port of Los Angeles"), text, source, lexicon=LEXICON)
    assert g.place == los_angeles
    assert "Port" not in source.calls


def test_a_country_s_name_votes_only_for_that_country() -> None:
    # A hamlet called "Canada" in Kentucky must not make the story American.
    canada = Place("geonames:6251999", "Canada", "country", 60.1, -113.6, "CA", 38_000_000)
    hamlet = Place("geonames:4286590", "Canada", "city", 37.6, -82.3, "US", 1_100, "KY")
    bc = Place("geonames:6173331", "Vancouver", "city", 49.25, -123.12, "CA", 662_000, "02")
    wa = Place("geonames:5814616", "Vancouver", "city", 45.64, -122.66, "US", 196_000, "WA")
    text = "Canada and the US watch Vancouver."
    source = FakeSource({"Canada": [canada, hamlet], "US": [USA], "Vancouver": [wa, bc]})
    *_, vancouver = resolve(
        mentions_in(text, "Canada", "US", "Vancouver"), text, source, lexicon=LEXICON
    )
    assert vancouver.place == bc


def test_abbreviated_qualifier_counts_even_unrecognised() -> None:
    # Recognition may miss "D. C.", written with a space; the qualifier still holds.
    dc = Place(
        "geonames-admin1:US.DC", "District of Columbia", "region", 38.9, -77.0, "US", 0, "DC"
    )
    washington_vt = Place("geonames:5", "Washington", "city", 44.1, -72.4, "US", 1_000, "VT")
    vermont = Place("geonames:6", "Vermont", "region", 44.0, -72.7, "US", 600_000, "VT")
    text = "Vermont honours will be given in Washington, D. C., in September."
    source = FakeSource(
        {"Vermont": [vermont], "Washington": [washington_vt, WASHINGTON_DC], "D.C.": [dc]}
    )
    _, washington = resolve(
        mentions_in(text, "Vermont", "Washington"), text, source, lexicon=LEXICON
    )
    assert washington.place == WASHINGTON_DC


def test_lender_support_is_containment_or_decaying_distance() -> None:
    import math

    from geonews.closeness import Lender
    from geonews.geometry import great_circle_km

    lender = Lender([(1.0, TEXAS), (0.5, PARIS_TN)])
    # Texas holds Paris, Texas: full support, whatever the distance to its point.
    assert lender.support(PARIS_TX) == 1.0
    # Paris, Kentucky is 360 km from Paris, Tennessee (weight 0.5).
    km = great_circle_km(PARIS_KY.lat, PARIS_KY.lon, PARIS_TN.lat, PARIS_TN.lon)
    assert math.isclose(lender.support(PARIS_KY), 0.5 * math.exp(-km / 100.0))
    # Beyond 1,000 km nothing is lent.
    assert lender.support(PARIS_FR) == 0.0


def test_a_state_listed_with_other_states_is_the_state() -> None:
    # "Queensland" is also a Calgary neighbourhood, and the story names Alberta.
    alberta = Place("geonames:5883102", "Alberta", "region", 52.3, -117.5, "CA", 4_000_000, "01")
    suburb = Place("geonames:7", "Queensland", "city", 50.94, -114.02, "CA", 4_600, "01")
    queensland = Place("geonames:8", "Queensland", "region", -20.0, 145.0, "AU", 5_000_000, "04")
    nsw = Place("geonames:9", "New South Wales", "region", -33.0, 146.0, "AU", 7_000_000, "02")
    wa = Place("geonames:10", "Western Australia", "region", -25.0, 122.0, "AU", 2_500_000, "08")
    text = "Alberta traders study New South Wales, Western Australia and Queensland."
    names = ("Alberta", "New South Wales", "Western Australia", "Queensland")
    source = FakeSource(
        {
            "Alberta": [alberta],
            "New South Wales": [nsw],
            "Western Australia": [wa],
            "Queensland": [suburb, queensland],
        }
    )
    *_, g = resolve(mentions_in(text, *names), text, source, lexicon=LEXICON)
    assert g.place == queensland


def test_a_country_listed_with_other_countries_is_the_country() -> None:
    china = Place("geonames:1814991", "China", "country", 35.0, 105.0, "CN", 1_400_000_000)
    china_tx = Place("geonames:4682464", "China", "city", 30.05, -94.34, "US", 1_000, "TX")
    texas = Place("geonames:4736286", "Texas", "region", 31.25, -99.25, "US", 25_000_000, "TX")
    beaumont = Place("geonames:4672989", "Beaumont", "city", 30.09, -94.1, "US", 118_000, "TX")
    canada = Place("geonames:6251999", "Canada", "country", 60.1, -113.6, "CA", 38_000_000)
    britain = Place("geonames:2635167", "United Kingdom", "country", 54.0, -2.0, "GB", 66_000_000)
    text = "Beaumont, Texas pilots left the U.S. to fly for China, Canada and Britain."
    names = ("Beaumont", "Texas", "U.S", "China", "Canada", "Britain")
    source = FakeSource(
        {
            "Beaumont": [beaumont],
            "Texas": [texas],
            "U.S.": [USA],
            "China": [china_tx, china],
            "Canada": [canada],
            "Britain": [britain],
        }
    )
    found = resolve(mentions_in(text, *names), text, source, lexicon=LEXICON)
    assert found[3].place == china


def test_area_smaller_than_a_same_named_town_competes_as_a_town() -> None:
    parish = Place("geonames:3489178", "Portland", "region", 18.1, -76.4, "JM", 22_000, "07")
    oregon = Place("geonames:5746545", "Portland", "city", 45.52, -122.68, "US", 652_000, "OR")
    text = "Portland rain."
    [g] = resolve(
        mentions_in(text, "Portland"),
        text,
        FakeSource({"Portland": [parish, oregon]}),
        lexicon=LEXICON,
    )
    assert g.place == oregon


def test_a_part_is_named_of_a_big_place_not_of_a_village() -> None:
    # "East Bank" is a West Virginia town the gazetteer lacks, not the east of a Bank.
    bank = Place("geonames:11", "Bānk", "city", 26.0, 85.0, "IN", 3_000)
    text = "Flooding in East Bank closed the school."
    [g] = resolve(
        mentions_in(text, "East Bank"), text, FakeSource({"Bank": [bank]}), lexicon=LEXICON
    )
    assert g.place is None


def test_a_name_read_as_a_state_is_context_for_the_others() -> None:
    # Atlanta makes "Georgia" the state; the state then makes "Atlanta" Atlanta,
    # Georgia, though the story also names Texas, where a small Atlanta lies.
    country = Place("geonames:614540", "Georgia", "country", 42.0, 43.5, "GE", 3_700_000)
    state = Place("geonames:4197000", "Georgia", "region", 32.75, -83.5, "US", 4_800_000, "GA")
    texas = Place("geonames:4736286", "Texas", "region", 31.25, -99.25, "US", 25_000_000, "TX")
    atlanta = Place("geonames:4180439", "Atlanta", "city", 33.75, -84.39, "US", 510_000, "GA")
    atlanta_tx = Place("geonames:4671576", "Atlanta", "city", 33.11, -94.16, "US", 5_600, "TX")
    text = "ATLANTA - Georgia and Texas agencies met."
    source = FakeSource(
        {"ATLANTA": [atlanta_tx, atlanta], "Georgia": [country, state], "Texas": [texas]}
    )
    city, georgia, _ = resolve(
        mentions_in(text, "ATLANTA", "Georgia", "Texas"), text, source, lexicon=LEXICON
    )
    assert georgia.place == state
    assert city.place == atlanta


SAINT_DENIS_FR = Place("geonames:2980916", "Saint-Denis", "city", 48.94, 2.36, "FR", 96_000, "11")
SAINT_DENIS_RE = Place("geonames:935264", "Saint-Denis", "city", -20.88, 55.45, "RE", 155_000)
REUNION = Place("geonames:935317", "Reunion", "country", -21.1, 55.6, "RE", 776_000)


def test_french_heading_before_de_is_dropped() -> None:
    text = "Un cyclone approche de l'île de La Réunion."
    islay = Place("geonames:2646143", "Isle of Islay", "city", 55.8, -6.2, "GB", 3_000)
    source = FakeSource({"île": [islay], "La Réunion": [REUNION]})
    [g] = resolve(mentions_in(text, "île de La Réunion"), text, source, lexicon=LEXICON)
    assert g.place == REUNION
    assert "île" not in source.calls


def test_a_small_country_named_places_its_towns() -> None:
    text = "À Paris, on suit Saint-Denis, sur l'île de La Réunion."
    source = FakeSource(
        {
            "Paris": [PARIS_FR],
            "Saint-Denis": [SAINT_DENIS_FR, SAINT_DENIS_RE],
            "La Réunion": [REUNION],
        }
    )
    found = resolve(
        mentions_in(text, "Paris", "Saint-Denis", "La Réunion"), text, source, lexicon=LEXICON
    )
    assert found[1].place == SAINT_DENIS_RE


def test_lowercase_words_do_not_make_a_list_of_counties() -> None:
    text = "Officials in Washington and other counties met."
    source = FakeSource(
        {"Washington": [WASHINGTON_DC], "Washington County": [WASHINGTON_COUNTY_NE]}
    )
    [g] = resolve(mentions_in(text, "Washington"), text, source, lexicon=LEXICON)
    assert g.place == WASHINGTON_DC


def test_town_called_so_outranks_a_bigger_city_holding_the_name_as_an_alias() -> None:
    # GeoNames lists "Cancun" among Changchun's alternate names; without context the
    # town whose own name it is wins, though Changchun is five times bigger.
    changchun = Place("geonames:2038180", "Changchun", "city", 43.88, 125.32, "CN", 4_714_996)
    cancun = Place("geonames:3531673", "Cancún", "city", 21.17, -86.85, "MX", 888_797)
    text = "They flew to Cancun."
    source = FakeSource({"Cancun": [changchun, cancun]})
    [g] = resolve(
        mentions_in(text, "Cancun"), text, source, normalize=normalize_name, lexicon=LEXICON
    )
    assert g.place == cancun


def test_exonym_of_a_big_city_still_wins_over_a_hamlet_called_so() -> None:
    moscow = Place("geonames:524901", "Moscow", "city", 55.75, 37.62, "RU", 12_500_000)
    hamlet = Place("geonames:9", "Moscou", "city", 45.0, 1.0, "FR", 1_200)
    text = "Moscou a répondu."
    source = FakeSource({"Moscou": [hamlet, moscow]})
    [g] = resolve(
        mentions_in(text, "Moscou"), text, source, normalize=normalize_name, lexicon=LEXICON
    )
    assert g.place == moscow


# World news: a bare famous name is the famous place (see the module docstring).
PARIS_ME = Place("geonames:4975802", "Paris", "city", 44.26, -70.5, "US", 5_000, "ME", name_count=3)
BERLIN_NH = Place(
    "geonames:5083330", "Berlin", "city", 44.47, -71.19, "US", 9_400, "NH", name_count=19
)
BERLIN_DE = Place(
    "geonames:2950159",
    "Berlin",
    "city",
    52.52,
    13.41,
    "DE",
    3_400_000,
    "16",
    name_count=46,
    capital=True,
)
PARIS_CAPITAL = Place(
    "geonames:2988507",
    "Paris",
    "city",
    48.85,
    2.35,
    "FR",
    2_100_000,
    "11",
    name_count=89,
    capital=True,
)


def test_two_small_homonyms_lying_together_do_not_vouch_for_each_other() -> None:
    # Paris, Maine and Berlin, New Hampshire are 60 km apart; no word of the text says
    # New England, so the capitals stand.
    text = "Officials in Paris met envoys from Berlin on Monday."
    source = FakeSource({"Paris": [PARIS_ME, PARIS_CAPITAL], "Berlin": [BERLIN_NH, BERLIN_DE]})
    paris, berlin = resolve(mentions_in(text, "Paris", "Berlin"), text, source, lexicon=LEXICON)
    assert paris.place == PARIS_CAPITAL
    assert berlin.place == BERLIN_DE


def test_fame_beats_a_larger_but_less_known_homonym() -> None:
    famous = Place("geonames:1", "Lisbon", "city", 38.7, -9.1, "PT", 500_000, "14", name_count=51)
    larger = Place("geonames:2", "Lisbon", "city", 0.0, 0.0, "ZZ", 700_000, "01", name_count=2)
    text = "Talks moved to Lisbon."
    [g] = resolve(
        mentions_in(text, "Lisbon"), text, FakeSource({"Lisbon": [larger, famous]}), lexicon=LEXICON
    )
    assert g.place == famous


def test_each_qualified_mention_takes_its_own_reading() -> None:
    il = Place("geonames:4250542", "Springfield", "city", 39.8, -89.64, "US", 114_000, "IL")
    mo = Place("geonames:4409896", "Springfield", "city", 37.22, -93.3, "US", 170_000, "MO")
    illinois = Place("admin1:US.IL", "Illinois", "region", 40.0, -89.0, "US", 12_800_000, "IL")
    missouri = Place("admin1:US.MO", "Missouri", "region", 38.5, -92.5, "US", 6_100_000, "MO")
    text = (
        "SPRINGFIELD, Ill. — The governor spoke. Later he flew to Springfield, Missouri. "
        "Back in Springfield, he signed the bill."
    )
    source = FakeSource(
        {
            "SPRINGFIELD": [mo, il],
            "Springfield": [mo, il],
            "Ill.": [illinois],
            "Missouri": [missouri],
        }
    )
    dateline, _, other, _, bare = resolve(
        mentions_in(text, "SPRINGFIELD", "Ill.", "Springfield", "Missouri", "Springfield"),
        text,
        source,
        lexicon=LEXICON,
        normalize=normalize_name,
    )
    assert dateline.place == il
    assert other.place == mo
    # A bare mention follows the first qualified one: the dateline's town.
    assert bare.place == il


GENEVA = Place("geonames:2660646", "Geneva", "city", 46.2, 6.15, "CH", 200_000, "GE", name_count=53)
GENEVA_CANTON = Place("admin1:CH.GE", "Genève", "region", 46.2, 6.13, "CH", 437_000, "GE")


def test_a_city_beats_the_same_named_region_holding_it() -> None:
    text = "Diplomats met in Geneva on Friday."
    source = FakeSource({"Geneva": [GENEVA_CANTON, GENEVA]})
    [g] = resolve(mentions_in(text, "Geneva"), text, source, lexicon=LEXICON)
    assert g.place == GENEVA


def test_the_region_when_the_text_says_canton() -> None:
    text = "Voters in the canton of Geneva rejected the plan; Geneva will appeal."
    source = FakeSource({"Geneva": [GENEVA_CANTON, GENEVA]})
    first, second = resolve(mentions_in(text, "Geneva", "Geneva"), text, source, lexicon=LEXICON)
    assert first.place == second.place == GENEVA_CANTON


def test_a_town_known_only_by_a_former_name_takes_no_support_from_neighbours() -> None:
    # Willard, Ohio was once "Chicago Junction": the Ohio towns around it say which Ohio
    # town is meant where one is called so, not that "Chicago" is in Ohio. Here the town
    # really called so is a small one far away, and it keeps the name.
    called_so = Place(
        "geonames:1", "Hilltop", "city", 35.0, -100.0, "US", 3_000, "TX", name_count=2
    )
    willard = Place(
        "geonames:5176830", "Willard", "city", 41.05, -82.73, "US", 6_000, "OH", name_count=16
    )
    norwalk = Place("geonames:5164390", "Norwalk", "city", 41.24, -82.62, "US", 17_000, "OH")
    attica = Place("geonames:5146055", "Attica", "city", 41.06, -82.89, "US", 1_200, "OH")
    text = "From Norwalk and Attica the fair is an hour away, and Hilltop is further."
    source = FakeSource({"Norwalk": [norwalk], "Attica": [attica], "Hilltop": [willard, called_so]})
    *_, g = resolve(
        mentions_in(text, "Norwalk", "Attica", "Hilltop"),
        text,
        source,
        lexicon=LEXICON,
        normalize=normalize_name,
    )
    assert g.place == called_so


ILLINOIS = Place("geonames-admin1:US.IL", "Illinois", "region", 40.0, -89.0, "US", 12_800_000, "IL")
EAST_CM = Place("geonames-admin1:CM.04", "East", "region", 4.0, 14.0, "CM", 347_922, "04")


def test_a_company_named_for_its_state_is_read_as_the_state() -> None:
    # NER tags "Ameren Illinois" (a utility) as a place; it serves Illinois.
    text = "A spokesman for Ameren Illinois said crews were working."
    source = FakeSource({"Illinois": [ILLINOIS]})
    [g] = resolve(mentions_in(text, "Ameren Illinois"), text, source, lexicon=LEXICON)
    assert g.place == ILLINOIS


def test_a_small_region_named_like_a_common_word_closes_no_name() -> None:
    # Cameroon's East region is no place for "Columbus East"; Alaska is not its gulf.
    text = "They ran at Columbus East and sailed the Gulf of Alaska."
    alaska = Place("geonames-admin1:US.AK", "Alaska", "region", 64.0, -150.0, "US", 647_000, "AK")
    source = FakeSource({"East": [EAST_CM], "Alaska": [alaska]})
    found = resolve(
        mentions_in(text, "Columbus East", "Gulf of Alaska"), text, source, lexicon=LEXICON
    )
    assert [g.place for g in found] == [None, None]


COPENHAGEN_DK = Place("geonames:2618425", "Copenhagen", "city", 55.68, 12.57, "DK", 1_150_000)
COPENHAGEN_NY = Place(
    "geonames:5113153", "Copenhagen", "city", 43.89, -75.67, "US", 800, "NY",
    source=SMALL_TOWN_SOURCE,
)  # fmt: skip
NEW_YORK = Place("geonames-admin1:US.NY", "New York", "region", 43.0, -75.5, "US", 0, "NY")
CHURCHILL_US = Place("geonames:1", "Churchill", "city", 41.2, -80.8, "US", 2_100, "OH")
CHURCHILL_MB = Place(
    "geonames:5919815", "Churchill", "city", 58.77, -94.17, "CA", 899, "03",
    source=SMALL_TOWN_SOURCE,
)  # fmt: skip
MANITOBA = Place("geonames:6065171", "Manitoba", "region", 53.98, -97.83, "CA", 1_167_000, "03")


def test_a_hamlet_needs_a_qualifier_beside_a_famous_namesake() -> None:
    text = "Flights from New York to Copenhagen resume."
    source = FakeSource({"New York": [NEW_YORK], "Copenhagen": [COPENHAGEN_NY, COPENHAGEN_DK]})
    _, copenhagen = resolve(
        mentions_in(text, "New York", "Copenhagen"), text, source, lexicon=LEXICON
    )
    assert copenhagen.place == COPENHAGEN_DK


def test_a_hamlet_the_text_qualifies_is_read() -> None:
    text = "She was born in Churchill, Man., in March."
    source = FakeSource({"Churchill": [CHURCHILL_US, CHURCHILL_MB], "Man.": [MANITOBA]})
    [churchill, *_] = resolve(mentions_in(text, "Churchill"), text, source, lexicon=LEXICON)
    assert churchill.place == CHURCHILL_MB


DUBLIN_IE = Place(
    "geonames:2964574",
    "Dublin",
    "city",
    53.34,
    -6.26,
    "IE",
    1_024_000,
    "L",
    name_count=58,
    capital=True,
)
DUBLIN_OH = Place(
    "geonames:4509884", "Dublin", "city", 40.1, -83.11, "US", 45_000, "OH", name_count=14
)
COLUMBUS_OH = Place(
    "geonames:4509177", "Columbus", "city", 39.96, -83.0, "US", 900_000, "OH", name_count=40
)


def test_a_name_written_longer_is_no_evidence_for_itself() -> None:
    # "Dublin City Council" and "Historic Dublin" are Dublin again: whichever Dublin it
    # is, they do not vouch for it; Columbus beside it does.
    text = "Dublin City Council met in Historic Dublin; Dublin lies north of Columbus."
    source = FakeSource(
        {
            "Dublin City": [DUBLIN_IE],
            "Historic Dublin": [DUBLIN_IE],
            "Dublin": [DUBLIN_IE, DUBLIN_OH],
            "Columbus": [COLUMBUS_OH],
        }
    )
    mentions = mentions_in(text, "Dublin City", "Historic Dublin", "Dublin", "Columbus")
    *_, dublin, _ = resolve(mentions, text, source, lexicon=LEXICON, normalize=normalize_name)
    assert dublin.place == DUBLIN_OH
