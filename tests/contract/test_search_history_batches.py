"""SearchHistoryRecorder on every persistence adapter: batches from many processes' flushes at once."""
from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from rozgar_adapters.memory.clock import ManualClock
from rozgar_adapters.tasks import ImmediateTaskRunner
from rozgar_core.model import Phone
from rozgar_core.model.search import RawSearch, build_query
from rozgar_core.ports import UnitOfWorkFactory
from rozgar_core.use_cases import search_history
from rozgar_core.use_cases.search_history import SearchHistoryRecorder

NOW = datetime(2025, 3, 10, 23, 59, 59, tzinfo=UTC)
SKILLS = ["plumber", "electrician", "mason", "painter"]


class _Held:
    """Keeps deferred flushes until the test lets them all run together."""

    def __init__(self) -> None:
        self.tasks: list[Callable[[], None]] = []

    def defer(self, task: Callable[[], None], delay_seconds: float = 0.0) -> None:
        self.tasks.append(task)


def _user(uow_factory: UnitOfWorkFactory, phone: Phone) -> str:
    with uow_factory() as uow:
        user, _ = uow.users.get_or_create_by_phone(phone, str(uuid.uuid4()), NOW)
        uow.commit()
    return user.id


def _top(uow_factory: UnitOfWorkFactory) -> list[tuple[str, int]]:
    with uow_factory() as uow:
        return uow.analytics.top_searched_skills(NOW.date() - timedelta(days=1), 10)


def test_concurrent_batches_with_repeated_skills_in_any_order_are_all_counted(
    uow_factory: UnitOfWorkFactory, new_phone: Callable[[], Phone], run_concurrently: Callable[..., list[Any]]
) -> None:
    user = _user(uow_factory, new_phone())
    clock = ManualClock(NOW)
    recorders = [SearchHistoryRecorder(uow_factory, held := _Held(), clock) for _ in range(8)]
    held_tasks = []
    for index, recorder in enumerate(recorders):
        # Each batch names the skills in another order, and some of them again.
        rotated = SKILLS[index % 4:] + SKILLS[: index % 4]
        for skills in [[skill] for skill in rotated] + [[rotated[0]], rotated]:
            recorder.record(build_query(RawSearch(skills=skills), user), user)
        held_tasks.append(recorder._tasks)  # type: ignore[attr-defined]
    assert all(len(tasks.tasks) == 1 for tasks in held_tasks)

    run_concurrently(8, lambda index: held_tasks[index].tasks[0]())

    # Per batch the first skill 3 times and the others twice; each skill comes first in 2 of the 8.
    assert _top(uow_factory) == [(skill, 2 * 3 + 6 * 2) for skill in sorted(SKILLS)]


def test_a_batch_spanning_midnight_counts_each_search_on_its_own_day(
    uow_factory: UnitOfWorkFactory, new_phone: Callable[[], Phone]
) -> None:
    user = _user(uow_factory, new_phone())
    clock = ManualClock(NOW)
    recorder = SearchHistoryRecorder(uow_factory, held := _Held(), clock)
    recorder.record(build_query(RawSearch(skills=["plumber", "mason"]), user), user)
    clock.advance(2)  # past midnight
    recorder.record(build_query(RawSearch(text="plumber"), user), user)
    held.tasks[0]()

    with uow_factory() as uow:
        both_days = uow.analytics.top_searched_skills(NOW.date(), 10)
        second_day = uow.analytics.top_searched_skills(NOW.date() + timedelta(days=1), 10)
    assert both_days == [("plumber", 2), ("mason", 1)]
    assert second_day == [("plumber", 1)]


def test_an_immediate_runner_writes_each_search_at_once(
    uow_factory: UnitOfWorkFactory, new_phone: Callable[[], Phone]
) -> None:
    user = _user(uow_factory, new_phone())
    recorder = SearchHistoryRecorder(uow_factory, ImmediateTaskRunner(), ManualClock(NOW))
    recorder.record(build_query(RawSearch(text="eletrician"), user), user)
    assert _top(uow_factory) == [("electrician", 1)]


def test_a_search_by_an_account_erased_before_the_flush_does_not_lose_the_others(
    uow_factory: UnitOfWorkFactory, new_phone: Callable[[], Phone]
) -> None:
    stays, leaves = _user(uow_factory, new_phone()), _user(uow_factory, new_phone())
    recorder = SearchHistoryRecorder(uow_factory, held := _Held(), ManualClock(NOW))
    recorder.record(build_query(RawSearch(skills=["mason"]), leaves), leaves)
    recorder.record(build_query(RawSearch(skills=["plumber"]), stays), stays)
    with uow_factory() as uow:
        uow.users.delete_account(leaves)
        uow.commit()

    held.tasks[0]()

    # The erased user's search is gone with the account; its trade still counts as searched.
    assert _top(uow_factory) == [("mason", 1), ("plumber", 1)]


def test_a_long_queue_is_written_in_several_transactions(
    uow_factory: UnitOfWorkFactory, new_phone: Callable[[], Phone], monkeypatch: pytest.MonkeyPatch
) -> None:
    user = _user(uow_factory, new_phone())
    monkeypatch.setattr(search_history, "MAX_BATCH", 2)
    commits: list[int] = []

    def counting_uow() -> Any:
        uow = uow_factory()
        original = uow.commit

        def commit() -> None:
            original()
            commits.append(1)

        uow.commit = commit  # type: ignore[method-assign]
        return uow

    recorder = SearchHistoryRecorder(counting_uow, held := _Held(), ManualClock(NOW))
    for _ in range(5):
        recorder.record(build_query(RawSearch(skills=["painter"]), user), user)
    held.tasks[0]()

    assert len(commits) == 3
    assert _top(uow_factory) == [("painter", 5)]
