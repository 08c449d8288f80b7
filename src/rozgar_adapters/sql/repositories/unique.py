"""Writes that may hit a unique constraint the caller wants to report as a specific Conflict."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy import exc
from sqlalchemy.engine import Connection, CursorResult
from sqlalchemy.sql import Executable

from rozgar_core.errors import Conflict, DependencyUnavailable


def violates_unique(error: exc.IntegrityError, name: str, columns: Sequence[sa.Column[Any]]) -> bool:
    """Whether `error` is a violation of the unique constraint or index `name` over `columns`."""
    original = error.orig
    diagnostics = getattr(original, "diag", None)
    if diagnostics is not None:  # psycopg names the constraint
        return getattr(diagnostics, "constraint_name", None) == name
    # SQLite names the columns instead: "UNIQUE constraint failed: reviews.reviewer_id, reviews.reviewee_id"
    qualified = ", ".join(f"{column.table.name}.{column.name}" for column in columns)
    return str(original) == f"UNIQUE constraint failed: {qualified}"


def execute_in_savepoint(
    connection: Connection,
    statement: Executable,
    *,
    unique: str,
    columns: Sequence[sa.Column[Any]],
    conflict: Conflict,
    what: str,
) -> CursorResult[Any]:
    """Run `statement` inside a SAVEPOINT; the violation of `unique` raises `conflict`, another
    constraint violation a generic Conflict.

    Rolling back to the savepoint keeps the caller's transaction usable afterwards (on PostgreSQL a
    failed statement would otherwise abort the whole transaction)."""
    try:
        with connection.begin_nested():
            return connection.execute(statement)
    except exc.IntegrityError as error:
        if violates_unique(error, unique, columns):
            raise conflict from error
        raise Conflict(f"This {what} conflicts with the stored data") from error
    except (exc.OperationalError, exc.InterfaceError) as error:
        raise DependencyUnavailable() from error
