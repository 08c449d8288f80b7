"""Timing the SQL search adapter, and EXPLAIN (ANALYZE, BUFFERS) of the very SQL it sends."""
from __future__ import annotations

import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

from rozgar_adapters.sql.search import SqlLabourSearch
from rozgar_core.model.search import LabourQuery, Total


@dataclass(frozen=True)
class Timing:
    median_ms: float
    p95_ms: float
    runs: int
    total: int | None
    capped: bool


@dataclass(frozen=True)
class Timed:
    """A query and the total the API would already know for it (cached by an earlier page)."""

    query: LabourQuery
    known_total: Total | None = None


def time_queries(search: SqlLabourSearch, queries: list[Timed], runs: int, warmup: int = 10) -> Timing:
    """Runs the queries in turn; the time of each search (its statements and the row mapping)."""
    for index in range(warmup):
        timed = queries[index % len(queries)]
        search.search(timed.query, timed.known_total)
    samples: list[float] = []
    result = None
    for index in range(runs):
        timed = queries[index % len(queries)]
        started = time.perf_counter()
        result = search.search(timed.query, timed.known_total)
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    assert result is not None
    return Timing(
        median_ms=statistics.median(samples),
        p95_ms=samples[min(len(samples) - 1, int(len(samples) * 0.95))],
        runs=runs,
        total=result.total,
        capped=result.total_capped,
    )


def cursor_query(search: SqlLabourSearch, query: LabourQuery) -> Timed | None:
    """The same page reached by cursor: the next cursor of the page before it, whose total the API
    has cached (a total depends on the filters alone)."""
    if query.page < 2:
        return None
    before = search.search(replace(query, page=query.page - 1))
    if before.next_cursor is None:
        return None
    return Timed(replace(query, page=1, cursor=before.next_cursor), before.counted())


@contextmanager
def captured_statements(engine: Engine) -> Iterator[list[tuple[str, Any]]]:
    statements: list[tuple[str, Any]] = []

    def capture(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool) -> None:
        statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", capture)


def explain(engine: Engine, search: SqlLabourSearch, timed: Timed) -> list[str]:
    """The plans of the statements one search sends, run with EXPLAIN (ANALYZE, BUFFERS)."""
    with captured_statements(engine) as statements:
        search.search(timed.query, timed.known_total)
    plans = []
    connection = engine.raw_connection()
    try:
        with connection.driver_connection.cursor() as cursor:
            for statement, parameters in statements:
                if statement.lstrip().upper().startswith(("SET ", "BEGIN", "ROLLBACK")):
                    cursor.execute(statement, parameters)  # planner settings and their transaction
                    plans.append(statement)
                    continue
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters)
                plans.append("\n".join(row[0] for row in cursor.fetchall()))
        connection.driver_connection.rollback()
    finally:
        connection.close()
    return plans
