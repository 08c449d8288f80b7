"""Ports of labour search and discovery."""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from rozgar_core.model.search import LabourQuery, SearchResult, Total


class LabourSearch(Protocol):
    """The read side of discovery. Only complete, active, visible labour profiles are found, never
    the searcher. Orders (ties broken by id): rating -> (rating desc, id desc); experience ->
    (experience_years desc, id desc); distance -> (distance asc, id asc), where distance is the
    haversine distance from the origin to the labour's public (snapped) point, unrounded.
    With an origin only labours with coordinates match, and `radius_km` bounds that distance.

    The total is counted unless `known_total` gives it (counted earlier for the same filters, which
    is returned as is) or the query does not ask for it (`count_total`: the result's total is None)."""

    def search(self, query: LabourQuery, known_total: Total | None = None) -> SearchResult: ...


@dataclass(frozen=True, slots=True)
class SearchEntry:
    """One search, as the history keeps it."""

    user_id: str
    search_query: str
    filters: Mapping[str, object]
    at: datetime


class SearchHistoryRepository(Protocol):
    def add(self, user_id: str, search_query: str, filters: Mapping[str, object], at: datetime) -> None: ...

    def add_many(self, entries: Sequence[SearchEntry]) -> None:
        """Add every entry whose user still exists (an account erased since its search is skipped)."""
        ...


class ProfileViewRepository(Protocol):
    def record(self, labour_id: str, viewer_id: str, day: date, at: datetime) -> bool:
        """Count one view per viewer, labour and day; True when this is that day's first view."""
        ...


class TaskRunner(Protocol):
    def defer(self, task: Callable[[], None], delay_seconds: float = 0.0) -> None:
        """Run `task` after the current request has been answered, no sooner than `delay_seconds` from
        now (or at once, outside a request)."""
        ...
