"""Labour search by brute force over the in-memory store: the oracle for every other adapter."""
from __future__ import annotations

from rozgar_adapters.memory.store import MemoryStore
from rozgar_core.model.location import round_distance
from rozgar_core.model.public_profile import PublicProfile
from rozgar_core.model.search import (
    SORT_DISTANCE,
    Cursor,
    LabourQuery,
    SearchResult,
    Total,
    comes_after,
    matches,
    public_distance,
    sort_value,
)
from rozgar_core.model.user import User


class MemoryLabourSearch:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    def search(self, query: LabourQuery, known_total: Total | None = None) -> SearchResult:
        with self._store.lock:
            users = list(self._store.users.values())
        ranked = sorted(
            (
                (sort_value(query, user, distance), user, distance)
                for user in users
                for distance in [public_distance(query, user)]
                if matches(query, user, distance)
            ),
            key=lambda item: _order(query, item[0], item[1]),
        )
        after_cursor = [item for item in ranked if comes_after(query, item[0], item[1].id)]
        page = after_cursor[query.offset : query.offset + query.limit]
        has_more = len(after_cursor) > query.offset + query.limit
        if known_total is None and query.count_total:
            known_total = Total.of(len(ranked))
        return SearchResult.of(
            [_public(user, distance) for _, user, distance in page],
            known_total,
            Cursor(query.sort, page[-1][0], page[-1][1].id) if page and has_more else None,
        )


def _order(query: LabourQuery, value: float, user: User) -> tuple[float, str] | tuple[float, _Desc]:
    if query.sort == SORT_DISTANCE:
        return (value, user.id)
    return (-value, _Desc(user.id))


class _Desc(str):
    """A string that sorts in reverse, for the descending id tie-break."""

    def __lt__(self, other: str) -> bool:  # type: ignore[override]
        return str.__gt__(self, other)

    def __gt__(self, other: str) -> bool:  # type: ignore[override]
        return str.__lt__(self, other)


def _public(user: User, distance: float | None) -> PublicProfile:
    profile = PublicProfile.of(user)
    if distance is None:
        return profile
    return PublicProfile(**{**_fields(profile), "distance": round_distance(distance)})


def _fields(profile: PublicProfile) -> dict[str, object]:
    return {name: getattr(profile, name) for name in profile.__dataclass_fields__}
