"""The User-Agent sent to online geocoders, and the agents refused.

Public services want to know who calls them: Nominatim's usage policy asks for an
agent that identifies the application, and blocks the sample agents of geopy's
documentation, which geonews therefore refuses before sending anything.
"""

from __future__ import annotations

import os
import re
from typing import Final

from geonews import __version__
from geonews.errors import GeocoderServiceError

#: Environment variable read when no user agent is passed.
USER_AGENT_ENV: Final = "GEONEWS_USER_AGENT"

# Sample agents from geopy's documentation, which Nominatim blocks; geopy refuses them for
# nominatim.openstreetmap.org only, geonews refuses them everywhere.
_SAMPLE_USER_AGENTS: Final = frozenset(
    {"my-application", "my_app/1", "my_user_agent/1.0", "specify_your_app_name_here"}
)
_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]")


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
