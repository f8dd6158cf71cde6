"""The sample article end to end: every gold place right, no ignored span, three borders."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from geonews.gazetteer import Gazetteer
from geonews.geometry import great_circle_km
from geonews.model import Article, Result
from geonews.pipeline import BLANK_PREFIX, DEFAULT_MODELS, Geoparser, chunk_text

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "ukraine-fr.txt"


@pytest.fixture(scope="module")
def sample_result(geoparser: Geoparser, seed_gold: dict[str, Any]) -> Result:
    text = SAMPLE.read_text(encoding="utf-8")
    assert text == seed_gold["text"], "data/ukraine-fr.txt must be the annotated article"
    return geoparser.parse(Article(text=text, lang="fr", source=str(SAMPLE)))


def test_every_gold_place_is_found_and_placed(
    sample_result: Result, seed_gold: dict[str, Any]
) -> None:
    found = {(g.mention.start, g.mention.end): g for g in sample_result.resolved}
    wrong = []
    for gold in seed_gold["places"]:
        g = found.get((gold["start"], gold["end"]))
        if g is None or g.place is None:
            wrong.append((gold["text"], gold["start"], "missing"))
            continue
        if gold["kind"] == "country":
            ok = g.place.kind == "country" and g.place.country_code == gold["country_code"]
        else:  # cities, and metonyms at their city
            ok = great_circle_km(g.place.lat, g.place.lon, gold["lat"], gold["lon"]) <= 25
            ok = ok and g.place.country_code == gold["country_code"]
            # Kyiv Oblast's point is within 25 km of Kyiv: the kind must be right too.
            ok = ok and g.place.kind == {"city": "city", "metonym": "landmark"}[gold["kind"]]
        if gold["kind"] == "metonym":
            ok = ok and g.mention.metonym
        if not ok:
            wrong.append((gold["text"], gold["start"], g.place.name))
    assert wrong == []
    assert len(seed_gold["places"]) == 31


def test_no_ignored_span_is_reported(sample_result: Result, seed_gold: dict[str, Any]) -> None:
    reported = [
        (ignored["text"], g.mention.text)
        for ignored in seed_gold["ignore"]
        for g in sample_result.mentions
        if g.mention.start < ignored["end"] and ignored["start"] < g.mention.end
    ]
    assert reported == []
    assert len(seed_gold["ignore"]) == 16


def test_no_extra_places_are_reported(sample_result: Result, seed_gold: dict[str, Any]) -> None:
    gold_spans = {(p["start"], p["end"]) for p in seed_gold["places"]}
    extra = [
        g.mention.text
        for g in sample_result.mentions
        if (g.mention.start, g.mention.end) not in gold_spans
    ]
    assert extra == []


def test_belarus_border_crossings_become_three_borders(
    sample_result: Result, seed_gold: dict[str, Any]
) -> None:
    [gold] = seed_gold["borders"]
    got = {b.countries: b for b in sample_result.borders}
    assert set(got) == {(gold["of"], other) for other in gold["with"]}
    # Natural Earth 10m outlines (NOTES.md: 482 / 341 / 136 km), with a tolerance.
    expected_km = {"LT": 482, "PL": 341, "LV": 136}
    for (_, other), border in got.items():
        assert border.length_km == pytest.approx(expected_km[other], rel=0.05)
        assert gold["text"] in border.mention.text
        assert border.mention.text in border.mention.sentence


def test_geojson_contract(sample_result: Result) -> None:
    collection = sample_result.__geo_interface__
    assert collection["type"] == "FeatureCollection"
    points = [f for f in collection["features"] if f["geometry"]["type"] == "Point"]
    lines = [f for f in collection["features"] if f["properties"]["kind"] == "border"]
    assert len(points) == 31 and len(lines) == 3
    required = {
        "mention",
        "start",
        "end",
        "sentence",
        "name",
        "kind",
        "metonym",
        "country_code",
        "lat",
        "lon",
        "confidence",
        "source",
        "place_id",
    }
    for feature in points:
        props = feature["properties"]
        assert required <= props.keys()
        assert feature["geometry"]["coordinates"] == [props["lon"], props["lat"]]
        assert 0.0 <= props["confidence"] <= 1.0
    text = sample_result.article.text
    for feature in collection["features"]:
        props = feature["properties"]
        assert text[props["start"] : props["end"]] == props["mention"]
    for line in lines:
        assert len(line["properties"]["countries"]) == 2
        assert line["properties"]["length_km"] > 0


def test_parse_many_matches_parse(geoparser: Geoparser) -> None:
    articles = [
        Article("Les chars arrivent à Kiev.", lang="fr"),
        Article("Rien à signaler.", lang="fr"),
        Article("Moscou et Bruxelles discutent.", lang="fr"),
    ]
    batched = list(geoparser.parse_many(articles, batch_size=2))
    single = [geoparser.parse(a) for a in articles]
    assert [r.mentions for r in batched] == [r.mentions for r in single]
    assert [len(r.mentions) for r in batched] == [1, 0, 2]


@pytest.mark.parametrize(
    "text",
    [
        "Une ligne.\n" * 40,
        "Une phrase. " * 40,
        "mot " * 120,
        "x" * 450,  # one huge word: cut at the size
        "",
    ],
)
def test_chunks_join_back_into_the_text_and_respect_the_size(text: str) -> None:
    pieces = chunk_text(text, 100)
    assert "".join(pieces) == text
    assert all(len(p) <= 100 for p in pieces)
    if "\n" in text:
        assert all(p.endswith("\n") for p in pieces[:-1])


def test_an_article_longer_than_a_chunk_keeps_its_offsets(
    small_gazetteer: Gazetteer, french_nlp: Any
) -> None:
    text = "".join(f"Au jour {i}, les chars arrivent à Kiev, puis à Moscou.\n" for i in range(12))
    assert len(text) > 5 * 120
    geoparser = Geoparser(gazetteer=small_gazetteer, nlp={"fr": french_nlp}, chunk_chars=120)
    result = geoparser.parse(Article(text=text, lang="fr"))
    assert [g.mention.text for g in result.mentions] == ["Kiev", "Moscou"] * 12
    for g in result.mentions:
        assert text[g.mention.start : g.mention.end] == g.mention.text
        assert g.mention.sentence.startswith("Au jour")


def test_models_load_through_the_given_loader_once_per_language(
    small_gazetteer: Gazetteer, french_nlp: Any
) -> None:
    loaded: list[str] = []

    def load_nlp(name: str) -> Any:
        loaded.append(name)
        return french_nlp

    geoparser = Geoparser(gazetteer=small_gazetteer, load_nlp=load_nlp)
    for text, lang in [("Les chars arrivent à Kiev.", "fr"), ("Moscou.", "fr"), ("Kyiv.", "xx")]:
        geoparser.parse(Article(text, lang=lang))
    assert loaded == [DEFAULT_MODELS["fr"], BLANK_PREFIX + "xx"]


def test_a_given_pipeline_is_used_instead_of_loading_one(
    small_gazetteer: Gazetteer, french_nlp: Any
) -> None:
    def refuse(name: str) -> Any:
        raise AssertionError(f"loaded {name} although a pipeline was given")

    geoparser = Geoparser(gazetteer=small_gazetteer, nlp={"fr": french_nlp}, load_nlp=refuse)
    result = geoparser.parse(Article("Les chars arrivent à Kiev.", lang="fr"))
    assert [g.mention.text for g in result.mentions] == ["Kiev"]


def test_a_language_without_a_model_is_read_with_its_tokenizer_not_another_model(
    small_gazetteer: Gazetteer, caplog: pytest.LogCaptureFixture
) -> None:
    from geonews.pipeline import load_model

    loaded: list[str] = []

    def load_nlp(name: str) -> Any:
        loaded.append(name)
        return load_model(name)

    geoparser = Geoparser(gazetteer=small_gazetteer, load_nlp=load_nlp)
    text = "Die Bundesregierung hat am Montag in Berlin und München neue Hilfen beschlossen."
    german = geoparser.parse(Article(text, lang="de"))
    assert loaded == [BLANK_PREFIX + "de"]
    found = {g.mention.text: g.place for g in german.mentions}
    assert "Die" not in found and "Montag" not in found
    assert found["Berlin"] is not None and found["Berlin"].country_code == "DE"
    assert found["München"] is not None and found["München"].country_code == "DE"
    assert not caplog.records  # German is known: no warning

    geoparser.parse(Article("Le gouvernement polonais a parlé de Varsovie.", lang="sv"))
    assert loaded[-1] == BLANK_PREFIX + "sv"
    assert "no trained model for language 'sv'" in caplog.text
