"""Deep pages in rating and experience order (SQLite and PostgreSQL) against the in-memory oracle.

From `DEFERRED_JOIN_OFFSET` on, the page statement finds the page's ids and order values first and
then reads those rows alone. The random populations of the differential test are too small to reach
that offset, so these tests lower it, and one builds enough labours to pass the real one."""
from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from search_support import (
    CITIES,
    LABOUR_TYPES,
    RATINGS,
    SKILLS,
    SOUTH,
    SPAN,
    WEST,
    Labour,
    fresh_backends,
    labours,
    walk_by_cursor,
    walk_by_number,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine

from rozgar_adapters.sql.search import statements
from rozgar_adapters.sql.search.conditions import Conditions
from rozgar_adapters.sql.search.reuse import forget_statements
from rozgar_core.errors import InvalidInput
from rozgar_core.model.search import LabourQuery, RawSearch, build_query

DEEP_SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])




@st.composite
def _ordered_searches(draw: st.DrawFn) -> RawSearch:
    """Searches in rating or experience order, any filters, often past the first pages."""
    near = draw(st.booleans())
    return RawSearch(
        text=draw(st.sampled_from([None, None, "ramesh", "plumbr", "pune", "प्लंबर", "100%", "tile"])),
        city=draw(st.sampled_from([None, None, *CITIES])),
        skills=draw(st.sampled_from([[], [], ["plumber"], ["mason", "driver"]])),
        min_experience=draw(st.sampled_from([None, None, 2])),
        max_experience=draw(st.sampled_from([None, None, 4])),
        labour_type=draw(st.sampled_from([None, None, *LABOUR_TYPES])),
        available_only=draw(st.booleans()),
        min_rating=draw(st.sampled_from([None, None, 3.5, 4.25])),
        latitude=round(SOUTH + SPAN / 2, 5) if near else None,
        longitude=round(WEST + SPAN / 2, 5) if near else None,
        radius_km=draw(st.sampled_from([None, 1.5, 3.0])) if near else None,
        sort=draw(st.sampled_from([None, "rating", "experience"])),
        page=draw(st.integers(1, 8)),
        limit=draw(st.integers(1, 4)),
    )


def _query(raw: RawSearch) -> LabourQuery:
    try:
        return build_query(raw, None)
    except InvalidInput:
        assume(False)
        raise






@contextmanager
def _ids_first_from(offset: int) -> Iterator[None]:
    """Pages read their ids first from `offset` on (statements kept for the old value forgotten)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(statements, "DEFERRED_JOIN_OFFSET", offset)
        forget_statements()
        try:
            yield
        finally:
            forget_statements()


@DEEP_SETTINGS
@given(
    population=st.lists(labours, min_size=3, max_size=24),
    searches=st.lists(_ordered_searches(), min_size=1, max_size=3),
    threshold=st.sampled_from([0, 1, 2, 5]),
    seed=st.integers(0, 2**32),
)
def test_pages_read_by_id_first_are_the_pages_of_the_oracle(
    sql_engine: Engine, population: list[Labour], searches: list[RawSearch], threshold: int, seed: int
) -> None:
    oracle, sql, _ = fresh_backends(sql_engine, population, seed)
    queries = [_query(raw) for raw in searches]
    with _ids_first_from(threshold):
        for query in queries:
            assert sql.search.search(query) == oracle.search.search(query)
        by_number = walk_by_number(sql.search, queries[0], max_pages=40)
        assert by_number == walk_by_number(oracle.search, queries[0], max_pages=40)
    by_cursor = walk_by_cursor(sql.search, queries[0], max_pages=40)
    assert [labour.id for page in by_number for labour in page.labours] == [
        labour.id for page in by_cursor for labour in page.labours
    ]


def _many_listed_labours(count: int) -> list[Labour]:
    """Labours of Maharashtra, nearly all listed and available, with many ties in rating and experience."""
    rng = random.Random(5)
    return [
        Labour(
            name=rng.choice(["Ramesh Kumar", "Suresh Patel", "Anita Devi", None]),
            city=rng.choice(["Pune", "Mumbai", None]),
            state="Maharashtra",
            skills=rng.sample(SKILLS, rng.randint(0, 2)),
            experience_years=rng.choice([None, 0, 1, 3, 6]),
            labour_type=rng.choice([*LABOUR_TYPES, None]),
            rating=rng.choice(RATINGS),
            is_available=rng.random() < 0.9,
            role="labour" if rng.random() < 0.95 else "employer",
            is_active=rng.random() < 0.97,
            is_hidden=False,
            complete=True,
            point=(round(SOUTH + SPAN * rng.random(), 5), round(WEST + SPAN * rng.random(), 5)),
        )
        for _ in range(count)
    ]


def test_pages_past_the_real_threshold_are_the_pages_of_the_oracle(sql_engine: Engine) -> None:
    oracle, sql, _ = fresh_backends(sql_engine, _many_listed_labours(260), seed=11)
    deep = {"page": statements.DEFERRED_JOIN_OFFSET // 20 + 1, "limit": 20}
    raws = [
        RawSearch(**deep),
        RawSearch(**deep, sort="experience"),
        RawSearch(**deep, available_only=True),
        RawSearch(**deep, text="maha"),  # Maharashtra: everyone
        RawSearch(**deep, latitude=SOUTH + SPAN / 2, longitude=WEST + SPAN / 2, radius_km=30, sort="rating"),
    ]
    for raw in raws:
        query = build_query(raw, None)
        assert query.offset >= statements.DEFERRED_JOIN_OFFSET
        assert _reads_ids_first(query)
        expected = oracle.search.search(query)
        assert sql.search.search(query) == expected
        assert expected.labours  # the page is not past the last match
        assert walk_by_number(sql.search, query, max_pages=40) == walk_by_number(oracle.search, query, max_pages=40)


def _reads_ids_first(query: LabourQuery) -> bool:
    """Whether the page statement reads the page's ids first, on both databases alike."""
    answers = set()
    for name, dialect in (("postgresql", postgresql.dialect()), ("sqlite", sqlite.dialect())):
        statement = statements.page_statement(query, Conditions(query, name))
        answers.add("AS page_id" in str(statement.compile(dialect=dialect)))
    assert len(answers) == 1
    return answers.pop()


def test_only_deep_pages_outside_the_distance_order_read_ids_first() -> None:
    first_deep_page = statements.DEFERRED_JOIN_OFFSET // 20 + 1
    shallow = build_query(RawSearch(page=first_deep_page - 1, limit=20), None)
    deep = build_query(RawSearch(page=first_deep_page, limit=20), None)
    assert shallow.offset < statements.DEFERRED_JOIN_OFFSET <= deep.offset
    assert not _reads_ids_first(shallow)
    assert _reads_ids_first(deep)
    assert _reads_ids_first(build_query(RawSearch(page=first_deep_page, limit=20, sort="experience", text="ram"), None))
    nearest = build_query(RawSearch(page=first_deep_page, limit=20, latitude=18.52, longitude=73.85), None)
    assert not _reads_ids_first(nearest)
