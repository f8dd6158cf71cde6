"""``geonews gazetteer``: build, inspect and query the embedded gazetteer."""

from __future__ import annotations

import json
import time
from pathlib import Path

import click

from geonews.cli.options import (
    build_progress,
    count_option,
    gazetteer_option,
    gazetteer_path_alias,
    is_quiet,
)


@click.group("gazetteer")
def gazetteer_group() -> None:
    """Build, inspect and query the embedded offline gazetteer."""


@gazetteer_group.command("build")
@gazetteer_option
@gazetteer_path_alias
@click.option(
    "--cities",
    type=click.Choice(["500", "1000", "5000", "15000"]),
    default="500",
    show_default=True,
    help="Smallest population of the GeoNames towns to include (towns under 1,000 "
    "only resolve names the text places, e.g. 'Churchill, Man.').",
)
@click.option(
    "--country",
    "countries",
    multiple=True,
    metavar="CC",
    help="Only these countries (ISO 3166-1 alpha-2; repeatable). Default: all.",
)
@click.pass_context
def build_command(
    ctx: click.Context, gazetteer_path: Path | None, cities: str, countries: tuple[str, ...]
) -> None:
    """Compile the gazetteer from GeoNames, Unicode CLDR, Natural Earth and curated tables.

    \b
    Example:
      geonews gazetteer build --cities 500
    """
    from geonews.gazetteer import build_gazetteer, default_gazetteer_path

    target = gazetteer_path or default_gazetteer_path()
    started = time.perf_counter()
    counts = build_gazetteer(
        target,
        cities=cities,
        countries={c.upper() for c in countries} or None,
        progress=None if is_quiet(ctx) else build_progress(),
    )
    summary = ", ".join(f"{n:,} {kind}" for kind, n in counts.items())
    click.echo(
        f"Built {target} in {time.perf_counter() - started:.1f} s "
        f"({target.stat().st_size / 1e6:.1f} MB): {summary}",
        err=True,
    )


@gazetteer_group.command("lookup")
@click.argument("names", nargs=-1, required=True)
@gazetteer_option
@gazetteer_path_alias
@count_option("--limit", default=10, help="Show at most this many candidates per name.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per candidate.")
def lookup_command(
    names: tuple[str, ...], gazetteer_path: Path | None, limit: int, as_json: bool
) -> None:
    """Show the candidates for each NAME: place, kind, country, population, coordinates.

    Lookup ignores case, accents and apostrophes ("Etats-Unis" finds "États-Unis").

    \b
    Examples:
      geonews gazetteer lookup Bakhmout
      geonews gazetteer lookup "Quai d'Orsay" Moscou --json
    """
    from geonews.gazetteer import open_gazetteer

    with open_gazetteer(gazetteer_path, progress=build_progress()) as gazetteer:
        for name in names:
            places = gazetteer.lookup(name, limit=limit)
            if as_json:
                for rank, p in enumerate(places, 1):
                    row = {
                        "query": name,
                        "rank": rank,
                        "place_id": p.place_id,
                        "name": p.name,
                        "kind": p.kind,
                        "country_code": p.country_code,
                        "admin1": p.admin1,
                        "population": p.population,
                        "lat": p.lat,
                        "lon": p.lon,
                    }
                    click.echo(json.dumps(row, ensure_ascii=False))
                continue
            click.echo(f"{name}: {len(places) or 'no'} candidate{'s' if len(places) != 1 else ''}")
            for p in places:
                click.echo(
                    f"  {p.name:<28} {p.kind:<8} {p.country_code or '--':<3}"
                    f"{p.admin1 or '':<6}{p.population:>12,}  {p.lat:9.4f} {p.lon:10.4f}"
                    f"  {p.place_id}"
                )


@gazetteer_group.command("info")
@gazetteer_option
@gazetteer_path_alias
def info_command(gazetteer_path: Path | None) -> None:
    """Where the gazetteer is, what it holds, and where its data comes from."""
    from geonews.gazetteer import default_gazetteer_path, open_gazetteer

    target = gazetteer_path or default_gazetteer_path()
    with open_gazetteer(target, progress=build_progress()) as gazetteer:
        click.echo(f"path: {target}")
        click.echo(f"size: {target.stat().st_size / 1e6:.1f} MB")
        for key, value in sorted(gazetteer.metadata().items()):
            click.echo(f"{key}: {value}")
