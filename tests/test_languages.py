"""Five languages read without NER, on news sentences written for geonews
(`data/eval/news-{de,es,it,nl,pt}.jsonl`), scored as `geonews eval` scores them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from geonews.evaluate import Report, evaluate
from geonews.gazetteer import Gazetteer
from geonews.gold import load_corpus
from geonews.pipeline import Geoparser

SETS = Path(__file__).resolve().parents[1] / "data" / "eval"
LANGUAGES = ("de", "es", "it", "nl", "pt")
#: The bars a newsroom's reader would set: most places found, four in five placed right.
MIN_F1 = 0.85
MIN_END_TO_END = 0.80
NOT_YET: dict[str, str] = {}


def test_each_set_is_a_real_test() -> None:
    for lang in LANGUAGES:
        docs = load_corpus(SETS / f"news-{lang}.jsonl")
        places = [p for d in docs for p in d.places]
        assert len(docs) >= 25 and len(places) >= 60, lang
        assert all(d.lang == lang and not d.skipped for d in docs), lang
        assert all(p.lat is not None and p.lon is not None for p in places), lang
        # Places all over the world, not the language's own countries only.
        assert len({round(p.lon / 30) for p in places}) >= 6, lang


@pytest.fixture(scope="module")
def reports(full_gazetteer_path: Path) -> Iterator[dict[str, Report]]:
    with Geoparser(gazetteer=Gazetteer(full_gazetteer_path)) as geoparser:
        yield {
            lang: evaluate(load_corpus(SETS / f"news-{lang}.jsonl"), geoparser)
            for lang in LANGUAGES
        }


def _param(lang: str) -> object:
    reason = NOT_YET.get(lang)
    marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
    return pytest.param(lang, marks=marks)


@pytest.mark.slow
@pytest.mark.parametrize("lang", [_param(lang) for lang in LANGUAGES])
def test_news_in_each_language_maps_as_well_as_french(
    lang: str, reports: dict[str, Report]
) -> None:
    scores = reports[lang].overall
    assert scores.f1 >= MIN_F1, f"{lang}: recognition F1 {scores.f1:.3f}"
    end_to_end = scores.end_to_end_acc_161km or 0.0
    assert end_to_end >= MIN_END_TO_END, f"{lang}: end to end {end_to_end:.3f}"


BORDERS_AND_SEATS = [
    (
        "de",
        "Belarus hat die Grenzübergänge zu Litauen, Polen und Lettland geschlossen, "
        "teilte das Kanzleramt mit.",
        {("BY", "LT"), ("BY", "PL"), ("BY", "LV")},
        "Kanzleramt",
    ),
    (
        "es",
        "Venezuela cerró la frontera con Colombia y Brasil, según el Palacio de Miraflores.",
        {("VE", "CO"), ("VE", "BR")},
        "Palacio de Miraflores",
    ),
    (
        "it",
        "La Slovenia ha ripristinato i controlli al confine con l'Italia e la Croazia, "
        "ha riferito la Farnesina.",
        {("SI", "IT"), ("SI", "HR")},
        "Farnesina",
    ),
    (
        "pt",
        "A Venezuela reabriu a fronteira com o Brasil, anunciou o Palácio do Planalto.",
        {("VE", "BR")},
        "Palácio do Planalto",
    ),
    (
        "nl",
        "Nederland sluit de grens met Duitsland niet, zei men in het Binnenhof.",
        {("NL", "DE")},
        "Binnenhof",
    ),
]


@pytest.fixture(scope="module")
def geoparser(full_gazetteer_path: Path) -> Iterator[Geoparser]:
    with Geoparser(gazetteer=Gazetteer(full_gazetteer_path)) as parser:
        yield parser


@pytest.mark.slow
@pytest.mark.parametrize(("lang", "text", "borders", "seat"), BORDERS_AND_SEATS)
def test_borders_and_seats_of_power_in_each_language(
    geoparser: Geoparser, lang: str, text: str, borders: set[tuple[str, str]], seat: str
) -> None:
    from geonews.model import Article

    result = geoparser.parse(Article(text, lang=lang))
    assert {b.countries for b in result.borders} == borders
    found = {g.mention.text: g for g in result.mentions}
    assert found[seat].place is not None and found[seat].place.kind == "landmark"
    assert found[seat].mention.metonym


@pytest.mark.slow
def test_geonews_eval_reads_the_five_sets_by_language(full_gazetteer_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from geonews.cli import cli

    files = [str(SETS / f"news-{lang}.jsonl") for lang in LANGUAGES]
    result = CliRunner().invoke(
        cli, ["eval", *files, "--json", "--gazetteer", str(full_gazetteer_path)]
    )
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert set(scores["by_language"]) == set(LANGUAGES)
    for lang in LANGUAGES:
        assert scores["by_language"][lang]["end_to_end_acc_161km"] >= MIN_END_TO_END, lang
