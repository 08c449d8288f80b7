"""Profile-view statistics and search trends on in-memory adapters with a manual clock."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from activity_harness import ActivityWorld

from rozgar_adapters.memory.search import MemoryLabourSearch
from rozgar_adapters.tasks import ImmediateTaskRunner
from rozgar_core.errors import InvalidInput
from rozgar_core.model.search import RawSearch
from rozgar_core.use_cases.admin.analytics import (
    GetProfileViewStats,
    GetSearchTrends,
    trend_of,
)
from rozgar_core.use_cases.search import SearchLabours
from rozgar_core.use_cases.search_history import SearchHistoryRecorder


@pytest.fixture
def world() -> ActivityWorld:
    return ActivityWorld()


def view(world: ActivityWorld, labour_id: str, viewer_id: str, days_ago: int = 0) -> bool:
    at = world.clock.now() - timedelta(days=days_ago)
    with world.uow() as uow:
        first = uow.profile_views.record(labour_id, viewer_id, at.date(), at)
        uow.commit()
    return first


def searched(world: ActivityWorld, skills: list[str], day: date) -> None:
    with world.uow() as uow:
        uow.analytics.record_search_skills(skills, day)
        uow.commit()


def trends(world: ActivityWorld, days: int = 30, limit: int = 20) -> list[tuple[str, int]]:
    return GetSearchTrends(world.uow, world.cache, world.clock)(days, limit)


@pytest.mark.parametrize(
    ("last", "previous", "expected"),
    [(11, 10, "stable"), (12, 10, "up"), (9, 10, "stable"), (8, 10, "down"), (10, 10, "stable"),
     (111, 100, "up"), (110, 100, "stable"), (89, 100, "down"), (90, 100, "stable"),
     (0, 0, "stable"), (1, 0, "up"), (0, 1, "down")],
)
def test_the_trend_moves_only_beyond_ten_percent(last: int, previous: int, expected: str) -> None:
    assert trend_of(last, previous) == expected


def test_a_viewer_counts_once_per_day(world: ActivityWorld) -> None:
    labour, viewer = world.new_labour(), world.new_employer()
    assert view(world, labour.id, viewer.id) is True
    assert view(world, labour.id, viewer.id) is False
    assert view(world, labour.id, viewer.id, days_ago=1) is True
    assert GetProfileViewStats(world.uow, world.clock)(labour.id).view_count == 2


def test_view_stats_split_the_last_seven_days_from_the_seven_before(world: ActivityWorld) -> None:
    labour = world.new_labour()
    viewers = [world.new_employer() for _ in range(4)]
    for days_ago, viewer in zip((0, 6, 7, 13), viewers, strict=True):
        view(world, labour.id, viewer.id, days_ago)
    view(world, labour.id, viewers[0].id, days_ago=14)
    stats = GetProfileViewStats(world.uow, world.clock)(labour.id)
    assert (stats.view_count, stats.last_7_days, stats.previous_7_days, stats.trend) == (5, 2, 2, "stable")


def test_the_weeks_follow_the_clock(world: ActivityWorld) -> None:
    labour, viewer = world.new_labour(), world.new_employer()
    view(world, labour.id, viewer.id)
    stats = GetProfileViewStats(world.uow, world.clock)
    assert (stats(labour.id).last_7_days, stats(labour.id).trend) == (1, "up")
    world.clock.advance(days=7)
    assert (stats(labour.id).previous_7_days, stats(labour.id).trend) == (1, "down")
    world.clock.advance(days=7)
    assert (stats(labour.id).view_count, stats(labour.id).trend) == (1, "stable")


def test_views_of_other_labours_do_not_count(world: ActivityWorld) -> None:
    labour, other, viewer = world.new_labour(), world.new_labour(), world.new_employer()
    view(world, other.id, viewer.id)
    assert GetProfileViewStats(world.uow, world.clock)(labour.id).view_count == 0


def test_trends_rank_by_count_then_name_within_the_window(world: ActivityWorld) -> None:
    today = world.clock.now().date()
    searched(world, ["plumber", "painter"], today)
    searched(world, ["painter"], today - timedelta(days=29))
    searched(world, ["mason"], today - timedelta(days=2))
    searched(world, ["plumber", "plumber"], today - timedelta(days=30))  # outside 30 days; one search
    assert trends(world) == [("painter", 2), ("mason", 1), ("plumber", 1)]
    assert trends(world, days=31) == [("painter", 2), ("plumber", 2), ("mason", 1)]
    assert trends(world, days=1, limit=1) == [("painter", 1)]


def test_trends_are_cached_for_an_hour(world: ActivityWorld) -> None:
    today = world.clock.now().date()
    searched(world, ["plumber"], today)
    assert trends(world) == [("plumber", 1)]
    searched(world, ["mason"], today)
    world.clock.advance(minutes=59)
    assert trends(world) == [("plumber", 1)]
    world.clock.advance(minutes=2)
    assert trends(world) == [("mason", 1), ("plumber", 1)]


@pytest.mark.parametrize(("days", "limit", "field"), [(0, 20, "days"), (366, 20, "days"), (30, 0, "limit"),
                                                      (30, 101, "limit")])
def test_trends_bounds_are_checked(world: ActivityWorld, days: int, limit: int, field: str) -> None:
    with pytest.raises(InvalidInput) as error:
        trends(world, days, limit)
    assert [e.field for e in error.value.errors] == [field]


def test_searching_records_skill_filters_and_skills_named_in_free_text(world: ActivityWorld) -> None:
    searcher = world.new_employer()
    search = SearchLabours(
        MemoryLabourSearch(world.store), world.cache,
        SearchHistoryRecorder(world.uow, ImmediateTaskRunner(), world.clock),
    )
    search(RawSearch(skills=["plumber"]), searcher.id)
    search(RawSearch(text="eletrician"), searcher.id)
    search(RawSearch(text="bijli", skills=["electrician"]), searcher.id)  # one search names a skill once
    search(RawSearch(text="Ramesh"), searcher.id)
    search(RawSearch(city="Pune"), searcher.id)
    assert trends(world) == [("electrician", 2), ("plumber", 1)]


def test_common_short_words_in_free_text_do_not_count_as_searched_skills(world: ActivityWorld) -> None:
    searcher = world.new_employer()
    search = SearchLabours(
        MemoryLabourSearch(world.store), world.cache,
        SearchHistoryRecorder(world.uow, ImmediateTaskRunner(), world.clock),
    )
    search(RawSearch(text="plumber near me"), searcher.id)
    assert trends(world) == [("plumber", 1)]
