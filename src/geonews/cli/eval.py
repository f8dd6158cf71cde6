"""``geonews eval``: score the pipeline on annotated corpora (JSON lines, see evaluate.py)."""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from geonews.cli.options import (
    command_quiet_option,
    count_option,
    demonyms_option,
    gazetteer_option,
    is_quiet,
    model_option,
    option_group,
    settings,
)

if TYPE_CHECKING:
    from geonews.gold import GoldDocument

log = logging.getLogger(__name__)

# (header, width, key path into Scores.to_dict(), format)
_COLUMNS: tuple[tuple[str, int, tuple[str, ...], str], ...] = (
    ("docs", 5, ("documents",), "d"),
    ("gold", 6, ("gold_places",), "d"),
    ("P", 6, ("recognition", "precision"), ".3f"),
    ("R", 6, ("recognition", "recall"), ".3f"),
    ("F1", 6, ("recognition", "f1"), ".3f"),
    ("exactF1", 7, ("recognition", "exact_f1"), ".3f"),
    ("res.n", 6, ("resolution", "n"), "d"),
    ("acc@161", 7, ("resolution", "acc_161km"), ".3f"),
    ("mean km", 8, ("resolution", "mean_km"), ".0f"),
    ("med km", 7, ("resolution", "median_km"), ".1f"),
    ("AUC", 6, ("resolution", "auc"), ".3f"),
    ("acc area", 8, ("resolution", "area_acc"), ".3f"),
    ("e2e@161", 7, ("end_to_end_acc_161km",), ".3f"),
    ("e2e area", 8, ("end_to_end_area_acc",), ".3f"),
    ("doc/s", 6, ("documents_per_second",), ".1f"),
)


def _cell(figures: dict[str, Any], path: tuple[str, ...], fmt: str) -> str:
    value: Any = figures
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    return "-" if value is None else format(value, fmt)


def format_table(summary: dict[str, Any]) -> str:
    """Plain-text table of a report summary: one row per corpus, per language, and all."""
    name_width = max(
        [
            8,
            *(len(k) + 5 for k in summary["by_corpus"]),
            *(len(k) + 5 for k in summary["by_language"]),
        ]
    )
    header = "".ljust(name_width) + " ".join(h.rjust(w) for h, w, _, _ in _COLUMNS)

    def row(name: str, figures: dict[str, Any]) -> str:
        cells = (_cell(figures, path, fmt).rjust(w) for _, w, path, fmt in _COLUMNS)
        return name.ljust(name_width) + " ".join(cells)

    lines = [header]
    lines += [row(name, figures) for name, figures in summary["by_corpus"].items()]
    lines += [row(f"lang {lang}", figures) for lang, figures in summary["by_language"].items()]
    lines.append(row("all", summary))
    notes = [
        f"{summary['documents']} documents in {summary['seconds']:.1f} s; "
        f"recognition tp/fp/fn {summary['recognition']['tp']}/{summary['recognition']['fp']}/"
        f"{summary['recognition']['fn']}, {summary['neutral']} neutral (ignore spans); "
        f"{summary['resolution']['unresolved']} recognised but unresolved (charged 20039 km)"
    ]
    for name, figures in summary["by_corpus"].items():
        if figures["focus"]["documents"]:
            notes.append(
                f"{name}: focus right in {figures['focus']['accuracy']:.3f} of the "
                f"{figures['focus']['documents']} documents that mark a main place"
            )
    if summary["skipped_gold"]:
        notes.append(f"{summary['skipped_gold']} gold places skipped: offsets do not match text")
    for kind, classes in summary["error_classes"].items():
        top = sorted(
            ((n, c) for c, n in classes.items() if c != "total"), key=lambda nc: (-nc[0], nc[1])
        )[:6]
        listed = ", ".join(f"{c} {n}" for n, c in top)
        notes.append(
            f"{kind} {classes['total']}: {listed}" if listed else f"{kind} {classes['total']}"
        )
    return "\n".join([*lines, "", *notes])


@contextlib.contextmanager
def _progress(total: int, show: bool) -> Iterator[Callable[[int], None] | None]:
    if not show:
        yield None
        return
    with click.progressbar(length=total, label="evaluating", file=sys.stderr) as bar:
        yield bar.update


def _load_documents(
    corpora: tuple[Path, ...], *, only_lang: str | None, limit: int | None
) -> list[GoldDocument]:
    """The documents to score: each corpus's first ``limit`` in ``only_lang``, in order."""
    from geonews.errors import InputError
    from geonews.gold import load_corpus

    docs = []
    for path in corpora:
        corpus = load_corpus(path)
        if only_lang is not None:
            corpus = [d for d in corpus if d.lang == only_lang]
        docs.extend(corpus[:limit] if limit is not None else corpus)
    if not docs:
        raise InputError(
            "no documents to evaluate" + (f" in language {only_lang!r}" if only_lang else "")
        )
    return docs


#: --json, --errors FILE and --force: what eval writes, and where.
_output_options = option_group(
    click.option(
        "--json", "as_json", is_flag=True, help="Print one JSON object instead of a table."
    ),
    click.option(
        "--errors",
        "errors_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Write every miss, false positive, unresolved and far-off (>= 161 km) "
        "placement to FILE as JSON lines.",
    ),
    click.option(
        "--force", is_flag=True, help="Replace an --errors file that is not a geonews error log."
    ),
)


@click.command("eval")
@click.argument("corpora", nargs=-1, required=True, type=click.Path(path_type=Path))
@_output_options
@count_option("--limit", help="Evaluate only the first N documents of each corpus.")
@click.option(
    "--only-lang",
    metavar="LANG",
    help="Evaluate only the documents in this language (ISO 639-1, e.g. en).",
)
@model_option
@gazetteer_option
@demonyms_option
@command_quiet_option
@click.pass_context
def eval_command(
    ctx: click.Context,
    corpora: tuple[Path, ...],
    as_json: bool,
    errors_path: Path | None,
    force: bool,
    limit: int | None,
    only_lang: str | None,
    models: dict[str, str],
    gazetteer_path: Path | None,
    demonyms: bool,
) -> None:
    """Score recognition and resolution on annotated corpora.

    Each CORPUS is a JSON-lines file of documents with gold places (the format of the
    project's eval/README.md). Prints precision, recall and F1 (overlap and exact spans),
    resolution error (acc@161km, mean and median km, AUC) and end-to-end acc@161km, per
    corpus, per language and overall. A recognised place left without coordinates is
    charged 20039 km. "acc area" and "e2e area" also count a predicted country,
    continent or grouping of countries right when the gold point lies inside its
    outline (gold sets disagree on the points of large areas). With --demonyms,
    nationality words are predictions too (LGL and TR-News annotate them as places).
    Where a corpus marks main places ("main": true), focus accuracy is the share of
    those documents whose top focus lies within 161 km of one or, being an area, holds
    one.

    \b
    Examples:
      geonews eval eval/lgl.jsonl eval/trnews.jsonl
      geonews eval eval/lgl.jsonl --limit 50 --errors lgl-errors.jsonl
      geonews eval eval/*.jsonl --json > scores.json
    """
    from geonews.evaluate import evaluate, is_error_log, write_errors
    from geonews.output import check_outputs
    from geonews.pipeline import Geoparser

    if errors_path is not None:
        # Refused now, not after minutes of evaluation.
        check_outputs([(errors_path, is_error_log)], force=force)
    docs = _load_documents(corpora, only_lang=only_lang, limit=limit)
    show = not is_quiet(ctx) and sys.stderr.isatty()
    load_nlp = settings(ctx).get("load_nlp")
    with (
        Geoparser(
            gazetteer_path=gazetteer_path,
            models=models or None,
            load_nlp=load_nlp,
            demonyms=demonyms,
        ) as parser,
        _progress(len(docs), show) as progress,
    ):
        report = evaluate(docs, parser, progress=progress, holds=parser.gazetteer.holds)
    if errors_path is not None:
        count = write_errors(errors_path, report.errors, force=force)
        log.info("wrote %d error records to %s", count, errors_path)
    click.echo(report.to_json(indent=2) if as_json else format_table(report.to_dict()))
