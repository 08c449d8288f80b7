"""The SearchHistoryRepository and ProfileViewRepository contracts, run against every adapter."""
from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from rozgar_adapters.memory import MemoryStore
from rozgar_adapters.sql.tables import search_history
from rozgar_core.errors import Conflict
from rozgar_core.model import Phone
from rozgar_core.ports import UnitOfWorkFactory
from rozgar_core.ports.search import SearchEntry

NOW = datetime(2025, 3, 10, 9, 15, 30, 123456, tzinfo=UTC)
TODAY = NOW.date()

Search = tuple[str, dict[str, Any], datetime]


@pytest.fixture
def new_user(uow_factory: UnitOfWorkFactory, new_phone: Callable[[], Phone]) -> Callable[[], str]:
    def create() -> str:
        with uow_factory() as uow:
            user, _ = uow.users.get_or_create_by_phone(new_phone(), str(uuid.uuid4()), NOW)
            uow.commit()
        return user.id

    return create


@pytest.fixture
def searches_of(persistence_adapter: str, request: pytest.FixtureRequest) -> Callable[[str], list[Search]]:
    """What the adapter stored for a user's searches (the port itself only writes them)."""
    if persistence_adapter == "memory":
        store: MemoryStore = request.getfixturevalue("memory_store")
        return lambda user_id: sorted(
            (r.search_query, dict(r.filters), r.created_at) for r in store.search_history.values()
            if r.user_id == user_id
        )
    engine: Engine = request.getfixturevalue(f"{persistence_adapter}_engine")

    def read(user_id: str) -> list[Search]:
        columns = (search_history.c.search_query, search_history.c.filters, search_history.c.created_at)
        query = sa.select(*columns).where(search_history.c.user_id == user_id).order_by(columns[0])
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(query)]  # type: ignore[misc]

    return read


def test_searches_are_recorded_with_their_filters(
    uow_factory: UnitOfWorkFactory, new_user: Callable[[], str], searches_of: Callable[[str], list[Search]]
) -> None:
    user_id = new_user()
    filters: dict[str, Any] = {"skills": ["plumber", "mason"], "city": "pune", "labourType": None,
                               "availableOnly": True}
    with uow_factory() as uow:
        uow.search_history.add(user_id, "plumber", filters, NOW)
        uow.search_history.add(user_id, "", {}, NOW + timedelta(seconds=1))
        uow.commit()
    with uow_factory() as uow:
        uow.search_history.add(user_id, "discarded", {}, NOW)

    assert searches_of(user_id) == [("", {}, NOW + timedelta(seconds=1)), ("plumber", filters, NOW)]


def test_searches_are_added_in_a_batch_skipping_users_that_no_longer_exist(
    uow_factory: UnitOfWorkFactory, new_user: Callable[[], str], searches_of: Callable[[str], list[Search]]
) -> None:
    first, second = new_user(), new_user()
    entries = [
        SearchEntry(first, "plumber", {"skills": ["plumber"]}, NOW),
        SearchEntry(str(uuid.uuid4()), "erased since", {}, NOW),
        SearchEntry("not a uuid", "forged", {}, NOW),
        SearchEntry(second, "राज मिस्त्री", {"city": "pune"}, NOW + timedelta(seconds=1)),
        SearchEntry(first, "", {}, NOW + timedelta(seconds=2)),
    ]
    with uow_factory() as uow:
        uow.search_history.add_many(entries)
        uow.search_history.add_many([])
        uow.commit()

    assert searches_of(first) == [("", {}, NOW + timedelta(seconds=2)), ("plumber", {"skills": ["plumber"]}, NOW)]
    assert searches_of(second) == [("राज मिस्त्री", {"city": "pune"}, NOW + timedelta(seconds=1))]


def test_a_search_needs_an_existing_user(uow_factory: UnitOfWorkFactory) -> None:
    with pytest.raises(Conflict), uow_factory() as uow:
        uow.search_history.add(str(uuid.uuid4()), "plumber", {}, NOW)


def _record(uow_factory: UnitOfWorkFactory, labour: str, viewer: str, at: datetime = NOW) -> bool:
    with uow_factory() as uow:
        first = uow.profile_views.record(labour, viewer, at.date(), at)
        uow.commit()
    return first


def test_a_view_counts_once_per_viewer_and_day(uow_factory: UnitOfWorkFactory, new_user: Callable[[], str]) -> None:
    labour, viewer, other_viewer = new_user(), new_user(), new_user()

    outcomes = [
        _record(uow_factory, labour, viewer),
        _record(uow_factory, labour, viewer, NOW + timedelta(hours=1)),
        _record(uow_factory, labour, other_viewer),
        _record(uow_factory, labour, viewer, NOW + timedelta(days=1)),
        _record(uow_factory, viewer, labour),
    ]

    assert outcomes == [True, False, True, True, True]


def test_an_uncommitted_view_is_not_counted(uow_factory: UnitOfWorkFactory, new_user: Callable[[], str]) -> None:
    labour, viewer = new_user(), new_user()
    with uow_factory() as uow:
        assert uow.profile_views.record(labour, viewer, TODAY, NOW) is True

    assert _record(uow_factory, labour, viewer) is True


def test_concurrent_views_count_once(
    uow_factory: UnitOfWorkFactory, new_user: Callable[[], str], run_concurrently: Callable[..., list[Any]]
) -> None:
    labour, viewer = new_user(), new_user()

    outcomes = run_concurrently(10, lambda index: _record(uow_factory, labour, viewer))

    assert sorted(outcomes) == [False] * 9 + [True]


def test_a_view_needs_existing_users(uow_factory: UnitOfWorkFactory, new_user: Callable[[], str]) -> None:
    with pytest.raises(Conflict):
        _record(uow_factory, new_user(), str(uuid.uuid4()))


def test_deleting_an_account_deletes_its_searches_and_views(
    uow_factory: UnitOfWorkFactory, new_user: Callable[[], str], searches_of: Callable[[str], list[Search]]
) -> None:
    gone, labour = new_user(), new_user()
    _record(uow_factory, labour, gone)
    _record(uow_factory, gone, labour)
    with uow_factory() as uow:
        uow.search_history.add(gone, "mason", {}, NOW)
        uow.users.delete_account(gone)
        uow.commit()

    assert searches_of(gone) == []
    with uow_factory() as uow:  # the same id again: a view left behind would make `record` say False
        replacement, _ = uow.users.get_or_create_by_phone(Phone("+919876599999"), gone, NOW)
        uow.commit()
    assert _record(uow_factory, labour, replacement.id) is True
    assert _record(uow_factory, replacement.id, labour) is True
