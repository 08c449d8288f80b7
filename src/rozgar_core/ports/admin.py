"""Ports of administration and analytics."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

from rozgar_core.model import User


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: str
    admin_id: str | None
    """None once the admin's own account has been erased (the entry stays)."""
    action: str
    target_type: str
    target_id: str | None
    created_at: datetime
    details: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class UserFilter:
    active: bool | None = None
    verified: bool | None = None
    search: str | None = None
    """Matches the name (case-insensitive substring) or the phone (digits substring)."""


class AdminUserQueries(Protocol):
    def list_users(self, filters: UserFilter, offset: int, limit: int) -> tuple[list[User], int]:
        """Newest accounts first (ties by id), and the total."""
        ...

    def set_admin(self, user_id: str, is_admin: bool, at: datetime) -> None: ...

    def set_verified(self, user_id: str, verified: bool, at: datetime) -> None: ...

    def set_active(self, user_id: str, active: bool, at: datetime) -> None: ...


class AuditLogRepository(Protocol):
    def add(self, entry: AuditEntry) -> None: ...

    def list(self, offset: int, limit: int) -> tuple[list[AuditEntry], int]:
        """Newest first (ties by id), and the total."""
        ...


class AnalyticsQueries(Protocol):
    def profile_view_count(self, labour_id: str, since: date | None = None, until: date | None = None) -> int:
        """Distinct viewer-days of a labour's profile with since <= day < until (open bounds: all)."""
        ...

    def record_search_skills(self, skills: list[str], day: date) -> None:
        """Count one search for each skill on that day."""
        ...

    def add_search_skill_counts(self, counts: Mapping[str, int], day: date) -> None:
        """Add each count (positive) to its skill's count of that day, in one step."""
        ...

    def top_searched_skills(self, since: date, limit: int) -> list[tuple[str, int]]:
        """The most searched skills since that day, most first (ties by skill)."""
        ...
