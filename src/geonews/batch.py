"""Geoparse a corpus: shards, resumable output, a process pool or a Dask cluster.

A corpus (a folder of text/HTML files, a glob, or a JSON-lines file of ``{"id", "text",
...}`` records) is listed once into :class:`DocRef` references and cut into
:class:`Shard` s of ``shard_size`` documents. Each shard is geoparsed by one worker,
which writes three files under ``OUTDIR/shards/``, each atomically:

* ``shard-NNNNN.geojsonl``: one GeoJSON FeatureCollection per line and article, with the
  foreign members ``id``, ``source``, ``lang``, ``title`` and ``unresolved``;
* ``shard-NNNNN.errors.jsonl``: the documents that could not be read or geoparsed;
* ``shard-NNNNN.json``: the manifest, written last, holding the shard's fingerprint
  (document ids, input sizes or line hashes, and the configuration) and the SHA-256 of
  the two data files.

A rerun skips a shard whose manifest is there, has the same fingerprint and whose files
still match their checksums; anything missing, truncated or edited is redone. A bad
document is recorded and skipped, never fatal; only a broken model or gazetteer stops
the job. Once every shard is done, the shard files are aggregated into ``places.csv``,
``errors.jsonl`` and ``map.html`` (see :func:`aggregate`).

Workers load the models and the gazetteer once per process (per thread under Dask) and
keep them in a module-level cache keyed by :class:`BatchConfig`
(:func:`geoparser_for`); the same :func:`process_shard` runs in-process, in a
``concurrent.futures`` process pool, or as a Dask task.
"""

from __future__ import annotations

import csv
import glob
import hashlib
import io
import json
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geonews.errors import GeonewsError, InputError, OutputError
from geonews.model import Article, Result

if TYPE_CHECKING:
    from geonews.pipeline import Geoparser

log = logging.getLogger(__name__)

DEFAULT_SHARD_SIZE = 64
#: Marks OUTDIR as a geonews batch directory, which a rerun may write into.
RUN_FILE = "batch.json"
SHARD_DIR = "shards"
PLACES_FILE = "places.csv"
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
#: Suffixes read from a folder of articles; anything else there is ignored.
ARTICLE_SUFFIXES = frozenset({".txt", ".text", ".html", ".htm", ".xhtml", ".md"})
_JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
#: Caps on what one map popup lists, so a place named in 10,000 articles stays readable.
MAP_ARTICLES_PER_PLACE = 50
MAP_SENTENCES_PER_ARTICLE = 3


# --- records --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BatchConfig:
    """What every worker needs to build the same :class:`~geonews.pipeline.Geoparser`.

    Hashable and picklable: it is the key of the per-process geoparser cache and travels
    to Dask workers. ``gazetteer_path`` must name the same file on every machine.
    ``preload`` names languages whose models load when a worker
    starts rather than on its first document. ``gazetteer_path=None`` lets each worker
    use its own default (``GEONEWS_GAZETTEER`` or the cache directory).
    """

    gazetteer_path: str | None = None
    models: tuple[tuple[str, str], ...] = ()
    lang: str | None = None
    max_bytes: int = 5_000_000
    batch_size: int = 16
    preload: tuple[str, ...] = ()

    def fingerprint(self) -> dict[str, Any]:
        """The settings that change results (not where or how fast they are computed)."""
        return {
            "gazetteer": self.gazetteer_path,
            "models": [list(m) for m in self.models],
            "lang": self.lang,
            "max_bytes": self.max_bytes,
        }


@dataclass(frozen=True, slots=True)
class DocRef:
    """Where one document of the corpus is: a whole file, or one line of a JSONL file.

    ``offset`` is the byte offset of the JSONL line (``-1`` for a whole file); ``stamp``
    changes when the document does (file size and mtime, or a hash of the line).
    """

    id: str
    source: str
    path: str
    offset: int = -1
    stamp: str = ""


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


# --- listing a corpus ------------------------------------------------------------------


def list_documents(spec: str | os.PathLike[str]) -> list[DocRef]:
    """The documents of a corpus, in a stable order.

    ``spec`` is a JSONL file (``.jsonl``/``.ndjson``: one ``{"id", "text", ...}`` record a
    line; blank lines are ignored, a line that is not JSON becomes a document that fails
    when read), a folder (every file with a suffix in :data:`ARTICLE_SUFFIXES`, searched
    recursively, hidden files left out), a single article file, or a glob pattern.

    Raises :class:`~geonews.errors.InputError` when ``spec`` names nothing.
    """
    name = os.fspath(spec)
    path = Path(name)
    if path.is_dir():
        files = sorted(
            p
            for p in path.rglob("*")
            if p.suffix.lower() in ARTICLE_SUFFIXES
            and p.is_file()
            and not any(part.startswith(".") for part in p.relative_to(path).parts)
        )
        refs = [_file_ref(p, p.relative_to(path).as_posix()) for p in files]
    elif path.is_file() and path.suffix.lower() in _JSONL_SUFFIXES:
        refs = _jsonl_refs(path)
    elif path.is_file():
        refs = [_file_ref(path, path.name)]
    else:
        matches = sorted(Path(m) for m in glob.glob(name, recursive=True))
        refs = [_file_ref(p, p.as_posix()) for p in matches if p.is_file()]
        if not matches:
            raise InputError(f"{name}: no such file or folder, and no file matches it")
    if not refs:
        raise InputError(f"{name}: holds no documents")
    return _unique_ids(refs)


def _file_ref(path: Path, doc_id: str) -> DocRef:
    info = path.stat()
    return DocRef(
        id=doc_id,
        source=str(path),
        path=str(path.resolve()),
        stamp=f"{info.st_size}:{info.st_mtime_ns}",
    )


def _jsonl_refs(path: Path) -> list[DocRef]:
    refs = []
    resolved = str(path.resolve())
    offset = 0
    with path.open("rb") as fh:
        for number, line in enumerate(fh, start=1):
            start, offset = offset, offset + len(line)
            if not line.strip():
                continue
            doc_id = f"line-{number}"
            try:
                record = json.loads(line)
                if isinstance(record, dict) and record.get("id") is not None:
                    doc_id = str(record["id"])
            except ValueError:
                pass  # reported when a worker reads the line
            refs.append(
                DocRef(
                    id=doc_id,
                    source=f"{path}:{number}",
                    path=resolved,
                    offset=start,
                    stamp=hashlib.sha1(line).hexdigest(),
                )
            )
    return refs


def _unique_ids(refs: list[DocRef]) -> list[DocRef]:
    seen: set[str] = set()
    unique = []
    for ref in refs:
        if ref.id in seen:
            new_id = f"{ref.id}@{ref.source}"
            log.warning("duplicate document id %r at %s; using %r", ref.id, ref.source, new_id)
            ref = DocRef(new_id, ref.source, ref.path, ref.offset, ref.stamp)
        seen.add(ref.id)
        unique.append(ref)
    return unique


def make_shards(refs: Sequence[DocRef], shard_size: int = DEFAULT_SHARD_SIZE) -> list[Shard]:
    """Cut the corpus into shards of ``shard_size`` consecutive documents."""
    if shard_size < 1:
        raise ValueError("shard_size must be at least 1")
    return [
        Shard(i // shard_size, tuple(refs[i : i + shard_size]))
        for i in range(0, len(refs), shard_size)
    ]


def jsonl_languages(refs: Iterable[DocRef], *, sample: int = 2000) -> tuple[str, ...]:
    """Languages the first ``sample`` JSONL records declare (what workers should preload)."""
    langs: set[str] = set()
    for ref in list(refs)[:sample]:
        if ref.offset < 0:
            continue
        try:
            record = json.loads(_read_line(ref))
        except (OSError, ValueError):
            continue
        if isinstance(record, dict) and isinstance(record.get("lang"), str):
            langs.add(record["lang"])
    return tuple(sorted(langs))


# --- reading one document ------------------------------------------------------------------


def _read_line(ref: DocRef) -> bytes:
    with open(ref.path, "rb") as fh:
        fh.seek(ref.offset)
        return fh.readline()


def load_article(ref: DocRef, config: BatchConfig) -> Article:
    """Read one document into an :class:`Article` (``source`` is the document's place).

    Raises :class:`~geonews.errors.InputError` when it cannot be read, decoded or parsed,
    has no text, or is larger than ``config.max_bytes``.
    """
    from geonews.article import detect_language, normalize_text, read_article

    if ref.offset < 0:
        article = read_article(
            ref.path, lang=config.lang, max_bytes=config.max_bytes, allow_urls=False
        )
        return Article(article.text, article.lang, article.title, ref.source)
    try:
        line = _read_line(ref)
    except OSError as exc:
        raise InputError(f"{ref.source}: cannot be read ({exc.strerror or exc})") from exc
    if len(line) > config.max_bytes:
        raise InputError(f"{ref.source}: larger than the {config.max_bytes:,}-byte limit")
    try:
        record = json.loads(line)
    except ValueError as exc:
        raise InputError(f"{ref.source}: not a JSON record ({exc})") from exc
    if not isinstance(record, dict):
        raise InputError(f"{ref.source}: not a JSON object")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"{ref.source}: no text")
    text = normalize_text(text)
    lang = config.lang or record.get("lang")
    if not isinstance(lang, str) or not lang:
        lang = detect_language(text)
    title = record.get("title")
    return Article(
        text=text,
        lang=lang,
        title=normalize_text(title).strip() or None if isinstance(title, str) else None,
        source=ref.source,
    )


# --- workers -------------------------------------------------------------------------------


_GEOPARSERS: dict[tuple[BatchConfig, int], Geoparser] = {}
_GEOPARSERS_LOCK = threading.Lock()


def geoparser_for(config: BatchConfig) -> Geoparser:
    """This process's (and thread's) Geoparser for ``config``, built on first use.

    Models and the gazetteer load once per worker and stay loaded for every shard it
    runs. The cache is per thread because a spaCy pipeline is not safe to share
    between threads (Dask workers may run several).
    """
    from geonews.gazetteer import open_gazetteer
    from geonews.pipeline import Geoparser

    key = (config, threading.get_ident())
    with _GEOPARSERS_LOCK:
        parser = _GEOPARSERS.get(key)
        if parser is None:
            path = Path(config.gazetteer_path) if config.gazetteer_path else None
            # Never build here: many workers would race to write one shared file.
            gazetteer = open_gazetteer(path, build_if_missing=False)
            parser = Geoparser(gazetteer=gazetteer, models=dict(config.models))
            for lang in config.preload:
                parser.nlp(lang)
            _GEOPARSERS[key] = parser
        return parser


def clear_geoparsers() -> None:
    """Close and forget every cached Geoparser of this process."""
    with _GEOPARSERS_LOCK:
        for parser in _GEOPARSERS.values():
            parser.close()
        _GEOPARSERS.clear()


def init_worker(config: BatchConfig) -> None:
    """Process-pool initializer: load models and gazetteer before the first shard."""
    geoparser_for(config)


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
        "unresolved": collection["unresolved"],
    }
    return json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n"


def _shard_paths(outdir: Path, shard: Shard) -> tuple[Path, Path, Path]:
    base = outdir / SHARD_DIR / shard.name
    return (
        base.with_name(f"{shard.name}.geojsonl"),
        base.with_name(f"{shard.name}.errors.jsonl"),
        base.with_name(f"{shard.name}.json"),
    )


def _mine(path: Path) -> bool:
    return True  # everything under OUTDIR/shards was written by geonews (checked once)


def process_shard(shard: Shard, outdir: str, config: BatchConfig) -> ShardReport:
    """Geoparse one shard and write its files and manifest atomically; return a report.

    Runs wherever it is called: in the main process, a pool worker, or a Dask worker.
    """
    from geonews.output import write_output

    geoparser = geoparser_for(config)
    started = time.time()  # after the one-off model load, so rates measure geoparsing
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
    results_path, errors_path, manifest_path = _shard_paths(Path(outdir), shard)
    write_output(results_path, lines, owned=_mine)
    write_output(errors_path, error_lines, owned=_mine)
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
    write_output(manifest_path, json.dumps(manifest, indent=1) + "\n", owned=_mine)
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
    results_path, _, manifest_path = _shard_paths(outdir, shard)
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


# --- running a job --------------------------------------------------------------------------


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
) -> BatchSummary:
    """Geoparse the corpus ``spec`` into ``outdir``, resuming a previous run there.

    ``workers`` > 1 runs shards in a pool of that many processes, each loading models
    and gazetteer once; ``scheduler`` (a Dask address such as ``tcp://host:8786``) runs
    them on a Dask cluster instead, whose workers must see ``outdir`` and the gazetteer
    at the same paths. ``start(documents, shards)`` is called once the corpus is listed;
    ``progress`` once per shard, finished or skipped.

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
            reports = _run_dask(pending, out, config, scheduler)
        elif workers > 1:
            reports = _run_pool(pending, out, config, workers)
        else:
            reports = (process_shard(s, str(out), config) for s in pending)
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


def _run_pool(
    shards: list[Shard], outdir: Path, config: BatchConfig, workers: int
) -> Iterator[ShardReport]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    # spawn, not fork: the parent may hold threads and open SQLite handles.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=init_worker, initargs=(config,)
    ) as pool:
        futures = [pool.submit(process_shard, s, str(outdir), config) for s in shards]
        try:
            for future in as_completed(futures):
                yield future.result()
        except BrokenProcessPool as exc:
            raise GeonewsError(
                "a worker process died (out of memory?); finished shards are kept: "
                "rerun the same command to resume"
            ) from exc


def _run_dask(
    shards: list[Shard], outdir: Path, config: BatchConfig, scheduler: str
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
            process_shard,
            shards,
            outdir=str(outdir.resolve()),
            config=config,
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


# --- aggregation ---------------------------------------------------------------------------


@dataclass(slots=True)
class _PlaceTally:
    place_id: str
    name: str
    kind: str
    country_code: str | None
    lat: float
    lon: float
    mentions: int = 0
    articles: int = 0
    # article index -> sentences (already escaped), capped for the map
    sentences: dict[int, list[str]] = field(default_factory=dict)


def iter_article_lines(outdir: Path, shards: Sequence[Shard]) -> Iterator[dict[str, Any]]:
    """Every article record of the finished shards, in corpus order."""
    for shard in shards:
        results_path, _, _ = _shard_paths(outdir, shard)
        with results_path.open(encoding="utf-8") as fh:
            for line in fh:
                yield json.loads(line)


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


def aggregate(
    outdir: Path,
    shards: Sequence[Shard],
    *,
    self_contained: bool = False,
    basemap: Mapping[str, Any] | None = None,
) -> int:
    """Write ``places.csv``, ``errors.jsonl`` and ``map.html`` from the shard files.

    Streams the shard files, so memory grows with the number of distinct places, not
    with the corpus. Returns the number of distinct places. ``basemap`` (ISO code ->
    coarse GeoJSON geometry) is the land the map draws when its tiles cannot load.
    """
    from geonews.output import write_output
    from geonews.render import escape_text

    tallies: dict[str, _PlaceTally] = {}
    articles: list[tuple[str, str]] = []  # (id, title), escaped, for articles with places
    for record in iter_article_lines(outdir, shards):
        index: int | None = None
        seen: set[str] = set()
        for feature in record["features"]:
            props = feature["properties"]
            place_id = props.get("place_id")
            if props.get("kind") == "border" or not place_id:
                continue
            tally = tallies.get(place_id)
            if tally is None:
                tally = tallies[place_id] = _PlaceTally(
                    place_id,
                    props["name"],
                    props["kind"],
                    props.get("country_code"),
                    props["lat"],
                    props["lon"],
                )
            tally.mentions += 1
            if place_id not in seen:
                seen.add(place_id)
                tally.articles += 1
            if index is None:
                index = len(articles)
                articles.append((escape_text(record["id"]), escape_text(record.get("title") or "")))
            if index in tally.sentences or len(tally.sentences) < MAP_ARTICLES_PER_PLACE:
                listed = tally.sentences.setdefault(index, [])
                sentence = escape_text(props.get("sentence") or props["mention"])
                if len(listed) < MAP_SENTENCES_PER_ARTICLE and sentence not in listed:
                    listed.append(sentence)

    ordered = sorted(tallies.values(), key=lambda t: (-t.mentions, -t.articles, t.place_id))
    write_output(outdir / PLACES_FILE, places_csv(ordered), owned=_mine)
    errors = b"".join((outdir / SHARD_DIR / f"{s.name}.errors.jsonl").read_bytes() for s in shards)
    write_output(outdir / ERRORS_FILE, errors, owned=_mine)
    write_output(
        outdir / MAP_FILE,
        corpus_map_html(ordered, articles, self_contained=self_contained, basemap=basemap),
    )
    return len(tallies)


def places_csv(tallies: Iterable[_PlaceTally]) -> str:
    """The aggregated places table: one row per place, most mentioned first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(PLACES_COLUMNS)
    for t in tallies:
        writer.writerow(
            [t.place_id, t.name, t.kind, t.country_code or "", t.lat, t.lon, t.mentions, t.articles]
        )
    return buffer.getvalue()


def _json_for_script(data: Any) -> str:
    """JSON that cannot end a ``<script>`` element or open a comment in it."""
    return (
        json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


_LEAFLET_CDN = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/"
_CLUSTER_CDN = "https://cdn.jsdelivr.net/npm/leaflet.markercluster@1.4.1/dist/"

# Builds markers for the chosen article (or all), popups from strings escaped in Python.
_MAP_SCRIPT = """
(function () {
  var data = JSON.parse(document.getElementById("gn-data").textContent);
  var map = L.map("gn-map", {maxZoom: 18}).setView([30, 10], 2);
  var tiles = L.tileLayer("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 18, attribution: "&copy; OpenStreetMap contributors"
  }).addTo(map);
  var landEl = document.getElementById("gn-basemap");
  if (landEl) {
    // No network or a blocked tile server: draw the countries instead of blank land.
    var land = L.geoJSON(JSON.parse(landEl.textContent), {
      interactive: false,
      style: {color: "#ffffff", weight: 0.8, fillColor: "#d9d9d9", fillOpacity: 1}
    });
    tiles.once("tileerror", function () {
      land.addTo(map);
      document.getElementById("gn-map").classList.add("gn-plain");
    });
  }
  var cluster = L.markerClusterGroup({maxClusterRadius: 40, spiderfyOnMaxZoom: true});
  map.addLayer(cluster);
  var select = document.getElementById("gn-article");
  function articleHtml(i, sentences) {
    var a = data.articles[i];
    var head = "<b>" + a[0] + "</b>" + (a[1] ? " " + a[1] : "");
    return "<li>" + head + "<ul><li>" + sentences.join("</li><li>") + "</li></ul></li>";
  }
  function show(only) {
    cluster.clearLayers();
    var markers = [];
    data.places.forEach(function (p) {
      var entries = p.s.filter(function (e) { return only === null || e[0] === only; });
      if (!entries.length) { return; }
      var items = entries.map(function (e) { return articleHtml(e[0], e[1]); }).join("");
      var more = (only === null && p.a > entries.length)
        ? "<p>and " + (p.a - entries.length) + " more articles</p>" : "";
      var html = "<div class='gn-popup'><b>" + p.n + "</b> (" + p.k + (p.c ? ", " + p.c : "")
        + ")<br>" + p.m + " mentions in " + p.a + " articles<ul>" + items + "</ul>" + more
        + "</div>";
      var icon = L.divIcon({className: "gn-pin gn-kind-" + p.k, iconSize: [14, 14]});
      markers.push(L.marker([p.y, p.x], {icon: icon, title: p.t})
        .bindPopup(html, {maxWidth: 360, maxHeight: 320}));
    });
    cluster.addLayers(markers);
    if (markers.length) { map.fitBounds(cluster.getBounds(), {padding: [30, 30], maxZoom: 7}); }
    document.getElementById("gn-count").textContent = markers.length + " places";
  }
  select.addEventListener("change", function () {
    show(select.value === "" ? null : parseInt(select.value, 10));
  });
  show(null);
  document.documentElement.setAttribute("data-geonews-ready", "1");
})();
"""

_MAP_CSS = """
html, body { margin: 0; height: 100%; font: 14px/1.4 system-ui, sans-serif; }
#gn-bar { padding: 6px 10px; background: #f4f4f4; border-bottom: 1px solid #ccc; }
#gn-bar select { max-width: 60vw; }
#gn-map { position: absolute; top: 40px; bottom: 0; left: 0; right: 0; }
.gn-pin { border-radius: 50%; border: 2px solid #fff; box-shadow: 0 0 2px #333;
  background: #D55E00; }
.gn-kind-country { background: #0072B2; } .gn-kind-region, .gn-kind-county
  { background: #009E73; } .gn-kind-landmark { background: #CC79A7; }
.gn-kind-other { background: #7F7F7F; }
.gn-popup ul { padding-left: 18px; margin: 4px 0; }
#gn-map.gn-plain { background: #e8eef3; }
"""


def _library_tags(self_contained: bool) -> str:
    """``<link>``/``<script>`` for Leaflet and Leaflet.markercluster, or their inlined text."""
    if not self_contained:
        return "\n".join(
            [
                f'<link rel="stylesheet" href="{_LEAFLET_CDN}leaflet.css">',
                f'<link rel="stylesheet" href="{_CLUSTER_CDN}MarkerCluster.css">',
                f'<link rel="stylesheet" href="{_CLUSTER_CDN}MarkerCluster.Default.css">',
                f'<script src="{_LEAFLET_CDN}leaflet.js"></script>',
                f'<script src="{_CLUSTER_CDN}leaflet.markercluster.js"></script>',
            ]
        )
    import importlib
    from importlib import resources

    parts = []
    for package, name, tag in (
        ("xstatic.pkg.leaflet", "leaflet.css", "style"),
        ("xstatic.pkg.leaflet_markercluster", "MarkerCluster.css", "style"),
        ("xstatic.pkg.leaflet_markercluster", "MarkerCluster.Default.css", "style"),
        ("xstatic.pkg.leaflet", "leaflet.js", "script"),
        ("xstatic.pkg.leaflet_markercluster", "leaflet.markercluster.js", "script"),
    ):
        base = resources.files(importlib.import_module(package)).joinpath("data")
        body = base.joinpath(name).read_text(encoding="utf-8")
        if f"</{tag}" in body.lower():
            raise ValueError(f"{name} cannot be inlined: it contains </{tag}")
        parts.append(f"<{tag}>/* {name} */\n{body}\n</{tag}>")
    return "\n".join(parts)


def corpus_map_html(
    tallies: Sequence[_PlaceTally],
    articles: Sequence[tuple[str, str]],
    *,
    self_contained: bool = False,
    basemap: Mapping[str, Any] | None = None,
) -> str:
    """One HTML page: every place of the corpus, clustered, with an article filter.

    Each popup lists the articles naming the place and their sentences (at most
    :data:`MAP_ARTICLES_PER_PLACE` articles and :data:`MAP_SENTENCES_PER_ARTICLE`
    sentences each). All text was escaped with :func:`geonews.render.escape_text`.
    The countries of ``basemap`` are drawn when the tiles cannot load.
    """
    from geonews.output import GENERATOR_MARK
    from geonews.render import basemap_collection, escape_text

    places = [
        {
            "t": t.name,
            "n": escape_text(t.name),
            "k": escape_text(t.kind),
            "c": escape_text(t.country_code or ""),
            "y": t.lat,
            "x": t.lon,
            "m": t.mentions,
            "a": t.articles,
            "s": [[i, s] for i, s in sorted(t.sentences.items())],
        }
        for t in tallies
    ]
    options = "\n".join(
        f'<option value="{i}">{aid}{" — " + title if title else ""}</option>'
        for i, (aid, title) in enumerate(articles)
    )
    data = _json_for_script({"places": places, "articles": [list(a) for a in articles]})
    land = ""
    if basemap:
        collection = basemap_collection(basemap)
        land = (
            '<script type="application/json" id="gn-basemap">'
            f"{_json_for_script(collection)}</script>"
        )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
{GENERATOR_MARK}
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>geonews corpus map</title>
{_library_tags(self_contained)}
<style>{_MAP_CSS}</style>
</head>
<body>
<div id="gn-bar"><label>Article <select id="gn-article">
<option value="">All {len(articles)} articles</option>
{options}
</select></label> <span id="gn-count"></span></div>
<div id="gn-map"></div>
<script type="application/json" id="gn-data">{data}</script>
{land}
<script>{_MAP_SCRIPT}</script>
</body>
</html>
"""


def read_places(path: Path) -> list[dict[str, str]]:
    """The rows of a ``places.csv`` (for tests and scripts)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


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
