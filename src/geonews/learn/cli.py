"""The command line of :mod:`geonews.learn`."""

from __future__ import annotations

import datetime
import json
import logging
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path

import click

from geonews.candidates import Recogniser, default_recogniser_path
from geonews.errors import GeonewsError
from geonews.gold import load_corpus
from geonews.learn import resolver
from geonews.model import Article
from geonews.output import write_output
from geonews.ranking import Weights, load_weights

#: What is known of the shared corpora: where they come from and under which licence.
#: Recorded beside the weights fitted on them.
CORPUS_ORIGINS = {
    "lgl": "LGL, local US news (Lieberman et al. 2010), via Gritta et al.'s "
    "'A Pragmatic Guide to Geoparsing Evaluation' repository (GPL-3.0)",
    "trnews": "TR-News (Kamalloo & Rafiei 2018), via the same repository (GPL-3.0)",
    "tud-dev": "TUD-Loc-2013 training and validation splits (Katz & Schill 2013), CC BY-NC-SA 4.0",
    "gwn": "GeoWebNews (Gritta et al. 2018), CC BY-NC-SA 4.0",
    "hipe-fr-dev": "CLEF-HIPE-2020 French dev set (historical newspapers), CC BY-NC-SA 4.0",
    "hipe-de-dev": "CLEF-HIPE-2020 German dev set (historical newspapers), CC BY-NC-SA 4.0",
    "seed-fr": "the geonews sample article, annotated for geonews (MIT)",
}


@click.group()
def main() -> None:
    """Fit geonews' learned models on annotated corpora (needs scikit-learn)."""
    logging.basicConfig(format="geonews.learn: %(message)s", level=logging.WARNING)


@main.command("resolver")
@click.argument("corpora", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the fitted weights here (JSON); pass them to geonews.ranking.load_weights.",
)
@click.option(
    "--gazetteer", type=click.Path(path_type=Path), help="Gazetteer to read candidates from."
)
def resolver_command(corpora: Sequence[Path], out: Path | None, gazetteer: Path | None) -> None:
    """Fit the resolver's weights on CORPORA and compare them with the shipped ones.

    CORPORA are JSONL files (see ../shared/eval/README.md); every corpus weighs the same.
    For each corpus, prints how often the best candidate is right under weights fitted
    without it (cross-corpus validation), under weights fitted on all, and under the
    weights geonews ships (set by hand; docs/accuracy.md says why).

    \b
    python -m geonews.learn resolver ../shared/eval/{lgl,trnews,tud-dev}.jsonl
    """
    try:
        _fit_resolver(corpora, out, gazetteer)
    except GeonewsError as exc:
        raise click.ClickException(str(exc)) from exc


def _fit_resolver(corpora: Sequence[Path], out: Path | None, gazetteer: Path | None) -> None:
    from geonews.gazetteer import normalize_name
    from geonews.pipeline import Geoparser

    documents = [doc for path in corpora for doc in load_corpus(path)]
    names = sorted({doc.corpus for doc in documents})
    click.echo(f"reading {len(documents)} documents of {', '.join(names)}", err=True)
    with Geoparser(gazetteer_path=gazetteer) as geoparser:
        articles = (Article(text=d.text, lang=d.lang) for d in documents)
        recognised = [
            resolver.Recognised(doc, tuple(m.mention for m in result.mentions))
            for doc, result in zip(documents, geoparser.parse_many(articles), strict=True)
        ]
        options = {"source": geoparser.source, "normalize": normalize_name}
        weights = start = load_weights()
        for round_ in range(1, resolver.ROUNDS + 1):
            data = resolver.choices(recognised, weights, **options)  # type: ignore[arg-type]
            weights = Weights(resolver.fit(data), {})
            click.echo(f"round {round_}: {len(data)} places to choose for", err=True)
        data = resolver.choices(recognised, weights, **options)  # type: ignore[arg-type]
    validation = {}
    for name in names:
        held_out = resolver.only(data, [name])
        others = resolver.only(data, [n for n in names if n != name])
        validation[name] = {
            "places": len(held_out),
            "fitted_without_it": round(resolver.accuracy(held_out, resolver.fit(others)), 4),
            "fitted_on_all": round(resolver.accuracy(held_out, weights.values), 4),
            "shipped_weights": round(resolver.accuracy(held_out, start.values), 4),
        }
        click.echo(f"{name}: {json.dumps(validation[name])}", err=True)
    about = {
        "generator": "geonews.learn",
        "fitted": datetime.date.today().isoformat(),
        "command": "python -m geonews.learn resolver " + " ".join(p.name for p in corpora),
        "method": "pairwise logistic regression (scikit-learn "
        f"{version('scikit-learn')}), every corpus weighing the same, "
        f"{resolver.ROUNDS} rounds; a candidate is right within {resolver.RIGHT_KM:g} km",
        "corpora": {
            name: {
                "documents": sum(1 for d in documents if d.corpus == name),
                "origin": CORPUS_ORIGINS.get(name, "not recorded"),
            }
            for name in names
        },
        "validation": {
            "what": "share of recognised gold places whose best candidate is right, on the "
            "places that have a right and a wrong candidate",
            **validation,
        },
    }
    if out is not None:
        text = json.dumps(Weights(weights.values, about).to_json(), indent=2, ensure_ascii=False)
        write_output(out, text + "\n")
        click.echo(f"wrote {out}", err=True)


@main.command("recogniser")
@click.argument("corpora", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the fitted decision (JSON)  [default: the one geonews ships].",
)
@click.option(
    "--without-ner",
    is_flag=True,
    help="Read every corpus with spaCy's tokenizer only, as geonews reads the languages it "
    "has no NER model for, and fit the decision those use.",
)
@click.option(
    "--gazetteer", type=click.Path(path_type=Path), help="Gazetteer the names are looked up in."
)
def recogniser_command(
    corpora: Sequence[Path], out: Path | None, without_ner: bool, gazetteer: Path | None
) -> None:
    """Fit the place / not-place decision on CORPORA (JSONL, see ../shared/eval/README.md).

    Reads every corpus whose language has a model. Every corpus weighs the same. Also
    reports, for each corpus, how a decision fitted without it does on it (cross-corpus
    validation), and writes that beside the weights.

    \b
    python -m geonews.learn recogniser ../shared/eval/{lgl,trnews,tud-dev,hipe-fr-dev,seed-fr}.jsonl
    python -m geonews.learn recogniser --without-ner ../shared/eval/{lgl,trnews,...}.jsonl
    """
    try:
        _fit_recogniser(
            corpora, out or default_recogniser_path(ner=not without_ner), without_ner, gazetteer
        )
    except GeonewsError as exc:
        raise click.ClickException(str(exc)) from exc


def _fit_recogniser(
    corpora: Sequence[Path], out: Path, without_ner: bool, gazetteer: Path | None
) -> None:
    from geonews.learn import recogniser
    from geonews.pipeline import BLANK_PREFIX, DEFAULT_MODELS, Geoparser

    documents = [doc for path in corpora for doc in load_corpus(path)]
    skipped = sorted({d.corpus for d in documents if d.lang not in DEFAULT_MODELS})
    if skipped:
        click.echo(f"left out (no model for their language): {', '.join(skipped)}", err=True)
    documents = [d for d in documents if d.lang in DEFAULT_MODELS]
    names = sorted({doc.corpus for doc in documents})
    click.echo(f"reading {len(documents)} documents of {', '.join(names)}", err=True)
    models = {d.lang: BLANK_PREFIX + d.lang for d in documents} if without_ner else None
    with Geoparser(gazetteer_path=gazetteer, models=models) as geoparser:
        articles = [Article(text=d.text, lang=d.lang) for d in documents]
        found = [candidates for _, candidates in geoparser.candidates(articles)]
    data = recogniser.label(zip(documents, found, strict=True))
    fitted = recogniser.fit(data)
    validation = {}
    for name in names:
        held_out = data.only([name])
        without = recogniser.fit(data.only(n for n in names if n != name))
        validation[name] = {
            "fitted_without_it": recogniser.scores(held_out, without),
            "fitted_on_all": recogniser.scores(held_out, fitted),
        }
        click.echo(f"{name}: {json.dumps(validation[name])}", err=True)
    about = {
        "generator": "geonews.learn",
        "fitted": datetime.date.today().isoformat(),
        "command": "python -m geonews.learn recogniser "
        + ("--without-ner " if without_ner else "")
        + " ".join(p.name for p in corpora),
        "method": "logistic regression on standardised features (scikit-learn "
        f"{version('scikit-learn')}), every corpus weighing the same; a place when the "
        f"probability reaches {fitted.threshold:g}",
        "corpora": {
            name: {
                "documents": sum(1 for d in documents if d.corpus == name),
                "candidates": len(data.only([name])),
                "origin": CORPUS_ORIGINS.get(name, "not recorded"),
            }
            for name in names
        },
        "validation": {
            "what": "on the names the gazetteer knows that "
            + ("the rules" if without_ner else "NER and the rules")
            + " left out: "
            "places taken (right), non-places taken (wrong), precision and recall",
            **validation,
        },
    }
    decided = Recogniser(
        fitted.weights, fitted.means, fitted.scales, fitted.intercept, fitted.threshold, about
    )
    text = json.dumps(decided.to_json(), indent=2, ensure_ascii=False)
    write_output(out, text + "\n")
    click.echo(f"wrote {out}", err=True)
