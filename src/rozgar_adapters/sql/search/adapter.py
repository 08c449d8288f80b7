"""Labour search on SQLite and PostgreSQL: the same results as the in-memory oracle, from indexes."""
from __future__ import annotations

from typing import Any

from sqlalchemy import exc
from sqlalchemy.engine import Connection, Engine, Row

from rozgar_adapters.sql.search import statements
from rozgar_adapters.sql.search.conditions import Conditions
from rozgar_adapters.sql.search.grid_cursor import grid_cursor_rows
from rozgar_adapters.sql.search.grid_offset import grid_offset_rows
from rozgar_adapters.sql.search.reuse import (
    reusable_count_statement,
    reusable_page_statement,
    statement_form,
)
from rozgar_adapters.sql.search.statements import (
    count_needs_plain_index_scan,
    dense_radius,
    density_matters,
    page_statement,
)
from rozgar_core.errors import DependencyUnavailable
from rozgar_core.model import search as rules
from rozgar_core.model.location import round_distance
from rozgar_core.model.public_profile import PublicProfile
from rozgar_core.model.search import (
    SORT_DISTANCE,
    SORT_EXPERIENCE,
    Cursor,
    LabourQuery,
    SearchResult,
    Total,
)

# A transaction of its own for a count with bitmap scans off (see count_needs_plain_index_scan), in one
# round trip: the setting is local to it, so it cannot outlive it, even when a statement fails.
_BITMAP_SCANS_OFF = "BEGIN; SET LOCAL enable_bitmapscan = off"
_END_TRANSACTION = "ROLLBACK"


class SqlLabourSearch:
    """A query for the page and one for the total. On PostgreSQL each runs on its own, outside any
    transaction (no BEGIN before them, no ROLLBACK when the connection returns to the pool); SQLite
    runs them in one read-only transaction."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._dialect = engine.dialect.name

    def search(self, query: LabourQuery, known_total: Total | None = None) -> SearchResult:
        conditions = Conditions(query, self._dialect)
        form = statement_form(query, self._dialect)
        total = known_total
        try:
            with self._engine.connect() as connection:
                if self._dialect == "postgresql":
                    # Restored when the connection returns to the pool.
                    connection.execution_options(isolation_level="AUTOCOMMIT")
                if self._dialect == "postgresql" and query.radius_km is not None and query.sort != SORT_DISTANCE:
                    dense, total = self._density(connection, form, conditions, query, total)
                    rows = self._page(connection, form, conditions, boxed=not dense)
                else:
                    gridded = (grid_cursor_rows if query.cursor else grid_offset_rows)(connection, query, conditions)
                    rows = gridded if gridded is not None else self._page(connection, form, conditions)
                if total is None and query.count_total:
                    total = Total.of(self._count(connection, form, conditions))
        # TimeoutError: every pooled connection stayed busy for the pool's whole timeout.
        except (exc.OperationalError, exc.InterfaceError, exc.TimeoutError) as error:
            raise DependencyUnavailable() from error
        page, has_more = rows[: query.limit], len(rows) > query.limit
        last = page[-1] if page else None
        return SearchResult.of(
            [profile_from_row(row) for row in page],
            total,
            Cursor(query.sort, sort_value(query, last), str(last.id)) if last and has_more else None,
        )

    def _density(
        self, connection: Connection, form: LabourQuery, conditions: Conditions, query: LabourQuery,
        known: Total | None,
    ) -> tuple[bool, Total | None]:
        """Whether the radius is dense (`dense_radius`), and the total: `known`, or counted on the way
        when the query wants one. Without words the count goes on to DENSE_RADIUS_MATCHES (a plain index
        scan: a few ms); with words it stops at the cap of totals, and a capped total counts as dense."""
        wanted = known is None and query.count_total
        few_known = known is not None and not known.capped
        if few_known or not density_matters(query, self._dialect):
            return False, Total.of(self._count(connection, form, conditions)) if wanted else known
        if query.terms:
            counted = known or Total.of(self._count(connection, form, conditions))
            return counted.capped, counted if wanted else known
        # Counted far enough for both: how dense, and the total up to its cap.
        cap = max(statements.DENSE_RADIUS_MATCHES, rules.TOTAL_COUNT_CAP)
        matches = self._count(connection, form, conditions, cap=cap)
        return dense_radius(matches), Total.of(matches) if wanted else known

    def _count(
        self, connection: Connection, form: LabourQuery, conditions: Conditions, cap: int | None = None
    ) -> int:
        """How many rows match, up to one past `cap` (by default the cap of totals). `form` is the query's
        `statement_form`, `conditions` the query's own."""
        statement = reusable_count_statement(form, self._dialect, cap)
        if not count_needs_plain_index_scan(form, self._dialect):
            return int(connection.execute(statement, conditions.parameters).scalar_one())
        # On a failure the transaction stays open until the connection's return to the pool rolls it
        # back (psycopg sends ROLLBACK whenever the server reports a transaction).
        connection.exec_driver_sql(_BITMAP_SCANS_OFF)
        matches: int = connection.execute(statement, conditions.parameters).scalar_one()
        connection.exec_driver_sql(_END_TRANSACTION)
        return matches

    def _page(
        self, connection: Connection, form: LabourQuery, conditions: Conditions, *, boxed: bool = True
    ) -> list[Row[Any]]:
        """The page's rows; `form` is the query's `statement_form`, `conditions` the query's own."""
        statement = reusable_page_statement(form, self._dialect, boxed)
        rows = connection.execute(statement, conditions.parameters).all()
        if not rows or "complete" not in rows[0]._fields:
            return list(rows)
        flags = rows[0]
        if not flags.complete:
            nearest = "box" if flags.nth_chord is not None else "plain"
            statement = page_statement(form, conditions, nearest=nearest, bound=flags.nth_chord)
            return list(connection.execute(statement, conditions.parameters).all())
        return [row for row in rows if row.id is not None]


def sort_value(query: LabourQuery, row: Row[Any]) -> float:
    """The row's value in the query's order, as the core's `sort_value` gives it."""
    if query.sort == SORT_DISTANCE:
        return float(row.distance)
    if query.sort == SORT_EXPERIENCE:
        return float(row.experience_years or 0)
    return float(row.rating)


def profile_from_row(row: Row[Any]) -> PublicProfile:
    return PublicProfile(
        id=str(row.id),
        phone=row.phone,
        name=row.name,
        profile_picture_url=row.profile_picture_url,
        bio=row.bio,
        city=row.city,
        state=row.state,
        pincode=row.pincode,
        latitude=row.public_latitude,
        longitude=row.public_longitude,
        is_available=bool(row.is_available),
        skills=list(row.skills or []),
        experience_years=row.experience_years,
        labour_type=row.labour_type,
        role=row.role,
        rating=round(float(row.rating), 2),
        total_reviews=row.total_reviews,
        is_verified=bool(row.is_verified),
        distance=round_distance(row.distance) if row.distance is not None else None,
    )
