"""SearchLabours on in-memory adapters: cached pages and totals, nearby without a total, batched history."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from activity_harness import ActivityWorld

from rozgar_adapters.memory.search import MemoryLabourSearch
from rozgar_adapters.tasks import ImmediateTaskRunner
from rozgar_core.errors import Conflict, DependencyUnavailable
from rozgar_core.model.search import LabourQuery, RawSearch, SearchResult, Total
from rozgar_core.use_cases import search as search_module
from rozgar_core.use_cases.search import (
    NearbyCommand,
    NearbyLabours,
    SearchLabours,
    result_from_json,
)
from rozgar_core.use_cases.search_history import SearchHistoryRecorder


@dataclass
class SpySearch:
    """The memory adapter, remembering what each call asked for."""

    inner: MemoryLabourSearch
    calls: list[tuple[LabourQuery, Total | None]] = field(default_factory=list)

    def search(self, query: LabourQuery, known_total: Total | None = None) -> SearchResult:
        self.calls.append((query, known_total))
        return self.inner.search(query, known_total)


@dataclass
class QueuedTasks:
    """Holds deferred tasks until the test runs them, as a busy background pool would."""

    tasks: list[Callable[[], None]] = field(default_factory=list)
    delays: list[float] = field(default_factory=list)

    def defer(self, task: Callable[[], None], delay_seconds: float = 0.0) -> None:
        self.tasks.append(task)
        self.delays.append(delay_seconds)

    def run_all(self) -> None:
        while self.tasks:
            self.tasks.pop(0)()


@pytest.fixture
def world() -> ActivityWorld:
    return ActivityWorld()


def searcher_of(world: ActivityWorld, spy: SpySearch, tasks: object = None) -> SearchLabours:
    recorder = SearchHistoryRecorder(world.uow, tasks or ImmediateTaskRunner(), world.clock)  # type: ignore[arg-type]
    return SearchLabours(spy, world.cache, recorder)


def spy_on(world: ActivityWorld) -> SpySearch:
    return SpySearch(MemoryLabourSearch(world.store))


def test_later_pages_cursor_pages_and_other_orders_reuse_the_total_of_the_first_page(world: ActivityWorld) -> None:
    for _ in range(5):
        world.new_labour()
    searcher, spy = world.new_employer(), spy_on(world)
    search = searcher_of(world, spy)

    first = search(RawSearch(skills=["plumber"], limit=2), searcher.id)
    assert first.total == 5 and first.next_cursor is not None
    second = search(RawSearch(skills=["plumber"], limit=2, page=2), searcher.id)
    by_cursor = search(RawSearch(skills=["plumber"], limit=2, cursor=first.next_cursor.encode()), searcher.id)
    by_experience = search(RawSearch(skills=["plumber"], limit=3, sort="experience"), searcher.id)

    assert [known for _, known in spy.calls] == [None, Total(5), Total(5), Total(5)]
    assert second.total == by_cursor.total == by_experience.total == 5
    assert [labour.id for labour in by_cursor.labours] == [labour.id for labour in second.labours]


def test_a_write_that_changes_results_makes_the_next_search_recount(world: ActivityWorld) -> None:
    labours = [world.new_labour() for _ in range(3)]
    searcher, spy = world.new_employer(), spy_on(world)
    search = searcher_of(world, spy)
    assert search(RawSearch(skills=["plumber"], limit=1), searcher.id).total == 3

    world.set_available(labours[0].id, False)  # bumps the search generation
    world.update(labours[1].id, skills=["mason"])
    again = search(RawSearch(skills=["plumber"], limit=1, page=2, available_only=True), searcher.id)
    first_again = search(RawSearch(skills=["plumber"], limit=1), searcher.id)

    assert again.total == 1 and first_again.total == 2
    assert [known for _, known in spy.calls] == [None, None, None]


def test_the_same_search_again_is_served_from_the_cache(world: ActivityWorld) -> None:
    world.new_labour()
    searcher, spy = world.new_employer(), spy_on(world)
    search = searcher_of(world, spy)
    first = search(RawSearch(text="ramesh"), searcher.id)
    assert search(RawSearch(text="ramesh"), searcher.id) == first
    assert len(spy.calls) == 1


def test_a_cached_page_read_again_is_decoded_once_and_each_reader_gets_its_own_list(
    world: ActivityWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    world.new_labour(), world.new_labour()
    searcher, spy = world.new_employer(), spy_on(world)
    search = searcher_of(world, spy)
    decoded: list[str] = []
    monkeypatch.setattr(search_module, "result_from_json", lambda text: decoded.append(text) or result_from_json(text))
    first = search(RawSearch(text="ramesh"), searcher.id)
    second = search(RawSearch(text="ramesh"), searcher.id)
    second.labours.clear()
    third = search(RawSearch(text="ramesh"), searcher.id)

    assert len(spy.calls) == 1 and len(decoded) == 1
    assert third == first and len(third.labours) == 2


def test_an_entry_written_under_an_older_generation_is_not_served(world: ActivityWorld) -> None:
    labour = world.new_labour()
    searcher, spy = world.new_employer(), spy_on(world)
    search = searcher_of(world, spy)
    search(RawSearch(text="ramesh"), searcher.id)
    world.update(labour.id, name="Suresh Patil")
    assert search(RawSearch(text="ramesh"), searcher.id).labours == []
    assert search(RawSearch(text="suresh"), searcher.id).labours[0].id == labour.id


def test_nearby_lists_do_not_count_a_total(world: ActivityWorld) -> None:
    near = world.new_labour(latitude=18.52, longitude=73.85)
    world.new_labour(latitude=19.07, longitude=72.87)  # Mumbai: outside 10 km of Pune
    searcher, spy = world.new_employer(), spy_on(world)

    found = NearbyLabours(searcher_of(world, spy))(NearbyCommand(18.52, 73.85), searcher.id)

    assert [labour.id for labour in found] == [near.id]
    query, known = spy.calls[0]
    assert query.count_total is False and known is None
    assert spy.inner.search(query).total is None


def test_searches_queued_while_a_flush_waits_are_written_together(world: ActivityWorld) -> None:
    world.new_labour()
    searcher, spy, tasks = world.new_employer(), spy_on(world), QueuedTasks()
    search = searcher_of(world, spy, tasks)
    search(RawSearch(skills=["plumber"]), searcher.id)
    search(RawSearch(text="eletrician"), searcher.id)
    search(RawSearch(city="Pune"), searcher.id)  # no words, no trades: not history
    search(RawSearch(skills=["plumber"]), searcher.id)  # served from the cache, still a search
    assert len(tasks.tasks) == 1 and not world.store.search_history

    tasks.run_all()
    assert [entry.search_query for entry in world.store.search_history.values()] == ["", "eletrician", ""]
    search(RawSearch(text="mason"), searcher.id)
    assert len(tasks.tasks) == 1  # the queue was empty again, so a new flush is deferred
    tasks.run_all()
    assert len(world.store.search_history) == 4


def test_the_flush_waits_for_the_batch_window(world: ActivityWorld) -> None:
    world.new_labour()
    searcher, tasks = world.new_employer(), QueuedTasks()
    recorder = SearchHistoryRecorder(world.uow, tasks, world.clock, batch_window_seconds=0.25)
    search = SearchLabours(spy_on(world), world.cache, recorder)
    search(RawSearch(skills=["plumber"]), searcher.id)
    search(RawSearch(skills=["mason"]), searcher.id)
    assert tasks.delays == [0.25]


def test_a_failed_flush_is_logged_and_later_searches_are_still_recorded(
    world: ActivityWorld, caplog: pytest.LogCaptureFixture
) -> None:
    world.new_labour()
    searcher, spy, tasks = world.new_employer(), spy_on(world), QueuedTasks()
    search = searcher_of(world, spy, tasks)
    healthy_uow = world.uow

    def broken_uow() -> object:
        raise DependencyUnavailable()

    search(RawSearch(skills=["plumber"]), searcher.id)
    search._history._uow = broken_uow  # type: ignore[attr-defined]
    tasks.run_all()
    assert "could not record 1 searches" in caplog.text

    search._history._uow = healthy_uow  # type: ignore[attr-defined]
    search(RawSearch(skills=["mason"]), searcher.id)
    tasks.run_all()
    assert [entry.filters["skills"] for entry in world.store.search_history.values()] == [["mason"]]


def test_a_batch_that_conflicts_once_is_written_on_the_second_attempt(
    world: ActivityWorld, caplog: pytest.LogCaptureFixture
) -> None:
    world.new_labour()
    searcher, spy, tasks = world.new_employer(), spy_on(world), QueuedTasks()
    search = searcher_of(world, spy, tasks)
    conflicts_left = [1]

    def flaky_uow() -> object:
        uow = world.uow()
        if conflicts_left[0]:
            conflicts_left[0] -= 1

            def conflict(entries: object) -> None:
                raise Conflict("an account was erased meanwhile")

            uow.search_history.add_many = conflict  # type: ignore[method-assign]
        return uow

    search._history._uow = flaky_uow  # type: ignore[attr-defined]
    search(RawSearch(skills=["plumber"]), searcher.id)
    tasks.run_all()
    assert [entry.filters["skills"] for entry in world.store.search_history.values()] == [["plumber"]]

    conflicts_left[0] = 2
    search(RawSearch(skills=["mason"]), searcher.id)
    tasks.run_all()
    assert len(world.store.search_history) == 1
    assert "could not record 1 searches in the history (Conflict)" in caplog.text
