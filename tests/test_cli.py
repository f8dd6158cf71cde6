"""The CLI: exit codes, error messages, output formats. Models load once per session."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from geonews.cli import cli
from geonews.export import to_csv, to_table
from geonews.model import Article, Focus, GeoMention, Mention, Place, Result

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "ukraine-fr.txt"


@pytest.fixture
def run(small_gazetteer_path: Path, french_nlp: Any) -> Any:
    """Invoke geonews with the small gazetteer and the session's French model, which the
    group hands to every Geoparser it builds (``obj``) instead of loading a model."""
    env = {
        "GEONEWS_GAZETTEER": str(small_gazetteer_path),
        "CI": "true",  # never open a browser from tests
    }

    def invoke(*args: str, input: str | None = None) -> Any:
        settings = {"load_nlp": lambda name: french_nlp}
        return CliRunner(env=env).invoke(
            cli, list(args), input=input, obj=settings, catch_exceptions=False
        )

    return invoke


def _listed_commands(help_text: str) -> set[str]:
    """The command names under "Commands:" in a group's --help."""
    _, _, listing = help_text.partition("\nCommands:\n")
    return {line.split()[0] for line in listing.splitlines() if line.startswith("  ")}


def test_help_lists_every_command() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    assert _listed_commands(result.output) == {"map", "places", "batch", "gazetteer", "eval"}
    assert _listed_commands(result.output) == set(cli.commands)


def test_gazetteer_help_lists_its_subcommands() -> None:
    result = CliRunner().invoke(cli, ["gazetteer", "--help"])
    assert result.exit_code == 0
    assert _listed_commands(result.output) == {"build", "lookup", "info"}


def test_places_geojson(run: Any) -> None:
    result = run("places", str(SAMPLE), "--format", "geojson", "--lang", "fr")
    assert result.exit_code == 0, result.output
    collection = json.loads(result.stdout)
    kinds = [f["properties"]["kind"] for f in collection["features"]]
    assert kinds.count("border") == 3
    assert len(kinds) == 34


def test_places_csv_has_one_row_per_mention(run: Any) -> None:
    result = run("places", str(SAMPLE), "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 31
    assert rows[0]["mention"] == "France" and rows[0]["country_code"] == "FR"


def test_places_table_ends_with_what_the_article_is_about(run: Any) -> None:
    result = run("places", str(SAMPLE), "--lang", "fr")
    assert result.exit_code == 0, result.output
    about = [line for line in result.stdout.splitlines() if line.startswith("about: ")]
    assert len(about) == 1
    assert about[0].startswith("about: Bakhmut (city, score ")


def test_table_about_line_lists_each_focus_with_kind_score_and_reasons() -> None:
    text = "Les chars arrivent à Kiev. Kiev tient."
    kyiv = Place("id:kyiv", "Kyiv", "city", 50.45, 30.52, "UA")
    ukraine = Place("id:ua", "Ukraine & Co", "country", 49.0, 32.0, "UA")
    mention = Mention("Kiev", 21, 25, "Les chars arrivent à Kiev.", 0)
    focus = (Focus(kyiv, 0.4567, ("dateline", "named 2 times")), Focus(ukraine, 0.2))
    with_focus = Result(Article(text), (GeoMention(mention, kyiv, 0.9),), focus=focus)
    lines = to_table(with_focus).splitlines()
    assert lines[-1] == (
        "about: Kyiv (city, score 0.46: dateline, named 2 times); "
        "Ukraine & Co (country, score 0.20)"
    )
    without = Result(Article(text), (GeoMention(mention, kyiv, 0.9),))
    assert "about:" not in to_table(without)
    # CSV rows stay one per mention, with the same columns.
    assert to_csv(with_focus) == to_csv(without)


def test_places_reads_stdin(run: Any) -> None:
    result = run(
        "places", "-", "--lang", "fr", "--format", "csv", input="Les chars arrivent à Kiev.\n"
    )
    assert result.exit_code == 0
    assert "Kyiv" in result.stdout


def test_map_writes_html_and_side_files(run: Any, tmp_path: Path) -> None:
    out = tmp_path / "maps" / "sample.html"
    result = run(
        "map",
        str(SAMPLE),
        "-o",
        str(out),
        "--geojson",
        str(tmp_path / "s.geojson"),
        "--csv",
        str(tmp_path / "s.csv"),
    )
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert '<meta name="generator" content="geonews">' in html
    assert "Bakhmut" in html
    assert json.loads((tmp_path / "s.geojson").read_text())["generator"] == "geonews"
    assert "Wrote" in result.stderr


@pytest.mark.parametrize(
    ("options", "loads_tiles"),
    [
        ((), True),
        (("--self-contained",), False),
        (("--self-contained", "--tiles", "OpenStreetMap"), True),
        (("--tiles", "none"), False),
    ],
)
def test_self_contained_map_needs_no_tiles_unless_asked(
    run: Any, tmp_path: Path, options: tuple[str, ...], loads_tiles: bool
) -> None:
    out = tmp_path / "map.html"
    result = run("map", str(SAMPLE), "-o", str(out), *options)
    assert result.exit_code == 0, result.output
    assert ("tile.openstreetmap.org" in out.read_text(encoding="utf-8")) is loads_tiles


def test_map_inlines_leaflet_unless_cdn_is_asked(run: Any, tmp_path: Path) -> None:
    out = tmp_path / "map.html"
    assert run("map", str(SAMPLE), "-o", str(out)).exit_code == 0
    assert "cdn.jsdelivr.net" not in out.read_text(encoding="utf-8")
    assert run("map", str(SAMPLE), "-o", str(out), "--cdn").exit_code == 0
    assert "cdn.jsdelivr.net" in out.read_text(encoding="utf-8")
    result = run("map", str(SAMPLE), "-o", str(out), "--cdn", "--self-contained")
    assert result.exit_code == 2 and "contradict" in result.output


def test_map_refuses_to_overwrite_a_foreign_file(run: Any, tmp_path: Path) -> None:
    out = tmp_path / "notes.html"
    out.write_text("<p>my own notes</p>")
    result = run("map", str(SAMPLE), "-o", str(out))
    assert result.exit_code == 1
    assert "--force" in result.stderr
    assert out.read_text() == "<p>my own notes</p>"
    assert run("map", str(SAMPLE), "-o", str(out), "--force").exit_code == 0


def test_map_refuses_a_side_file_before_writing_anything(run: Any, tmp_path: Path) -> None:
    theirs = tmp_path / "theirs.geojson"
    theirs.write_text('{"type": "FeatureCollection", "features": []}')
    out = tmp_path / "new.html"
    result = run("map", str(SAMPLE), "-o", str(out), "--geojson", str(theirs))
    assert result.exit_code == 1
    assert "theirs.geojson" in result.stderr
    assert not out.exists()  # the map was not written either


def test_map_refuses_one_path_for_two_outputs(run: Any, tmp_path: Path) -> None:
    out = tmp_path / "same.html"
    result = run("map", str(SAMPLE), "-o", str(out), "--geojson", str(out))
    assert result.exit_code == 1
    assert "two outputs" in result.stderr
    assert not out.exists()


def test_tiles_url_template_needs_its_attribution(run: Any, tmp_path: Path) -> None:
    out = tmp_path / "tiles.html"
    url = "https://tiles.example.org/{z}/{x}/{y}.png"
    refused = run("map", str(SAMPLE), "-o", str(out), "--tiles", url)
    assert refused.exit_code == 2
    assert "--tiles-attribution" in refused.output
    result = run(
        "map", str(SAMPLE), "-o", str(out), "--tiles", url, "--tiles-attribution", "© Example"
    )
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "tiles.example.org" in page and "\\u00a9 Example" in page


def test_map_replaces_its_own_files(run: Any, tmp_path: Path) -> None:
    args = [
        "map",
        str(SAMPLE),
        "-o",
        str(tmp_path / "s.html"),
        "--csv",
        str(tmp_path / "s.csv"),
        "--geojson",
        str(tmp_path / "s.geojson"),
    ]
    assert run(*args).exit_code == 0
    second = run(*args)
    assert second.exit_code == 0, second.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["places", "no/such/file.txt"], "no/such/file.txt"),
        (["places", "{tmp}"], "directory"),
        (["places", "{empty}"], "empty"),
    ],
)
def test_bad_input_is_one_clear_line(
    run: Any, tmp_path: Path, args: list[str], message: str
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n")
    args = [a.format(tmp=tmp_path, empty=empty) for a in args]
    result = run(*args)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_unknown_geocoder_is_a_usage_error(run: Any) -> None:
    result = run("places", str(SAMPLE), "--geocoder", "nowhere")
    assert result.exit_code == 2
    assert "nominatim" in result.stderr


def test_malformed_model_option_is_a_usage_error(run: Any) -> None:
    result = run("places", str(SAMPLE), "--model", "fr")
    assert result.exit_code == 2
    assert "LANG=MODEL" in result.stderr


def test_missing_model_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, small_gazetteer_path: Path
) -> None:
    monkeypatch.setenv("GEONEWS_GAZETTEER", str(small_gazetteer_path))
    result = CliRunner().invoke(
        cli, ["places", str(SAMPLE), "--lang", "fr", "--model", "fr=no_such_model_xx"]
    )
    assert result.exit_code == 1
    assert "no_such_model_xx" in result.stderr and "not installed" in result.stderr


def test_gazetteer_lookup(run: Any) -> None:
    result = run("gazetteer", "lookup", "Bakhmout", "Etats-Unis", "Nowhereville")
    assert result.exit_code == 0
    assert "Bakhmut" in result.stdout and "United States" in result.stdout
    assert "Nowhereville: no candidates" in result.stdout


def test_gazetteer_lookup_json(run: Any) -> None:
    result = run("gazetteer", "lookup", "Moscou", "--json", "--limit", "3")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["rank"] for row in rows] == list(range(1, len(rows) + 1))
    assert {"query": "Moscou", "name": "Moscow", "kind": "city", "country_code": "RU"}.items() <= {
        k: v for row in rows if row["kind"] == "city" for k, v in row.items()
    }.items()


def test_corrupt_gazetteer_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"this is not a database" * 100)
    result = CliRunner().invoke(cli, ["gazetteer", "lookup", "Paris", "--gazetteer", str(bad)])
    assert result.exit_code == 1
    assert "gazetteer build" in result.stderr


def test_readme_states_the_size_of_the_self_contained_sample_map(run: Any, tmp_path: Path) -> None:
    import re

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    stated = re.search(r"one (\d+) KB file for the sample article", readme)
    assert stated, "README no longer states the self-contained map's size"
    out = tmp_path / "offline.html"
    result = run("-q", "map", str(SAMPLE), "--self-contained", "-o", str(out), "--no-open")
    assert result.exit_code == 0, result.output
    assert out.stat().st_size / 1000 == pytest.approx(int(stated.group(1)), rel=0.05)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_standard_output_is_one_clear_error(small_gazetteer_path: Path) -> None:
    import subprocess
    import sys

    with open("/dev/full", "w") as full:
        command = ["gazetteer", "lookup", "Kiev", "--gazetteer", str(small_gazetteer_path)]
        done = subprocess.run(
            [sys.executable, "-c", "from geonews.cli import main; main()", *command],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert done.returncode == 1
    assert done.stderr == "Error: cannot write the output: No space left on device\n"


def test_gazetteer_path_is_a_hidden_deprecated_spelling_of_gazetteer(
    small_gazetteer_path: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"this is not a database" * 100)
    runner = CliRunner(env={"GEONEWS_GAZETTEER": str(bad)})
    good = str(small_gazetteer_path)
    for args in (
        ["--path", good],  # --path beats the environment, as it did
        ["--gazetteer", good, "--path", str(bad)],  # an explicit --gazetteer beats --path
        ["--path", str(bad), "--gazetteer", good],
    ):
        result = runner.invoke(cli, ["gazetteer", "lookup", "Kiev", *args])
        assert result.exit_code == 0, (args, result.output)
        assert "Kyiv" in result.stdout
    assert "--path is deprecated: use --gazetteer" in caplog.text
    assert "--path" not in runner.invoke(cli, ["gazetteer", "lookup", "--help"]).output


def _write_corpus(path: Path) -> Path:
    text = "Les chars arrivent à Kiev."
    kiev = {"start": 21, "end": 25, "text": "Kiev", "lat": 50.45, "lon": 30.52}
    records = [
        {"id": "fr", "lang": "fr", "text": text, "places": [kiev]},
        {"id": "en", "lang": "en", "text": "Nothing happened.", "places": []},
    ]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    return path


@pytest.mark.parametrize("quiet", [["-q", "eval"], ["eval", "-q"], ["eval"]])
def test_eval_only_lang_picks_the_documents_to_score(
    run: Any, tmp_path: Path, quiet: list[str]
) -> None:
    corpus = _write_corpus(tmp_path / "mini.jsonl")
    result = run(*quiet, str(corpus), "--json", "--only-lang", "fr")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["documents"] == 1 and list(summary["by_language"]) == ["fr"]
    assert summary["recognition"]["tp"] == 1


def test_lang_names_the_input_language_so_eval_has_no_lang(run: Any, tmp_path: Path) -> None:
    corpus = _write_corpus(tmp_path / "mini.jsonl")
    result = run("eval", str(corpus), "--lang", "fr")
    assert result.exit_code == 2
    assert "--only-lang" in result.stderr  # click suggests the filter's name


def test_the_group_turns_a_command_error_into_one_line(run: Any, tmp_path: Path) -> None:
    corpus = tmp_path / "bad.jsonl"
    corpus.write_text("not json\n")
    result = run("eval", str(corpus))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {corpus}:1: not valid JSON (Expecting value)\n"


@pytest.mark.network
def test_places_can_come_from_nominatim(run: Any, tmp_path: Path) -> None:
    result = run(
        "places",
        "-",
        "--lang",
        "fr",
        "--format",
        "csv",
        "--geocoder",
        "nominatim",
        "--geocode-cache",
        str(tmp_path / "geocode.sqlite"),
        "--user-agent",
        "geonews-tests (https://github.com/geonews/geonews)",
        input="Les chars arrivent à Kiev.\n",
    )
    assert result.exit_code == 0, result.output
    [row] = csv.DictReader(io.StringIO(result.stdout))
    assert row["mention"] == "Kiev" and row["country_code"] == "UA"
    assert row["source"] == "nominatim"  # not the gazetteer it falls back to offline


def test_a_part_that_cannot_be_imported_is_one_error_line(
    run: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What an HTML page gave with the pip Python 3.11 ships, before lxml_html_clean was
    # named as a dependency: jusText's import of lxml.html.clean failed.
    def broken(markup: str) -> tuple[str, str | None]:
        raise ImportError(
            "lxml.html.clean module is now a separate project lxml_html_clean.\n"
            "Install lxml[html-clean] or lxml_html_clean directly."
        )

    monkeypatch.setattr("geonews.article.extract_html", broken)
    page = Path(__file__).parent / "data" / "news-page.html"
    result = run("places", str(page))
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("Error: ")
    assert "lxml_html_clean" in result.stderr and "Traceback" not in result.stderr


def test_an_html_news_page_is_read_without_its_navigation(run: Any) -> None:
    page = Path(__file__).parent / "data" / "news-page.html"
    result = run("places", str(page), "--lang", "fr", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert "Valencia" in result.stdout and "Home" not in result.stdout
