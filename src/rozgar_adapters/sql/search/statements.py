"""The two statements of a search: the page (one row more than asked, to know if more follow) and the
count of all matches, exact up to TOTAL_COUNT_CAP and stopping one row past it."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from rozgar_adapters.sql.search.conditions import Conditions, experience
from rozgar_adapters.sql.search.geo import within_chord
from rozgar_adapters.sql.search.nearest import nearest_statement, sparse_statement
from rozgar_adapters.sql.tables import users
from rozgar_core.model.search import SORT_DISTANCE, SORT_EXPERIENCE, LabourQuery

PROFILE_COLUMNS = (
    users.c.id, users.c.phone, users.c.name, users.c.profile_picture_url, users.c.bio, users.c.city,
    users.c.state, users.c.pincode, users.c.public_latitude, users.c.public_longitude, users.c.is_available,
    users.c.skills, users.c.experience_years, users.c.labour_type, users.c.role, users.c.rating,
    users.c.total_reviews, users.c.is_verified,
)


def page_statement(
    query: LabourQuery, conditions: Conditions, *, nearest: str = "scan", bound: float | None = None,
    boxed: bool = True,
) -> sa.Select[Any]:
    """The rows of the page and the one after it, in the query's order, with their distance.

    Nearest-first pages on PostgreSQL: `nearest="scan"` is `nearest_statement`; when its rows say they
    are incomplete, run this again with `nearest="box"` and their `nth_chord` as `bound` (rows within
    it), or with `nearest="plain"` when it gave none (`sparse_statement` within a radius; else the
    planner picks). `boxed=False` leaves out the index-backed box around a radius (see
    `dense_radius`). Run it with `conditions.parameters`."""
    distance = conditions.distance
    columns: list[sa.ColumnElement[Any]] = [
        *PROFILE_COLUMNS, (distance if distance is not None else sa.null()).label("distance")
    ]
    nearest_first = query.sort == SORT_DISTANCE and distance is not None
    if nearest_first and conditions.dialect == "postgresql" and nearest == "scan":
        return nearest_statement(query, conditions, columns)
    sparse = nearest == "plain" and query.radius_km is not None
    if nearest_first and conditions.dialect == "postgresql" and sparse:
        return sparse_statement(query, conditions, columns)
    matching = [*conditions.filters(boxed=boxed), *conditions.after_cursor()]
    if nearest_first:
        statement = sa.select(*columns).where(*matching)
        if conditions.origin is not None and nearest == "box" and bound is not None:
            statement = statement.where(within_chord(bound))
        order = [distance.asc(), users.c.id.asc()]  # type: ignore[union-attr]
        return statement.order_by(*order).offset(query.offset).limit(query.limit + 1)
    key = experience() if query.sort == SORT_EXPERIENCE else users.c.rating
    if query.offset >= DEFERRED_JOIN_OFFSET:
        return _deferred_page(query, matching, columns, key)
    return (
        sa.select(*columns).where(*matching).order_by(key.desc(), users.c.id.desc())
        .offset(query.offset).limit(query.limit + 1)
    )


DEFERRED_JOIN_OFFSET = 200
"""From this offset on, a page in rating or experience order finds its ids first (`_deferred_page`).
Statements are kept per query form (`reuse`): forget them after changing it."""


def _deferred_page(
    query: LabourQuery, matching: list[sa.ColumnElement[bool]], columns: list[sa.ColumnElement[Any]],
    key: sa.ColumnElement[Any],
) -> sa.Select[Any]:
    """A deep page: the ids (and order values) of its rows, then those rows alone.

    Skipping the offset reads as many matches as it skips, and more rows that fail the filters. A
    statement that returns every profile column must visit the table for each of them (65,000 random
    rows for page 100 of a common word); selecting only the id and the order, PostgreSQL skips them in
    an index that holds every column the filters read (the rating index, the city index), without
    touching the table, and reads only the page's rows from it."""
    page = (
        sa.select(users.c.id.label("page_id"), key.label("page_key"))
        .where(*matching)
        .order_by(key.desc(), users.c.id.desc())
        .offset(query.offset)
        .limit(query.limit + 1)
        .subquery("page")
    )
    return (
        sa.select(*columns)
        .join_from(page, users, users.c.id == page.c.page_id)
        .order_by(page.c.page_key.desc(), page.c.page_id.desc())
    )


def count_statement(conditions: Conditions, cap: int) -> sa.Select[Any]:
    """How many rows match (the cursor aside), counting no further than one past `cap`. Run it with
    `conditions.parameters`."""
    matching = (
        sa.select(sa.literal_column("1").label("one"))
        .select_from(users)
        .where(*conditions.filters())
        .limit(cap + 1)
        .subquery("matching")
    )
    return sa.select(sa.func.count()).select_from(matching)


DENSE_PAGE_ROWS = 200
DENSE_RADIUS_MATCHES = 1_000
"""More matches than this make a radius dense (see `dense_radius`); independent of the cap of
totals. Which read is quicker depends on the filters too: at a million labours, by rating around
Delhi, the box took 6 / 9 / 11 / 32 / 137 ms for 685 / 1,167 / 2,087 / 6,838 / 17,375 labours
within 1-5 km and no other filter, where the order's index took 84 / 66 / 24 / 20 / 74 ms; with a
trade filter (1,691 plumbers within 5 km) the box took 120 ms and the order's index 49 ms."""


def density_matters(query: LabourQuery, dialect: str) -> bool:
    """Whether the page's statement depends on `dense_radius`: a shallow page in rating or experience
    order within a radius, on PostgreSQL."""
    return (
        dialect == "postgresql" and query.radius_km is not None and query.sort != SORT_DISTANCE
        and query.offset + query.limit < DENSE_PAGE_ROWS
    )


def dense_radius(matches: int) -> bool:
    """Whether a page that `density_matters` for should be read without the box around its radius.

    PostgreSQL takes any box to hold 0.1 % of the rows: given one, it reads all of the box and sorts
    it (0.2 s for 10 km of a city of a million labours). Without it, the planner reads the index of
    the order and checks the distance, which stops after a page when matches are many, as a count up
    to DENSE_RADIUS_MATCHES shows; with fewer, reading the box is quicker."""
    return matches > DENSE_RADIUS_MATCHES


def count_needs_plain_index_scan(query: LabourQuery, dialect: str) -> bool:
    """Whether to count with bitmap scans off: within a radius and without words, on PostgreSQL.

    PostgreSQL estimates that a box holds 0.1 % of the rows whatever its size, so it reads all of a
    box with a bitmap scan, where a plain index scan stops at the cap (10 ms against 1 ms in a city of
    a million labours). Words are left to the planner: a rare word is best found by its trigrams."""
    return dialect == "postgresql" and query.radius_km is not None and not query.terms
