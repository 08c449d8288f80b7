"""Demo labours for a fresh database: realistic, deterministic for a seed, and fast to load.

Labours live in Indian cities weighted by population, scattered around each centre, with Indian
names, one to three catalogue trades, experience, ratings and review counts (demo figures: no review
rows back them), about 60 % available. Every derived search column is computed exactly as the
repository computes it. PostgreSQL loads with COPY; SQLite with batched inserts.

Phone numbers come from +91 6000000000 upwards, a block no real subscriber is likely to hold; each
run continues after the numbers already there, so seeding twice adds more labours."""
from __future__ import annotations

import itertools
import math
import random
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from rozgar_adapters.sql.search.columns import search_columns
from rozgar_adapters.sql.seed_data import (
    BIOS,
    CITIES,
    FIRST_NAMES,
    LABOUR_TYPE_WEIGHTS,
    LAST_NAMES,
    TRADE_WEIGHTS,
    City,
)
from rozgar_adapters.sql.tables import user_skills, users
from rozgar_core.model import Phone, User
from rozgar_core.model.skills import SKILL_CATALOGUE

DEMO_PHONE_FIRST = 6_000_000_000
DEMO_PHONE_LAST = 6_099_999_999
_KM_PER_DEGREE = 111.32
_SQLITE_BATCH = 5_000
_COPY_BATCH = 50_000
_REBUILD_FROM = 50_000

USER_COLUMNS = (
    "id", "phone", "name", "bio", "address", "city", "state", "pincode", "latitude", "longitude",
    "location_source", "is_available", "experience_years", "labour_type", "rating", "total_reviews",
    "is_verified", "is_active", "is_hidden", "role", "is_admin", "created_at", "updated_at",
    "profile_completed_at", "search_document", "city_key", "public_latitude", "public_longitude", "skills",
)
SKILL_COLUMNS = ("id", "user_id", "skill", "position", "created_at")


@dataclass(frozen=True, slots=True)
class SeedReport:
    count: int
    seconds: float


def find_city(name: str) -> City:
    """The demo city called `name` (any case); ValueError naming the choices otherwise."""
    for city in CITIES:
        if city.name.lower() == name.strip().lower():
            return city
    raise ValueError(f"Unknown city {name!r}; choose one of: {', '.join(c.name for c in CITIES)}")


def seed_demo(
    engine: Engine, count: int, *, city: str | None = None, seed: int = 0, now: datetime | None = None
) -> SeedReport:
    """Adds `count` demo labours (all in `city` when given) to a migrated database."""
    if count < 0:
        raise ValueError("count must not be negative")
    cities = (find_city(city),) if city else CITIES
    started = time.perf_counter()
    first_phone = _next_free_phone(engine)
    if first_phone + count - 1 > DEMO_PHONE_LAST:
        raise ValueError("The demo phone number block is full")
    labours = DemoLabours(cities, random.Random(f"{seed}:{first_phone}"), now or datetime.now(UTC))
    rows = labours.rows(first_phone, count)
    if engine.dialect.name == "postgresql":
        _copy_into_postgres(engine, rows, count)
    else:
        _insert_into_sqlite(engine, rows)
    return SeedReport(count=count, seconds=time.perf_counter() - started)


def _next_free_phone(engine: Engine) -> int:
    in_block = users.c.phone.between(f"+91{DEMO_PHONE_FIRST}", f"+91{DEMO_PHONE_LAST}")
    with engine.connect() as connection:
        highest = connection.execute(sa.select(sa.func.max(users.c.phone)).where(in_block)).scalar()
    return DEMO_PHONE_FIRST if highest is None else int(highest[3:]) + 1


DemoRow = tuple[tuple[Any, ...], list[tuple[Any, ...]]]
"""A users row (USER_COLUMNS) and its user_skills rows (SKILL_COLUMNS)."""


class DemoLabours:
    def __init__(self, cities: tuple[City, ...], rng: random.Random, now: datetime) -> None:
        self._cities = cities
        self._rng = rng
        self._now = now
        self._city_weights = list(itertools.accumulate(c.population_millions for c in cities))
        trades = [entry.slug for entry in SKILL_CATALOGUE]
        self._trades = trades
        self._trade_weights = list(itertools.accumulate(TRADE_WEIGHTS.get(t, 1) for t in trades))
        self._types = list(LABOUR_TYPE_WEIGHTS)
        self._type_weights = list(itertools.accumulate(LABOUR_TYPE_WEIGHTS.values()))
        # One scratch user: the derived columns read only its profile fields, set for each labour.
        self._scratch = User(id="", phone=Phone(f"+91{DEMO_PHONE_FIRST}"), created_at=now, updated_at=now)

    def rows(self, first_phone: int, count: int) -> Iterator[DemoRow]:
        for number in range(first_phone, first_phone + count):
            yield self._labour(number)

    def _labour(self, phone_number: int) -> DemoRow:
        rng = self._rng
        city = rng.choices(self._cities, cum_weights=self._city_weights)[0]
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        latitude, longitude = self._scatter(city)
        skills = list(dict.fromkeys(rng.choices(self._trades, cum_weights=self._trade_weights, k=rng.randint(1, 3))))
        created = self._now - timedelta(seconds=rng.uniform(0, 730 * 86400))
        rating, reviews = self._rating()
        user_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        derived = self._derived(name, city, skills, latitude, longitude)
        row = (
            user_id, f"+91{phone_number}", name, rng.choice(BIOS), f"Ward {rng.randint(1, 120)}, {city.name}",
            city.name, city.state, city.pincode, latitude, longitude, "user", rng.random() < 0.6,
            min(40, int(rng.expovariate(1 / 6))), rng.choices(self._types, cum_weights=self._type_weights)[0],
            rating, reviews, rng.random() < 0.2, True, False, "labour", False, created, created, created,
            derived["search_document"], derived["city_key"], derived["public_latitude"],
            derived["public_longitude"], derived["skills"],
        )
        skill_rows = [
            (str(uuid.UUID(int=rng.getrandbits(128), version=4)), user_id, skill, position, created)
            for position, skill in enumerate(skills)
        ]
        return row, skill_rows

    def _scatter(self, city: City) -> tuple[float, float]:
        """A point around the centre: most within a few km, spread with the size of the city."""
        spread_km = 2.0 + 1.5 * math.sqrt(city.population_millions)
        north_km, east_km = self._rng.gauss(0, spread_km), self._rng.gauss(0, spread_km)
        latitude = city.latitude + north_km / _KM_PER_DEGREE
        longitude = city.longitude + east_km / (_KM_PER_DEGREE * math.cos(math.radians(city.latitude)))
        return round(latitude, 6), round(longitude, 6)

    def _rating(self) -> tuple[float, int]:
        if self._rng.random() < 0.3:
            return 0.0, 0
        return round(min(5.0, max(1.0, self._rng.gauss(4.1, 0.6))), 2), self._rng.randint(1, 150)

    def _derived(
        self, name: str, city: City, skills: list[str], latitude: float, longitude: float
    ) -> dict[str, Any]:
        user = self._scratch
        user.name, user.city, user.state, user.skills = name, city.name, city.state, skills
        user.latitude, user.longitude = latitude, longitude
        return search_columns(user)


def _copy_into_postgres(engine: Engine, rows: Iterator[DemoRow], count: int) -> None:
    """One transaction; per batch, a COPY of the users and then one of their skills.

    A load at least as big as the table drops the tables' secondary indexes and builds them again
    afterwards, several times faster than updating them row by row; the tables stay locked meanwhile."""
    connection = engine.raw_connection()
    try:
        driver = connection.driver_connection
        assert driver is not None
        with driver.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = 0")  # a bulk load outlasts any request's limit
            cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
            cursor.execute("SELECT count(*) FROM users")
            rebuild = count >= max(_REBUILD_FROM, cursor.fetchone()[0])
            indexes = _drop_secondary_indexes(cursor) if rebuild else []
            while batch := list(itertools.islice(rows, _COPY_BATCH)):
                with cursor.copy(f"COPY users ({', '.join(USER_COLUMNS)}) FROM STDIN") as copy:
                    for user_row, _ in batch:
                        copy.write_row(user_row)
                with cursor.copy(f"COPY user_skills ({', '.join(SKILL_COLUMNS)}) FROM STDIN") as copy:
                    for _, skill_rows in batch:
                        for skill_row in skill_rows:
                            copy.write_row(skill_row)
            for definition in indexes:
                cursor.execute(definition)
            cursor.execute("ANALYZE users, user_skills")
        driver.commit()
    finally:
        connection.close()


_SECONDARY_INDEXES = """
SELECT index.oid::regclass::text, pg_get_indexdef(index.oid)
FROM pg_index AS entry
JOIN pg_class AS index ON index.oid = entry.indexrelid
WHERE entry.indrelid IN ('users'::regclass, 'user_skills'::regclass)
  AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE pg_constraint.conindid = index.oid)
"""


def _drop_secondary_indexes(cursor: Any) -> list[str]:
    """Drops the indexes that back no constraint; returns the statements that build them again."""
    cursor.execute(_SECONDARY_INDEXES)
    indexes = cursor.fetchall()
    for name, _ in indexes:
        cursor.execute(f"DROP INDEX {name}")
    return [definition for _, definition in indexes]


def _insert_into_sqlite(engine: Engine, rows: Iterator[DemoRow]) -> None:
    with engine.begin() as connection:
        while batch := list(itertools.islice(rows, _SQLITE_BATCH)):
            connection.execute(users.insert(), [dict(zip(USER_COLUMNS, row)) for row, _ in batch])
            skills = [dict(zip(SKILL_COLUMNS, row)) for _, rows_of_user in batch for row in rows_of_user]
            connection.execute(user_skills.insert(), skills)
