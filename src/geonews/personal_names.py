"""How often a word is a person's name: evidence against reading it as a place.

Many towns share their name with people ("Ripley", "Welch", "Jordan", "Victoria"), and
the small NER models read many places as people ("Kigali", "Goma"). Whether a word is a
common first name or surname tells the two apart better than NER's label: "Nepal" and
"Kigali" name nobody, "Wilson" and "Flores" name millions.

The frequencies are the United States Census Bureau's 1990 name lists (public domain):
88,799 surnames and 5,163 first names with the share of the population bearing each, as
shipped by the ``names`` package (MIT). They are American; its surnames include many
from Europe, Latin America and Asia, and names from elsewhere score 0 (no evidence
either way).
"""

from __future__ import annotations

import math
import unicodedata
from functools import cache
from importlib import resources

__all__ = ["is_first_name", "person_name_score"]

#: A name in the lists whose share rounds to 0.000 % still counts: 0.0005 %.
_FLOOR = 0.0005


@cache
def _shares() -> tuple[dict[str, float], dict[str, float]]:
    """(surnames, first names): each name in capitals → percent of people bearing it."""
    files = resources.files("names")

    def read(*filenames: str) -> dict[str, float]:
        shares: dict[str, float] = {}
        for filename in filenames:
            for line in files.joinpath(filename).read_text(encoding="ascii").splitlines():
                name, share, *_ = line.split()
                shares[name] = max(shares.get(name, 0.0), float(share), _FLOOR)
        return shares

    return read("dist.all.last"), read("dist.male.first", "dist.female.first")


def person_name_score(name: str) -> float:
    """How strongly ``name`` reads as a person's name: log10(1 + people per million
    bearing it). One word counts as a surname or a first name, whichever is commoner
    ("Wilson" 3.5, "Ripley" 1.5, "Paris" 1.7, "Nepal" 0); several words as a first name
    then a surname ("Glen Allen" 3.0), else 0 ("New York"). The decision weighs it with
    the place's size and fame: Paris is a surname too, but a small one beside the city."""
    surnames, first_names = _shares()
    words = _plain(name).replace("-", " ").upper().split()
    if not words:
        return 0.0
    if len(words) == 1:
        share = max(surnames.get(words[0], 0.0), first_names.get(words[0], 0.0))
    else:
        share = min(first_names.get(words[0], 0.0), surnames.get(words[-1], 0.0))
    return math.log10(1 + 10_000 * share)


#: A first name borne by at least this share of people (percent): 1 in 10,000.
_COMMON_FIRST_NAME = 0.01


def is_first_name(word: str) -> bool:
    """Whether ``word`` is a common first name ("Luís", "Chad", "Maria"), not only a
    rare one ("Paris" and "London" are first names of a few)."""
    _surnames, first_names = _shares()
    return first_names.get(_plain(word).upper(), 0.0) >= _COMMON_FIRST_NAME


def _plain(name: str) -> str:
    """``name`` without accents, as the lists write names: "Luís" is "LUIS"."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
