"""``geonews batch``: geoparse a corpus into per-article GeoJSON, a places table and a map."""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path
from typing import Any

import click

from geonews.cli.options import (
    build_progress,
    cdn_option,
    count_option,
    demonyms_option,
    gazetteer_option,
    is_quiet,
    lang_option,
    max_bytes_option,
    model_option,
    option_group,
)

log = logging.getLogger(__name__)


#: -o OUTDIR, --workers, --scheduler, --shard-size: where the job runs and what it writes.
_job_options = option_group(
    click.option(
        "-o",
        "--output",
        "outdir",
        required=True,
        type=click.Path(file_okay=False, path_type=Path),
        help="Folder for the results; rerunning into it resumes the job.",
    ),
    count_option(
        "--workers", default=1, help="Worker processes on this machine (1 runs in this process)."
    ),
    click.option(
        "--scheduler",
        metavar="ADDRESS",
        help="Run on a Dask cluster instead, e.g. tcp://host:8786 (needs dask[distributed]). "
        "Workers must see OUTDIR at the same path; they open --gazetteer if given, else "
        "their own GEONEWS_GAZETTEER.",
    ),
    count_option(
        "--shard-size",
        default=64,
        help="Documents per shard: the unit of work, of output files and of resuming.",
    ),
)


@click.command("batch")
@click.argument("articles", metavar="ARTICLES")
@_job_options
@lang_option(
    "Language of every document (ISO 639-1). Default: a JSONL record's 'lang', else detected."
)
@model_option
@gazetteer_option
@cdn_option(
    "Load the corpus map's Leaflet from a CDN instead of inlining it (smaller, needs a network)."
)
@max_bytes_option("Skip (and report) documents larger than this.")
@demonyms_option
@click.pass_context
def batch_command(
    ctx: click.Context,
    articles: str,
    outdir: Path,
    workers: int,
    scheduler: str | None,
    shard_size: int,
    lang: str | None,
    models: dict[str, str],
    gazetteer_path: Path | None,
    cdn: bool,
    max_bytes: int,
    demonyms: bool,
) -> None:
    """Geoparse every document of ARTICLES into OUTDIR, resumably.

    ARTICLES is a folder of text/HTML files, a glob pattern (quote it), or a JSON-lines
    file of {"id", "text", "lang"?, "title"?} records. OUTDIR receives shards/*.geojsonl
    (one FeatureCollection per article and line), places.csv (one row per place with
    mention and article counts), focus.csv (one row per article: what it is about, and
    its top focus place with score and reasons), map.html (every place, with an article
    filter; the layer "Articles by focus", off until switched on, puts one pin per
    article at its top focus) and errors.jsonl (documents that could not be read or
    geoparsed; they never stop the job). Finished shards are kept: rerun the same
    command to resume.

    \b
    Examples:
      geonews batch eval/lgl.jsonl -o out/lgl --workers 2
      geonews batch 'articles/**/*.html' -o out/web
      geonews batch corpus.jsonl -o /shared/out --scheduler tcp://10.0.0.5:8786
    """
    from geonews.batch import BatchConfig, run_batch

    if scheduler is not None and workers != 1:
        raise click.UsageError("--workers is for this machine; with --scheduler, start workers")
    config = BatchConfig(
        gazetteer_path=_workers_gazetteer(gazetteer_path, scheduler),
        models=tuple(sorted(models.items())),
        lang=lang,
        max_bytes=max_bytes,
        demonyms=demonyms,
    )
    bar = _ProgressBar(enabled=not is_quiet(ctx))
    try:
        summary = run_batch(
            articles,
            outdir,
            config=config,
            workers=workers,
            scheduler=scheduler,
            shard_size=shard_size,
            start=bar.start,
            progress=bar.update,
            self_contained=not cdn,
        )
    finally:
        bar.close()
    if summary.errors:
        log.warning(
            "%d of %d documents could not be geoparsed; see %s",
            summary.errors,
            summary.documents,
            outdir / "errors.jsonl",
        )
    click.echo(json.dumps(summary.to_dict(), ensure_ascii=False))


def _workers_gazetteer(gazetteer_path: Path | None, scheduler: str | None) -> str | None:
    """The absolute gazetteer path every worker opens, built here first for local workers;
    None lets each Dask worker open its own default (its GEONEWS_GAZETTEER)."""
    from geonews.gazetteer import default_gazetteer_path, open_gazetteer

    if scheduler is not None and gazetteer_path is None:
        return None
    path = gazetteer_path or default_gazetteer_path()
    if scheduler is None and not path.exists():
        open_gazetteer(path, progress=build_progress()).close()
    return os.path.abspath(path)


class _ProgressBar:
    """A tqdm bar on stderr counting documents, with rate and ETA."""

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled
        self._bar: Any = None

    def start(self, documents: int, shards: int) -> None:
        if not self.enabled:
            return
        from tqdm import tqdm  # type: ignore[import-untyped]

        self._bar = tqdm(
            total=documents,
            unit="doc",
            desc=f"geoparsing ({shards} shards)",
            file=sys.stderr,
            dynamic_ncols=True,
            mininterval=0.5,
        )

    def update(self, report: Any) -> None:
        if self._bar is None:
            return
        if report.skipped:
            # Work done by an earlier run must not inflate the rate or shorten the ETA.
            self._bar.total -= report.documents
            self._bar.refresh()
        else:
            self._bar.update(report.documents)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
