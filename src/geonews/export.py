"""Results as data: a GeoJSON FeatureCollection, CSV rows, or a table for people.

Output is deterministic (fixed key order, fixed precision) so it diffs cleanly.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from geonews.model import (
    COORDINATE_DECIMALS,
    Result,
    border_feature,
    mention_feature,
    round_coordinates,
)

CSV_COLUMNS = (
    "mention",
    "start",
    "end",
    "name",
    "kind",
    "metonym",
    "country_code",
    "lat",
    "lon",
    "confidence",
    "source",
    "place_id",
    "sentence",
)


def to_geojson(result: Result, *, precision: int = COORDINATE_DECIMALS) -> str:
    """The GeoJSON contract of README "GeoJSON output": Points per mention, lines per border.

    The top-level ``generator`` member is a GeoJSON foreign member; geonews uses it to
    recognise files it wrote and may replace.
    """
    features = [mention_feature(g) for g in result.resolved]
    features += [border_feature(b) for b in result.borders]
    for feature in features:
        geometry = feature["geometry"]
        geometry["coordinates"] = round_coordinates(geometry["coordinates"], precision)
        props = feature["properties"]
        if "lat" in props:
            props["lat"] = round_coordinates(props["lat"], precision)
            props["lon"] = round_coordinates(props["lon"], precision)
    collection = {
        "type": "FeatureCollection",
        "generator": "geonews",
        "article": {
            "source": result.article.source,
            "lang": result.article.lang,
            "title": result.article.title,
        },
        "features": features,
        "focus": [_rounded(f.to_dict(), precision) for f in result.focus],
        "unresolved": [
            {"mention": g.mention.text, "start": g.mention.start, "end": g.mention.end}
            for g in result.unresolved
        ],
    }
    return json.dumps(collection, ensure_ascii=False, indent=1) + "\n"


def _rounded(props: dict[str, Any], precision: int) -> dict[str, Any]:
    return {
        **props,
        "lat": round_coordinates(props["lat"], precision),
        "lon": round_coordinates(props["lon"], precision),
    }


def to_csv(result: Result, *, precision: int = COORDINATE_DECIMALS) -> str:
    """One row per resolved mention, in text order; borders are left to GeoJSON."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for g in result.resolved:
        props = mention_feature(g)["properties"]
        props["lat"] = round_coordinates(props["lat"], precision)
        props["lon"] = round_coordinates(props["lon"], precision)
        writer.writerow(["" if props[c] is None else props[c] for c in CSV_COLUMNS])
    return buffer.getvalue()


def to_table(result: Result, *, precision: int = 4) -> str:
    """An aligned text table of mentions, then borders, the focus and the footnotes."""
    rows = [("mention", "offset", "place", "kind", "cc", "lat", "lon", "conf")]
    for g in result.mentions:
        m, p = g.mention, g.place
        if p is None:
            rows.append((m.text, str(m.start), "(unresolved)", "", "", "", "", ""))
            continue
        kind = f"{p.kind}*" if m.metonym else f"{p.kind}†" if m.demonym else p.kind
        rows.append(
            (
                m.text,
                str(m.start),
                p.name,
                kind,
                p.country_code or "",
                f"{p.lat:.{precision}f}",
                f"{p.lon:.{precision}f}",
                f"{g.confidence:.2f}",
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip() for r in rows
    ]
    for b in result.borders:
        lines.append(
            f"border {b.countries[0]}–{b.countries[1]}: {b.length_km:,.0f} km ({b.mention.text!r})"
        )
    if result.focus:
        lines.append(f"about: {about_line(result)}")
    if any(g.mention.metonym for g in result.mentions):
        lines.append("* metonym: the name stands for an institution at that place")
    if any(g.mention.demonym for g in result.mentions):
        lines.append("† demonym: a nationality word, taken as its country (--demonyms)")
    return "\n".join(lines) + "\n"


def about_line(result: Result) -> str:
    """The focus for people, most telling first, with kind, score and reasons:
    "Bakhmut (city, score 0.13: named 4 times); Ukraine (country, score 0.25: ...)"."""
    parts = []
    for focus in result.focus:
        why = f": {', '.join(focus.reasons)}" if focus.reasons else ""
        parts.append(f"{focus.place.name} ({focus.place.kind}, score {focus.score:.2f}{why})")
    return "; ".join(parts)
