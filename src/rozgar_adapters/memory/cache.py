"""In-process cache: bounded, least recently used entries go first, expiry measured by the injected clock."""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from rozgar_core.ports import Clock


@dataclass(frozen=True, slots=True)
class _Entry:
    value: str
    expires_at: datetime


def check_entry(value: str, ttl_seconds: int) -> None:
    """Both cache adapters refuse the same caller mistakes instead of storing something unusable."""
    if not isinstance(value, str):
        raise TypeError(f"cache values are strings, not {type(value).__name__}")
    if ttl_seconds <= 0:
        raise ValueError("ttl_seconds must be positive")


class MemoryCache:
    """A cache for one process, safe to share between its threads.

    At most `max_entries` values are kept; when full, the least recently read or written one is dropped.
    Counters (`incr`) are kept apart from values, are never evicted and never expire; `get` of a counter's
    key returns its decimal value and `delete` resets it. A key is meant to be either a counter or a value.
    An expired value is dropped when it is next read, or when it becomes the least recently used.
    """

    def __init__(self, clock: Clock, max_entries: int = 10_000) -> None:
        if max_entries < 1:
            raise ValueError("max_entries must be at least 1")
        self._clock = clock
        self._max_entries = max_entries
        self._lock = threading.Lock()
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._counters: dict[str, int] = {}

    def get(self, key: str) -> str | None:
        now = self._clock.now()
        with self._lock:
            counter = self._counters.get(key)
            if counter is not None:
                return str(counter)
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry.expires_at <= now:
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return entry.value

    def get_many(self, keys: Sequence[str]) -> list[str | None]:
        return [self.get(key) for key in keys]

    def set(self, key: str, value: str, ttl_seconds: int) -> None:
        check_entry(value, ttl_seconds)
        expires_at = self._clock.now() + timedelta(seconds=ttl_seconds)
        with self._lock:
            self._entries[key] = _Entry(value, expires_at)
            self._entries.move_to_end(key)
            while len(self._entries) > self._max_entries:
                self._entries.popitem(last=False)

    def delete(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._entries.pop(key, None)
                self._counters.pop(key, None)

    def incr(self, key: str) -> int:
        with self._lock:
            value = self._counters.get(key, 0) + 1
            self._counters[key] = value
            return value

    def __len__(self) -> int:
        """The number of values held (expired ones not yet dropped included), counters excluded."""
        with self._lock:
            return len(self._entries)
