"""Per-endpoint latencies and errors, and the printed results table."""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

MAX_ERROR_SAMPLES = 5


@dataclass
class EndpointStats:
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    error_samples: list[str] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return len(self.latencies_ms)


class Recorder:
    """Collects every measured request: its endpoint, status, latency and whether it was an error."""

    def __init__(self) -> None:
        self.endpoints: dict[str, EndpointStats] = {}

    def record(self, endpoint: str, status: int, latency_ms: float, error: str | None = None) -> None:
        stats = self.endpoints.setdefault(endpoint, EndpointStats())
        stats.latencies_ms.append(latency_ms)
        stats.statuses[status] += 1
        if error is not None:
            stats.errors += 1
            if len(stats.error_samples) < MAX_ERROR_SAMPLES:
                stats.error_samples.append(error)

    @property
    def total_requests(self) -> int:
        return sum(stats.requests for stats in self.endpoints.values())

    @property
    def total_errors(self) -> int:
        return sum(stats.errors for stats in self.endpoints.values())

    def all_latencies(self) -> list[float]:
        return [latency for stats in self.endpoints.values() for latency in stats.latencies_ms]


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of `values` (0 when empty)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def results_table(recorder: Recorder, seconds: float) -> str:
    """A Markdown table: one row per endpoint, then the whole mix."""
    header = "| endpoint | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors | statuses |"
    lines = [header, "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for name in sorted(recorder.endpoints, key=lambda n: -recorder.endpoints[n].requests):
        stats = recorder.endpoints[name]
        statuses = ", ".join(f"{status}: {count}" for status, count in sorted(stats.statuses.items()))
        lines.append(_row(name, stats.latencies_ms, stats.errors, seconds, statuses))
    lines.append(_row("**all**", recorder.all_latencies(), recorder.total_errors, seconds, ""))
    return "\n".join(lines)


def _row(name: str, latencies: list[float], errors: int, seconds: float, statuses: str) -> str:
    rate = len(latencies) / seconds if seconds > 0 else 0.0
    cells = [
        name,
        str(len(latencies)),
        f"{rate:.1f}",
        f"{percentile(latencies, 0.50):.1f}",
        f"{percentile(latencies, 0.95):.1f}",
        f"{percentile(latencies, 0.99):.1f}",
        f"{max(latencies, default=0.0):.1f}",
        str(errors),
        statuses,
    ]
    return "| " + " | ".join(cells) + " |"


def error_report(recorder: Recorder) -> str:
    lines = []
    for name, stats in sorted(recorder.endpoints.items()):
        for sample in stats.error_samples:
            lines.append(f"  {name}: {sample}")
    return "\n".join(lines)
