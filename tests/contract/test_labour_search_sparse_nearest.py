"""Nearest-first pages within a radius when matches are sparse (PostgreSQL's `sparse_statement`),
against the in-memory oracle.

The first scan of `nearest_statement` reads a fixed number of labours; with few of them matching it
cannot bound the page, and the sparse statement reads nearest first again until the n-th match or
the n-th labour past the radius, within a budget, else lets the planner pick an index without the
radius box. Shrinking the first scan and the budget drives small populations down every branch."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from search_support import (
    CENTRE,
    SOUTH,
    WEST,
    Labour,
    fresh_backends,
    labours,
    listed_labour,
    statements_run,
    walk_by_cursor,
    walk_by_number,
)
from sqlalchemy.engine import Engine

from rozgar_adapters.sql.search import nearest, statements
from rozgar_adapters.sql.search.reuse import forget_statements
from rozgar_core.model import search as rules
from rozgar_core.model.location import public_point
from rozgar_core.model.search import RawSearch, build_query

SPARSE_SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@contextmanager
def _scans(first: int, budget_factor: int) -> Iterator[None]:
    """The first scan reads `first` labours past the rows the page needs (filtered or not) and the
    sparse statement at most `budget_factor` times the first scan."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(nearest, "SCANNED_BEYOND_PAGE", first)
        patch.setattr(nearest, "SCANNED_BEYOND_PAGE_FILTERED", first)
        patch.setattr(nearest, "SPARSE_SCAN_FACTOR", budget_factor)
        forget_statements()
        try:
            yield
        finally:
            forget_statements()


@pytest.mark.postgres
@SPARSE_SETTINGS
@given(
    population=st.lists(labours.map(lambda labour: replace(labour, is_active=True, is_hidden=False)), min_size=4,
                        max_size=30),
    origin=st.sampled_from([CENTRE, (SOUTH, WEST), (SOUTH - 0.05, WEST)]),
    radius=st.sampled_from([0.3, 1.0, 2.5, 4.0, 50.0]),
    skills=st.sampled_from([[], ["plumber"], ["tile work"], ["mason", "driver"]]),
    text=st.sampled_from([None, None, "ramesh", "painter"]),
    min_rating=st.sampled_from([None, None, 4.25]),
    available_only=st.booleans(),
    limit=st.integers(1, 4),
    first=st.sampled_from([0, 1, 3]),
    budget_factor=st.sampled_from([1, 2, 4, 100]),
    seed=st.integers(0, 2**32),
)
def test_sparse_nearest_first_pages_match_the_oracle(
    postgres_engine: Engine, population: list[Labour], origin: tuple[float, float], radius: float,
    skills: list[str], text: str | None, min_rating: float | None, available_only: bool, limit: int, first: int,
    budget_factor: int, seed: int,
) -> None:
    oracle, sql, _ = fresh_backends(postgres_engine, population, seed)
    raw = RawSearch(text=text, skills=skills, min_rating=min_rating, latitude=origin[0], longitude=origin[1],
                    radius_km=radius, available_only=available_only, limit=limit)
    query = build_query(raw, None)
    with _scans(first, budget_factor):
        by_number = walk_by_number(sql.search, query, max_pages=40)
        assert by_number == walk_by_number(oracle.search, query, max_pages=40)
        by_cursor = walk_by_cursor(sql.search, query, max_pages=40)
        assert by_cursor == walk_by_cursor(oracle.search, query, max_pages=40)
    ids = [labour.id for page in by_cursor for labour in page.labours]
    assert [labour.id for page in by_number for labour in page.labours] == ids


_CELL = public_point(SOUTH, WEST)
assert _CELL is not None


def _rare_trade_around(count: int) -> list[Labour]:
    """Labours on a line going east from a grid cell's centre, eight in each ~1 km cell (a cell is
    where others see them, and where distances are measured from); every seventh a welder."""
    return [
        listed_labour(
            name="Suresh Patel", skills=["welder" if index % 7 == 3 else "mason"],
            point=(_CELL.latitude, round(_CELL.longitude + 0.01 * (index // 8), 5)),
        )
        for index in range(count)
    ]


@pytest.mark.postgres
@pytest.mark.parametrize(("radius", "budget_factor"), [(0.5, 10), (3.0, 10), (50.0, 10), (0.5, 1), (3.0, 1)])
def test_a_rare_trade_reads_the_sparse_statement_and_matches_the_oracle(
    postgres_engine: Engine, radius: float, budget_factor: int
) -> None:
    """A page of 2 needs 3 rows, and the first scan reads 6 labours, all in the origin's cell, with
    one welder. Within 0.5 km (that cell) the sparse scan stops at the second labour past the
    radius; within 3 or 50 km at the third welder (the 18th labour); a budget of 6 labours runs out
    before either, and the planner picks."""
    oracle, sql, _ = fresh_backends(postgres_engine, _rare_trade_around(120), seed=3)
    raw = RawSearch(skills=["welder"], latitude=_CELL.latitude, longitude=_CELL.longitude, radius_km=radius, limit=2)
    query = build_query(raw, None)
    with _scans(0, budget_factor), statements_run(postgres_engine, lambda statement: statement if ") AS sparse" in statement else None) as sparse:
        pages = walk_by_number(sql.search, query, max_pages=40)
        assert pages == walk_by_number(oracle.search, query, max_pages=40)
    assert sparse
    assert sum(len(page.labours) for page in pages) == pages[0].total > 0


@pytest.mark.parametrize("sort", ["distance", "rating"])
def test_labours_without_a_point_never_match_a_radius_read_without_its_box(postgres_engine: Engine, sort: str) -> None:
    """PostgreSQL's GREATEST skips NULLs, so the haversine of a missing point is 0 km: statements that
    leave the box out (the sparse scan; rating pages in a dense radius) must rule such labours out."""
    placed = listed_labour(rating=4.5, point=CENTRE)
    population = [replace(placed, point=None), replace(placed, point=None, rating=5.0), *[placed] * 6]
    oracle, sql, _ = fresh_backends(postgres_engine, population, seed=5)
    query = build_query(RawSearch(latitude=CENTRE[0], longitude=CENTRE[1], radius_km=1.0, min_rating=4.25,
                                  sort=sort, limit=2), None)
    with _scans(0, 1), pytest.MonkeyPatch.context() as patch:
        patch.setattr(statements, "DENSE_RADIUS_MATCHES", 3)  # rating pages: a "dense" radius, read without the box
        forget_statements()
        pages = walk_by_number(sql.search, query)
        assert pages == walk_by_number(oracle.search, query)
        assert walk_by_cursor(sql.search, query) == walk_by_cursor(oracle.search, query)
    forget_statements()
    assert sum(len(page.labours) for page in pages) == 6


@pytest.mark.parametrize(("placed", "dense"), [(4, False), (6, True)])
def test_a_radius_is_dense_by_its_own_threshold_not_by_the_cap_of_totals(
    postgres_engine: Engine, placed: int, dense: bool
) -> None:
    """Rating pages within a radius leave the box out past DENSE_RADIUS_MATCHES matches, however low
    the cap of totals; the total stays capped at its own cap, and the pages are the oracle's."""
    labour = listed_labour(rating=4.5, point=CENTRE)
    oracle, sql, _ = fresh_backends(postgres_engine, [labour] * placed, seed=9)
    query = build_query(RawSearch(latitude=CENTRE[0], longitude=CENTRE[1], radius_km=2.0, sort="rating",
                                  limit=2), None)
    with pytest.MonkeyPatch.context() as patch, statements_run(postgres_engine, _page_read) as pages_read:
        patch.setattr(rules, "TOTAL_COUNT_CAP", 3)
        patch.setattr(statements, "DENSE_RADIUS_MATCHES", 5)
        forget_statements()
        first = sql.search.search(query)
        assert first == oracle.search.search(query)
        assert (first.total, first.total_capped) == (3, True)
    forget_statements()
    assert pages_read == ["unboxed" if dense else "boxed"]


def _page_read(statement: str) -> str | None:
    """How a page statement reads a radius: through its box, or without it."""
    if "ORDER BY" not in statement:
        return None
    return "boxed" if "cube_enlarge" in statement else "unboxed"
