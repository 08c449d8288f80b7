"""Ports of the profile area: per-user settings and the cache."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from rozgar_core.model.settings import UserSettings


class UserSettingsRepository(Protocol):
    def get(self, user_id: str) -> UserSettings | None: ...

    def save(self, settings: UserSettings) -> None:
        """Insert or replace the settings of `settings.user_id`."""
        ...


class Cache(Protocol):
    """A best-effort cache: when its store is down it behaves as empty, never failing a request."""

    def get(self, key: str) -> str | None: ...

    def get_many(self, keys: Sequence[str]) -> list[str | None]:
        """`get` of each key, in order, in one round trip to the store."""
        ...

    def set(self, key: str, value: str, ttl_seconds: int) -> None: ...

    def delete(self, *keys: str) -> None: ...

    def incr(self, key: str) -> int:
        """Atomically add one to a counter (created at 0) and return the new value."""
        ...
