"""Fit the place / not-place decision on the names the gazetteer knows that NER and the
rules left out (:mod:`geonews.candidates`).

Every such candidate in an annotated corpus is labelled: a place when it overlaps a gold
place, not one when it overlaps nothing, left out when it overlaps a span the annotators
set aside (demonyms, organisations). A logistic regression on standardised features
fits the decision; every corpus weighs the same, however many candidates it has.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from geonews.candidates import FEATURES, Candidate, Recogniser
from geonews.gold import GoldDocument, GoldPlace, Span

#: Take a candidate from this probability. The F1-optimal threshold of a calibrated
#: classifier is half the F1 it can reach (Lipton, Elkan and Naryanaswamy 2014, "Optimal
#: thresholding of classifiers to maximize F1"); the pipeline recognises places at an F1
#: near 0.85, so 0.42.
THRESHOLD = 0.42


@dataclass(slots=True)
class Labelled:
    """Candidates with their corpus and whether each is a place."""

    corpus: list[str]
    features: list[tuple[float, ...]]
    place: list[bool]

    def __len__(self) -> int:
        return len(self.place)

    def only(self, keep: Iterable[str]) -> Labelled:
        wanted = set(keep)
        picked = [i for i, name in enumerate(self.corpus) if name in wanted]
        return Labelled(
            [self.corpus[i] for i in picked],
            [self.features[i] for i in picked],
            [self.place[i] for i in picked],
        )


def label(documents: Iterable[tuple[GoldDocument, Sequence[Candidate]]]) -> Labelled:
    """Each candidate labelled by the gold spans of its document."""
    out = Labelled([], [], [])
    for doc, candidates in documents:
        for candidate in candidates:
            if _overlaps(candidate, doc.places):
                out.place.append(True)
            elif _overlaps(candidate, doc.ignore):
                continue
            else:
                out.place.append(False)
            out.corpus.append(doc.corpus)
            out.features.append(candidate.features)
    return out


def _overlaps(candidate: Candidate, spans: Iterable[GoldPlace | Span]) -> bool:
    return any(s.start < candidate.end and candidate.start < s.end for s in spans)


def fit(data: Labelled, *, regularisation: float = 1.0, threshold: float = THRESHOLD) -> Recogniser:
    """A logistic regression on standardised features, every corpus weighing the same."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    x = np.array(data.features, dtype=float)
    y = np.array(data.place, dtype=int)
    means = x.mean(axis=0)
    scales = x.std(axis=0)
    scales[scales == 0] = 1.0
    per_corpus = {name: data.corpus.count(name) for name in set(data.corpus)}
    sample = np.array([len(data) / (len(per_corpus) * per_corpus[c]) for c in data.corpus])
    model = LogisticRegression(C=regularisation, max_iter=5000)
    model.fit((x - means) / scales, y, sample_weight=sample)
    return Recogniser(
        weights=tuple(round(float(w), 4) for w in model.coef_[0]),
        means=tuple(round(float(m), 4) for m in means),
        scales=tuple(round(float(s), 4) for s in scales),
        intercept=round(float(model.intercept_[0]), 4),
        threshold=threshold,
        about={},
    )


def scores(data: Labelled, recogniser: Recogniser) -> dict[str, float | int]:
    """How the decision does on labelled candidates: places taken, non-places taken."""
    taken = [recogniser.is_place(f) for f in data.features]
    tp = sum(t and p for t, p in zip(taken, data.place, strict=True))
    fp = sum(t and not p for t, p in zip(taken, data.place, strict=True))
    fn = sum(not t and p for t, p in zip(taken, data.place, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return {
        "candidates": len(data),
        "places": tp + fn,
        "taken_right": tp,
        "taken_wrong": fp,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
    }


__all__ = ["FEATURES", "Labelled", "fit", "label", "scores"]
