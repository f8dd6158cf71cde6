"""The ``geonews`` command group: logging levels and ``-q``, error translation, and the
settings (:class:`~geonews.cli.options.Settings`) its subcommands share."""

from __future__ import annotations

import errno
import logging
import sys
import warnings
from typing import Any

import click

from geonews import __version__
from geonews.cli.options import settings
from geonews.errors import GeonewsError


class _GeonewsGroup(click.Group):
    """Turns every :class:`GeonewsError` into one line on stderr and exit code 1, and
    so does a standard output that cannot be written (a full disk, a closed file) or a
    dependency that cannot be imported."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # fail here, with a message, rather than at exit
            return result
        except GeonewsError as exc:
            raise click.ClickException(str(exc)) from exc
        except ImportError as exc:
            # A part installed badly or left out by an old pip: say which, in one line.
            missing = " ".join(str(exc).split())
            raise click.ClickException(
                f"a part geonews needs cannot be loaded ({missing}); reinstall geonews"
                " with a current pip: python -m pip install --upgrade pip geonews"
            ) from exc
        except OSError as exc:
            # Only a failed write of standard output is ours to word; a closed pipe is
            # click's (it exits quietly), and any other OSError is a bug to show as one.
            if exc.errno not in _WRITE_ERRORS or exc.filename is not None:
                raise
            raise click.ClickException(f"cannot write the output: {exc.strerror or exc}") from exc


#: What writing to a full disk, a quota, a too-large or a closed file descriptor raises.
_WRITE_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EBADF})


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: Any = None,
    line: str | None = None,
) -> None:
    logging.getLogger("geonews").warning("%s", message)


def _configure_logging(verbose: int, quiet: int) -> None:
    level = logging.WARNING - 10 * verbose + 10 * quiet
    logging.basicConfig(
        level=max(logging.DEBUG, level),
        format="geonews: %(levelname)s: %(message)s",
        stream=sys.stderr,
    )
    # A library's warning ("CartoDB tiles now require an API key") is a message for the
    # user, shown like ours, not a Python warning with a file name and a line of code.
    warnings.showwarning = _show_warning
    # spaCy and friends are chatty at INFO; keep their noise out unless asked twice.
    for noisy in ("spacy", "urllib3", "geopy", "PIL"):
        logging.getLogger(noisy).setLevel(
            max(level, logging.INFO if verbose > 1 else logging.WARNING)
        )


@click.group(cls=_GeonewsGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="geonews")
@click.option("-v", "--verbose", count=True, help="More log output on stderr (repeatable).")
@click.option(
    "-q",
    "--quiet",
    count=True,
    help="Less output on stderr: no progress bars or summaries, fewer log lines (repeatable).",
)
@click.pass_context
def cli(ctx: click.Context, verbose: int, quiet: int) -> None:
    """Map the places a news article names.

    geonews finds every place mentioned in an article (spaCy NER plus rules), resolves
    each mention with an embedded offline gazetteer (or an online geocoder you choose),
    and writes an interactive HTML map with a popup per mention.

    \b
    Examples:
      geonews map data/ukraine-fr.txt
      geonews places data/ukraine-fr.txt --format csv
      geonews gazetteer lookup Bakhmout
    """
    _configure_logging(verbose, quiet)
    # Keep what the caller handed in (CliRunner.invoke(..., obj=...)): only -q is ours.
    ctx.ensure_object(dict)
    settings(ctx)["quiet"] = quiet > 0


def _register() -> None:
    from geonews.cli.batch import batch_command
    from geonews.cli.gazetteer import gazetteer_group
    from geonews.cli.map import map_command
    from geonews.cli.places import places_command

    cli.add_command(map_command)
    cli.add_command(places_command)
    cli.add_command(batch_command)
    cli.add_command(gazetteer_group)
    try:
        from geonews.cli.eval import eval_command
    except ImportError:  # pragma: no cover - the eval command ships with the package
        return
    cli.add_command(eval_command)


_register()


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="geonews")
