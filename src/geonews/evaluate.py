"""Score the pipeline against human-annotated corpora (see ``../shared/eval/README.md``).

A corpus is JSON lines: one document per line with ``text``, gold ``places`` (spans with
optional coordinates) and ``ignore`` spans. :func:`geonews.gold.load_corpus` reads and checks it,
:func:`evaluate` runs a parser over the documents and scores what it finds, and
:func:`write_errors` dumps every miss, false positive and far-off placement so the failure
classes can be read rather than guessed.

Metrics (as Gritta et al. 2017/2018 and the Mordecai 3 evaluation define them):

Recognition
    A prediction matches a gold place when the spans overlap. Matching is one-to-one and
    greedy in text order: predictions are taken by ``(start, end)`` and each takes the
    earliest unmatched gold place it overlaps. Exact-span scores use the same procedure
    with "same start and end" in place of "overlap". A prediction that matches no gold
    place but overlaps an ``ignore`` span is neutral (neither true nor false positive).
Resolution
    Over gold places with coordinates that were recognised (overlap matching). The error
    is the great-circle distance by the haversine formula on a sphere of radius
    6371.0088 km, the IUGG mean radius (:mod:`geonews.distance`). **A recognised gold
    place whose prediction has no coordinates counts as a resolution failure with error
    :data:`UNRESOLVED_KM` = 20039 km**, worse than any real distance (half the
    circumference is 20015 km), so an unresolved mention never helps a score.
    ``acc@161km`` is the share with error < 161 km; mean and median in km; AUC is the
    trapezoid area under the sorted ``ln(1 + error_km)`` curve divided by
    ``ln(20039) * (n - 1)`` (0 is perfect, about 1 is worst). For a single error the
    curve is a point and AUC is defined as ``ln(1 + error) / ln(20039)``, the height of
    that constant curve; with no errors every resolution figure is ``None``.
End to end
    ``acc@161km`` over *all* gold places with coordinates: a place counts when it was
    recognised and placed within 161 km; misses and unresolved mentions are failures.
"""

from __future__ import annotations

import itertools
import json
import logging
import math
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, Literal, Protocol

from geonews.distance import great_circle_km
from geonews.gold import GoldDocument, GoldPlace
from geonews.model import (
    COORDINATE_DECIMALS,
    Article,
    GeoMention,
    Place,
    Result,
    round_coordinates,
)

logger = logging.getLogger(__name__)

#: Error charged to a recognised place that the pipeline left without coordinates.
UNRESOLVED_KM = 20039.0
#: The accuracy threshold of the literature (100 miles).
ACCURACY_KM = 161.0
#: Characters of text kept on each side of a span in the error log.
CONTEXT_CHARS = 80

ErrorKind = Literal["miss", "false_positive", "far", "unresolved"]


# --------------------------------------------------------------------------- metrics


def auc_of_errors(errors_km: Sequence[float]) -> float | None:
    """Normalised area under the sorted ``ln(1 + error)`` curve (0 best, about 1 worst).

    Trapezoids of unit width over the sorted values, divided by ``ln(20039) * (n - 1)``.
    One error gives ``ln(1 + error) / ln(20039)``; no errors give ``None``.
    """
    if not errors_km:
        return None
    heights = [math.log1p(e) for e in sorted(errors_km)]
    scale = math.log(UNRESOLVED_KM)
    if len(heights) == 1:
        return heights[0] / scale
    area = sum((a + b) / 2 for a, b in itertools.pairwise(heights))
    return area / (scale * (len(heights) - 1))


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def match_spans(
    predicted: Sequence[tuple[int, int]],
    gold: Sequence[tuple[int, int]],
    *,
    exact: bool = False,
) -> dict[int, int]:
    """Pair predictions with gold spans one-to-one, greedily in text order.

    Predictions are visited by ``(start, end)``; each takes the earliest unmatched gold span
    it overlaps (or, with ``exact``, that has the same start and end). Returns
    ``{prediction index: gold index}``.
    """
    gold_order = sorted(range(len(gold)), key=lambda g: gold[g])
    taken: set[int] = set()
    pairs: dict[int, int] = {}
    for p in sorted(range(len(predicted)), key=lambda p: predicted[p]):
        ps, pe = predicted[p]
        for g in gold_order:
            if g in taken:
                continue
            gs, ge = gold[g]
            if gs >= pe:
                break  # gold is sorted by start: nothing later can overlap or be equal
            hit = (ps, pe) == (gs, ge) if exact else _overlaps(ps, pe, gs, ge)
            if hit:
                pairs[p] = g
                taken.add(g)
                break
    return pairs


@dataclass(slots=True)
class Scores:
    """Counts accumulated over documents; the metrics are computed from them."""

    documents: int = 0
    gold: int = 0
    gold_with_coordinates: int = 0
    predicted: int = 0
    neutral: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    exact_tp: int = 0
    exact_fp: int = 0
    exact_fn: int = 0
    unresolved: int = 0
    end_to_end_hits: int = 0
    #: Recognised places counted right by area: inside the predicted country, continent
    #: or grouping, or else within 161 km (see :func:`_placement_errors`).
    area_hits: int = 0
    skipped_gold: int = 0
    #: Documents with a main place, and those whose top focus is right (see
    #: :func:`focus_is_right`).
    focus_documents: int = 0
    focus_hits: int = 0
    seconds: float = 0.0
    errors_km: list[float] = field(default_factory=list)

    def add(self, other: Scores) -> None:
        """Fold another document's counts into these."""
        for f in fields(Scores):
            if f.name == "errors_km":
                self.errors_km.extend(other.errors_km)
            else:
                setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    @property
    def precision(self) -> float:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        return _f1(self.tp, self.fp, self.fn)

    @property
    def exact_f1(self) -> float:
        return _f1(self.exact_tp, self.exact_fp, self.exact_fn)

    @property
    def acc_161km(self) -> float | None:
        if not self.errors_km:
            return None
        return sum(e < ACCURACY_KM for e in self.errors_km) / len(self.errors_km)

    @property
    def mean_km(self) -> float | None:
        return statistics.fmean(self.errors_km) if self.errors_km else None

    @property
    def median_km(self) -> float | None:
        return statistics.median(self.errors_km) if self.errors_km else None

    @property
    def auc(self) -> float | None:
        return auc_of_errors(self.errors_km)

    @property
    def area_acc(self) -> float | None:
        if not self.errors_km:
            return None
        return self.area_hits / len(self.errors_km)

    @property
    def end_to_end_area_acc(self) -> float | None:
        if not self.gold_with_coordinates:
            return None
        return self.area_hits / self.gold_with_coordinates

    @property
    def focus_accuracy(self) -> float | None:
        return self.focus_hits / self.focus_documents if self.focus_documents else None

    @property
    def end_to_end_acc_161km(self) -> float | None:
        if not self.gold_with_coordinates:
            return None
        return self.end_to_end_hits / self.gold_with_coordinates

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready figures, rounded for reading (ratios to 4 places, km to 0.1)."""
        return {
            "documents": self.documents,
            "gold_places": self.gold,
            "gold_with_coordinates": self.gold_with_coordinates,
            "skipped_gold": self.skipped_gold,
            "predicted": self.predicted,
            "neutral": self.neutral,
            "recognition": {
                "precision": _round(self.precision, 4),
                "recall": _round(self.recall, 4),
                "f1": _round(self.f1, 4),
                "exact_f1": _round(self.exact_f1, 4),
                "tp": self.tp,
                "fp": self.fp,
                "fn": self.fn,
                "exact_tp": self.exact_tp,
                "exact_fp": self.exact_fp,
                "exact_fn": self.exact_fn,
            },
            "resolution": {
                "n": len(self.errors_km),
                "unresolved": self.unresolved,
                "acc_161km": _round(self.acc_161km, 4),
                "mean_km": _round(self.mean_km, 1),
                "median_km": _round(self.median_km, 1),
                "auc": _round(self.auc, 4),
                "area_acc": _round(self.area_acc, 4),
            },
            "end_to_end_acc_161km": _round(self.end_to_end_acc_161km, 4),
            "end_to_end_area_acc": _round(self.end_to_end_area_acc, 4),
            "focus": {
                "documents": self.focus_documents,
                "accuracy": _round(self.focus_accuracy, 4),
            },
            "seconds": round(self.seconds, 3),
            "documents_per_second": _round(_rate(self.documents, self.seconds), 2),
        }


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def _f1(tp: int, fp: int, fn: int) -> float:
    return _ratio(2 * tp, 2 * tp + fp + fn)


def _rate(count: int, seconds: float) -> float | None:
    return count / seconds if seconds > 0 else None


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


# --------------------------------------------------------------------------- errors


@dataclass(frozen=True, slots=True)
class ErrorRecord:
    """One thing the pipeline got wrong, with enough context to see why.

    ``kind`` is ``miss`` (gold place not recognised), ``false_positive`` (prediction that
    matches no gold place and no ignore span), ``far`` (recognised, placed ≥ 161 km away)
    or ``unresolved`` (recognised, left without coordinates). ``start``/``end``/``text``
    are the gold span, except for false positives where they are the predicted span.
    """

    kind: ErrorKind
    doc_id: str
    corpus: str
    lang: str
    start: int
    end: int
    text: str
    context: str
    predicted: dict[str, Any] | None = None
    gold: dict[str, Any] | None = None
    error_km: float | None = None
    classes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Every field, JSON-ready: the distance rounded to 0.1 km, the classes a list."""
        record = asdict(self)
        record.update(error_km=_round(self.error_km, 1), classes=list(self.classes))
        return record


_WHITESPACE = re.compile(r"\s+")
_CAPITALISED_WORD = re.compile(r"[A-ZÀ-ÖØ-Þ][\w'\u2019.-]*")


def _context(text: str, start: int, end: int) -> str:
    left = text[max(0, start - CONTEXT_CHARS) : start]
    right = text[end : end + CONTEXT_CHARS]
    return _WHITESPACE.sub(" ", f"{left}[[{text[start:end]}]]{right}")


def classify_span(text: str, start: int, end: int) -> tuple[str, ...]:
    """Cheap surface classes of a span, for tallying what kind of names go wrong.

    ``all_caps`` (COLUMBUS), ``abbreviation`` (U.S., W.Va., Ind.; short all-caps such as
    US), ``in_capitalised_phrase`` (a capitalised word right before or after, as in
    "Texas Department"), ``possessive`` (followed by 's).
    """
    span = text[start:end]
    letters = [c for c in span if c.isalpha()]
    classes: list[str] = []
    if len(letters) > 3 and all(c.isupper() for c in letters):
        classes.append("all_caps")
    if "." in span or (0 < len(letters) <= 3 and all(c.isupper() for c in letters)):
        classes.append("abbreviation")
    before = text[max(0, start - 40) : start]
    after = text[end : end + 40]
    previous_word = re.search(r"([\w'\u2019.-]+) $", before)
    next_word = re.match(r" ([\w'\u2019.-]+)", after)
    if (previous_word and _CAPITALISED_WORD.fullmatch(previous_word.group(1))) or (
        next_word and _CAPITALISED_WORD.fullmatch(next_word.group(1))
    ):
        classes.append("in_capitalised_phrase")
    if re.match(r"['\u2019]s\b", after):
        classes.append("possessive")
    return tuple(classes)


def _predicted_info(geomention: GeoMention) -> dict[str, Any]:
    mention, place = geomention.mention, geomention.place
    info: dict[str, Any] = {
        "start": mention.start,
        "end": mention.end,
        "text": mention.text,
        "label": mention.label,
        "metonym": mention.metonym,
    }
    if place is not None:
        info.update(
            name=place.name,
            place_id=place.place_id,
            kind=place.kind,
            country_code=place.country_code,
            lat=round_coordinates(place.lat, COORDINATE_DECIMALS),
            lon=round_coordinates(place.lon, COORDINATE_DECIMALS),
            source=place.source,
        )
    return info


def _gold_info(place: GoldPlace) -> dict[str, Any]:
    return asdict(place)


def tally_error_classes(records: Iterable[ErrorRecord]) -> dict[str, dict[str, int]]:
    """Count error records by kind and class (surface classes, NER label, place kind)."""
    tally: dict[str, Counter[str]] = {}
    for record in records:
        counter = tally.setdefault(record.kind, Counter())
        counter["total"] += 1
        counter.update(record.classes)
        if record.predicted is not None:
            counter[f"label:{record.predicted['label']}"] += 1
            if "kind" in record.predicted:
                counter[f"predicted_kind:{record.predicted['kind']}"] += 1
    return {kind: dict(sorted(c.items())) for kind, c in sorted(tally.items())}


#: Keys every error record has: the mark of a log :func:`write_errors` wrote.
_ERROR_KEYS = frozenset({"kind", "doc_id", "corpus", "start", "end", "text", "context"})


def is_error_log(path: Path) -> bool:
    """Whether ``path`` holds an error log geonews wrote: its first line is a record."""
    try:
        with path.open(encoding="utf-8", errors="replace") as fh:
            first = json.loads(fh.readline(1_000_000) or "null")
    except (OSError, ValueError):
        return False
    return isinstance(first, dict) and first.keys() >= _ERROR_KEYS


def write_errors(path: Path, records: Iterable[ErrorRecord], *, force: bool = False) -> int:
    """Write error records as JSON lines (keys sorted), atomically; return how many.

    An existing file is replaced only when it is an error log (:func:`is_error_log`),
    empty, or ``force`` is true; see :func:`geonews.output.write_output`.
    """
    from geonews.output import write_output

    lines = [json.dumps(r.to_dict(), ensure_ascii=False, sort_keys=True) + "\n" for r in records]
    write_output(path, "".join(lines), force=force, owned=is_error_log)
    return len(lines)


# --------------------------------------------------------------------------- scoring


#: Whether a point lies inside a predicted place made of countries (``None``: not one).
AreaTest = Callable[[Place, float, float], "bool | None"]


def score_document(
    doc: GoldDocument, result: Result, holds: AreaTest | None = None
) -> tuple[Scores, list[ErrorRecord]]:
    """Score one parsed document against its gold annotation.

    ``holds`` (e.g. :meth:`~geonews.gazetteer.Gazetteer.holds`) scores large areas by
    their outline as well: a country, continent or grouping is right when the gold point
    lies inside it, whatever point each source gives it.
    """
    mentions = sorted(result.mentions, key=lambda m: (m.mention.start, m.mention.end))
    predicted = [(m.mention.start, m.mention.end) for m in mentions]
    gold = [(p.start, p.end) for p in doc.places]
    scores = Scores(
        documents=1,
        gold=len(doc.places),
        gold_with_coordinates=sum(p.has_coordinates for p in doc.places),
        predicted=len(predicted),
        skipped_gold=doc.skipped,
    )
    records: list[ErrorRecord] = []

    pairs = match_spans(predicted, gold)
    scores.tp = len(pairs)
    scores.fn = len(gold) - len(pairs)
    for p, span in enumerate(predicted):
        if p in pairs:
            continue
        if _ignored(doc, span):
            scores.neutral += 1
        else:
            scores.fp += 1
            info = _predicted_info(mentions[p])
            records.append(_error_record(doc, "false_positive", *span, predicted=info))

    exact_pairs = match_spans(predicted, gold, exact=True)
    scores.exact_tp = len(exact_pairs)
    scores.exact_fn = len(gold) - len(exact_pairs)
    scores.exact_fp = sum(
        1 for p, span in enumerate(predicted) if p not in exact_pairs and not _ignored(doc, span)
    )

    mains = [p for p in doc.places if p.main and p.has_coordinates]
    if mains:
        scores.focus_documents = 1
        scores.focus_hits = int(focus_is_right(result, mains, holds))
    matched_gold = {g: p for p, g in pairs.items()}
    for g, place in enumerate(doc.places):
        if g in matched_gold:
            records += _placement_errors(doc, place, mentions[matched_gold[g]], scores, holds)
        else:
            records.append(
                _error_record(doc, "miss", place.start, place.end, gold=_gold_info(place))
            )
    return scores, records


def focus_is_right(
    result: Result, mains: Sequence[GoldPlace], holds: AreaTest | None = None
) -> bool:
    """Whether the result's top focus lies within :data:`ACCURACY_KM` of a main place or,
    when it is a place made of countries, holds one (``holds``, as for area accuracy)."""
    if not result.focus:
        return False
    top = result.focus[0].place
    for main in mains:
        assert main.lat is not None and main.lon is not None
        if great_circle_km(top.lat, top.lon, main.lat, main.lon) < ACCURACY_KM:
            return True
        if holds is not None and holds(top, main.lat, main.lon):
            return True
    return False


def _placement_errors(
    doc: GoldDocument,
    place: GoldPlace,
    geomention: GeoMention,
    scores: Scores,
    holds: AreaTest | None = None,
) -> list[ErrorRecord]:
    """Count how far a recognised gold place was put into ``scores``; a record if too far.

    A gold place without coordinates is not measured. A prediction left without
    coordinates costs :data:`UNRESOLVED_KM`, which is never within :data:`ACCURACY_KM`.
    By area, a prediction is right within :data:`ACCURACY_KM` or, for a place made of
    countries, when ``holds`` says the gold point lies inside it.
    """
    if place.lat is None or place.lon is None:
        return []
    kind: ErrorKind = "far"
    if geomention.place is None:
        kind, error = "unresolved", UNRESOLVED_KM
        scores.unresolved += 1
    else:
        error = great_circle_km(place.lat, place.lon, geomention.place.lat, geomention.place.lon)
    scores.errors_km.append(error)
    inside = (
        holds is not None
        and geomention.place is not None
        and bool(holds(geomention.place, place.lat, place.lon))
    )
    scores.area_hits += error < ACCURACY_KM or inside
    if error < ACCURACY_KM:
        scores.end_to_end_hits += 1
        return []
    info, gold = _predicted_info(geomention), _gold_info(place)
    return [
        _error_record(doc, kind, place.start, place.end, predicted=info, gold=gold, error_km=error)
    ]


def _ignored(doc: GoldDocument, span: tuple[int, int]) -> bool:
    """Whether a predicted span overlaps one of the document's ignore spans."""
    return any(_overlaps(*span, s.start, s.end) for s in doc.ignore)


def _error_record(
    doc: GoldDocument, kind: ErrorKind, start: int, end: int, **extra: Any
) -> ErrorRecord:
    return ErrorRecord(
        kind=kind,
        doc_id=doc.id,
        corpus=doc.corpus,
        lang=doc.lang,
        start=start,
        end=end,
        text=doc.text[start:end],
        context=_context(doc.text, start, end),
        classes=classify_span(doc.text, start, end),
        **extra,
    )


class Parser(Protocol):
    """What :func:`evaluate` needs of a geoparser: one result per article, in order."""

    def parse_many(self, articles: Iterable[Article]) -> Iterable[Result]: ...


@dataclass(slots=True)
class Report:
    """Scores over all documents, per corpus and per language, with the error records.

    ``seconds`` is the wall time of the whole parse, including any model loading the
    parser does lazily on first use. Per-group ``seconds`` add up the time between
    consecutive results, so with batched parsing they are approximate.
    """

    overall: Scores = field(default_factory=Scores)
    by_corpus: dict[str, Scores] = field(default_factory=dict)
    by_language: dict[str, Scores] = field(default_factory=dict)
    errors: list[ErrorRecord] = field(default_factory=list)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """The report as a JSON-ready dict; the overall figures sit at the top level."""
        summary = self.overall.to_dict()
        summary["seconds"] = round(self.seconds, 3)
        summary["documents_per_second"] = _round(_rate(self.overall.documents, self.seconds), 2)
        summary["by_corpus"] = {k: v.to_dict() for k, v in sorted(self.by_corpus.items())}
        summary["by_language"] = {k: v.to_dict() for k, v in sorted(self.by_language.items())}
        summary["error_classes"] = tally_error_classes(self.errors)
        return summary

    def to_json(self, *, indent: int | None = None) -> str:
        """The report as JSON text with sorted keys, so runs diff cleanly."""
        return json.dumps(self.to_dict(), indent=indent, sort_keys=True, ensure_ascii=False)


def _articles(docs: Iterable[GoldDocument]) -> Iterator[Article]:
    for doc in docs:
        yield Article(text=doc.text, lang=doc.lang, title=doc.title, source=doc.corpus)


def evaluate(
    docs: Sequence[GoldDocument],
    parser: Parser,
    *,
    limit: int | None = None,
    progress: Callable[[int], None] | None = None,
    holds: AreaTest | None = None,
) -> Report:
    """Parse the documents with ``parser`` and score the results against the gold places.

    ``limit`` keeps the first ``limit`` documents. ``progress`` is called with 1 after
    each document (``click.progressbar.update`` fits). The parser must yield exactly one
    :class:`~geonews.model.Result` per article, in order; anything else is a bug in it
    and raises :class:`RuntimeError`. ``holds`` adds area-aware accuracy (see
    :func:`score_document`).
    """
    selected = list(docs[:limit] if limit is not None else docs)
    report = Report()
    started = last = time.perf_counter()
    results = iter(parser.parse_many(_articles(selected)))
    for doc in selected:
        result = next(results, None)
        if result is None:
            raise RuntimeError(f"parser returned no result for document {doc.id}")
        if result.article.text != doc.text:
            raise RuntimeError(f"parser returned results out of order at document {doc.id}")
        now = time.perf_counter()
        scores, records = score_document(doc, result, holds)
        scores.seconds = now - last
        last = now
        report.overall.add(scores)
        report.by_corpus.setdefault(doc.corpus, Scores()).add(scores)
        report.by_language.setdefault(doc.lang, Scores()).add(scores)
        report.errors.extend(records)
        if progress is not None:
            progress(1)
    if next(results, None) is not None:
        raise RuntimeError("parser returned more results than articles")
    report.seconds = time.perf_counter() - started
    return report
