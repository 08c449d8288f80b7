"""The grid centres at given distances from a point: exactly the public points at those distances."""
from __future__ import annotations

import math
from itertools import pairwise

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from rozgar_core.model.grid import centres_between
from rozgar_core.model.location import (
    EARTH_RADIUS_KM,
    KM_PER_DEGREE_LATITUDE,
    GeoPoint,
    distance_km,
    public_point,
    snap_to_grid,
)

# Away from the poles and the antimeridian, where listing never gives up.
origins = st.builds(
    GeoPoint,
    st.floats(min_value=-70, max_value=70, allow_nan=False),
    st.floats(min_value=-175, max_value=175, allow_nan=False),
)
near_distances = st.floats(min_value=0, max_value=30, allow_nan=False)
widths = st.floats(min_value=0, max_value=4, allow_nan=False)
DELHI = GeoPoint(28.6139, 77.2090)


def _offset(origin: GeoPoint, north_km: float, east_km: float) -> GeoPoint:
    latitude = origin.latitude + north_km / KM_PER_DEGREE_LATITUDE
    longitude = origin.longitude + east_km / (KM_PER_DEGREE_LATITUDE * math.cos(math.radians(origin.latitude)))
    return GeoPoint(max(-90.0, min(90.0, latitude)), max(-180.0, min(180.0, longitude)))


@settings(max_examples=300, deadline=None)
@given(origins, near_distances, widths, st.floats(min_value=0, max_value=2 * math.pi), st.floats(0, 1))
def test_every_public_point_in_the_ring_is_listed(
    origin: GeoPoint, near: float, width: float, bearing: float, depth: float
) -> None:
    far = near + width
    reach = near + depth * (width + 1.5)  # points just outside the ring too: their centre may be inside
    point = _offset(origin, reach * math.cos(bearing), reach * math.sin(bearing))
    listed = centres_between(origin, near, far)
    assert listed is not None
    centre = snap_to_grid(point)
    distance = distance_km(origin, centre)
    assume(near <= distance <= far)
    assert any(c.centre == centre and c.distance_km == distance for c in listed)


@settings(max_examples=200, deadline=None)
@given(origins, near_distances, widths)
def test_every_listed_centre_is_a_public_point_in_the_ring_in_order(origin: GeoPoint, near: float, width: float) -> None:
    listed = centres_between(origin, near, near + width)
    assert listed is not None
    for c in listed:
        assert snap_to_grid(c.centre) == c.centre
        assert public_point(c.centre.latitude, c.centre.longitude) == c.centre
        assert c.distance_km == distance_km(origin, c.centre)
        assert near <= c.distance_km <= near + width
    keys = [(c.distance_km, c.centre.latitude, c.centre.longitude) for c in listed]
    assert keys == sorted(keys)
    assert len({c.centre for c in listed}) == len(listed)


@settings(max_examples=40, deadline=None)
@given(origins, st.floats(min_value=0, max_value=3, allow_nan=False), st.floats(min_value=0, max_value=2))
def test_the_list_is_every_centre_found_by_snapping_a_fine_lattice(origin: GeoPoint, near: float, width: float) -> None:
    """Brute force: snap points 0.25 km apart over a square holding the ring."""
    far = near + width
    listed = centres_between(origin, near, far)
    assert listed is not None
    steps = int((far + 2) / 0.25)
    seen = set()
    for i in range(-steps, steps + 1):
        for j in range(-steps, steps + 1):
            centre = snap_to_grid(_offset(origin, i * 0.25, j * 0.25))
            if near <= distance_km(origin, centre) <= far:
                seen.add(centre)
    assert {c.centre for c in listed} == seen


def test_labours_at_equal_distance_are_listed_together_by_latitude_and_longitude() -> None:
    listed = centres_between(DELHI, 0, 10)
    assert listed is not None and len(listed) > 250
    assert listed[0].centre == snap_to_grid(DELHI)
    for before, after in pairwise(listed):
        assert (before.distance_km, before.centre.latitude, before.centre.longitude) < (
            after.distance_km, after.centre.latitude, after.centre.longitude
        )


def test_an_empty_or_inverted_range_lists_nothing() -> None:
    assert centres_between(DELHI, 5, 4) == []
    assert centres_between(DELHI, -3, -1) == []


def test_a_negative_near_distance_counts_from_zero() -> None:
    assert centres_between(DELHI, -5, 2) == centres_between(DELHI, 0, 2)


def test_it_gives_up_near_the_poles_the_antimeridian_and_for_huge_ranges() -> None:
    assert centres_between(GeoPoint(79.99, 10.0), 0, 5) is None
    assert centres_between(GeoPoint(-79.99, 10.0), 0, 5) is None
    assert centres_between(GeoPoint(0.0, 179.99), 0, 5) is None
    assert centres_between(GeoPoint(0.0, -179.99), 0, 5) is None
    assert centres_between(DELHI, 0, EARTH_RADIUS_KM) is None
    assert centres_between(DELHI, 0, 300) is None  # more cells than the default budget
    assert centres_between(DELHI, 0, 10, max_cells=100) is None
    assert centres_between(DELHI, math.nan, 10) is None
    assert centres_between(DELHI, 0, math.inf) is None
