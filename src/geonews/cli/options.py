"""Options shared by the commands that geoparse, as decorators (cligj style)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def _parse_models(
    ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
) -> dict[str, str]:
    models: dict[str, str] = {}
    for value in values:
        lang, sep, name = value.partition("=")
        if not sep or not lang.strip() or not name.strip():
            raise click.BadParameter(f"expected LANG=MODEL, got {value!r}", ctx, param)
        models[lang.strip()] = name.strip()
    return models


#: --model LANG=MODEL, repeatable: which spaCy pipeline reads which language.
model_option = click.option(
    "--model",
    "models",
    multiple=True,
    metavar="LANG=MODEL",
    callback=_parse_models,
    help="spaCy model for a language, e.g. en=en_core_web_sm (repeatable).",
)

#: --gazetteer FILE: the embedded gazetteer to open (or build).
gazetteer_option = click.option(
    "--gazetteer",
    "gazetteer_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="GEONEWS_GAZETTEER",
    help="Embedded gazetteer file (built on first use if missing). [env: GEONEWS_GAZETTEER]",
)


def geoparse_options(func: F) -> F:
    """--lang, --model, --gazetteer, --geocoder, --user-agent, --max-bytes."""
    decorators = [
        click.option(
            "--lang",
            metavar="LANG",
            help="Language of the article (ISO 639-1, e.g. fr, en). Detected when omitted.",
        ),
        model_option,
        gazetteer_option,
        click.option(
            "--geocoder",
            default="gazetteer",
            show_default=True,
            metavar="NAME",
            help="Where places come from: 'gazetteer' (offline) or an online geocoder: "
            "nominatim, photon, or geonames (needs GEONAMES_USERNAME). Online lookups are "
            "cached, sent at most once a second, and fall back to the gazetteer when the "
            "service fails.",
        ),
        click.option(
            "--geocode-cache",
            "geocode_cache",
            type=click.Path(dir_okay=False, path_type=Path),
            envvar="GEONEWS_GEOCODE_CACHE",
            help="SQLite cache of online geocoder answers. "
            "[default: your cache directory; env: GEONEWS_GEOCODE_CACHE]",
        ),
        click.option(
            "--user-agent",
            envvar="GEONEWS_USER_AGENT",
            help="User agent that identifies you to an online geocoder. [env: GEONEWS_USER_AGENT]",
        ),
        click.option(
            "--max-bytes",
            type=click.IntRange(min=1),
            default=5_000_000,
            show_default=True,
            help="Refuse input larger than this.",
        ),
    ]
    for decorator in reversed(decorators):
        func = decorator(func)
    return func


def open_geoparser(
    *,
    gazetteer_path: Path | None,
    geocoder: str,
    user_agent: str | None,
    models: dict[str, str],
    geocode_cache: Path | None = None,
    lang: str | None = None,
) -> Any:
    """A :class:`~geonews.pipeline.Geoparser` with the candidate source the user picked."""
    from geonews.gazetteer import open_gazetteer
    from geonews.pipeline import Geoparser

    gazetteer = open_gazetteer(gazetteer_path, progress=build_progress())
    source = None
    if geocoder != "gazetteer":
        from geonews.online import GEOCODERS, online_source

        if geocoder not in GEOCODERS:
            choices = ", ".join(["gazetteer", *sorted(GEOCODERS)])
            raise click.BadParameter(
                f"unknown geocoder {geocoder!r}; choose one of {choices}", param_hint="--geocoder"
            )
        source = online_source(
            geocoder,
            user_agent=user_agent,
            cache_path=geocode_cache,
            language=lang,
            fallback=gazetteer,
        )
    return Geoparser(gazetteer=gazetteer, source=source, models=models)


def build_progress() -> Callable[[str, int, int], None]:
    """A progress callback for the gazetteer build that draws one bar per step on stderr."""
    import sys

    state: dict[str, Any] = {"step": None, "bar": None, "done": 0}

    def progress(step: str, done: int, total: int) -> None:
        if state["step"] != step:
            if state["bar"] is not None:
                state["bar"].render_finish()
            state["step"], state["done"] = step, 0
            state["bar"] = click.progressbar(length=max(total, 1), label=step, file=sys.stderr)
            state["bar"].render_progress()
        bar = state["bar"]
        bar.update(done - state["done"])
        state["done"] = done
        if done >= total:
            bar.render_finish()
            state["bar"] = None
            state["step"] = None

    return progress
