"""The Alembic migrations, on SQLite and PostgreSQL: they build the schema of `tables.py`, enforce its
constraints, and go down and up again cleanly."""
from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Engine

from rozgar_adapters.sql import (
    create_engine_from_url,
    current_revision,
    downgrade,
    head_revision,
    metadata,
    upgrade,
)
from rozgar_adapters.sql import tables as t

NOW = datetime(2025, 3, 10, 9, 15, 30, tzinfo=UTC)
SPEC_TABLES = {
    "users", "user_skills", "otp_verifications", "refresh_tokens", "reviews", "contacts",
    "search_history", "notifications", "app_settings", "reports",
}
EXTRA_TABLES = {"user_settings", "profile_views", "admin_audit_log", "search_skill_counts"}


@contextmanager
def _empty_database(kind: str, request: pytest.FixtureRequest) -> Iterator[Engine]:
    if kind == "sqlite":
        directory = request.getfixturevalue("tmp_path_factory").mktemp("migrations")
        engine = create_engine_from_url(f"sqlite:///{directory / 'data' / 'rozgar.db'}")
        yield engine
        engine.dispose()
        return
    with _empty_postgres_database(request.getfixturevalue("postgres_url")) as engine:
        yield engine


@contextmanager
def _empty_postgres_database(postgres_url: str) -> Iterator[Engine]:
    """A database of its own, so that going down to base does not disturb the run's shared one."""
    name = f"rozgar_migrations_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine = create_engine_from_url(admin.url.set(database=name))
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


DATABASES = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=DATABASES)
def empty_engine(request: pytest.FixtureRequest) -> Iterator[Engine]:
    with _empty_database(request.param, request) as engine:
        yield engine


@pytest.fixture(scope="module", params=DATABASES)
def migrated_engine(request: pytest.FixtureRequest) -> Iterator[Engine]:
    """Migrated once per module; the tests using it only add rows with fresh keys."""
    with _empty_database(request.param, request) as engine:
        upgrade(engine)
        yield engine


def _table_names(engine: Engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names())


def test_upgrade_builds_every_table_at_the_head_revision(empty_engine: Engine) -> None:
    assert current_revision(empty_engine) is None

    upgrade(empty_engine)

    assert current_revision(empty_engine) == head_revision() == "0007"
    assert _table_names(empty_engine) == SPEC_TABLES | EXTRA_TABLES | {"alembic_version"}


def _exists_here(dialect_name: str) -> Callable[..., bool]:
    """Leaves out the indexes that only the other database has."""

    def include(obj: object, name: str | None, kind: str, reflected: bool, compare_to: object) -> bool:
        return not isinstance(obj, sa.Index) or reflected or t.index_exists_on(obj, dialect_name)

    return include


def test_the_migrated_schema_is_the_schema_of_the_tables_module(migrated_engine: Engine) -> None:
    with migrated_engine.connect() as connection:
        options = {"include_object": _exists_here(connection.dialect.name)}
        differences = compare_metadata(MigrationContext.configure(connection, opts=options), metadata)
    assert differences == []


def _names_in_database(engine: Engine, table: str) -> set[str | None]:
    inspector = sa.inspect(engine)
    return {
        *(check["name"] for check in inspector.get_check_constraints(table)),
        *(unique["name"] for unique in inspector.get_unique_constraints(table)),
        *(key["name"] for key in inspector.get_foreign_keys(table)),
        *(index["name"] for index in inspector.get_indexes(table) if not index.get("duplicates_constraint")),
    }


def _names_in_metadata(table: sa.Table, dialect_name: str) -> set[str | None]:
    constraints = {c.name for c in table.constraints if not isinstance(c, sa.PrimaryKeyConstraint)}
    indexes = {index.name for index in table.indexes if t.index_exists_on(index, dialect_name)}
    return {str(name) if name else None for name in constraints | indexes}


@pytest.mark.parametrize("table", sorted(metadata.tables))
def test_every_constraint_and_index_has_its_declared_name(migrated_engine: Engine, table: str) -> None:
    expected = _names_in_metadata(metadata.tables[table], migrated_engine.dialect.name)
    assert None not in expected
    assert _names_in_database(migrated_engine, table) == expected


def _user(**changes: Any) -> dict[str, Any]:
    row = {"id": str(uuid.uuid4()), "phone": f"+91987{uuid.uuid4().int % 10**7:07d}",
           "created_at": NOW, "updated_at": NOW}
    return row | changes


def _insert(engine: Engine, table: sa.Table, row: dict[str, Any]) -> None:
    with engine.begin() as connection:
        connection.execute(table.insert().values(row))


@pytest.fixture
def two_users(migrated_engine: Engine) -> tuple[str, str]:
    first, second = _user(), _user()
    _insert(migrated_engine, t.users, first)
    _insert(migrated_engine, t.users, second)
    return first["id"], second["id"]


def _valid_rows(a: str, b: str) -> dict[str, tuple[sa.Table, dict[str, Any]]]:
    """One valid row per constrained table; each rejected case changes exactly one thing in one of them."""
    return {
        "user": (t.users, _user(rating=4.5, total_reviews=3, experience_years=60, labour_type="partTime",
                                latitude=-90, longitude=180, role="employer")),
        "review": (t.reviews, {"id": str(uuid.uuid4()), "reviewer_id": a, "reviewee_id": b, "rating": 5,
                               "created_at": NOW, "updated_at": NOW}),
        "contact": (t.contacts, {"id": str(uuid.uuid4()), "from_user_id": a, "to_user_id": b,
                                 "contact_type": "call", "created_at": NOW}),
        "report": (t.reports, {"id": str(uuid.uuid4()), "reporter_id": a, "reported_user_id": b,
                               "reason": "spam", "status": "resolved", "created_at": NOW}),
        "otp": (t.otp_verifications, {"id": str(uuid.uuid4()), "phone": "+919876500001", "otp_hash": "f" * 64,
                                      "attempts": 0, "expires_at": NOW, "created_at": NOW}),
        "skill": (t.user_skills, {"id": str(uuid.uuid4()), "user_id": a, "skill": "plumber", "created_at": NOW}),
        "view": (t.profile_views, {"id": str(uuid.uuid4()), "labour_id": b, "viewer_id": a,
                                   "viewed_on": date(2025, 3, 10), "created_at": NOW}),
        "setting": (t.app_settings, {"id": str(uuid.uuid4()), "key": f"key-{uuid.uuid4()}", "value": "6",
                                     "updated_at": NOW}),
    }


REJECTED_CHANGES = [
    ("user", {"rating": 5.01}),
    ("user", {"rating": -1}),
    ("user", {"total_reviews": -1}),
    ("user", {"experience_years": 61}),
    ("user", {"labour_type": "hourly"}),
    ("user", {"role": "admin"}),
    ("user", {"latitude": 90.5}),
    ("user", {"longitude": -180.5}),
    ("user", {"latitude": None}),
    ("user", {"location_source": "gps"}),
    ("review", {"rating": 6}),
    ("review", {"rating": 0}),
    ("review", {"reviewee_id": "same-as-reviewer"}),
    ("review", {"reviewee_id": str(uuid.uuid4())}),
    ("contact", {"contact_type": "email"}),
    ("report", {"status": "open"}),
    ("otp", {"attempts": -1}),
]


@pytest.mark.parametrize(("kind", "change"), REJECTED_CHANGES, ids=lambda v: str(v))
def test_constraints_reject_invalid_rows(
    migrated_engine: Engine, two_users: tuple[str, str], kind: str, change: dict[str, Any]
) -> None:
    table, valid = _valid_rows(*two_users)[kind]
    if change.get("reviewee_id") == "same-as-reviewer":
        change = {"reviewee_id": valid["reviewer_id"]}

    with pytest.raises(sa.exc.IntegrityError):
        _insert(migrated_engine, table, valid | change)
    _insert(migrated_engine, table, valid)


@pytest.mark.parametrize("kind", ["user", "review", "skill", "view", "setting"])
def test_unique_constraints_reject_duplicates(
    migrated_engine: Engine, two_users: tuple[str, str], kind: str
) -> None:
    table, valid = _valid_rows(*two_users)[kind]
    _insert(migrated_engine, table, valid)

    with pytest.raises(sa.exc.IntegrityError):
        _insert(migrated_engine, table, valid | {"id": str(uuid.uuid4())})


def test_deleting_a_user_cascades_and_unlinks(migrated_engine: Engine, two_users: tuple[str, str]) -> None:
    a, b = two_users
    review, notification_id = _valid_rows(a, b)["review"][1], str(uuid.uuid4())
    _insert(migrated_engine, t.reviews, review)
    _insert(migrated_engine, t.notifications, {
        "id": notification_id, "user_id": b, "type": "review", "title": "New review",
        "message": "You have a new review", "related_user_id": a, "created_at": NOW,
    })

    with migrated_engine.begin() as connection:
        connection.execute(t.users.delete().where(t.users.c.id == a))
        reviews_left = connection.execute(sa.select(t.reviews.c.id).where(t.reviews.c.id == review["id"]))
        related = connection.execute(
            sa.select(t.notifications.c.related_user_id).where(t.notifications.c.id == notification_id)
        )
        assert reviews_left.first() is None
        assert related.scalar_one() is None


def test_downgrade_to_base_drops_everything_and_upgrade_rebuilds_it(empty_engine: Engine) -> None:
    upgrade(empty_engine)

    downgrade(empty_engine)

    assert current_revision(empty_engine) is None
    assert _table_names(empty_engine) == {"alembic_version"}

    upgrade(empty_engine)

    assert current_revision(empty_engine) == head_revision()
    assert _table_names(empty_engine) == SPEC_TABLES | EXTRA_TABLES | {"alembic_version"}


def test_the_admin_revision_goes_down_and_up_again(empty_engine: Engine) -> None:
    upgrade(empty_engine)

    downgrade(empty_engine, "0003")

    assert current_revision(empty_engine) == "0003"
    assert _table_names(empty_engine) == SPEC_TABLES | {"user_settings", "profile_views", "alembic_version"}

    upgrade(empty_engine)

    assert current_revision(empty_engine) == head_revision()
    assert {"admin_audit_log", "search_skill_counts"} <= _table_names(empty_engine)
