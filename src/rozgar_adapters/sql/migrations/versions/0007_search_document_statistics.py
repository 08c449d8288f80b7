"""A finer sample of the search document in PostgreSQL's statistics.

PostgreSQL estimates how many rows `search_document LIKE '% word%'` matches by testing the word against
the column's histogram, which holds `statistics target + 1` sampled documents (101 by default). At 1 %
resolution a word that 2 % of the labours carry ("yadav") can match none of them, so the planner
expects a hundred rows, reads every match through the trigram index and sorts them for a page: 70 ms
instead of 2 ms reading the rating index until the page is full. With 251 sampled documents the
estimates hold; the planner's own cost (the word tested against each of them) stays below 0.1 ms.
Autovacuum's next ANALYZE, or the one the migration runs, collects the larger sample. SQLite has no
such statistics.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24 00:00:00
"""
from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

STATISTICS_TARGET = 250


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER TABLE users ALTER COLUMN search_document SET STATISTICS {STATISTICS_TARGET}")
        op.execute("ANALYZE users (search_document)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE users ALTER COLUMN search_document SET STATISTICS -1")
