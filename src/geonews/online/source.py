"""A candidate source over an online geocoder: the cache first, bounded retries, a fallback.

:class:`OnlineSource` answers ``lookup(name)`` from the cache when it can, else asks the
service through the rate limiter and caches the answer. Timeouts, unreachable hosts, 429
and 5xx answers are retried a bounded number of times, honouring ``Retry-After``; a
failure that would only repeat is not. When the service fails for good, the fallback
source answers (logged as a WARNING), or :class:`~geonews.errors.GeocoderServiceError`
is raised. After :data:`GIVE_UP_AFTER` names in a row fail, the fallback answers alone
for the rest of the run, so a service that is down costs seconds, not minutes.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any, Final

from geonews.closing import Closing
from geonews.errors import GeocoderServiceError
from geonews.model import CANDIDATE_LIMIT, CandidateSource, Place
from geonews.online.cache import GeocodeCache, normalise_query
from geonews.online.providers import GeocoderSpec
from geonews.online.ratelimit import RateLimiter

log = logging.getLogger(__name__)

#: Longest ``Retry-After`` honoured; a service asking for more is treated as down.
MAX_RETRY_AFTER_SECONDS: Final = 30.0
#: Names in a row the service may fail for before the fallback answers alone.
GIVE_UP_AFTER: Final = 3

_SPACES = re.compile(r"\s+")


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


class OnlineSource(Closing):
    """A candidate source backed by an online geocoder, built by :func:`.online_source`.

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
