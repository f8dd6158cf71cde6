"""Running a corpus: list it, skip what a previous run finished, geoparse the rest, aggregate.

The pending shards run in this process, in a ``concurrent.futures`` pool of worker
processes, or on a Dask cluster; the same shard code runs in each. Every worker builds its
Geoparser with the run's geoparser factory (:func:`~geonews.batch.build_geoparser` unless
told otherwise): a run in this process builds one for the run and closes it at the end; a
pool or Dask worker builds one when it starts and keeps it for every shard it runs.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geonews.batch.aggregate import aggregate
from geonews.batch.config import BatchConfig, GeoparserFactory, build_geoparser
from geonews.batch.documents import jsonl_languages, list_documents
from geonews.batch.shards import (
    DEFAULT_SHARD_SIZE,
    SHARD_DIR,
    Shard,
    ShardReport,
    init_worker,
    make_shards,
    process_shard,
    run_shard,
    shard_is_done,
)
from geonews.errors import GeonewsError, OutputError

log = logging.getLogger(__name__)

#: Marks OUTDIR as a geonews batch directory, which a rerun may write into.
RUN_FILE = "batch.json"


@dataclass(slots=True)
class BatchSummary:
    """The outcome of :func:`run_batch`."""

    outdir: Path
    documents: int = 0
    ok: int = 0
    errors: int = 0
    places: int = 0
    shards_done: int = 0
    shards_skipped: int = 0
    seconds: float = 0.0
    reports: list[ShardReport] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "outdir": str(self.outdir),
            "documents": self.documents,
            "ok": self.ok,
            "errors": self.errors,
            "places": self.places,
            "shards_done": self.shards_done,
            "shards_skipped": self.shards_skipped,
            "seconds": round(self.seconds, 3),
        }


def prepare_outdir(outdir: Path, spec: str, config: BatchConfig) -> None:
    """Create OUTDIR, or check that it holds a geonews batch; record the run in it.

    Refuses a non-empty folder geonews did not write, so a typo never litters (or,
    worse, overwrites files in) someone's folder.
    """
    from geonews.output import write_output

    run_file = outdir / RUN_FILE
    if outdir.exists() and not outdir.is_dir():
        raise OutputError(f"{outdir}: is not a folder")
    if outdir.is_dir() and any(outdir.iterdir()) and not run_file.is_file():
        raise OutputError(
            f"{outdir}: is not empty and holds no geonews batch ({RUN_FILE}); "
            "give a new or empty folder"
        )
    record = {"generator": "geonews", "input": spec, "config": config.fingerprint()}
    write_output(run_file, json.dumps(record, indent=1) + "\n")


def run_batch(
    spec: str | os.PathLike[str],
    outdir: str | os.PathLike[str],
    *,
    config: BatchConfig | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    shard_size: int = DEFAULT_SHARD_SIZE,
    progress: Callable[[ShardReport], None] | None = None,
    start: Callable[[int, int], None] | None = None,
    self_contained: bool = False,
    geoparser_factory: GeoparserFactory = build_geoparser,
) -> BatchSummary:
    """Geoparse the corpus ``spec`` into ``outdir``, resuming a previous run there.

    ``workers`` > 1 runs shards in a pool of that many processes, each loading models
    and gazetteer once; ``scheduler`` (a Dask address such as ``tcp://host:8786``) runs
    them on a Dask cluster instead, whose workers must see ``outdir`` and the gazetteer
    at the same paths. ``start(documents, shards)`` is called once the corpus is listed;
    ``progress`` once per shard, finished or skipped. ``geoparser_factory`` builds each
    worker's Geoparser from the configuration (see
    :data:`~geonews.batch.GeoparserFactory`); ``self_contained`` inlines Leaflet into
    ``map.html``.

    Raises :class:`~geonews.errors.GeonewsError` for an unusable input, output folder,
    model or gazetteer. Bad documents are reported in ``errors.jsonl``, not raised.
    """
    began = time.perf_counter()
    config = config or BatchConfig()
    out = Path(outdir)
    refs = list_documents(spec)
    if not config.preload and config.lang is None:
        langs = jsonl_languages(refs)
        config = _replace(config, preload=langs)
    elif not config.preload and config.lang is not None:
        config = _replace(config, preload=(config.lang,))
    shards = make_shards(refs, shard_size)
    prepare_outdir(out, os.fspath(spec), config)
    if start is not None:
        start(len(refs), len(shards))

    summary = BatchSummary(outdir=out)
    pending = []
    for shard in shards:
        done = shard_is_done(out, shard, config)
        if done is None:
            pending.append(shard)
        else:
            _record(summary, done, progress)
    if summary.shards_skipped:
        log.info("%d of %d shards were done by a previous run", summary.shards_skipped, len(shards))

    if pending:
        if scheduler is not None:
            reports = _run_dask(pending, out, config, geoparser_factory, scheduler)
        elif workers > 1:
            reports = _run_pool(pending, out, config, geoparser_factory, workers)
        else:
            reports = _run_here(pending, out, config, geoparser_factory)
        for report in reports:
            _record(summary, report, progress)

    summary.places = aggregate(
        out, shards, self_contained=self_contained, basemap=_world_basemap(config)
    )
    stale = _remove_stale_shards(out, shards)
    if stale:
        log.info("removed %d shard files of a longer earlier corpus", stale)
    summary.seconds = time.perf_counter() - began
    return summary


def _replace(config: BatchConfig, **changes: Any) -> BatchConfig:
    from dataclasses import replace

    return replace(config, **changes)


def _record(
    summary: BatchSummary, report: ShardReport, progress: Callable[[ShardReport], None] | None
) -> None:
    summary.reports.append(report)
    summary.documents += report.documents
    summary.ok += report.ok
    summary.errors += report.errors
    if report.skipped:
        summary.shards_skipped += 1
    else:
        summary.shards_done += 1
    if progress is not None:
        progress(report)


def _run_here(
    shards: list[Shard], outdir: Path, config: BatchConfig, factory: GeoparserFactory
) -> Iterator[ShardReport]:
    """Run the shards in this process with one Geoparser, closed when they are done."""
    geoparser = factory(config)
    try:
        for shard in shards:
            yield process_shard(shard, str(outdir), config, geoparser)
    finally:
        geoparser.close()


def _run_pool(
    shards: list[Shard],
    outdir: Path,
    config: BatchConfig,
    factory: GeoparserFactory,
    workers: int,
) -> Iterator[ShardReport]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    # spawn, not fork: the parent may hold threads and open SQLite handles.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=init_worker,
        initargs=(config, factory),
    ) as pool:
        futures = [pool.submit(run_shard, s, str(outdir), config, factory) for s in shards]
        try:
            for future in as_completed(futures):
                yield future.result()
        except BrokenProcessPool as exc:
            raise GeonewsError(
                "a worker process died (out of memory?); finished shards are kept: "
                "rerun the same command to resume"
            ) from exc


def _run_dask(
    shards: list[Shard],
    outdir: Path,
    config: BatchConfig,
    factory: GeoparserFactory,
    scheduler: str,
) -> Iterator[ShardReport]:
    try:
        from distributed import Client, as_completed
    except ImportError as exc:
        raise GeonewsError('--scheduler needs Dask: pip install "dask[distributed]"') from exc
    try:
        client = Client(scheduler, timeout=30)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError) as exc:
        raise GeonewsError(f"cannot reach the Dask scheduler at {scheduler} ({exc})") from exc
    try:
        futures = client.map(
            run_shard,
            shards,
            outdir=str(outdir.resolve()),
            config=config,
            factory=factory,
            pure=False,
            key=[f"geonews-{s.name}-{s.fingerprint(config)[:12]}" for s in shards],
        )
        for future in as_completed(futures):  # type: ignore[no-untyped-call]
            yield future.result()
    finally:
        client.close()  # type: ignore[no-untyped-call]


def _remove_stale_shards(outdir: Path, shards: Sequence[Shard]) -> int:
    """Delete shard files whose shard no longer exists (the corpus got shorter)."""
    current = {s.name for s in shards}
    removed = 0
    for path in (outdir / SHARD_DIR).glob("shard-*"):
        if path.name.split(".")[0] not in current:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def _world_basemap(config: BatchConfig) -> dict[str, Any]:
    """The gazetteer's coarse world, drawn by the corpus map when its tiles fail.

    Empty when this machine has no gazetteer: a Dask client need not hold one.
    """
    from geonews.errors import GazetteerError
    from geonews.gazetteer import open_gazetteer

    path = Path(config.gazetteer_path) if config.gazetteer_path else None
    try:
        with open_gazetteer(path, build_if_missing=False) as gazetteer:
            return gazetteer.basemap()
    except GazetteerError as exc:
        log.info("the corpus map has no drawn basemap: %s", exc)
        return {}


def worker_figures(reports: Iterable[ShardReport]) -> dict[str, dict[str, Any]]:
    """Shards run and peak RSS (MB) per worker process, from the reports of a run."""
    by_worker: dict[str, dict[str, Any]] = {}
    for report in reports:
        if report.skipped:
            continue
        entry = by_worker.setdefault(report.worker, {"shards": 0, "peak_rss_mb": 0.0})
        entry["shards"] += 1
        entry["peak_rss_mb"] = max(entry["peak_rss_mb"], report.peak_rss_mb)
    return by_worker
