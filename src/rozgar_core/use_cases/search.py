"""Searching labours, nearby labours, and a labour's profile (recording the view)."""
from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import asdict, dataclass

from rozgar_core.errors import RozgarError
from rozgar_core.model.activity import NotificationType
from rozgar_core.model.location import GeoPoint
from rozgar_core.model.public_profile import PublicProfile
from rozgar_core.model.search import (
    SORT_DISTANCE,
    Cursor,
    LabourQuery,
    RawSearch,
    SearchResult,
    build_query,
)
from rozgar_core.ports import Cache, Clock, UnitOfWorkFactory
from rozgar_core.ports.search import LabourSearch, TaskRunner
from rozgar_core.use_cases.activity.notifier import Notifier, Outbox
from rozgar_core.use_cases.profiles import GetLabourCommand, GetLabourProfile
from rozgar_core.use_cases.profiles.cache_keys import SEARCH_GENERATION_KEY

SEARCH_TTL_SECONDS = 300
NEARBY_DEFAULT_RADIUS_KM = 10.0

log = logging.getLogger("rozgar.search")


class SearchLabours:
    def __init__(
        self, search: LabourSearch, cache: Cache, uow: UnitOfWorkFactory, tasks: TaskRunner, clock: Clock
    ) -> None:
        self._search = search
        self._cache = cache
        self._uow = uow
        self._tasks = tasks
        self._clock = clock

    def __call__(self, raw: RawSearch, searcher_id: str) -> SearchResult:
        query = build_query(raw, searcher_id)
        result = self._cached(query)
        if query.terms or query.skills:
            self._tasks.defer(lambda: self._record_history(query, searcher_id))
        return result

    def _cached(self, query: LabourQuery) -> SearchResult:
        # The generation changes with every profile write that can change results, so a cached
        # page is never older than the last such write.
        generation = self._cache.get(SEARCH_GENERATION_KEY) or "0"
        digest = hashlib.sha256(query.cache_key().encode()).hexdigest()
        key = f"search:{generation}:{digest}"
        cached = self._cache.get(key)
        if cached is not None:
            return result_from_json(cached)
        result = self._search.search(query)
        self._cache.set(key, result_to_json(result), SEARCH_TTL_SECONDS)
        return result

    def _record_history(self, query: LabourQuery, user_id: str) -> None:
        filters = {
            "skills": list(query.skills),
            "city": query.city_key,
            "labourType": query.labour_type,
            "availableOnly": query.available_only,
        }
        try:
            now = self._clock.now()
            # A trade is "named" by a word of three letters or more: "me" in "plumber near me" is not
            # a search for mechanics.
            named = [skill for term in query.terms if len(term.prefix) >= 3 for skill in term.skills]
            with self._uow() as uow:
                uow.search_history.add(user_id, query.text or "", filters, now)
                uow.analytics.record_search_skills(list(dict.fromkeys([*query.skills, *named])), now.date())
                uow.commit()
        except RozgarError:
            log.warning("could not record a search in the history")


@dataclass(frozen=True, slots=True)
class NearbyCommand:
    latitude: float
    longitude: float
    radius_km: float = NEARBY_DEFAULT_RADIUS_KM
    limit: int = 20
    available_only: bool = False


class NearbyLabours:
    def __init__(self, search: SearchLabours) -> None:
        self._search = search

    def __call__(self, command: NearbyCommand, searcher_id: str) -> list[PublicProfile]:
        raw = RawSearch(
            latitude=command.latitude,
            longitude=command.longitude,
            radius_km=command.radius_km,
            limit=command.limit,
            available_only=command.available_only,
            sort=SORT_DISTANCE,
        )
        return self._search(raw, searcher_id).labours


class ViewLabour:
    """A labour's public profile; a view by someone else is counted once per viewer and day."""

    def __init__(
        self,
        profiles: GetLabourProfile,
        uow: UnitOfWorkFactory,
        tasks: TaskRunner,
        clock: Clock,
        notifier: Notifier,
    ) -> None:
        self._profiles = profiles
        self._uow = uow
        self._tasks = tasks
        self._clock = clock
        self._notifier = notifier

    def __call__(self, labour_id: str, viewer_id: str, origin: GeoPoint | None = None) -> PublicProfile:
        profile = self._profiles(GetLabourCommand(labour_id, origin))
        if viewer_id != labour_id:
            self._tasks.defer(lambda: self._record_view(labour_id, viewer_id))
        return profile

    def _record_view(self, labour_id: str, viewer_id: str) -> None:
        now = self._clock.now()
        try:
            with self._uow() as uow:
                outbox = Outbox()
                if uow.profile_views.record(labour_id, viewer_id, now.date(), now):
                    self._notifier.add(
                        uow, outbox, labour_id, NotificationType.PROFILE_VIEW, "Profile view",
                        "Someone viewed your profile today", viewer_id,
                    )
                uow.commit()
            self._notifier.send(outbox)
        except RozgarError:
            log.warning("could not record a profile view")


def result_to_json(result: SearchResult) -> str:
    return json.dumps(
        {
            "labours": [asdict(labour) for labour in result.labours],
            "total": result.total,
            "capped": result.total_capped,
            "next": result.next_cursor.encode() if result.next_cursor else None,
        },
        separators=(",", ":"),
    )


def result_from_json(text: str) -> SearchResult:
    data = json.loads(text)
    return SearchResult(
        labours=[PublicProfile(**labour) for labour in data["labours"]],
        total=data["total"],
        total_capped=data["capped"],
        next_cursor=Cursor.decode(data["next"]) if data["next"] else None,
    )
