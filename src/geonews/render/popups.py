"""The HTML of the article map's popups: a mention in its sentence, a place, a border.

Every value that comes from the data is escaped with :func:`escape_text`.
"""

from __future__ import annotations

import functools

from geonews.model import Border, GeoMention, Mention, Place
from geonews.render.escape import escape_text

#: How much of a sentence to show on each side of a mention in a popup.
_CONTEXT_CHARS = 240
#: Popup width in pixels (Leaflet ignores folium's default of "100%").
POPUP_MAX_WIDTH = 360
#: What the popup and tooltip of a mention of a focus place say about it.
FOCUS_NOTE = "focus of the article"


def counted(n: int, word: str) -> str:
    """``"1 mention"``, ``"2 mentions"``."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _mention_offsets(mention: Mention) -> tuple[int, int] | None:
    """Where the mention sits in its sentence, or ``None`` when the offsets disagree."""
    start = mention.start - mention.sentence_start
    end = mention.end - mention.sentence_start
    if 0 <= start < end <= len(mention.sentence):
        return start, end
    found = mention.sentence.find(mention.text) if mention.text else -1
    if found >= 0:
        return found, found + len(mention.text)
    return None


def highlighted_sentence(mention: Mention) -> str:
    """The mention's sentence, escaped, with the mention in ``<mark>`` and long sides cut."""
    sentence = mention.sentence
    offsets = _mention_offsets(mention)
    if offsets is None:
        head = sentence[: 2 * _CONTEXT_CHARS]
        cut = "…" if len(sentence) > len(head) else ""
        return f"<mark>{escape_text(mention.text)}</mark> — {escape_text(head)}{cut}"
    start, end = offsets
    before = sentence[max(0, start - _CONTEXT_CHARS) : start]
    after = sentence[end : end + _CONTEXT_CHARS]
    lead = "…" if start > _CONTEXT_CHARS else ""
    tail = "…" if end + _CONTEXT_CHARS < len(sentence) else ""
    return (
        f"{lead}{escape_text(before)}<mark>{escape_text(sentence[start:end])}</mark>"
        f"{escape_text(after)}{tail}"
    )


@functools.cache
def country_name(code: str | None) -> str:
    """The English name of a country with its ISO code ("Ukraine (UA)"), from CLDR."""
    if not code:
        return "–"
    from babel import Locale

    name = Locale("en").territories.get(code.upper())
    return f"{name} ({code})" if name else code


def _describe_place(place: Place) -> str:
    country = f", {place.country_code}" if place.country_code else ""
    return (
        f"{escape_text(place.name)} ({escape_text(place.kind)}{escape_text(country)}) "
        f"{place.lat:.4f}, {place.lon:.4f}"
    )


def _row(label: str, value_html: str) -> str:
    return f"<tr><th>{label}</th><td>{value_html}</td></tr>"


def mention_popup(
    geomention: GeoMention, index: int, ordinal: int, count: int, *, focus: bool = False
) -> str:
    """Popup HTML for one resolved mention; every value from the data is escaped.

    ``focus`` says the place is one the article is about.
    """
    place = geomention.place
    assert place is not None
    mention = geomention.mention
    rows = [
        _row("Place", escape_text(place.name)),
        *([_row("Focus", FOCUS_NOTE)] if focus else []),
        _row("Kind", escape_text(place.kind)),
        _row("Country", escape_text(country_name(place.country_code))),
        _row("Coordinates", f"{place.lat:.4f}, {place.lon:.4f}"),
        _row("Confidence", f"{geomention.confidence:.2f}"),
        _row("Metonym", "yes" if mention.metonym else "no"),
        *([_row("Role", "nationality word (demonym)")] if mention.demonym else []),
        _row("Mention", f"{ordinal} of {count} of this place"),
        _row("Source", escape_text(place.source)),
    ]
    parts = [
        f'<div class="gn-popup" data-mention-index="{index}">',
        f'<p class="gn-sentence">{highlighted_sentence(mention)}</p>',
        f"<table>{''.join(rows)}</table>",
    ]
    if geomention.confidence < 0.5 and geomention.alternatives:
        items = "".join(f"<li>{_describe_place(alt)}</li>" for alt in geomention.alternatives)
        parts.append(f'<div>Other candidates:<ol class="gn-alts">{items}</ol></div>')
    parts.append("</div>")
    return "".join(parts)


def border_popup(border: Border, index: int) -> str:
    """Popup HTML for one border: the two countries, its length and the phrase naming it."""
    a, b = (escape_text(code) for code in border.countries)
    rows = [
        _row("Border", f"{a} – {b}"),
        _row("Length", f"{border.length_km:,.0f} km"),
    ]
    return (
        f'<div class="gn-popup" data-border-index="{index}">'
        f'<p class="gn-sentence">{highlighted_sentence(border.mention)}</p>'
        f"<table>{''.join(rows)}</table></div>"
    )
