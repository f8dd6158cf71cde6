"""Find the spans of an article that name places: spaCy NER plus rules where NER is weak.

NER alone makes predictable mistakes on news text (see README, "How recognition works"):
it tags the same town as a place once and a person twice, includes articles ("la
France"), and tags demonyms ("Français") as places. The rules here fix those:

* spans are trimmed of leading articles and possessives, on a word boundary; French
  spans that open with the kind of place in lowercase are kept ("canton de Vaud");
* a name tagged as a place once is a place everywhere in the article, if the gazetteer
  can place it, except where it names a person ("David Hopkins", "Hopkins said");
* a place named inside an organisation's name is found: "Texas" in "Texas Department of
  Transportation", "Kentucky" in "Northern Kentucky University"; a county, parish or
  township is a place whatever NER's label;
* capitalised datelines and headings ("COLUMBUS, Ohio (AP) —", "ALLEMAGNE. Rastadt 21
  août.") are places when the gazetteer knows them;
* so are legislators' home towns in US party tags ("Sen. Ray Miller, D-Columbus"),
  abbreviated regions after a town ("Gatineau, Que.") and names listed before
  "counties" ("Barrow, Jackson and Madison counties");
* a name NER tags as a person or organisation, or leaves untagged, is a place when the
  gazetteer knows it and the context calls for a place ("in Lombard", "Alexandria woman",
  "a resident of Tabriz", "Sioux Falls, S.D.");
* demonyms and nationality adjectives are never places, nor are common words NER tags as
  places ("Etat", "Résultat ?") when the gazetteer cannot place them;
* names of seats of power ("le Kremlin", "the White House") are marked as metonyms.

The rules that read the shape of the text rather than NER's entities (datelines, party
tags, county lists, features named with an article) are in :mod:`geonews.patterns`.

The rules are code; the words they read (articles, demonyms, cue words, titles...) are
data, one file per language, passed in as a :class:`~geonews.lexicon.Lexicon`. A rule
whose words a language's file leaves out is off for that language (party tags and
county lists are English only). Left here are the patterns whose structure is the
rule: datelines, headings, abbreviated regions.

A mention's sentence, and a name, end at a line break as well as where the parser ends
a sentence (see :mod:`geonews.sentences`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from geonews.compass import join_compass
from geonews.known import KnownNames
from geonews.lexicon import word_frequency
from geonews.lookup import KNOWN_ABROAD
from geonews.model import Mention
from geonews.pairs import hyphened_names
from geonews.patterns import (
    datelines,
    has_demonym_suffix,
    listed_subdivisions,
    looks_like_demonym,
    named_with_article,
    party_homes,
    placed_towns,
)
from geonews.personal_names import is_first_name
from geonews.sentences import line_breaks, mention_sentence, sentence_bounds

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

    from geonews.candidates import Candidate, Recogniser
    from geonews.lexicon import Lexicon

#: NER labels that name places, per model family. English GPE/LOC/FAC; French/WikiNER LOC.
PLACE_LABELS = frozenset({"LOC", "GPE", "FAC"})

# Gazetteer kinds that name an area rather than a town.
_AREA_KINDS = frozenset({"country", "region", "county"})
_NEVER_A_PERSON = _AREA_KINDS | {"other"}

_LETTERS = re.compile(r"[^\W\d_]+")
# The end of a sentence or a line just before a word: ". ", "? « ", "\n".
_AFTER_SENTENCE_END = re.compile(r"(?:^|[.!?…][\s»\"”’)]*\s|\n\s*)[«\"“(]?\s*$")
_TRAILING_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
# The longest real place names run to ~60 characters ("Llanfairpwllgwyngyll…" is 58);
# anything longer is NER running on through noise.
MAX_NAME_CHARS = 80
_EDGE_PUNCTUATION = "\"'“”«»‘’()[]{}.,;:!?-–— \n\t"

#: NER labels of names that may carry a place inside ("Texas Department of Transportation").
CONTAINER_LABELS = frozenset({"ORG"})

#: NER labels whose one-word names must be in the gazetteer to count. The small English
#: model tags many capitalised words GPE ("Obama", "Democrats"); measured on LGL and
#: TR-News, dropping the unknown ones raised precision .827 → .857 for .005 recall.
UNVERIFIED_LABELS = frozenset({"GPE"})

#: Smallest town population for a town named inside an organisation's name.
MIN_TOWN_INSIDE = 20_000
_MAX_INNER_TOKENS = 4
_HYPHENS = frozenset({"-", "–", "—", "/"})

#: NER labels of names that are places when the context says so ("Alexandria woman").
CUED_LABELS = frozenset({"PERSON", "ORG", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT", "PER", "MISC"})
#: A country this big is its name whatever NER says (not a town-sized one: "Jersey").
_NAMED_COUNTRY = 1_000_000
_NAMING_LABELS = frozenset({"PERSON", "PER", "ORG"})


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    label: str


def clean_span(text: str, start: int, end: int, lexicon: Lexicon) -> tuple[int, int]:
    """Trim punctuation, a party tag, a leading article and a possessive from
    ``text[start:end]``: the new offsets, equal when nothing is left."""
    while start < end and _is_edge(text[start]):
        start += 1
    while end > start and _is_edge(text[end - 1]):
        end -= 1
    tagged = lexicon.party_home.match(text, start)
    if tagged and tagged.start(1) < end:  # a party tag NER read in: "D-Iowa City"
        start = tagged.start(1)
    lowered = text[start:end].lower()
    for article in lexicon.leading_articles:
        # Only strip on a word boundary, and only when a capitalised name follows:
        # "Le Mans" and "La Paz" keep their article (capital L), "la France" loses it.
        if lowered.startswith(article) and text[start].islower():
            rest = start + len(article)
            if rest < end and (text[rest].isupper() or text[rest].isdigit()):
                start = rest
            break
    match = _TRAILING_POSSESSIVE.search(text, start, end)
    if match and match.start() > start:
        end = match.start()
    return start, end


def _is_edge(char: str) -> bool:
    """Characters a place name never starts or ends with: punctuation, spaces, controls."""
    return char in _EDGE_PUNCTUATION or char.isspace() or unicodedata.category(char)[0] == "C"


def find_mentions(
    doc: Doc,
    *,
    lexicon: Lexicon,
    known: KnownNames,
    metonyms: Mapping[str, str] | None = None,
    normalize: Callable[[str], str] = str.casefold,
    recogniser: Recogniser | None = None,
    candidates: list[Candidate] | None = None,
    extends: Callable[[str], bool] | None = None,
    text: str | None = None,
) -> list[Mention]:
    """Return the place mentions in a parsed article, in text order, without overlaps.

    ``lexicon`` holds the words of the article's language the rules read (see
    :func:`geonews.lexicon.load_lexicon`); ``known`` tells whether the gazetteer can
    place a name; ``metonyms`` maps normalised aliases of seats of power to their
    canonical name; ``normalize`` is the gazetteer's key function, so "Etats-Unis" and
    "États-Unis" count as one name.

    ``recogniser`` decides which names the gazetteer knows that NER and the rules left
    out are places (:mod:`geonews.candidates`); ``candidates`` receives each such name
    with its evidence (to fit a recogniser on); ``extends`` saves lookups (see
    :meth:`geonews.gazetteer.Gazetteer.extends`); ``text`` is the Doc's text when the
    caller has it (spaCy joins it again from every token on each access).
    """
    reading = _Reading(doc, lexicon, known, metonyms or {}, normalize, text)
    for ent in doc.ents:
        reading.read_entity(ent)
    reading.apply_context_rules()
    reading.add_places_inside()
    reading.spread_place_names()
    if recogniser is not None or candidates is not None:
        reading.add_known_names(recogniser, candidates, extends)
    compass = join_compass(reading.mentions(), reading.text, lexicon)
    return hyphened_names(compass, reading.text, known)


class _Reading:
    """One article as :func:`find_mentions` reads it: the spans found so far, by offsets,
    the names they show to be places, and places inside organisations' names awaiting
    support. Each step adds to them, in order."""

    __slots__ = (
        "breaks",
        "doc",
        "inside",
        "known",
        "lexicon",
        "lowercase",
        "metonyms",
        "normalize",
        "place_names",
        "spans",
        "text",
    )

    def __init__(
        self,
        doc: Doc,
        lexicon: Lexicon,
        known: KnownNames,
        metonyms: Mapping[str, str],
        normalize: Callable[[str], str],
        text: str | None = None,
    ) -> None:
        self.doc = doc
        self.text = doc.text if text is None else text
        self.lexicon = lexicon
        self.known = known
        self.metonyms = metonyms
        self.normalize = normalize
        self.spans: dict[tuple[int, int], _Span] = {}
        self.place_names: set[str] = set()
        self.inside: list[tuple[_Span, bool | None]] = []
        # Words written in lowercase somewhere, read from the text rather than by making a
        # Token object of every word of the Doc.
        self.lowercase = {fold_word(w) for w in _LETTERS.findall(self.text) if w[0].islower()}
        self.breaks = line_breaks(self.text)

    def read_entity(self, ent: Span) -> None:
        """Take an NER entity as a place, find the places it holds, or drop it."""
        text, lexicon, known = self.text, self.lexicon, self.known
        start, end = clean_span(text, ent.start_char, ent.end_char, lexicon)
        if start >= end or end - start > MAX_NAME_CHARS or self.breaks.search(text, start, end):
            return
        end = _keep_abbreviation_stop(text, start, end, known)
        name = text[start:end]
        is_metonym = self.normalize(name) in self.metonyms
        if ent.label_ not in PLACE_LABELS and not is_metonym:
            self._read_other_entity(ent, start, end, name)
            return
        if not _acceptable(name, lexicon, known, is_metonym):
            return
        one_word = " " not in name and "-" not in name
        if (
            ent.label_ in UNVERIFIED_LABELS
            and one_word
            and not is_metonym
            and not known(name).kinds
        ):
            return
        if (
            not is_metonym
            and lexicon.speaks.match(text, end)
            and not _never_a_person(name, known)
            and not _locative_before(ent.doc, ent.start, lexicon)
        ):
            # "Hopkins said": a person. Countries and regions speak for their governments
            # ("Russia said") and stay places, a lake or a range is nobody ("fishermen on
            # Lake Victoria said"), and a town after a locative stays one too ("officials
            # in Paris said").
            return
        if (
            one_word
            and not is_metonym
            and _common_word(ent, text, start, name, self.lowercase, known, lexicon.lang)
        ):
            return
        if ent.label_ == "FAC" and not known(name).kinds:
            # "Henderson County Jail": the facility cannot be mapped, the county can.
            # Otherwise a facility the gazetteer cannot place is a street, a school or a
            # hall ("Cooper Street", "City Hall"): on LGL and TR-News 179 of 239 FAC spans
            # were false positives, nearly all of them unknown names.
            self.inside.extend(_places_inside(ent, text, lexicon, known))
            return
        self.spans[(start, end)] = _Span(start, end, ent.label_)
        # Spreading a name NER tagged once is only safe for names the gazetteer can
        # place: the small English model tags surnames (Saakashvili, Verduin) as GPE.
        if is_metonym or known(name).kinds:
            self.place_names.add(name)

    def _read_other_entity(self, ent: Span, start: int, end: int, name: str) -> None:
        """A person, organisation... may hold a county, read as a place, or hold a place."""
        counties = _subdivisions_inside(self.text, start, end, self.lexicon, self.known)
        if counties:
            # "Rapides Parish Fire District" (PERSON), "McMinn County Sheriff".
            for c_start, c_end in counties:
                self.spans.setdefault((c_start, c_end), _Span(c_start, c_end, f"{ent.label_}-part"))
            return
        if ent.label_ in CUED_LABELS and _cued_place(
            ent, name, self.text, self.lexicon, self.known
        ):
            self.spans[(start, end)] = _Span(start, end, f"{ent.label_}-cued")
            self.place_names.add(name)
            return
        if ent.label_ in CONTAINER_LABELS:
            self.inside.extend(_places_inside(ent, self.text, self.lexicon, self.known))

    def apply_context_rules(self) -> None:
        """Places NER missed that the context shows: cues, abbreviations, lists, datelines."""
        text, lexicon, known, spans = self.text, self.lexicon, self.known, self.spans
        entities = [(e.start_char, e.end_char) for e in self.doc.ents]
        for start, end in _cued_untagged(self.doc, text, lexicon, known):
            if not any(e_start < end and start < e_end for e_start, e_end in entities):
                spans.setdefault((start, end), _Span(start, end, "cued"))
                self.place_names.add(text[start:end])
        for match in _REGION_ABBREVIATION.finditer(text):
            # "Gatineau, Que., and", "Chowchilla, Calif. Olson": NER often skips the
            # abbreviated state or province after a town.
            if _names_area(match.group(1), known):
                spans.setdefault(match.span(1), _Span(*match.span(1), "abbreviation"))
        for start, end in listed_subdivisions(text, lexicon, known):
            spans[(start, end)] = _Span(start, end, "listed")
        for start, end in named_with_article(text, lexicon, known):
            spans.setdefault((start, end), _Span(start, end, "article"))
            self.place_names.add(text[start:end])
        for start, end in datelines(text, lexicon, known):
            spans.setdefault((start, end), _Span(start, end, "dateline"))
        for start, end in party_homes(text, lexicon, known):
            spans.setdefault((start, end), _Span(start, end, "party-home"))
            self.place_names.add(text[start:end])
        places = [(s.start, s.end) for s in spans.values() if s.label in PLACE_LABELS]
        for start, end in placed_towns(text, places, lexicon, known):
            spans.setdefault((start, end), _Span(start, end, "placed"))

    def add_places_inside(self) -> None:
        """Keep the towns inside organisations' names that have support.

        A town inside an organisation's name needs an area name, a word that makes the
        organisation local ("Gainesville Police"), or NER naming it elsewhere.
        """
        for inner, sure in self.inside:
            name = self.text[inner.start : inner.end]
            if sure is None:
                continue
            if sure or name in self.place_names:
                self.spans.setdefault((inner.start, inner.end), inner)
                if sure:
                    self.place_names.add(name)

    def add_known_names(
        self,
        recogniser: Recogniser | None,
        collect: list[Candidate] | None,
        extends: Callable[[str], bool] | None = None,
    ) -> None:
        """The names the gazetteer knows that no rule took, where the recogniser says so."""
        from geonews.candidates import find_candidates, places_among

        found = find_candidates(
            self.doc,
            self.text,
            lexicon=self.lexicon,
            known=self.known,
            # What a rule judged is not the recogniser's to decide again.
            taken=[*self.spans, *((s.start, s.end) for s, sure in self.inside if sure is None)],
            place_names=self.place_names,
            lowercase=self.lowercase,
            extends=extends,
        )
        if collect is not None:
            collect.extend(found)
        if recogniser is None:
            return
        for candidate in places_among(found, self.text, recogniser):
            start, end = candidate.start, candidate.end
            self.spans[(start, end)] = _Span(start, end, "known")

    def spread_place_names(self) -> None:
        """Tag every other occurrence of the names found to be places (:func:`_propagate`).

        A name only the context rules found ("Welch" in "near Welch") is not spread when
        the article uses it as a surname ("Mark Welch"): NER's place tags outweigh that,
        rules alone do not. On LGL: 27 false positives fewer, no hit lost.
        """
        text, ents = self.text, self.doc.ents
        people = [(e.start_char, e.end_char) for e in ents if e.label_ in _PERSON_LABELS]
        surnames = {e[-1].text for e in ents if e.label_ in _PERSON_LABELS and len(e) > 1}
        tagged = {text[s.start : s.end] for s in self.spans.values() if s.label in PLACE_LABELS}
        names = {n for n in self.place_names if n not in surnames or n in tagged}
        for start, end in _propagate(text, names, self.spans, self.lexicon, people):
            self.spans[(start, end)] = _Span(start, end, "propagated")

    def mentions(self) -> list[Mention]:
        """The spans found, without overlaps, as mentions with their sentences."""
        text = self.text
        sentences = sentence_bounds(self.doc, self.breaks, text)
        mentions = []
        for span in _without_overlaps(self.spans.values()):
            name = text[span.start : span.end]
            s_start, s_end = mention_sentence(text, sentences, span.start, span.end)
            mentions.append(
                Mention(
                    text=name,
                    start=span.start,
                    end=span.end,
                    sentence=text[s_start:s_end],
                    sentence_start=s_start,
                    label=span.label,
                    metonym=self.normalize(name) in self.metonyms,
                )
            )
        return mentions


def _cued_place(ent: Span, name: str, text: str, lexicon: Lexicon, known: KnownNames) -> bool:
    """True when a name NER filed as a person, organisation... reads as a place here.

    The small English model tags many towns as people or organisations ("Alexandria
    woman charged", "stopped in Lombard"). A name the gazetteer knows is taken as a
    place when a locative word comes before it (see `_locative_before`), a word that
    needs a place comes after it ("man", "woman", "police"), or a comma and the region or
    country it lies in ("Sioux Falls, S.D.", "Hugo, Oklahoma"). A country's name read as
    a person or an organisation is the country ("Sri Lanka's president") unless people
    bear it as a first name ("Chad"). ``text`` is the article's text: spaCy's
    ``Doc.text`` is joined again from every token on each access.
    """
    facts = known(name)
    if (
        ent.label_ in _NAMING_LABELS
        and "country" in facts.kinds
        and facts.population >= _NAMED_COUNTRY
        and not is_first_name(name)
        and not looks_like_demonym(name, lexicon)
    ):
        return _acceptable(name, lexicon, known, is_metonym=False)
    doc = ent.doc
    after = doc[ent.end].lower_ if ent.end < len(doc) else ""
    if (
        not _locative_before(doc, ent.start, lexicon)
        and after not in lexicon.cue_after
        and not _before_its_area(text, ent.end_char, known)
    ):
        return False
    if name in lexicon.not_town_alone or not _acceptable(name, lexicon, known, is_metonym=False):
        return False
    return bool(facts.kinds)


def _locative_before(doc: Doc, i: int, lexicon: Lexicon) -> bool:
    """True when the words before token ``i`` call for a place: "in", "from", "near"
    (French "à", "en"); "of" after a word for a place or its people ("the town of",
    "a resident of"), after an age ("Paul Block, 49, of") or after a person's name ("Linda
    Battle of"); "to" after a verb of travel ("moved to", "on her way to")."""
    before = doc[i - 1].lower_ if i > 0 else ""
    if before in lexicon.cue_before:
        return True
    if i < 2:
        return False
    head = doc[i - 2]
    if before in lexicon.of_words:
        age = head.text == "," and i > 2 and doc[i - 3].like_num
        return head.lower_ in lexicon.of_heads or age or head.ent_type_ == "PERSON"
    return before in lexicon.to_words and head.lower_ in lexicon.to_heads


# An abbreviated region after a town and a comma: "Calif.", "Que.", "N.Y.", "W. Va.".
_REGION_ABBREVIATION = re.compile(
    r"(?<![\w.])[A-Z][\w'’-]*[a-z], "
    r"((?:[A-Z]\.){1,2}[A-Z]\.|[A-Z][a-z]{1,4}\.|(?:[A-Z]\.){1,2} ?[A-Z][a-z]{0,3}\.)"
    r"(?=[\s,;:)])"
)


def _subdivisions_inside(
    text: str, start: int, end: int, lexicon: Lexicon, known: KnownNames
) -> list[tuple[int, int]]:
    """Counties, parishes, townships and boroughs the gazetteer knows, named anywhere in
    ``text[start:end]``: the word makes the name a place whatever NER's label."""
    return [
        match.span()
        for match in lexicon.subdivision_name.finditer(text, start, end)
        if known(match.group()).kinds
    ]


def _before_its_area(text: str, end: int, known: KnownNames) -> bool:
    """True when a comma and the name of a region or country follow ``text[:end]``."""
    match = _AREA_AFTER_COMMA.match(text, end)
    if not match:
        return False
    words = match.group(1).split(" ")
    return any(_names_area(" ".join(words[:n]), known) for n in range(len(words), 0, -1))


_AREA_AFTER_COMMA = re.compile(r",[ \t]+([A-Z][\w.]*(?: [A-Z][\w.]*)?)")


def _cued_untagged(
    doc: Doc, text: str, lexicon: Lexicon, known: KnownNames
) -> list[tuple[int, int]]:
    """Capitalised names NER left untagged where the context calls for a place: after a
    locative word ("in Glen Carbon") or before a word that needs one ("Meadow Grove man",
    "Tillsonburg Mayor").

    After the locative word, the longest run of up to three capitalised words the
    gazetteer knows is the place, unless the name runs on into another capitalised word
    ("near Goose Creek High School" names a school) or is a month, a weekday or an
    institution ("in March", "in Congress"). Before the cue word, the longest known tail
    of the run is the place, unless it is a common word opening a sentence ("But police").
    """
    found: list[tuple[int, int]] = []
    not_places = lexicon.not_town_alone | lexicon.not_place_after_cue
    for match in lexicon.untagged_before.finditer(text):
        start = match.start(2)
        ends = [start + word.end() for word in re.finditer(r"\S+", match.group(2))]
        for end in reversed(ends):
            name = text[start:end]
            if re.match(r" (?:[^\W\d_]{1,5}['’])?[A-Z0-9]", text[end : end + 9]):
                # The name runs on: "near Goose Creek High School", "in Valle d'Aosta".
                break
            if name in not_places:
                continue
            if _acceptable(name, lexicon, known, is_metonym=False) and known(name).kinds:
                found.append((start, end))
                break
    for match in lexicon.untagged_after.finditer(text):
        end = match.end(1)
        for word in re.finditer(r"\S+", match.group(1)):
            start = match.start(1) + word.start()
            name = text[start:end]
            if name in not_places:
                continue
            if is_stop_word(doc, name.lower()):
                continue
            if _acceptable(name, lexicon, known, is_metonym=False) and known(name).kinds:
                found.append((start, end))
                break
    return found


def is_stop_word(doc: Doc, word: str) -> bool:
    """Whether spaCy counts ``word`` a stop word in the Doc's language, without adding
    it to the vocabulary: ``doc.vocab[word]`` creates an entry for a string the
    tokenizer never made (a lowercased name), on every candidate."""
    from spacy.attrs import IS_STOP

    getter = getattr(doc.vocab, "lex_attr_getters", {}).get(IS_STOP)
    return bool(getter(word)) if getter is not None else bool(doc.vocab[word].is_stop)


def fold_word(word: str) -> str:
    """Lowercase without accents: French drops them on capitals ("Etat" for "État")."""
    if word.isascii():
        return word.casefold()
    decomposed = unicodedata.normalize("NFD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _common_word(
    ent: Span,
    text: str,
    start: int,
    name: str,
    lowercase: set[str],
    known: KnownNames,
    lang: str,
) -> bool:
    """True for a one-word name that is a common word capitalised.

    A name the gazetteer cannot place is one when the article also writes it in
    lowercase ("Etat" and "état", "Union"), when the language uses it often
    (:data:`COMMON_WORD`: "d'Etat", "Chambres"), or when it opens a sentence ("Résultat ?",
    "Installé dans le canton"). The French model tags such words LOC; on hipe-fr-dev this
    removed 38 false positives for 1 hit. All-capital words are headings or datelines
    ("PETERSBOURG, 3 août"), and a name after an elided article ("L'Amérique") is
    capitalised for its own sake, so both are kept. A sentence opens where the splitter
    says so or after a full stop, a question or exclamation mark, or a line break: the
    splitter misses some in OCR text.

    A name the gazetteer knows only as small towns is one too when the article writes
    it in lowercase as well and the language uses it often (:data:`COMMON_WORD`): the
    villages called Etat or Union do not make "l'Etat" or "the Union" places.
    """
    if name.isupper():
        return False
    facts = known(name)
    if facts.kinds:
        small = set(facts.kinds) <= {"city", "county"} and facts.population < KNOWN_ABROAD
        return small and fold_word(name) in lowercase and word_frequency(name, lang) >= COMMON_WORD
    if fold_word(name) in lowercase or word_frequency(name, lang) >= COMMON_WORD:
        return True
    elided = "'" in name or "’" in name
    opens = bool(ent[0].is_sent_start) or bool(
        _AFTER_SENTENCE_END.search(text, max(0, start - 12), start)
    )
    return opens and ent.start_char == start and not elided


#: A word this common (Zipf scale: used about once in 100,000 words) is a word first.
COMMON_WORD = 5.0


def _keep_abbreviation_stop(text: str, start: int, end: int, known: KnownNames) -> int:
    """Give back the full stop trimming took from an abbreviation the gazetteer knows
    only with it: "Ky." is Kentucky, "Ky" is not (nor "U.S" the United States)."""
    stop = text[end : end + 1] == "."
    if stop and not known(text[start:end]).kinds and known(text[start : end + 1]).kinds:
        return end + 1
    return end


def _acceptable(name: str, lexicon: Lexicon, known: KnownNames, is_metonym: bool) -> bool:
    """Apply the rules that keep non-places out: case, titles, demonyms, unplaceable names."""
    if is_metonym:
        return True
    # Proper names are capitalised in the languages we read; lowercase spans are
    # adjectives ("russes") or NER noise. French writes the kind of a place in
    # lowercase before its name ("canton de Vaud", "mer Noire", "lac de Genève").
    lowercase = not any(ch.isupper() for ch in name[:1]) and not name[:1].isdigit()
    if lowercase and not lexicon.generic_feature.match(name):
        return False
    if lexicon.title_opening.match(name):  # NER took the title in: "Mr el-Masri"
        return False
    if sum(ch.isalpha() for ch in name) < 2:
        # A lone letter or initial ("K", "J.") is never a place name on its own.
        return False
    if looks_like_demonym(name, lexicon):
        # French writes the country and its adjective alike ("la Suisse", "les Suisses"):
        # a capitalised name the gazetteer holds as a country or region is the place.
        kinds = known(name).kinds
        return name[:1].isupper() and bool(_AREA_KINDS.intersection(kinds))
    if has_demonym_suffix(name, lexicon):
        return bool(known(name).kinds)
    return True


def _places_inside(
    ent: Span, text: str, lexicon: Lexicon, known: KnownNames
) -> list[tuple[_Span, bool | None]]:
    """Places named inside an organisation, facility or event name, each with whether
    it is sure (an area, or a town before a local word), or None where the rule judged
    the name no place here (a village: see :func:`_place_inside_kind`).

    "Texas Department of Transportation", "University of Kentucky", "Gainesville Police":
    institutions carry the name of their place first, or after a linking word ("of",
    "de"). A capitalised run there is a place when the gazetteer holds it as an area or
    as a town of some size, and it does not run on into a street or a feature ("Dublin
    Road", "Madison Square Garden" name no town). Names elsewhere in the entity are left
    alone, so a person's surname ("Ted Strickland") never becomes a town.
    """
    tokens = list(ent)
    if known(text[ent.start_char : ent.end_char]).kinds:
        # The whole entity is a name the gazetteer knows ("El Fasher" tagged ORG): no
        # part of it is judged; the recogniser decides on the whole.
        return []
    links = lexicon.institution_links
    first = 0
    while first < len(tokens) and tokens[first].lower_ in lexicon.skipped_determiners:
        first += 1
    found: list[tuple[_Span, bool | None]] = []
    i = first
    while i < len(tokens):
        eligible = i == first or (tokens[i - 1].lower_ in links or tokens[i - 1].text in _HYPHENS)
        if not eligible or not _is_capitalised(tokens[i].text):
            i += 1
            continue
        run = i
        while (
            run < len(tokens) and run - i < _MAX_INNER_TOKENS and _is_capitalised(tokens[run].text)
        ):
            run += 1
        for j in range(run, i, -1):
            if j - i == len(tokens) - first:
                continue  # the whole entity: not "inside"
            after = tokens[j].text if j < len(tokens) else ""
            if after in lexicon.not_town_after or after in _HYPHENS:
                continue
            start = tokens[i].idx
            end = tokens[j - 1].idx + len(tokens[j - 1].text)
            name = text[start:end].rstrip(".") if j - i > 1 else tokens[i].text
            kind = _place_inside_kind(name, lexicon, known)
            if kind:
                sure = kind == "area" or after in lexicon.local_words
                found.append((_Span(start, start + len(name), f"{ent.label_}-part"), sure))
                i = j
                break
            if kind is None:
                # Known, but a village or a feature names no institution's home: the
                # "Atlantic Council" is not in Atlantic, Iowa. The rule has judged it.
                found.append((_Span(start, start + len(name), "judged"), None))
                i = j
                break
        else:
            i += 1
    return found


def _place_inside_kind(name: str, lexicon: Lexicon, known: KnownNames) -> str | None:
    """ "area", "town", None (a place too small or not of a kind to name an
    institution's home) or "" (not a place) for a name found inside an institution's."""
    if name in lexicon.not_town_alone or looks_like_demonym(name, lexicon):
        return ""
    kinds, population = known(name)[:2]
    if _AREA_KINDS.intersection(kinds):
        return "area"
    if population >= MIN_TOWN_INSIDE:
        return "town"
    return None if kinds else ""


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper()


def _propagate(
    text: str,
    names: Iterable[str],
    taken: Mapping[tuple[int, int], _Span],
    lexicon: Lexicon,
    people: Sequence[tuple[int, int]] = (),
) -> list[tuple[int, int]]:
    """Every other occurrence of a name already tagged as a place, on word boundaries,
    except where it names a person: inside a person's name after its first word ("David
    Hopkins"; on LGL 26 false positives for 6 hits), before a speech verb ("Hopkins
    said", "West told them") or after a title ("Mrs. Marriott"); on LGL the last two, 18
    for 2."""
    speaks, title_before = lexicon.speaks, lexicon.title_before
    found = []
    for name in sorted(set(names), key=len, reverse=True):
        pattern = re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)")
        for match in pattern.finditer(text):
            start, end = match.span()
            if (start, end) in taken:
                continue
            if any(p_start < start and end <= p_end for p_start, p_end in people):
                continue
            if speaks.match(text, end) or title_before.search(text, max(0, start - 12), start):
                continue
            found.append((start, end))
    return found


_PERSON_LABELS = frozenset({"PERSON", "PER"})


def _names_area(name: str, known: KnownNames) -> bool:
    return bool(_AREA_KINDS.intersection(known(name).kinds))


def _never_a_person(name: str, known: KnownNames) -> bool:
    """Whether a name before a speech verb is still a place: an area speaks for its
    government, and no person is called after a sea, a range or a grouping of countries
    (kind ``other``)."""
    return bool(_NEVER_A_PERSON.intersection(known(name).kinds))


def _without_overlaps(spans: Iterable[_Span]) -> list[_Span]:
    """Keep NER spans over propagated ones, then longer over shorter, in text order."""
    ranked = sorted(spans, key=lambda s: (s.label == "propagated", -(s.end - s.start), s.start))
    chosen: list[_Span] = []
    for span in ranked:
        if all(span.end <= other.start or span.start >= other.end for other in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)
