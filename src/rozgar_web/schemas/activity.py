"""Reviews, contacts, notifications and reports on the wire."""
from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate

from rozgar_core.model.pagination import DEFAULT_LIMIT, MAX_LIMIT, MAX_PAGE
from rozgar_web.schemas.common import MessageSchema, StrictSchema, SuccessSchema
from rozgar_web.schemas.fields import UtcDateTime


class ListPaginationSchema(Schema):
    page = fields.Integer(required=True)
    limit = fields.Integer(required=True)
    total = fields.Integer(required=True)
    totalPages = fields.Integer(required=True)


class PageQuery(Schema):
    class Meta:
        unknown = EXCLUDE

    # Checked by the core's PageRequest; documented here.
    page = fields.Integer(load_default=1, metadata={"minimum": 1, "maximum": MAX_PAGE})
    limit = fields.Integer(load_default=DEFAULT_LIMIT, metadata={"minimum": 1, "maximum": MAX_LIMIT})


class ReviewerSchema(Schema):
    id = fields.String(required=True)
    name = fields.String(allow_none=True)
    profilePictureUrl = fields.String(attribute="profile_picture_url", allow_none=True)


class ContactUserSchema(ReviewerSchema):
    phone = fields.String(allow_none=True)


class ReviewSchema(Schema):
    id = fields.String(required=True)
    reviewerId = fields.String(attribute="reviewer_id", required=True)
    revieweeId = fields.String(attribute="reviewee_id", required=True)
    rating = fields.Integer(required=True)
    comment = fields.String(allow_none=True)
    createdAt = UtcDateTime(attribute="created_at")
    updatedAt = UtcDateTime(attribute="updated_at")
    reviewer = fields.Nested(ReviewerSchema, allow_none=True)


class ReviewRequest(StrictSchema):
    labourId = fields.String(required=True)
    rating = fields.Integer(required=True, strict=True, validate=validate.Range(1, 5))
    comment = fields.String(allow_none=True, validate=validate.Length(max=1000))


class ReviewUpdateRequest(StrictSchema):
    rating = fields.Integer(required=True, strict=True, validate=validate.Range(1, 5))
    comment = fields.String(allow_none=True, validate=validate.Length(max=1000))


class ReviewResponse(MessageSchema):
    review = fields.Nested(ReviewSchema, required=True)


class ReviewListResponse(SuccessSchema):
    reviews = fields.List(fields.Nested(ReviewSchema), required=True)
    averageRating = fields.Float(required=True)
    totalReviews = fields.Integer(required=True)
    pagination = fields.Nested(ListPaginationSchema, required=True)


class ContactSchema(Schema):
    id = fields.String(required=True)
    fromUserId = fields.String(attribute="from_user_id", required=True)
    toUserId = fields.String(attribute="to_user_id", required=True)
    type = fields.String(required=True)
    contactType = fields.Function(lambda contact: contact.type, metadata={"description": "Same as type"})
    createdAt = UtcDateTime(attribute="created_at")
    fromUser = fields.Nested(ContactUserSchema, attribute="from_user", allow_none=True)
    toUser = fields.Nested(ContactUserSchema, attribute="to_user", allow_none=True)


class ContactRequest(StrictSchema):
    labourId = fields.String(required=True)
    contactType = fields.String(required=True, validate=validate.OneOf(("call", "message")))


class ContactResponse(MessageSchema):
    contact = fields.Nested(ContactSchema, required=True)


class ContactHistoryQuery(PageQuery):
    type = fields.String(validate=validate.OneOf(("sent", "received")))


class ContactHistoryResponse(SuccessSchema):
    contacts = fields.List(fields.Nested(ContactSchema), required=True)
    pagination = fields.Nested(ListPaginationSchema, required=True)


class NotificationSchema(Schema):
    id = fields.String(required=True)
    type = fields.String(required=True)
    title = fields.String(required=True)
    message = fields.String(required=True)
    isRead = fields.Boolean(attribute="is_read", required=True)
    relatedUserId = fields.String(attribute="related_user_id", allow_none=True)
    createdAt = UtcDateTime(attribute="created_at")


class NotificationQuery(PageQuery):
    unreadOnly = fields.Boolean(load_default=False)


class NotificationListResponse(SuccessSchema):
    notifications = fields.List(fields.Nested(NotificationSchema), required=True)
    unreadCount = fields.Integer(required=True)
    pagination = fields.Nested(ListPaginationSchema, required=True)


class ReadAllResponse(SuccessSchema):
    message = fields.String()
    updatedCount = fields.Integer(required=True)


class ReportSchema(Schema):
    id = fields.String(required=True)
    reporterId = fields.String(attribute="reporter_id", required=True)
    reportedUserId = fields.String(attribute="reported_user_id", required=True)
    reason = fields.String(required=True)
    status = fields.String(required=True)
    resolutionNote = fields.String(attribute="resolution_note", allow_none=True)
    resolvedAt = UtcDateTime(attribute="resolved_at", allow_none=True)
    createdAt = UtcDateTime(attribute="created_at")
    reporter = fields.Nested(ReviewerSchema, allow_none=True)
    reportedUser = fields.Nested(ReviewerSchema, attribute="reported_user", allow_none=True)


class ReportRequest(StrictSchema):
    userId = fields.String(required=True)
    reason = fields.String(required=True, validate=validate.Length(min=10, max=1000))


class ReportResponse(MessageSchema):
    report = fields.Nested(ReportSchema, required=True)


def pagination(page: int, limit: int, total: int) -> dict[str, int]:
    return {"page": page, "limit": limit, "total": total, "totalPages": -(-total // limit) if total else 0}
