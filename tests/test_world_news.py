"""World news read right: sentences written the way newspapers write, on every continent.

Each line of ``data/world_news.tsv`` names the places a reader finds in a sentence and
where they are (see the file's header). The whole pipeline reads them: the real spaCy
models and the full gazetteer, as ``geonews map`` would.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from geonews.gazetteer import Gazetteer
from geonews.model import Article, Result
from geonews.pipeline import Geoparser

DATA = Path(__file__).with_name("data") / "world_news.tsv"


@dataclass(frozen=True)
class Expected:
    name: str
    country: str | None = None
    admin1: str | None = None
    kind: str | None = None
    absent: bool = False
    unplaced: bool = False

    @classmethod
    def parse(cls, item: str) -> Expected:
        if item.startswith("!"):
            return cls(item[1:], absent=True)
        name, _, where = item.partition("=")
        if where == "?":
            return cls(name, unplaced=True)
        where, _, kind = where.partition(":")
        country, _, admin1 = where.partition("/")
        return cls(name, country or None, admin1 or None, kind or None)


@dataclass(frozen=True)
class Case:
    lang: str
    text: str
    expected: tuple[Expected, ...]
    not_yet: str = ""


def _cases() -> list[Case]:
    cases = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        lang, text, expected, *not_yet = line.split("\t")
        parsed = tuple(Expected.parse(e) for e in expected.split("; "))
        cases.append(Case(lang, text, parsed, *not_yet))
    return cases


CASES = _cases()


def test_the_set_covers_both_languages_and_many_places() -> None:
    assert sum(c.lang == "en" for c in CASES) >= 40
    assert sum(c.lang == "fr" for c in CASES) >= 30
    assert sum(not c.not_yet for c in CASES) >= 60
    countries = {e.country for c in CASES for e in c.expected if e.country}
    assert len(countries) >= 50


@pytest.fixture(scope="module")
def results(full_gazetteer_path: Path) -> Iterator[dict[str, Result]]:
    with Geoparser(gazetteer=Gazetteer(full_gazetteer_path)) as geoparser:
        articles = [Article(text=c.text, lang=c.lang) for c in CASES]
        yield {a.text: r for a, r in zip(articles, geoparser.parse_many(articles), strict=True)}


def _param(case: Case) -> object:
    marks = [pytest.mark.xfail(reason=case.not_yet, strict=True)] if case.not_yet else []
    return pytest.param(case, id=case.text[:48], marks=marks)


@pytest.mark.slow
@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_a_reader_would_agree(case: Case, results: dict[str, Result]) -> None:
    found = {}
    for m in results[case.text].mentions:
        found.setdefault(m.mention.text, m)
    for expected in case.expected:
        if expected.absent:
            assert expected.name not in found, f"{expected.name!r} is not a place here"
            continue
        assert expected.name in found, f"{expected.name!r} not found among {sorted(found)}"
        place = found[expected.name].place
        if expected.unplaced:
            assert place is None, f"{expected.name!r} is no place the gazetteer knows: {place}"
            continue
        assert place is not None, f"{expected.name!r} found but not placed"
        got = f"{place.name} ({place.kind}, {place.country_code}/{place.admin1})"
        if expected.country is not None:
            assert place.country_code == expected.country, got
        else:
            assert place.country_code is None, got
        if expected.admin1 is not None:
            assert place.admin1 == expected.admin1, got
        if expected.kind is not None:
            assert place.kind == expected.kind, got
