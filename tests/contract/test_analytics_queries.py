"""The AnalyticsQueries contract (profile views by day, most searched skills), run against every adapter."""
from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from rozgar_adapters.sql.tables_admin import search_skill_counts
from rozgar_core.model import Phone
from rozgar_core.ports import UnitOfWorkFactory

NOW = datetime(2025, 3, 10, 9, 15, 30, 123456, tzinfo=UTC)
TODAY = NOW.date()


def _days_ago(days: int) -> date:
    return TODAY - timedelta(days=days)


@pytest.fixture
def new_user(uow_factory: UnitOfWorkFactory, new_phone: Callable[[], Phone]) -> Callable[[], str]:
    def create() -> str:
        with uow_factory() as uow:
            user, _ = uow.users.get_or_create_by_phone(new_phone(), str(uuid.uuid4()), NOW)
            uow.commit()
        return user.id

    return create


def _view(uow_factory: UnitOfWorkFactory, labour: str, viewer: str, day: date) -> None:
    with uow_factory() as uow:
        uow.profile_views.record(labour, viewer, day, NOW)
        uow.commit()


def _view_count(uow_factory: UnitOfWorkFactory, labour: str, since: date | None, until: date | None) -> int:
    with uow_factory() as uow:
        return uow.analytics.profile_view_count(labour, since, until)


@pytest.fixture
def viewed_labour(uow_factory: UnitOfWorkFactory, new_user: Callable[[], str]) -> str:
    """A labour viewed by three people over three weeks (and another labour viewed by one of them)."""
    labour, other_labour = new_user(), new_user()
    first, second, third = new_user(), new_user(), new_user()
    views = {first: [0, 1, 6, 7, 13, 20], second: [0, 6, 14], third: [3]}
    for viewer, days in views.items():
        for days_ago in days:
            _view(uow_factory, labour, viewer, _days_ago(days_ago))
        _view(uow_factory, labour, viewer, _days_ago(days[0]))  # the same day again: no new viewer-day
    _view(uow_factory, other_labour, first, TODAY)
    return labour


@pytest.mark.parametrize(
    ("since", "until", "expected"),
    [
        (None, None, 10),
        (_days_ago(6), TODAY + timedelta(days=1), 6),  # the last 7 days, today included
        (_days_ago(13), _days_ago(6), 2),  # the 7 days before: the upper bound is excluded
        (_days_ago(14), None, 9),
        (None, _days_ago(13), 2),
        (TODAY, TODAY, 0),
        (TODAY + timedelta(days=1), None, 0),
    ],
)
def test_profile_views_are_viewer_days_in_a_half_open_window(
    uow_factory: UnitOfWorkFactory, viewed_labour: str, since: date | None, until: date | None, expected: int
) -> None:
    assert _view_count(uow_factory, viewed_labour, since, until) == expected


@pytest.mark.parametrize("labour_id", [str(uuid.uuid4()), "not-a-uuid"])
def test_an_unviewed_or_unknown_labour_has_no_views(
    uow_factory: UnitOfWorkFactory, new_user: Callable[[], str], labour_id: str
) -> None:
    _view(uow_factory, new_user(), new_user(), TODAY)

    assert _view_count(uow_factory, labour_id, None, None) == 0


def _record(uow_factory: UnitOfWorkFactory, skills: list[str], day: date = TODAY) -> None:
    with uow_factory() as uow:
        uow.analytics.record_search_skills(skills, day)
        uow.commit()


def _top(uow_factory: UnitOfWorkFactory, since: date, limit: int = 100) -> list[tuple[str, int]]:
    with uow_factory() as uow:
        return uow.analytics.top_searched_skills(since, limit)


def test_searched_skills_are_summed_over_the_days_since(uow_factory: UnitOfWorkFactory) -> None:
    _record(uow_factory, ["plumber", "electrician"], _days_ago(0))
    _record(uow_factory, ["plumber"], _days_ago(0))
    _record(uow_factory, ["plumber", "mason"], _days_ago(2))
    _record(uow_factory, ["mason", "painter"], _days_ago(3))
    _record(uow_factory, ["painter", "mason"], _days_ago(30))

    assert _top(uow_factory, _days_ago(0)) == [("plumber", 2), ("electrician", 1)]
    assert _top(uow_factory, _days_ago(2)) == [("plumber", 3), ("electrician", 1), ("mason", 1)]
    assert _top(uow_factory, _days_ago(29)) == [("plumber", 3), ("mason", 2), ("electrician", 1), ("painter", 1)]
    assert _top(uow_factory, _days_ago(30)) == [("mason", 3), ("plumber", 3), ("painter", 2), ("electrician", 1)]
    assert _top(uow_factory, TODAY + timedelta(days=1)) == []


def test_the_limit_keeps_the_most_searched(uow_factory: UnitOfWorkFactory) -> None:
    for count, skill in enumerate(["welder", "driver", "cook", "maid"], start=1):
        for _ in range(count):
            _record(uow_factory, [skill])

    assert _top(uow_factory, TODAY, 2) == [("maid", 4), ("cook", 3)]
    assert _top(uow_factory, TODAY, 1) == [("maid", 4)]


def test_ties_go_by_code_point_whatever_the_collation(uow_factory: UnitOfWorkFactory) -> None:
    skills = ["ab", "a-b", "B", "a b", "Ab", "ä"]
    _record(uow_factory, skills)

    assert _top(uow_factory, TODAY) == [(skill, 1) for skill in sorted(skills)]


def test_a_skill_counts_once_per_search_and_nothing_is_a_no_op(uow_factory: UnitOfWorkFactory) -> None:
    _record(uow_factory, ["plumber", "plumber", "mason"])
    _record(uow_factory, [])

    assert _top(uow_factory, TODAY) == [("mason", 1), ("plumber", 1)]


def test_uncommitted_searches_are_not_counted(uow_factory: UnitOfWorkFactory) -> None:
    _record(uow_factory, ["plumber"])
    with uow_factory() as uow:
        uow.analytics.record_search_skills(["plumber", "mason"], TODAY)

    assert _top(uow_factory, TODAY) == [("plumber", 1)]


def test_concurrent_searches_are_all_counted(
    uow_factory: UnitOfWorkFactory, run_concurrently: Callable[..., list[Any]]
) -> None:
    skills = ["plumber", "electrician", "mason", "painter"]
    _record(uow_factory, ["mason"])

    # Each thread names the skills in another order: the counts must not depend on it, nor deadlock.
    run_concurrently(10, lambda index: _record(uow_factory, skills[index % 4:] + skills[: index % 4]))

    assert _top(uow_factory, TODAY) == [("mason", 11), ("electrician", 10), ("painter", 10), ("plumber", 10)]


def test_counts_are_added_in_one_step_and_concurrently(
    uow_factory: UnitOfWorkFactory, run_concurrently: Callable[..., list[Any]]
) -> None:
    with uow_factory() as uow:
        uow.analytics.add_search_skill_counts({"plumber": 3, "mason": 1}, TODAY)
        uow.analytics.add_search_skill_counts({}, TODAY)
        uow.analytics.add_search_skill_counts({"plumber": 2}, _days_ago(1))
        uow.commit()

    def add(index: int) -> None:
        with uow_factory() as uow:
            # Insertion orders differ between threads: the adapter must lock in one order.
            counts = {"plumber": 1, "mason": 2, "painter": index} if index % 2 else {"painter": index, "mason": 2}
            uow.analytics.add_search_skill_counts({k: v for k, v in counts.items() if v}, TODAY)
            uow.commit()

    run_concurrently(10, add)

    assert _top(uow_factory, TODAY) == [("painter", 45), ("mason", 21), ("plumber", 8)]
    assert _top(uow_factory, _days_ago(1)) == [("painter", 45), ("mason", 21), ("plumber", 10)]


def test_the_table_refuses_negative_counts_and_duplicate_days(sql_engine: Engine) -> None:
    row = {"day": TODAY, "skill": "plumber", "count": 1}
    with sql_engine.begin() as connection:
        connection.execute(search_skill_counts.insert().values(row))

    for invalid in (row, row | {"skill": "mason", "count": -1}):
        with pytest.raises(sa.exc.IntegrityError), sql_engine.begin() as connection:
            connection.execute(search_skill_counts.insert().values(invalid))
