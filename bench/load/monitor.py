"""Memory and CPU of the server's processes, sampled from /proc in a background thread."""
from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Sample:
    processes: int
    rss_kib: int
    pss_kib: int
    cpu_seconds: float


@dataclass
class MemoryReport:
    first: Sample | None = None
    last: Sample | None = None
    peak_rss_kib: int = 0
    peak_pss_kib: int = 0
    samples: int = 0
    worker_rss_kib: list[int] = field(default_factory=list)
    rss_series: list[tuple[float, int]] = field(default_factory=list)
    """(seconds since the start, RSS sum in KiB) of every sample"""


def _status_kib(pid: int, name: str, filename: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/{filename}").read_text().splitlines():
            if line.startswith(name + ":"):
                return int(line.split()[1])
    except OSError:
        return 0
    return 0


def _stat_fields(pid: int) -> list[str]:
    """The fields of /proc/<pid>/stat after the command name (so state is [0], ppid [1], utime [11])."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return []


def _cpu_seconds(pid: int) -> float:
    fields = _stat_fields(pid)
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS if fields else 0.0  # utime + stime


def tree_cpu_seconds(pid: int) -> float:
    """CPU of a process, of its live children and of the children it has reaped (PostgreSQL's
    postmaster: every backend, also those of connections closed meanwhile)."""
    fields = _stat_fields(pid)
    if not fields:
        return 0.0
    own_and_reaped = sum(int(value) for value in fields[11:15]) / CLOCK_TICKS  # utime stime cutime cstime
    return own_and_reaped + sum(_cpu_seconds(child) for child in children_of(pid))


def children_of(pid: int) -> list[int]:
    return [int(entry.name) for entry in Path("/proc").iterdir()
            if entry.name.isdigit() and (fields := _stat_fields(int(entry.name))) and int(fields[1]) == pid]


def machine_cpu_seconds() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, from /proc/stat."""
    values = [int(value) for value in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    total = sum(values[:8])  # guest time is already counted in user time
    return (total - idle) / CLOCK_TICKS, total / CLOCK_TICKS


def sample(pids: list[int]) -> Sample:
    """RSS adds pages the workers share with the master once per process; PSS splits them fairly."""
    return Sample(
        processes=len(pids),
        rss_kib=sum(_status_kib(pid, "VmRSS", "status") for pid in pids),
        pss_kib=sum(_status_kib(pid, "Pss", "smaps_rollup") for pid in pids),
        cpu_seconds=sum(_cpu_seconds(pid) for pid in pids),
    )


def worker_rss(pids: list[int]) -> list[int]:
    return [_status_kib(pid, "VmRSS", "status") for pid in pids]


class CpuTracker:
    """CPU seconds a changing set of processes used since each was first seen."""

    def __init__(self, list_pids: Callable[[], list[int]]) -> None:
        self._list_pids = list_pids
        self._first: dict[int, float] = {}
        self._last: dict[int, float] = {}

    def update(self) -> None:
        for pid in self._list_pids():
            seconds = _cpu_seconds(pid)
            self._first.setdefault(pid, seconds)
            self._last[pid] = max(seconds, self._last.get(pid, 0.0))

    @property
    def seconds(self) -> float:
        return sum(self._last[pid] - self._first[pid] for pid in self._last)

    @property
    def processes(self) -> int:
        return len(self._last)


def processes_named(*fragments: str) -> list[int]:
    """Processes whose command line (their title, for PostgreSQL backends) contains every fragment."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if all(fragment in command for fragment in fragments):
                pids.append(int(entry.name))
    return pids


def postmaster_pid() -> int | None:
    """The local PostgreSQL server's main process (`postgres -D <data directory>`), if there is one."""
    for pid in processes_named(" -D "):
        try:
            if Path(f"/proc/{pid}/comm").read_text().strip() == "postgres":
                return pid
        except OSError:
            continue
    return None


class MemoryMonitor:
    """Samples the master and its workers every `interval` seconds until stopped, and the CPU of
    other processes (`others`: a name and the pids it covers)."""

    def __init__(
        self,
        list_pids: Callable[[], list[int]],
        others: dict[str, Callable[[], list[int]]],
        interval: float = 0.5,
    ) -> None:
        self._list_pids = list_pids
        self._interval = interval
        self._stop = threading.Event()
        self.report = MemoryReport()
        self.others = {name: CpuTracker(list_pids) for name, list_pids in others.items()}
        self._machine_start = (0.0, 0.0)
        self._started = time.monotonic()
        self.machine_busy_seconds = 0.0
        self.machine_total_seconds = 0.0
        self._thread = threading.Thread(target=self._run, name="memory-monitor", daemon=True)

    def start(self) -> None:
        self._started = time.monotonic()
        self._machine_start = machine_cpu_seconds()
        self._take()
        self._thread.start()

    def stop(self) -> MemoryReport:
        self._stop.set()
        self._thread.join(timeout=10)
        self._take()
        busy, total = machine_cpu_seconds()
        self.machine_busy_seconds = busy - self._machine_start[0]
        self.machine_total_seconds = total - self._machine_start[1]
        self.report.worker_rss_kib = worker_rss(self._list_pids()[1:])
        return self.report

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            self._take()

    def _take(self) -> None:
        for tracker in self.others.values():
            tracker.update()
        current = sample(self._list_pids())
        report = self.report
        report.first = report.first or current
        report.last = current
        report.peak_rss_kib = max(report.peak_rss_kib, current.rss_kib)
        report.peak_pss_kib = max(report.peak_pss_kib, current.pss_kib)
        report.samples += 1
        report.rss_series.append((time.monotonic() - self._started, current.rss_kib))


def _series(series: list[tuple[float, int]], points: int = 6) -> str:
    """The RSS at evenly spaced moments of the run."""
    if not series:
        return "-"
    picks = [series[round(index * (len(series) - 1) / (points - 1))] for index in range(points)]
    return ", ".join(f"{seconds:.0f} s {kib / 1024:.0f}" for seconds, kib in picks)


def memory_lines(report: MemoryReport, seconds: float) -> list[str]:
    if report.first is None or report.last is None:
        return ["server memory: no samples"]
    first, last = report.first, report.last
    cpu = last.cpu_seconds - first.cpu_seconds
    workers = ", ".join(f"{kib / 1024:.0f}" for kib in report.worker_rss_kib)
    rss = (
        f"server RSS, sum over processes: start {first.rss_kib / 1024:.0f} MiB, "
        f"peak {report.peak_rss_kib / 1024:.0f} MiB, end {last.rss_kib / 1024:.0f} MiB ({report.samples} samples)"
    )
    pss = (
        f"server PSS (shared pages split): start {first.pss_kib / 1024:.0f} MiB, "
        f"peak {report.peak_pss_kib / 1024:.0f} MiB, end {last.pss_kib / 1024:.0f} MiB"
    )
    return [
        f"server processes: {last.processes} (master + workers)",
        rss,
        "server RSS over the run (MiB): " + _series(report.rss_series),
        pss,
        f"worker RSS at the end (MiB): {workers}",
        f"server CPU during the run: {cpu:.1f} s in {seconds:.1f} s ({cpu / max(seconds, 1e-9):.2f} cores)",
    ]
