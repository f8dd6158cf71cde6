"""What the gazetteer says of a name, in the few numbers the recognition rules ask for."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from geonews.gazetteer.names import SMALL_TOWN_SOURCE, normalize_name
from geonews.lookup import KNOWN_ABROAD
from geonews.model import Place


class Known(NamedTuple):
    """What the gazetteer says of a name: the kinds of its entries ("country", "city"...),
    the largest population among them, the most names one of them goes by (see
    :attr:`geonews.model.Place.name_count`) and the largest population of a place truly
    called so: its own name, or a name of an area or a town known abroad ("Brno",
    "Lisbonne"; not "Taba", a stray alternate name of Teignmouth). No kinds means an
    unknown name."""

    kinds: tuple[str, ...]
    population: int
    names: int = 0
    called_so: int = 0
    #: The countries of the places truly called so.
    countries: frozenset[str] = frozenset()


#: A lookup the rules use to ask whether a name can be placed at all, and how.
KnownNames = Callable[[str], Known]


def known_from(name: str, places: Sequence[Place]) -> Known:
    """What ``places``, the gazetteer's entries for ``name``, say of it.

    An alternate name is trusted for an area (its names come from CLDR and ISO lists)
    and for a town known abroad ("Lisbonne"); a small town's may be a former name or a
    slip ("Taba" for Teignmouth), so it does not make the name one it is called by.
    """
    key = normalize_name(name)
    places = [p for p in places if p.source != SMALL_TOWN_SOURCE]
    called_so = [
        p
        for p in places
        if p.kind != "city" or p.population >= KNOWN_ABROAD or normalize_name(p.name) == key
    ]
    return Known(
        tuple(sorted({p.kind for p in places})),
        max((p.population for p in places), default=0),
        max((p.name_count for p in places), default=0),
        max((p.population for p in called_so), default=0),
        frozenset(p.country_code for p in called_so if p.country_code),
    )
