"""What the server's JSON log says about a run: its errors and its own request durations per route."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from stats import percentile

MAX_ERROR_SAMPLES = 5


@dataclass
class LogSummary:
    lines: int = 0
    error_count: int = 0
    error_samples: list[str] = field(default_factory=list)
    durations_ms: dict[str, list[float]] = field(default_factory=dict)
    statuses: dict[int, int] = field(default_factory=dict)


def summarise_log(path: Path, since_line: int = 0) -> LogSummary:
    """ERROR/CRITICAL lines and the access lines' statuses and durations, from line `since_line` on."""
    summary = LogSummary()
    with path.open(errors="replace") as log:
        for number, line in enumerate(log):
            summary.lines = number + 1
            if number < since_line:
                continue
            _read(summary, line)
    return summary


def count_lines(path: Path) -> int:
    with path.open(errors="replace") as log:
        return sum(1 for _ in log)


def _read(summary: LogSummary, line: str) -> None:
    try:
        entry = json.loads(line)
    except ValueError:
        return
    if not isinstance(entry, dict):
        return
    if entry.get("level") in ("ERROR", "CRITICAL"):
        summary.error_count += 1
        if len(summary.error_samples) < MAX_ERROR_SAMPLES:
            summary.error_samples.append(line.strip()[:1500])
    status, duration = entry.get("status"), entry.get("duration_ms")
    if entry.get("logger") == "rozgar.access" and isinstance(status, int) and isinstance(duration, (int, float)):
        summary.statuses[status] = summary.statuses.get(status, 0) + 1
        route = f"{entry.get('method')} {entry.get('path')}"
        summary.durations_ms.setdefault(route, []).append(float(duration))


def server_side_table(summary: LogSummary) -> str:
    """The server's own view (from request start to response, without the client and the network)."""
    lines = ["| route (server log) | requests | p50 ms | p95 ms | p99 ms |", "|---|---:|---:|---:|---:|"]
    for route, durations in sorted(summary.durations_ms.items(), key=lambda item: -len(item[1])):
        lines.append(
            f"| {route} | {len(durations)} | {percentile(durations, 0.5):.1f} | "
            f"{percentile(durations, 0.95):.1f} | {percentile(durations, 0.99):.1f} |"
        )
    return "\n".join(lines)
