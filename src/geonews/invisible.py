"""Characters that hide inside words: zero-width spaces and joiners, word joiners, soft
hyphens.

Text copied from web pages carries them ("Mos\\u200bcow", "War\\u00adsaw"): invisible on
the page, they split a name for NER and for the gazetteer. The pipeline reads a view of
the text without them and maps every offset it finds back to the article's own text, so
mentions still point at what the article says.

Zero-width joiners and non-joiners shape Arabic, Persian and Indic words, so they are
only dropped between Latin, Greek or Cyrillic letters, where they join nothing.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from geonews.model import Article, Mention, Result

__all__ = ["TextView", "view_of"]

_ALPHABETIC = "A-Za-z\u00c0-\u024f\u0370-\u052f\u1e00-\u1eff"
_INVISIBLE = re.compile(
    "[\u00ad\u200b\u2060\ufeff]"  # soft hyphen, zero-width space, word joiner, BOM
    # The not sign OCR reads for a word broken at a line's end in old print: "Neuen¬\nburg".
    rf"|(?<=[{_ALPHABETIC}])\u00ac[ \t]*\n?[ \t]*(?=[{_ALPHABETIC}])"
    rf"|(?<=[{_ALPHABETIC}])[\u200c\u200d](?=[{_ALPHABETIC}])"  # joiners between letters
)


@dataclass(frozen=True, slots=True)
class TextView:
    """An article's text without invisible characters, and where each character of it
    stands in the article's text (``None`` when nothing was dropped)."""

    text: str
    origin: tuple[int, ...] | None = None

    def article(self, article: Article) -> Article:
        """The article as the pipeline reads it."""
        if self.origin is None:
            return article
        return dataclasses.replace(article, text=self.text)

    def restore(self, result: Result, article: Article) -> Result:
        """``result``, read from this view, with its offsets and texts in ``article``'s."""
        if self.origin is None:
            return result
        mentions = tuple(
            dataclasses.replace(gm, mention=self._mapped(gm.mention, article.text))
            for gm in result.mentions
        )
        borders = tuple(
            dataclasses.replace(b, mention=self._mapped(b.mention, article.text))
            for b in result.borders
        )
        return dataclasses.replace(result, article=article, mentions=mentions, borders=borders)

    def _mapped(self, mention: Mention, original: str) -> Mention:
        start, end = self._span(mention.start, mention.end)
        s_start, s_end = self._span(
            mention.sentence_start, mention.sentence_start + len(mention.sentence)
        )
        return dataclasses.replace(
            mention,
            text=original[start:end],
            start=start,
            end=end,
            sentence=original[s_start:s_end],
            sentence_start=s_start,
        )

    def _span(self, start: int, end: int) -> tuple[int, int]:
        """A span of the view as a span of the article: from its first character to just
        after its last, taking in what was dropped between them."""
        assert self.origin is not None
        if end <= start:
            return self.origin[start], self.origin[start]
        return self.origin[start], self.origin[end - 1] + 1


def view_of(text: str) -> TextView:
    """The text as the pipeline reads it (see the module's docstring)."""
    if not _INVISIBLE.search(text):
        return TextView(text)
    kept: list[str] = []
    origin: list[int] = []
    last = 0
    for match in _INVISIBLE.finditer(text):
        kept.append(text[last : match.start()])
        origin.extend(range(last, match.start()))
        last = match.end()
    kept.append(text[last:])
    origin.extend(range(last, len(text)))
    origin.append(len(text))  # the end of the text
    return TextView("".join(kept), tuple(origin))
