"""An index of the listed labours by public point and id, for cursor pages nearest first (PostgreSQL).

A nearest-first page after a cursor lists the grid cells at the cursor's distance and beyond, and
reads the labours of those cells alone, by their public point (the centre of their cell), instead of
scanning nearest first through every labour nearer than the cursor. With the id (and availability)
in the index, the ids of a cell's labours, their distance and the cursor's comparison come from an
index-only scan, and only the page's rows are read from the table. SQLite keeps its public point
index of 0002.

Revision ID: 0006
Revises: 0005
Create Date: 2025-06-01 00:00:00
"""
from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

LISTED = "is_active AND NOT is_hidden AND profile_completed_at IS NOT NULL AND role = 'labour'"
INDEX = "idx_users_search_cells"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"CREATE INDEX {INDEX} ON users (public_latitude, public_longitude, id) INCLUDE (is_available)"
            f" WHERE {LISTED}"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP INDEX {INDEX}")
