"""Deep nearest-first pages by number on PostgreSQL, found by counting the labours of grid cells
(`grid_offset`), against the in-memory oracle.

The offset threshold is patched low and the chunks small, so that small populations drive every
branch: crowded cells, cells at equal distance across chunk boundaries, pages spread over chunks,
radius limits, availability, the searcher's exclusion and sparse filters that exhaust the budget
(the usual statement then reads the page)."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from search_support import (
    CENTRE,
    SOUTH,
    WEST,
    Labour,
    crowded_labours,
    fresh_backends,
    labours_at,
    statements_run,
    tied_cells,
    walk_by_cursor,
    walk_by_number,
)
from sqlalchemy.engine import Engine

from rozgar_adapters.sql.search import grid_cursor, grid_offset
from rozgar_core.model.location import GeoPoint, grid_cell
from rozgar_core.model.search import RawSearch, build_query

pytestmark = pytest.mark.postgres

OFFSET_SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@contextmanager
def _chunking(min_offset: int, first_chunk: int, max_cells: int, ring_km: float) -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(grid_offset, "MIN_OFFSET", min_offset)
        patch.setattr(grid_offset, "MAX_CELLS_COUNTED", max_cells)
        patch.setattr(grid_cursor, "FIRST_CHUNK_CELLS", first_chunk)
        patch.setattr(grid_cursor, "MAX_CELLS_READ", max(max_cells, 512))
        patch.setattr(grid_cursor, "FIRST_RING_KM", ring_km)
        yield


def _statements(engine: Engine) -> AbstractContextManager[list[str]]:
    """The statements run, each tagged "count" (a chunk's count), "grid" (a chunk's rows) or "other"."""
    return statements_run(engine, _tag)


def _tag(statement: str) -> str:
    if ") AS cell(latitude, longitude, distance)" not in statement:
        return "other"
    return "count" if statement.lstrip().upper().startswith("SELECT COUNT(") else "grid"


def _pages(search: object, query: object) -> list[object]:
    return walk_by_number(search, query, max_pages=60)  # type: ignore[arg-type]


@OFFSET_SETTINGS
@given(
    population=st.lists(crowded_labours, min_size=4, max_size=45),
    origin=st.sampled_from([CENTRE, (SOUTH, WEST), (SOUTH - 0.03, WEST + 0.01), (18.5123456, 73.8234567)]),
    radius=st.sampled_from([None, None, 0.3, 1.0, 2.5, 50.0]),
    skills=st.sampled_from([[], [], ["plumber"], ["mason", "driver"]]),
    text=st.sampled_from([None, None, "ramesh"]),
    min_rating=st.sampled_from([None, None, 4.25]),
    available_only=st.booleans(),
    searcher=st.sampled_from([None, 0, 1]),
    limit=st.integers(1, 4),
    min_offset=st.sampled_from([0, 1, 3]),
    first_chunk=st.sampled_from([1, 2, 4]),
    max_cells=st.sampled_from([1, 3, 8, 512]),
    ring_km=st.sampled_from([0.2, 0.7, 1.0]),
    seed=st.integers(0, 2**32),
)
def test_pages_by_number_counted_cell_by_cell_match_the_oracle(
    postgres_engine: Engine, population: list[Labour], origin: tuple[float, float], radius: float | None,
    skills: list[str], text: str | None, min_rating: float | None, available_only: bool, searcher: int | None,
    limit: int, min_offset: int, first_chunk: int, max_cells: int, ring_km: float, seed: int,
) -> None:
    oracle, sql, ids = fresh_backends(postgres_engine, population, seed)
    raw = RawSearch(text=text, skills=skills, min_rating=min_rating, latitude=origin[0], longitude=origin[1],
                    radius_km=radius, available_only=available_only, limit=limit)
    query = build_query(raw, None if searcher is None else ids[searcher])
    with _chunking(min_offset, first_chunk, max_cells, ring_km):
        by_number = _pages(sql.search, query)
    assert by_number == _pages(oracle.search, query)


@pytest.mark.parametrize("first_chunk", [1, 2, 8])
@pytest.mark.parametrize("limit", [1, 2, 3, 7])
def test_cells_at_equal_distance_are_counted_together(postgres_engine: Engine, first_chunk: int, limit: int) -> None:
    """Two crowded cells at exactly the same distance, their labours' ids interleaved: pages by number
    past them follow (distance, id) order across both, and are read from counted cells."""
    origin, west, east = tied_cells()
    beyond = grid_cell(GeoPoint(west.latitude + 0.012, west.longitude)).centre
    population = labours_at(west, 6) + labours_at(east, 6) + labours_at(beyond, 4) + labours_at(beyond, 3, is_available=False)
    oracle, sql, _ = fresh_backends(postgres_engine, population, seed=11)
    query = build_query(RawSearch(latitude=origin.latitude, longitude=origin.longitude, limit=limit), None)
    with _chunking(1, first_chunk, 512, 0.2), _statements(postgres_engine) as ran:
        pages = _pages(sql.search, query)
    assert pages == _pages(oracle.search, query)
    assert sum(len(page.labours) for page in pages) == len(population)
    assert "count" in ran and "grid" in ran


def _line_east(count: int, per_cell: int, **fields: object) -> list[Labour]:
    """Labours on a line going east from a cell's centre, `per_cell` in each ~1 km cell."""
    start = grid_cell(GeoPoint(SOUTH, WEST)).centre
    return [
        labour
        for index in range(count // per_cell)
        for labour in labours_at(GeoPoint(start.latitude, round(start.longitude + 0.01 * index, 5)), per_cell, **fields)
    ]


@pytest.mark.parametrize("radius", [None, 3.0, 50.0])
@pytest.mark.parametrize("available_only", [False, True])
@pytest.mark.parametrize("searcher", [None, 0, 17])
def test_deep_pages_by_number_count_cells(
    postgres_engine: Engine, radius: float | None, available_only: bool, searcher: int | None
) -> None:
    population = [
        replace(labour, is_available=index % 5 != 2) for index, labour in enumerate(_line_east(120, 8))
    ]
    oracle, sql, ids = fresh_backends(postgres_engine, population, seed=5)
    start = population[0].point
    assert start is not None
    query = build_query(
        RawSearch(latitude=start[0], longitude=start[1], radius_km=radius, available_only=available_only, limit=5),
        None if searcher is None else ids[searcher],
    )
    with _chunking(10, 2, 512, 0.5), _statements(postgres_engine) as ran:
        pages = _pages(sql.search, query)
    assert pages == _pages(oracle.search, query)
    assert [labour.id for page in pages for labour in page.labours] == [
        labour.id for page in walk_by_cursor(oracle.search, query, max_pages=60) for labour in page.labours
    ]
    assert "count" in ran and "grid" in ran


@pytest.mark.parametrize("max_cells", [1, 4, 512])
def test_sparse_matches_fall_back_to_the_usual_statement(postgres_engine: Engine, max_cells: int) -> None:
    """Every seventh labour a welder, eight labours a cell: a small budget of cells runs out before the
    page's offset, and the usual statement reads it."""
    population = [
        replace(labour, skills=["welder" if index % 7 == 3 else "mason"])
        for index, labour in enumerate(_line_east(120, 8))
    ]
    oracle, sql, _ = fresh_backends(postgres_engine, population, seed=7)
    start = population[0].point
    assert start is not None
    query = build_query(RawSearch(skills=["welder"], latitude=start[0], longitude=start[1], radius_km=20.0,
                                  limit=3), None)
    with _chunking(1, 1, max_cells, 0.5), _statements(postgres_engine) as ran:
        pages = _pages(sql.search, query)
    assert pages == _pages(oracle.search, query)
    assert sum(len(page.labours) for page in pages) == 17
    assert "count" in ran


def test_shallow_pages_are_read_the_usual_way(postgres_engine: Engine) -> None:
    population = _line_east(40, 8)
    oracle, sql, _ = fresh_backends(postgres_engine, population, seed=3)
    start = population[0].point
    assert start is not None
    query = build_query(RawSearch(latitude=start[0], longitude=start[1], limit=5, page=3), None)
    with _statements(postgres_engine) as ran:
        page = sql.search.search(query)
    assert page == oracle.search.search(query)
    assert "count" not in ran and "grid" not in ran
