"""Lookup keys for place names: one spelling per name, whatever the accents or case.

News text writes the same place many ways ("États-Unis", "Etats Unis", "ETATS-UNIS";
"Quai d'Orsay" with a straight or a curly apostrophe). The gazetteer stores every alias
under the key :func:`normalize_name` gives it and looks queries up under the same key,
so all of these meet. Non-Latin scripts are kept as they are ("Москва" stays findable);
only combining marks are dropped, which is what removes Latin accents.

Abbreviations are the exception: "LA", "La." or "IN" must not match the words "la" or
"in". They are stored under :func:`exact_key`, which keeps case and punctuation, so they
only match when written exactly so.

Papers also shorten names in ways no source lists for every place: :func:`county_names`
and :func:`shortened_heads` give those forms ("Laurel Co.", "Ft Lauderdale").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Final

#: The source of a town GeoNames lists in cities500 but not cities1000 (under 1,000
#: people and no seat). Such a town is a reading for a name the text gives as a place
#: ("Churchill, Man."), never evidence that a word is a name: the recognition rules
#: leave it out (:func:`geonews.known.known_from`).
SMALL_TOWN_SOURCE: Final = "GeoNames cities500"

# Apostrophes, backticks and every hyphen or dash become a space: "Quai d’Orsay" and
# "Quai d'Orsay" meet, and so do "Etats-Unis" and "Etats Unis".
_SEPARATORS = re.compile(
    "['\u2018\u2019\u201b\u02bc\u02bb\u02b9\u0060\u00b4\u2032"
    "\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d]"
)
_SPACES = re.compile(r"\s+")

#: Prefix of keys that match only the exact written form (abbreviations).
EXACT_PREFIX = "="


def normalize_name(text: str) -> str:
    """Return the accent-, case-, apostrophe- and hyphen-insensitive key of a name.

    >>> normalize_name("États-Unis") == normalize_name("etats unis")
    True
    >>> normalize_name("Quai d’Orsay")
    'quai d orsay'
    >>> normalize_name("Москва")
    'москва'
    """
    if text.isascii():  # nothing to decompose: the common case, and a hot path
        folded = text.casefold()
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
        # Recompose so that scripts whose letters NFKD split (Hangul, some Indic) round-trip.
        folded = unicodedata.normalize("NFC", stripped).casefold()
    spaced = _SEPARATORS.sub(" ", folded)
    return _SPACES.sub(" ", spaced).strip()


def exact_key(text: str) -> str:
    """Return the case- and punctuation-preserving key of an abbreviation ("W.Va.")."""
    return EXACT_PREFIX + _SPACES.sub(" ", text).strip()


def county_names(name: str) -> list[str]:
    """The ways news text writes a county's name: "Laurel County", "Laurel Co.", ...

    "St." and "Ste." are also spelled out ("Saint Clair County") and written without
    the period, as the ZIP list and many papers do.
    """
    forms = [name]
    for word, short in ((" County", " Co."), (" Parish", " Par.")):
        if name.endswith(word):
            forms.append(name[: -len(word)] + short)
    for short, full in (("St. ", "Saint "), ("Ste. ", "Sainte ")):
        forms += [form.replace(short, full) for form in forms if short in form]
        forms += [form.replace(short, short.replace(".", "")) for form in forms if short in form]
    # Span cleaning may take the final period off "Laurel Co.".
    forms += [form[:-1] for form in forms if form.endswith(".")]
    return list(dict.fromkeys(forms))


# The words US and British papers shorten at the head of a name: "Ft Lauderdale",
# "Mt. Pleasant", "St Helens", "Pt Pleasant", "St. Kitts and Nevis".
_SHORT_HEADS = (
    ("fort ", "ft"),
    ("mount ", "mt"),
    ("saint ", "st"),
    ("sainte ", "ste"),
    ("point ", "pt"),
)


def shortened_heads(key: str) -> list[str]:
    """A name key as papers shorten its first word, with and without the period."""
    for head, short in _SHORT_HEADS:
        if key.startswith(head):
            rest = key[len(head) :]
            return [f"{short} {rest}", f"{short}. {rest}"]
    return []


def clean_names(names: Iterable[str]) -> list[str]:
    """The names without surrounding blanks, empty ones left out."""
    return [name.strip() for name in names if name and name.strip()]
