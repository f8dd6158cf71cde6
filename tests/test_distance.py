"""The one great-circle distance: haversine on the mean Earth sphere."""

from __future__ import annotations

import math

import pytest

from geonews.distance import EARTH_RADIUS_KM, great_circle_km, haversine_km


def test_great_circle_is_haversine_on_the_mean_earth_radius() -> None:
    # One degree of latitude is 2 * pi * R / 360 on the sphere.
    assert great_circle_km(10.0, 20.0, 11.0, 20.0) == pytest.approx(111.19508, abs=1e-4)
    # Antipodes are half a circumference apart.
    assert great_circle_km(0.0, 0.0, 0.0, 180.0) == pytest.approx(math.pi * 6371.0088)
    # Paris to London, about 343.5 km.
    assert great_circle_km(48.8566, 2.3522, 51.5074, -0.1278) == pytest.approx(343.5, abs=0.5)


def test_the_radius_is_the_iugg_mean_radius() -> None:
    assert EARTH_RADIUS_KM == 6371.0088


def test_distance_is_symmetric_and_zero_at_a_point() -> None:
    assert great_circle_km(50.45, 30.52, 50.45, 30.52) == 0.0
    assert great_circle_km(50.45, 30.52, -33.87, 151.21) == pytest.approx(
        great_circle_km(-33.87, 151.21, 50.45, 30.52)
    )


def test_nearly_antipodal_points_do_not_fail() -> None:
    # Rounding may put the haversine a hair above 1: asin must not see it.
    assert great_circle_km(45.0, -90.0, -45.0, 90.0) == pytest.approx(math.pi * EARTH_RADIUS_KM)


def test_precomputed_terms_give_the_same_distance() -> None:
    """The resolver's inner loop passes radians and cosines it computed once."""
    lat1, lon1, lat2, lon2 = 36.30, -88.33, 38.21, -84.25  # Paris TN, Paris KY
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    fast = haversine_km(
        phi2 - phi1, math.radians(lon2) - math.radians(lon1), math.cos(phi1), math.cos(phi2)
    )
    assert fast == pytest.approx(great_circle_km(lat1, lon1, lat2, lon2), rel=1e-12)
