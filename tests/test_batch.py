"""geonews batch: shards, resuming, bad documents, aggregation, pool and Dask workers."""

from __future__ import annotations

import functools
import json
import logging
import os
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from geonews import batch
from geonews.batch import BatchConfig, GeoparserFactory, build_geoparser, run_batch
from geonews.errors import OutputError
from geonews.model import Article
from geonews.render import escape_text

TEXTS = {
    "kiev": "Les chars arrivent à Kiev. Moscou dément toute offensive.",
    "moscou": "Moscou et Bruxelles discutent. La France observe.",
    "paris": "À Paris, le ministre parle de Moscou et de Kiev.",
    "bruxelles": "Bruxelles accueille le sommet. Berlin hésite.",
    "vide": "Il pleut depuis trois jours et personne ne sort.",
}


@pytest.fixture
def french_only(french_nlp: Any) -> GeoparserFactory:
    """In-process runs reuse the session's French model instead of loading it again."""
    return functools.partial(build_geoparser, nlp={"fr": french_nlp})


@pytest.fixture
def config(small_gazetteer_path: Path) -> BatchConfig:
    return BatchConfig(gazetteer_path=str(small_gazetteer_path))


def _write_jsonl(path: Path, records: list[dict[str, Any]], extra: str = "") -> Path:
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    return path


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    records = [
        {"id": key, "lang": "fr", "title": f"Dépêche {key}", "text": text}
        for key, text in TEXTS.items()
    ]
    return _write_jsonl(tmp_path / "corpus.jsonl", records)


def _lines(outdir: Path) -> list[dict[str, Any]]:
    records = []
    for path in sorted((outdir / "shards").glob("*.geojsonl")):
        records += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return records


def _outputs(outdir: Path) -> dict[str, bytes]:
    """The files a run produced (everything but the run record), by relative path."""
    return {
        p.relative_to(outdir).as_posix(): p.read_bytes()
        for p in sorted(outdir.rglob("*"))
        if p.is_file() and p.name != "batch.json"
    }


def test_batch_writes_one_feature_collection_per_article_and_counts_places(
    corpus: Path, tmp_path: Path, config: BatchConfig, geoparser: Any, french_only: GeoparserFactory
) -> None:
    out = tmp_path / "out"
    summary = run_batch(corpus, out, config=config, shard_size=2, geoparser_factory=french_only)

    assert (summary.documents, summary.ok, summary.errors) == (5, 5, 0)
    assert summary.shards_done == 3
    assert sorted(p.name for p in (out / "shards").glob("*.geojsonl")) == [
        "shard-00000.geojsonl",
        "shard-00001.geojsonl",
        "shard-00002.geojsonl",
    ]
    records = _lines(out)
    assert [r["id"] for r in records] == list(TEXTS)
    expected_mentions: Counter[str] = Counter()
    expected_articles: Counter[str] = Counter()
    for record in records:
        assert record["type"] == "FeatureCollection"
        assert record["lang"] == "fr"
        assert record["title"] == f"Dépêche {record['id']}"
        assert record["source"].endswith(f"corpus.jsonl:{list(TEXTS).index(record['id']) + 1}")
        # The same article geoparsed on its own gives the same features.
        alone = geoparser.parse(Article(TEXTS[record["id"]], lang="fr"))
        assert [f["properties"]["place_id"] for f in record["features"]] == [
            g.place.place_id for g in alone.resolved
        ]
        for feature in record["features"]:
            assert feature["geometry"]["type"] == "Point"
            expected_mentions[feature["properties"]["place_id"]] += 1
        expected_articles.update({f["properties"]["place_id"] for f in record["features"]})
    assert not _lines_features(records, "vide")

    rows = batch.read_places(out / "places.csv")
    assert {r["place_id"]: int(r["mentions"]) for r in rows} == expected_mentions
    assert {r["place_id"]: int(r["articles"]) for r in rows} == expected_articles
    assert summary.places == len(rows)
    # Moscou is named in three articles: the most widespread place comes first.
    moscow = next(r for r in rows if r["country_code"] == "RU")
    assert int(moscow["articles"]) == 3
    assert rows[0]["mentions"] == str(max(expected_mentions.values()))
    assert (out / "errors.jsonl").read_text() == ""
    assert "gn-article" in (out / "map.html").read_text(encoding="utf-8")


def _lines_features(records: list[dict[str, Any]], doc_id: str) -> list[Any]:
    return next(r for r in records if r["id"] == doc_id)["features"]


def test_corpus_map_escapes_article_text_and_offers_an_article_filter(
    tmp_path: Path, config: BatchConfig, french_only: GeoparserFactory
) -> None:
    records = [
        {
            "id": "x<b>1</b>",
            "lang": "fr",
            "title": "<script>alert(1)</script> ${boom}",
            "text": "Les chars arrivent à Kiev <img src=x onerror=alert(2)>.",
        },
        {"id": "deux", "lang": "fr", "text": "Moscou et Bruxelles discutent."},
    ]
    out = tmp_path / "out"
    run_batch(
        _write_jsonl(tmp_path / "c.jsonl", records),
        out,
        config=config,
        geoparser_factory=french_only,
    )
    page = (out / "map.html").read_text(encoding="utf-8")

    assert '<meta name="generator" content="geonews">' in page
    assert "<img" not in page and "<script>alert" not in page and "${boom}" not in page
    assert "Kiev &lt;img src=x onerror=alert(2)" in page.replace("\\u0026", "&")
    assert f'<option value="0">x&lt;b&gt;1&lt;/b&gt; — {escape_text(records[0]["title"])}<' in page
    assert '<option value="1">deux</option>' in page
    assert "L.markerClusterGroup" in page
    assert "All 2 articles" in page and "GeoNames (CC BY 4.0)" in page  # credits as one map's
    assert 'counted(p.m, "mention")' in page  # "1 mention in 1 article", not "1 mentions"
    # The focus pins' popups show the same escaped id and title; their text is escaped.
    (pin,) = [f for f in _page_data(page)["focus"] if f["i"] == 0]
    assert _page_data(page)["articles"][0] == [
        escape_text(records[0]["id"]),
        escape_text(records[0]["title"]),
    ]
    assert "<" not in pin["h"] + pin["r"] + pin["k"]


def _page_data(page: str) -> dict[str, Any]:
    """The JSON the corpus page's script draws from."""
    start = page.index('id="gn-data">') + len('id="gn-data">')
    data: dict[str, Any] = json.loads(page[start : page.index("</script>", start)])
    return data


def test_focus_csv_has_one_row_per_article_with_its_top_focus(
    corpus: Path, tmp_path: Path, config: BatchConfig, geoparser: Any, french_only: GeoparserFactory
) -> None:
    out = tmp_path / "out"
    run_batch(corpus, out, config=config, shard_size=2, geoparser_factory=french_only)

    text = (out / batch.FOCUS_FILE).read_text(encoding="utf-8")
    assert text.splitlines()[0] == ",".join(batch.FOCUS_COLUMNS)
    rows = batch.read_places(out / batch.FOCUS_FILE)
    assert [r["id"] for r in rows] == list(TEXTS)  # corpus order, as the shards
    for row, key in zip(rows, TEXTS, strict=True):
        assert row["title"] == f"Dépêche {key}"
        assert row["source"].endswith(f"corpus.jsonl:{list(TEXTS).index(key) + 1}")
        alone = geoparser.parse(Article(TEXTS[key], lang="fr", title=f"Dépêche {key}"))
        assert row["focus"] == alone.about
        if not alone.focus:
            assert [row[c] for c in batch.FOCUS_COLUMNS[3:]] == [""] * 9
            continue
        top = alone.focus[0]
        assert (row["place_id"], row["name"], row["kind"], row["country_code"]) == (
            top.place.place_id,
            top.place.name,
            top.place.kind,
            top.place.country_code or "",
        )
        assert float(row["lat"]) == pytest.approx(top.place.lat, abs=1e-4)
        assert float(row["lon"]) == pytest.approx(top.place.lon, abs=1e-4)
        assert float(row["score"]) == pytest.approx(top.score, abs=1e-3)
        assert row["reasons"] == "; ".join(top.reasons)
    by_id = {r["id"]: r for r in rows}
    assert by_id["kiev"]["country_code"] == "UA" and by_id["kiev"]["focus"]
    assert by_id["vide"]["focus"] == "" and by_id["vide"]["name"] == ""

    # The map's "Articles by focus" layer: one pin per article with a focus, off at first.
    page = (out / "map.html").read_text(encoding="utf-8")
    assert '"Articles by focus": byFocus' in page and "map.addLayer(byFocus)" not in page
    data = _page_data(page)
    pinned = {data["articles"][f["i"]][0]: f for f in data["focus"]}
    assert set(pinned) == {r["id"] for r in rows if r["focus"]}
    kiev = pinned["kiev"]
    assert (kiev["h"], kiev["c"]) == (escape_text(by_id["kiev"]["focus"]), "UA")
    assert (kiev["y"], kiev["x"]) == (float(by_id["kiev"]["lat"]), float(by_id["kiev"]["lon"]))


def test_shards_written_before_focus_aggregate_with_empty_focus(
    corpus: Path, tmp_path: Path, config: BatchConfig, french_only: GeoparserFactory
) -> None:
    out = tmp_path / "out"
    run_batch(corpus, out, config=config, shard_size=2, geoparser_factory=french_only)
    for path in (out / "shards").glob("*.geojsonl"):
        records = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]
        for record in records:
            del record["focus"]
        path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")

    batch.aggregate(out, batch.make_shards(batch.list_documents(corpus), 2))

    rows = batch.read_places(out / batch.FOCUS_FILE)
    assert [r["id"] for r in rows] == list(TEXTS)
    assert all(r[c] == "" for r in rows for c in batch.FOCUS_COLUMNS[3:])
    assert _page_data((out / "map.html").read_text(encoding="utf-8"))["focus"] == []


def test_rerun_skips_finished_shards(
    corpus: Path,
    tmp_path: Path,
    config: BatchConfig,
    monkeypatch: pytest.MonkeyPatch,
    french_only: GeoparserFactory,
) -> None:
    out = tmp_path / "out"
    run_batch(corpus, out, config=config, shard_size=2, geoparser_factory=french_only)
    before = _outputs(out)
    manifests = {p: p.stat().st_mtime_ns for p in (out / "shards").glob("*.json")}

    calls: list[str] = []
    real = batch.process_shard
    monkeypatch.setattr(
        "geonews.batch.run.process_shard",
        lambda s, o, c, g: calls.append(s.name) or real(s, o, c, g),
    )
    again = run_batch(corpus, out, config=config, shard_size=2, geoparser_factory=french_only)

    assert calls == []
    assert (again.shards_skipped, again.shards_done) == (3, 0)
    assert (again.documents, again.ok) == (5, 5)
    assert {p: p.stat().st_mtime_ns for p in manifests} == manifests
    assert _outputs(out) == before


def test_rerun_redoes_deleted_and_corrupted_shards(
    corpus: Path, tmp_path: Path, config: BatchConfig, french_only: GeoparserFactory
) -> None:
    out = tmp_path / "out"
    run_batch(corpus, out, config=config, shard_size=2, geoparser_factory=french_only)
    before = _outputs(out)
    (out / "shards" / "shard-00000.geojsonl").unlink()
    corrupted = out / "shards" / "shard-00002.geojsonl"
    corrupted.write_bytes(corrupted.read_bytes()[:-10])
    (out / "shards" / "shard-00001.json").write_text("{not json")

    again = run_batch(corpus, out, config=config, shard_size=2, geoparser_factory=french_only)

    assert (again.shards_done, again.shards_skipped) == (3, 0)
    assert _outputs(out) == before


def test_changed_document_redoes_only_its_shard(
    tmp_path: Path, config: BatchConfig, french_only: GeoparserFactory
) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for key, text in TEXTS.items():
        (folder / f"{key}.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    run_batch(
        folder,
        out,
        config=BatchConfig(config.gazetteer_path, lang="fr"),
        shard_size=2,
        geoparser_factory=french_only,
    )
    (folder / "vide.txt").write_text("Berlin se tait.", encoding="utf-8")

    again = run_batch(
        folder,
        out,
        config=BatchConfig(config.gazetteer_path, lang="fr"),
        shard_size=2,
        geoparser_factory=french_only,
    )

    assert (again.shards_done, again.shards_skipped) == (1, 2)
    assert [r["id"] for r in _lines(out)] == sorted(f"{k}.txt" for k in TEXTS)
    assert _lines_features(_lines(out), "vide.txt")[0]["properties"]["mention"] == "Berlin"


def test_bad_documents_are_reported_and_the_rest_completes(
    tmp_path: Path,
    config: BatchConfig,
    caplog: pytest.LogCaptureFixture,
    french_only: GeoparserFactory,
) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "kiev.txt").write_text(TEXTS["kiev"], encoding="utf-8")
    (folder / "moscou.html").write_text(
        f"<html><head><title>Sommet</title></head><body><p>{TEXTS['moscou']}</p></body></html>",
        encoding="utf-8",
    )
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "notes.csv").write_text("ignored,not,an,article")
    out = tmp_path / "out"

    with caplog.at_level(logging.WARNING, logger="geonews.batch"):
        summary = run_batch(
            folder,
            out,
            config=BatchConfig(config.gazetteer_path, lang="fr"),
            geoparser_factory=french_only,
        )

    assert (summary.documents, summary.ok, summary.errors) == (4, 2, 2)
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()]
    assert [(e["id"], e["stage"], e["error"]) for e in errors] == [
        ("binary.txt", "read", "InputError"),
        ("empty.txt", "read", "InputError"),
    ]
    assert "binary" in errors[0]["message"]
    assert sum("skipped a document" in r.message for r in caplog.records) == 2
    records = _lines(out)
    assert [r["id"] for r in records] == ["kiev.txt", "moscou.html"]
    assert records[1]["title"] == "Sommet"


def test_malformed_jsonl_lines_are_reported(
    tmp_path: Path, config: BatchConfig, french_only: GeoparserFactory
) -> None:
    corpus = _write_jsonl(
        tmp_path / "c.jsonl",
        [
            {"id": "ok", "lang": "fr", "text": TEXTS["kiev"]},
            {"id": "notext", "lang": "fr"},
            {"id": "number", "lang": "fr", "text": 12345},
        ],
        extra='{"id": "cut", "text": "Moscou et\n\n',
    )
    summary = run_batch(corpus, tmp_path / "out", config=config, geoparser_factory=french_only)

    errors = [json.loads(line) for line in (tmp_path / "out/errors.jsonl").read_text().splitlines()]
    assert summary.ok == 1
    assert [(e["id"], e["stage"]) for e in errors] == [
        ("notext", "read"),
        ("number", "read"),
        ("line-4", "read"),
    ]
    assert "no text" in errors[0]["message"]
    assert '"text" is a number, not a string' in errors[1]["message"]


def test_document_that_crashes_the_pipeline_is_skipped(
    corpus: Path,
    tmp_path: Path,
    config: BatchConfig,
    monkeypatch: pytest.MonkeyPatch,
    french_only: GeoparserFactory,
) -> None:
    import geonews.toponyms

    real = geonews.toponyms.find_mentions

    def fragile(doc: Any, **kwargs: Any) -> Any:
        if "Bruxelles accueille" in doc.text:
            raise RecursionError("the rules choked")
        return real(doc, **kwargs)

    monkeypatch.setattr(geonews.toponyms, "find_mentions", fragile)
    summary = run_batch(
        corpus, tmp_path / "out", config=config, shard_size=10, geoparser_factory=french_only
    )

    assert (summary.ok, summary.errors) == (4, 1)
    (error,) = [json.loads(x) for x in (tmp_path / "out/errors.jsonl").read_text().splitlines()]
    assert (error["id"], error["stage"], error["error"]) == (
        "bruxelles",
        "geoparse",
        "RecursionError",
    )
    assert [r["id"] for r in _lines(tmp_path / "out")] == ["kiev", "moscou", "paris", "vide"]


def test_folder_that_geonews_did_not_write_is_refused(
    corpus: Path, tmp_path: Path, config: BatchConfig
) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.tex").write_text("precious")

    with pytest.raises(OutputError, match="holds no geonews batch"):
        run_batch(corpus, out, config=config)
    assert sorted(p.name for p in out.iterdir()) == ["thesis.tex"]


def test_glob_and_listing_keep_a_stable_order(tmp_path: Path) -> None:
    for name in ("b.txt", "a.txt", "c.html", ".hidden.txt"):
        (tmp_path / name).write_text("Kiev.")
    refs = batch.list_documents(str(tmp_path / "*.txt"))
    assert [Path(r.id).name for r in refs] == ["a.txt", "b.txt"]
    assert [r.id for r in batch.list_documents(tmp_path)] == ["a.txt", "b.txt", "c.html"]


def test_cli_batch_prints_a_summary_and_writes_outdir(
    corpus: Path, tmp_path: Path, config: BatchConfig
) -> None:
    from geonews.cli import cli

    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli,
        [
            "batch",
            str(corpus),
            "-o",
            str(out),
            "--shard-size",
            "2",
            "--gazetteer",
            str(config.gazetteer_path),
        ],
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert (summary["documents"], summary["ok"], summary["shards_done"]) == (5, 5, 3)
    assert (out / "places.csv").is_file() and (out / "map.html").is_file()


def _reference_run(
    corpus: Path, tmp_path: Path, config: BatchConfig, french_only: GeoparserFactory
) -> Path:
    """The in-process run the parallel runs must reproduce."""
    out = tmp_path / "one"
    run_batch(corpus, out, config=config, shard_size=2, geoparser_factory=french_only)
    return out


@pytest.mark.slow
def test_two_worker_processes_give_the_same_results_as_one(
    corpus: Path, tmp_path: Path, config: BatchConfig, french_only: GeoparserFactory
) -> None:
    one = _reference_run(corpus, tmp_path, config, french_only)
    two = tmp_path / "two"
    summary = run_batch(corpus, two, config=config, shard_size=2, workers=2)

    assert summary.shards_done == 3
    assert all(r.worker.split(":")[-1] != str(os.getpid()) for r in summary.reports)
    assert _outputs(two) == _outputs(one)


@pytest.mark.slow
def test_dask_local_cluster_gives_the_same_results_as_one_process(
    corpus: Path, tmp_path: Path, config: BatchConfig, french_only: GeoparserFactory
) -> None:
    distributed = pytest.importorskip("distributed")
    one = _reference_run(corpus, tmp_path, config, french_only)
    dask_out = tmp_path / "dask"
    with distributed.LocalCluster(
        n_workers=2,
        processes=True,
        threads_per_worker=1,
        host="127.0.0.1",
        dashboard_address=":0",  # any free port: a fixed one clashes with other clusters
    ) as cluster:
        summary = run_batch(
            corpus, dask_out, config=config, shard_size=2, scheduler=cluster.scheduler_address
        )
        again = run_batch(
            corpus, dask_out, config=config, shard_size=2, scheduler=cluster.scheduler_address
        )

    assert summary.shards_done == 3
    assert all(r.worker.split(":")[-1] != str(os.getpid()) for r in summary.reports)
    assert again.shards_skipped == 3
    assert _outputs(dask_out) == _outputs(one)
