"""Throughput and memory of the full pipeline while it evaluates a corpus (LGL by default).

Not a test: run it by hand and compare runs on the same machine.

    python benchmarks/eval_throughput.py ../shared/eval/lgl.jsonl [--limit N]

Prints one JSON object on stdout: load time (models and gazetteer, measured by parsing the
first document alone), documents and characters per second over the rest, peak resident
memory of the process (``ru_maxrss``), and the headline scores so a speed-up that costs
accuracy shows.

In the same run it times the floor: bare NER, the same spaCy model with only ``tok2vec``
and ``ner`` (``nlp.pipe`` over the same texts, after one warm-up document), and reports
``pipeline_to_bare_ner``, the pipeline's documents a second over the floor's.
"""

from __future__ import annotations

import argparse
import json
import logging
import resource
import sys
import time
from pathlib import Path
from typing import Any


def rss_mb() -> float:
    """Peak resident set size of this process so far, in MiB (Linux reports KiB)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / 2**20


def current_rss_mb() -> float | None:
    """Resident set size now, from /proc (None where there is no /proc)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def run(corpus: Path, limit: int | None, gazetteer: Path | None) -> dict[str, Any]:
    from geonews.evaluate import evaluate
    from geonews.gold import load_corpus
    from geonews.pipeline import Geoparser

    docs = load_corpus(corpus)
    if limit is not None:
        docs = docs[: limit + 1]
    if len(docs) < 2:
        raise SystemExit("need at least two documents: one to warm up, one to time")
    rss_start = current_rss_mb()
    started = time.perf_counter()
    with Geoparser(gazetteer_path=gazetteer) as parser:
        # The first document loads the spaCy model and opens the gazetteer.
        warm = evaluate(docs[:1], parser)
        load_seconds = time.perf_counter() - started
        rss_loaded = current_rss_mb()
        report = evaluate(docs[1:], parser)
    timed = docs[1:]
    chars = sum(len(d.text) for d in timed)
    summary = report.to_dict()
    bare_seconds = bare_ner_seconds([d.text for d in docs], lang=docs[0].lang)
    return {
        "corpus": str(corpus),
        "documents": len(timed),
        "characters": chars,
        "warm_up_seconds": round(load_seconds, 2),
        "warm_up_document_seconds": round(warm.seconds, 2),
        "seconds": round(report.seconds, 2),
        "documents_per_second": round(len(timed) / report.seconds, 2),
        "characters_per_second": round(chars / report.seconds),
        "rss_start_mb": None if rss_start is None else round(rss_start, 1),
        "rss_after_load_mb": None if rss_loaded is None else round(rss_loaded, 1),
        "rss_end_mb": None if (end := current_rss_mb()) is None else round(end, 1),
        "peak_rss_mb": round(rss_mb(), 1),
        "bare_ner_seconds": round(bare_seconds, 2),
        "bare_ner_documents_per_second": round(len(timed) / bare_seconds, 2),
        "pipeline_to_bare_ner": round(bare_seconds / report.seconds, 3),
        "recognition_f1": summary["recognition"]["f1"],
        "end_to_end_acc_161km": summary["end_to_end_acc_161km"],
        "python": sys.version.split()[0],
    }


def load_bare_ner(name: str) -> Any:
    """The spaCy model ``name`` with only ``tok2vec`` and ``ner``: the floor any geoparser
    built on it stands on (no parser, no sentence splitter, nothing else)."""
    import spacy

    probe = spacy.load(name)
    keep = {"tok2vec", "ner"}
    every = [*probe.pipe_names, *probe.disabled]
    return spacy.load(name, exclude=[pipe for pipe in every if pipe not in keep])


def bare_ner_seconds(texts: list[str], *, lang: str) -> float:
    """Seconds bare NER (see :func:`load_bare_ner`) takes over ``texts[1:]`` after a
    warm-up on ``texts[0]``."""
    from geonews.pipeline import DEFAULT_MODELS

    nlp = load_bare_ner(DEFAULT_MODELS[lang])
    list(nlp.pipe(texts[:1]))
    started = time.perf_counter()
    for _ in nlp.pipe(texts[1:], batch_size=16):
        pass
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, nargs="?", default=Path("../shared/eval/lgl.jsonl"))
    parser.add_argument("--limit", type=int, help="time only the first N documents")
    parser.add_argument("--gazetteer", type=Path, help="gazetteer file to use")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    sys.stdout.write(json.dumps(run(args.corpus, args.limit, args.gazetteer), indent=2) + "\n")


if __name__ == "__main__":
    main()
