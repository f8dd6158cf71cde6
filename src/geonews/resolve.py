"""Resolve mentions to places: candidates from a source, ranked with the article's context.

A name is resolved once per article ("one sense per discourse"): every mention of
"Bakhmout" gets the same place, and evidence from any of them counts for all. The score
of a candidate adds up, in log-odds-like units:

* a prior by kind: countries outrank regions, which outrank towns of the same name
  ("Ukraine" the country, not the Spanish village);
* population, on a log scale, so that among towns the well-known one wins by default;
* the article's context, which beats population: the countries and regions the article
  names, the country most of its places are in, and explicit qualifiers such as
  "Alexandria, Louisiana" or "Paris (Texas)";
* for metonyms ("le Kremlin"), the seat of power itself;
* a penalty for a small town found only through an unrelated alternate name;
* then spatial coherence: every other name lends support to the candidates near its
  own plausible readings, so names that are each ambiguous settle on readings that lie
  together ("Henry County" and "Paris" in Tennessee).

A name the source does not know is looked up in shorter forms ("Georgia" for
"Northeast Georgia", "Henderson County" for "Henderson County Jail"), and a bare name
in a list of counties as the county ("Dakota, Otoe and Washington counties"). The words
that make a shorter form (parts, headings, features, words that cannot end a name) are
data: the lists every language shares in a :class:`~geonews.lexicon.Lexicon`, since a
name keeps the words of its own language whatever the article's.

Confidence is the softmax share of the winning score among the candidates.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from geonews.distance import EARTH_RADIUS_KM, haversine_km
from geonews.model import CANDIDATE_LIMIT, CandidateSource, GeoMention, Mention, Place

if TYPE_CHECKING:
    from geonews.lexicon import Lexicon

_KIND_PRIOR = {"country": 4.0, "region": 2.5, "county": 1.5, "landmark": 1.0, "city": 0.0}
_POPULATION_WEIGHT = 0.45  # per factor of ten inhabitants
# Naming a country is evidence for its places, diluted when the article names many
# ("the United States, Russia, France and Georgia"): divided by sqrt(countries named).
_IN_MENTIONED_COUNTRY = 2.0
_SHARE_EXP = 0.5
_IN_DOMINANT_COUNTRY = 1.0
_IN_MENTIONED_REGION = 2.5
_QUALIFIED = 6.0  # "Alexandria, Louisiana": the text says which one
_METONYM = 8.0
# Coherence: a candidate's bonus is _NEAR per unit of support from the article's other
# names (1 for a sure place next to it), decaying over _NEAR_SCALE_KM, up to
# _MAX_SUPPORT units: two names that agree are evidence, ten add little more.
_NEAR = 2.5
_NEAR_SCALE_KM = 100.0
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
# A small town found only under an unrelated alternate name ("Chicago" for Willard,
# Ohio) pays _OTHER_NAME; from _KNOWN_ABROAD people up, alternate names are exonyms.
_OTHER_NAME = 3.0
_KNOWN_ABROAD = 100_000
_EXONYM = 1.0
_ALTERNATIVES = 3
# "New York", "Washington", "Moscou": when a big city shares a region's name, news
# means the city unless the text qualifies it ("Albany, New York").
_BIG_CITY = 500_000
_SMALL_COUNTRY = 200_000
_REGION_NAMED_FOR_CITY = 4.0

# "U.S", "Ky", "W.Va", "Calif": short capitalised words or dotted initials.
_ABBREVIATION = re.compile(r"(?:[A-Z][a-z]{0,4}\.)*[A-Z][A-Za-z]{0,4}")
# What may follow a name in a list of counties: more names, then "counties".
_COUNTY_LIST = re.compile(
    r"(?:(?:\s*,\s*(?:and\s+|or\s+|&\s+)?|\s+(?:and|or|&)\s+)"
    r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2})*\s+((?i:counties|parishes))\b"
)
_LIST_BEFORE = re.compile(r"(?:,|\band|\bor|&)\s*$")
# A dotted abbreviation after a comma: "Man.", "Mo.", "W. Va.", "D. C.".
_WRITTEN_QUALIFIER = re.compile(r"\s*(?:,|\()\s*((?:[A-Z][a-z]{0,3}\.\s?){1,3})")
# What may stand between a name and its qualifier: "Paris, Texas", "Paris (Texas)".
_QUALIFIER_GAP = re.compile(r"^\s*(?:,|\()\s*$")


@dataclass(frozen=True, slots=True)
class _Context:
    """What the article says about where it is, keyed by the names that say it.

    Every lookup leaves out the name being resolved: a name cannot be its own context
    ("Kiev" must not vote for Kyiv Oblast because one of its candidates is the oblast).
    """

    countries: dict[str, set[str]]
    regions: dict[tuple[str, str], set[str]]
    votes: dict[str, float]
    own_votes: dict[str, dict[str, float]]

    def dominant(self, key: str) -> str | None:
        """The country the *other* names of the article point to most, if one leads.

        A name's own candidates do not vote for it: an article that only says "Paris"
        has no context to choose with, and population decides.
        """
        own = self.own_votes.get(key, {})
        ranked = [(n - own.get(code, 0.0), code) for code, n in self.votes.items()]
        ranked = [(n, code) for n, code in ranked if n > 1e-9]
        ranked.sort(reverse=True)
        if not ranked or (len(ranked) > 1 and ranked[0][0] - ranked[1][0] < 1e-9):
            return None
        return ranked[0][1]


def resolve(
    mentions: Sequence[Mention],
    text: str,
    source: CandidateSource,
    *,
    lexicon: Lexicon,
    normalize: Callable[[str], str] = str.casefold,
) -> list[GeoMention]:
    """Resolve every mention; a mention whose name no source knows gets ``place=None``.

    ``lexicon`` gives the words that make shorter forms of an unknown name (:func:`_cores`).
    """
    names = [_county_in_list(m, text) or m.text for m in mentions]
    keys = [normalize(name) for name in names]
    candidates: dict[str, list[Place]] = {}
    # A name found only through its head ("Tennessee" for "Tennessee Colony") is
    # resolved, but is no context for the others: the guess may be wrong. A name found
    # by dropping the words for a part ("Georgia" in "Northeast Georgia") is sure.
    partial: set[str] = set()
    for mention, name, key in zip(mentions, names, keys, strict=True):
        if key not in candidates:
            candidates[key], whole = _lookup(source, name, mention, text, lexicon)
            if not whole:
                partial.add(key)
    # Local news shortens a county it names in full: after "DeKalb County", "DeKalb
    # police" may be the county's, so the bare name gets the county as a candidate.
    for key in list(candidates):
        for suffix in (" county", " parish"):
            county = [p for p in candidates.get(key + suffix, ()) if p.kind == "county"]
            if county:
                candidates[key] = candidates[key] + [p for p in county if p not in candidates[key]]
    context = _article_context({k: v for k, v in candidates.items() if k not in partial})
    qualifiers = _qualifiers(mentions, keys, text, candidates, source)
    metonym_keys = {k for m, k in zip(mentions, keys, strict=True) if m.metonym}

    ranked = _with_coherence(
        _rank(candidates, context, qualifiers, metonym_keys, normalize), partial
    )
    # Second round: the first round's readings are better context than each name's
    # biggest kind ("Georgia" beside Atlanta names the state, not the country), and
    # its full scores, coherence included, better say which reading each name lends.
    winners = {k: v[0][1] for k, v in ranked.items() if v and k not in partial}
    context = _article_context({k: v for k, v in candidates.items() if k not in partial}, winners)
    ranked = _with_coherence(
        _rank(candidates, context, qualifiers, metonym_keys, normalize), partial, ranked
    )

    resolved = []
    for mention, key in zip(mentions, keys, strict=True):
        scored = ranked[key]
        if not scored:
            resolved.append(GeoMention(mention=mention, place=None))
            continue
        best_score, best = scored[0]
        resolved.append(
            GeoMention(
                mention=mention,
                place=best,
                confidence=_softmax_share(best_score, [s for s, _ in scored]),
                alternatives=tuple(p for _, p in scored[1 : 1 + _ALTERNATIVES]),
            )
        )
    return resolved


def _county_in_list(mention: Mention, text: str) -> str | None:
    """The county a bare name stands for in a list of counties, if it is in one.

    "Dakota, Otoe and Washington counties", "Camden and Charlton counties": each name
    is a county ("Washington County"), though none is written so.
    """
    found = _COUNTY_LIST.match(text, mention.end)
    if found is None or mention.text.casefold().endswith((" county", " parish")):
        return None
    # A lone name before "counties" qualifies them: "Indiana counties", "the metro
    # Athens counties". Only a list names counties.
    in_list = found.group(0).split()[:-1] or _LIST_BEFORE.search(
        text[max(0, mention.start - 8) : mention.start]
    )
    if not in_list:
        return None
    return f"{mention.text} {'County' if found.group(1).casefold() == 'counties' else 'Parish'}"


def _rank(
    candidates: dict[str, list[Place]],
    context: _Context,
    qualifiers: dict[str, tuple[Place, ...]],
    metonym_keys: Collection[str],
    normalize: Callable[[str], str],
) -> dict[str, list[tuple[float, Place]]]:
    """Every name's candidates scored in the article's context, best first."""
    ranked: dict[str, list[tuple[float, Place]]] = {}
    for key, places in candidates.items():
        big_cities = {
            p.country_code for p in places if p.kind == "city" and p.population >= _BIG_CITY
        }
        biggest_town = max((p.population for p in places if p.kind == "city"), default=0)
        # A town really called so outranks a big city that holds the name as an exonym
        # or former name: "Cancun" is Cancún before Changchun, "Kaliningrad" the city
        # before Korolev, which bore the name until 1996.
        called_so = any(p.kind == "city" and _shares_a_word(p, key, normalize) for p in places)
        scored = [
            (
                _score(p, context, key, qualifiers.get(key, ()), key in metonym_keys)
                - (_OTHER_NAME if _named_otherwise(p, key, normalize) else 0.0)
                - (
                    _EXONYM
                    if called_so and p.kind == "city" and not _shares_a_word(p, key, normalize)
                    else 0.0
                )
                - (
                    # Jamaica's Portland parish (22,000 people) is no reason to pass
                    # over Portland, Oregon: an area smaller than a same-named town
                    # competes as a town. (US counties have no population here.)
                    _KIND_PRIOR[p.kind]
                    if p.kind in {"region", "county"} and 0 < p.population < biggest_town
                    else 0.0
                )
                - (
                    _REGION_NAMED_FOR_CITY
                    if p.kind == "region" and p.country_code in big_cities
                    else 0.0
                ),
                p,
            )
            for p in places
        ]
        ranked[key] = _sorted(scored)
    return ranked


def _lookup(
    source: CandidateSource, name: str, mention: Mention, text: str, lexicon: Lexicon
) -> tuple[list[Place], bool]:
    """Candidates for a mention called ``name``, and whether they are sure enough to be context.

    A name the source does not know is tried in shorter forms (:func:`_cores`); those
    found through the name's head alone are not sure. Abbreviations are looked up with
    their final period: span cleaning trims a sentence's full stop, which also takes
    the period off "U.S.", "Ky." or "W.Va."; written without it, "Kan" is an alias of a
    Chinese city.
    """
    if text[mention.end : mention.end + 1] == "." and _ABBREVIATION.fullmatch(name):
        found = source.lookup(name + ".", limit=CANDIDATE_LIMIT)
        if found:
            return found, True
    found = source.lookup(name, limit=CANDIDATE_LIMIT)
    if found:
        return found, True
    for core in _cores(name, lexicon):
        found = source.lookup(core, limit=CANDIDATE_LIMIT)
        # The name's tail: only words for a part or a heading were dropped.
        tail = name.endswith(" " + core)
        part = tail and name.split()[0].casefold() in lexicon.part_words
        if part and not any(_has_parts(p) for p in found):
            # "East Bank" is not a part of some town called Bank: a part is named of a
            # country, region, county or big city ("North Texas", "South Philadelphia").
            continue
        if found:
            return found, tail
    return [], True


def _has_parts(place: Place) -> bool:
    """Whether news names parts of this place ("Northeast Georgia", "West Wichita")."""
    return place.kind != "city" or place.population >= _KNOWN_ABROAD


def _cores(name: str, lexicon: Lexicon) -> list[str]:
    """Shorter names to try, in order, for a name the gazetteer does not know.

    Recognised spans often wrap a place in words that are not part of its name: a part
    of it ("Northeast Georgia", "South Philadelphia", "Far North Queensland"), a
    heading ("City of Norfolk", "Province of Ontario", "île de La Réunion", "région de
    la Drôme") or what follows it in an organisation's name or a generic term
    ("Henderson County Jail", "North Las Vegas Police Department", "Sichuan province",
    "Fargo City"). The place itself is the best point the text gives. A name that holds
    a natural feature ("Red River", "Lake Lanier", "Hopkins Park") is left whole: the
    river is not the town it is named for.
    """
    words = name.split()
    if len(words) < 2 or any(w.casefold() in lexicon.feature_words for w in words):
        return []
    parts = lexicon.part_words | lexicon.part_articles
    start = 0
    while start < len(words) - 1 and words[start].casefold() in parts:
        start += 1
    firsts = [0, start]
    if (
        start < len(words) - 2
        and words[start + 1].casefold() in lexicon.heading_links
        and words[start].casefold() in lexicon.heading_words
    ):
        # "Port of Los Angeles" is Los Angeles, never a place called Port; "île de La
        # Réunion" is La Réunion, never the Isle of Islay (alias "Ile").
        start += 2
        firsts = [start]
        while start < len(words) - 1 and words[start].casefold() in parts:
            start += 1
        firsts.append(start)
    # The whole name's head first ("North Las Vegas Police" is North Las Vegas), then
    # without the words for a part ("Northeast Georgia").
    cores = [
        " ".join(words[first:end])
        for first in dict.fromkeys(firsts)
        for end in range(len(words), first, -1)
        if any(w.casefold() not in parts for w in words[first:end])
    ]
    return [
        core
        for core in dict.fromkeys(cores)
        if core != name and core.split()[-1].casefold() not in lexicon.dangling_words
    ]


def _sorted(scored: list[tuple[float, Place]]) -> list[tuple[float, Place]]:
    return sorted(scored, key=lambda sp: (-sp[0], -sp[1].population, sp[1].place_id))


def _with_coherence(
    ranked: dict[str, list[tuple[float, Place]]],
    silent: Collection[str] = (),
    lending: dict[str, list[tuple[float, Place]]] | None = None,
) -> dict[str, list[tuple[float, Place]]]:
    """Second pass: among a name's candidates, favour those near the article's other places.

    News stories cluster in space: in a story that also names Henry County and
    Tennessee, "Paris" is Paris, Tennessee. Every other name lends support through its
    plausible candidates, each weighted by how close its score is to that name's best
    (1 for the best, e^-1 for one a point behind): so a name no single reading of which
    is sure, such as "Henry County" (a dozen equal counties), still tells which Paris
    fits, by the one county that lies beside it. A candidate's support from a name is
    its best weighted closeness to one of that name's candidates: decaying with the
    distance, or full when one holds the other (Atlanta and the state of Georgia).
    Countries are too large to say where a story is: they lend and take support only
    as one of several countries named (see :class:`_Lender`); continents not at all.
    The other names lend by their scores in ``lending`` (a previous round's final
    ranking) when given, else by those in ``ranked``; names in ``silent`` lend nothing.
    """
    lenders: dict[str, _Lender] = {}
    for key, scored in (lending or ranked).items():
        if not scored or key in silent:
            continue
        best = scored[0][0]
        plausible = [
            (math.exp(score - best), place)
            for score, place in scored
            if best - score <= _LENDER_GAP and place.kind != "other"
        ]
        if plausible:
            lenders[key] = _Lender(plausible)
    if not lenders:
        return ranked
    rescored = {}
    for key, scored in ranked.items():
        others = [lent for k, lent in lenders.items() if k != key]
        if len(scored) < 2 or not others:
            rescored[key] = scored
            continue
        updated = []
        for score, place in scored:
            if place.kind != "other":
                support = sum(lent.support(place) for lent in others)
                score += _NEAR * min(support, _MAX_SUPPORT)
            updated.append((score, place))
        rescored[key] = _sorted(updated)
    return rescored


# Beyond this, closeness (e^-10) is too small to matter: far lenders are not visited.
_FAR_KM = 10 * _NEAR_SCALE_KM


class _Lender:
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
            best = max(best, weight * math.exp(-km / _NEAR_SCALE_KM))
        return best


def _prior(place: Place) -> float:
    """How likely a place is meant before any context: its kind, then its size."""
    score = _KIND_PRIOR.get(place.kind, 0.0)
    if place.kind == "country" and place.population < _SMALL_COUNTRY:
        # A territory the size of a town competes as a town: Norfolk Island should not
        # outrank Norfolk, Virginia by kind alone.
        score = _KIND_PRIOR["city"]
    return score + _POPULATION_WEIGHT * math.log10(place.population + 1)


def _score(
    place: Place, context: _Context, key: str, qualifiers: Iterable[Place], metonym: bool
) -> float:
    score = _prior(place)
    code = place.country_code
    if code and place.kind != "country":
        # A region or town in the country the story is about, or one it names.
        if context.countries.get(code, set()) - {key}:
            named = sum(1 for keys in context.countries.values() if keys - {key})
            score += _IN_MENTIONED_COUNTRY / named**_SHARE_EXP
        if code == context.dominant(key):
            score += _IN_DOMINANT_COUNTRY
        if place.admin1 and context.regions.get((code, place.admin1), set()) - {key}:
            score += _IN_MENTIONED_REGION
    if any(_contains(q, place) or _contains(place, q) for q in qualifiers):
        score += _QUALIFIED
    if metonym and place.kind == "landmark":
        score += _METONYM
    return score


def _named_otherwise(place: Place, key: str, normalize: Callable[[str], str]) -> bool:
    """Whether a town answers to the name only through an unrelated alternate name.

    GeoNames' alternate names of small towns carry former and nicknames ("Chicago" for
    Willard, Ohio; "Washington" for Watervliet): such a town should not take the name
    from the towns actually called so. A shared word is enough to count as the same
    name ("St. Petersburg" and "Saint Petersburg", "New York" and "New York City").
    """
    if place.kind != "city" or place.population >= _KNOWN_ABROAD:
        return False
    return not _shares_a_word(place, key, normalize)


def _shares_a_word(place: Place, key: str, normalize: Callable[[str], str]) -> bool:
    """Whether a place's own name shares a word with the (normalised) name in the text."""
    words = set(normalize(place.name).replace(".", " ").split())
    return bool(words & set(key.replace(".", " ").split()))


def _contains(container: Place, place: Place) -> bool:
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


def _article_context(
    candidates: dict[str, list[Place]], winners: dict[str, Place] | None = None
) -> _Context:
    """Countries and regions the article names, and which countries each name points to.

    Only names whose best candidate by kind is a country or region count as naming it,
    so a town called "Ukraine" does not bring Spain into the context. Once a first
    round has read each name, its reading (``winners``) replaces the best by kind.
    """
    countries: defaultdict[str, set[str]] = defaultdict(set)
    regions: defaultdict[tuple[str, str], set[str]] = defaultdict(set)
    votes: defaultdict[str, float] = defaultdict(float)
    own_votes: dict[str, dict[str, float]] = {}
    for key, places in candidates.items():
        if not places:
            continue
        top = max(places, key=lambda p: (_KIND_PRIOR.get(p.kind, 0.0), p.population))
        if winners is not None and key in winners:
            top = winners[key]
        own: defaultdict[str, float] = defaultdict(float)
        if top.kind == "country" and top.country_code:
            countries[top.country_code].add(key)
            own[top.country_code] += 1.0
        elif top.kind == "region" and top.country_code and top.admin1:
            regions[(top.country_code, top.admin1)].add(key)
        if top.kind != "country":
            # A town's or region's name spreads one vote over the countries its
            # candidates are in, as likely as each is without context: "Paris" votes
            # mostly France, "Vancouver" mostly Canada. A country's name votes only for
            # that country: the hamlets called "Canada" say nothing.
            weights: defaultdict[str, float] = defaultdict(float)
            for place in places:
                if place.country_code:
                    weights[place.country_code] += math.exp(_prior(place))
            total = sum(weights.values())
            for code, weight in weights.items():
                own[code] += weight / total
        for code, n in own.items():
            votes[code] += n
        own_votes[key] = dict(own)
    return _Context(
        countries=dict(countries), regions=dict(regions), votes=dict(votes), own_votes=own_votes
    )


def _qualifiers(
    mentions: Sequence[Mention],
    keys: Sequence[str],
    text: str,
    candidates: dict[str, list[Place]],
    source: CandidateSource,
) -> dict[str, tuple[Place, ...]]:
    """Places paired by a qualifier, "Paris, Texas": each name's partner candidates.

    The town gets the regions and countries that may contain it, and the qualifier gets
    the towns it may contain; :func:`_score` rewards a candidate that contains, or is
    contained by, a partner, so both names settle on a consistent pair.
    """
    found: dict[str, list[Place]] = {}
    starts = {m.start for m in mentions}
    for i, mention in enumerate(mentions):
        # A qualifier recognition missed: "Churchill, Man.", "Washington, D. C.".
        written = _WRITTEN_QUALIFIER.match(text, mention.end)
        if written is None or written.start(1) in starts:
            continue
        abbreviation = "".join(written.group(1).split())
        containers = [p for p in source.lookup(abbreviation) if p.kind in {"country", "region"}]
        found.setdefault(keys[i], []).extend(containers)
    for i in range(len(mentions) - 1):
        here, after = mentions[i], mentions[i + 1]
        if not _QUALIFIER_GAP.match(text[here.end : after.start]):
            continue
        containers = [p for p in candidates[keys[i + 1]] if p.kind in {"country", "region"}]
        if containers:
            found.setdefault(keys[i], []).extend(containers)
            found.setdefault(keys[i + 1], []).extend(candidates[keys[i]])
    return {k: tuple(v) for k, v in found.items()}


def _softmax_share(best: float, scores: Sequence[float]) -> float:
    total = sum(math.exp(s - best) for s in scores)
    return 1.0 / total
