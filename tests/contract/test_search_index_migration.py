"""Migration 0005: the rating index of the search covers the columns its filters read (PostgreSQL),
as `tables.py` declares, and the revision goes down and up again."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from test_migrations import _empty_database

from rozgar_adapters.sql import current_revision, downgrade, head_revision, upgrade
from rozgar_adapters.sql import tables as t

DATABASES = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
RATING_INDEX = "idx_users_search_rating"


@pytest.fixture(params=DATABASES)
def empty_engine(request: pytest.FixtureRequest) -> Iterator[Engine]:
    with _empty_database(request.param, request) as engine:
        yield engine


def _indexes(engine: Engine) -> dict[str, dict[str, object]]:
    return {str(index["name"]): dict(index) for index in sa.inspect(engine).get_indexes("users")}


def _included(reflected: dict[str, object]) -> list[str]:
    options = reflected.get("dialect_options") or {}
    return list(options.get("postgresql_include") or [])  # type: ignore[attr-defined]


def _declared_include(index: sa.Index) -> list[str]:
    return list(index.dialect_options["postgresql"]["include"] or [])


@pytest.mark.postgres
def test_the_covered_columns_are_those_of_the_tables_module(request: pytest.FixtureRequest) -> None:
    """Alembic's comparison leaves INCLUDE out, so it is compared here."""
    with _empty_database("postgres", request) as engine:
        upgrade(engine)
        reflected = _indexes(engine)
    declared = {index.name: _declared_include(index) for index in t.users.indexes if t.index_exists_on(index, "postgresql")}
    assert {name: _included(reflected[str(name)]) for name in declared} == declared
    assert set(declared[RATING_INDEX]) >= {"search_document", "skills", "is_available", "city_key"}


def test_the_covering_revision_goes_down_and_up_again(empty_engine: Engine) -> None:
    upgrade(empty_engine)

    downgrade(empty_engine, "0004")

    assert current_revision(empty_engine) == "0004"
    plain = _indexes(empty_engine)[RATING_INDEX]
    assert plain["column_names"] == ["rating", "id"]
    assert _included(plain) == []

    upgrade(empty_engine)

    assert current_revision(empty_engine) == head_revision()
    index = _indexes(empty_engine)[RATING_INDEX]
    assert index["column_names"] == ["rating", "id"]
    expected = _declared_include(next(i for i in t.users.indexes if i.name == RATING_INDEX))
    assert _included(index) == (expected if empty_engine.dialect.name == "postgresql" else [])


def _document_statistics_target(engine: Engine) -> int:
    with engine.connect() as connection:
        target = connection.execute(sa.text(
            "SELECT attstattarget FROM pg_attribute"
            " WHERE attrelid = 'users'::regclass AND attname = 'search_document'"
        )).scalar_one()
    return int(target)


@pytest.mark.postgres
def test_the_search_document_is_sampled_finely_and_back_to_the_default_below_0007(
    request: pytest.FixtureRequest,
) -> None:
    """Migration 0007: 251 sampled documents estimate how many labours a word matches (see it)."""
    with _empty_database("postgres", request) as engine:
        upgrade(engine)
        assert _document_statistics_target(engine) == 250

        downgrade(engine, "0006")
        assert _document_statistics_target(engine) == -1

        upgrade(engine)
        assert _document_statistics_target(engine) == 250
        assert current_revision(engine) == head_revision()
