"""Connections never outlive the access token they were opened with.

One background task per server process keeps a heap of (expiry, sid) and sleeps until the earliest
expiry, rather than a timer thread per connection. Clients only listen, so there is no incoming
event on which a check could run instead.
"""
from __future__ import annotations

import heapq
import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime

log = logging.getLogger("rozgar.realtime")

MAX_SLEEP_SECONDS = 60.0


class ExpiryWatch:
    def __init__(
        self,
        expire: Callable[[str], None],
        start_task: Callable[[Callable[[], None]], object],
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._expire = expire
        self._start_task = start_task
        self._now = now
        self._heap: list[tuple[datetime, str]] = []
        self._wakeup = threading.Condition()
        self._started = False

    def watch(self, sid: str, expires_at: datetime) -> None:
        with self._wakeup:
            heapq.heappush(self._heap, (expires_at, sid))
            if not self._started:
                # Started on the first connection, in the worker process, never at import or fork time.
                self._started = True
                self._start_task(self._run)
            self._wakeup.notify()

    def _due(self) -> list[str]:
        """Pops the sids whose token has expired; waits (bounded) when none has."""
        with self._wakeup:
            now = self._now()
            due = []
            while self._heap and self._heap[0][0] <= now:
                due.append(heapq.heappop(self._heap)[1])
            if not due:
                timeout = MAX_SLEEP_SECONDS
                if self._heap:
                    timeout = min(timeout, (self._heap[0][0] - now).total_seconds())
                self._wakeup.wait(max(timeout, 0.01))
            return due

    def _run(self) -> None:
        while True:
            for sid in self._due():
                try:
                    # A sid that already disconnected is simply not found: nothing to forget on disconnect.
                    self._expire(sid)
                except Exception:  # the watch must outlive one failed disconnect
                    log.exception("could not close an expired connection")
