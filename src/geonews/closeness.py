"""Closeness: favour the candidates that lie near the article's other places.

News stories cluster in space: in a story that also names Henry County and Tennessee,
"Paris" is Paris, Tennessee. :func:`with_coherence` adds to every candidate's score the
support the article's other names lend it (:class:`Lender`), the ``support`` evidence of
:mod:`geonews.ranking`.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Collection, Mapping

from geonews.distance import EARTH_RADIUS_KM, haversine_km
from geonews.model import Place
from geonews.ranking import FEATURES, Weights

#: One candidate as the resolver weighs it: its score, the place, its evidence.
Scored = tuple[float, Place, tuple[float, ...]]

# Closeness: support decays over NEAR_SCALE_KM, up to _MAX_SUPPORT units (1 for a sure
# place next to it): two names that agree are evidence, ten add little more.
NEAR_SCALE_KM = 100.0
_MAX_SUPPORT = 2.0
_LENDER_GAP = 3.0  # candidates further than this behind their name's best lend nothing
# A region named beside another region of its country ("New South Wales, Western
# Australia and Queensland", "Oregon and Washington laws") gets this much support from
# each: the article is listing states, and a state reading beats a town of that name.
# Likewise a country named beside other countries ("China, Canada, Britain and the
# Soviet Union"): the country reading beats China, Texas.
_SIBLING = 0.5
_COUNTRY_SIBLING = 0.5
# A country under 3 million people is small enough that naming it says where its towns
# are: "La Réunion" makes "Saint-Denis" the Réunion capital, not the Paris suburb.
_SMALL_LENDING = 3_000_000
_OTHER_NAME_AT = FEATURES.index("other_name")
_SUPPORT_AT = FEATURES.index("support")


def by_score(scored: list[Scored]) -> list[Scored]:
    """Best first; ties go to the bigger place, then to the identifier, for stable output."""
    return sorted(scored, key=lambda s: (-s[0], -s[1].population, s[1].place_id))


def with_coherence(
    ranked: dict[str, list[Scored]],
    silent: Collection[str],
    weights: Weights,
    lending: dict[str, list[Scored]] | None = None,
    *,
    same_names: Mapping[str, Collection[str]] | None = None,
) -> dict[str, list[Scored]]:
    """Among a name's candidates, favour those near the article's other places.

    News stories cluster in space: in a story that also names Henry County and
    Tennessee, "Paris" is Paris, Tennessee. Every other name lends support through its
    plausible candidates, each weighted by how close its score is to that name's best
    (1 for the best, e^-1 for one a point behind), by its scores in ``lending`` (the
    first round's readings) when given, else by those in ``ranked``: in the first round
    the names' own evidence, never support they got in turn, so two small homonyms that
    lie together (Paris, Maine and Berlin, New Hampshire) do not vouch for each other
    into the second. A name no single reading of which is sure, such as "Henry County"
    (a dozen equal counties), still tells which Paris fits, by the one county beside
    it. A candidate's support from a name is its best weighted closeness to one of that
    name's candidates: decaying with the distance, or full when one holds the other
    (Atlanta and the state of Georgia). Countries are too large to say where a story
    is: they lend and take support only as one of several countries named (see
    :class:`Lender`); continents not at all. Names in ``silent`` lend nothing; a town
    found only under an unrelated alternate name takes nothing (its closeness to the
    others says which of the towns called so is meant, not that another is). Nor does
    a name lend to itself, or to the names ``same_names`` holds for it, the same name
    written otherwise ("Dublin City" to "Dublin").
    """
    lenders: dict[str, Lender] = {}
    for key, scored in (lending or ranked).items():
        if not scored or key in silent:
            continue
        best = scored[0][0]
        plausible = [
            (math.exp(score - best), place)
            for score, place, _ in scored
            if best - score <= _LENDER_GAP and place.kind != "other"
        ]
        if plausible:
            lenders[key] = Lender(plausible)
    rescored = {}
    for key, scored in ranked.items():
        itself = (same_names or {}).get(key, (key,))
        others = [lent for k, lent in lenders.items() if k != key and k not in itself]
        if len(scored) < 2 or not others:
            rescored[key] = scored
            continue
        updated = []
        for score, place, features in scored:
            takes = place.kind != "other" and not features[_OTHER_NAME_AT]
            if takes:
                # Saturating, not clipped: ten names beside a county say more than two,
                # if not five times more.
                total = sum(lent.support(place) for lent in others)
                support = min(total, _MAX_SUPPORT)
                features = (*features[:_SUPPORT_AT], support, *features[_SUPPORT_AT + 1 :])
                score += weights.values[_SUPPORT_AT] * support
            updated.append((score, place, features))
        rescored[key] = by_score(updated)
    return rescored


# Beyond this, closeness (e^-10) is too small to matter: far lenders are not visited.
_FAR_KM = 10 * NEAR_SCALE_KM


class Lender:
    """One name's plausible candidates, indexed to tell fast how near a place they are.

    Support for a place is the best weight x closeness over the candidates: 1 when a
    region holds the other (Atlanta and the state of Georgia; a town gets nothing for
    sharing a state with another, as a state can be 1,000 km across), :data:`_SIBLING`
    between two regions of a country or two countries, 1 from a small country
    (:data:`_SMALL_LENDING`) to its towns and regions, else decaying with the
    great-circle distance. Candidates are sorted by latitude, so only those within
    :data:`_FAR_KM` north or south are visited: an article naming 200 towns stays fast.
    """

    __slots__ = ("_countries", "_holding", "_in_area", "_lats", "_points", "_regions_of", "_small")

    def __init__(self, plausible: list[tuple[float, Place]]) -> None:
        self._holding: dict[tuple[str | None, str], float] = {}
        self._in_area: dict[tuple[str | None, str], float] = {}
        self._regions_of: dict[str | None, float] = {}
        self._countries: dict[str | None, float] = {}
        self._small: dict[str | None, float] = {}
        for weight, place in plausible:
            if place.kind == "country":
                code = place.country_code
                self._countries[code] = max(self._countries.get(code, 0.0), weight)
                if place.population < _SMALL_LENDING:
                    self._small[code] = max(self._small.get(code, 0.0), weight)
            if place.admin1 is None:
                continue
            area = (place.country_code, place.admin1)
            self._in_area[area] = max(self._in_area.get(area, 0.0), weight)
            if place.kind == "region":
                self._holding[area] = max(self._holding.get(area, 0.0), weight)
                code = place.country_code
                self._regions_of[code] = max(self._regions_of.get(code, 0.0), weight)
        points = sorted(
            (place.lat, math.radians(place.lat), math.radians(place.lon), weight)
            for weight, place in plausible
            if place.kind != "country"
        )
        self._lats = [lat for lat, *_ in points]
        self._points = [(phi, math.cos(phi), lam, weight) for _, phi, lam, weight in points]

    def support(self, place: Place) -> float:
        if place.kind == "country":
            others = [w for code, w in self._countries.items() if code != place.country_code]
            return _COUNTRY_SIBLING * max(others, default=0.0)
        best = self._small.get(place.country_code, 0.0)
        if place.admin1 is not None:
            area = (place.country_code, place.admin1)
            best = max(
                best, (self._in_area if place.kind == "region" else self._holding).get(area, 0.0)
            )
        if place.kind == "region":
            best = max(best, _SIBLING * self._regions_of.get(place.country_code, 0.0))
        reach = math.degrees(_FAR_KM / EARTH_RADIUS_KM)
        phi1, lam1 = math.radians(place.lat), math.radians(place.lon)
        cos1 = math.cos(phi1)
        start = bisect.bisect_left(self._lats, place.lat - reach)
        stop = bisect.bisect_right(self._lats, place.lat + reach)
        for phi2, cos2, lam2, weight in self._points[start:stop]:
            if weight <= best:
                continue
            km = haversine_km(phi2 - phi1, lam2 - lam1, cos1, cos2)
            best = max(best, weight * math.exp(-km / NEAR_SCALE_KM))
        return best
