"""What every SQL repository shares: the unit of work's connection and database error translation."""
from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy import exc
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, CursorResult
from sqlalchemy.sql import Executable

from rozgar_core.errors import Conflict, DependencyUnavailable

ConnectionProvider = Callable[[], Connection]


def canonical_uuid(value: str) -> str | None:
    """`value` as a canonical UUID string, or None when it is not a UUID (so it matches no row)."""
    try:
        return str(uuid.UUID(value))
    except (ValueError, TypeError, AttributeError):
        return None


def require_uuid(value: str, field: str) -> str:
    canonical = canonical_uuid(value)
    if canonical is None:
        raise ValueError(f"{field} must be a UUID, got {value!r}")
    return canonical


def dialect_insert(connection: Connection, table: sa.Table) -> postgresql.Insert | sqlite.Insert:
    """An INSERT that supports ON CONFLICT on the connection's database (both dialects spell it alike)."""
    if connection.dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


class SqlRepository:
    def __init__(self, connection: ConnectionProvider) -> None:
        self._connection = connection

    def _execute(
        self, statement: Executable, parameters: list[dict[str, Any]] | None = None
    ) -> CursorResult[Any]:
        try:
            return self._connection().execute(statement, parameters)
        except (exc.OperationalError, exc.InterfaceError) as error:
            raise DependencyUnavailable() from error

    def _insert(
        self, statement: Executable, what: str, parameters: list[dict[str, Any]] | None = None
    ) -> CursorResult[Any]:
        """Run an INSERT (once per parameter set, if given); a constraint violation becomes `Conflict`
        (the transaction is then unusable)."""
        try:
            return self._execute(statement, parameters)
        except exc.IntegrityError as error:
            raise Conflict(f"This {what} conflicts with the stored data") from error
