"""SQL adapters: SQLAlchemy Core tables, repositories, unit of work and Alembic migrations."""
from rozgar_adapters.sql import tables_admin  # noqa: F401  (puts its tables on `metadata`)
from rozgar_adapters.sql.engine import create_engine_from_url, ping_database
from rozgar_adapters.sql.migrate import current_revision, downgrade, head_revision, upgrade
from rozgar_adapters.sql.tables import metadata
from rozgar_adapters.sql.uow import SqlUnitOfWork, sql_uow_factory

__all__ = [
    "SqlUnitOfWork",
    "create_engine_from_url",
    "current_revision",
    "downgrade",
    "head_revision",
    "metadata",
    "ping_database",
    "sql_uow_factory",
    "upgrade",
]
