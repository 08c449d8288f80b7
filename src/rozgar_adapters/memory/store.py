"""The in-memory database: plain dicts guarded by one re-entrant lock, plus an undo log per transaction."""
from __future__ import annotations

import threading
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar

from rozgar_core.model import OtpChallenge, RefreshToken, User
from rozgar_core.model.activity import Contact, Notification, Report, Review
from rozgar_core.model.settings import UserSettings
from rozgar_core.ports.admin import AuditEntry

K = TypeVar("K")
V = TypeVar("V")

_MISSING: Any = object()


@dataclass(frozen=True, slots=True)
class SearchRecord:
    id: str
    user_id: str
    search_query: str
    filters: Mapping[str, object]
    created_at: datetime


ProfileViewKey = tuple[str, str, date]
"""(labour id, viewer id, day)"""


@dataclass(frozen=True, slots=True)
class AppSettingRecord:
    value: str
    description: str
    updated_at: datetime


@dataclass(eq=False)
class MemoryStore:
    """All in-memory data. Whoever reads or writes it holds `lock` (a unit of work holds it throughout).

    Stored objects are never mutated in place: a change puts a new object under the same key, which
    keeps the undo log a list of (table, key, previous value) entries."""

    users: dict[str, User] = field(default_factory=dict)
    user_ids_by_phone: dict[str, str] = field(default_factory=dict)
    user_ids_by_email: dict[str, str] = field(default_factory=dict)
    user_settings: dict[str, UserSettings] = field(default_factory=dict)
    otps: dict[str, OtpChallenge] = field(default_factory=dict)
    otp_ids_by_phone: dict[str, tuple[str, ...]] = field(default_factory=dict)
    refresh_tokens: dict[str, RefreshToken] = field(default_factory=dict)
    refresh_token_ids_by_hash: dict[str, str] = field(default_factory=dict)
    search_history: dict[str, SearchRecord] = field(default_factory=dict)
    profile_views: dict[ProfileViewKey, datetime] = field(default_factory=dict)
    reviews: dict[str, Review] = field(default_factory=dict)
    review_ids_by_pair: dict[tuple[str, str], str] = field(default_factory=dict)
    """(reviewer id, reviewee id) -> review id: one review per pair."""
    contacts: dict[str, Contact] = field(default_factory=dict)
    notifications: dict[str, Notification] = field(default_factory=dict)
    reports: dict[str, Report] = field(default_factory=dict)
    app_settings: dict[str, AppSettingRecord] = field(default_factory=dict)
    audit_log: dict[str, AuditEntry] = field(default_factory=dict)
    search_skill_counts: dict[tuple[date, str], int] = field(default_factory=dict)
    """(day, skill) -> how many searches asked for the skill that day."""
    lock: threading.RLock = field(default_factory=threading.RLock)


class MemoryTransaction:
    """Writes into the store while remembering how to undo them."""

    def __init__(self, store: MemoryStore) -> None:
        self.store = store
        self.active = False
        self._undo: list[tuple[MutableMapping[Any, Any], Any, Any]] = []

    def put(self, table: MutableMapping[K, V], key: K, value: V) -> None:
        self._require_active()
        self._undo.append((table, key, table.get(key, _MISSING)))
        table[key] = value

    def delete(self, table: MutableMapping[K, V], key: K) -> None:
        self._require_active()
        if key in table:
            self._undo.append((table, key, table[key]))
            del table[key]

    def begin(self) -> None:
        self._undo.clear()
        self.active = True

    def commit(self) -> None:
        self._require_active()
        self._undo.clear()

    def rollback(self) -> None:
        self._require_active()
        while self._undo:
            table, key, previous = self._undo.pop()
            if previous is _MISSING:
                table.pop(key, None)
            else:
                table[key] = previous

    def end(self) -> None:
        self.rollback()
        self.active = False

    def require_active(self) -> MemoryStore:
        """The store, for a read; raises when used outside the unit of work."""
        self._require_active()
        return self.store

    def _require_active(self) -> None:
        if not self.active:
            raise RuntimeError("The unit of work is not active: use it inside a `with` block")
