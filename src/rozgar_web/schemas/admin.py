"""Admin and analytics on the wire."""
from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate

from rozgar_web.schemas.activity import ListPaginationSchema, PageQuery, ReportSchema
from rozgar_web.schemas.common import MessageSchema, StrictSchema, SuccessSchema
from rozgar_web.schemas.fields import StrictBoolean, UtcDateTime
from rozgar_web.schemas.users import UserProfileSchema


class AdminUserSchema(UserProfileSchema):
    isActive = fields.Boolean(attribute="is_active")
    isAdmin = fields.Boolean(attribute="is_admin")
    isHidden = fields.Boolean(attribute="is_hidden")
    lastLoginAt = UtcDateTime(attribute="last_login_at", allow_none=True)


class AdminUsersQuery(PageQuery):
    status = fields.String(validate=validate.OneOf(("active", "inactive")))
    verified = fields.Boolean()
    search = fields.String(validate=validate.Length(max=100))


class AdminUsersResponse(SuccessSchema):
    users = fields.List(fields.Nested(AdminUserSchema), required=True)
    pagination = fields.Nested(ListPaginationSchema, required=True)


class AdminUserResponse(MessageSchema):
    user = fields.Nested(AdminUserSchema, required=True)


class UserStatusRequest(StrictSchema):
    isActive = StrictBoolean(required=True)


class ReportsQuery(PageQuery):
    status = fields.String(validate=validate.OneOf(("pending", "resolved", "rejected")))


class ReportsResponse(SuccessSchema):
    reports = fields.List(fields.Nested(ReportSchema), required=True)
    pagination = fields.Nested(ListPaginationSchema, required=True)


class DecideReportRequest(StrictSchema):
    status = fields.String(required=True, validate=validate.OneOf(("resolved", "rejected")))
    note = fields.String(allow_none=True, validate=validate.Length(max=1000))


class DecideReportResponse(MessageSchema):
    report = fields.Nested(ReportSchema, required=True)


class AppSettingSchema(Schema):
    key = fields.String(required=True)
    value = fields.Raw(required=True)
    default = fields.Raw(required=True)
    type = fields.String(required=True)
    description = fields.String(required=True)


class AppSettingsResponse(SuccessSchema):
    settings = fields.List(fields.Nested(AppSettingSchema), required=True)


class AppSettingRequest(StrictSchema):
    value = fields.Raw(
        required=True,
        metadata={
            "description": "true/false or a whole number, by setting",
            "anyOf": [{"type": "boolean"}, {"type": "integer"}],
        },
    )


class AppSettingResponse(MessageSchema):
    setting = fields.Nested(AppSettingSchema, required=True)


class AuditEntrySchema(Schema):
    id = fields.String(required=True)
    adminId = fields.String(attribute="admin_id", allow_none=True)
    action = fields.String(required=True)
    targetType = fields.String(attribute="target_type", required=True)
    targetId = fields.String(attribute="target_id", allow_none=True)
    details = fields.Dict()
    createdAt = UtcDateTime(attribute="created_at")


class AuditResponse(SuccessSchema):
    entries = fields.List(fields.Nested(AuditEntrySchema), required=True)
    pagination = fields.Nested(ListPaginationSchema, required=True)


class ProfileViewsResponse(SuccessSchema):
    viewCount = fields.Integer(required=True)
    last7Days = fields.Integer(required=True)
    previous7Days = fields.Integer(required=True)
    trend = fields.String(required=True, validate=validate.OneOf(("up", "down", "stable")))


class TrendsQuery(Schema):
    class Meta:
        unknown = EXCLUDE

    # Checked by the core; documented here.
    days = fields.Integer(load_default=30, metadata={"minimum": 1, "maximum": 365})
    limit = fields.Integer(load_default=20, metadata={"minimum": 1, "maximum": 100})


class TrendSchema(Schema):
    skill = fields.String(required=True)
    count = fields.Integer(required=True)


class TrendsResponse(SuccessSchema):
    trends = fields.List(fields.Nested(TrendSchema), required=True)
    days = fields.Integer(required=True)
