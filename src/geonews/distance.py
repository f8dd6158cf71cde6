"""Great-circle distance: the one formula and the one Earth radius geonews measures with.

Every distance in geonews (resolution errors in an evaluation, border lengths, the
nearest town, how near two candidates lie) is the haversine distance on a **sphere** of
radius :data:`EARTH_RADIUS_KM` = 6371.0088 km, the IUGG mean Earth radius R1. It is not
measured on the WGS84 ellipsoid: the sphere is off the geodesic by up to about 0.5 %
(a few km over a border, far less than the 161 km the evaluation counts as right), and
it is fast enough for the resolver's inner loop. geopy's ``great_circle`` is the same
model with a radius of 6371.009 km, and ten times slower per call.
"""

from __future__ import annotations

import math
from typing import Final

#: Mean Earth radius (IUGG, R1) in km: the sphere every great-circle distance is on.
EARTH_RADIUS_KM: Final = 6371.0088


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance in km between two points given in degrees, on the mean sphere.

    >>> round(great_circle_km(48.8566, 2.3522, 55.7558, 37.6173))  # Paris-Moscow
    2486
    """
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    return haversine_km(phi2 - phi1, math.radians(lon2 - lon1), math.cos(phi1), math.cos(phi2))


def haversine_km(dphi: float, dlambda: float, cos_phi1: float, cos_phi2: float) -> float:
    """The haversine formula on the mean sphere, from terms a caller may compute once.

    ``dphi`` and ``dlambda`` are the differences of latitude and longitude in radians,
    ``cos_phi1`` and ``cos_phi2`` the cosines of the two latitudes. A loop that measures
    one place against many (the resolver's) keeps the cosines instead of recomputing them.
    """
    h = math.sin(dphi / 2) ** 2 + cos_phi1 * cos_phi2 * math.sin(dlambda / 2) ** 2
    # Rounding can push h a hair over 1 for antipodes; asin would then fail.
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))
