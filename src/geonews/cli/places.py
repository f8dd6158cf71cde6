"""``geonews places``: the resolved mentions of an article, as data on stdout."""

from __future__ import annotations

from pathlib import Path

import click

from geonews.cli.options import geoparse_options, open_geoparser


@click.command("places")
@click.argument("source", metavar="ARTICLE")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["geojson", "csv", "table"]),
    default="table",
    show_default=True,
    help="GeoJSON FeatureCollection, CSV (one row per mention), or a table for people.",
)
@click.option(
    "--precision",
    type=click.IntRange(0, 10),
    default=5,
    show_default=True,
    help="Decimal places of coordinates in the output.",
)
@geoparse_options
def places_command(
    source: str,
    fmt: str,
    precision: int,
    lang: str | None,
    models: dict[str, str],
    gazetteer_path: Path | None,
    geocoder: str,
    geocode_cache: Path | None,
    user_agent: str | None,
    max_bytes: int,
) -> None:
    """Print the places ARTICLE mentions: one row or feature per mention.

    \b
    Examples:
      geonews places data/ukraine-fr.txt
      geonews places data/ukraine-fr.txt --format geojson > ukraine.geojson
      geonews places - --format csv --lang en < article.txt
    """
    from geonews.article import read_article
    from geonews.export import to_csv, to_geojson, to_table

    article = read_article(source, lang=lang, max_bytes=max_bytes)
    with open_geoparser(
        gazetteer_path=gazetteer_path,
        geocoder=geocoder,
        user_agent=user_agent,
        models=models,
        geocode_cache=geocode_cache,
        lang=article.lang,
    ) as geoparser:
        result = geoparser.parse(article)
    render = {"geojson": to_geojson, "csv": to_csv, "table": to_table}[fmt]
    click.echo(render(result, precision=precision), nl=False)
