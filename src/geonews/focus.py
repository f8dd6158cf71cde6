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
  ("in Moscow").

A town, a region or a landmark is the focus when it is clearly the weightiest of them;
the places it sits in follow it ("Bakhmut, Ukraine"). Otherwise the focus is the country
or area whose own mentions and those of its places weigh most (CLIFF's reading, with
weights): a country-level focus when no finer one is clear.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

from geonews.model import Focus, GeoMention, Place

if TYPE_CHECKING:
    from geonews.lexicon import Lexicon

__all__ = ["find_focus", "headline_end"]

#: What a mention adds to its place's weight, beyond its own 1.
DATELINE_WEIGHT: Final = 3.0
TITLE_WEIGHT: Final = 3.0
LEAD_WEIGHT: Final = 0.5
#: What a voice's mention weighs instead of 1.
VOICE_WEIGHT: Final = 0.25
#: A finer place is the focus when it weighs at least this much (two plain mentions, or
#: a title or dateline alone) and this many times the next finer place.
CLEAR_WEIGHT: Final = 2.0
CLEAR_LEAD: Final = 1.5
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
    gazetteer's); a region is named only when the article names it too.
    """
    weights = _weigh(text, mentions, lexicon=lexicon, title=title)
    if not weights:
        return ()
    total = sum(w.weight for w in weights.values())
    held = _held(weights)
    finer = sorted(
        (w for w in weights.values() if w.place.kind not in ("country", "other")),
        key=lambda w: (-w.weight, -w.place.population),
    )
    top = finer[0] if finer else None
    runner_up = finer[1].weight if len(finer) > 1 else 0.0
    if top is None or top.weight < CLEAR_WEIGHT or top.weight < CLEAR_LEAD * runner_up:
        areas = [w for w in weights.values() if w.place.kind in ("country", "other")]
        if areas:
            best = max(areas, key=lambda w: (w.weight + held[_key(w.place)][0], w.mentions))
            return (_focus(best, held, total),)
        if top is None:
            return ()
    assert top is not None
    chain = [_focus(top, held, total)]
    code, admin1 = top.place.country_code, top.place.admin1
    if top.place.kind in ("city", "county", "landmark") and code and admin1 and region:
        seat = region(code, admin1)
        if seat is not None and _key(seat) in weights:
            chain.append(_focus(weights[_key(seat)], held, total))
    if code and (home := country(code)) is not None:
        chain.append(_focus(weights.get(_key(home)) or _Weight(home), held, total))
    return tuple(chain[:limit])


def _weigh(
    text: str, mentions: Sequence[GeoMention], *, lexicon: Lexicon, title: str | None
) -> dict[str, _Weight]:
    """Each resolved place's weight, by place id."""
    headline = headline_end(text, title)
    body = _body_start(text, headline)
    lead_end = _paragraph_end(text, body)
    separate_title = title if title and not headline else None
    weights: dict[str, _Weight] = {}
    for g in mentions:
        if g.place is None:
            continue
        w = weights.setdefault(_key(g.place), _Weight(g.place))
        m = g.mention
        w.mentions += 1
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
    return weights


def _held(weights: dict[str, _Weight]) -> dict[str, tuple[float, int]]:
    """For each country named, the weight and number of the other places in it."""
    held: dict[str, tuple[float, int]] = defaultdict(lambda: (0.0, 0))
    for w in weights.values():
        key = f"country:{w.place.country_code}"
        if w.place.kind != "country" and key in weights:
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
    if not w.mentions:
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
    return before not in lexicon.cue_before
