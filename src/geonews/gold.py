"""Annotated corpora: the JSON-lines format of ``../shared/eval/README.md`` and its loader.

One document per line, with gold places (character offsets, coordinates when known) and
spans to ignore (demonyms, organisations). :func:`load_corpus` reads a file into
:class:`GoldDocument` records and says, with the file and line, what is wrong with one.
"""

from __future__ import annotations

import json
import logging
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geonews.errors import InputError

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of a document's text: ``text == document.text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class GoldPlace:
    """A place the annotators marked, with coordinates when they gave them."""

    start: int
    end: int
    text: str
    lat: float | None = None
    lon: float | None = None
    #: A main place of its document (TUD-Loc-2013 ``role="main"``): what it is about.
    main: bool = False

    @property
    def has_coordinates(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True, slots=True)
class GoldDocument:
    """One annotated document.

    ``corpus`` is the name of the file it came from (without ``.jsonl``). ``skipped``
    counts gold places dropped because their offsets did not match their text; their
    spans are added to ``ignore`` so a prediction there is neither rewarded nor punished.
    """

    id: str
    lang: str
    text: str
    places: tuple[GoldPlace, ...]
    ignore: tuple[Span, ...] = ()
    title: str | None = None
    corpus: str = "-"
    skipped: int = 0


def _field(obj: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    value = obj.get(key)
    # bool is an int subclass; an offset of True is a typo, not a number.
    if not isinstance(value, kind) or isinstance(value, bool):
        raise InputError(f"{where}: {key!r} is missing or not {_type_name(kind)}")
    return value


def _type_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(k.__name__ for k in kinds)


def _coordinate(obj: dict[str, Any], key: str, limit: float, where: str) -> float | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise InputError(f"{where}: {key!r} is not a number")
    if not -limit <= value <= limit or math.isnan(value):
        raise InputError(f"{where}: {key}={value} is out of range")
    return float(value)


def _span_of(obj: Any, text: str, where: str) -> tuple[int, int, str]:
    if not isinstance(obj, dict):
        raise InputError(f"{where}: expected an object")
    start = _field(obj, "start", int, where)
    end = _field(obj, "end", int, where)
    if not 0 <= start < end <= len(text):
        raise InputError(f"{where}: span {start}:{end} is outside the text ({len(text)} chars)")
    span_text = obj.get("text", text[start:end])
    if not isinstance(span_text, str):
        raise InputError(f"{where}: 'text' is not str")
    return start, end, span_text


def _parse_document(raw: Any, corpus: str, where: str) -> GoldDocument:
    if not isinstance(raw, dict):
        raise InputError(f"{where}: expected a JSON object, got {type(raw).__name__}")
    doc_id = raw.get("id")
    if not isinstance(doc_id, str | int) or isinstance(doc_id, bool):
        raise InputError(f"{where}: 'id' is missing or not a string")
    text = _field(raw, "text", str, where)
    lang = _field(raw, "lang", str, where)
    title = raw.get("title")
    if title is not None and not isinstance(title, str):
        raise InputError(f"{where}: 'title' is not a string")
    raw_places = raw.get("places", [])
    raw_ignore = raw.get("ignore", [])
    if not isinstance(raw_places, list) or not isinstance(raw_ignore, list):
        raise InputError(f"{where}: 'places' and 'ignore' must be lists")

    places: list[GoldPlace] = []
    ignore: list[Span] = []
    skipped = 0
    for i, obj in enumerate(raw_places):
        place_where = f"{where}, place {i}"
        start, end, span_text = _span_of(obj, text, place_where)
        lat = _coordinate(obj, "lat", 90.0, place_where)
        lon = _coordinate(obj, "lon", 180.0, place_where)
        if (lat is None) != (lon is None):
            raise InputError(f"{place_where}: 'lat' and 'lon' must both be given or both null")
        if text[start:end] != span_text:
            logger.warning(
                "%s: text[%d:%d] is %r, not %r; place skipped",
                place_where,
                start,
                end,
                text[start:end],
                span_text,
            )
            skipped += 1
            ignore.append(Span(start, end, text[start:end]))
            continue
        main = obj.get("main", False)
        if not isinstance(main, bool):
            raise InputError(f"{place_where}: 'main' must be true or false")
        places.append(GoldPlace(start, end, span_text, lat, lon, main))
    for i, obj in enumerate(raw_ignore):
        start, end, _ = _span_of(obj, text, f"{where}, ignore {i}")
        ignore.append(Span(start, end, text[start:end]))
    return GoldDocument(
        id=str(doc_id),
        lang=lang,
        text=text,
        places=tuple(sorted(places, key=lambda p: (p.start, p.end))),
        ignore=tuple(sorted(ignore, key=lambda s: (s.start, s.end))),
        title=title,
        corpus=corpus,
        skipped=skipped,
    )


def load_corpus(path: Path) -> list[GoldDocument]:
    """Read an evaluation corpus in the JSON-lines format of the eval README.

    Blank lines are skipped. A line that is not a valid document raises
    :class:`~geonews.errors.InputError` naming the file and line number. A gold place whose
    offsets do not select its ``text`` is logged, skipped, counted in
    :attr:`GoldDocument.skipped` and turned into an ignore span.
    """
    corpus = path.name.removesuffix(".jsonl")
    docs: list[GoldDocument] = []
    try:
        with path.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                where = f"{path}:{number}"
                try:
                    raw = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(f"{where}: not valid JSON ({exc.msg})") from exc
                docs.append(_parse_document(raw, corpus, where))
    except OSError as exc:
        raise InputError(f"cannot read corpus {path}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    skipped = sum(d.skipped for d in docs)
    if skipped:
        logger.warning("%s: %d gold place(s) skipped: offsets do not match text", path, skipped)
    return docs
