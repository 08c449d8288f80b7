"""Nearest-first pages after a cursor on PostgreSQL, read cell by cell of the public grid
(`grid_cursor`), against the in-memory oracle.

Small chunks of cells, a small budget and narrow rings drive small populations through every branch:
ties of equal distance at chunk boundaries, many labours per cell, pages spread over several chunks
and rings, sparse filters that exhaust the budget (the usual statement then reads the page), radius
limits and forged cursors."""
from __future__ import annotations

import math
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

from rozgar_adapters.sql.search import grid_cursor
from rozgar_core.model.location import GeoPoint, distance_km, grid_cell, snap_to_grid
from rozgar_core.model.search import (
    Cursor,
    RawSearch,
    build_query,
)

pytestmark = pytest.mark.postgres

GRID = ") AS cell(latitude, longitude, distance)"


def _statements(engine: Engine) -> AbstractContextManager[list[str]]:
    """The statements run, each tagged "grid" (a chunk of cells) or "other"."""
    return statements_run(engine, lambda statement: "grid" if GRID in statement else "other")


GRID_SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@contextmanager
def _chunking(first_chunk: int, max_cells: int, ring_km: float) -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(grid_cursor, "FIRST_CHUNK_CELLS", first_chunk)
        patch.setattr(grid_cursor, "MAX_CELLS_READ", max_cells)
        patch.setattr(grid_cursor, "FIRST_RING_KM", ring_km)
        yield


@GRID_SETTINGS
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
    first_chunk=st.sampled_from([1, 2, 4]),
    max_cells=st.sampled_from([1, 3, 8, 512]),
    ring_km=st.sampled_from([0.2, 0.7, 1.0]),
    seed=st.integers(0, 2**32),
)
def test_cursor_pages_cell_by_cell_match_the_oracle(
    postgres_engine: Engine, population: list[Labour], origin: tuple[float, float], radius: float | None,
    skills: list[str], text: str | None, min_rating: float | None, available_only: bool, searcher: int | None,
    limit: int, first_chunk: int, max_cells: int, ring_km: float, seed: int,
) -> None:
    oracle, sql, ids = fresh_backends(postgres_engine, population, seed)
    raw = RawSearch(text=text, skills=skills, min_rating=min_rating, latitude=origin[0], longitude=origin[1],
                    radius_km=radius, available_only=available_only, limit=limit)
    query = build_query(raw, None if searcher is None else ids[searcher])
    with _chunking(first_chunk, max_cells, ring_km):
        by_cursor = walk_by_cursor(sql.search, query, max_pages=60)
    assert by_cursor == walk_by_cursor(oracle.search, query, max_pages=60)
    by_number = [labour.id for page in walk_by_number(oracle.search, query, max_pages=60) for labour in page.labours]
    assert [labour.id for page in by_cursor for labour in page.labours] == by_number


@pytest.mark.parametrize("first_chunk", [1, 2, 8])
@pytest.mark.parametrize("limit", [1, 2, 3, 7])
def test_cells_at_equal_distance_share_a_chunk(postgres_engine: Engine, first_chunk: int, limit: int) -> None:
    """Two crowded cells at exactly the same distance, their labours' ids interleaved: a chunk holding
    one without the other would give the other's smaller ids too late."""
    origin, west, east = tied_cells()
    beyond = grid_cell(GeoPoint(west.latitude + 0.012, west.longitude)).centre
    population = labours_at(west, 6) + labours_at(east, 6) + labours_at(beyond, 4)
    oracle, sql, _ = fresh_backends(postgres_engine, population, seed=11)
    query = build_query(RawSearch(latitude=origin.latitude, longitude=origin.longitude, limit=limit), None)
    with _chunking(first_chunk, 512, 0.2), _statements(postgres_engine) as ran:
        pages = walk_by_cursor(sql.search, query, max_pages=60)
    assert pages == walk_by_cursor(oracle.search, query, max_pages=60)
    assert sum(len(page.labours) for page in pages) == len(population)
    assert "grid" in ran


def _line_east(count: int, per_cell: int, **fields: object) -> list[Labour]:
    """Labours on a line going east from a cell's centre, `per_cell` in each ~1 km cell."""
    start = grid_cell(GeoPoint(SOUTH, WEST)).centre
    return [
        labour
        for index in range(count // per_cell)
        for labour in labours_at(GeoPoint(start.latitude, round(start.longitude + 0.01 * index, 5)), per_cell, **fields)
    ]


@pytest.mark.parametrize("radius", [None, 3.0, 50.0])
def test_a_deep_walk_reads_cells_and_never_the_usual_statement(postgres_engine: Engine, radius: float | None) -> None:
    population = _line_east(120, 8)
    oracle, sql, _ = fresh_backends(postgres_engine, population, seed=5)
    start = population[0].point
    assert start is not None
    query = build_query(
        RawSearch(latitude=start[0], longitude=start[1], radius_km=radius, limit=5, count_total=False), None
    )
    first = sql.search.search(query)
    assert first.next_cursor is not None
    with _statements(postgres_engine) as ran:
        pages = [first, *walk_by_cursor(sql.search, replace(query, cursor=first.next_cursor), max_pages=60)]
    assert pages == walk_by_cursor(oracle.search, query, max_pages=60)
    assert len(pages) >= 6 and ran.count("grid") >= len(pages) - 1
    # Past the last labour, cells go on to the radius: within 3 km they are few, but without a radius
    # or within 50 km the budget runs out first, and the last page alone is read the usual way.
    usual = ran.index("other") if "other" in ran else len(ran)
    assert usual > 0 and "grid" not in ran[usual:] and pages[-1].next_cursor is None
    assert ("other" in ran) == (radius != 3.0)


@pytest.mark.parametrize("max_cells", [1, 4, 512])
def test_sparse_matches_fall_back_to_the_usual_statement(postgres_engine: Engine, max_cells: int) -> None:
    """Every seventh labour a welder, eight labours a cell: a small budget of cells runs out before a
    page of welders, and the usual statement reads it."""
    population = [
        replace(labour, skills=["welder" if index % 7 == 3 else "mason"])
        for index, labour in enumerate(_line_east(120, 8))
    ]
    oracle, sql, _ = fresh_backends(postgres_engine, population, seed=7)
    start = population[0].point
    assert start is not None
    query = build_query(RawSearch(skills=["welder"], latitude=start[0], longitude=start[1], radius_km=20.0,
                                  limit=3), None)
    with _chunking(1, max_cells, 0.5), _statements(postgres_engine) as ran:
        pages = walk_by_cursor(sql.search, query, max_pages=60)
    assert pages == walk_by_cursor(oracle.search, query, max_pages=60)
    assert sum(len(page.labours) for page in pages) == 17
    assert "grid" in ran


@pytest.mark.parametrize("value", [-math.inf, -5.0, 0.0, 0.5, 1.2345678, 2.0, 19.999, 1e6, math.inf, math.nan])
@pytest.mark.parametrize("last_id", ["", "0", "zzz", "ffffffff-ffff-ffff-ffff-ffffffffffff", None])
@pytest.mark.parametrize("radius", [None, 2.0])
def test_forged_cursors_give_what_the_oracle_gives(
    postgres_engine: Engine, value: float, last_id: str | None, radius: float | None
) -> None:
    population = _line_east(48, 4) + _line_east(24, 4, is_available=False)
    oracle, sql, ids = fresh_backends(postgres_engine, population, seed=13)
    start = population[0].point
    assert start is not None
    query = build_query(RawSearch(latitude=start[0], longitude=start[1], radius_km=radius, limit=4), None)
    cursor = Cursor("distance", value, ids[9] if last_id is None else last_id)
    forged = replace(query, cursor=cursor)
    assert sql.search.search(forged) == oracle.search.search(forged)
    assert walk_by_cursor(sql.search, forged, max_pages=60) == walk_by_cursor(oracle.search, forged, max_pages=60)


@pytest.mark.parametrize("available_only", [False, True])
def test_the_cursor_cell_itself_continues_after_the_cursor_id(postgres_engine: Engine, available_only: bool) -> None:
    """Thirty labours in one cell, half unavailable, and the searcher among them."""
    centre = grid_cell(GeoPoint(SOUTH + 0.01, WEST + 0.01)).centre
    population = labours_at(centre, 15) + labours_at(centre, 15, is_available=False)
    oracle, sql, ids = fresh_backends(postgres_engine, population, seed=17)
    query = build_query(
        RawSearch(latitude=centre.latitude + 0.003, longitude=centre.longitude, available_only=available_only,
                  radius_km=1.0, limit=4),
        ids[2],
    )
    with _chunking(1, 512, 0.2):
        pages = walk_by_cursor(sql.search, query, max_pages=60)
    assert pages == walk_by_cursor(oracle.search, query, max_pages=60)
    assert sum(len(page.labours) for page in pages) == (14 if available_only else 29)


def _just_before(text: str) -> str:
    """A forged id that sorts right before `text` (a canonical UUID not ending in 0): no UUID lies
    between them, so the first id after it is `text` itself."""
    return text[:-1] + "0123456789abcdef"["0123456789abcdef".index(text[-1]) - 1] + "g"


@pytest.mark.parametrize("index", [0, 5, 9, 22])
def test_a_forged_cursor_id_right_before_a_labour_keeps_that_labour(postgres_engine: Engine, index: int) -> None:
    population = _line_east(48, 8)
    oracle, sql, ids = fresh_backends(postgres_engine, population, seed=19)
    start = population[0].point
    assert start is not None
    query = build_query(RawSearch(latitude=start[0], longitude=start[1], radius_km=5.0, limit=3), None)
    everyone = [labour for page in walk_by_cursor(oracle.search, query, max_pages=60) for labour in page.labours]
    target = next(labour for labour in everyone[index:] if not labour.id.endswith("0"))
    assert target.distance is not None
    point = population[ids.index(target.id)].point
    assert point is not None
    value = distance_km(GeoPoint(*start), snap_to_grid(GeoPoint(*point)))
    forged = replace(query, cursor=Cursor("distance", value, _just_before(target.id)))
    with _chunking(1, 512, 0.2):
        page = sql.search.search(forged)
    assert page == oracle.search.search(forged)
    assert page.labours[0].id == target.id
