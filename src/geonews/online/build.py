"""Build the candidate source for an online geocoder from the user's options.

:func:`online_source` checks the options (geocoder name, credential, endpoint, user
agent) before anything is sent, then wires the geopy geocoder, the answer cache and the
rate limiter into an :class:`~geonews.online.source.OnlineSource`.
"""

from __future__ import annotations

import functools
import logging
import os
import time
from pathlib import Path
from urllib.parse import urlsplit

from geonews.errors import GeocoderServiceError
from geonews.model import CandidateSource
from geonews.online.cache import GeocodeCache, default_cache_path
from geonews.online.providers import GEOCODERS, AdapterFactory, Connection
from geonews.online.ratelimit import Clock, RateLimiter, Sleep
from geonews.online.source import OnlineSource
from geonews.online.user_agent import USER_AGENT_ENV, default_user_agent, resolve_user_agent

log = logging.getLogger(__name__)


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
    conn = Connection(
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
