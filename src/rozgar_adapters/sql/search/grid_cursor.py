"""Nearest-first pages after a cursor on PostgreSQL, read cell by cell of the public grid.

Distances are measured to a labour's public point, the centre of its grid cell, so the labours at
the cursor's distance and beyond are all in the cells whose centres lie that far (the core's
`centres_between`, nearest first). The page reads the labours of those cells in chunks of cells,
nearest chunk first, each through the public point index: every row of a chunk comes before every
row of the next chunk (cells of equal distance always share a chunk), so the page is complete once
the chunks read give it its rows and the one after. A nearest-first index scan from the origin would
instead walk every labour nearer than the cursor first.

When matches are sparse (rare filters), the cells run out of the budget first, and so do ranges the
core cannot list (near a pole or the antimeridian, a cursor without a radius far out): the caller
then reads the page the usual way.

The cells, the cursor and the row count are named parameters of the statement: one statement is
kept per query form (its filters), apart from those of `reuse`."""
from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import replace
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Connection, Row

from rozgar_adapters.sql.search.conditions import Conditions
from rozgar_adapters.sql.search.cursor_ids import ids_above
from rozgar_adapters.sql.search.reuse import FORMS_KEPT, statement_form
from rozgar_adapters.sql.search.statements import PROFILE_COLUMNS
from rozgar_adapters.sql.tables import users
from rozgar_core.model.grid import CentreAtDistance, centres_between
from rozgar_core.model.search import SORT_DISTANCE, LabourQuery

_DOUBLES: postgresql.ARRAY[float] = postgresql.ARRAY(sa.Double())
FIRST_CHUNK_CELLS = 4
"""Cells of the first chunk; each next chunk has twice as many (ties may add a few)."""
MAX_CELLS_READ = 512
"""Past this many cells read without filling the page, the caller reads it the usual way."""
FIRST_RING_KM = 1.0
"""Cells are listed in rings beyond the cursor's distance as the page needs them, the first this
wide, each next twice as wide as the one before (up to the radius)."""


def grid_cursor_rows(connection: Connection, query: LabourQuery, conditions: Conditions) -> list[Row[Any]] | None:
    """The page after the query's distance cursor and the row after it, in (distance, id) order, with
    their distance: what `page_statement` gives. None when this way does not apply or gives up."""
    cursor = query.cursor
    if (
        conditions.dialect != "postgresql" or query.sort != SORT_DISTANCE or cursor is None
        or cursor.sort != SORT_DISTANCE or query.origin is None or not math.isfinite(cursor.value)
    ):
        return None
    # Every listed cell lies within the radius: the other filters alone are checked in SQL.
    unbounded = replace(query, radius_km=None, cursor=None, page=1, limit=1)
    after = ids_above(cursor.id)
    if after is False:
        return None  # no id follows the cursor's: only rows strictly farther do (rare: a forged id)
    statement = chunk_statement(statement_form(unbounded, conditions.dialect), conditions.dialect, after is True)
    parameters: dict[str, object] = {**Conditions(unbounded, conditions.dialect).parameters, "grid_value": cursor.value}
    if after is not True:
        parameters["grid_after_id"] = after
    needed = query.limit + 1
    rows: list[Row[Any]] = []
    read = 0
    for chunk in cell_chunks(query):
        if chunk is None:
            return None
        read += len(chunk)
        if read > MAX_CELLS_READ:
            return None
        parameters.update(chunk_parameters(chunk), grid_need=needed - len(rows))
        rows.extend(connection.execute(statement, parameters).all())
        if len(rows) >= needed:
            return rows
    return rows


@lru_cache(maxsize=FORMS_KEPT)
def chunk_statement(form: LabourQuery, dialect: str, any_id: bool, skip: bool = False) -> sa.Select[Any]:
    """The first `grid_need` rows after the cursor among the labours of a chunk of cells, for a query
    of this form (`statement_form`, without radius or cursor).

    Parameters: the cells (`grid_latitudes`, `grid_longitudes` and their `grid_distances`), the
    cursor's distance (`grid_value`) and, unless `any_id`, the first id that follows the cursor's at
    that distance (`grid_after_id`, from `ids_above`), with those of the form's `Conditions`; with
    `skip`, the number of matching labours of the chunk to pass over first (`grid_skip`).

    A labour's distance is its cell's, computed in Python by the core (equal to the SQL haversine to
    the last bit). The ids come first: the conditions without words, trades or ratings read only the
    public point, id and availability, all in the cell index (`idx_users_search_cells`), so that
    PostgreSQL skips the rows of the cells with an index-only scan, and reads only the page's rows
    from the table."""
    conditions = Conditions(form, dialect)
    cells, in_cell = chunk_cells()
    cursor_value: sa.BindParameter[float] = sa.bindparam("grid_value", type_=sa.Double())
    if any_id:
        after_cursor = cells.c.distance >= cursor_value
    else:
        after_id = sa.bindparam("grid_after_id", type_=users.c.id.type)
        after_cursor = sa.tuple_(cells.c.distance, users.c.id) >= sa.tuple_(cursor_value, after_id)
    ids = (
        sa.select(users.c.id.label("page_id"), cells.c.distance.label("page_distance"))
        .select_from(cells)
        .join(users, in_cell)
        .where(*conditions.visibility(), *conditions.refinements(boxed=False), after_cursor)
        .order_by(cells.c.distance.asc(), users.c.id.asc())
        .limit(sa.bindparam("grid_need", type_=sa.Integer()))
    )
    if skip:
        ids = ids.offset(sa.bindparam("grid_skip", type_=sa.Integer()))
    page = ids.subquery("page")
    return (
        sa.select(*PROFILE_COLUMNS, page.c.page_distance.label("distance"))
        .join_from(page, users, users.c.id == page.c.page_id)
        .order_by(page.c.page_distance, page.c.page_id)
    )


def chunk_cells() -> tuple[Any, sa.ColumnElement[bool]]:
    """The cells of a chunk as a table (`cell`: latitude, longitude, distance) from the parameters
    `grid_latitudes`, `grid_longitudes` and `grid_distances`, and the condition that a labour's public
    point is one of them."""
    cells = sa.func.unnest(
        sa.bindparam("grid_latitudes", type_=_DOUBLES),
        sa.bindparam("grid_longitudes", type_=_DOUBLES),
        sa.bindparam("grid_distances", type_=_DOUBLES),
    ).table_valued(
        sa.column("latitude", sa.Double()), sa.column("longitude", sa.Double()), sa.column("distance", sa.Double())
    ).render_derived("cell")
    in_cell = sa.and_(users.c.public_latitude == cells.c.latitude, users.c.public_longitude == cells.c.longitude)
    return cells, in_cell


def chunk_parameters(chunk: list[CentreAtDistance]) -> dict[str, object]:
    """The parameters naming a chunk's cells in `chunk_cells`."""
    return {
        "grid_latitudes": [c.centre.latitude for c in chunk],
        "grid_longitudes": [c.centre.longitude for c in chunk],
        "grid_distances": [c.distance_km for c in chunk],
    }


def cell_chunks(query: LabourQuery) -> Iterator[list[CentreAtDistance] | None]:
    """The cells from the cursor's distance on, nearest first, in chunks that never split a tie; a
    None when the cells cannot be listed. Ends when no cell is left within the radius."""
    size = FIRST_CHUNK_CELLS
    pending: list[CentreAtDistance] = []
    for ring in _rings(query):
        if ring is None:
            yield None
            return
        pending.extend(ring)
        while len(pending) > size:
            end = size
            while end < len(pending) and pending[end].distance_km == pending[end - 1].distance_km:
                end += 1
            if end == len(pending):
                break  # the tie may go on in the next ring
            yield pending[:end]
            pending = pending[end:]
            size *= 2
    if pending:
        yield pending


def _rings(query: LabourQuery) -> Iterator[list[CentreAtDistance] | None]:
    """Cells by distance from the cursor's on, in rings ever wider, up to the radius if any; a None
    (and the end) when a ring cannot be listed or the rings hold more cells than the budget."""
    assert query.origin is not None and query.cursor is not None
    radius = query.radius_km
    near = max(0.0, query.cursor.value)
    width, listed, first = FIRST_RING_KM, 0, True
    while radius is None or near < radius or first:
        if listed > MAX_CELLS_READ:
            yield None
            return
        far = near + width if radius is None else min(radius, near + width)
        ring = centres_between(query.origin, near, far)
        if ring is None:
            yield None
            return
        # The range includes `near`: cells at exactly that distance came with the ring before.
        ring = ring if first else [c for c in ring if c.distance_km > near]
        listed, first = listed + len(ring), False
        yield ring
        near, width = far, 2 * width
