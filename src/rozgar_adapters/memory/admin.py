"""In-memory admin user queries, audit log and analytics: the same answers as the SQL adapters."""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date, datetime
from typing import Protocol, TypeVar

from rozgar_adapters.memory.repositories import to_utc
from rozgar_adapters.memory.store import MemoryTransaction
from rozgar_core.errors import Conflict, NotFound
from rozgar_core.model import User
from rozgar_core.ports.admin import AuditEntry, UserFilter


def _matches_search(user: User, term: str) -> bool:
    """Name contains the term (any case), or the phone contains the term's digits; a term without a
    letter or a digit matches everyone (it is ignored)."""
    term = term.strip()
    if not any(character.isalnum() for character in term):
        return True
    if user.name is not None and term.lower() in user.name.lower():
        return True
    digits = re.sub(r"[^0-9]", "", term)
    return bool(digits) and digits in user.phone.e164


def _matches(user: User, filters: UserFilter) -> bool:
    return (
        (filters.active is None or user.is_active == filters.active)
        and (filters.verified is None or user.is_verified == filters.verified)
        and (filters.search is None or _matches_search(user, filters.search))
    )


class _Dated(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def created_at(self) -> datetime: ...


D = TypeVar("D", bound=_Dated)


def _newest_first(items: Iterable[D]) -> list[D]:
    """Newest first, ties by id (two stable sorts: the second keeps the id order among equal times)."""
    by_id = sorted(items, key=lambda item: item.id)
    return sorted(by_id, key=lambda item: item.created_at, reverse=True)


class MemoryAdminUserQueries:
    def __init__(self, transaction: MemoryTransaction) -> None:
        self._tx = transaction

    def list_users(self, filters: UserFilter, offset: int, limit: int) -> tuple[list[User], int]:
        store = self._tx.require_active()
        found = _newest_first(user for user in store.users.values() if _matches(user, filters))
        page = found[offset : offset + limit]
        return [replace(user, skills=list(user.skills)) for user in page], len(found)

    def set_admin(self, user_id: str, is_admin: bool, at: datetime) -> None:
        self._put(replace(self._existing(user_id), is_admin=is_admin, updated_at=to_utc(at)))

    def set_verified(self, user_id: str, verified: bool, at: datetime) -> None:
        self._put(replace(self._existing(user_id), is_verified=verified, updated_at=to_utc(at)))

    def set_active(self, user_id: str, active: bool, at: datetime) -> None:
        self._put(replace(self._existing(user_id), is_active=active, updated_at=to_utc(at)))

    def _existing(self, user_id: str) -> User:
        user = self._tx.require_active().users.get(user_id)
        if user is None:
            raise NotFound("This account no longer exists", code="USER_NOT_FOUND")
        return user

    def _put(self, user: User) -> None:
        self._tx.put(self._tx.store.users, user.id, user)


class MemoryAuditLogRepository:
    def __init__(self, transaction: MemoryTransaction) -> None:
        self._tx = transaction

    def add(self, entry: AuditEntry) -> None:
        store = self._tx.require_active()
        if entry.id in store.audit_log:
            raise Conflict(f"An audit entry with id {entry.id} already exists")
        if entry.admin_id not in store.users:
            raise Conflict(f"No user with id {entry.admin_id}")
        # Through JSON, as the database stores it: what comes back is what SQL would give back.
        details = json.loads(json.dumps(dict(entry.details)))
        stored = replace(entry, created_at=to_utc(entry.created_at), details=details)
        self._tx.put(store.audit_log, stored.id, stored)

    def list(self, offset: int, limit: int) -> tuple[list[AuditEntry], int]:
        store = self._tx.require_active()
        entries = _newest_first(store.audit_log.values())
        return [self._copy(entry, store.users) for entry in entries[offset : offset + limit]], len(entries)

    @staticmethod
    def _copy(entry: AuditEntry, users: Mapping[str, User]) -> AuditEntry:
        # As the database's ON DELETE SET NULL: the entry stays when its admin's account is erased.
        admin_id = entry.admin_id if entry.admin_id in users else None
        return replace(entry, admin_id=admin_id, details=json.loads(json.dumps(entry.details)))


class MemoryAnalyticsQueries:
    def __init__(self, transaction: MemoryTransaction) -> None:
        self._tx = transaction

    def profile_view_count(self, labour_id: str, since: date | None = None, until: date | None = None) -> int:
        views = self._tx.require_active().profile_views
        return sum(
            1
            for viewed_labour, _viewer, day in views
            if viewed_labour == labour_id
            and (since is None or day >= since)
            and (until is None or day < until)
        )

    def record_search_skills(self, skills: list[str], day: date) -> None:
        self.add_search_skill_counts(dict.fromkeys(skills, 1), day)

    def add_search_skill_counts(self, counts: Mapping[str, int], day: date) -> None:
        stored = self._tx.require_active().search_skill_counts
        for skill in sorted(counts):
            self._tx.put(stored, (day, skill), stored.get((day, skill), 0) + counts[skill])

    def top_searched_skills(self, since: date, limit: int) -> list[tuple[str, int]]:
        totals: dict[str, int] = {}
        for (day, skill), count in self._tx.require_active().search_skill_counts.items():
            if day >= since:
                totals[skill] = totals.get(skill, 0) + count
        ranked = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
        return ranked[:limit]
