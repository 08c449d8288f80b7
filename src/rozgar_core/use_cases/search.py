"""Searching labours, nearby labours, and a labour's profile (recording the view)."""
from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, fields, replace
from functools import lru_cache

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
    Total,
    build_query,
)
from rozgar_core.ports import Cache, Clock, UnitOfWorkFactory
from rozgar_core.ports.search import LabourSearch, TaskRunner
from rozgar_core.use_cases.activity.notifier import Notifier, Outbox
from rozgar_core.use_cases.profiles import GetLabourCommand, GetLabourProfile
from rozgar_core.use_cases.profiles.cache_keys import SEARCH_GENERATION_KEY
from rozgar_core.use_cases.search_history import SearchHistoryRecorder

SEARCH_TTL_SECONDS = 300
DECODED_PAGES_KEPT = 64
"""Cached pages kept decoded per process: a popular search is read from the cache again and again,
and decoding its text was a tenth of serving it."""
NEARBY_DEFAULT_RADIUS_KM = 10.0

log = logging.getLogger("rozgar.search")


class SearchLabours:
    """Pages and totals are cached under the search generation, which every profile write that can
    change results bumps: a cached entry is never older than the last such write. A total is cached
    per set of filters, so the next pages, cursor pages and other orders of a search reuse it."""

    def __init__(self, search: LabourSearch, cache: Cache, history: SearchHistoryRecorder) -> None:
        self._search = search
        self._cache = cache
        self._history = history

    def __call__(self, raw: RawSearch, searcher_id: str) -> SearchResult:
        query = build_query(raw, searcher_id)
        result = self._cached(query)
        if query.terms or query.skills:
            self._history.record(query, searcher_id)
        return result

    def _cached(self, query: LabourQuery) -> SearchResult:
        page_key = _key("search", query.cache_key())
        total_key = _key("search-total", query.filter_key()) if query.count_total else None
        keys = [SEARCH_GENERATION_KEY, page_key, *([total_key] if total_key else [])]
        generation, page_entry, *total_entry = self._cache.get_many(keys)
        generation = generation or "0"
        page = _current(page_entry, generation)
        if page is not None:
            return _decoded(page)
        known_total = _current(total_entry[0], generation) if total_entry else None
        result = self._search.search(query, total_from_json(known_total) if known_total else None)
        self._cache.set(page_key, f"{generation}\n{result_to_json(result)}", SEARCH_TTL_SECONDS)
        counted = result.counted()
        if total_key and known_total is None and counted is not None:
            self._cache.set(total_key, f"{generation}\n{total_to_json(counted)}", SEARCH_TTL_SECONDS)
        return result


def _key(kind: str, text: str) -> str:
    return f"{kind}:{hashlib.sha256(text.encode()).hexdigest()}"


def _decoded(page: str) -> SearchResult:
    """`result_from_json(page)`, decoded once per text; the caller gets a list of its own."""
    result = _decoded_page(page)
    return replace(result, labours=list(result.labours))


@lru_cache(maxsize=DECODED_PAGES_KEPT)
def _decoded_page(page: str) -> SearchResult:
    return result_from_json(page)


def _current(entry: str | None, generation: str) -> str | None:
    """The value of a cache entry written under `generation`; None for any other."""
    if entry is None:
        return None
    written_under, _, value = entry.partition("\n")
    return value if written_under == generation else None


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
            count_total=False,
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


_PROFILE_FIELDS = tuple(field.name for field in fields(PublicProfile))


def result_to_json(result: SearchResult) -> str:
    return json.dumps(
        {
            "labours": [[getattr(labour, name) for name in _PROFILE_FIELDS] for labour in result.labours],
            "total": result.total,
            "capped": result.total_capped,
            "next": result.next_cursor.encode() if result.next_cursor else None,
        },
        separators=(",", ":"),
        ensure_ascii=False,
    )


def result_from_json(text: str) -> SearchResult:
    data = json.loads(text)
    return SearchResult(
        labours=[PublicProfile(*values) for values in data["labours"]],
        total=data["total"],
        total_capped=data["capped"],
        next_cursor=Cursor.decode(data["next"]) if data["next"] else None,
    )


def total_to_json(total: Total) -> str:
    return json.dumps([total.count, total.capped])


def total_from_json(text: str) -> Total:
    count, capped = json.loads(text)
    return Total(int(count), bool(capped))
