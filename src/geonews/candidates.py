"""Names the gazetteer knows that NER and the rules left out, and the learned decision
whether each one is a place.

A small NER model on two CPU cores misses many places outright or files them under
another label ("Doncaster" untagged, "Yorkshire" a person, "Montevideo" nothing). So
every run of capitalised words the gazetteer can place, not already a mention, is a
*candidate*: "Selby", "Kharkiv", but also "Will", "Jordan" the basketball player or
"Victoria" the queen. Whether a candidate is a place is read from evidence that holds in
any news text (:data:`FEATURES`): what NER made of it, what the gazetteer says (kinds,
size, fame), its shape (capitals, words, start of a sentence), the words around it ("in
…", "… said", "Mr …", "… residents"), and the article (the name written in lowercase
elsewhere, listed beside a place, named as a place elsewhere).

The decision is a logistic regression fitted by ``python -m geonews.learn recogniser``
on annotated corpora (see :mod:`geonews.learn`); its weights, a few dozen numbers, ship
in ``models/recogniser.json`` with the corpora they came from and their cross-corpus
validation. Reading the weights needs no scikit-learn.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from geonews.errors import GeonewsError
from geonews.lexicon import (
    countries_speaking,
    frequency_everywhere,
    language_specificity,
    word_frequency,
)
from geonews.patterns import LIST_GAP, looks_like_demonym
from geonews.personal_names import is_first_name, person_name_score
from geonews.toponyms import COMMON_WORD, MAX_NAME_CHARS, PLACE_LABELS, fold_word, is_stop_word

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from geonews.known import KnownNames
    from geonews.lexicon import Lexicon

#: The evidence about one candidate, in the order of a feature vector.
FEATURES: Final = (
    # What NER made of the words.
    "ner_place",  # a place label the rules then dropped
    "ner_person",
    "ner_org",
    "ner_other",  # any other label (NORP, MISC, DATE...)
    "ner_wider",  # the entity runs on beyond the candidate ("Jordan Spieth")
    # What the gazetteer says.
    "known_country",
    "known_region",
    "known_county",
    "known_city",
    "known_other",  # a continent, a seat of power
    "log_population",  # log10(1 + the largest population of the places so named)
    "fame",  # log2(1 + the most names one of them goes by)
    "called_so",  # log10(1 + the largest population of a place truly called so)
    "where_spoken",  # read without NER, such a place lies where the language is spoken
    # Its shape.
    "several_words",  # more than one word: "Piazza Armerina", "Charles de Gaulle"
    "all_caps",
    "sentence_start",
    "possessive",  # "Dublin's"
    "capitalised_neighbour",  # a capitalised word right before or after ("Jackson Smith")
    "person_name",  # how many people bear it as a first name or surname (US census)
    "person_unnamed",  # NER read a person, yet nobody bears the name: "Yangshuo", "Mazagan"
    # The words around it.
    "locative_before",  # "in", "from", "near", "à", "en"
    "function_word_before",  # any other function word: "de Lisbonne", "to Kharkiv"
    "cue_after",  # "residents", "police", "man"
    "speech_after",  # "said", "told"
    "date_after",  # a dateline's date: "Paris, 22. Nov.", "Washington, Dec. 3"
    "title_before",  # "Mr", "Sen."
    # The article.
    "lowercase_elsewhere",  # the article writes the word in lowercase too
    "stop_word",
    "word_frequency",  # how common the word is in the language (Zipf scale, 0 when rare)
    "word_of_the_language",  # how much more common in the language than in others: "Stadt"
    "written_everywhere",  # how common in the least of seven languages: "Amsterdam"
    "listed",  # in a list beside a place or another known name: "Selby, Doncaster and …"
    "place_elsewhere",  # the same name is a place elsewhere in the article
    "country_named",  # a place truly so called lies in a country the article names
    "named_again",  # log2 of how often the article writes the name: what it is about
)

# A word: letters first, then letters, digits, apostrophes, hyphens.
_WORD = re.compile(r"(?:['’]s-)?[^\W\d_][\w'’-]*")
# Dutch names that keep an old genitive article: "'s-Hertogenbosch", "'s-Gravenhage".
_DUTCH_ARTICLE = re.compile(r"['’]s-(?=[A-Z])")
# How far a list's next name may stand: ", and " and a little more.
_LIST_REACH = 8
# An elided article or preposition before a name: French "l'", "d'", "qu'"; Italian
# "dell'", "all'", "nell'", "dall'", "sull'".
_ELIDED = r"(?:[dDlLjJmMnNsStT]|[qQ]u|[a-zà-ÿ]{2,5})['’]"
_ELISION = re.compile(rf"{_ELIDED}(?=[^\W\d_])")
_MAX_WORDS = 4
# What may stand between two words of one name.
_GAP = re.compile(rf"-| (?:{_ELIDED})?")
# How many capitalised words after a name may end the feature name it is part of.
_FEATURE_REACH = 3
_POSSESSIVE = re.compile(r"['’]s?$")
_SENTENCE_END = re.compile(r"(?:^|[.!?:;«»\"“”\n]\s*)$")
# A word right before, separated by one space only: "Jackson Smith", not "Selby, Doncaster".
_ADJACENT_BEFORE = re.compile(r"[^\W\d_][\w'’-]* $")
# A date after a name, as datelines write it: ", 22. Nov.", ", 6 Dezember", ", Dec. 3".
_DATE_AFTER = re.compile(r",\s*(?:\d{1,2}\b|[A-Z][a-zä-ü]{2,9}\.?\s+\d{1,2}\b)")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A capitalised name the gazetteer knows, at ``text[start:end]``, with its evidence."""

    start: int
    end: int
    features: tuple[float, ...]


def find_candidates(
    doc: Doc,
    text: str,
    *,
    lexicon: Lexicon,
    known: KnownNames,
    taken: Collection[tuple[int, int]],
    place_names: Collection[str],
    lowercase: Collection[str],
    extends: Callable[[str], bool] | None = None,
) -> list[Candidate]:
    """Every run of capitalised words in ``text`` the gazetteer knows, outside ``taken``
    spans, the longest known part of each run first, with its evidence. ``extends``
    tells whether a longer name begins with some words (see :func:`_known_runs`)."""
    # spaCy's entities never overlap: a search from the right finds all around a name.
    entities = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
    taken_spans = _Spans(taken)
    # A nationality word ("Iraqi") the gazetteer knows as a name is still no place: it
    # is a mention only as a demonym, when asked for (see geonews.demonyms).
    runs = [
        (start, end)
        for start, end in _known_runs(text, known, extends, lexicon.generic_feature)
        if not any(s < end and start < e for s, e in taken_spans.near(start, end))
        and not looks_like_demonym(text[start:end], lexicon)
        and not _inside_feature_name(text, start, end, lexicon)
        and not _after_first_name(text, start)
        and not _town_after_article(text, start, end, known, lexicon)
    ]
    # A list reads as one: names beside each other are evidence for each other.
    neighbours = _Spans([*taken, *runs])
    times = Counter(text[s:e] for s, e in [*taken, *runs])
    countries = _countries_named(text, taken, known)
    found = []
    for start, end in runs:
        name = text[start:end]
        found.append(
            Candidate(
                start,
                end,
                _features(
                    doc,
                    text,
                    start,
                    end,
                    name,
                    entities=entities,
                    lexicon=lexicon,
                    known=known,
                    taken=[
                        n for n in neighbours.near(start, end, _LIST_REACH) if n != (start, end)
                    ],
                    place_names=place_names,
                    lowercase=lowercase,
                    named_times=times[name],
                    countries=countries,
                ),
            )
        )
    return found


def _inside_feature_name(text: str, start: int, end: int, lexicon: Lexicon) -> bool:
    """Whether ``text[start:end]`` is part of a longer name of a feature or a street, not
    a place of its own: "Holland" in "Hottentots Holland Nature Reserve", "Street" in
    "Frith Street", "Nokomis" in "Lake Nokomis", "Pala" in "Pala Mesa Resort"."""
    before = (
        _WORD.findall(text[max(0, start - 30) : start]) if text[start - 1 : start] == " " else []
    )
    if before and before[-1][:1].isupper() and text[start:end].casefold() in lexicon.feature_words:
        return True
    # The capitalised words the name runs on with, one space apart: "Lake" before it,
    # "Mesa Resort" after it.
    around = []
    if before and text[:start].endswith(before[-1] + " "):
        around.append(before[-1])
    position = end
    while len(around) < _FEATURE_REACH and (word := _WORD.match(text, position + 1)):
        if text[position : position + 1] != " " or not word.group()[:1].isupper():
            break
        around.append(word.group())
        position = word.end()
    return any(w[:1].isupper() and w.casefold() in lexicon.feature_words for w in around)


def _after_first_name(text: str, start: int) -> bool:
    """Whether a common first name stands right before the name, inside the sentence:
    then it is a surname ("Luís Montenegro", "Charles Darwin", "Chad Jordan")."""
    before = text[max(0, start - 30) : start]
    if not before.endswith(" ") or _SENTENCE_END.search(before[:-1].rsplit(" ", 1)[0] + " "):
        return False
    words = _WORD.findall(before)
    return bool(words) and words[-1][:1].isupper() and is_first_name(words[-1])


def _town_after_article(
    text: str, start: int, end: int, known: KnownNames, lexicon: Lexicon
) -> bool:
    """Whether a name only towns bear follows an article towns never take in the
    language: a noun then ("die Zölle", not Zwolle)."""
    if not lexicon.no_town_after or text[start - 1 : start] != " ":
        return False
    words = _WORD.findall(text[max(0, start - 12) : start])
    if not words or words[-1] not in lexicon.no_town_after:
        return False
    return known(_POSSESSIVE.sub("", text[start:end])).kinds == ("city",)


def _known_runs(
    text: str,
    known: KnownNames,
    extends: Callable[[str], bool] | None = None,
    opens: re.Pattern[str] | None = None,
) -> Iterator[tuple[int, int]]:
    """The longest runs of words, opening with a capital, that the gazetteer knows; or
    with the kind of a feature, in the languages that write it in lowercase before the
    name (``opens``: "mar del Norte", "lago di Garda", "mer Noire").

    A run grows a word at a time while ``extends`` says some longer name begins with it
    (all the way, up to :data:`_MAX_WORDS`, without it), so "Paris said that" costs two
    lookups, not four.
    """
    # An elided article is not part of the name: "l'Union européenne", "d'Irlande".
    words = [
        (m.start() + len(e.group()) if (e := _ELISION.match(m.group())) else m.start(), m.end())
        for m in _WORD.finditer(text)
    ]
    i = 0
    while i < len(words):
        start = words[i][0]
        capital = text[start].isupper() or bool(_DUTCH_ARTICLE.match(text, start))
        if not capital and not (opens and opens.match(text, start)):
            i += 1
            continue
        best = None
        j = i
        while True:
            start, end = words[i][0], words[j][1]
            name = _POSSESSIVE.sub("", text[start:end])
            # A lowercase feature word is no name without the name after it ("isla").
            # One letter is an initial or a unit ("°C"), never a name.
            if len(name) > 1 and (capital or j > i) and known(name).kinds:
                best = (start, start + len(name), j)
            grow = j + 1 < len(words) and _joined(text, words, i, j + 1)
            if not grow or (extends is not None and not extends(text[start:end])):
                break
            j += 1
        if best is None:
            i += 1
            continue
        yield best[0], best[1]
        i = best[2] + 1


def _joined(text: str, words: Sequence[tuple[int, int]], i: int, j: int) -> bool:
    """Whether words i..j may form one name: single spaces, hyphens or an elided word
    ("Valle d'Aosta") between them, at most :data:`_MAX_WORDS` words. Lowercase words
    may stand inside or at the end, as French and Spanish names have them ("Union
    européenne", "mer Noire"): the gazetteer decides."""
    if j - i + 1 > _MAX_WORDS:
        return False
    return all(_GAP.fullmatch(text, words[k - 1][1], words[k][0]) for k in range(i + 1, j + 1))


def _features(
    doc: Doc,
    text: str,
    start: int,
    end: int,
    name: str,
    *,
    entities: Sequence[tuple[int, int, str]],
    lexicon: Lexicon,
    known: KnownNames,
    taken: Sequence[tuple[int, int]],
    place_names: Collection[str],
    lowercase: Collection[str],
    named_times: int = 1,
    countries: Collection[str] = frozenset(),
) -> tuple[float, ...]:
    """The evidence about ``text[start:end]``; ``taken`` are the names around it (places
    already found and other candidates), for :func:`_listed`; ``countries`` those the
    article names (:func:`_countries_named`)."""
    values = dict.fromkeys(FEATURES, 0.0)
    values.update(_what_ner_said(entities, start, end))
    facts = known(name)
    for kind in facts.kinds:
        key = f"known_{kind}" if f"known_{kind}" in values else "known_other"
        values[key] = 1.0
    values["log_population"] = math.log10(1 + facts.population)
    values["fame"] = math.log2(1 + facts.names)
    values["called_so"] = math.log10(1 + facts.called_so)
    # Read without NER, a capitalised word may be any noun (German writes them all so),
    # and a place where the language is spoken is likelier meant than a word: "Delft",
    # "Appingedam" in Dutch. With NER, NER has judged the name; there this evidence
    # cost TUD's world news 0.006 end to end for a gain of 0.002 on LGL.
    values["where_spoken"] = float(
        not doc.has_annotation("ENT_IOB")
        and bool(facts.countries & countries_speaking(lexicon.lang))
    )
    words = name.split()
    values["several_words"] = float(len(words) > 1)
    values["all_caps"] = float(name.isupper() and len(name) > 1)
    before, after = text[max(0, start - 40) : start], text[end : end + 40]
    values["sentence_start"] = float(bool(_SENTENCE_END.search(before)))
    values["possessive"] = float(after[:1] in {"'", "’"})
    previous = _WORD.findall(before)[-1:] or [""]
    following = _WORD.match(after.lstrip(" ")) if after.startswith(" ") else None
    next_word = following.group() if following else ""
    adjacent_before = bool(_ADJACENT_BEFORE.search(before)) and not values["sentence_start"]
    values["capitalised_neighbour"] = float(
        (adjacent_before and _name_like(previous[0], doc, lexicon))
        or _name_like(next_word, doc, lexicon)
    )
    word_before = previous[0].casefold() if before.endswith((" ", "'", "’")) else ""
    values["locative_before"] = float(word_before in lexicon.cue_before)
    values["function_word_before"] = float(
        bool(word_before)
        and not values["locative_before"]
        and previous[0][:1].islower()
        and is_stop_word(doc, word_before)
    )
    values["cue_after"] = float(next_word.casefold() in lexicon.cue_after)
    values["speech_after"] = float(bool(lexicon.speaks.match(text, end)))
    values["date_after"] = float(bool(_DATE_AFTER.match(text, end)))
    values["title_before"] = float(bool(lexicon.title_before.search(before)))
    values["lowercase_elsewhere"] = float(len(words) == 1 and fold_word(name) in lowercase)
    values["stop_word"] = float(len(words) == 1 and is_stop_word(doc, name.lower()))
    # Not for an acronym: "US" is no "us", "EU" no "eu".
    if len(words) == 1 and not values["all_caps"]:
        values.update(_how_common(name, lexicon.lang))
    values["person_name"] = person_name_score(name)
    # The small NER models tag an unfamiliar word a person ("Yangshuo", "Košice"): that
    # says less when no one is called so.
    values["person_unnamed"] = float(bool(values["ner_person"]) and not values["person_name"])
    values["listed"] = float(_listed(text, start, end, taken))
    values["place_elsewhere"] = float(name in place_names)
    values["named_again"] = math.log2(max(named_times, 1))
    values["country_named"] = float(bool(facts.countries & set(countries)))
    return tuple(values[f] for f in FEATURES)


def _countries_named(
    text: str, taken: Iterable[tuple[int, int]], known: KnownNames
) -> frozenset[str]:
    """The countries the article names among the names already taken: "Bologna" in an
    article naming Italy, "Goma" in one naming the Democratic Republic of Congo."""
    named: set[str] = set()
    for start, end in taken:
        facts = known(_POSSESSIVE.sub("", text[start:end]))
        if "country" in facts.kinds:
            named |= facts.countries
    return frozenset(named)


def _what_ner_said(
    entities: Sequence[tuple[int, int, str]], start: int, end: int
) -> dict[str, float]:
    """The labels of the entities over a name, by group, and whether one runs beyond it."""
    said: dict[str, float] = {}
    for e_start, e_end, label in _entities_over(entities, start, end):
        if e_start < end and start < e_end:
            group = (
                "ner_place"
                if label in PLACE_LABELS
                else "ner_person"
                if label in {"PERSON", "PER"}
                else "ner_org"
                if label == "ORG"
                else "ner_other"
            )
            said[group] = 1.0
            wider = float(e_start < start or e_end > end)
            said["ner_wider"] = max(said.get("ner_wider", 0.0), wider)
    return said


def _how_common(word: str, lang: str) -> dict[str, float]:
    """How common a one-word name is as a word: in the article's language, there more
    than elsewhere, and in every language geonews compares."""
    here = word_frequency(word, lang)
    return {
        "word_frequency": here,
        "word_of_the_language": language_specificity(word, lang) if here else 0.0,
        "written_everywhere": frequency_everywhere(word),
    }


def _name_like(word: str, doc: Doc, lexicon: Lexicon) -> bool:
    """Whether a capitalised word beside a name may be part of a longer one ("Jackson
    Smith"): not a function word opening the sentence ("In Basel") nor a common word of
    the language (German capitalises every noun: "die Stadt München")."""
    return (
        word[:1].isupper()
        and not is_stop_word(doc, word.casefold())
        and word_frequency(word, lexicon.lang) < COMMON_WORD
    )


class _Spans:
    """Spans sorted by start, to find those near a place in the text in log time: every
    span here is a name, at most :data:`~geonews.toponyms.MAX_NAME_CHARS` long, so one
    that overlaps or touches ``[start, end)`` starts at most that far before it."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]

    def near(self, start: int, end: int, reach: int = 0) -> list[tuple[int, int]]:
        """The spans starting from ``MAX_NAME_CHARS + reach`` before ``start`` to
        ``reach`` after ``end``."""
        lo = bisect.bisect_left(self.starts, start - MAX_NAME_CHARS - reach)
        hi = bisect.bisect_left(self.starts, end + reach)
        return self.spans[lo:hi]


def _entities_over(
    entities: Sequence[tuple[int, int, str]], start: int, end: int
) -> list[tuple[int, int, str]]:
    """The entities that may overlap ``[start, end)``: those before ``end``, back to the
    first that ends before ``start`` (entities do not overlap each other)."""
    i = bisect.bisect_left(entities, (end,))
    found = []
    while i > 0 and entities[i - 1][1] > start:
        i -= 1
        found.append(entities[i])
    return found


def _listed(text: str, start: int, end: int, taken: Sequence[tuple[int, int]]) -> bool:
    """Whether another name stands right before or after, across a comma or "and"."""
    for t_start, t_end in taken:
        before = t_end <= start and start - t_end < _LIST_REACH
        if before and LIST_GAP.match(text[t_end:start]):
            return True
        after = t_start >= end and t_start - end < _LIST_REACH
        if after and LIST_GAP.match(text[end:t_start]):
            return True
    return False


@dataclass(frozen=True, slots=True)
class Recogniser:
    """The fitted decision: standardised features, weights, an intercept, a threshold."""

    weights: tuple[float, ...]
    means: tuple[float, ...]
    scales: tuple[float, ...]
    intercept: float
    threshold: float
    about: Mapping[str, Any]

    def probability(self, features: Sequence[float]) -> float:
        z = self.intercept + math.fsum(
            w * (x - m) / s
            for w, x, m, s in zip(self.weights, features, self.means, self.scales, strict=True)
        )
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))

    def is_place(self, features: Sequence[float]) -> bool:
        return self.probability(features) >= self.threshold

    def to_json(self) -> dict[str, Any]:
        return {
            "features": {
                name: {"weight": w, "mean": m, "scale": s}
                for name, w, m, s in zip(
                    FEATURES, self.weights, self.means, self.scales, strict=True
                )
            },
            "intercept": self.intercept,
            "threshold": self.threshold,
            **self.about,
        }


def places_among(
    candidates: Sequence[Candidate], text: str, recogniser: Recogniser
) -> list[Candidate]:
    """The candidates ``recogniser`` takes for places, one decision per name.

    An article means one thing by a name it writes several times (Gale, Church and
    Yarowsky 1992, "One sense per discourse"), and one occurrence rarely says it all:
    "Brno" after "to" in a list is plainly a town, "Brno" opening a headline is not as
    plain. So the mean probability of a name's occurrences decides for all of them: on
    the evaluation corpora every figure rose or held (docs/accuracy.md), and a single
    occurrence read wrongly no longer makes or unmakes the rest ("Hamas", an alias of
    a Syrian town, after "of" in a list).
    """
    by_name: dict[str, list[float]] = {}
    for candidate in candidates:
        name = text[candidate.start : candidate.end]
        by_name.setdefault(name, []).append(recogniser.probability(candidate.features))
    taken = {
        name
        for name, chances in by_name.items()
        if math.fsum(chances) / len(chances) >= recogniser.threshold
    }
    return [c for c in candidates if text[c.start : c.end] in taken]


def recogniser_from_json(data: Mapping[str, Any], origin: str = "recogniser") -> Recogniser:
    table = data.get("features")
    if not isinstance(table, Mapping) or set(table) != set(FEATURES):
        raise GeonewsError(
            f"{origin}: needs weight, mean and scale for each of {', '.join(FEATURES)}"
        )
    try:
        rows = [
            (float(table[f]["weight"]), float(table[f]["mean"]), float(table[f]["scale"]))
            for f in FEATURES
        ]
        intercept, threshold = float(data["intercept"]), float(data["threshold"])
    except (KeyError, TypeError, ValueError) as exc:
        raise GeonewsError(f"{origin}: malformed ({exc})") from exc
    if any(s <= 0 for _, _, s in rows):
        raise GeonewsError(f"{origin}: every scale must be positive")
    about = {k: v for k, v in data.items() if k not in {"features", "intercept", "threshold"}}
    return Recogniser(
        tuple(r[0] for r in rows),
        tuple(r[1] for r in rows),
        tuple(r[2] for r in rows),
        intercept,
        threshold,
        about,
    )


def default_recogniser_path(*, ner: bool = True) -> Path:
    """The shipped decision for text read with NER, or for text read without it."""
    return Path(__file__).with_name("models") / (
        "recogniser.json" if ner else "recogniser-without-ner.json"
    )


@cache
def load_recogniser(path: Path | None = None) -> Recogniser:
    """The place / not-place decision shipped with geonews, or the one at ``path``."""
    target = path or default_recogniser_path()
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise GeonewsError(f"cannot read the recogniser {target}: {exc}") from exc
    return recogniser_from_json(data, str(target))
