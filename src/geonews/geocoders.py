"""Online candidate sources: geopy geocoders made safe to call from a batch tool.

The embedded gazetteer is the default and needs no network. A user who wants OpenStreetMap's
coverage picks an online geocoder (``--geocoder nominatim``); :func:`online_source` wraps
the real geopy class so that it behaves like the gazetteer for the resolver: ``lookup(name)``
returns :class:`~geonews.model.Place` candidates, best first. Around the geopy call it adds
what public services ask of their users and what a batch run needs:

* one request per ``min_delay_seconds`` (Nominatim's usage policy), with an injectable clock;
* an identifying User-Agent (geopy's sample agents are refused);
* a persistent SQLite cache, so a re-run sends nothing; answers of "nothing found" are cached,
  failures never are;
* a bounded number of retries that honour ``Retry-After``, then either a fallback source
  (logged as a WARNING) or :class:`~geonews.errors.GeocoderServiceError`.

geopy's own ``RateLimiter`` is not used: it turns errors into ``None``, which reads as "not
found" and would be cached. geopy's requests adapter retries inside every call; the default
adapter built here has those retries switched off so ``max_retries`` is the real count.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import logging
import os
import re
import sqlite3
import time
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Final, Self, get_args
from urllib.parse import urlsplit

from geonews import __version__
from geonews.errors import GeocoderServiceError, GeonewsError
from geonews.model import CANDIDATE_LIMIT, CandidateSource, Place, PlaceKind

log = logging.getLogger(__name__)

#: Environment variable read when no user agent is passed.
USER_AGENT_ENV: Final = "GEONEWS_USER_AGENT"

#: Longest ``Retry-After`` honoured; a service asking for more is treated as down.
MAX_RETRY_AFTER_SECONDS: Final = 30.0
#: Names in a row the service may fail for before the fallback answers alone.
GIVE_UP_AFTER: Final = 3

# Sample agents from geopy's documentation, which Nominatim blocks; geopy refuses them for
# nominatim.openstreetmap.org only, geonews refuses them everywhere.
_SAMPLE_USER_AGENTS: Final = frozenset(
    {"my-application", "my_app/1", "my_user_agent/1.0", "specify_your_app_name_here"}
)
_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]")
_SPACES = re.compile(r"\s+")
_CACHE_SCHEMA_VERSION: Final = 1


AdapterFactory = Callable[..., Any]
Clock = Callable[[], float]
Sleep = Callable[[float], None]


# --------------------------------------------------------------------------- geocoders


@dataclass(frozen=True, slots=True)
class _Connection:
    """What every geopy geocoder constructor is given."""

    user_agent: str
    timeout: float
    adapter_factory: AdapterFactory
    endpoint: str | None
    credential: str | None

    def geopy_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = {
            "user_agent": self.user_agent,
            "timeout": self.timeout,
            "adapter_factory": self.adapter_factory,
        }
        if self.endpoint is not None:
            parts = urlsplit(self.endpoint)
            kwargs["scheme"] = parts.scheme
            kwargs["domain"] = (parts.netloc + parts.path).rstrip("/")
        return kwargs


@dataclass(frozen=True, slots=True)
class GeocoderSpec:
    """How geonews drives one geopy geocoder.

    ``build`` makes the geopy object, ``options`` gives the ``geocode()`` keyword arguments
    for a limit and a language, and ``to_place`` reads one raw answer item into a
    :class:`Place` (``None`` when the item has no usable coordinates).
    """

    name: str
    summary: str
    build: Callable[[_Connection], Any]
    options: Callable[[int, str | None], dict[str, Any]]
    to_place: Callable[[Mapping[str, Any]], Place | None]
    max_limit: int = 50
    credential_env: str | None = None


@functools.cache
def _nominatim_jsonv2() -> type:
    from geopy.geocoders import Nominatim

    class NominatimJsonV2(Nominatim):  # type: ignore[misc]
        """geopy's Nominatim asking for ``format=jsonv2``.

        Only jsonv2 is documented to carry ``addresstype`` and ``place_rank``, which tell a
        city boundary from a region boundary; geopy's parser reads both formats alike.
        """

        def _construct_url(self, base_api: str, params: dict[str, Any]) -> str:
            url: str = super()._construct_url(base_api, {**params, "format": "jsonv2"})
            return url

    return NominatimJsonV2


def _build_nominatim(conn: _Connection) -> Any:
    return _nominatim_jsonv2()(**conn.geopy_kwargs())


def _build_photon(conn: _Connection) -> Any:
    from geopy.geocoders import Photon

    return Photon(**conn.geopy_kwargs())


def _build_geonames(conn: _Connection) -> Any:
    from geopy.geocoders import GeoNames

    return GeoNames(username=conn.credential, **conn.geopy_kwargs())


def _nominatim_options(limit: int, language: str | None) -> dict[str, Any]:
    options: dict[str, Any] = {"limit": limit, "addressdetails": True, "extratags": True}
    if language:
        options["language"] = language
    return options


# Photon answers 400 for languages it has no index for.
_PHOTON_LANGUAGES: Final = frozenset({"default", "en", "de", "fr", "it"})


def _photon_options(limit: int, language: str | None) -> dict[str, Any]:
    options: dict[str, Any] = {"limit": limit}
    if language in _PHOTON_LANGUAGES:
        options["language"] = language
    return options


def _geonames_options(limit: int, language: str | None) -> dict[str, Any]:
    return {}  # geopy exposes neither maxRows nor lang for GeoNames search; sliced later


# OSM place/addresstype values -> PlaceKind. Suburbs and city districts stay "other":
# they are parts of a city, and the map should not show them as cities.
_OSM_KINDS: Final[Mapping[str, PlaceKind]] = {
    "country": "country",
    "state": "region",
    "region": "region",
    "province": "region",
    "state_district": "county",
    "county": "county",
    "district": "county",
    "municipality": "city",
    "city": "city",
    "town": "city",
    "village": "city",
    "hamlet": "city",
}
# OSM keys of single sites: a palace, a ministry, a monument.
_LANDMARK_KEYS: Final = frozenset(
    {"amenity", "building", "historic", "leisure", "man_made", "office", "tourism"}
)


def _kind_from_rank(rank: object) -> PlaceKind:
    """Kind of an administrative boundary from Nominatim's address rank."""
    if not isinstance(rank, int):
        return "other"
    if rank == 4:
        return "country"
    if 5 <= rank <= 9:
        return "region"
    if 10 <= rank <= 12:
        return "county"
    if 13 <= rank <= 18:
        return "city"
    return "other"


def _nominatim_kind(raw: Mapping[str, Any]) -> PlaceKind:
    key = raw.get("category") or raw.get("class")
    addresstype = raw.get("addresstype")
    if isinstance(addresstype, str) and addresstype in _OSM_KINDS:
        return _OSM_KINDS[addresstype]
    if key in _LANDMARK_KEYS:
        return "landmark"
    if key == "place" and raw.get("type") in _OSM_KINDS:
        return _OSM_KINDS[raw["type"]]
    if key == "boundary":
        return _kind_from_rank(raw.get("place_rank"))
    return "other"


def _upper_code(value: object) -> str | None:
    return value.upper() if isinstance(value, str) and value else None


def _population(value: object) -> int:
    """OSM ``population`` tags are free text ("12,655,050", "ca. 3000"): keep clean ints."""
    if isinstance(value, int):
        return max(value, 0)
    if isinstance(value, str):
        digits = value.replace(",", "").replace(" ", "").replace("\u202f", "")
        if digits.isdigit():
            return int(digits)
    return 0


def _first_text(mapping: Mapping[str, Any], *keys: str) -> str | None:
    for key in keys:
        value = mapping.get(key)
        if isinstance(value, str) and value:
            return value
    return None


def _osm_ref(osm_type: object, osm_id: object) -> str:
    full = {"N": "node", "W": "way", "R": "relation"}
    kind = full.get(str(osm_type), str(osm_type))
    return f"{kind}/{osm_id}"


def _nominatim_place(raw: Mapping[str, Any]) -> Place | None:
    if raw.get("lat") is None or raw.get("lon") is None:
        return None
    address = raw.get("address") or {}
    extratags = raw.get("extratags") or {}
    display = str(raw.get("display_name") or "")
    name = _first_text(raw, "name") or display.split(",")[0].strip()
    return Place(
        place_id="nominatim:" + _osm_ref(raw.get("osm_type"), raw.get("osm_id")),
        name=name,
        kind=_nominatim_kind(raw),
        lat=float(raw["lat"]),
        lon=float(raw["lon"]),
        country_code=_upper_code(address.get("country_code")),
        population=_population(extratags.get("population")),
        admin1=_first_text(address, "state", "region", "province"),
        source="nominatim",
    )


def _photon_kind(props: Mapping[str, Any]) -> PlaceKind:
    kind = props.get("type")
    if kind == "country":
        return "country"
    if kind == "state":
        return "region"
    if kind == "county":
        return "county"
    if kind == "city":
        return "city"
    if props.get("osm_key") in _LANDMARK_KEYS:
        return "landmark"
    if props.get("osm_key") == "place" and props.get("osm_value") in _OSM_KINDS:
        return _OSM_KINDS[props["osm_value"]]
    return "other"


def _photon_place(raw: Mapping[str, Any]) -> Place | None:
    props = raw["properties"]
    lon, lat = raw["geometry"]["coordinates"][:2]
    if lat is None or lon is None:
        return None
    return Place(
        place_id="photon:" + _osm_ref(props.get("osm_type"), props.get("osm_id")),
        name=_first_text(props, "name") or "",
        kind=_photon_kind(props),
        lat=float(lat),
        lon=float(lon),
        country_code=_upper_code(props.get("countrycode")),
        population=0,
        admin1=_first_text(props, "state"),
        source="photon",
    )


def _geonames_kind(raw: Mapping[str, Any]) -> PlaceKind:
    fcl, fcode = raw.get("fcl"), str(raw.get("fcode") or "")
    if fcode.startswith("PCL"):
        return "country"
    if fcode == "ADM1":
        return "region"
    if fcode == "ADM2":
        return "county"
    if fcl == "P":
        return "city"
    if fcl == "S":
        return "landmark"
    return "other"


def _geonames_place(raw: Mapping[str, Any]) -> Place | None:
    if not raw.get("lat") or not raw.get("lng"):
        return None
    return Place(
        place_id=f"geonames:{raw.get('geonameId')}",
        name=_first_text(raw, "name", "toponymName") or "",
        kind=_geonames_kind(raw),
        lat=float(raw["lat"]),
        lon=float(raw["lng"]),
        country_code=_upper_code(raw.get("countryCode")),
        population=_population(raw.get("population")),
        admin1=_first_text(raw, "adminName1"),
        source="geonames",
    )


#: Online geocoders the CLI offers, by ``--geocoder`` name.
GEOCODERS: Final[Mapping[str, GeocoderSpec]] = {
    "nominatim": GeocoderSpec(
        name="nominatim",
        summary="OpenStreetMap Nominatim (no key; at most 1 request/s, identify yourself)",
        build=_build_nominatim,
        options=_nominatim_options,
        to_place=_nominatim_place,
        max_limit=40,  # Nominatim's documented maximum
    ),
    "photon": GeocoderSpec(
        name="photon",
        summary="Komoot Photon over OpenStreetMap (no key; fair use)",
        build=_build_photon,
        options=_photon_options,
        to_place=_photon_place,
    ),
    "geonames": GeocoderSpec(
        name="geonames",
        summary="GeoNames search (free account; username in $GEONAMES_USERNAME)",
        build=_build_geonames,
        options=_geonames_options,
        to_place=_geonames_place,
        credential_env="GEONAMES_USERNAME",
    ),
}


# ------------------------------------------------------------------------ user agent


def default_user_agent() -> str:
    """The User-Agent sent when the user gives none: ``geonews/<version>``."""
    return f"geonews/{__version__}"


def resolve_user_agent(user_agent: str | None = None) -> str:
    """Return the User-Agent to send: the argument, else ``$GEONEWS_USER_AGENT``, else ours.

    Raises :class:`GeocoderServiceError` for an empty agent, one with control characters
    (it would break the HTTP header), or a sample agent copied from geopy's documentation,
    which Nominatim blocks and which does not identify the application.
    """
    if user_agent is None:
        user_agent = os.environ.get(USER_AGENT_ENV) or default_user_agent()
    agent = user_agent.strip()
    if not agent or _CONTROL_CHARS.search(agent):
        raise GeocoderServiceError(
            f"invalid user agent {user_agent!r}: give one line that names your application "
            f"and a contact, e.g. 'geonews/{__version__} (you@example.org)'"
        )
    if agent.casefold() in _SAMPLE_USER_AGENTS or agent.casefold().startswith("geopy/"):
        raise GeocoderServiceError(
            f"user agent {agent!r} is a sample or library default that geocoding services "
            "block; pass --user-agent (or set GEONEWS_USER_AGENT) to a string that names "
            f"your application and a contact, e.g. 'geonews/{__version__} (you@example.org)'"
        )
    return agent


# ----------------------------------------------------------------------------- cache


def default_cache_path() -> Path:
    """``$XDG_CACHE_HOME/geonews/geocode-cache.sqlite`` (``~/.cache`` when unset)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    # The XDG spec says relative values are invalid and must be ignored.
    root = Path(base) if base and os.path.isabs(base) else Path.home() / ".cache"
    return root / "geonews" / "geocode-cache.sqlite"


def normalise_query(name: str) -> str:
    """Cache key of a query: NFC, case-folded, whitespace collapsed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", name)).strip().casefold()


_PLACE_FIELDS: Final = tuple(f.name for f in dataclasses.fields(Place))
_PLACE_KINDS: Final = frozenset(get_args(PlaceKind))


def _place_to_json(place: Place) -> dict[str, Any]:
    return {name: getattr(place, name) for name in _PLACE_FIELDS}


def _place_from_json(item: Mapping[str, Any]) -> Place:
    if set(item) != set(_PLACE_FIELDS) or item["kind"] not in _PLACE_KINDS:
        raise ValueError(f"not a cached place: {item!r}")
    return Place(**item)


class GeocodeCache:
    """Answers of online geocoders on disk, keyed by (geocoder, query, parameters).

    Every write is its own transaction, so an interrupted run keeps what it had fetched.
    An unreadable row counts as a miss and is overwritten by the next answer.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, timeout=10.0)
        except (OSError, sqlite3.Error) as error:
            raise GeonewsError(f"cannot open the geocode cache {path}: {error}") from error
        try:
            self._migrate()
        except sqlite3.Error as error:
            self._db.close()
            raise GeonewsError(
                f"the geocode cache {path} is unreadable ({error}); delete it or choose "
                "another file with --geocode-cache"
            ) from error

    def _migrate(self) -> None:
        (version,) = self._db.execute("PRAGMA user_version").fetchone()
        with self._db:
            if version != _CACHE_SCHEMA_VERSION:
                self._db.execute("DROP TABLE IF EXISTS answers")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS answers ("
                " geocoder TEXT NOT NULL, query TEXT NOT NULL, params TEXT NOT NULL,"
                " places TEXT NOT NULL, fetched_at REAL NOT NULL,"
                " PRIMARY KEY (geocoder, query, params))"
            )
            self._db.execute(f"PRAGMA user_version = {_CACHE_SCHEMA_VERSION}")

    def get(self, geocoder: str, query: str, params: str) -> list[Place] | None:
        """The cached answer (possibly empty), or ``None`` when there is none."""
        try:
            row = self._db.execute(
                "SELECT places FROM answers WHERE geocoder = ? AND query = ? AND params = ?",
                (geocoder, query, params),
            ).fetchone()
        except sqlite3.Error as error:
            log.warning("geocode cache %s unreadable (%s); asking %s", self.path, error, geocoder)
            return None
        if row is None:
            return None
        try:
            return [_place_from_json(item) for item in json.loads(row[0])]
        except (ValueError, TypeError, KeyError) as error:
            log.debug("ignoring a bad geocode cache row for %r: %s", query, error)
            return None

    def put(self, geocoder: str, query: str, params: str, places: list[Place]) -> None:
        payload = json.dumps([_place_to_json(p) for p in places], ensure_ascii=False)
        try:
            with self._db:
                self._db.execute(
                    "INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?)",
                    (geocoder, query, params, payload, time.time()),
                )
        except sqlite3.Error as error:
            log.warning("could not write the geocode cache %s: %s", self.path, error)

    def close(self) -> None:
        self._db.close()


# --------------------------------------------------------------------- rate limiting


class RateLimiter:
    """Keeps request starts at least ``min_interval`` seconds apart.

    ``defer`` pushes the next start further out (for ``Retry-After`` and back-off). Time
    comes from ``clock`` and passes through ``sleep``, both injectable for tests.
    """

    def __init__(self, min_interval: float, *, clock: Clock, sleep: Sleep) -> None:
        self.min_interval = min_interval
        self._clock = clock
        self._sleep = sleep
        self._next_start: float | None = None

    def wait(self) -> None:
        """Sleep until a request may start, then count one as started."""
        if self._next_start is not None:
            delay = self._next_start - self._clock()
            if delay > 0:
                self._sleep(delay)
        self._next_start = self._clock() + self.min_interval

    def defer(self, seconds: float) -> None:
        """Let no request start for ``seconds`` from now."""
        until = self._clock() + seconds
        if self._next_start is None or until > self._next_start:
            self._next_start = until


# ---------------------------------------------------------------------- the source


class _Failure(Exception):
    """A lookup that failed for good; ``reason`` is a short phrase for the user."""

    def __init__(self, reason: str, requests: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.requests = requests


def _one_line(text: str, width: int = 160) -> str:
    flat = _SPACES.sub(" ", text).strip()
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _describe(error: Exception) -> str:
    from geopy.exc import (
        GeocoderInsufficientPrivileges,
        GeocoderParseError,
        GeocoderRateLimited,
        GeocoderTimedOut,
    )

    if isinstance(error, GeocoderRateLimited):
        after = "" if error.retry_after is None else f", Retry-After {error.retry_after:g} s"
        return f"rate limited{after}"
    if isinstance(error, GeocoderInsufficientPrivileges):
        return f"refused ({_one_line(str(error))}); check --user-agent and the usage policy"
    if isinstance(error, GeocoderParseError):
        return "malformed answer: " + _one_line(str(error), 80)
    if isinstance(error, GeocoderTimedOut):
        return f"timed out or unavailable ({_one_line(str(error))})"
    return f"{type(error).__name__}: {_one_line(str(error))}"


def _is_transient(error: Exception) -> bool:
    """Worth another try: timeouts, unreachable hosts, 429, 5xx and other transport errors.

    Bad requests, refused credentials and unparseable answers would fail the same way again.
    """
    from geopy.exc import (
        GeocoderRateLimited,
        GeocoderTimedOut,
        GeocoderUnavailable,
    )
    from geopy.exc import (
        GeocoderServiceError as GeopyServiceError,
    )

    if isinstance(error, GeocoderTimedOut | GeocoderUnavailable | GeocoderRateLimited):
        return True
    # geopy raises the base class itself for 5xx answers and unclassified transport errors.
    return type(error) is GeopyServiceError


class OnlineSource:
    """A candidate source backed by an online geocoder. Build it with :func:`online_source`.

    ``lookup`` returns what the cache holds, else asks the service (rate-limited, with
    bounded retries) and caches the answer. When the service fails, the fallback source
    answers instead, or :class:`GeocoderServiceError` is raised.
    """

    def __init__(
        self,
        spec: GeocoderSpec,
        geocoder: Any,
        *,
        cache: GeocodeCache | None,
        limiter: RateLimiter,
        timeout: float,
        max_retries: int,
        language: str | None,
        endpoint: str | None,
        fallback: CandidateSource | None,
        fallback_label: str,
    ) -> None:
        self.spec = spec
        self.geocoder = geocoder
        self.cache = cache
        self.limiter = limiter
        self.timeout = timeout
        self.max_retries = max_retries
        self.language = language
        self.endpoint = endpoint
        self.fallback = fallback
        self.fallback_label = fallback_label
        #: Requests sent to the service by this source (retries included).
        self.requests_sent = 0
        # Names in a row the service failed for; at GIVE_UP_AFTER, the fallback answers
        # alone for the rest of the run instead of every name waiting out its retries.
        self._failures_in_a_row = 0

    @property
    def name(self) -> str:
        return self.spec.name

    def _cache_params(self, limit: int) -> str:
        params = {"endpoint": self.endpoint, "language": self.language, "limit": limit}
        return json.dumps(params, sort_keys=True)

    def lookup(self, name: str, *, limit: int = CANDIDATE_LIMIT) -> list[Place]:
        """Candidate places for ``name``, best first (at most ``limit``)."""
        query = _SPACES.sub(" ", name).strip()
        if not query or limit < 1:
            return []
        limit = min(limit, self.spec.max_limit)
        key, params = normalise_query(query), self._cache_params(limit)
        if self.cache is not None:
            cached = self.cache.get(self.name, key, params)
            if cached is not None:
                return cached
        if self.fallback is not None and self.given_up:
            return self.fallback.lookup(query, limit=limit)
        try:
            places = self._fetch(query, limit)
        except _Failure as failure:
            if self.fallback is None:
                raise GeocoderServiceError(
                    f"{self.name} failed for {query!r} after {failure.requests} request(s): "
                    f"{failure.reason}; try again later, or use the embedded gazetteer "
                    "(the default)"
                ) from failure.__cause__
            self._failures_in_a_row += 1
            log.warning(
                "%s failed for %r (%s); used %s%s",
                self.name,
                query,
                failure.reason,
                self.fallback_label,
                f" for this and every further name: {self.name} failed for "
                f"{GIVE_UP_AFTER} names in a row"
                if self.given_up
                else "",
            )
            return self.fallback.lookup(query, limit=limit)
        self._failures_in_a_row = 0
        if self.cache is not None:
            self.cache.put(self.name, key, params, places)
        return places

    @property
    def given_up(self) -> bool:
        """Whether the service failed for :data:`GIVE_UP_AFTER` names in a row.

        Then the fallback answers every name not in the cache, so an article with 40
        names does not spend minutes in retries when the service is down or blocked.
        """
        return self._failures_in_a_row >= GIVE_UP_AFTER

    def _fetch(self, query: str, limit: int) -> list[Place]:
        from geopy.exc import GeocoderRateLimited, GeopyError

        options = self.spec.options(limit, self.language)
        for attempt in range(self.max_retries + 1):
            self.limiter.wait()
            self.requests_sent += 1
            try:
                answer = self.geocoder.geocode(
                    query, exactly_one=False, timeout=self.timeout, **options
                )
                return self._places(answer, limit)
            except GeopyError as error:
                reason = _describe(error)
                if not _is_transient(error) or attempt == self.max_retries:
                    raise _Failure(reason, attempt + 1) from error
                delay = self.limiter.min_interval * 2**attempt
                if isinstance(error, GeocoderRateLimited) and error.retry_after is not None:
                    if error.retry_after > MAX_RETRY_AFTER_SECONDS:
                        raise _Failure(reason + " (too long to wait)", attempt + 1) from error
                    delay = max(delay, float(error.retry_after))
                delay = min(max(delay, 1.0), MAX_RETRY_AFTER_SECONDS)
                log.info("%s: %s for %r; retrying in %.1f s", self.name, reason, query, delay)
                self.limiter.defer(delay)
            except (KeyError, IndexError, TypeError, ValueError, AttributeError) as error:
                # geopy's parsers index the answer without checking its shape.
                reason = f"unexpected answer ({type(error).__name__}: {_one_line(str(error), 80)})"
                raise _Failure(reason, attempt + 1) from error
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _places(self, answer: Any, limit: int) -> list[Place]:
        if answer is None:  # geopy's "nothing found"
            return []
        places: list[Place] = []
        seen: set[str] = set()
        for location in answer:
            if location is None:
                continue
            place = self.spec.to_place(location.raw)
            if place is not None and place.place_id not in seen:
                seen.add(place.place_id)
                places.append(place)
        return places[:limit]

    def close(self) -> None:
        """Close the HTTP session and the cache."""
        try:
            self.geocoder.__exit__(None, None, None)
        finally:
            if self.cache is not None:
                self.cache.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def default_adapter_factory() -> AdapterFactory:
    """geopy's requests adapter with its internal retries off (urllib's when unavailable).

    With requests' default of two retries, one ``geocode()`` call can send three requests
    and sleep through ``Retry-After`` on its own, behind our rate limiter's back.
    """
    from geopy.adapters import RequestsAdapter, URLLibAdapter

    if RequestsAdapter.is_available:
        return functools.partial(RequestsAdapter, max_retries=0)
    return URLLibAdapter  # type: ignore[no-any-return]


def online_source(
    name: str,
    *,
    user_agent: str | None = None,
    cache_path: Path | None = None,
    use_cache: bool = True,
    min_delay_seconds: float = 1.0,
    timeout: float = 10.0,
    max_retries: int = 2,
    language: str | None = None,
    endpoint: str | None = None,
    fallback: CandidateSource | None = None,
    fallback_label: str = "the embedded gazetteer",
    adapter_factory: AdapterFactory | None = None,
    clock: Clock = time.monotonic,
    sleep: Sleep = time.sleep,
) -> OnlineSource:
    """Build the candidate source for the online geocoder ``name`` (a key of GEOCODERS).

    ``user_agent`` defaults to ``$GEONEWS_USER_AGENT``, then ``geonews/<version>``.
    ``cache_path`` defaults to :func:`default_cache_path`; ``use_cache=False`` disables the
    cache. ``language`` asks for names in that language where the service supports it.
    ``endpoint`` (``https://host[/path]``) points at another instance of the same service,
    e.g. a self-hosted Nominatim. ``adapter_factory`` is geopy's HTTP seam.

    Raises :class:`GeocoderServiceError` for an unknown geocoder, a missing credential or a
    refused user agent, and :class:`GeonewsError` when the cache cannot be opened.
    """
    spec = GEOCODERS.get(name)
    if spec is None:
        raise GeocoderServiceError(
            f"unknown geocoder {name!r}; choose one of: {', '.join(sorted(GEOCODERS))}"
        )
    if timeout <= 0 or max_retries < 0 or min_delay_seconds < 0:
        raise ValueError("timeout must be > 0, max_retries and min_delay_seconds >= 0")
    credential = None
    if spec.credential_env is not None:
        credential = os.environ.get(spec.credential_env, "").strip()
        if not credential:
            raise GeocoderServiceError(
                f"geocoder {name!r} needs an account: set {spec.credential_env}"
            )
    if endpoint is not None and urlsplit(endpoint).scheme not in ("http", "https"):
        raise GeocoderServiceError(f"geocoder endpoint {endpoint!r} must be an http(s) URL")
    conn = _Connection(
        user_agent=resolve_user_agent(user_agent),
        timeout=timeout,
        adapter_factory=adapter_factory or default_adapter_factory(),
        endpoint=endpoint,
        credential=credential,
    )
    if conn.user_agent == default_user_agent():
        log.info(
            "using the generic user agent %r; public services prefer one with a contact "
            "(--user-agent or %s)",
            conn.user_agent,
            USER_AGENT_ENV,
        )
    from geopy.exc import ConfigurationError

    try:
        geocoder = spec.build(conn)
    except ConfigurationError as error:
        raise GeocoderServiceError(f"cannot configure {name}: {error}") from error
    cache = GeocodeCache(cache_path or default_cache_path()) if use_cache else None
    return OnlineSource(
        spec,
        geocoder,
        cache=cache,
        limiter=RateLimiter(min_delay_seconds, clock=clock, sleep=sleep),
        timeout=timeout,
        max_retries=max_retries,
        language=language,
        endpoint=endpoint,
        fallback=fallback,
        fallback_label=fallback_label,
    )
