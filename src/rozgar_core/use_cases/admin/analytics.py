"""Profile-view statistics for a labour, and the most searched skills for admins."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta

from rozgar_core.errors import InvalidInput
from rozgar_core.ports import Cache, Clock, UnitOfWorkFactory

TREND_THRESHOLD = 0.10
TRENDS_TTL_SECONDS = 3600


@dataclass(frozen=True, slots=True)
class ProfileViewStats:
    view_count: int
    last_7_days: int
    previous_7_days: int
    trend: str


def trend_of(last: int, previous: int) -> str:
    """up/down when the last 7 days differ from the 7 before by more than 10 %, else stable."""
    if previous == 0:
        return "up" if last > 0 else "stable"
    change = (last - previous) / previous
    if change > TREND_THRESHOLD:
        return "up"
    if change < -TREND_THRESHOLD:
        return "down"
    return "stable"


class GetProfileViewStats:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def __call__(self, user_id: str) -> ProfileViewStats:
        today = self._clock.now().date()
        tomorrow, week_ago, fortnight_ago = today + timedelta(1), today - timedelta(6), today - timedelta(13)
        with self._uow() as uow:
            views = uow.analytics
            total = views.profile_view_count(user_id)
            last = views.profile_view_count(user_id, week_ago, tomorrow)
            previous = views.profile_view_count(user_id, fortnight_ago, week_ago)
        return ProfileViewStats(total, last, previous, trend_of(last, previous))


class GetSearchTrends:
    def __init__(self, uow: UnitOfWorkFactory, cache: Cache, clock: Clock) -> None:
        self._uow = uow
        self._cache = cache
        self._clock = clock

    def __call__(self, days: int = 30, limit: int = 20) -> list[tuple[str, int]]:
        if not 1 <= days <= 365:
            raise InvalidInput.field("days", "Must be between 1 and 365")
        if not 1 <= limit <= 100:
            raise InvalidInput.field("limit", "Must be between 1 and 100")
        today = self._clock.now().date()
        key = f"trends:{today.isoformat()}:{days}:{limit}"
        cached = self._cache.get(key)
        if cached is not None:
            return [(skill, count) for skill, count in json.loads(cached)]
        with self._uow() as uow:
            trends = uow.analytics.top_searched_skills(today - timedelta(days - 1), limit)
        self._cache.set(key, json.dumps(trends), TRENDS_TTL_SECONDS)
        return trends
