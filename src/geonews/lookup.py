"""Candidates for a mention's name: as written, or in the shorter form that names a place.

Recognised spans often wrap a place in words that are not part of its name ("Northeast
Georgia", "Henderson County Jail", "City of Norfolk"), and county lists name counties
without the word ("Dakota, Otoe and Washington counties"). :func:`lookup` asks the
candidate source for the name, then for its shorter forms; :func:`county_in_list` reads
a bare name in a list of counties as the county.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from geonews.lexicon import base_forms
from geonews.model import CANDIDATE_LIMIT, CandidateSource, Mention, Place

if TYPE_CHECKING:
    from geonews.lexicon import Lexicon

#: From this many people up, a town is known well enough that news names its parts.
KNOWN_ABROAD = 100_000

# "U.S", "Ky", "W.Va", "Calif": short capitalised words or dotted initials.
_ABBREVIATION = re.compile(r"(?:[A-Z][a-z]{0,4}\.)*[A-Z][A-Za-z]{0,4}")
# What may follow a name in a list of counties: more names, then "counties".
_COUNTY_LIST = re.compile(
    r"(?:(?:\s*,\s*(?:and\s+|or\s+|&\s+)?|\s+(?:and|or|&)\s+)"
    r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2})*\s+((?i:counties|parishes))\b"
)
_LIST_BEFORE = re.compile(r"(?:,|\band|\bor|&)\s*$")


def county_in_list(mention: Mention, text: str) -> str | None:
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


def lookup(
    source: CandidateSource, name: str, mention: Mention, text: str, lexicon: Lexicon
) -> tuple[list[Place], bool]:
    """Candidates for a mention called ``name``, and whether they are sure enough to be context.

    A name the source does not know is tried in shorter forms (:func:`_cores`); those
    found through the name's head alone are not sure. Abbreviations are looked up with
    their final period: span cleaning trims a sentence's full stop, which also takes
    the period off "U.S.", "Ky." or "W.Va."; written without it, "Kan" is an alias of a
    Chinese city.
    """
    # The period also belongs to an abbreviation closing a longer name: "Northwest D.C.".
    dotted = text[mention.end : mention.end + 1] == "." and bool(
        _ABBREVIATION.fullmatch(name.rsplit(" ", 1)[-1])
    )
    if dotted:
        found = source.lookup(name + ".", limit=CANDIDATE_LIMIT)
        if found:
            return found, True
    found = source.lookup(name, limit=CANDIDATE_LIMIT)
    if found:
        return found, True
    # The name as the language inflects or spells it: "Deutschlands", "Oesterreich".
    for form in base_forms(name, lexicon):
        found = source.lookup(form, limit=CANDIDATE_LIMIT)
        if found:
            return found, True
    for core in _cores(name, lexicon):
        found = (dotted and source.lookup(core + ".", limit=CANDIDATE_LIMIT)) or source.lookup(
            core, limit=CANDIDATE_LIMIT
        )
        # The name's tail: only words for a part or a heading were dropped.
        tail = name.endswith(" " + core)
        part = tail and name.split()[0].casefold() in lexicon.part_words
        if part and not any(_has_parts(p) for p in found):
            # "East Bank" is not a part of some town called Bank: a part is named of a
            # country, region, county or big city ("North Texas", "South Philadelphia").
            continue
        if found:
            return found, tail
    area = _area_closing(source, name, lexicon)
    if area:
        return area, False
    return [], True


#: People in an area large enough for a company to be named after it ("Ameren Illinois").
MAJOR_AREA = 1_000_000


def _area_closing(source: CandidateSource, name: str, lexicon: Lexicon) -> list[Place]:
    """The country or major region closing an unknown name: "Ameren Illinois", "Duke
    Energy Florida" (NER tags such companies as places) serve the area they end with.
    Only an area of at least :data:`MAJOR_AREA` people called exactly so counts: every
    common word is the name of some small region somewhere ("East", "Mary"), and a
    natural feature is not its area ("Gulf of Alaska", "Lake Vermont")."""
    words = name.split()
    if any(w.casefold() in lexicon.feature_words for w in words):
        return []
    for k in range(1, len(words)):
        tail = " ".join(words[k:])
        found = [
            p
            for p in source.lookup(tail, limit=CANDIDATE_LIMIT)
            if p.kind in {"country", "region"} and p.population >= MAJOR_AREA and p.name == tail
        ]
        if found:
            return found
    return []


def _has_parts(place: Place) -> bool:
    """Whether news names parts of this place ("Northeast Georgia", "West Wichita")."""
    return place.kind != "city" or place.population >= KNOWN_ABROAD


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
    # without the words for a part ("Northeast Georgia"). Before either, what follows a
    # link inside the name: "the King of Saudi Arabia" and "the University of Oxford"
    # name their place after "of", never a town called King or University.
    if start == 0:
        firsts = [
            i + 1
            for i in range(1, len(words) - 1)
            if words[i].casefold() in lexicon.heading_links and words[i + 1][:1].isupper()
        ] + firsts
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
