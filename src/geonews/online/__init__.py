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

One module per job: :mod:`~geonews.online.providers` (the services, how to build each
and read its answers), :mod:`~geonews.online.user_agent` (the User-Agent policy),
:mod:`~geonews.online.cache` (the SQLite answer cache), :mod:`~geonews.online.ratelimit`
(request pacing), :mod:`~geonews.online.source` (the retrying source and its fallback)
and :mod:`~geonews.online.build` (:func:`online_source`, which puts them together).
Importing the package is cheap: geopy loads only when a geocoder is built.
"""

from __future__ import annotations

from geonews.online.build import default_adapter_factory, online_source
from geonews.online.cache import GeocodeCache, default_cache_path, normalise_query
from geonews.online.providers import GEOCODERS, GeocoderSpec
from geonews.online.ratelimit import RateLimiter
from geonews.online.source import GIVE_UP_AFTER, MAX_RETRY_AFTER_SECONDS, OnlineSource
from geonews.online.user_agent import USER_AGENT_ENV, default_user_agent, resolve_user_agent

__all__ = [
    "GEOCODERS",
    "GIVE_UP_AFTER",
    "MAX_RETRY_AFTER_SECONDS",
    "USER_AGENT_ENV",
    "GeocodeCache",
    "GeocoderSpec",
    "OnlineSource",
    "RateLimiter",
    "default_adapter_factory",
    "default_cache_path",
    "default_user_agent",
    "normalise_query",
    "online_source",
    "resolve_user_agent",
]
