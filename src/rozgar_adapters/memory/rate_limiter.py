"""In-process rolling-window rate limiter: one event log per key, guarded by one lock."""
from __future__ import annotations

import bisect
import threading
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from rozgar_core.ports import RateDecision, RateRule

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MS = timedelta(milliseconds=1)
# Keys nobody touches again still hold memory; sweep all of them now and then.
_SWEEP_EVERY = 1024


def to_epoch_ms(now: datetime) -> int:
    if now.tzinfo is None:
        raise ValueError("rate limiter times must be timezone-aware")
    return (now - _EPOCH) // _MS


def validate_rules(rules: Sequence[RateRule]) -> None:
    for rule in rules:
        if rule.limit < 1 or rule.window_seconds < 1:
            raise ValueError(f"rate rule {rule.key!r} needs limit >= 1 and window_seconds >= 1")


def retry_after_seconds(wait_ms: int) -> int:
    """Whole seconds, rounded up, never below one."""
    return max(1, -(-wait_ms // 1000))


@dataclass(slots=True)
class _EventLog:
    window_ms: int
    times: deque[int] = field(default_factory=deque)

    def prune(self, now_ms: int) -> None:
        horizon = now_ms - self.window_ms
        while self.times and self.times[0] <= horizon:
            self.times.popleft()

    def wait_ms(self, rule: RateRule, now_ms: int) -> int:
        """0 when the rule has room now; otherwise how long until it has."""
        window_ms = rule.window_seconds * 1000
        in_window = [t for t in self.times if t > now_ms - window_ms]
        if len(in_window) < rule.limit:
            return 0
        # The event whose expiry brings the count below the limit.
        return in_window[len(in_window) - rule.limit] + window_ms - now_ms


class MemoryRateLimiter:
    """Counts live only in this process: fine for one worker, not shared between processes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._logs: dict[str, _EventLog] = {}
        self._calls = 0

    def hit(self, rules: Sequence[RateRule], now: datetime) -> RateDecision:
        return self._evaluate(rules, now, record=True)

    def check(self, rules: Sequence[RateRule], now: datetime) -> RateDecision:
        return self._evaluate(rules, now, record=False)

    def _evaluate(self, rules: Sequence[RateRule], now: datetime, *, record: bool) -> RateDecision:
        validate_rules(rules)
        now_ms = to_epoch_ms(now)
        with self._lock:
            self._maybe_sweep(now_ms)
            logs = self._logs_for(rules, now_ms)
            wait_ms = max((logs[rule.key].wait_ms(rule, now_ms) for rule in rules), default=0)
            if wait_ms > 0:
                self._forget_empty(logs)
                return RateDecision(False, retry_after_seconds(wait_ms))
            if record:
                for log in logs.values():
                    bisect.insort(log.times, now_ms)
            self._forget_empty(logs)
            return RateDecision(True, 0)

    def _logs_for(self, rules: Sequence[RateRule], now_ms: int) -> dict[str, _EventLog]:
        logs: dict[str, _EventLog] = {}
        for rule in rules:
            log = self._logs.setdefault(rule.key, _EventLog(rule.window_seconds * 1000))
            log.window_ms = max(log.window_ms, rule.window_seconds * 1000)
            logs[rule.key] = log
        for log in logs.values():
            log.prune(now_ms)
        return logs

    def _forget_empty(self, logs: dict[str, _EventLog]) -> None:
        for key, log in logs.items():
            if not log.times:
                self._logs.pop(key, None)

    def _maybe_sweep(self, now_ms: int) -> None:
        self._calls += 1
        if self._calls % _SWEEP_EVERY:
            return
        for key in list(self._logs):
            log = self._logs[key]
            log.prune(now_ms)
            if not log.times:
                del self._logs[key]
