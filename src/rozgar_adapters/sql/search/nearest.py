"""Nearest-first pages on PostgreSQL, from a GiST index scan in cube (chord) distance order.

The page is ordered by exact haversine distance and id. Chord order agrees with it but for rounding
and ties, and ties are common: the labours of one grid cell share a point. The n = offset + limit + 1
first rows of the page lie within the chord distance B of the n-th nearest match, plus a margin: a
row farther than that has at least n rows before it.

The statement reads a bounded number of visible labours nearest first, whatever the other filters,
and orders the matches among them within B. That is the whole answer when the scan went past B (or
past the radius, or through every labour). Otherwise a single row says `complete = false` and gives
B if the scan found it: the caller then reads every match within B through the index as a box (a
large tie), or, without B (sparse matches), runs `sparse_statement` within a radius, or lets the
planner pick the selective index without one.

Reading a count of rows nearest first, rather than a box, also keeps PostgreSQL from misjudging the
box: it takes any box to hold 0.1 % of the rows, and then prefers to read all of it."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from rozgar_adapters.sql.search.conditions import Conditions
from rozgar_adapters.sql.search.geo import (
    CHORD_SLACK_KM,
    chord_km,
    cube_distance,
    within_chord,
)
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
    scanned = _scanned(query, needed)
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


SPARSE_SCAN_FACTOR = 10
"""`sparse_statement` reads at most this many times the labours the first scan read."""


def sparse_statement(
    query: LabourQuery, conditions: Conditions, columns: list[sa.ColumnElement[Any]]
) -> sa.Select[Any]:
    """The page and the row after it, within a radius, when the scan of `nearest_statement` found too
    few matches to bound the page (sparse matches: a rare trade).

    Left to the planner, PostgreSQL reads every labour in the box of the radius, as it takes any box
    to hold 0.1 % of the rows: all 176,000 labours within 25 km of Delhi for the 20 nearest
    fabricators (1.2 to 2 s). Instead, labours are read nearest first again, the filters checked on the
    way, stopping at the n-th match (n = offset + limit + 1) or at the n-th labour past the radius,
    within a budget of SPARSE_SCAN_FACTOR times the first scan. The chord of that row bounds the page
    as in `nearest_statement`: a box that holds every match the page may need, read through the
    index. When the budget runs out first, matches are sparse among very many labours, and an index
    on the other filters (skills, words, rating) or a sequential scan is cheaper than the box: the
    planner picks one, without the box and its misleading estimate."""
    assert conditions.origin is not None and conditions.distance is not None and query.radius_km is not None
    needed = query.offset + query.limit + 1
    chord = cube_distance()
    # A row past the radius stops the scan too: no match lies beyond it.
    past_radius = chord > chord_km(query.radius_km) + CHORD_SLACK_KM
    stop = sa.or_(sa.and_(*conditions.refinements(boxed=False)), past_radius)
    nearest = (
        sa.select(chord.label("chord"), stop.label("stop"))
        .where(*conditions.visibility(), *conditions.after_cursor())
        .order_by(chord)
        .limit(SPARSE_SCAN_FACTOR * _scanned(query, needed))
        .subquery("nearest")
    )
    # In the scan's order, so that the scan stops at the n-th stop (no sort of the whole budget).
    nth = (
        sa.select(nearest.c.chord).where(nearest.c.stop).order_by(nearest.c.chord)
        .offset(needed - 1).limit(1)
        .cte("nth")
    )
    found = sa.select(sa.literal_column("1")).select_from(nth).exists()
    matching = [*conditions.filters(boxed=False), *conditions.after_cursor()]
    bounded = sa.select(*columns).where(*matching, within_chord(sa.select(nth.c.chord).scalar_subquery()), found)
    unbounded = sa.select(*columns).where(*matching, ~found)
    page = sa.union_all(bounded, unbounded).subquery("sparse")
    return (
        sa.select(*page.c).order_by(page.c.distance, page.c.id).offset(query.offset).limit(query.limit + 1)
    )


def _scanned(query: LabourQuery, needed: int) -> int:
    """How many labours the scan of `nearest_statement` reads for a page needing `needed` rows."""
    if _filtered(query):
        return 2 * needed + SCANNED_BEYOND_PAGE_FILTERED
    return needed + SCANNED_BEYOND_PAGE


def _filtered(query: LabourQuery) -> bool:
    return bool(
        query.terms or query.skills or query.city_key or query.labour_type or query.min_rating
        or query.min_experience or query.max_experience is not None
    )
