"""Running work after a request has been answered (search history, profile views)."""
from __future__ import annotations

import atexit
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

log = logging.getLogger("rozgar.tasks")


def _run_safely(task: Callable[[], None]) -> None:
    try:
        task()
    except Exception:  # noqa: BLE001 - a deferred task must never take a worker down
        log.exception("deferred task failed")


def _run_later(task: Callable[[], None], delay_seconds: float) -> None:
    if delay_seconds > 0:
        time.sleep(delay_seconds)
    _run_safely(task)


class ImmediateTaskRunner:
    """Runs each task at once, in the caller's thread, delay or not: for tests, scripts and library use."""

    def defer(self, task: Callable[[], None], delay_seconds: float = 0.0) -> None:
        _run_safely(task)


class BackgroundTaskRunner:
    """A small thread pool; queued tasks are finished when the process exits."""

    def __init__(self, workers: int = 2) -> None:
        self._workers = workers
        self._executor: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    def defer(self, task: Callable[[], None], delay_seconds: float = 0.0) -> None:
        # A delayed task waits in a pool thread: delays are short and rare (one pending history flush).
        self._pool().submit(_run_later, task, delay_seconds)

    def shutdown(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True)

    def _pool(self) -> ThreadPoolExecutor:
        # Created on first use, so a forked worker never inherits a pool from its parent.
        with self._lock:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(self._workers, thread_name_prefix="rozgar-task")
                atexit.register(self.shutdown)
            return self._executor
