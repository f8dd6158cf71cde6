"""What an article is about: its focus places, ranked, scored and with reasons.

Counting mentions is how CLIFF finds an article's focus, and it reads the sample article
as being about Russia: named eight times, and Moscow and the Kremlin four times more.
But Russia is where travellers are told to leave, Moscow and the Kremlin are voices, and
the fighting is in Bakhmut. So each mention weighs what a reader would give it:

* a **dateline** ("KABUL —", "Havana (CNN) --") and a **title** that names a place weigh
  most: the desk put the story there;
* the **first paragraph** weighs more than the rest;
* a **voice** weighs little: a metonym ("the Kremlin said"), a name followed by a verb of
  speech ("Moscow warned"), a national capital standing alone for its government
  ("an offensive launched by Moscou"), unless a locative word puts it on the scene
  ("in Moscow") or a determiner makes it qualify a noun ("a Cairo court").

A town, a region or a landmark is the focus when it is clearly the weightiest of them;
the places it sits in follow it ("Bakhmut, Ukraine"). Otherwise the focus is the country
or area whose own mentions and those of its places weigh most (CLIFF's reading, with
weights): a country-level focus when no finer one is clear.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

from geonews.demonyms import countries_of_demonyms
from geonews.model import Focus, GeoMention, Place

if TYPE_CHECKING:
    from geonews.lexicon import Lexicon

__all__ = ["find_focus", "headline_end"]

#: What a mention adds to its place's weight, beyond its own 1.
DATELINE_WEIGHT: Final = 3.0
TITLE_WEIGHT: Final = 3.0
LEAD_WEIGHT: Final = 0.5
#: A nationality word's share of what its country's name would add in the same place.
NATIONALITY_SHARE: Final = 0.5
#: What a voice's mention weighs instead of 1.
VOICE_WEIGHT: Final = 0.25
#: A finer place is the focus when it weighs at least this much (two plain mentions, or
#: a title or dateline alone) and this many times the next finer place.
CLEAR_WEIGHT: Final = 2.0
CLEAR_LEAD: Final = 1.5
#: What the places inside a country add to its weight, for each of theirs: a town named
#: is evidence for its country, less than the country named.
HELD_SHARE: Final = 0.5
#: How many times another country must outweigh a town's own for the town to be no focus.
DOMINANT: Final = 3.0
#: The longest first line read as a headline.
HEADLINE_CHARS: Final = 160
#: How far into the body the first paragraph reaches at most.
LEAD_CHARS: Final = 500

# What follows a dateline's place: an optional ", STATE" or ", 22 nov.", an optional
# agency in brackets, then a dash or a colon: "KABUL —", "Havana (CNN) --",
# "RIO DE JANEIRO, BRAZIL –", "Moscou (AFP) -", "ISLAMABAD:".
_DATELINE_TAIL = re.compile(
    r"(?:,[^\S\n]*[^\W_][^\n,()—–:]{0,30})?[^\S\n]*(?:\([^()\n]{1,30}\)[^\S\n]*)?(?:—|–|--?|:)\s"
)


@dataclass(slots=True)
class _Weight:
    """A place's weight in the article, and what it came from."""

    place: Place
    weight: float = 0.0
    mentions: int = 0
    voices: int = 0
    signals: set[str] = field(default_factory=set)
    #: Where it is first named: of two places that weigh the same, the first named leads.
    first: int = sys.maxsize

    def reasons(self) -> tuple[str, ...]:
        ordered: list[str] = [
            s for s in ("dateline", "title", "first paragraph") if s in self.signals
        ]
        if self.mentions > 1:
            ordered.append(f"named {self.mentions} times")
        if self.voices:
            ordered.append(f"{self.voices} as a voice" if self.voices > 1 else "once as a voice")
        return tuple(ordered)


def headline_end(text: str, title: str | None = None) -> int:
    """Where the article's headline ends in ``text``: 0 when it has none there.

    A page flattened to text opens with its headline on a line of its own ("Chavez says
    his cancer is back\\n\\nHavana (CNN) -- ..."): a short first line that does not end a
    sentence. A ``title`` given apart is the headline when the text opens with it.
    """
    if title and text.startswith(title.strip()):
        return len(title.strip())
    first, newline, _rest = text.partition("\n")
    line = first.strip()
    if newline and line and len(line) <= HEADLINE_CHARS and not line.endswith((".", ",", ";")):
        return len(first)
    return 0


def find_focus(
    text: str,
    mentions: Sequence[GeoMention],
    *,
    lexicon: Lexicon,
    title: str | None = None,
    country: Callable[[str], Place | None],
    region: Callable[[str, str], Place | None] | None = None,
    limit: int = 3,
) -> tuple[Focus, ...]:
    """The article's focus places, the finest first, then the places it sits in.

    ``country(code)`` and ``region(code, admin1)`` give the places a town sits in (the
    gazetteer's); a town's region is part of the focus only when the article names it.
    """
    weights = _weigh(text, mentions, lexicon=lexicon, title=title, country=country)
    if not weights:
        return ()
    total = sum(w.weight for w in weights.values())
    held = _held(weights)
    top = _clear_finer_place(weights, region)
    area = _weightiest_area(weights, held, country)
    if top is not None and area is not None and _outweighs(area, top, weights, held):
        top = None
    if top is None:
        return (_focus(area, held, total),) if area is not None else ()
    chain = [_focus(top, held, total)]
    seat = _region_of(top.place, weights, region)
    if seat is not None:
        chain.append(_focus(seat, held, total))
    code = top.place.country_code
    if code and (home := country(code)) is not None:
        chain.append(_focus(weights.get(_key(home)) or _Weight(home), held, total))
    return tuple(chain[:limit])


def _outweighs(
    area: _Weight, town: _Weight, weights: dict[str, _Weight], held: dict[str, tuple[float, int]]
) -> bool:
    """Whether another country outweighs the town's own many times over: a town is no
    focus in a country the story hardly touches (three words on Viñales in a guide to
    Mexico and its neighbours)."""
    code = town.place.country_code
    if area.place.country_code == code:
        return False
    named = weights.get(f"country:{code}")
    own = (named.weight if named else 0.0) + HELD_SHARE * held[f"country:{code}"][0]
    return _area_weight(area, held) > DOMINANT * own


def _clear_finer_place(
    weights: dict[str, _Weight], region: Callable[[str, str], Place | None] | None
) -> _Weight | None:
    """The weightiest town, region or landmark, when it clearly outweighs the others and
    the places it sits in: a country or region named more than its town is what the story
    is about ("Egypt" in the title and three times, "CAIRO —" once)."""
    finer = sorted(
        (w for w in weights.values() if w.place.kind not in ("country", "other")),
        key=lambda w: (-w.weight, -w.place.population, w.first),
    )
    if not finer:
        return None
    top = finer[0]
    seat = _region_of(top.place, weights, region)
    home = weights.get(f"country:{top.place.country_code}")
    others = [w.weight for w in finer[1:] if w is not seat]
    containers = [w.weight / CLEAR_LEAD for w in (seat, home) if w is not None]
    runner_up = max([*others, *containers], default=0.0)
    if top.weight < CLEAR_WEIGHT or top.weight < CLEAR_LEAD * runner_up:
        return None
    return top


def _weightiest_area(
    weights: dict[str, _Weight],
    held: dict[str, tuple[float, int]],
    country: Callable[[str], Place | None],
) -> _Weight | None:
    """The country whose own mentions and its places' weigh most (a country nobody names
    counts through its places), or a continent or grouping named with weight."""
    areas = [w for w in weights.values() if w.place.kind == "country"]
    areas += [
        w
        for w in weights.values()
        if w.place.kind == "other" and not w.place.country_code and w.weight >= CLEAR_WEIGHT
    ]
    for code in sorted({w.place.country_code for w in weights.values() if w.place.country_code}):
        if f"country:{code}" not in weights and (place := country(code)) is not None:
            first = min(w.first for w in weights.values() if w.place.country_code == code)
            areas.append(_Weight(place, first=first))
    if not areas:
        return None
    return max(areas, key=lambda w: (_area_weight(w, held), w.mentions, -w.first))


def _area_weight(w: _Weight, held: dict[str, tuple[float, int]]) -> float:
    """An area's own weight and a share of its places'."""
    return w.weight + HELD_SHARE * held[_key(w.place)][0]


def _region_of(
    place: Place, weights: dict[str, _Weight], region: Callable[[str, str], Place | None] | None
) -> _Weight | None:
    """The named region a town or landmark sits in, if the article names it."""
    code, admin1 = place.country_code, place.admin1
    if region is None or not code or not admin1 or place.kind == "region":
        return None
    seat = region(code, admin1)
    return weights.get(_key(seat)) if seat is not None else None


def _weigh(
    text: str,
    mentions: Sequence[GeoMention],
    *,
    lexicon: Lexicon,
    title: str | None,
    country: Callable[[str], Place | None],
) -> dict[str, _Weight]:
    """Each resolved place's weight, by :func:`_key`."""
    headline = headline_end(text, title)
    body = _body_start(text, headline)
    lead_end = _paragraph_end(text, body)
    separate_title = title if title and not headline else None
    weights: dict[str, _Weight] = {}
    previous: GeoMention | None = None
    for g in mentions:
        if g.place is None:
            continue
        # "Portland, Oregon": the state is the town's address, and weighs for the town.
        named = previous.place if previous and _is_address(text, previous, g) else g.place
        previous = g
        assert named is not None
        w = weights.setdefault(_key(named), _Weight(named))
        m = g.mention
        w.first = min(w.first, m.start)
        w.mentions += named is g.place
        signals = set()
        if m.start < headline:
            signals.add("title")
        elif _is_dateline(text, m.start, m.end, body):
            signals.add("dateline")
        elif m.start < lead_end:
            signals.add("first paragraph")
        if separate_title and re.search(rf"\b{re.escape(m.text)}\b", separate_title):
            signals.add("title")
        voice = not signals & {"title", "dateline"} and _is_voice(text, g, lexicon)
        w.voices += voice
        w.weight += VOICE_WEIGHT if voice else 1.0
        # Each signal counts once per place: a title naming Paris twice is one title.
        for signal in signals - w.signals:
            w.weight += {"title": TITLE_WEIGHT, "dateline": DATELINE_WEIGHT}.get(
                signal, LEAD_WEIGHT
            )
        w.signals |= signals
    # A nationality word in the title says where the story is as a name there does:
    # "Other Destinations to Visit from Your Mexican Vacation".
    headline_text = separate_title or text[:headline]
    names = [(g.mention.start, g.mention.end) for g in mentions if g.mention.end <= headline]
    for code in countries_of_demonyms(headline_text, lexicon.lang, names):
        _add_signal(weights, code, "title", country)
    return weights


def _add_signal(
    weights: dict[str, _Weight], code: str, signal: str, country: Callable[[str], Place | None]
) -> None:
    """Give a country a title's weight for a nationality word, once: less than for its
    name, as the word often qualifies a people or a product ("Irish Cream")."""
    w = weights.get(f"country:{code}")
    if w is None:
        place = country(code)
        if place is None:
            return
        w = weights[f"country:{code}"] = _Weight(place)
    if signal not in w.signals:
        w.weight += NATIONALITY_SHARE * TITLE_WEIGHT
        w.signals.add(signal)


def _is_address(text: str, town: GeoMention, area: GeoMention) -> bool:
    """Whether ``area`` follows ``town`` as the region or country it sits in, after a
    comma: "Portland, Oregon", "Fallbrook, Calif.", "Mombasa, Kenya"."""
    inner, outer = town.place, area.place
    if inner is None or outer is None or inner.kind in ("country", "other"):
        return False
    if not re.fullmatch(r",\s*", text[town.mention.end : area.mention.start]):
        return False
    if outer.kind == "country":
        return outer.country_code == inner.country_code
    return (
        outer.kind == "region"
        and inner.kind != "region"
        and (outer.country_code, outer.admin1) == (inner.country_code, inner.admin1)
    )


def _held(weights: dict[str, _Weight]) -> dict[str, tuple[float, int]]:
    """For each country, the weight and number of the places named in it."""
    held: dict[str, tuple[float, int]] = defaultdict(lambda: (0.0, 0))
    for w in weights.values():
        key = f"country:{w.place.country_code}"
        if w.place.kind != "country" and w.place.country_code:
            weight, count = held[key]
            held[key] = (weight + w.weight, count + 1)
    return held


def _key(place: Place) -> str:
    """A country is one place whichever source named it; anything else is its id."""
    return f"country:{place.country_code}" if place.kind == "country" else place.place_id


def _focus(w: _Weight, held: dict[str, tuple[float, int]], total: float) -> Focus:
    inside, count = held.get(_key(w.place), (0.0, 0))
    reasons = w.reasons()
    if count:
        reasons += (f"holds {count} place{'s' if count > 1 else ''} named",)
    if not reasons:
        reasons = ("holds the focus",)
    score = min(1.0, (w.weight + inside) / total) if total else 0.0
    return Focus(w.place, round(score, 3), reasons)


def _body_start(text: str, headline: int) -> int:
    """Where the body begins: after the headline and the blank lines under it."""
    position = headline
    while position < len(text) and text[position].isspace():
        position += 1
    return position


def _paragraph_end(text: str, start: int) -> int:
    """The end of the paragraph opening at ``start``, at most :data:`LEAD_CHARS` on."""
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    return min(end, start + LEAD_CHARS)


def _is_dateline(text: str, start: int, end: int, body: int) -> bool:
    """Whether the mention opens the body (or a line of its first lines) as a dateline."""
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip() or text[body:line_start].count("\n") > 2:
        return False
    return bool(_DATELINE_TAIL.match(text, end))


def _is_voice(text: str, g: GeoMention, lexicon: Lexicon) -> bool:
    """Whether the mention speaks or acts for a government rather than sets the scene."""
    m, place = g.mention, g.place
    if m.metonym or lexicon.speaks.match(text, m.end):
        return True
    if place is None or not place.capital:
        return False
    words = re.findall(r"[^\W\d_]+['’]?", text[max(0, m.start - 30) : m.start])
    before = words[-1].casefold().rstrip("'’") if words else ""
    return before not in lexicon.cue_before and before not in lexicon.determiners
