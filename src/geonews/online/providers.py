"""The online geocoders geonews offers: how to build each one, and how to read its answers.

One :class:`GeocoderSpec` per service (Nominatim, Photon, GeoNames) says how to make the
geopy geocoder from a :class:`Connection`, which ``geocode()`` options ask for a limit and
a language, and how one raw answer item becomes a :class:`~geonews.model.Place` of a
geonews kind. :data:`GEOCODERS` maps the ``--geocoder`` names to them. Nothing here sends
a request, and geopy is imported only when a geocoder is built.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import urlsplit

from geonews.model import Place, PlaceKind

#: geopy's HTTP seam: builds the adapter a geocoder sends its requests through.
AdapterFactory = Callable[..., Any]


@dataclass(frozen=True, slots=True)
class Connection:
    """What every geopy geocoder constructor is given."""

    user_agent: str
    timeout: float
    adapter_factory: AdapterFactory
    endpoint: str | None
    credential: str | None

    def geopy_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = {
            "user_agent": self.user_agent,
            "timeout": self.timeout,
            "adapter_factory": self.adapter_factory,
        }
        if self.endpoint is not None:
            parts = urlsplit(self.endpoint)
            kwargs["scheme"] = parts.scheme
            kwargs["domain"] = (parts.netloc + parts.path).rstrip("/")
        return kwargs


@dataclass(frozen=True, slots=True)
class GeocoderSpec:
    """How geonews drives one geopy geocoder.

    ``build`` makes the geopy object, ``options`` gives the ``geocode()`` keyword arguments
    for a limit and a language, and ``to_place`` reads one raw answer item into a
    :class:`Place` (``None`` when the item has no usable coordinates).
    """

    name: str
    summary: str
    build: Callable[[Connection], Any]
    options: Callable[[int, str | None], dict[str, Any]]
    to_place: Callable[[Mapping[str, Any]], Place | None]
    max_limit: int = 50
    credential_env: str | None = None


@functools.cache
def _nominatim_jsonv2() -> type:
    from geopy.geocoders import Nominatim

    class NominatimJsonV2(Nominatim):  # type: ignore[misc]
        """geopy's Nominatim asking for ``format=jsonv2``.

        Only jsonv2 is documented to carry ``addresstype`` and ``place_rank``, which tell a
        city boundary from a region boundary; geopy's parser reads both formats alike.
        """

        def _construct_url(self, base_api: str, params: dict[str, Any]) -> str:
            url: str = super()._construct_url(base_api, {**params, "format": "jsonv2"})
            return url

    return NominatimJsonV2


def _build_nominatim(conn: Connection) -> Any:
    return _nominatim_jsonv2()(**conn.geopy_kwargs())


def _build_photon(conn: Connection) -> Any:
    from geopy.geocoders import Photon

    return Photon(**conn.geopy_kwargs())


def _build_geonames(conn: Connection) -> Any:
    from geopy.geocoders import GeoNames

    return GeoNames(username=conn.credential, **conn.geopy_kwargs())


def _nominatim_options(limit: int, language: str | None) -> dict[str, Any]:
    options: dict[str, Any] = {"limit": limit, "addressdetails": True, "extratags": True}
    if language:
        options["language"] = language
    return options


# Photon answers 400 for languages it has no index for.
_PHOTON_LANGUAGES: Final = frozenset({"default", "en", "de", "fr", "it"})


def _photon_options(limit: int, language: str | None) -> dict[str, Any]:
    options: dict[str, Any] = {"limit": limit}
    if language in _PHOTON_LANGUAGES:
        options["language"] = language
    return options


def _geonames_options(limit: int, language: str | None) -> dict[str, Any]:
    return {}  # geopy exposes neither maxRows nor lang for GeoNames search; sliced later


# OSM place/addresstype values -> PlaceKind. Suburbs and city districts stay "other":
# they are parts of a city, and the map should not show them as cities.
_OSM_KINDS: Final[Mapping[str, PlaceKind]] = {
    "country": "country",
    "state": "region",
    "region": "region",
    "province": "region",
    "state_district": "county",
    "county": "county",
    "district": "county",
    "municipality": "city",
    "city": "city",
    "town": "city",
    "village": "city",
    "hamlet": "city",
}
# OSM keys of single sites: a palace, a ministry, a monument.
_LANDMARK_KEYS: Final = frozenset(
    {"amenity", "building", "historic", "leisure", "man_made", "office", "tourism"}
)


def _kind_from_rank(rank: object) -> PlaceKind:
    """Kind of an administrative boundary from Nominatim's address rank."""
    if not isinstance(rank, int):
        return "other"
    if rank == 4:
        return "country"
    if 5 <= rank <= 9:
        return "region"
    if 10 <= rank <= 12:
        return "county"
    if 13 <= rank <= 18:
        return "city"
    return "other"


def _nominatim_kind(raw: Mapping[str, Any]) -> PlaceKind:
    key = raw.get("category") or raw.get("class")
    addresstype = raw.get("addresstype")
    if isinstance(addresstype, str) and addresstype in _OSM_KINDS:
        return _OSM_KINDS[addresstype]
    if key in _LANDMARK_KEYS:
        return "landmark"
    if key == "place" and raw.get("type") in _OSM_KINDS:
        return _OSM_KINDS[raw["type"]]
    if key == "boundary":
        return _kind_from_rank(raw.get("place_rank"))
    return "other"


def _upper_code(value: object) -> str | None:
    return value.upper() if isinstance(value, str) and value else None


def _population(value: object) -> int:
    """OSM ``population`` tags are free text ("12,655,050", "ca. 3000"): keep clean ints."""
    if isinstance(value, int):
        return max(value, 0)
    if isinstance(value, str):
        digits = value.replace(",", "").replace(" ", "").replace("\u202f", "")
        if digits.isdigit():
            return int(digits)
    return 0


def _first_text(mapping: Mapping[str, Any], *keys: str) -> str | None:
    for key in keys:
        value = mapping.get(key)
        if isinstance(value, str) and value:
            return value
    return None


def _osm_ref(osm_type: object, osm_id: object) -> str:
    full = {"N": "node", "W": "way", "R": "relation"}
    kind = full.get(str(osm_type), str(osm_type))
    return f"{kind}/{osm_id}"


def _nominatim_place(raw: Mapping[str, Any]) -> Place | None:
    if raw.get("lat") is None or raw.get("lon") is None:
        return None
    address = raw.get("address") or {}
    extratags = raw.get("extratags") or {}
    display = str(raw.get("display_name") or "")
    name = _first_text(raw, "name") or display.split(",")[0].strip()
    return Place(
        place_id="nominatim:" + _osm_ref(raw.get("osm_type"), raw.get("osm_id")),
        name=name,
        kind=_nominatim_kind(raw),
        lat=float(raw["lat"]),
        lon=float(raw["lon"]),
        country_code=_upper_code(address.get("country_code")),
        population=_population(extratags.get("population")),
        admin1=_first_text(address, "state", "region", "province"),
        source="nominatim",
    )


def _photon_kind(props: Mapping[str, Any]) -> PlaceKind:
    kind = props.get("type")
    if kind == "country":
        return "country"
    if kind == "state":
        return "region"
    if kind == "county":
        return "county"
    if kind == "city":
        return "city"
    if props.get("osm_key") in _LANDMARK_KEYS:
        return "landmark"
    if props.get("osm_key") == "place" and props.get("osm_value") in _OSM_KINDS:
        return _OSM_KINDS[props["osm_value"]]
    return "other"


def _photon_place(raw: Mapping[str, Any]) -> Place | None:
    props = raw["properties"]
    lon, lat = raw["geometry"]["coordinates"][:2]
    if lat is None or lon is None:
        return None
    return Place(
        place_id="photon:" + _osm_ref(props.get("osm_type"), props.get("osm_id")),
        name=_first_text(props, "name") or "",
        kind=_photon_kind(props),
        lat=float(lat),
        lon=float(lon),
        country_code=_upper_code(props.get("countrycode")),
        population=0,
        admin1=_first_text(props, "state"),
        source="photon",
    )


def _geonames_kind(raw: Mapping[str, Any]) -> PlaceKind:
    fcl, fcode = raw.get("fcl"), str(raw.get("fcode") or "")
    if fcode.startswith("PCL"):
        return "country"
    if fcode == "ADM1":
        return "region"
    if fcode == "ADM2":
        return "county"
    if fcl == "P":
        return "city"
    if fcl == "S":
        return "landmark"
    return "other"


def _geonames_place(raw: Mapping[str, Any]) -> Place | None:
    if not raw.get("lat") or not raw.get("lng"):
        return None
    return Place(
        place_id=f"geonames:{raw.get('geonameId')}",
        name=_first_text(raw, "name", "toponymName") or "",
        kind=_geonames_kind(raw),
        lat=float(raw["lat"]),
        lon=float(raw["lng"]),
        country_code=_upper_code(raw.get("countryCode")),
        population=_population(raw.get("population")),
        admin1=_first_text(raw, "adminName1"),
        source="geonames",
    )


#: Online geocoders the CLI offers, by ``--geocoder`` name.
GEOCODERS: Final[Mapping[str, GeocoderSpec]] = {
    "nominatim": GeocoderSpec(
        name="nominatim",
        summary="OpenStreetMap Nominatim (no key; at most 1 request/s, identify yourself)",
        build=_build_nominatim,
        options=_nominatim_options,
        to_place=_nominatim_place,
        max_limit=40,  # Nominatim's documented maximum
    ),
    "photon": GeocoderSpec(
        name="photon",
        summary="Komoot Photon over OpenStreetMap (no key; fair use)",
        build=_build_photon,
        options=_photon_options,
        to_place=_photon_place,
    ),
    "geonames": GeocoderSpec(
        name="geonames",
        summary="GeoNames search (free account; username in $GEONAMES_USERNAME)",
        build=_build_geonames,
        options=_geonames_options,
        to_place=_geonames_place,
        credential_env="GEONAMES_USERNAME",
    ),
}
