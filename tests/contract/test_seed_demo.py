"""Demo labours on SQLite and PostgreSQL: listed, with the derived search columns the repository would
write, in the given city, the same for the same seed, and found by the search."""
from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from rozgar_adapters.sql import sql_uow_factory
from rozgar_adapters.sql import tables as t
from rozgar_adapters.sql.search import SEARCH_COLUMNS, SqlLabourSearch, search_columns
from rozgar_adapters.sql.seed import CITIES, DemoLabours, seed_demo
from rozgar_core.model.search import RawSearch, build_query, is_listed

NOW = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)


def _stored_search_columns(engine: Engine) -> dict[str, dict[str, object]]:
    columns = [t.users.c[name] for name in SEARCH_COLUMNS]
    with engine.connect() as connection:
        rows = connection.execute(sa.select(t.users.c.id, *columns)).all()
    return {row.id: {name: getattr(row, name) for name in SEARCH_COLUMNS} for row in rows}


def test_demo_labours_are_listed_with_the_columns_the_repository_writes(sql_engine: Engine) -> None:
    report = seed_demo(sql_engine, 300, seed=1, now=NOW)

    stored = _stored_search_columns(sql_engine)
    assert report.count == len(stored) == 300
    with sql_uow_factory(sql_engine)() as uow:
        for user_id, columns in stored.items():
            user = uow.users.get(user_id)
            assert user is not None and is_listed(user)
            assert 1 <= len(user.skills) <= 3 and 0 <= user.rating <= 5
            assert columns == search_columns(user)


def test_seeding_again_adds_labours_with_new_phone_numbers(sql_engine: Engine) -> None:
    seed_demo(sql_engine, 20, seed=1, now=NOW)
    seed_demo(sql_engine, 20, seed=1, now=NOW)

    with sql_engine.connect() as connection:
        phones = connection.execute(sa.select(t.users.c.phone)).scalars().all()
    assert len(set(phones)) == 40


def test_one_city_only_and_the_search_finds_them(sql_engine: Engine) -> None:
    seed_demo(sql_engine, 200, city="pune", seed=2, now=NOW)

    everyone = build_query(RawSearch(limit=100), None)
    in_pune = build_query(RawSearch(city="Pune", limit=100), None)
    search = SqlLabourSearch(sql_engine)
    assert search.search(in_pune).total == search.search(everyone).total == 200
    nearby = search.search(build_query(RawSearch(latitude=18.5204, longitude=73.8567, radius_km=30), None))
    assert nearby.total > 150 and all(labour.distance is not None for labour in nearby.labours)


def test_an_unknown_city_is_refused_with_the_choices(sql_engine: Engine) -> None:
    with pytest.raises(ValueError, match="Bengaluru"):
        seed_demo(sql_engine, 10, city="Atlantis")


def test_the_same_seed_gives_the_same_labours() -> None:
    def generate() -> list[object]:
        return list(DemoLabours(CITIES, random.Random("7:6000000000"), NOW).rows(6_000_000_000, 50))

    assert generate() == generate()
    assert len(CITIES) >= 30
