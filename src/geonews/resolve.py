"""Resolve mentions to places: candidates from a source, ranked with the article's context.

A name is resolved once per article ("one sense per discourse"): every mention of
"Bakhmout" gets the same place, and evidence from any of them counts for all. A mention
that carries its own qualifier is the exception: "SPRINGFIELD, Ill." and "Springfield,
Missouri" in one article are two towns, and a bare "Springfield" later follows the first
qualified one (the dateline's town).

Each candidate is described by the evidence :mod:`geonews.ranking` lists, and scored by
its learned weights:

* its kind (countries outrank regions, which outrank towns of the same name: "Ukraine"
  the country, not the Spanish village), size and fame: among towns the one the world
  writes about (more names in more languages, a capital) wins by default, so a bare
  "Paris" is Paris, France;
* the article's context, which beats fame: the countries and regions it names, the
  country most of its names point to, and explicit qualifiers such as "Alexandria,
  Louisiana" or "Paris (Texas)"; for names no reader abroad knows, the region of the
  dateline ("MINNEAPOLIS -- ... in Worthington");
* a city beats the same-named region holding it (Geneva, not the canton) unless the text
  says region, canton or province beside the name;
* doubts: a small town found only through an unrelated alternate name;
* for metonyms ("le Kremlin"), the seat of power itself;
* then closeness (:mod:`geonews.closeness`): every other name lends support to the
  candidates near its own plausible readings, first as each reads on its own evidence,
  then as the first round read it. Names that are each ambiguous do not vouch for each
  other's small homonyms (Paris, Maine and Berlin, New Hampshire), but a sure name does
  ("Henry County" and "Paris" in Tennessee).

A name the source does not know is looked up in shorter forms ("Georgia" for
"Northeast Georgia", "Henderson County" for "Henderson County Jail"), and a bare name
in a list of counties as the county ("Dakota, Otoe and Washington counties"). The words
that make a shorter form (parts, headings, features, words that cannot end a name) are
data: the lists every language shares in a :class:`~geonews.lexicon.Lexicon`, since a
name keeps the words of its own language whatever the article's.

Confidence is the softmax share of the winning score among the candidates.
"""

from __future__ import annotations

import difflib
import itertools
import math
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from geonews.closeness import Scored, by_score, with_coherence
from geonews.compass import full_name
from geonews.demonyms import countries_of_demonyms
from geonews.gazetteer.names import SMALL_TOWN_SOURCE
from geonews.lookup import KNOWN_ABROAD, county_in_list, lookup
from geonews.model import CandidateSource, GeoMention, Mention, Place
from geonews.patterns import LIST_GAP, bare_dateline, opens_as_dateline
from geonews.qualifiers import (
    contains,
    follow_first_qualified,
    holds_any,
    own_keys,
    qualifiers,
)
from geonews.ranking import FEATURES, METONYM_WEIGHT, Weights, load_weights

if TYPE_CHECKING:
    from geonews.lexicon import Lexicon

#: The order in which a name's kinds say what it names before any scoring.
_KIND_ORDER = {
    "country": 4.0,
    "other": 4.0,
    "region": 2.5,
    "county": 1.5,
    "landmark": 1.0,
    "city": 0.0,
}
_KIND_FEATURES = {"country": 0, "region": 1, "county": 2, "landmark": 3, "other": 4}
# Naming a country is evidence for its places, diluted when the article names many
# ("the United States, Russia, France and Georgia"): divided by sqrt(countries named).
_SHARE_EXP = 0.5
_ALTERNATIVES = 3
# What the article says of a place's whereabouts: its country or region named, a
# qualifier, closeness to the other places.
_FRAME_AT = tuple(
    FEATURES.index(f)
    for f in ("in_named_country", "in_dominant_country", "in_named_region", "qualified", "support")
)
# Two spellings of one name share this share of their letters ("Janin", "Jenin": 0.8).
_SAME_SPELLING = 0.8
# "New York", "Washington", "Moscou": when a big city shares a region's name, news
# means the city unless the text qualifies it ("Albany, New York"); so does a region
# whose same-named town holds a tenth of its people (Geneva, Doha, Larnaca).
_BIG_CITY = 500_000
_CITY_SHARE = 0.1
_SMALL_COUNTRY = 200_000

_WORDS = re.compile(r"\w+")


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
    #: The region the dateline's place lies in, as the first round read it, with the
    #: dateline's name: (country, region, name).
    frame: tuple[str, str, str] | None = None

    def dominant(self, key: str, itself: Collection[str] = ()) -> str | None:
        """The country the *other* names of the article point to most, if one leads.

        A name's own candidates do not vote for it: an article that only says "Paris"
        has no context to choose with, and fame decides. Nor do those of the names in
        ``itself``, the same name written otherwise ("Dublin City" for "Dublin").
        """
        own: defaultdict[str, float] = defaultdict(float)
        for name in {key, *itself}:
            for code, n in self.own_votes.get(name, {}).items():
                own[code] += n
        ranked = [(n - own[code], code) for code, n in self.votes.items()]
        ranked = [(n, code) for n, code in ranked if n > 1e-9]
        ranked.sort(reverse=True)
        if not ranked or (len(ranked) > 1 and ranked[0][0] - ranked[1][0] < 1e-9):
            return None
        return ranked[0][1]


@dataclass(frozen=True, slots=True)
class Reading:
    """How an article's mentions were read: each mention's key (its name, or its name and
    qualifier), and every key's candidates scored, best first."""

    keys: tuple[str, ...]
    ranked: dict[str, list[Scored]]


def resolve(
    mentions: Sequence[Mention],
    text: str,
    source: CandidateSource,
    *,
    lexicon: Lexicon,
    normalize: Callable[[str], str] = str.casefold,
    weights: Weights | None = None,
) -> list[GeoMention]:
    """Resolve every mention; a mention whose name no source knows gets ``place=None``.

    ``lexicon`` gives the words that make shorter forms of an unknown name (:mod:`geonews.lookup`)
    and the words for an area ("canton", "province"); ``weights`` the resolver's learned
    weights (:func:`geonews.ranking.load_weights` unless given).
    """
    reading = read_candidates(
        mentions, text, source, lexicon=lexicon, normalize=normalize, weights=weights
    )
    resolved = []
    for mention, key in zip(mentions, reading.keys, strict=True):
        scored = reading.ranked[key]
        if not scored:
            resolved.append(GeoMention(mention=mention, place=None))
            continue
        best_score, best, _ = scored[0]
        resolved.append(
            GeoMention(
                mention=mention,
                place=best,
                confidence=_softmax_share(best_score, [s for s, _, _ in scored]),
                alternatives=tuple(p for _, p, _ in scored[1 : 1 + _ALTERNATIVES]),
            )
        )
    return resolved


def read_candidates(
    mentions: Sequence[Mention],
    text: str,
    source: CandidateSource,
    *,
    lexicon: Lexicon,
    normalize: Callable[[str], str] = str.casefold,
    weights: Weights | None = None,
) -> Reading:
    """Every mention's candidates with their evidence and scores (what :func:`resolve`
    reads its answer from, and what :mod:`geonews.learn` fits the weights on)."""
    weights = weights or load_weights()
    names = [county_in_list(m, text) or full_name(m, text, lexicon) or m.text for m in mentions]
    bare = [normalize(name) for name in names]
    candidates: dict[str, list[Place]] = {}
    # A name found only through its head ("Tennessee" for "Tennessee Colony") is
    # resolved, but is no context for the others: the guess may be wrong. A name found
    # by dropping the words for a part ("Georgia" in "Northeast Georgia") is sure.
    partial: set[str] = set()
    for mention, name, key in zip(mentions, names, bare, strict=True):
        if key not in candidates:
            candidates[key], whole = lookup(source, name, mention, text, lexicon)
            if not whole:
                partial.add(key)
    _add_named_counties(candidates)
    _towns_of_addresses(mentions, bare, text, lexicon, candidates)
    partners, unlisted = qualifiers(mentions, bare, text, candidates, source, normalize)
    keys = own_keys(bare, {i: q for i, (q, _) in partners.items()} | unlisted)
    for i, (key, base) in enumerate(zip(keys, bare, strict=True)):
        if key != base:
            # A town its qualifier holds none of: one the gazetteer lacks (unlisted).
            candidates.setdefault(key, [] if i in unlisted else candidates[base])
            if base in partial:
                partial.add(key)
    held: dict[str, list[Place]] = defaultdict(list)
    for i, (qualifier, places) in partners.items():
        held[keys[i]].extend(places)
        if i + 1 < len(keys) and bare[i + 1] == qualifier:
            # The qualifier reads as the area holding the town: "Athens, Georgia".
            held[keys[i + 1]].extend(candidates[keys[i]])
    _drop_unplaced_small_towns(candidates, held)
    # The dateline: where the story was filed from ("MINNEAPOLIS --").
    filed_from = [
        k for m, k in zip(mentions, keys, strict=True) if opens_as_dateline(text, m.start, m.end)
    ]
    _datelines_are_towns(filed_from, candidates, normalize)
    lists = _lists(mentions, text, partners.keys() | unlisted.keys())
    # A qualifier holding no town of the name still reads as an area ("La Motte, Quebec").
    areas = {i + 1 for i in unlisted}
    evidence = _read_evidence(
        mentions, keys, bare, text, lexicon, candidates, held, lists, normalize, weights, areas
    )
    # "An Egyptian court" names Egypt as surely as "Egypt" does: for reading the other
    # names, a nationality word counts as its country named.
    spoken = countries_of_demonyms(text, lexicon.lang, [(m.start, m.end) for m in mentions])
    ranked = _in_two_rounds(evidence, keys, lists, partial, spoken, filed_from)
    follow_first_qualified(keys, bare, ranked)
    _drop_unframed_guesses(ranked, partial)
    return Reading(keys=tuple(keys), ranked=ranked)


def _in_two_rounds(
    evidence: _Evidence,
    keys: Sequence[str],
    lists: Sequence[Sequence[int]],
    partial: Collection[str],
    spoken: Collection[str],
    filed_from: Sequence[str],
) -> dict[str, list[Scored]]:
    """Every name's candidates scored with the article's context, best first.

    First round: each name's biggest kind is its context; second round: the first
    round's readings ("Georgia" beside Atlanta names the state, not the country).
    """
    weights, same_names = evidence.weights, evidence.same_names
    sure = {k: v for k, v in evidence.candidates.items() if k not in partial}
    first = with_coherence(
        evidence.rank(_article_context(sure, weights, spoken=spoken, filed_from=filed_from)),
        partial,
        weights,
        same_names=same_names,
    )
    winners = {k: v[0][1] for k, v in first.items() if v and k not in partial}
    # In the second round the names lend by their first-round readings: a state read
    # as such beside its capital ("Atlanta ... Georgia") lends as the state.
    # A list reads as one kind: beside "England" read as a region, "Wales" is one too.
    listed = {
        keys[i]: {winners[keys[j]].kind for j in run if j != i and keys[j] in winners}
        for run in lists
        for i in run
    }
    # The dateline sets the story's local frame: "MINNEAPOLIS -- ... in Worthington" is
    # Worthington, Minnesota, as if the text named the state.
    context = _article_context(sure, weights, winners, spoken=spoken, filed_from=filed_from)
    return with_coherence(
        evidence.rank(context, listed),
        partial,
        weights,
        first,
        same_names=same_names,
    )


def _drop_unplaced_small_towns(
    candidates: dict[str, list[Place]], qualifiers: Mapping[str, Sequence[Place]]
) -> None:
    """Keep a town of under 1,000 people (:data:`SMALL_TOWN_SOURCE`) only where the text
    places it: a qualifier ("Churchill, Man."), or a region named in the article holding
    it when no capital or town known abroad shares its name. Bare "Copenhagen" is no
    hamlet in New York, even in an article naming New York; a name with no other
    reading keeps its hamlets."""
    regions = [p for places in candidates.values() for p in places if p.kind == "region"]
    for key, places in candidates.items():
        famous = _famous(places)
        kept = [
            p
            for p in places
            if p.source != SMALL_TOWN_SOURCE
            or holds_any(qualifiers.get(key, ()), [p])
            or (not famous and holds_any(regions, [p]))
        ]
        if kept and len(kept) < len(places):
            candidates[key] = kept


def _datelines_are_towns(
    filed_from: Collection[str], candidates: dict[str, list[Place]], normalize: Callable[[str], str]
) -> None:
    """A dateline names the town a story was filed from: "NEW YORK (Reuters) —" is the
    city, not the state (whose towns, Rome and Athens among them, would then be the
    article's context), and so are "MOSCOW" and "SÃO PAULO"."""
    for key in filed_from:
        places = candidates.get(key, [])
        towns = [
            p
            for p in places
            if not (p.kind == "region" and _named_for_city(p, places, key, normalize))
        ]
        if towns and len(towns) < len(places):
            candidates[key] = towns


def _famous(places: Sequence[Place]) -> bool:
    """Whether a name has a reading known abroad: a capital, or a town of 100,000."""
    return any(p.capital or p.population >= KNOWN_ABROAD for p in places)


def _dateline_frame(
    filed_from: Sequence[str], winners: Mapping[str, Place]
) -> tuple[str, str, str] | None:
    """The region of the place the story was filed from, as the first round read it:
    (country, region, the dateline's name)."""
    place = winners.get(filed_from[0]) if filed_from else None
    if place is None or not place.country_code or not place.admin1:
        return None
    return (place.country_code, place.admin1, filed_from[0])


def _drop_unframed_guesses(ranked: dict[str, list[Scored]], partial: set[str]) -> None:
    """Leave unresolved a name found only through its head when nothing in the article
    places the guess: "Pala Mesa Resort" in a Californian article is no town in Chad.
    A small town far from the article's frame is a homonym, and a wrong pin misleads
    more than a missing one; a well-known town or an area may stand on its own."""
    for key in partial:
        scored = ranked.get(key)
        if not scored:
            continue
        _, place, values = scored[0]
        framed = any(values[i] > 0 for i in _FRAME_AT)
        if place.kind == "city" and place.population < KNOWN_ABROAD and not framed:
            ranked[key] = []


def _read_evidence(
    mentions: Sequence[Mention],
    keys: Sequence[str],
    bare: Sequence[str],
    text: str,
    lexicon: Lexicon,
    candidates: dict[str, list[Place]],
    qualifiers: dict[str, list[Place]],
    lists: Sequence[Sequence[int]],
    normalize: Callable[[str], str],
    weights: Weights,
    areas: Collection[int] = (),
) -> _Evidence:
    """What the article says about every name, whatever the other names are read as;
    ``bare`` are the keys without their qualifiers, ``areas`` the mentions the text
    places a town in."""
    # Once the text calls a name an area ("the canton of Geneva"), it is the area
    # wherever the article names it; a word for areas before or after a list calls
    # every name of it so ("the states of Colorado and Washington").
    called = [i in areas or _called_an_area(text, m, lexicon) for i, m in enumerate(mentions)]
    for run in lists:
        if any(called[i] for i in run):
            for i in run:
                called[i] = True
    return _Evidence(
        candidates=candidates,
        qualifiers={k: tuple(v) for k, v in qualifiers.items()},
        metonyms={k for m, k in zip(mentions, keys, strict=True) if m.metonym},
        datelined={
            k for m, k in zip(mentions, keys, strict=True) if bare_dateline(text, m.start, m.end)
        },
        area_named={k for k, area in zip(keys, called, strict=True) if area},
        # "Red Sea", "Gulf of Aden": the name says it is water, not the province
        # named after it.
        feature_named={
            k
            for m, k in zip(mentions, keys, strict=True)
            if any(w.casefold() in lexicon.feature_words for w in m.text.split())
        },
        normalize=normalize,
        weights=weights,
        same_names=_same_names(candidates, lexicon),
        names=dict(zip(keys, bare, strict=True)),
    )


def _lists(mentions: Sequence[Mention], text: str, partners: Collection[int]) -> list[list[int]]:
    """Runs of mentions (by index) written as one list: "England and Wales", "Colorado,
    Utah or Nevada". A name and its qualifier ("Paris, Texas") are no list."""
    runs: list[list[int]] = []
    for i, mention in enumerate(mentions):
        before = mentions[i - 1] if i else None
        joined = (
            before is not None
            and i - 1 not in partners
            and LIST_GAP.match(text[before.end : mention.start]) is not None
        )
        if joined:
            runs[-1].append(i)
        else:
            runs.append([i])
    return [run for run in runs if len(run) > 1]


def _towns_of_addresses(
    mentions: Sequence[Mention],
    keys: Sequence[str],
    text: str,
    lexicon: Lexicon,
    candidates: dict[str, list[Place]],
) -> None:
    """A name closing a postal address ("400 S. Locust St., Lebanon") is a town: its
    country and region readings go, for every mention of the name."""
    for mention, key in zip(mentions, keys, strict=True):
        if lexicon.address_before.search(text, max(0, mention.start - 60), mention.start):
            towns = [p for p in candidates[key] if p.kind == "city"]
            if towns:
                candidates[key] = towns


def _add_named_counties(candidates: dict[str, list[Place]]) -> None:
    """Local news shortens a county it names in full: after "DeKalb County", "DeKalb
    police" may be the county's, so the bare name gets the county as a candidate."""
    for key in list(candidates):
        for suffix in (" county", " parish"):
            county = [p for p in candidates.get(key + suffix, ()) if p.kind == "county"]
            if county:
                candidates[key] = candidates[key] + [p for p in county if p not in candidates[key]]


def _called_an_area(text: str, mention: Mention, lexicon: Lexicon) -> bool:
    """Whether a word for an area stands beside the name: "the canton of Geneva",
    "canton de Genève", "the Moscow region", "Washington state"."""
    before = _WORDS.findall(text[max(0, mention.start - 30) : mention.start])[-2:]
    if before and before[-1].casefold() in lexicon.heading_links:
        before = before[:-1]
    after = (
        _WORDS.match(text, mention.end + 1) if text[mention.end : mention.end + 1] == " " else None
    )
    words = [before[-1]] if before else []
    words += [after.group()] if after else []
    return any(word.casefold() in lexicon.area_words for word in words)


@dataclass(frozen=True, slots=True)
class _Evidence:
    """What the article says about every name, apart from the context of each round."""

    candidates: dict[str, list[Place]]
    qualifiers: dict[str, tuple[Place, ...]]
    metonyms: Collection[str]
    #: Names opening the article as a dateline that stands alone ("WASHINGTON (AP) —").
    datelined: Collection[str]
    area_named: Collection[str]
    feature_named: Collection[str]
    normalize: Callable[[str], str]
    weights: Weights
    #: By key, the keys that are the same name written otherwise (:func:`_same_names`).
    same_names: Mapping[str, frozenset[str]]
    #: By key, the name it stands for without its qualifier ("elizabethtown" for
    #: "elizabethtown, pennsylvania"): what a place's own name is compared with.
    names: Mapping[str, str]

    # What does not change between rounds, by (name, place id): computed once.
    static: dict[tuple[str, str], dict[str, float]] = field(default_factory=dict)

    def rank(
        self, context: _Context, listed: Mapping[str, Collection[str]] | None = None
    ) -> dict[str, list[Scored]]:
        """Every name's candidates scored on their own evidence (no closeness), best first;
        ``listed`` holds, by name, the kinds the other names of its list were read as."""
        ranked: dict[str, list[Scored]] = {}
        listed = listed or {}
        for key, places in self.candidates.items():
            dominant = context.dominant(key, self.same_names.get(key, ()))
            named = sum(1 for keys in context.countries.values() if keys - {key})
            famous = _famous(places)
            scored = []
            for place in places:
                values = dict(self._static(place, places, key))
                code = place.country_code
                if code and place.kind != "country":
                    if context.countries.get(code, set()) - {key}:
                        values["in_named_country"] = 1.0 / named**_SHARE_EXP
                    values["in_dominant_country"] = float(code == dominant)
                    area = (code, place.admin1 or "")
                    if place.admin1 and context.regions.get(area, set()) - {key}:
                        values["in_named_region"] = 1.0
                    elif context.frame is not None and context.frame[:2] == area:
                        # Only among homonyms no reader abroad knows: a story from
                        # New York may well name Rome or Amsterdam.
                        framed = key != context.frame[2] and not famous
                        values["in_named_region"] = float(framed)
                elif code:
                    # The country the other names point to is read as itself too, not
                    # only as its towns: "Tijuana ... in Mexico" is the country, not
                    # Mexico City, which GeoNames also calls "Mexico".
                    values["in_dominant_country"] = float(code == dominant)
                if place.kind in listed.get(key, ()):
                    values["same_kind_as_list"] = 1.0
                features = tuple(values.get(name, 0.0) for name in FEATURES)
                score = self.weights.score(features)
                if key in self.metonyms and place.kind == "landmark":
                    score += METONYM_WEIGHT
                scored.append((score, place, features))
            ranked[key] = by_score(scored)
        return ranked

    def _static(self, place: Place, places: Sequence[Place], key: str) -> dict[str, float]:
        """The evidence about one candidate that no round's context changes."""
        cached = self.static.get((key, place.place_id))
        if cached is not None:
            return cached
        values = _prior_features(place)
        qualifiers = self.qualifiers.get(key, ())
        # A dateline standing alone qualifies a name as plainly as "Paris, Texas" does:
        # the wires leave out the state or country only for the cities everyone knows
        # (a local paper, for its own town: "HAMILTON —" is no island capital of 1,000).
        known_capital = place.capital and place.population >= KNOWN_ABROAD
        values["qualified"] = float(
            any(contains(q, place) or contains(place, q) for q in qualifiers)
            or (known_capital and key in self.datelined)
        )
        is_area = place.kind in {"region", "county"}
        values["area_word"] = float(is_area and key in self.area_named)
        values["feature_word"] = float(place.kind == "other" and key in self.feature_named)
        # GeoNames' alternate names of small towns carry former names and nicknames
        # ("Chicago" for Willard, Ohio; "Washington" for Watervliet): such a town should
        # not take the name from the towns actually called so. From KNOWN_ABROAD people
        # up, alternate names are exonyms ("Moscou").
        name = self.names.get(key, key)
        own_name = _shares_a_word(place, name, self.normalize)
        small_town = place.kind == "city" and place.population < KNOWN_ABROAD
        values["other_name"] = float(small_town and not own_name)
        # Nor, as easily, a small town whose own name only begins or ends so ("San
        # Diego Linares", "Naranja de Tapia") while another town is called exactly so,
        # unless the text qualifies the name or writes the longer one elsewhere.
        whole = self.normalize(place.name)
        values["shortened"] = float(
            small_town
            and own_name
            and not qualifiers
            and whole != name
            and whole not in self.candidates
            and self._called_so(name, places, exactly=True)
        )
        values["exonym"] = float(
            place.kind == "city" and not own_name and self._called_so(name, places)
        )
        # Jamaica's Portland parish (22,000 people) is no reason to pass over Portland,
        # Oregon: an area smaller than a same-named town competes as a town. (US
        # counties have no population here.)
        biggest_town = max((p.population for p in places if p.kind == "city"), default=0)
        values["area_below_town"] = float(is_area and 0 < place.population < biggest_town)
        # ... unless the text calls the name an area: "the states of Colorado and
        # Washington" are states, whatever the capital is called.
        values["region_of_city"] = float(
            place.kind == "region"
            and not values["area_word"]
            and _named_for_city(place, places, name, self.normalize)
        )
        self.static[(key, place.place_id)] = values
        return values

    def _called_so(self, key: str, places: Sequence[Place], *, exactly: bool = False) -> bool:
        """Whether a town among ``places`` is really called ``key`` (see :func:`_shares_a_word`),
        or, ``exactly``, has it for its whole name."""
        marker = (key, "exactly" if exactly else "")
        if marker not in self.static:
            found = any(
                p.kind == "city"
                and (
                    self.normalize(p.name) == key
                    if exactly
                    else _shares_a_word(p, key, self.normalize)
                )
                for p in places
            )
            self.static[marker] = {"called_so": float(found)}
        return bool(self.static[marker]["called_so"])


def _prior_features(place: Place) -> dict[str, float]:
    """The evidence about a place before any context: kind, size, fame."""
    values: dict[str, float] = {}
    kind = place.kind
    if kind == "country" and place.population < _SMALL_COUNTRY:
        # A territory the size of a town competes as a town: Norfolk Island should not
        # outrank Norfolk, Virginia by kind alone.
        kind = "city"
    if kind in _KIND_FEATURES:
        values[FEATURES[_KIND_FEATURES[kind]]] = 1.0
    values["log_population"] = math.log10(place.population + 1)
    if place.kind == "city":
        values["fame"] = math.log2(1 + place.name_count)
        values["capital"] = float(place.capital)
    return values


def _prior(place: Place, weights: Weights) -> float:
    """How likely a place is meant before any context, by the learned weights."""
    values = _prior_features(place)
    return weights.score(tuple(values.get(name, 0.0) for name in FEATURES))


def _named_for_city(
    region: Place, places: Sequence[Place], key: str, normalize: Callable[[str], str]
) -> bool:
    """Whether a region shares its name with a big city of its country, or with a town
    inside it holding a tenth of its people: the news then means the city. The city must
    answer to the name as its own or as an exonym ("Praag"), not where the region is
    really called so and the city only once was: Salvador was "Bahia", and "na Bahia"
    is the state."""
    region_called_so = _shares_a_word(region, key, normalize)
    for place in places:
        if place.kind != "city" or place.country_code != region.country_code:
            continue
        exonym = place.population >= KNOWN_ABROAD and not region_called_so
        if not exonym and not _shares_a_word(place, key, normalize):
            continue
        if place.population >= _BIG_CITY:
            return True
        inside = place.admin1 is not None and place.admin1 == region.admin1
        if inside and place.population >= _CITY_SHARE * region.population:
            return True
    return False


def _same_names(keys: Collection[str], lexicon: Lexicon) -> dict[str, frozenset[str]]:
    """By key, the other keys that are one name written longer or shorter ("Dublin",
    "Dublin City", "Historic Dublin"): no evidence for each other, whichever place it
    is. A county named for a town is another place ("DeKalb County", "DeKalb")."""
    words = {key: tuple(_WORDS.findall(key)) for key in keys}
    same: dict[str, set[str]] = defaultdict(set)
    for key, other in itertools.combinations(words, 2):
        short, long = sorted((words[key], words[other]), key=len)
        if len(long) == len(short) or not set(short) <= set(long):
            if short != long:
                continue
        elif long[-1] in lexicon.subdivision_words or not any(
            long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1)
        ):
            continue
        same[key].add(other)
        same[other].add(key)
    return {key: frozenset(names) for key, names in same.items()}


def _shares_a_word(place: Place, key: str, normalize: Callable[[str], str]) -> bool:
    """Whether a place's own name shares a word with the (normalised) name in the text,
    or is another spelling of it: as long, give or take a letter, and four letters in
    five alike ("Janīn" and "Jenin"; not "Changchun" and "Cancun")."""
    own = normalize(place.name)
    words = set(own.replace(".", " ").split())
    if words & set(key.replace(".", " ").split()):
        return True
    if abs(len(own) - len(key)) > 1:
        return False
    return difflib.SequenceMatcher(None, own, key).ratio() >= _SAME_SPELLING


def _article_context(
    candidates: dict[str, list[Place]],
    weights: Weights,
    winners: dict[str, Place] | None = None,
    *,
    spoken: Collection[str] = (),
    filed_from: Sequence[str] = (),
) -> _Context:
    """Countries and regions the article names, and which countries each name points to.

    ``spoken`` are the codes of countries the article names by a nationality word
    ("Egyptian"): each counts as one more name of its country. A dateline's name
    (``filed_from``) votes for none: it says where the reporter was, and the wires file
    world news from a few hubs ("NEW YORK (Reuters) — Shares fell in Rome..."); once
    the first round has read it, its region frames the story (:func:`_dateline_frame`).

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
        top = max(places, key=lambda p: (_KIND_ORDER.get(p.kind, 0.0), p.population))
        if winners is not None and key in winners:
            top = winners[key]
        own: defaultdict[str, float] = defaultdict(float)
        if top.kind == "other":
            # An ocean, a continent or a grouping of countries says nothing of which
            # country the story is in; its homonyms ("Atlantic", Iowa) even less.
            own_votes[key] = {}
            continue
        if top.kind == "country" and top.country_code:
            countries[top.country_code].add(key)
            own[top.country_code] += 1.0
        elif top.kind == "region" and top.country_code and top.admin1:
            regions[(top.country_code, top.admin1)].add(key)
        if top.kind != "country":
            # A town's or region's name spreads one vote over the countries its
            # candidates are in, as likely as each country's best reading is without
            # context: "Paris" votes mostly France, "Vancouver" mostly Canada. The best,
            # not the sum: twenty small American Oxfords do not outvote Oxford. A
            # country's name votes only for that country: the hamlets called "Canada"
            # say nothing.
            shares: defaultdict[str, float] = defaultdict(float)
            for place in places:
                if place.country_code:
                    share = math.exp(_prior(place, weights))
                    shares[place.country_code] = max(shares[place.country_code], share)
            total = sum(shares.values())
            for code, weight in shares.items():
                own[code] += weight / total
        if key in filed_from:
            own.clear()
        for code, n in own.items():
            votes[code] += n
        own_votes[key] = dict(own)
    for code in spoken:
        # A key no name can have: the word is no mention, and never its own context.
        countries[code].add(f"\x00{code}")
        votes[code] += 1.0
    frame = _dateline_frame(filed_from, winners) if winners is not None else None
    return _Context(dict(countries), dict(regions), dict(votes), own_votes, frame)


def _softmax_share(best: float, scores: Sequence[float]) -> float:
    total = sum(math.exp(s - best) for s in scores)
    return 1.0 / total
