"""Sentences and line breaks: where a mention's sentence, and a name, may end.

A mention's sentence ends where the parser ends it and at a line break, and so does a
name; in text wrapped at a fixed width (scanned newspapers, e-mail), only at a blank
line. Without a parser, :func:`split_sentences` ends sentences at . ! ? … or a line.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: What ends a name and a sentence in most text: a line break.
LINE_BREAK = re.compile(r"\n\s*")
#: What ends them in text wrapped at a fixed width: a blank line.
PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")


def line_breaks(text: str) -> re.Pattern[str]:
    """The breaks that end a name or a sentence in ``text``: line breaks, unless the text
    is wrapped at a fixed width; then a name may run on over a line ("à New" at the end
    of one, "York" at the start of the next), and only a blank line ends it."""
    return PARAGRAPH_BREAK if hard_wrapped(text) else LINE_BREAK


def sentence_bounds(
    doc: Doc, breaks: re.Pattern[str], text: str | None = None
) -> list[tuple[int, int]]:
    """Sentence (start, end) offsets, from the parser or senter; one span if neither ran.

    Every sentence also ends where ``breaks`` matches, at a line break or a blank line:
    spaCy glues a heading ("Nouvelle offensive russe") or the opening quote of the next
    paragraph to the sentence beside it, and map popups then show text that was never
    one sentence. ``text`` is the Doc's text when the caller has it: spaCy joins it
    again from every token on each access.
    """
    try:
        bounds = [(s.start_char, s.end_char) for s in doc.sents]
    except ValueError:  # no sentence boundaries set on this Doc
        return split_sentences(doc.text if text is None else text)
    return _split_at_line_breaks(doc.text if text is None else text, bounds, breaks)


# A line that goes on in lowercase on the next one was cut by the width of a column
# or a window, not by the writer. On hipe-fr-dev three lines in four go on so; on the
# LGL, TR-News and sample articles, none.
_CONTINUED_LINE = re.compile(r"[^\n]\n[^\S\n]*[a-zà-ÿ]")
_WRAPPED_SHARE = 0.3
_WRAPPED_MIN_LINES = 5


def hard_wrapped(text: str) -> bool:
    """Whether the text breaks lines inside its sentences (fixed-width or OCR text)."""
    lines = sum(1 for line in text.split("\n") if line.strip())
    if lines < _WRAPPED_MIN_LINES:
        return False
    return len(_CONTINUED_LINE.findall(text)) >= _WRAPPED_SHARE * (lines - 1)


def _split_at_line_breaks(
    text: str, bounds: Iterable[tuple[int, int]], breaks: re.Pattern[str] = LINE_BREAK
) -> list[tuple[int, int]]:
    """Cut each (start, end) after every match of ``breaks``; the pieces stay contiguous,
    so every offset the sentences covered is still in exactly one piece."""
    pieces = []
    for start, end in bounds:
        for match in breaks.finditer(text, start, end):
            if match.end() < end:
                pieces.append((start, match.end()))
                start = match.end()
        pieces.append((start, end))
    return pieces


def split_sentences(text: str) -> list[tuple[int, int]]:
    """A plain fallback sentence splitter: ends at . ! ? … or a blank line."""
    bounds = []
    for match in re.finditer(r"[^\n.!?…]+(?:[.!?…]+[»\"”’)]*|\n|$)", text):
        if match.group().strip():
            bounds.append((match.start(), match.end()))
    return bounds or [(0, len(text))]


def sentence_of(bounds: Sequence[tuple[int, int]], offset: int, length: int) -> tuple[int, int]:
    i = bisect.bisect_right(bounds, (offset, length + 1)) - 1
    start, end = bounds[i] if i >= 0 else (0, length)
    return start, end


#: The longest sentence a mention keeps, in characters. News sentences run to 300 or 400
#: (the longest in 200 KB of LGL: 614); a text without full stops makes one "sentence"
#: of thousands, and every mention's popup and CSV row would repeat it whole.
MAX_SENTENCE_CHARS = 600


def mention_sentence(
    text: str, bounds: Sequence[tuple[int, int]], start: int, end: int
) -> tuple[int, int]:
    """The (start, end) of the sentence shown with the mention at ``text[start:end]``.

    The sentence always holds the mention, even where NER and the parser disagree, has
    no surrounding whitespace, and is at most :data:`MAX_SENTENCE_CHARS` long: in a
    longer one, a window around the mention, cut between words.
    """
    s_start, s_end = sentence_of(bounds, start, len(text))
    s_start, s_end = strip_bounds(text, min(s_start, start), max(s_end, end))
    if s_end - s_start <= MAX_SENTENCE_CHARS:
        return s_start, s_end
    room = max(0, MAX_SENTENCE_CHARS - (end - start))
    left = max(s_start, start - room // 2)
    right = min(s_end, max(end, left + MAX_SENTENCE_CHARS))
    left = max(s_start, min(left, right - MAX_SENTENCE_CHARS, start))
    if left > s_start:
        space = text.find(" ", left, start)
        left = space + 1 if space >= 0 else left
    if right < s_end:
        space = text.rfind(" ", end, right)
        right = space if space >= 0 else right
    return strip_bounds(text, left, right)


def _is_edge_space(char: str) -> bool:
    return char.isspace() or unicodedata.category(char)[0] == "C"


def strip_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Narrow (start, end) to exclude surrounding whitespace (spaCy keeps newlines)."""
    while start < end and _is_edge_space(text[start]):
        start += 1
    while end > start and _is_edge_space(text[end - 1]):
        end -= 1
    return start, end
