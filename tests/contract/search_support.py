"""Labour populations for the search contract: written into the in-memory store (the oracle) and
into a SQL database through the repositories, so that both searches see the same labours."""
from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from hypothesis import strategies as st
from sqlalchemy import event
from sqlalchemy.engine import Engine

from rozgar_adapters.memory import MemoryStore, memory_uow_factory
from rozgar_adapters.memory.search import MemoryLabourSearch
from rozgar_adapters.sql import metadata, sql_uow_factory
from rozgar_adapters.sql import tables as t
from rozgar_adapters.sql.search import SqlLabourSearch
from rozgar_core.model import Phone
from rozgar_core.model.location import GeoPoint, distance_km, grid_cell
from rozgar_core.model.search import LabourQuery, SearchResult
from rozgar_core.ports import UnitOfWorkFactory
from rozgar_core.ports.search import LabourSearch

NOW = datetime(2025, 3, 10, 9, 15, 30, tzinfo=UTC)

NAMES = [
    "Ramesh Kumar", "Ramesh", "Suresh Patel", "Mohd. Irfan", "रमेश कुमार", "Anita Devi", "Ram Lal",
    "RAMESH YADAV", "100% Sharma", "a_b Singh", "back\\slash",
]
CITIES = ["Pune", "pune ", "PUNE", "Mumbai", "Navi  Mumbai", "नागपुर", None]
STATES = ["Maharashtra", "Karnataka", None]
SKILLS = ["plumber", "electrician", "carpenter", "mason", "painter", "driver", "tile work", "ac repair"]
RATINGS = [0.0, 3.5, 4.0, 4.25, 4.5, 5.0]
LABOUR_TYPES = ["daily", "monthly", "contract"]
# A ~6 km square: ~1 km cells hold several labours, so distance ties are common.
SOUTH, WEST, SPAN = 18.50, 73.80, 0.05


@dataclass(frozen=True)
class Labour:
    name: str | None
    city: str | None
    state: str | None
    skills: list[str]
    experience_years: int | None
    labour_type: str | None
    rating: float
    is_available: bool
    role: str
    is_active: bool
    is_hidden: bool
    complete: bool
    point: tuple[float, float] | None
    extra: dict[str, object] = field(default_factory=dict)



def listed_labour(**fields: object) -> Labour:
    """A complete, active, available labour in Pune without a point; `fields` change any of that."""
    labour = Labour(
        name="Ramesh Kumar", city="Pune", state="Maharashtra", skills=["mason"], experience_years=2,
        labour_type="daily", rating=4.0, is_available=True, role="labour", is_active=True, is_hidden=False,
        complete=True, point=None,
    )
    return replace(labour, **fields)  # type: ignore[arg-type]

def _coordinate(base: float) -> st.SearchStrategy[float]:
    return st.integers(0, 5000).map(lambda step: round(base + SPAN * step / 5000, 5))


points = st.one_of(st.none(), st.tuples(_coordinate(SOUTH), _coordinate(WEST)))

labours = st.builds(
    Labour,
    name=st.sampled_from([*NAMES, None]),
    city=st.sampled_from(CITIES),
    state=st.sampled_from(STATES),
    skills=st.lists(st.sampled_from(SKILLS), max_size=3, unique=True),
    experience_years=st.one_of(st.none(), st.integers(0, 6)),
    labour_type=st.sampled_from([*LABOUR_TYPES, None]),
    rating=st.sampled_from(RATINGS),
    is_available=st.booleans(),
    role=st.sampled_from(["labour"] * 7 + ["employer"]),
    is_active=st.sampled_from([True] * 7 + [False]),
    is_hidden=st.sampled_from([False] * 7 + [True]),
    complete=st.sampled_from([True] * 7 + [False]),
    point=points,
)


@dataclass
class Backend:
    uow: UnitOfWorkFactory
    search: LabourSearch
    set_flags: object  # (user_id, values) -> None: what only reviews and admins change


def memory_backend(store: MemoryStore) -> Backend:
    def set_flags(user_id: str, values: dict[str, object]) -> None:
        with store.lock:
            store.users[user_id] = replace(store.users[user_id], **values)  # type: ignore[arg-type]

    return Backend(memory_uow_factory(store), MemoryLabourSearch(store), set_flags)


def sql_backend(engine: Engine) -> Backend:
    def set_flags(user_id: str, values: dict[str, object]) -> None:
        with engine.begin() as connection:
            connection.execute(t.users.update().where(t.users.c.id == user_id).values(values))

    return Backend(sql_uow_factory(engine), SqlLabourSearch(engine), set_flags)


def empty_sql_database(engine: Engine) -> None:
    with engine.begin() as connection:
        for table in reversed(metadata.sorted_tables):
            connection.execute(table.delete())


def populate(backend: Backend, population: list[Labour], ids: list[str]) -> None:
    """Creates each labour through the repositories, then sets rating and flags."""
    with backend.uow() as uow:
        for index, (labour, user_id) in enumerate(zip(population, ids)):
            user, _ = uow.users.get_or_create_by_phone(Phone(f"+9198765{index:05d}"), user_id, NOW)
            user.name, user.city, user.state = labour.name, labour.city, labour.state
            user.skills, user.experience_years, user.labour_type = labour.skills, labour.experience_years, labour.labour_type
            user.is_available, user.role = labour.is_available, labour.role
            user.latitude, user.longitude = labour.point if labour.point else (None, None)
            user.updated_at = NOW
            user.profile_completed_at = NOW if labour.complete else None
            uow.users.save_profile(user)
        uow.commit()
    for labour, user_id in zip(population, ids):
        flags = {"rating": labour.rating, "is_active": labour.is_active, "is_hidden": labour.is_hidden}
        if flags != {"rating": 0.0, "is_active": True, "is_hidden": False}:
            backend.set_flags(user_id, flags)  # type: ignore[operator]


def new_ids(count: int, seed: int) -> list[str]:
    """Distinct UUIDs, some sharing long prefixes so that id tie-breaks compare deep into the string."""
    generator = random.Random(seed)
    ids = [str(uuid.UUID(int=generator.getrandbits(128))) for _ in range(count)]
    return [f"{i[:30]}{index:06x}" if index % 3 == 0 else i for index, i in enumerate(ids)]


def fresh_backends(engine: Engine, population: list[Labour], seed: int) -> tuple[Backend, Backend, list[str]]:
    """Fresh databases holding `population`: the oracle, the SQL adapter under test, and the ids."""
    empty_sql_database(engine)
    ids = new_ids(len(population), seed)
    oracle, sql = memory_backend(MemoryStore()), sql_backend(engine)
    for backend in (oracle, sql):
        populate(backend, population, ids)
    return oracle, sql, ids


def walk_by_cursor(search: LabourSearch, query: LabourQuery, max_pages: int = 50) -> list[SearchResult]:
    """The first page, then each next one through its cursor."""
    pages = [search.search(replace(query, page=1))]
    while pages[-1].next_cursor is not None and len(pages) < max_pages:
        pages.append(search.search(replace(query, page=1, cursor=pages[-1].next_cursor)))
    return pages


def walk_by_number(search: LabourSearch, query: LabourQuery, max_pages: int = 50) -> list[SearchResult]:
    """Pages 1, 2, ... until an empty one."""
    pages = [search.search(replace(query, page=1))]
    while pages[-1].labours and len(pages) < max_pages:
        pages.append(search.search(replace(query, page=len(pages) + 1)))
    return pages


CENTRE = (round(SOUTH + SPAN / 2, 5), round(WEST + SPAN / 2, 5))
crowded_points = st.tuples(
    st.integers(0, 16).map(lambda step: round(SOUTH + SPAN * step / 16, 5)),
    st.integers(0, 16).map(lambda step: round(WEST + SPAN * step / 16, 5)),
)
"""Points on a coarse lattice of the search square (~0.3 km apart): labours crowd into few cells."""
crowded_labours = labours | st.builds(
    lambda labour, point: replace(labour, point=point, is_active=True, is_hidden=False, complete=True,
                                  role="labour"),
    labours, crowded_points,
)



def labours_at(point: GeoPoint, count: int, **fields: object) -> list[Labour]:
    """`count` listed labours at `point` (the centre of a grid cell, as public points are)."""
    return [listed_labour(point=(point.latitude, point.longitude), **fields) for _ in range(count)]


def tied_cells() -> tuple[GeoPoint, GeoPoint, GeoPoint]:
    """An origin and the two cells of a row either side of it at exactly the same distance."""
    for step in range(200):
        cell = grid_cell(GeoPoint(SOUTH + 0.0007 * step, WEST + 0.0011 * step))
        east = grid_cell(GeoPoint(cell.centre.latitude, cell.east + 1e-6)).centre
        middle = (cell.centre.longitude + east.longitude) / 2
        origin = GeoPoint(cell.centre.latitude, middle)
        if round(middle, 7) == middle and distance_km(origin, cell.centre) == distance_km(origin, east):
            return origin, cell.centre, east
    raise AssertionError("no tie found")

@contextmanager
def statements_run(engine: Engine, tag: Callable[[str], str | None]) -> Iterator[list[str]]:
    """`tag(statement)` of every statement the engine runs inside the block, in order (None: not kept)."""
    ran: list[str] = []

    def capture(conn: object, cursor: object, statement: str, *args: object) -> None:
        tagged = tag(statement)
        if tagged is not None:
            ran.append(tagged)

    event.listen(engine, "before_cursor_execute", capture)
    try:
        yield ran
    finally:
        event.remove(engine, "before_cursor_execute", capture)
