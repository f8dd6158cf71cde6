"""Evaluation metrics on small hand-made cases whose answers were worked out by hand."""

from __future__ import annotations

import json
import math
import sys
import types
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner

from geonews.distance import EARTH_RADIUS_KM
from geonews.errors import InputError
from geonews.evaluate import (
    UNRESOLVED_KM,
    Scores,
    auc_of_errors,
    evaluate,
    match_spans,
    score_document,
    write_errors,
)
from geonews.gold import GoldDocument, GoldPlace, Span, load_corpus
from geonews.model import Article, Focus, GeoMention, Mention, Place, Result

# A prediction: (start, end, lat, lon), or (start, end, None, None) when unresolved.
Prediction = tuple[int, int, float | None, float | None]


class FakeParser:
    """Returns canned predictions per article text, like Geoparser.parse_many."""

    def __init__(self, predictions: dict[str, Sequence[Prediction]]) -> None:
        self.predictions = predictions

    def parse_many(self, articles: Iterable[Article]) -> Iterator[Result]:
        for article in articles:
            yield result_for(article, self.predictions.get(article.text, ()))


def result_for(article: Article, predictions: Sequence[Prediction]) -> Result:
    geomentions = []
    for start, end, lat, lon in predictions:
        mention = Mention(article.text[start:end], start, end, article.text, 0, label="GPE")
        place = None
        if lat is not None and lon is not None:
            place = Place(f"p{start}", article.text[start:end], "city", lat, lon)
        geomentions.append(GeoMention(mention, place))
    return Result(article=article, mentions=tuple(geomentions))


def doc(
    text: str,
    places: Sequence[tuple[str, float | None, float | None]],
    *,
    ignore: Sequence[str] = (),
    lang: str = "en",
    corpus: str = "test",
    doc_id: str = "d1",
) -> GoldDocument:
    """A gold document whose places are found by their (first unused) text."""
    used: dict[str, int] = {}

    def span_of(name: str) -> tuple[int, int]:
        start = text.index(name, used.get(name, 0))
        used[name] = start + len(name)
        return start, start + len(name)

    gold = [GoldPlace(*span_of(name), name, lat, lon) for name, lat, lon in places]
    ignored = [Span(*span_of(name), name) for name in ignore]
    return GoldDocument(doc_id, lang, text, tuple(gold), tuple(ignored), corpus=corpus)


def at(text: str, name: str, lat: float | None = 0.0, lon: float | None = 0.0) -> Prediction:
    start = text.index(name)
    return (start, start + len(name), lat, lon)


def north_of(lat: float, km: float) -> float:
    """Latitude ``km`` due north along a meridian (a great circle)."""
    return lat + math.degrees(km / EARTH_RADIUS_KM)


# ------------------------------------------------------------------ recognition


TEXT = "Police in Rapides Parish and Alexandria said the French team left."


def test_overlap_matching_counts_partial_spans_but_exact_matching_does_not() -> None:
    gold = doc(TEXT, [("Rapides Parish", 31.2, -92.5), ("Alexandria", 31.3, -92.4)])
    parser = FakeParser({TEXT: [at(TEXT, "Police"), at(TEXT, "Rapides"), at(TEXT, "Alexandria")]})
    figures = evaluate([gold], parser).to_dict()["recognition"]
    # Overlap: Rapides~Rapides Parish and Alexandria match, Police is false.
    assert (figures["tp"], figures["fp"], figures["fn"]) == (2, 1, 0)
    assert figures["precision"] == pytest.approx(2 / 3, abs=1e-4)
    assert figures["recall"] == 1.0
    assert figures["f1"] == 0.8
    # Exact: only Alexandria; tp 1, fp 2, fn 1 -> 2 / (2 + 2 + 1).
    assert figures["exact_tp"] == 1
    assert figures["exact_f1"] == 0.4


def test_two_predictions_inside_one_gold_place_match_it_once() -> None:
    gold = doc(TEXT, [("Rapides Parish", None, None)])
    parser = FakeParser({TEXT: [at(TEXT, "Parish"), at(TEXT, "Rapides")]})
    figures = evaluate([gold], parser).to_dict()["recognition"]
    assert (figures["tp"], figures["fp"], figures["fn"]) == (1, 1, 0)


def test_matching_is_greedy_in_text_order_not_optimal() -> None:
    # Gold A=(0,5), B=(6,10). P1=(0,8) overlaps both and comes first, so it takes A;
    # P2=(1,3) overlaps only A, already taken. An optimal matching would pair all.
    pairs = match_spans([(1, 3), (0, 8)], [(0, 5), (6, 10)])
    assert pairs == {1: 0}


def test_one_prediction_over_two_gold_places_takes_the_earliest() -> None:
    assert match_spans([(0, 12)], [(7, 12), (0, 5)]) == {0: 1}


def test_touching_spans_do_not_overlap() -> None:
    assert match_spans([(0, 5), (10, 12)], [(5, 10)]) == {}


def test_exact_matching_needs_same_start_and_end() -> None:
    assert match_spans([(0, 5), (6, 9)], [(0, 5), (6, 10)], exact=True) == {0: 0}


def test_prediction_on_an_ignore_span_is_neither_true_nor_false() -> None:
    gold = doc(TEXT, [("Alexandria", 31.3, -92.4)], ignore=["French"])
    parser = FakeParser({TEXT: [at(TEXT, "French"), at(TEXT, "Alexandria"), at(TEXT, "Police")]})
    summary = evaluate([gold], parser).to_dict()
    assert summary["neutral"] == 1
    assert summary["recognition"]["fp"] == 1
    assert summary["recognition"]["exact_fp"] == 1
    assert summary["recognition"]["precision"] == 0.5


def test_prediction_over_gold_and_ignore_span_is_a_true_positive() -> None:
    text = "French Alexandria"
    gold = doc(text, [("Alexandria", None, None)], ignore=["French"])
    summary = evaluate([gold], FakeParser({text: [(0, len(text), None, None)]})).to_dict()
    assert (summary["recognition"]["tp"], summary["neutral"]) == (1, 0)


def test_empty_prediction_gives_zero_scores_not_a_division_error() -> None:
    gold = doc(TEXT, [("Alexandria", 31.3, -92.4)])
    summary = evaluate([gold], FakeParser({})).to_dict()
    assert summary["recognition"]["precision"] == 0.0
    assert summary["recognition"]["f1"] == 0.0
    assert summary["resolution"]["n"] == 0
    assert summary["resolution"]["auc"] is None
    assert summary["end_to_end_acc_161km"] == 0.0


# ------------------------------------------------------------------ resolution


def test_auc_of_best_and_worst_error_is_about_half() -> None:
    # Sorted heights ln(1) = 0 and ln(20040); one trapezoid of width 1: ln(20040) / 2;
    # divided by ln(20039) * (2 - 1).
    expected = math.log(20040) / (2 * math.log(20039))
    assert auc_of_errors([20039.0, 0.0]) == pytest.approx(expected, rel=1e-12)
    assert expected == pytest.approx(0.5000025, abs=1e-7)


def test_auc_of_perfect_placements_is_zero_and_of_three_errors_by_hand() -> None:
    assert auc_of_errors([0.0, 0.0, 0.0]) == 0.0
    # Heights 0, ln 2, ln 100 -> trapezoids ln2/2 + (ln2 + ln100)/2 over ln(20039) * 2.
    expected = (math.log(2) / 2 + (math.log(2) + math.log(100)) / 2) / (math.log(20039) * 2)
    assert auc_of_errors([99.0, 0.0, 1.0]) == pytest.approx(expected, rel=1e-12)


def test_auc_of_one_error_is_its_normalised_log_and_of_none_is_none() -> None:
    assert auc_of_errors([99.0]) == pytest.approx(math.log(100) / math.log(20039))
    assert auc_of_errors([]) is None


def test_accuracy_threshold_is_strictly_below_161_km() -> None:
    assert Scores(errors_km=[160.9, 161.0]).acc_161km == 0.5
    assert Scores(errors_km=[161.0]).acc_161km == 0.0


def test_placement_just_inside_and_just_outside_161_km() -> None:
    text = "Inside and Outside"
    gold = doc(text, [("Inside", 0.0, 0.0), ("Outside", 0.0, 0.0)])
    parser = FakeParser(
        {
            text: [
                at(text, "Inside", north_of(0.0, 160.9), 0.0),
                at(text, "Outside", north_of(0.0, 161.1), 0.0),
            ]
        }
    )
    report = evaluate([gold], parser)
    assert report.overall.errors_km == pytest.approx([160.9, 161.1])
    assert report.to_dict()["resolution"]["acc_161km"] == 0.5
    assert report.to_dict()["end_to_end_acc_161km"] == 0.5
    assert [(r.kind, r.text) for r in report.errors] == [("far", "Outside")]


def test_end_to_end_counts_misses_and_unresolved_mentions_as_failures() -> None:
    text = "Avalon met Bexley, Cordova and Dunmore near Elmwood."
    gold = doc(
        text,
        [
            ("Avalon", 10.0, 10.0),  # placed exactly: 0 km
            ("Bexley", 10.0, 10.0),  # placed 500 km north: far
            ("Cordova", 10.0, 10.0),  # missed
            ("Dunmore", 10.0, 10.0),  # recognised, no coordinates: 20039 km
            ("Elmwood", None, None),  # recognition only
        ],
    )
    far = north_of(10.0, 500.0)
    parser = FakeParser(
        {
            text: [
                at(text, "Avalon", 10.0, 10.0),
                at(text, "Bexley", far, 10.0),
                at(text, "Dunmore", None, None),
                at(text, "Elmwood", 0.0, 0.0),
            ]
        }
    )
    report = evaluate([gold], parser)
    summary = report.to_dict()
    assert summary["recognition"]["recall"] == 0.8
    resolution = summary["resolution"]
    assert resolution["n"] == 3
    assert resolution["unresolved"] == 1
    assert resolution["acc_161km"] == pytest.approx(1 / 3, abs=1e-4)
    assert resolution["median_km"] == 500.0
    assert resolution["mean_km"] == pytest.approx((0 + 500 + UNRESOLVED_KM) / 3, abs=0.1)
    assert summary["end_to_end_acc_161km"] == 0.25
    kinds = sorted((r.kind, r.text) for r in report.errors)
    assert kinds == [("far", "Bexley"), ("miss", "Cordova"), ("unresolved", "Dunmore")]


# ------------------------------------------------------------------ report


def test_report_breaks_figures_down_by_corpus_and_language() -> None:
    en = doc(TEXT, [("Alexandria", 31.3, -92.4)], corpus="lgl", doc_id="e1")
    fr_text = "Les chars arrivent à Kiev."
    fr = doc(fr_text, [("Kiev", 50.45, 30.52)], lang="fr", corpus="seed", doc_id="f1")
    parser = FakeParser(
        {TEXT: [at(TEXT, "Alexandria", 31.3, -92.4)], fr_text: [at(fr_text, "chars")]}
    )
    summary = json.loads(evaluate([en, fr], parser).to_json())
    assert summary["documents"] == 2
    assert summary["by_corpus"]["lgl"]["recognition"]["f1"] == 1.0
    assert summary["by_corpus"]["seed"]["recognition"]["f1"] == 0.0
    assert summary["by_language"]["fr"]["recognition"]["fp"] == 1
    assert summary["by_language"]["en"]["end_to_end_acc_161km"] == 1.0
    assert summary["end_to_end_acc_161km"] == 0.5
    assert summary["seconds"] >= 0
    assert summary["error_classes"]["miss"]["total"] == 1
    for key in ("recognition", "resolution", "documents_per_second", "by_language"):
        assert key in summary


def test_evaluate_honours_limit_and_reports_progress() -> None:
    docs = [doc(TEXT, [], doc_id=str(i)) for i in range(5)]
    ticks: list[int] = []
    report = evaluate(docs, FakeParser({}), limit=3, progress=ticks.append)
    assert report.overall.documents == 3
    assert ticks == [1, 1, 1]


def test_parser_that_drops_results_is_reported_as_a_bug() -> None:
    class Lossy:
        def parse_many(self, articles: Iterable[Article]) -> Iterator[Result]:
            yield from FakeParser({}).parse_many(list(articles)[:1])

    with pytest.raises(RuntimeError, match="no result for document 2"):
        evaluate([doc(TEXT, [], doc_id="1"), doc(TEXT, [], doc_id="2")], Lossy())


def test_error_log_holds_span_context_prediction_and_gold(tmp_path: Path) -> None:
    gold = doc(TEXT, [("Alexandria", 31.3, -92.4)])
    report = evaluate([gold], FakeParser({TEXT: [at(TEXT, "Alexandria", 48.85, 2.35)]}))
    path = tmp_path / "errors.jsonl"
    assert write_errors(path, report.errors) == 1
    (record,) = [json.loads(line) for line in path.read_text().splitlines()]
    assert record["kind"] == "far"
    assert record["doc_id"] == "d1"
    assert (record["start"], record["end"], record["text"]) == (29, 39, "Alexandria")
    assert "Rapides Parish and [[Alexandria]] said" in record["context"]
    assert record["predicted"]["name"] == "Alexandria"
    assert record["predicted"]["place_id"] == "p29"
    assert record["predicted"]["kind"] == "city"
    assert record["gold"]["lat"] == 31.3
    assert record["error_km"] > 7000
    assert record["classes"] == []


def test_error_classes_flag_all_caps_abbreviations_and_organisation_names() -> None:
    text = "COLUMBUS, Ohio - The Texas Department said U.S. troops left."
    gold = doc(text, [("COLUMBUS", 1.0, 1.0), ("Texas", 1.0, 1.0), ("U.S.", 1.0, 1.0)])
    report = evaluate([gold], FakeParser({}))
    classes = {r.text: r.classes for r in report.errors}
    assert classes == {
        "COLUMBUS": ("all_caps",),
        "Texas": ("in_capitalised_phrase",),
        "U.S.": ("abbreviation",),
    }
    tally = report.to_dict()["error_classes"]["miss"]
    assert tally == {"abbreviation": 1, "all_caps": 1, "in_capitalised_phrase": 1, "total": 3}


# ------------------------------------------------------------------ corpus


def write_lines(path: Path, lines: Iterable[object]) -> Path:
    path.write_text(
        "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n",
        encoding="utf-8",
    )
    return path


GOOD_TEXT = "Rain in Paris."
GOOD = {
    "id": "a",
    "lang": "en",
    "source": "t",
    "title": None,
    "text": GOOD_TEXT,
    "places": [{"start": 8, "end": 13, "text": "Paris", "lat": 48.85, "lon": 2.35}],
    "ignore": [],
}


def test_load_corpus_reads_documents_and_names_the_corpus_after_the_file(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "mini.jsonl", [GOOD, "", {**GOOD, "id": "b", "places": []}])
    docs = load_corpus(path)
    assert [d.id for d in docs] == ["a", "b"]
    assert docs[0].places == (GoldPlace(8, 13, "Paris", 48.85, 2.35),)
    assert docs[0].corpus == "mini"


def test_focus_accuracy_counts_only_documents_with_a_main_place(tmp_path: Path) -> None:
    main = {**GOOD, "places": [{**GOOD["places"][0], "main": True}]}
    docs = load_corpus(write_lines(tmp_path / "m.jsonl", [main, {**GOOD, "id": "b"}]))
    assert docs[0].places[0].main and not docs[1].places[0].main
    paris = Place("p", "Paris", "city", 48.85, 2.35, "FR")
    focused = Result(Article(GOOD_TEXT), (), focus=(Focus(paris, 1.0),))
    unfocused = Result(Article(GOOD_TEXT), ())
    assert score_document(docs[0], focused)[0].focus_hits == 1
    assert score_document(docs[0], unfocused)[0].focus_documents == 1
    assert score_document(docs[0], unfocused)[0].focus_hits == 0
    assert score_document(docs[1], focused)[0].focus_documents == 0
    report = evaluate(docs, _Fixed([focused, focused]))
    assert report.to_dict()["focus"] == {"documents": 1, "accuracy": 1.0}


class _Fixed:
    """A parser that hands back results made beforehand, with each article's text."""

    def __init__(self, results: list[Result]) -> None:
        self.results = results

    def parse_many(self, articles: Iterable[Article]) -> Iterator[Result]:
        for article, result in zip(articles, self.results, strict=True):
            yield Result(article, result.mentions, focus=result.focus)


def test_malformed_json_line_is_reported_with_its_line_number(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "bad.jsonl", [GOOD, "", '{"id": "c", "text": '])
    with pytest.raises(InputError, match=r"bad\.jsonl:3: not valid JSON"):
        load_corpus(path)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"text": None}, "'text' is missing"),
        ({"places": [{"start": 8, "end": 99, "text": "Paris"}]}, "span 8:99 is outside"),
        ({"places": [{"start": 8, "end": 13, "lat": 1.0, "lon": None}]}, "both be given"),
        ({"places": [{"start": 8, "end": 13, "lat": 91.0, "lon": 0.0}]}, "out of range"),
        ({"places": [{"start": "8", "end": 13}]}, "'start' is missing or not int"),
        ({"ignore": "none"}, "must be lists"),
        ({"places": [{"start": 8, "end": 13, "main": "yes"}]}, "'main' must be true or false"),
    ],
)
def test_invalid_document_fields_are_reported_with_line_number(
    tmp_path: Path, change: dict[str, object], message: str
) -> None:
    path = write_lines(tmp_path / "bad.jsonl", [GOOD, {**GOOD, **change}])
    with pytest.raises(InputError, match=rf"bad\.jsonl:2.*{message}"):
        load_corpus(path)


def test_missing_corpus_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read corpus"):
        load_corpus(tmp_path / "absent.jsonl")


def test_place_whose_offsets_miss_its_text_is_skipped_counted_and_ignored(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    shifted = {**GOOD, "places": [{"start": 7, "end": 12, "text": "Paris", "lat": 1, "lon": 1}]}
    docs = load_corpus(write_lines(tmp_path / "shifted.jsonl", [shifted]))
    assert docs[0].places == ()
    assert docs[0].skipped == 1
    assert docs[0].ignore == (Span(7, 12, " Pari"),)
    assert "place skipped" in caplog.text
    summary = evaluate(docs, FakeParser({GOOD_TEXT: [(8, 13, 1.0, 1.0)]})).to_dict()
    assert summary["skipped_gold"] == 1
    assert (summary["recognition"]["fp"], summary["neutral"]) == (0, 1)


def test_shipped_corpora_load_without_mismatches() -> None:
    corpora = Path(__file__).resolve().parents[2] / "shared" / "eval"
    if not (corpora / "lgl.jsonl").exists():
        pytest.skip("shared evaluation corpora not present")
    docs = load_corpus(corpora / "lgl.jsonl")
    assert len(docs) == 588
    assert sum(len(d.places) for d in docs) == 4462
    assert sum(d.skipped for d in docs) == 0


# ------------------------------------------------------------------ command


@pytest.fixture
def fake_pipeline(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, object]]:
    """Stands in for geonews.pipeline so the command runs without models or gazetteer."""
    calls: list[dict[str, object]] = []

    class NoAreas:
        def holds(self, place: Place, lat: float, lon: float) -> bool | None:
            return None

    class Geoparser(FakeParser):
        gazetteer = NoAreas()

        def __init__(self, **options: object) -> None:
            calls.append(options)
            super().__init__({GOOD_TEXT: [(8, 13, 48.85, 2.35), (0, 4, None, None)]})

        def __enter__(self) -> Geoparser:
            return self

        def __exit__(self, *exc: object) -> None:
            return None

    module = types.ModuleType("geonews.pipeline")
    module.Geoparser = Geoparser  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "geonews.pipeline", module)
    return calls


def test_eval_command_prints_one_json_object(
    tmp_path: Path, fake_pipeline: list[dict[str, object]]
) -> None:
    from geonews.cli import cli

    corpus = write_lines(tmp_path / "mini.jsonl", [GOOD, {**GOOD, "id": "b", "lang": "fr"}])
    errors = tmp_path / "errors.jsonl"
    result = CliRunner().invoke(
        cli, ["eval", str(corpus), "--json", "--only-lang", "en", "--errors", str(errors)]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["documents"] == 1
    assert summary["recognition"]["tp"] == 1
    assert summary["recognition"]["fp"] == 1
    assert summary["end_to_end_acc_161km"] == 1.0
    assert list(summary["by_language"]) == ["en"]
    assert [json.loads(line)["kind"] for line in errors.read_text().splitlines()] == [
        "false_positive"
    ]


def test_eval_command_prints_a_table_per_corpus_and_language(
    tmp_path: Path, fake_pipeline: list[dict[str, object]]
) -> None:
    from geonews.cli import cli

    first = write_lines(tmp_path / "one.jsonl", [GOOD, {**GOOD, "id": "b"}])
    second = write_lines(tmp_path / "two.jsonl", [{**GOOD, "lang": "fr"}])
    result = CliRunner().invoke(cli, ["eval", str(first), str(second), "--limit", "1"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["docs", "gold", "P"]
    rows = {line.split()[0]: line.split() for line in lines[1:] if line[:1] not in ("", " ")}
    assert rows["one"][1:3] == ["1", "1"]
    assert rows["two"][1:3] == ["1", "1"]
    assert rows["all"][1:6] == ["2", "2", "0.500", "1.000", "0.667"]
    assert "lang" in rows  # "lang en" and "lang fr" rows


def test_eval_command_reports_a_broken_corpus_without_traceback(
    tmp_path: Path, fake_pipeline: list[dict[str, object]]
) -> None:
    from geonews.cli import cli

    corpus = write_lines(tmp_path / "bad.jsonl", ["not json"])
    result = CliRunner().invoke(cli, ["eval", str(corpus)])
    assert result.exit_code == 1
    assert "bad.jsonl:1: not valid JSON" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_eval_errors_never_replace_a_file_that_is_not_an_error_log(
    tmp_path: Path, fake_pipeline: list[dict[str, object]]
) -> None:
    from geonews.cli import cli

    corpus = write_lines(tmp_path / "mini.jsonl", [GOOD])
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n")
    refused = CliRunner().invoke(cli, ["eval", str(corpus), "--errors", str(notes)])
    assert refused.exit_code == 1
    assert "--force" in refused.output
    assert notes.read_text() == "my notes\n"
    # An error log it wrote is replaced; --force replaces anything.
    log = tmp_path / "errors.jsonl"
    for _ in range(2):
        result = CliRunner().invoke(cli, ["eval", str(corpus), "--errors", str(log)])
        assert result.exit_code == 0, result.output
    forced = CliRunner().invoke(cli, ["eval", str(corpus), "--errors", str(notes), "--force"])
    assert forced.exit_code == 0
    assert notes.read_text() == log.read_text()


@pytest.mark.parametrize("content", [None, ""])
def test_eval_of_a_missing_or_empty_corpus_is_an_input_error(
    tmp_path: Path, fake_pipeline: list[dict[str, object]], content: str | None
) -> None:
    from geonews.cli import cli

    corpus = tmp_path / "corpus.jsonl"
    if content is not None:
        corpus.write_text(content)
    result = CliRunner().invoke(cli, ["eval", str(corpus)])
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Error: ")


@pytest.mark.slow
def test_eval_command_scores_the_seed_article_with_the_real_pipeline(
    full_gazetteer_path: Path,
) -> None:
    from geonews.cli import cli

    seed = Path(__file__).resolve().parents[2] / "shared" / "eval" / "seed-fr.jsonl"
    if not seed.exists():
        pytest.skip("shared evaluation corpora not present")
    result = CliRunner().invoke(
        cli, ["eval", str(seed), "--json", "--gazetteer", str(full_gazetteer_path)]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    # Regression floor for the sample article (31 gold places, all with coordinates).
    assert summary["recognition"]["f1"] >= 0.9
    assert summary["end_to_end_acc_161km"] >= 0.7


def test_area_aware_accuracy_counts_a_point_inside_a_predicted_area() -> None:
    # The gold point for a country can lie hundreds of km from ours; inside the
    # predicted country's outline, it is right by area, not by distance.
    text = "Iran and Iowa."
    gold = doc(text, [("Iran", 32.0, 53.0), ("Iowa", 42.0, -93.5)])
    far = north_of(32.0, 400.0)
    parser = FakeParser({text: [at(text, "Iran", far, 53.0), at(text, "Iowa", 46.0, -93.5)]})

    def holds(place: Place, lat: float, lon: float) -> bool | None:
        return True if place.name == "Iran" else None

    report = evaluate([gold], parser, holds=holds)
    figures = report.to_dict()
    assert figures["resolution"]["acc_161km"] == 0.0
    assert figures["resolution"]["area_acc"] == 0.5
    assert figures["end_to_end_area_acc"] == 0.5
    without = evaluate([gold], parser).to_dict()
    assert without["resolution"]["area_acc"] == 0.0
