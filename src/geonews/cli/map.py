"""``geonews map``: write the interactive map of an article and open it."""

from __future__ import annotations

import logging
import os
import sys
import webbrowser
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from geonews.cli.options import cdn_option, geoparse_options, geoparsed, is_quiet

if TYPE_CHECKING:
    from geonews.model import Result

log = logging.getLogger(__name__)


def default_output(source: str) -> Path:
    """output/<article name>.html, or output/stdin.html for standard input."""
    stem = "stdin" if source == "-" else Path(source).stem or "article"
    if source.startswith(("http://", "https://")):
        stem = source.rstrip("/").rsplit("/", 1)[-1].split("?")[0].rsplit(".", 1)[0] or "article"
    return Path("output") / f"{stem}.html"


def should_open(no_open: bool) -> bool:
    """Open a browser only for a person at a terminal, never in CI or a pipe."""
    return not no_open and sys.stdout.isatty() and not os.environ.get("CI")


def map_options(func: click.decorators.FC) -> click.decorators.FC:
    """-o, --tiles, --tiles-attribution, --self-contained, --cdn, --geojson, --csv, --force,
    --no-open."""
    decorators = [
        click.option(
            "-o",
            "--output",
            type=click.Path(dir_okay=False, path_type=Path),
            help="Map file to write. [default: output/<ARTICLE name>.html]",
        ),
        click.option(
            "--tiles",
            help="Basemap tiles (a folium name or a URL template), or 'none' for a plain "
            "basemap drawn from country outlines. [default: OpenStreetMap; none with "
            "--self-contained]",
        ),
        click.option(
            "--tiles-attribution",
            metavar="HTML",
            help="Credit for tiles given as a URL template (required with one), e.g. "
            "'&copy; OpenStreetMap contributors'.",
        ),
        click.option(
            "--self-contained",
            is_flag=True,
            help="Make no request at all: unless --tiles is given, draw the basemap from "
            "country outlines instead of loading tiles.",
        ),
        cdn_option(
            "Load Leaflet from a CDN instead of inlining it: a file ~200 KB smaller that "
            "needs a network to show anything."
        ),
        click.option(
            "--geojson",
            "geojson_path",
            type=click.Path(dir_okay=False, path_type=Path),
            help="Also write the mentions as GeoJSON to this file.",
        ),
        click.option(
            "--csv",
            "csv_path",
            type=click.Path(dir_okay=False, path_type=Path),
            help="Also write the mentions as CSV to this file.",
        ),
        click.option("--force", is_flag=True, help="Replace output files geonews did not write."),
        click.option("--no-open", is_flag=True, help="Do not open the map in a browser."),
    ]
    for decorator in reversed(decorators):
        func = decorator(func)
    return func


@click.command("map")
@click.argument("source", metavar="ARTICLE")
@map_options
@geoparse_options
@click.pass_context
def map_command(
    ctx: click.Context,
    /,
    source: str,
    output: Path | None,
    tiles: str | None,
    tiles_attribution: str | None,
    self_contained: bool,
    cdn: bool,
    geojson_path: Path | None,
    csv_path: Path | None,
    force: bool,
    no_open: bool,
    **geoparse: Any,
) -> None:
    """Write an interactive map of the places ARTICLE names, and open it.

    ARTICLE is a text or HTML file, '-' for standard input, or an http(s) URL. The map
    has a popup for every mention, with the sentence it came from. The page carries its
    own scripts; offline, where tiles cannot load, it draws the countries itself.

    \b
    Examples:
      geonews map data/ukraine-fr.txt
      geonews map article.html -o maps/article.html --no-open
      cat article.txt | geonews map - --lang en --self-contained
    """
    from geonews.export import CSV_COLUMNS, to_csv, to_geojson
    from geonews.output import check_outputs, starts_with_header, write_output
    from geonews.render import render_map

    if cdn and self_contained:
        raise click.UsageError("--cdn and --self-contained contradict each other")
    if tiles and "{" in tiles and not tiles_attribution:
        raise click.UsageError(
            "tiles given as a URL template need their credit: add --tiles-attribution"
        )
    path = output or default_output(source)
    csv_owned = starts_with_header(CSV_COLUMNS)  # CSV has no room for a generator mark
    targets = [(path, None), (geojson_path, None), (csv_path, csv_owned)]
    # Refuse a path before the parse, and before writing any file: never half the outputs.
    check_outputs([(p, owned) for p, owned in targets if p is not None], force=force)
    with geoparsed(source, **geoparse) as (result, geoparser):
        html = render_map(
            result,
            geoparser.gazetteer,
            tiles=tiles,
            tiles_attribution=tiles_attribution,
            self_contained=not cdn,
            offline=self_contained,
        )
    path = write_output(path, html, force=force)
    if geojson_path:
        write_output(geojson_path, to_geojson(result), force=force)
    if csv_path:
        write_output(csv_path, to_csv(result), force=force, owned=csv_owned)
    if not is_quiet(ctx):
        click.echo(_summary(path, result), err=True)
    if should_open(no_open):
        webbrowser.open(path.resolve().as_uri())


def _summary(path: Path, result: Result) -> str:
    """What was written: the one line ``geonews map`` prints on stderr."""
    places = {g.place.place_id for g in result.resolved if g.place}
    return (
        f"Wrote {path}: {len(result.resolved)} mentions of {len(places)} places, "
        f"{len(result.borders)} borders, {len(result.unresolved)} unresolved."
    )
