"""Benchmark input at the size limit: one long line without full stops against a normal
article of the same size.

A text without sentence ends (a scraped page, a table flattened into one line) must cost
about what a normal article of its size costs: time and memory linear in the input, and
every mention's sentence a short window, not the whole line. Both inputs are built from
the same words (LGL's articles, joined and repeated up to ``--mb`` megabytes); the long
line drops every full stop, question and exclamation mark and line break.

Prints one JSON object: for each input, the wall time and peak RSS of ``geonews places
--format csv`` in a fresh process, the CSV's size and rows, and the ratios.

Usage: python benchmarks/bench_long_input.py [--mb 5]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "eval" / "lgl.jsonl"


def _at_most(text: str, size: int) -> str:
    """``text`` repeated or cut to at most ``size`` bytes of UTF-8."""
    data = (text * (size // len(text) + 1)).encode("utf-8")[:size]
    return data.decode("utf-8", errors="ignore")


def inputs(size: int) -> dict[str, str]:
    """A normal article and a long line of the same words, ``size`` bytes each at most."""
    texts = [
        json.loads(line)["text"] for line in CORPUS.read_text(encoding="utf-8").split("\n") if line
    ]
    article = "\n\n".join(texts)
    line = re.sub(r"\s+", " ", re.sub(r"[.!?\n\r]+", " ", article))
    return {"normal": _at_most(article, size), "one_line": _at_most(line, size)}


def run(path: Path) -> dict[str, float | int]:
    """Time, peak RSS and output of `geonews places` on one file, in a fresh process."""
    geonews = Path(sys.executable).with_name("geonews")
    out = path.with_suffix(".csv")
    started = time.perf_counter()
    with out.open("wb") as sink:
        proc = subprocess.Popen(
            [str(geonews), "-q", "places", str(path), "--lang", "en", "--format", "csv"],
            stdout=sink,
            env={**os.environ, "CI": "1"},
        )
        _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"geonews places failed on {path.name} with status {status}")
    return {
        "seconds": round(seconds, 1),
        "peak_rss_mb": round(usage.ru_maxrss / 1024),  # KiB on Linux
        "csv_mb": round(out.stat().st_size / 1e6, 2),
        "rows": sum(1 for _ in csv.reader(out.open(encoding="utf-8", newline=""))) - 1,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0, help="input size in MB (default 5)")
    args = parser.parse_args()
    figures: dict[str, object] = {"input_bytes": int(args.mb * 1_000_000)}
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in inputs(int(args.mb * 1_000_000)).items():
            path = Path(tmp) / f"{name}.txt"
            path.write_text(text, encoding="utf-8")
            figures[name] = run(path)
    normal, line = figures["normal"], figures["one_line"]
    assert isinstance(normal, dict) and isinstance(line, dict)
    figures["one_line_to_normal"] = {
        key: round(line[key] / normal[key], 2) for key in ("seconds", "peak_rss_mb", "csv_mb")
    }
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
