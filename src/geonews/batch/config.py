"""What every worker of a batch needs to build the same Geoparser, and how it builds one."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language

    from geonews.pipeline import Geoparser


@dataclass(frozen=True, slots=True)
class BatchConfig:
    """What every worker needs to build the same :class:`~geonews.pipeline.Geoparser`.

    Hashable and picklable: it keys each worker's geoparser and travels to Dask workers.
    ``gazetteer_path`` must name the same file on every machine.
    ``preload`` names languages whose models load when a worker starts rather than
    on its first document. ``demonyms`` takes nationality words as mentions of their
    country (see :mod:`geonews.demonyms`). ``gazetteer_path=None`` lets each worker
    use its own default (``GEONEWS_GAZETTEER`` or the cache directory).
    """

    gazetteer_path: str | None = None
    models: tuple[tuple[str, str], ...] = ()
    lang: str | None = None
    max_bytes: int = 5_000_000
    batch_size: int = 16
    preload: tuple[str, ...] = ()
    demonyms: bool = False

    def fingerprint(self) -> dict[str, Any]:
        """The settings that change results (not where or how fast they are computed)."""
        return {
            "gazetteer": self.gazetteer_path,
            "models": [list(m) for m in self.models],
            "lang": self.lang,
            "max_bytes": self.max_bytes,
            "demonyms": self.demonyms,
        }


#: Builds a worker's Geoparser from the run's configuration: the seam of
#: :func:`~geonews.batch.run_batch`. Pool and Dask workers receive it pickled and keep
#: one geoparser per factory and configuration, so give them a module-level function: a
#: ``functools.partial`` unpickles as a new object for every shard, and builds anew.
GeoparserFactory = Callable[[BatchConfig], "Geoparser"]


def build_geoparser(config: BatchConfig, *, nlp: Mapping[str, Language] | None = None) -> Geoparser:
    """A Geoparser as ``config`` describes it, its ``preload`` languages' models loaded.

    The default :data:`GeoparserFactory`. ``nlp`` hands over spaCy pipelines already
    loaded (language -> pipeline), as ``Geoparser(nlp=...)`` takes them, so a notebook or
    a test that holds one does not load it again:
    ``functools.partial(build_geoparser, nlp={"fr": nlp})``. The gazetteer is never
    built here: many workers would race to write one shared file.
    """
    from geonews.gazetteer import open_gazetteer
    from geonews.pipeline import Geoparser

    path = Path(config.gazetteer_path) if config.gazetteer_path else None
    gazetteer = open_gazetteer(path, build_if_missing=False)
    parser = Geoparser(
        gazetteer=gazetteer, models=dict(config.models), nlp=nlp, demonyms=config.demonyms
    )
    for lang in config.preload:
        parser.nlp(lang)
    return parser
