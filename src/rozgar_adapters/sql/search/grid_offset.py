"""Deep nearest-first pages by number on PostgreSQL, found by counting the labours of grid cells.

Distances are measured to a labour's public point, the centre of its grid cell, so the labours in
(distance, id) order are those of the cells nearest first (`grid_cursor`'s chunks of cells, which
never split cells of equal distance). The page's offset is found by counting the matches of each
chunk, nearest first, until the count passes it; the page then starts in that chunk, past the
matches of the chunk that come before it, and goes on into the next chunks as a cursor page does.
The counts of queries filtered only by visibility, availability, the searcher and the radius read
the cell index alone (`idx_users_search_cells`); a nearest-first scan would instead compute the
distance of every labour before the page.

Pages nearer than `MIN_OFFSET` are read the usual way, and so are those whose cells run out of the
budget first (sparse matches, far pages without a radius) or cannot be listed.

The cells, counts and row counts are named parameters: one statement is kept per query form."""
from __future__ import annotations

import math
from dataclasses import replace
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from rozgar_adapters.sql.search import grid_cursor
from rozgar_adapters.sql.search.conditions import Conditions
from rozgar_adapters.sql.search.reuse import FORMS_KEPT, statement_form
from rozgar_adapters.sql.tables import users
from rozgar_core.model.search import SORT_DISTANCE, Cursor, LabourQuery

MIN_OFFSET = 200
"""Pages starting nearer than this many labours are read the usual way."""
MAX_CELLS_COUNTED = 512
"""Past this many cells counted or read without reaching the page, the caller reads it the usual way."""


def grid_offset_rows(connection: Connection, query: LabourQuery, conditions: Conditions) -> list[Row[Any]] | None:
    """The page of a nearest-first query by number and the row after it, in (distance, id) order, with
    their distance: what `page_statement` gives. None when this way does not apply or gives up."""
    if (
        conditions.dialect != "postgresql" or query.sort != SORT_DISTANCE or query.cursor is not None
        or query.origin is None or query.offset < MIN_OFFSET
        or (query.radius_km is not None and not math.isfinite(query.radius_km))
    ):
        return None
    unbounded = replace(query, radius_km=None, cursor=None, page=1, limit=1)
    form = statement_form(unbounded, conditions.dialect)
    parameters: dict[str, object] = {**Conditions(unbounded, conditions.dialect).parameters, "grid_value": 0.0}
    # The chunks from distance 0 on, as for a cursor at the origin.
    chunks = grid_cursor.cell_chunks(replace(query, cursor=Cursor(SORT_DISTANCE, 0.0, "")))
    skipped, read = 0, 0
    needed = query.limit + 1
    rows: list[Row[Any]] = []
    for chunk in chunks:
        if chunk is None:
            return None
        read += len(chunk)
        if read > MAX_CELLS_COUNTED:
            return None
        parameters.update(grid_cursor.chunk_parameters(chunk))
        if not rows:
            matches: int = connection.execute(_count_statement(form, conditions.dialect), parameters).scalar_one()
            if skipped + matches <= query.offset:
                skipped += matches
                continue
            parameters.update(grid_skip=query.offset - skipped, grid_need=needed)
            statement = grid_cursor.chunk_statement(form, conditions.dialect, True, True)
        else:
            parameters["grid_need"] = needed - len(rows)
            statement = grid_cursor.chunk_statement(form, conditions.dialect, True)
        rows.extend(connection.execute(statement, parameters).all())
        if len(rows) >= needed:
            return rows
    return rows  # the cells within the radius ran out: the page is short, or empty


@lru_cache(maxsize=FORMS_KEPT)
def _count_statement(form: LabourQuery, dialect: str) -> sa.Select[Any]:
    """The matching labours of a chunk of cells (`grid_cursor.chunk_cells`), for a query of this form
    (`statement_form`, without radius or cursor), with the parameters of the form's `Conditions`."""
    conditions = Conditions(form, dialect)
    cells, in_cell = grid_cursor.chunk_cells()
    return (
        sa.select(sa.func.count())
        .select_from(cells)
        .join(users, in_cell)
        .where(*conditions.visibility(), *conditions.refinements(boxed=False))
    )
