"""Labour search benchmark (not a test): seeds PostgreSQL with demo labours, times each query shape
through the SQL adapter and prints the plans of the SQL it sends, then measures HTTP throughput of
`GET /labours` and `/labours/nearby` under gunicorn with wrk, cached and uncached.

    PYTHONPATH=src python bench/search/run.py --count 1000000
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from database import backend_pids, database_url, prepare, recreate, server_facts
from http_load import access_token, children_of, cpu_seconds, running_server, wrk
from shapes import CENTRES, SHAPES
from timing import Timed, cursor_query, explain, time_queries

from rozgar_adapters.sql import create_engine_from_url
from rozgar_adapters.sql.search import SqlLabourSearch

DELHI = CENTRES["Delhi"]
HTTP_CASES = (
    ("nearby", f"/api/v1/labours/nearby?latitude={DELHI[0]}&longitude={DELHI[1]}&radius=10&availableOnly=true",
     "nearby_vary.lua"),
    ("city + skill + minRating", "/api/v1/labours?city=Delhi&skills=plumber&minRating=4&availableOnly=true",
     "city_vary.lua"),
    ("free text", "/api/v1/labours?search=electrician", "text_vary.lua"),
)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--admin-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/test",
                        help="a database of the server to create the benchmark database from")
    parser.add_argument("--database", default="rozgar_bench")
    parser.add_argument("--fresh", action="store_true", help="drop and create the database first")
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--runs", type=int, default=200, help="timed searches per shape")
    parser.add_argument("--no-explain", action="store_true")
    parser.add_argument("--no-shapes", action="store_true", help="skip the query shapes (HTTP only)")
    parser.add_argument("--no-http", action="store_true")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--port", type=int, default=3111)
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: the app's)")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    return parser.parse_args()


def main() -> int:
    args = _arguments()
    if args.fresh:
        recreate(args.admin_url, args.database)
    url = database_url(args.admin_url, args.database)
    seconds = prepare(url, args.count, args.seed)
    _print_setup(url, args, seconds)
    if not args.no_shapes:
        engine = create_engine_from_url(url, pool_min=1, pool_max=2)
        try:
            _time_shapes(engine, args)
        finally:
            engine.dispose()
    if not args.no_http:
        _http(url, args)
    return 0


def _print_setup(url: str, args: argparse.Namespace, seconds: dict[str, float]) -> None:
    memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    print(f"## Setup\n\n- machine: {multiprocessing.cpu_count()} cores, {memory_gb:.1f} GB, {platform.platform()}")
    for name, value in server_facts(url).items():
        print(f"- {name}: {value}")
    for name, value in seconds.items():
        print(f"- {name}: {value:.1f} s")
    print()


def _time_shapes(engine: object, args: argparse.Namespace) -> None:
    search = SqlLabourSearch(engine)  # type: ignore[arg-type]
    print("## Query shapes (SqlLabourSearch.search: page + total, warm)\n")
    print("| shape | median ms | p95 ms | total (last) |\n|---|---:|---:|---:|")
    plans: list[tuple[str, list[str]]] = []
    for shape in SHAPES:
        queries = [Timed(query) for query in shape.queries()]
        _row(shape.name, shape.description, time_queries(search, queries, args.runs))
        cursored = [q for q in (cursor_query(search, timed.query) for timed in queries) if q is not None]
        if cursored:
            _row(f"{shape.name} (cursor)", "the same page by cursor (total known)",
                 time_queries(search, cursored, args.runs))
        if not args.no_explain:
            plans.append((shape.name, explain(engine, search, queries[0])))  # type: ignore[arg-type]
            if cursored:
                plans.append((f"{shape.name} (cursor)", explain(engine, search, cursored[0])))  # type: ignore[arg-type]
    for name, statements in plans:
        print(f"\n### EXPLAIN (ANALYZE, BUFFERS): {name}\n")
        for plan in statements:
            print("```\n" + plan + "\n```")


def _row(name: str, description: str, timing: object) -> None:
    t = timing
    capped = "+" if t.capped else ""  # type: ignore[attr-defined]
    total = "not counted" if t.total is None else f"{t.total}{capped}"  # type: ignore[attr-defined]
    print(f"| {name}: {description} | {t.median_ms:.2f} | {t.p95_ms:.2f} | {total} |", flush=True)  # type: ignore[attr-defined]


def _http(url: str, args: argparse.Namespace) -> None:
    print(f"\n## HTTP (wrk -t{args.threads} -c{args.connections} -d{args.duration}s, loopback)\n")
    print("CPU ms/request: the gunicorn workers' and PostgreSQL backends' CPU time over the requests served"
          " (wrk and Redis aside), which bounds req/s on a quiet machine at cores x 1000 / it.\n")
    print("| endpoint | cache | req/s | p50 | p99 | non-2xx | CPU ms/request |\n|---|---|---:|---:|---:|---:|---:|")
    with running_server(url, args.redis_url, args.port, args.workers) as (base, server_pid):
        token = access_token(base)
        for name, path, script in HTTP_CASES:
            for cache, lua in (("uncached", script), ("cached", None)):
                wrk(base + path, token, duration_s=2, threads=args.threads, connections=args.connections, script=lua)
                processes = children_of(server_pid) + backend_pids(url)
                before = cpu_seconds(processes)
                result = wrk(base + path, token, duration_s=args.duration, threads=args.threads,
                             connections=args.connections, script=lua)
                # Backends opened during the run count whole: they started with it.
                after = cpu_seconds(sorted(set(processes) | set(children_of(server_pid) + backend_pids(url))))
                cpu_ms = (after - before) * 1000 / max(result.requests, 1)
                print(f"| {name} | {cache} | {result.requests_per_second:.0f} | {result.latency_p50} | "
                      f"{result.latency_p99} | {result.non_2xx} | {cpu_ms:.1f} |", flush=True)


if __name__ == "__main__":
    sys.exit(main())
