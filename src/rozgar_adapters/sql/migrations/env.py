"""Alembic environment. `rozgar_adapters.sql.migrate` passes an open connection in
`config.attributes["connection"]`; the `alembic` command line may give `sqlalchemy.url` instead."""
from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from rozgar_adapters.sql.engine import create_engine_from_url
from rozgar_adapters.sql.tables import metadata

config = context.config


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _database_url() -> str:
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("No database: pass a connection or set sqlalchemy.url")
    return url


def run_migrations_offline() -> None:
    context.configure(
        url=_database_url(),
        target_metadata=metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        return
    engine = create_engine_from_url(_database_url(), pool_min=1, pool_max=1)
    try:
        with engine.begin() as new_connection:
            _configure(new_connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
