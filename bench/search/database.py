"""The benchmark's own PostgreSQL database: created, migrated, seeded and vacuumed."""
from __future__ import annotations

import time

import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url

from rozgar_adapters.sql import create_engine_from_url, upgrade
from rozgar_adapters.sql.seed import seed_demo


def database_url(admin_url: str, name: str) -> str:
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def recreate(admin_url: str, name: str) -> None:
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()


def labour_count(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(sa.text("SELECT count(*) FROM users")).scalar_one())


def prepare(url: str, count: int, seed: int) -> dict[str, float]:
    """Migrates, seeds `count` labours unless the database holds them already, vacuums; the seconds taken."""
    engine = create_engine_from_url(url, pool_min=1, pool_max=2)
    seconds: dict[str, float] = {}
    try:
        upgrade(engine)
        existing = labour_count(engine)
        if existing < count:
            report = seed_demo(engine, count - existing, seed=seed)
            seconds["seed"] = report.seconds
        started = time.perf_counter()
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(sa.text("VACUUM (ANALYZE) users"))
            connection.execute(sa.text("VACUUM (ANALYZE) user_skills"))
        seconds["vacuum"] = time.perf_counter() - started
    finally:
        engine.dispose()
    return seconds


def server_facts(url: str) -> dict[str, str]:
    engine = create_engine_from_url(url, pool_min=1, pool_max=1)
    try:
        with engine.connect() as connection:
            facts = {"version": connection.execute(sa.text("SELECT version()")).scalar_one()}
            for setting in ("shared_buffers", "work_mem", "effective_cache_size", "jit", "random_page_cost"):
                facts[setting] = connection.execute(sa.text(f"SHOW {setting}")).scalar_one()
            size = "SELECT pg_size_pretty(pg_total_relation_size('users'))"
            facts["users table with indexes"] = connection.execute(sa.text(size)).scalar_one()
    finally:
        engine.dispose()
    return facts


def backend_pids(url: str) -> list[int]:
    """Process ids of the PostgreSQL backends connected to the benchmark database."""
    engine = create_engine_from_url(url, pool_min=1, pool_max=1)
    try:
        with engine.connect() as connection:
            query = sa.text("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
            return [int(pid) for pid in connection.execute(query).scalars()]
    finally:
        engine.dispose()
