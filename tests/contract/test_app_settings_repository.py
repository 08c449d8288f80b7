"""The AppSettingsRepository contract, run against every adapter."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from activity_support import NOW
from sqlalchemy.engine import Engine

from rozgar_adapters.memory import MemoryStore
from rozgar_adapters.sql.tables import app_settings
from rozgar_core.ports import UnitOfWorkFactory

Stored = tuple[str, str, datetime]
"""(value, description, updated_at)"""


@pytest.fixture
def stored(persistence_adapter: str, request: pytest.FixtureRequest) -> Callable[[str], Stored | None]:
    """What the adapter keeps for a key beyond its value (the port reads values only)."""
    if persistence_adapter == "memory":
        store: MemoryStore = request.getfixturevalue("memory_store")

        def from_memory(key: str) -> Stored | None:
            record = store.app_settings.get(key)
            return (record.value, record.description, record.updated_at) if record else None

        return from_memory
    engine: Engine = request.getfixturevalue(f"{persistence_adapter}_engine")

    def from_sql(key: str) -> Stored | None:
        columns = (app_settings.c.value, app_settings.c.description, app_settings.c.updated_at)
        with engine.connect() as connection:
            row = connection.execute(sa.select(*columns).where(app_settings.c.key == key)).first()
        return (row.value, row.description, row.updated_at) if row else None

    return from_sql


def _set(uow_factory: UnitOfWorkFactory, key: str, value: str, description: str = "", at: datetime = NOW) -> None:
    with uow_factory() as uow:
        uow.app_settings.set(key, value, description, at)
        uow.commit()


def test_an_unset_key_has_no_value(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        assert uow.app_settings.get("contacts.dailyCap") is None
        assert uow.app_settings.all() == {}


def test_set_stores_the_value_its_description_and_time(
    uow_factory: UnitOfWorkFactory, stored: Callable[[str], Stored | None]
) -> None:
    _set(uow_factory, "contacts.dailyCap", "50", "Contacts one user may make in 24 hours")
    _set(uow_factory, "reviews.requireContact", "false", "Only users who contacted a labour may review them")

    with uow_factory() as uow:
        assert uow.app_settings.get("contacts.dailyCap") == "50"
        assert uow.app_settings.all() == {"contacts.dailyCap": "50", "reviews.requireContact": "false"}
    assert stored("contacts.dailyCap") == ("50", "Contacts one user may make in 24 hours", NOW)


def test_set_again_replaces_value_description_and_time(
    uow_factory: UnitOfWorkFactory, stored: Callable[[str], Stored | None]
) -> None:
    later = NOW + timedelta(days=1)
    _set(uow_factory, "contacts.dailyCap", "50", "old")

    _set(uow_factory, "contacts.dailyCap", "75", "new", later)

    with uow_factory() as uow:
        assert uow.app_settings.all() == {"contacts.dailyCap": "75"}
    assert stored("contacts.dailyCap") == ("75", "new", later)


def test_an_uncommitted_set_is_discarded(uow_factory: UnitOfWorkFactory) -> None:
    _set(uow_factory, "contacts.dailyCap", "50")
    with uow_factory() as uow:
        uow.app_settings.set("contacts.dailyCap", "1", "", NOW)
        uow.app_settings.set("reports.autoHideThreshold", "2", "", NOW)
        assert uow.app_settings.get("contacts.dailyCap") == "1"

    with uow_factory() as uow:
        assert uow.app_settings.all() == {"contacts.dailyCap": "50"}


def test_concurrent_sets_of_one_key_leave_one_of_the_values(
    uow_factory: UnitOfWorkFactory, run_concurrently: Callable[..., list[Any]]
) -> None:
    run_concurrently(8, lambda index: _set(uow_factory, "contacts.dailyCap", str(index + 1)))

    with uow_factory() as uow:
        values = uow.app_settings.all()
    assert list(values) == ["contacts.dailyCap"] and values["contacts.dailyCap"] in {str(n) for n in range(1, 9)}
