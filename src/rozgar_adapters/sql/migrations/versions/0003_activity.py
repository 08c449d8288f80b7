"""Activity: one pending report per reporter and reported user; notifications listed newest first.

Pending duplicates already stored would block the unique index: all but the newest of each pair are
rejected first. (The users.is_hidden flag reports rely on comes with revision 0002.)

Revision ID: 0003
Revises: 0002
Create Date: 2025-02-15 00:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

PENDING = "status = 'pending'"
REJECT_OLDER_PENDING_DUPLICATES = """
UPDATE reports
SET status = 'rejected', resolution_note = 'Duplicate of a newer pending report', resolved_at = CURRENT_TIMESTAMP
WHERE status = 'pending' AND EXISTS (
    SELECT 1 FROM reports AS newer
    WHERE newer.status = 'pending'
      AND newer.reporter_id = reports.reporter_id
      AND newer.reported_user_id = reports.reported_user_id
      AND (newer.created_at > reports.created_at OR (newer.created_at = reports.created_at AND newer.id > reports.id))
)
"""


def upgrade() -> None:
    op.execute(REJECT_OLDER_PENDING_DUPLICATES)
    op.create_index(
        "uq_reports_reporter_id_reported_user_id_pending",
        "reports",
        ["reporter_id", "reported_user_id"],
        unique=True,
        postgresql_where=sa.text(PENDING),
        sqlite_where=sa.text(PENDING),
    )
    op.create_index("idx_notifications_user_created", "notifications", ["user_id", "created_at"])


def downgrade() -> None:
    op.drop_index("idx_notifications_user_created", table_name="notifications")
    op.drop_index("uq_reports_reporter_id_reported_user_id_pending", table_name="reports")
