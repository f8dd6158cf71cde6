"""Shards: the unit of work, of output files and of resuming.

A :class:`Shard` is a run of consecutive documents that one worker geoparses and writes
as a unit, under ``OUTDIR/shards/``, each file atomically:

* ``shard-NNNNN.geojsonl``: one GeoJSON FeatureCollection per line and article, with the
  foreign members ``id``, ``source``, ``lang``, ``title`` and ``unresolved``;
* ``shard-NNNNN.errors.jsonl``: the documents that could not be read or geoparsed;
* ``shard-NNNNN.json``: the manifest, written last, holding the shard's fingerprint
  (document ids, input sizes or line hashes, and the configuration) and the SHA-256 of
  the two data files.

:func:`process_shard` does the work with the geoparser it is given; :func:`run_shard` is
the same as a task for a process pool or a Dask cluster, with the worker's own geoparser.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geonews.batch.config import BatchConfig, GeoparserFactory, build_geoparser
from geonews.batch.documents import DocRef, load_article
from geonews.errors import InputError
from geonews.model import Article, Result

if TYPE_CHECKING:
    from geonews.pipeline import Geoparser

log = logging.getLogger(__name__)

DEFAULT_SHARD_SIZE = 64
SHARD_DIR = "shards"


@dataclass(frozen=True, slots=True)
class Shard:
    """A run of consecutive documents that one worker geoparses and writes as a unit."""

    index: int
    docs: tuple[DocRef, ...]

    @property
    def name(self) -> str:
        return f"shard-{self.index:05d}"

    def fingerprint(self, config: BatchConfig) -> str:
        """SHA-256 over the documents and the configuration: a change means redo."""
        payload = json.dumps(
            {"docs": [asdict(d) for d in self.docs], "config": config.fingerprint()},
            sort_keys=True,
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class ShardReport:
    """What one worker did with one shard; ``skipped`` when a previous run had done it."""

    name: str
    documents: int
    ok: int
    errors: int
    skipped: bool = False
    started: float = 0.0
    finished: float = 0.0
    peak_rss_mb: float = 0.0
    worker: str = ""


def make_shards(refs: Sequence[DocRef], shard_size: int = DEFAULT_SHARD_SIZE) -> list[Shard]:
    """Cut the corpus into shards of ``shard_size`` consecutive documents."""
    if shard_size < 1:
        raise ValueError("shard_size must be at least 1")
    return [
        Shard(i // shard_size, tuple(refs[i : i + shard_size]))
        for i in range(0, len(refs), shard_size)
    ]


# --- workers -------------------------------------------------------------------------------


_WORKER_GEOPARSERS: dict[tuple[GeoparserFactory, BatchConfig, int], Geoparser] = {}
_WORKER_GEOPARSERS_LOCK = threading.Lock()


def worker_geoparser(config: BatchConfig, factory: GeoparserFactory) -> Geoparser:
    """This worker process's (and thread's) Geoparser for ``config``, built on first use.

    A pool or Dask worker loads models and the gazetteer once and keeps them for every
    shard it runs, for as long as the process lives. Per thread, because a spaCy pipeline
    is not safe to share between threads (Dask workers may run several).
    """
    key = (factory, config, threading.get_ident())
    with _WORKER_GEOPARSERS_LOCK:
        parser = _WORKER_GEOPARSERS.get(key)
        if parser is None:
            parser = _WORKER_GEOPARSERS[key] = factory(config)
        return parser


def init_worker(config: BatchConfig, factory: GeoparserFactory = build_geoparser) -> None:
    """Process-pool initializer: load models and gazetteer before the first shard."""
    worker_geoparser(config, factory)


def run_shard(
    shard: Shard, outdir: str, config: BatchConfig, factory: GeoparserFactory = build_geoparser
) -> ShardReport:
    """:func:`process_shard` as a pool or Dask task, with this worker's geoparser."""
    return process_shard(shard, outdir, config, worker_geoparser(config, factory))


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _error_record(ref: DocRef, stage: str, exc: BaseException) -> dict[str, Any]:
    return {
        "id": ref.id,
        "source": ref.source,
        "stage": stage,
        "error": type(exc).__name__,
        "message": str(exc),
    }


def _parse_all(
    geoparser: Geoparser, items: list[tuple[DocRef, Article]], batch_size: int
) -> tuple[list[tuple[DocRef, Result]], list[dict[str, Any]]]:
    """Geoparse in ``nlp.pipe`` batches; when a document breaks a batch, redo the rest
    one at a time so only that document is lost."""
    from geonews.errors import GazetteerError, ModelError

    results: list[tuple[DocRef, Result]] = []
    errors: list[dict[str, Any]] = []
    try:
        parsed = geoparser.parse_many((a for _, a in items), batch_size=batch_size)
        for (ref, _), result in zip(items, parsed, strict=False):
            results.append((ref, result))
        return results, errors
    except (GazetteerError, ModelError):
        raise
    except Exception as exc:  # any document-specific failure
        log.debug("a batch failed (%s); parsing the rest one by one", exc)
    for ref, article in items[len(results) :]:
        try:
            results.append((ref, geoparser.parse(article)))
        except (GazetteerError, ModelError):
            raise
        except Exception as exc:  # a bad document is never fatal
            log.warning(
                "skipped %s: geoparsing failed (%s: %s)", ref.source, type(exc).__name__, exc
            )
            errors.append(_error_record(ref, "geoparse", exc))
    return results, errors


def article_line(ref: DocRef, result: Result) -> str:
    """One line of a shard's ``.geojsonl``: the article's FeatureCollection with ``id``."""
    from geonews.export import to_geojson

    collection = json.loads(to_geojson(result))
    line = {
        "type": "FeatureCollection",
        "generator": "geonews",
        "id": ref.id,
        "source": ref.source,
        "lang": result.article.lang,
        "title": result.article.title,
        "features": collection["features"],
        "focus": collection["focus"],
        "unresolved": collection["unresolved"],
    }
    return json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n"


def shard_paths(outdir: Path, shard: Shard) -> tuple[Path, Path, Path]:
    """The shard's results, errors and manifest files."""
    base = outdir / SHARD_DIR / shard.name
    return (
        base.with_name(f"{shard.name}.geojsonl"),
        base.with_name(f"{shard.name}.errors.jsonl"),
        base.with_name(f"{shard.name}.json"),
    )


def written_by_geonews(path: Path) -> bool:
    """Whether geonews wrote ``path`` in OUTDIR, and may replace it: always.

    :func:`~geonews.batch.run.prepare_outdir` checked OUTDIR once, refusing any folder
    geonews did not write.
    """
    return True


def process_shard(
    shard: Shard, outdir: str, config: BatchConfig, geoparser: Geoparser
) -> ShardReport:
    """Geoparse one shard with ``geoparser``; write its files and manifest atomically.

    Runs wherever it is called: in the main process, a pool worker, or a Dask worker.
    Returns what it did; timing starts here, after any model load.
    """
    from geonews.output import write_output

    started = time.time()
    items: list[tuple[DocRef, Article]] = []
    errors: list[dict[str, Any]] = []
    for ref in shard.docs:
        try:
            items.append((ref, load_article(ref, config)))
        except (InputError, OSError, UnicodeError, ValueError) as exc:
            log.warning("skipped a document: %s", exc)
            errors.append(_error_record(ref, "read", exc))
    results, parse_errors = _parse_all(geoparser, items, config.batch_size)
    errors += parse_errors
    order = {ref.id: i for i, ref in enumerate(shard.docs)}
    errors.sort(key=lambda e: order[e["id"]])

    lines = "".join(article_line(ref, result) for ref, result in results).encode("utf-8")
    error_lines = "".join(
        json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n" for e in errors
    ).encode("utf-8")
    results_path, errors_path, manifest_path = shard_paths(Path(outdir), shard)
    write_output(results_path, lines, owned=written_by_geonews)
    write_output(errors_path, error_lines, owned=written_by_geonews)
    manifest = {
        "generator": "geonews",
        "shard": shard.name,
        "fingerprint": shard.fingerprint(config),
        "documents": len(shard.docs),
        "ok": len(results),
        "errors": len(errors),
        "files": {
            "results": _file_entry(results_path, lines),
            "errors": _file_entry(errors_path, error_lines),
        },
    }
    write_output(manifest_path, json.dumps(manifest, indent=1) + "\n", owned=written_by_geonews)
    return ShardReport(
        name=shard.name,
        documents=len(shard.docs),
        ok=len(results),
        errors=len(errors),
        started=started,
        finished=time.time(),
        peak_rss_mb=round(_peak_rss_mb(), 1),
        worker=f"{os.uname().nodename}:{os.getpid()}",
    )


def _file_entry(path: Path, data: bytes) -> dict[str, Any]:
    return {"name": path.name, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def shard_is_done(outdir: Path, shard: Shard, config: BatchConfig) -> ShardReport | None:
    """The report of a previous run's shard if its manifest and files are intact, else None."""
    results_path, _, manifest_path = shard_paths(outdir, shard)
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if manifest.get("fingerprint") != shard.fingerprint(config):
            return None
        for entry in manifest["files"].values():
            data = (results_path.parent / entry["name"]).read_bytes()
            if len(data) != entry["bytes"] or hashlib.sha256(data).hexdigest() != entry["sha256"]:
                log.info("%s: %s does not match its checksum; redoing", shard.name, entry["name"])
                return None
        return ShardReport(
            name=shard.name,
            documents=int(manifest["documents"]),
            ok=int(manifest["ok"]),
            errors=int(manifest["errors"]),
            skipped=True,
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
