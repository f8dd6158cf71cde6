"""The libraries and stylesheets of the map pages: one table, inlined or linked from a CDN.

:data:`LIBRARY_FILES` lists every file of Leaflet and Leaflet.markercluster the pages
load, with the xstatic package that ships it (inlined into a self-contained page) and its
CDN address (linked otherwise). The versions are those of the xstatic packages, so both
modes run the same code. leaflet.css refers to three images: inlined, they become
``data:`` URLs, so a self-contained page requests no file at all.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Literal

from geonews.render.escape import inline_block

LEAFLET_VERSION = "1.9.3"
MARKERCLUSTER_VERSION = "1.4.1"

_CDN = {
    "leaflet": f"https://cdn.jsdelivr.net/npm/leaflet@{LEAFLET_VERSION}/dist/",
    "markercluster": (
        f"https://cdn.jsdelivr.net/npm/leaflet.markercluster@{MARKERCLUSTER_VERSION}/dist/"
    ),
}
_LEAFLET_NOTICE = f"Leaflet {LEAFLET_VERSION}, BSD-2-Clause"
# The minified markercluster file carries no banner; its MIT licence asks for the notice.
_CLUSTER_NOTICE = (
    f"Leaflet.markercluster {MARKERCLUSTER_VERSION}, "
    "https://github.com/Leaflet/Leaflet.markercluster, (c) 2012 David Leaver, MIT licence"
)

Library = Literal["leaflet", "markercluster"]
Tag = Literal["style", "script"]


@dataclass(frozen=True, slots=True)
class LibraryFile:
    """One file of a library the map pages load."""

    #: folium's name for the file's link, also the name of its inlined element.
    key: str
    library: Library
    tag: Tag
    #: The xstatic module that ships the file, in its ``data`` folder.
    package: str
    #: The file's name, in the package and on the CDN.
    name: str
    #: The licence notice an inlined copy starts with.
    notice: str

    @property
    def cdn_url(self) -> str:
        return _CDN[self.library] + self.name


_LEAFLET = "xstatic.pkg.leaflet"
_CLUSTER = "xstatic.pkg.leaflet_markercluster"

#: Every file the map pages load, in page order: stylesheets first, then scripts.
LIBRARY_FILES: tuple[LibraryFile, ...] = (
    LibraryFile("leaflet_css", "leaflet", "style", _LEAFLET, "leaflet.css", _LEAFLET_NOTICE),
    LibraryFile(
        "markerclustercss", "markercluster", "style", _CLUSTER, "MarkerCluster.css", _CLUSTER_NOTICE
    ),
    LibraryFile(
        "markerclusterdefaultcss",
        "markercluster",
        "style",
        _CLUSTER,
        "MarkerCluster.Default.css",
        _CLUSTER_NOTICE,
    ),
    LibraryFile("leaflet", "leaflet", "script", _LEAFLET, "leaflet.js", _LEAFLET_NOTICE),
    LibraryFile(
        "markerclusterjs",
        "markercluster",
        "script",
        _CLUSTER,
        "leaflet.markercluster.js",
        _CLUSTER_NOTICE,
    ),
)


def cdn_links(library: Library, tag: Tag) -> list[tuple[str, str]]:
    """(key, URL) of one library's stylesheets or scripts: folium's ``default_css``/``_js``."""
    return [(f.key, f.cdn_url) for f in LIBRARY_FILES if f.library == library and f.tag == tag]


def _package_file(package: str, *parts: str) -> Traversable:
    import importlib

    path = resources.files(importlib.import_module(package)).joinpath("data")
    for part in parts:
        path = path.joinpath(part)
    return path


@functools.cache
def library_text(file: LibraryFile) -> str:
    """The file's text from its xstatic package; leaflet.css with its images as data: URLs."""
    text = _package_file(file.package, file.name).read_text(encoding="utf-8")
    if file.name != "leaflet.css":
        return text
    import base64

    def inline(match: re.Match[str]) -> str:
        image = _package_file(file.package, "images", match.group(1)).read_bytes()
        return f"url(data:image/png;base64,{base64.b64encode(image).decode('ascii')})"

    return re.sub(r"url\(images/([A-Za-z0-9._-]+\.png)\)", inline, text)


def inlined_libraries() -> list[tuple[str, str]]:
    """(key, ``<style>``/``<script>`` element) of every library file, in page order."""
    return [(f.key, inline_block(f.tag, library_text(f), f.notice)) for f in LIBRARY_FILES]


def library_tags(*, self_contained: bool) -> str:
    """The head elements that load every library: inlined, or linked from the CDN."""
    if self_contained:
        return "\n".join(element for _, element in inlined_libraries())
    return "\n".join(
        f'<link rel="stylesheet" href="{f.cdn_url}">'
        if f.tag == "style"
        else f'<script src="{f.cdn_url}"></script>'
        for f in LIBRARY_FILES
    )


def geonews_asset(name: str) -> str:
    """The text of one of geonews' own page assets (``reader.css``, ``reader.js``)."""
    return resources.files("geonews").joinpath("assets", name).read_text(encoding="utf-8")
