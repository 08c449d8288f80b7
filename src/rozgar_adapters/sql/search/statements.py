"""The two statements of a search: the page (one row more than asked, to know if more follow) and the
count of all matches, exact up to TOTAL_COUNT_CAP and stopping one row past it."""
from __future__ import annotations

import sqlalchemy as sa

from rozgar_adapters.sql.search.conditions import Conditions, experience
from rozgar_adapters.sql.search.geo import cube_distance, within_chord
from rozgar_adapters.sql.tables import users
from rozgar_core.model import search as rules
from rozgar_core.model.search import SORT_DISTANCE, SORT_EXPERIENCE, LabourQuery

PROFILE_COLUMNS = (
    users.c.id, users.c.phone, users.c.name, users.c.profile_picture_url, users.c.bio, users.c.city,
    users.c.state, users.c.pincode, users.c.public_latitude, users.c.public_longitude, users.c.is_available,
    users.c.skills, users.c.experience_years, users.c.labour_type, users.c.role, users.c.rating,
    users.c.total_reviews, users.c.is_verified,
)


def page_statement(query: LabourQuery, dialect: str) -> sa.Select[tuple[object, ...]]:
    """The rows of the page and the one after it, in the query's order, with their distance."""
    conditions = Conditions(query, dialect)
    where = [*conditions.filters(), *conditions.after_cursor()]
    distance = conditions.distance
    columns = [*PROFILE_COLUMNS, (distance if distance is not None else sa.null()).label("distance")]
    statement = sa.select(*columns).where(*where)
    if query.sort == SORT_DISTANCE and distance is not None:
        if dialect == "postgresql":
            statement = statement.where(_nearest_candidates(query, conditions, where))
        order = [distance.asc(), users.c.id.asc()]
    elif query.sort == SORT_EXPERIENCE:
        order = [experience().desc(), users.c.id.desc()]
    else:
        order = [users.c.rating.desc(), users.c.id.desc()]
    return statement.order_by(*order).offset(query.offset).limit(query.limit + 1)


def _nearest_candidates(
    query: LabourQuery, conditions: Conditions, where: list[sa.ColumnElement[bool]]
) -> sa.ColumnElement[bool]:
    """Rows close enough to be on the page: within the cube distance of the last of the
    offset + limit + 1 nearest matches (by an index scan, nearest first), plus a margin.

    Every row of the page is among them: a row farther than that bound has at least as many rows
    nearer than it as the page needs. Labours of one grid cell share a point, so ties are common;
    the bound keeps every tied row, and the page is then ordered by exact distance and id."""
    assert conditions.origin is not None
    nearness = cube_distance(conditions.origin)
    nearest = (
        sa.select(nearness.label("chord"))
        .where(*where)
        .order_by(nearness)
        .limit(query.offset + query.limit + 1)
        .subquery("nearest")
    )
    bound = sa.select(sa.func.max(nearest.c.chord)).scalar_subquery()
    return within_chord(conditions.origin, bound)


def count_statement(query: LabourQuery, dialect: str) -> sa.Select[tuple[int]]:
    """How many rows match (the cursor aside), counting no further than one past the cap."""
    matching = (
        sa.select(sa.literal_column("1").label("one"))
        .select_from(users)
        .where(*Conditions(query, dialect).filters())
        .limit(rules.TOTAL_COUNT_CAP + 1)
        .subquery("matching")
    )
    return sa.select(sa.func.count()).select_from(matching)
