from __future__ import annotations

import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from rozgar_core.errors import InvalidInput
from rozgar_core.model.location import (
    EARTH_RADIUS_KM,
    GeoPoint,
    bounding_box,
    distance_km,
    grid_cell,
    public_coordinates,
    public_distance_km,
    public_point,
    round_distance,
    snap_to_grid,
)

latitudes = st.floats(min_value=-90, max_value=90, allow_nan=False)
longitudes = st.floats(min_value=-180, max_value=180, allow_nan=False)
points = st.builds(GeoPoint, latitudes, longitudes)
# Where the ~1 km promise holds: everywhere but the last kilometres around the poles.
inhabited_points = st.builds(
    GeoPoint, st.floats(min_value=-85, max_value=85, allow_nan=False), longitudes
)
india_points = st.builds(
    GeoPoint,
    st.floats(min_value=6.5, max_value=37.1, allow_nan=False),
    st.floats(min_value=68.0, max_value=97.5, allow_nan=False),
)
fractions = st.floats(min_value=0.001, max_value=0.999)

DELHI = GeoPoint(28.6139, 77.2090)
MUMBAI = GeoPoint(19.0760, 72.8777)


def error_fields(error: InvalidInput) -> set[str]:
    return {e.field for e in error.errors}


class TestGeoPoint:
    def test_keeps_valid_coordinates_as_floats(self) -> None:
        point = GeoPoint(12, 77)
        assert (point.latitude, point.longitude) == (12.0, 77.0)
        assert isinstance(point.latitude, float) and isinstance(point.longitude, float)

    def test_accepts_the_extremes(self) -> None:
        assert GeoPoint(-90, -180) != GeoPoint(90, 180)

    @pytest.mark.parametrize(
        ("latitude", "longitude", "fields"),
        [
            (90.0001, 0, {"latitude"}),
            (-91, 0, {"latitude"}),
            (0, 180.5, {"longitude"}),
            (0, -181, {"longitude"}),
            (math.nan, 0, {"latitude"}),
            (0, math.inf, {"longitude"}),
            (True, 0, {"latitude"}),
            ("12.5", "77.1", {"latitude", "longitude"}),
            (100, 200, {"latitude", "longitude"}),
        ],
    )
    def test_rejects_bad_coordinates_naming_the_field(
        self, latitude: object, longitude: object, fields: set[str]
    ) -> None:
        with pytest.raises(InvalidInput) as caught:
            GeoPoint(latitude, longitude)  # type: ignore[arg-type]
        assert error_fields(caught.value) == fields

    def test_from_optional_needs_both_or_neither(self) -> None:
        assert GeoPoint.from_optional(None, None) is None
        assert GeoPoint.from_optional(19.1, 72.9) == GeoPoint(19.1, 72.9)
        for latitude, longitude in [(19.1, None), (None, 72.9)]:
            with pytest.raises(InvalidInput) as caught:
                GeoPoint.from_optional(latitude, longitude)
            assert error_fields(caught.value) == {"latitude", "longitude"}

    def test_from_optional_validates_ranges(self) -> None:
        with pytest.raises(InvalidInput) as caught:
            GeoPoint.from_optional(95.0, 72.9)
        assert error_fields(caught.value) == {"latitude"}


class TestSnapToGrid:
    @given(inhabited_points)
    def test_snapped_point_is_within_800_m(self, point: GeoPoint) -> None:
        assert distance_km(point, snap_to_grid(point)) <= 0.8

    @given(points)
    def test_is_idempotent(self, point: GeoPoint) -> None:
        snapped = snap_to_grid(point)
        assert snap_to_grid(snapped) == snapped

    @given(points)
    def test_is_rounded_to_five_decimals(self, point: GeoPoint) -> None:
        snapped = snap_to_grid(point)
        assert round(snapped.latitude, 5) == snapped.latitude
        assert round(snapped.longitude, 5) == snapped.longitude

    @given(points)
    def test_the_cell_holds_the_point(self, point: GeoPoint) -> None:
        cell = grid_cell(point)
        slack = 1e-9  # the bounds are floats computed from the cell's index
        assert cell.south - slack <= point.latitude <= cell.north + slack
        assert cell.west - slack <= point.longitude <= cell.east + slack or point.longitude == 180

    @given(inhabited_points, fractions, fractions)
    def test_every_point_of_a_cell_snaps_to_the_same_centre(
        self, point: GeoPoint, north_fraction: float, east_fraction: float
    ) -> None:
        cell = grid_cell(point)
        other = GeoPoint(
            cell.south + (cell.north - cell.south) * north_fraction,
            cell.west + (cell.east - cell.west) * east_fraction,
        )
        assert snap_to_grid(other) == snap_to_grid(point)

    @given(india_points)
    def test_cells_are_about_one_km_in_india(self, point: GeoPoint) -> None:
        cell = grid_cell(point)
        middle = (cell.south + cell.north) / 2
        width = distance_km(GeoPoint(middle, cell.west), GeoPoint(middle, cell.east))
        height = distance_km(GeoPoint(cell.south, cell.west), GeoPoint(cell.north, cell.west))
        assert 0.95 <= width <= 1.05
        assert 0.95 <= height <= 1.05

    def test_points_two_km_apart_get_different_cells(self) -> None:
        north = GeoPoint(DELHI.latitude + 2 / 111.2, DELHI.longitude)
        assert snap_to_grid(north) != snap_to_grid(DELHI)

    def test_the_grid_never_moves(self) -> None:
        # Stored and cached public positions depend on it: changing the grid is a migration.
        assert snap_to_grid(DELHI) == GeoPoint(28.6157, 77.21376)
        assert snap_to_grid(MUMBAI) == GeoPoint(19.07564, 72.88113)

    def test_handles_poles_and_antimeridian(self) -> None:
        assert snap_to_grid(GeoPoint(0, 180)) == snap_to_grid(GeoPoint(0, -180))
        for latitude in (90, -90):
            snapped = snap_to_grid(GeoPoint(latitude, 10))
            assert abs(snapped.latitude) <= 90
            assert snap_to_grid(snapped) == snapped

    def test_other_cell_sizes(self) -> None:
        snapped = snap_to_grid(DELHI, cell_km=5.0)
        assert distance_km(DELHI, snapped) <= 5 * 0.75
        assert snap_to_grid(snapped, cell_km=5.0) == snapped
        with pytest.raises(ValueError):
            snap_to_grid(DELHI, cell_km=0)


class TestDistance:
    def test_known_distances(self) -> None:
        assert distance_km(DELHI, MUMBAI) == pytest.approx(1148.1, abs=1.0)
        one_degree = distance_km(GeoPoint(10, 75), GeoPoint(11, 75))
        assert one_degree == pytest.approx(EARTH_RADIUS_KM * math.pi / 180)
        assert distance_km(GeoPoint(0, 179.9), GeoPoint(0, -179.9)) == pytest.approx(22.24, abs=0.01)
        assert distance_km(GeoPoint(90, 0), GeoPoint(-90, 0)) == pytest.approx(math.pi * EARTH_RADIUS_KM)

    @given(points)
    def test_zero_to_itself(self, point: GeoPoint) -> None:
        assert distance_km(point, point) == pytest.approx(0.0, abs=1e-9)

    @given(points, points)
    def test_symmetric_and_bounded(self, a: GeoPoint, b: GeoPoint) -> None:
        assert distance_km(a, b) == pytest.approx(distance_km(b, a), abs=1e-9)
        assert 0 <= distance_km(a, b) <= math.pi * EARTH_RADIUS_KM + 1e-6

    @given(points, points, points)
    def test_triangle_inequality(self, a: GeoPoint, b: GeoPoint, c: GeoPoint) -> None:
        assert distance_km(a, c) <= distance_km(a, b) + distance_km(b, c) + 1e-6

    @pytest.mark.parametrize(("km", "shown"), [(1.26, 1.3), (1.24, 1.2), (0.04, 0.0), (12.0, 12.0)])
    def test_round_distance_to_100_m(self, km: float, shown: float) -> None:
        assert round_distance(km) == shown


def destination(start: GeoPoint, bearing_degrees: float, km: float) -> GeoPoint:
    """The point `km` away from `start` along an initial bearing, on the same sphere."""
    angular = km / EARTH_RADIUS_KM
    lat1, lng1 = math.radians(start.latitude), math.radians(start.longitude)
    bearing = math.radians(bearing_degrees)
    sin_lat2 = math.sin(lat1) * math.cos(angular) + math.cos(lat1) * math.sin(angular) * math.cos(
        bearing
    )
    lat2 = math.asin(max(-1.0, min(1.0, sin_lat2)))
    lng2 = lng1 + math.atan2(
        math.sin(bearing) * math.sin(angular) * math.cos(lat1),
        math.cos(angular) - math.sin(lat1) * sin_lat2,
    )
    longitude = (math.degrees(lng2) + 540.0) % 360.0 - 180.0
    return GeoPoint(math.degrees(lat2), longitude)


class TestBoundingBox:
    @given(
        points,
        st.floats(min_value=0, max_value=2000),
        st.floats(min_value=0, max_value=360),
        st.floats(min_value=0, max_value=1),
    )
    def test_holds_every_point_within_the_radius(
        self, center: GeoPoint, radius: float, bearing: float, fraction: float
    ) -> None:
        point = destination(center, bearing, radius * fraction)
        assume(distance_km(center, point) <= radius)
        min_lat, max_lat, min_lng, max_lng = bounding_box(center, radius)
        assert min_lat <= point.latitude <= max_lat
        assert min_lng <= point.longitude <= max_lng

    @given(points, st.floats(min_value=0, max_value=20000))
    def test_stays_within_valid_ranges(self, center: GeoPoint, radius: float) -> None:
        min_lat, max_lat, min_lng, max_lng = bounding_box(center, radius)
        assert -90 <= min_lat <= center.latitude <= max_lat <= 90
        assert -180 <= min_lng <= max_lng <= 180

    def test_is_tight_in_india(self) -> None:
        min_lat, max_lat, min_lng, max_lng = bounding_box(DELHI, 10)
        assert (max_lat - min_lat) == pytest.approx(20 / 111.195, rel=1e-3)
        expected_lng_span = 20 / (111.195 * math.cos(math.radians(DELHI.latitude)))
        assert (max_lng - min_lng) == pytest.approx(expected_lng_span, rel=1e-2)

    def test_widens_to_all_longitudes_at_a_pole_or_the_antimeridian(self) -> None:
        assert bounding_box(GeoPoint(89.99, 10), 5)[2:] == (-180.0, 180.0)
        assert bounding_box(GeoPoint(10, 179.99), 5)[2:] == (-180.0, 180.0)

    @pytest.mark.parametrize("radius", [-1.0, math.nan, math.inf])
    def test_rejects_a_bad_radius(self, radius: float) -> None:
        with pytest.raises(InvalidInput) as caught:
            bounding_box(DELHI, radius)
        assert error_fields(caught.value) == {"radius"}


class TestPublicProjection:
    def test_without_coordinates_there_is_nothing_to_show(self) -> None:
        assert public_point(None, None) is None
        assert public_coordinates(28.6, None) is None
        assert public_distance_km(DELHI, None, 77.2) is None

    def test_others_see_the_cell_centre_not_the_exact_point(self) -> None:
        exact = (28.61391, 77.20902)
        shown = public_coordinates(*exact)
        assert shown == (28.6157, 77.21376)
        assert shown != exact

    def test_distance_is_measured_from_the_public_point(self) -> None:
        viewer = GeoPoint(28.70, 77.10)
        shown = public_distance_km(viewer, DELHI.latitude, DELHI.longitude)
        assert shown == round_distance(distance_km(viewer, snap_to_grid(DELHI)))
        assert shown != round_distance(distance_km(viewer, DELHI))

    @given(india_points, india_points)
    def test_public_distance_is_within_a_kilometre_of_the_truth(
        self, viewer: GeoPoint, labour: GeoPoint
    ) -> None:
        shown = public_distance_km(viewer, labour.latitude, labour.longitude)
        assert shown is not None
        assert abs(shown - distance_km(viewer, labour)) <= 0.8 + 0.05
