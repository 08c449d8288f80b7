"""Nearest-first pages on PostgreSQL, from a GiST index scan in cube (chord) distance order.

The page is ordered by exact haversine distance and id. Chord order agrees with it but for rounding
and ties, and ties are common: the labours of one grid cell share a point. The n = offset + limit + 1
first rows of the page lie within the chord distance B of the n-th nearest match, plus a margin: a
row farther than that has at least n rows before it.

The statement reads a bounded number of visible labours nearest first, whatever the other filters,
and orders the matches among them within B. That is the whole answer when the scan went past B (or
past the radius, or through every labour). Otherwise a single row says `complete = false` and gives
B if the scan found it: the caller then reads every match within B through the index as a box (a
large tie), or, without B (sparse matches), lets the planner pick the selective index.

Reading a count of rows nearest first, rather than a box, also keeps PostgreSQL from misjudging the
box: it takes any box to hold 0.1 % of the rows, and then prefers to read all of it."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from rozgar_adapters.sql.search.conditions import Conditions
from rozgar_adapters.sql.search.geo import CHORD_SLACK_KM, chord_km, cube_distance
from rozgar_adapters.sql.tables import users
from rozgar_core.model.search import LabourQuery

SCANNED_BEYOND_PAGE = 200
"""Labours read past the rows the page needs, when only the radius and visibility filter: more than
most grid cells hold."""
SCANNED_BEYOND_PAGE_FILTERED = 1000
"""Labours read past twice the rows the page needs with other filters (words, trades, rating...),
which most of the nearest labours fail."""
_INFINITY: sa.ColumnElement[float] = sa.literal(float("inf"), sa.Double())


def nearest_statement(
    query: LabourQuery, conditions: Conditions, columns: list[sa.ColumnElement[Any]]
) -> sa.Select[Any]:
    """The page and the row after it, each with `complete` and `nth_chord` (B) columns; a single row
    of NULL labour columns when the page is empty."""
    assert conditions.origin is not None and conditions.distance is not None
    needed = query.offset + query.limit + 1
    filtered = _filtered(query)
    scanned = (2 * needed + SCANNED_BEYOND_PAGE_FILTERED) if filtered else (needed + SCANNED_BEYOND_PAGE)
    chord = cube_distance()
    # A scan bounded by its row count needs no box around the radius. Rows before the cursor are
    # left out of the count: a cursor page reads as many rows past the cursor as a first page.
    matches = sa.and_(*conditions.refinements(boxed=False))
    near = (
        sa.select(users.c.id.label("near_id"), chord.label("chord"), conditions.distance.label("distance"),
                  matches.label("matches"))
        .where(*conditions.visibility(), *conditions.after_cursor())
        .order_by(chord)
        .limit(scanned)
        .cte("near")
    )
    nth = (
        sa.select(near.c.chord).where(near.c.matches).order_by(near.c.chord).offset(needed - 1).limit(1)
        .scalar_subquery()
    )
    page_bound = sa.func.coalesce(nth + CHORD_SLACK_KM, _INFINITY)
    radius = query.radius_km
    scan_bound = sa.func.least(page_bound, chord_km(radius) + CHORD_SLACK_KM if radius is not None else _INFINITY)
    read_everyone = sa.select(sa.func.count()).select_from(near).scalar_subquery() < scanned
    read_past = sa.select(sa.func.max(near.c.chord)).scalar_subquery() > scan_bound
    flags = sa.select(sa.or_(read_everyone, read_past).label("complete"), nth.label("nth_chord")).subquery("flags")
    page = (
        sa.select(near.c.near_id, near.c.distance)
        .where(near.c.matches, near.c.chord <= page_bound)
        .order_by(near.c.distance, near.c.near_id)
        .offset(query.offset)
        .limit(query.limit + 1)
        .subquery("page")
    )
    profile_columns = [column for column in columns if column.key != "distance"]
    paged = (
        sa.select(*profile_columns, page.c.distance).join_from(page, users, users.c.id == page.c.near_id)
        .subquery("paged")
    )
    return (
        sa.select(flags.c.complete, flags.c.nth_chord, *paged.c)
        .select_from(flags.outerjoin(paged, sa.true()))
        .order_by(paged.c.distance, paged.c.id)
    )


def _filtered(query: LabourQuery) -> bool:
    return bool(
        query.terms or query.skills or query.city_key or query.labour_type or query.min_rating
        or query.min_experience or query.max_experience is not None
    )
