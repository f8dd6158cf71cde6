"""Nationality words as mentions of their country: "les forces russes" → Russia.

Off by default: for a reader of the map, "Russian troops" names an army, not a place,
and the sample article's annotation agrees. Some corpora (LGL, TR-News) count them as
places, and an analyst may want them: ``Geoparser(demonyms=True)`` (``--demonyms`` on
the command line) then adds them as mentions with ``demonym=True``, resolved to the
country, which the map puts on a layer of their own, off until switched on.

The words are data (``demonyms.csv`` beside this module: language, word, and an ISO
3166-1 country code or, for the people of a state or province, its ISO 3166-2 code:
"Texans" → US-TX, "Québécois" → CA-QC, "Abkhaz" → GE-AB). English
forms come from the ``countryinfo`` package's demonyms (MIT; the most populous country
takes a form two countries share, such as "Congolese"), with plurals and the common
forms it lacks ("Briton", "Saudi", "Emirati"); French forms, masculine, feminine and
plural, were written for geonews. English demonyms are capitalised; French ones match
lowercase ("les forces russes") or capitalised as nouns ("les Russes").
"""

from __future__ import annotations

import csv
import re
from collections.abc import Collection, Iterator, Mapping, Sequence
from functools import cache
from importlib import resources
from types import MappingProxyType

from geonews.model import Mention
from geonews.sentences import mention_sentence

# A capitalised word ending right before a hyphen: "Russian" in "Russian-American".
_CAPITALISED_BEFORE = re.compile(r"(?<![\w-])[A-Z][\w]*$")

#: A demonym mention's NER-style label.
DEMONYM_LABEL = "DEMONYM"


@cache
def demonym_table(lang: str) -> Mapping[str, str]:
    """Word -> ISO country code for one language (empty for a language with none)."""
    text = resources.files("geonews").joinpath("demonyms.csv").read_text("utf-8")
    rows = csv.DictReader(text.splitlines())
    table = {row["word"]: row["country_code"] for row in rows if row["lang"] == lang}
    return MappingProxyType(table)


@cache
def _pattern(lang: str) -> re.Pattern[str] | None:
    words = sorted(demonym_table(lang), key=len, reverse=True)
    if not words:
        return None
    forms = {w for word in words for w in (word, word[:1].upper() + word[1:])}
    alternation = "|".join(re.escape(w) for w in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)")


def find_demonyms(
    text: str, lang: str, taken: Collection[tuple[int, int]], sentences: Sequence[tuple[int, int]]
) -> list[tuple[Mention, str]]:
    """Every nationality word outside the ``taken`` spans, as a mention and the ISO code
    of its country. ``sentences`` are the article's sentence bounds, in order."""
    found = []
    for start, end, code in _nationality_words(text, lang, taken):
        s_start, s_end = mention_sentence(text, sentences, start, end)
        mention = Mention(
            text=text[start:end],
            start=start,
            end=end,
            sentence=text[s_start:s_end],
            sentence_start=s_start,
            label=DEMONYM_LABEL,
            demonym=True,
        )
        found.append((mention, code))
    return found


def countries_of_demonyms(
    text: str, lang: str, taken: Collection[tuple[int, int]] = ()
) -> frozenset[str]:
    """The ISO codes of the countries whose nationality words stand outside ``taken``:
    "an Egyptian court" names Egypt as a place to read the article's other names by,
    whether or not the word is shown as a mention."""
    return frozenset(code.split("-")[0] for _, _, code in _nationality_words(text, lang, taken))


def _hyphened_to_a_name(text: str, start: int, end: int) -> bool:
    """Whether a word is whole or hyphened only to other names: "Russian-American crew",
    "Egyptian-US relations", "Arab-Israeli conflict" name two peoples each; "Russian-born"
    and "pro-Russian" do not stand for Russia the way a place does."""
    if text[start - 1 : start] == "-" and not _CAPITALISED_BEFORE.search(text, 0, start - 1):
        return False
    return text[end : end + 1] != "-" or text[end + 1 : end + 2].isupper()


def _nationality_words(
    text: str, lang: str, taken: Collection[tuple[int, int]]
) -> Iterator[tuple[int, int, str]]:
    pattern = _pattern(lang)
    if pattern is None:
        return
    table = demonym_table(lang)
    for match in pattern.finditer(text):
        start, end = match.span()
        if any(s < end and start < e for s, e in taken) or not _hyphened_to_a_name(
            text, start, end
        ):
            continue
        word = match.group()
        code = table.get(word) or table.get(word[:1].lower() + word[1:])
        if code is not None:
            yield start, end, code
