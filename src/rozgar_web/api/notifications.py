"""/notifications: the in-app list, marking read."""
from __future__ import annotations

from typing import Any

from rozgar_core.model.pagination import PageRequest
from rozgar_web.auth import auth_required, current_claims
from rozgar_web.blueprint import BEARER_AUTH, Blueprint
from rozgar_web.container_access import container
from rozgar_web.schemas.activity import (
    NotificationListResponse,
    NotificationQuery,
    ReadAllResponse,
    pagination,
)
from rozgar_web.schemas.common import MessageSchema

blp = Blueprint("notifications", __name__, url_prefix="/api/v1/notifications", description="Notifications")


@blp.route("", methods=["GET"])
@auth_required
@blp.arguments(NotificationQuery(), location="query")
@blp.response(200, NotificationListResponse)
@blp.errors(401, 503)
@blp.doc(security=BEARER_AUTH)
def list_notifications(query: dict[str, Any]) -> dict[str, Any]:
    """Your notifications, newest first; `unreadCount` counts all unread ones."""
    page = PageRequest(query["page"], query["limit"])
    result = container().list_notifications()(current_claims().user_id, query["unreadOnly"], page)
    return {
        "success": True,
        "notifications": result.notifications,
        "unreadCount": result.unread_count,
        "pagination": pagination(page.page, page.limit, result.total),
    }


@blp.route("/read-all", methods=["PATCH"])
@auth_required
@blp.response(200, ReadAllResponse)
@blp.errors(401, 503)
@blp.doc(security=BEARER_AUTH)
def read_all() -> dict[str, Any]:
    """Mark every notification of yours as read."""
    count = container().mark_all_notifications_read()(current_claims().user_id)
    return {"success": True, "message": "All notifications marked as read", "updatedCount": count}


@blp.route("/<string:notification_id>/read", methods=["PATCH"])
@auth_required
@blp.response(200, MessageSchema)
@blp.errors(401, 404, 503)
@blp.doc(security=BEARER_AUTH)
def read_one(notification_id: str) -> dict[str, Any]:
    """Mark one of your notifications as read."""
    container().mark_notification_read()(current_claims().user_id, notification_id)
    return {"success": True, "message": "Notification marked as read"}
