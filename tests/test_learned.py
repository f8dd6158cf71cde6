"""The resolver's weights and the recogniser: their files, their decisions, their fitting."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

from geonews.candidates import (
    FEATURES,
    Candidate,
    Recogniser,
    find_candidates,
    load_recogniser,
    places_among,
    recogniser_from_json,
)
from geonews.errors import GeonewsError
from geonews.gazetteer.names import SMALL_TOWN_SOURCE
from geonews.known import Known, known_from
from geonews.learn import recogniser as learn_recogniser
from geonews.learn import resolver as learn_resolver
from geonews.lexicon import Lexicon, load_lexicon
from geonews.model import Place
from geonews.ranking import FEATURES as RANKING_FEATURES
from geonews.ranking import load_weights, weights_from_json
from geonews.toponyms import find_mentions

EN = load_lexicon("en")
NLP = spacy.blank("en")


def test_the_shipped_weights_cover_every_feature() -> None:
    weights = load_weights()
    assert len(weights.values) == len(RANKING_FEATURES)
    assert weights.about["set_by"]


@pytest.mark.parametrize(
    "data",
    [{}, {"weights": {"is_country": 1.0}}, {"weights": dict.fromkeys(RANKING_FEATURES, "x")}],
)
def test_malformed_weights_are_refused_with_a_clear_error(data: dict[str, object]) -> None:
    with pytest.raises(GeonewsError, match="weight"):
        weights_from_json(data)


def test_unreadable_weights_are_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "w.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(GeonewsError, match="cannot read the resolver weights"):
        load_weights(bad)


def test_the_shipped_recogniser_loads_and_round_trips() -> None:
    shipped = load_recogniser()
    again = recogniser_from_json(json.loads(json.dumps(shipped.to_json())))
    assert again.weights == shipped.weights
    assert 0.0 < shipped.threshold < 1.0
    assert shipped.about["corpora"], "the corpora it was fitted on are recorded"


def test_a_recogniser_with_a_missing_feature_is_refused() -> None:
    data = load_recogniser().to_json()
    del data["features"][FEATURES[0]]
    with pytest.raises(GeonewsError, match="needs weight"):
        recogniser_from_json(data)


KNOWN = {
    "doncaster": Known(("city",), 300_000, 40),
    "selby": Known(("city",), 15_000, 10),
    "worcester": Known(("city",), 100_000, 40),
    "will": Known(("city",), 2_000, 2),
    "new york": Known(("city", "region"), 8_000_000, 90),
    "police": Known(("city",), 34_000, 12),
    "mombasa": Known(("city", "region"), 1_200_000, 30),
    "us": Known(("country",), 330_000_000, 200),
    "holland": Known(("country",), 17_000_000, 100),
    "street": Known(("city",), 11_000, 5),
    "nokomis": Known(("city",), 3_000, 3),
    "c": Known(("region",), 800_000, 16),
    "montenegro": Known(("country",), 620_000, 120),
    "darwin": Known(("city",), 140_000, 40),
}


def known(name: str) -> Known:
    return KNOWN.get(name.casefold(), Known((), 0))


def candidates_in(
    text: str, taken: list[tuple[int, int]] | None = None
) -> dict[str, tuple[float, ...]]:
    doc = NLP(text)
    found = find_candidates(
        doc, text, lexicon=EN, known=known, taken=taken or [], place_names=(), lowercase=set()
    )
    return {text[c.start : c.end]: c.features for c in found}


def feature(values: tuple[float, ...], name: str) -> float:
    return values[FEATURES.index(name)]


def test_capitalised_names_the_gazetteer_knows_are_candidates() -> None:
    found = candidates_in("Floods hit Selby, Doncaster and Worcester; New York's mayor said so.")
    assert set(found) == {"Selby", "Doncaster", "Worcester", "New York"}
    assert feature(found["Doncaster"], "listed") == 1.0
    assert feature(found["New York"], "possessive") == 1.0
    assert feature(found["New York"], "several_words") == 1.0
    assert feature(found["Selby"], "several_words") == 0.0


def test_how_common_a_word_is_counts_for_single_words_not_acronyms() -> None:
    found = candidates_in("Police in Mombasa and the US said New York was calm.")
    assert feature(found["Police"], "word_frequency") > 4.5
    assert feature(found["Mombasa"], "word_frequency") < 3.0
    assert feature(found["US"], "word_frequency") == 0.0
    assert feature(found["New York"], "word_frequency") == 0.0


def test_a_person_nobody_is_called_is_evidence_apart() -> None:
    from spacy.tokens import Span

    text = "Tours of Mombasa and Darwin sold out."
    doc = NLP(text)
    doc.ents = [Span(doc, 2, 3, label="PERSON"), Span(doc, 4, 5, label="PERSON")]
    found = {
        text[c.start : c.end]: c.features
        for c in find_candidates(
            doc, text, lexicon=EN, known=known, taken=[], place_names=(), lowercase=set()
        )
    }
    assert feature(found["Mombasa"], "ner_person") == feature(found["Darwin"], "ner_person") == 1
    # Darwin is a surname; nobody is called Mombasa, so NER's label says less there.
    assert feature(found["Darwin"], "person_name") > 0
    assert feature(found["Mombasa"], "person_unnamed") == 1.0
    assert feature(found["Darwin"], "person_unnamed") == 0.0


def test_a_word_of_a_longer_feature_or_street_name_is_no_candidate() -> None:
    text = (
        "They crossed the Hottentots Holland Mountains, walked Frith Street, swam in Lake Nokomis."
    )
    assert candidates_in(text) == {}
    assert (
        candidates_in("They hiked the Holland Hiking Trail and slept at Nokomis Mesa Resort.") == {}
    )
    assert set(candidates_in("They flew to Holland and swam in Nokomis.")) == {"Holland", "Nokomis"}


def test_a_name_after_a_common_first_name_is_a_surname() -> None:
    assert candidates_in("Prime Minister Luís Montenegro has read Charles Darwin.") == {}
    assert set(candidates_in("He flew to Montenegro, then to Darwin.")) == {"Montenegro", "Darwin"}
    # Opening a sentence, the first word is no first name before it: "Will Darwin cope?"
    assert set(candidates_in("Maria said so. Darwin flooded.")) == {"Darwin"}


def test_one_letter_is_never_a_name() -> None:
    # GeoNames codes make "C" a name of a region; after a degree sign it is Celsius.
    assert set(candidates_in("Doncaster woke to 1 °C and C. Smith said so.")) == {"Doncaster"}


def test_a_name_is_truly_called_so_by_its_own_place_an_area_or_a_town_known_abroad() -> None:
    teignmouth = Place("geonames:2636132", "Teignmouth", "city", 50.5, -3.5, "GB", 15_000)
    brno = Place("geonames:3078610", "Brno", "city", 49.2, 16.6, "CZ", 380_000)
    lisbon = Place("geonames:2267057", "Lisbon", "city", 38.7, -9.1, "PT", 520_000)
    # GeoNames lists "Taba" among Teignmouth's names: known, but nobody calls it so.
    assert known_from("Taba", [teignmouth]) == Known(("city",), 15_000, 0, 0)
    assert known_from("brno", [brno]).called_so == 380_000
    assert known_from("Lisbonne", [lisbon]).called_so == 520_000
    # A town of under 1,000 people (cities500 only) never makes a word a name.
    hamlet = Place("geonames:1", "Police", "city", 40.0, -80.0, "US", 600, source=SMALL_TOWN_SOURCE)
    assert known_from("Police", [hamlet]).kinds == ()


def test_a_dateline_date_after_a_name_is_evidence() -> None:
    found = candidates_in("Doncaster, 22 Nov. Floods hit Worcester on Monday.")
    assert feature(found["Doncaster"], "date_after") == 1.0
    assert feature(found["Worcester"], "date_after") == 0.0


def test_a_capital_opening_the_sentence_is_no_name_beside_another() -> None:
    found = candidates_in("In Doncaster the river rose. Rain hit Worcester Cathedral.")
    assert feature(found["Doncaster"], "capitalised_neighbour") == 0.0
    assert feature(found["Worcester"], "capitalised_neighbour") == 1.0


def names_found(text: str, lexicon: Lexicon, places: dict[str, Known]) -> list[str]:
    """The candidates in ``text``, read with its language's tokenizer and ``places``."""
    found = find_candidates(
        spacy.blank(lexicon.lang)(text),
        text,
        lexicon=lexicon,
        known=lambda n: places.get(n.casefold(), Known((), 0)),
        taken=[],
        place_names=set(),
        lowercase=set(),
    )
    return [text[c.start : c.end] for c in found]


def test_names_after_an_elided_word_and_across_one_are_candidates() -> None:
    italian = load_lexicon("it")
    text = "Aiuti all'Ucraina e neve in Valle d'Aosta."
    places = {"ucraina": Known(("country",), 40_000_000, 100, 40_000_000)}
    places["valle d'aosta"] = Known(("region",), 120_000, 20, 120_000)
    places["valle"] = Known(("city",), 3_000, 2, 3_000)
    assert names_found(text, italian, places) == ["Ucraina", "Valle d'Aosta"]


def test_a_feature_written_in_lowercase_before_its_name_is_a_candidate() -> None:
    spanish = load_lexicon("es")
    text = "El cable cruzará el mar del Norte hasta Noruega y la isla de Man."
    places = {"mar del norte": Known(("other",), 0, 10), "noruega": Known(("country",), 5_000_000)}
    places["isla"] = Known(("city",), 3_000)  # a town called La Isla: the word is no name
    assert names_found(text, spanish, places) == ["mar del Norte", "Noruega"]  # no "isla"


def test_a_german_noun_after_an_article_is_no_town() -> None:
    german = load_lexicon("de")
    text = "Die USA erhöhen die Zölle auf Stahl. In Zwolle und in der Schweiz ist man besorgt."
    places = {"zölle": Known(("city",), 130_000, 40), "zwolle": Known(("city",), 130_000, 40)}
    places["schweiz"] = Known(("country",), 8_000_000, 150)
    places["usa"] = Known(("country",), 330_000_000, 200)
    assert names_found(text, german, places) == ["USA", "Zwolle", "Schweiz"]


def test_taken_spans_are_not_candidates_again() -> None:
    text = "Floods hit Selby and Doncaster."
    start = text.index("Selby")
    assert set(candidates_in(text, [(start, start + 5)])) == {"Doncaster"}


def test_a_country_the_article_names_is_evidence_for_its_places() -> None:
    places = dict(KNOWN)
    places["genoa"] = Known(("city",), 580_000, 40, 580_000, frozenset({"IT"}))
    places["italy"] = Known(("country",), 59_000_000, 150, 59_000_000, frozenset({"IT"}))
    places["selby"] = Known(("city",), 15_000, 10, 15_000, frozenset({"GB"}))
    text = "Italy is a dream: Genoa for pesto, Selby for nothing."
    doc = NLP(text)
    found = find_candidates(
        doc,
        text,
        lexicon=EN,
        known=lambda n: places.get(n.casefold(), Known((), 0)),
        taken=[(0, 5)],
        place_names=(),
        lowercase=set(),
    )
    named = {text[c.start : c.end]: feature(c.features, "country_named") for c in found}
    assert named == {"Genoa": 1.0, "Selby": 0.0}


def test_the_words_around_a_candidate_are_evidence() -> None:
    found = candidates_in("Will said he would stay in Doncaster.")
    assert feature(found["Will"], "speech_after") == 1.0
    assert feature(found["Will"], "sentence_start") == 1.0
    assert feature(found["Doncaster"], "locative_before") == 1.0


def _always(probability_sign: float) -> Recogniser:
    n = len(FEATURES)
    return Recogniser((0.0,) * n, (0.0,) * n, (1.0,) * n, 50.0 * probability_sign, 0.5, {})


def test_find_mentions_takes_the_candidates_the_recogniser_accepts() -> None:
    text = "Floods hit Selby and Doncaster."
    doc = NLP(text)
    taken = find_mentions(doc, lexicon=EN, known=known, recogniser=_always(+1))
    assert [(m.text, m.label) for m in taken] == [("Selby", "known"), ("Doncaster", "known")]
    collected: list[object] = []
    left = find_mentions(doc, lexicon=EN, known=known, recogniser=_always(-1), candidates=collected)  # type: ignore[arg-type]
    assert left == [] and len(collected) == 2


def test_a_name_written_several_times_is_decided_once_by_all_its_occurrences() -> None:
    # The weight reads one feature: each occurrence's own chance, as a logit.
    n = len(FEATURES)
    at = FEATURES.index("locative_before")
    recogniser = Recogniser(
        tuple(1.0 if i == at else 0.0 for i in range(n)), (0.0,) * n, (1.0,) * n, 0.0, 0.5, {}
    )
    text = "Brno. Trains run to Brno and Brno. Hamas said; of Hamas, Hamas, Hamas."

    def occurrences(name: str, logits: list[float]) -> list[Candidate]:
        starts = [i for i in range(len(text)) if text.startswith(name, i)]
        return [
            Candidate(s, s + len(name), tuple(x if i == at else 0.0 for i in range(n)))
            for s, x in zip(starts, logits, strict=True)
        ]

    brno = occurrences("Brno", [-1.0, 3.0, -0.5])  # one plain reading, two doubtful
    hamas = occurrences("Hamas", [-3.0, 1.0, -3.0, -3.0])  # one misleading reading
    taken = places_among([*brno, *hamas], text, recogniser)
    assert taken == brno


def test_fitting_the_recogniser_learns_which_evidence_counts() -> None:
    sure = [1.0 if f == "locative_before" else 0.0 for f in FEATURES]
    not_place = [1.0 if f == "speech_after" else 0.0 for f in FEATURES]
    data = learn_recogniser.Labelled(
        corpus=["a"] * 20 + ["b"] * 20,
        features=[tuple(sure), tuple(not_place)] * 20,
        place=[True, False] * 20,
    )
    fitted = learn_recogniser.fit(data)
    assert fitted.is_place(sure) and not fitted.is_place(not_place)
    assert learn_recogniser.scores(data, fitted)["precision"] == 1.0


def test_fitting_the_resolver_learns_which_evidence_counts() -> None:
    n = len(RANKING_FEATURES)
    qualified = tuple(1.0 if f == "qualified" else 0.0 for f in RANKING_FEATURES)
    bigger = tuple(1.0 if f == "log_population" else 0.0 for f in RANKING_FEATURES)
    data = learn_resolver.Choices(
        corpus=["a", "b"] * 10, candidates=[[qualified, bigger]] * 20, right=[[True, False]] * 20
    )
    values = learn_resolver.fit(data)
    assert len(values) == n
    assert (
        values[RANKING_FEATURES.index("qualified")]
        > values[RANKING_FEATURES.index("log_population")]
    )
    assert learn_resolver.accuracy(data, values) == 1.0


def test_runs_grow_only_while_a_longer_name_may_follow() -> None:
    asked: list[str] = []

    def counting(name: str) -> Known:
        asked.append(name)
        return known(name)

    text = "New York officials and Doncaster councillors met."
    doc = NLP(text)
    found = find_candidates(
        doc,
        text,
        lexicon=EN,
        known=counting,
        taken=[],
        place_names=(),
        lowercase=set(),
        extends=lambda words: words.casefold() == "new",
    )
    assert [text[c.start : c.end] for c in found] == ["New York", "Doncaster"]
    assert "Doncaster councillors" not in asked  # no longer name begins with Doncaster
