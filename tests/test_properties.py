"""Arbitrary text through the whole pipeline: no crash, valid GeoJSON, true offsets."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geonews.export import to_csv, to_geojson
from geonews.model import Article
from geonews.pipeline import Geoparser
from geonews.render import render_html

# Place names the small gazetteer knows, mixed into arbitrary Unicode (control
# characters, surrogates excluded only because Python strings from files never hold them).
NAMES = st.sampled_from(["Kiev", "Moscou", "la France", "Bakhmout", "Biélorussie", "Paris"])
HOSTILE = st.sampled_from(
    [
        "<img src=x onerror=alert(1)>",
        "</script><script>alert(1)</script>",
        "${alert(1)}",
        "\\`",
        "`",
        "&lt;",
        "\u2028",
        "\x00",
        "\x1b[31m",
    ]
)
PIECES = st.one_of(
    st.text(min_size=0, max_size=40),
    st.text(min_size=200, max_size=2000),  # long runs, often a single line
    NAMES,
    HOSTILE,
    st.just("\n"),
    st.just(" "),
)
ARTICLES = st.lists(PIECES, min_size=1, max_size=30).map("".join)


def _no_constants(name: str) -> None:
    raise AssertionError(f"GeoJSON holds {name}, which JSON does not allow")


def check(result: Any, text: str) -> None:
    collection = json.loads(to_geojson(result), parse_constant=_no_constants)
    assert collection["type"] == "FeatureCollection"
    for feature in collection["features"]:
        props = feature["properties"]
        assert text[props["start"] : props["end"]] == props["mention"]
        assert props["mention"] in props["sentence"]
        if feature["geometry"]["type"] == "Point":
            lon, lat = feature["geometry"]["coordinates"]
            assert -90 <= lat <= 90 and -180 <= lon <= 180
    for g in result.mentions:
        m = g.mention
        offset = m.start - m.sentence_start
        assert m.sentence[offset : offset + len(m.text)] == m.text
    to_csv(result)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=ARTICLES)
def test_any_text_geoparses_to_valid_output(geoparser: Geoparser, text: str) -> None:
    result = geoparser.parse(Article(text=text, lang="fr"))
    check(result, text)
    assert_escaped(render_html(result, tiles=None))


def assert_escaped(html: str) -> None:
    assert "<img src=x onerror" not in html
    assert "</script><script>alert(1)" not in html
    assert "${alert(1)}" not in html


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=ARTICLES)
def test_any_file_is_read_or_refused_in_one_line(
    geoparser: Geoparser, text: str, tmp_path_factory: Any
) -> None:
    from geonews.article import read_article
    from geonews.errors import InputError

    path = tmp_path_factory.mktemp("article") / "a.txt"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    try:
        article = read_article(path, lang="fr")
    except InputError as exc:  # empty, binary-looking: refused, with one line
        assert "\n" not in str(exc)
        return
    result = geoparser.parse(article)
    check(result, article.text)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=st.lists(st.one_of(HOSTILE, NAMES, st.just(". ")), min_size=1, max_size=12))
def test_hostile_text_never_reaches_html_raw(geoparser: Geoparser, pieces: list[str]) -> None:
    text = " ".join(pieces)
    result = geoparser.parse(Article(text=text, lang="fr"))
    check(result, text)
    assert_escaped(render_html(result, tiles=None))


def test_huge_single_line_geoparses(geoparser: Geoparser) -> None:
    noise = " ".join(["Kiev " + "x" * 997] * 100)  # ~100 KB on one line, 1 KB "words"
    text = noise + " Les chars arrivent à Kiev. Moscou se tait."
    result = geoparser.parse(Article(text=text, lang="fr"))
    check(result, text)
    assert {"Kiev", "Moscou"} <= {g.mention.text for g in result.resolved}
    assert all(len(g.mention.text) <= 80 for g in result.mentions)
