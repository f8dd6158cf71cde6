"""Geoparse a corpus: shards, resumable output, a process pool or a Dask cluster.

A corpus (a folder of text/HTML files, a glob, or a JSON-lines file of ``{"id", "text",
...}`` records) is listed once into :class:`DocRef` references (:mod:`.documents`) and cut
into :class:`Shard` s of ``shard_size`` documents. Each shard is geoparsed by one worker,
which writes its results, its errors and a manifest under ``OUTDIR/shards/``, each
atomically (:mod:`.shards`).

A rerun skips a shard whose manifest is there, has the same fingerprint and whose files
still match their checksums; anything missing, truncated or edited is redone. A bad
document is recorded and skipped, never fatal; only a broken model or gazetteer stops
the job. Once every shard is done, the shard files are aggregated into ``places.csv``,
``focus.csv`` (each article's top focus), ``errors.jsonl`` and ``map.html``
(:mod:`.aggregate`).

:func:`run_batch` (:mod:`.run`) runs the pending shards in this process, in a process
pool, or as Dask tasks. Workers build their Geoparser with a geoparser factory
(:func:`build_geoparser` unless ``run_batch`` is given another, :mod:`.config`) and keep
it for every shard they run.
"""

from __future__ import annotations

from geonews.batch.aggregate import (
    ERRORS_FILE,
    FOCUS_COLUMNS,
    FOCUS_FILE,
    MAP_ARTICLES_PER_PLACE,
    MAP_FILE,
    MAP_SENTENCES_PER_ARTICLE,
    PLACES_COLUMNS,
    PLACES_FILE,
    aggregate,
    iter_article_lines,
    places_csv,
    read_places,
    tally_corpus,
    tally_places,
)
from geonews.batch.config import BatchConfig, GeoparserFactory, build_geoparser
from geonews.batch.documents import (
    ARTICLE_SUFFIXES,
    DocRef,
    jsonl_languages,
    list_documents,
    load_article,
)
from geonews.batch.run import (
    RUN_FILE,
    BatchSummary,
    prepare_outdir,
    run_batch,
    worker_figures,
)
from geonews.batch.shards import (
    DEFAULT_SHARD_SIZE,
    SHARD_DIR,
    Shard,
    ShardReport,
    article_line,
    make_shards,
    process_shard,
    run_shard,
    shard_is_done,
)

__all__ = [
    "ARTICLE_SUFFIXES",
    "DEFAULT_SHARD_SIZE",
    "ERRORS_FILE",
    "FOCUS_COLUMNS",
    "FOCUS_FILE",
    "MAP_ARTICLES_PER_PLACE",
    "MAP_FILE",
    "MAP_SENTENCES_PER_ARTICLE",
    "PLACES_COLUMNS",
    "PLACES_FILE",
    "RUN_FILE",
    "SHARD_DIR",
    "BatchConfig",
    "BatchSummary",
    "DocRef",
    "GeoparserFactory",
    "Shard",
    "ShardReport",
    "aggregate",
    "article_line",
    "build_geoparser",
    "iter_article_lines",
    "jsonl_languages",
    "list_documents",
    "load_article",
    "make_shards",
    "places_csv",
    "prepare_outdir",
    "process_shard",
    "read_places",
    "run_batch",
    "run_shard",
    "shard_is_done",
    "tally_corpus",
    "tally_places",
    "worker_figures",
]
