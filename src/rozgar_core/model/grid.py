"""The centres of the public grid's cells at given distances from a point, nearest first.

Every labour is shown, and found by distance, at the centre of its ~1 km cell (`public_point`).
Listing the centres whose distance from an origin lies in a range lists every place a labour at
such a distance can be: a search can read those places alone instead of everything nearer."""
from __future__ import annotations

import math
from dataclasses import dataclass

from rozgar_core.model.location import (
    _COORDINATE_DECIMALS,
    EARTH_RADIUS_KM,
    KM_PER_DEGREE_LATITUDE,
    PUBLIC_GRID_KM,
    GeoPoint,
    _clamp,
    _columns_in_row,
    distance_km,
)

MAX_CELLS_EXAMINED = 50_000
"""`centres_between` gives up past this many candidate cells (a ring of about 8,000 km²)."""
POLAR_LATITUDE = 80.0
"""`centres_between` gives up when the range reaches past this latitude, north or south."""
_COLUMN_MARGIN = 2
"""Columns examined beyond the computed bounds of a row: far more than float rounding can move them."""
_SLACK = 1e-9
"""Relative slack on haversine terms before comparing them, so rounding never loses a cell."""


@dataclass(frozen=True, slots=True)
class CentreAtDistance:
    """A cell centre, exactly as `public_point` gives it, and its `distance_km` from the origin."""

    distance_km: float
    centre: GeoPoint


def centres_between(
    origin: GeoPoint, near_km: float, far_km: float, *, cell_km: float = PUBLIC_GRID_KM,
    max_cells: int = MAX_CELLS_EXAMINED,
) -> list[CentreAtDistance] | None:
    """Every centre c of the grid of `cell_km` with near_km <= distance_km(origin, c) <= far_km,
    sorted by (distance, latitude, longitude).

    None when the range cannot be listed cheaply: it reaches a pole region or the antimeridian, or more
    than `max_cells` cells would have to be examined. An empty list when no centre lies in it."""
    if not (math.isfinite(near_km) and math.isfinite(far_km)) or not math.isfinite(cell_km) or cell_km <= 0:
        return None
    near_km = max(0.0, near_km)
    if far_km < near_km:
        return []
    if far_km >= EARTH_RADIUS_KM:
        return None
    lat_step = cell_km / KM_PER_DEGREE_LATITUDE
    reach_degrees = math.degrees(far_km / EARTH_RADIUS_KM) + 2 * lat_step
    if abs(origin.latitude) + reach_degrees >= POLAR_LATITUDE:
        return None
    outer = _half_chord_squared(far_km) * (1 + _SLACK) + _SLACK * 1e-6
    inner = _half_chord_squared(near_km) * (1 - _SLACK) - _SLACK * 1e-6
    origin_latitude = math.radians(origin.latitude)
    cos_origin = math.cos(origin_latitude)
    first_row = math.floor((origin.latitude - reach_degrees) / lat_step)
    last_row = math.floor((origin.latitude + reach_degrees) / lat_step)
    found: list[CentreAtDistance] = []
    examined = 0
    for row in range(first_row, last_row + 1):
        row_latitude = _clamp((row + 0.5) * lat_step, -90.0, 90.0)
        latitude = round(row_latitude, _COORDINATE_DECIMALS)
        lat_term = math.sin((math.radians(latitude) - origin_latitude) / 2) ** 2
        if lat_term > outer:
            continue
        scale = cos_origin * math.cos(math.radians(latitude))
        columns = _columns_in_row(row_latitude, cell_km)
        lng_step = 360.0 / columns
        reach = _longitude_reach(outer - lat_term, scale)
        if reach is None:
            return None
        first = math.floor((origin.longitude - reach + 180.0) / lng_step) - _COLUMN_MARGIN
        last = math.floor((origin.longitude + reach + 180.0) / lng_step) + _COLUMN_MARGIN
        if first < 0 or last > columns - 1:
            return None  # the range crosses the antimeridian
        spans = [(first, last)]
        hole = _longitude_reach(inner - lat_term, scale) if inner > lat_term else None
        if hole is not None:
            hole_first = math.floor((origin.longitude - hole + 180.0) / lng_step) + _COLUMN_MARGIN
            hole_last = math.floor((origin.longitude + hole + 180.0) / lng_step) - _COLUMN_MARGIN
            if hole_first <= hole_last:
                spans = [(first, hole_first - 1), (hole_last + 1, last)]
        for span_first, span_last in spans:
            examined += max(0, span_last - span_first + 1)
            if examined > max_cells:
                return None
            for column in range(span_first, span_last + 1):
                west = -180.0 + column * lng_step
                centre = GeoPoint(latitude, round(_clamp(west + lng_step / 2, -180.0, 180.0), _COORDINATE_DECIMALS))
                distance = distance_km(origin, centre)
                if near_km <= distance <= far_km:
                    found.append(CentreAtDistance(distance, centre))
    found.sort(key=lambda c: (c.distance_km, c.centre.latitude, c.centre.longitude))
    return found


def _half_chord_squared(km: float) -> float:
    """The haversine term h of points `km` apart: sin²(angle / 2)."""
    return math.sin(min(km / EARTH_RADIUS_KM, math.pi) / 2) ** 2


def _longitude_reach(longitude_term: float, scale: float) -> float | None:
    """Degrees of longitude d with scale * sin²(d / 2) = longitude_term; None past half the globe."""
    if scale <= 0:
        return None
    ratio = max(0.0, longitude_term) / scale
    if ratio >= 1.0:
        return None
    reach = math.degrees(2 * math.asin(math.sqrt(ratio)))
    return None if reach >= 90.0 else reach
