"""Distances in SQL, equal to the core's `distance_km` to the last bit.

The haversine formula is written with the same operations in the same order as the core (the
origin's terms are computed in Python, as the core computes them), so the database returns the very
float the in-memory search computes: radius checks, ties and cursor comparisons agree.

On PostgreSQL a GiST index on the public point as a 3-D cube point (km) finds candidates: boxes
for radius filters and nearest-first scans. Cube (chord) distances only choose candidates, with a
margin; the order and every comparison use the haversine distance."""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import sqlalchemy as sa

from rozgar_adapters.sql.tables import earth_point, users
from rozgar_core.model.location import EARTH_RADIUS_KM, GeoPoint, bounding_box

_RADIANS_PER_DEGREE = math.pi / 180
CHORD_SLACK_KM = 1e-5
"""Far more than the rounding error of cube and haversine distances (about 1e-12 km)."""


def _float(value: float) -> sa.BindParameter[float]:
    return sa.bindparam(None, value, type_=sa.Double())


def _origin_term(name: str) -> sa.BindParameter[float]:
    """A term of the origin: its value comes with the statement's execution (`Origin.parameters`)."""
    return sa.bindparam(name, type_=sa.Double())


@dataclass(frozen=True, slots=True)
class Origin:
    """The searcher's point and the terms of the haversine formula that depend on it alone."""

    point: GeoPoint

    def parameters(self) -> dict[str, float]:
        """The values of the origin's terms in `haversine_km` and `cube_distance`."""
        latitude_radians = math.radians(self.point.latitude)
        return {
            "origin_latitude": self.point.latitude,
            "origin_longitude": self.point.longitude,
            "origin_latitude_radians": latitude_radians,
            "origin_cos_latitude": math.cos(latitude_radians),
        }


@cache
def haversine_km(dialect: str) -> sa.ColumnElement[float]:
    """The core's `distance_km(origin, public point)`, as a SQL expression on the users row.

    Built once per database and shared by every statement, the origin given as parameters."""
    latitude = users.c.public_latitude * _float(_RADIANS_PER_DEGREE)
    d_lat = latitude - _origin_term("origin_latitude_radians")
    d_lng = (users.c.public_longitude - _origin_term("origin_longitude")) * _float(_RADIANS_PER_DEGREE)
    half = _float(2.0)
    h = sa.func.power(sa.func.sin(d_lat / half), 2) + _origin_term("origin_cos_latitude") * sa.func.cos(
        latitude
    ) * sa.func.power(sa.func.sin(d_lng / half), 2)
    greatest, least = (sa.func.greatest, sa.func.least) if dialect == "postgresql" else (sa.func.max, sa.func.min)
    clamped = least(greatest(h, _float(0.0)), _float(1.0))
    return _float(2 * EARTH_RADIUS_KM) * sa.func.asin(sa.func.sqrt(clamped))


def chord_km(distance_km: float) -> float:
    """The straight-line distance through the Earth between points `distance_km` apart on it."""
    return 2 * EARTH_RADIUS_KM * math.sin(min(distance_km / EARTH_RADIUS_KM, math.pi) / 2)


@cache
def earth_origin() -> sa.ColumnElement[object]:
    return earth_point(_origin_term("origin_latitude"), _origin_term("origin_longitude"))


@cache
def earth_of_row() -> sa.ColumnElement[object]:
    """The row's public point as a cube point: the expression of the GiST indexes."""
    return earth_point(users.c.public_latitude, users.c.public_longitude)


@cache
def cube_distance() -> sa.ColumnElement[float]:
    """Chord distance in km from the origin, ordered nearest first by a GiST index scan."""
    return earth_of_row().op("<->", return_type=sa.Double())(earth_origin())


def within_chord(chord: sa.ColumnElement[float] | float) -> sa.ColumnElement[bool]:
    """Rows whose point lies in the cube of half-side `chord` (+ slack) around the origin."""
    half_side = chord + _float(CHORD_SLACK_KM) if isinstance(chord, sa.ColumnElement) else _float(
        chord + CHORD_SLACK_KM
    )
    box = sa.func.public.cube_enlarge(earth_origin(), half_side, sa.literal_column("3"))
    return box.op("@>", return_type=sa.Boolean())(earth_of_row())


def radius_prefilter(origin: Origin, radius_km: float, dialect: str) -> sa.ColumnElement[bool]:
    """A cheap, index-backed superset of the rows within `radius_km`; the exact check comes after."""
    if dialect == "postgresql":
        return within_chord(chord_km(radius_km))
    min_lat, max_lat, min_lng, max_lng = bounding_box(origin.point, radius_km)
    conditions = [users.c.public_latitude.between(_float(min_lat), _float(max_lat))]
    if (min_lng, max_lng) != (-180.0, 180.0):
        conditions.append(users.c.public_longitude.between(_float(min_lng), _float(max_lng)))
    return sa.and_(*conditions)
