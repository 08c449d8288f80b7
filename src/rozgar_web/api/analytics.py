"""/analytics: your profile views; the most searched skills (admins)."""
from __future__ import annotations

from typing import Any

from rozgar_web.auth import admin_required, auth_required, current_claims
from rozgar_web.blueprint import BEARER_AUTH, Blueprint
from rozgar_web.container_access import container
from rozgar_web.schemas.admin import ProfileViewsResponse, TrendsQuery, TrendsResponse

blp = Blueprint("analytics", __name__, url_prefix="/api/v1/analytics", description="Analytics")


@blp.route("/profile-views", methods=["GET"])
@auth_required
@blp.response(200, ProfileViewsResponse)
@blp.errors(401, 503)
@blp.doc(security=BEARER_AUTH)
def profile_views() -> dict[str, Any]:
    """How often others viewed your profile (distinct viewer-days), and the weekly trend."""
    stats = container().profile_view_stats()(current_claims().user_id)
    return {
        "success": True,
        "viewCount": stats.view_count,
        "last7Days": stats.last_7_days,
        "previous7Days": stats.previous_7_days,
        "trend": stats.trend,
    }


@blp.route("/search-trends", methods=["GET"])
@admin_required
@blp.arguments(TrendsQuery(), location="query")
@blp.response(200, TrendsResponse)
@blp.errors(401, 403, 503)
@blp.doc(security=BEARER_AUTH)
def search_trends(query: dict[str, Any]) -> dict[str, Any]:
    """The most searched skills over the last `days` days (default 30)."""
    trends = container().search_trends()(query["days"], query["limit"])
    return {
        "success": True,
        "trends": [{"skill": skill, "count": count} for skill, count in trends],
        "days": query["days"],
    }
