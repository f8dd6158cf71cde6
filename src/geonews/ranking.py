"""How the resolver weighs a candidate place: the evidence it reads, and the learned weights.

Every candidate of a name is described by the same few numbers (:data:`FEATURES`): what
kind of place it is, how large and how well known, what the article says about where it
is (the countries and regions it names, a qualifier such as "Paris, Texas"), and how
close it lies to the other places of the article. Its score is the weighted sum of
those numbers; the best score wins, and the softmax share of it is the confidence.

The weights live in ``models/resolver.json``, as data. They are set by hand from the
principles :mod:`geonews.resolve` states (kind before size, fame among towns, what the
text says before fame), and checked against weights *fitted* on annotated corpora:
``python -m geonews.learn resolver`` fits a pairwise logistic regression (the right
candidate should outscore each wrong one) and reports both on each corpus held out.
Fitted weights cannot tell a city from the same-named region holding it (both lie
within the corpora's 161 km of the gold point), so they learn that bigger is better and
read Kyiv, Beijing or Geneva as their regions; they also did worse on two of the three
held-out corpora (docs/accuracy.md). So the hand-set ones ship; the file takes either.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Final

from geonews.errors import GeonewsError

#: The evidence about one candidate, in the order of a feature vector.
FEATURES: Final = (
    # Kind, against a town (all zero): countries outrank regions, which outrank towns.
    "is_country",
    "is_region",
    "is_county",
    "is_landmark",
    "is_other",
    # Size and fame, before any context.
    "log_population",  # log10(inhabitants + 1)
    "fame",  # towns: log2(1 + names the town goes by in the world's languages)
    "capital",  # a national capital
    # What the article says about where it is.
    "in_named_country",  # 1/sqrt(countries named) when the article names its country
    "in_dominant_country",  # the country most of the article's other names point to
    "in_named_region",  # the article names its region (state, province), or dates from it
    "same_kind_as_list",  # the other names of its list read as this kind: "England and Wales"
    "qualified",  # a qualifier pairs it with a container: "Paris, Texas"
    "area_word",  # an area, and the text says region, canton, province... beside the name
    "feature_word",  # a sea, gulf or peninsula, and the name says so ("Red Sea")
    # Doubts about the candidate.
    "other_name",  # a small town answering only to an unrelated alternate name
    "exonym",  # a town holding the name as an exonym while a town is really called so
    "shortened",  # a small town whose longer name holds it, while a town is called so
    "area_below_town",  # a region or county smaller than a same-named town
    "region_of_city",  # a region named for a big city, or for the town it holds
    # Closeness to the article's other places (see closeness.Lender), at most 2 units.
    "support",
)

#: Evidence the text states outright outweighs any learned weight: a seat of power
#: named as such ("le Kremlin") is the seat, not the town beside it.
METONYM_WEIGHT: Final = 8.0


@dataclass(frozen=True, slots=True)
class Weights:
    """One weight per feature, and where they came from (corpora, licences, validation)."""

    values: tuple[float, ...]
    about: Mapping[str, Any]

    def score(self, features: Sequence[float]) -> float:
        return math.fsum(w * x for w, x in zip(self.values, features, strict=True))

    def without_support(self, features: Sequence[float]) -> float:
        """The score a candidate earns on its own evidence, before any closeness."""
        return self.score(features) - self.values[-1] * features[-1]

    def to_json(self) -> dict[str, Any]:
        return {"weights": dict(zip(FEATURES, self.values, strict=True)), **self.about}


def weights_from_json(data: Mapping[str, Any], origin: str = "weights") -> Weights:
    """Weights from their JSON form; every feature must have a finite number."""
    table = data.get("weights")
    if not isinstance(table, Mapping) or set(table) != set(FEATURES):
        raise GeonewsError(f"{origin}: needs one weight for each of {', '.join(FEATURES)}")
    values = tuple(table[name] for name in FEATURES)
    if not all(isinstance(v, int | float) and math.isfinite(v) for v in values):
        raise GeonewsError(f"{origin}: every weight must be a finite number")
    about = {k: v for k, v in data.items() if k != "weights"}
    return Weights(tuple(float(v) for v in values), about)


def default_weights_path() -> Path:
    return Path(__file__).with_name("models") / "resolver.json"


@cache
def load_weights(path: Path | None = None) -> Weights:
    """The resolver's weights: those shipped with geonews unless ``path`` says otherwise."""
    target = path or default_weights_path()
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise GeonewsError(f"cannot read the resolver weights {target}: {exc}") from exc
    return weights_from_json(data, str(target))
