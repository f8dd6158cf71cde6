"""Fit the resolver's weights: the right candidate of each recognised gold place should
outscore each wrong one.

For every gold place with coordinates that the pipeline recognises, the resolver's
candidates for that mention are read with their evidence (:func:`geonews.resolve.
read_candidates`); those within 161 km of the gold point are right, the others wrong.
Each (right, wrong) pair gives the difference of their feature vectors, and a logistic
regression without intercept on those differences gives one weight per feature: the
weights under which right candidates outscore wrong ones most often (a pairwise ranking
model). Each corpus weighs the same in the fit, however many places it has, so local
US news does not outvote world news.

Closeness support depends on the weights themselves (a name lends by how sure its
readings are), so fitting alternates: read the candidates under the current weights,
fit, and again, a few rounds.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from geonews.distance import great_circle_km
from geonews.evaluate import match_spans
from geonews.gold import GoldDocument
from geonews.model import CandidateSource, Mention
from geonews.ranking import FEATURES, Weights
from geonews.resolve import read_candidates

#: A candidate is right when it lies this close to the gold point (the field's acc@161km).
RIGHT_KM = 161.0
#: Rounds of reading and fitting: support settles after two or three.
ROUNDS = 3


@dataclass(frozen=True, slots=True)
class Recognised:
    """One corpus document as the pipeline read it: its mentions, ready to resolve."""

    doc: GoldDocument
    mentions: tuple[Mention, ...]


@dataclass(slots=True)
class Choices:
    """Every recognised gold place with a right and a wrong candidate: their features."""

    corpus: list[str]
    candidates: list[list[tuple[float, ...]]]
    right: list[list[bool]]

    def __len__(self) -> int:
        return len(self.right)


def choices(
    documents: Iterable[Recognised],
    weights: Weights,
    *,
    source: CandidateSource,
    normalize: Callable[[str], str],
) -> Choices:
    """The candidates of each recognised gold place with coordinates, and which are right."""
    from geonews.lexicon import load_lexicon

    out = Choices([], [], [])
    for item in documents:
        doc, mentions = item.doc, item.mentions
        gold = [p for p in doc.places if p.lat is not None and p.lon is not None]
        pairs = match_spans([(m.start, m.end) for m in mentions], [(g.start, g.end) for g in gold])
        if not pairs:
            continue
        reading = read_candidates(
            mentions,
            doc.text,
            source,
            lexicon=load_lexicon(doc.lang),
            normalize=normalize,
            weights=weights,
        )
        for index, g in pairs.items():
            lat, lon = gold[g].lat, gold[g].lon
            assert lat is not None and lon is not None
            scored = reading.ranked[reading.keys[index]]
            right = [great_circle_km(lat, lon, p.lat, p.lon) < RIGHT_KM for _, p, _ in scored]
            if any(right) and not all(right):
                out.corpus.append(doc.corpus)
                out.candidates.append([features for _, _, features in scored])
                out.right.append(right)
    return out


def fit(data: Choices, *, regularisation: float = 1.0) -> tuple[float, ...]:
    """Weights from a pairwise logistic regression, each corpus weighing the same."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    per_corpus = {name: data.corpus.count(name) for name in set(data.corpus)}
    rows, labels, sample = [], [], []
    for corpus, features, right in zip(data.corpus, data.candidates, data.right, strict=True):
        good = [f for f, r in zip(features, right, strict=True) if r]
        bad = [f for f, r in zip(features, right, strict=True) if not r]
        # Each place weighs 1 / (places in its corpus), spread over its pairs.
        share = 1.0 / (per_corpus[corpus] * len(good) * len(bad))
        for g in good:
            for b in bad:
                diff = [x - y for x, y in zip(g, b, strict=True)]
                rows += [diff, [-d for d in diff]]
                labels += [1, 0]
                sample += [share, share]
    scale = len(per_corpus) and len(sample) / sum(sample)
    model = LogisticRegression(C=regularisation, fit_intercept=False, max_iter=2000)
    model.fit(np.array(rows), np.array(labels), sample_weight=np.array(sample) * scale)
    return tuple(round(float(w), 4) for w in model.coef_[0])


def accuracy(data: Choices, values: Sequence[float]) -> float:
    """Share of places whose best-scoring candidate is a right one (ties go wrong)."""
    weights = Weights(tuple(values), {})
    hits = 0
    for features, right in zip(data.candidates, data.right, strict=True):
        scores = [weights.score(f) for f in features]
        best = max(scores)
        winners = [r for s, r in zip(scores, right, strict=True) if math.isclose(s, best)]
        hits += all(winners)
    return hits / len(data) if len(data) else 0.0


def only(data: Choices, keep: Iterable[str]) -> Choices:
    wanted = set(keep)
    picked = [i for i, name in enumerate(data.corpus) if name in wanted]
    return Choices(
        [data.corpus[i] for i in picked],
        [data.candidates[i] for i in picked],
        [data.right[i] for i in picked],
    )


__all__ = ["FEATURES", "ROUNDS", "Choices", "Recognised", "accuracy", "choices", "fit", "only"]
