"""The printed results of a measured run."""
from __future__ import annotations

from dataclasses import dataclass

from monitor import MemoryReport, memory_lines
from serverlog import LogSummary, server_side_table
from stats import Recorder, error_report, results_table


@dataclass(frozen=True)
class Measurement:
    recorder: Recorder
    search_shapes: Recorder
    seconds: float
    client_cpu_seconds: float
    memory: MemoryReport
    other_cpu: dict[str, tuple[float, int]]
    """name -> (CPU seconds, processes)"""
    postgres_cpu_seconds: float | None
    """the whole PostgreSQL server (every database), when it runs on this machine"""
    database_activity: dict[str, float]
    """what PostgreSQL counted for the database during the run (see database.activity)"""
    machine_cpu: tuple[float, float]
    """(busy, total) CPU seconds of the whole machine during the run"""
    server_log: LogSummary
    skipped_logins: int


def print_report(run: Measurement, concurrency: int) -> bool:
    """Prints the tables and figures; whether the run failed (a request error or a server ERROR line)."""
    recorder, seconds, log = run.recorder, run.seconds, run.server_log
    print(f"\n## {recorder.total_requests} requests in {seconds:.1f} s at concurrency {concurrency}: "
          f"{recorder.total_requests / seconds:.1f} req/s, {recorder.total_errors} errors\n")
    print(results_table(recorder, seconds))
    print("\n" + results_table(run.search_shapes, seconds).replace("| endpoint |", "| GET /labours, by query |"))
    print("\n" + server_side_table(log) + "\n")
    for line in memory_lines(run.memory, seconds):
        print(line)
    for name, (cpu, processes) in run.other_cpu.items():
        print(f"CPU of {name}: {cpu:.1f} s ({cpu / seconds:.2f} cores, {processes} processes)")
    db = run.database_activity
    print(f"PostgreSQL, this database: {db['sessions']:.0f} connections opened, {db['active_ms'] / 1000:.1f} s "
          f"running statements, {db['idle_in_transaction_ms'] / 1000:.1f} s idle in transactions, "
          f"{db['commits']:.0f} commits, {db['rollbacks']:.0f} rollbacks")
    print(f"CPU of the load generator: {run.client_cpu_seconds:.1f} s ({run.client_cpu_seconds / seconds:.2f} cores)")
    server_cpu = run.memory.last.cpu_seconds - run.memory.first.cpu_seconds if run.memory.first and run.memory.last else 0
    known = server_cpu + run.client_cpu_seconds + sum(cpu for cpu, _ in run.other_cpu.values())
    if run.postgres_cpu_seconds is not None:
        known += run.postgres_cpu_seconds
        print(f"CPU of the PostgreSQL server (every database and backend): {run.postgres_cpu_seconds:.1f} s "
              f"({run.postgres_cpu_seconds / seconds:.2f} cores)")
    busy, total = run.machine_cpu
    print(f"the whole machine: {busy / seconds:.2f} of {total / seconds:.2f} cores busy; "
          f"everything else (kernel, other programs): {max(0.0, busy - known) / seconds:.2f} cores")
    if run.skipped_logins:
        print(f"logins skipped (every chosen user had used its per-address verify budget): {run.skipped_logins}")
    if recorder.total_errors:
        print("errors (the first few of each endpoint):\n" + error_report(recorder))
    if log.error_count:
        print(f"the server logged {log.error_count} ERROR lines, e.g.:\n" + "\n".join(log.error_samples))
    return bool(recorder.total_errors or log.error_count)
