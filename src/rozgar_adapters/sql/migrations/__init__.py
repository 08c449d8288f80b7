"""Alembic migrations of the Rozgar360 database (run them through `rozgar_adapters.sql.migrate`)."""
