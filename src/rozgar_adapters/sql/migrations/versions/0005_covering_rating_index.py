"""The rating index of the search covers the columns the search filters on (PostgreSQL).

A deep page in rating order (page 100 of a common word) skips thousands of matches, and the rows
between them that fail the filters. With the filtered columns in the index, PostgreSQL finds the
page's ids with an index-only scan and reads only the page's rows from the table, instead of one
random table row per row skipped. SQLite keeps the plain index (it has no INCLUDE).

The new index is built under another name before the old one is dropped, so that rating-order pages
keep an index while it builds (the build blocks writes to users, not reads).

Revision ID: 0005
Revises: 0004
Create Date: 2025-05-01 00:00:00
"""
from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

LISTED = "is_active AND NOT is_hidden AND profile_completed_at IS NOT NULL AND role = 'labour'"
INDEX = "idx_users_search_rating"
COVERED = "is_available, experience_years, labour_type, city_key, skills, search_document"
COVERING = f"(rating DESC, id DESC) INCLUDE ({COVERED}) WHERE {LISTED}"
PLAIN = f"(rating DESC, id DESC) WHERE {LISTED}"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _replace(COVERING)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _replace(PLAIN)


def _replace(definition: str) -> None:
    op.execute(f"CREATE INDEX {INDEX}_new ON users {definition}")
    op.execute(f"DROP INDEX {INDEX}")
    op.execute(f"ALTER INDEX {INDEX}_new RENAME TO {INDEX}")
