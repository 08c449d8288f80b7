"""Run the Alembic migrations from code: no alembic.ini needed."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

MIGRATIONS_DIRECTORY = Path(__file__).resolve().parent / "migrations"

# Any fixed number: PostgreSQL advisory lock taken while migrating, so that several
# processes starting at once run the migrations one after the other.
_MIGRATION_LOCK_KEY = 360_0001


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic configuration for our migrations, bound to `connection` when one is given."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIRECTORY).replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    with _migration_transaction(engine) as connection:
        command.upgrade(alembic_config(connection), revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    with _migration_transaction(engine) as connection:
        command.downgrade(alembic_config(connection), revision)


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at; None for a database never migrated."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    """The newest revision this code ships."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


@contextmanager
def _migration_transaction(engine: Engine) -> Iterator[Connection]:
    """One transaction for the whole migration.

    On SQLite, foreign keys are switched off meanwhile (it can only be done outside a transaction): a
    batch migration rebuilds a table by dropping it, and with foreign keys on, that drop would cascade
    to every row referring to it. They are checked before committing instead."""
    with engine.connect() as connection:
        is_sqlite = connection.dialect.name == "sqlite"
        if is_sqlite:
            _set_sqlite_foreign_keys(connection, enabled=False)
        try:
            with connection.begin():
                if connection.dialect.name == "postgresql":
                    # The app's statement timeout is for requests: waiting for another migrator and
                    # building indexes on big tables may take longer.
                    connection.exec_driver_sql("SET LOCAL statement_timeout = 0")
                    connection.execute(sa.select(sa.func.pg_advisory_xact_lock(_MIGRATION_LOCK_KEY)))
                yield connection
                if is_sqlite:
                    _check_sqlite_foreign_keys(connection)
        finally:
            if is_sqlite:
                _set_sqlite_foreign_keys(connection, enabled=True)


def _set_sqlite_foreign_keys(connection: Connection, *, enabled: bool) -> None:
    # On the driver connection directly: through SQLAlchemy, the statement would begin a transaction.
    driver_connection = connection.connection.driver_connection
    if driver_connection is None:
        raise RuntimeError("The SQLite connection is closed")
    driver_connection.execute(f"PRAGMA foreign_keys={'ON' if enabled else 'OFF'}")


def _check_sqlite_foreign_keys(connection: Connection) -> None:
    violations = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if violations:
        raise RuntimeError(f"The migration broke foreign keys: {violations[:10]}")
