"""Aggregating a finished corpus: the places and focus tables, the errors, the corpus map.

Once every shard is done, its files are read back in corpus order and tallied per place.
The tallies become ``places.csv`` (one row per place, most mentioned first), the shards'
errors ``errors.jsonl``, and the places, as plain records, the corpus map ``map.html``
(:func:`geonews.render.corpus_map_html`). Each article's ``focus`` member becomes a row of
``focus.csv``, in corpus order, and a pin on the map's "Articles by focus" layer.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from geonews.batch.shards import Shard, shard_paths, written_by_geonews
from geonews.render.corpus import CorpusArticle, CorpusFocus, CorpusPlace

PLACES_FILE = "places.csv"
FOCUS_FILE = "focus.csv"
ERRORS_FILE = "errors.jsonl"
MAP_FILE = "map.html"
PLACES_COLUMNS = (
    "place_id",
    "name",
    "kind",
    "country_code",
    "lat",
    "lon",
    "mentions",
    "articles",
)
FOCUS_COLUMNS = (
    "id",
    "source",
    "title",
    "focus",
    "place_id",
    "name",
    "kind",
    "country_code",
    "lat",
    "lon",
    "score",
    "reasons",
)
#: Caps on what one map popup lists, so a place named in 10,000 articles stays readable.
MAP_ARTICLES_PER_PLACE = 50
MAP_SENTENCES_PER_ARTICLE = 3


@dataclass(slots=True)
class _PlaceTally:
    """One place's counts so far, and the sentences its popup will list."""

    #: The place as first seen; its counts and sentences are filled in by :meth:`record`.
    place: CorpusPlace
    mentions: int = 0
    articles: int = 0
    # article index -> sentences (plain text), capped for the map
    sentences: dict[int, list[str]] = field(default_factory=dict)

    def add(self, index: int, sentence: str) -> None:
        """Count a mention in article ``index``, keeping its sentence while under the caps."""
        self.mentions += 1
        if index in self.sentences or len(self.sentences) < MAP_ARTICLES_PER_PLACE:
            listed = self.sentences.setdefault(index, [])
            if len(listed) < MAP_SENTENCES_PER_ARTICLE and sentence not in listed:
                listed.append(sentence)

    def record(self) -> CorpusPlace:
        """The finished tally as the corpus map takes it."""
        return replace(
            self.place,
            mentions=self.mentions,
            articles=self.articles,
            sentences=tuple((i, tuple(s)) for i, s in sorted(self.sentences.items())),
        )


def iter_article_lines(outdir: Path, shards: Sequence[Shard]) -> Iterator[dict[str, Any]]:
    """Every article record of the finished shards, in corpus order."""
    for shard in shards:
        results_path, _, _ = shard_paths(outdir, shard)
        with results_path.open(encoding="utf-8") as fh:
            for line in fh:
                yield json.loads(line)


@dataclass(slots=True)
class CorpusTally:
    """What :func:`tally_corpus` read from the shard files."""

    #: Every place, most mentioned first.
    places: list[CorpusPlace]
    #: The articles that name a place or have a focus; the places' sentences index into it.
    articles: list[CorpusArticle]
    #: ``focus.csv``: one row per article, in corpus order.
    focus_csv: str


def article_focus(record: Mapping[str, Any]) -> CorpusFocus | None:
    """The top focus of an article record, with the whole focus in words; None when it has
    none (or was written before geonews had focus)."""
    focus = record.get("focus") or []
    if not focus:
        return None
    top = focus[0]
    return CorpusFocus(
        top.get("place_id") or "",
        top["name"],
        top["kind"],
        top.get("country_code"),
        top["lat"],
        top["lon"],
        top["score"],
        tuple(top.get("reasons") or ()),
        about=", ".join(f["name"] for f in focus),
    )


def focus_row(record: Mapping[str, Any], focus: CorpusFocus | None) -> list[Any]:
    """An article's row of ``focus.csv``: empty focus fields when it has none."""
    head = [record["id"], record.get("source") or "", record.get("title") or ""]
    if focus is None:
        return head + [""] * (len(FOCUS_COLUMNS) - len(head))
    return [
        *head,
        focus.about,
        focus.place_id,
        focus.name,
        focus.kind,
        focus.country_code or "",
        focus.lat,
        focus.lon,
        focus.score,
        "; ".join(focus.reasons),
    ]


def tally_corpus(outdir: Path, shards: Sequence[Shard]) -> CorpusTally:
    """Every place of the finished shards, the articles naming any, and ``focus.csv``.

    Streams the shard files, so memory grows with the number of distinct places and of
    articles (a short ``focus.csv`` row each), not with the text of the corpus.
    """
    tallies: dict[str, _PlaceTally] = {}
    articles: list[CorpusArticle] = []  # only articles with places or a focus
    table = io.StringIO()
    writer = csv.writer(table, lineterminator="\n")
    writer.writerow(FOCUS_COLUMNS)
    for record in iter_article_lines(outdir, shards):
        focus = article_focus(record)
        writer.writerow(focus_row(record, focus))
        index: int | None = None
        if focus is not None:
            index = len(articles)
            articles.append(CorpusArticle(record["id"], record.get("title") or "", focus))
        seen: set[str] = set()
        for feature in record["features"]:
            props = feature["properties"]
            place_id = props.get("place_id")
            if props.get("kind") == "border" or not place_id:
                continue
            tally = tallies.get(place_id)
            if tally is None:
                where = CorpusPlace(
                    place_id,
                    props["name"],
                    props["kind"],
                    props.get("country_code"),
                    props["lat"],
                    props["lon"],
                    mentions=0,
                    articles=0,
                )
                tally = tallies[place_id] = _PlaceTally(where)
            if place_id not in seen:
                seen.add(place_id)
                tally.articles += 1
            if index is None:
                index = len(articles)
                articles.append(CorpusArticle(record["id"], record.get("title") or ""))
            tally.add(index, props.get("sentence") or props["mention"])
    ordered = sorted(tallies.values(), key=lambda t: (-t.mentions, -t.articles, t.place.place_id))
    return CorpusTally([t.record() for t in ordered], articles, table.getvalue())


def tally_places(
    outdir: Path, shards: Sequence[Shard]
) -> tuple[list[CorpusPlace], list[CorpusArticle]]:
    """Every place of the finished shards, most mentioned first, and the articles naming
    any (or having a focus). A place's sentences index into the articles."""
    tally = tally_corpus(outdir, shards)
    return tally.places, tally.articles


def aggregate(
    outdir: Path,
    shards: Sequence[Shard],
    *,
    self_contained: bool = False,
    basemap: Mapping[str, Any] | None = None,
) -> int:
    """Write ``places.csv``, ``focus.csv``, ``errors.jsonl`` and ``map.html`` from the
    shard files.

    Returns the number of distinct places. ``basemap`` (ISO code -> coarse GeoJSON
    geometry) is the land the map draws when its tiles cannot load.
    """
    from geonews.output import write_output
    from geonews.render.corpus import corpus_map_html

    tally = tally_corpus(outdir, shards)
    places, articles = tally.places, tally.articles
    write_output(outdir / PLACES_FILE, places_csv(places), owned=written_by_geonews)
    write_output(outdir / FOCUS_FILE, tally.focus_csv, owned=written_by_geonews)
    errors = b"".join(shard_paths(outdir, s)[1].read_bytes() for s in shards)
    write_output(outdir / ERRORS_FILE, errors, owned=written_by_geonews)
    write_output(
        outdir / MAP_FILE,
        corpus_map_html(places, articles, self_contained=self_contained, basemap=basemap),
    )
    return len(places)


def places_csv(places: Iterable[CorpusPlace]) -> str:
    """The aggregated places table: one row per place, in the order given."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(PLACES_COLUMNS)
    for p in places:
        writer.writerow(
            [p.place_id, p.name, p.kind, p.country_code or "", p.lat, p.lon, p.mentions, p.articles]
        )
    return buffer.getvalue()


def read_places(path: Path) -> list[dict[str, str]]:
    """The rows of a ``places.csv`` or ``focus.csv`` (for tests and scripts)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))
