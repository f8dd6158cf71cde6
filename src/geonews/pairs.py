"""Hyphened names as NER cuts them: "le train Paris-Bruxelles", "Guinea-Bissau"; and
names it cuts at an abbreviation's period ("Sault Ste. Marie"), at an "and" they hold
("St. Kitts and Nevis") or at their particles ("Rio Grande do Sul").

NER reads a route or a pair of capitals joined by a hyphen or a "to" as one name
("Abuja to Lagos"), which no gazetteer holds: when the whole is unknown and each side
is a place the gazetteer knows, the mention is cut in two. A hyphened name the
gazetteer knows whole ("Winston-Salem", "Bosnia-Herzegovina") stays one, and one NER
cut short at its hyphen ("Guinea" of "Guinea-Bissau") is read whole again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from geonews.known import KnownNames
    from geonews.model import Mention

# The kinds of place a pair joins: towns, regions and countries, not features or seats
# of power ("Kremlin-Elysée").
_PAIRED_KINDS = frozenset({"city", "region", "county", "country"})
# The word joining two places of a route NER read as one name: "Abuja to Lagos",
# "Paris à Lyon", "Berlin nach Hamburg".
_ROUTE = re.compile(r" (?:to|à|a|nach|naar) ")
# A capitalised word joined by a hyphen after or before a name: "-Bissau", "Guinea-".
_JOINED_AFTER = re.compile(r"-([^\W\d_][\w'’]*)")
_JOINED_BEFORE = re.compile(r"([^\W\d_][\w'’]*)-$")
# An abbreviated word closing a name NER cut at its period: "Ste", "St", "Mt", "Ft".
_SHORT_WORD = re.compile(r"(?:^|\s)[A-Z][a-z]{0,2}$")
# Up to three capitalised words after a period and a space: ". John", ". Marie".
_WORDS_AFTER_PERIOD = re.compile(r"\. ([A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,2})")
# Up to two capitalised words and an abbreviated one right before a name: "Sault Ste. ".
_WORDS_BEFORE_PERIOD = re.compile(r"(?:[A-Z][\w'’-]* ){0,2}[A-Z][a-z]{0,2}\. $")
# A name's particles before its last words: "Rio Grande do Sul", "Santiago de
# Compostela", "Frankfurt am Main", "Newcastle upon Tyne", "Isle of Man".
_PARTICLE_AFTER = re.compile(
    r" ((?:(?:de|do|da|dos|das|del|della|di|du|des|la|le|los|las|of|the|upon|on|am|an|im"
    r"|sur|en) ){1,2}[A-ZÀ-ÖØ-Þ][\w'’-]*(?: [A-ZÀ-ÖØ-Þ][\w'’-]*)?)"
)
# "and" and the words after it, which some names hold: " and Nevis", " and the Grenadines".
_AND_AFTER = re.compile(r" (?:and|&) ((?:the )?[A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,2})")


def hyphened_names(mentions: Sequence[Mention], text: str, known: KnownNames) -> list[Mention]:
    """The mentions, each read whole across a hyphen where the gazetteer knows the whole,
    each pair of places joined by one hyphen cut in two."""
    out: list[Mention] = []
    for mention in mentions:
        for read in _cut(_whole(mention, text, known), known):
            if out and read.start < out[-1].end:
                # NER's two halves of one name ("Guinea", "Bissau"), each read whole:
                # the longer reading stays.
                if read.end - read.start > out[-1].end - out[-1].start:
                    out[-1] = read
                continue
            out.append(read)
    return out


def _whole(mention: Mention, text: str, known: KnownNames) -> Mention:
    """``mention`` run on over a hyphened word, after or before, over an abbreviation's
    period ("Fort St." "John", "Sault Ste." "Marie"), over an "and" ("St. Kitts and"
    "Nevis") or over a name's particles ("Rio Grande" "do Sul"), that completes a name."""
    if mention.text.endswith(" and"):
        cut = mention.text.removesuffix(" and")
        mention = replace(mention, text=cut, end=mention.start + len(cut))
    if whole := _longest_known(mention.text + " ", _PARTICLE_AFTER.match(text, mention.end), known):
        return replace(mention, text=whole, end=mention.start + len(whole))
    if _SHORT_WORD.search(mention.text):
        words = _WORDS_AFTER_PERIOD.match(text, mention.end)
        if whole := _longest_known(mention.text + ". ", words, known):
            return replace(mention, text=whole, end=mention.start + len(whole))
    # Not after a region: "the West Bank and Gaza" are two places, though the gazetteer
    # knows the pair as a name of the Palestinian territories.
    if "region" not in known(mention.text).kinds and (
        whole := _longest_known(mention.text + " and ", _AND_AFTER.match(text, mention.end), known)
    ):
        return replace(mention, text=whole, end=mention.start + len(whole))
    before = _WORDS_BEFORE_PERIOD.search(text, max(0, mention.start - 40), mention.start)
    if before and known(before.group() + mention.text).kinds:
        return replace(mention, text=before.group() + mention.text, start=before.start())
    after = _JOINED_AFTER.match(text, mention.end)
    if after and after.group(1)[:1].isupper() and known(mention.text + after.group()).kinds:
        return replace(mention, text=mention.text + after.group(), end=after.end())
    before = _JOINED_BEFORE.search(text, max(0, mention.start - 40), mention.start)
    if before and before.group(1)[:1].isupper() and known(before.group() + mention.text).kinds:
        return replace(mention, text=before.group() + mention.text, start=before.start())
    return mention


def _longest_known(head: str, words: re.Match[str] | None, known: KnownNames) -> str | None:
    """The longest name the gazetteer knows of ``head`` and the first words ``words``
    caught (its group 1)."""
    tail = words.group(1).split(" ") if words else []
    for n in range(len(tail), 0, -1):
        whole = head + " ".join(tail[:n])
        if known(whole).kinds:
            return whole
    return None


def _cut(mention: Mention, known: KnownNames) -> list[Mention]:
    """A mention of two places joined by a hyphen or a route's "to" ("Paris-Bruxelles",
    "Abuja to Lagos") cut in two, when the gazetteer knows each side and not the whole."""
    route = _ROUTE.search(mention.text)
    joint = route.group() if route else "-"
    first, hyphen, second = mention.text.partition(joint)
    if (
        not hyphen
        or joint in second
        or not first[:1].isupper()
        or not second[:1].isupper()
        or known(mention.text).kinds
        or not all(_PAIRED_KINDS.intersection(known(side).kinds) for side in (first, second))
    ):
        return [mention]
    cut = mention.start + len(first) + len(joint)
    return [
        replace(mention, text=first, end=mention.start + len(first)),
        replace(mention, text=second, start=cut),
    ]


__all__ = ["hyphened_names"]
