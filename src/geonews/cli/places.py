"""``geonews places``: the resolved mentions of an article, as data on stdout."""

from __future__ import annotations

from typing import Any

import click

from geonews.cli.options import geoparse_options, geoparsed


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
def places_command(source: str, fmt: str, precision: int, **geoparse: Any) -> None:
    """Print the places ARTICLE mentions: one row or feature per mention.

    \b
    Examples:
      geonews places data/ukraine-fr.txt
      geonews places data/ukraine-fr.txt --format geojson > ukraine.geojson
      geonews places - --format csv --lang en < article.txt
    """
    from geonews.export import to_csv, to_geojson, to_table

    render = {"geojson": to_geojson, "csv": to_csv, "table": to_table}[fmt]
    with geoparsed(source, **geoparse) as (result, _):
        output = render(result, precision=precision)
    click.echo(output, nl=False)
