"""Qualifiers: the area a text writes right after a town to say which town it means.

"Paris, Texas", "Springfield, Ill.", "Athens (Georgia)": the second name, or a written
abbreviation, is a region or country holding one of the first name's towns. The
qualified mention then reads as that town, and the bare name elsewhere in the article
follows it. A qualifier holding none of the towns the gazetteer knows by that name
("La Motte, Quebec", where the only La Motte listed is in France) says the town is one
the gazetteer lacks: the mention stays unplaced rather than pinned on a namesake
abroad, and the qualifier reads as the area.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from geonews.lookup import KNOWN_ABROAD
from geonews.patterns import LIST_GAP

if TYPE_CHECKING:
    from geonews.closeness import Scored
    from geonews.model import CandidateSource, Mention, Place

# A dotted abbreviation after a comma: "Man.", "Mo.", "W. Va.", "D. C.".
_WRITTEN_QUALIFIER = re.compile(r"\s*(?:,|\()\s*((?:[A-Z][a-z]{0,3}\.\s?){1,3})")
# What may stand between a name and its qualifier: "Paris, Texas", "Paris (Texas)".
_QUALIFIER_GAP = re.compile(r"^\s*(?:,|\()\s*$")
_CONTAINER_KINDS = frozenset({"country", "region"})


def qualifiers(
    mentions: Sequence[Mention],
    keys: Sequence[str],
    text: str,
    candidates: dict[str, list[Place]],
    source: CandidateSource,
    normalize: Callable[[str], str],
) -> tuple[dict[int, tuple[str, list[Place]]], dict[int, str]]:
    """Mentions qualified by the next one or a written abbreviation, "Paris, Texas",
    "Springfield, Ill.": by mention index, the qualifier's key and the places it may be;
    and the unlisted towns, by index, their qualifier's key (see :func:`_unlisted`).

    A qualifier counts when one of its places holds one of the mention's candidates; a
    list of towns ("Doha, Tel Aviv and Jerusalem") qualifies nothing.
    """
    found: dict[int, tuple[str, list[Place]]] = {}
    unlisted: dict[int, str] = {}
    starts = {m.start for m in mentions}
    for i, mention in enumerate(mentions):
        # A qualifier recognition missed: "Churchill, Man.", "Washington, D. C.".
        written = _WRITTEN_QUALIFIER.match(text, mention.end)
        if written is None or written.start(1) in starts:
            continue
        abbreviation = "".join(written.group(1).split())
        containers = [p for p in source.lookup(abbreviation) if p.kind in _CONTAINER_KINDS]
        if holds_any(containers, candidates[keys[i]]):
            found[i] = (normalize(abbreviation), containers)
    for i in range(len(mentions) - 1):
        here, after = mentions[i], mentions[i + 1]
        if not _QUALIFIER_GAP.match(text[here.end : after.start]):
            continue
        containers = [p for p in candidates[keys[i + 1]] if p.kind in _CONTAINER_KINDS]
        if holds_any(containers, candidates[keys[i]]):
            found[i] = (keys[i + 1], containers)
        elif i not in found and _unlisted(i, mentions, text, candidates[keys[i]], containers):
            unlisted[i] = keys[i + 1]
    return found, unlisted


def _unlisted(
    i: int, mentions: Sequence[Mention], text: str, towns: Sequence[Place], containers: list[Place]
) -> bool:
    """Whether mention ``i`` is a town the text places in an area where the gazetteer has
    none of that name ("La Motte, Quebec"), its qualifier holding none of ``towns``.

    Only a name whose readings are all small towns counts (a town known abroad or a
    capital is never written so unknowingly), and only outside a list: in "Moscow,
    Ukraine and Belarus" the comma joins three places, not a town and its area.
    """
    if not containers or any(
        p.kind != "city" or p.capital or p.population >= KNOWN_ABROAD for p in towns
    ):
        return False
    here, after = mentions[i], mentions[i + 1]
    listed_before = i > 0 and LIST_GAP.match(text[mentions[i - 1].end : here.start])
    listed_after = i + 2 < len(mentions) and LIST_GAP.match(text[after.end : mentions[i + 2].start])
    return not (listed_before or listed_after)


def own_keys(bare: Sequence[str], partners: dict[int, str]) -> list[str]:
    """Each mention's key: its name, with its qualifier when it has one ("springfield,
    ill.")."""
    return [f"{key}, {partners[i]}" if i in partners else key for i, key in enumerate(bare)]


def follow_first_qualified(
    keys: Sequence[str], bare: Sequence[str], ranked: dict[str, list[Scored]]
) -> None:
    """A bare name the article also wrote qualified takes the first qualified reading:
    after "SPRINGFIELD, Ill.", "Springfield" is that town; after "La Motte, Quebec",
    "La Motte" is no town of France."""
    first: dict[str, str] = {}
    for key, base in zip(keys, bare, strict=True):
        if key != base and key.startswith(base + ", "):
            first.setdefault(base, key)
    for base, key in first.items():
        if base in ranked:
            ranked[base] = ranked[key]


def contains(container: Place, place: Place) -> bool:
    """Whether ``container`` (a country or region) holds ``place``."""
    if container.country_code != place.country_code or container is place:
        return False
    if container.kind == "country":
        return place.kind != "country"
    if container.kind == "region":
        return (
            place.admin1 is not None
            and container.admin1 == place.admin1
            and (place.kind in {"city", "county", "landmark"})
        )
    return False


def holds_any(containers: Sequence[Place], places: Sequence[Place]) -> bool:
    return any(contains(c, p) for c in containers for p in places)


__all__ = [
    "contains",
    "follow_first_qualified",
    "holds_any",
    "own_keys",
    "qualifiers",
]
