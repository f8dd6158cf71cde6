"""Shared fixtures (a small gazetteer built once per test session, and the full one) and
the ``--network`` opt-in for tests marked ``network``."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from geonews.gazetteer import Gazetteer, build_gazetteer, default_gazetteer_path

#: The countries the small test gazetteer covers: the sample article's region, the
#: places test articles mention, and a few neighbours for shared borders.
SMALL_GAZETTEER_COUNTRIES = frozenset(
    {"FR", "BY", "RU", "UA", "LT", "PL", "LV", "BE", "US", "DE", "GB", "ES"}
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--network",
        action="store_true",
        help="Also run the tests marked network: they talk to real online services.",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip the tests marked ``network`` unless ``--network`` asks for them: the suite
    runs offline by default, and must not depend on a service's mood."""
    if config.getoption("--network"):
        return
    skip = pytest.mark.skip(reason="talks to a real online service: run with --network")
    for item in items:
        if item.get_closest_marker("network") is not None:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def small_gazetteer_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A gazetteer restricted to :data:`SMALL_GAZETTEER_COUNTRIES` (built in ~5 s)."""
    path = tmp_path_factory.mktemp("gazetteer") / "small.sqlite"
    build_gazetteer(path, countries=SMALL_GAZETTEER_COUNTRIES)
    return path


@pytest.fixture
def small_gazetteer(small_gazetteer_path: Path) -> Iterator[Gazetteer]:
    """The small test gazetteer, opened read-only."""
    with Gazetteer(small_gazetteer_path) as gazetteer:
        yield gazetteer


@pytest.fixture(scope="session")
def full_gazetteer_path() -> Path:
    """The full default gazetteer; tests using it are skipped unless it is there.

    Set ``GEONEWS_FULL_TESTS=1`` to build it (about a minute) when missing.
    """
    path = default_gazetteer_path()
    if not path.exists():
        if os.environ.get("GEONEWS_FULL_TESTS") != "1":
            pytest.skip(f"no full gazetteer at {path} (set GEONEWS_FULL_TESTS=1 to build it)")
        build_gazetteer(path)
    return path


@pytest.fixture
def full_gazetteer(full_gazetteer_path: Path) -> Iterator[Gazetteer]:
    """The full default gazetteer, opened read-only."""
    with Gazetteer(full_gazetteer_path) as gazetteer:
        yield gazetteer


@pytest.fixture(scope="session")
def french_nlp() -> object:
    """The French spaCy pipeline the CLI uses, loaded once per session (~3 s)."""
    from geonews.pipeline import DEFAULT_MODELS, load_model

    return load_model(DEFAULT_MODELS["fr"])


@pytest.fixture(scope="session")
def geoparser(small_gazetteer_path: Path, french_nlp: object) -> Iterator[object]:
    """A Geoparser over the small gazetteer with the French model preloaded."""
    from geonews.pipeline import Geoparser

    with Geoparser(
        gazetteer=Gazetteer(small_gazetteer_path),
        nlp={"fr": french_nlp},  # type: ignore[dict-item]
    ) as parser:
        yield parser


SHARED_EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"


@pytest.fixture(scope="session")
def seed_gold() -> dict[str, object]:
    """The hand-annotated sample article from ../shared/eval/seed-fr.jsonl."""
    import json

    path = SHARED_EVAL / "seed-fr.jsonl"
    if not path.exists():
        pytest.skip(f"{path} is not there (CI keeps ../shared beside the clone)")
    document: dict[str, object] = json.loads(path.read_text(encoding="utf-8").split("\n")[0])
    return document
