"""Points on the Earth, distances, and the coarse grid that hides a labour's exact position."""
from __future__ import annotations

import math
from dataclasses import dataclass

from rozgar_core.errors import FieldError, InvalidInput

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE_LATITUDE = 111.32
PUBLIC_GRID_KM = 1.0
_COORDINATE_DECIMALS = 5
# A hair of slack so a point exactly on the radius never falls out of the box to rounding.
_BOX_PADDING_DEGREES = 1e-7


@dataclass(frozen=True, slots=True)
class GeoPoint:
    """A WGS84 position in decimal degrees."""

    latitude: float
    longitude: float

    def __post_init__(self) -> None:
        errors = [
            error
            for error in (
                _coordinate_error("latitude", self.latitude, 90.0),
                _coordinate_error("longitude", self.longitude, 180.0),
            )
            if error is not None
        ]
        if errors:
            raise InvalidInput(errors)
        object.__setattr__(self, "latitude", float(self.latitude))
        object.__setattr__(self, "longitude", float(self.longitude))

    @classmethod
    def from_optional(cls, latitude: float | None, longitude: float | None) -> "GeoPoint | None":
        """Both coordinates or neither: None when neither is given."""
        if latitude is None and longitude is None:
            return None
        if latitude is None or longitude is None:
            message = "Give latitude and longitude together, or neither"
            raise InvalidInput([FieldError("latitude", message), FieldError("longitude", message)])
        return cls(latitude, longitude)


def _coordinate_error(field: str, value: object, limit: float) -> FieldError | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return FieldError(field, "Must be a number")
    if not math.isfinite(value) or not -limit <= value <= limit:
        return FieldError(field, f"Must be between {-limit:g} and {limit:g}")
    return None


@dataclass(frozen=True, slots=True)
class GridCell:
    """One cell of the public grid: its bounds and the centre every point inside is shown at."""

    south: float
    north: float
    west: float
    east: float
    centre: GeoPoint


def grid_cell(point: GeoPoint, cell_km: float = PUBLIC_GRID_KM) -> GridCell:
    """The cell of a deterministic grid of about `cell_km` x `cell_km` that holds `point`.

    Rows are `cell_km / 111.32` degrees of latitude. Each row is cut into a whole number of columns
    sized by the cosine of the row's central latitude, so cells stay about `cell_km` wide everywhere
    and a row never ends in a sliver.
    """
    if not math.isfinite(cell_km) or cell_km <= 0:
        raise ValueError("cell_km must be a positive number")
    lat_step = cell_km / KM_PER_DEGREE_LATITUDE
    row = math.floor(point.latitude / lat_step)
    south = max(-90.0, row * lat_step)
    north = min(90.0, (row + 1) * lat_step)
    row_latitude = _clamp((row + 0.5) * lat_step, -90.0, 90.0)
    columns = _columns_in_row(row_latitude, cell_km)
    lng_step = 360.0 / columns
    # Longitude 180 is longitude -180; the min() keeps float rounding just below 180 in the last column.
    longitude = -180.0 if point.longitude == 180.0 else point.longitude
    column = min(columns - 1, math.floor((longitude + 180.0) / lng_step))
    west = -180.0 + column * lng_step
    centre = GeoPoint(
        round(row_latitude, _COORDINATE_DECIMALS),
        round(_clamp(west + lng_step / 2, -180.0, 180.0), _COORDINATE_DECIMALS),
    )
    return GridCell(south=south, north=north, west=west, east=west + lng_step, centre=centre)


def _columns_in_row(row_latitude: float, cell_km: float) -> int:
    km_per_degree_longitude = KM_PER_DEGREE_LATITUDE * math.cos(math.radians(row_latitude))
    if km_per_degree_longitude <= 0:
        return 1
    return max(1, math.floor(360.0 * km_per_degree_longitude / cell_km))


def snap_to_grid(point: GeoPoint, cell_km: float = PUBLIC_GRID_KM) -> GeoPoint:
    """The centre of the grid cell holding `point`: the same for every point of the cell."""
    return grid_cell(point, cell_km).centre


def distance_km(a: GeoPoint, b: GeoPoint) -> float:
    """Great-circle (haversine) distance on a sphere of the mean Earth radius."""
    lat_a, lat_b = math.radians(a.latitude), math.radians(b.latitude)
    d_lat = lat_b - lat_a
    d_lng = math.radians(b.longitude - a.longitude)
    h = math.sin(d_lat / 2) ** 2 + math.cos(lat_a) * math.cos(lat_b) * math.sin(d_lng / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(_clamp(h, 0.0, 1.0)))


def round_distance(km: float) -> float:
    """A distance as shown to users: to 0.1 km."""
    return round(km, 1)


def bounding_box(center: GeoPoint, radius_km: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lng, max_lng) holding every point within `radius_km` of `center`.

    For SQL prefilters; the exact distance check comes after. When the circle reaches a pole or
    crosses the antimeridian the longitude range becomes the whole circle.
    """
    if isinstance(radius_km, bool) or not math.isfinite(radius_km) or radius_km < 0:
        raise InvalidInput.field("radius", "Must be a non-negative number of kilometres")
    angular = radius_km / EARTH_RADIUS_KM
    d_lat = math.degrees(angular) + _BOX_PADDING_DEGREES
    min_lat = center.latitude - d_lat
    max_lat = center.latitude + d_lat
    if min_lat <= -90.0 or max_lat >= 90.0 or angular >= math.pi / 2:
        return max(min_lat, -90.0), min(max_lat, 90.0), -180.0, 180.0
    cos_lat = math.cos(math.radians(center.latitude))
    ratio = math.sin(angular) / cos_lat
    if ratio >= 1.0:
        return min_lat, max_lat, -180.0, 180.0
    d_lng = math.degrees(math.asin(ratio)) + _BOX_PADDING_DEGREES
    min_lng = center.longitude - d_lng
    max_lng = center.longitude + d_lng
    if min_lng < -180.0 or max_lng > 180.0:
        return min_lat, max_lat, -180.0, 180.0
    return min_lat, max_lat, min_lng, max_lng


def public_point(latitude: float | None, longitude: float | None) -> GeoPoint | None:
    """Where other users see a labour: the centre of the ~1 km cell, never the exact point."""
    if latitude is None or longitude is None:
        return None
    return snap_to_grid(GeoPoint(latitude, longitude))


def public_coordinates(
    latitude: float | None, longitude: float | None
) -> tuple[float, float] | None:
    """`public_point` as a (latitude, longitude) pair, ready to serialise."""
    point = public_point(latitude, longitude)
    return None if point is None else (point.latitude, point.longitude)


def public_distance_km(
    origin: GeoPoint, latitude: float | None, longitude: float | None
) -> float | None:
    """The distance shown to others: from `origin` to the labour's public point, to 0.1 km.

    Measured from the snapped point so that distances from many origins cannot be combined to
    recover the exact position.
    """
    point = public_point(latitude, longitude)
    return None if point is None else round_distance(distance_km(origin, point))


def _clamp(value: float, low: float, high: float) -> float:
    return min(high, max(low, value))
