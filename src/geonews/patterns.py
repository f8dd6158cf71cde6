"""Places found by the shape of the text around them, where NER is weak.

Each function returns the (start, end) offsets of the places one pattern finds in an
article's text; :func:`geonews.toponyms.find_mentions` adds them to NER's:

* capitalised datelines and headings ("COLUMBUS, Ohio (AP) —", "ALLEMAGNE. Rastadt 21
  août.");
* legislators' home towns in US party tags ("Sen. Ray Miller, D-Columbus");
* names listed before "counties" ("Barrow, Jackson and Madison counties");
* seas, rivers, ranges and groupings of countries after an article ("the Danube", "la
  Seine");
* towns placed in the area named next ("Goma, in the east of the Democratic Republic of
  Congo").

Also here: the demonym tests the patterns and the NER rules share.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from geonews.demonyms import demonym_table
from geonews.lexicon import LIST_NAME

if TYPE_CHECKING:
    from geonews.known import KnownNames
    from geonews.lexicon import Lexicon

__all__ = [
    "LIST_GAP",
    "bare_dateline",
    "datelines",
    "has_demonym_suffix",
    "listed_subdivisions",
    "looks_like_demonym",
    "named_with_article",
    "opens_as_dateline",
    "party_homes",
    "placed_towns",
]

_NORMALISE_WS = re.compile(r"\s+")
# How far before an area's name a town placed in it may stand ("Goma, in the east of the ").
_PLACED_REACH = 80

#: What stands between two names of one list: "Selby, Doncaster and Worcester".
LIST_GAP = re.compile(r"^\s*(?:,|,?\s+(?:(?:and|or|et|ou|und|y|e)\b|&))\s*$")

# A run of capitalised words at the start of the text, a line or a sentence, or after the
# year of a byline's date ("March 30, 2009 NEWARK --"), followed by a comma, a
# parenthesis, a dash, a colon ("BEIRUT: The body...") or a full stop and then a dash or
# a date.
_CAPS_WORD = r"[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’.-]*"
_DATELINE = re.compile(
    r"(?:^|(?<=\n)|(?<=[.!?»\"”]\s)|(?<=\d{4}\s))"
    rf"({_CAPS_WORD}(?:[ \t]+{_CAPS_WORD}){{0,3}})"
    r"(?=[ \t]*(?:,|\(|—|–|-|:|\.[ \t]*(?:—|–|-|\d)))"
)
# A dateline in title case, known by the credit after it: a one-word source in
# parentheses and a dash, the wire's signature ("Havana (CNN) --", "Nairobi, Kenya
# (Reuters) -", "Seoul (Yonhap) —"), wherever a flattened page puts it.
_WIRE_DATELINE = re.compile(
    r"(?<![\w])([A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,3})"
    r"(?=(?:, [A-Z][\w.]*(?: [A-Z][\w.]*)?)? \([A-Z][A-Za-z.]{1,15}\) ?(?:—|–|--|-))"
)
# The same run as a heading or a dateline without punctuation: alone on its line, before
# a full stop and the next sentence, or before a day of the month. Old French papers
# head their foreign news "ALLEMAGNE. Rastadt 21 août." or "ODESSA 22 octobre."
_HEADING = re.compile(
    r"(?:^|(?<=\n)|(?<=[.!?»\"”]\s))"
    rf"({_CAPS_WORD}(?:[ \t]+{_CAPS_WORD}){{0,3}})"
    r"(?=\.?[ \t]*\n|\.[ \t]+[A-ZÀ-ÖØ-Þ]|[ \t]+\d)"
)


# What follows a dateline's place when it stands alone: an optional agency in brackets,
# then a dash or a colon ("WASHINGTON (AP) —", "PARIS —", "Moscou (AFP) -").
_BARE_DATELINE_TAIL = re.compile(r"[^\S\n]*(?:\([^()\n]{1,30}\)[^\S\n]*)?(?:—|–|--?|:)\s")
# A dateline's state or country: ", Ill.", ", Minn.", ", Ohio", ", New Mexico".
_DATELINE_QUALIFIER = re.compile(r",[^\S\n]*[A-Z][\w.’']*(?:[^\S\n]+[A-Z][\w.’']*){0,2}")
# The end of a headline run on into the body: "Stimulus plan stalls. WASHINGTON —".
_HEADLINE_END = re.compile(r"[.!?][^\S\n]+$")
_HEADLINE_CHARS = 200
# The lines of an article's top a dateline may open: a headline, a blank line, a byline.
_TOP_LINES = 4


def bare_dateline(text: str, start: int, end: int) -> bool:
    """Whether the name at ``text[start:end]`` opens a line of the article's top as a
    dateline with no state or country after it.

    The wires give a dateline's state or country ("SPRINGFIELD, Ill. (AP) —") unless
    the city stands alone for every reader (AP's stylebook lists Washington, Paris,
    Tokyo...): a dateline standing alone names the famous city.
    """
    return _opens_top_line(text, start) and _BARE_DATELINE_TAIL.match(text, end) is not None


def opens_as_dateline(text: str, start: int, end: int) -> bool:
    """Whether the name at ``text[start:end]`` is the article's dateline, standing alone
    or with its state or country ("MINNEAPOLIS --", "SPRINGFIELD, Ill. (AP) —"): the
    place the story was written from."""
    if not _opens_top_line(text, start):
        return False
    qualifier = _DATELINE_QUALIFIER.match(text, end)
    return _BARE_DATELINE_TAIL.match(text, qualifier.end() if qualifier else end) is not None


def _opens_top_line(text: str, start: int) -> bool:
    """Whether ``start`` opens one of the article's first lines, or the text right after
    the headline when a flattened page runs both on one line. Called for every mention:
    it reads only the blanks before ``start`` and the article's top, never the whole
    text before a name deep in a long article."""
    line_start = start
    while line_start and text[line_start - 1] != "\n" and text[line_start - 1].isspace():
        line_start -= 1
    if line_start == 0 or text[line_start - 1] == "\n":
        return line_start <= _top_end(text)
    before = text[:start]
    return start <= _HEADLINE_CHARS and "\n" not in before and bool(_HEADLINE_END.search(before))


def _top_end(text: str) -> int:
    """Where the article's top ends: at its _TOP_LINES-th line break, or its end."""
    end = -1
    for _ in range(_TOP_LINES):
        end = text.find("\n", end + 1)
        if end < 0:
            return len(text)
    return end


def looks_like_demonym(name: str, lexicon: Lexicon) -> bool:
    """True for nationality words ("Français", "Russians", "Sri Lankan"), which are not
    places: the lexicon's words and the demonym table's (:mod:`geonews.demonyms`)."""
    written = _NORMALISE_WS.sub(" ", name.strip())
    table = demonym_table(lexicon.lang)
    if written in table or written[:1].lower() + written[1:] in table:
        return True
    return written.lower() in lexicon.demonyms


def has_demonym_suffix(name: str, lexicon: Lexicon) -> bool:
    """True for words shaped like demonyms ("Marseillais"); real towns share the shape
    ("Calais"), so this only counts against names the gazetteer does not know."""
    key = name.strip().lower()
    return key.isalpha() and key.endswith(lexicon.demonym_suffixes)


def datelines(text: str, lexicon: Lexicon, known: KnownNames) -> list[tuple[int, int]]:
    """Capitalised datelines that open an article or a paragraph: "COLUMBUS, Ohio (AP) —",
    "MANSFIELD -- ", "LONDRES, 15 (Havas). —", and headings ("ALLEMAGNE. Rastadt 21
    août."). NER rarely tags words in capitals.

    The word must be a place once written in title case ("Columbus"), which also keeps
    airport codes and acronyms out: the gazetteer matches all-capital names only as written.
    """
    found = []
    # "BEIRUT: The body..." is a dateline; in an interview printed as a transcript every
    # answer opens so ("HARVEY: I don't remember"): two such labels make them speakers.
    capitals = list(_DATELINE.finditer(text))
    speakers = sum(1 for m in capitals if _opens_with_colon(text, m.end(1)))
    matches = (capitals, _HEADING.finditer(text), _WIRE_DATELINE.finditer(text))
    for match in itertools.chain(*matches):
        run = match.group(1)
        if speakers > 1 and _opens_with_colon(text, match.end(1)):
            continue
        # A heading can follow another on the same line ("NOUVELLES. ALLEMAGNE."): try
        # the whole run, then what follows each full stop in it.
        offsets = [0] + [m.end() for m in re.finditer(r"\.[ \t]+", run)]
        for offset in offsets:
            name = run[offset:]
            if name.count(".") == 1 and name.endswith("."):
                name = name[:-1]  # the sentence's full stop, not an abbreviation's ("S.C.")
            letters = sum(ch.isalpha() for ch in name)
            if letters < 3 or looks_like_demonym(name, lexicon):
                continue
            if known(name.title()).kinds:
                start = match.start(1) + offset
                found.append((start, start + len(name)))
                break
    return sorted(set(found))


def _opens_with_colon(text: str, end: int) -> bool:
    return text[end : end + 3].lstrip(" \t").startswith(":")


def party_homes(text: str, lexicon: Lexicon, known: KnownNames) -> list[tuple[int, int]]:
    """Home towns in US party tags: "Rep. Nick Rahall, D-W. Va.", "(R-Ocilla)", "DFL-Cook".

    NER reads the tag as part of a name or not at all. The longest run of up to three
    capitalised words after the tag that the gazetteer knows is the place.
    """
    found = []
    for match in lexicon.party_home.finditer(text):
        start = match.start(1)
        ends = [start + w.end() for w in re.finditer(r"\S+", match.group(1))]
        for end in reversed(ends):
            name = text[start:end]
            if known(name).kinds:
                found.append((start, end))
                break
            if name.endswith(".") and known(name[:-1]).kinds:
                found.append((start, end - 1))
                break
    return found


def listed_subdivisions(text: str, lexicon: Lexicon, known: KnownNames) -> list[tuple[int, int]]:
    """Names in a list of counties, parishes or townships: "Barrow, Jackson and Madison
    counties". NER tags them as people or not at all; the gazetteer knows "Barrow County"
    (or the name alone)."""
    found = []
    for match in lexicon.subdivision_list.finditer(text):
        word = lexicon.subdivision_plurals[match.group(2)]
        for i, listed in enumerate(re.finditer(LIST_NAME, match.group(1))):
            start, name = match.start(1) + listed.start(), listed.group()
            opener, _, rest = name.partition(" ")
            if i == 0 and opener in lexicon.sentence_openers:
                if not rest:
                    continue
                start, name = start + len(opener) + 1, rest  # "In Barrow and Jackson..."
            if known(f"{name} {word}").kinds or known(name).kinds:
                found.append((start, start + len(name)))
    return found


def named_with_article(text: str, lexicon: Lexicon, known: KnownNames) -> list[tuple[int, int]]:
    """Seas, rivers, ranges, deserts and groupings of countries after an article: "the
    Danube", "la Seine", "the Sahel". NER often tags the bare name as a person or misses
    it, but people are not named with an article, and the gazetteer knows these names
    only as such features (kind ``other``). The whole capitalised run must be the name:
    "the Atlantic Council" is an organisation."""
    found = []
    for match in lexicon.article_then_name.finditer(text):
        start, end = match.span(1)
        kinds = known(match.group(1)).kinds
        if kinds and set(kinds) <= {"other"}:
            found.append((start, end))
    return found


def placed_towns(
    text: str, places: Iterable[tuple[int, int]], lexicon: Lexicon, known: KnownNames
) -> list[tuple[int, int]]:
    """Towns the text places in an area it names: "Goma, in the east of the Democratic
    Republic of Congo", "Kharkiv, in northeastern Ukraine". NER often reads such a town
    as a person; the phrase says it is a place, if it has a reading in the area's
    country. ``places`` are the spans already read as places; the area must be a country
    or a region ("John Smith, in Paris for talks" places nobody)."""
    if lexicon.placed_in is None:
        return []
    found = []
    for start, end in places:
        match = lexicon.placed_in.search(text, max(0, start - _PLACED_REACH), start)
        if match is None:
            continue
        area = known(text[start:end])
        if not {"country", "region"} & set(area.kinds):
            continue
        if known(match.group(1)).countries & area.countries:
            found.append(match.span(1))
    return found
