"""Options the commands share, declared once as decorators (cligj style), and the
settings the group hands its commands in ``ctx.obj``."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict, TypeVar, cast

import click
from click.core import ParameterSource

if TYPE_CHECKING:
    from spacy.language import Language

    from geonews.model import Result
    from geonews.pipeline import Geoparser

F = TypeVar("F", bound=Callable[..., Any])

log = logging.getLogger(__name__)


class Settings(TypedDict, total=False):
    """What the group keeps in ``ctx.obj`` for its commands (a dict, as rio keeps one).

    A caller may hand in its own: ``CliRunner().invoke(cli, args, obj={"load_nlp": f})``
    makes every command load spaCy pipelines with ``f``, which is how the tests give the
    CLI a model they loaded once.
    """

    #: ``-q`` was given: no progress bars and no summaries on stderr.
    quiet: bool
    #: How a :class:`~geonews.pipeline.Geoparser` loads a spaCy pipeline by model name.
    load_nlp: Callable[[str], Language]


def settings(ctx: click.Context | None = None) -> Settings:
    """The group's settings for ``ctx`` (default: the running command); empty outside one."""
    ctx = ctx or click.get_current_context(silent=True)
    found = ctx.find_object(dict) if ctx is not None else None
    return cast(Settings, found if found is not None else {})


def is_quiet(ctx: click.Context | None = None) -> bool:
    """Whether ``-q`` asked for no progress bars and no summaries."""
    return bool(settings(ctx).get("quiet"))


def _also_quiet(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        ctx.ensure_object(dict)["quiet"] = True


#: ``-q`` after a command name, hidden: the spelling ``geonews eval`` had before the
#: group's ``-q`` did the job. It hides the progress bar, as it always did.
command_quiet_option = click.option(
    "-q",
    "--quiet",
    is_flag=True,
    hidden=True,
    expose_value=False,
    callback=_also_quiet,
    help="Same as geonews -q: no progress bar.",
)


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

_PATH_ALIAS = "geonews.gazetteer_path_alias"


def _gazetteer_path(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    # An explicit --gazetteer wins, then the old --path, then $GEONEWS_GAZETTEER. Click
    # reads the options given on the command line first, so --path has been seen by now
    # unless --gazetteer came before it.
    alias: Path | None = ctx.meta.get(_PATH_ALIAS)
    given = ctx.get_parameter_source(param.name or "") is ParameterSource.COMMANDLINE
    return value if alias is None or given else alias


#: --gazetteer FILE: the embedded gazetteer to open, build or query.
gazetteer_option = click.option(
    "--gazetteer",
    "gazetteer_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="GEONEWS_GAZETTEER",
    callback=_gazetteer_path,
    help="Embedded gazetteer file (built when missing). "
    "[default: your cache directory; env: GEONEWS_GAZETTEER]",
)


def _remember_path_alias(ctx: click.Context, param: click.Parameter, value: Path | None) -> None:
    if value is not None:
        log.warning("--path is deprecated: use --gazetteer")
        ctx.meta[_PATH_ALIAS] = value


#: --path FILE, hidden: what ``geonews gazetteer`` called --gazetteer before, kept so
#: scripts keep working.
gazetteer_path_alias = click.option(
    "--path",
    hidden=True,
    expose_value=False,
    type=click.Path(dir_okay=False, path_type=Path),
    callback=_remember_path_alias,
    help="Deprecated spelling of --gazetteer.",
)


def lang_option(
    help: str = "Language of the article (ISO 639-1, e.g. fr, en). Detected when omitted.",
) -> Callable[[F], F]:
    """--lang LANG: the language the input is written in (every command means that)."""
    return click.option("--lang", metavar="LANG", help=help)


def max_bytes_option(help: str = "Refuse input larger than this.") -> Callable[[F], F]:
    """--max-bytes N: the largest input (an article, a corpus document) to read."""
    return count_option("--max-bytes", default=5_000_000, help=help)


def cdn_option(help: str) -> Callable[[F], F]:
    """--cdn: a page that links Leaflet from a CDN instead of carrying it inline."""
    return click.option("--cdn", is_flag=True, help=help)


def count_option(*decls: str, default: int | None = None, help: str) -> Callable[[F], F]:
    """An option taking a whole number of at least 1, its default shown in ``--help``."""
    return click.option(
        *decls,
        type=click.IntRange(min=1),
        default=default,
        show_default=default is not None,
        help=help,
    )


def option_group(*decorators: Callable[[F], F]) -> Callable[[F], F]:
    """One decorator for several options, listed as they read in ``--help``."""

    def decorate(func: F) -> F:
        for decorator in reversed(decorators):
            func = decorator(func)
        return func

    return decorate


demonyms_option = click.option(
    "--demonyms",
    is_flag=True,
    help="Also take nationality words ('Russian troops', 'les forces russes') as "
    "mentions of their country, marked role 'demonym' (a map puts them on their own "
    "layer, off until switched on).",
)

#: --lang, --model, --gazetteer, --geocoder, --geocode-cache, --user-agent, --max-bytes,
#: --demonyms:
#: what every command that geoparses one article takes (see :func:`geoparsed`).
geoparse_options = option_group(
    lang_option(),
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
    max_bytes_option(),
    demonyms_option,
)


def open_geoparser(
    *,
    gazetteer_path: Path | None,
    geocoder: str,
    user_agent: str | None,
    models: dict[str, str],
    geocode_cache: Path | None = None,
    lang: str | None = None,
    demonyms: bool = False,
) -> Geoparser:
    """A :class:`~geonews.pipeline.Geoparser` with the candidate source the user picked,
    loading spaCy pipelines the way the group's :class:`Settings` say."""
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
    return Geoparser(
        gazetteer=gazetteer,
        source=source,
        models=models,
        load_nlp=settings().get("load_nlp"),
        demonyms=demonyms,
    )


@contextlib.contextmanager
def geoparsed(
    source: str, *, lang: str | None, max_bytes: int, **options: Any
) -> Iterator[tuple[Result, Geoparser]]:
    """Read ARTICLE (a file, '-' or an http(s) URL) and geoparse it as the
    :func:`geoparse_options` ask; the geoparser, and its gazetteer for the shapes a map
    draws, stay open inside the block."""
    from geonews.article import read_article

    article = read_article(source, lang=lang, max_bytes=max_bytes)
    with open_geoparser(**options, lang=article.lang) as geoparser:
        yield geoparser.parse(article), geoparser


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
