"""The reader panel beside the article map: the text with every mention a highlight.

Each resolved mention and each border phrase is a clickable highlight linked to its
marker or line (reader.js does the linking); a mention that could not be placed is
highlighted but not clickable, and listed under the text. The legend is here too.
"""

from __future__ import annotations

from dataclasses import dataclass

from geonews.model import Result
from geonews.render.escape import escape_text
from geonews.render.layers import place_numbers
from geonews.render.popups import counted, highlighted_sentence
from geonews.render.style import BORDER_COLOR, KIND_COLORS, KIND_LABELS, category

# Shown when a mention has no resolved place but still needs a line in the reader.
_NOT_PLACED = "not placed on the map"


@dataclass(frozen=True, slots=True)
class _Span:
    """A highlighted stretch of the article text in the reader panel."""

    start: int
    end: int
    attrs: dict[str, str]
    classes: str
    title: str
    clickable: bool


def _reader_spans(result: Result) -> list[_Span]:
    """Mentions and border mentions to highlight, in text order, longest first on a tie."""
    text = result.article.text
    numbers = place_numbers(result)
    candidates: list[_Span] = []
    for index, gm in enumerate(result.mentions):
        m = gm.mention
        if not (0 <= m.start < m.end <= len(text)):
            continue
        if gm.place is None:
            candidates.append(
                _Span(
                    m.start,
                    m.end,
                    {"data-mention-index": str(index)},
                    "gn-mention gn-unplaced",
                    _NOT_PLACED,
                    clickable=False,
                )
            )
            continue
        candidates.append(
            _Span(
                m.start,
                m.end,
                {"data-mention-index": str(index), "data-place": str(numbers[gm.place.place_id])},
                f"gn-mention gn-kind-{category(gm)}",
                f"{gm.place.name} ({gm.place.kind})",
                clickable=True,
            )
        )
    candidates += _border_spans(result)
    candidates.sort(key=lambda s: (s.start, -(s.end - s.start)))
    return candidates


def _border_spans(result: Result) -> list[_Span]:
    """One highlight per border phrase, opening every border it names.

    "la frontière avec la Lituanie, la Pologne ou la Lettonie" names three borders.
    """
    text = result.article.text
    by_phrase: dict[tuple[int, int], list[int]] = {}
    for index, border in enumerate(result.borders):
        m = border.mention
        if 0 <= m.start < m.end <= len(text):
            by_phrase.setdefault((m.start, m.end), []).append(index)
    spans = []
    for (start, end), indexes in by_phrase.items():
        pairs = ", ".join(" – ".join(result.borders[i].countries) for i in indexes)
        spans.append(
            _Span(
                start,
                end,
                {"data-border-index": " ".join(str(i) for i in indexes)},
                "gn-mention gn-kind-border",
                f"border {pairs}",
                clickable=True,
            )
        )
    return spans


def _reader_text_html(result: Result) -> str:
    """The article text, escaped, with each mention wrapped in a highlight element.

    A mention inside another (a country named in a border phrase) nests in it; one that
    straddles the end of another is left plain, since HTML cannot cross elements.
    """
    text = result.article.text
    out: list[str] = []
    pos = 0
    open_ends: list[int] = []

    def close_until(limit: int) -> None:
        nonlocal pos
        while open_ends and open_ends[-1] <= limit:
            end = open_ends.pop()
            out.append(escape_text(text[pos:end]) + "</span>")
            pos = end

    for span in _reader_spans(result):
        close_until(span.start)
        if span.start < pos or (open_ends and span.end > open_ends[-1]):
            continue  # overlaps a highlight already placed
        out.append(escape_text(text[pos : span.start]))
        attrs = "".join(f' {name}="{escape_text(value)}"' for name, value in span.attrs.items())
        role = ' role="button" tabindex="0"' if span.clickable else ""
        out.append(f'<span class="{span.classes}"{attrs}{role} title="{escape_text(span.title)}">')
        pos = span.start
        open_ends.append(span.end)
    close_until(len(text))
    out.append(escape_text(text[pos:]))
    return "".join(out)


def panel_html(result: Result) -> str:
    """The reader panel: title, what the article is about (its focus, when it has one),
    counts, the highlighted text and the unplaced mentions."""
    article = result.article
    resolved = result.resolved
    places = {gm.place.place_id for gm in resolved if gm.place is not None}
    unresolved = result.unresolved
    title = escape_text(article.title) if article.title else "Article"
    summary = (
        f"{counted(len(result.mentions), 'mention')} · {counted(len(places), 'place')} on the map"
        f" · {len(unresolved)} not placed"
    )
    if result.borders:
        summary += f" · {counted(len(result.borders), 'border')}"
    if not result.mentions:
        summary = "No place names found in this article."
    parts = [
        '<aside id="gn-panel" aria-label="Article">',
        f"<h1>{title}</h1>",
        *([f'<p class="gn-about">About: {escape_text(result.about)}</p>'] if result.focus else []),
        f'<p class="gn-summary">{summary}</p>',
        f'<div class="gn-text" lang="{escape_text(article.lang)}">{_reader_text_html(result)}'
        "</div>",
    ]
    if unresolved:
        items = "".join(
            f"<li><b>{escape_text(gm.mention.text)}</b> — {highlighted_sentence(gm.mention)}</li>"
            for gm in unresolved
        )
        parts.append(
            f'<section id="gn-unresolved"><h2>Not placed ({len(unresolved)})</h2>'
            f"<ul>{items}</ul></section>"
        )
    parts.append("</aside>")
    return "".join(parts)


def legend_html(result: Result) -> str:
    """The map legend: one swatch per category present (all when there are none)."""
    present = {category(gm) for gm in result.resolved}
    rows = [
        f'<div><span class="gn-swatch" style="background:{KIND_COLORS[key]}"></span>{label}</div>'
        for key, label in KIND_LABELS.items()
        if key in present or not present
    ]
    if result.borders:
        rows.append(
            f'<div><span class="gn-line" style="border-color:{BORDER_COLOR}"></span>Border</div>'
        )
    return f'<div id="gn-legend" class="gn-legend" hidden>{"".join(rows)}</div>'
