"""Online geocoders, tested offline.

The real geopy Nominatim/Photon/GeoNames classes parse canned answers from
tests/data/geocoders, served either by a fake geopy adapter or by a tiny HTTP server on
127.0.0.1 (for what only real HTTP shows: geopy's adapter retries, timeouts, refused
connections). A guard refuses every socket to anything but the loopback address.
"""

from __future__ import annotations

import itertools
import json
import logging
import socket
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from geopy.adapters import AdapterHTTPError, BaseSyncAdapter
from geopy.exc import GeocoderTimedOut

from geonews import __version__
from geonews.errors import GeocoderServiceError, GeonewsError
from geonews.model import CANDIDATE_LIMIT, Place
from geonews.online import (
    GEOCODERS,
    GeocodeCache,
    OnlineSource,
    default_cache_path,
    online_source,
    resolve_user_agent,
)

DATA = Path(__file__).parent / "data" / "geocoders"
LOOPBACK = {"127.0.0.1", "::1", "localhost"}


def canned(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


# ------------------------------------------------------------------------- fixtures


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No socket leaves the machine; no test reads the user's environment or cache."""
    real_connect = socket.socket.connect
    real_getaddrinfo = socket.getaddrinfo

    def connect(self: socket.socket, address: Any) -> None:
        host = address[0] if isinstance(address, tuple) else address
        if host not in LOOPBACK:
            raise OSError(f"test tried to reach {address!r}: only loopback is allowed")
        real_connect(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in LOOPBACK:
            raise OSError(f"test tried to resolve {host!r}: only loopback is allowed")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    for var in ("GEONEWS_USER_AGENT", "GEONAMES_USERNAME", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.delenv(var, raising=False)
        monkeypatch.delenv(var.lower(), raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))


class FakeTime:
    """A clock that only moves when the code under test sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


class FakeAdapter(BaseSyncAdapter):  # type: ignore[misc]
    """A geopy adapter that answers from a script: JSON values, or exceptions to raise."""

    def __init__(self, script: list[Any], clock: Callable[[], float]) -> None:
        super().__init__(proxies=None, ssl_context=None)
        self.script = list(script)
        self.clock = clock
        self.requests: list[tuple[float, str, dict[str, str]]] = []

    def factory(self, **_: Any) -> FakeAdapter:
        return self

    def get_json(self, url: str, *, timeout: float, headers: dict[str, str]) -> Any:
        assert timeout > 0, "every request needs a timeout"
        self.requests.append((self.clock(), url, headers))
        if not self.script:
            raise AssertionError(f"unexpected request {url}")
        answer = self.script.pop(0)
        if isinstance(answer, BaseException):
            raise answer
        return answer

    def get_text(self, url: str, *, timeout: float, headers: dict[str, str]) -> str:
        return json.dumps(self.get_json(url, timeout=timeout, headers=headers))

    def params(self, index: int = -1) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.requests[index][1]).query)


def http_error(status: int, headers: dict[str, str] | None = None) -> AdapterHTTPError:
    return AdapterHTTPError(
        f"Non-successful status code {status}",
        status_code=status,
        headers=headers or {},
        text="",
    )


class StaticSource:
    """A fallback candidate source with one answer for every name."""

    def __init__(self, place: Place) -> None:
        self.place = place
        self.names: list[str] = []

    def lookup(self, name: str, *, limit: int = 50) -> list[Place]:
        self.names.append(name)
        return [self.place]


GAZETTEER_MOSCOW = Place("gn:524901", "Moscou", "city", 55.75222, 37.61556, "RU", 10381222)


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def make_source(
    tmp_path: Path, fake_time: FakeTime
) -> Iterator[Callable[..., tuple[OnlineSource, FakeAdapter]]]:
    """Build an online source over a fake adapter; sources are closed after the test."""
    opened: list[OnlineSource] = []

    def make(name: str, script: list[Any], **kwargs: Any) -> tuple[OnlineSource, FakeAdapter]:
        adapter = FakeAdapter(script, fake_time.clock)
        kwargs.setdefault("cache_path", tmp_path / "cache.sqlite")
        source = online_source(
            name,
            adapter_factory=adapter.factory,
            clock=fake_time.clock,
            sleep=fake_time.sleep,
            **kwargs,
        )
        opened.append(source)
        return source, adapter

    yield make
    for source in opened:
        source.close()


# ----------------------------------------------------------------- parsing answers


def test_nominatim_answer_becomes_places_with_kind_country_and_osm_id(make_source: Any) -> None:
    source, _ = make_source("nominatim", [canned("nominatim_moscow.json")])

    moscow, idaho, kremlin = source.lookup("Moscou")

    assert moscow == Place(
        place_id="nominatim:relation/2555133",
        name="Moscou",
        kind="city",
        lat=55.625578,
        lon=37.6063916,
        country_code="RU",
        population=13010112,
        admin1="District fédéral central",
        source="nominatim",
    )
    assert (idaho.kind, idaho.country_code, idaho.admin1, idaho.population) == (
        "city",
        "US",
        "Idaho",
        25435,
    )
    assert (kremlin.kind, kremlin.place_id) == ("landmark", "nominatim:way/31445521")


def test_nominatim_country_answer_is_a_country(make_source: Any) -> None:
    source, _ = make_source("nominatim", [canned("nominatim_ukraine.json")])

    [ukraine] = source.lookup("Ukraine")

    assert (ukraine.kind, ukraine.country_code, ukraine.place_id) == (
        "country",
        "UA",
        "nominatim:relation/60199",
    )
    assert ukraine.population == 41130432
    assert (ukraine.lat, ukraine.lon) == (49.4871968, 31.2718321)


def test_oblast_is_a_region_not_the_city_it_is_named_after(make_source: Any) -> None:
    source, _ = make_source("nominatim", [canned("nominatim_kyiv.json")])

    kyiv, oblast = source.lookup("Kyiv")

    assert (kyiv.kind, kyiv.name, kyiv.country_code) == ("city", "Kyiv", "UA")
    assert (oblast.kind, oblast.admin1) == ("region", "Kyiv Oblast")


def test_nominatim_json_format_without_addresstype_falls_back_to_class_and_rank(
    make_source: Any,
) -> None:
    source, _ = make_source("nominatim", [canned("nominatim_brussels_format_json.json")])

    city, region = source.lookup("Bruxelles")

    assert (city.kind, city.name, city.country_code) == ("city", "Bruxelles - Brussel", "BE")
    assert city.place_id == "nominatim:node/240109189"
    assert city.population == 0  # "ca. 1 200 000" is not a number
    assert region.kind == "region"


def test_nominatim_request_asks_for_details_language_and_capped_limit(make_source: Any) -> None:
    source, adapter = make_source("nominatim", [[]], language="fr")

    source.lookup("Moscou", limit=50)

    params = adapter.params()
    assert params["q"] == ["Moscou"]
    assert params["format"] == ["jsonv2"]
    assert params["addressdetails"] == ["1"]
    assert params["accept-language"] == ["fr"]
    assert params["limit"] == ["40"]  # Nominatim's maximum
    assert adapter.requests[0][2]["User-Agent"] == f"geonews/{__version__}"


def test_a_lookup_without_a_limit_asks_for_as_many_as_the_gazetteer_gives(
    make_source: Any,
) -> None:
    nominatim, nominatim_http = make_source("nominatim", [[]])
    photon, photon_http = make_source("photon", [{"features": []}])

    nominatim.lookup("Moscou")
    photon.lookup("Moscou")

    assert nominatim_http.params()["limit"] == ["40"]  # CANDIDATE_LIMIT, capped
    assert photon_http.params()["limit"] == [str(CANDIDATE_LIMIT)]


def test_photon_answer_becomes_places(make_source: Any) -> None:
    source, _ = make_source("photon", [canned("photon_moscow.json")])

    moscow, idaho, kremlin = source.lookup("Moscou")

    assert moscow == Place(
        place_id="photon:relation/2555133",
        name="Moscou",
        kind="city",
        lat=55.7504461,
        lon=37.6174943,
        country_code="RU",
        population=0,
        admin1="Moscou",
        source="photon",
    )
    assert (idaho.country_code, idaho.admin1) == ("US", "Idaho")
    assert (kremlin.kind, kremlin.place_id) == ("landmark", "photon:way/31445521")


def test_photon_country_and_city(make_source: Any) -> None:
    source, _ = make_source("photon", [canned("photon_ukraine.json"), canned("photon_kyiv.json")])

    [ukraine] = source.lookup("Ukraine")
    [kyiv] = source.lookup("Kyiv")

    assert (ukraine.kind, ukraine.country_code, ukraine.lat) == ("country", "UA", 49.4871968)
    assert (kyiv.kind, kyiv.place_id) == ("city", "photon:relation/421866")


@pytest.mark.parametrize(("language", "sent"), [("fr", ["fr"]), ("ru", None), (None, None)])
def test_photon_sends_only_languages_it_supports(
    make_source: Any, language: str | None, sent: list[str] | None
) -> None:
    source, adapter = make_source("photon", [canned("photon_empty.json")], language=language)

    source.lookup("Kyiv", limit=3)

    assert adapter.params().get("lang") == sent
    assert adapter.params()["limit"] == ["3"]


def test_geonames_reads_feature_codes_and_needs_a_username(
    make_source: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(GeocoderServiceError, match="GEONAMES_USERNAME"):
        make_source("geonames", [])
    monkeypatch.setenv("GEONAMES_USERNAME", "geonews_tests")
    source, adapter = make_source("geonames", [canned("geonames_kyiv.json")])

    kyiv, oblast = source.lookup("Kyiv", limit=5)

    assert (kyiv.place_id, kyiv.kind, kyiv.population, kyiv.country_code) == (
        "geonames:703448",
        "city",
        2797553,
        "UA",
    )
    assert oblast.kind == "region"
    assert adapter.params()["username"] == ["geonews_tests"]


def test_answer_of_the_wrong_shape_is_a_clear_error(make_source: Any) -> None:
    source, adapter = make_source("photon", [{"unexpected": "shape"}])

    with pytest.raises(GeocoderServiceError, match=r"photon failed for 'Kyiv'.*unexpected answer"):
        source.lookup("Kyiv")
    assert len(adapter.requests) == 1


# ---------------------------------------------------------------------- rate limit


def test_lookups_of_different_names_start_at_least_one_second_apart(
    make_source: Any, fake_time: FakeTime
) -> None:
    source, adapter = make_source(
        "nominatim",
        [canned("nominatim_moscow.json"), canned("nominatim_kyiv.json"), []],
    )

    for name in ("Moscou", "Kyiv", "Atlantis"):
        source.lookup(name)

    starts = [when for when, _, _ in adapter.requests]
    assert len(starts) == 3
    assert all(b - a >= 1.0 for a, b in itertools.pairwise(starts))
    assert fake_time.sleeps == [1.0, 1.0]


def test_no_sleep_when_the_last_request_is_old_enough(
    make_source: Any, fake_time: FakeTime
) -> None:
    source, _ = make_source("photon", [canned("photon_kyiv.json"), canned("photon_ukraine.json")])

    source.lookup("Kyiv")
    fake_time.now += 5.0  # the resolver spent a while elsewhere
    source.lookup("Ukraine")

    assert fake_time.sleeps == []


# --------------------------------------------------------------------------- cache


def test_second_lookup_of_the_same_name_is_answered_from_the_cache(make_source: Any) -> None:
    source, adapter = make_source("nominatim", [canned("nominatim_kyiv.json")])

    first = source.lookup("Kyiv")
    second = source.lookup("  KYIV ")

    assert second == first
    assert len(adapter.requests) == 1


def test_cache_survives_reopening(make_source: Any, tmp_path: Path) -> None:
    path = tmp_path / "persist" / "answers.sqlite"
    with make_source("photon", [canned("photon_moscow.json")], cache_path=path)[0] as source:
        first = source.lookup("Moscou")

    reopened, adapter = make_source("photon", [], cache_path=path)  # any request would fail

    assert reopened.lookup("Moscou") == first
    assert adapter.requests == []


def test_not_found_is_cached(make_source: Any) -> None:
    source, adapter = make_source("nominatim", [canned("nominatim_empty.json")])

    assert source.lookup("Xyzzyville") == []
    assert source.lookup("Xyzzyville") == []
    assert len(adapter.requests) == 1


def test_failures_are_not_cached(make_source: Any) -> None:
    source, adapter = make_source(
        "nominatim", [http_error(403), canned("nominatim_kyiv.json")], max_retries=0
    )

    with pytest.raises(GeocoderServiceError, match="refused"):
        source.lookup("Kyiv")
    assert source.lookup("Kyiv")[0].name == "Kyiv"
    assert len(adapter.requests) == 2


def test_cache_key_separates_geocoders_languages_and_limits(make_source: Any) -> None:
    nominatim, n_adapter = make_source("nominatim", [[], [], []])
    nominatim.lookup("Kyiv", limit=5)
    nominatim.lookup("Kyiv", limit=6)
    french, _ = make_source("nominatim", [[]], language="fr")
    french.lookup("Kyiv", limit=5)
    photon, p_adapter = make_source("photon", [canned("photon_kyiv.json")])

    assert photon.lookup("Kyiv", limit=5)[0].source == "photon"
    assert len(n_adapter.requests) == 2
    assert len(p_adapter.requests) == 1


def test_unreadable_cache_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.sqlite"
    path.write_bytes(b"this is not a database" * 100)

    with pytest.raises(GeonewsError, match=r"geocode cache .* unreadable"):
        GeocodeCache(path)


def test_default_cache_path_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_cache_path() == tmp_path / "geonews" / "geocode-cache.sqlite"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/dir")  # invalid per the spec: ignored
    assert default_cache_path() == Path.home() / ".cache" / "geonews" / "geocode-cache.sqlite"


def test_default_cache_is_used_when_no_path_is_given(tmp_path: Path, fake_time: FakeTime) -> None:
    adapter = FakeAdapter([[]], fake_time.clock)
    with online_source("nominatim", adapter_factory=adapter.factory) as source:
        source.lookup("Nowhere")
    assert (tmp_path / "xdg-cache" / "geonews" / "geocode-cache.sqlite").is_file()


# ------------------------------------------------------------------ errors, retries


def test_rate_limited_request_is_retried_after_the_advertised_delay(
    make_source: Any, fake_time: FakeTime
) -> None:
    source, adapter = make_source(
        "nominatim", [http_error(429, {"retry-after": "3"}), canned("nominatim_kyiv.json")]
    )

    [kyiv, _] = source.lookup("Kyiv")

    assert kyiv.name == "Kyiv"
    assert fake_time.sleeps == [3.0]
    first, second = (when for when, _, _ in adapter.requests)
    assert second - first >= 3.0


def test_retry_after_longer_than_the_cap_falls_back_at_once(
    make_source: Any, fake_time: FakeTime, caplog: pytest.LogCaptureFixture
) -> None:
    fallback = StaticSource(GAZETTEER_MOSCOW)
    source, adapter = make_source(
        "nominatim", [http_error(429, {"retry-after": "3600"})], fallback=fallback
    )

    with caplog.at_level(logging.WARNING, logger="geonews.online"):
        assert source.lookup("Moscou") == [GAZETTEER_MOSCOW]

    assert len(adapter.requests) == 1
    assert fake_time.sleeps == []
    assert "Retry-After 3600" in caplog.text


def test_persistent_server_error_falls_back_with_a_warning(
    make_source: Any, caplog: pytest.LogCaptureFixture
) -> None:
    fallback = StaticSource(GAZETTEER_MOSCOW)
    source, adapter = make_source(
        "nominatim", [http_error(500)] * 3 + [canned("nominatim_moscow.json")], fallback=fallback
    )

    with caplog.at_level(logging.WARNING, logger="geonews.online"):
        assert source.lookup("Moscou") == [GAZETTEER_MOSCOW]

    assert len(adapter.requests) == 3  # max_retries=2 → 3 requests, no more
    [record] = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert record.getMessage().startswith("nominatim failed for 'Moscou' (")
    assert record.getMessage().endswith("; used the embedded gazetteer")
    assert fallback.names == ["Moscou"]
    # The failure was not cached: the next lookup asks the service again.
    assert source.lookup("Moscou")[0].source == "nominatim"


def test_after_three_names_fail_in_a_row_the_fallback_answers_alone(
    make_source: Any, caplog: pytest.LogCaptureFixture
) -> None:
    fallback = StaticSource(GAZETTEER_MOSCOW)
    source, adapter = make_source("nominatim", [http_error(503)] * 9, fallback=fallback)
    names = ["Moscou", "Kiev", "Minsk", "Riga", "Vilnius"]

    with caplog.at_level(logging.WARNING, logger="geonews.online"):
        for name in names:
            assert source.lookup(name) == [GAZETTEER_MOSCOW]

    assert len(adapter.requests) == 9  # three names, three attempts each, then none
    assert source.given_up
    assert fallback.names == names
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 3
    assert warnings[-1].endswith("failed for 3 names in a row")


def test_a_name_the_service_answers_resets_the_count_of_failures(make_source: Any) -> None:
    fallback = StaticSource(GAZETTEER_MOSCOW)
    script = [http_error(503)] * 6 + [canned("nominatim_moscow.json")] + [http_error(503)] * 6
    source, adapter = make_source("nominatim", script, fallback=fallback)

    for name in ["Kiev", "Minsk", "Moscou", "Riga", "Vilnius"]:
        source.lookup(name)

    assert not source.given_up  # two failures, one answer, two failures
    assert len(adapter.requests) == 13


def test_persistent_timeout_without_fallback_raises_after_bounded_retries(
    make_source: Any, fake_time: FakeTime
) -> None:
    source, adapter = make_source(
        "photon", [GeocoderTimedOut("Service timed out")] * 5, max_retries=3
    )

    with pytest.raises(GeocoderServiceError, match=r"photon failed for 'Kyiv' after 4 request"):
        source.lookup("Kyiv")

    assert len(adapter.requests) == 4
    assert fake_time.sleeps == [1.0, 2.0, 4.0]  # exponential back-off between attempts


def test_bad_request_is_not_retried(make_source: Any) -> None:
    source, adapter = make_source("nominatim", [http_error(400)] * 3)

    with pytest.raises(GeocoderServiceError, match="GeocoderQueryError"):
        source.lookup("Kyiv")
    assert len(adapter.requests) == 1


def test_blank_name_sends_nothing(make_source: Any) -> None:
    source, adapter = make_source("nominatim", [])
    assert source.lookup("   ") == []
    assert adapter.requests == []


# ------------------------------------------------------------------- user agent


def test_default_user_agent_identifies_geonews() -> None:
    assert resolve_user_agent() == f"geonews/{__version__}"


def test_user_agent_comes_from_the_environment_when_not_given(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GEONEWS_USER_AGENT", "newsroom-maps/2 (maps@example.org)")
    assert resolve_user_agent() == "newsroom-maps/2 (maps@example.org)"
    assert resolve_user_agent("mine/1") == "mine/1"


@pytest.mark.parametrize(
    "agent", ["my-application", "My_App/1", "specify_your_app_name_here", "geopy/2.5.0"]
)
def test_sample_user_agents_are_refused(agent: str, make_source: Any) -> None:
    with pytest.raises(GeocoderServiceError, match=r"sample or library default.*--user-agent"):
        make_source("nominatim", [], user_agent=agent)


@pytest.mark.parametrize("agent", ["", "   ", "geonews/1\r\nX-Injected: 1"])
def test_empty_or_multiline_user_agents_are_refused(agent: str) -> None:
    with pytest.raises(GeocoderServiceError, match="invalid user agent"):
        resolve_user_agent(agent)


def test_unknown_geocoder_lists_the_choices() -> None:
    with pytest.raises(GeocoderServiceError, match="choose one of: geonames, nominatim, photon"):
        online_source("googol", use_cache=False)
    assert {"nominatim", "photon"} <= set(GEOCODERS)


# ------------------------------------------------- real HTTP on 127.0.0.1


class ScriptedServer:
    """An HTTP server on 127.0.0.1 answering from a script of (status, headers, body, delay)."""

    def __init__(self, script: list[tuple[int, dict[str, str], str, float]]) -> None:
        self.script = script
        self.seen: list[tuple[str, dict[str, str]]] = []
        self.release = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.seen.append((self.path, dict(self.headers)))
                status, headers, body, delay = server.script[
                    min(len(server.seen), len(server.script)) - 1
                ]
                if delay and server.release.wait(delay):
                    return
                data = body.encode()
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def endpoint(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> ScriptedServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()


JSON = {"Content-Type": "application/json; charset=utf-8"}


def http_source(endpoint: str, fake_time: FakeTime, tmp_path: Path, **kwargs: Any) -> OnlineSource:
    return online_source(
        "nominatim",
        endpoint=endpoint,
        cache_path=tmp_path / "http-cache.sqlite",
        clock=fake_time.clock,
        sleep=fake_time.sleep,
        **kwargs,
    )


def test_real_http_429_is_retried_once_per_attempt_after_retry_after(
    fake_time: FakeTime, tmp_path: Path
) -> None:
    kyiv = json.dumps(canned("nominatim_kyiv.json"))
    script = [(429, {"Retry-After": "2"}, "slow down", 0.0), (200, JSON, kyiv, 0.0)]
    with (
        ScriptedServer(script) as server,
        http_source(
            server.endpoint, fake_time, tmp_path, user_agent="geonews-tests/1 (ci@example.org)"
        ) as source,
    ):
        places = source.lookup("Kyiv")

    # geopy's requests adapter would have retried the 429 itself: exactly two requests.
    assert len(server.seen) == 2
    assert fake_time.sleeps == [2.0]
    assert places[0].place_id == "nominatim:relation/421866"
    path, headers = server.seen[0]
    assert path.startswith("/search?") and "format=jsonv2" in path
    assert headers["User-Agent"] == "geonews-tests/1 (ci@example.org)"


def test_real_http_persistent_500_makes_max_retries_plus_one_requests(
    fake_time: FakeTime, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fallback = StaticSource(GAZETTEER_MOSCOW)
    with (
        ScriptedServer([(500, {}, "oops", 0.0)]) as server,
        http_source(
            server.endpoint, fake_time, tmp_path, fallback=fallback, max_retries=2
        ) as source,
        caplog.at_level(logging.WARNING, logger="geonews.online"),
    ):
        assert source.lookup("Moscou") == [GAZETTEER_MOSCOW]

    assert len(server.seen) == 3
    assert "nominatim failed for 'Moscou'" in caplog.text


def test_real_http_malformed_json_is_an_error_without_retry(
    fake_time: FakeTime, tmp_path: Path
) -> None:
    with (
        ScriptedServer([(200, JSON, "<html>maintenance</html>", 0.0)]) as server,
        http_source(server.endpoint, fake_time, tmp_path) as source,
        pytest.raises(GeocoderServiceError, match="malformed answer") as raised,
    ):
        source.lookup("Kyiv")

    assert len(server.seen) == 1
    assert raised.value.__cause__ is not None  # chained to geopy's error


def test_real_http_timeout_gives_up_after_bounded_retries(
    fake_time: FakeTime, tmp_path: Path
) -> None:
    fallback = StaticSource(GAZETTEER_MOSCOW)
    slow = [(200, JSON, "[]", 5.0)]
    with (
        ScriptedServer(slow) as server,
        http_source(
            server.endpoint, fake_time, tmp_path, timeout=0.2, max_retries=1, fallback=fallback
        ) as source,
    ):
        assert source.lookup("Moscou") == [GAZETTEER_MOSCOW]
        assert source.requests_sent == 2

    assert len(server.seen) == 2


def test_real_http_connection_refused_falls_back(
    fake_time: FakeTime, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    fallback = StaticSource(GAZETTEER_MOSCOW)
    with (
        http_source(f"http://127.0.0.1:{port}", fake_time, tmp_path, fallback=fallback) as source,
        caplog.at_level(logging.WARNING, logger="geonews.online"),
    ):
        assert source.lookup("Moscou") == [GAZETTEER_MOSCOW]
        assert source.requests_sent == 3

    assert "used the embedded gazetteer" in caplog.text


def test_socket_guard_refuses_outside_addresses() -> None:
    with socket.socket() as sock, pytest.raises(OSError, match="only loopback"):
        sock.connect(("192.0.2.1", 80))


def test_embedded_gazetteer_answers_when_the_service_is_down(
    make_source: Any, small_gazetteer: Any, caplog: pytest.LogCaptureFixture
) -> None:
    source, adapter = make_source("nominatim", [http_error(503)] * 3, fallback=small_gazetteer)

    with caplog.at_level(logging.WARNING, logger="geonews.online"):
        places = source.lookup("Moscou")

    assert places[0].country_code == "RU"
    assert places[0].source != "nominatim"
    assert len(adapter.requests) == 3
    assert "nominatim failed for 'Moscou'" in caplog.text
