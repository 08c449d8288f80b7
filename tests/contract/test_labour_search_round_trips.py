"""Searches on PostgreSQL run their statements outside any transaction: no BEGIN before them and no
ROLLBACK after them, as psycopg's protocol trace shows. A radius count without words still runs with
bitmap scans off, in a transaction of its own, and the setting never stays on the pooled connection,
even when the count fails."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import psycopg
import pytest
import sqlalchemy as sa
from search_support import fresh_backends, listed_labour, statements_run
from sqlalchemy import event, exc
from sqlalchemy.engine import Connection, Engine

from rozgar_adapters.sql import create_engine_from_url
from rozgar_adapters.sql.search import SqlLabourSearch, adapter
from rozgar_adapters.sql.search.statements import count_needs_plain_index_scan
from rozgar_core.model.search import LabourQuery, RawSearch, build_query

pytestmark = pytest.mark.postgres

BASE = listed_labour(skills=["plumber"], experience_years=3, point=(18.52, 73.85))
WORDS = build_query(RawSearch(text="ramesh", min_rating=0.5), None)
RADIUS_BY_RATING = build_query(RawSearch(latitude=18.52, longitude=73.85, radius_km=5, sort="rating"), None)
RADIUS_NEAREST_FIRST = build_query(RawSearch(latitude=18.52, longitude=73.85, radius_km=5), None)
NEAREST_FIRST = build_query(RawSearch(latitude=18.52, longitude=73.85), None)
RADIUS_WITH_WORDS = build_query(RawSearch(text="pune", latitude=18.52, longitude=73.85, radius_km=5, sort="rating"), None)
IDLE = psycopg.pq.TransactionStatus.IDLE


@pytest.fixture
def one_connection(postgres_engine: Engine) -> Iterator[Engine]:
    """An engine over the test database with a single pooled connection, and the oracle's labours in it."""
    url = postgres_engine.url.render_as_string(hide_password=False)
    engine = create_engine_from_url(url, pool_min=1, pool_max=1)
    population = [BASE, replace(BASE, name="Suresh", point=(18.53, 73.86)), replace(BASE, rating=3.0)]
    fresh_backends(engine, population, seed=11)
    yield engine
    engine.dispose()


def _dbapi_connection(engine: Engine) -> Any:
    with engine.connect() as connection:
        return _dbapi_of(connection)


def _dbapi_of(connection: Connection) -> Any:
    return connection.connection.dbapi_connection


@contextmanager
def _messages_sent(engine: Engine) -> Iterator[list[str]]:
    """The simple queries and parsed statements sent on the engine's one connection, as libpq traces them."""
    pgconn = _dbapi_connection(engine).pgconn
    sent: list[str] = []
    with tempfile.TemporaryFile("w+") as trace:
        pgconn.trace(trace.fileno())
        pgconn.set_trace_flags(psycopg.pq.Trace.SUPPRESS_TIMESTAMPS)
        try:
            yield sent
        finally:
            pgconn.untrace()
            trace.flush()
            trace.seek(0)
            sent.extend(_statements(os.read(trace.fileno(), 1 << 24).decode(errors="replace")))


def _statements(trace: str) -> Iterator[str]:
    for line in trace.splitlines():
        parts = line.split("\t")
        # F <length> Query "<sql>"  or  F <length> Parse "<name>" "<sql>" ...
        if parts[0] == "F" and parts[2] == "Query":
            yield parts[3].strip().strip('"')
        elif parts[0] == "F" and parts[2] == "Parse":
            yield parts[3].strip().split('" "', 1)[1]


def _transaction_commands(sent: list[str]) -> list[str]:
    keywords = ("BEGIN", "ROLLBACK", "COMMIT", "SET", "RESET")
    return [statement for statement in sent if statement.split(" ", 1)[0].rstrip(";").upper() in keywords]


@pytest.mark.parametrize(
    "query", [WORDS, NEAREST_FIRST, RADIUS_WITH_WORDS, replace(RADIUS_NEAREST_FIRST, count_total=False)]
)
def test_a_search_sends_no_begin_and_no_rollback(one_connection: Engine, query: LabourQuery) -> None:
    search = SqlLabourSearch(one_connection)
    search.search(query)  # the connection is open, and the statement kept

    with _messages_sent(one_connection) as sent:
        result = search.search(query)

    assert result.labours
    assert _transaction_commands(sent) == []
    assert any(statement.startswith(("SELECT", "WITH")) for statement in sent)


def test_a_radius_count_without_words_has_bitmap_scans_off_in_a_transaction_of_its_own(
    one_connection: Engine,
) -> None:
    assert count_needs_plain_index_scan(RADIUS_BY_RATING, "postgresql")
    search = SqlLabourSearch(one_connection)
    settings: list[str] = []

    def capture(conn: Any, cursor: Any, statement: str, *args: object) -> None:
        if "count(" in statement:
            settings.append(conn.connection.dbapi_connection.execute("SHOW enable_bitmapscan").fetchone()[0])

    event.listen(one_connection, "before_cursor_execute", capture)
    try:
        with _messages_sent(one_connection) as sent:
            result = search.search(RADIUS_BY_RATING)
    finally:
        event.remove(one_connection, "before_cursor_execute", capture)

    assert result.total == 3
    assert settings == ["off"]
    assert _transaction_commands(sent) == ["BEGIN; SET LOCAL enable_bitmapscan = off", "ROLLBACK"]
    ran = [statement for statement in sent if not statement.startswith("SHOW")]
    begin = ran.index("BEGIN; SET LOCAL enable_bitmapscan = off")
    assert ran[begin + 1].startswith("SELECT count(") and ran[begin + 2] == "ROLLBACK"
    assert ran[begin + 3].startswith("SELECT users.id")  # the page, after the transaction
    _assert_pooled_connection_is_as_new(one_connection)


def test_a_failing_count_leaves_no_setting_on_the_pooled_connection(
    one_connection: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    failing: sa.Select[Any] = sa.select(sa.literal_column("1 / 0"))
    monkeypatch.setattr(adapter, "reusable_count_statement", lambda form, dialect, cap=None: failing)

    with pytest.raises(exc.DBAPIError):
        SqlLabourSearch(one_connection).search(RADIUS_BY_RATING)

    _assert_pooled_connection_is_as_new(one_connection)


def test_other_work_on_a_connection_a_search_used_still_runs_in_transactions(one_connection: Engine) -> None:
    SqlLabourSearch(one_connection).search(WORDS)

    with one_connection.connect() as connection:
        connection.execute(sa.text("SELECT 1"))
        assert _dbapi_of(connection).info.transaction_status != IDLE
        assert connection.get_isolation_level() == connection.default_isolation_level


def test_searches_on_the_connection_still_match(one_connection: Engine) -> None:
    search = SqlLabourSearch(one_connection)
    with statements_run(one_connection, lambda s: "count" if s.startswith("SELECT count(") else None) as counts:
        totals = [search.search(query).total for query in (WORDS, RADIUS_BY_RATING, RADIUS_NEAREST_FIRST)]

    assert totals == [2, 3, 3]
    assert counts == ["count"] * 3


def _assert_pooled_connection_is_as_new(engine: Engine) -> None:
    dbapi_connection = _dbapi_connection(engine)
    assert dbapi_connection.info.transaction_status == IDLE
    assert dbapi_connection.autocommit is False
    assert dbapi_connection.execute("SHOW enable_bitmapscan").fetchone()[0] == "on"
    dbapi_connection.rollback()
