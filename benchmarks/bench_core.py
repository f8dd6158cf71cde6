"""Benchmark the core job: cold `geonews map`, and the embedded gazetteer.

Prints one JSON object to stdout. Each figure is measured in this run:

* ``map_cold``: wall time and peak RSS of ``geonews map <sample> --no-open`` in a fresh
  process (model load, gazetteer open, geoparse, render, write), median of ``--runs``;
* ``gazetteer_build``: wall time, file size and row counts of a full build into a
  temporary file (skip with ``--skip-build``: it takes about a minute);
* ``gazetteer_open_ms`` and ``lookups_per_second`` over the names of real articles.

Usage: python benchmarks/bench_core.py [--runs 3] [--skip-build]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "ukraine-fr.txt"
CORPUS = ROOT.parent / "shared" / "eval" / "lgl.jsonl"


def cold_map(runs: int) -> dict[str, float]:
    """Median wall time and max peak RSS of `geonews map` in fresh processes."""
    geonews = Path(sys.executable).with_name("geonews")
    times, rss = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(runs):
            out = Path(tmp) / f"map{i}.html"
            # Measure the child alone: wait4 reports the child's own peak RSS.
            started = time.perf_counter()
            proc = subprocess.Popen(
                [str(geonews), "-q", "map", str(SAMPLE), "-o", str(out), "--no-open"],
                env={**os.environ, "CI": "1"},
            )
            _, status, usage = os.wait4(proc.pid, 0)
            times.append(time.perf_counter() - started)
            if status != 0:
                raise SystemExit(f"geonews map failed with status {status}")
            rss.append(usage.ru_maxrss / 1024)  # KiB on Linux
        size = out.stat().st_size
    return {
        "seconds_median": round(statistics.median(times), 2),
        "seconds_min": round(min(times), 2),
        "peak_rss_mb": round(max(rss), 1),
        "html_kb": round(size / 1024, 1),
        "runs": runs,
    }


def gazetteer_build() -> dict[str, object]:
    from geonews.gazetteer import build_gazetteer

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "gazetteer.sqlite"
        started = time.perf_counter()
        counts = build_gazetteer(path)
        seconds = time.perf_counter() - started
        return {
            "seconds": round(seconds, 1),
            "size_mb": round(path.stat().st_size / 1e6, 1),
            "counts": counts,
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        }


def lookups() -> dict[str, float]:
    """Open time, and lookup rate over every gold place name of LGL (or sample words)."""
    from geonews.gazetteer import default_gazetteer_path, open_gazetteer

    if CORPUS.exists():
        # Split on "\n" only: str.splitlines() also breaks at U+2028 inside JSON strings.
        lines = CORPUS.read_text(encoding="utf-8").split("\n")
        names = [p["text"] for line in lines if line.strip() for p in json.loads(line)["places"]]
    else:
        names = SAMPLE.read_text(encoding="utf-8").split()
    path = default_gazetteer_path()
    started = time.perf_counter()
    gazetteer = open_gazetteer(path)
    opened = time.perf_counter() - started
    started = time.perf_counter()
    found = sum(1 for name in names if gazetteer.lookup(name))
    elapsed = time.perf_counter() - started
    gazetteer.close()
    return {
        "open_ms": round(opened * 1000, 1),
        "lookups": len(names),
        "lookups_per_second": round(len(names) / elapsed),
        "share_found": round(found / len(names), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-build", action="store_true")
    args = parser.parse_args()
    report: dict[str, object] = {"cpu_count": os.cpu_count(), "python": sys.version.split()[0]}
    report["map_cold"] = cold_map(args.runs)
    report["gazetteer_lookup"] = lookups()
    if not args.skip_build:
        report["gazetteer_build"] = gazetteer_build()
    json.dump(report, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
