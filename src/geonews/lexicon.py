"""Language rules as data: the words the recognition, resolution and border rules read.

Each language has one TOML file in ``geonews/lexicons/`` (``en.toml``, ``fr.toml``...),
with a comment on every list saying what it is for. :func:`load_lexicon` reads them
into a :class:`Lexicon`, which the pipeline passes to
:func:`~geonews.toponyms.find_mentions`, :func:`~geonews.resolve.resolve` and
:func:`~geonews.geometry.find_borders`. Adding a language takes a file here and a spaCy
model name (``pipeline.DEFAULT_MODELS``); every list a file leaves out is empty.

Where a rule's pattern holds words (a cue word before a run of capitalised words, a
title before a name), its structure is written here and only the words come from the
files; patterns with no words in them (datelines, abbreviations) stay with their rules.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from functools import cache, lru_cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from geonews.errors import LexiconError

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

#: Language whose border phrases serve a language that has none of its own.
BORDER_FALLBACK_LANG = "en"

#: A name in a list of subdivisions: one or two capitalised words ("Glen Carbon").
LIST_NAME = r"[A-Z][\w'’]*(?: [A-Z][\w'’]*)?"
# A run of up to three capitalised words: a name the context may make a place.
_RUN = r"[A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,2}"
_NEVER = "(?!)"
_SPACES = r"\s+"


@dataclass(frozen=True, slots=True)
class _Entries:
    """One lexicon file as written: every key a file may hold, each a list of words.

    The comments in ``lexicons/en.toml`` say what each list is for.
    """

    leading_articles: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    demonym_suffixes: tuple[str, ...] = ()
    compass_points: tuple[str, ...] = ()
    compass_abbreviations: tuple[tuple[str, str], ...] = ()
    placed_in_links: tuple[str, ...] = ()
    institution_links: tuple[str, ...] = ()
    skipped_determiners: tuple[str, ...] = ()
    determiners: tuple[str, ...] = ()
    not_town_after: tuple[str, ...] = ()
    local_words: tuple[str, ...] = ()
    street_words: tuple[str, ...] = ()
    not_town_alone: tuple[str, ...] = ()
    no_town_after: tuple[str, ...] = ()
    cue_before: tuple[str, ...] = ()
    of_words: tuple[str, ...] = ()
    of_heads: tuple[str, ...] = ()
    to_words: tuple[str, ...] = ()
    to_heads: tuple[str, ...] = ()
    cue_after: tuple[str, ...] = ()
    untagged_cue_before: tuple[str, ...] = ()
    untagged_cue_after: tuple[str, ...] = ()
    not_place_after_cue: tuple[str, ...] = ()
    subdivision_words: tuple[str, ...] = ()
    subdivision_list_joins: tuple[str, ...] = ()
    subdivision_plurals: tuple[tuple[str, str], ...] = ()
    name_endings: tuple[tuple[str, str], ...] = ()
    adjective_endings: tuple[tuple[str, str], ...] = ()
    spelling_variants: tuple[tuple[str, str], ...] = ()
    sentence_openers: tuple[str, ...] = ()
    party_tags: tuple[str, ...] = ()
    feature_kinds: tuple[str, ...] = ()
    feature_links: tuple[str, ...] = ()
    speech_verbs: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    part_words: tuple[str, ...] = ()
    part_articles: tuple[str, ...] = ()
    dangling_words: tuple[str, ...] = ()
    heading_words: tuple[str, ...] = ()
    heading_links: tuple[str, ...] = ()
    area_words: tuple[str, ...] = ()
    feature_words: tuple[str, ...] = ()
    border_phrases: tuple[str, ...] = ()
    border_links: tuple[str, ...] = ()
    border_between: tuple[str, ...] = ()
    border_articles: tuple[str, ...] = ()
    border_list_articles: tuple[str, ...] = ()
    border_list_joins: tuple[str, ...] = ()


_KEYS = tuple(f.name for f in fields(_Entries))
_TABLES = frozenset(
    {
        "subdivision_plurals",
        "name_endings",
        "adjective_endings",
        "spelling_variants",
        "compass_abbreviations",
    }
)


@dataclass(frozen=True, slots=True, repr=False)
class Lexicon:
    """The words one language's rules read, as sets and compiled patterns.

    Most lists are the language's own: empty for a language with no file, or one whose
    file leaves them out, which switches their rule off. Those marked *every language*
    in the files are the union of that list over all files, whatever the article's
    language: news quotes names from other languages ("Rue de Rivoli" in an English
    article is a street; "Sheriff" before a name is a title in any). A language with no
    border phrases reads borders with English's (:data:`BORDER_FALLBACK_LANG`). A file's
    compass points join its part words, skipped determiners and heads of "of".
    """

    lang: str
    # Recognition, the language's own lists.
    leading_articles: tuple[str, ...]  # tried in order, with their space ("le ", "l'")
    demonyms: frozenset[str]
    demonym_suffixes: tuple[str, ...]
    institution_links: frozenset[str]
    cue_before: frozenset[str]
    determiners: frozenset[str]  # "a Cairo court": a name qualifying a noun
    of_words: frozenset[str]
    of_heads: frozenset[str]
    to_words: frozenset[str]
    to_heads: frozenset[str]
    cue_after: frozenset[str]
    not_place_after_cue: frozenset[str]
    sentence_openers: frozenset[str]
    subdivision_plurals: Mapping[str, str]  # "counties" -> "County"
    # How the language inflects or spells a name otherwise than the gazetteer (see
    # base_forms): the last word's endings, an adjective's, two-letter spellings.
    name_endings: tuple[tuple[str, str], ...]
    adjective_endings: tuple[tuple[str, str], ...]
    spelling_variants: tuple[tuple[str, str], ...]
    #: A cue word (group 1), then a run of capitalised words (group 2): "in Glen Carbon".
    untagged_before: re.Pattern[str]
    #: A run of capitalised words (group 1), then a cue word: "Meadow Grove man".
    untagged_after: re.Pattern[str]
    #: A lowercase leading article, then up to three capitalised words: "the Danube".
    article_then_name: re.Pattern[str]
    #: A list of names (group 1), then a plural subdivision word (group 2).
    subdivision_list: re.Pattern[str]
    #: A party tag, then a legislator's home town (group 1): "D-Columbus".
    party_home: re.Pattern[str]
    #: The lowercase kind of a place before its name: "canton de Vaud".
    generic_feature: re.Pattern[str]
    # Recognition, every language.
    skipped_determiners: frozenset[str]
    not_town_after: frozenset[str]
    local_words: frozenset[str]
    #: A postal address right before a name, which makes the name its town: "400 S.
    #: Locust St., ".
    address_before: re.Pattern[str]
    not_town_alone: frozenset[str]
    no_town_after: frozenset[str]  # articles a town never takes: German "die Zölle"
    #: A name ending in a subdivision word: "Henderson County".
    subdivision_name: re.Pattern[str]
    #: The subdivision words themselves, casefolded: "county", "parish".
    subdivision_words: frozenset[str]
    #: What places a town in the area named next, ending right before the area's name:
    #: "Goma, in the east of " (the town is group 1).
    placed_in: re.Pattern[str] | None
    #: A verb of speech, matched right after a name: "Hopkins said".
    speaks: re.Pattern[str]
    #: A title, searched for right before a name: "Mrs. Marriott".
    title_before: re.Pattern[str]
    #: A title of the article's language opening a name: "Mr el-Masri", "Mme Dupont".
    title_opening: re.Pattern[str]
    # Resolution, every language.
    part_words: frozenset[str]
    #: The points of the compass ("north", "southeast"), every language's.
    compass_points: frozenset[str]
    compass_abbreviations: Mapping[str, str]  # "S." -> "South": "S. Korea"
    part_articles: frozenset[str]
    dangling_words: frozenset[str]
    heading_words: frozenset[str]
    heading_links: frozenset[str]
    area_words: frozenset[str]
    feature_words: frozenset[str]
    # Borders: the language's own phrases (or English's), every language's list words.
    border_trigger: re.Pattern[str]
    border_between: tuple[str, ...]
    #: What may stand between a border phrase and the first country listed.
    border_lead_gap: re.Pattern[str]
    #: What may stand between two countries listed.
    border_list_gap: re.Pattern[str]

    def __repr__(self) -> str:
        return f"Lexicon({self.lang!r})"

    @property
    def has_name_forms(self) -> bool:
        """Whether the language writes names in forms the gazetteer lacks (base_forms)."""
        return bool(self.name_endings or self.adjective_endings or self.spelling_variants)


@cache
def load_lexicon(lang: str, directory: Traversable | None = None) -> Lexicon:
    """The lexicon for articles in ``lang`` (ISO 639-1), from ``directory``'s files.

    ``directory`` defaults to the lexicons shipped with geonews. A language without a
    file gets only the lists every language shares (and English border phrases), which
    is how geonews has always read such articles. Files are read once per language and
    directory. Raises :class:`LexiconError` if a file has a key no rule reads (a typo), a
    value of the wrong type or a bad pattern.
    """
    if directory is None:
        from importlib import resources

        directory = resources.files("geonews") / "lexicons"
    files = _read_directory(directory)
    own = files.get(lang, _Entries())
    every = list(files.values())
    borders = own if own.border_phrases else files.get(BORDER_FALLBACK_LANG, _Entries())

    def shared(key: str) -> tuple[str, ...]:
        return _merged(getattr(entries, key) for entries in every)

    return Lexicon(
        lang=lang,
        leading_articles=tuple(_with_space(a) for a in own.leading_articles),
        demonyms=frozenset(own.demonyms),
        demonym_suffixes=own.demonym_suffixes,
        institution_links=frozenset(own.institution_links),
        cue_before=frozenset(own.cue_before),
        determiners=frozenset(own.determiners),
        of_words=frozenset(own.of_words),
        of_heads=frozenset(own.of_heads + own.compass_points),
        to_words=frozenset(own.to_words),
        to_heads=frozenset(own.to_heads),
        cue_after=frozenset(own.cue_after),
        not_place_after_cue=frozenset(own.not_place_after_cue),
        sentence_openers=frozenset(own.sentence_openers),
        subdivision_plurals=MappingProxyType(dict(own.subdivision_plurals)),
        name_endings=own.name_endings,
        adjective_endings=own.adjective_endings,
        spelling_variants=own.spelling_variants,
        untagged_before=_cue_then_name(own.untagged_cue_before),
        untagged_after=_name_then_cue(own.untagged_cue_after),
        article_then_name=_article_then_name(own.leading_articles),
        subdivision_list=_subdivision_list(own.subdivision_list_joins, own.subdivision_plurals),
        party_home=_party_home(own.party_tags),
        generic_feature=_generic_feature(own.feature_kinds, own.feature_links),
        placed_in=_placed_in(own),
        skipped_determiners=frozenset(shared("skipped_determiners") + shared("compass_points")),
        not_town_after=frozenset(shared("not_town_after")),
        local_words=frozenset(shared("local_words")),
        address_before=re.compile(
            rf"\b\d+[A-Za-z]?(?:\s+[A-Z][\w'’.-]*){{1,4}}\s+(?:{_either(shared('street_words'))})"
            r"\.?,\s*$"
        ),
        not_town_alone=frozenset(shared("not_town_alone")),
        no_town_after=frozenset(own.no_town_after),
        subdivision_name=_subdivision_name(shared("subdivision_words")),
        subdivision_words=frozenset(w.casefold() for w in shared("subdivision_words")),
        speaks=re.compile(rf"['’]?\s+(?:{_either(shared('speech_verbs'))})\b"),
        title_before=re.compile(rf"(?<!\w)(?:{_either(shared('titles'))})\.? $"),
        title_opening=re.compile(rf"(?:{_either(own.titles)})\.? (?=[^\W\d_])"),
        part_words=frozenset(shared("part_words") + shared("compass_points")),
        compass_points=frozenset(shared("compass_points")),
        compass_abbreviations=MappingProxyType(dict(own.compass_abbreviations)),
        part_articles=frozenset(shared("part_articles")),
        dangling_words=frozenset(shared("dangling_words")),
        heading_words=frozenset(shared("heading_words")),
        heading_links=frozenset(shared("heading_links")),
        area_words=frozenset(shared("area_words")),
        feature_words=frozenset(shared("feature_words")),
        border_trigger=_border_trigger(borders.border_phrases, borders.border_links),
        border_between=borders.border_between,
        border_lead_gap=_list_gap(r"^\s*", (), shared("border_articles")),
        border_list_gap=_list_gap(
            r"^[\s,;]*",
            shared("border_list_joins"),
            shared("border_articles") + shared("border_list_articles"),
        ),
    )


# The patterns of the rules, with a list's words in them. Each keeps the structure the
# rule had as code; the Lexicon's fields say which groups the rules read.


def _cue_then_name(cues: Sequence[str]) -> re.Pattern[str]:
    """A cue word, then up to three capitalised words: "in Glen Carbon"."""
    return re.compile(rf"(?<![\w.])({_either(cues)}) ({_RUN})")


def _placed_in(own: _Entries) -> re.Pattern[str] | None:
    """A town, a comma, a link and where in the area it lies, up to the area's name:
    "Goma, in the east of ", "Kharkiv, in northeastern ", "Jenin, in the "."""
    if not own.placed_in_links:
        return None
    articles = _either([a.strip() for a in own.leading_articles] or ["the"])
    point = rf"(?:{_either(own.compass_points)})(?:ern)?"
    where = rf"(?:{point}(?:-?{point})? (?:(?:{_either(own.of_words)}) )?)?"
    return re.compile(
        rf"(?<![\w.])({_RUN}), (?:{_either(own.placed_in_links)}) "
        rf"(?:(?:{articles}) )?{where}(?:(?:{articles}) )?$"
    )


def _article_then_name(articles: Sequence[str]) -> re.Pattern[str]:
    """A lowercase article, then up to three capitalised words: "the Danube", "la Seine"
    (an article ending in an apostrophe joins the name: "l'Euphrate")."""
    forms = [a + ("" if a.endswith(("'", "’")) else " ") for a in articles]
    return re.compile(rf"(?<![\w.])(?:{_either(forms)})({_RUN})")


def _name_then_cue(cues: Sequence[str]) -> re.Pattern[str]:
    """Up to three capitalised words, then a cue word: "Meadow Grove man"."""
    return re.compile(rf"(?<![\w.'’-])({_RUN}) (?:{_either(cues)})\b")


def _subdivision_list(joins: Sequence[str], plurals: Sequence[tuple[str, str]]) -> re.Pattern[str]:
    """Names, a joining word, a last name, a plural: "Barrow, Jackson and Madison counties"."""
    join, plural = _either(joins), _either(p for p, _ in plurals)
    return re.compile(rf"((?:{LIST_NAME}, )*{LIST_NAME},? (?:{join}) {LIST_NAME}) ({plural})\b")


def _party_home(tags: Sequence[str]) -> re.Pattern[str]:
    """A party tag, then up to three capitalised words: "D-W. Va.", "R-Ocilla"."""
    return re.compile(rf"(?<![\w.-])(?:{_either(tags)})-([A-Z][\w'’.]*(?: [A-Z][\w'’.]*){{0,2}})")


def _generic_feature(kinds: Sequence[str], links: Sequence[str]) -> re.Pattern[str]:
    """A kind of place in lowercase, maybe a linking word, then a capital: "lac de Genève"."""
    link = _either(_with_space(word) for word in links)
    return re.compile(rf"(?:{_either(kinds)})(?:\s(?:{link})?)(?=[A-ZÀ-ÖØ-Þ])")


def _subdivision_name(words: Sequence[str]) -> re.Pattern[str]:
    """Up to three capitalised words, then a subdivision word: "Henderson County"."""
    return re.compile(rf"(?<![\w.])[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){{0,2}} (?:{_either(words)})\b")


def _border_trigger(phrases: Sequence[str], links: Sequence[str]) -> re.Pattern[str]:
    """A border phrase (a pattern), then a word that introduces the neighbours."""
    phrase = "|".join(phrases) or _NEVER
    return re.compile(rf"\b(?:{phrase})\s+(?:{_either(links)})\b", re.IGNORECASE)


def _list_gap(lead: str, joins: Sequence[str], articles: Sequence[str]) -> re.Pattern[str]:
    """What may separate countries in a list: ``lead``, a joining word, an article."""
    join, article = _either(joins, _SPACES), _either(articles, _SPACES)
    return re.compile(rf"{lead}(?:(?:{join})\s+)?(?:(?:{article})\s*)?$", re.IGNORECASE)


def _either(words: Iterable[str], space: str = r"\s") -> str:
    """A regular expression alternation of ``words``, spaces in them matching ``space``;
    one that never matches when there are none, so the rule using it is off."""
    escaped = [re.escape(word).replace(r"\ ", space) for word in words]
    return "|".join(escaped) or _NEVER


def _with_space(word: str) -> str:
    """An article or linking word as it stands before a name: "le " but "l'"."""
    return word if word.endswith(("'", "’")) else word + " "


def _merged(lists: Iterable[Sequence[str]]) -> tuple[str, ...]:
    """The words of every list, each once, in order."""
    return tuple(dict.fromkeys(word for words in lists for word in words))


def _read_directory(directory: Traversable) -> dict[str, _Entries]:
    """Every ``<lang>.toml`` file in ``directory``, keyed by language, in name order."""
    sources = sorted(
        (item for item in directory.iterdir() if item.name.endswith(".toml")),
        key=lambda item: item.name,
    )
    return {source.name.removesuffix(".toml"): _read_file(source) for source in sources}


def _read_file(source: Traversable) -> _Entries:
    """One lexicon file, checked: known keys only, lists of words, valid patterns."""
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise LexiconError(f"lexicon {source.name} is not valid TOML: {exc}") from exc
    for key in data:
        if key not in _KEYS:
            close = difflib.get_close_matches(key, _KEYS, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise LexiconError(f"lexicon {source.name}: unknown key {key!r}{hint}")
    values: dict[str, Any] = {
        key: _table(source.name, key, value) if key in _TABLES else _words(source.name, key, value)
        for key, value in data.items()
    }
    entries = _Entries(**values)
    for pattern in entries.border_phrases:
        try:
            re.compile(pattern)
        except re.error as exc:
            message = f"lexicon {source.name}: border phrase {pattern!r} is not a valid pattern"
            raise LexiconError(f"{message}: {exc}") from exc
    return entries


def _words(name: str, key: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(w, str) and w for w in value):
        raise LexiconError(f"lexicon {name}: {key} must be a list of non-empty strings")
    return tuple(value)


def _table(name: str, key: str, value: object) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and k and isinstance(v, str) for k, v in value.items()
    ):
        raise LexiconError(f"lexicon {name}: {key} must be a table of strings")
    return tuple(value.items())


@lru_cache(maxsize=65536)
def word_frequency(word: str, lang: str) -> float:
    """How common ``word`` is in ``lang`` on the Zipf scale (6 for "from", 5 for "police",
    3 for "Genoa"), from wordfreq's small lists: 0 below 3 (rare words, most place names)
    and for a language it has no list for. "Police" or "Guide" are towns too; a reader
    takes such a word for the word unless the text says otherwise."""
    from wordfreq import zipf_frequency

    try:
        return float(zipf_frequency(word, lang, wordlist="small"))
    except LookupError:
        return 0.0


#: Languages whose word lists tell the words of one language from the names all of
#: them write.
_NEIGHBOUR_LANGUAGES = ("en", "fr", "de", "es", "it", "pt", "nl")


#: The shortest stem an ending is taken off ("Roms" -> "Rom", never "Os" -> "O").
_MIN_STEM = 3


def base_forms(name: str, lexicon: Lexicon) -> list[str]:
    """The forms the gazetteer may know a name by when the text inflects it or spells it
    otherwise, most likely first, without ``name`` itself: German "Deutschlands" →
    "Deutschland", "Vereinigten Staaten" → "Vereinigte Staaten", "Oesterreich" →
    "Österreich". None for a language whose lexicon has no such rules."""
    if not lexicon.has_name_forms:
        return []
    *heads, last = name.split(" ")
    lasts = [last] + [
        last[: -len(ending)] + base
        for ending, base in lexicon.name_endings
        if last.endswith(ending) and len(last) - len(ending) >= _MIN_STEM
    ]
    head_forms = [heads] + [
        [w[: -len(ending)] + base if w.endswith(ending) and w[:1].isupper() else w for w in heads]
        for ending, base in lexicon.adjective_endings
    ]
    forms = [" ".join([*h, t]) for h in head_forms for t in lasts]
    for written, spelled in lexicon.spelling_variants:
        forms += [f.replace(written, spelled) for f in forms if written in f]
    return [f for f in dict.fromkeys(forms) if f != name]


@cache
def countries_speaking(lang: str) -> frozenset[str]:
    """The countries where ``lang`` is an official or de facto language (Unicode CLDR,
    via babel): Dutch is spoken in the Netherlands, Belgium, Suriname, Aruba…"""
    from babel import Locale
    from babel.languages import get_official_languages

    codes = [str(code) for code in Locale("en").territories]
    return frozenset(
        code
        for code in codes
        if len(code) == 2 and code.isalpha() and lang in get_official_languages(code, de_facto=True)
    )


def frequency_everywhere(word: str) -> float:
    """How common ``word`` is in the least of the languages geonews compares (Zipf
    scale, 0 when one lacks it): a name every language writes, "Amsterdam" or "Berlin",
    stays common in all of them; a word ("Stadt", "Police") does not."""
    from wordfreq import zipf_frequency

    return min(zipf_frequency(word, lang, wordlist="small") for lang in _NEIGHBOUR_LANGUAGES)


def language_specificity(word: str, lang: str) -> float:
    """How much more common ``word`` is in ``lang`` than in the most common of the other
    languages, on the Zipf scale (0 when not more common). Names travel and words do
    not: "Berlin" is about as common in English as in German, "Stadt" or "Mann" only in
    German, where every noun is capitalised like a name."""
    from wordfreq import zipf_frequency

    here = word_frequency(word, lang)
    abroad = max(
        (
            zipf_frequency(word, other, wordlist="small")
            for other in _NEIGHBOUR_LANGUAGES
            if other != lang
        ),
        default=0.0,
    )
    return max(0.0, here - abroad)
