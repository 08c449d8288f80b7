"""Initial schema: the ten tables of the spec plus user_settings and profile_views.

Revision ID: 0001
Revises:
Create Date: 2025-01-01 00:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

LABOUR_TYPES = "'daily', 'monthly', 'partTime', 'fullTime', 'contract', 'freelance'"
LOCATION_SOURCE = "location_source IS NULL OR location_source IN ('user', 'pincode')"
EXPERIENCE_YEARS_RANGE = "experience_years IS NULL OR (experience_years >= 0 AND experience_years <= 60)"


def _id() -> sa.Column[str]:
    return sa.Column("id", sa.Uuid(as_uuid=False), nullable=False)


def _uuid(name: str, *, nullable: bool = False) -> sa.Column[str]:
    return sa.Column(name, sa.Uuid(as_uuid=False), nullable=nullable)


def _timestamp(name: str) -> sa.Column[object]:
    now = sa.func.current_timestamp()
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False, server_default=now)


def _moment(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=True)


def _flag(name: str, default: bool) -> sa.Column[bool]:
    return sa.Column(name, sa.Boolean(), nullable=False, server_default=sa.true() if default else sa.false())


def _pk(table: str, column: str = "id") -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint(column, name=op.f(f"pk_{table}"))


def _check(table: str, name: str, condition: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(condition, name=op.f(f"ck_{table}_{name}"))


def _user_fk(table: str, column: str, ondelete: str = "CASCADE") -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], ["users.id"], name=op.f(f"fk_{table}_{column}_users"), ondelete=ondelete
    )


def upgrade() -> None:
    _create_users()
    _create_auth_tables()
    _create_activity_tables()
    _create_admin_tables()


def _create_users() -> None:
    op.create_table(
        "users",
        _id(),
        sa.Column("phone", sa.String(15), nullable=False),
        sa.Column("email", sa.String(255)),
        sa.Column("name", sa.String(255)),
        sa.Column("password_hash", sa.String(255)),
        sa.Column("profile_picture_url", sa.Text()),
        sa.Column("profile_picture_key", sa.Text()),
        sa.Column("bio", sa.Text()),
        sa.Column("address", sa.Text()),
        sa.Column("city", sa.String(100)),
        sa.Column("state", sa.String(100)),
        sa.Column("pincode", sa.String(10)),
        sa.Column("latitude", sa.Numeric(10, 8)),
        sa.Column("longitude", sa.Numeric(11, 8)),
        sa.Column("location_source", sa.String(10)),
        _flag("is_available", False),
        sa.Column("experience_years", sa.Integer()),
        sa.Column("labour_type", sa.String(50)),
        sa.Column("rating", sa.Numeric(3, 2), nullable=False, server_default=sa.text("0")),
        sa.Column("total_reviews", sa.Integer(), nullable=False, server_default=sa.text("0")),
        _flag("is_verified", False),
        _flag("is_active", True),
        sa.Column("role", sa.String(20), nullable=False, server_default="labour"),
        _flag("is_admin", False),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        _moment("last_login_at"),
        _moment("profile_completed_at"),
        _pk("users"),
        sa.UniqueConstraint("phone", name=op.f("uq_users_phone")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
        _check("users", "rating_range", "rating >= 0 AND rating <= 5"),
        _check("users", "total_reviews_non_negative", "total_reviews >= 0"),
        _check("users", "experience_years_range", EXPERIENCE_YEARS_RANGE),
        _check("users", "labour_type", f"labour_type IS NULL OR labour_type IN ({LABOUR_TYPES})"),
        _check("users", "role", "role IN ('labour', 'employer')"),
        _check("users", "latitude_range", "latitude IS NULL OR (latitude >= -90 AND latitude <= 90)"),
        _check("users", "longitude_range", "longitude IS NULL OR (longitude >= -180 AND longitude <= 180)"),
        _check("users", "location_complete", "(latitude IS NULL) = (longitude IS NULL)"),
        _check("users", "location_source", LOCATION_SOURCE),
    )
    op.create_index(op.f("idx_users_city"), "users", ["city"])
    op.create_index(op.f("idx_users_is_available"), "users", ["is_available"])
    op.create_index(op.f("idx_users_location"), "users", ["latitude", "longitude"])

    op.create_table(
        "user_skills",
        _id(),
        _uuid("user_id"),
        sa.Column("skill", sa.String(100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False, server_default=sa.text("0")),
        _timestamp("created_at"),
        _pk("user_skills"),
        _user_fk("user_skills", "user_id"),
        sa.UniqueConstraint("user_id", "skill", name=op.f("uq_user_skills_user_id_skill")),
    )
    op.create_index(op.f("idx_user_skills_user_id"), "user_skills", ["user_id"])
    op.create_index(op.f("idx_user_skills_skill"), "user_skills", ["skill"])

    op.create_table(
        "user_settings",
        _uuid("user_id"),
        sa.Column("language", sa.String(10), nullable=False, server_default="en"),
        _flag("push_notifications", True),
        _flag("email_notifications", False),
        _flag("sms_notifications", True),
        _timestamp("updated_at"),
        _pk("user_settings", "user_id"),
        _user_fk("user_settings", "user_id"),
    )


def _create_auth_tables() -> None:
    op.create_table(
        "otp_verifications",
        _id(),
        sa.Column("phone", sa.String(15), nullable=False),
        sa.Column("otp_hash", sa.String(64), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default=sa.text("0")),
        _flag("is_verified", False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        _timestamp("created_at"),
        _pk("otp_verifications"),
        _check("otp_verifications", "attempts_non_negative", "attempts >= 0"),
    )
    op.create_index(op.f("idx_otp_phone"), "otp_verifications", ["phone", "created_at"])
    op.create_index(op.f("idx_otp_expires"), "otp_verifications", ["expires_at"])

    op.create_table(
        "refresh_tokens",
        _id(),
        _uuid("user_id"),
        _uuid("family_id"),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        _timestamp("created_at"),
        _moment("revoked_at"),
        _pk("refresh_tokens"),
        _user_fk("refresh_tokens", "user_id"),
        sa.UniqueConstraint("token_hash", name=op.f("uq_refresh_tokens_token_hash")),
    )
    op.create_index(op.f("idx_refresh_tokens_user_id"), "refresh_tokens", ["user_id"])
    op.create_index(op.f("idx_refresh_tokens_family_id"), "refresh_tokens", ["family_id"])


def _create_activity_tables() -> None:
    op.create_table(
        "reviews",
        _id(),
        _uuid("reviewer_id"),
        _uuid("reviewee_id"),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text()),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        _pk("reviews"),
        _user_fk("reviews", "reviewer_id"),
        _user_fk("reviews", "reviewee_id"),
        sa.UniqueConstraint("reviewer_id", "reviewee_id", name=op.f("uq_reviews_reviewer_id_reviewee_id")),
        _check("reviews", "rating_range", "rating >= 1 AND rating <= 5"),
        _check("reviews", "not_self", "reviewer_id <> reviewee_id"),
    )
    op.create_index(op.f("idx_reviews_reviewee"), "reviews", ["reviewee_id"])
    op.create_index(op.f("idx_reviews_reviewee_created"), "reviews", ["reviewee_id", "created_at"])
    op.create_index(op.f("idx_reviews_rating"), "reviews", ["rating"])

    op.create_table(
        "contacts",
        _id(),
        _uuid("from_user_id"),
        _uuid("to_user_id"),
        sa.Column("contact_type", sa.String(20), nullable=False),
        _timestamp("created_at"),
        _pk("contacts"),
        _user_fk("contacts", "from_user_id"),
        _user_fk("contacts", "to_user_id"),
        _check("contacts", "contact_type", "contact_type IN ('call', 'message')"),
    )
    op.create_index(op.f("idx_contacts_from_user"), "contacts", ["from_user_id", "created_at"])
    op.create_index(op.f("idx_contacts_to_user"), "contacts", ["to_user_id", "created_at"])

    op.create_table(
        "search_history",
        _id(),
        _uuid("user_id"),
        sa.Column("search_query", sa.Text(), nullable=False),
        sa.Column("filters", sa.JSON().with_variant(postgresql.JSONB(), "postgresql")),
        _timestamp("created_at"),
        _pk("search_history"),
        _user_fk("search_history", "user_id"),
    )
    op.create_index(op.f("idx_search_history_user"), "search_history", ["user_id", "created_at"])
    op.create_index(op.f("idx_search_history_created"), "search_history", ["created_at"])

    op.create_table(
        "notifications",
        _id(),
        _uuid("user_id"),
        sa.Column("type", sa.String(50), nullable=False),
        sa.Column("title", sa.String(255), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        _flag("is_read", False),
        _uuid("related_user_id", nullable=True),
        _timestamp("created_at"),
        _pk("notifications"),
        _user_fk("notifications", "user_id"),
        _user_fk("notifications", "related_user_id", ondelete="SET NULL"),
    )
    op.create_index(op.f("idx_notifications_user"), "notifications", ["user_id"])
    op.create_index(op.f("idx_notifications_is_read"), "notifications", ["is_read"])
    op.create_index(
        op.f("idx_notifications_user_read_created"), "notifications", ["user_id", "is_read", "created_at"]
    )
    op.create_index(op.f("idx_notifications_related_user"), "notifications", ["related_user_id"])

    op.create_table(
        "profile_views",
        _id(),
        _uuid("labour_id"),
        _uuid("viewer_id"),
        sa.Column("viewed_on", sa.Date(), nullable=False),
        _timestamp("created_at"),
        _pk("profile_views"),
        _user_fk("profile_views", "labour_id"),
        _user_fk("profile_views", "viewer_id"),
        sa.UniqueConstraint(
            "labour_id", "viewer_id", "viewed_on", name=op.f("uq_profile_views_labour_id_viewer_id_viewed_on")
        ),
    )
    op.create_index(op.f("idx_profile_views_labour_viewed_on"), "profile_views", ["labour_id", "viewed_on"])
    op.create_index(op.f("idx_profile_views_viewer"), "profile_views", ["viewer_id"])


def _create_admin_tables() -> None:
    op.create_table(
        "app_settings",
        _id(),
        sa.Column("key", sa.String(100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("description", sa.Text()),
        _timestamp("updated_at"),
        _pk("app_settings"),
        sa.UniqueConstraint("key", name=op.f("uq_app_settings_key")),
    )

    op.create_table(
        "reports",
        _id(),
        _uuid("reporter_id"),
        _uuid("reported_user_id"),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False, server_default="pending"),
        sa.Column("resolution_note", sa.Text()),
        _moment("resolved_at"),
        _timestamp("created_at"),
        _pk("reports"),
        _user_fk("reports", "reporter_id"),
        _user_fk("reports", "reported_user_id"),
        _check("reports", "status", "status IN ('pending', 'resolved', 'rejected')"),
    )
    op.create_index(op.f("idx_reports_status"), "reports", ["status", "created_at"])
    op.create_index(op.f("idx_reports_reported_user"), "reports", ["reported_user_id"])
    op.create_index(op.f("idx_reports_reporter"), "reports", ["reporter_id"])


def downgrade() -> None:
    tables = (
        "reports", "app_settings", "profile_views", "notifications", "search_history", "contacts",
        "reviews", "refresh_tokens", "otp_verifications", "user_settings", "user_skills", "users",
    )
    for table in tables:
        op.drop_table(table)
