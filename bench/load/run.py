"""Mixed-workload benchmark (not a test) of `rozgar serve` on PostgreSQL and Redis.

Creates its own database (or reuses it), seeds demo labours with `rozgar seed-demo`, starts the server
on loopback, logs load users in with test numbers and completes their profiles, then drives a weighted
mix of searches, nearby, labour details, profile reads and updates, contacts, reviews, notifications and
logins for a fixed time. Prints per-endpoint throughput and latency percentiles, errors and the server's
memory, and exits non-zero when a request failed or the server logged an error.

    python bench/load/run.py --labours 1000000 --duration 60 --concurrency 32
"""
from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import secrets
import shutil
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import database
from clients import (
    ADMIN_PHONE,
    TEST_CODE,
    close_all,
    load_phones,
    make_user,
    prepare_users,
    raise_contact_cap,
)
from monitor import MemoryMonitor, postmaster_pid, processes_named, tree_cpu_seconds
from report import Measurement, print_report
from server import (
    RunningServer,
    ServerConfig,
    delete_redis_keys,
    redis_version,
    server_environment,
)
from serverlog import count_lines, summarise_log
from stats import Recorder, error_report
from workload import RunLimits, World, drive

CONTACT_CAP = 10_000
TUNING_VARIABLES = (
    "WEB_CONCURRENCY", "DATABASE_POOL_MIN", "DATABASE_POOL_MAX", "DATABASE_STATEMENT_TIMEOUT_MS",
)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/rozgar_load")
    parser.add_argument("--reuse-database", action="store_true",
                        help="keep the database and its data (labours are only topped up to --labours)")
    parser.add_argument("--drop-database", action="store_true", help="drop the database at the end")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--labours", type=int, default=200_000, help="demo labours in the database")
    parser.add_argument("--users", type=int, default=200, help="load users (test numbers) making the requests")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of measured load")
    parser.add_argument("--warmup", type=float, default=5.0, help="seconds of unmeasured load first")
    parser.add_argument("--concurrency", type=int, default=32, help="requests in flight")
    parser.add_argument("--max-requests", type=int, default=2_000_000, help="stop after this many requests")
    parser.add_argument("--port", type=int, default=3180)
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: the server's own)")
    parser.add_argument("--server-log", type=Path, default=None, help="keep the server's log in this file")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the request mix")
    args = parser.parse_args()
    if not 1 <= args.users <= 60_000 or args.concurrency < 1 or args.duration <= 0:
        parser.error("--users must be 1-60000, --concurrency at least 1, --duration positive")
    return args


def main() -> int:
    args = _arguments()
    work_dir = Path(tempfile.mkdtemp(prefix="rozgar-load-"))
    phones = load_phones(args.users)
    config = ServerConfig(
        database_url=args.database_url,
        redis_url=args.redis_url,
        redis_prefix=f"rozgar-load-{secrets.token_hex(4)}:",
        port=args.port,
        workers=args.workers,
        test_numbers={phone: TEST_CODE for phone in [ADMIN_PHONE, *phones]},
        log_path=args.server_log or work_dir / "server.log",
    )
    environment = server_environment(config, {
        "DATA_DIR": str(work_dir / "data"),
        "JWT_SECRET": secrets.token_hex(32),
        "OTP_PEPPER": secrets.token_hex(32),
    })
    _print_machine()
    labour_ids = _prepare_database(args, environment)
    server = RunningServer(config, environment)
    failed = True
    try:
        server.wait_until_healthy()
        print(f"server: pid {server.pid}, log {config.log_path}")
        failed = asyncio.run(_load(args, server, phones, labour_ids))
    finally:
        server.stop()
        deleted = delete_redis_keys(args.redis_url, config.redis_prefix)
        print(f"stopped the server; deleted {deleted} Redis keys under {config.redis_prefix}")
        if args.drop_database and database.drop_database(args.database_url):
            print(f"dropped database {database.database_name(args.database_url)}")
        if failed:
            print(f"the server's log and files are kept in {work_dir}")
        else:
            shutil.rmtree(work_dir, ignore_errors=True)
    return 1 if failed else 0


def _prepare_database(args: argparse.Namespace, environment: dict[str, str]) -> list[str]:
    """Creates or reuses, migrates, seeds and vacuums the database, makes the admin; seeded labour ids."""
    print(f"database: {database.prepare_database(args.database_url, reuse=args.reuse_database)} "
          f"{database.database_name(args.database_url)}")
    database.run_cli(["migrate"], environment)
    added, seconds = database.seed(args.database_url, args.labours, environment)
    print(f"seeded {added} demo labours in {seconds:.0f} s; {database.demo_labour_count(args.database_url)} in all")
    database.vacuum(args.database_url)
    database.run_cli(["create-admin", "--phone", ADMIN_PHONE], environment)
    for name, value in database.server_facts(args.database_url).items():
        print(f"{name}: {value}")
    print(f"redis: {redis_version(args.redis_url)}")
    tuned = {name: os.environ[name] for name in TUNING_VARIABLES if name in os.environ}
    print(f"server settings from the environment: {tuned or 'none (the defaults)'}")
    return database.sample_labour_ids(args.database_url, 20_000)


async def _load(args: argparse.Namespace, server: RunningServer, phones: list[str], labour_ids: list[str]) -> bool:
    rng = random.Random(args.seed)
    users = [make_user(index, phone, server.base_url) for index, phone in enumerate(phones)]
    admin = make_user(len(phones), ADMIN_PHONE, server.base_url)
    setup = Recorder()
    try:
        await raise_contact_cap(setup, admin, CONTACT_CAP)
        started = time.perf_counter()
        await prepare_users(setup, users, rng)
        print(f"logged in {len(users)} load users and completed new profiles in {time.perf_counter() - started:.1f} s; "
              f"{len(server.worker_pids())} server workers")
        if setup.total_errors:
            print("setup failed:\n" + error_report(setup))
            return True
        world = World(users, labour_ids, rng)
        if args.warmup > 0:
            await drive(world, Recorder(), RunLimits(args.warmup, args.max_requests, args.concurrency))
            world.search_shapes = Recorder()
        measurement = await _measure(args, server, world)
    finally:
        await close_all([*users, admin])
    return print_report(measurement, args.concurrency)


async def _measure(args: argparse.Namespace, server: RunningServer, world: World) -> Measurement:
    log_start = count_lines(server.config.log_path)
    redis_port = urllib.parse.urlsplit(args.redis_url).port or 6379
    others = {
        "Redis server (the whole server, other clients included)":
            lambda: processes_named("redis-server", f":{redis_port}"),
    }
    monitor = MemoryMonitor(lambda: [server.pid, *server.worker_pids()], others)
    monitor.start()
    postmaster = postmaster_pid()
    cpu_started = time.process_time()
    postgres_started = tree_cpu_seconds(postmaster) if postmaster else 0.0
    database_before = database.activity(args.database_url)
    recorder = Recorder()
    seconds = await drive(world, recorder, RunLimits(args.duration, args.max_requests, args.concurrency))
    client_cpu = time.process_time() - cpu_started
    postgres_cpu = tree_cpu_seconds(postmaster) - postgres_started if postmaster else None
    memory = monitor.stop()
    await asyncio.sleep(1.5)  # backends publish their statistics about once a second
    database_after = database.activity(args.database_url)
    return Measurement(
        recorder=recorder,
        search_shapes=world.search_shapes,
        seconds=seconds,
        client_cpu_seconds=client_cpu,
        memory=memory,
        other_cpu={name: (tracker.seconds, tracker.processes) for name, tracker in monitor.others.items()},
        postgres_cpu_seconds=postgres_cpu,
        machine_cpu=(monitor.machine_busy_seconds, monitor.machine_total_seconds),
        database_activity={name: database_after[name] - database_before[name] for name in database_after},
        server_log=summarise_log(server.config.log_path, since_line=log_start),
        skipped_logins=world.skipped_logins,
    )


def _print_machine() -> None:
    memory_kib = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal:"))
    print(f"machine: {os.cpu_count()} CPUs, {memory_kib / 1024 / 1024:.1f} GiB, {platform.platform()}, "
          f"Python {platform.python_version()}")


if __name__ == "__main__":
    sys.exit(main())
