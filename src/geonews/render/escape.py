"""Escaping what geonews did not write, for the places it lands in a page.

Everything that comes from an article, a gazetteer or a geocoder is hostile input.
:func:`escape_text` makes it safe as HTML text or an attribute value, even where folium
wraps it in a JavaScript template string; :func:`json_for_script` makes data safe inside a
``<script>`` element; :func:`inline_block` refuses a library whose text would end its
element early.
"""

from __future__ import annotations

import html
import json
from typing import Any

# Bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069): one
# RIGHT-TO-LEFT OVERRIDE in an article reverses the rest of its paragraph on the page,
# so a reader sees another text than the article's. They are dropped from what is shown;
# the marks (U+200E, U+200F), which reorder nothing, stay.
_BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def escape_text(text: str) -> str:
    """Escape text for HTML that folium may also place inside a JavaScript template string.

    ``html.escape`` covers ``< > & " '``. The backslash, backtick and dollar sign become
    character references because folium 0.20 wraps popup and tooltip HTML in a template
    string, where ``${...}`` or a backslash before a backtick would run. Braces become
    character references because branca compiles each element's *rendered* script as a
    Jinja template again: ``{{ ... }}`` in layer data is evaluated as Python-side template
    code (server-side template injection), ``{%`` breaks the render. Bidirectional
    controls are dropped (see ``_BIDI_CONTROLS``).

    >>> escape_text("<b>${x}</b>")
    '&lt;b&gt;&#36;&#123;x&#125;&lt;/b&gt;'
    """
    return (
        html.escape(text.translate(_BIDI_CONTROLS), quote=True)
        .replace("\\", "&#92;")
        .replace("`", "&#96;")
        .replace("$", "&#36;")
        .replace("{", "&#123;")
        .replace("}", "&#125;")
    )


def json_for_script(data: Any, *, compact: bool = False) -> str:
    """JSON safe to embed in a ``<script>`` element: no ``</script>``, no ``<!--``.

    Keys are sorted, so the same data gives the same page; ``compact`` leaves out the
    spaces after separators, for large data such as the world's outlines.
    """
    separators = (",", ":") if compact else None
    return (
        json.dumps(data, ensure_ascii=False, sort_keys=True, separators=separators)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def inline_block(tag: str, body: str, source: str) -> str:
    """A ``<script>`` or ``<style>`` element holding ``body``, headed by a comment naming it.

    Refuses a body holding ``</tag`` (it would end the element early) or ``<!--`` (it
    changes how a browser reads the rest of a script).
    """
    lowered = body.lower()
    if f"</{tag}" in lowered or "<!--" in lowered:
        raise ValueError(f"{source} cannot be inlined: it contains </{tag} or <!--")
    return f"<{tag}>/* {source} */\n{body}\n</{tag}>"
