"""Names built on a point of the compass, which NER cuts up or runs together.

* Two names that share their place: "North and South Korea", "East and West Africa",
  "South and Southeast Asia" name North Korea and East Africa as surely as they name
  South Korea and West Africa. The first is written without its place; it is read
  whole (:func:`full_name`), and a span NER ran over both is cut in two
  (:func:`join_compass`).
* A compass point written with a hyphen: NER reads "South-east Asia" as "South-east"
  and "Asia"; the two are one name (:func:`join_compass`), looked up as "South East
  Asia" (:func:`full_name`). One abbreviated, as headlines write it, is looked up
  written out: "S. Korea" as "South Korea".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from geonews.patterns import LIST_GAP

if TYPE_CHECKING:
    from geonews.lexicon import Lexicon
    from geonews.model import Mention

# The words of a name after a compass point: "Korea", "Sudan", "Africa", "Asia".
_PLACE_WORDS = re.compile(r"[^\W\d_][\w'’.-]*(?: [A-Z][\w'’.-]*)*")
# A conjunction or comma between two compass points, as between the names of a list:
# "North and South", "East, West".
_JOIN = re.compile(LIST_GAP.pattern.removeprefix("^").removesuffix("$"))


def is_compass(word: str, lexicon: Lexicon) -> bool:
    """Whether a word is a point of the compass: "North", "southeast", "South-east"."""
    pieces = word.casefold().split("-")
    return all(piece in lexicon.compass_points for piece in pieces)


def _compass_only(name: str, lexicon: Lexicon) -> bool:
    words = name.split()
    return bool(words) and all(is_compass(w, lexicon) for w in words)


def full_name(mention: Mention, text: str, lexicon: Lexicon) -> str | None:
    """The name a compass mention stands for, when it is not what is written.

    "East" in "East and West Africa" is "East Africa"; "South-east Asia" is looked up
    as "South East Asia". ``None`` when the mention is its own name.
    """
    name = mention.text
    if _compass_only(name, lexicon):
        joined = _JOIN.match(text, mention.end)
        if joined is None:
            return None
        after = text[joined.end() :].split(maxsplit=1)
        if len(after) < 2 or not is_compass(after[0], lexicon) or not after[1][:1].isupper():
            return None
        place = _PLACE_WORDS.match(after[1])
        return f"{_spaced(name, lexicon)} {place.group(0)}" if place else None
    spaced = _spaced(_unabbreviated(name, lexicon), lexicon)
    return spaced if spaced != name else None


def _unabbreviated(name: str, lexicon: Lexicon) -> str:
    """``name`` with an abbreviated compass point before it written out: "S. Korea" is
    "South Korea", "W. Columbia" "West Columbia"."""
    first, _, rest = name.partition(" ")
    point = lexicon.compass_abbreviations.get(first.upper())
    return f"{point} {rest}" if point and rest[:1].isupper() else name


def _spaced(name: str, lexicon: Lexicon) -> str:
    """``name`` with its hyphened compass points written as two words: "North-West"."""
    return " ".join(
        w.replace("-", " ") if "-" in w and is_compass(w, lexicon) else w for w in name.split()
    )


def join_compass(mentions: Sequence[Mention], text: str, lexicon: Lexicon) -> list[Mention]:
    """The mentions with compass names cut or joined as they are written.

    A span over two compass points and one place ("North and South Korea") becomes the
    first point and the rest ("North", "South Korea"); a mention of compass points only
    right before another ("South-east" "Asia") is joined to it. A point of the compass
    alone names no place ("the West's attention", "West African lions", "the North"):
    NER and propagation take it for one, and the gazetteer answers with a region of
    Cameroon. It stays only as the first of a pair ("East and West Africa").
    """
    if not lexicon.compass_points:
        return list(mentions)
    out: list[Mention] = []
    for mention in mentions:
        previous = out[-1] if out else None
        if (
            previous is not None
            and _compass_only(previous.text, lexicon)
            and "-" in previous.text
            and text[previous.end : mention.start] == " "
        ):
            out[-1] = _span(previous, previous.start, mention.end, text)
            continue
        out.extend(_cut(mention, text, lexicon))
    return [
        m
        for m in out
        if not _compass_only(m.text, lexicon) or full_name(m, text, lexicon) is not None
    ]


def _cut(mention: Mention, text: str, lexicon: Lexicon) -> list[Mention]:
    """ "North and South Korea" as "North" and "South Korea"; any other mention as is."""
    first = next(iter(mention.text.split(maxsplit=1)), "")
    if not first or not is_compass(first, lexicon):
        return [mention]
    joined = _JOIN.match(mention.text, len(first))
    if joined is None:
        return [mention]
    rest = mention.text[joined.end() :].split()
    if len(rest) < 2 or not is_compass(rest[0], lexicon):
        return [mention]
    cut = mention.start + joined.end()
    return [
        _span(mention, mention.start, mention.start + len(first), text),
        _span(mention, cut, mention.end, text),
    ]


def _span(mention: Mention, start: int, end: int, text: str) -> Mention:
    """``mention`` moved to ``text[start:end]``, in the same sentence."""
    return replace(mention, text=text[start:end], start=start, end=end)


__all__ = ["full_name", "is_compass", "join_compass"]
