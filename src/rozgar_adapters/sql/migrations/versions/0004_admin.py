"""Administration and analytics: the admin audit log and daily counts of searched skills.

Revision ID: 0004
Revises: 0003
Create Date: 2025-04-01 00:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "admin_audit_log",
        sa.Column("id", sa.Uuid(as_uuid=False), nullable=False),
        sa.Column("admin_id", sa.Uuid(as_uuid=False), nullable=True),
        sa.Column("action", sa.String(50), nullable=False),
        sa.Column("target_type", sa.String(30), nullable=False),
        sa.Column("target_id", sa.String(64), nullable=True),
        sa.Column("details", sa.JSON().with_variant(postgresql.JSONB(), "postgresql")),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.current_timestamp()
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_admin_audit_log")),
        sa.ForeignKeyConstraint(
            ["admin_id"], ["users.id"], name=op.f("fk_admin_audit_log_admin_id_users"), ondelete="SET NULL"
        ),
    )
    op.create_index(
        op.f("idx_admin_audit_log_created"), "admin_audit_log", [sa.text("created_at DESC"), "id"]
    )

    op.create_table(
        "search_skill_counts",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("skill", sa.String(100), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "skill", name=op.f("pk_search_skill_counts")),
        sa.CheckConstraint("count >= 0", name=op.f("ck_search_skill_counts_count_non_negative")),
    )
    op.create_index(op.f("idx_search_skill_counts_day"), "search_skill_counts", ["day"])


def downgrade() -> None:
    op.drop_table("search_skill_counts")
    op.drop_table("admin_audit_log")
